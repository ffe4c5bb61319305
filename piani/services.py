"""Writes: import a Piano from a workbook (preview, then confirm), keep an upload until confirmed."""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from obiettivi.permissions import is_segretario
from obiettivi.services import DomainError, lock_ente

from .importer import Importazione, Problema
from .models import Caricamento
from .workbook import MAX_BYTES, WorkbookError, read_workbook

CARICAMENTO_VALIDO = timedelta(hours=24)  # a preview left open overnight may still be confirmed


@dataclass
class Esito:
    """What an import did (or would do): problems, changes, and whether it needs a deliberation."""

    problemi: list = field(default_factory=list)
    modifiche: list = field(default_factory=list)
    richiede_variazione: bool = False
    piano: object = None
    salvato: bool = False

    @property
    def ok(self):
        return not self.problemi

    @property
    def nessuna_modifica(self):
        return self.ok and not self.modifiche

    def per_area(self):
        """[(area, [(obiettivo, [modifiche])])] in the order they were found: the preview's layout."""
        groups = {}
        for modifica in self.modifiche:
            groups.setdefault(modifica.area, {}).setdefault(modifica.obiettivo, []).append(modifica)
        return [(area, list(obiettivi.items())) for area, obiettivi in groups.items()]


def piano_import(*, ente, data, user=None, variazione=None, commit=False):
    """Read the workbook `data` and import it into `ente`.

    With commit=False (the preview, `--dry-run`) everything is checked and the changes are listed,
    then rolled back. With commit=True the changes are kept only if no row has a problem; when the
    Piano is approved and the file changes a target or a weight, `variazione` (numero_atto,
    data_atto, motivazione) is the deliberation that records them.
    """
    if user is not None and user.is_authenticated and not user.is_superuser and not is_segretario(user, ente.pk):
        raise DomainError(_("Solo il Segretario Comunale può importare il Piano."))
    try:
        sheets = read_workbook(data)
    except WorkbookError as error:
        return Esito(problemi=[Problema(messaggio=error.message)])
    with transaction.atomic():
        lock_ente(ente.pk)
        importazione = Importazione(ente=ente, sheets=sheets, user=user, variazione=variazione)
        importazione.run()
        esito = Esito(problemi=importazione.problemi, modifiche=importazione.modifiche,
                      richiede_variazione=importazione.richiede_variazione, piano=importazione.piano)
        if commit and esito.ok and esito.richiede_variazione and not variazione:
            esito.problemi.append(Problema(messaggio=_(
                "Il Piano è approvato e il file cambia target, pesi o obiettivi: indichi la deliberazione della variazione.")))
        if not commit or not esito.ok:
            transaction.set_rollback(True)
        else:
            esito.salvato = True
    return esito


def caricamento_store(*, ente, user, nome_file, data):
    """Keep an uploaded file for the confirmation; refuse one over 10 MB without reading it."""
    if len(data) > MAX_BYTES:
        raise DomainError(_("Il file supera i 10 MB: lo divida o tolga i fogli che non servono."))
    Caricamento.objects.filter(ente=ente, utente=user, confermato_il__isnull=True).delete()
    Caricamento.objects.filter(creato_il__lt=timezone.now() - CARICAMENTO_VALIDO).delete()
    return Caricamento.objects.create(
        ente=ente, utente=user, nome_file=nome_file[:255], impronta=hashlib.sha256(data).hexdigest(), contenuto=data,
    )


def caricamento_confirm(*, caricamento, user, variazione=None):
    """Import the stored file for good; the upload is then marked as used."""
    if caricamento.confermato_il is not None:
        raise DomainError(_("Questo file è già stato importato."))
    with transaction.atomic():
        esito = piano_import(ente=caricamento.ente, data=bytes(caricamento.contenuto), user=user,
                             variazione=variazione, commit=True)
        if esito.salvato:
            caricamento.confermato_il = timezone.now()
            caricamento.contenuto = b""
            caricamento.save(update_fields=["confermato_il", "contenuto"])
    return esito


# "Nuovo Piano dal precedente" ---------------------------------------------------------------------

@dataclass
class Riporto:
    """What the carry-forward created, for the Segretario's message and the tests."""

    piano: object
    obiettivi: int = 0
    indicatori: int = 0
    target: int = 0
    da_rivedere: int = 0
    baseline_proposte: int = 0


