"""Charts drawn on the server as SVG, so that the PDF (WeasyPrint runs no JavaScript) has them too."""

import textwrap

from django.utils.html import format_html
from django.utils.safestring import mark_safe

from obiettivi.achievement import Esito

# Colours with at least 3:1 contrast against white (WCAG 2.1 non-text contrast).
COLOURS = {
    Esito.RAGGIUNTO: "#00703c",
    Esito.PARZIALE: "#b35900",
    Esito.NON_RAGGIUNTO: "#b71918",
    Esito.NON_VALUTABILE: "#5c6f82",
    Esito.MANCANTE: "#5c6f82",
}
SHOWN = [Esito.RAGGIUNTO, Esito.PARZIALE, Esito.NON_RAGGIUNTO, Esito.NON_VALUTABILE]

# The family the print stylesheet embeds (print-fonts.css) and the page loads (fonts.css): without it
# WeasyPrint draws SVG text in its default sans-serif (DejaVu), whatever the surrounding CSS says.
FONT_FAMILY = "Titillium Web, sans-serif"
FONT_SIZE = 15  # user units; the page shows the chart at most 30rem wide and at least ~360 px on a phone
# A generous average advance for Titillium Web (about .47 em): a fallback font must still fit.
CHAR_WIDTH = 0.55 * FONT_SIZE
LINE_HEIGHT = 19
BAR_HEIGHT = 26
SWATCH = 14


def _bucket(esito):
    return Esito.NON_VALUTABILE if esito == Esito.MANCANTE else esito


def _text_width(text):
    return len(text) * CHAR_WIDTH


def _legend(width):
    """The legend's items flowed left to right, wrapping inside the width: (svg parts, height)."""
    parts, x, y = [], 0, 0
    for esito in SHOWN:
        item = SWATCH + 6 + _text_width(esito.label)
        if x and x + item > width:
            x, y = 0, y + LINE_HEIGHT + 4
        parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                                 f"{x:.1f}", y + 2, SWATCH, SWATCH, COLOURS[esito]))
        parts.append(format_html('<text x="{}" y="{}">{}</text>', f"{x + SWATCH + 6:.1f}", y + 14, esito.label))
        x += item + 16
    return parts, y + LINE_HEIGHT


def esiti_chart(risultati, *, width=400):
    """Objectives of each area by grado band, as horizontal stacked bars with counts.

    Each area's full name sits above its bar, wrapped on as many lines as it needs (never cut), so the
    chart stays narrow: on a phone its text is drawn at about the size of the page's own text.
    """
    rows = []
    for area in risultati.aree:
        counts = {e: 0 for e in SHOWN}
        for o in area.obiettivi:
            if not o.ritirato:
                counts[_bucket(o.grado.esito)] += 1
        rows.append((area.area.nome, counts))
    most = max((sum(c.values()) for _, c in rows), default=1) or 1
    unit = width / most
    per_line = max(int(width // CHAR_WIDTH), 10)

    body, y = _legend(width)
    y += 14
    for nome, counts in rows:
        for line in textwrap.wrap(nome, per_line, break_on_hyphens=False) or [""]:
            y += LINE_HEIGHT
            body.append(format_html('<text x="0" y="{}">{}</text>', y - 5, line))
        y += 2
        x = 0
        for esito in SHOWN:
            n = counts[esito]
            if not n:
                continue
            w = n * unit
            body.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                                    f"{x:.1f}", y, f"{w:.1f}", BAR_HEIGHT, COLOURS[esito]))
            if w >= _text_width(str(n)) + 4:  # a count that does not fit its segment is in the table anyway
                body.append(format_html('<text x="{}" y="{}" fill="#ffffff" text-anchor="middle">{}</text>',
                                        f"{x + w / 2:.1f}", y + 18, n))
            x += w
        y += BAR_HEIGHT + 12
    height = y
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="grafico-esiti" viewBox="0 0 {} {}" width="{}" height="{}" '
            'font-family="{}" font-size="{}" fill="#1a1a1a" role="img" aria-labelledby="grafico-titolo">',
            width, height, width, height, FONT_FAMILY, FONT_SIZE,
        ),
        format_html('<title id="grafico-titolo">{}</title>',
                    "Obiettivi per area e per grado di raggiungimento (i valori sono nella tabella che segue)"),
        *body,
        mark_safe("</svg>"),
    ]
    return mark_safe("".join(str(p) for p in parts))


