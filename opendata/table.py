"""The Relazione's results as a typed table: one row per indicator (an objective without indicators
still has its row), made only from a frozen version's snapshot (relazioni/snapshot.py).

Pure functions: `fields(data)` lists the columns with their Table Schema type, `rows(data)` the values
as Python types (Decimal, int, date, bool, str, None). The writers (opendata/writers.py) turn them into
CSV, XLSX, ODS and JSON, so that every format has the same columns and the same numbers.

Keys added to the snapshot after it first existed (the contract's "tipo", "confronto", "testo",
"baseline", "serie", the ente's "codice_ipa") are read with .get(): an older snapshot gives empty cells.
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from obiettivi.achievement import Esito, round_percent

LICENZA = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribuzione 4.0 Internazionale (CC BY 4.0)",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
# The EU vocabulary URI of the licence, as DCAT-AP_IT asks (dct:license of a distribution).
LICENZA_URI = "https://w3id.org/italia/controlled-vocabulary/licences/A21_CCBY40"


@dataclass(frozen=True)
class Campo:
    name: str
    type: str  # Table Schema type: string, integer, number, date, boolean
    title: str
    description: str = ""


BASE = [
    Campo("anno", "integer", "Anno"),
    Campo("ente_codice_ipa", "string", "Codice IPA dell'ente"),
    Campo("ente", "string", "Ente"),
    Campo("piano_id", "integer", "Id del Piano"),
    Campo("data_approvazione", "date", "Data di approvazione della Relazione"),
    Campo("area_id", "integer", "Id dell'area"),
    Campo("area_codice", "string", "Codice dell'area"),
    Campo("area", "string", "Area"),
    Campo("obiettivo_id", "integer", "Id dell'obiettivo"),
    Campo("obiettivo_codice", "string", "Codice dell'obiettivo"),
    Campo("obiettivo", "string", "Obiettivo"),
    Campo("obiettivo_tipo", "string", "Tipo di obiettivo"),
    Campo("programma_codice", "string", "Codice del programma di bilancio"),
    Campo("responsabile", "string", "Responsabile"),
    Campo("obiettivo_peso", "number", "Peso dell'obiettivo (%)"),
    Campo("obiettivo_grado", "number", "Grado di raggiungimento dell'obiettivo (%)"),
    Campo("obiettivo_esito", "string", "Esito dell'obiettivo"),
    Campo("indicatore_id", "integer", "Id dell'indicatore"),
    Campo("indicatore", "string", "Indicatore"),
    Campo("indicatore_tipo", "string", "Tipo di indicatore"),
    Campo("formula", "string", "Formula", "numero, rapporto, si_no, scadenza, testuale"),
    Campo("verso", "string", "Verso", "crescente o decrescente"),
    Campo("unita", "string", "Unità di misura"),
    Campo("fonte_dati", "string", "Fonte dei dati"),
    Campo("indicatore_peso", "number", "Peso dell'indicatore"),
    Campo("confronto", "string", "Confronto con il target", "vuoto, gt, ge, lt, le, eq"),
    Campo("target", "number", "Target"),
    Campo("target_testo", "string", "Target come scritto nel Piano"),
    Campo("target_scadenza", "date", "Scadenza (target di tipo data)"),
    Campo("target_variato", "boolean", "Target modificato da una variazione"),
    Campo("valore_luglio", "number", "Valore a luglio"),
    Campo("denominatore_luglio", "number", "Denominatore a luglio (indicatori a rapporto)"),
    Campo("data_luglio", "date", "Data di realizzazione a luglio"),
    Campo("testo_luglio", "string", "Risultato a luglio come scritto"),
    Campo("valore_fine_anno", "number", "Valore a fine anno"),
    Campo("denominatore_fine_anno", "number", "Denominatore a fine anno (indicatori a rapporto)"),
    Campo("data_fine_anno", "date", "Data di realizzazione a fine anno"),
    Campo("testo_fine_anno", "string", "Risultato a fine anno come scritto"),
    Campo("baseline", "number", "Valore di partenza (baseline)"),
    Campo("baseline_anno", "integer", "Anno della baseline"),
]
TAIL = [
    Campo("grado", "number", "Grado di raggiungimento (%)", "troncato a un decimale, come nella Relazione"),
    Campo("esito", "string", "Esito", "raggiunto, parziale, non_raggiunto, non_valutabile, mancante"),
    Campo("esito_descrizione", "string", "Esito (descrizione)"),
    Campo("scostamento", "number", "Scostamento dal target"),
    Campo("causa_scostamento", "string", "Causa dello scostamento"),
    Campo("motivazione", "string", "Motivazione"),
    Campo("calcolo", "string", "Come è calcolato il grado"),
]
# Earlier years always shown, even when the snapshot has no history for them: the shape of a
# year's files does not depend on which indicators happen to have a past.
ANNI_PRECEDENTI = 3


def _dec(value):
    if value is None or value == "":
        return None
    return Decimal(str(value))


def _date(value):
    if not value:
        return None
    if isinstance(value, date):
        return value
    text = str(value)
    return datetime.fromisoformat(text).date() if "T" in text else date.fromisoformat(text)


def _int(value):
    return None if value is None or value == "" else int(value)


def _text(value):
    return "" if value is None else str(value)


def _percent(achievement):
    percent = _dec((achievement or {}).get("percent"))
    return None if percent is None else round_percent(percent)


def _esito(achievement):
    value = (achievement or {}).get("esito")
    return value or ""


def earlier_years(data):
    """The years before the Relazione's whose target and value get a column each (oldest first)."""
    anno = int(data["anno"])
    years = set(range(anno - ANNI_PRECEDENTI, anno))
    for _area, _obiettivo, ind in _entries(data):
        for punto in (ind or {}).get("serie") or []:
            if punto.get("anno") is not None and int(punto["anno"]) < anno:
                years.add(int(punto["anno"]))
    return sorted(years)