def _shift(day, years):
    """The same day `years` later (29 February becomes the 28th)."""
    if day is None:
        return None
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@transaction.atomic
def piano_carry_forward(*, user, piano, anno_inizio, anno_fine, scelti=()):
    """A new draft Piano for `anno_inizio`-`anno_fine` from `piano`, which stays as it is.

    Areas and people are the ente's and are reused. Objectives di mantenimento are copied, with their
    phases and indicators; the others only if their id is in `scelti`. Each new indicator points to
    the one it comes from (`deriva_da`). A target of a year both plans cover is copied; a year the
    old plan did not cover starts from the old plan's last-year target, marked `da_rivedere`. The
    old indicator's year-end value of the year before the new plan is proposed as the baseline.
    """
    from obiettivi import selectors as obiettivi_selectors
    from obiettivi.models import Fase, Indicatore, Misurazione, Obiettivo, Piano, Target
    from obiettivi.services import log_change

    ente = piano.ente
    if not is_segretario(user, ente.pk):
        raise DomainError(_("Solo il Segretario Comunale può creare un nuovo Piano."))
    lock_ente(ente.pk)
    errors = {}
    if not (piano.anno_inizio < anno_inizio <= anno_fine <= anno_inizio + 4):
        errors["anno_fine"] = _("Il nuovo Piano inizia dopo il %(anno)s e dura al massimo cinque anni.") % {"anno": piano.anno_inizio}
    if Piano.objects.filter(ente=ente, anno_inizio=anno_inizio).exists():
        errors["anno_inizio"] = _("L'ente ha già un Piano che inizia nel %(anno)s.") % {"anno": anno_inizio}
    if errors:
        raise DomainError(_("Controlli gli anni del nuovo Piano."), field_errors=errors)
    nuovo = Piano.objects.create(ente=ente, anno_inizio=anno_inizio, anno_fine=anno_fine, titolo=piano.titolo,
                                 organo_approvazione=piano.organo_approvazione)
    riporto = Riporto(piano=nuovo)
    years = anno_inizio - piano.anno_inizio  # dates of objectives and phases move by as much
    scelti = {int(pk) for pk in scelti}
    obiettivi = (
        Obiettivo.objects.filter(piano=piano, ritirato_con__isnull=True)
        .filter(_mantenimento_or_chosen(scelti))
        .select_related("area")
        .prefetch_related("pesi_variati__variazione", "fasi", "indicatori__target__variazione")
    )
    obiettivi = list(obiettivi)
    consuntivi = {
        m.indicatore_id: m.valore
        for m in Misurazione.objects.filter(
            indicatore__obiettivo__in=obiettivi, anno=anno_inizio - 1, periodo=Misurazione.Periodo.CONSUNTIVO,
            valore__isnull=False,
        )
    }
    for vecchio in obiettivi:
        peso = (obiettivi_selectors._latest_variation(list(vecchio.pesi_variati.all())) or vecchio).peso
        obiettivo = Obiettivo.objects.create(
            piano=nuovo, codice=vecchio.codice, titolo=vecchio.titolo, descrizione=vecchio.descrizione, tipo=vecchio.tipo,
            area=vecchio.area, responsabile=vecchio.responsabile, peso=peso, data_inizio=_shift(vecchio.data_inizio, years),
            scadenza=_shift(vecchio.scadenza, years), risultato_atteso=vecchio.risultato_atteso,
            obiettivo_strategico=vecchio.obiettivo_strategico, programma=vecchio.programma, ordine=vecchio.ordine,
            altri_soggetti=vecchio.altri_soggetti,
        )
        obiettivo.aree_concorrenti.set(vecchio.aree_concorrenti.all())
        riporto.obiettivi += 1
        Fase.objects.bulk_create([
            Fase(obiettivo=obiettivo, descrizione=f.descrizione, data_inizio=_shift(f.data_inizio, years),
                 data_fine=_shift(f.data_fine, years), solo_mese=f.solo_mese, ordine=f.ordine)
            for f in vecchio.fasi.all()
        ])
        for i in vecchio.indicatori.all():
            baseline = consuntivi.get(i.pk, i.baseline)
            riporto.baseline_proposte += i.pk in consuntivi
            indicatore = Indicatore.objects.create(
                obiettivo=obiettivo, nome=i.nome, tipo=i.tipo, formula=i.formula, unita=i.unita, direzione=i.direzione,
                fonte_dati=i.fonte_dati, baseline=baseline, usa_baseline=i.usa_baseline, peso=i.peso, ordine=i.ordine,
                deriva_da=i,
            )
            riporto.indicatori += 1
            per_anno = {}
            for target in i.target.all():
                per_anno.setdefault(target.anno, []).append(target)
            in_force = {anno: obiettivi_selectors._latest_variation(rows) for anno, rows in per_anno.items()}
            ultimo = in_force.get(piano.anno_fine)
            nuovi = []
            for anno in nuovo.anni:
                if piano.copre(anno):
                    source, rivedere = in_force.get(anno), False
                else:
                    source, rivedere = ultimo, True
                if source is None:
                    continue
                # A date in the words ("entro il 30/06/2019") would be wrong a year later: those go.
                testo = "" if source.data_scadenza and anno != source.anno else source.testo
                nuovi.append(Target(
                    indicatore=indicatore, anno=anno, valore=source.valore, da_rivedere=rivedere,
                    data_scadenza=_shift(source.data_scadenza, anno - source.anno),
                    confronto=source.confronto, testo=testo,
                ))
            Target.objects.bulk_create(nuovi)
            riporto.target += len(nuovi)
            riporto.da_rivedere += sum(t.da_rivedere for t in nuovi)
    log_change(ente_id=ente.pk, utente=user, azione=_("Nuovo Piano dal precedente"), anno=anno_inizio,
               campo=str(nuovo), prima=str(piano), dopo=str(nuovo),
               motivazione=_("%(o)s obiettivi, %(i)s indicatori, %(r)s target da rivedere") % {
                   "o": riporto.obiettivi, "i": riporto.indicatori, "r": riporto.da_rivedere})
    return riporto


