"""The rules of the individual evaluation and of the premi: pure functions, Decimal in and out, no ORM.

A score is the weighted mean of four components (performance organizzativa of the ente, of the area,
the individual objectives, the comportamenti), each a percentage 0-100. A premio follows from the
score and the SMVP's rule (bands or proportional, a minimum score, the CCNL Funzioni Locali 2019-21
art. 81 differenziazione). Scores are never rounded before they are classified: rounding is for
display only (`show`)."""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")
HUNDRED = Decimal(100)

ENTE, AREA, OBIETTIVI, COMPORTAMENTI = "ente", "area", "obiettivi", "comportamenti"
COMPONENTI = (ENTE, AREA, OBIETTIVI, COMPORTAMENTI)
LABELS = {
    ENTE: "performance organizzativa dell'ente",
    AREA: "performance organizzativa dell'area",
    OBIETTIVI: "obiettivi individuali",
    COMPORTAMENTI: "comportamenti",
}
# The law's minimum for the maggiorazione: 30 % of the average premio (CCNL Funzioni Locali 2019-21, art. 81).
MAGGIORAZIONE_MINIMA = Decimal(30)


class RuleError(ValueError):
    """An SMVP rule that cannot be applied (weights not adding to 100, bands out of order...)."""


def show(value, places=2):
    """A score or an amount for display, half-up, Italian decimal comma. Never used to classify."""
    if value is None:
        return "—"
    q = Decimal(1).scaleb(-places)
    text = f"{value.quantize(q, rounding=ROUND_HALF_UP):f}".replace(".", ",")
    return text


# --- The score ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Punteggio:
    """A total score: `valore` unrounded (None if no component could be evaluated), the weights
    actually used, the components left out, and the explanation "come è calcolato"."""

    valore: Decimal | None
    pesi_usati: dict
    mancanti: tuple
    spiegazione: str


def comportamenti_percent(punteggi, scala_max):
    """The comportamenti as a percentage: the mean of the scores over the scale's maximum.
    None when no behaviour was scored."""
    valori = [Decimal(p) for p in punteggi if p is not None]
    if not valori:
        return None
    scala_max = Decimal(scala_max)
    if scala_max <= 0:
        raise RuleError("La scala dei comportamenti deve avere un massimo positivo.")
    for v in valori:
        if not ZERO <= v <= scala_max:
            raise RuleError(f"Un punteggio dei comportamenti è fuori dalla scala (0-{scala_max}).")
    return sum(valori) / len(valori) / scala_max * HUNDRED


def check_pesi(pesi):
    """The weights of a category: four non-negative numbers adding to 100."""
    for c in COMPONENTI:
        if Decimal(pesi.get(c, 0)) < 0:
            raise RuleError("Un peso non può essere negativo.")
    totale = sum(Decimal(pesi.get(c, 0)) for c in COMPONENTI)
    if totale != HUNDRED:
        raise RuleError(f"I pesi delle componenti devono sommare a 100 (ora {show(totale)}).")


def score(componenti, pesi, *, rettifiche=None):
    """The total score of a scheda.

    `componenti` maps each component to its percentage (None = not evaluable, e.g. an area without
    objectives); `rettifiche` maps a component to the percentage that replaces it (an override
    recorded with a reason). A missing component with a positive weight is left out and its weight is
    shared among the others in proportion to theirs (the explicit rule: nobody gains or loses for a
    component that could not be measured); when every weighted component is missing there is no score.
    """
    check_pesi(pesi)
    rettifiche = rettifiche or {}
    valori = {}
    for c in COMPONENTI:
        v = rettifiche.get(c, componenti.get(c))
        valori[c] = None if v is None else Decimal(v)
        if valori[c] is not None and not ZERO <= valori[c] <= HUNDRED:
            raise RuleError(f"La componente «{LABELS[c]}» deve essere tra 0 e 100.")
    pesati = [c for c in COMPONENTI if Decimal(pesi.get(c, 0)) > 0]
    presenti = [c for c in pesati if valori[c] is not None]
    mancanti = tuple(c for c in pesati if valori[c] is None)
    if not presenti:
        return Punteggio(None, {}, mancanti, "Nessuna componente valutabile: il punteggio non si calcola.")
    base = sum(Decimal(pesi[c]) for c in presenti)
    usati = {c: Decimal(pesi[c]) * HUNDRED / base for c in presenti}
    valore = sum(valori[c] * usati[c] for c in presenti) / HUNDRED
    righe = []
    for c in presenti:
        fonte = " (rettificata)" if c in rettifiche else ""
        righe.append(f"{LABELS[c]} {show(valori[c])}%{fonte} × peso {show(usati[c])}%")
    spiegazione = " + ".join(righe) + f" = {show(valore)} su 100."
    if mancanti:
        spiegazione += (" Non valutabili: " + ", ".join(LABELS[c] for c in mancanti)
                        + "; il loro peso è ripartito sulle altre componenti in proporzione.")
    return Punteggio(valore, usati, mancanti, spiegazione)


