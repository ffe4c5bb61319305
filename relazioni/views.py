"""The Relazione's pages: the public ones for citizens (no login), the Segretario's to approve it."""

import io

from django.contrib import messages
from django.core.cache import cache
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from obiettivi.permissions import READ_ALL_ROLES, anno_or_404, ente_view, has_any_role, is_segretario
from obiettivi.services import DomainError

from . import anteprima, files, selectors, services
from .context import relazione_context, relazione_for, relazione_gaps
from .snapshot import attestazione_context, context_from_data, fingerprint, relazione_data
from .forms import ApprovazioneForm, DeliberaForm, PubblicazioneForm, RiaperturaForm, TestiForm, ValidazioneForm
from .models import Relazione, VersioneRelazione

PUBLIC_CACHE_SECONDS = 60 * 60 * 24


# Public pages --------------------------------------------------------------------------------
#
# Citizens read the last published version, from what was frozen at its approval (the snapshot, the
# CSV and the PDF files) and the attestazione added at its publication; it stays public, marked "in
# corso di correzione", while a reopened Relazione is being corrected. The ente's own people read the
# current state instead: a draft's live preview or the latest approved version.

def _relazione_or_404(ente_slug, anno):
    return get_object_or_404(Relazione.objects.select_related("ente", "piano"), ente__slug=ente_slug, anno=anno)


def _shown_version(request, relazione, *, senza_dati=False):
    """The version a visitor reads; None means the live preview of a draft (the ente's people only).
    `senza_dati`: without its snapshot, for who serves a stored file (read later only if needed)."""
    if has_any_role(request.user, relazione.ente_id):
        return None if relazione.stato == Relazione.Stato.BOZZA else selectors.latest_version(relazione, senza_dati=senza_dati)
    versione = selectors.published_version(relazione, senza_dati=senza_dati)
    if versione is None:
        raise Http404
    return versione


def _downloadable(request, relazione):
    """The versions whose PDF the visitor may download: for citizens, the published one and earlier."""
    versioni = relazione.versioni.filter(stato_rendering=VersioneRelazione.StatoRendering.COMPLETATO).defer("dati")
    if has_any_role(request.user, relazione.ente_id):
        return versioni.order_by("-numero")
    pubblicata = selectors.published_version(relazione, senza_dati=True)
    if pubblicata is None:
        raise Http404
    return versioni.filter(numero__lte=pubblicata.numero).order_by("-numero")


def _report_data(relazione, versione):
    if versione is None:
        return relazione_data(relazione)
    data = services.versione_dati(versione)
    if fingerprint(data) != versione.dati_sha256:
        files.report_alteration(etichetta=_("dati approvati"), name=f"versione-{versione.pk}-dati",
                                ente_id=relazione.ente_id, anno=relazione.anno)
        raise files.FileAlterato(_("dati approvati"))
    return data


def _public_key(stamp):
    pk, riaperta_il = stamp
    return f"relazione-pubblica:{pk}:{riaperta_il.timestamp() if riaperta_il else 0:.6f}"


@require_safe
def relazione_pubblica(request, ente_slug, anno):
    """The report as an accessible page. A published version never changes: ETag, Last-Modified and
    a cached page for anonymous readers, keyed by the published version and its reopening, so that
    nobody is served a page that a publication or a reopening has changed."""
    anonymous = not request.user.is_authenticated
    key = stamp = None
    if anonymous:
        stamp = selectors.public_stamp(ente_slug, anno)
        if stamp is None:
            raise Http404
        key = _public_key(stamp)
        cached = cache.get(key)
        if cached is not None:
            etag, last_modified, content = cached
            response = get_conditional_response(request, etag=etag, last_modified=last_modified)
            return response or _cacheable(HttpResponse(content), etag, last_modified)
    relazione = _relazione_or_404(ente_slug, anno)
    versione = _shown_version(request, relazione)
    if versione is None:
        # A draft's preview: its body as stored for the current data version (rebuilt on a change).
        report = {"ente": relazione.ente, "anno": relazione.anno, "corpo_anteprima": anteprima.body(relazione)}
    else:
        try:
            report = context_from_data(_report_data(relazione, versione))
        except files.FileAlterato as error:
            return _altered(request, relazione, error)
    response = render(request, "relazioni/relazione.html", {
        **report, **_page_extras(request, relazione, versione), "header_ente": relazione.ente,
    })
    if key and versione is not None and versione.pubblicata_il:
        etag = f'"{key.split(":", 1)[1]}"'
        last_modified = max(versione.pubblicata_il, stamp[1] or versione.pubblicata_il).timestamp()
        cache.set(key, (etag, last_modified, response.content), PUBLIC_CACHE_SECONDS)
        _cacheable(response, etag, last_modified)
    return response


