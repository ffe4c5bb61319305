"""The grado di raggiungimento: table-driven rules and properties. No database."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obiettivi.achievement import (
    Esito,
    classify,
    format_decimal,
    format_percent,
    indicator_achievement,
    weighted_achievement,
)

CASES = [
    # id, formula, direzione, target, valore, extra, percent, esito
    ("higher better, exceeded", "numero", "crescente", D(10), D("12.5"), {}, D(100), Esito.RAGGIUNTO),
    ("higher better, missed", "numero", "crescente", D(3), D("2.4"), {}, D(80), Esito.PARZIALE),
    ("higher better, far off", "numero", "crescente", D(100), D(30), {}, D(30), Esito.NON_RAGGIUNTO),
    ("lower better, met", "numero", "decrescente", D(5), D("4.5"), {}, D(100), Esito.RAGGIUNTO),
    ("lower better, exactly met", "numero", "decrescente", D(60), D(60), {}, D(100), Esito.RAGGIUNTO),
    ("lower better, missed", "numero", "decrescente", D(50), D(100), {}, D(50), Esito.PARZIALE),
    ("lower better, target 0 met below zero", "numero", "decrescente", D(0), D("-3.4"), {}, D(100), Esito.RAGGIUNTO),
    ("lower better, target 0 missed", "numero", "decrescente", D(0), D(2), {}, D(0), Esito.NON_RAGGIUNTO),
    ("higher better, target 0", "numero", "crescente", D(0), D(0), {}, D(100), Esito.RAGGIUNTO),
    ("higher better, negative value", "numero", "crescente", D(10), D(-5), {}, D(0), Esito.NON_RAGGIUNTO),
    ("ratio in percent", "rapporto", "crescente", D(90), D(1580), {"denominatore": D(1850), "unita": "%"},
     D(1580) / D(1850) * 100 / 90 * 100, Esito.RAGGIUNTO),
    ("ratio met", "rapporto", "crescente", D(95), D(87), {"denominatore": D(90), "unita": "%"}, D(100), Esito.RAGGIUNTO),
    ("yes/no done", "si_no", "crescente", D(1), D(1), {}, D(100), Esito.RAGGIUNTO),
    ("yes/no not done", "si_no", "crescente", D(1), D(0), {}, D(0), Esito.NON_RAGGIUNTO),
    ("judgement", "testuale", "crescente", D(100), D(85), {}, D(85), Esito.PARZIALE),
    ("baseline progress", "numero", "crescente", D(70), D("68.5"), {"baseline": D(65)}, D(70), Esito.PARZIALE),
    ("baseline progress, lower better", "numero", "decrescente", D(250), D(259), {"baseline": D(268)}, D(50), Esito.PARZIALE),
    ("baseline beyond the target is ignored", "numero", "crescente", D(10), D(8), {"baseline": D(12)}, D(80), Esito.PARZIALE),
]


@pytest.mark.parametrize(("formula", "direzione", "target", "valore", "extra", "percent", "esito"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_formula_and_direction_gives_the_grado_of_the_smvp(formula, direzione, target, valore, extra, percent, esito):
    result = indicator_achievement(formula=formula, direzione=direzione, target=target, valore=valore, **extra)
    assert result.percent == pytest.approx(percent)
    assert result.esito == esito
    assert result.explanation


DEADLINES = [
    ("on time", date(2018, 9, 21), D(100)),
    ("on the day", date(2018, 9, 30), D(100)),
    ("16 days late", date(2018, 10, 16), D(75)),
    ("45 days late", date(2018, 11, 14), D(50)),
    ("75 days late", date(2018, 12, 14), D(25)),
    ("a year late", date(2019, 9, 30), D(0)),
]


@pytest.mark.parametrize(("done", "percent"), [c[1:] for c in DEADLINES], ids=[c[0] for c in DEADLINES])
def test_a_deadline_is_100_on_time_then_reduced_by_bands_of_delay(done, percent):
    result = indicator_achievement(formula="scadenza", direzione="crescente", target=None, valore=None,
                                   target_date=date(2018, 9, 30), data_realizzazione=done)
    assert result.percent == percent


@pytest.mark.parametrize(("kwargs", "esito", "words"), [
    ({"formula": "numero", "target": D(10), "valore": None}, Esito.MANCANTE, "mancante"),
    ({"formula": "numero", "target": None, "valore": D(3)}, Esito.NON_VALUTABILE, "target non definito"),
    ({"formula": "rapporto", "target": D(90), "valore": D(3), "denominatore": D(0)}, Esito.NON_VALUTABILE, "denominatore"),
    ({"formula": "testuale", "target": None, "valore": D(120)}, Esito.NON_VALUTABILE, "fra 0 e 100"),
    ({"formula": "scadenza", "target": None, "valore": None, "target_date": date(2018, 1, 1)}, Esito.MANCANTE, "mancante"),
], ids=["no value", "no target", "zero denominator", "judgement out of range", "no date"])
def test_what_cannot_be_computed_says_why_and_has_no_percent(kwargs, esito, words):
    result = indicator_achievement(direzione="crescente", **kwargs)
    assert result.percent is None and result.esito == esito and words in result.explanation


def test_the_explanation_lets_anyone_recompute_the_grado():
    result = indicator_achievement(formula="numero", direzione="crescente", target=D(10), valore=D("12.5"))
    assert result.explanation == "12,5 su un target di 10, crescente: target raggiunto, 100 %"
    result = indicator_achievement(formula="numero", direzione="crescente", target=D(3), valore=D("2.4"), unita="km")
    assert result.explanation == "2,4 km su un target di 3 km, crescente: 2,4 / 3 = 80 %"


@pytest.mark.parametrize(("percent", "esito"), [
    (D("100"), Esito.RAGGIUNTO), (D("90"), Esito.RAGGIUNTO), (D("89.99"), Esito.PARZIALE),
    (D("50"), Esito.PARZIALE), (D("49.99"), Esito.NON_RAGGIUNTO), (D("0"), Esito.NON_RAGGIUNTO), (None, Esito.MANCANTE),
])
def test_bands_classify_the_unrounded_percentage(percent, esito):
    assert classify(percent) == esito


def test_a_displayed_percentage_never_reaches_a_band_its_value_did_not():
    assert format_percent(D("89.96")) == "89,9 %"
    assert classify(D("89.96")) == Esito.PARZIALE


@pytest.mark.parametrize(("value", "text"), [
    (D("1234.5"), "1.234,5"), (D("12.5000"), "12,5"), (D("100"), "100"), (D("-3.4"), "-3,4"), (None, ""),
    (D("43870.50"), "43.870,5"),
])
def test_numbers_are_written_the_italian_way(value, text):
    assert format_decimal(value) == text


def test_percentages_are_written_the_italian_way():
    assert format_percent(D(100)) == "100 %"
    assert format_percent(D("87.5")) == "87,5 %"
    assert format_percent(None) == "—"


def test_the_objective_is_the_weighted_mean_of_the_valued_indicators():
    result = weighted_achievement([(D(100), D(50)), (D(80), D(30)), (D(0), D(20))])
    assert result.percent == D(74)
    assert "Media ponderata di 3 indicatori" in result.explanation


def test_indicators_without_a_grado_are_left_out_and_the_explanation_says_so():
    result = weighted_achievement([(D(100), D(50)), (None, D(50))])
    assert result.percent == D(100) and "1 indicatori su 2 valutati" in result.explanation


def test_zero_weights_fall_back_to_a_simple_mean_and_nothing_valued_is_missing():
    assert weighted_achievement([(D(100), D(0)), (D(50), D(0))]).percent == D(75)
    assert weighted_achievement([(None, D(10))]).esito == Esito.MANCANTE


numbers = st.decimals(min_value=-1000, max_value=100000, allow_nan=False, allow_infinity=False, places=2)
positive = st.decimals(min_value=D("0.01"), max_value=100000, allow_nan=False, allow_infinity=False, places=2)


@given(formula=st.sampled_from(["numero", "rapporto", "testuale", "si_no"]),
       direzione=st.sampled_from(["crescente", "decrescente"]),
       target=numbers, valore=numbers, denominatore=numbers, baseline=st.none() | numbers)
def test_a_grado_is_always_within_0_and_100(formula, direzione, target, valore, denominatore, baseline):
    result = indicator_achievement(formula=formula, direzione=direzione, target=target, valore=valore,
                                   denominatore=denominatore, baseline=baseline)
    assert result.percent is None or D(0) <= result.percent <= D(100)


@given(target=positive, a=numbers, b=numbers, baseline=st.none() | numbers)
def test_a_higher_is_better_grado_never_decreases_as_the_value_grows(target, a, b, baseline):
    low, high = sorted([a, b])
    grado = lambda v: indicator_achievement(formula="numero", direzione="crescente", target=target, valore=v, baseline=baseline).percent  # noqa: E731
    assert grado(low) <= grado(high)


@given(target=numbers, delta=st.decimals(min_value=0, max_value=1000, places=2, allow_nan=False, allow_infinity=False))
def test_a_met_lower_is_better_target_is_always_100(target, delta):
    result = indicator_achievement(formula="numero", direzione="decrescente", target=target, valore=target - delta)
    assert result.percent == D(100) and result.esito == Esito.RAGGIUNTO


@given(st.lists(st.tuples(st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
                          st.decimals(min_value=0, max_value=100, places=2, allow_nan=False)), min_size=1, max_size=8))
def test_a_weighted_mean_lies_between_its_parts(parts):
    result = weighted_achievement(parts)
    percents = [p for p, _ in parts]
    assert min(percents) - D("0.000001") <= result.percent <= max(percents) + D("0.000001")
