"""Writes: one function per change, atomic, checked against the state, recorded in the Storico."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import partial

from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .achievement import Esito, PesiMisti, check_pesi, format_decimal, format_percent
from .models import (
    Indicatore,
    Misurazione,
    Monitoraggio,
    Obiettivo,
    Periodo,
    PesoVariato,
    Piano,
    PromemoriaInviato,
    Rettifica,
    Target,
    ValoreStorico,
    Variazione,
    VoceStorico,
)
from .permissions import can_edit_obiettivo, can_override, is_segretario
from .validators import message_of, validate_anno, validate_anno_nel_piano


class DomainError(Exception):
    """A rule of the cycle refuses the change. `message` is Italian and shown to the user as is."""

    def __init__(self, message, *, field_errors=None):
        super().__init__(message)
        self.message = message
        self.field_errors = field_errors or {}


class ConflittoModifica(DomainError):
    """Someone else saved the same data after this user opened the form."""

    def __init__(self, message, *, current):
        super().__init__(message)
        self.current = current


def log_change(*, ente_id, utente, azione, obiettivo=None, indicatore=None, anno=None, campo="",
               prima="", dopo="", motivazione=""):
    return VoceStorico.objects.create(
        ente_id=ente_id, utente=utente, azione=azione, obiettivo=obiettivo, indicatore=indicatore, anno=anno,
        campo=campo, valore_precedente=_as_text(prima), valore_nuovo=_as_text(dopo), motivazione=motivazione,
    )


def _as_text(value):
    if value is None:
        return ""
    if hasattr(value, "quantize"):
        return format_decimal(value)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value)


def period_is_open(ente_id, anno, periodo):
    return Periodo.objects.filter(ente_id=ente_id, anno=anno, tipo=periodo, aperto=True).exists()


def ensure_values_writable(*, user, obiettivo, anno, periodo):
    """Values may change only by a user who may edit the objective, in an open period of a year
    whose Relazione is not approved.

    Takes the ente's lock first, for the rest of the transaction: the approval that freezes the
    year takes it too, and two first saves of a row that does not exist yet (on which
    select_for_update locks nothing) wait for each other instead of colliding on the unique
    constraint, so the second sees the first's row and gets the conflict notice."""
    ente_id = obiettivo.piano.ente_id
    if not can_edit_obiettivo(user, obiettivo):
        raise DomainError(_("Non può modificare i valori di questo obiettivo."))
    lock_ente(ente_id)
    if selectors.year_is_frozen(ente_id, anno):
        raise DomainError(
            _("La Relazione sulla Performance %(anno)s è approvata: i dati dell'anno non si possono più modificare.")
            % {"anno": anno}
        )
    if not period_is_open(ente_id, anno, periodo):
        raise DomainError(
            _("Il periodo «%(periodo)s %(anno)s» è chiuso: i valori sono in sola lettura.")
            % {"periodo": Misurazione.Periodo(periodo).label, "anno": anno}
        )


MISURAZIONE_FIELDS = ["valore", "denominatore", "data_realizzazione", "testo", "nota", "causa_scostamento", "motivazione"]
MONITORAGGIO_FIELDS = ["stato", "commento", "azioni_correttive"]


def _save_versioned(model, lookup, fields, values, *, versione_letta, user, log):
    """Create or update one row under optimistic locking; log every changed field.

    Returns the row. Raises ConflittoModifica when the row changed since `versione_letta` was read
    (0 means "it did not exist yet").
    """
    current = model.objects.select_for_update().filter(**lookup).first()
    current_version = current.versione if current else 0
    if versione_letta is not None and versione_letta != current_version:
        raise ConflittoModifica(
            _("Nel frattempo un altro utente ha salvato questi dati: controlli i valori attuali e salvi di nuovo."),
            current=current,
        )
    row = current or model(**lookup, versione=0)
    changes = []
    for field in fields:
        old = getattr(current, field) if current else None
        new = values[field]
        if old in (None, "") and new in (None, ""):
            continue
        if old != new:
            changes.append((field, old, new))
    if not changes:
        return current  # nothing typed and nothing stored stays nothing: no empty rows
    for field, _old, new in changes:
        setattr(row, field, new)
    row.versione = current_version + 1
    row.aggiornato_da = user
    row.save()
    for field, old, new in changes:
        model_field = model._meta.get_field(field)
        if model_field.choices:  # the Storico is read by people: "In ritardo", not "in_ritardo"
            labels = dict(model_field.flatchoices)
            old, new = labels.get(old, old), labels.get(new, new)
        log(field=model_field.verbose_name, prima=old, dopo=new)
    return row


