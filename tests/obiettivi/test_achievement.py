"""The grado di raggiungimento: table-driven rules and properties. No database, no Django."""

from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from obiettivi.achievement import (
    DEFAULT_BANDS,
    Achievement,
    Esito,
    classify,
    format_decimal,
    format_percent,
    indicator_achievement,
    round_percent,
    weighted_achievement,
)


def grado(formula="numero", direzione="crescente", target=None, valore=None, **extra) -> Achievement:
    return indicator_achievement(formula=formula, direzione=direzione, target=target, valore=valore, **extra)


# --- NUMERO and RAPPORTO -------------------------------------------------------------------------

NUMERIC = [
    # direzione, target, valore, extra, percent, esito
    pytest.param("crescente", D(10), D("12.5"), {}, D(100), Esito.RAGGIUNTO, id="higher better, exceeded"),
    pytest.param("crescente", D(10), D(10), {}, D(100), Esito.RAGGIUNTO, id="higher better, exactly met"),
    pytest.param("crescente", D(3), D("2.4"), {}, D(80), Esito.PARZIALE, id="higher better, missed"),
    pytest.param("crescente", D(100), D(30), {}, D(30), Esito.NON_RAGGIUNTO, id="higher better, far off"),
    pytest.param("crescente", D(10), D(0), {}, D(0), Esito.NON_RAGGIUNTO, id="higher better, nothing done"),
    pytest.param("decrescente", D(5), D("4.5"), {}, D(100), Esito.RAGGIUNTO, id="lower better, met"),
    pytest.param("decrescente", D(60), D(60), {}, D(100), Esito.RAGGIUNTO, id="lower better, exactly met"),
    pytest.param("decrescente", D(30), D(1), {}, D(100), Esito.RAGGIUNTO, id="lower better, far below target"),
    pytest.param("decrescente", D(50), D(100), {}, D(50), Esito.PARZIALE, id="lower better, missed"),
    pytest.param("decrescente", D(10), D(40), {}, D(25), Esito.NON_RAGGIUNTO, id="lower better, far off"),
    pytest.param("crescente", D(0), D(0), {}, D(100), Esito.RAGGIUNTO, id="higher better, target 0 met"),
    pytest.param("crescente", D(0), D(-1), {}, D(0), Esito.NON_RAGGIUNTO, id="higher better, target 0 missed"),
    pytest.param("decrescente", D(0), D(0), {}, D(100), Esito.RAGGIUNTO, id="lower better, target 0 met"),
    pytest.param("decrescente", D(0), D("-3.4"), {}, D(100), Esito.RAGGIUNTO, id="lower better, target 0 met below 0"),
    pytest.param("decrescente", D(0), D(2), {}, D(0), Esito.NON_RAGGIUNTO, id="lower better, target 0 missed"),
    pytest.param("crescente", D(10), D(-5), {}, D(0), Esito.NON_RAGGIUNTO, id="higher better, negative value"),
    pytest.param("crescente", D(-5), D(-2), {}, D(100), Esito.RAGGIUNTO, id="higher better, negative target met"),
    pytest.param("crescente", D(-5), D(-8), {}, D(0), Esito.NON_RAGGIUNTO, id="higher better, negative target missed"),
    pytest.param("decrescente", D(-5), D(-8), {}, D(100), Esito.RAGGIUNTO, id="lower better, negative target met"),
    pytest.param("decrescente", D(-5), D(-2), {}, D(0), Esito.NON_RAGGIUNTO, id="lower better, negative target missed"),
    pytest.param("crescente", D(70), D("68.5"), {"baseline": D(65)}, D(70), Esito.PARZIALE,
                 id="higher better, progress from the baseline"),
    pytest.param("crescente", D(70), D(60), {"baseline": D(65)}, D(0), Esito.NON_RAGGIUNTO,
                 id="higher better, worse than the baseline is 0"),
    pytest.param("crescente", D(70), D(75), {"baseline": D(65)}, D(100), Esito.RAGGIUNTO,
                 id="higher better, beyond the target from the baseline is 100"),
    pytest.param("decrescente", D(250), D(259), {"baseline": D(268)}, D(50), Esito.PARZIALE,
                 id="lower better, progress from the baseline"),
    pytest.param("decrescente", D(250), D(240), {"baseline": D(268)}, D(100), Esito.RAGGIUNTO,
                 id="lower better, met from the baseline is 100"),
    pytest.param("decrescente", D(250), D(300), {"baseline": D(268)}, D(0), Esito.NON_RAGGIUNTO,
                 id="lower better, worse than the baseline is 0"),
    pytest.param("crescente", D(10), D(8), {"baseline": D(12)}, D(80), Esito.PARZIALE,
                 id="higher better, baseline beyond the target is ignored"),
    pytest.param("decrescente", D(10), D(20), {"baseline": D(10)}, D(50), Esito.PARZIALE,
                 id="lower better, baseline equal to the target is ignored"),
    pytest.param("crescente", D(-10), D(-5), {"baseline": D(-20)}, D(100), Esito.RAGGIUNTO,
                 id="higher better, negative baseline and target, met"),
    pytest.param("crescente", D(-10), D(-15), {"baseline": D(-20)}, D(50), Esito.PARZIALE,
                 id="higher better, negative baseline and target, halfway"),
]