def _mantenimento_or_chosen(scelti):
    """Objectives di mantenimento always roll forward; the others only when chosen one by one."""
    from django.db.models import Q

    from obiettivi.models import Obiettivo

    return Q(tipo=Obiettivo.Tipo.MANTENIMENTO) | Q(pk__in=scelti)


# The plan editor: an objective's weight and its indicators' targets, year by year -----------------

@transaction.atomic
def obiettivo_targets_save(*, user, obiettivo, peso, targets, variazione=None):
    """Save the objective's weight and the targets {(indicatore, anno): (valore, data_scadenza) | None}.

    A draft Piano changes in place (the Storico keeps the old value). An approved one changes only
    through a Variazione, whose deliberation (numero_atto, data_atto, motivazione) is `variazione`.
    A year frozen by an approved Relazione never changes; a target is never deleted. Returns how many
    values changed."""
    from obiettivi import selectors as obiettivi_selectors
    from obiettivi.models import Piano, Target
    from obiettivi.services import (
        PesoCambiato, TargetVariato, check_pesi_obiettivi, log_change, target_text, variazione_record,
    )

    piano = obiettivo.piano
    if not is_segretario(user, piano.ente_id):
        raise DomainError(_("Solo il Segretario Comunale può modificare il Piano."))
    lock_ente(piano.ente_id)
    frozen = {anno for anno in piano.anni if obiettivi_selectors.year_is_frozen(piano.ente_id, anno)}
    changes, errors = [], {}
    for (indicatore, anno), new in targets.items():
        before = obiettivi_selectors.target_in_force(indicatore, anno)
        old = (before.valore, before.data_scadenza) if before else None
        if new == old:
            continue
        key = f"t_{indicatore.pk}_{anno}"
        if anno in frozen:
            errors[key] = _("La Relazione %(anno)s è approvata: il target di quell'anno non si può più cambiare.") % {"anno": anno}
        elif new is None:
            errors[key] = _("Un target non si cancella: indichi il nuovo valore.")
        else:
            changes.append((TargetVariato(indicatore=indicatore, anno=anno, valore=new[0], data_scadenza=new[1]), before))
    if peso != obiettivi_selectors.peso_in_force(obiettivo):
        # An empty weight is an equal share: allowed only if no other objective of the Piano has one.
        try:
            check_pesi_obiettivi(piano, peso, escluso=obiettivo)
        except DomainError as error:
            errors.update(error.field_errors)
        else:
            changes.append((PesoCambiato(obiettivo=obiettivo, peso=peso), None))
    if errors:
        raise DomainError(_("Controlli i valori segnalati."), field_errors=errors)
    if not changes:
        return 0
    if piano.stato == Piano.Stato.APPROVATO:
        if not variazione or not any(variazione.values()):
            message = _("Il Piano è approvato: un cambio di target o di peso è una variazione; indichi la deliberazione.")
            raise DomainError(message, field_errors={"numero_atto": message})
        if not variazione.get("data_atto"):
            message = _("Indichi la data della deliberazione.")
            raise DomainError(message, field_errors={"data_atto": message})
        variazione_record(user=user, piano=piano, changes=[change for change, _before in changes], **variazione)
        return len(changes)
    for change, before in changes:
        if isinstance(change, PesoCambiato):
            log_change(ente_id=piano.ente_id, utente=user, azione=_("Peso modificato"), obiettivo=obiettivo,
                       campo=_("peso"), prima=obiettivo.peso, dopo=change.peso)
            obiettivo.peso = change.peso
            obiettivo.save(update_fields=["peso"])
            continue
        target, _created = Target.objects.update_or_create(
            indicatore=change.indicatore, anno=change.anno, variazione=None,
            defaults={"valore": change.valore, "data_scadenza": change.data_scadenza, "da_rivedere": False},
        )
        log_change(ente_id=piano.ente_id, utente=user, azione=_("Target modificato"), obiettivo=obiettivo,
                   indicatore=change.indicatore, anno=change.anno, campo=_("target %(anno)s") % {"anno": change.anno},
                   prima=target_text(before), dopo=target_text(target))
    return len(changes)


