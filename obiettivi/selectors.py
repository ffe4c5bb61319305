"""Reads that span relations: the results of a plan's objectives in a year.

`piano_results` is the one place that turns the stored data into gradi di raggiungimento, for
the responsabile's pages, the Segretario's dashboard and the Relazione alike. It runs a fixed
number of queries whatever the size of the plan.
"""

from collections import namedtuple
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import achievement
from .achievement import Achievement, Esito
from .models import (
    Area,
    Fase,
    Indicatore,
    Misurazione,
    Monitoraggio,
    Obiettivo,
    Periodo,
    PesoVariato,
    Ruolo,
    Piano,
    Rettifica,
    Target,
    ValoreStorico,
    VoceStorico,
)

LUGLIO = Misurazione.Periodo.LUGLIO
CONSUNTIVO = Misurazione.Periodo.CONSUNTIVO


@dataclass
class RisultatoIndicatore:
    indicatore: Indicatore
    target: Target | None  # the one in force (the latest variation's, or the original)
    target_originale: Target | None
    luglio: Misurazione | None
    consuntivo: Misurazione | None
    grado_luglio: Achievement
    grado: Achievement  # year-end, after any override
    grado_calcolato: Achievement  # year-end, as computed from the values
    rettifica: Rettifica | None
    peso: Decimal | None = None  # in force: as written, or the equal share when the objective gives none

    @property
    def peso_indicato(self):
        return self.indicatore.peso is not None

    @property
    def confronto(self):
        return self.target.confronto if self.target is not None else ""

    @property
    def direzione_significativa(self):
        """"Crescente" is said only of a plain numeric target (not yes/no, deadline, comparison)."""
        return achievement.direzione_significativa(self.indicatore.formula, self.confronto)

    @property
    def target_variato(self):
        return self.target is not None and self.target.variazione_id is not None

    @property
    def scostamento(self):
        """Result minus target (numbers only), None where it does not apply."""
        if self.target is None or self.target.valore is None or self.consuntivo is None:
            return None
        valore = _value_of(self.indicatore, self.consuntivo)
        if valore is None or self.indicatore.formula in {Indicatore.TipoFormula.SCADENZA, Indicatore.TipoFormula.TESTUALE}:
            return None
        return valore - self.target.valore

    @property
    def target_mancato(self):
        """The year-end value misses the target: a cause and a motivazione are required."""
        return self.grado_calcolato.percent is not None and self.grado_calcolato.percent < 100


@dataclass
class RisultatoObiettivo:
    obiettivo: Obiettivo
    peso: Decimal  # in force: varied, as written, or the equal share when the Piano gives none
    peso_variato: PesoVariato | None
    indicatori: list[RisultatoIndicatore]
    grado_luglio: Achievement
    grado: Achievement  # after any override
    grado_calcolato: Achievement
    rettifica: Rettifica | None
    monitoraggio_luglio: Monitoraggio | None
    monitoraggio_consuntivo: Monitoraggio | None
    anno: int | None = None

    @property
    def ritirato(self):
        """Withdrawn by a variation of this year or an earlier one (a later one leaves past years alone)."""
        variazione = self.obiettivo.ritirato_con
        return variazione is not None and (self.anno is None or variazione.data_atto.year <= self.anno)

    # How many indicators have a value in each period ("Le mie schede": what is still to fill in).
    @property
    def inseriti_luglio(self):
        return sum(1 for r in self.indicatori if has_value(r.luglio))

    @property
    def inseriti_consuntivo(self):
        return sum(1 for r in self.indicatori if has_value(r.consuntivo))

    @property
    def mancanti_luglio(self):
        return len(self.indicatori) - self.inseriti_luglio

    @property
    def mancanti_consuntivo(self):
        return len(self.indicatori) - self.inseriti_consuntivo


@dataclass
class RisultatoArea:
    area: object
    obiettivi: list[RisultatoObiettivo] = field(default_factory=list)
    grado: Achievement | None = None
    grado_luglio: Achievement | None = None


@dataclass
class RisultatiPiano:
    piano: Piano
    anno: int
    aree: list[RisultatoArea]
    grado: Achievement
    grado_luglio: Achievement

    @property
    def obiettivi(self):
        return [o for a in self.aree for o in a.obiettivi]

    def conteggio_esiti(self):
        """How many (non-withdrawn) objectives fall in each band: {Esito: n}."""
        counts = {e: 0 for e in Esito}
        for risultato in self.obiettivi:
            if not risultato.ritirato:
                counts[risultato.grado.esito] += 1
        return counts


def _value_of(indicatore, misurazione):
    if misurazione is None or misurazione.valore is None:
        return None
    if indicatore.formula == Indicatore.TipoFormula.RAPPORTO:
        if not misurazione.denominatore:
            return None
        ratio = misurazione.valore / misurazione.denominatore
        return ratio * 100 if indicatore.unita.strip() == "%" else ratio
    return misurazione.valore


def indicator_grade(indicatore, target, misurazione, *, regola=None):
    """The computed grado of one indicator for one measurement (no override). `regola` is the ente's
    rule for comparison targets (read from the ente when not given)."""
    if regola is None:
        regola = indicatore.obiettivo.piano.ente.regola_confronto
    return achievement.indicator_achievement(
        formula=indicatore.formula,
        direzione=indicatore.direzione,
        target=target.valore if target else None,
        valore=misurazione.valore if misurazione else None,
        denominatore=misurazione.denominatore if misurazione else None,
        baseline=indicatore.baseline if indicatore.usa_baseline else None,
        target_date=target.data_scadenza if target else None,
        data_realizzazione=misurazione.data_realizzazione if misurazione else None,
        unita=indicatore.unita,
        confronto=target.confronto if target else "",
        regola=regola,
    )