# --- Bands -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Fascia:
    """From `da` (included) upwards, `percentuale` of the full premio."""

    da: Decimal
    percentuale: Decimal
    nome: str = ""


def check_fasce(fasce):
    """Bands with distinct thresholds in 0-100 whose premio grows with the threshold: a higher
    score never gets a lower premio."""
    ordinate = sorted(fasce, key=lambda f: f.da)
    if len({f.da for f in fasce}) != len(fasce):
        raise RuleError("Due fasce hanno la stessa soglia.")
    for f in ordinate:
        if not ZERO <= f.da <= HUNDRED or not ZERO <= f.percentuale <= HUNDRED:
            raise RuleError("Soglie e percentuali delle fasce vanno da 0 a 100.")
    for lower, upper in zip(ordinate, ordinate[1:]):
        if upper.percentuale < lower.percentuale:
            raise RuleError("Una fascia più alta non può dare un premio minore di una più bassa.")
    return ordinate


def classify(valore, fasce):
    """The band of an unrounded score (None below every band). 89.996 is below a band from 90."""
    if valore is None:
        return None
    trovata = None
    for f in check_fasce(fasce):
        if valore >= f.da:
            trovata = f
    return trovata


# --- Premi -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Regola:
    """How a score becomes a premio. `tipo` "fasce" or "proporzionale"; `minimo`: the least score for
    any premio; `quota_differenziazione`: the share (percent) of those with a premio who get the
    maggiorazione (0 = no differentiation, e.g. the EQ); `maggiorazione`: percent of the average premio."""

    tipo: str = "fasce"
    minimo: Decimal = Decimal(60)
    fasce: tuple = ()
    quota_differenziazione: Decimal = ZERO
    maggiorazione: Decimal = MAGGIORAZIONE_MINIMA


@dataclass(frozen=True)
class Premio:
    chiave: object
    punteggio: Decimal | None
    fascia: Fascia | None
    coefficiente: Decimal
    importo: Decimal
    maggiorazione: Decimal = ZERO


@dataclass
class Ripartizione:
    premi: list
    risorse: Decimal
    distribuito: Decimal
    residuo: Decimal
    premio_medio: Decimal
    beneficiari_maggiorazione: int
    problemi: list = field(default_factory=list)
    spiegazione: str = ""


def coefficient(valore, regola):
    """The share of the full premio a score earns (0-1), before the maggiorazione."""
    if valore is None or valore < regola.minimo:
        return ZERO
    if regola.tipo == "proporzionale":
        return valore / HUNDRED
    fascia = classify(valore, regola.fasce)
    return ZERO if fascia is None else fascia.percentuale / HUNDRED


def differentiated(punteggi, quota):
    """The keys of the best scores that get the maggiorazione: at most `quota` percent of them
    (rounded down). A tie at the edge excludes the whole tied group, so that equal scores always get
    equal premi and the share is never exceeded."""
    if quota <= 0 or not punteggi:
        return set()
    limite = int(len(punteggi) * Decimal(quota) / HUNDRED)
    ordinati = sorted(punteggi, key=lambda kv: kv[1], reverse=True)
    while limite > 0 and limite < len(ordinati) and ordinati[limite - 1][1] == ordinati[limite][1]:
        limite -= 1
    return {k for k, _v in ordinati[:limite]}


def compute_premi(punteggi, risorse, regola):
    """Each person's premio from `punteggi` [(key, unrounded score or None)], the resources of the
    category and the rule. Amounts are rounded down to the cent, so the total never exceeds the
    resources; what is left is the residuo.

    With the differenziazione, each premio is coefficient × u and the best ones (differentiated())
    also get maggiorazione% of the average premio of those with a premio: with c the coefficients, n
    the number with a premio and k the number differentiated, u = R / (Σc · (1 + k·m/n))."""
    risorse = Decimal(risorse)
    if risorse < 0:
        raise RuleError("Le risorse non possono essere negative.")
    if regola.tipo == "fasce":
        check_fasce(regola.fasce)
    elif regola.tipo != "proporzionale":
        raise RuleError("Regola del premio sconosciuta.")
    coeff = {k: coefficient(None if v is None else Decimal(v), regola) for k, v in punteggi}
    positivi = [(k, Decimal(v)) for k, v in punteggi if coeff[k] > 0]
    m = Decimal(regola.maggiorazione) / HUNDRED
    premiati = differentiated(positivi, regola.quota_differenziazione)
    somma = sum((coeff[k] for k, _v in positivi), ZERO)
    n, k_diff = len(positivi), len(premiati)
    if somma == 0:
        unita = ZERO
    else:
        unita = risorse / (somma * (1 + (Decimal(k_diff) * m / n if n else ZERO)))
    medio = unita * somma / n if n else ZERO
    premi = []
    fasce = regola.fasce
    for k, v in punteggi:
        v = None if v is None else Decimal(v)
        extra = (m * medio) if k in premiati else ZERO
        importo = (coeff[k] * unita + extra).quantize(CENT, rounding=ROUND_DOWN)
        premi.append(Premio(k, v, classify(v, fasce) if regola.tipo == "fasce" and fasce else None, coeff[k],
                            importo, extra.quantize(CENT, rounding=ROUND_DOWN)))
    distribuito = sum((p.importo for p in premi), ZERO)
    # premio_medio: the average premio before the maggiorazione, the base art. 81 measures it on.
    rip = Ripartizione(premi, risorse, distribuito, risorse - distribuito, medio.quantize(CENT, rounding=ROUND_DOWN),
                       k_diff)
    rip.spiegazione = explain_premi(rip, regola, n)
    return rip