@pytest.mark.parametrize(("direzione", "target", "valore", "extra", "percent", "esito"), NUMERIC)
def test_a_number_gives_the_grado_of_the_smvp_in_both_directions(direzione, target, valore, extra, percent, esito):
    result = grado("numero", direzione, target, valore, **extra)
    assert result.percent == percent
    assert result.esito == esito
    assert result.explanation


RATIOS = [
    # direzione, target, numeratore, denominatore, unita, percent, esito
    pytest.param("crescente", D(90), D(1580), D(1850), "%", D(1580) / D(1850) * 100 / 90 * 100, Esito.RAGGIUNTO,
                 id="higher better, in percent"),
    pytest.param("crescente", D(95), D(87), D(90), "%", D(100), Esito.RAGGIUNTO, id="higher better, met, in percent"),
    pytest.param("crescente", D("0.5"), D(1), D(4), "", D(50), Esito.PARZIALE, id="higher better, plain ratio"),
    pytest.param("decrescente", D(2), D(12), D(3), "", D(50), Esito.PARZIALE, id="lower better, plain ratio"),
    pytest.param("decrescente", D(10), D(5), D(100), " % ", D(100), Esito.RAGGIUNTO,
                 id="lower better, met, unit with spaces"),
]


@pytest.mark.parametrize(("direzione", "target", "valore", "denominatore", "unita", "percent", "esito"), RATIOS)
def test_a_ratio_is_compared_in_the_unit_of_its_target(direzione, target, valore, denominatore, unita, percent, esito):
    """With unit "%" the ratio is multiplied by 100, so that 1.580 / 1.850 compares with a 90 % target."""
    result = grado("rapporto", direzione, target, valore, denominatore=denominatore, unita=unita)
    assert result.percent == pytest.approx(percent)
    assert result.esito == esito


# --- SI_NO, TESTUALE, SCADENZA -------------------------------------------------------------------

@pytest.mark.parametrize(("target", "valore", "percent", "explanation"), [
    pytest.param(D(1), D(1), D(100), "Realizzato: sì (atteso: sì): 100 %", id="done as expected"),
    pytest.param(D(1), D(0), D(0), "Realizzato: no (atteso: sì): 0 %", id="not done"),
    pytest.param(D(0), D(0), D(100), "Realizzato: no (atteso: no): 100 %", id="expected not to happen"),
])
def test_a_yes_no_indicator_is_100_or_0(target, valore, percent, explanation):
    result = grado("si_no", "crescente", target, valore)
    assert (result.percent, result.explanation) == (percent, explanation)


