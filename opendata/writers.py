"""The year's typed table (opendata/table.py) in four formats with the same columns.

CSV for Italian spreadsheets (UTF-8 with BOM, `;`, decimal comma, dates ISO 8601); XLSX and ODS with
numeric, date and boolean cells; JSON (an array of objects) with real numbers, for machines.

Formula guard: only text cells are guarded, numbers never go through it (a negative scostamento is a
number cell, written as -0,6). In the CSV a text cell that a spreadsheet would run gets a leading ';
in XLSX and ODS text cells are typed as text, which a spreadsheet never runs, so the words stay as written.
"""

import csv
import io
import json
import re
from datetime import date
from decimal import Decimal

from . import table

# A cell a spreadsheet would run as a formula starts with one of these, possibly after blanks or line
# breaks, which spreadsheets skip before reading a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard_text(text):
    """A text cell as the CSV writes it: a leading ' defuses a would-be formula. Only for text: numbers
    are written by `csv_number` and never reach this function."""
    if text.startswith(FORMULA_START) or text.lstrip().startswith(FORMULA_START):
        return "'" + text
    return text


# A number as Italian text ("-3,4", "1.250"): left as it is by `neutralise`, since a number is not a formula.
_ITALIAN_NUMBER = re.compile(r"^[+-]?([0-9]{1,3}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$")


def neutralise(value):
    """A cell of a CSV whose values are already display text (the premi aggregates): numbers stay as
    they are, any other text goes through `guard_text`."""
    text = "" if value is None else str(value)
    return text if _ITALIAN_NUMBER.match(text) else guard_text(text)


def plain_number(value):
    """A Decimal in positional notation with no trailing zeros (12.50 -> 12.5, 1E+1 -> 10)."""
    text = format(Decimal(value), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _csv_cell(campo, value):
    if value is None:
        return ""
    if campo.type == "number":
        return plain_number(value).replace(".", ",")
    if campo.type == "integer":
        return str(int(value))
    if campo.type == "boolean":
        return "true" if value else "false"
    if campo.type == "date":
        return value.isoformat()
    return guard_text(str(value))


def csv_bytes(data):
    campi = table.fields(data)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # BOM: Excel then reads UTF-8 and the accents stay right
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.name for c in campi])
    for row in table.rows(data):
        writer.writerow([_csv_cell(c, row[c.name]) for c in campi])
    return buffer.getvalue().encode("utf-8")


def _json_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, date):
        return value.isoformat()
    return value


def json_bytes(data):
    rows = [{k: _json_value(v) for k, v in row.items()} for row in table.rows(data)]
    return json.dumps(rows, ensure_ascii=False, indent=1).encode("utf-8")


def _about(data):
    """The second sheet of XLSX and ODS: what the data are and under which licence."""
    ente = data.get("ente") or {}
    return [
        ("Dataset", f"Risultati della performance {data['anno']} - {ente.get('nome', '')}"),
        ("Titolare", ente.get("nome", "")),
        ("Codice IPA", ente.get("codice_ipa", "") or ""),
        ("Licenza", table.LICENZA["title"]),
        ("Testo della licenza", table.LICENZA["path"]),
        ("Fonte", "Relazione sulla Performance approvata (dati congelati all'approvazione)"),
    ]


def xlsx_bytes(data):
    from openpyxl import Workbook

    campi = table.fields(data)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "dati"
    sheet.append([c.name for c in campi])
    for r, row in enumerate(table.rows(data), start=2):
        for col, c in enumerate(campi, start=1):
            value = row[c.name]
            if value is None or value == "":
                continue
            cell = sheet.cell(row=r, column=col)
            if c.type == "string":
                cell.value = str(value)
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            elif c.type == "number":
                cell.value = value
            else:
                cell.value = value
                if c.type == "date":
                    cell.number_format = "yyyy-mm-dd"
    about = workbook.create_sheet("informazioni")
    for pair in _about(data):
        about.append(list(pair))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def ods_bytes(data):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    def text_cell(text):
        cell = TableCell(valuetype="string")
        cell.addElement(P(text=str(text)))
        return cell

    def cell_for(campo, value):
        if value is None or value == "":
            return TableCell()
        if campo.type in ("number", "integer"):
            shown = plain_number(value)
            cell = TableCell(valuetype="float", value=shown)
            cell.addElement(P(text=shown.replace(".", ",")))
            return cell
        if campo.type == "date":
            cell = TableCell(valuetype="date", datevalue=value.isoformat())
            cell.addElement(P(text=value.isoformat()))
            return cell
        if campo.type == "boolean":
            cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
            cell.addElement(P(text="VERO" if value else "FALSO"))
            return cell
        return text_cell(value)

    campi = table.fields(data)
    doc = OpenDocumentSpreadsheet()
    sheet = Table(name="dati")
    header = TableRow()
    for c in campi:
        header.addElement(text_cell(c.name))
    sheet.addElement(header)
    for row in table.rows(data):
        tr = TableRow()
        for c in campi:
            tr.addElement(cell_for(c, row[c.name]))
        sheet.addElement(tr)
    doc.spreadsheet.addElement(sheet)
    about = Table(name="informazioni")
    for pair in _about(data):
        tr = TableRow()
        for text in pair:
            tr.addElement(text_cell(text))
        about.addElement(tr)
    doc.spreadsheet.addElement(about)
    buffer = io.BytesIO()
    doc.write(buffer)
    return buffer.getvalue()


FORMATI = {
    # formato: (writer, media type, DCAT format (EU file-type vocabulary), label)
    "csv": (csv_bytes, "text/csv", "CSV", "CSV"),
    "xlsx": (xlsx_bytes, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX", "XLSX"),
    "ods": (ods_bytes, "application/vnd.oasis.opendocument.spreadsheet", "ODS", "ODS"),
    "json": (json_bytes, "application/json", "JSON", "JSON"),
}


def make(formato, data):
    return FORMATI[formato][0](data)


def schema_bytes(formato, data):
    schema = table.table_schema(data, decimal_comma=formato == "csv")
    return json.dumps(schema, ensure_ascii=False, indent=1).encode("utf-8")