def _page_extras(request, relazione, versione):
    pubblicata = versione is not None and versione.pubblicata_il is not None
    motivo_correzione = selectors.correction_reason(relazione, versione)
    versioni = list(_downloadable(request, relazione))
    return {
        "versione": versione,
        "anteprima": not pubblicata,
        # A published version links each objective and indicator to its public page across years.
        "link_pubblici": pubblicata,
        "stato_attuale": relazione.get_stato_display(),
        "in_correzione": motivo_correzione is not None,
        "motivo_correzione": motivo_correzione,
        "attestazione": attestazione_context(versione.attestazione) if pubblicata else None,
        "documento_validazione_pubblico": bool(pubblicata and versione.documento_validazione
                                               and relazione.ente.pubblica_documento_validazione),
        "versioni": versioni,
        # The annexes of the PDF the download button gives (the newest downloadable version).
        "allegati": list(versioni[0].allegati.all()) if versioni else [],
        "allegati_divisi": bool(versioni) and versioni[0].allegati_divisi,
        "open_data": _open_data(relazione, versione),
        "dimensioni": _sizes(versione, pubblicata),
    }


def _open_data(relazione, versione):
    """The open-data files of the shown version, with format and size (made now if it predates them);
    a draft's have no size: they are made at each download from the live data."""
    from opendata.services import FORMATI, ensure_distribuzioni
    from opendata.views import download_url
    from opendata.writers import FORMATI as LABELS

    made = ensure_distribuzioni(versione) if versione is not None else {}
    return [{
        "formato": formato, "etichetta": LABELS[formato][3], "url": download_url(relazione.ente, relazione.anno, formato),
        "schema_url": reverse("opendata:schema", args=[relazione.ente.slug, relazione.anno, formato]),
        "dimensione": made[formato].dimensione if formato in made else None,
    } for formato in FORMATI]


def _size(fieldfile):
    """The stored file's size in bytes, or None if it cannot be read (the link then says the format only)."""
    try:
        return fieldfile.size if fieldfile else None
    except (OSError, ValueError):
        return None


def _sizes(versione, pubblicata):
    if versione is None:
        return {}
    return {"pdf": _size(versione.pdf), "attestazione": _size(versione.attestazione_pdf) if pubblicata else None,
            "validazione": _size(versione.documento_validazione) if pubblicata else None}