@pytest.mark.parametrize(("valore", "percent", "esito"), [
    pytest.param(D(85), D(85), Esito.PARZIALE, id="partial judgement"),
    pytest.param(D(100), D(100), Esito.RAGGIUNTO, id="full marks"),
    pytest.param(D(0), D(0), Esito.NON_RAGGIUNTO, id="zero"),
])
def test_a_textual_indicator_takes_the_percentage_its_evaluator_assigned(valore, percent, esito):
    result = grado("testuale", "crescente", None, valore)
    assert (result.percent, result.esito) == (percent, esito)
    assert result.explanation == f"Valutazione espressa dal responsabile: {format_percent(percent)}"


DEADLINES = [
    pytest.param(date(2018, 9, 21), D(100), "entro la scadenza del 30/09/2018", id="on time"),
    pytest.param(date(2018, 9, 30), D(100), "entro la scadenza del 30/09/2018", id="on the day"),
    pytest.param(date(2018, 10, 1), D(75), "in ritardo di 1 giorno", id="one day late"),
    pytest.param(date(2018, 10, 12), D(75), "in ritardo di 12 giorni", id="12 days late"),
    pytest.param(date(2018, 10, 30), D(75), "in ritardo di 30 giorni", id="30 days late, last day of the band"),
    pytest.param(date(2018, 10, 31), D(50), "in ritardo di 31 giorni", id="31 days late"),
    pytest.param(date(2018, 12, 14), D(25), "in ritardo di 75 giorni", id="75 days late"),
    pytest.param(date(2018, 12, 29), D(25), "in ritardo di 90 giorni", id="90 days late"),
    pytest.param(date(2018, 12, 30), D(0), "in ritardo di 91 giorni", id="beyond the last band"),
]


@pytest.mark.parametrize(("done", "percent", "words"), DEADLINES)
def test_a_deadline_is_100_on_time_then_reduced_by_bands_of_delay(done, percent, words):
    result = grado("scadenza", target_date=date(2018, 9, 30), data_realizzazione=done)
    assert result.percent == percent
    assert words in result.explanation
    assert f"Realizzato il {done:%d/%m/%Y}" in result.explanation


def test_an_ente_can_set_its_own_delay_bands():
    result = grado("scadenza", target_date=date(2018, 9, 30), data_realizzazione=date(2018, 10, 5),
                   delay_bands=((10, D(90)),))
    assert result.percent == D(90) and result.esito == Esito.RAGGIUNTO


# --- What cannot be computed ---------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "esito", "words"), [
    pytest.param({"formula": "numero", "target": D(10), "valore": None}, Esito.MANCANTE, "Dato mancante",
                 id="no value"),
    pytest.param({"formula": "rapporto", "target": D(10), "valore": None, "denominatore": D(0)}, Esito.MANCANTE,
                 "Dato mancante", id="no numerator"),
    pytest.param({"formula": "numero", "target": None, "valore": D(3)}, Esito.NON_VALUTABILE, "target non definito",
                 id="no target"),
    pytest.param({"formula": "si_no", "target": None, "valore": D(1)}, Esito.NON_VALUTABILE, "target non definito",
                 id="yes/no without target"),
    pytest.param({"formula": "rapporto", "target": D(90), "valore": D(3), "denominatore": D(0)},
                 Esito.NON_VALUTABILE, "denominatore pari a zero", id="zero denominator"),
    pytest.param({"formula": "rapporto", "target": D(90), "valore": D(3)}, Esito.NON_VALUTABILE,
                 "denominatore pari a zero o mancante", id="no denominator"),
    pytest.param({"formula": "testuale", "target": None, "valore": D(120)}, Esito.NON_VALUTABILE, "fra 0 e 100",
                 id="judgement above 100"),
    pytest.param({"formula": "testuale", "target": None, "valore": D(-1)}, Esito.NON_VALUTABILE, "fra 0 e 100",
                 id="judgement below 0"),
    pytest.param({"formula": "si_no", "target": D(1), "valore": D(2)}, Esito.NON_VALUTABILE, "1 (sì) o 0 (no)",
                 id="yes/no neither yes nor no"),
    pytest.param({"formula": "scadenza", "target": None, "valore": None, "target_date": date(2018, 1, 1)},
                 Esito.MANCANTE, "data di realizzazione", id="no date of completion"),
    pytest.param({"formula": "scadenza", "target": None, "valore": None, "data_realizzazione": date(2018, 1, 1)},
                 Esito.NON_VALUTABILE, "scadenza non definita", id="no deadline"),
])
def test_what_cannot_be_computed_says_why_and_has_no_percent(kwargs, esito, words):
    result = indicator_achievement(direzione="crescente", **kwargs)
    assert result.percent is None
    assert result.esito == esito
    assert words in result.explanation


