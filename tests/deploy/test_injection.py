"""Typical injection strings typed into every text field come out as text: escaped in the pages,
literal in the PDF, neutralised in the CSV."""

import csv
import io
import subprocess
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse

from obiettivi.models import Periodo, Rettifica
from relazioni import services as relazioni_services
from relazioni.models import Relazione
from tests import builders

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
IMG = '"><img src=x onerror=alert(1)>'
FORMULA = '=HYPERLINK("http://evil.example","clic")'
ATTACK = f"{SCRIPT}{IMG}"


@pytest.fixture
def poisoned(personas, django_capture_on_commit_callbacks):
    """A plan whose every text field carries an attack, approved and published."""
    cache.clear()
    personas.area_a.nome = f"Area {ATTACK}"
    personas.area_a.save()
    obiettivo = builders.make_obiettivo(
        personas.piano, personas.area_a, codice="X.1", titolo=f"Titolo {ATTACK}", descrizione=f"Descrizione {ATTACK}",
        risultato_atteso=f"Risultato {ATTACK}",
    )
    indicatore = builders.make_indicatore(obiettivo, nome=FORMULA, unita="@SUM(A1)", fonte_dati=ATTACK, target=Decimal(10))
    builders.make_misurazione(indicatore, periodo="luglio", valore=Decimal(2), nota=ATTACK)
    builders.make_misurazione(indicatore, periodo="consuntivo", valore=Decimal(5), nota=ATTACK,
                              causa_scostamento="interna", motivazione=f"+{ATTACK}")
    builders.make_monitoraggio(obiettivo, commento=ATTACK, azioni_correttive=f"-{ATTACK}")
    Rettifica.objects.create(obiettivo=obiettivo, anno=2018, percentuale=Decimal(60), motivazione=f"Rettifica {ATTACK}",
                             autore=personas.segretario)
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    personas.ente.pubblicazione_richiede_validazione = False
    personas.ente.save()
    relazione = Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)
    relazioni_services.relazione_update_narrative(user=personas.segretario, relazione=relazione, values={
        "presentazione": ATTACK, "contesto": FORMULA, "conclusione": ATTACK, "risorse": ATTACK,
        "pari_opportunita": ATTACK, "esito_monitoraggio": ATTACK,
    })
    with django_capture_on_commit_callbacks(execute=True):
        relazioni_services.relazione_approve(user=personas.segretario, relazione=relazione)
    relazioni_services.relazione_publish(user=personas.segretario, relazione=relazione)
    return personas, obiettivo, relazione


def assert_escaped(html):
    assert "<script>alert" not in html
    assert "<img src=x" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html


@pytest.mark.parametrize("who,page", [
    ("resp_a", "scheda"), ("resp_a", "mie_schede"), ("segretario", "cruscotto"), ("segretario", "gestione"),
    (None, "relazione"), (None, "performance"),
])
def test_injection_strings_are_escaped_in_every_page(poisoned, client, who, page):
    personas, obiettivo, _ = poisoned
    if who:
        client.force_login(getattr(personas, who))
    url = {
        "scheda": reverse("obiettivi:scheda", args=["lodrino", obiettivo.pk]) + "?anno=2018",
        "mie_schede": reverse("obiettivi:mie_schede", args=["lodrino"]) + "?anno=2018",
        "cruscotto": reverse("ciclo:cruscotto", args=["lodrino"]) + "?anno=2018",
        "gestione": reverse("relazioni:gestione", args=["lodrino", 2019]),
        "relazione": reverse("relazioni:relazione", args=["lodrino", 2018]),
        "performance": reverse("relazioni:performance", args=["lodrino"]),
    }[page]
    response = client.get(url)
    assert response.status_code == 200
    html = response.text
    assert "<script>alert" not in html and "<img src=x" not in html
    if page in {"scheda", "relazione", "cruscotto"}:
        assert_escaped(html)


def test_injection_strings_are_plain_text_in_the_pdf(poisoned):
    _, _, relazione = poisoned
    path = relazione.versioni.get().pdf.path
    text = subprocess.run(["pdftotext", path, "-"], capture_output=True, text=True, check=True).stdout
    assert SCRIPT in text.replace("\n", "")  # shown as typed, never interpreted


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(poisoned, client):
    text = client.get(reverse("relazioni:dati_csv", args=["lodrino", 2018])).content.decode()
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    cells = [cell for row in rows[1:] for cell in row]
    assert cells, "the CSV has data rows"
    for cell in cells:
        assert not cell.startswith(("=", "+", "@")), cell
        assert not (cell.startswith("-") and not cell[1:].replace(",", "").replace(".", "").isdigit()), cell
    assert f"'{FORMULA}" in cells