def _ensure_draft(obiettivo, message):
    from obiettivi.models import Piano

    if obiettivo.piano.stato != Piano.Stato.BOZZA:
        raise DomainError(message)


@transaction.atomic
def obiettivo_duplicate(*, user, obiettivo):
    """A copy of the objective in the same draft Piano, with its phases, indicators and targets, coded
    «<codice>-2» (or the next free number) and placed right after it."""
    from obiettivi.models import Fase, Indicatore, Obiettivo, Target
    from obiettivi.services import log_change

    if not is_segretario(user, obiettivo.piano.ente_id):
        raise DomainError(_("Solo il Segretario Comunale può modificare il Piano."))
    lock_ente(obiettivo.piano.ente_id)
    _ensure_draft(obiettivo, _("Il Piano è approvato: un obiettivo nuovo si inserisce con una variazione."))
    codes = set(Obiettivo.objects.filter(piano=obiettivo.piano).values_list("codice", flat=True))
    n = 2
    while f"{obiettivo.codice}-{n}"[:20] in codes:
        n += 1
    fasi, indicatori = list(obiettivo.fasi.all()), list(obiettivo.indicatori.prefetch_related("target"))
    Obiettivo.objects.filter(piano=obiettivo.piano, area=obiettivo.area, ordine__gt=obiettivo.ordine).update(
        ordine=F("ordine") + 1)
    copia = Obiettivo.objects.get(pk=obiettivo.pk)
    copia.pk, copia.id, copia.codice, copia.ordine = None, None, f"{obiettivo.codice}-{n}"[:20], obiettivo.ordine + 1
    copia.titolo = (_("%(titolo)s (copia)") % {"titolo": obiettivo.titolo})[:300]
    copia.save()
    copia.aree_concorrenti.set(obiettivo.aree_concorrenti.all())
    Fase.objects.bulk_create([Fase(obiettivo=copia, descrizione=f.descrizione, data_inizio=f.data_inizio,
                                   data_fine=f.data_fine, solo_mese=f.solo_mese, ordine=f.ordine) for f in fasi])
    for i in indicatori:
        targets = [t for t in i.target.all() if t.variazione_id is None]
        i.pk = i.id = None
        i.obiettivo, i.deriva_da = copia, None
        i.save()
        Target.objects.bulk_create([Target(indicatore=i, anno=t.anno, valore=t.valore, data_scadenza=t.data_scadenza,
                                           confronto=t.confronto, testo=t.testo, da_rivedere=t.da_rivedere)
                                    for t in targets])
    log_change(ente_id=obiettivo.piano.ente_id, utente=user, azione=_("Obiettivo duplicato"), obiettivo=copia,
               campo=_("obiettivo"), prima=str(obiettivo), dopo=str(copia))
    return copia


@transaction.atomic
def obiettivo_move(*, user, obiettivo, verso):
    """Move the objective one place up (verso=-1) or down (+1) among its area's objectives."""
    from obiettivi.models import Obiettivo

    if not is_segretario(user, obiettivo.piano.ente_id):
        raise DomainError(_("Solo il Segretario Comunale può modificare il Piano."))
    lock_ente(obiettivo.piano.ente_id)
    fratelli = list(Obiettivo.objects.filter(piano=obiettivo.piano, area=obiettivo.area).order_by("ordine", "codice"))
    index = next(i for i, o in enumerate(fratelli) if o.pk == obiettivo.pk)
    other = index + verso
    if not 0 <= other < len(fratelli):
        return False
    fratelli[index], fratelli[other] = fratelli[other], fratelli[index]
    # Renumbered 1..n: objectives imported with equal or sparse numbers get a clean order.
    for position, o in enumerate(fratelli, start=1):
        if o.ordine != position:
            o.ordine = position
            o.save(update_fields=["ordine"])
    return True


