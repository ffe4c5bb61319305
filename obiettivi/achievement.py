"""The grado di raggiungimento: pure functions, Decimal in and out, no Django.

Each result carries the Italian explanation of how it was obtained, so that every percentage
shown can be recomputed by whoever reads it. The rules are those of a typical SMVP
(see DOMAIN.md): the ente's bands and delay bands are parameters.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal
from enum import StrEnum

HUNDRED = Decimal(100)
ZERO = Decimal(0)


class Formula(StrEnum):
    NUMERO = "numero"
    RAPPORTO = "rapporto"
    SI_NO = "si_no"
    SCADENZA = "scadenza"
    TESTUALE = "testuale"


class Direzione(StrEnum):
    CRESCENTE = "crescente"  # higher is better
    DECRESCENTE = "decrescente"  # lower is better


class Esito(StrEnum):
    RAGGIUNTO = "raggiunto"
    PARZIALE = "parziale"
    NON_RAGGIUNTO = "non_raggiunto"
    NON_VALUTABILE = "non_valutabile"
    MANCANTE = "mancante"

    @property
    def label(self):
        return {
            "raggiunto": "Raggiunto",
            "parziale": "Parzialmente raggiunto",
            "non_raggiunto": "Non raggiunto",
            "non_valutabile": "Non valutabile",
            "mancante": "Dato mancante",
        }[self.value]


@dataclass(frozen=True)
class Achievement:
    percent: Decimal | None  # 0..100, unrounded; None when missing or non valutabile
    esito: "Esito"
    explanation: str


DEFAULT_BANDS = ((Decimal(90), Esito.RAGGIUNTO), (Decimal(50), Esito.PARZIALE))
DEFAULT_DELAY_BANDS = ((0, Decimal(100)), (30, Decimal(75)), (60, Decimal(50)), (90, Decimal(25)))


def round_percent(value):
    """One decimal, truncated: a displayed figure never reaches a band its value did not reach
    (89.96 shows as 89,9 %, never as a misleading 90 %)."""
    return value.quantize(Decimal("0.1"), rounding=ROUND_DOWN)


def format_decimal(value, *, places=None):
    """Italian form: 1.234,5; trailing zeros dropped unless `places` is given; "" for None."""
    if value is None:
        return ""
    value = Decimal(value)
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_DOWN)
        text = f"{value:,.{places}f}"
    else:
        normalized = value.normalize()
        exponent = normalized.as_tuple().exponent
        decimals = max(0, -exponent) if isinstance(exponent, int) else 0
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")


def format_percent(value):
    if value is None:
        return "—"
    return f"{format_decimal(round_percent(Decimal(value)))} %"


def classify(percent, *, bands=DEFAULT_BANDS):
    """The band of an unrounded percentage."""
    if percent is None:
        return Esito.MANCANTE
    for threshold, esito in bands:
        if percent >= threshold:
            return esito
    return Esito.NON_RAGGIUNTO


def _clamp(value):
    return max(ZERO, min(HUNDRED, value))


def _result(percent, explanation, bands):
    percent = _clamp(percent)
    return Achievement(percent=percent, esito=classify(percent, bands=bands), explanation=explanation)


def _missing(what="valore non ancora inserito"):
    return Achievement(percent=None, esito=Esito.MANCANTE, explanation=f"Dato mancante: {what}.")


def _not_assessable(why):
    return Achievement(percent=None, esito=Esito.NON_VALUTABILE, explanation=f"Non valutabile: {why}.")


def _shown(value):
    """A value as shown in an explanation: at most two decimals (a ratio can have many)."""
    if value.as_tuple().exponent < -2:
        value = value.quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return format_decimal(value)


def _with_unit(value, unita):
    return f"{_shown(value)} {unita}".strip()


def _numeric(*, direzione, target, valore, baseline, bands, unita):
    direzione = Direzione(direzione)
    verso = "crescente" if direzione is Direzione.CRESCENTE else "decrescente"
    head = f"{_with_unit(valore, unita)} su un target di {_with_unit(target, unita)}, {verso}"
    met = valore >= target if direzione is Direzione.CRESCENTE else valore <= target

    if baseline is not None:
        right_side = baseline < target if direzione is Direzione.CRESCENTE else baseline > target
        if right_side:
            progress = (valore - baseline) / (target - baseline) * HUNDRED
            result = _clamp(progress)
            return _result(
                result,
                f"{head}, progresso dalla baseline {_with_unit(baseline, unita)}: "
                f"({_shown(valore)} − {_shown(baseline)}) / "
                f"({_shown(target)} − {_shown(baseline)}) = {format_percent(result)}",
                bands,
            )
        head += f" (baseline {_with_unit(baseline, unita)} già oltre il target: non considerata)"

    if met:
        # A met target is 100 % whatever the quotient says: "lower is better" must never look failed.
        return _result(HUNDRED, f"{head}: target raggiunto, {format_percent(HUNDRED)}", bands)
    if direzione is Direzione.CRESCENTE:
        if target <= 0 or valore < 0:
            return _result(ZERO, f"{head}: confronto diretto, target non raggiunto, {format_percent(ZERO)}", bands)
        percent = valore / target * HUNDRED
        formula = f"{_shown(valore)} / {_shown(target)}"
    else:
        if target <= 0 or valore <= 0:
            return _result(ZERO, f"{head}: confronto diretto, target non raggiunto, {format_percent(ZERO)}", bands)
        percent = target / valore * HUNDRED
        formula = f"{_shown(target)} / {_shown(valore)}"
    percent = _clamp(percent)
    return _result(percent, f"{head}: {formula} = {format_percent(percent)}", bands)


def _deadline(*, target_date, data_realizzazione, delay_bands, bands):
    if target_date is None:
        return _not_assessable("data attesa non definita")
    if data_realizzazione is None:
        return _missing("data di realizzazione non ancora inserita")
    done, due = data_realizzazione.strftime("%d/%m/%Y"), target_date.strftime("%d/%m/%Y")
    late = (data_realizzazione - target_date).days
    if late <= 0:
        return _result(HUNDRED, f"Realizzato il {done}, entro la scadenza del {due}: {format_percent(HUNDRED)}", bands)
    percent = ZERO
    for max_days, band_percent in delay_bands:
        if late <= max_days:
            percent = band_percent
            break
    return _result(
        percent,
        f"Realizzato il {done}, in ritardo di {late} giorni sulla scadenza del {due}: {format_percent(percent)}",
        bands,
    )


def indicator_achievement(
    *, formula, direzione, target, valore, denominatore=None, baseline=None, target_date=None,
    data_realizzazione=None, delay_bands=DEFAULT_DELAY_BANDS, bands=DEFAULT_BANDS, unita="",
):
    """The grado of one indicator, with its explanation.

    RAPPORTO: the value is valore / denominatore, times 100 when the unit is "%" (so that a target
    of 90 % compares with 1.580 / 1.850 = 85,4 %). The target is in the same unit.
    """
    formula = Formula(formula)
    if formula is Formula.SCADENZA:
        return _deadline(target_date=target_date, data_realizzazione=data_realizzazione,
                         delay_bands=delay_bands, bands=bands)
    if valore is None:
        return _missing()
    valore = Decimal(valore)
    if formula is Formula.TESTUALE:
        if not ZERO <= valore <= HUNDRED:
            return _not_assessable("la valutazione deve essere fra 0 e 100")
        return _result(valore, f"Valutazione espressa dal responsabile: {format_percent(valore)}", bands)
    if target is None:
        return _not_assessable("target non definito")
    target = Decimal(target)
    if formula is Formula.SI_NO:
        yes = "sì" if valore == 1 else "no"
        expected = "sì" if target == 1 else "no"
        percent = HUNDRED if valore == target else ZERO
        return _result(percent, f"Realizzato: {yes} (atteso: {expected}): {format_percent(percent)}", bands)
    prefix = ""
    if formula is Formula.RAPPORTO:
        if denominatore is None or Decimal(denominatore) == 0:
            return _not_assessable("denominatore pari a zero o mancante")
        ratio = valore / Decimal(denominatore)
        if unita == "%":
            ratio *= HUNDRED
        prefix = f"{format_decimal(valore)} / {format_decimal(denominatore)}{' × 100' if unita == '%' else ''}: "
        valore = ratio
    result = _numeric(direzione=direzione, target=target, valore=valore, baseline=baseline, bands=bands, unita=unita)
    return Achievement(result.percent, result.esito, prefix + result.explanation)


def weighted_achievement(parts: Iterable, *, bands=DEFAULT_BANDS, what="indicatori"):
    """Weighted mean of (percent, weight) over the parts that have a percent.

    Parts without a percent are left out (and the explanation says how many); if the valued parts
    all weigh zero, a simple mean is taken.
    """
    parts = list(parts)
    valued = [(Decimal(p), Decimal(w)) for p, w in parts if p is not None]
    if not valued:
        text = f"Nessuno dei {len(parts)} {what} ha ancora un grado calcolabile." if parts else f"Nessun dato: 0 {what}."
        return Achievement(None, Esito.MANCANTE, text)
    total_weight = sum(w for _, w in valued)
    if total_weight == 0:
        valued = [(p, Decimal(1)) for p, _ in valued]
        total_weight = Decimal(len(valued))
    percent = _clamp(sum(p * w for p, w in valued) / total_weight)
    terms = " + ".join(f"{format_percent(p)} × {format_decimal(w)}" for p, w in valued)
    text = f"Media ponderata di {len(valued)} {what}: ({terms}) / {format_decimal(total_weight)} = {format_percent(percent)}"
    if len(valued) < len(parts):
        text += f" ({len(valued)} {what} su {len(parts)} valutati)"
    return Achievement(percent, classify(percent, bands=bands), text)
