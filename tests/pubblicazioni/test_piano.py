"""The Piano della Performance as a document: published by the Segretario as a frozen PDF/A with its
SHA-256 and a page made from the same data; a variation is a new version; nothing earlier changes."""


import pytest
from django.urls import reverse

from obiettivi.models import Piano
from obiettivi.services import DomainError
from pubblicazioni import services
from pubblicazioni.models import DocumentoPiano
from relazioni import files
from tests.pdf_tools import is_pdf_a, pdf_raw


def pdf_text(content, tmp_path):
    return pdf_raw(content, tmp_path, layout=True)


def test_publishing_the_piano_freezes_a_pdf_a_with_its_sha256_and_every_objective(piano_piao, tmp_path):
    documento = services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    content = documento.pdf.open("rb").read()
    assert documento.numero == 1 and documento.sha256 == files.sha256(content) and documento.dimensione == len(content)
    text = pdf_text(content, tmp_path)
    assert is_pdf_a(tmp_path)
    for expected in ("COMUNE DI LODRINO", "PIANO DELLA PERFORMANCE", "2018–2020",
                     "Approvato con deliberazione Giunta Comunale n. 07 del 30/01/2018",
                     "A.1 – Protocollo digitale", "B.1 – Strade asfaltate", "Cittadini e imprese",
                     "Protocollo informatico", "VP1 Un Comune più vicino", "Target 2018: 10 pratiche",
                     "Target 2018: 2,5 km"):
        assert expected in text, expected


def test_the_public_page_and_pdf_are_those_frozen_at_publication(piano_piao, client):
    documento = services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    piano_piao.piano.obiettivi.filter(codice="A.1").update(titolo="Titolo cambiato dopo")
    page = client.get(reverse("pubblicazioni:piano", args=["lodrino", 2018]))
    assert page.status_code == 200
    assert "Protocollo digitale" in page.text and "Titolo cambiato dopo" not in page.text
    assert "Pubblicato il" in page.text and "(PDF, " in page.text
    pdf = client.get(reverse("pubblicazioni:piano_pdf", args=["lodrino", 2018]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert pdf.content == documento.pdf.open("rb").read()


def test_a_changed_piano_is_published_as_a_new_version_and_an_unchanged_one_is_refused(piano_piao):
    services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    with pytest.raises(DomainError, match="già aggiornato"):
        services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    piano_piao.piano.obiettivi.filter(codice="B.1").update(stakeholder="Automobilisti e ciclisti")
    seconda = services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    assert seconda.numero == 2 and DocumentoPiano.objects.filter(piano=piano_piao.piano).count() == 2


def test_an_altered_pdf_is_never_served(piano_piao, client):
    documento = services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    with open(documento.pdf.path, "ab") as handle:
        handle.write(b"alterato")
    response = client.get(reverse("pubblicazioni:piano_pdf", args=["lodrino", 2018]))
    assert response.status_code == 503


@pytest.mark.parametrize("who", ["resp_a", "nucleo"])
def test_only_the_segretario_publishes_the_piano(piano_piao, who):
    with pytest.raises(DomainError):
        services.piano_publish(user=getattr(piano_piao, who), piano=piano_piao.piano)
    assert not DocumentoPiano.objects.exists()


def test_a_draft_piano_or_one_without_the_footer_links_is_not_published(piano_piao, login):
    Piano.objects.filter(pk=piano_piao.piano.pk).update(stato=Piano.Stato.BOZZA)
    with pytest.raises(DomainError, match="bozza"):
        services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    Piano.objects.filter(pk=piano_piao.piano.pk).update(stato=Piano.Stato.APPROVATO)
    piano_piao.ente.url_note_legali = ""
    piano_piao.ente.save()
    client = login(piano_piao.segretario)
    response = client.post(reverse("pubblicazioni:piano_pubblica", args=["lodrino", piano_piao.piano.pk]), follow=True)
    assert "Prima di pubblicare manca: l&#x27;indirizzo delle note legali dell&#x27;ente." in response.text
    assert not DocumentoPiano.objects.exists()


def test_the_segretario_publishes_from_the_pubblicazioni_page(piano_piao, login):
    client = login(piano_piao.segretario)
    assert reverse("pubblicazioni:gestione", args=["lodrino"]) in client.get(reverse("piani:piano", args=["lodrino"])).text
    page = client.get(reverse("pubblicazioni:gestione", args=["lodrino"]))
    assert "Pubblica il Piano" in page.text and "Sottosezione 2.2 – Performance" in page.text
    response = client.post(reverse("pubblicazioni:piano_pubblica", args=["lodrino", piano_piao.piano.pk]), follow=True)
    assert "Piano pubblicato (versione 1)" in response.text
    assert "Pubblica le modifiche" in response.text


def test_citizens_read_the_piano_page_rendered_once_and_a_new_publication_at_once(piano_piao, client,
                                                                                 django_assert_max_num_queries):
    services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    url = reverse("pubblicazioni:piano", args=["lodrino", 2018])
    first = client.get(url)
    with django_assert_max_num_queries(1):  # which version is the last: the page itself is kept
        assert client.get(url).content == first.content
    piano_piao.piano.obiettivi.filter(codice="B.1").update(titolo="Strade e marciapiedi")
    services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    assert "Strade e marciapiedi" in client.get(url).text