@transaction.atomic
def misurazione_save(*, user, indicatore, anno, periodo, values, versione_letta):
    """Record the value of an indicator in a period. At year-end, a missed target needs a cause
    and a motivazione."""
    obiettivo = indicatore.obiettivo
    ensure_values_writable(user=user, obiettivo=obiettivo, anno=anno, periodo=periodo)
    values = {f: values.get(f, None if f in {"valore", "denominatore", "data_realizzazione"} else "") for f in MISURAZIONE_FIELDS}
    if periodo == Misurazione.Periodo.CONSUNTIVO:
        _require_motivazione_if_missed(indicatore, anno, values)
    else:
        values["causa_scostamento"] = ""
        values["motivazione"] = ""

    def log(*, field, prima, dopo):
        log_change(
            ente_id=obiettivo.piano.ente_id, utente=user, azione=_("Valore %(periodo)s") % {"periodo": Misurazione.Periodo(periodo).label.lower()},
            obiettivo=obiettivo, indicatore=indicatore, anno=anno, campo=field, prima=prima, dopo=dopo,
        )

    return _save_versioned(
        Misurazione, {"indicatore": indicatore, "anno": anno, "periodo": periodo}, MISURAZIONE_FIELDS, values,
        versione_letta=versione_letta, user=user, log=log,
    )


def _require_motivazione_if_missed(indicatore, anno, values):
    target = selectors.target_in_force(indicatore, anno)
    grade = selectors.indicator_grade(indicatore, target, Misurazione(**{k: values[k] for k in ("valore", "denominatore", "data_realizzazione")}))
    if grade.percent is None or grade.percent >= 100:
        return
    errors = {}
    if not values["causa_scostamento"]:
        errors["causa_scostamento"] = _("Il target non è raggiunto: indichi la causa dello scostamento.")
    if not values["motivazione"].strip():
        errors["motivazione"] = _("Il target non è raggiunto: la motivazione dello scostamento è obbligatoria.")
    if errors:
        raise DomainError(_("Mancano la causa o la motivazione dello scostamento."), field_errors=errors)


@transaction.atomic
def valori_save(*, user, obiettivo, anno, misurazioni, monitoraggi):
    """Save an objective page's values in one transaction: all of them, or none.

    A refusal names the row it is about in `error.target`, so that the page shows it there.
    """
    for indicatore, periodo, values, versione_letta in misurazioni:
        if indicatore.obiettivo_id != obiettivo.pk:
            raise DomainError(_("L'indicatore non appartiene a questo obiettivo."))
        try:
            misurazione_save(user=user, indicatore=indicatore, anno=anno, periodo=periodo, values=values,
                             versione_letta=versione_letta)
        except DomainError as error:
            error.target = ("indicatore", indicatore.pk, periodo)
            raise
    for periodo, values, versione_letta in monitoraggi:
        try:
            monitoraggio_save(user=user, obiettivo=obiettivo, anno=anno, periodo=periodo, values=values,
                              versione_letta=versione_letta)
        except DomainError as error:
            error.target = ("monitoraggio", periodo)
            raise


@transaction.atomic
def monitoraggio_save(*, user, obiettivo, anno, periodo, values, versione_letta):
    """Record an objective's status (in linea / in ritardo / critico), comment and corrective actions."""
    ensure_values_writable(user=user, obiettivo=obiettivo, anno=anno, periodo=periodo)
    values = {f: values.get(f, "") or "" for f in MONITORAGGIO_FIELDS}

    def log(*, field, prima, dopo):
        log_change(
            ente_id=obiettivo.piano.ente_id, utente=user, azione=_("Stato di attuazione"), obiettivo=obiettivo,
            anno=anno, campo=field, prima=prima, dopo=dopo,
        )

    return _save_versioned(
        Monitoraggio, {"obiettivo": obiettivo, "anno": anno, "periodo": periodo}, MONITORAGGIO_FIELDS, values,
        versione_letta=versione_letta, user=user, log=log,
    )