@transaction.atomic
def obiettivo_remove_from_draft(*, user, obiettivo):
    """Take an objective out of a draft Piano; its Storico stays, without the link. An approved Piano
    withdraws it with a Variazione instead, and one that already has values is never removed."""
    from obiettivi.models import Misurazione, Monitoraggio, VoceStorico
    from obiettivi.services import log_change

    if not is_segretario(user, obiettivo.piano.ente_id):
        raise DomainError(_("Solo il Segretario Comunale può modificare il Piano."))
    lock_ente(obiettivo.piano.ente_id)
    _ensure_draft(obiettivo, _("Il Piano è approvato: l'obiettivo si ritira con una variazione, nella pagina Variazioni."))
    if (Misurazione.objects.filter(indicatore__obiettivo=obiettivo).exists()
            or Monitoraggio.objects.filter(obiettivo=obiettivo).exists()):
        raise DomainError(_("L'obiettivo ha già dei valori rilevati: non si toglie."))
    testo = str(obiettivo)
    VoceStorico.objects.filter(obiettivo=obiettivo).update(obiettivo=None, indicatore=None)
    obiettivo.delete()
    log_change(ente_id=obiettivo.piano.ente_id, utente=user, azione=_("Obiettivo tolto dalla bozza"),
               campo=_("obiettivo"), prima=testo)



@transaction.atomic
def obiettivo_create(*, user, piano, area, titolo, tipo, peso, codice="", variazione=None):
    """A new objective of the Piano, headed by the area's responsabile. A draft gets it directly; an
    approved Piano inserts it with a Variazione (`variazione`: numero_atto, data_atto, motivazione)."""
    from obiettivi.models import Obiettivo, Piano
    from obiettivi.services import (
        NuovoObiettivo, check_pesi_obiettivi, log_change, new_objective_code, variazione_record,
    )

    if not is_segretario(user, piano.ente_id):
        raise DomainError(_("Solo il Segretario Comunale può modificare il Piano."))
    lock_ente(piano.ente_id)
    codes = set(Obiettivo.objects.filter(piano=piano).values_list("codice", flat=True))
    codice = (codice or "").strip() or new_objective_code(area, codes)
    errors = {}
    try:
        check_pesi_obiettivi(piano, peso)
    except DomainError as error:
        errors.update(error.field_errors)
    if area.ente_id != piano.ente_id:
        errors["area"] = _("L'area non appartiene a questo ente.")
    if codice in codes:
        errors["codice"] = _("Nel Piano c'è già un obiettivo con questo codice.")
    if area.responsabile_id is None:
        errors["area"] = _("L'area non ha un responsabile: lo indichi prima nella pagina delle aree.")
    if errors:
        raise DomainError(_("Controlli i dati del nuovo obiettivo."), field_errors=errors)
    if piano.stato == Piano.Stato.APPROVATO:
        if not variazione or not variazione.get("data_atto"):
            message = _("Il Piano è approvato: un obiettivo nuovo si inserisce con una variazione; indichi la deliberazione.")
            raise DomainError(message, field_errors={"numero_atto": message})
        variazione_record(user=user, piano=piano, changes=[NuovoObiettivo(area=area, codice=codice, titolo=titolo, peso=peso, tipo=tipo)],
                          **variazione)
        return Obiettivo.objects.get(piano=piano, codice=codice)
    ultimo = Obiettivo.objects.filter(piano=piano, area=area).order_by("-ordine").values_list("ordine", flat=True).first()
    obiettivo = Obiettivo.objects.create(piano=piano, area=area, responsabile=area.responsabile, codice=codice,
                                         titolo=titolo, tipo=tipo, peso=peso, ordine=(ultimo or 0) + 1)
    log_change(ente_id=piano.ente_id, utente=user, azione=_("Obiettivo creato"), obiettivo=obiettivo,
               campo=_("obiettivo"), dopo=str(obiettivo))
    return obiettivo


# The plan editor: the Piano's data, an objective's data, its phases and indicators ---------------
#
# Rules shared by these writes: only the Segretario; a year frozen by an approved Relazione does not
# change (its Relazione keeps its own frozen copy, but the live figures must not drift either); once the
# Piano is approved a change of weight is a Variazione with its deliberation (targets: see above).

def _ensure_editor(user, ente_id):
    if not is_segretario(user, ente_id):
        raise DomainError(_("Solo il Segretario Comunale può modificare il Piano."))
    lock_ente(ente_id)


