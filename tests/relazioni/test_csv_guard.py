"""The open data's formula guard: every text cell a spreadsheet would run is defused, also behind
blanks or new lines; a number is never altered (numbers never reach the guard: they are number cells)."""

import csv
import io

import pytest
from django.core.cache import cache
from django.urls import reverse

from relazioni import services
from opendata.table import Campo
from opendata.writers import _csv_cell, guard_text


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"),
    (" =1+1", "' =1+1"),
    ("\n=HYPERLINK(\"http://x\")", "'\n=HYPERLINK(\"http://x\")"),
    ("  \n +cmd", "'  \n +cmd"),
    ("\u00a0@SUM(A1)", "'\u00a0@SUM(A1)"),
    ("-2+3", "'-2+3"),
    ("\tx", "'\tx"),
    ("\rx", "'\rx"),
    (" - elenco puntato", "' - elenco puntato"),
    ("Piogge eccezionali", "Piogge eccezionali"),
    ("a = b", "a = b"),
    ("", ""),
    ("-3,4 giorni", "'-3,4 giorni"),  # text, not a number: the unit has its own column
], ids=repr)
def test_a_text_cell_that_a_spreadsheet_would_run_is_defused(cell, written):
    assert guard_text(cell) == written
    assert _csv_cell(Campo("x", "string", "x"), cell) == written


@pytest.mark.parametrize(("number", "written"), [
    ("-3.4", "-3,4"), ("-1234.5", "-1234,5"), ("-3", "-3"), ("0", "0"), ("12.50", "12,5"), ("1E+3", "1000"),
    ("-0.6", "-0,6"),
])
def test_a_number_is_never_altered(number, written):
    from decimal import Decimal

    assert _csv_cell(Campo("x", "number", "x"), Decimal(number)) == written


@pytest.mark.django_db
def test_the_csv_defuses_a_formula_behind_a_new_line_and_keeps_a_negative_scostamento(
        relazione_2018, piano_2018, approve, client):
    from obiettivi.models import Misurazione

    piano_2018.ente.pubblicazione_richiede_validazione = False
    piano_2018.ente.save()
    Misurazione.objects.filter(motivazione__startswith="Piogge").update(motivazione=' \n=HYPERLINK("http://x")')
    approve(piano_2018.segretario, relazione_2018)
    services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)
    cache.clear()
    text = client.get(reverse("relazioni:dati_csv", args=["lodrino", 2018])).content.decode()
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    strade = next(r for r in rows if r["indicatore"] == "Strade riasfaltate")
    assert strade["motivazione"] == "' \n=HYPERLINK(\"http://x\")"
    assert strade["scostamento"] == "-0,6"  # 2,4 km against 3: a number, left as it is
