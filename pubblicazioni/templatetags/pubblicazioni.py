"""Template helpers of the public frame: the ente's stemma inline and a file's format and size."""

import base64
import mimetypes
from decimal import Decimal
from functools import partial

from django import template

from obiettivi.achievement import format_decimal
from obiettivi.cache_invalidation import for_version
from obiettivi.models import Ente

register = template.Library()

STEMMA_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


@register.simple_tag
def stemma_src(ente):
    """The ente's stemma as a data: URI ("" if none), so that the page and the PDF (WeasyPrint, which
    fetches nothing over HTTP) show the same image, under a CSP that allows data: images. `ente` is an
    Ente or a snapshot's plain dict with its id."""
    if ente is None:
        return ""
    # Read already by the process that hands a snapshot to a rendering worker (relazioni/allegati.py).
    precomputed = ente.get("stemma_src") if isinstance(ente, dict) else getattr(ente, "stemma_src", None)
    if precomputed is not None:
        return precomputed
    if not isinstance(ente, Ente):
        ente_id = ente.get("id") if isinstance(ente, dict) else getattr(ente, "id", None)
        ente = Ente.objects.filter(pk=ente_id).only("stemma", "versione_dati").first() if ente_id else None
    if ente is None or not ente.stemma:
        return ""
    # Every page's header shows it: read and encoded once per version of the ente's data (saving the
    # ente, as a new stemma does, bumps it), not at every request.
    return for_version(ente, "stemma", partial(_data_uri, ente))


def _data_uri(ente):
    content_type = mimetypes.guess_type(ente.stemma.name)[0]
    if content_type not in STEMMA_TYPES:
        return ""
    try:
        with ente.stemma.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        return ""  # a missing file hides the image, never breaks the page
    return f"data:{content_type};base64,{base64.b64encode(content).decode('ascii')}"


@register.simple_tag(takes_context=True)
def ente_cornice(context):
    """The ente whose footer the page shows: the public page's, else the reserved page's; None on
    pages of the whole site and on the error pages rendered without a context."""
    return context.get("header_ente") or context.get("ente_corrente") or None


@register.filter
def dimensione(size):
    """A file size the Italian way: "850 byte", "12 kB", "1,4 MB"."""
    if size is None:
        return ""
    if size < 1000:
        return f"{size} byte"
    if size < 1_000_000:
        return f"{round(size / 1000)} kB"
    return f"{format_decimal(Decimal(size) / Decimal(1_000_000), places=1)} MB"