# --- The cycle through the year: periods, variations of the Piano, overrides (issue 4) -------------

def lock_ente(ente_id):
    """Take the ente's row lock for the transaction. Every write that a frozen year must refuse
    (values, statuses, overrides) and the approval that freezes the year take it first, so that
    approval is a line in time: a save either commits before it or sees the year frozen."""
    from .models import Ente

    Ente.objects.select_for_update().filter(pk=ente_id).values_list("pk", flat=True).first()


def ensure_year_not_frozen(ente_id, anno):
    """An approved Relazione freezes its year: periods, variations and overrides stay as they are.

    Checked under the ente's lock (see `lock_ente`), so an approval cannot slip in between the
    check and the write. Callers that lock other rows take `lock_ente` before them, so that every
    transaction takes the ente first and none waits for another in a cycle."""
    lock_ente(ente_id)
    if selectors.year_is_frozen(ente_id, anno):
        raise DomainError(
            _("La Relazione sulla Performance %(anno)s è approvata: l'anno è chiuso e non si può più modificare.")
            % {"anno": anno}
        )


def ensure_anno(anno, piano=None):
    """A year a person may mean (1990-2100) and, given a plan, one of the plan's years."""
    try:
        validate_anno(anno) if piano is None else validate_anno_nel_piano(anno, piano)
    except ValidationError as error:
        message = message_of(error)
        raise DomainError(message, field_errors={"anno": message})


def _ensure_segretario(user, ente_id):
    if not is_segretario(user, ente_id):
        raise DomainError(_("Solo il Segretario Comunale può gestire i periodi e le variazioni del Piano."))


def _required_reason(motivazione, message):
    motivazione = (motivazione or "").strip()
    if not motivazione:
        raise DomainError(message, field_errors={"motivazione": message})
    return motivazione


def _period_dates_text(periodo):
    return _("aperto (dal %(dal)s al %(al)s)") % {
        "dal": _as_text(periodo.data_apertura) or "–", "al": _as_text(periodo.data_chiusura) or "–",
    }


def _log_period(periodo, *, user, azione, prima, motivazione=""):
    log_change(
        ente_id=periodo.ente_id, utente=user, azione=azione, anno=periodo.anno, campo=periodo.get_tipo_display(),
        prima=prima, dopo=_period_dates_text(periodo) if periodo.aperto else _("chiuso"), motivazione=motivazione,
    )


def _check_dates(data_apertura, data_chiusura):
    if data_apertura and data_chiusura and data_chiusura < data_apertura:
        message = _("La chiusura prevista non può precedere l'apertura.")
        raise DomainError(message, field_errors={"data_chiusura": message})


@transaction.atomic
def periodo_open(*, user, ente, anno, tipo, data_apertura, data_chiusura=None, motivazione=""):
    """Open an entry period (July monitoring or year-end) that was never opened, with its dates.

    A period closed before is opened again only by `periodo_reopen`, with a written reason."""
    _ensure_segretario(user, ente.pk)
    ensure_anno(anno)
    ensure_year_not_frozen(ente.pk, anno)
    _check_dates(data_apertura, data_chiusura)
    periodo, _created = Periodo.objects.select_for_update().get_or_create(ente=ente, anno=anno, tipo=tipo)
    if periodo.aperto:
        raise DomainError(_("Il periodo «%(periodo)s» è già aperto.") % {"periodo": periodo})
    if periodo.chiuso_il:
        raise DomainError(
            _("Il periodo «%(periodo)s» è stato chiuso: per riaprirlo serve una motivazione scritta.")
            % {"periodo": periodo}
        )
    periodo.data_apertura, periodo.data_chiusura, periodo.aperto = data_apertura, data_chiusura, True
    periodo.save()
    _log_period(periodo, user=user, azione=_("Apertura del periodo"), prima=_("non ancora aperto"),
                motivazione=motivazione)
    return periodo