def override_grade(rettifica, computed):
    """The grado that an active override sets in place of the computed one."""
    who = rettifica.autore.get_full_name() or rettifica.autore.get_username()
    when = rettifica.creata_il.strftime("%d/%m/%Y")
    if rettifica.non_valutabile:
        return Achievement(
            percent=None,
            esito=Esito.NON_VALUTABILE,
            explanation=f"Dichiarato non valutabile da {who} il {when}: {rettifica.motivazione}",
        )
    percent = rettifica.percentuale
    return Achievement(
        percent=percent,
        esito=achievement.classify(percent),
        explanation=(
            f"Grado rettificato a {achievement.format_percent(percent)} da {who} il {when} "
            f"(calcolato: {achievement.format_percent(computed.percent)}): {rettifica.motivazione}"
        ),
    )


# A target's and a value's order within their indicator, as their models' default ordering gives it: that
# ordering starts with the indicator, which expands into a join of five tables (indicator, objective,
# area, plan, ente) only to sort rows that are then grouped by indicator anyway.
TARGET_ORDER = ("anno", "variazione__data_atto", "id")
MISURA_ORDER = ("anno", "periodo")


def _obiettivi_queryset(piano):
    """The plan's objectives with what their results read besides the year's rows (indicators,
    targets, values, overrides, statuses, varied weights), which `_attach_year_rows` reads."""
    return (
        Obiettivo.objects.filter(piano=piano)
        # The area's head too: the Relazione names each area's (one query per area without it).
        .select_related("area__responsabile", "responsabile")
        # Not joined: with these four LEFT JOINs more PostgreSQL took 11 ms to plan the query (0.3 ms to
        # run it), on every page that reads objectives; four small queries cost a fraction of that.
        .prefetch_related("programma", "obiettivo_strategico", "inserito_con", "ritirato_con",
                          Prefetch("aree_concorrenti", queryset=Area.objects.order_by("ordine", "nome")))
        .order_by("area__ordine", "area__nome", "ordine", "codice")
    )


def _grouped(rows, key):
    groups = {}
    for row in rows:
        groups.setdefault(getattr(row, key), []).append(row)
    return groups


def _attach_year_rows(obiettivi, anno, *, piano=None):
    """The year's rows of the objectives, as plain lists on each (`indicatori_anno`, and on those
    `target_anno`, `misurazioni_anno`, `rettifiche_attive`; `monitoraggi_anno`, `rettifiche_attive`,
    `pesi_variati_anno`), with their parents set: one query per relation, filtered by the plan when
    `piano` is given (the whole plan: not by thousands of ids), else by the objectives' ids. Django's
    prefetch bookkeeping (a manager and a queryset clone per row) was half the time of a whole plan's
    results and a third of one objective's page."""
    if piano is not None:
        in_piano, of_indicatori = Q(obiettivo__piano=piano), Q(indicatore__obiettivo__piano=piano)
    else:
        ids = [o.pk for o in obiettivi]
        in_piano, of_indicatori = Q(obiettivo_id__in=ids), Q(indicatore__obiettivo_id__in=ids)
    anno_q = Q(anno=anno)
    indicatori = _grouped(Indicatore.objects.filter(in_piano).order_by("ordine", "id"), "obiettivo_id")
    targets = _grouped(Target.objects.filter(of_indicatori, anno_q).select_related("variazione")
                       .order_by(*TARGET_ORDER), "indicatore_id")
    misure = _grouped(Misurazione.objects.filter(of_indicatori, anno_q).select_related("aggiornato_da")
                      .order_by(*MISURA_ORDER), "indicatore_id")
    rettifiche = Rettifica.objects.filter(anno_q, attiva=True).select_related("autore")
    rettifiche_indicatori = _grouped(rettifiche.filter(of_indicatori), "indicatore_id")
    rettifiche_obiettivi = _grouped(rettifiche.filter(in_piano), "obiettivo_id")
    monitoraggi = _grouped(Monitoraggio.objects.filter(in_piano, anno_q), "obiettivo_id")
    # A weight varied in a later year leaves the earlier years' results as they were.
    pesi = _grouped(PesoVariato.objects.filter(in_piano, variazione__data_atto__year__lte=anno)
                    .select_related("variazione"), "obiettivo_id")
    for obiettivo in obiettivi:
        obiettivo.indicatori_anno = indicatori.get(obiettivo.pk, [])
        for indicatore in obiettivo.indicatori_anno:
            indicatore.obiettivo = obiettivo
            indicatore.target_anno = targets.get(indicatore.pk, [])
            indicatore.misurazioni_anno = misure.get(indicatore.pk, [])
            indicatore.rettifiche_attive = rettifiche_indicatori.get(indicatore.pk, [])
            for row in (*indicatore.target_anno, *indicatore.misurazioni_anno, *indicatore.rettifiche_attive):
                row.indicatore = indicatore
        obiettivo.monitoraggi_anno = monitoraggi.get(obiettivo.pk, [])
        obiettivo.rettifiche_attive = rettifiche_obiettivi.get(obiettivo.pk, [])
        obiettivo.pesi_variati_anno = pesi.get(obiettivo.pk, [])
        for row in (*obiettivo.monitoraggi_anno, *obiettivo.rettifiche_attive, *obiettivo.pesi_variati_anno):
            row.obiettivo = obiettivo


def _latest_variation(rows):
    """The row set by the latest variation (by deliberation date), or the original one."""
    varied = [r for r in rows if r.variazione_id is not None]
    if varied:
        return max(varied, key=lambda r: (r.variazione.data_atto, r.variazione_id))
    return next((r for r in rows if r.variazione_id is None), None)


def target_in_force(indicatore, anno):
    """The target of the year in force: the latest variation's, else the original."""
    return _latest_variation(list(Target.objects.filter(indicatore=indicatore, anno=anno).select_related("variazione")))