# --- Explanations --------------------------------------------------------------------------------

@pytest.mark.parametrize(("kwargs", "explanation"), [
    pytest.param({"target": D(10), "valore": D("12.5")},
                 "12,5 su un target di 10, crescente: target raggiunto, 100 %", id="met"),
    pytest.param({"target": D(3), "valore": D("2.4"), "unita": "km"},
                 "2,4 km su un target di 3 km, crescente: 2,4 / 3 = 80 %", id="quotient with unit"),
    pytest.param({"direzione": "decrescente", "target": D(50), "valore": D(100), "unita": "giorni"},
                 "100 giorni su un target di 50 giorni, decrescente: 50 / 100 = 50 %", id="lower better quotient"),
    pytest.param({"target": D(1000), "valore": D("1234.5")},
                 "1.234,5 su un target di 1.000, crescente: target raggiunto, 100 %", id="thousands"),
    pytest.param({"target": D(70), "valore": D("68.5"), "baseline": D(65)},
                 "68,5 su un target di 70, crescente, progresso dalla baseline 65: (68,5 − 65) / (70 − 65) = 70 %",
                 id="baseline"),
    pytest.param({"direzione": "decrescente", "target": D(250), "valore": D(259), "baseline": D(268)},
                 "259 su un target di 250, decrescente, progresso dalla baseline 268: (268 − 259) / (268 − 250) = 50 %",
                 id="baseline, lower better"),
    pytest.param({"target": D(10), "valore": D(8), "baseline": D(12)},
                 "8 su un target di 10, crescente (baseline 12 già pari o oltre il target: non considerata): "
                 "8 / 10 = 80 %", id="baseline ignored"),
    pytest.param({"target": D(10), "valore": D(-5)},
                 "-5 su un target di 10, crescente: confronto diretto, target non raggiunto, 0 %", id="negative value"),
    pytest.param({"formula": "rapporto", "target": D(90), "valore": D(1580), "denominatore": D(1850), "unita": "%"},
                 "1.580 / 1.850 × 100: 85,4 % su un target di 90 %, crescente: 85,4 / 90 = 94,8 %", id="ratio"),
])
def test_the_explanation_lets_anyone_recompute_the_grado(kwargs, explanation):
    assert grado(**kwargs).explanation == explanation


# --- Bands ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("percent", "esito"), [
    pytest.param(D("100"), Esito.RAGGIUNTO, id="100 raggiunto"),
    pytest.param(D("90"), Esito.RAGGIUNTO, id="90 raggiunto"),
    pytest.param(D("89.99"), Esito.PARZIALE, id="89.99 parziale"),
    pytest.param(D("89.96"), Esito.PARZIALE, id="89.96 parziale though close to 90"),
    pytest.param(D("50"), Esito.PARZIALE, id="50 parziale"),
    pytest.param(D("49.99"), Esito.NON_RAGGIUNTO, id="49.99 non raggiunto"),
    pytest.param(D("0"), Esito.NON_RAGGIUNTO, id="0 non raggiunto"),
    pytest.param(None, Esito.MANCANTE, id="nothing is mancante"),
])
def test_bands_classify_the_unrounded_percentage(percent, esito):
    assert classify(percent) == esito


