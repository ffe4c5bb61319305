"""What the PDF rendering does once instead of every time (obiettivi/pdf.py), and that every document still
comes out whole: the print stylesheet and its fonts parsed once per thread and reused by the next renders,
the URL fetcher that reads files only, each PDF object serialized once when the file is written."""

import subprocess
import threading
from collections import Counter
from decimal import Decimal

import pydyf
import pytest

from obiettivi import pdf as obiettivi_pdf
from obiettivi.pdf import print_stylesheet
from relazioni.context import relazione_for
from relazioni.pdf import PRINT_CSS, relazione_pdf
from tests import builders
from tests.pdf_tools import is_pdf_a, pdf_words

pytestmark = pytest.mark.django_db


def embedded_fonts(content, tmp_path, name):
    """pdffonts' rows as (name, embedded, subset)."""
    path = tmp_path / name
    path.write_bytes(content)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout
    rows = [line.split() for line in listing.splitlines()[2:]]
    return [(row[0], row[-5], row[-4]) for row in rows]


def test_two_relazioni_rendered_one_after_the_other_each_have_their_own_text_and_fonts(piano_2018, tmp_path):
    # A second ente whose objective has letters the first document never prints (Ž, Š, ć): if the second
    # render reused the first's embedded font subset, they would have no glyph and no text in its PDF.
    ente = builders.make_ente(nome="Comune di Žabnik", slug="zabnik")
    area = builders.make_area(ente, nome="Area Šumava", responsabile=builders.make_user(first_name="Ivo", last_name="Kovač"))
    piano = builders.make_piano(ente)
    obiettivo = builders.make_obiettivo(piano, area, codice="Z.1", titolo="Sentiero Čeđić rinnovato")
    indicatore = builders.make_indicatore(obiettivo, nome="Chilometri", target=Decimal(5), unita="km")
    builders.make_misurazione(indicatore, valore=Decimal(5))

    first = relazione_pdf(relazione_for(piano_2018.ente, 2018))
    second = relazione_pdf(relazione_for(ente, 2018))

    first_text, second_text = pdf_words(first, tmp_path), pdf_words(second, tmp_path)
    assert "Protocollo digitale" in first_text and "Žabnik" not in first_text
    assert "Sentiero Čeđić rinnovato" in second_text and "Area Šumava" in second_text
    assert "Protocollo digitale" not in second_text
    for name, content in (("primo.pdf", first), ("secondo.pdf", second)):
        fonts = embedded_fonts(content, tmp_path, name)
        assert fonts and all("Titillium" in font and emb == "yes" and sub == "yes" for font, emb, sub in fonts), fonts
        (tmp_path / "documento.pdf").write_bytes(content)
        assert is_pdf_a(tmp_path)
    # Each document embeds the subsets of its own glyphs, not the first document's again.
    assert first != second


def test_the_print_stylesheet_is_parsed_once_per_thread():
    css_path, css, fonts = print_stylesheet(PRINT_CSS)
    assert print_stylesheet(PRINT_CSS) == (css_path, css, fonts)

    # Pango's font map is not thread-safe: another thread gets a configuration of its own.
    other = []
    thread = threading.Thread(target=lambda: other.append(print_stylesheet(PRINT_CSS)))
    thread.start()
    thread.join()
    assert other[0][1] is not css and other[0][2] is not fonts


def test_the_pdf_fetches_files_and_data_uris_but_nothing_over_the_network():
    fetcher = obiettivi_pdf._url_fetcher()
    assert fetcher.fetch("data:text/plain;base64,Y2lhbw==").read() == b"ciao"
    with pytest.raises(ValueError, match="disallowed protocol"):
        fetcher.fetch("http://127.0.0.1:9/stemma.png")


def test_each_object_is_serialized_once_and_the_file_is_the_same_byte_for_byte(relazione_2018, monkeypatch):
    """The PDF/A file identifier is the MD5 of every object's bytes, which pydyf computes by serializing
    (and deflating) every object a second time: kept from the first time, the file does not change."""
    serialized = Counter()
    stream_data = pydyf.Stream.data

    def counted(stream):
        serialized[id(stream)] += 1
        return stream_data.fget(stream)

    monkeypatch.setattr(pydyf.Stream, "data", property(counted))
    once = relazione_pdf(relazione_2018)
    # Twice only the object stream that pydyf itself makes while writing, after the finisher.
    assert len(serialized) > 5 and sum(count > 1 for count in serialized.values()) == 1, serialized

    serialized.clear()
    monkeypatch.setattr(obiettivi_pdf, "serialize_once", lambda pdf: None)
    assert relazione_pdf(relazione_2018) == once
    # What serialize_once saves: every stream (each page's content, the fonts, ...) deflated twice; once
    # only the cross-reference stream, made after the identifier.
    assert sorted(serialized.values()) == [1] + [2] * (len(serialized) - 1), serialized
