"""What citizens read: the public pages, the stored PDF and the open data."""

import csv
import io
import subprocess
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relazioni import services
from relazioni.models import Relazione
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def pubblicata(relazione_2018, piano_2018, approve):
    piano_2018.ente.pubblicazione_richiede_validazione = False
    piano_2018.ente.save()
    approve(piano_2018.segretario, relazione_2018)
    return services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)


def test_a_draft_is_a_404_for_citizens_and_outsiders_but_readable_by_the_entes_people(relazione_2018, piano_2018, client):
    url = reverse("relazioni:relazione", args=["lodrino", 2018])
    for path in (url, url + "relazione.pdf", url + "dati.csv"):
        assert client.get(path).status_code == 404
    client.force_login(piano_2018.outsider)
    assert client.get(url).status_code == 404
    client.force_login(piano_2018.resp_a)
    page = client.get(url)
    assert page.status_code == 200 and "Anteprima riservata" in page.text


def test_an_approved_but_unpublished_relazione_is_still_a_404_for_citizens(relazione_2018, piano_2018, approve, client):
    approve(piano_2018.segretario, relazione_2018)
    assert client.get(reverse("relazioni:relazione_pdf", args=["lodrino", 2018])).status_code == 404


def test_citizens_find_the_published_relazione_from_the_performance_page(pubblicata, client):
    performance = client.get(reverse("relazioni:performance", args=["lodrino"])).text
    url = reverse("relazioni:relazione", args=["lodrino", 2018])
    assert url in performance
    page = client.get(url).text
    assert "RELAZIONE 2018" in page
    assert "approvato con deliberazione Giunta Comunale n. 07 del 30/01/2018" in page
    assert "IL SEGRETARIO COMUNALE" in page and "Lorenzi dott. Alberto" in page
    assert "Come è calcolato" in page
    assert "12,5 pratiche su un target di 10 pratiche, crescente: target raggiunto, 100 %" in page
    assert "Piogge eccezionali in autunno" in page