def test_an_ente_can_set_its_own_bands():
    bands = ((D(100), Esito.RAGGIUNTO), (D(60), Esito.PARZIALE))
    assert classify(D(95), bands=bands) == Esito.PARZIALE
    assert grado(target=D(10), valore=D("9.5"), bands=bands).esito == Esito.PARZIALE
    assert classify(D(95), bands=DEFAULT_BANDS) == Esito.RAGGIUNTO


def test_a_displayed_percentage_never_reaches_a_band_its_value_did_not():
    assert format_percent(D("89.96")) == "89,9 %"
    assert classify(D("89.96")) == Esito.PARZIALE
    result = grado(target=D(10000), valore=D(8996))
    assert result.esito == Esito.PARZIALE and result.explanation.endswith("= 89,9 %")


@pytest.mark.parametrize(("esito", "label"), [
    (Esito.RAGGIUNTO, "Raggiunto"), (Esito.PARZIALE, "Parzialmente raggiunto"),
    (Esito.NON_RAGGIUNTO, "Non raggiunto"), (Esito.NON_VALUTABILE, "Non valutabile"),
    (Esito.MANCANTE, "Dato mancante"),
], ids=lambda v: str(v))
def test_every_esito_has_an_italian_label(esito, label):
    assert esito.label == label


# --- Formatting ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "places", "text"), [
    pytest.param(D("1234.5"), None, "1.234,5", id="thousands"),
    pytest.param(D("43870.50"), None, "43.870,5", id="trailing zero dropped"),
    pytest.param(D("12.5000"), None, "12,5", id="trailing zeros dropped"),
    pytest.param(D("100"), None, "100", id="integer"),
    pytest.param(D("1E+3"), None, "1.000", id="exponent notation"),
    pytest.param(D("-3"), None, "-3", id="negative integer"),
    pytest.param(D("-3.4"), None, "-3,4", id="negative decimal"),
    pytest.param(D("1234567.891"), None, "1.234.567,891", id="millions"),
    pytest.param(None, None, "", id="none"),
    pytest.param(D("12.5"), 2, "12,50", id="fixed places"),
    pytest.param(D("12.567"), 2, "12,56", id="fixed places truncate"),
    pytest.param(D("-0.04"), 1, "0,0", id="no negative zero"),
    pytest.param(D("1234"), 0, "1.234", id="no places"),
])
def test_numbers_are_written_the_italian_way(value, places, text):
    assert format_decimal(value, places=places) == text


@pytest.mark.parametrize(("value", "text"), [
    pytest.param(D(100), "100 %", id="100"),
    pytest.param(D("87.5"), "87,5 %", id="one decimal"),
    pytest.param(D("87.50"), "87,5 %", id="trailing zero"),
    pytest.param(D("74.0"), "74 %", id="whole"),
    pytest.param(D("89.96"), "89,9 %", id="truncated, not rounded up to 90"),
    pytest.param(D("99.99"), "99,9 %", id="never 100 unless 100"),
    pytest.param(D("33.3333"), "33,3 %", id="periodic"),
    pytest.param(D(0), "0 %", id="zero"),
    pytest.param(None, "—", id="none"),
])
def test_percentages_are_written_the_italian_way(value, text):
    assert format_percent(value) == text


def test_round_percent_keeps_one_decimal_and_truncates():
    assert round_percent(D("89.96")) == D("89.9")
    assert round_percent(D("50")) == D("50.0")


# --- Weighted means ------------------------------------------------------------------------------

@pytest.mark.parametrize(("parts", "percent", "words"), [
    pytest.param([(D(100), D(50)), (D(80), D(30)), (D(0), D(20))], D(74),
                 "Media ponderata di 3 indicatori: (100 % × 50 + 80 % × 30 + 0 % × 20) / 100 = 74 %",
                 id="three weighted indicators"),
    pytest.param([(D(100), D(50)), (None, D(50))], D(100), "valutato 1 su 2 indicatori", id="one missing"),
    pytest.param([(D(100), D(50)), (D(40), D(25)), (None, D(25))], D(80), "valutati 2 su 3 indicatori",
                 id="missing weight left out"),
    pytest.param([(D(100), D(0)), (D(50), D(0))], D(75), "Media semplice di 2 indicatori", id="all weights zero"),
    pytest.param([(D(100), D(0)), (D(50), D(10))], D(50), "100 % × 0 + 50 % × 10", id="one weight zero"),
    pytest.param([(D(70), D(1))], D(70), "Un solo indicatore valutato: 70 %", id="single part"),
])
def test_an_objective_is_the_weighted_mean_of_its_valued_indicators(parts, percent, words):
    result = weighted_achievement(parts)
    assert result.percent == percent
    assert result.esito == classify(percent)
    assert words in result.explanation


