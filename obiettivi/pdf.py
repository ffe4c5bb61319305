"""PDF rendering with WeasyPrint for the cycle's reports (the July monitoring report).

The HTML comes from the same template body as the page; the PDF gets its own small print stylesheet,
read from disk (never over HTTP, never the whole Bootstrap Italia CSS).
"""

import atexit
import os
import ssl
import threading

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_CSS = "css/stampa-monitoraggio.css"
# HTML's scope attribute as the PDF's /Scope of a TH structure element (ISO 32000-1, 14.8.5.7).
SCOPES = {"col": "/Column", "colgroup": "/Column", "row": "/Row", "rowgroup": "/Row"}


def _iter_boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _iter_boxes(child)


def tag_header_scopes(document, pdf):
    """WeasyPrint finisher: give every TH of the tag tree the /Scope its <th scope> declares.

    WeasyPrint 70 reads `scope` only to link data cells to their headers (/Headers) and writes no /Scope,
    which PDF/UA checkers (Matterhorn 15-003) and some screen readers want. It keeps each cell's structure
    element on the cell's box (`mark`); untagged PDFs have none, and this does nothing.
    """
    for page in document.pages:
        for box in _iter_boxes(page._page_box):
            element = getattr(box, "mark", None)
            if element is None or getattr(box, "element_tag", None) != "th" or "A" not in element:
                continue
            # Without a scope, WeasyPrint itself treats a header as a column header.
            element["A"]["Scope"] = SCOPES.get(box.element.get("scope", "col").lower(), "/Column")


class _SerializedOnce:
    """Mixin for pydyf objects: their bytes are computed at the first request and then kept."""

    @property
    def data(self):
        try:
            return self.__dict__["_serialized"]
        except KeyError:
            data = self.__dict__["_serialized"] = super().data
            return data


_serialized_classes = {}


def serialize_once(pdf):
    """Make each object of the finished PDF compute its bytes once when pydyf writes the file.

    For a PDF/A WeasyPrint asks pydyf for a file identifier, the MD5 of all the objects' bytes, which
    pydyf gets by serializing every object again and deflating every page's content stream again at
    level 9, after writing them: about half of the writing, 0.3 s at 100 objectives. After the finisher
    nothing changes an object, so the second request can have the first one's bytes: the same bytes,
    the same identifier, the same file (tests/relazioni/test_pdf_riuso.py compares them).
    """
    for pdf_object in pdf.objects:
        cls = type(pdf_object)
        if pdf_object.free == "f" or issubclass(cls, _SerializedOnce):
            continue
        if cls not in _serialized_classes:
            _serialized_classes[cls] = type(f"SerializedOnce{cls.__name__}", (_SerializedOnce, cls), {})
        pdf_object.__class__ = _serialized_classes[cls]


def finish_pdf(document, pdf):
    """WeasyPrint finisher of every PDF we make: /Scope on table headers, then each object serialized once."""
    tag_header_scopes(document, pdf)
    serialize_once(pdf)


_print_styles = threading.local()


@atexit.register
def _drop_print_styles():
    # A FontConfiguration deletes its folder of font files when collected: at exit, while the modules it
    # needs are still there (collected at interpreter teardown, it fails and leaves the folder behind).
    _print_styles.__dict__.clear()


def _url_fetcher():
    """The thread's URL fetcher: files and data: URIs only (the stylesheet, its fonts, the stemma).

    WeasyPrint's default fetcher builds an HTTPS handler with the system's CA certificates, about 30 ms for
    every document and every stylesheet, for requests our PDFs must never make: here they are refused, and
    the TLS context is an empty one that nothing uses.
    """
    from weasyprint.urls import URLFetcher

    fetcher = getattr(_print_styles, "fetcher", None)
    if fetcher is None:
        fetcher = _print_styles.fetcher = URLFetcher(
            allowed_protocols={"file", "data"}, ssl_context=ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT))
    return fetcher


def print_stylesheet(stylesheet=PRINT_CSS):
    """(path, CSS, FontConfiguration) of a print stylesheet, parsed once per thread and reused by its renders.

    A FontConfiguration loads the system's fontconfig set and then the stylesheet's @font-face files, and
    the CSS must be parsed with it: together about 0.07 s of CPU (of a 10-objective Relazione's 2 s) when
    made anew each time. Reusing them is safe for documents rendered one after the other: each document collects
    and embeds its own fonts (Document.fonts); the configuration only tells Pango where the faces are.
    One per thread, because Pango's font map is not thread-safe; keyed by the stylesheet file's
    modification time, so that an edited stylesheet is read again without a restart.
    """
    from weasyprint import CSS
    from weasyprint.text.fonts import FontConfiguration

    css_path = finders.find(stylesheet)
    key = (css_path, os.stat(css_path).st_mtime_ns)
    cache = getattr(_print_styles, "by_stylesheet", None)
    if cache is None:
        cache = _print_styles.by_stylesheet = {}
    if cache.get(stylesheet, (None,))[0] != key:
        # Without the FontConfiguration WeasyPrint ignores the stylesheet's @font-face rules.
        fonts = FontConfiguration()
        cache[stylesheet] = (key, CSS(filename=css_path, font_config=fonts, url_fetcher=_url_fetcher()), fonts)
    _, css, fonts = cache[stylesheet]
    return css_path, css, fonts


def render_pdf_document(template_name, context, *, stylesheet=PRINT_CSS, **options):
    """(PDF bytes, pages) of a template rendered with the context; `options` go to WeasyPrint (e.g.
    pdf_variant="pdf/a-3a" for an archivable, tagged PDF). The pages are the laid-out document's, so
    that nobody parses the file again to count them."""
    from weasyprint import DEFAULT_OPTIONS, HTML  # heavy import: only when a PDF is asked for

    html = render_to_string(template_name, context)
    css_path, css, fonts = print_stylesheet(stylesheet)
    # base_url: the stylesheet on disk, so that its fonts (and any image) load from the file system.
    document = HTML(string=html, base_url=str(css_path), url_fetcher=_url_fetcher()).render(
        font_config=fonts, stylesheets=[css], **options)
    # As HTML.write_pdf does: the document writes with the same options it was laid out with.
    content = document.write_pdf(finisher=finish_pdf, **{**DEFAULT_OPTIONS, "stylesheets": [css], **options})
    return content, len(document.pages)


def render_pdf(template_name, context, *, stylesheet=PRINT_CSS, **options):
    """The PDF bytes of a template rendered with the context (see render_pdf_document)."""
    return render_pdf_document(template_name, context, stylesheet=stylesheet, **options)[0]