def _indicator_result(indicatore, regola):
    targets = indicatore.target_anno
    target = _latest_variation(targets)
    original = next((t for t in targets if t.variazione_id is None), None)
    by_period = {m.periodo: m for m in indicatore.misurazioni_anno}
    luglio, consuntivo = by_period.get(LUGLIO), by_period.get(CONSUNTIVO)
    computed = indicator_grade(indicatore, target, consuntivo, regola=regola)
    rettifiche = indicatore.rettifiche_attive  # newest first (model ordering)
    rettifica = rettifiche[0] if rettifiche else None
    return RisultatoIndicatore(
        indicatore=indicatore,
        target=target,
        target_originale=original,
        luglio=luglio,
        consuntivo=consuntivo,
        grado_luglio=indicator_grade(indicatore, target, luglio, regola=regola),
        grado=override_grade(rettifica, computed) if rettifica else computed,
        grado_calcolato=computed,
        rettifica=rettifica,
    )


def objective_result(obiettivo, anno=None, *, regola=None, quota=None):
    """The result of one objective whose year rows `_attach_year_rows` has set.

    `regola` is the ente's rule for comparison targets; `quota` the equal share of an objective of a
    Piano that gives no weights (see `quota_obiettivi`)."""
    if regola is None:
        regola = obiettivo.piano.ente.regola_confronto
    indicatori = [_indicator_result(i, regola) for i in obiettivo.indicatori_anno]
    weights = achievement.pesi_effettivi([r.indicatore.peso for r in indicatori])
    for r, w in zip(indicatori, weights):
        r.peso = w
    computed = achievement.weighted_achievement(
        [(r.grado.percent, w, r.grado.esito) for r, w in zip(indicatori, weights)], what="indicatori"
    )
    luglio = achievement.weighted_achievement(
        [(r.grado_luglio.percent, w, r.grado_luglio.esito) for r, w in zip(indicatori, weights)], what="indicatori"
    )
    rettifiche = obiettivo.rettifiche_attive
    rettifica = rettifiche[0] if rettifiche else None
    peso_variato = _latest_variation(obiettivo.pesi_variati_anno)
    by_period = {m.periodo: m for m in obiettivo.monitoraggi_anno}
    return RisultatoObiettivo(
        obiettivo=obiettivo,
        peso=peso_variato.peso if peso_variato else (obiettivo.peso if obiettivo.peso is not None else quota),
        peso_variato=peso_variato,
        indicatori=indicatori,
        grado_luglio=luglio,
        grado=override_grade(rettifica, computed) if rettifica else computed,
        grado_calcolato=computed,
        rettifica=rettifica,
        monitoraggio_luglio=by_period.get(LUGLIO),
        monitoraggio_consuntivo=by_period.get(CONSUNTIVO),
        anno=anno,
    )


def _weighted(results, attr, what):
    valid = [r for r in results if not r.ritirato]
    return achievement.weighted_achievement(
        [(getattr(r, attr).percent, r.peso or Decimal(0), getattr(r, attr).esito) for r in valid], what=what
    )


def _year_objectives(piano, anno):
    """The objectives of the plan in force in the year: not inserted later, not withdrawn by then."""
    return (
        Obiettivo.objects.filter(piano=piano)
        .exclude(inserito_con__data_atto__year__gt=anno)
        .filter(Q(ritirato_con__isnull=True) | Q(ritirato_con__data_atto__year__gt=anno))
    )


def quota_obiettivi(pesi):
    """The equal share of an objective without a weight among the weights of the plan's objectives of
    the year (None when every objective has one)."""
    pesi = list(pesi)
    effettivi = achievement.pesi_effettivi(pesi)
    return next((e for p, e in zip(pesi, effettivi) if p is None), None)


def piano_results(*, piano, anno, obiettivi=None):
    """Results by area and for the whole ente. `obiettivi` narrows the objectives (a queryset filter)."""
    # An objective inserted by a later variation was not part of this year's plan.
    queryset = _obiettivi_queryset(piano).exclude(inserito_con__data_atto__year__gt=anno)
    if obiettivi is not None:
        queryset = queryset.filter(pk__in=obiettivi.values("pk"))
    rows = list(queryset)
    # The whole plan's year rows read by the plan, a page's by its objectives' ids.
    _attach_year_rows(rows, anno, piano=piano if obiettivi is None else None)
    regola = piano.ente.regola_confronto
    quota = None
    if any(o.peso is None for o in rows):
        if obiettivi is None:
            quota = quota_obiettivi(
                o.peso for o in rows
                if o.ritirato_con_id is None or o.ritirato_con.data_atto.year > anno
            )
        else:  # the share is of the whole plan's year, not of the objectives shown
            quota = quota_obiettivi(_year_objectives(piano, anno).values_list("peso", flat=True))
    aree = {}
    for obiettivo in rows:
        riga = aree.setdefault(obiettivo.area_id, RisultatoArea(area=obiettivo.area))
        riga.obiettivi.append(objective_result(obiettivo, anno, regola=regola, quota=quota))
    for riga in aree.values():
        riga.grado = _weighted(riga.obiettivi, "grado", "obiettivi")
        riga.grado_luglio = _weighted(riga.obiettivi, "grado_luglio", "obiettivi")
    tutti = [o for a in aree.values() for o in a.obiettivi]
    return RisultatiPiano(
        piano=piano,
        anno=anno,
        aree=list(aree.values()),
        grado=_weighted(tutti, "grado", "obiettivi"),
        grado_luglio=_weighted(tutti, "grado_luglio", "obiettivi"),
    )


def indicatore_history(indicatore):
    """Every year of the plan for one indicator: targets (original and varied) and both periods' values."""
    targets = list(Target.objects.filter(indicatore=indicatore).select_related("variazione"))
    misure = {(m.anno, m.periodo): m for m in Misurazione.objects.filter(indicatore=indicatore).select_related("aggiornato_da")}
    rows = []
    for anno in indicatore.obiettivo.piano.anni:
        of_year = [t for t in targets if t.anno == anno]
        rows.append({
            "anno": anno,
            "target": _latest_variation(of_year),
            "target_originale": next((t for t in of_year if t.variazione_id is None), None),
            "luglio": misure.get((anno, LUGLIO)),
            "consuntivo": misure.get((anno, CONSUNTIVO)),
        })
    return rows


