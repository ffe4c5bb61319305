"""Writes on the Relazione: one function per act of its life, atomic, guarded, recorded.

bozza --approve--> approvata --publish--> pubblicata; approvata/pubblicata --reopen(reason)--> bozza.
Approval freezes the year and the version whole (the snapshot of the data and the CSV made from it,
at once; the PDF rendered from the snapshot by a task); reopening makes the next approval a new
version, every earlier PDF stays downloadable and the last published version stays public until
the next one is published. The acts after approval (validation, delibera, publication) are
recorded once; a correction needs a written reason.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obiettivi.models import Ruolo
from obiettivi.permissions import is_nucleo, is_segretario
from obiettivi.services import DomainError, lock_ente, log_change

from . import csv_export, files
from .context import NARRATIVE_FIELDS
from .models import Relazione, VersioneRelazione
from .snapshot import context_from_data, fingerprint, relazione_data


def _ensure_segretario(user, relazione):
    if not is_segretario(user, relazione.ente_id):
        raise DomainError(_("Solo il Segretario Comunale può compiere questa operazione."))


def _log(relazione, user, azione, prima="", dopo="", motivazione="", campo=""):
    log_change(ente_id=relazione.ente_id, utente=user, azione=azione, anno=relazione.anno, campo=campo,
               prima=prima, dopo=dopo, motivazione=motivazione)


def _locked(relazione):
    """The row, locked for the transaction, so that two clicks cannot approve twice."""
    if relazione.pk is None:
        relazione.save()
    return Relazione.objects.select_for_update().select_related("ente", "piano").get(pk=relazione.pk)


@transaction.atomic
def relazione_update_narrative(*, user, relazione, values):
    """The Segretario's own text for the narrative sections; a blank one means "generated"."""
    _ensure_segretario(user, relazione)
    relazione = _locked(relazione)
    if relazione.bloccata:
        raise DomainError(_("La Relazione è approvata: per correggerla, il Segretario deve prima riaprirla."))
    for name in NARRATIVE_FIELDS + ["esito_monitoraggio"]:
        if name not in values:
            continue
        new = (values[name] or "").strip()
        old = getattr(relazione, name)
        if new != old:
            setattr(relazione, name, new)
            _log(relazione, user, _("Testo della Relazione"), campo=Relazione._meta.get_field(name).verbose_name,
                 prima=old, dopo=new)
    relazione.save()
    return relazione


