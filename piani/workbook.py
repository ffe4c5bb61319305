"""Reading and writing workbooks (XLSX through openpyxl, ODS through odfpy), format only.

A workbook is read into plain cells: `Decimal` for numbers, `date` for dates, `str` for text, `None`
for an empty cell. Nothing here knows about the Piano; `piani.layout` gives the sheets their meaning.
"""

import io
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
# A 10 MB zip can unpack to gigabytes (a "zip bomb"): refuse before any XML is parsed.
MAX_UNPACKED_BYTES = 120 * 1024 * 1024
MAX_ROWS = 20_000
MAX_COLUMNS = 200

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODS_CONTENT_TYPE = ODS_MIMETYPE.decode()


class WorkbookError(Exception):
    """The file cannot be read as a workbook; `message` is Italian."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


@dataclass
class SheetSpec:
    """A sheet to write: headers, rows of cells, and lists of allowed values per column index."""

    name: str
    headers: list
    rows: list = field(default_factory=list)
    choices: dict = field(default_factory=dict)
    widths: dict = field(default_factory=dict)


# Reading ------------------------------------------------------------------------------------------

def read_workbook(data):
    """{sheet name: [row of cells]} in the workbook's order; WorkbookError if it is not one."""
    if len(data) > MAX_BYTES:
        raise WorkbookError(_("Il file supera i 10 MB: lo divida o tolga i fogli che non servono."))
    if not data:
        raise WorkbookError(_("Il file è vuoto."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
        unpacked = sum(info.file_size for info in archive.infolist())
        mimetype = archive.read("mimetype").strip() if "mimetype" in names else b""
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        raise WorkbookError(_("Il file non è una cartella di lavoro: carichi un file XLSX (Excel) o ODS (LibreOffice)."))
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(_("Il file, una volta decompresso, è troppo grande per essere un Piano."))
    try:
        if mimetype == ODS_MIMETYPE:
            sheets = _read_ods(data)
        elif "xl/workbook.xml" in names:
            sheets = _read_xlsx(data)
        else:
            raise WorkbookError(_("Il file non è una cartella di lavoro: carichi un file XLSX (Excel) o ODS (LibreOffice)."))
    except WorkbookError:
        raise
    except Exception:  # a damaged workbook can fail anywhere inside the libraries
        raise WorkbookError(_("Il file non si riesce a leggere: è danneggiato o non è un file XLSX / ODS."))
    return {name: _trim(rows) for name, rows in sheets.items()}


def _trim(rows):
    """Drop trailing empty cells and trailing empty rows (spreadsheets pad both)."""
    trimmed = []
    for row in rows:
        row = list(row)
        while row and row[-1] is None:
            row.pop()
        trimmed.append(row)
    while trimmed and not trimmed[-1]:
        trimmed.pop()
    return trimmed


def _cell(value):
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float, Decimal)):
        # repr of a float is its shortest exact form: 43870.5 stays 43870.5, not 43870.4999...
        return Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    text = str(value).strip()
    return text or None


def _read_xlsx(data):
    import openpyxl

    # data_only: a formula is read by the value Excel computed and saved with it.
    workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = {}
        for sheet in workbook.worksheets:
            rows = []
            for row in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
                rows.append([_cell(value) for value in row])
                if len(rows) > MAX_ROWS:
                    raise WorkbookError(_("Il foglio %(foglio)s ha più di %(n)s righe.") % {"foglio": sheet.title, "n": MAX_ROWS})
            sheets[sheet.title] = rows
        return sheets
    finally:
        workbook.close()