@transaction.atomic
def periodo_close(*, user, periodo, motivazione=""):
    """Close an open period: from now on its values are read-only for everyone."""
    lock_ente(periodo.ente_id)
    periodo = Periodo.objects.select_for_update().get(pk=periodo.pk)
    _ensure_segretario(user, periodo.ente_id)
    ensure_year_not_frozen(periodo.ente_id, periodo.anno)
    if not periodo.aperto:
        raise DomainError(_("Il periodo «%(periodo)s» è già chiuso.") % {"periodo": periodo})
    prima = _period_dates_text(periodo)
    periodo.aperto = False
    periodo.chiuso_il = timezone.now()
    periodo.save()
    _log_period(periodo, user=user, azione=_("Chiusura del periodo"), prima=prima, motivazione=motivazione)
    return periodo


@transaction.atomic
def periodo_reopen(*, user, periodo, motivazione, data_chiusura=None):
    """Open a closed period again: only with a written reason, which the Storico keeps."""
    lock_ente(periodo.ente_id)
    periodo = Periodo.objects.select_for_update().get(pk=periodo.pk)
    _ensure_segretario(user, periodo.ente_id)
    ensure_year_not_frozen(periodo.ente_id, periodo.anno)
    if periodo.aperto:
        raise DomainError(_("Il periodo «%(periodo)s» è già aperto.") % {"periodo": periodo})
    motivazione = _required_reason(motivazione, _("Per riaprire un periodo chiuso scriva la motivazione."))
    if data_chiusura is not None:
        _check_dates(periodo.data_apertura, data_chiusura)
        periodo.data_chiusura = data_chiusura
    periodo.aperto = True
    periodo.save()
    _log_period(periodo, user=user, azione=_("Riapertura del periodo"), prima=_("chiuso"), motivazione=motivazione)
    return periodo


# Variations of the Piano: a later deliberation changes a target, a weight, or adds or withdraws an
# objective. Nothing is overwritten: a varied target or weight is a new row tied to the deliberation.

@dataclass(frozen=True)
class TargetVariato:
    indicatore: object
    anno: int
    valore: Decimal | None = None
    data_scadenza: date | None = None
    # None: as the target in force ("superiore a" stays a comparison; its words stay if the value does).
    confronto: str | None = None
    testo: str | None = None


@dataclass(frozen=True)
class PesoCambiato:
    obiettivo: object
    peso: Decimal


@dataclass(frozen=True)
class PesoIndicatoreCambiato:
    indicatore: object
    peso: Decimal


@dataclass(frozen=True)
class ObiettivoRitirato:
    obiettivo: object


@dataclass(frozen=True)
class NuovoObiettivo:
    area: object
    codice: str  # empty: generated from the area's code (new_objective_code)
    titolo: str
    peso: Decimal | None  # None: equal share, when the Piano's objectives have no weight
    tipo: str = Obiettivo.Tipo.MANTENIMENTO
    responsabile: object = None  # the area's responsabile by default
    scadenza: date | None = None
    risultato_atteso: str = ""


@transaction.atomic
def variazione_record(*, user, piano, numero_atto, data_atto, motivazione, organo=Piano.Organo.GIUNTA, changes=()):
    """Record a deliberation that varies the Piano, and apply its changes (see `variazione_apply`)."""
    _ensure_segretario(user, piano.ente_id)
    errors = {}
    if not (numero_atto or "").strip():
        errors["numero_atto"] = _("Indichi il numero della deliberazione.")
    if not (motivazione or "").strip():
        errors["motivazione"] = _("Indichi la motivazione della variazione.")
    if not piano.copre(data_atto.year):
        errors["data_atto"] = _("La deliberazione deve cadere negli anni del Piano (%(dal)s-%(al)s).") % {
            "dal": piano.anno_inizio, "al": piano.anno_fine,
        }
    if errors:
        raise DomainError(_("Controlli i dati della deliberazione."), field_errors=errors)
    ensure_year_not_frozen(piano.ente_id, data_atto.year)
    variazione = Variazione.objects.create(
        piano=piano, organo=organo, numero_atto=numero_atto.strip(), data_atto=data_atto,
        motivazione=motivazione.strip(),
    )
    log_change(
        ente_id=piano.ente_id, utente=user, azione=_("Variazione del Piano"), anno=data_atto.year,
        campo=str(piano), dopo=str(variazione), motivazione=variazione.motivazione,
    )
    for change in changes:
        variazione_apply(user=user, variazione=variazione, change=change)
    return variazione


