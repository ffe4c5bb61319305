"""The evaluation in the browser: the evaluator fills and closes a scheda, the person evaluated reads
it and asks for a review; axe-core finds no WCAG 2.1 AA violation on the pages at 1366 and 390 px."""

import pytest

from tests.valutazioni.conftest import anno_2018  # noqa: F401 (the fixture)
from valutazioni import services
from valutazioni.models import Scheda

WIDTHS = [(1366, 900), (390, 844)]


@pytest.mark.parametrize("width,height", WIDTHS)
def test_the_evaluator_closes_a_scheda_and_the_person_asks_for_a_review(
    page, browser_login, assert_accessible, anno_2018, width, height  # noqa: F811
):
    p = anno_2018
    page.set_viewport_size({"width": width, "height": height})
    scheda = services.scheda_create(user=p.segretario, smvp=p.smvp, categoria=p.eq, valutatore=p.nucleo,
                                    utente=p.resp_a, atto_sindaco="Decreto del Sindaco n. 4")
    url = f"/area-riservata/{p.ente.slug}/valutazioni/schede/{scheda.pk}/"
    browser_login("nucleo")
    page.goto(url)
    assert_accessible()
    for c in p.smvp.comportamenti.all():
        page.get_by_label(c.nome, exact=True).select_option("4")
        page.get_by_label(f"Motivazione – {c.nome}").fill("Obiettivi raggiunti con cura.")
    page.get_by_role("button", name="Salva i punteggi").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Punteggi salvati.").is_visible()
    page.get_by_role("button", name="Chiudi la scheda").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Scheda chiusa.").is_visible()
    assert_accessible()
    page.context.clear_cookies()

    browser_login("resp_a")
    page.goto(f"/area-riservata/{p.ente.slug}/valutazioni/2018/")
    assert_accessible()
    page.get_by_role("link", name="Anna Rossi").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Come è calcolato:").is_visible()
    assert_accessible()
    page.get_by_label("Motivo della richiesta di revisione").fill("L'obiettivo A.1 è stato ostacolato da fattori esterni.")
    page.get_by_role("button", name="Chiedi la revisione").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Richiesta di revisione registrata.").is_visible()
    assert Scheda.objects.get(pk=scheda.pk).stato == Scheda.Stato.REVISIONE
    assert_accessible()


@pytest.mark.parametrize("width,height", WIDTHS)
def test_the_segretario_s_pages_and_the_public_ones_are_accessible(
    page, browser_login, assert_accessible, anno_2018, width, height  # noqa: F811
):
    p = anno_2018
    page.set_viewport_size({"width": width, "height": height})
    browser_login("segretario")
    for address in ("valutazioni/2018/", "valutazioni/2018/smvp/", "valutazioni/2018/premi/", "valutazioni/2019/smvp/"):
        page.goto(f"/area-riservata/{p.ente.slug}/{address}")
        assert page.title(), address
        assert_accessible()
    for address in ("performance/ammontare-premi/", "performance/dati-premi/"):
        page.goto(f"/{p.ente.slug}/{address}")
        assert_accessible()


@pytest.mark.parametrize("width,height", WIDTHS)
def test_the_segretario_changes_a_weight_and_adds_a_behaviour(
    page, browser_login, assert_accessible, anno_2018, width, height  # noqa: F811
):
    p = anno_2018
    page.set_viewport_size({"width": width, "height": height})
    browser_login("segretario")
    page.goto(f"/area-riservata/{p.ente.slug}/valutazioni/2018/smvp/")
    page.get_by_role("link", name="Modifica categorie, pesi e valutatori").click()
    page.wait_for_load_state("networkidle")
    assert_accessible()
    # The Segretario's category: 40 + 0 + 30 + 30 becomes 35,5 + 0 + 30 + 34,5.
    page.locator("#id_categorie-0-peso_ente").fill("35,5")
    page.locator("#id_categorie-0-peso_comportamenti").fill("34,5")
    page.get_by_role("button", name="Salva").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Categorie salvate.").is_visible()
    assert str(p.smvp.categorie.first().peso_ente) == "35.50"

    page.goto(f"/area-riservata/{p.ente.slug}/valutazioni/2018/smvp/")
    page.get_by_role("link", name="Modifica il catalogo dei comportamenti").click()
    page.wait_for_load_state("networkidle")
    nuovo = p.smvp.comportamenti.count()
    page.locator(f"#id_comportamenti-{nuovo}-nome").fill("Flessibilità")
    page.locator(f"#id_comportamenti-{nuovo}-descrizione").fill("Si adatta ai cambiamenti dell'organizzazione.")
    # Bootstrap Italia draws the checkbox under its label: a person clicks the label.
    page.locator(f"label[for=id_comportamenti-{nuovo}-motivazione_obbligatoria]").click()
    page.get_by_role("button", name="Salva").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Catalogo salvato.").is_visible()
    assert_accessible()
    assert p.smvp.comportamenti.filter(nome="Flessibilità", motivazione_obbligatoria=True).exists()
