"""The ente's people and settings pages in the browser: axe-core finds no WCAG 2.1 AA violation at
1366 and 390 px, and the page never scrolls sideways; a person is added through the form."""

import pytest

from enti.models import Dipendente
from obiettivi.models import Ruolo
from tests import builders

WIDTHS = [(1366, 900), (390, 844)]


def _no_sideways_scroll(page):
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


@pytest.fixture
def lodrino(personas):
    Dipendente.objects.create(ente=personas.ente, nome="Elena", cognome="Gialli", area=personas.area_a,
                              inquadramento="Area degli Istruttori")
    lungo = builders.make_user("lungo", first_name="Maria Teresa", last_name="Bonaventura-Castelnuovo",
                               email="maria.teresa.bonaventura-castelnuovo@comune.lodrino.bs.it")
    builders.give_role(lungo, personas.ente, Ruolo.Tipo.NUCLEO)
    lungo.set_unusable_password()  # invited, not yet signed in: the page offers a new invitation
    lungo.save()
    personas.lungo = lungo
    return personas


@pytest.mark.parametrize("width,height", WIDTHS)
def test_the_people_and_settings_pages_are_accessible_and_never_scroll_sideways(
    page, browser_login, assert_accessible, lodrino, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    browser_login("segretario")
    for address in (
        "/area-riservata/lodrino/persone/",
        f"/area-riservata/lodrino/persone/{lodrino.resp_a.pk}/",
        f"/area-riservata/lodrino/persone/{lodrino.lungo.pk}/",
        f"/area-riservata/lodrino/persone/{lodrino.segretario.pk}/",
        f"/area-riservata/lodrino/persone/dipendenti/{Dipendente.objects.get().pk}/",
        "/area-riservata/lodrino/impostazioni/",
    ):
        page.goto(address)
        page.wait_for_load_state("networkidle")
        assert_accessible()
        _no_sideways_scroll(page)


@pytest.mark.parametrize("width,height", WIDTHS)
def test_a_form_with_errors_is_accessible_and_its_summary_takes_the_focus(
    page, browser_login, assert_accessible, lodrino, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    browser_login("amministratore")
    page.goto("/area-riservata/lodrino/persone/")
    page.locator("#id_email").fill("non-una-mail")
    page.get_by_role("button", name="Aggiungi e invia l'invito").click()
    page.wait_for_load_state("networkidle")
    summary = page.locator(".riepilogo-errori")
    assert "Scriva un indirizzo e-mail valido" in summary.inner_text()
    assert page.evaluate("() => document.activeElement.classList.contains('riepilogo-errori')")
    assert_accessible()
    _no_sideways_scroll(page)
    page.goto("/area-riservata/lodrino/impostazioni/")
    page.get_by_label("Codice fiscale").fill("ABC")
    page.get_by_role("button", name="Salva le impostazioni").click()
    page.wait_for_load_state("networkidle")
    assert "11 cifre" in page.locator(".riepilogo-errori").inner_text()
    assert_accessible()
    _no_sideways_scroll(page)


def test_the_segretario_adds_a_responsabile_in_one_form(page, browser_login, personas):
    browser_login("segretario")
    page.get_by_role("link", name="Persone e ruoli").click()
    page.locator("#id_nome").fill("Giulia")
    page.locator("#id_cognome").fill("Marchi")
    page.locator("#id_email").fill("giulia.marchi@comune.example.it")
    # Bootstrap Italia draws its own checkbox over the native one: the label is what a person clicks.
    page.locator("label[for=id_ruoli_2]").click()
    page.get_by_text("Area tecnica (ora: Bruno Bianchi)").click()
    assert page.get_by_label("Responsabile", exact=True).is_checked()
    page.get_by_role("button", name="Aggiungi e invia l'invito").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Invito inviato a giulia.marchi@comune.example.it").is_visible()
    assert page.get_by_role("link", name="Giulia Marchi").is_visible()
