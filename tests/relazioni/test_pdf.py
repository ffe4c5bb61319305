"""The demo's PDF reads like the real 2018 Relazione of Lodrino, generated from the data."""

import re
import subprocess
import time
import zlib

import pytest
from django.core.management import call_command
from django.test import override_settings

from obiettivi.models import Piano
from relazioni.context import relazione_for
from relazioni.pdf import relazione_html, relazione_pdf

pytestmark = pytest.mark.django_db

SEED_SENTENCES = [
    "COMUNE DI LODRINO",
    "Provincia di Brescia",
    "PIANO DELLA PERFORMANCE",
    "2018–2020",  # an en dash between the years, not "2018 - 2020"
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
    """The PDF's words in one line, hyphen-blind: justified text is hyphenated ("rag-/giungere"), and a
    hyphen a line end cannot be told from a compound's, so both sides of a comparison drop them."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return without_hyphens(re.sub(r"(\w)-\n\s*(\w)", r"\1\2", text))


def without_hyphens(text):
    return " ".join(re.sub(r"(\w)-(\w)", r"\1\2", text).split())


@pytest.fixture(scope="module")
def module_demo(module_transaction, django_db_blocker):
    """The demo loaded once for the module (it renders and stores the 2018 PDF: seconds of WeasyPrint);
    each test reads it in a savepoint of its own."""
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        call_command("load_demo")


@pytest.fixture
def demo(module_demo, db, settings):
    settings.DEBUG = True


@pytest.fixture(scope="module")
def demo_pdfs(module_demo, django_db_blocker):
    """The demo's Relazione 2018 (approved) and 2019 (draft) as PDF, rendered once for the module: the
    tests that take them only read them."""
    from obiettivi.models import Ente

    with django_db_blocker.unblock():
        ente = Ente.objects.get(slug="lodrino")
        return {anno: relazione_pdf(relazione_for(ente, anno)) for anno in (2018, 2019)}


@pytest.fixture
def render_demo_pdf(demo, demo_pdfs, tmp_path):
    """render_demo_pdf(anno): the path of the module's PDF of that year, written in the test's tmp_path."""

    def _render(anno):
        path = tmp_path / f"relazione-{anno}.pdf"
        path.write_bytes(demo_pdfs[anno])
        return path

    return _render


def test_the_demo_pdf_contains_the_seeds_key_sentences_generated_from_the_data(demo, tmp_path):
    output = tmp_path / "relazione.pdf"
    call_command("render_report", "lodrino", "2018", "--output", str(output))
    text = pdf_text(output)
    for sentence in SEED_SENTENCES:
        assert without_hyphens(sentence) in text, sentence
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


def test_the_demo_pdf_is_archivable_tagged_and_embeds_titillium(render_demo_pdf):
    # How long it takes is measured by `make bench` (pdf_* targets), not by a timed test that a
    # busy machine would fail.
    path = render_demo_pdf(2018)
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


# How the Relazione reads in print (issue 13).


def pdf_pages(path):
    """The text of each page, line by line, as pdftotext lays it out."""
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return [[line.strip() for line in page.splitlines() if line.strip()] for page in text.split("\f")]


def pdf_objects(path):
    """The PDF's bytes with every compressed stream (object streams included) inflated."""
    data = path.read_bytes()
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            pass  # not a Flate stream (fonts are, images may not be)
    return b"\n".join(parts)


def test_the_pdf_embeds_only_titillium_the_chart_included(render_demo_pdf):
    path = render_demo_pdf(2018)
    fonts = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    names = [line.split()[0] for line in fonts.splitlines()[2:]]
    assert names and all("Titillium" in name for name in names), fonts
    assert "DejaVu" not in fonts
    text = pdf_text(path)
    assert "Parzialmente raggiunto" in text  # the chart's legend is text in the PDF, in that font


def test_the_chart_shows_every_area_name_whole(render_demo_pdf):
    raw = subprocess.run(["pdftotext", "-raw", str(render_demo_pdf(2018)), "-"],
                         capture_output=True, text=True, check=True).stdout
    assert "…" not in raw
    # The longest demo name, wrapped over two lines in the chart, whole in the table.
    assert "Area tecnica: lavori pubblici, urbanistica e\nambiente" in raw


def test_the_pdf_is_in_italian_and_its_justified_text_is_hyphenated(render_demo_pdf):
    from obiettivi.models import Ente

    path = render_demo_pdf(2018)
    assert b"/Lang (it)" in pdf_objects(path)
    raw = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout
    source = relazione_html(relazione_for(Ente.objects.get(slug="lodrino"), 2018))
    split_words = [
        head + tail for head, tail in re.findall(r"(\w+)-\n(\w+)", raw)
        if f"{head}-{tail}" not in source  # a compound broken at its own hyphen does not count
    ]
    assert len(split_words) >= 3, "justified text is not hyphenated"
    assert all(word in source for word in split_words), split_words  # whole words of the text, split


def test_an_area_heading_is_never_the_last_line_of_a_page(render_demo_pdf):
    from obiettivi.models import Area

    aree = set(Area.objects.filter(ente__slug="lodrino").values_list("nome", flat=True))
    for number, lines in enumerate(pdf_pages(render_demo_pdf(2018)), start=1):
        body = [line for line in lines if not re.fullmatch(r"Pagina \d+ di \d+", line)]
        if body:
            assert body[-1] not in aree and not body[-1].startswith("Responsabile:"), (number, body[-3:])


def test_every_table_header_cell_has_a_scope_in_the_tag_tree(render_demo_pdf):
    objects = pdf_objects(render_demo_pdf(2018))
    headers = re.findall(rb"<</Type /StructElem/S /TH/.*?>>\s*/ID", objects, re.S)
    assert len(headers) > 20
    assert all(b"/Scope /" in h for h in headers), [h for h in headers if b"/Scope" not in h][:3]
    scopes = re.findall(rb"/Scope /(\w+)", objects)
    assert b"Column" in scopes and b"Row" in scopes  # <th scope="col"> and <th scope="row"> alike


def test_the_explanations_print_at_8_5_points_at_least(render_demo_pdf):
    """pdftotext's word boxes are as high as the font's ascent plus descent, proportional to its size:
    a word of the 10.5pt body text gives the scale."""
    boxes = subprocess.run(["pdftotext", "-bbox", str(render_demo_pdf(2018)), "-"],
                           capture_output=True, text=True, check=True).stdout
    heights = {}
    for ymin, ymax, word in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', boxes):
        heights.setdefault(word, []).append(float(ymax) - float(ymin))
    per_point = heights["ricognizione"][0] / 10.5  # in the Presentazione's body text
    # "Media ponderata di ..." or "Un solo indicatore valutato: ...": the "Come è calcolato" line
    # under every objective's table.
    sizes = [h / per_point for h in heights["ponderata"] + heights.get("valutato:", [])]
    assert len(sizes) > 10 and min(sizes) >= 8.45, sizes


def test_the_cover_names_the_approval_only_once_it_exists(render_demo_pdf):
    approvata = pdf_pages(render_demo_pdf(2018))[0]
    assert "Approvata dal Segretario Comunale, Lorenzi dott. Alberto, il 14/05/2019" in approvata
    assert "2018–2020" in approvata
    bozza = pdf_pages(render_demo_pdf(2019))[0]
    assert not any(line.startswith("Approvata") for line in bozza)
    assert "BOZZA – non ancora approvata" in bozza