# --- History of an indicator across Piani (issue 10, item 2) ----------------------------------------

PIANO, STORICO = "piano", "storico"
# A chain of Piani longer than this is a loop in the data (deriva_da pointing back), not history.
MAX_CHAIN = 50
# From this many indicators, `indicator_series` reads their rows by Piano rather than by id.
MANY_INDICATORS = 200


@dataclass(frozen=True)
class PuntoSerie:
    """One year of an indicator's series: its target and year-end value, from a Piano that covered the
    year ("piano") or from a value entered for an earlier year ("storico")."""

    anno: int
    target: Decimal | None
    valore: Decimal | None
    origine: str
    testo: str = ""
    fonte: str = ""  # the Piano ("Piano 2015–2017") or the storico value's stated source
    precedenza: tuple = ()  # for PIANO points: which Piano governs the year (higher wins)


def piano_precedence(*, approvato, data_atto, anno_inizio, piano_id):
    """The latest approved Piano governs a year that two rolling Piani cover: an approved Piano before
    a draft, then the later deliberation, then the later start, then the later row."""
    return (bool(approvato), data_atto or date.min, anno_inizio, piano_id)


def history(punti):
    """One point per year, oldest first. Of the Piani that cover a year, the one of highest
    `precedenza` governs it (target and value). A storico value fills a year no Piano governs, or
    one whose governing Piano has no value; of two storico values of a year, the first given (the
    nearest indicator of the chain) wins. Pure: no database."""
    governing, storici = {}, {}
    for punto in punti:
        if punto.origine == STORICO:
            storici.setdefault(punto.anno, punto)
        elif punto.anno not in governing or punto.precedenza > governing[punto.anno].precedenza:
            governing[punto.anno] = punto
    serie = []
    for anno in sorted(set(governing) | set(storici)):
        punto, storico = governing.get(anno), storici.get(anno)
        if punto is None:
            serie.append(storico)
        elif punto.valore is None and not punto.testo and storico is not None:
            serie.append(PuntoSerie(anno, punto.target, storico.valore, STORICO, storico.testo, storico.fonte,
                                    punto.precedenza))
        else:
            serie.append(punto)
    return serie


def baseline_of(indicatore, serie, anno_inizio):
    """(baseline, its year): the indicator's own baseline, which is the year before its Piano; else
    the last value of the series before the Piano's first year; else (None, None)."""
    if indicatore.baseline is not None:
        return indicatore.baseline, anno_inizio - 1
    prima = [p for p in serie if p.anno < anno_inizio and p.valore is not None]
    return (prima[-1].valore, prima[-1].anno) if prima else (None, None)


def _ratio(formula, unita, valore, denominatore):
    if valore is None:
        return None
    if formula == Indicatore.TipoFormula.RAPPORTO:
        if not denominatore:
            return None
        ratio = valore / denominatore
        return (ratio * 100 if unita.strip() == "%" else ratio).quantize(Decimal("0.0001"))
    return valore


# A target read as plain values, with what `_latest_variation` looks at (tuples: cheap to make by thousands).
_VariazioneLetta = namedtuple("_VariazioneLetta", "data_atto")
_RigaVariata = namedtuple("_RigaVariata", "valore variazione_id variazione")


def indicator_series(indicatori):
    """{indicator id: [PuntoSerie]} for each indicator: every year of its Piano and of the Piani it
    continues (`deriva_da`, back to the first), with the values entered for earlier years, as
    `history` merges them. Queries: one per Piano back in the longest chain, plus three, whatever
    the number of indicators."""
    ids = {i.pk for i in indicatori}
    nodes, frontier = {}, set(ids)
    for _step in range(MAX_CHAIN):
        if not frontier:
            break
        rows = Indicatore.objects.filter(pk__in=frontier).values(
            "pk", "deriva_da_id", "formula", "unita", "obiettivo__piano_id", "obiettivo__piano__stato",
            "obiettivo__piano__data_atto", "obiettivo__piano__anno_inizio", "obiettivo__piano__anno_fine",
        )
        for row in rows:
            nodes[row["pk"]] = row
        frontier = {r["deriva_da_id"] for r in rows if r["deriva_da_id"] and r["deriva_da_id"] not in nodes}
    # Plain rows, not model instances: at 1,000 objectives (9,000 targets and values) building the
    # instances was most of this function's time. A whole plan's indicators are read by their Piani
    # (a few ids) rather than by thousands of indicator ids; rows of other indicators are not looked at.
    if len(nodes) > MANY_INDICATORS:
        of_nodes = Q(indicatore__obiettivo__piano_id__in={n["obiettivo__piano_id"] for n in nodes.values()})
    else:
        of_nodes = Q(indicatore_id__in=list(nodes))
    targets, consuntivi, storici = {}, {}, {}
    for indicatore_id, anno, valore, variazione_id, data_atto in (
            Target.objects.filter(of_nodes)
            .values_list("indicatore_id", "anno", "valore", "variazione_id", "variazione__data_atto")):
        targets.setdefault((indicatore_id, anno), []).append(
            _RigaVariata(valore, variazione_id, _VariazioneLetta(data_atto) if variazione_id else None))
    for indicatore_id, anno, valore, denominatore in (
            Misurazione.objects.filter(of_nodes, periodo=CONSUNTIVO)
            .values_list("indicatore_id", "anno", "valore", "denominatore")):
        consuntivi[(indicatore_id, anno)] = (valore, denominatore)
    for v in (ValoreStorico.objects.filter(of_nodes)
              .values("indicatore_id", "anno", "valore", "testo", "fonte")):
        storici.setdefault(v["indicatore_id"], []).append(v)

    def points_of(node):
        inizio, fine = node["obiettivo__piano__anno_inizio"], node["obiettivo__piano__anno_fine"]
        precedenza = piano_precedence(
            approvato=node["obiettivo__piano__stato"] == Piano.Stato.APPROVATO,
            data_atto=node["obiettivo__piano__data_atto"], anno_inizio=inizio, piano_id=node["obiettivo__piano_id"])
        fonte = f"Piano {inizio}–{fine}" if fine != inizio else f"Piano {inizio}"
        for anno in range(inizio, fine + 1):
            target = _latest_variation(targets.get((node["pk"], anno), []))
            misura = consuntivi.get((node["pk"], anno))
            valore = _ratio(node["formula"], node["unita"], *misura) if misura else None
            if target is not None or valore is not None:
                yield PuntoSerie(anno, target.valore if target else None, valore, PIANO, "", fonte, precedenza)
        for v in storici.get(node["pk"], []):
            yield PuntoSerie(v["anno"], None, v["valore"], STORICO, v["testo"], v["fonte"])

    result = {}
    for pk in ids:
        punti, seen, node = [], set(), nodes.get(pk)
        while node is not None and node["pk"] not in seen:
            seen.add(node["pk"])
            punti.extend(points_of(node))
            node = nodes.get(node["deriva_da_id"])
        result[pk] = history(punti)
    return result


