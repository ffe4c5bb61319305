"""An approved Relazione is a document, not a query: what was approved and published never moves,
a stored file that no longer matches its fingerprint is never served, and the last published version
stays public while a correction is prepared."""

import hashlib
import json
import logging
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.template.loader import render_to_string
from django.urls import reverse

from obiettivi.models import Area, Ente, Misurazione, Programma, VoceStorico
from relazioni import services
from relazioni.models import VersioneRelazione
from relazioni.snapshot import context_from_data, fingerprint, relazione_data

pytestmark = pytest.mark.django_db

PAGE = reverse("relazioni:relazione", args=["lodrino", 2018])
PDF = reverse("relazioni:relazione_pdf", args=["lodrino", 2018])
CSV = reverse("relazioni:dati_csv", args=["lodrino", 2018])
ATTESTAZIONE = reverse("relazioni:attestazione_pdf", args=["lodrino", 2018])


def body(html):
    """The report itself, without the site's frame (whose header names the ente as it is today)."""
    return re.search(r'<article class="relazione">.*</article>', html, re.S).group(0)


def downloads(client):
    page = client.get(PAGE)
    pdf = client.get(PDF)
    csv = client.get(CSV)
    assert page.status_code == pdf.status_code == csv.status_code == 200
    return body(page.text), b"".join(pdf.streaming_content), csv.content


@pytest.fixture
def with_programma(piano_2018):
    programma, _ = Programma.objects.get_or_create(
        codice="0108", defaults={"codice_missione": "01", "nome_missione": "Servizi istituzionali",
                                 "nome": "Statistica e sistemi informativi"})
    piano_2018.piano.obiettivi.filter(codice="A.1").update(programma=programma)
    return programma


@pytest.fixture
def pubblicata(relazione_2018, piano_2018, approve, with_programma):
    piano_2018.ente.pubblicazione_richiede_validazione = False
    piano_2018.ente.save()
    approve(piano_2018.segretario, relazione_2018)
    return services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)


def test_the_snapshot_round_trips_decimals_and_dates_exactly(relazione_2018, with_programma):
    data = relazione_data(relazione_2018)
    stored = json.loads(json.dumps(data))  # what a JSONField gives back
    assert stored == data and fingerprint(stored) == fingerprint(data)
    km = data["risultati"]["aree"][1]["obiettivi"][0]["indicatori"][0]
    assert km["consuntivo"]["valore"] == "2.4000" and km["scostamento"] == "-0.6000"
    ctx = context_from_data(stored)
    ri = ctx["risultati"].aree[1].obiettivi[0].indicatori[0]
    assert ri.consuntivo.valore == Decimal("2.4") and isinstance(ri.scostamento, Decimal)
    assert ctx["piano"].data_atto.isoformat() == "2018-01-30"
    html = render_to_string("relazioni/includes/relazione_body.html", ctx)
    assert html == render_to_string("relazioni/includes/relazione_body.html", context_from_data(data))
    assert "Programma 0108" in html and "2,4 km" in html


def test_the_approved_version_stores_its_snapshot_and_its_csv_with_their_sha256(pubblicata):
    versione = pubblicata.versioni.get()
    assert versione.dati["risultati"]["aree"][0]["area"]["nome"] == "Area amministrativa"
    assert versione.dati_sha256 == fingerprint(versione.dati)
    content = versione.csv.read()
    assert content.decode("utf-8").startswith("\ufeffanno;ente_codice_ipa;") and hashlib.sha256(content).hexdigest() == versione.csv_sha256


def test_renaming_area_ente_person_programme_or_changing_a_value_after_publication_changes_nothing_published(
        pubblicata, piano_2018, client):
    before = downloads(client)
    Area.objects.filter(pk=piano_2018.area_a.pk).update(nome="Area rinominata")
    Ente.objects.filter(pk=piano_2018.ente.pk).update(nome="Comune Rinominato", provincia="Altrove")
    type(piano_2018.resp_a).objects.filter(pk=piano_2018.resp_a.pk).update(first_name="Nome", last_name="Cambiato")
    Programma.objects.filter(codice="0108").update(codice="9999", nome="Cambiato")
    Misurazione.objects.filter(periodo="consuntivo", valore=Decimal("2.4")).update(valore=Decimal(3), motivazione="")
    cache.clear()  # nothing may come from a cache filled before the changes
    after = downloads(client)
    assert after == before
    assert "Area rinominata" not in after[0] and "Rossi" in after[0] and "2,4 km" in after[0]
    client.force_login(piano_2018.nucleo)  # the ente's people read the same frozen version
    assert downloads(client) == before


def test_the_pdf_task_renders_the_snapshot_not_the_live_rows(relazione_2018, piano_2018, approve, monkeypatch):
    from relazioni import tasks

    rendered = []
    monkeypatch.setattr(tasks, "versione_pdf", lambda v: rendered.append(v.dati) or b"%PDF-1.7 test")
    services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018)  # task not run yet
    Area.objects.filter(pk=piano_2018.area_a.pk).update(nome="Rinominata prima del PDF")
    versione = VersioneRelazione.objects.get()
    tasks.render_versione_pdf.call(versione.pk)
    assert rendered[0]["risultati"]["aree"][0]["area"]["nome"] == "Area amministrativa"


