"""Reads of the Relazione: which version a visitor is shown, which stored file was altered."""

from django.db.models import Max, Q
from django.utils.translation import gettext as _

from . import files

from .models import Relazione, VersioneRelazione


def published_version(relazione, *, senza_dati=False):
    """The last version ever published: public until a newer one is published, even while the
    Relazione is reopened for a correction. `senza_dati`: without the frozen snapshot (megabytes at
    hundreds of objectives), for who serves a stored file."""
    return _versioni(relazione, senza_dati).exclude(pubblicata_il=None).order_by("-numero").first()


def _versioni(relazione, senza_dati):
    return relazione.versioni.defer("dati") if senza_dati else relazione.versioni.all()


def public_stamp(ente_slug, anno):
    """(published version id, latest reopening) in one query: what the public caches are keyed by, so
    that a publication or a reopening is never hidden by a cached page. None: nothing is public."""
    stamp = VersioneRelazione.objects.filter(relazione__ente__slug=ente_slug, relazione__anno=anno).aggregate(
        pubblicata=Max("pk", filter=Q(pubblicata_il__isnull=False)), riaperta=Max("riaperta_il"))
    return None if stamp["pubblicata"] is None else (stamp["pubblicata"], stamp["riaperta"])


def correction_reason(relazione, versione):
    """Why the public version is being corrected (the latest reopening's reason), or None when it is
    the Relazione as it stands."""
    if versione is None or versione.pubblicata_il is None:
        return None
    if relazione.stato == Relazione.Stato.PUBBLICATA and latest_version(relazione).pk == versione.pk:
        return None
    riaperta = relazione.versioni.exclude(riaperta_il=None).order_by("-riaperta_il").first()
    return riaperta.motivo_riapertura if riaperta else ""


def latest_version(relazione, *, senza_dati=False):
    return _versioni(relazione, senza_dati).order_by("-numero").first()


def altered_files(relazione):
    """The stored files of the Relazione that no longer match their SHA-256, for the Segretario:
    [(version number or None, what)]. Reads every file: for the Segretario's page only."""
    found = []
    for v in relazione.versioni.defer("dati").prefetch_related("distribuzioni").order_by("-numero"):
        for d in v.distribuzioni.all():
            for fieldfile, sha, etichetta in ((d.file, d.sha256, _("open data (%s)") % d.get_formato_display()),
                                              (d.schema, d.schema_sha256, _("Table Schema (%s)") % d.get_formato_display())):
                if fieldfile.name != v.csv.name and not files.is_intact(fieldfile, sha):
                    found.append((v.numero, etichetta))
        for fieldfile, sha, etichetta in ((v.pdf, v.sha256, _("PDF approvato")), (v.csv, v.csv_sha256, _("dati (CSV)")),
                                          (v.attestazione_pdf, v.attestazione_sha256, _("attestazione di pubblicazione")),
                                          (v.documento_validazione, v.documento_validazione_sha256,
                                           _("documento di validazione"))):
            if fieldfile and not files.is_intact(fieldfile, sha):
                found.append((v.numero, etichetta))
    if relazione.validazione_documento and relazione.validazione_documento_sha256 and not files.is_intact(
            relazione.validazione_documento, relazione.validazione_documento_sha256):
        found.append((None, _("documento di validazione")))
    return found


def relazione_year_in_progress(ente):
    """The year whose Relazione the Segretario works on now (the menu's "Relazione").

    Of last year and the current one (the Relazione of a year is drafted when it ends, the
    current one's next), the older that a Piano covers and whose Relazione is not published,
    never one older than the last published; last year when every candidate is published."""
    anni = [ente.anno_corrente - 1, ente.anno_corrente]
    pubblicate = set(
        Relazione.objects.filter(ente=ente, anno__in=anni, stato=Relazione.Stato.PUBBLICATA).values_list("anno", flat=True)
    )
    coperti = {
        anno for inizio, fine in ente.piani.filter(anno_inizio__lte=anni[-1], anno_fine__gte=anni[0])
        .values_list("anno_inizio", "anno_fine") for anno in anni if inizio <= anno <= fine
    }
    ultimo_pubblicato = max(pubblicate, default=0)
    for anno in anni:
        if anno in coperti and anno not in pubblicate and anno > ultimo_pubblicato:
            return anno
    return anni[0]
