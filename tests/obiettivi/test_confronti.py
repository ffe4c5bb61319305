"""Targets as written (issue 10): comparisons, words, equal weights, non valutabile objectives and
explanations that add up. Table-driven and database-free."""

import re
from datetime import date
from decimal import Decimal as D

import pytest

from obiettivi.achievement import (
    Confronto,
    Esito,
    PesiMisti,
    check_pesi,
    direzione_significativa,
    format_percent,
    indicator_achievement,
    parse_confronto,
    parse_target,
    pesi_effettivi,
    round_percent,
    weighted_achievement,
)

GT, GE, LT, LE, EQ, NESSUNO = Confronto.GT, Confronto.GE, Confronto.LT, Confronto.LE, Confronto.EQ, Confronto.NESSUNO


# --- The words of a Piano -------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "confronto", "valore", "resto"), [
    ("superiore ad 1", GT, D(1), ""),
    ("Superiore a 1", GT, D(1), ""),
    ("maggiore di 2,5", GT, D("2.5"), ""),
    ("oltre 1.000", GT, D(1000), ""),
    ("almeno 4", GE, D(4), ""),
    ("non meno di 3", GE, D(3), ""),
    ("non inferiore al 95 %", GE, D(95), "%"),
    ("≥ 4", GE, D(4), ""),
    (">= 4", GE, D(4), ""),
    ("inferiore a 5", LT, D(5), ""),
    ("meno di 10 giorni", LT, D(10), "giorni"),
    ("< 2", LT, D(2), ""),
    ("non oltre 30 giorni", LE, D(30), "giorni"),
    ("entro 60 giorni", LE, D(60), "giorni"),
    ("non superiore a 15", LE, D(15), ""),
    ("≤ 7", LE, D(7), ""),
    ("pari a 0", EQ, D(0), ""),
    ("pari al 100%", EQ, D(100), "%"),
    ("12,5", NESSUNO, D("12.5"), ""),
    ("n. 4", NESSUNO, D(4), ""),
])
def test_italian_phrasings_become_a_comparison_with_a_number(text, confronto, valore, resto):
    letto = parse_confronto(text)
    assert (letto.confronto, letto.valore, letto.resto) == (confronto, valore, resto)


@pytest.mark.parametrize("text", ["dodici", "mantenimento del servizio", "1e400", "", "entro il 31/12/2016"])
def test_words_without_a_number_to_compare_are_not_a_comparison(text):
    assert parse_confronto(text) is None


@pytest.mark.parametrize(("text", "formula", "expected"), [
    ("entro il 31/12/2016", "scadenza", (NESSUNO, None, date(2016, 12, 31))),
    ("Sì", "si_no", (NESSUNO, D(1), None)),
    ("realizzato", "si_no", (NESSUNO, D(1), None)),
    ("No", "si_no", (NESSUNO, D(0), None)),
    ("almeno 4", "rapporto", (GE, D(4), None)),
])
def test_yes_no_date_and_numeric_targets_are_read_as_their_formula_allows(text, formula, expected):
    letto = parse_target(text, formula)
    assert (letto.confronto, letto.valore, letto.data) == expected


@pytest.mark.parametrize(("text", "formula"), [
    ("Approvazione del regolamento", "testuale"), ("forse", "si_no"), ("a fine anno", "scadenza"),
])
def test_a_sentence_is_kept_as_written_and_read_as_nothing(text, formula):
    assert parse_target(text, formula) is None


# --- Comparisons: strict is strict ----------------------------------------------------------------

def grado(confronto, target, valore, regola="secco", formula="numero", **extra):
    return indicator_achievement(formula=formula, direzione="crescente", target=target, valore=valore,
                                 confronto=confronto, regola=regola, **extra)