def _frozen(piano):
    from . import selectors

    return selectors.frozen_years(piano)


def _ensure_open_year(piano, message):
    """At least one year of the Piano is not closed by an approved Relazione."""
    if set(piano.anni) <= _frozen(piano):
        raise DomainError(message)


def _years_of(*days):
    return {d.year for d in days if d is not None}


def _apply(obj, values, *, user, ente_id, azione, label, **log):
    """Set the fields that differ, each with its Storico entry; returns the names changed."""
    from obiettivi.services import log_change

    changed = []
    for name, value in values.items():
        current = getattr(obj, name)
        if current == value or (current in (None, "") and value in (None, "")):
            continue
        verbose = str(obj._meta.get_field(name).verbose_name)
        log_change(ente_id=ente_id, utente=user, azione=azione, campo=f"{label}: {verbose}"[:100],
                   prima=str(current) if hasattr(current, "pk") else current,
                   dopo=str(value) if hasattr(value, "pk") else value, **log)
        setattr(obj, name, value)
        changed.append(name)
    if changed:
        obj.save(update_fields=changed)
    return changed


@transaction.atomic
def piano_create(*, user, ente, anno_inizio, anno_fine, titolo, organo_approvazione):
    """A new, empty draft Piano of the ente for those years (at most five, not overlapping another)."""
    from obiettivi.models import Piano
    from obiettivi.services import log_change

    _ensure_editor(user, ente.pk)
    errors = {}
    if not anno_inizio <= anno_fine <= anno_inizio + 4:
        errors["anno_fine"] = _("L'ultimo anno va dal primo anno a quattro anni dopo.")
    elif Piano.objects.filter(ente=ente, anno_inizio__lte=anno_fine, anno_fine__gte=anno_inizio).exists():
        errors["anno_inizio"] = _("Un altro Piano dell'ente copre già alcuni di questi anni.")
    if errors:
        raise DomainError(_("Controlli gli anni del nuovo Piano."), field_errors=errors)
    piano = Piano.objects.create(ente=ente, anno_inizio=anno_inizio, anno_fine=anno_fine,
                                 titolo=titolo.strip() or "Piano della Performance", organo_approvazione=organo_approvazione)
    log_change(ente_id=ente.pk, utente=user, azione=_("Piano creato"), anno=anno_inizio, campo=str(piano), dopo=str(piano))
    return piano


@transaction.atomic
def piano_update(*, user, piano, titolo, organo_approvazione, numero_atto, data_atto, approva=False):
    """The Piano's title and approving deliberation; `approva` turns a draft into the approved Piano,
    which needs the deliberation's number and date. An approved Piano does not go back to draft."""
    from obiettivi.models import Piano

    _ensure_editor(user, piano.ente_id)
    _ensure_open_year(piano, _("Tutti gli anni del Piano sono chiusi da una Relazione approvata: il Piano non cambia più."))
    values = {"titolo": titolo.strip() or piano.titolo, "organo_approvazione": organo_approvazione,
              "numero_atto": numero_atto.strip(), "data_atto": data_atto}
    approvato = piano.stato == Piano.Stato.APPROVATO or approva
    errors = {}
    if approvato and not values["numero_atto"]:
        errors["numero_atto"] = _("Un Piano approvato ha il numero della deliberazione.")
    if approvato and not data_atto:
        errors["data_atto"] = _("Un Piano approvato ha la data della deliberazione.")
    if errors:
        raise DomainError(_("Controlli i dati della deliberazione."), field_errors=errors)
    if approva and piano.stato == Piano.Stato.BOZZA:
        values["stato"] = Piano.Stato.APPROVATO
    return _apply(piano, values, user=user, ente_id=piano.ente_id, azione=_("Piano modificato"), label=_("Piano"))


@transaction.atomic
def obiettivo_update(*, user, obiettivo, values):
    """An objective's own data (title, description, expected result, area, responsabile, type, dates,
    DUP links). Not a target nor a weight, so in place with its Storico even after approval; refused
    when every year of the Piano is closed."""
    _ensure_editor(user, obiettivo.piano.ente_id)
    _ensure_open_year(obiettivo.piano, _("Tutti gli anni del Piano sono chiusi da una Relazione approvata: l'obiettivo non cambia più."))
    errors = {}
    area, responsabile = values.get("area"), values.get("responsabile")
    if area is not None and area.ente_id != obiettivo.piano.ente_id:
        errors["area"] = _("L'area non appartiene a questo ente.")
    if values.get("data_inizio") and values.get("scadenza") and values["scadenza"] < values["data_inizio"]:
        errors["scadenza"] = _("La scadenza viene prima dell'inizio.")
    if responsabile is None:
        errors["responsabile"] = _("Indichi il responsabile dell'obiettivo.")
    if errors:
        raise DomainError(_("Controlli i dati dell'obiettivo."), field_errors=errors)
    return _apply(obiettivo, values, user=user, ente_id=obiettivo.piano.ente_id, azione=_("Obiettivo modificato"),
                  label=obiettivo.codice, obiettivo=obiettivo)


