"""The Segretario closes the July period in the browser; the responsabile then finds July read-only.
The new pages of the cycle pass axe-core (WCAG 2.1 AA)."""

from datetime import date
from decimal import Decimal

from obiettivi.models import Misurazione, Periodo
from tests import builders


def _plan(personas):
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO, data_apertura=date(2018, 7, 1),
                         data_chiusura=date(2018, 7, 31))
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="AMM.1", titolo="Protocollo digitale",
                                        scadenza=date(2018, 12, 31))
    indicatore = builders.make_indicatore(obiettivo, nome="Documenti protocollati", target=Decimal(1000))
    builders.make_misurazione(indicatore, periodo=Misurazione.Periodo.LUGLIO, valore=Decimal(480))
    builders.make_monitoraggio(obiettivo, stato="in_ritardo", commento="Scanner in ritardo")
    return obiettivo


def test_the_segretario_closes_july_and_the_responsabile_then_finds_it_read_only(
    page, browser_login, assert_accessible, personas
):
    obiettivo = _plan(personas)
    browser_login("segretario")
    page.get_by_role("link", name="Periodi").click()
    page.goto("/area-riservata/lodrino/periodi/?anno=2018")
    assert_accessible()
    luglio = page.locator("section", has=page.get_by_role("heading", name="Monitoraggio di luglio 2018"))
    luglio.get_by_role("button", name="Chiudi il periodo").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Periodo aggiornato.").is_visible()
    assert luglio.get_by_role("button", name="Riapri il periodo").is_visible()
    assert page.get_by_role("cell", name="Chiusura del periodo").first.is_visible()
    assert_accessible()
    page.get_by_role("button", name="Esci").click()

    browser_login("resp_a")
    page.goto(obiettivo.get_absolute_url())
    notice = page.locator(".periodo-chiuso[data-periodo='luglio']")
    assert notice.is_visible()
    assert "Monitoraggio di luglio 2018» è chiuso: i valori sono in sola lettura." in notice.inner_text()
    # No July value can be typed: the page offers no July input at all.
    assert page.locator("input[name$='valore'][name*='luglio'], input[name='luglio-valore']").count() == 0


def test_the_dashboard_the_report_and_the_variations_pages_are_accessible(page, browser_login, assert_accessible, personas):
    _plan(personas)
    browser_login("segretario")
    page.get_by_role("link", name="Cruscotto").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="In sintesi").is_visible()
    assert_accessible()
    page.locator("a.cifra-in_ritardo").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="AMM.1").is_visible()
    assert_accessible()
    page.goto("/area-riservata/lodrino/monitoraggio/2018/")
    assert page.get_by_text("Stato di attuazione al 31 luglio 2018").is_visible()
    assert_accessible()
    page.goto("/area-riservata/lodrino/variazioni/")
    page.get_by_label("Numero della deliberazione").fill("58")
    page.get_by_label("Data della deliberazione").fill("20/09/2018")
    page.get_by_label("Motivazione della variazione").fill("Riduzione del personale")
    page.get_by_role("button", name="Registra e indica le modifiche").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Cambia un target").is_visible()
    assert_accessible()
