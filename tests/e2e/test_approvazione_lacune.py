"""The Segretario approves an incomplete year with open eyes: the page lists what is missing, the
approval is refused until they confirm and write why, and the reason stays with the approval."""

from decimal import Decimal

import pytest
from django.urls import reverse

from obiettivi.models import Periodo, VoceStorico
from relazioni.models import Relazione
from tests import builders
from tests.relazioni.conftest import gestione_url


@pytest.fixture
def incompleta(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale")
    builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))  # no year-end value
    builders.make_obiettivo(personas.piano, personas.area_b, codice="B.1", titolo="Strade asfaltate")  # no indicators
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    return Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)


def test_the_segretario_sees_the_gaps_and_confirms_with_a_reason(page, browser_login, assert_accessible, incompleta,
                                                                  settings):
    from playwright.sync_api import expect

    # The PDF is left to the worker (its content is tested in tests/relazioni/test_approvazione_lacune.py).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    browser_login("segretario")
    page.goto(gestione_url(incompleta.ente))
    gaps = page.locator("#lacune-approvazione")
    expect(gaps).to_contain_text("I dati dell'anno sono incompleti: 3 lacune")
    expect(gaps).to_contain_text("Il periodo del monitoraggio di luglio 2018 non è mai stato aperto.")
    expect(gaps).to_contain_text("Area amministrativa: 1 valore non inserito a fine anno.")
    expect(gaps).to_contain_text("Obiettivo B.1 «Strade asfaltate»: nessun indicatore.")
    assert_accessible()

    # Without the confirmation and the reason: refused, nothing approved.
    page.get_by_role("button", name="Approva con dati incompleti").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Per approvare con dati incompleti confermi di aver visto le lacune.")).to_be_visible()
    expect(page.get_by_text("Scriva perché approva la Relazione con i dati incompleti.")).to_be_visible()
    incompleta.refresh_from_db()
    assert incompleta.stato == Relazione.Stato.BOZZA
    assert_accessible()

    page.get_by_label("Data dell'approvazione").fill("14/05/2019")
    page.locator("label[for=id_conferma_lacune]").click()  # Bootstrap Italia's label covers the box
    expect(page.get_by_label("Ho visto le lacune elencate e approvo comunque la Relazione")).to_be_checked()
    page.get_by_label("Motivazione dell'approvazione con dati incompleti").fill(
        "Il valore di fine anno non è più rilevabile: la Relazione chiude il ciclo.")
    page.get_by_role("button", name="Approva con dati incompleti").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Relazione approvata").first).to_be_visible()
    expect(page.get_by_text("con dati incompleti: Il valore di fine anno non è più rilevabile")).to_be_visible()
    incompleta.refresh_from_db()
    assert incompleta.stato == Relazione.Stato.APPROVATA and len(incompleta.approvazione_lacune) == 3
    assert VoceStorico.objects.get(azione="Relazione approvata con dati incompleti").motivazione.startswith(
        "Il valore di fine anno non è più rilevabile")

    # The process section of the Relazione says it, with the reason.
    page.goto(reverse("relazioni:relazione", args=["lodrino", 2018]))
    expect(page.get_by_text("Approvazione con dati incompleti.")).to_be_visible()
    expect(page.get_by_text("Il valore di fine anno non è più rilevabile: la Relazione chiude il ciclo.")).to_be_visible()