VALORE_COLOUR = "#0066cc"  # the value's bar (Bootstrap Italia primary, 5.6:1 on white)
TARGET_COLOUR = "#b35900"  # the target's mark


def _fmt(value, unita=""):
    from obiettivi.achievement import format_decimal

    return f"{format_decimal(value)} {unita}".strip()


def serie_chart(punti, *, unita="", titolo, width=400, chart_id="grafico-serie"):
    """Values of an indicator (or gradi of an objective) by year: a bar for each year's value and a
    mark for its target, each labelled, oldest year on the left. `punti`: [(anno, target, valore)],
    Decimals or None. The <title> names the chart and the <desc> says every figure in words (the
    same figures are in the table before the chart). None when no year has a number."""
    numeri = [v for _anno, t, v in punti for v in (t, v) if v is not None]
    if not punti or not numeri:
        return None
    hi = max(max(numeri), 0)
    lo = min(min(numeri), 0)
    span = (hi - lo) or 1
    top, legend_h = 20, LINE_HEIGHT + 8
    plot_h = 160
    bottom = top + legend_h + plot_h
    slot = width / len(punti)
    bar_w = min(slot * 0.5, 60)

    def y_of(value):
        return bottom - float((value - lo) / span) * plot_h

    body = [
        format_html('<rect x="0" y="2" width="{}" height="{}" fill="{}"/>', SWATCH, SWATCH, VALORE_COLOUR),
        format_html('<text x="{}" y="14">{}</text>', SWATCH + 6, "Valore"),
        format_html('<rect x="90" y="8" width="{}" height="3" fill="{}"/>', SWATCH + 6, TARGET_COLOUR),
        format_html('<text x="{}" y="14">{}</text>', 90 + SWATCH + 12, "Target"),
        format_html('<line x1="0" y1="{}" x2="{}" y2="{}" stroke="#5c6f82" stroke-width="1"/>',
                    f"{y_of(0):.1f}", width, f"{y_of(0):.1f}"),
    ]
    descrizioni = []
    for index, (anno, target, valore) in enumerate(punti):
        cx = slot * index + slot / 2
        if valore is not None:
            y0, y1 = sorted((y_of(0), y_of(valore)))
            body.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                                    f"{cx - bar_w / 2:.1f}", f"{y0:.1f}", f"{bar_w:.1f}", f"{max(y1 - y0, 1):.1f}",
                                    VALORE_COLOUR))
            body.append(format_html('<text x="{}" y="{}" text-anchor="middle">{}</text>',
                                    f"{cx:.1f}", f"{max(y0 - 4, top + legend_h - 2):.1f}", _fmt(valore)))
        if target is not None:
            ty = y_of(target)
            body.append(format_html('<rect x="{}" y="{}" width="{}" height="3" fill="{}"/>',
                                    f"{cx - bar_w / 2 - 6:.1f}", f"{ty - 1.5:.1f}", f"{bar_w + 12:.1f}", TARGET_COLOUR))
        body.append(format_html('<text x="{}" y="{}" text-anchor="middle">{}</text>', f"{cx:.1f}", bottom + 20, anno))
        parti = [f"valore {_fmt(valore, unita)}" if valore is not None else "valore non rilevato"]
        if target is not None:
            parti.append(f"target {_fmt(target, unita)}")
        descrizioni.append(f"{anno}: {', '.join(parti)}")
    height = bottom + 28
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="grafico-serie" viewBox="0 0 {} {}" width="{}" height="{}" '
            'font-family="{}" font-size="{}" fill="#1a1a1a" role="img" aria-labelledby="{}-titolo {}-desc">',
            width, height, width, height, FONT_FAMILY, FONT_SIZE, chart_id, chart_id,
        ),
        format_html('<title id="{}-titolo">{}</title>', chart_id, titolo),
        format_html('<desc id="{}-desc">{}</desc>', chart_id, "; ".join(descrizioni) + "."),
        *body,
        mark_safe("</svg>"),
    ]
    return mark_safe("".join(str(p) for p in parts))
