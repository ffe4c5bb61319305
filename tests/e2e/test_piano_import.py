"""The issue's measure: a Segretario sets up Lodrino's demo plan (13 objectives, 22 indicators, three
years of targets) in an empty ente through the browser with the workbook, counting form submissions.
The Piano page and the preview pass axe-core at 1366 and 390 px."""

import re

import pytest

from obiettivi.models import Indicatore, Piano, Ruolo, Target
from piani import selectors
from tests import builders


@pytest.fixture
def demo_workbook(db, tmp_path):
    """Lodrino's demo plan as the filled-in workbook a Segretario would upload."""
    from obiettivi.management.commands.load_demo import load_demo

    load_demo()
    path = tmp_path / "piano-lodrino.xlsx"
    path.write_bytes(selectors.piano_workbook(Piano.objects.get(ente__slug="lodrino"), "xlsx"))
    return path


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_demo_plan_goes_in_through_the_browser_in_under_ten_form_submissions(
    page, browser_login, assert_accessible, demo_workbook, width, height
):
    ente = builders.make_ente(nome="Comune di Nuova Lodrino", slug="nuova", anno_corrente=2018)
    segretario = builders.make_user("seg_nuova")
    builders.give_role(segretario, ente, Ruolo.Tipo.SEGRETARIO)
    page.set_viewport_size({"width": width, "height": height})
    # Every document the browser asks for: a page load (a link or an address typed), or a form submitted
    # (a POST, or a GET form with its query). A download is asked for like a page, so it is counted too.
    loads, submissions = [], []
    page.on("request", lambda r: (submissions if r.method == "POST" or "?" in r.url else loads).append(r.url)
            if r.is_navigation_request() else None)

    browser_login("seg_nuova")
    page.goto("/area-riservata/nuova/piano/")
    assert page.get_by_role("heading", name="Piano: importa ed esporta").is_visible()
    assert_accessible()
    with page.expect_download() as download:
        page.get_by_role("button", name="Scarica il modello").click()
    assert download.value.suggested_filename == "modello-piano-2018-2020.xlsx"

    page.get_by_label("Foglio di calcolo compilato").set_input_files(str(demo_workbook))
    page.get_by_role("button", name="Carica e mostra l'anteprima").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Anteprima dell'importazione").is_visible()
    assert page.get_by_role("heading", name="Area tecnica: lavori pubblici, urbanistica e ambiente").is_visible()
    assert_accessible()
    page.get_by_role("button", name="Conferma e salva").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Piano importato:").is_visible()
    assert_accessible()

    piano = Piano.objects.get(ente=ente)
    assert piano.obiettivi.count() == 13
    assert Indicatore.objects.filter(obiettivo__piano=piano).count() == 22
    assert Target.objects.filter(indicatore__obiettivo__piano=piano).count() == 66
    # Submissions: login, template download, upload, confirmation (today's admin needs about 45 forms).
    # Page loads, the README's other figure: the login page and the Piano page, which she opens, and the
    # pages the submissions redirect to (the reserved area and one's own objectives after login, the preview,
    # the Piano page after confirming).
    assert len(submissions) == 4 and len(submissions) < 10, submissions
    assert [re.sub(r"/\d+/$", "/N/", url.split("/", 3)[3]) for url in loads] == [
        "accesso/", "area-riservata/", "area-riservata/nuova/schede/", "area-riservata/nuova/piano/",
        "area-riservata/nuova/piano/anteprima/N/", "area-riservata/nuova/piano/"], loads


