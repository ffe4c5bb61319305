"""The frame of an Italian PA site: the footer's links (accessibilità, privacy, note legali), the
ente's address, PEC and codice fiscale; the stemma in the header and on the Relazione's cover; and no
publication without the links."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from relazioni import services


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(buffer, "PNG")
    return SimpleUploadedFile("stemma.png", buffer.getvalue(), content_type="image/png")


def test_the_footer_has_the_links_and_the_entes_contacts(personas, client):
    ente = personas.ente
    ente.indirizzo, ente.pec, ente.codice_fiscale = "Piazza Municipio 1, Lodrino", "protocollo@pec.example.it", "00123450178"
    ente.save()
    page = client.get(reverse("relazioni:performance", args=["lodrino"])).text
    footer = page[page.index('<footer class="it-footer">'):]
    assert f'<a href="{ente.url_accessibilita}">Dichiarazione di accessibilità</a>' in footer
    assert f'<a href="{ente.url_privacy}">Privacy</a>' in footer
    assert f'<a href="{ente.url_note_legali}">Note legali</a>' in footer
    assert "Piazza Municipio 1, Lodrino" in footer and "protocollo@pec.example.it" in footer
    assert "Codice fiscale: 00123450178" in footer


def test_the_stemma_is_in_the_header_and_on_the_relazione_cover(personas, client):
    personas.ente.stemma = _png()
    personas.ente.save()
    page = client.get(reverse("relazioni:performance", args=["lodrino"])).text
    header = page[:page.index("</header>")]
    assert '<img class="stemma" src="data:image/png;base64,' in header
    client.force_login(personas.segretario)
    from relazioni.models import Relazione

    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)
    relazione = client.get(reverse("relazioni:relazione", args=["lodrino", 2018])).text
    assert '<img class="copertina-stemma" src="data:image/png;base64,' in relazione
    assert 'alt="Stemma del Comune di Lodrino"' in relazione


def test_the_stemma_file_is_read_once_per_data_version_and_a_new_one_shows_at_once(personas, client, monkeypatch):
    import base64

    from django.db.models.fields.files import FieldFile

    personas.ente.stemma = _png()
    personas.ente.save()
    opened = []
    original_open = FieldFile.open
    monkeypatch.setattr(FieldFile, "open", lambda self, mode="rb": opened.append(self.name) or original_open(self, mode))
    url = reverse("relazioni:performance", args=["lodrino"])
    first, second = client.get(url).text, client.get(url).text
    assert len(opened) == 1 and '<img class="stemma" src="data:image/png;base64,' in first
    assert first[:first.index("</header>")] == second[:second.index("</header>")]
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buffer, "PNG")
    personas.ente.stemma = SimpleUploadedFile("nuovo.png", buffer.getvalue(), content_type="image/png")
    personas.ente.save()  # a new stemma is a save of the ente: a new data version
    page = client.get(url).text
    assert base64.b64encode(buffer.getvalue()).decode("ascii") in page[:page.index("</header>")]


@pytest.mark.parametrize("campo, manca", [
    ("url_accessibilita", "l'indirizzo della dichiarazione di accessibilità dell'ente"),
    ("url_privacy", "l'indirizzo dell'informativa sulla privacy dell'ente"),
    ("url_note_legali", "l'indirizzo delle note legali dell'ente"),
])
def test_a_relazione_is_not_published_without_the_footer_links(personas, campo, manca):
    from relazioni.models import Relazione

    setattr(personas.ente, campo, "")
    personas.ente.save()
    relazione = Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)
    assert manca in services.missing_for_publication(relazione)
    with pytest.raises(services.DomainError, match="Prima di pubblicare manca"):
        services.relazione_publish(user=personas.segretario, relazione=relazione)
