"""The evaluation and premio rules, database-free and table-driven."""

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valutazioni import rules
from valutazioni.rules import Fascia, Regola

PESI = {"ente": D(10), "area": D(20), "obiettivi": D(40), "comportamenti": D(30)}
FASCE = (Fascia(D(90), D(100), "Eccellente"), Fascia(D(75), D(80), "Buona"), Fascia(D(60), D(50), "Adeguata"))


@pytest.mark.parametrize("componenti, rettifiche, atteso, mancanti", [
    ({"ente": 100, "area": 100, "obiettivi": 100, "comportamenti": 100}, {}, D(100), ()),
    ({"ente": 80, "area": 90, "obiettivi": 70, "comportamenti": 60}, {}, D(8) + D(18) + D(28) + D(18), ()),
    # The area has no objectives: its 20 points are shared by the others in proportion (10:40:30).
    ({"ente": 80, "area": None, "obiettivi": 80, "comportamenti": 80}, {}, D(80), ("area",)),
    ({"ente": 100, "area": None, "obiettivi": 50, "comportamenti": None}, {}, (D(100) * 10 + D(50) * 40) / 50,
     ("area", "comportamenti")),
    # An override replaces the computed component.
    ({"ente": 80, "area": 90, "obiettivi": 70, "comportamenti": 60}, {"obiettivi": D(100)},
     D(8) + D(18) + D(40) + D(18), ()),
    ({"ente": None, "area": None, "obiettivi": None, "comportamenti": None}, {}, None,
     ("ente", "area", "obiettivi", "comportamenti")),
])
def test_the_score_weights_components_and_shares_the_weight_of_missing_ones(componenti, rettifiche, atteso, mancanti):
    p = rules.score(componenti, PESI, rettifiche=rettifiche)
    assert p.valore == atteso
    assert p.mancanti == mancanti
    assert p.spiegazione


def test_a_component_with_no_weight_is_never_missing():
    pesi = {"ente": D(0), "area": D(0), "obiettivi": D(50), "comportamenti": D(50)}
    p = rules.score({"ente": None, "area": None, "obiettivi": 60, "comportamenti": 80}, pesi)
    assert p.valore == D(70) and p.mancanti == ()


@pytest.mark.parametrize("pesi", [
    {"ente": D(10), "area": D(20), "obiettivi": D(40), "comportamenti": D(20)},
    {"ente": D(-10), "area": D(40), "obiettivi": D(40), "comportamenti": D(30)},
])
def test_weights_not_adding_to_100_are_refused(pesi):
    with pytest.raises(rules.RuleError):
        rules.score({"ente": 1}, pesi)


def test_a_component_out_of_range_is_refused():
    with pytest.raises(rules.RuleError):
        rules.score({"ente": 120, "area": 1, "obiettivi": 1, "comportamenti": 1}, PESI)


@pytest.mark.parametrize("valore, banda", [
    (D("89.996"), "Buona"),  # shown as 90,00 but below 90: never rounded before classifying
    (D(90), "Eccellente"), (D(100), "Eccellente"), (D(75), "Buona"), (D("74.999"), "Adeguata"),
    (D(60), "Adeguata"), (D("59.99"), None), (None, None),
])
def test_bands_classify_the_unrounded_score(valore, banda):
    f = rules.classify(valore, FASCE)
    assert (f.nome if f else None) == banda


def test_rounding_is_for_display_only():
    assert rules.show(D("89.996")) == "90,00"
    assert rules.classify(D("89.996"), FASCE).nome == "Buona"


@pytest.mark.parametrize("fasce", [
    (Fascia(D(90), D(50)), Fascia(D(60), D(80))),  # higher band, lower premio
    (Fascia(D(90), D(50)), Fascia(D(90), D(60))),
    (Fascia(D(120), D(50)),),
])
def test_bands_out_of_order_are_refused(fasce):
    with pytest.raises(rules.RuleError):
        rules.check_fasce(fasce)


@pytest.mark.parametrize("punteggi, scala, atteso", [
    ([4, 4, 4], 4, D(100)), ([2, 4], 4, D(75)), ([], 4, None), ([None, 3], 4, D(75)),
])
def test_comportamenti_as_percent_of_the_scale(punteggi, scala, atteso):
    assert rules.comportamenti_percent(punteggi, scala) == atteso


def test_a_behaviour_score_outside_the_scale_is_refused():
    with pytest.raises(rules.RuleError):
        rules.comportamenti_percent([5], 4)


def test_bands_premi_minimum_score_and_residue():
    regola = Regola(tipo="fasce", minimo=D(60), fasce=FASCE)
    rip = rules.compute_premi([("a", D(95)), ("b", D(80)), ("c", D(50))], D(1800), regola)
    importi = {p.chiave: p.importo for p in rip.premi}
    assert importi == {"a": D(1000), "b": D(800), "c": D(0)}
    assert rip.distribuito == D(1800) and rip.residuo == 0