def _read_ods(data):
    from odf import opendocument
    from odf.namespaces import OFFICENS, TABLENS, TEXTNS

    document = opendocument.load(io.BytesIO(data))
    sheets = {}
    for sheet in document.spreadsheet.childNodes:
        if sheet.qname != (TABLENS, "table"):
            continue
        rows = []
        for row in _ods_children(sheet, "table-row", TABLENS):
            cells = []
            for cell in row.childNodes:
                if cell.qname[0] != TABLENS or cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                value = _ods_value(cell, OFFICENS, TEXTNS)
                # Empty cells come as one element with a repeat count (often to column 1024): expand
                # only up to the columns a Piano can have.
                repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1) or 1)
                cells.extend([value] * min(repeat, max(0, MAX_COLUMNS - len(cells))))
            repeat = int(row.attributes.get((TABLENS, "number-rows-repeated"), 1) or 1)
            if not any(value is not None for value in cells):
                repeat = min(repeat, 1)  # trailing blank rows are repeated a million times
            for _n in range(repeat):
                rows.append(list(cells))
            if len(rows) > MAX_ROWS + 1:
                break
        sheets[sheet.attributes.get((TABLENS, "name"), "")] = _trim(rows)[: MAX_ROWS + 1]
    return sheets


def _ods_children(node, name, ns):
    """Rows of a table, also inside row groups and header rows."""
    for child in node.childNodes:
        if child.qname == (ns, name):
            yield child
        elif child.qname[0] == ns and child.qname[1] in ("table-row-group", "table-header-rows", "table-rows"):
            yield from _ods_children(child, name, ns)


def _ods_value(cell, officens, textns):
    kind = cell.attributes.get((officens, "value-type"))
    if kind in ("float", "percentage", "currency"):
        # office:value is the exact number, whatever the cell's display format (e.g. "12,5").
        try:
            return Decimal(cell.attributes.get((officens, "value")))
        except (InvalidOperation, TypeError):
            return None
    if kind == "date":
        text = cell.attributes.get((officens, "date-value"), "")
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None
    if kind == "boolean":
        return cell.attributes.get((officens, "boolean-value")) == "true"
    paragraphs = [_ods_text(p) for p in cell.childNodes if p.qname == (textns, "p")]
    return _cell("\n".join(paragraphs))


def _ods_text(node):
    from odf.namespaces import TEXTNS

    parts = []
    for child in node.childNodes:
        if child.nodeType == child.TEXT_NODE:
            parts.append(child.data)
        elif child.qname == (TEXTNS, "s"):
            parts.append(" " * int(child.attributes.get((TEXTNS, "c"), 1) or 1))
        elif child.qname == (TEXTNS, "tab"):
            parts.append("\t")
        else:
            parts.append(_ods_text(child))
    return "".join(parts)


# Writing ------------------------------------------------------------------------------------------

def write_workbook(sheets, fmt):
    """The bytes of a workbook in `fmt` ("xlsx" or "ods") with the given SheetSpecs."""
    if fmt == "xlsx":
        return _write_xlsx(sheets)
    if fmt == "ods":
        return _write_ods(sheets)
    raise ValueError(fmt)