@transaction.atomic
def variazione_apply(*, user, variazione, change):
    """Apply one change of a recorded variation; the Storico keeps the old and the new value."""
    piano = variazione.piano
    _ensure_segretario(user, piano.ente_id)
    anno = change.anno if isinstance(change, TargetVariato) else variazione.data_atto.year
    ensure_anno(anno, piano)
    ensure_year_not_frozen(piano.ente_id, anno)
    log = partial(log_change, ente_id=piano.ente_id, utente=user, anno=anno, motivazione=str(variazione))
    if isinstance(change, TargetVariato):
        return _vary_target(variazione, change, log)
    if isinstance(change, PesoCambiato):
        return _vary_weight(variazione, change, log)
    if isinstance(change, PesoIndicatoreCambiato):
        return _vary_indicator_weight(variazione, change, log)
    if isinstance(change, ObiettivoRitirato):
        return _withdraw(variazione, change, log)
    if isinstance(change, NuovoObiettivo):
        return _insert(variazione, change, log)
    raise TypeError(f"Unknown change {change!r}")


def _in_plan(variazione, obiettivo):
    if obiettivo.piano_id != variazione.piano_id:
        raise DomainError(_("L'obiettivo non appartiene a questo Piano."))


def _vary_target(variazione, change, log):
    indicatore = change.indicatore
    _in_plan(variazione, indicatore.obiettivo)
    ensure_anno(change.anno, variazione.piano)
    if change.valore is None and change.data_scadenza is None and not (change.testo or "").strip():
        message = _("Indichi il nuovo valore atteso (o la nuova data attesa).")
        raise DomainError(message, field_errors={"valore": message})
    before = selectors.target_in_force(indicatore, change.anno)
    confronto = change.confronto if change.confronto is not None else (before.confronto if before else "")
    testo = change.testo
    if testo is None:
        same = before is not None and (before.valore, before.data_scadenza) == (change.valore, change.data_scadenza)
        testo = before.testo if same else ""
    target, _created = Target.objects.update_or_create(
        indicatore=indicatore, anno=change.anno, variazione=variazione,
        defaults={"valore": change.valore, "data_scadenza": change.data_scadenza, "confronto": confronto,
                  "testo": testo.strip()},
    )
    log(azione=_("Target variato"), obiettivo=indicatore.obiettivo, indicatore=indicatore,
        campo=_("target %(anno)s") % {"anno": change.anno}, prima=target_text(before), dopo=target_text(target))
    return target


def target_text(target):
    """A target in the Storico: its words as written beside the value ("superiore ad 1 (1)")."""
    if target is None:
        return ""
    value = _as_text(target.valore if target.valore is not None else target.data_scadenza)
    testo = (target.testo or "").strip()
    if testo:
        return f"{testo} ({value})" if value else testo
    if target.confronto and value:
        return f"{target.confronto_label} {value}"
    return value


def _vary_weight(variazione, change, log):
    obiettivo = change.obiettivo
    _in_plan(variazione, obiettivo)
    if change.peso is None or not Decimal(0) <= change.peso <= Decimal(100):
        message = _("Il peso deve essere compreso tra 0 e 100.")
        raise DomainError(message, field_errors={"peso": message})
    before = selectors.peso_in_force(obiettivo)
    row, _created = PesoVariato.objects.update_or_create(
        obiettivo=obiettivo, variazione=variazione, defaults={"peso": change.peso}
    )
    log(azione=_("Peso variato"), obiettivo=obiettivo, campo=_("peso"), prima=before, dopo=change.peso)
    return row


def _vary_indicator_weight(variazione, change, log):
    # The indicator's weight has no year and no row per variation (unlike an objective's): it changes in
    # place, and the Storico entry names the deliberation with the weight before and after.
    indicatore = Indicatore.objects.select_related("obiettivo").get(pk=change.indicatore.pk)
    _in_plan(variazione, indicatore.obiettivo)
    if change.peso is None or not Decimal(0) <= change.peso <= Decimal(100):
        message = _("Il peso deve essere compreso tra 0 e 100.")
        raise DomainError(message, field_errors={"peso": message})
    before = indicatore.peso
    indicatore.peso = change.peso
    indicatore.save(update_fields=["peso"])
    log(azione=_("Peso dell'indicatore variato"), obiettivo=indicatore.obiettivo, indicatore=indicatore,
        campo=_("peso nell'obiettivo"), prima=before, dopo=change.peso)
    return indicatore


