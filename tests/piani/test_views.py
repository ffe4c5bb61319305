"""The Piano page: only the ente's Segretario or amministratore; upload, preview, confirm; the
confirmation imports the stored file, never anything posted back."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi.models import Obiettivo, Piano, Ruolo, Target, Variazione
from piani.models import Caricamento
from piani.workbook import MAX_BYTES, read_workbook
from tests import builders

from .workbooks import book, with_cell

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _url(name, ente_slug="lodrino", **kwargs):
    return reverse(f"piani:{name}", kwargs={"ente_slug": ente_slug, **kwargs})


def _upload(data, name="piano.xlsx"):
    return SimpleUploadedFile(name, data, content_type=XLSX)


@pytest.fixture
def altro_ente(db):
    ente = builders.make_ente(nome="Comune di Altrove", slug="altrove")
    segretario = builders.make_user("seg_altrove")
    builders.give_role(segretario, ente, Ruolo.Tipo.SEGRETARIO)
    responsabile = builders.make_user("resp_altrove")
    builders.give_role(responsabile, ente, Ruolo.Tipo.RESPONSABILE)
    return ente, segretario, responsabile


def _caricamento(personas, data=None):
    return Caricamento.objects.create(ente=personas.ente, utente=personas.segretario, nome_file="p.xlsx",
                                      impronta="x", contenuto=data or book(_demo_like(personas)))


def _demo_like(personas):
    """A file for the personas' ente: a new draft Piano 2021-2023 with one objective of area A."""
    data = with_cell("Piano", "Primo anno", 2021)
    data["Piano"][0]["Ultimo anno"] = 2023
    data["Aree"][0].update({"Codice": None, "Nome": personas.area_a.nome, "Responsabile": personas.resp_a.email})
    data["Persone"] = []
    data["Obiettivi"][0]["Area"] = personas.area_a.nome
    data["Indicatori"][0] = {k: v for k, v in data["Indicatori"][0].items() if not k.startswith("Target")}
    data["Indicatori"][0]["Target 2021"] = Decimal(90)
    data["Fasi"][0].update({"Inizio": "15/01/2021", "Fine": "31/03/2021"})
    data["Obiettivi"][0]["Scadenza"] = "31/12/2021"
    return data


# Who may open each page ---------------------------------------------------------------------------

def _pages(personas):
    pk = _caricamento(personas).pk
    return [
        ("get", _url("piano"), {}),
        ("get", _url("modello") + "?anno_inizio=2021&anno_fine=2023&formato=xlsx", {}),
        ("get", _url("esporta", anno_inizio=2018, formato="xlsx"), {}),
        ("post", _url("carica"), {"file": _upload(book())}),
        ("get", _url("anteprima", pk=pk), {}),
        ("post", _url("anteprima", pk=pk), {}),
    ]


@pytest.mark.parametrize("who, status", [
    ("resp_a", 403), ("resp_b", 403), ("nucleo", 403), ("outsider", 404),
])
def test_a_responsabile_or_the_nucleo_is_refused_and_an_outsider_sees_nothing(personas, client, who, status):
    client.force_login(getattr(personas, who))
    for method, url, data in _pages(personas):
        assert getattr(client, method)(url, data).status_code == status, (who, method, url)
    assert not Piano.objects.filter(anno_inizio=2021).exists()


def test_the_segretario_of_another_ente_gets_a_404(personas, client, altro_ente):
    client.force_login(altro_ente[1])
    for method, url, data in _pages(personas):
        assert getattr(client, method)(url, data).status_code == 404, (method, url)


def test_anonymous_is_sent_to_the_login(personas, client):
    for method, url, data in _pages(personas):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login")), url


def test_the_segretario_and_the_amministratore_may_open_the_page(personas, client):
    for user in (personas.segretario, personas.amministratore):
        client.force_login(user)
        response = client.get(_url("piano"))
        assert response.status_code == 200
        assert "Scarica il modello" in response.content.decode()


def test_the_wrong_method_is_a_405(personas, client):
    client.force_login(personas.segretario)
    assert client.post(_url("piano")).status_code == 405
    assert client.get(_url("carica")).status_code == 405
    assert client.post(_url("esporta", anno_inizio=2018, formato="xlsx")).status_code == 405


def test_another_users_upload_is_a_404(personas, client):
    caricamento = _caricamento(personas)
    client.force_login(personas.amministratore)
    assert client.get(_url("anteprima", pk=caricamento.pk)).status_code == 404


# Downloads --------------------------------------------------------------------------------------

