"""PDF rendering with WeasyPrint for the cycle's reports (the July monitoring report).

The HTML comes from the same template body as the page; the PDF gets its own small print stylesheet,
read from disk (never over HTTP, never the whole Bootstrap Italia CSS).
"""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

PRINT_CSS = "css/stampa-monitoraggio.css"


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
        stylesheets=[CSS(filename=css_path, font_config=fonts)], font_config=fonts, **options
    )