@transaction.atomic
def relazione_approve(*, user, relazione, quando=None):
    """The Segretario approves: who and when are recorded, the year freezes, the PDF is rendered
    once (by a task, after the commit) and stored with its SHA-256 as a new version.

    `quando` records an approval made earlier on paper (a past cycle entered afterwards)."""
    lock_ente(relazione.ente_id)  # the same lock as every save of the year's data: approval is a line in time
    _ensure_segretario(user, relazione)
    relazione = _locked(relazione)
    if relazione.stato != Relazione.Stato.BOZZA:
        raise DomainError(_("La Relazione è già approvata."))
    ruolo = Ruolo.objects.filter(utente=user, ente_id=relazione.ente_id, tipo=Ruolo.Tipo.SEGRETARIO).first()
    relazione.stato = Relazione.Stato.APPROVATA
    relazione.approvata_da = user
    relazione.approvata_il = quando or timezone.now()
    relazione.firmatario = (ruolo.denominazione if ruolo and ruolo.denominazione else user.get_full_name()) or user.get_username()
    relazione.save()
    numero = (relazione.versioni.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1
    versione = VersioneRelazione(relazione=relazione, numero=numero, approvata_da=user)
    freeze(versione, relazione_data(relazione))
    versione.save()
    _log(relazione, user, _("Relazione approvata"), prima=Relazione.Stato.BOZZA.label,
         dopo=_("versione %(n)s") % {"n": numero})
    from .tasks import render_versione_pdf

    transaction.on_commit(lambda: render_versione_pdf.enqueue(versione.pk))
    return relazione


def freeze(versione, data):
    """Store on the (unsaved) version the snapshot and the CSV made from it, each with its SHA-256."""
    relazione = versione.relazione
    versione.dati = data
    versione.dati_sha256 = fingerprint(data)
    content = csv_export.relazione_csv(context_from_data(data)["risultati"]).encode("utf-8")
    versione.csv_sha256 = files.store(
        versione.csv, f"{relazione.ente.slug}-dati-{relazione.anno}-v{versione.numero}.csv", content)


def versione_dati(versione):
    """The version's snapshot. A version approved before snapshots existed is frozen from the rows
    the first time it is read (its year was already frozen, so the facts are those approved)."""
    if not versione.dati:
        with transaction.atomic():
            freeze(versione, relazione_data(versione.relazione))
            versione.save(update_fields=["dati", "dati_sha256", "csv", "csv_sha256"])
    return versione.dati


@transaction.atomic
def relazione_reopen(*, user, relazione, motivazione):
    """A correction after approval: the Segretario reopens with a written reason; the year thaws and
    the next approval makes a new version. The approved PDFs stay; the validation and the delibera,
    which were about the old version, must be recorded again (the Storico keeps them)."""
    _ensure_segretario(user, relazione)
    if not (motivazione or "").strip():
        raise DomainError(_("Per riaprire la Relazione serve una motivazione scritta."),
                          field_errors={"motivazione": _("Scriva perché la Relazione va corretta.")})
    relazione = _locked(relazione)
    if relazione.stato == Relazione.Stato.BOZZA:
        raise DomainError(_("La Relazione è già in bozza."))
    prima = relazione.get_stato_display()
    versione = relazione.versioni.order_by("-numero").first()
    if versione is not None:
        versione.motivo_riapertura = motivazione.strip()
        versione.riaperta_da = user
        versione.riaperta_il = timezone.now()
        versione.save(update_fields=["motivo_riapertura", "riaperta_da", "riaperta_il"])
    relazione.stato = Relazione.Stato.BOZZA
    relazione.approvata_da = None
    relazione.approvata_il = None
    relazione.pubblicata_il = None
    relazione.pubblicata_da = None
    # The Nucleo's validation and the Giunta's delibera were about the superseded version (a published
    # version keeps them in its attestazione).
    relazione.validazione_data = None
    relazione.validazione_note = ""
    relazione.validazione_documento = ""
    relazione.validazione_documento_sha256 = ""
    relazione.validazione_registrata_il = None
    relazione.delibera_numero = ""
    relazione.delibera_data = None
    relazione.delibera_registrata_il = None
    relazione.save()
    _log(relazione, user, _("Relazione riaperta"), prima=prima, dopo=Relazione.Stato.BOZZA.label,
         motivazione=motivazione.strip())
    return relazione


def _ensure_act_open(relazione, what):
    if relazione.stato == Relazione.Stato.BOZZA:
        raise DomainError(_("%(atto)s si registra sulla Relazione approvata dal Segretario: questa è ancora in bozza.")
                          % {"atto": what})
    if relazione.stato == Relazione.Stato.PUBBLICATA:
        raise DomainError(_("La Relazione è pubblicata: i suoi atti non cambiano più. Per correggerli, il "
                            "Segretario la riapre con una motivazione."))


def _correction_reason(already, motivazione):
    """An act is recorded once; recording it again is a correction and needs a written reason."""
    motivazione = (motivazione or "").strip()
    if already and not motivazione:
        raise DomainError(_("L'atto è già registrato: per correggerlo scriva il motivo della correzione."),
                          field_errors={"motivazione": _("Scriva perché l'atto registrato va corretto.")})
    return motivazione


@transaction.atomic
def relazione_record_validation(*, user, relazione, data, note="", documento=None, motivazione=""):
    """The Nucleo di Valutazione's validation of the approved Relazione (the Segretario may record it),
    with its document (a real PDF) if any. Recorded once; a correction needs a reason."""
    if not (is_nucleo(user, relazione.ente_id) or is_segretario(user, relazione.ente_id)):
        raise DomainError(_("La validazione è registrata dal Nucleo di Valutazione o dal Segretario."))
    relazione = _locked(relazione)
    _ensure_act_open(relazione, _("La validazione"))
    if data is None:
        raise DomainError(_("Indichi la data della validazione."), field_errors={"validazione_data": _("Campo obbligatorio.")})
    correzione = _correction_reason(relazione.validazione_data is not None, motivazione)
    if documento:
        problem = files.pdf_problem(documento)
        if problem:
            raise DomainError(problem, field_errors={"validazione_documento": problem})
    prima = relazione.validazione_data
    relazione.validazione_data = data
    relazione.validazione_note = (note or "").strip()
    relazione.validazione_registrata_il = timezone.now()
    if documento:
        documento.seek(0)
        relazione.validazione_documento_sha256 = files.store(
            relazione.validazione_documento, f"validazione-{relazione.ente.slug}-{relazione.anno}.pdf", documento.read())
    relazione.save()
    _log(relazione, user, _("Correzione della validazione") if correzione else _("Validazione del Nucleo"),
         prima=prima, dopo=data, motivazione=correzione or relazione.validazione_note)
    return relazione


@transaction.atomic
def relazione_record_delibera(*, user, relazione, numero, data, motivazione=""):
    """The Giunta's approving deliberation, recorded by the Segretario once; a correction needs a reason."""
    _ensure_segretario(user, relazione)
    relazione = _locked(relazione)
    _ensure_act_open(relazione, _("La delibera di Giunta"))
    errors = {}
    if not (numero or "").strip():
        errors["delibera_numero"] = _("Indichi il numero della delibera.")
    if data is None:
        errors["delibera_data"] = _("Indichi la data della delibera.")
    if errors:
        raise DomainError(_("Mancano i dati della delibera."), field_errors=errors)
    correzione = _correction_reason(relazione.delibera_data is not None or bool(relazione.delibera_numero), motivazione)
    prima = f"{relazione.delibera_numero} {relazione.delibera_data or ''}".strip()
    relazione.delibera_numero, relazione.delibera_data = numero.strip(), data
    relazione.delibera_registrata_il = timezone.now()
    relazione.save()
    _log(relazione, user, _("Correzione della delibera") if correzione else _("Delibera di Giunta"), prima=prima,
         dopo=f"n. {numero.strip()} del {data:%d/%m/%Y}", motivazione=correzione)
    return relazione


def missing_for_publication(relazione):
    """What the ente requires before publishing and the Relazione still lacks (Italian, for the user)."""
    missing = []
    if relazione.stato == Relazione.Stato.BOZZA:
        missing.append(_("l'approvazione del Segretario Comunale"))
    elif getattr(relazione.versioni.order_by("-numero").first(), "stato_rendering", None) != \
            VersioneRelazione.StatoRendering.COMPLETATO:  # the version being published, not an older one
        missing.append(_("il PDF approvato (ancora in preparazione)"))
    if relazione.ente.pubblicazione_richiede_validazione and not relazione.validazione_data:
        missing.append(_("la validazione del Nucleo di Valutazione"))
    if relazione.ente.pubblicazione_richiede_delibera and not relazione.delibera_data:
        missing.append(_("la delibera di approvazione della Giunta"))
    return missing


@transaction.atomic
def relazione_publish(*, user, relazione, quando=None):
    """Publication for the citizens, once every act the ente requires exists."""
    _ensure_segretario(user, relazione)
    relazione = _locked(relazione)
    if relazione.stato == Relazione.Stato.PUBBLICATA:
        raise DomainError(_("La Relazione è già pubblicata."))
    missing = missing_for_publication(relazione)
    if missing:
        raise DomainError(_("Prima di pubblicare manca: %(cosa)s.") % {"cosa": "; ".join(missing)})
    relazione.stato = Relazione.Stato.PUBBLICATA
    relazione.pubblicata_il = quando or timezone.now()
    relazione.pubblicata_da = user
    relazione.save()
    versione = relazione.versioni.select_for_update().order_by("-numero").first()
    versione.pubblicata_il = relazione.pubblicata_il
    versione.pubblicazione_registrata_il = timezone.now()
    if relazione.validazione_documento:
        versione.documento_validazione = relazione.validazione_documento.name
        versione.documento_validazione_sha256 = relazione.validazione_documento_sha256
    versione.attestazione = attestazione_data(relazione, versione)
    from .pdf import attestazione_pdf

    versione.attestazione_sha256 = files.store(
        versione.attestazione_pdf, f"{relazione.ente.slug}-attestazione-{relazione.anno}-v{versione.numero}.pdf",
        attestazione_pdf(versione.attestazione))
    versione.save()
    _log(relazione, user, _("Relazione pubblicata"), prima=Relazione.Stato.APPROVATA.label,
         dopo=Relazione.Stato.PUBBLICATA.label)
    return relazione


def attestazione_data(relazione, versione):
    """What publication attests, as plain data: the acts after approval with their dates, numbers and
    the server time at which each was recorded, and the fingerprints of what was approved."""

    def iso(value):
        return value.isoformat() if value else None

    return {
        "ente": relazione.ente.nome,
        "slug": relazione.ente.slug,
        "anno": relazione.anno,
        "versione": versione.numero,
        "approvazione": {"data": iso(relazione.approvata_il.date()) if relazione.approvata_il else None,
                         "registrata_il": iso(versione.approvata_il), "firmatario": relazione.firmatario},
        "validazione": ({"data": iso(relazione.validazione_data), "note": relazione.validazione_note,
                         "registrata_il": iso(relazione.validazione_registrata_il),
                         "documento_sha256": relazione.validazione_documento_sha256}
                        if relazione.validazione_data else None),
        "delibera": ({"numero": relazione.delibera_numero, "data": iso(relazione.delibera_data),
                      "registrata_il": iso(relazione.delibera_registrata_il)}
                     if relazione.delibera_data else None),
        "pubblicazione": {"data": iso(versione.pubblicata_il.date()),
                          "registrata_il": iso(versione.pubblicazione_registrata_il)},
        "pdf_sha256": versione.sha256,
        "csv_sha256": versione.csv_sha256,
        "dati_sha256": versione.dati_sha256,
    }
