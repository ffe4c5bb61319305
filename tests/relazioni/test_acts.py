"""The acts after approval: recorded once, corrected only with a reason kept in the Storico, each with
the date written on it and the server time it was recorded; publication attests them in a PDF/A of
its own; the Nucleo's validation document is a real PDF, published when the ente says so."""

import hashlib
import io
import subprocess
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from obiettivi.models import VoceStorico
from obiettivi.services import DomainError
from relazioni import services
from relazioni.forms import ValidazioneForm
from tests.pdf_tools import pdf_words

pytestmark = pytest.mark.django_db

PAGE = reverse("relazioni:relazione", args=["lodrino", 2018])
ATTESTAZIONE = reverse("relazioni:attestazione_pdf", args=["lodrino", 2018])
VALIDAZIONE = reverse("relazioni:validazione_pdf", args=["lodrino", 2018])


def real_pdf():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def upload(content, name="validazione.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def pdf_text(content, tmp_path):
    return pdf_words(content, tmp_path)


@pytest.fixture
def approvata(relazione_2018, piano_2018, approve):
    return approve(piano_2018.segretario, relazione_2018)


def test_the_validation_is_recorded_once_and_a_correction_needs_a_reason_kept_in_the_storico(approvata, piano_2018):
    relazione = services.relazione_record_validation(user=piano_2018.nucleo, relazione=approvata, data=date(2019, 5, 28))
    first_recorded = relazione.validazione_registrata_il
    assert relazione.validazione_data == date(2019, 5, 28) and first_recorded
    with pytest.raises(DomainError, match="già registrato") as refused:
        services.relazione_record_validation(user=piano_2018.nucleo, relazione=relazione, data=date(2019, 5, 29))
    assert "motivazione" in refused.value.field_errors
    relazione.refresh_from_db()
    assert relazione.validazione_data == date(2019, 5, 28)
    relazione = services.relazione_record_validation(user=piano_2018.nucleo, relazione=relazione, data=date(2019, 5, 29),
                                                     motivazione="Data trascritta male")
    assert relazione.validazione_data == date(2019, 5, 29) and relazione.validazione_registrata_il >= first_recorded
    voce = VoceStorico.objects.get(azione="Correzione della validazione")
    assert voce.motivazione == "Data trascritta male" and voce.valore_precedente == "28/05/2019"


def test_the_delibera_is_recorded_once_and_a_correction_needs_a_reason(approvata, piano_2018):
    relazione = services.relazione_record_delibera(user=piano_2018.segretario, relazione=approvata, numero="45",
                                                   data=date(2019, 6, 3))
    assert relazione.delibera_registrata_il
    with pytest.raises(DomainError, match="già registrato"):
        services.relazione_record_delibera(user=piano_2018.segretario, relazione=relazione, numero="46", data=date(2019, 6, 3))
    services.relazione_record_delibera(user=piano_2018.segretario, relazione=relazione, numero="46", data=date(2019, 6, 3),
                                       motivazione="Numero errato")
    assert VoceStorico.objects.get(azione="Correzione della delibera").motivazione == "Numero errato"


def test_after_publication_no_act_is_recorded_again(approvata, piano_2018):
    services.relazione_record_validation(user=piano_2018.nucleo, relazione=approvata, data=date(2019, 5, 28))
    relazione = services.relazione_publish(user=piano_2018.segretario, relazione=approvata)
    with pytest.raises(DomainError, match="pubblicata"):
        services.relazione_record_validation(user=piano_2018.nucleo, relazione=relazione, data=date(2020, 1, 1),
                                             motivazione="Ancora")
    with pytest.raises(DomainError, match="pubblicata"):
        services.relazione_record_delibera(user=piano_2018.segretario, relazione=relazione, numero="1",
                                           data=date(2020, 1, 1))
    with pytest.raises(DomainError, match="già pubblicata"):
        services.relazione_publish(user=piano_2018.segretario, relazione=relazione)
    relazione.refresh_from_db()
    assert relazione.validazione_data == date(2019, 5, 28)


def test_the_segretarios_form_shows_the_reason_a_second_recording_lacks(approvata, piano_2018, client):
    client.force_login(piano_2018.segretario)
    url = reverse("relazioni:delibera", args=["lodrino", 2018])
    client.post(url, {"delibera_numero": "45", "delibera_data": "03/06/2019"})
    response = client.post(url, {"delibera_numero": "46", "delibera_data": "03/06/2019"}, follow=True)
    assert "per correggerlo scriva il motivo della correzione" in response.text
    approvata.refresh_from_db()
    assert approvata.delibera_numero == "45"


def test_publication_adds_an_attestazione_on_the_page_and_as_its_own_pdf_a(approvata, piano_2018, client, tmp_path):
    ente = piano_2018.ente
    ente.pubblicazione_richiede_delibera = True
    ente.save()
    versione = approvata.versioni.get()
    pdf_before, sha_before = versione.pdf.open("rb").read(), versione.sha256
    services.relazione_record_validation(user=piano_2018.nucleo, relazione=approvata, data=date(2019, 5, 28),
                                         note="Validata senza rilievi")
    services.relazione_record_delibera(user=piano_2018.segretario, relazione=approvata, numero="45", data=date(2019, 6, 3))
    services.relazione_publish(user=piano_2018.segretario, relazione=approvata)
    versione.refresh_from_db()
    assert versione.pdf.open("rb").read() == pdf_before and versione.sha256 == sha_before  # the approved PDF never changes
    assert versione.attestazione["delibera"]["numero"] == "45" and versione.attestazione["pdf_sha256"] == sha_before

    page = client.get(PAGE).text
    assert "Attestazione di pubblicazione" in page and sha_before in page and ATTESTAZIONE in page
    assert "28/05/2019" in page and "03/06/2019" in page and "Validata senza rilievi" in page

    response = client.get(ATTESTAZIONE)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert hashlib.sha256(content).hexdigest() == versione.attestazione_sha256
    text = pdf_text(content, tmp_path).replace(" ", "")
    for expected in ("Attestazionedipubblicazione", "28/05/2019", "03/06/2019", "n.45", sha_before):
        assert expected in text, expected
    path = tmp_path / "att.pdf"
    path.write_bytes(content)
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta


def test_the_approved_pdf_says_its_later_acts_are_in_the_attestazione(approvata, tmp_path):
    text = pdf_text(approvata.versioni.get().pdf.open("rb").read(), tmp_path)
    assert "vedi l'attestazione di pubblicazione" in text


# --- The validation document -------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (b"Questo non e' un PDF", "non è un PDF"),
    (b"%PDF-1.7\n garbage without objects", "non è un PDF leggibile"),
    (b"%PDF-" + b"0" * (20 * 1024 * 1024), "20 MB"),
])
def test_a_validation_document_that_is_not_a_real_pdf_is_refused_with_an_italian_message(content, message):
    form = ValidazioneForm(data={"validazione_data": "28/05/2019"}, files={"validazione_documento": upload(content)})
    assert not form.is_valid()
    assert message in form.errors["validazione_documento"][0]


