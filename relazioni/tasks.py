"""Rendering the approved PDF runs as a task (Django's tasks framework): immediately by default,
in the database queue with `manage.py db_worker` when TASKS_BACKEND=database.

A render may run twice (a retry after a dead worker, a task enqueued twice): the services store
one file and one hash per version, so a second render changes nothing."""

import logging
import threading
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.tasks import task

from . import allegati, services
from .models import VersioneRelazione
from .pdf import versione_pdf

logger = logging.getLogger(__name__)


@task
def render_versione_pdf(versione_id):
    """Render the PDF of an approved version once and store it with its SHA-256."""
    versione = services.versione_rendering_start(versione_id=versione_id)
    if versione is None:  # stored already, or a live render has it
        return VersioneRelazione.objects.filter(pk=versione_id).values_list("sha256", flat=True).first()
    try:
        with _heartbeat(versione_id):
            data = services.versione_dati(versione)  # the snapshot frozen at approval
            totali, mancanti = services.versione_parti_da_fare(versione_id=versione_id, data=data)
            if totali == 1:
                content = versione_pdf(versione)
                return services.versione_store_pdf(versione_id=versione_id, content=content,
                                                   pagine=allegati.count_pages(content)).sha256
            _render_with_annexes(versione, data, mancanti, totali)
    except BrokenProcessPool:  # a render process died: an accident of the server, retried like a dead worker
        logger.warning("A PDF worker process died rendering version %s", versione_id, exc_info=True)
        services.versione_requeue_after_lost_worker(versione_id=versione_id)
        return None
    except Exception as error:  # the Segretario sees it on the Relazione's page
        services.versione_rendering_failed(versione_id=versione_id, error=error)
        raise
    return VersioneRelazione.objects.filter(pk=versione_id).values_list("sha256", flat=True).first()


def _render_with_annexes(versione, data, mancanti, totali):
    """Only the parts not stored yet: a retry after a failure or a dead worker completes the set, split
    as the first render split it (the number of parts is stored, the partition follows from it)."""
    relazione = versione.relazione
    elenco = allegati.elenco(data, slug=relazione.ente.slug, anno=relazione.anno, versione=versione.numero,
                             annessi=totali - 1)

    def store(parte):
        services.versione_store_parte(versione_id=versione.pk, numero=parte.numero,
                                      allegato=elenco[parte.numero - 1] if parte.numero else None,
                                      content=parte.content, pagine=parte.pagine)

    allegati.render_parts(data, mancanti, elenco, on_done=store)


@contextmanager
def _heartbeat(versione_id):
    """While the body runs, a thread touches the version's heartbeat every PDF_HEARTBEAT_SECONDS,
    so that a render whose process died can be told from a slow one."""
    if transaction.get_connection().in_atomic_block:
        # Inside an outer transaction nobody else sees "in preparazione" (nothing to keep alive),
        # and a second connection would only wait on this transaction's row lock.
        yield
        return
    stop = threading.Event()

    def beat():
        try:
            while not stop.wait(settings.PDF_HEARTBEAT_SECONDS):
                try:
                    services.versione_heartbeat(versione_id=versione_id)
                except DatabaseError:  # a missed beat is not fatal; many are, and then a retry renders
                    logger.warning("PDF heartbeat failed for version %s", versione_id, exc_info=True)
        finally:
            connections.close_all()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"pdf-heartbeat-{versione_id}", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=30)


@task
def rebuild_anteprime(ente_id):
    """Bring the ente's draft previews to the current data version, in the background after a
    change (queued at most once per ente by relazioni.anteprima.schedule_rebuild)."""
    from . import anteprima

    return anteprima.rebuild_for_ente(ente_id)
