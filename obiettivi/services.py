"""Writes: one function per change, atomic, checked against the state, recorded in the Storico."""

from django.db import transaction
from django.utils.translation import gettext as _

from . import selectors
from .achievement import format_decimal
from .models import Misurazione, Monitoraggio, Periodo, VoceStorico
from .permissions import can_edit_obiettivo


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
    whose Relazione is not approved."""
    ente_id = obiettivo.piano.ente_id
    if not can_edit_obiettivo(user, obiettivo):
        raise DomainError(_("Non può modificare i valori di questo obiettivo."))
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


MISURAZIONE_FIELDS = ["valore", "denominatore", "data_realizzazione", "nota", "causa_scostamento", "motivazione"]
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
    if current and not changes:
        return row
    for field, _old, new in changes:
        setattr(row, field, new)
    row.versione = current_version + 1
    row.aggiornato_da = user
    row.save()
    for field, old, new in changes:
        log(field=model._meta.get_field(field).verbose_name, prima=old, dopo=new)
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
