"""The issue's measure: a Segretario sets up Lodrino's demo plan (13 objectives, 22 indicators, three
years of targets) in an empty ente through the browser with the workbook, counting form submissions.
The Piano page and the preview pass axe-core at 1366 and 390 px."""

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
    submissions = []
    page.on("request", lambda r: submissions.append(r.url) if r.is_navigation_request() and (
        r.method == "POST" or "?" in r.url) else None)

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
    # login, template download, upload, confirmation (today's admin needs about 45 forms)
    assert len(submissions) == 4 and len(submissions) < 10, submissions


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
