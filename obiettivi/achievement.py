"""The grado di raggiungimento: pure functions, Decimal in and out, no Django.

Each result carries the Italian explanation of how it was obtained, so that every percentage shown
can be recomputed by whoever reads it (DOMAIN.md, section 7). The rules are those of a typical SMVP;
the ente's bands and delay bands are parameters.

Two rules hold everywhere:
- a percentage is never rounded before it is classified: `Achievement.percent` is exact;
- a percentage is shown through `format_percent` only, which truncates (see `round_percent`);
- a mean is taken of its parts as shown, so that the sum written in its explanation gives the
  figure written after it.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from enum import StrEnum

HUNDRED = Decimal(100)
ZERO = Decimal(0)
ONE = Decimal(1)


class Formula(StrEnum):
    """How an indicator's value is measured; the values are what the database stores."""

    NUMERO = "numero"
    RAPPORTO = "rapporto"
    SI_NO = "si_no"
    SCADENZA = "scadenza"
    TESTUALE = "testuale"


class Direzione(StrEnum):
    CRESCENTE = "crescente"  # higher is better
    DECRESCENTE = "decrescente"  # lower is better


class Confronto(StrEnum):
    """How a target compares with its bound, as plans write it ("superiore ad 1" is GT 1).

    NESSUNO is the plain numeric target (reached as a quotient of value and target)."""

    NESSUNO = ""
    GT = "gt"
    GE = "ge"
    LT = "lt"
    LE = "le"
    EQ = "eq"

    @property
    def label(self) -> str:
        """How a target of this kind reads: "superiore a 1", "almeno 4", "non oltre 30"."""
        return _CONFRONTO_LABELS[self]


_CONFRONTO_LABELS = {
    Confronto.NESSUNO: "",
    Confronto.GT: "superiore a",
    Confronto.GE: "almeno",
    Confronto.LT: "inferiore a",
    Confronto.LE: "non oltre",
    Confronto.EQ: "pari a",
}
# What a value is with respect to the bound, met or missed: "valore 1 non superiore a 1".
_CONFRONTO_MET = {
    Confronto.GT: "superiore a", Confronto.GE: "pari o superiore a", Confronto.LT: "inferiore a",
    Confronto.LE: "pari o inferiore a", Confronto.EQ: "pari a",
}
_CONFRONTO_MISSED = {
    Confronto.GT: "non superiore a", Confronto.GE: "inferiore a", Confronto.LT: "non inferiore a",
    Confronto.LE: "superiore a", Confronto.EQ: "diverso da",
}


class RegolaConfronto(StrEnum):
    """The ente's rule for comparison targets (its SMVP): all or nothing, or value against the bound."""

    SECCO = "secco"
    PROPORZIONALE = "proporzionale"


class Esito(StrEnum):
    """The band a grado falls in, plus the two states in which there is no grado."""

    RAGGIUNTO = "raggiunto"
    PARZIALE = "parziale"
    NON_RAGGIUNTO = "non_raggiunto"
    NON_VALUTABILE = "non_valutabile"
    MANCANTE = "mancante"  # no value recorded yet

    @property
    def label(self) -> str:
        return _ESITO_LABELS[self]


_ESITO_LABELS = {
    Esito.RAGGIUNTO: "Raggiunto",
    Esito.PARZIALE: "Parzialmente raggiunto",
    Esito.NON_RAGGIUNTO: "Non raggiunto",
    Esito.NON_VALUTABILE: "Non valutabile",
    Esito.MANCANTE: "Dato mancante",
}


@dataclass(frozen=True)
class Achievement:
    percent: Decimal | None  # 0..100, never rounded; None when missing or non valutabile
    esito: Esito
    explanation: str  # Italian, shown to the reader as "come è calcolato"


