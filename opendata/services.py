"""Making a version's open-data files: once, from the frozen snapshot, each with its SHA-256."""

from django.db import IntegrityError, transaction

from relazioni import files
from relazioni.models import VersioneRelazione

from . import writers
from .models import DistribuzioneOpenData

FORMATI = list(writers.FORMATI)


def file_name(versione, formato, suffix=""):
    relazione = versione.relazione
    return f"{relazione.ente.slug}-opendata-{relazione.anno}-v{versione.numero}{suffix}.{formato}"


def ensure_distribuzioni(versione, *, existing=None):
    """{formato: DistribuzioneOpenData} of the version, making the formats it lacks. Files already made
    are never touched; only the version's frozen data are read (`versione.dati`)."""
    if existing is None:
        existing = {d.formato: d for d in versione.distribuzioni.all()}
    missing = [f for f in FORMATI if f not in existing]
    if not missing:
        return existing
    from relazioni.services import versione_dati

    data = versione_dati(versione)
    for formato in missing:
        made = _make(versione, formato, data)
        existing[formato] = made
    return existing


def _make(versione, formato, data):
    content = writers.make(formato, data)
    schema = writers.schema_bytes(formato, data)
    row = DistribuzioneOpenData(versione=versione, formato=formato, dimensione=len(content))
    if formato == "csv" and versione.csv and versione.csv_sha256 == files.sha256(content):
        # The CSV frozen at approval is this very file: the attestazione's hash names it.
        row.file.name, row.sha256 = versione.csv.name, versione.csv_sha256
    else:
        row.sha256 = files.store(row.file, file_name(versione, formato), content)
    row.schema_sha256 = files.store(row.schema, file_name(versione, formato, "-schema") + ".json", schema)
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:  # made meanwhile by another request: theirs stays, our new files are dropped
        if row.file.name != versione.csv.name:
            row.file.storage.delete(row.file.name)
        row.schema.storage.delete(row.schema.name)
        return DistribuzioneOpenData.objects.get(versione=versione, formato=formato)
    return row


def make_missing(*, stdout=None):
    """Every approved version gets the formats it lacks (the command `make_opendata`). Returns how many files were made."""
    made = 0
    versioni = VersioneRelazione.objects.select_related("relazione__ente").prefetch_related("distribuzioni")
    for versione in versioni.order_by("pk"):
        existing = {d.formato: d for d in versione.distribuzioni.all()}
        before = len(existing)
        ensure_distribuzioni(versione, existing=existing)
        made += len(existing) - before
    return made