def obiettivo_result(obiettivo, anno):
    """The result of a single objective in a year (fixed number of queries)."""
    quota = None
    if obiettivo.peso is None:
        quota = quota_obiettivi(_year_objectives(obiettivo.piano, anno).values_list("peso", flat=True))
    row = _obiettivi_queryset(obiettivo.piano).get(pk=obiettivo.pk)
    row.piano = obiettivo.piano  # the same Piano (the queryset is filtered by it): no query for it and its ente
    _attach_year_rows([row], anno)
    return objective_result(row, anno, quota=quota)


def piano_for_year(ente, anno):
    """The Piano of the ente that covers the year, or None."""
    return (
        Piano.objects.filter(ente=ente, anno_inizio__lte=anno, anno_fine__gte=anno)
        .order_by("-anno_inizio")
        .first()
    )


def enti_of_user(user):
    """[(ente, sees_all)] for every ente where the user has a role; the Segretario, the Nucleo and the
    amministratore see every objective, a responsabile only theirs."""
    from .permissions import READ_ALL_ROLES

    roles = {}
    for ruolo in Ruolo.objects.filter(utente=user).select_related("ente").order_by("ente__nome"):
        ente, sees_all = roles.get(ruolo.ente_id, (ruolo.ente, False))
        roles[ruolo.ente_id] = (ente, sees_all or ruolo.tipo in READ_ALL_ROLES)
    return list(roles.values())


def sees_all(user, ente):
    """The Segretario, the Nucleo and the amministratore see every objective of their ente."""
    from .permissions import READ_ALL_ROLES, roles_in

    return bool(roles_in(user, ente.pk) & READ_ALL_ROLES)


def schede_count(user, ente, *, vede_tutto):
    """How many objectives of the ente's current plan year are the user's (all, for who sees all)."""
    piano = piano_for_year(ente, ente.anno_corrente)
    return schede_of(user, piano, vede_tutto=vede_tutto).count() if piano else 0


def schede_of_count(user, ente, piano, *, vede_tutto):
    """How many objectives `schede_of` lists, stored for the ente's data version (which every write
    to objectives, areas and roles bumps): a count over the whole plan is not made per request."""
    from .cache_invalidation import count_for_version

    chi = "tutti" if vede_tutto else user.pk
    return count_for_version(ente, f"schede:{piano.pk}:{chi}", schede_of(user, piano, vede_tutto=vede_tutto))


def schede_of(user, piano, *, vede_tutto):
    """The objectives listed in "Le mie schede", in the plan's order."""
    obiettivi = Obiettivo.objects.filter(piano=piano) if vede_tutto else obiettivi_of_responsabile(user, piano)
    return obiettivi.order_by("area__ordine", "area__nome", "ordine", "codice")


def writable_periods(user, obiettivo, anno):
    """The periods in which this user may write this objective's values now: open ones, for someone
    who may edit it, in a year whose Relazione is not approved (the services check it again)."""
    from .permissions import can_edit_obiettivo

    ente_id = obiettivo.piano.ente_id
    if not can_edit_obiettivo(user, obiettivo) or year_is_frozen(ente_id, anno):
        return []
    return open_periods(ente_id, anno)


def open_periods(ente_id, anno):
    """The entry periods open now in the year, July first."""
    tipi = set(Periodo.objects.filter(ente_id=ente_id, anno=anno, aperto=True).values_list("tipo", flat=True))
    return [t for t in Misurazione.Periodo.values if t in tipi]


def obiettivi_of_responsabile(user, piano):
    """The objectives that are the user's to fill in: assigned to them or in an area they head."""
    return Obiettivo.objects.filter(piano=piano).filter(Q(responsabile=user) | Q(area__responsabile=user))


def plan_has_frozen_year(piano):
    """True once any year of the plan has an approved Relazione."""
    from relazioni.models import Relazione

    return Relazione.objects.filter(piano=piano).exclude(stato=Relazione.Stato.BOZZA).exists()


def ente_has_frozen_year(ente_id):
    """True once any year of the ente has an approved Relazione."""
    from relazioni.models import Relazione

    return Relazione.objects.filter(ente_id=ente_id).exclude(stato=Relazione.Stato.BOZZA).exists()


def year_is_frozen(ente_id, anno):
    """An approved Relazione freezes its year: no value, target, note or narrative may change."""
    from relazioni.models import Relazione  # relazioni builds on obiettivi, not the reverse

    return Relazione.objects.filter(ente_id=ente_id, anno=anno).exclude(stato=Relazione.Stato.BOZZA).exists()


# --- The cycle through the year: periods, dashboard, deadlines, Storico (issue 4) --------------------

