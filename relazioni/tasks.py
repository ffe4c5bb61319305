"""Rendering the approved PDF runs as a task (Django's tasks framework): immediately by default,
in the database queue with `manage.py db_worker` when TASKS_BACKEND=database."""

import hashlib

from django.core.files.base import ContentFile
from django.tasks import task

from .models import VersioneRelazione
from .pdf import versione_pdf


@task
def render_versione_pdf(versione_id):
    """Render the PDF of an approved version once and store it with its SHA-256."""
    versione = VersioneRelazione.objects.select_related("relazione__ente", "relazione__piano").get(pk=versione_id)
    if versione.stato_rendering == VersioneRelazione.StatoRendering.COMPLETATO:
        return versione.sha256  # stored once, never rendered again
    VersioneRelazione.objects.filter(pk=versione_id).update(stato_rendering=VersioneRelazione.StatoRendering.IN_CORSO)
    try:
        content = versione_pdf(versione)  # from the snapshot frozen at approval
    except Exception as error:  # the Segretario sees it and can reopen and approve again
        VersioneRelazione.objects.filter(pk=versione_id).update(
            stato_rendering=VersioneRelazione.StatoRendering.ERRORE, errore=str(error)[:2000]
        )
        raise
    relazione = versione.relazione
    versione.sha256 = hashlib.sha256(content).hexdigest()
    versione.pdf.save(
        f"{relazione.ente.slug}-relazione-{relazione.anno}-v{versione.numero}.pdf", ContentFile(content), save=False
    )
    versione.stato_rendering = VersioneRelazione.StatoRendering.COMPLETATO
    versione.errore = ""
    versione.save(update_fields=["sha256", "pdf", "stato_rendering", "errore"])
    return versione.sha256
