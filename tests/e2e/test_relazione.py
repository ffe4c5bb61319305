"""The Segretario approves and publishes the Relazione in a browser; a citizen reads and downloads it."""

from decimal import Decimal

import pytest

from relazioni.models import Relazione
from tests import builders
from tests.e2e.conftest import AXE_JS, axe_violations
from tests.relazioni.conftest import periods_held


@pytest.fixture
def relazione(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale")
    indicatore = builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))
    builders.make_misurazione(indicatore, periodo="luglio", valore=Decimal(4))
    builders.make_misurazione(indicatore, periodo="consuntivo", valore=Decimal("12.5"))
    builders.make_monitoraggio(obiettivo)
    periods_held(personas.ente)
    return Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)


def test_the_segretario_approves_and_publishes_and_a_citizen_downloads_the_pdf(page, browser, live_server, browser_login, assert_accessible, relazione):
    browser_login("segretario")
    page.goto("/area-riservata/lodrino/relazioni/2018/")
    assert_accessible()
    page.get_by_label("Data dell'approvazione").fill("14/05/2019")  # before the validation's date
    page.get_by_role("button", name="Approva la Relazione").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Relazione approvata").first.is_visible()
    assert page.get_by_text("PDF: Pronto").is_visible()
    page.get_by_label("Data della validazione").fill("28/05/2019")
    page.get_by_role("button", name="Registra la validazione").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("button", name="Pubblica per i cittadini").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Relazione pubblicata").first.is_visible()
    relazione.refresh_from_db()
    assert relazione.stato == Relazione.Stato.PUBBLICATA

    # A citizen: a browser of their own, never logged in.
    citizen = browser.new_context(base_url=live_server.url, locale="it-IT", accept_downloads=True)
    citizen.add_init_script(script=AXE_JS)
    citizen_page = citizen.new_page()
    citizen_page.goto("/lodrino/performance/")
    assert axe_violations(citizen_page) == []
    citizen_page.get_by_role("link", name="Relazione sulla Performance 2018", exact=True).click()
    citizen_page.wait_for_load_state("networkidle")
    assert citizen_page.get_by_role("heading", name="RELAZIONE 2018").is_visible()
    assert axe_violations(citizen_page) == []
    with citizen_page.expect_download() as download:
        citizen_page.get_by_role("link", name="Scarica il PDF approvato").click()
    path = download.value.path()
    assert open(path, "rb").read(5) == b"%PDF-"
    assert download.value.suggested_filename == "relazione-performance-lodrino-2018.pdf"
    citizen.close()
