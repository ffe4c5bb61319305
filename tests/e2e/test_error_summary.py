"""After a failed save the focus goes to the error summary at the top of the form, whose links take
the focus to the fields (on a phone they are thousands of pixels below)."""

from decimal import Decimal

import pytest

from obiettivi.models import Misurazione, Periodo
from tests import builders


@pytest.fixture
def obiettivo(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale")
    indicatore = builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10), unita="pratiche")
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    return obiettivo, indicatore


def test_after_a_failed_save_the_summary_has_the_focus_and_its_links_reach_the_fields(
        page, browser_login, assert_accessible, obiettivo):
    _obiettivo, indicatore = obiettivo
    page.set_viewport_size({"width": 390, "height": 844})
    browser_login("resp_a")
    page.get_by_role("link", name="A.1 – Protocollo digitale").click()
    page.get_by_label("Valore (pratiche)").fill("0.125")
    page.get_by_role("button", name="Salva i valori").click()
    page.wait_for_load_state("networkidle")

    focused = page.evaluate("document.activeElement.id")
    assert focused == "riepilogo-errori"
    summary = page.locator("#riepilogo-errori")
    assert summary.is_visible()
    assert_accessible()
    links = summary.get_by_role("link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(links.count())]
    assert hrefs == [f"#id_i{indicatore.pk}-consuntivo-valore"]
    assert page.locator(hrefs[0]).count() == 1  # the link points at a field that exists

    links.first.click()
    assert page.evaluate("document.activeElement.id") == f"id_i{indicatore.pk}-consuntivo-valore"
    assert page.get_by_label("Valore (pratiche)").input_value() == "0.125"  # what was typed is kept
    assert not Misurazione.objects.exists()