def _cacheable(response, etag, last_modified):
    response.headers["ETag"] = etag
    response.headers["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=300)
    return response


def _altered(request, relazione, error):
    """A stored file no longer matches its SHA-256: nothing is served. 503, not 404 or 410: the
    document exists and is not withdrawn, the fault is ours and lasts until the file is restored
    from the backup; caches and search engines must not keep this answer."""
    response = render(request, "relazioni/file_alterato.html", {
        "ente": relazione.ente, "header_ente": relazione.ente, "anno": relazione.anno, "etichetta": error.etichetta,
    }, status=503)
    response.headers["Retry-After"] = "3600"
    patch_cache_control(response, no_store=True)
    return response


def _serve(request, relazione, fieldfile, sha256, *, etichetta, content_type, filename, attachment=False):
    """A stored file, only if its bytes match the SHA-256 recorded when it was written."""
    try:
        content = files.read_verified(fieldfile, sha256, etichetta=etichetta, ente_id=relazione.ente_id,
                                      anno=relazione.anno)
    except files.FileAlterato as error:
        return _altered(request, relazione, error)
    if attachment:
        response = HttpResponse(content, content_type=content_type)
        response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    else:
        response = FileResponse(io.BytesIO(content), content_type=content_type, filename=filename)
    response.headers["ETag"] = f'"{sha256}"'
    return response


@require_safe
def relazione_pdf(request, ente_slug, anno, numero=None):
    """The approved PDF as stored at approval (never rendered per request); earlier versions too."""
    relazione = _relazione_or_404(ente_slug, anno)
    versioni = _downloadable(request, relazione)
    versione = versioni.filter(numero=numero).first() if numero else versioni.first()
    if versione is None or not versione.pdf:
        raise Http404
    suffix = f"-v{versione.numero}" if numero else ""
    return _serve(request, relazione, versione.pdf, versione.sha256, etichetta=_("PDF approvato"),
                  content_type="application/pdf",
                  filename=f"relazione-performance-{relazione.ente.slug}-{relazione.anno}{suffix}.pdf")


@require_safe
def relazione_allegato(request, ente_slug, anno, allegato, numero=None):
    """An annex of the approved PDF (a large Relazione, relazioni/allegati.py), as stored at approval."""
    relazione = _relazione_or_404(ente_slug, anno)
    versioni = _downloadable(request, relazione)
    versione = versioni.filter(numero=numero).first() if numero else versioni.first()
    parte = versione.allegati.filter(numero=allegato).first() if versione else None
    if parte is None:
        raise Http404
    suffix = f"-v{versione.numero}" if numero else ""
    return _serve(request, relazione, parte.file, parte.sha256,
                  etichetta=_("allegato %(n)s del PDF approvato") % {"n": parte.numero},
                  content_type="application/pdf",
                  filename=f"relazione-performance-{relazione.ente.slug}-{relazione.anno}{suffix}-allegato-{parte.numero}.pdf")


@require_safe
def dati_csv(request, ente_slug, anno):
    """The data in open format, typed (opendata/): one row per indicator, from the version's frozen
    snapshot, stored once and served from storage; a draft's is made now from the live data."""
    from opendata.views import serve_file

    relazione = _relazione_or_404(ente_slug, anno)
    return serve_file(request, relazione, _shown_version(request, relazione, senza_dati=True), "csv")


@require_safe
def attestazione(request, ente_slug, anno):
    """The attestazione of publication of the public version, as its own PDF/A."""
    relazione = _relazione_or_404(ente_slug, anno)
    versione = selectors.published_version(relazione, senza_dati=True)
    if versione is None or not versione.attestazione_pdf:
        raise Http404
    return _serve(request, relazione, versione.attestazione_pdf, versione.attestazione_sha256,
                  etichetta=_("attestazione di pubblicazione"), content_type="application/pdf",
                  filename=f"attestazione-performance-{relazione.ente.slug}-{relazione.anno}.pdf")


@require_safe
def validazione_pubblica(request, ente_slug, anno):
    """The Nucleo's validation document published with the version, when the ente publishes it."""
    relazione = _relazione_or_404(ente_slug, anno)
    versione = selectors.published_version(relazione, senza_dati=True)
    if versione is None or not versione.documento_validazione or not relazione.ente.pubblica_documento_validazione:
        raise Http404
    return _serve(request, relazione, versione.documento_validazione, versione.documento_validazione_sha256,
                  etichetta=_("documento di validazione"), content_type="application/pdf",
                  filename=f"validazione-nucleo-{relazione.ente.slug}-{relazione.anno}.pdf")


# The Segretario's pages ------------------------------------------------------------------------

MANAGE_ROLES = READ_ALL_ROLES


def _managed_relazione(ente, anno):
    relazione = relazione_for(ente, anno_or_404(anno))
    if relazione is None:
        raise Http404
    return relazione


@require_safe
@ente_view(roles=MANAGE_ROLES)
def gestione(request, ente, anno):
    relazione = _managed_relazione(ente, anno)
    return _gestione_page(request, relazione)


def _latest_versione(relazione):
    """The newest version, queued again first if its worker died (whoever looks sees it recover)."""
    versione = relazione.versioni.order_by("-numero").first() if relazione.pk else None
    if versione is not None and versione.rendering_stale():
        versione = services.versione_requeue_if_stale(versione=versione)
    return versione


def _gestione_url(relazione):
    """The Segretario's page of the Relazione (the "Aggiorna" link of the PDF's state)."""
    return reverse("relazioni:gestione", args=[relazione.ente.slug, relazione.anno])


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
        "approvazione_form": forms.get("approva") or ApprovazioneForm(lacune=context["lacune"]),
        "pubblicazione_form": forms.get("pubblica") or PubblicazioneForm(),
        "validazione_form": forms.get("validazione") or ValidazioneForm(initial={
            "validazione_data": relazione.validazione_data, "validazione_note": relazione.validazione_note}),
        "delibera_form": forms.get("delibera") or DeliberaForm(initial={
            "delibera_numero": relazione.delibera_numero, "delibera_data": relazione.delibera_data}),
        "tutte_versioni": relazione.versioni.order_by("-numero") if relazione.pk else [],
        "mancanti": services.missing_for_publication(relazione) if relazione.pk else [],
        "file_alterati": selectors.altered_files(relazione) if relazione.pk else [],
    }, status=status)