# (threshold, esito), highest first: >= 90 raggiunto, >= 50 parziale, below non raggiunto.
DEFAULT_BANDS = ((Decimal(90), Esito.RAGGIUNTO), (Decimal(50), Esito.PARZIALE))
# (days late up to, percent), shortest delay first; later than the last band -> 0.
DEFAULT_DELAY_BANDS = ((0, Decimal(100)), (30, Decimal(75)), (60, Decimal(50)), (90, Decimal(25)))


# --- Display -------------------------------------------------------------------------------------


def round_percent(value: Decimal) -> Decimal:
    """A percentage to one decimal, truncated (ROUND_DOWN).

    Truncating rather than rounding half up is deliberate: the bands classify the exact value, so a
    displayed figure must never reach a band its value did not reach. 89.96 is "parziale" and shows as
    89,9 %; rounded it would show as 90 % next to a "parziale" colour ("colours flipped by rounding").
    """
    return Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def format_decimal(value: Decimal | None, *, places: int | None = None) -> str:
    """A number written the Italian way: "1.234,5", "-3", "" for None.

    Without `places` trailing zeros are dropped ("12,5000" -> "12,5"); with `places` the number is
    truncated (for the same reason as `round_percent`) and shown with exactly that many decimals.
    """
    if value is None:
        return ""
    value = Decimal(value)
    if places is not None:
        value = value.quantize(ONE.scaleb(-places), rounding=ROUND_DOWN)
        decimals = places
    else:
        exponent = value.normalize().as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    if value == 0:
        value = abs(value)  # no "-0" after truncation
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(value: Decimal | None) -> str:
    """A percentage as shown everywhere: "100 %", "87,5 %", "89,9 %" for 89.96, "—" for None."""
    if value is None:
        return "—"
    return f"{format_decimal(round_percent(value))} %"


# --- Classification ------------------------------------------------------------------------------


def classify(percent: Decimal | None, *, bands=DEFAULT_BANDS) -> Esito:
    """The band of an unrounded percentage: the first band whose threshold it reaches.

    None (no grado) is MANCANTE; below every threshold is NON_RAGGIUNTO.
    """
    if percent is None:
        return Esito.MANCANTE
    for threshold, esito in bands:
        if percent >= threshold:
            return esito
    return Esito.NON_RAGGIUNTO


def _clamp(value: Decimal) -> Decimal:
    return max(ZERO, min(HUNDRED, value))


def _result(percent: Decimal, explanation: str, bands) -> Achievement:
    percent = _clamp(percent)
    return Achievement(percent=percent, esito=classify(percent, bands=bands), explanation=explanation)


def _missing(what: str = "valore non ancora inserito") -> Achievement:
    return Achievement(percent=None, esito=Esito.MANCANTE, explanation=f"Dato mancante: {what}.")


def _not_assessable(why: str) -> Achievement:
    return Achievement(percent=None, esito=Esito.NON_VALUTABILE, explanation=f"Non valutabile: {why}.")


def _shown(value: Decimal) -> str:
    """A value as written in an explanation: at most two decimals (a ratio can have many)."""
    if value.as_tuple().exponent < -2:
        value = value.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return format_decimal(value)


def _with_unit(value: Decimal, unita: str) -> str:
    return f"{_shown(value)} {unita}".strip()


def _date(value: date) -> str:
    return value.strftime("%d/%m/%Y")


# --- Targets as written ----------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetLetto:
    """What a target written in words says: a comparison and a bound, a yes/no, or a date."""

    confronto: Confronto = Confronto.NESSUNO
    valore: Decimal | None = None
    data: date | None = None
    resto: str = ""  # what follows the number ("giorni", "%"), as written