def _withdraw(variazione, change, log):
    obiettivo = Obiettivo.objects.select_for_update().get(pk=change.obiettivo.pk)
    _in_plan(variazione, obiettivo)
    if obiettivo.ritirato_con_id:
        raise DomainError(_("L'obiettivo %(codice)s è già stato ritirato.") % {"codice": obiettivo.codice})
    obiettivo.ritirato_con = variazione
    obiettivo.save(update_fields=["ritirato_con"])
    log(azione=_("Obiettivo ritirato"), obiettivo=obiettivo, campo=_("obiettivo"), prima=_("nel Piano"),
        dopo=_("ritirato"))
    return obiettivo


def new_objective_code(area, taken, norm=str):
    """The first free code «<area code>.<n>» («OB.<n>» without one); `taken` holds the codes in use,
    as `norm` writes them (the import compares them normalised)."""
    prefix = area.codice or "OB"
    n = 1
    while norm(f"{prefix}.{n}") in taken:
        n += 1
    return f"{prefix}.{n}"


def _pesi_error(pesi, what):
    try:
        check_pesi(pesi, what=what)
    except PesiMisti as error:
        raise DomainError(str(error), field_errors={"peso": str(error)}) from None


def check_pesi_obiettivi(piano, peso, *, escluso=None):
    """DomainError (on "peso") if `peso` for one objective of the Piano would mix written and missing
    weights among its objectives in force (the others' weights as the variations left them)."""
    altri = Obiettivo.objects.filter(piano=piano, ritirato_con__isnull=True).prefetch_related("pesi_variati__variazione")
    if escluso is not None:
        altri = altri.exclude(pk=escluso.pk)
    _pesi_error([*(selectors.peso_in_force(o) for o in altri), peso], _("obiettivi del Piano"))


def check_pesi_indicatori(obiettivo, peso, *, escluso=None):
    """DomainError (on "peso") if `peso` for one indicator would mix written and missing weights among
    the objective's indicators."""
    altri = Indicatore.objects.filter(obiettivo=obiettivo)
    if escluso is not None:
        altri = altri.exclude(pk=escluso.pk)
    _pesi_error([*altri.values_list("peso", flat=True), peso], _("indicatori dell'obiettivo"))


def _insert(variazione, change, log):
    if change.area.ente_id != variazione.piano.ente_id:
        raise DomainError(_("L'area non appartiene a questo ente."))
    responsabile = change.responsabile or change.area.responsabile
    errors = {}
    if responsabile is None:
        errors["responsabile"] = _("L'area non ha un responsabile: lo indichi.")
    codici = set(Obiettivo.objects.filter(piano=variazione.piano).values_list("codice", flat=True))
    codice = (change.codice or "").strip() or new_objective_code(change.area, codici)
    if codice in codici:
        errors["codice"] = _("Nel Piano c'è già un obiettivo con questo codice.")
    if not (change.titolo or "").strip():
        errors["titolo"] = _("Indichi il titolo dell'obiettivo.")
    if change.peso is not None and not Decimal(0) <= change.peso <= Decimal(100):
        errors["peso"] = _("Il peso deve essere compreso tra 0 e 100.")
    else:
        try:
            check_pesi_obiettivi(variazione.piano, change.peso)
        except DomainError as error:
            errors.update(error.field_errors)
    if errors:
        raise DomainError(_("Controlli i dati del nuovo obiettivo."), field_errors=errors)
    obiettivo = Obiettivo.objects.create(
        piano=variazione.piano, area=change.area, responsabile=responsabile, codice=codice,
        titolo=change.titolo.strip(), tipo=change.tipo, peso=change.peso, scadenza=change.scadenza,
        risultato_atteso=change.risultato_atteso, inserito_con=variazione,
    )
    log(azione=_("Obiettivo inserito"), obiettivo=obiettivo, campo=_("obiettivo"), dopo=str(obiettivo))
    return obiettivo


# Overrides of a grado di raggiungimento: the Segretario or the Nucleo, always with a written reason.

