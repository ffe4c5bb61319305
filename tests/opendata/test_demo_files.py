"""The open data of the demo's Relazione 2018: every file validates against its Table Schema with
typed fields (frictionless), and its numbers are those the public page shows."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from frictionless import Dialect, Schema, formats
from frictionless.resources import TableResource

from obiettivi.achievement import format_decimal
from opendata.writers import guard_text

pytestmark = pytest.mark.django_db

FORMATI = ["csv", "xlsx", "ods", "json"]


@pytest.fixture
def demo(settings, tmp_path):
    settings.DEBUG = True
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_demo", stdout=open("/dev/null", "w"))


def file_url(formato):
    if formato == "csv":
        return reverse("relazioni:dati_csv", args=["lodrino", 2018])
    return reverse("opendata:dati", args=["lodrino", 2018, formato])


def download(client, tmp_path, formato):
    response = client.get(file_url(formato))
    assert response.status_code == 200, formato
    path = tmp_path / f"dati.{formato}"
    path.write_bytes(response.content)  # served as an attachment, from storage
    schema = client.get(reverse("opendata:schema", args=["lodrino", 2018, formato]))
    assert schema.status_code == 200
    return path, json.loads(b"".join(schema.streaming_content))


def resource(path, schema, formato):
    options = {"schema": Schema.from_descriptor(schema)}
    if formato == "csv":
        options["encoding"] = "utf-8-sig"
        options["dialect"] = Dialect(controls=[formats.CsvControl(delimiter=";")])
    return TableResource(path=path.name, basepath=str(path.parent), format=formato, **options)


def test_every_file_validates_against_its_table_schema_with_numbers_typed_and_equal_to_the_page(
        demo, client, tmp_path):
    """One test for the four formats: loading the demo is the slow part."""
    page = client.get(reverse("relazioni:relazione", args=["lodrino", 2018])).text
    tables = {}
    for formato in FORMATI:
        path, schema = download(client, tmp_path, formato)
        types = {f["name"]: f["type"] for f in schema["fields"]}
        assert types["target"] == types["valore_luglio"] == types["valore_fine_anno"] == "number"
        assert types["grado"] == types["scostamento"] == types["obiettivo_peso"] == types["baseline"] == "number"
        assert types["anno"] == types["indicatore_id"] == "integer" and types["data_fine_anno"] == "date"
        report = resource(path, schema, formato).validate()
        assert report.valid, (formato, report.flatten(["rowNumber", "fieldName", "type", "note"]))
        with resource(path, schema, formato) as table:
            rows = table.read_rows()
        assert rows and all(r["anno"] == 2018 and isinstance(r["anno"], int) for r in rows), formato
        numbers = [r[name] for r in rows for name in ("target", "valore_fine_anno", "grado", "obiettivo_peso")
                   if r[name] is not None]
        assert len(numbers) > 20 and all(isinstance(v, (Decimal, int, float)) and not isinstance(v, bool)
                                         for v in numbers), formato
        for row in rows:
            for name in ("target", "valore_fine_anno", "grado"):
                if row[name] is not None:
                    assert format_decimal(Decimal(str(row[name]))) in page, (formato, row["indicatore"], name)
        tables[formato] = [{k: _same(v, formato) for k, v in r.items()} for r in rows]
    for formato in ("json", "xlsx", "ods"):
        for a, b in zip(tables["csv"], tables[formato], strict=True):
            assert a == b, (formato, {k: (a[k], b[k]) for k in a if a[k] != b[k]})


def _same(value, formato):
    """A cell as compared across formats: every number as a Decimal, an empty text as None, a CSV
    text cell without the ' that defuses a would-be formula (XLSX and ODS type it as text instead)."""
    if value == "" or value is None:
        return None
    if formato == "csv" and isinstance(value, str) and value.startswith("'") and guard_text(value[1:]) == value:
        return value[1:]
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return Decimal(str(value)).normalize()
    return value