def test_the_template_and_the_export_download_as_workbooks(personas, client):
    client.force_login(personas.segretario)
    response = client.get(_url("modello") + "?anno_inizio=2021&anno_fine=2023&formato=ods")
    assert response.status_code == 200 and response["Content-Type"] == "application/vnd.oasis.opendocument.spreadsheet"
    assert 'filename="modello-piano-2021-2023.ods"' in response["Content-Disposition"]
    assert read_workbook(response.content)["Indicatori"][0][-1] == "Target 2023"
    response = client.get(_url("esporta", anno_inizio=2018, formato="xlsx"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert read_workbook(response.content)["Piano"][1][:2] == [Decimal(2018), Decimal(2020)]
    assert client.get(_url("esporta", anno_inizio=2018, formato="csv")).status_code == 404
    assert client.get(_url("esporta", anno_inizio=2030, formato="xlsx")).status_code == 404


def test_wrong_template_years_are_an_italian_message_not_a_500(personas, client):
    client.force_login(personas.segretario)
    response = client.get(_url("modello") + "?anno_inizio=2023&anno_fine=2021&formato=xlsx")
    assert response.status_code == 400
    assert "L&#x27;ultimo anno va dal primo anno a quattro anni dopo." in response.content.decode()
    assert client.get(_url("modello") + "?anno_inizio=duemila").status_code == 400


# Upload, preview, confirm -------------------------------------------------------------------------

def test_upload_shows_the_preview_and_saves_only_on_confirmation(personas, client):
    client.force_login(personas.segretario)
    response = client.post(_url("carica"), {"file": _upload(book(_demo_like(personas)))})
    caricamento = Caricamento.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("anteprima", pk=caricamento.pk)
    page = client.get(response["Location"]).content.decode()
    assert "Obiettivo AMM.1" in page and "Conferma e salva" in page
    assert not Piano.objects.filter(anno_inizio=2021).exists()
    response = client.post(_url("anteprima", pk=caricamento.pk))
    assert response.status_code == 302 and response["Location"] == _url("piano")
    piano = Piano.objects.get(anno_inizio=2021)
    assert piano.obiettivi.get().codice == "AMM.1"
    caricamento.refresh_from_db()
    assert caricamento.confermato_il is not None and bytes(caricamento.contenuto) == b""
    # A second confirmation of the same upload is a 404, not a second import.
    assert client.post(_url("anteprima", pk=caricamento.pk)).status_code == 404


def test_the_confirmation_imports_the_stored_file_not_a_posted_payload(personas, client):
    client.force_login(personas.segretario)
    caricamento = _caricamento(personas)
    forged = {"file": _upload(book(with_cell("Obiettivi", "Titolo", "Forgiato"))), "titolo": "Forgiato"}
    assert client.post(_url("anteprima", pk=caricamento.pk), forged).status_code == 302
    assert Obiettivo.objects.get(piano__anno_inizio=2021).titolo == "Protocollo digitale"


def test_a_file_with_problems_lists_them_and_cannot_be_confirmed(personas, client):
    client.force_login(personas.segretario)
    data = _demo_like(personas)
    data["Indicatori"][0]["Target 2021"] = "dodici"
    client.post(_url("carica"), {"file": _upload(book(data))})
    caricamento = Caricamento.objects.get()
    page = client.get(_url("anteprima", pk=caricamento.pk)).content.decode()
    assert "Foglio Indicatori, riga 2, colonna Target 2021: «dodici» non è un numero." in page
    assert "Conferma e salva" not in page
    assert client.post(_url("anteprima", pk=caricamento.pk)).status_code == 400
    assert not Piano.objects.filter(anno_inizio=2021).exists()


def test_a_file_over_10_mb_is_refused_on_upload(personas, client):
    client.force_login(personas.segretario)
    response = client.post(_url("carica"), {"file": _upload(b"0" * (MAX_BYTES * 2))})
    assert response.status_code == 400
    assert "Il file supera i 10 MB" in response.content.decode()
    assert not Caricamento.objects.exists()


def test_a_file_that_is_not_a_workbook_gets_a_message_on_the_preview(personas, client):
    client.force_login(personas.segretario)
    client.post(_url("carica"), {"file": _upload(b"%PDF-1.4", name="piano.pdf")})
    page = client.get(_url("anteprima", pk=Caricamento.objects.get().pk)).content.decode()
    assert "Il file non è una cartella di lavoro" in page


def test_an_empty_upload_is_a_form_error(personas, client):
    client.force_login(personas.segretario)
    response = client.post(_url("carica"), {})
    assert response.status_code == 400 and "Questo campo è obbligatorio" in response.content.decode()


def test_an_approved_plan_change_asks_for_the_deliberation_on_the_preview(personas, client):
    from piani import selectors

    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1")
    indicatore = builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))
    exported = read_workbook(selectors.piano_workbook(personas.piano, "xlsx"))
    headers = exported["Indicatori"][0]
    exported["Indicatori"][1][headers.index("Target 2018")] = Decimal(20)
    from piani.workbook import SheetSpec, write_workbook

    data = write_workbook([SheetSpec(n, r[0], r[1:]) for n, r in exported.items() if n not in ("Elenchi", "Istruzioni")], "xlsx")
    client.force_login(personas.segretario)
    caricamento = _caricamento(personas, data)
    page = client.get(_url("anteprima", pk=caricamento.pk)).content.decode()
    assert "Deliberazione della variazione" in page and "10 → 20" in page
    response = client.post(_url("anteprima", pk=caricamento.pk), {})
    assert response.status_code == 400 and not Variazione.objects.exists()
    response = client.post(_url("anteprima", pk=caricamento.pk),
                           {"numero_atto": "45", "data_atto": "10/06/2018", "motivazione": "Assestamento"})
    assert response.status_code == 302
    variazione = Variazione.objects.get()
    assert (variazione.numero_atto, variazione.data_atto) == ("45", date(2018, 6, 10))
    assert Target.objects.get(indicatore=indicatore, variazione=variazione).valore == Decimal(20)


def test_the_piano_page_costs_the_same_queries_whatever_the_number_of_plans(personas, client):
    client.force_login(personas.segretario)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url("piano")).status_code == 200
        return len(queries)

    small = count()
    for anno in (2021, 2024, 2027):
        builders.make_piano(personas.ente, anno_inizio=anno, anno_fine=anno + 2)
    assert count() == small