# (phrase, comparison); matched longest first, so "non superiore" wins over "superiore".
_PHRASES = [
    *[(p, Confronto.GE) for p in (
        "pari o superiore", "pari o maggiore", "maggiore o uguale", "superiore o uguale", "uguale o superiore",
        "non inferiore", "non minore", "non meno", "almeno", "minimo", "min.", "≥", ">=", "=>")],
    *[(p, Confronto.LE) for p in (
        "pari o inferiore", "minore o uguale", "inferiore o uguale", "uguale o inferiore", "non superiore",
        "non maggiore", "non oltre", "non più", "al massimo", "massimo", "max.", "max", "entro", "fino a",
        "≤", "<=", "=<")],
    *[(p, Confronto.GT) for p in ("superiore", "maggiore", "più", "oltre", ">")],
    *[(p, Confronto.LT) for p in ("inferiore", "minore", "meno", "<")],
    *[(p, Confronto.EQ) for p in ("pari", "uguale", "esattamente", "=")],
]
_PHRASES.sort(key=lambda item: -len(item[0]))
_PHRASE = "|".join(re.escape(p) for p, _c in _PHRASES)
# The little words between the phrase and the number: "superiore ad 1", "entro il 31/12", "pari al 100 %".
_LINK = r"(?:(?:ad|al|allo|alla|ai|agli|alle|a|di|del|dello|della|dei|degli|delle|da)\b|all'|dell')?\s*(?:(?:il|lo|la|i|gli|le)\b|l')?"
_NUMBER_TEXT = r"[+-]?[0-9][0-9.,]*"
_COMPARISON = re.compile(
    rf"^(?P<phrase>{_PHRASE})\s*{_LINK}\s*(?:(?:n|nr|num)\.?\s*)?(?P<numero>{_NUMBER_TEXT})(?:\s+|(?=[%€°])|$)(?P<resto>.*)$"
)
# The number ends at a blank or a unit sign: "1e400" is no number followed by "e400".
_PLAIN = re.compile(rf"^(?:(?:n|nr|num)\.?\s*)?(?P<numero>{_NUMBER_TEXT})(?:\s+|(?=[%€°])|$)(?P<resto>.*)$")
_DATE_IN_TEXT = re.compile(r"(?<![0-9])([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})(?![0-9])")
_SI = {"si", "sì", "sí", "realizzato", "realizzata", "fatto", "attivato", "attivata", "yes"}
_NO = {"no", "non realizzato", "non realizzata"}


def parse_number(text: str) -> Decimal | None:
    """An Italian number in a target's words ("1.234,5", "12,5", "30"); None if it is not one."""
    text = text.strip().rstrip(".,")
    if re.fullmatch(r"[+-]?([1-9][0-9]{0,2}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?", text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"[+-]?[0-9]+\.([0-9]{1,2}|[0-9]{4,})", text):
        return Decimal(text)
    return None


def parse_confronto(text: str) -> TargetLetto | None:
    """A numeric target as Italian plans write it, or None when the words hold no number to compare.

    "superiore ad 1" → GT 1, "almeno 4" → GE 4, "non oltre 30 giorni" → LE 30 (resto "giorni"),
    "pari a 0" → EQ 0, "inferiore a 5", "non meno di 3", "entro 60 giorni", "≥ 4", ">= 4"; a bare
    number ("12,5", "n. 4") is a plain target (NESSUNO)."""
    normal = " ".join((text or "").split()).casefold().replace("’", "'")
    if not normal:
        return None
    for pattern, confronto in ((_COMPARISON, None), (_PLAIN, Confronto.NESSUNO)):
        match = pattern.match(normal)
        if not match:
            continue
        valore = parse_number(match["numero"])
        if valore is None or match["resto"][:1] in {"/", "-", "."} or match["resto"][:1].isdigit():
            return None  # "entro il 31/12/2016" is a date, not the number 31
        if confronto is None:
            confronto = next(c for p, c in _PHRASES if p == match["phrase"])
        return TargetLetto(confronto=confronto, valore=valore, resto=match["resto"].strip())
    return None