def test_a_wrong_file_shows_its_problems_accessibly(page, browser_login, assert_accessible, personas, tmp_path):
    path = tmp_path / "sbagliato.xlsx"
    path.write_bytes(b"non sono un foglio di calcolo")
    browser_login("segretario")
    page.goto("/area-riservata/lodrino/piano/")
    page.get_by_label("Foglio di calcolo compilato").set_input_files(str(path))
    page.get_by_role("button", name="Carica e mostra l'anteprima").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Il file non è una cartella di lavoro").is_visible()
    assert_accessible()


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_nuovo_piano_dal_precedente_in_the_browser_is_accessible(page, browser_login, assert_accessible, personas, width, height):
    from decimal import Decimal

    strategico = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", tipo="strategico", titolo="Scuola nuova")
    builders.make_indicatore(builders.make_obiettivo(personas.piano, personas.area_b, codice="B.1"), target=Decimal(5), anno=2020)
    page.set_viewport_size({"width": width, "height": height})
    browser_login("segretario")
    page.goto("/area-riservata/lodrino/piano/")
    page.get_by_role("link", name="Nuovo Piano dal precedente").first.click()
    page.wait_for_load_state("networkidle")
    assert_accessible()
    # Bootstrap Italia draws the checkbox on its label, which is what a person clicks.
    page.get_by_text("A.1 – Scuola nuova (Area amministrativa)").click()
    assert page.get_by_label("A.1 – Scuola nuova (Area amministrativa)").is_checked()
    page.get_by_role("button", name="Crea il nuovo Piano").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Creato il Piano della Performance 2019–2021 in bozza.").is_visible()
    assert_accessible()
    assert set(Piano.objects.get(anno_inizio=2019).obiettivi.values_list("codice", flat=True)) == {"A.1", "B.1"}
    assert strategico.piano_id == personas.piano.pk


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_the_plan_editor_pages_are_accessible_and_save_a_target(page, browser_login, assert_accessible, personas, width, height):
    from decimal import Decimal

    Piano.objects.filter(pk=personas.piano.pk).update(stato=Piano.Stato.BOZZA)
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale")
    indicatore = builders.make_indicatore(obiettivo, nome="Documenti protocollati", target=Decimal(90))
    page.set_viewport_size({"width": width, "height": height})
    browser_login("segretario")
    page.goto("/area-riservata/lodrino/piano/2018/obiettivi/")
    assert_accessible()
    page.get_by_role("link", name="Protocollo digitale").click()
    page.wait_for_load_state("networkidle")
    assert_accessible()
    page.get_by_label("Target 2019 di «Documenti protocollati»").fill("95,5")
    page.get_by_role("button", name="Salva l'obiettivo").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Obiettivo salvato. Valori cambiati: 1.").is_visible()
    assert_accessible()
    assert Target.objects.get(indicatore=indicatore, anno=2019).valore == Decimal("95.5")


@pytest.mark.parametrize("width, height", [(1366, 900), (390, 844)])
def test_a_piano_built_on_the_site_page_by_page_is_accessible(page, browser_login, assert_accessible, personas, width, height):
    """The editor's own pages, in the order a Segretario uses them: a new empty Piano, an objective,
    its data, an indicator, its targets, a phase (first with a mistake, shown accessibly)."""
    page.set_viewport_size({"width": width, "height": height})
    browser_login("segretario")
    page.goto("/area-riservata/lodrino/piano/")
    page.locator("#id_nuovo-anno_inizio").fill("2021")
    page.locator("#id_nuovo-anno_fine").fill("2023")
    page.get_by_role("button", name="Crea il Piano").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Creato il Piano della Performance 2021–2023 in bozza.").is_visible()
    page.get_by_label("Area").select_option(label="Area amministrativa")
    page.get_by_label("Titolo").fill("Sportello digitale")
    page.get_by_label("Peso").fill("20")
    page.get_by_role("button", name="Aggiungi l'obiettivo").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Titolo, descrizione, responsabile e date").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Risultato atteso").fill("Tutte le istanze anche online")
    page.get_by_label("Scadenza").fill("31/12/2021")
    page.get_by_role("button", name="Salva i dati dell'obiettivo").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Aggiungi un indicatore").click()
    page.wait_for_load_state("networkidle")
    assert_accessible()
    page.get_by_label("Nome").fill("Istanze online")
    page.get_by_label("Unità di misura").fill("%")
    page.get_by_role("button", name="Aggiungi l'indicatore").click()
    page.wait_for_load_state("networkidle")
    page.get_by_label("Target 2022 di «Istanze online»").fill("60")
    page.get_by_role("button", name="Salva l'obiettivo").click()
    page.wait_for_load_state("networkidle")
    page.get_by_role("link", name="Fasi (0)").click()
    page.wait_for_load_state("networkidle")
    page.locator("#id_fasi-0-descrizione").fill("Analisi")
    page.locator("#id_fasi-0-data_inizio").fill("01/03/2021")
    page.locator("#id_fasi-0-data_fine").fill("01/02/2021")
    page.get_by_role("button", name="Salva le fasi").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("La fine viene prima dell'inizio.").is_visible()
    assert_accessible()
    page.locator("#id_fasi-0-data_fine").fill("30/04/2021")
    page.get_by_role("button", name="Salva le fasi").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Fasi salvate. Fasi cambiate: 1.").is_visible()
    piano = Piano.objects.get(anno_inizio=2021)
    obiettivo = piano.obiettivi.get()
    assert (obiettivo.titolo, obiettivo.risultato_atteso, obiettivo.fasi.get().descrizione) == (
        "Sportello digitale", "Tutte le istanze anche online", "Analisi")
    assert Target.objects.get(indicatore__obiettivo=obiettivo, anno=2022).valore == 60