def explain_premi(rip, regola, n):
    if regola.tipo == "proporzionale":
        base = "Il premio è proporzionale al punteggio"
    else:
        base = "Il premio dipende dalla fascia del punteggio (" + "; ".join(
            f"da {show(f.da)}: {show(f.percentuale, 0)}%" for f in sorted(regola.fasce, key=lambda f: f.da)) + ")"
    testo = (f"{base}; sotto {show(regola.minimo)} punti nessun premio. Risorse {show(rip.risorse)} €, "
             f"distribuiti {show(rip.distribuito)} € a {n} persone, residuo {show(rip.residuo)} €.")
    if regola.quota_differenziazione > 0:
        testo += (f" Differenziazione (CCNL Funzioni Locali 2019-21, art. 81): a {rip.beneficiari_maggiorazione} "
                  f"persone, non oltre il {show(regola.quota_differenziazione, 0)}% di chi ha un premio, una "
                  f"maggiorazione del {show(regola.maggiorazione, 0)}% del premio medio.")
    return testo


# --- Legal conditions and distribution ---------------------------------------------------------

def legal_problems(*, relazione_validata, regola, ripartizione, differenziazione_richiesta):
    """What stops the confirmation of the premi of a category (Italian messages; empty = all met)."""
    problemi = []
    if not relazione_validata:
        problemi.append("La Relazione sulla Performance non è ancora validata dal Nucleo: "
                        "nessun premio prima della validazione (D.Lgs. 150/2009, art. 14 c. 6).")
    if differenziazione_richiesta:
        if regola.maggiorazione < MAGGIORAZIONE_MINIMA:
            problemi.append("La maggiorazione è inferiore al 30% del premio medio (CCNL Funzioni Locali "
                            "2019-21, art. 81).")
        if regola.quota_differenziazione <= 0:
            problemi.append("Il contratto integrativo deve fissare la quota di personale con la maggiorazione.")
        else:
            # A share that reaches nobody (10 % of 5 people) cannot be applied; one that reaches
            # someone but is given to nobody (a tie at the edge) is not met.
            positivi = sum(1 for p in ripartizione.premi if p.coefficiente > 0)
            if int(positivi * Decimal(regola.quota_differenziazione) / HUNDRED) >= 1 \
                    and ripartizione.beneficiari_maggiorazione == 0:
                problemi.append("Nessuno riceve la maggiorazione: la differenziazione non è rispettata "
                                "(punteggi a pari merito al limite della quota).")
    for p in ripartizione.premi:
        if p.importo > 0 and (p.punteggio is None or p.punteggio < regola.minimo):
            problemi.append("Un premio è attribuito sotto il punteggio minimo.")
            break
    if ripartizione.distribuito > ripartizione.risorse:
        problemi.append("Il totale distribuito supera le risorse.")
    return problemi


def distribution(punteggi, regola):
    """How many per band (aggregates only, for the public page): [(label, count)]."""
    valori = [None if v is None else Decimal(v) for v in punteggi]
    righe = [("Sotto il punteggio minimo o non valutati", sum(1 for v in valori if v is None or v < regola.minimo))]
    if regola.tipo == "fasce" and regola.fasce:
        for f in sorted(regola.fasce, key=lambda f: f.da, reverse=True):
            count = sum(1 for v in valori if v is not None and v >= regola.minimo and classify(v, regola.fasce) == f)
            righe.insert(1, (f.nome or f"da {show(f.da)} punti", count))
        # Above the minimum but below every band: counted apart so that totals add up.
        fuori = sum(1 for v in valori if v is not None and v >= regola.minimo and classify(v, regola.fasce) is None)
        if fuori:
            righe.append(("Sopra il minimo, sotto ogni fascia", fuori))
    else:
        for da, a in ((90, 101), (75, 90), (regola.minimo, 75)):
            count = sum(1 for v in valori if v is not None and v >= regola.minimo and Decimal(da) <= v < Decimal(a))
            righe.append((f"da {show(Decimal(da), 0)} a {show(Decimal(min(a, 100)), 0)} punti", count))
    return righe


def differentiation_degree(importi):
    """The degree of differentiation of the premi paid: the ratio between the highest and the lowest
    positive premio, and the share (percent) of premi above the average. None without premi."""
    positivi = [Decimal(i) for i in importi if Decimal(i) > 0]
    if not positivi:
        return None
    medio = sum(positivi) / len(positivi)
    sopra = sum(1 for i in positivi if i > medio)
    return {"rapporto_max_min": max(positivi) / min(positivi), "quota_sopra_media": Decimal(sopra) * HUNDRED / len(positivi),
            "premio_medio": medio}
