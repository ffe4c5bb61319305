"""PDF rendering with WeasyPrint for the cycle's reports (the July monitoring report).

The HTML comes from the same template body as the page; the PDF gets its own small print stylesheet,
read from disk (never over HTTP, never the whole Bootstrap Italia CSS).
"""

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


def render_pdf(template_name, context, *, stylesheet=PRINT_CSS, **options):
    """The PDF bytes of a template rendered with the context; `options` go to WeasyPrint
    (e.g. pdf_variant="pdf/a-3a" for an archivable, tagged PDF)."""
    from weasyprint import CSS, HTML  # heavy import: only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    html = render_to_string(template_name, context)
    css_path = finders.find(stylesheet)
    fonts = FontConfiguration()  # without it WeasyPrint ignores the stylesheet's @font-face rules
    # base_url: the stylesheet on disk, so that its fonts (and any image) load from the file system.
    return HTML(string=html, base_url=str(css_path)).write_pdf(
        stylesheets=[CSS(filename=css_path, font_config=fonts)], font_config=fonts,
        finisher=tag_header_scopes, **options,
    )
