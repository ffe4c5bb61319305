"""While the worker renders the approved PDF, the Segretario's page follows it in place: what they
are typing in the validation form stays, and the page never reloads itself."""

from decimal import Decimal

import pytest

from relazioni.models import Relazione, VersioneRelazione
from relazioni.tasks import render_versione_pdf
from tests import builders
from tests.relazioni.conftest import gestione_url, periods_held


@pytest.fixture
def relazione(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale")
    indicatore = builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))
    builders.make_misurazione(indicatore, periodo="luglio", valore=Decimal(4))
    builders.make_misurazione(indicatore, periodo="consuntivo", valore=Decimal("12.5"))
    periods_held(personas.ente)
    return Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)


def test_the_pdf_state_updates_in_place_without_erasing_what_the_segretario_types(page, browser_login, assert_accessible, relazione, settings):
    from playwright.sync_api import expect

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    browser_login("segretario")
    page.goto(gestione_url(relazione.ente))
    page.get_by_role("button", name="Approva la Relazione").click()
    page.wait_for_load_state("networkidle")
    expect(page.get_by_text("Relazione approvata. PDF in preparazione")).to_be_visible()
    status = page.get_by_role("status").filter(has_text="PDF:")
    expect(status).to_contain_text("PDF: in coda")
    assert_accessible()

    page.evaluate("window.stillTheSamePage = true")
    page.get_by_label("Data della validazione").fill("28/05/2019")
    page.get_by_label("Numero della delibera di Giunta").fill("45")
    render_versione_pdf.call(VersioneRelazione.objects.get().pk)  # the worker, meanwhile

    expect(status).to_contain_text("PDF: pronto e archiviato.", timeout=20_000)
    assert page.evaluate("window.stillTheSamePage") is True
    expect(page.get_by_label("Data della validazione")).to_have_value("28/05/2019")
    expect(page.get_by_label("Numero della delibera di Giunta")).to_have_value("45")
    expect(status.get_by_role("link", name="scarica")).to_be_visible()
    assert_accessible()