@transaction.atomic
def fasi_save(*, user, obiettivo, righe):
    """The objective's phases: `righe` is [(fase or None, values or None)]; None values remove the phase,
    a None fase adds one. A phase whose dates (before or after) fall in a closed year does not change."""
    from obiettivi.models import Fase
    from obiettivi.services import log_change

    ente_id = obiettivo.piano.ente_id
    _ensure_editor(user, ente_id)
    frozen = _frozen(obiettivo.piano)
    errors, n = {}, 0
    for index, (fase, values) in enumerate(righe):
        before = {"descrizione": fase.descrizione, "data_inizio": fase.data_inizio, "data_fine": fase.data_fine} if fase else None
        if values == before:
            continue
        touched = _years_of(*((row or {}).get(k) for row in (before, values) for k in ("data_inizio", "data_fine")))
        chiusi = sorted(touched & frozen)
        if chiusi:
            errors[f"fase-{index}"] = _("La Relazione %(anno)s è approvata: una fase di quell'anno non cambia più.") % {"anno": chiusi[0]}
            continue
        if values is not None and values["data_fine"] < values["data_inizio"]:
            errors[f"fase-{index}"] = _("La fine viene prima dell'inizio.")
            continue
        n += 1
        if values is None:
            log_change(ente_id=ente_id, utente=user, azione=_("Fase tolta"), obiettivo=obiettivo, campo=_("fase"),
                       prima=f"{fase.descrizione} ({fase.data_inizio:%d/%m/%Y}–{fase.data_fine:%d/%m/%Y})")
            fase.delete()
        elif fase is None:
            ultimo = max([f.ordine for f, _v in righe if f is not None] + [0])
            fase = Fase.objects.create(obiettivo=obiettivo, ordine=ultimo + index + 1, **values)
            log_change(ente_id=ente_id, utente=user, azione=_("Fase aggiunta"), obiettivo=obiettivo, campo=_("fase"),
                       dopo=f"{fase.descrizione} ({fase.data_inizio:%d/%m/%Y}–{fase.data_fine:%d/%m/%Y})")
        else:
            _apply(fase, values, user=user, ente_id=ente_id, azione=_("Fase modificata"), label=_("Fase"), obiettivo=obiettivo)
    if errors:
        raise DomainError(_("Controlli le fasi segnalate."), field_errors=errors)
    return n


# Fields of an indicator that decide how its grado is computed: they do not change once a year of the
# Piano is closed, or that year's figures would drift from its approved Relazione.
CALCOLO = ("formula", "direzione", "baseline", "usa_baseline")


def _check_indicatore(values):
    from obiettivi.models import Indicatore

    if values.get("usa_baseline") and values.get("baseline") is None:
        return {"baseline": _("Per misurare il progresso dalla baseline indichi la baseline.")}
    if values.get("usa_baseline") and values.get("formula") not in (Indicatore.TipoFormula.NUMERO, Indicatore.TipoFormula.RAPPORTO):
        return {"usa_baseline": _("Il progresso dalla baseline vale solo per un numero o un rapporto.")}
    return {}


def _check_pesi_indicatori(obiettivo, peso, errors, escluso=None):
    # An empty weight is an equal share: all the objective's indicators have a weight, or none has.
    from obiettivi.services import check_pesi_indicatori

    try:
        check_pesi_indicatori(obiettivo, peso, escluso=escluso)
    except DomainError as error:
        errors.update(error.field_errors)


