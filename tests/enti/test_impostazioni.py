"""What the ente says about itself, changed by its Segretario or amministratore, each change in the Storico."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from obiettivi.models import Ente, VoceStorico
from tests.enti.conftest import text

pytestmark = pytest.mark.django_db


def _values(ente, **changes):
    data = {
        "nome": ente.nome, "provincia": ente.provincia, "codice_ipa": "c_e638", "codice_fiscale": "00842520177",
        "indirizzo": "Via Roma 1, 25060 Lodrino (BS)", "pec": "protocollo@pec.comune.lodrino.bs.it",
        "numero_dipendenti": "12", "sito_web": "https://www.comune.lodrino.bs.it/",
        "url_accessibilita": "https://form.agid.gov.it/view/abc", "url_privacy": "https://www.comune.lodrino.bs.it/privacy/",
        "url_note_legali": "https://www.comune.lodrino.bs.it/note-legali/", "pubblicazione_richiede_validazione": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def _png(size=(40, 40)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return SimpleUploadedFile("stemma.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize("who", ["segretario", "amministratore"])
def test_the_managers_change_the_entes_settings_and_each_change_is_in_the_storico(personas, login, url, who):
    client = login(getattr(personas, who))
    response = client.post(url("impostazioni", personas.ente), _values(
        personas.ente, stemma=_png(), pubblicazione_richiede_delibera="on"), follow=True)
    assert "Impostazioni salvate" in text(response)
    ente = Ente.objects.get(pk=personas.ente.pk)
    assert (ente.codice_ipa, ente.codice_fiscale, ente.pec, ente.numero_dipendenti) == (
        "c_e638", "00842520177", "protocollo@pec.comune.lodrino.bs.it", 12)
    assert ente.stemma.name.startswith("stemmi/") and ente.pubblicazione_richiede_delibera
    campi = set(VoceStorico.objects.filter(ente=ente, azione="Impostazioni dell'ente").values_list("campo", flat=True))
    assert {"codice IPA", "PEC", "stemma", "la pubblicazione richiede la delibera di Giunta", "numero di dipendenti"} <= campi
    assert "nome" not in campi  # unchanged fields are not logged
    voce = VoceStorico.objects.get(campo="la pubblicazione richiede la delibera di Giunta")
    assert (voce.valore_precedente, voce.valore_nuovo, voce.utente) == ("no", "sì", getattr(personas, who))
    # Saving again the same values logs nothing.
    count = VoceStorico.objects.count()
    response = client.post(url("impostazioni", personas.ente), _values(ente, pubblicazione_richiede_delibera="on"), follow=True)
    assert "Nessuna modifica da salvare" in text(response) and VoceStorico.objects.count() == count


@pytest.mark.parametrize("changes,message", [
    ({"codice_fiscale": "ABC"}, "Il codice fiscale di un ente è di 11 cifre"),
    ({"codice_ipa": "c e638!"}, "Il codice IPA ha solo lettere"),
    ({"pec": "non-una-pec"}, "Scriva un indirizzo PEC valido"),
    ({"numero_dipendenti": "dodici"}, "Scriva un numero intero"),
    ({"url_privacy": "javascript:alert(1)"}, "Scriva un indirizzo completo"),
    ({"nome": ""}, "Questo campo è obbligatorio"),
    ({"stemma": SimpleUploadedFile("stemma.png", b"<svg>not a png</svg>", content_type="image/png")}, "immagine valida"),
])
def test_wrong_settings_are_explained_in_italian_and_nothing_is_saved(personas, login, url, changes, message):
    response = login(personas.segretario).post(url("impostazioni", personas.ente), _values(personas.ente, **changes))
    page = text(response)
    assert response.status_code == 200 and "Il modulo non è stato salvato" in page and message in page
    assert not VoceStorico.objects.exists()
    assert Ente.objects.get(pk=personas.ente.pk).codice_ipa == ""
    assert "<title>Impostazioni dell'ente – Comune di Lodrino</title>" in page


def test_a_stemma_over_1_mb_is_refused(personas, login, url, monkeypatch):
    monkeypatch.setattr("enti.forms.STEMMA_MAX_BYTES", 100)
    page = text(login(personas.segretario).post(url("impostazioni", personas.ente), _values(personas.ente, stemma=_png())))
    assert "L'immagine è troppo grande: al massimo 1 MB" in page
    assert not Ente.objects.get(pk=personas.ente.pk).stemma


def test_the_slug_is_not_editable_here(personas, login, url):
    login(personas.segretario).post(url("impostazioni", personas.ente), _values(personas.ente, slug="altro"))
    assert Ente.objects.get(pk=personas.ente.pk).slug == "lodrino"


def test_the_page_shows_the_current_settings(personas, login, url):
    Ente.objects.filter(pk=personas.ente.pk).update(codice_ipa="c_e638", pec="pec@pec.example.it")
    page = text(login(personas.amministratore).get(url("impostazioni", personas.ente)))
    assert 'value="c_e638"' in page and 'value="pec@pec.example.it"' in page and "Storico delle impostazioni" in page


def test_the_service_refuses_fields_that_are_not_settings(personas):
    from enti.services import ente_update_settings
    from obiettivi.services import DomainError

    for values in ({"slug": "altro"}, {"anno_corrente": 2030}, {"versione_dati": 0}):
        with pytest.raises(DomainError):
            ente_update_settings(by=personas.segretario, ente=personas.ente, values=values)
    with pytest.raises(DomainError):
        ente_update_settings(by=personas.resp_a, ente=personas.ente, values={"nome": "Altro"})
    assert Ente.objects.get(pk=personas.ente.pk).nome == "Comune di Lodrino"
