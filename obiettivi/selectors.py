"""Reads that span relations: the results of a plan's objectives in a year.

`piano_results` is the one place that turns the stored data into gradi di raggiungimento, for
the responsabile's pages, the Segretario's dashboard and the Relazione alike. It runs a fixed
number of queries whatever the size of the plan.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q

from . import achievement
from .achievement import Achievement, Esito
from .models import (
    Indicatore,
    Misurazione,
    Monitoraggio,
    Obiettivo,
    PesoVariato,
    Piano,
    Rettifica,
    Target,
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
    peso: Decimal  # in force
    peso_variato: PesoVariato | None
    indicatori: list[RisultatoIndicatore]
    grado_luglio: Achievement
    grado: Achievement  # after any override
    grado_calcolato: Achievement
    rettifica: Rettifica | None
    monitoraggio_luglio: Monitoraggio | None
    monitoraggio_consuntivo: Monitoraggio | None

    @property
    def ritirato(self):
        return self.obiettivo.ritirato_con_id is not None

    @property
    def valori_mancanti(self):
        return sum(1 for r in self.indicatori if r.consuntivo is None or r.grado_calcolato.esito == Esito.MANCANTE)


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


def indicator_grade(indicatore, target, misurazione):
    """The computed grado of one indicator for one measurement (no override)."""
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


def _obiettivi_queryset(piano, anno):
    anno_q = Q(anno=anno)
    return (
        Obiettivo.objects.filter(piano=piano)
        .select_related(
            "area", "responsabile", "programma", "obiettivo_strategico", "inserito_con", "ritirato_con"
        )
        .prefetch_related(
            Prefetch(
                "indicatori",
                queryset=Indicatore.objects.order_by("ordine", "id").prefetch_related(
                    Prefetch("target", queryset=Target.objects.filter(anno_q).select_related("variazione")),
                    Prefetch(
                        "misurazioni",
                        queryset=Misurazione.objects.filter(anno_q).select_related("aggiornato_da"),
                    ),
                    Prefetch(
                        "rettifiche",
                        queryset=Rettifica.objects.filter(anno_q, attiva=True).select_related("autore"),
                    ),
                ),
            ),
            Prefetch("monitoraggi", queryset=Monitoraggio.objects.filter(anno_q)),
            Prefetch("rettifiche", queryset=Rettifica.objects.filter(anno_q, attiva=True).select_related("autore")),
            Prefetch("pesi_variati", queryset=PesoVariato.objects.select_related("variazione")),
        )
        .order_by("area__ordine", "area__nome", "ordine", "codice")
    )


def _latest_variation(rows):
    """The row set by the latest variation (by deliberation date), or the original one."""
    varied = [r for r in rows if r.variazione_id is not None]
    if varied:
        return max(varied, key=lambda r: (r.variazione.data_atto, r.variazione_id))
    return next((r for r in rows if r.variazione_id is None), None)


def target_in_force(indicatore, anno):
    """The target of the year in force: the latest variation's, else the original."""
    return _latest_variation(list(Target.objects.filter(indicatore=indicatore, anno=anno).select_related("variazione")))


def _indicator_result(indicatore):
    targets = list(indicatore.target.all())
    target = _latest_variation(targets)
    original = next((t for t in targets if t.variazione_id is None), None)
    by_period = {m.periodo: m for m in indicatore.misurazioni.all()}
    luglio, consuntivo = by_period.get(LUGLIO), by_period.get(CONSUNTIVO)
    computed = indicator_grade(indicatore, target, consuntivo)
    rettifiche = list(indicatore.rettifiche.all())  # newest first (model ordering)
    rettifica = rettifiche[0] if rettifiche else None
    return RisultatoIndicatore(
        indicatore=indicatore,
        target=target,
        target_originale=original,
        luglio=luglio,
        consuntivo=consuntivo,
        grado_luglio=indicator_grade(indicatore, target, luglio),
        grado=override_grade(rettifica, computed) if rettifica else computed,
        grado_calcolato=computed,
        rettifica=rettifica,
    )


def objective_result(obiettivo):
    """The result of one objective whose relations were prefetched by `_obiettivi_queryset`."""
    indicatori = [_indicator_result(i) for i in obiettivo.indicatori.all()]
    weights = [i.indicatore.peso for i in indicatori]
    computed = achievement.weighted_achievement(
        [(r.grado.percent, w) for r, w in zip(indicatori, weights)], what="indicatori"
    )
    luglio = achievement.weighted_achievement(
        [(r.grado_luglio.percent, w) for r, w in zip(indicatori, weights)], what="indicatori"
    )
    rettifiche = list(obiettivo.rettifiche.all())
    rettifica = rettifiche[0] if rettifiche else None
    peso_variato = _latest_variation(list(obiettivo.pesi_variati.all()))
    by_period = {m.periodo: m for m in obiettivo.monitoraggi.all()}
    return RisultatoObiettivo(
        obiettivo=obiettivo,
        peso=peso_variato.peso if peso_variato else obiettivo.peso,
        peso_variato=peso_variato,
        indicatori=indicatori,
        grado_luglio=luglio,
        grado=override_grade(rettifica, computed) if rettifica else computed,
        grado_calcolato=computed,
        rettifica=rettifica,
        monitoraggio_luglio=by_period.get(LUGLIO),
        monitoraggio_consuntivo=by_period.get(CONSUNTIVO),
    )


def _weighted(results, attr, what):
    valid = [r for r in results if not r.ritirato]
    return achievement.weighted_achievement(
        [(getattr(r, attr).percent, r.peso) for r in valid], what=what
    )


def piano_results(*, piano, anno, obiettivi=None):
    """Results by area and for the whole ente. `obiettivi` narrows the objectives (a queryset filter)."""
    queryset = _obiettivi_queryset(piano, anno)
    if obiettivi is not None:
        queryset = queryset.filter(pk__in=obiettivi.values("pk"))
    aree = {}
    for obiettivo in queryset:
        riga = aree.setdefault(obiettivo.area_id, RisultatoArea(area=obiettivo.area))
        riga.obiettivi.append(objective_result(obiettivo))
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


def obiettivo_result(obiettivo, anno):
    """The result of a single objective in a year (fixed number of queries)."""
    return objective_result(_obiettivi_queryset(obiettivo.piano, anno).get(pk=obiettivo.pk))


def piano_for_year(ente, anno):
    """The Piano of the ente that covers the year, or None."""
    return (
        Piano.objects.filter(ente=ente, anno_inizio__lte=anno, anno_fine__gte=anno)
        .order_by("-anno_inizio")
        .first()
    )


def obiettivi_of_responsabile(user, piano):
    """The objectives that are the user's to fill in: assigned to them or in an area they head."""
    return Obiettivo.objects.filter(piano=piano).filter(Q(responsabile=user) | Q(area__responsabile=user))


def year_is_frozen(ente_id, anno):
    """An approved Relazione freezes its year: no value, target, note or narrative may change."""
    from relazioni.models import Relazione  # relazioni builds on obiettivi, not the reverse

    return Relazione.objects.filter(ente_id=ente_id, anno=anno).exclude(stato=Relazione.Stato.BOZZA).exists()