def _act(request, ente, anno, action, success, *, form=None, key=None):
    """Run one act on the Relazione: a form error re-renders the page with the message next to the
    field; a refused act shows its Italian message; either way nothing changes. `success` is the
    message, or a function of the Relazione after the act that returns it."""
    relazione = _managed_relazione(ente, anno)
    if form is not None and not form.is_valid():
        return _gestione_page(request, relazione, forms={key: form}, status=400)
    try:
        relazione = action(relazione, form.cleaned_data if form is not None else None)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success(relazione) if callable(success) else success)
    return redirect("relazioni:gestione", ente_slug=ente.slug, anno=anno)


@require_POST
@ente_view(roles=MANAGE_ROLES)
def testi(request, ente, anno):
    relazione = _managed_relazione(ente, anno)
    form = TestiForm(request.POST, instance=Relazione.objects.get(pk=relazione.pk) if relazione.pk else relazione,
                     generated=relazione_context(relazione)["testi_generati"])
    return _act(request, ente, anno, lambda r, data: services.relazione_update_narrative(
        user=request.user, relazione=r, values=form.values()), _("Testi salvati."), form=form, key="testi")


@require_POST
@ente_view(roles=MANAGE_ROLES)
def approva(request, ente, anno):
    relazione = _managed_relazione(ente, anno)
    form = ApprovazioneForm(request.POST, lacune=_lacune(relazione))
    return _act(request, ente, anno, lambda r, data: services.relazione_approve(
        user=request.user, relazione=r, quando=data["data_approvazione"], motivazione_lacune=form.motivazione()),
        _approval_message, form=form, key="approva")


def _lacune(relazione):
    return relazione_gaps(relazione) if relazione.stato == Relazione.Stato.BOZZA else []


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
@ente_view(roles=MANAGE_ROLES)
def stato_pdf(request, ente, anno):
    """The state of the newest version's PDF as a small HTML fragment, fetched by
    static/js/stato-pdf.js while it is rendered: the page itself is never reloaded over the forms."""
    relazione = _managed_relazione(ente, anno)
    response = render(request, "relazioni/includes/stato_pdf.html", {
        "v": _latest_versione(relazione), "anno": anno, "ente": ente, "aggiornato": True,
        "can_manage": is_segretario(request.user, ente.pk),
        "gestione_url": _gestione_url(relazione),
    })
    response.headers["Cache-Control"] = "no-store"
    return response


@require_POST
@ente_view(roles=MANAGE_ROLES)
def genera_pdf(request, ente, anno):
    """The Segretario asks again for a PDF whose generation failed."""
    relazione = _managed_relazione(ente, anno)
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
@ente_view(roles=MANAGE_ROLES)
def pubblica(request, ente, anno):
    return _act(request, ente, anno, lambda r, data: services.relazione_publish(
        user=request.user, relazione=r, quando=data["data_pubblicazione"]),
        _("Relazione pubblicata: i cittadini la trovano nella pagina Performance."),
        form=PubblicazioneForm(request.POST), key="pubblica")


@require_POST
@ente_view(roles=MANAGE_ROLES)
def riapri(request, ente, anno):
    return _act(request, ente, anno, lambda r, data: services.relazione_reopen(
        user=request.user, relazione=r, motivazione=data["motivazione"]),
        _("Relazione riaperta: la prossima approvazione creerà una nuova versione."),
        form=RiaperturaForm(request.POST), key="riapri")


@require_POST
@ente_view(roles=MANAGE_ROLES)
def validazione(request, ente, anno):
    return _act(request, ente, anno, lambda r, data: services.relazione_record_validation(
        user=request.user, relazione=r, data=data["validazione_data"], note=data["validazione_note"],
        documento=data["validazione_documento"], motivazione=data["motivazione"]),
        _("Validazione registrata."), form=ValidazioneForm(request.POST, request.FILES), key="validazione")


@require_POST
@ente_view(roles=MANAGE_ROLES)
def delibera(request, ente, anno):
    return _act(request, ente, anno, lambda r, data: services.relazione_record_delibera(
        user=request.user, relazione=r, numero=data["delibera_numero"], data=data["delibera_data"],
        motivazione=data["motivazione"]),
        _("Delibera di Giunta registrata."), form=DeliberaForm(request.POST), key="delibera")


@require_safe
@ente_view(roles=MANAGE_ROLES)
def documento_validazione(request, ente, anno):
    relazione = _managed_relazione(ente, anno)
    if not relazione.validazione_documento:
        raise Http404
    return _serve(request, relazione, relazione.validazione_documento, relazione.validazione_documento_sha256,
                  etichetta=_("documento di validazione"), content_type="application/pdf",
                  filename=f"validazione-nucleo-{relazione.anno}.pdf")

