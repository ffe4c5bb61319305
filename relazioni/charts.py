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
