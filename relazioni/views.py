"""The Relazione's pages: the public ones for citizens (no login), the Segretario's to approve it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from obiettivi.models import Ente
from obiettivi.permissions import READ_ALL_ROLES, ente_for, ente_for_slug, has_any_role, is_segretario
from obiettivi.services import DomainError

from . import csv_export, services
from .context import relazione_context, relazione_for
from .forms import DeliberaForm, RiaperturaForm, TestiForm, ValidazioneForm
from .models import Relazione, VersioneRelazione

PUBLIC_CACHE_SECONDS = 60 * 60 * 24


# Public pages --------------------------------------------------------------------------------

@require_safe
def performance(request, ente_slug):
    """Amministrazione Trasparente > Performance: every Piano and published Relazione by year."""
    ente = get_object_or_404(Ente, slug=ente_slug)
    relazioni = ente.relazioni.filter(stato=Relazione.Stato.PUBBLICATA).order_by("-anno")
    return render(request, "relazioni/performance.html", {
        "ente": ente, "header_ente": ente, "piani": ente.piani.prefetch_related("variazioni").order_by("-anno_inizio"), "relazioni": relazioni,
    })


def _visible_relazione(request, ente_slug, anno):
    """The Relazione a visitor may read: published for everyone; any state for a role in the ente."""
    relazione = get_object_or_404(
        Relazione.objects.select_related("ente", "piano"), ente__slug=ente_slug, anno=anno
    )
    if relazione.stato != Relazione.Stato.PUBBLICATA and not has_any_role(request.user, relazione.ente_id):
        raise Http404
    return relazione


def _public_version_key(relazione):
    return f"relazione-{relazione.pk}-{relazione.pubblicata_il.timestamp():.0f}"


@require_safe
def relazione_pubblica(request, ente_slug, anno):
    """The report as an accessible page. A published one never changes: ETag, Last-Modified and a
    cached page for anonymous readers, so that repeated requests skip the database."""
    anonymous = not request.user.is_authenticated
    if anonymous:
        cached = cache.get(f"relazione-pubblica:{ente_slug}:{anno}")
        if cached is not None:
            etag, last_modified, content = cached
            response = get_conditional_response(request, etag=etag, last_modified=last_modified)
            return response or _cacheable(HttpResponse(content), etag, last_modified)
    relazione = _visible_relazione(request, ente_slug, anno)
    context = {**relazione_context(relazione), "versioni": _versioni(relazione), "header_ente": relazione.ente}
    response = render(request, "relazioni/relazione.html", context)
    if anonymous and relazione.stato == Relazione.Stato.PUBBLICATA:
        etag, last_modified = f'"{_public_version_key(relazione)}"', relazione.pubblicata_il.timestamp()
        cache.set(f"relazione-pubblica:{ente_slug}:{anno}", (etag, last_modified, response.content), PUBLIC_CACHE_SECONDS)
        _cacheable(response, etag, last_modified)
    return response


def _cacheable(response, etag, last_modified):
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=300)
    return response


def _versioni(relazione):
    return list(relazione.versioni.filter(stato_rendering=VersioneRelazione.StatoRendering.COMPLETATO).order_by("-numero"))


@require_safe
def relazione_pdf(request, ente_slug, anno, numero=None):
    """The approved PDF as stored at approval (never rendered per request); earlier versions too."""
    relazione = _visible_relazione(request, ente_slug, anno)
    versioni = relazione.versioni.filter(stato_rendering=VersioneRelazione.StatoRendering.COMPLETATO)
    versione = versioni.filter(numero=numero).first() if numero else versioni.order_by("-numero").first()
    if versione is None or not versione.pdf:
        raise Http404
    suffix = f"-v{versione.numero}" if numero else ""
    response = FileResponse(
        versione.pdf.open("rb"), content_type="application/pdf",
        filename=f"relazione-performance-{relazione.ente.slug}-{relazione.anno}{suffix}.pdf",
    )
    response.headers["ETag"] = f'"{versione.sha256}"'
    return response


@require_safe
def dati_csv(request, ente_slug, anno):
    """The data in open format: one row per indicator, as the page shows them. A published
    Relazione's file never changes: it is built once and then served from the cache."""
    relazione = _visible_relazione(request, ente_slug, anno)
    key = f"relazione-csv:{_public_version_key(relazione)}" if relazione.stato == Relazione.Stato.PUBBLICATA else None
    content = cache.get(key) if key else None
    if content is None:
        content = csv_export.relazione_csv(relazione_context(relazione)["risultati"])
        if key:
            cache.set(key, content, PUBLIC_CACHE_SECONDS)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="dati-performance-{relazione.ente.slug}-{anno}.csv"'
    return response