CRUSCOTTO_GIORNI = 30  # deadlines "due soon" on the dashboard


def peso_in_force(obiettivo):
    """The weight of an objective now: the latest variation's, else the original (None: equal share)."""
    return (_latest_variation(list(obiettivo.pesi_variati.select_related("variazione"))) or obiettivo).peso


def periodi_of_year(ente, anno):
    """Both entry periods of the year, in order (July, year-end); unsaved rows for those never created."""
    existing = {p.tipo: p for p in Periodo.objects.filter(ente=ente, anno=anno)}
    return [existing.get(tipo) or Periodo(ente=ente, anno=anno, tipo=tipo) for tipo in Periodo.Tipo.values]


def default_periodo(ente, anno):
    """The period the dashboard shows first: the open one, else the year-end once it was opened, else July."""
    periodi = {p.tipo: p for p in periodi_of_year(ente, anno)}
    aperti = [t for t, p in periodi.items() if p.aperto]
    if aperti:
        return aperti[-1]
    return CONSUNTIVO if periodi[CONSUNTIVO].chiuso_il else LUGLIO


def has_value(misurazione):
    """A value was entered for the period (the number, the yes/no, the date or the judgement)."""
    return misurazione is not None and (misurazione.valore is not None or misurazione.data_realizzazione is not None)


@dataclass
class Scadenza:
    """A deadline of an objective or of one of its phases."""

    data: date
    obiettivo: Obiettivo
    fase: Fase | None = None

    @property
    def descrizione(self):
        return self.fase.descrizione if self.fase else self.obiettivo.titolo


@dataclass
class RigaCompilazione:
    """Values filled in and missing for one area or one responsabile."""

    chiave: object  # the Area or the user
    compilati: int = 0
    mancanti: int = 0

    @property
    def totale(self):
        return self.compilati + self.mancanti


@dataclass
class Cruscotto:
    """The Segretario's figures for a year and period, each with the list behind it."""

    anno: int
    periodo: str
    oggi: date
    risultati: RisultatiPiano | None
    elenchi: dict  # vista -> list of rows (RisultatoIndicatore, RisultatoObiettivo or Scadenza)
    per_area: list
    per_responsabile: list

    def conta(self, vista):
        return len(self.elenchi[vista])


# What each figure of the dashboard lists (the `vista` of the list page) and its title.
VISTE = {
    "compilati": _("Valori inseriti"),
    "mancanti": _("Valori mancanti"),
    "in_ritardo": _("Obiettivi in ritardo"),
    "critici": _("Obiettivi critici"),
    "senza_motivazione": _("Target non raggiunti senza motivazione"),
    "scadenze_superate": _("Scadenze superate"),
    "scadenze_prossime": _("Scadenze nei prossimi 30 giorni"),
}


def cruscotto(*, ente, anno, periodo, obiettivi=None, oggi=None):
    """The dashboard of a year and period, over the objectives of `obiettivi` (a queryset) or all.

    A fixed number of queries: piano_results, plus one for the phases."""
    oggi = oggi or timezone.localdate()
    piano = piano_for_year(ente, anno)
    elenchi = {vista: [] for vista in VISTE}
    if piano is None:
        return Cruscotto(anno, periodo, oggi, None, elenchi, [], [])
    risultati = piano_results(piano=piano, anno=anno, obiettivi=obiettivi)
    attivi = [r for r in risultati.obiettivi if not r.ritirato]
    per_area, per_responsabile = {}, {}
    for ro in attivi:
        stato = ro.monitoraggio_luglio if periodo == LUGLIO else ro.monitoraggio_consuntivo
        if stato and stato.stato == Monitoraggio.Stato.IN_RITARDO:
            elenchi["in_ritardo"].append(ro)
        elif stato and stato.stato == Monitoraggio.Stato.CRITICO:
            elenchi["critici"].append(ro)
        area = per_area.setdefault(ro.obiettivo.area_id, RigaCompilazione(ro.obiettivo.area))
        persona = per_responsabile.setdefault(ro.obiettivo.responsabile_id, RigaCompilazione(ro.obiettivo.responsabile))
        for ri in ro.indicatori:
            misura = ri.luglio if periodo == LUGLIO else ri.consuntivo
            vista = "compilati" if has_value(misura) else "mancanti"
            elenchi[vista].append((ro, ri))
            for riga in (area, persona):
                setattr(riga, vista, getattr(riga, vista) + 1)
            if periodo == CONSUNTIVO and ri.target_mancato and not ri.consuntivo.motivazione.strip():
                elenchi["senza_motivazione"].append((ro, ri))
    for scadenza in _scadenze(attivi, anno):
        if scadenza.data < oggi:
            elenchi["scadenze_superate"].append(scadenza)
        elif scadenza.data <= oggi + timedelta(days=CRUSCOTTO_GIORNI):
            elenchi["scadenze_prossime"].append(scadenza)
    return Cruscotto(
        anno, periodo, oggi, risultati, elenchi, list(per_area.values()),
        sorted(per_responsabile.values(), key=lambda r: (r.chiave.last_name, r.chiave.first_name, r.chiave.pk)),
    )


@dataclass
class SintesiCruscotto:
    """The dashboard's figures only (counts, by area and by responsabile), as `cruscotto` gives them."""

    anno: int
    periodo: str
    oggi: date
    piano: Piano | None
    conteggi: dict  # vista -> count
    per_area: list
    per_responsabile: list

    def conta(self, vista):
        return self.conteggi[vista]