def parse_target(text: str, formula: str) -> TargetLetto | None:
    """What a target written in words means for the indicator's formula, or None when it is a
    sentence the rules cannot read (kept as written, the value is then set on its own):

    - NUMERO and RAPPORTO: a comparison or a number (`parse_confronto`);
    - SI_NO: "sì" / "no" (also "realizzato");
    - SCADENZA: the date in the words ("entro il 31/12/2016");
    - TESTUALE: always None (a judgement has no bound)."""
    formula = Formula(formula)
    normal = " ".join((text or "").split()).casefold()
    if not normal:
        return None
    if formula in (Formula.NUMERO, Formula.RAPPORTO):
        return parse_confronto(text)
    if formula is Formula.SI_NO:
        word = normal.strip(" .!")
        if word in _SI:
            return TargetLetto(valore=ONE)
        if word in _NO:
            return TargetLetto(valore=ZERO)
        return None
    if formula is Formula.SCADENZA:
        match = _DATE_IN_TEXT.search(normal)
        if match:
            day, month, year = (int(part) for part in match.groups())
            try:
                return TargetLetto(data=date(year, month, day))
            except ValueError:
                return None
    return None


def confronto_met(confronto: Confronto, valore: Decimal, bound: Decimal) -> bool:
    """A strict comparison is strict: 1 is not "superiore a 1"."""
    return {
        Confronto.GT: valore > bound,
        Confronto.GE: valore >= bound,
        Confronto.LT: valore < bound,
        Confronto.LE: valore <= bound,
        Confronto.EQ: valore == bound,
    }[confronto]


def direzione_significativa(formula: str, confronto: str = "") -> bool:
    """Whether "crescente" / "decrescente" says anything about the indicator: not for a yes/no, a
    deadline, a judgement, nor for a comparison target, which carries its own direction."""
    return Formula(formula) in (Formula.NUMERO, Formula.RAPPORTO) and not confronto


# --- One indicator -------------------------------------------------------------------------------


def _numeric(*, direzione: Direzione, target: Decimal, valore: Decimal, baseline: Decimal | None,
             bands, unita: str) -> Achievement:
    """NUMERO and RAPPORTO once the value is known: quotient, or progress from the baseline."""
    crescente = direzione is Direzione.CRESCENTE
    head = f"{_with_unit(valore, unita)} su un target di {_with_unit(target, unita)}, {direzione.value}"
    met = valore >= target if crescente else valore <= target

    if baseline is not None:
        right_side = baseline < target if crescente else baseline > target
        if right_side:
            # The same quotient in both directions; written so that both terms are positive on the way.
            if crescente:
                percent = _clamp((valore - baseline) / (target - baseline) * HUNDRED)
                formula = f"({_shown(valore)} − {_shown(baseline)}) / ({_shown(target)} − {_shown(baseline)})"
            else:
                percent = _clamp((baseline - valore) / (baseline - target) * HUNDRED)
                formula = f"({_shown(baseline)} − {_shown(valore)}) / ({_shown(baseline)} − {_shown(target)})"
            return _result(
                percent,
                f"{head}, progresso dalla baseline {_with_unit(baseline, unita)}: "
                f"{formula} = {format_percent(percent)}",
                bands,
            )
        head += f" (baseline {_with_unit(baseline, unita)} già pari o oltre il target: non considerata)"

    # A quotient of a negative number, or by zero, says nothing: compare value and target directly.
    if crescente:
        direct = target <= 0 or valore < 0
    else:
        direct = target <= 0 or valore <= 0
    if met:
        # A met target is 100 % whatever a quotient would say: "lower is better" must never look failed.
        how = "confronto diretto, " if target < 0 or valore < 0 else ""
        return _result(HUNDRED, f"{head}: {how}target raggiunto, {format_percent(HUNDRED)}", bands)
    if direct:
        return _result(ZERO, f"{head}: confronto diretto, target non raggiunto, {format_percent(ZERO)}", bands)
    if crescente:
        percent = _clamp(valore / target * HUNDRED)
        formula = f"{_shown(valore)} / {_shown(target)}"
    else:
        percent = _clamp(target / valore * HUNDRED)
        formula = f"{_shown(target)} / {_shown(valore)}"
    return _result(percent, f"{head}: {formula} = {format_percent(percent)}", bands)