def _column_letter(index):
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def _write_xlsx(sheets):
    import openpyxl
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    lists = None
    for spec in sheets:
        sheet = workbook.create_sheet(spec.name)
        sheet.append(spec.headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
        for row in spec.rows:
            sheet.append([_xlsx_value(value) for value in row])
            # A text that starts with "=" would become a formula: it stays text (formula injection).
            for cell, value in zip(sheet[sheet.max_row], row):
                if isinstance(value, str):
                    cell.data_type = "s"
                elif isinstance(value, date):
                    cell.number_format = "DD/MM/YYYY"
        for index, width in spec.widths.items():
            sheet.column_dimensions[_column_letter(index)].width = width
        for index in range(len(spec.headers)):
            sheet.column_dimensions[_column_letter(index)].width = spec.widths.get(index, 18)
        if spec.choices:
            # Long lists do not fit the 255 characters of an inline list: they live on a hidden sheet.
            if lists is None:
                lists = workbook.create_sheet("Elenchi")
                lists.sheet_state = "hidden"
            for index, values in spec.choices.items():
                column = lists.max_column + 1 if lists.max_row > 1 or lists["A1"].value else 1
                for row_number, value in enumerate(values, start=1):
                    lists.cell(row=row_number, column=column, value=value).data_type = "s"
                letter = _column_letter(column - 1)
                validation = DataValidation(
                    type="list", formula1=f"=Elenchi!${letter}$1:${letter}${max(1, len(values))}", allow_blank=True,
                    showErrorMessage=True, errorTitle=_("Valore non ammesso"),
                    error=_("Scelga un valore dall'elenco."),
                )
                sheet.add_data_validation(validation)
                validation.add(f"{_column_letter(index)}2:{_column_letter(index)}{MAX_ROWS}")
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(vertical="top", wrap_text=isinstance(cell.value, str) and len(cell.value) > 40)
    if lists is not None:  # the hidden lists go last, after the sheets a person fills in
        workbook.move_sheet(lists, offset=len(workbook.sheetnames) - 1 - workbook.sheetnames.index(lists.title))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _xlsx_value(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _write_ods(sheets):
    from odf import opendocument, style, table, text
    from odf.namespaces import TABLENS

    document = opendocument.OpenDocumentSpreadsheet()
    bold = style.Style(name="intestazione", family="table-cell")
    bold.addElement(style.TextProperties(fontweight="bold"))
    document.automaticstyles.addElement(bold)
    validations = table.ContentValidations()
    validation_names = {}
    for spec in sheets:
        for index, values in spec.choices.items():
            name = f"elenco{len(validation_names) + 1}"
            quoted = ";".join('"' + value.replace('"', '""') + '"' for value in values)
            validation = table.ContentValidation(
                name=name, condition=f"of:cell-content-is-in-list({quoted})", allowemptycell="true",
                basecelladdress=f"'{spec.name}'.{_column_letter(index)}2",
            )
            validation.addElement(table.ErrorMessage(messagetype="stop", display="true", title=_("Valore non ammesso")))
            validations.addElement(validation)
            validation_names[(spec.name, index)] = name
    if validation_names:
        document.spreadsheet.addElement(validations)
    for spec in sheets:
        sheet = table.Table(name=spec.name)
        for index in range(len(spec.headers)):
            sheet.addElement(table.TableColumn())
        header = table.TableRow()
        for value in spec.headers:
            cell = table.TableCell(valuetype="string", stylename=bold)
            cell.addElement(text.P(text=value))
            header.addElement(cell)
        sheet.addElement(header)
        for row in spec.rows:
            row_element = table.TableRow()
            for index, value in enumerate(row):
                row_element.addElement(_ods_cell(value, validation_names.get((spec.name, index))))
            sheet.addElement(row_element)
        if any(key[0] == spec.name for key in validation_names):
            # Empty rows below the data keep the lists, so that new rows can be typed with them.
            row_element = table.TableRow(numberrowsrepeated=500)
            for index in range(len(spec.headers)):
                cell = table.TableCell()
                name = validation_names.get((spec.name, index))
                if name:
                    cell.setAttrNS(TABLENS, "content-validation-name", name)
                row_element.addElement(cell)
            sheet.addElement(row_element)
        document.spreadsheet.addElement(sheet)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _ods_cell(value, validation_name):
    from odf import table, text
    from odf.namespaces import TABLENS

    if value is None:
        cell = table.TableCell()
    elif isinstance(value, Decimal):
        cell = table.TableCell(valuetype="float", value=format(value.normalize(), "f"))
        cell.addElement(text.P(text=format(value.normalize(), "f").replace(".", ",")))
    elif isinstance(value, date):
        cell = table.TableCell(valuetype="date", datevalue=value.isoformat())
        cell.addElement(text.P(text=value.strftime("%d/%m/%Y")))
    else:
        cell = table.TableCell(valuetype="string")
        cell.addElement(text.P(text=str(value)))
    if validation_name:
        cell.setAttrNS(TABLENS, "content-validation-name", validation_name)
    return cell