def test_proportional_premi():
    regola = Regola(tipo="proporzionale", minimo=D(60))
    rip = rules.compute_premi([("a", D(100)), ("b", D(60)), ("c", D(59))], D(800), regola)
    assert {p.chiave: p.importo for p in rip.premi} == {"a": D(500), "b": D(300), "c": D(0)}


def test_the_differenziazione_gives_at_least_30_percent_of_the_average_to_a_limited_share():
    regola = Regola(tipo="proporzionale", minimo=D(0), quota_differenziazione=D(10), maggiorazione=D(30))
    punteggi = [(i, D(100 - i)) for i in range(10)]
    rip = rules.compute_premi(punteggi, D(10000), regola)
    assert rip.beneficiari_maggiorazione == 1
    primo = rip.premi[0]
    assert primo.maggiorazione >= D("0.3") * rip.premio_medio - D("0.01")
    assert rip.distribuito <= D(10000)
    assert not rules.legal_problems(relazione_validata=True, regola=regola, ripartizione=rip,
                                    differenziazione_richiesta=True)


def test_a_tie_at_the_edge_of_the_share_is_excluded_whole():
    assert rules.differentiated([("a", D(90)), ("b", D(90)), ("c", D(80))], D(34)) == set()
    assert rules.differentiated([("a", D(95)), ("b", D(90)), ("c", D(80))], D(34)) == {"a"}


@pytest.mark.parametrize("validata, regola, problemi", [
    (False, Regola(tipo="proporzionale", quota_differenziazione=D(10)), 1),
    (True, Regola(tipo="proporzionale", quota_differenziazione=D(10), maggiorazione=D(20)), 1),
    (True, Regola(tipo="proporzionale", quota_differenziazione=D(0)), 1),
])
def test_legal_conditions(validata, regola, problemi):
    rip = rules.compute_premi([(i, D(100 - i)) for i in range(20)], D(1000), regola)
    found = rules.legal_problems(relazione_validata=validata, regola=regola, ripartizione=rip,
                                 differenziazione_richiesta=True)
    assert len(found) == problemi


def test_a_share_given_to_nobody_because_of_a_tie_is_a_legal_problem():
    regola = Regola(tipo="proporzionale", quota_differenziazione=D(50))
    rip = rules.compute_premi([("a", D(90)), ("b", D(90)), ("c", D(80))], D(1000), regola)
    assert rip.beneficiari_maggiorazione == 0
    assert rules.legal_problems(relazione_validata=True, regola=regola, ripartizione=rip,
                                differenziazione_richiesta=True)


def test_a_share_too_small_to_reach_anyone_is_no_legal_problem():
    regola = Regola(tipo="proporzionale", quota_differenziazione=D(10))
    rip = rules.compute_premi([("a", D(90)), ("b", D(80))], D(1000), regola)
    assert not rules.legal_problems(relazione_validata=True, regola=regola, ripartizione=rip,
                                    differenziazione_richiesta=True)


def test_distribution_and_degree():
    regola = Regola(tipo="fasce", minimo=D(60), fasce=FASCE)
    righe = dict(rules.distribution([D(95), D(92), D(80), D(50), None], regola))
    assert righe["Eccellente"] == 2 and righe["Buona"] == 1 and righe["Adeguata"] == 0
    assert righe["Sotto il punteggio minimo o non valutati"] == 2
    grado = rules.differentiation_degree([D(1000), D(500), D(0)])
    assert grado["rapporto_max_min"] == 2


scores = st.one_of(st.none(), st.decimals(min_value=0, max_value=100, places=3, allow_nan=False))
regole = st.builds(
    Regola,
    tipo=st.sampled_from(["fasce", "proporzionale"]),
    minimo=st.decimals(min_value=0, max_value=80, places=0),
    fasce=st.just(FASCE),
    quota_differenziazione=st.sampled_from([D(0), D(10), D(25), D(50)]),
    maggiorazione=st.sampled_from([D(30), D(40), D(100)]),
)


@given(st.lists(scores, min_size=0, max_size=30), st.decimals(min_value=0, max_value=10 ** 6, places=2), regole)
def test_the_total_distributed_never_exceeds_the_resources(valori, risorse, regola):
    rip = rules.compute_premi(list(enumerate(valori)), risorse, regola)
    assert rip.distribuito <= risorse
    assert all(p.importo >= 0 for p in rip.premi)


@given(st.lists(scores, min_size=1, max_size=30), st.decimals(min_value=0, max_value=10 ** 6, places=2), regole)
def test_a_higher_score_never_gets_a_lower_premio(valori, risorse, regola):
    rip = rules.compute_premi(list(enumerate(valori)), risorse, regola)
    for p in rip.premi:
        for q in rip.premi:
            if (p.punteggio or D(-1)) > (q.punteggio or D(-1)):
                assert p.importo >= q.importo
