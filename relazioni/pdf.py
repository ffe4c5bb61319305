"""The Relazione as a PDF: the same template body as the page, its own print stylesheet, PDF/A-3a
(archivable and tagged for accessibility). An approved version is rendered from its snapshot only."""

from obiettivi.pdf import render_pdf, render_pdf_document

from .snapshot import context_from_data, relazione_data

PRINT_CSS = "css/relazione-print.css"
PDF_VARIANT = "pdf/a-3a"


def _live_context(relazione):
    return context_from_data(relazione_data(relazione))


def relazione_html(relazione, context=None):
    from django.template.loader import render_to_string

    return render_to_string("relazioni/relazione_pdf.html", context or _live_context(relazione))


def relazione_pdf_document(relazione, context=None):
    """(PDF bytes, pages) of the Relazione: from `context` (a part, a frozen version) or the current data."""
    return render_pdf_document(
        "relazioni/relazione_pdf.html", context or _live_context(relazione),
        stylesheet=PRINT_CSS, pdf_variant=PDF_VARIANT,
    )


def relazione_pdf(relazione, context=None):
    """The PDF bytes of the Relazione from the current data (a draft, the render_report command)."""
    return relazione_pdf_document(relazione, context)[0]


def versione_pdf(versione):
    """The PDF bytes of an approved version, from its stored snapshot (never from the live rows)."""
    from .services import versione_dati

    return relazione_pdf(None, context_from_data(versione_dati(versione)))


def attestazione_pdf(attestazione):
    """The attestazione of publication (plain data, see services.attestazione_data) as a PDF/A of its own."""
    from .snapshot import attestazione_context

    return render_pdf("relazioni/attestazione_pdf.html", {"att": attestazione_context(attestazione)},
                      stylesheet=PRINT_CSS, pdf_variant=PDF_VARIANT)
