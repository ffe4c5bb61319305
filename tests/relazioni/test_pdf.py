"""The demo's PDF reads like the real 2018 Relazione of Lodrino, generated from the data."""

import subprocess

import pytest
from django.core.management import call_command

from obiettivi.models import Piano
from relazioni.context import relazione_for
from relazioni.pdf import relazione_pdf

pytestmark = pytest.mark.django_db

SEED_SENTENCES = [
    "COMUNE DI LODRINO",
    "Provincia di Brescia",
    "PIANO DELLA PERFORMANCE",
    "2018 - 2020",
    "RELAZIONE 2018",
    "Il Piano delle performance 2018 approvato con deliberazione Giunta Comunale n. 07 del 30/01/2018 è stato "
    "redatto ai sensi del D.Lgs. 150/2009 e ne coglie i principi ispiratori, ovvero, lavorare per obiettivi, "
    "misurare le prestazioni e valorizzare il merito.",
    "Il piano individua in modo chiaro gli obiettivi che la struttura organizzativa del Comune di Lodrino deve "
    "raggiungere nel triennio 2018/2020.",
    "a seguito delle elezioni amministrative del 2014 ha definito le strategie dell'Ente per il periodo 2014/2019",
    "A luglio 2018 in sede di ricognizione dello stato di attuazione dei programmi è stato effettuato un "
    "monitoraggio degli indicatori del Piano che aveva indicato un avanzamento in linea con quanto programmato.",
    "La Relazione sulla performance è il documento che conclude il ciclo di gestione della performance per "
    "l'anno 2018.",
    "IL SEGRETARIO COMUNALE",
    "Lorenzi dott. Alberto",
]


def pdf_text(path):
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(text.split())


@pytest.fixture
def demo(settings):
    settings.DEBUG = True
    call_command("load_demo")


def test_the_demo_pdf_contains_the_seeds_key_sentences_generated_from_the_data(demo, tmp_path):
    output = tmp_path / "relazione.pdf"
    call_command("render_report", "lodrino", "2018", "--output", str(output))
    text = pdf_text(output)
    for sentence in SEED_SENTENCES:
        assert sentence in text, sentence
    assert "Pagina 1 di" not in text  # the cover carries no page number
    assert "Pagina 3 di" in text


def test_the_text_follows_the_deliberation_in_the_data(demo, tmp_path):
    Piano.objects.filter(ente__slug="lodrino").update(numero_atto="12")
    output = tmp_path / "relazione.pdf"
    call_command("render_report", "lodrino", "2018", "--output", str(output))
    text = pdf_text(output)
    assert "deliberazione Giunta Comunale n. 12 del 30/01/2018" in text
    assert "n. 07 del 30/01/2018" not in text


def test_render_report_writes_the_html_too(demo, tmp_path):
    output = tmp_path / "relazione.html"
    call_command("render_report", "lodrino", "2019", "--output", str(output), "--html")
    html = output.read_text()
    assert "RELAZIONE 2019" in html and "BOZZA" in html


def test_the_demo_pdf_is_archivable_tagged_and_embeds_titillium(demo, tmp_path):
    # How long it takes is measured by `make bench` (pdf_* targets), not by a timed test that a
    # busy machine would fail.
    from obiettivi.models import Ente

    relazione = relazione_for(Ente.objects.get(slug="lodrino"), 2018)
    content = relazione_pdf(relazione)
    path = tmp_path / "r.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    assert "Tagged:          yes" in info
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True).stdout
    assert "Titillium" in fonts
    meta = subprocess.run(["pdfinfo", "-meta", str(path)], capture_output=True, text=True).stdout
    assert 'pdfaid:part="3"' in meta and 'pdfaid:conformance="A"' in meta  # PDF/A-3a


def test_the_demo_leaves_2018_published_with_its_pdf_and_2019_a_draft(demo):
    from relazioni.models import Relazione

    pubblicata = Relazione.objects.get(ente__slug="lodrino", anno=2018)
    assert pubblicata.stato == Relazione.Stato.PUBBLICATA and pubblicata.versioni.get().sha256
    assert Relazione.objects.get(ente__slug="lodrino", anno=2019).stato == Relazione.Stato.BOZZA
    call_command("load_demo")  # again: nothing approved twice
    assert pubblicata.versioni.count() == 1
