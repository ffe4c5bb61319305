"""Template helpers of the cycle's includes (Storico, variations, overrides, closed periods), so that
an include needs only the objects the page already has."""

from decimal import Decimal

from django import template

from .. import selectors
from ..achievement import Confronto, format_decimal, format_percent
from ..models import Indicatore, Periodo
from ..permissions import can_override

register = template.Library()


@register.filter
def percento(value):
    """12,5 % (truncated to one decimal, like every figure shown)."""
    return format_percent(value)


@register.filter
def misura(misurazione, indicatore):
    """The value of a measurement as a reader writes it: 12,5 km, 3 / 4, Sì, 31/07/2019; with the
    words the responsabile wrote beside it: "4 (n. 4)", "Sì (individuati)"."""
    testo = (getattr(misurazione, "testo", "") or "").strip() if misurazione is not None else ""
    valore = _misura(misurazione, indicatore)
    if not testo:
        return valore
    return testo if valore == "—" else f"{valore} ({testo})"


def _misura(misurazione, indicatore):
    if misurazione is None or (misurazione.valore is None and misurazione.data_realizzazione is None):
        return "—"
    formula = indicatore.formula
    if formula == Indicatore.TipoFormula.SCADENZA:
        return misurazione.data_realizzazione.strftime("%d/%m/%Y") if misurazione.data_realizzazione else "—"
    if formula == Indicatore.TipoFormula.SI_NO:
        return "Sì" if misurazione.valore else "No"
    if formula == Indicatore.TipoFormula.RAPPORTO:
        return f"{format_decimal(misurazione.valore)} / {format_decimal(misurazione.denominatore)}"
    if formula == Indicatore.TipoFormula.TESTUALE:
        return format_percent(misurazione.valore)
    return f"{format_decimal(misurazione.valore)} {indicatore.unita}".strip()


@register.filter
def target_testo(target, indicatore):
    """A target as the Piano writes it: its own words where it has them ("superiore ad 1"), else
    "almeno 4", "12,5 %", "Sì", "31/12/2019"."""
    if target is None:
        return "—"
    testo = (getattr(target, "testo", "") or "").strip()
    if testo:
        return testo
    confronto = Confronto(getattr(target, "confronto", "") or "")
    if confronto is not Confronto.NESSUNO and target.valore is not None:
        return f"{confronto.label} {format_decimal(target.valore)} {indicatore.unita}".strip()
    if target.data_scadenza is not None:
        return target.data_scadenza.strftime("%d/%m/%Y")
    if indicatore.formula == Indicatore.TipoFormula.SI_NO:
        return "Sì" if target.valore else "No"
    return f"{format_decimal(target.valore)} {indicatore.unita}".strip()


@register.simple_tag
def storico_voci(obiettivo=None, indicatore=None, anno=None):
    return selectors.storico_for(obiettivo=obiettivo or None, indicatore=indicatore or None, anno=anno or None)


@register.simple_tag
def variazioni_obiettivo(obiettivo, anno=None):
    return selectors.variazioni_of(obiettivo, anno)


@register.simple_tag(takes_context=True)
def puo_rettificare(context, obiettivo):
    request = context.get("request")
    return bool(request) and can_override(request.user, obiettivo.piano.ente_id)


@register.filter
def fasi_anno(obiettivo, anno):
    """The phases of a multi-year objective that fall in the year shown (2019 shows 2019's); a phase
    with no dates belongs to every year, one with a single date to the years from or up to it."""
    def of_year(f):
        inizio = f.data_inizio.year if f.data_inizio else None
        fine = f.data_fine.year if f.data_fine else None
        return (inizio is None or inizio <= anno) and (fine is None or anno <= fine)

    return [f for f in obiettivo.fasi.all() if of_year(f)]


@register.simple_tag
def anno_bloccato(ente_id, anno):
    """The year's Relazione is approved: the year is closed, whatever its periods say."""
    return selectors.year_is_frozen(ente_id, anno)


@register.simple_tag
def periodi_chiusi(ente_id, anno):
    """The entry periods of the year that are not open now (values are read-only in them): a list of
    (tipo, ever_opened) pairs, so that the notice can say "chiuso" or "non ancora aperto"."""
    periodi = {p.tipo: p for p in Periodo.objects.filter(ente_id=ente_id, anno=anno)}
    return [
        (Periodo.Tipo(t), bool(periodi[t].chiuso_il) if t in periodi else False)
        for t in Periodo.Tipo.values
        if not (t in periodi and periodi[t].aperto)
    ]


@register.filter
def chiave(risultato, obiettivo):
    """A key unique on the page for the forms of one result: "i12" (indicator) or "o5" (objective)."""
    indicatore = getattr(risultato, "indicatore", None)
    return f"i{indicatore.pk}" if indicatore is not None else f"o{obiettivo.pk}"


@register.filter
def conta(cruscotto, vista):
    return cruscotto.conta(vista)


@register.filter
def numero(value):
    """A number the Italian way (1.234,5), trailing zeros dropped."""
    return format_decimal(value) if value not in (None, "") else "—"


@register.filter
def valore_serie(valore, indicatore):
    """A number of an indicator's series with its unit (12,5 km; Sì / No; 80 % for a judgement)."""
    if valore is None or valore == "":
        return "—"
    valore = Decimal(valore)
    if indicatore.formula == Indicatore.TipoFormula.SI_NO:
        return "Sì" if valore else "No"
    if indicatore.formula == Indicatore.TipoFormula.TESTUALE:
        return format_percent(valore)
    return f"{format_decimal(valore)} {indicatore.unita}".strip()


def _punto_testo(punto, indicatore):
    parti = [valore_serie(punto.valore, indicatore) if punto.valore is not None else "", getattr(punto, "testo", "") or ""]
    return " ".join(p for p in parti if p)


@register.filter
def serie_breve(serie, indicatore, ultimi=3):
    """The last years of a series in a line, oldest first: "2016: 12 pratiche · 2017: 14 pratiche"
    (years with no value left out); "" when there is none."""
    punti = [p for p in (serie or []) if p.valore is not None or getattr(p, "testo", "")]
    return " · ".join(f"{p.anno}: {_punto_testo(p, indicatore)}" for p in punti[-int(ultimi):])