def fields(data):
    serie = []
    for year in earlier_years(data):
        serie.append(Campo(f"target_{year}", "number", f"Target {year}"))
        serie.append(Campo(f"valore_{year}", "number", f"Valore {year}"))
    return BASE + serie + TAIL


def _entries(data):
    """(area, obiettivo, indicator entry or None) in the order of the report."""
    for area in data["risultati"]["aree"]:
        for o in area["obiettivi"]:
            if o["indicatori"]:
                for ind in o["indicatori"]:
                    yield area, o, ind
            else:
                yield area, o, None


def _misura(m):
    m = m or {}
    return _dec(m.get("valore")), _dec(m.get("denominatore")), _date(m.get("data_realizzazione")), _text(m.get("testo"))


def rows(data):
    """Every row as a dict of typed values (keys: the names of `fields(data)`)."""
    ente = data.get("ente") or {}
    relazione = data.get("relazione") or {}
    years = earlier_years(data)
    names = [c.name for c in fields(data)]
    result = []
    for area, o, ind in _entries(data):
        ob = o["obiettivo"]
        responsabile = (ob.get("responsabile") or {}).get("nome", "")
        row = dict.fromkeys(names)
        row.update({
            "anno": int(data["anno"]),
            "ente_codice_ipa": _text(ente.get("codice_ipa")),
            "ente": _text(ente.get("nome")),
            "piano_id": _int((data.get("piano") or {}).get("id")),
            "data_approvazione": _date(relazione.get("approvata_il")),
            "area_id": _int(area["area"].get("id")),
            "area_codice": _text(area["area"].get("codice")),
            "area": _text(area["area"].get("nome")),
            "obiettivo_id": _int(ob.get("id")),
            "obiettivo_codice": _text(ob.get("codice")),
            "obiettivo": _text(ob.get("titolo")),
            "obiettivo_tipo": _text(ob.get("tipo")),
            "programma_codice": _text((ob.get("programma") or {}).get("codice")),
            "responsabile": _text(responsabile),
            "obiettivo_peso": _dec(o.get("peso")),
            "obiettivo_grado": _percent(o.get("grado")),
            "obiettivo_esito": _esito(o.get("grado")),
        })
        if ind is not None:
            row.update(_indicator_cells(ind, years))
        else:
            row["esito"] = _esito(o.get("grado"))
            row["esito_descrizione"] = Esito(row["esito"]).label if row["esito"] else ""
        for name, value in row.items():
            if value is None and name in _TEXT_NAMES:
                row[name] = ""
        result.append(row)
    return result


def _indicator_cells(entry, years):
    i = entry["indicatore"]
    target = entry.get("target") or {}
    luglio = _misura(entry.get("luglio"))
    consuntivo = _misura(entry.get("consuntivo"))
    grado = entry.get("grado") or {}
    cells = {
        "indicatore_id": _int(i.get("id")),
        "indicatore": _text(i.get("nome")),
        "indicatore_tipo": _text(i.get("tipo")),
        "formula": _text(i.get("formula")),
        "verso": _text(i.get("direzione")),
        "unita": _text(i.get("unita")),
        "fonte_dati": _text(i.get("fonte_dati")),
        "indicatore_peso": _dec(i.get("peso")),
        "confronto": _text(target.get("confronto")),
        "target": _dec(target.get("valore")),
        "target_testo": _text(target.get("testo")),
        "target_scadenza": _date(target.get("data_scadenza")),
        "target_variato": bool(entry.get("target_variato")),
        "valore_luglio": luglio[0], "denominatore_luglio": luglio[1], "data_luglio": luglio[2],
        "testo_luglio": luglio[3],
        "valore_fine_anno": consuntivo[0], "denominatore_fine_anno": consuntivo[1], "data_fine_anno": consuntivo[2],
        "testo_fine_anno": consuntivo[3],
        "baseline": _dec(entry.get("baseline")),
        "baseline_anno": _int(entry.get("baseline_anno")),
        "grado": _percent(grado),
        "esito": _esito(grado),
        "esito_descrizione": Esito(grado["esito"]).label if grado.get("esito") else "",
        # The report shows a scostamento only where the target was missed (as the CSV of display text did).
        "scostamento": _dec(entry.get("scostamento")) if entry.get("target_mancato") else None,
        "causa_scostamento": _text((entry.get("consuntivo") or {}).get("causa_label")),
        "motivazione": _text((entry.get("consuntivo") or {}).get("motivazione")),
        "calcolo": _text(grado.get("explanation")),
    }
    for punto in entry.get("serie") or []:
        year = punto.get("anno")
        if year is not None and int(year) in years:
            cells[f"target_{year}"] = _dec(punto.get("target"))
            cells[f"valore_{year}"] = _dec(punto.get("valore"))
    return cells


_TEXT_NAMES = {c.name for c in BASE + TAIL if c.type == "string"}


def table_schema(data, *, decimal_comma=False):
    """The Table Schema (Frictionless) of the year's table. The CSV writes numbers with a decimal
    comma for Italian spreadsheets, so its schema says so (decimalChar); the other formats hold real numbers."""
    schema_fields = []
    for c in fields(data):
        field = {"name": c.name, "type": c.type, "title": c.title}
        if c.description:
            field["description"] = c.description
        if c.type == "number" and decimal_comma:
            field["decimalChar"] = ","
        if c.type == "date":
            field["format"] = "default"  # ISO 8601, YYYY-MM-DD
        if c.type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        schema_fields.append(field)
    return {
        "fields": schema_fields,
        "missingValues": [""],
    }