def test_a_real_pdf_is_accepted_whatever_its_name(approvata, piano_2018):
    form = ValidazioneForm(data={"validazione_data": "28/05/2019"}, files={"validazione_documento": upload(real_pdf(), "scan")})
    assert form.is_valid(), form.errors


def test_the_service_refuses_a_fake_pdf_too(approvata, piano_2018):
    with pytest.raises(DomainError, match="non è un PDF"):
        services.relazione_record_validation(user=piano_2018.nucleo, relazione=approvata, data=date(2019, 5, 28),
                                             documento=upload(b"<html>no</html>"))


@pytest.mark.parametrize("pubblica", [True, False])
def test_the_validation_document_is_published_with_the_relazione_when_the_ente_says_so(approvata, piano_2018, client, pubblica):
    ente = piano_2018.ente
    ente.pubblica_documento_validazione = pubblica
    ente.save()
    documento = real_pdf()
    services.relazione_record_validation(user=piano_2018.nucleo, relazione=approvata, data=date(2019, 5, 28),
                                         documento=upload(documento))
    assert client.get(VALIDAZIONE).status_code == 404  # not before publication
    services.relazione_publish(user=piano_2018.segretario, relazione=approvata)
    page = client.get(PAGE).text
    response = client.get(VALIDAZIONE)
    if pubblica:
        assert VALIDAZIONE in page and response.status_code == 200
        assert b"".join(response.streaming_content) == documento
        assert hashlib.sha256(documento).hexdigest() in page  # the attestazione names its fingerprint
    else:
        assert VALIDAZIONE not in page and response.status_code == 404


def test_an_altered_validation_document_is_not_served(approvata, piano_2018, client):
    ente = piano_2018.ente
    ente.pubblica_documento_validazione = True
    ente.save()
    services.relazione_record_validation(user=piano_2018.nucleo, relazione=approvata, data=date(2019, 5, 28),
                                         documento=upload(real_pdf()))
    relazione = services.relazione_publish(user=piano_2018.segretario, relazione=approvata)
    with open(relazione.versioni.get().documento_validazione.path, "ab") as handle:
        handle.write(b"%extra")
    assert client.get(VALIDAZIONE).status_code == 503