def cruscotto_sintesi(*, ente, anno, periodo, obiettivi=None, oggi=None):
    """The counts of `cruscotto` in one set-based pass: plain values, no model rows and no gradi but
    the year-end ones of values without a motivazione. The dashboard's first visit after a change
    pays this; `cruscotto` (every row, for the lists behind each figure) stays for the lists.

    A fixed number of queries whatever the size of the plan."""
    from django.contrib.auth import get_user_model

    oggi = oggi or timezone.localdate()
    conteggi = {vista: 0 for vista in VISTE}
    piano = piano_for_year(ente, anno)
    if piano is None:
        return SintesiCruscotto(anno, periodo, oggi, None, conteggi, [], [])
    queryset = Obiettivo.objects.filter(piano=piano).exclude(inserito_con__data_atto__year__gt=anno)
    if obiettivi is not None:
        queryset = queryset.filter(pk__in=obiettivi.values("pk"))
    # Withdrawn by a variation of this year or an earlier one: it counts nowhere (as `ritirato`).
    queryset = queryset.exclude(ritirato_con__data_atto__year__lte=anno)
    righe = {o["pk"]: o for o in queryset.values("pk", "area_id", "responsabile_id", "scadenza", "codice")}
    ids = queryset.values("pk")
    indicatori = list(Indicatore.objects.filter(obiettivo_id__in=ids).values(
        "pk", "obiettivo_id", "formula", "direzione", "unita", "baseline", "usa_baseline"))
    misure = {m["indicatore_id"]: m for m in Misurazione.objects.filter(
        indicatore__obiettivo_id__in=ids, anno=anno, periodo=periodo).values(
        "indicatore_id", "valore", "denominatore", "data_realizzazione", "motivazione")}
    stati = {m["obiettivo_id"]: m["stato"] for m in Monitoraggio.objects.filter(
        obiettivo_id__in=ids, anno=anno, periodo=periodo).values("obiettivo_id", "stato")}
    for stato in stati.values():
        if stato == Monitoraggio.Stato.IN_RITARDO:
            conteggi["in_ritardo"] += 1
        elif stato == Monitoraggio.Stato.CRITICO:
            conteggi["critici"] += 1
    # Only a year-end value without a motivazione needs its target and grado (missed or not).
    da_valutare = [i for i, m in misure.items() if periodo == CONSUNTIVO and not m["motivazione"].strip()]
    targets = {}
    if da_valutare:
        for t in Target.objects.filter(indicatore_id__in=da_valutare, anno=anno).values(
                "indicatore_id", "valore", "data_scadenza", "confronto", "variazione_id", "variazione__data_atto"):
            targets.setdefault(t["indicatore_id"], []).append(t)
    regola = ente.regola_confronto
    per_area, per_responsabile = {}, {}
    for ind in indicatori:
        obiettivo = righe[ind["obiettivo_id"]]
        misura = misure.get(ind["pk"])
        vista = "compilati" if misura and (misura["valore"] is not None or misura["data_realizzazione"] is not None) else "mancanti"
        conteggi[vista] += 1
        for riepilogo, chiave in ((per_area, obiettivo["area_id"]), (per_responsabile, obiettivo["responsabile_id"])):
            riga = riepilogo.setdefault(chiave, RigaCompilazione(chiave))
            setattr(riga, vista, getattr(riga, vista) + 1)
        if periodo == CONSUNTIVO and misura and not misura["motivazione"].strip():
            conteggi["senza_motivazione"] += _target_mancato(ind, targets.get(ind["pk"], []), misura, regola)
    fasi = Fase.objects.filter(obiettivo_id__in=ids, data_fine__year=anno).values_list("data_fine", flat=True)
    for data in [o["scadenza"] for o in righe.values() if o["scadenza"] and o["scadenza"].year == anno] + list(fasi):
        if data < oggi:
            conteggi["scadenze_superate"] += 1
        elif data <= oggi + timedelta(days=CRUSCOTTO_GIORNI):
            conteggi["scadenze_prossime"] += 1
    aree = Area.objects.filter(pk__in=list(per_area)).order_by("ordine", "nome")
    for area in aree:
        per_area[area.pk].chiave = area
    persone = get_user_model().objects.filter(pk__in=list(per_responsabile))
    for persona in persone:
        per_responsabile[persona.pk].chiave = persona
    return SintesiCruscotto(
        anno, periodo, oggi, piano, conteggi, [per_area[a.pk] for a in aree],
        sorted(per_responsabile.values(), key=lambda r: (r.chiave.last_name, r.chiave.first_name, r.chiave.pk)),
    )


def _target_mancato(indicatore, targets, misura, regola):
    """As RisultatoIndicatore.target_mancato, from plain values: the computed year-end grado is below 100."""
    varied = [t for t in targets if t["variazione_id"] is not None]
    if varied:
        target = max(varied, key=lambda t: (t["variazione__data_atto"], t["variazione_id"]))
    else:
        target = next(iter(targets), None)
    grado = achievement.indicator_achievement(
        formula=indicatore["formula"], direzione=indicatore["direzione"],
        target=target["valore"] if target else None, valore=misura["valore"], denominatore=misura["denominatore"],
        baseline=indicatore["baseline"] if indicatore["usa_baseline"] else None,
        target_date=target["data_scadenza"] if target else None, data_realizzazione=misura["data_realizzazione"],
        unita=indicatore["unita"], confronto=target["confronto"] if target else "", regola=regola,
    )
    return grado.percent is not None and grado.percent < 100


def _scadenze(risultati_obiettivi, anno):
    """The deadlines of the year: objectives' scadenze and phases' ends, soonest first (one query)."""
    by_id = {ro.obiettivo.pk: ro.obiettivo for ro in risultati_obiettivi}
    scadenze = [Scadenza(o.scadenza, o) for o in by_id.values() if o.scadenza and o.scadenza.year == anno]
    fasi = Fase.objects.filter(obiettivo_id__in=list(by_id), data_fine__year=anno)
    scadenze += [Scadenza(f.data_fine, by_id[f.obiettivo_id], f) for f in fasi]
    return sorted(scadenze, key=lambda s: (s.data, s.obiettivo.codice))