COMPARISONS = [
    # confronto, bound, value, percent, words in the explanation
    pytest.param(GT, D(1), D(1), D(0), "valore 1 non superiore a 1: 0 %", id="gt at the bound is missed"),
    pytest.param(GT, D(1), D(2), D(100), "valore 2 superiore a 1: target raggiunto, 100 %", id="gt above"),
    pytest.param(GT, D(1), D(0), D(0), "valore 0 non superiore a 1: 0 %", id="gt below"),
    pytest.param(GE, D(4), D(4), D(100), "valore 4 pari o superiore a 4", id="ge at the bound is met"),
    pytest.param(GE, D(4), D(3), D(0), "valore 3 inferiore a 4: 0 %", id="ge below"),
    pytest.param(LT, D(5), D(5), D(0), "valore 5 non inferiore a 5: 0 %", id="lt at the bound is missed"),
    pytest.param(LT, D(5), D(4), D(100), "valore 4 inferiore a 5", id="lt below"),
    pytest.param(LE, D(30), D(30), D(100), "valore 30 pari o inferiore a 30", id="le at the bound is met"),
    pytest.param(LE, D(30), D(31), D(0), "valore 31 superiore a 30: 0 %", id="le above"),
    pytest.param(EQ, D(0), D(0), D(100), "valore 0 pari a 0", id="eq met"),
    pytest.param(EQ, D(0), D(1), D(0), "valore 1 diverso da 0: 0 %", id="eq missed"),
]


@pytest.mark.parametrize(("confronto", "bound", "valore", "percent", "words"), COMPARISONS)
def test_a_comparison_target_is_all_or_nothing_and_names_the_comparison(confronto, bound, valore, percent, words):
    result = grado(confronto, bound, valore)
    assert result.percent == percent
    assert result.esito == (Esito.RAGGIUNTO if percent == 100 else Esito.NON_RAGGIUNTO)
    assert words in result.explanation


def test_a_comparison_ignores_direction_and_baseline():
    for direzione in ("crescente", "decrescente"):
        result = indicator_achievement(formula="numero", direzione=direzione, target=D(30), valore=D(25),
                                       confronto=LE, baseline=D(60))
        assert result.percent == 100


def test_a_comparison_on_a_ratio_compares_the_ratio():
    result = grado(GE, D(90), D(1580), formula="rapporto", denominatore=D(1850), unita="%")
    assert result.percent == 0
    assert result.explanation.startswith("1.580 / 1.850 × 100: valore 85,4 % inferiore a 90 %")


PROPORTIONAL = [
    # confronto, bound, value, percent, words
    pytest.param(GT, D(1), D(1), D("89.9"), "regola proporzionale: 1 / 1 = 100 %, limitato a 89,9 %",
                 id="at the bound: capped below raggiunto"),
    pytest.param(GE, D(4), D(3), D(75), "valore 3 inferiore a 4; regola proporzionale: 3 / 4 = 75 %", id="ge below"),
    pytest.param(LE, D(30), D(40), D(75), "regola proporzionale: 30 / 40 = 75 %", id="le above"),
    pytest.param(LE, D(30), D(20), D(100), "target raggiunto", id="le met is 100"),
    pytest.param(EQ, D(10), D(8), D(80), "regola proporzionale: 8 / 10 = 80 %", id="eq below"),
    pytest.param(EQ, D(0), D(3), D(0), "confronto diretto", id="eq zero bound"),
]


@pytest.mark.parametrize(("confronto", "bound", "valore", "percent", "words"), PROPORTIONAL)
def test_the_proportional_rule_values_a_missed_comparison_against_the_bound(confronto, bound, valore, percent, words):
    result = grado(confronto, bound, valore, regola="proporzionale")
    assert result.percent == percent
    assert words in result.explanation
    if percent < 100:
        assert result.esito != Esito.RAGGIUNTO  # never "raggiunto" while the comparison is not met


def test_a_plain_target_is_unchanged_by_the_comparison_rules():
    assert grado("", D(10), D(8)).percent == 80
    assert grado("", D(10), D(8), regola="proporzionale").percent == 80