def test_the_pdf_is_served_from_the_stored_file_never_rendered_per_request(pubblicata, client, monkeypatch):
    import relazioni.pdf

    monkeypatch.setattr(relazioni.pdf, "relazione_pdf", lambda *a, **k: pytest.fail("rendered per request"))
    response = client.get(reverse("relazioni:relazione_pdf", args=["lodrino", 2018]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == pubblicata.versioni.get().pdf.open("rb").read()


def test_the_csv_parses_and_matches_the_page(pubblicata, client):
    """The CSV is typed open data: the unit in its own column, numbers with a decimal comma, no display text."""
    response = client.get(reverse("relazioni:dati_csv", args=["lodrino", 2018]))
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    assert len(rows) == 2
    strade = next(r for r in rows if r["indicatore"] == "Strade riasfaltate")
    assert strade["target"] == "3" and strade["unita"] == "km"
    assert strade["valore_luglio"] == "0,6" and strade["valore_fine_anno"] == "2,4"
    assert strade["grado"] == "80" and strade["scostamento"] == "-0,6" and strade["esito"] == "parziale"
    assert strade["motivazione"] == "Piogge eccezionali in autunno"
    page = client.get(reverse("relazioni:relazione", args=["lodrino", 2018])).text
    for row in rows:
        assert row["indicatore"] in page and f"{row['valore_fine_anno']} {row['unita']}" in page


def test_typed_markup_is_escaped_in_page_csv_and_pdf(relazione_2018, piano_2018, approve, client):
    attack = '<script>alert("x")</script><b>grassetto</b>'
    services.relazione_update_narrative(user=piano_2018.segretario, relazione=relazione_2018,
                                        values={"presentazione": attack})
    relazione = approve(piano_2018.segretario, relazione_2018)
    client.force_login(piano_2018.segretario)
    page = client.get(reverse("relazioni:relazione", args=["lodrino", 2018])).text
    assert "<script>alert" not in page and "&lt;script&gt;" in page and "<b>grassetto" not in page
    text = subprocess.run(["pdftotext", relazione.versioni.get().pdf.path, "-"], capture_output=True, text=True).stdout
    assert '<script>alert("x")</script><b>grassetto</b>' in text.replace("\n", "")


def test_a_formula_typed_in_a_motivazione_is_neutralised_in_the_csv(relazione_2018, piano_2018, approve, client):
    from obiettivi.models import Misurazione

    Misurazione.objects.filter(motivazione__startswith="Piogge").update(motivazione='=HYPERLINK("http://x")')
    piano_2018.ente.pubblicazione_richiede_validazione = False
    piano_2018.ente.save()
    approve(piano_2018.segretario, relazione_2018)
    services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)
    text = client.get(reverse("relazioni:dati_csv", args=["lodrino", 2018])).content.decode()
    assert "'=HYPERLINK" in text


def test_the_published_page_carries_etag_and_last_modified_and_answers_304(pubblicata, client):
    url = reverse("relazioni:relazione", args=["lodrino", 2018])
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304


def test_repeated_anonymous_requests_cost_one_small_query(pubblicata, client):
    """The cache is keyed by the published version and its reopening, which one indexed query reads:
    a page cached in one process is never served after a reopening or a publication made in another."""
    url = reverse("relazioni:relazione", args=["lodrino", 2018])
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    assert len(captured) == 1


def test_the_public_page_does_not_grow_with_the_plan(pubblicata, piano_2018, client):
    url = reverse("relazioni:relazione", args=["lodrino", 2018])
    client.force_login(piano_2018.nucleo)  # logged in: no page cache, every query counted

    def count():
        cache.clear()  # the computed results too: every query of a first visit is counted
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    small = count()
    for _ in range(20):
        o = builders.make_obiettivo(piano_2018.piano, piano_2018.area_a)
        builders.make_indicatore(o, target=Decimal(5))
    assert count() == small


def test_the_segretarios_page_is_refused_to_responsabili_and_outsiders(relazione_2018, piano_2018, client):
    url = reverse("relazioni:gestione", args=["lodrino", 2018])
    assert client.get(url).status_code == 302  # to the login
    for user, expected in ((piano_2018.resp_a, 403), (piano_2018.outsider, 404)):
        client.force_login(user)
        assert client.get(url).status_code == expected
        assert client.post(reverse("relazioni:approva", args=["lodrino", 2018])).status_code == expected
    assert Relazione.objects.get().stato == Relazione.Stato.BOZZA
    client.force_login(piano_2018.segretario)
    assert client.get(url).status_code == 200
    assert client.get(reverse("relazioni:approva", args=["lodrino", 2018])).status_code == 405


def test_the_nucleo_reads_the_page_but_cannot_approve(relazione_2018, piano_2018, client):
    client.force_login(piano_2018.nucleo)
    assert client.get(reverse("relazioni:gestione", args=["lodrino", 2018])).status_code == 200
    response = client.post(reverse("relazioni:approva", args=["lodrino", 2018]), follow=True)
    assert "Solo il Segretario" in response.text
    assert Relazione.objects.get().stato == Relazione.Stato.BOZZA


def test_a_narrative_left_as_generated_stays_generated(relazione_2018, piano_2018, client):
    client.force_login(piano_2018.segretario)
    page = client.get(reverse("relazioni:gestione", args=["lodrino", 2018]))
    generated = page.context["testi_form"].initial["presentazione"]
    client.post(reverse("relazioni:testi", args=["lodrino", 2018]), {"presentazione": generated, "contesto": "Il nostro contesto."})
    relazione_2018.refresh_from_db()
    assert relazione_2018.presentazione == "" and relazione_2018.contesto == "Il nostro contesto."


def test_the_public_pages_carry_their_own_entes_name_in_the_header(pubblicata, client):
    builders.make_ente(nome="Comune di Marcheno", slug="marcheno")
    page = client.get(reverse("relazioni:performance", args=["lodrino"])).text
    assert '<div class="it-brand-title">Comune di Lodrino</div>' in page


def test_a_piano_still_in_draft_is_not_listed_on_the_public_performance_page(personas, client):
    builders.make_piano(personas.ente, anno_inizio=2021, anno_fine=2023, titolo="Piano in preparazione",
                        numero_atto="")
    personas.ente.piani.filter(anno_inizio=2021).update(stato="bozza")
    page = client.get(reverse("relazioni:performance", args=["lodrino"])).text
    assert "2018" in page and "Piano in preparazione" not in page and "2021" not in page


def test_the_relazione_says_the_july_grado_is_against_the_years_target(pubblicata, client):
    text = client.get(reverse("relazioni:relazione", args=["lodrino", 2018])).content.decode()
    assert "Il grado a luglio confronta il valore rilevato a luglio con il target dell'intero anno" in text
    assert "a luglio 40 % del target dell'anno, in linea" in text
