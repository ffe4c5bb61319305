"""Charts drawn on the server as SVG, so that the PDF (WeasyPrint runs no JavaScript) has them too."""

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


def _bucket(esito):
    return Esito.NON_VALUTABILE if esito == Esito.MANCANTE else esito


def esiti_chart(risultati, *, width=640):
    """Objectives of each area by grado band, as horizontal stacked bars with counts."""
    rows = []
    for area in risultati.aree:
        counts = {e: 0 for e in SHOWN}
        for o in area.obiettivi:
            if not o.ritirato:
                counts[_bucket(o.grado.esito)] += 1
        rows.append((area.area.nome, counts))
    label_w, bar_h, gap, top = 250, 22, 10, 34
    most = max((sum(c.values()) for _, c in rows), default=1) or 1
    unit = (width - label_w - 40) / most
    height = top + len(rows) * (bar_h + gap) + 10
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="grafico-esiti" viewBox="0 0 {} {}" width="{}" height="{}" '
            'role="img" aria-labelledby="grafico-titolo">',
            width, height, width, height,
        ),
        format_html('<title id="grafico-titolo">{}</title>',
                    "Obiettivi per area e per grado di raggiungimento (i valori sono nella tabella che segue)"),
    ]
    x = 0
    for esito in SHOWN:  # legend, on one line from the left edge: it fits in the width
        parts.append(format_html('<rect x="{}" y="6" width="12" height="12" fill="{}"/>', x, COLOURS[esito]))
        parts.append(format_html('<text x="{}" y="16" font-size="11">{}</text>', x + 16, esito.label))
        x += 16 + 7 * len(esito.label) + 14
    for i, (nome, counts) in enumerate(rows):
        y = top + i * (bar_h + gap)
        short = nome if len(nome) <= 38 else nome[:36] + "…"
        parts.append(format_html('<text x="0" y="{}" font-size="12">{}</text>', y + 15, short))
        x = label_w
        for esito in SHOWN:
            n = counts[esito]
            if not n:
                continue
            w = n * unit
            parts.append(format_html('<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
                                     f"{x:.1f}", y, f"{w:.1f}", bar_h, COLOURS[esito]))
            parts.append(format_html('<text x="{}" y="{}" font-size="12" fill="#ffffff" text-anchor="middle">{}</text>',
                                     f"{x + w / 2:.1f}", y + 15, n))
            x += w
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))