# The Segretario's pages ------------------------------------------------------------------------

MANAGE_ROLES = READ_ALL_ROLES


def _managed_relazione(request, anno):
    ente = ente_for(request.user, roles=MANAGE_ROLES)
    relazione = relazione_for(ente, anno)
    if relazione is None:
        raise Http404
    return relazione


@require_safe
@login_required
def gestione(request, anno):
    relazione = _managed_relazione(request, anno)
    return _gestione_page(request, relazione)


def _latest_versione(relazione):
    """The newest version, queued again first if its worker died (whoever looks sees it recover)."""
    versione = relazione.versioni.order_by("-numero").first() if relazione.pk else None
    if versione is not None and versione.rendering_stale():
        versione = services.versione_requeue_if_stale(versione=versione)
    return versione


def _gestione_url(relazione):
    """The Segretario's page of the Relazione (the "Aggiorna" link of the PDF's state)."""
    return reverse("relazioni:gestione", args=[relazione.anno])


def _gestione_page(request, relazione, *, forms=None, status=200):
    _latest_versione(relazione)
    context = relazione_context(relazione)
    forms = forms or {}
    can_manage = is_segretario(request.user, relazione.ente_id)
    return render(request, "relazioni/gestione.html", {
        **context,
        "gestione_url": _gestione_url(relazione),
        "can_manage": can_manage,
        "testi_form": forms.get("testi") or TestiForm(instance=relazione, generated=context["testi_generati"]),
        "riapertura_form": forms.get("riapri") or RiaperturaForm(),
        "validazione_form": forms.get("validazione") or ValidazioneForm(initial={
            "validazione_data": relazione.validazione_data, "validazione_note": relazione.validazione_note}),
        "delibera_form": forms.get("delibera") or DeliberaForm(initial={
            "delibera_numero": relazione.delibera_numero, "delibera_data": relazione.delibera_data}),
        "tutte_versioni": relazione.versioni.order_by("-numero") if relazione.pk else [],
        "mancanti": services.missing_for_publication(relazione) if relazione.pk else [],
    }, status=status)


def _act(request, anno, action, success, *, form=None, key=None):
    """Run one act on the Relazione: a form error re-renders the page with the message next to the
    field; a refused act shows its Italian message; either way nothing changes. `success` is the
    message, or a function of the Relazione after the act that returns it."""
    relazione = _managed_relazione(request, anno)
    if form is not None and not form.is_valid():
        return _gestione_page(request, relazione, forms={key: form}, status=400)
    try:
        relazione = action(relazione, form.cleaned_data if form is not None else None)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success(relazione) if callable(success) else success)
    return redirect("relazioni:gestione", anno=anno)


@require_POST
@login_required
def testi(request, anno):
    relazione = _managed_relazione(request, anno)
    form = TestiForm(request.POST, instance=Relazione.objects.get(pk=relazione.pk) if relazione.pk else relazione,
                     generated=relazione_context(relazione)["testi_generati"])
    return _act(request, anno, lambda r, data: services.relazione_update_narrative(
        user=request.user, relazione=r, values=form.values()), _("Testi salvati."), form=form, key="testi")


@require_POST
@login_required
def approva(request, anno):
    return _act(request, anno, lambda r, _data: services.relazione_approve(user=request.user, relazione=r),
                _approval_message)