# --- Tampering ------------------------------------------------------------------------------------

def test_an_altered_pdf_on_disk_is_not_served_the_event_is_logged_and_the_segretario_told(
        pubblicata, piano_2018, client, caplog):
    versione = pubblicata.versioni.get()
    with open(versione.pdf.path, "r+b") as handle:
        handle.seek(200)
        handle.write(b"tampered")
    with caplog.at_level(logging.ERROR, logger="relazioni.integrity"):
        response = client.get(PDF)
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert "non corrisponde più alla sua impronta SHA-256" in response.text and "no-store" in response["Cache-Control"]
    record = next(r for r in caplog.records if r.name == "relazioni.integrity")
    message = record.getMessage()
    assert f"ente={piano_2018.ente.pk}" in message and "anno=2018" in message and versione.pdf.name in message
    assert VoceStorico.objects.filter(azione="File archiviato alterato", anno=2018).count() == 1
    client.get(PDF)  # again: logged again, but the Storico is not flooded
    assert VoceStorico.objects.filter(azione="File archiviato alterato").count() == 1
    client.force_login(piano_2018.segretario)
    page = client.get(reverse("relazioni:gestione", args=["lodrino", 2018])).text
    assert "File archiviati alterati" in page and "PDF approvato" in page


def test_an_altered_csv_or_a_missing_attestazione_is_not_served(pubblicata, client):
    versione = pubblicata.versioni.get()
    with open(versione.csv.path, "ab") as handle:
        handle.write(b"=1+1;\r\n")
    assert client.get(CSV).status_code == 503
    import os

    os.remove(versione.attestazione_pdf.path)
    assert client.get(ATTESTAZIONE).status_code == 503


def test_a_snapshot_altered_in_the_database_is_not_shown(pubblicata, client):
    versione = pubblicata.versioni.get()
    dati = versione.dati
    dati["risultati"]["aree"][0]["area"]["nome"] = "Falsificata"
    VersioneRelazione.objects.filter(pk=versione.pk).update(dati=dati)
    response = client.get(PAGE)
    assert response.status_code == 503 and "Falsificata" not in response.text


# --- Reopened after publication ---------------------------------------------------------------------

def test_after_reopening_the_last_published_version_stays_public_marked_in_correction(pubblicata, piano_2018, approve, client):
    before = downloads(client)  # the anonymous page is now cached
    relazione = services.relazione_reopen(user=piano_2018.segretario, relazione=pubblicata,
                                          motivazione="Errore nel valore delle strade")
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "In corso di correzione" in page.text and "Errore nel valore delle strade" in page.text
    assert body(page.text) == before[0]
    assert b"".join(client.get(PDF).streaming_content) == before[1] and client.get(CSV).content == before[2]
    assert "in corso di correzione" in client.get(reverse("relazioni:performance", args=["lodrino"])).text

    # The ente's people see the draft being corrected; citizens never do.
    Misurazione.objects.filter(periodo="consuntivo", valore=Decimal("2.4")).update(valore=Decimal("2.9"))
    client.force_login(piano_2018.resp_a)
    assert "Anteprima riservata" in client.get(PAGE).text and "2,9 km" in body(client.get(PAGE).text)
    client.logout()
    assert "2,9 km" not in body(client.get(PAGE).text)

    # A new approval is not public either until it is published.
    approve(piano_2018.segretario, relazione)
    assert body(client.get(PAGE).text) == before[0]
    assert b"".join(client.get(PDF).streaming_content) == before[1]
    # Reopened again before publishing: citizens read the latest reason.
    services.relazione_reopen(user=piano_2018.segretario, relazione=relazione, motivazione="Seconda correzione")
    assert "Seconda correzione" in client.get(PAGE).text
    approve(piano_2018.segretario, relazione)
    services.relazione_publish(user=piano_2018.segretario, relazione=relazione)
    page = client.get(PAGE).text
    assert "In corso di correzione" not in page and "2,9 km" in body(page)
    nuova = relazione.versioni.get(numero=3)
    assert b"".join(client.get(PDF).streaming_content) == nuova.pdf.open("rb").read()
    assert client.get(CSV).content == nuova.csv.open("rb").read()
    # The superseded version stays downloadable.
    assert client.get(reverse("relazioni:relazione_pdf_versione", args=["lodrino", 2018, 1])).status_code == 200


def test_a_draft_with_no_published_version_is_a_404_for_anyone_without_a_role(relazione_2018, piano_2018, approve, client):
    approve(piano_2018.segretario, relazione_2018)
    services.relazione_reopen(user=piano_2018.segretario, relazione=relazione_2018, motivazione="Correzione")
    for path in (PAGE, PDF, CSV, ATTESTAZIONE, reverse("relazioni:relazione_pdf_versione", args=["lodrino", 2018, 1])):
        assert client.get(path).status_code == 404, path
    client.force_login(piano_2018.outsider)
    assert client.get(PAGE).status_code == 404 and client.get(CSV).status_code == 404
