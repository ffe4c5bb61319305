"""Amministrazione Trasparente > Performance and the Piano as a document (public), and the
Segretario's page of publications and PIAO chapters (reserved)."""

from django.contrib import messages
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from obiettivi.models import Ente, Piano
from obiettivi.permissions import MANAGER_ROLES, anno_or_404, ente_view
from obiettivi.services import DomainError
from relazioni import files
from relazioni.views import PUBLIC_CACHE_SECONDS, _altered

from . import piao, selectors, services
from .models import DocumentoPiano
from .piano import piano_context

ODT = "application/vnd.oasis.opendocument.text"


@require_safe
def performance(request, ente_slug):
    """Amministrazione Trasparente > Performance: the five sub-sections of the D.Lgs. 33/2013 tree."""
    ente = get_object_or_404(Ente, slug=ente_slug)
    return render(request, "pubblicazioni/performance.html", {
        "ente": ente, "header_ente": ente, "sottosezioni": selectors.sottosezioni(ente),
    })


def _published(ente_slug, anno):
    documento = (DocumentoPiano.objects.select_related("piano__ente")
                 .filter(piano__ente__slug=ente_slug, piano__anno_inizio=anno_or_404(anno)).order_by("-numero").first())
    if documento is None:
        raise Http404
    return documento


@require_safe
def piano(request, ente_slug, anno):
    """The published Piano as a page, from the data frozen at its last publication. A frozen version
    never changes: for citizens its page is rendered once and kept, keyed by the version shown (a new
    publication is a new key); rendering hundreds of objectives took most of a second."""
    ultimo = (DocumentoPiano.objects.filter(piano__ente__slug=ente_slug, piano__anno_inizio=anno_or_404(anno))
              .order_by("-numero").values_list("pk", flat=True).first())
    if ultimo is None:
        raise Http404
    key = f"piano-pubblico:{ultimo}"
    anonymous = not request.user.is_authenticated
    if anonymous:
        cached = cache.get(key)
        if cached is not None:
            return HttpResponse(cached)
    documento = _published(ente_slug, anno)
    prima = documento.piano.documenti.order_by("numero").values_list("pubblicato_il", flat=True).first()
    response = render(request, "pubblicazioni/piano.html", {
        **piano_context(documento.dati), "documento": documento, "prima_pubblicazione": prima,
        "header_ente": documento.piano.ente,
    })
    if anonymous and documento.pk == ultimo:
        cache.set(key, response.content, PUBLIC_CACHE_SECONDS)
    return response


@require_safe
def piano_pdf(request, ente_slug, anno):
    """The PDF/A stored at the last publication, only if its bytes match their SHA-256."""
    documento = _published(ente_slug, anno)
    piano_row = documento.piano
    try:
        content = files.read_verified(documento.pdf, documento.sha256, etichetta="PDF del Piano",
                                      ente_id=piano_row.ente_id, anno=piano_row.anno_inizio)
    except files.FileAlterato as error:
        return _altered(request, _Frame(piano_row), error)
    response = HttpResponse(content, content_type="application/pdf")
    response.headers["Content-Disposition"] = (
        f'inline; filename="piano-performance-{piano_row.ente.slug}-{piano_row.anno_inizio}-{piano_row.anno_fine}.pdf"')
    response.headers["ETag"] = f'"{documento.sha256}"'
    return response


class _Frame:
    """What relazioni.views._altered reads of a Relazione, for a Piano."""

    def __init__(self, piano_row):
        self.ente, self.anno = piano_row.ente, piano_row.anno_inizio


# The Segretario's page ----------------------------------------------------------------------

@require_safe
@ente_view(roles=MANAGER_ROLES)
def gestione(request, ente):
    piani = ente.piani.order_by("-anno_inizio").prefetch_related("documenti")
    return render(request, "pubblicazioni/gestione.html", {
        "piani": piani, "semplificato": piao.is_semplificato(ente),
    })


@require_POST
@ente_view(roles=MANAGER_ROLES)
def piano_pubblica(request, ente, pk):
    piano_row = get_object_or_404(Piano, pk=pk, ente=ente)
    try:
        documento = services.piano_publish(user=request.user, piano=piano_row)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Piano pubblicato (versione {documento.numero}): "
                                  "i cittadini lo trovano nella pagina Performance.")
    return redirect("pubblicazioni:gestione", ente_slug=ente.slug)


CAPITOLI = {"performance": piao.performance_blocks, "monitoraggio": piao.monitoraggio_blocks}


def _capitolo(ente, pk, nome, formato):
    piano_row = get_object_or_404(Piano.objects.select_related("ente"), pk=pk, ente=ente)
    capitolo = CAPITOLI[nome](piano_row)
    if formato == "odt":
        content, content_type = piao.capitolo_odt(capitolo), ODT
    else:
        content, content_type = piao.capitolo_pdf(capitolo), "application/pdf"
    numero = "2-2" if nome == "performance" else "4"
    response = HttpResponse(content, content_type=content_type)
    response.headers["Content-Disposition"] = (
        f'attachment; filename="piao-{numero}-{nome}-{ente.slug}-{piano_row.anno_inizio}.{formato}"')
    return response


@require_safe
@ente_view(roles=MANAGER_ROLES)
def piao_performance_odt(request, ente, pk):
    return _capitolo(ente, pk, "performance", "odt")


@require_safe
@ente_view(roles=MANAGER_ROLES)
def piao_performance_pdf(request, ente, pk):
    return _capitolo(ente, pk, "performance", "pdf")


@require_safe
@ente_view(roles=MANAGER_ROLES)
def piao_monitoraggio_odt(request, ente, pk):
    return _capitolo(ente, pk, "monitoraggio", "odt")


@require_safe
@ente_view(roles=MANAGER_ROLES)
def piao_monitoraggio_pdf(request, ente, pk):
    return _capitolo(ente, pk, "monitoraggio", "pdf")