def _approval_message(relazione):
    """What is true of the PDF right after approval: rendered already (immediate backend) or queued
    for the worker (database backend), or failed."""
    versione = relazione.versioni.order_by("-numero").first()
    if versione.stato_rendering == VersioneRelazione.StatoRendering.COMPLETATO:
        return _("Relazione approvata: il PDF è stato generato e archiviato.")
    if versione.stato_rendering == VersioneRelazione.StatoRendering.ERRORE:
        return _("Relazione approvata, ma il PDF non è stato generato: l'errore è indicato nell'elenco delle versioni.")
    return _("Relazione approvata. PDF in preparazione: l'elenco delle versioni ne mostra lo stato; "
             "si potrà pubblicare quando sarà pronto.")


@require_safe
@login_required
def stato_pdf(request, ente_slug, anno):
    """The state of the newest version's PDF as a small HTML fragment, fetched by
    static/js/stato-pdf.js while it is rendered: the page itself is never reloaded over the forms."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGE_ROLES)
    relazione = relazione_for(ente, anno)
    if relazione is None:
        raise Http404
    response = render(request, "relazioni/includes/stato_pdf.html", {
        "v": _latest_versione(relazione), "anno": anno, "ente": ente, "aggiornato": True,
        "can_manage": is_segretario(request.user, ente.pk),
        "gestione_url": _gestione_url(relazione),
    })
    response.headers["Cache-Control"] = "no-store"
    return response


@require_POST
@login_required
def genera_pdf(request, ente_slug, anno):
    """The Segretario asks again for a PDF whose generation failed."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGE_ROLES)
    relazione = relazione_for(ente, anno)
    if relazione is None:
        raise Http404
    try:
        versione = services.versione_render_again(user=request.user, relazione=relazione)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        versione.refresh_from_db()  # the immediate backend has rendered it already
        messages.success(request, {
            VersioneRelazione.StatoRendering.COMPLETATO: _("Il PDF è stato generato e archiviato."),
            VersioneRelazione.StatoRendering.ERRORE: _("Il PDF non è stato generato neanche questa volta: "
                                                       "l'errore è indicato nell'elenco delle versioni."),
        }.get(versione.stato_rendering, _("PDF richiesto di nuovo: è in preparazione.")))
    return redirect(_gestione_url(relazione))


@require_POST
@login_required
def pubblica(request, anno):
    return _act(request, anno, lambda r, _data: services.relazione_publish(user=request.user, relazione=r),
                _("Relazione pubblicata: i cittadini la trovano nella pagina Performance."))


@require_POST
@login_required
def riapri(request, anno):
    return _act(request, anno, lambda r, data: services.relazione_reopen(
        user=request.user, relazione=r, motivazione=data["motivazione"]),
        _("Relazione riaperta: la prossima approvazione creerà una nuova versione."),
        form=RiaperturaForm(request.POST), key="riapri")


@require_POST
@login_required
def validazione(request, anno):
    return _act(request, anno, lambda r, data: services.relazione_record_validation(
        user=request.user, relazione=r, data=data["validazione_data"], note=data["validazione_note"],
        documento=data["validazione_documento"]),
        _("Validazione registrata."), form=ValidazioneForm(request.POST, request.FILES), key="validazione")


@require_POST
@login_required
def delibera(request, anno):
    return _act(request, anno, lambda r, data: services.relazione_record_delibera(
        user=request.user, relazione=r, numero=data["delibera_numero"], data=data["delibera_data"]),
        _("Delibera di Giunta registrata."), form=DeliberaForm(request.POST), key="delibera")


@require_safe
@login_required
def documento_validazione(request, anno):
    relazione = _managed_relazione(request, anno)
    if not relazione.validazione_documento:
        raise Http404
    return FileResponse(relazione.validazione_documento.open("rb"), content_type="application/pdf",
                        filename=f"validazione-nucleo-{relazione.anno}.pdf")

