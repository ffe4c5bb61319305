"""The grado di raggiungimento: pure functions, Decimal in and out, no Django.

Each result carries the Italian explanation of how it was obtained, so that every percentage shown
can be recomputed by whoever reads it (DOMAIN.md, section 7). The rules are those of a typical SMVP;
the ente's bands and delay bands are parameters.

Two rules hold everywhere:
- a percentage is never rounded before it is classified: `Achievement.percent` is exact;
- a percentage is shown through `format_percent` only, which truncates (see `round_percent`).
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
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


def weighted_achievement(
    parts: Iterable[tuple[Decimal | None, Decimal]], *, bands=DEFAULT_BANDS, what: str = "indicatori"
) -> Achievement:
    """The weighted mean of (percent, weight) pairs: an objective from its indicators, an area or the
    ente from its objectives (`what` names them in the explanation).

    Only parts with a percent count; the weights of the others are left out, and the explanation says
    how many were valued. If every valued part weighs zero, the simple mean is taken. With no valued
    part the result is MANCANTE. Weights are expected non-negative (the models enforce it).
    """
    parts = list(parts)
    valued = [(Decimal(p), Decimal(w)) for p, w in parts if p is not None]
    if not valued:
        text = (f"Dato mancante: nessuno dei {len(parts)} {what} ha ancora un grado calcolabile."
                if parts else f"Dato mancante: 0 {what} da valutare.")
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
        text = (f"Media ponderata di {len(valued)} {what}: ({terms}) / {format_decimal(total_weight)} "
                f"= {format_percent(percent)}")
    if len(valued) < len(parts):
        text += f" ({len(valued)} {what} su {len(parts)} valutati: i pesi degli altri non sono considerati)"
    return Achievement(percent, classify(percent, bands=bands), text)