def cruscotto_elenco(cruscotto, vista, *, area_id=None, responsabile_id=None):
    """The rows behind one figure, narrowed to one area or one responsabile."""
    rows = cruscotto.elenchi[vista]

    def obiettivo_of(row):
        if isinstance(row, tuple):
            return row[0].obiettivo
        return row.obiettivo

    if area_id is not None:
        rows = [r for r in rows if obiettivo_of(r).area_id == area_id]
    if responsabile_id is not None:
        rows = [r for r in rows if obiettivo_of(r).responsabile_id == responsabile_id]
    return rows


def storico_for(*, obiettivo=None, indicatore=None, anno=None, limit=200):
    """The Storico of an objective (with its indicators) or of one indicator, newest first.

    It includes the ente-wide events of the plan's years that bear on them: the opening, closing and
    reopening of periods, and the variations of the Piano; with `anno`, only that year's ente-wide
    events (a page about 2019 does not list the 2018 Relazione's approval)."""
    if (obiettivo is None) == (indicatore is None):
        raise TypeError("Pass exactly one of obiettivo or indicatore")
    piano = (obiettivo or indicatore.obiettivo).piano
    own = Q(obiettivo=obiettivo) | Q(indicatore__obiettivo=obiettivo) if obiettivo else Q(indicatore=indicatore)
    ente_wide = Q(
        ente_id=piano.ente_id, obiettivo__isnull=True, indicatore__isnull=True,
        anno__gte=piano.anno_inizio, anno__lte=piano.anno_fine,
    )
    if anno is not None:
        ente_wide &= Q(anno=anno)
    return list(
        VoceStorico.objects.filter(own | ente_wide).select_related("utente", "indicatore").order_by("-creata_il", "-id")[:limit]
    )


def variazioni_of(obiettivo, anno=None):
    """The variations that touched an objective: varied targets (with the original), weights, insertion
    and withdrawal, oldest first, for the objective page."""
    targets = Target.objects.filter(indicatore__obiettivo=obiettivo)
    if anno is not None:
        targets = targets.filter(anno=anno)
    targets = list(targets.select_related("variazione", "indicatore").order_by("indicatore__ordine", "indicatore_id", "anno"))
    originali = {(t.indicatore_id, t.anno): t for t in targets if t.variazione_id is None}
    target_variati = [(originali.get((t.indicatore_id, t.anno)), t) for t in targets if t.variazione_id is not None]
    target_variati.sort(key=lambda pair: (pair[1].variazione.data_atto, pair[1].variazione_id))
    pesi = list(obiettivo.pesi_variati.select_related("variazione").order_by("variazione__data_atto", "variazione_id"))
    return {
        "target_variati": target_variati,
        "pesi_variati": pesi,
        "peso_originale": obiettivo.peso,
        "inserito_con": obiettivo.inserito_con,
        "ritirato_con": obiettivo.ritirato_con,
        "vuoto": not (target_variati or pesi or obiettivo.inserito_con_id or obiettivo.ritirato_con_id),
    }


@dataclass
class PromemoriaResponsabile:
    """What one responsabile still has to do: missing values of a closing period, and deadlines."""

    destinatario: object
    mancanti: list = field(default_factory=list)  # (Periodo, RisultatoObiettivo, RisultatoIndicatore)
    scadenze: list = field(default_factory=list)  # Scadenza

    @property
    def vuoto(self):
        return not (self.mancanti or self.scadenze)


def promemoria_for_ente(ente, *, oggi, giorni):
    """Per responsabile: the values still missing in an open period closing within `giorni` days, and the
    deadlines (objectives and phases) due within `giorni` days. Responsabili with nothing to do are left out."""
    anno = ente.anno_corrente
    piano = piano_for_year(ente, anno)
    if piano is None:
        return []
    limite = oggi + timedelta(days=giorni)
    in_chiusura = [
        p for p in Periodo.objects.filter(ente=ente, anno=anno, aperto=True)
        if p.data_chiusura is not None and oggi <= p.data_chiusura <= limite
    ]
    risultati = [r for r in piano_results(piano=piano, anno=anno).obiettivi if not r.ritirato]
    per_persona = {}

    def of(user):
        return per_persona.setdefault(user.pk, PromemoriaResponsabile(user))

    for periodo in in_chiusura:
        for ro in risultati:
            for ri in ro.indicatori:
                if not has_value(ri.luglio if periodo.tipo == LUGLIO else ri.consuntivo):
                    of(ro.obiettivo.responsabile).mancanti.append((periodo, ro, ri))
    for scadenza in _scadenze(risultati, anno):
        if oggi <= scadenza.data <= limite:
            of(scadenza.obiettivo.responsabile).scadenze.append(scadenza)
    return [p for p in per_persona.values() if not p.vuoto]


def monitoraggio_report(*, ente, anno):
    """The context of the July monitoring report for the Giunta and the Consiglio (page and PDF alike)."""
    piano = piano_for_year(ente, anno)
    periodo = Periodo.objects.filter(ente=ente, anno=anno, tipo=Periodo.Tipo.LUGLIO).first()
    return {
        "ente": ente,
        "anno": anno,
        "piano": piano,
        "periodo": periodo,
        "data_riferimento": date(anno, 7, 31),
        "risultati": piano_results(piano=piano, anno=anno) if piano else None,
    }


def storico_periodi(ente, anno):
    """The openings, closings and reopenings of the year's periods, newest first."""
    return list(
        VoceStorico.objects.filter(
            ente=ente, anno=anno, obiettivo__isnull=True, indicatore__isnull=True, campo__in=[str(label) for label in Periodo.Tipo.labels]
        ).select_related("utente")
    )


def storico_variazione(variazione):
    """The changes a variation made, oldest first (each Storico row names the deliberation)."""
    return list(
        VoceStorico.objects.filter(ente_id=variazione.piano.ente_id, motivazione=str(variazione))
        .exclude(obiettivo__isnull=True, indicatore__isnull=True)
        .select_related("utente", "obiettivo", "indicatore")
        .order_by("creata_il", "id")
    )