@transaction.atomic
def rettifica_create(*, user, anno, motivazione, indicatore=None, obiettivo=None, percentuale=None,
                     non_valutabile=False):
    """Override an indicator's or objective's year-end grado, or declare it non valutabile.

    The new override replaces the one in force (which stays, inactive, in the record)."""
    if (indicatore is None) == (obiettivo is None):
        raise TypeError("Pass exactly one of indicatore or obiettivo")
    target_obiettivo = obiettivo or indicatore.obiettivo
    ente_id = target_obiettivo.piano.ente_id
    if not can_override(user, ente_id):
        raise DomainError(_("Solo il Segretario Comunale o il Nucleo di Valutazione possono rettificare un grado."))
    ensure_anno(anno, target_obiettivo.piano)
    ensure_year_not_frozen(ente_id, anno)
    motivazione = _required_reason(motivazione, _("La rettifica richiede una motivazione scritta."))
    if not non_valutabile:
        if percentuale is None or not Decimal(0) <= percentuale <= Decimal(100):
            message = _("Indichi un grado tra 0 e 100, oppure dichiari l'obiettivo non valutabile.")
            raise DomainError(message, field_errors={"percentuale": message})
    before = _grado_now(target_obiettivo, anno, indicatore)
    lookup = {"indicatore": indicatore} if indicatore is not None else {"obiettivo": obiettivo}
    Rettifica.objects.filter(anno=anno, attiva=True, **lookup).update(attiva=False)
    rettifica = Rettifica.objects.create(
        anno=anno, motivazione=motivazione, autore=user, percentuale=None if non_valutabile else percentuale,
        non_valutabile=non_valutabile, **lookup,
    )
    log_change(
        ente_id=ente_id, utente=user, azione=_("Rettifica del grado"), obiettivo=target_obiettivo,
        indicatore=indicatore, anno=anno, campo=_("grado di raggiungimento"), prima=before,
        dopo=_("non valutabile") if non_valutabile else format_percent(percentuale), motivazione=motivazione,
    )
    return rettifica


@transaction.atomic
def rettifica_revoke(*, user, rettifica, motivazione):
    """Withdraw an override: the computed grado applies again. The row stays, inactive."""
    lock_ente((rettifica.obiettivo or rettifica.indicatore.obiettivo).piano.ente_id)  # before the row's lock
    rettifica = (
        Rettifica.objects.select_for_update(of=("self",))  # PostgreSQL: no lock on the outer-joined rows
        .select_related("obiettivo__piano", "indicatore__obiettivo__piano")
        .get(pk=rettifica.pk)
    )
    target_obiettivo = rettifica.obiettivo or rettifica.indicatore.obiettivo
    ente_id = target_obiettivo.piano.ente_id
    if not can_override(user, ente_id):
        raise DomainError(_("Solo il Segretario Comunale o il Nucleo di Valutazione possono revocare una rettifica."))
    ensure_year_not_frozen(ente_id, rettifica.anno)
    if not rettifica.attiva:
        raise DomainError(_("La rettifica è già stata revocata."))
    motivazione = _required_reason(motivazione, _("La revoca di una rettifica richiede una motivazione scritta."))
    before = _grado_now(target_obiettivo, rettifica.anno, rettifica.indicatore)
    rettifica.attiva = False
    rettifica.save(update_fields=["attiva"])
    after = _grado_now(target_obiettivo, rettifica.anno, rettifica.indicatore)
    log_change(
        ente_id=ente_id, utente=user, azione=_("Revoca della rettifica"), obiettivo=target_obiettivo,
        indicatore=rettifica.indicatore, anno=rettifica.anno, campo=_("grado di raggiungimento"),
        prima=before, dopo=after, motivazione=motivazione,
    )
    return rettifica


def _grado_now(obiettivo, anno, indicatore=None):
    """The grado in force, as text for the Storico."""
    risultato = selectors.obiettivo_result(obiettivo, anno)
    if indicatore is not None:
        risultato = next(r for r in risultato.indicatori if r.indicatore.pk == indicatore.pk)
    if risultato.grado.esito == Esito.NON_VALUTABILE:
        return _("non valutabile")
    return format_percent(risultato.grado.percent) if risultato.grado.percent is not None else ""


# Reminders: at most one e-mail per responsabile and day (PromemoriaInviato is unique on that).