def _comparison(*, confronto: Confronto, target: Decimal, valore: Decimal, regola: RegolaConfronto,
                bands, unita: str) -> Achievement:
    """A comparison target: met is 100 %, missed 0 %; under the proportional rule a missed target is
    valued as a numeric one (value against the bound), capped below the "raggiunto" threshold."""
    head = f"valore {_with_unit(valore, unita)}"
    bound = _with_unit(target, unita)
    if confronto_met(confronto, valore, target):
        return _result(HUNDRED, f"{head} {_CONFRONTO_MET[confronto]} {bound}: target raggiunto, "
                                f"{format_percent(HUNDRED)}", bands)
    head = f"{head} {_CONFRONTO_MISSED[confronto]} {bound}"
    if regola is not RegolaConfronto.PROPORZIONALE:
        return _result(ZERO, f"{head}: {format_percent(ZERO)}", bands)
    if target <= 0 or valore <= 0:
        return _result(ZERO, f"{head}; regola proporzionale, confronto diretto: {format_percent(ZERO)}", bands)
    # Up to the bound higher is better for "superiore" / "almeno", lower for "inferiore" / "non oltre";
    # for "pari a" the value is measured from the side it stands on.
    crescente = confronto in (Confronto.GT, Confronto.GE) or (confronto is Confronto.EQ and valore < target)
    if crescente:
        raw, formula = _clamp(valore / target * HUNDRED), f"{_shown(valore)} / {_shown(target)}"
    else:
        raw, formula = _clamp(target / valore * HUNDRED), f"{_shown(target)} / {_shown(valore)}"
    text = f"{head}; regola proporzionale: {formula} = {format_percent(raw)}"
    cap = bands[0][0] - Decimal("0.1") if bands else raw
    if raw > cap:
        text += f", limitato a {format_percent(cap)} perché il target non è raggiunto"
        raw = cap
    return _result(raw, text, bands)


def _deadline(*, target_date: date | None, data_realizzazione: date | None, delay_bands, bands) -> Achievement:
    """SCADENZA: 100 on or before the date, then the percent of the first delay band that covers the delay."""
    if target_date is None:
        return _not_assessable("data di scadenza non definita")
    if data_realizzazione is None:
        return _missing("data di realizzazione non ancora inserita")
    done, due = _date(data_realizzazione), _date(target_date)
    late = (data_realizzazione - target_date).days
    if late <= 0:
        return _result(HUNDRED, f"Realizzato il {done}, entro la scadenza del {due}: {format_percent(HUNDRED)}", bands)
    percent = ZERO
    for max_days, band_percent in delay_bands:
        if late <= max_days:
            percent = Decimal(band_percent)
            break
    giorni = "giorno" if late == 1 else "giorni"
    return _result(
        percent,
        f"Realizzato il {done}, in ritardo di {late} {giorni} sulla scadenza del {due}: {format_percent(percent)}",
        bands,
    )


def _yes_no(flag: Decimal) -> str:
    return "sì" if flag == 1 else "no"