@pytest.mark.parametrize("parts", [
    pytest.param([(None, D(10)), (None, D(5))], id="nothing valued"),
    pytest.param([], id="no parts"),
])
def test_with_nothing_valued_the_mean_is_missing(parts):
    result = weighted_achievement(parts)
    assert (result.percent, result.esito) == (None, Esito.MANCANTE)
    assert result.explanation.startswith("Dato mancante")


def test_the_weighted_mean_names_what_it_averages():
    result = weighted_achievement([(D(100), D(1)), (None, D(1))], what="obiettivi")
    assert result.explanation.startswith("Un solo obiettivo valutato")
    assert "valutato 1 su 2 obiettivi" in result.explanation


def test_the_weighted_mean_is_classified_unrounded():
    result = weighted_achievement([(D(100), D(1)), (D("79.9"), D(1))])
    assert result.percent == D("89.95") and result.esito == Esito.PARZIALE


# --- Properties ----------------------------------------------------------------------------------

decimals = dict(allow_nan=False, allow_infinity=False, places=2)
numbers = st.decimals(min_value=-1000, max_value=100000, **decimals)
positive = st.decimals(min_value=D("0.01"), max_value=100000, **decimals)
percents = st.decimals(min_value=0, max_value=100, **decimals)
weights = st.decimals(min_value=0, max_value=100, **decimals)


@given(formula=st.sampled_from(["numero", "rapporto", "testuale", "si_no"]),
       direzione=st.sampled_from(["crescente", "decrescente"]),
       target=numbers, valore=numbers, denominatore=numbers, baseline=st.none() | numbers,
       unita=st.sampled_from(["", "%"]))
def test_a_grado_is_always_within_0_and_100(formula, direzione, target, valore, denominatore, baseline, unita):
    result = grado(formula, direzione, target, valore, denominatore=denominatore, baseline=baseline, unita=unita)
    assert result.percent is None or D(0) <= result.percent <= D(100)
    assert result.esito == classify(result.percent) or result.esito == Esito.NON_VALUTABILE


@given(done=st.dates(), due=st.dates())
def test_a_deadline_grado_is_always_within_0_and_100(done, due):
    result = grado("scadenza", target_date=due, data_realizzazione=done)
    assert D(0) <= result.percent <= D(100)


@given(target=positive, a=numbers, b=numbers, baseline=st.none() | numbers)
def test_a_higher_is_better_grado_never_decreases_as_the_value_grows(target, a, b, baseline):
    low, high = sorted([a, b])
    assert (grado(target=target, valore=low, baseline=baseline).percent
            <= grado(target=target, valore=high, baseline=baseline).percent)


@given(target=numbers, below=st.decimals(min_value=0, max_value=1000, **decimals), baseline=st.none() | numbers)
def test_a_met_lower_is_better_target_is_always_100(target, below, baseline):
    result = grado(direzione="decrescente", target=target, valore=target - below, baseline=baseline)
    assert result.percent == D(100) and result.esito == Esito.RAGGIUNTO


@given(st.lists(st.tuples(percents, weights), min_size=1, max_size=8),
       st.lists(weights, max_size=3))
def test_a_weighted_mean_lies_between_its_parts(parts, missing_weights):
    result = weighted_achievement(parts + [(None, w) for w in missing_weights])
    percents_ = [p for p, _ in parts]
    # The mean is of the parts as shown (truncated to one decimal).
    assert round_percent(min(percents_)) <= result.percent <= max(percents_)