@pytest.mark.parametrize(("formula", "confronto", "significant"), [
    ("numero", "", True), ("rapporto", "", True), ("numero", "gt", False), ("si_no", "", False),
    ("scadenza", "", False), ("testuale", "", False),
])
def test_the_direction_is_said_only_where_it_means_something(formula, confronto, significant):
    assert direzione_significativa(formula, confronto) is significant


# --- Weights --------------------------------------------------------------------------------------

@pytest.mark.parametrize(("pesi", "effettivi"), [
    ([None, None, None], [D("33.33")] * 3),
    ([None, None], [D(50), D(50)]),
    ([None], [D(100)]),
    ([D(30), D(70)], [D(30), D(70)]),
    ([D(60), None], [D(60), D(40)]),  # stored mixed all the same: the missing one shares the rest
    ([D(100), None], [D(100), D(0)]),
])
def test_missing_weights_are_equal_shares_computed_when_read(pesi, effettivi):
    assert pesi_effettivi(pesi) == effettivi


def test_mixing_set_and_missing_weights_is_refused_with_an_italian_message():
    with pytest.raises(PesiMisti, match="1 indicatori su 2 hanno un peso e 1 no: indichi il peso di tutti oppure di nessuno"):
        check_pesi([D(50), None])
    check_pesi([None, None])
    check_pesi([D(1), D(2)])
    check_pesi([])


def test_equal_shares_give_the_simple_mean():
    pesi = pesi_effettivi([None] * 3)
    result = weighted_achievement(zip([D(100), D(50), D(0)], pesi))
    assert result.percent == 50


# --- Non valutabile -------------------------------------------------------------------------------

def test_an_objective_whose_indicators_are_all_non_valutabile_is_non_valutabile():
    nv = Esito.NON_VALUTABILE
    result = weighted_achievement([(None, D(50), nv), (None, D(50), nv)])
    assert (result.percent, result.esito) == (None, Esito.NON_VALUTABILE)
    assert result.explanation == "Non valutabile: tutti i 2 indicatori sono non valutabili."
    single = weighted_achievement([(None, D(100), nv)])
    assert single.explanation == "Non valutabile: l'unico indicatore è non valutabile."


def test_one_missing_value_among_non_valutabili_is_still_missing():
    result = weighted_achievement([(None, D(50), Esito.NON_VALUTABILE), (None, D(50), Esito.MANCANTE)])
    assert result.esito == Esito.MANCANTE


def test_no_plural_after_one():
    assert "1 indicatori" not in weighted_achievement([(D(70), D(1))]).explanation
    assert "1 indicatori" not in weighted_achievement([(None, D(1))]).explanation
    assert "0 indicatori" not in weighted_achievement([]).explanation


# --- The explanation adds up as written -----------------------------------------------------------

_TERM = re.compile(r"([\d.,]+) % × ([\d.,]+)")


def _it(text):
    return D(text.replace(".", "").replace(",", "."))


@pytest.mark.parametrize("parts", [
    [(D(100) / 3, D(1)), (D(200) / 3, D(1))],
    [(D("89.96"), D("33.33")), (D("45.55"), D("33.33")), (D("12.34"), D("33.33"))],
    [(D("99.99"), D(7)), (D("0.05"), D(3)), (D(50), D("12.5"))],
])
def test_the_terms_shown_give_the_figure_shown(parts):
    text = weighted_achievement(parts).explanation
    terms = [(_it(p), _it(w)) for p, w in _TERM.findall(text)]
    total = _it(re.search(r"\) / ([\d.,]+) =", text).group(1))
    shown = re.search(r"= ([\d.,]+ %)$", text).group(1)
    assert len(terms) == len(parts)
    assert format_percent(sum(p * w for p, w in terms) / total) == shown
    assert total == sum(w for _p, w in terms)
    assert round_percent(sum(p * w for p, w in terms) / total) == round_percent(weighted_achievement(parts).percent)