def indicator_achievement(
    *,
    formula: str,
    direzione: str,
    target: Decimal | None,
    valore: Decimal | None,
    denominatore: Decimal | None = None,
    baseline: Decimal | None = None,
    target_date: date | None = None,
    data_realizzazione: date | None = None,
    delay_bands=DEFAULT_DELAY_BANDS,
    bands=DEFAULT_BANDS,
    unita: str = "",
    confronto: str = "",
    regola: str = RegolaConfronto.SECCO,
) -> Achievement:
    """The grado of one indicator, with its explanation.

    - NUMERO: crescente `min(valore / target, 1) × 100`, decrescente `min(target / valore, 1) × 100`;
      a met target is always 100. With a `baseline` on the far side of the target (crescente: below it,
      decrescente: above it) the grado is the progress from baseline to target, clamped to 0..100; a
      baseline that already met the target is ignored, and the explanation says so. Target 0, or a
      negative target or value, make the quotient meaningless: met is 100, not met is 0 ("confronto
      diretto").
    - RAPPORTO: the value is valore / denominatore, times 100 when `unita` is "%" (so that a target of
      90 % compares with 1.580 / 1.850 × 100 = 85,4 %); the target is in the same unit. Then as NUMERO.
      A zero or missing denominatore makes it NON_VALUTABILE.
    - SI_NO: valore and target are 1 (sì) or 0 (no): 100 when they match, else 0.
    - SCADENZA: data_realizzazione against target_date: 100 on time, then by `delay_bands`.
    - TESTUALE: valore is the percentage the evaluator assigned (0..100); outside it is NON_VALUTABILE.
    - A `confronto` (NUMERO and RAPPORTO): the target is a bound ("superiore a 1"); met is 100, missed
      0, or under `regola` PROPORZIONALE the quotient, capped below the first band while missed. The
      direction and the baseline do not apply.

    No value is MANCANTE, no target NON_VALUTABILE; both without a percent.
    """
    formula = Formula(formula)
    direzione = Direzione(direzione)
    if formula is Formula.SCADENZA:
        return _deadline(target_date=target_date, data_realizzazione=data_realizzazione,
                         delay_bands=delay_bands, bands=bands)
    if valore is None:
        return _missing()
    valore = Decimal(valore)

    if formula is Formula.TESTUALE:
        if not ZERO <= valore <= HUNDRED:
            return _not_assessable(f"la valutazione ({format_decimal(valore)}) deve essere fra 0 e 100")
        return _result(valore, f"Valutazione espressa dal responsabile: {format_percent(valore)}", bands)

    if target is None:
        return _not_assessable("target non definito")
    target = Decimal(target)

    if formula is Formula.SI_NO:
        if valore not in (ZERO, ONE) or target not in (ZERO, ONE):
            return _not_assessable("un indicatore sì/no vale 1 (sì) o 0 (no)")
        percent = HUNDRED if valore == target else ZERO
        return _result(
            percent, f"Realizzato: {_yes_no(valore)} (atteso: {_yes_no(target)}): {format_percent(percent)}", bands
        )

    prefix = ""
    if formula is Formula.RAPPORTO:
        if denominatore is None or Decimal(denominatore) == 0:
            return _not_assessable("denominatore pari a zero o mancante")
        denominatore = Decimal(denominatore)
        in_percent = unita.strip() == "%"
        ratio = valore / denominatore * (HUNDRED if in_percent else ONE)
        prefix = f"{format_decimal(valore)} / {format_decimal(denominatore)}{' × 100' if in_percent else ''}: "
        valore = ratio

    confronto = Confronto(confronto or "")
    if confronto is not Confronto.NESSUNO:
        result = _comparison(confronto=confronto, target=target, valore=valore,
                             regola=RegolaConfronto(regola or RegolaConfronto.SECCO), bands=bands,
                             unita=unita.strip())
        return Achievement(result.percent, result.esito, prefix + result.explanation)

    result = _numeric(
        direzione=direzione,
        target=target,
        valore=valore,
        baseline=None if baseline is None else Decimal(baseline),
        bands=bands,
        unita=unita.strip(),
    )
    return Achievement(result.percent, result.esito, prefix + result.explanation)


# --- Objectives, areas, the ente -----------------------------------------------------------------


class PesiMisti(ValueError):
    """Some parts of one level have a weight and others have none: the level cannot be read."""


