"""A Segretario of two comuni in convenzione: the header names the ente he is working on, switches
to the other one on the same page, and he approves the second ente's Relazione there. axe-core on
the index of his enti and on the reserved pages at desktop and phone widths."""

from decimal import Decimal

import pytest

from obiettivi.models import Ruolo
from relazioni.models import Relazione
from tests import builders
from tests.relazioni.conftest import periods_held

WIDTHS = [(1366, 900), (390, 844)]


@pytest.fixture
def two_enti(personas):
    seconda = builders.make_ente(nome="Comune di Seconda Prova", slug="seconda-prova")
    builders.give_role(personas.segretario, seconda, Ruolo.Tipo.SEGRETARIO, "Lorenzi dott. Alberto")
    responsabile = builders.make_user("resp_seconda", first_name="Carla", last_name="Verdi")
    area = builders.make_area(seconda, nome="Area unica", responsabile=responsabile)
    piano = builders.make_piano(seconda)
    obiettivo = builders.make_obiettivo(piano, area, codice="S.1", titolo="Sportello unico")
    indicatore = builders.make_indicatore(obiettivo, target=Decimal(10))
    builders.make_misurazione(indicatore, valore=Decimal(11))
    builders.make_misurazione(indicatore, periodo="luglio", valore=Decimal(5))
    periods_held(seconda)
    Relazione.objects.create(ente=seconda, piano=piano, anno=2018)
    return seconda


def _check_both_widths(page, assert_accessible):
    """No WCAG 2.1 AA violation and no sideways page scroll at desktop and phone widths."""
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"), width
        assert_accessible()
    page.set_viewport_size({"width": 1366, "height": 900})


def test_a_segretario_of_two_comuni_switches_ente_and_approves_the_second_ones_relazione(
        page, browser_login, assert_accessible, personas, two_enti):
    browser_login("segretario")
    # Two enti: the reserved area starts from the list of both.
    assert page.get_by_role("heading", name="Area riservata").is_visible()
    _check_both_widths(page, assert_accessible)
    page.get_by_role("link", name="Le schede di Comune di Lodrino").click()
    page.wait_for_load_state("networkidle")
    page.goto("/area-riservata/lodrino/relazioni/2018/")
    assert page.locator("header .it-brand-title").inner_text() == "Comune di Lodrino"

    # The header's selector keeps the page: the same Relazione year, in the other comune.
    page.locator("#scelta-ente").click()
    page.get_by_role("link", name="Passa a Comune di Seconda Prova").click()
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/area-riservata/seconda-prova/relazioni/2018/")
    assert page.locator("header .it-brand-title").inner_text() == "Comune di Seconda Prova"
    assert "Lodrino" not in page.locator("main").inner_text()
    _check_both_widths(page, assert_accessible)

    page.get_by_role("button", name="Approva la Relazione").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Relazione approvata").first.is_visible()
    assert Relazione.objects.get(ente=two_enti, anno=2018).stato == Relazione.Stato.APPROVATA
    assert Relazione.objects.filter(ente=personas.ente, anno=2018).exists() is False  # Lodrino's untouched