@transaction.atomic
def indicatore_create(*, user, obiettivo, values):
    """A new indicator of an objective of a draft Piano (an approved one gets it by importing the
    workbook with the deliberation of the variation), placed last."""
    from obiettivi.models import Indicatore
    from obiettivi.services import log_change

    ente_id = obiettivo.piano.ente_id
    _ensure_editor(user, ente_id)
    _ensure_draft(obiettivo, _("Il Piano è approvato: un indicatore nuovo si inserisce con una variazione, importando il foglio di calcolo."))
    _ensure_open_year(obiettivo.piano, _("Tutti gli anni del Piano sono chiusi da una Relazione approvata."))
    errors = _check_indicatore(values)
    if Indicatore.objects.filter(obiettivo=obiettivo, nome__iexact=values["nome"].strip()).exists():
        errors["nome"] = _("L'obiettivo ha già un indicatore con questo nome.")
    _check_pesi_indicatori(obiettivo, values.get("peso"), errors)
    if errors:
        raise DomainError(_("Controlli i dati dell'indicatore."), field_errors=errors)
    ultimo = Indicatore.objects.filter(obiettivo=obiettivo).order_by("-ordine").values_list("ordine", flat=True).first()
    indicatore = Indicatore.objects.create(obiettivo=obiettivo, ordine=(ultimo or 0) + 1, **values)
    log_change(ente_id=ente_id, utente=user, azione=_("Indicatore creato"), obiettivo=obiettivo, indicatore=indicatore,
               campo=_("indicatore"), dopo=indicatore.nome)
    return indicatore


@transaction.atomic
def indicatore_update(*, user, indicatore, values, variazione=None):
    """An indicator's data. Its weight, once the Piano is approved, changes only by a Variazione whose
    deliberation is `variazione` (numero_atto, data_atto, motivazione); how it is computed (CALCOLO)
    does not change once a year of the Piano is closed. Returns the names of the fields changed."""
    from obiettivi.models import Indicatore, Piano
    from obiettivi.services import PesoIndicatoreCambiato, variazione_record

    obiettivo = indicatore.obiettivo
    piano = obiettivo.piano
    _ensure_editor(user, piano.ente_id)
    _ensure_open_year(piano, _("Tutti gli anni del Piano sono chiusi da una Relazione approvata: l'indicatore non cambia più."))
    errors = _check_indicatore(values)
    if Indicatore.objects.filter(obiettivo=obiettivo, nome__iexact=values["nome"].strip()).exclude(pk=indicatore.pk).exists():
        errors["nome"] = _("L'obiettivo ha già un indicatore con questo nome.")
    frozen = _frozen(piano)
    if frozen:
        for name in CALCOLO:
            if name in values and values[name] != getattr(indicatore, name):
                errors[name] = _("La Relazione %(anno)s è approvata: come si calcola l'indicatore non cambia più.") % {"anno": min(frozen)}
    peso = values.pop("peso", indicatore.peso)
    if peso != indicatore.peso:
        _check_pesi_indicatori(obiettivo, peso, errors, escluso=indicatore)
    varia_peso = piano.stato == Piano.Stato.APPROVATO and peso != indicatore.peso
    if varia_peso and not (variazione and variazione.get("data_atto")):
        errors["numero_atto"] = _("Il Piano è approvato: un cambio di peso è una variazione; indichi la deliberazione.")
    if errors:
        raise DomainError(_("Controlli i dati dell'indicatore."), field_errors=errors)
    if not varia_peso:
        values["peso"] = peso
    changed = _apply(indicatore, values, user=user, ente_id=piano.ente_id, azione=_("Indicatore modificato"),
                     label=indicatore.nome[:60], obiettivo=obiettivo, indicatore=indicatore)
    if varia_peso:
        variazione_record(user=user, piano=piano, changes=[PesoIndicatoreCambiato(indicatore=indicatore, peso=peso)], **variazione)
        indicatore.refresh_from_db(fields=["peso"])
        changed.append("peso")
    return changed


@transaction.atomic
def indicatore_remove(*, user, indicatore):
    """Take an indicator out of a draft Piano, with its targets; its Storico stays, without the link.
    Not one with values already measured, nor one of a Piano with a closed year."""
    from obiettivi.models import VoceStorico
    from obiettivi.services import log_change

    obiettivo = indicatore.obiettivo
    ente_id = obiettivo.piano.ente_id
    _ensure_editor(user, ente_id)
    _ensure_draft(obiettivo, _("Il Piano è approvato: un indicatore non si toglie più."))
    if _frozen(obiettivo.piano):
        raise DomainError(_("Un anno del Piano è chiuso da una Relazione approvata: l'indicatore non si toglie."))
    if indicatore.misurazioni.exists():
        raise DomainError(_("L'indicatore ha già dei valori rilevati: non si toglie."))
    nome = indicatore.nome
    VoceStorico.objects.filter(indicatore=indicatore).update(indicatore=None)
    indicatore.delete()
    log_change(ente_id=ente_id, utente=user, azione=_("Indicatore tolto dalla bozza"), obiettivo=obiettivo,
               campo=_("indicatore"), prima=nome)