def pesi_effettivi(pesi: Iterable[Decimal | None]) -> list[Decimal]:
    """The weights in force at one level (the indicators of an objective, the objectives of a plan).

    Written weights are used as they are. When none is written each part weighs an equal share of
    100, truncated to two decimals (3 parts: 33,33 each) so that it can be written down and the
    arithmetic shown adds up; equal weights give the simple mean anyway. Mixing written and missing
    weights is refused on entry (`check_pesi`); should it be stored all the same, a missing weight
    shares what the written ones leave of 100 (never below zero)."""
    pesi = list(pesi)
    mancanti = [p for p in pesi if p is None]
    if not mancanti:
        return [Decimal(p) for p in pesi]
    scritti = sum((Decimal(p) for p in pesi if p is not None), ZERO)
    resto = max(ZERO, HUNDRED - scritti)
    quota = (resto / len(mancanti)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [quota if p is None else Decimal(p) for p in pesi]


def check_pesi(pesi: Iterable[Decimal | None], *, what: str = "indicatori") -> None:
    """PesiMisti (Italian message) if some weights of one level are written and others are not."""
    pesi = list(pesi)
    scritti = sum(1 for p in pesi if p is not None)
    if 0 < scritti < len(pesi):
        raise PesiMisti(
            f"{scritti} {what} su {len(pesi)} hanno un peso e {len(pesi) - scritti} no: indichi il peso di "
            f"tutti oppure di nessuno (senza pesi, ciascuno vale una quota uguale)."
        )


def weighted_achievement(
    parts: Iterable[tuple], *, bands=DEFAULT_BANDS, what: str = "indicatori"
) -> Achievement:
    """The weighted mean of (percent, weight) pairs: an objective from its indicators, an area or the
    ente from its objectives (`what` names them in the explanation). A part may carry its Esito as a
    third item, (percent, weight, esito).

    Only parts with a percent count; the weights of the others are left out, and the explanation says
    how many were valued. If every valued part weighs zero, the simple mean is taken. With no valued
    part the result is NON_VALUTABILE when every part is non valutabile, else MANCANTE. Weights are
    expected non-negative (the models enforce it).

    The mean is taken of the percentages as the explanation shows them (truncated to one decimal), so
    that whoever redoes the sum written there finds the figure shown."""
    parts = [tuple(p) for p in parts]
    valued = [(round_percent(Decimal(p[0])), Decimal(p[1])) for p in parts if p[0] is not None]
    if not valued:
        if parts and all(len(p) > 2 and p[2] == Esito.NON_VALUTABILE for p in parts):
            text = (f"Non valutabile: l'unico {_singolare(what)} è non valutabile." if len(parts) == 1
                    else f"Non valutabile: tutti i {len(parts)} {what} sono non valutabili.")
            return Achievement(None, Esito.NON_VALUTABILE, text)
        text = (f"Dato mancante: nessuno dei {len(parts)} {what} ha ancora un grado calcolabile."
                if len(parts) > 1 else
                f"Dato mancante: l'unico {_singolare(what)} non ha ancora un grado calcolabile."
                if parts else f"Dato mancante: nessun {_singolare(what)} da valutare.")
        return Achievement(None, Esito.MANCANTE, text)

    total_weight = sum((w for _, w in valued), ZERO)
    if total_weight == 0:
        percent = _clamp(sum((p for p, _ in valued), ZERO) / len(valued))
        terms = " + ".join(format_percent(p) for p, _ in valued)
        text = (f"Media semplice di {len(valued)} {what} (pesi tutti pari a zero): "
                f"({terms}) / {len(valued)} = {format_percent(percent)}")
    else:
        percent = _clamp(sum((p * w for p, w in valued), ZERO) / total_weight)
        terms = " + ".join(f"{format_percent(p)} × {format_decimal(w)}" for p, w in valued)
        if len(valued) == 1:
            text = f"Un solo {_singolare(what)} valutato: {format_percent(percent)}"
        else:
            text = (f"Media ponderata di {len(valued)} {what}: ({terms}) / {format_decimal(total_weight)} "
                    f"= {format_percent(percent)}")
    if len(valued) < len(parts):
        valutati = "valutato" if len(valued) == 1 else "valutati"
        text += f" ({valutati} {len(valued)} su {len(parts)} {what}: i pesi degli altri non sono considerati)"
    return Achievement(percent, classify(percent, bands=bands), text)


_SINGOLARI = {"indicatori": "indicatore", "obiettivi": "obiettivo"}


def _singolare(what: str) -> str:
    return _SINGOLARI.get(what, what)
