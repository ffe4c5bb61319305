"""A responsabile enters a value in a real browser and finds it, with its grado, after a reload."""

from decimal import Decimal

import pytest

from obiettivi.models import Misurazione, Periodo
from tests import builders


@pytest.fixture
def obiettivo(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale")
    builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10), unita="pratiche")
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    return obiettivo


def test_a_responsabile_enters_12_5_and_sees_it_and_its_grado_after_a_reload(page, browser_login, obiettivo):
    browser_login("resp_a")
    assert page.get_by_role("heading", name="Le mie schede").is_visible()
    page.get_by_role("link", name="A.1 – Protocollo digitale").click()
    page.get_by_label("Valore (pratiche)").fill("12,5")
    page.get_by_role("button", name="Salva i valori").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Valori salvati.").is_visible()
    page.reload()
    assert page.get_by_label("Valore (pratiche)").input_value() == "12,5"
    assert page.get_by_role("cell", name="12,5 pratiche").is_visible()
    page.get_by_text("Come è calcolato").last.click()
    assert page.get_by_text("12,5 pratiche su un target di 10 pratiche, crescente: target raggiunto, 100 %").last.is_visible()
    assert Misurazione.objects.get().valore == Decimal("12.5")


def test_the_login_le_mie_schede_and_the_objective_page_are_accessible(page, browser_login, assert_accessible, obiettivo):
    page.goto("/accesso/")
    assert_accessible()
    browser_login("resp_a")
    assert_accessible()
    page.get_by_role("link", name="A.1 – Protocollo digitale").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("button", name="Salva i valori").is_visible()
    assert_accessible()
    page.get_by_role("link", name="Pratiche evase").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Target e valori per anno").is_visible()
    assert_accessible()
