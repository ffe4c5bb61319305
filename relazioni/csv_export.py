"""The Relazione's data in open format: one row per indicator, for Italian spreadsheets
(UTF-8 with BOM, semicolons, decimal commas)."""

import csv
import io
import re

from obiettivi.achievement import format_decimal, round_percent
from obiettivi.templatetags.ciclo import misura, serie_breve, target_testo, valore_serie

HEADER = [
    "Area", "Codice obiettivo", "Obiettivo", "Responsabile", "Peso obiettivo", "Indicatore", "Unità di misura",
    "Verso", "Target", "Valore luglio", "Valore fine anno", "Grado di raggiungimento (%)", "Esito", "Scostamento",
    "Causa dello scostamento", "Motivazione", "Come è calcolato",
    # The history (issue 10): added last, so that the columns before keep their places.
    "Baseline", "Anno della baseline", "Valori degli anni precedenti",
]
# A cell a spreadsheet would run as a formula (CSV injection) starts with one of these, possibly
# after blanks or line breaks, which spreadsheets skip before reading a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# An Italian number as format_decimal writes it: -3,4 or 1.234,5.
_NUMBER = re.compile(r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$")


def neutralise(value):
    """Spreadsheets must read every text cell as text: a leading ' defuses a would-be formula, also
    one hidden behind spaces or new lines. A number (-3,4) is left exactly as it is."""
    text = "" if value is None else str(value)
    if _NUMBER.match(text):
        return text
    if text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START):
        return "'" + text
    return text


def relazione_csv(risultati):
    """The CSV text of the report's results as plain data (relazioni/snapshot.py): a version's file
    is made once from its snapshot, so it can never disagree with its page or its PDF."""
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: Excel then reads UTF-8 and the accents stay right
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    for area in risultati.aree:
        for o in area.obiettivi:
            responsabile = o.obiettivo.responsabile.nome if o.obiettivo.responsabile else ""
            for ri in o.indicatori:
                ind = ri.indicatore
                consuntivo = ri.consuntivo
                writer.writerow([neutralise(v) for v in [
                    area.area.nome, o.obiettivo.codice, o.obiettivo.titolo, responsabile, format_decimal(o.peso),
                    ind.nome, ind.unita, ind.direzione_label, target_testo(ri.target, ind),
                    misura(ri.luglio, ind), misura(consuntivo, ind),
                    format_decimal(round_percent(ri.grado.percent)) if ri.grado.percent is not None else "",
                    ri.grado.esito.label,
                    format_decimal(ri.scostamento) if ri.scostamento is not None and ri.target_mancato else "",
                    consuntivo.causa_label if consuntivo else "",
                    consuntivo.motivazione if consuntivo else "",
                    ri.grado.explanation,
                    *_history_cells(ri),
                ]])
    return buffer.getvalue()


def _history_cells(ri):
    """Baseline, its year and every earlier year's value; blank for a snapshot made before history."""
    baseline_anno = getattr(ri, "baseline_anno", None)
    baseline = getattr(ri, "baseline", None)
    return [
        valore_serie(baseline, ri.indicatore) if baseline_anno else "",
        baseline_anno or "",
        serie_breve(getattr(ri, "serie", None) or [], ri.indicatore, ultimi=1000),
    ]