def promemoria_send(*, ente, promemoria, giorno, giorni, url=""):
    """E-mail one responsabile what is missing and what is due; False if already reminded today
    or if they have no address. The row and the e-mail go together: a failed send keeps no row."""
    destinatario = promemoria.destinatario
    if not destinatario.email:
        return False
    # The subject names only what the e-mail holds.
    if promemoria.mancanti and promemoria.scadenze:
        contenuto = _("valori da inserire e scadenze")
    elif promemoria.scadenze:
        contenuto = _("scadenze")
    else:
        contenuto = _("valori da inserire")
    oggetto = _("Performance %(anno)s: %(contenuto)s – promemoria del %(giorno)s") % {
        "anno": ente.anno_corrente, "contenuto": contenuto, "giorno": giorno.strftime("%d/%m/%Y"),
    }
    testo = render_to_string(
        "obiettivi/email/promemoria.txt",
        {"p": promemoria, "ente": ente, "oggi": giorno, "giorni": giorni, "url": url},
    )
    try:
        with transaction.atomic():
            PromemoriaInviato.objects.create(
                ente=ente, destinatario=destinatario, giorno=giorno, oggetto=oggetto, testo=testo
            )
            send_mail(oggetto, testo, None, [destinatario.email])
    except IntegrityError:
        return False  # already reminded today
    return True


# --- Values of earlier years (issue 10, item 2) ------------------------------------------------------

@transaction.atomic
def valore_storico_save(*, user, indicatore, anno, valore=None, testo="", fonte=""):
    """Record (or correct) the value of an indicator in a year before its Piano; with neither a number
    nor words, remove the year's value. The Segretario's; a year whose Relazione is approved is
    closed, as everywhere. Returns the row, or None once removed."""
    if not is_segretario(user, indicatore.obiettivo.piano.ente_id):
        raise DomainError(_("Solo il Segretario Comunale può registrare i valori degli anni precedenti."))
    return valore_storico_write(user=user, indicatore=indicatore, anno=anno, valore=valore, testo=testo, fonte=fonte)


@transaction.atomic
def valore_storico_write(*, user, indicatore, anno, valore=None, testo="", fonte="", rimuovi=True):
    """The rules of a value of an earlier year, for the page and the plan workbook's import (whose
    caller has already checked who may import): only years before the Piano, a frozen year refused,
    each change in the Storico, the same value again a no-op. With rimuovi=False (the import, which
    never deletes) a row without a number nor words is refused."""
    piano = indicatore.obiettivo.piano
    ente_id = piano.ente_id
    ensure_anno(anno)
    if anno >= piano.anno_inizio:
        message = _("Gli anni del Piano (dal %(inizio)s) si compilano nella scheda dell'obiettivo: qui solo gli "
                    "anni precedenti.") % {"inizio": piano.anno_inizio}
        raise DomainError(message, field_errors={"anno": message})
    ensure_year_not_frozen(ente_id, anno)
    testo, fonte = (testo or "").strip(), (fonte or "").strip()
    esistente = ValoreStorico.objects.select_for_update().filter(indicatore=indicatore, anno=anno).first()
    prima = _storico_text(esistente)
    campo = _("valore %(anno)s") % {"anno": anno}
    if valore is None and not testo:
        if esistente is None or not rimuovi:
            message = _("Indichi il valore (un numero o le parole del documento).")
            raise DomainError(message, field_errors={"valore": message})
        esistente.delete()
        log_change(ente_id=ente_id, utente=user, azione=_("Valore di un anno precedente rimosso"),
                   obiettivo=indicatore.obiettivo, indicatore=indicatore, anno=anno, campo=campo, prima=prima)
        return None
    if esistente is not None and (esistente.valore, esistente.testo, esistente.fonte) == (valore, testo, fonte):
        return esistente
    riga = esistente or ValoreStorico(indicatore=indicatore, anno=anno)
    riga.valore, riga.testo, riga.fonte, riga.aggiornato_da = valore, testo, fonte, user
    riga.save()
    if prima != _storico_text(riga) or esistente is None:
        log_change(ente_id=ente_id, utente=user, azione=_("Valore di un anno precedente"),
                   obiettivo=indicatore.obiettivo, indicatore=indicatore, anno=anno, campo=campo,
                   prima=prima, dopo=_storico_text(riga), motivazione=fonte)
    return riga


def _storico_text(riga):
    if riga is None:
        return ""
    parti = [format_decimal(riga.valore) if riga.valore is not None else "", riga.testo]
    return " – ".join(p for p in parti if p)
