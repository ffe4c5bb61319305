"""Writes on the Relazione: one function per act of its life, atomic, guarded, recorded.

bozza --approve--> approvata --publish--> pubblicata; approvata/pubblicata --reopen(reason)--> bozza.
Approval renders the PDF once (a task) and freezes the year; reopening makes the next approval a
new version, and every earlier PDF stays downloadable.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obiettivi.models import Ruolo
from obiettivi.permissions import is_nucleo, is_segretario
from obiettivi.services import DomainError, lock_ente, log_change

from .context import NARRATIVE_FIELDS
from .models import Relazione, VersioneRelazione


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
    lock_ente(relazione.ente_id)  # the line in time: saves of the year's values wait, then see it frozen
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
    versione = VersioneRelazione.objects.create(relazione=relazione, numero=numero, approvata_da=user)
    _log(relazione, user, _("Relazione approvata"), prima=Relazione.Stato.BOZZA.label,
         dopo=_("versione %(n)s") % {"n": numero})
    from .tasks import render_versione_pdf

    transaction.on_commit(lambda: render_versione_pdf.enqueue(versione.pk))
    return relazione


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
    # The Nucleo's validation and the Giunta's delibera were about the superseded version.
    relazione.validazione_data = None
    relazione.validazione_note = ""
    relazione.delibera_numero = ""
    relazione.delibera_data = None
    relazione.save()
    _log(relazione, user, _("Relazione riaperta"), prima=prima, dopo=Relazione.Stato.BOZZA.label,
         motivazione=motivazione.strip())
    return relazione


@transaction.atomic
def relazione_record_validation(*, user, relazione, data, note="", documento=None):
    """The Nucleo di Valutazione's validation of the approved Relazione (the Segretario may record it)."""
    if not (is_nucleo(user, relazione.ente_id) or is_segretario(user, relazione.ente_id)):
        raise DomainError(_("La validazione è registrata dal Nucleo di Valutazione o dal Segretario."))
    relazione = _locked(relazione)
    if relazione.stato == Relazione.Stato.BOZZA:
        raise DomainError(_("Si valida la Relazione approvata dal Segretario: questa è ancora in bozza."))
    if data is None:
        raise DomainError(_("Indichi la data della validazione."), field_errors={"validazione_data": _("Campo obbligatorio.")})
    prima = relazione.validazione_data
    relazione.validazione_data = data
    relazione.validazione_note = (note or "").strip()
    if documento:
        relazione.validazione_documento = documento
    relazione.save()
    _log(relazione, user, _("Validazione del Nucleo"), prima=prima, dopo=data, motivazione=relazione.validazione_note)
    return relazione


@transaction.atomic
def relazione_record_delibera(*, user, relazione, numero, data):
    """The Giunta's approving deliberation, recorded by the Segretario."""
    _ensure_segretario(user, relazione)
    relazione = _locked(relazione)
    if relazione.stato == Relazione.Stato.BOZZA:
        raise DomainError(_("La Giunta approva la Relazione già approvata dal Segretario: questa è ancora in bozza."))
    errors = {}
    if not (numero or "").strip():
        errors["delibera_numero"] = _("Indichi il numero della delibera.")
    if data is None:
        errors["delibera_data"] = _("Indichi la data della delibera.")
    if errors:
        raise DomainError(_("Mancano i dati della delibera."), field_errors=errors)
    prima = f"{relazione.delibera_numero} {relazione.delibera_data or ''}".strip()
    relazione.delibera_numero, relazione.delibera_data = numero.strip(), data
    relazione.save()
    _log(relazione, user, _("Delibera di Giunta"), prima=prima, dopo=f"n. {numero} del {data:%d/%m/%Y}")
    return relazione


def missing_for_publication(relazione):
    """What the ente requires before publishing and the Relazione still lacks (Italian, for the user)."""
    missing = []
    if relazione.stato == Relazione.Stato.BOZZA:
        missing.append(_("l'approvazione del Segretario Comunale"))
    elif not relazione.versioni.filter(stato_rendering=VersioneRelazione.StatoRendering.COMPLETATO).exists():
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
    _log(relazione, user, _("Relazione pubblicata"), prima=Relazione.Stato.APPROVATA.label,
         dopo=Relazione.Stato.PUBBLICATA.label)
    return relazione
