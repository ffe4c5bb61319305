"""The evaluation's pages: thin views (access helper, form, service, response)."""


from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from obiettivi.models import Ente, Ruolo
from obiettivi.pdf import render_pdf
from obiettivi.permissions import ALL_ROLES, READ_ALL_ROLES, anno_or_404, ente_view
from obiettivi.services import DomainError

from relazioni import files

from . import selectors, services
from .forms import (
    AudizioneForm, CategorieFormSet, ComportamentiFormSet, ConfermaForm, DocumentoForm, EsitoForm, PunteggiForm,
    RettificaForm, RisorseForm, SchedaNuovaForm, SmvpForm, TestoForm, formset_rows,
)
from .models import Categoria, Smvp

SEGRETARIO = {Ruolo.Tipo.SEGRETARIO}
# Premi and every scheda are personal data: the Segretario and the Nucleo only.
LETTORI_PREMI = {Ruolo.Tipo.SEGRETARIO, Ruolo.Tipo.NUCLEO}
PRINT_CSS = "css/relazione-print.css"


def _fail(request, error, url):
    messages.error(request, error.message)
    for message in error.field_errors.values():
        messages.error(request, message)
    return redirect(url)


def _smvp_or_404(ente, anno):
    smvp = selectors.smvp_of(ente, anno_or_404(anno))
    if smvp is None:
        raise Http404
    return smvp


# --- SMVP --------------------------------------------------------------------------------------

def _smvp_form(smvp, data=None):
    """The premio rule and the scale; the categories and the behaviours have their own pages."""
    return SmvpForm(data, initial={
        "tipo_premio": smvp.tipo_premio, "punteggio_minimo": smvp.punteggio_minimo,
        "fasce_testo": "\n".join(f"{f['da']} {f['percentuale']} {f.get('nome', '')}".strip() for f in smvp.fasce),
        "quota_differenziazione": smvp.quota_differenziazione, "maggiorazione": smvp.maggiorazione,
        "giorni_conciliazione": smvp.giorni_conciliazione, "scala_max": smvp.scala_max,
        "descrittori_scala": smvp.descrittori_scala}) if smvp else None


@ente_view(roles=READ_ALL_ROLES)
def smvp(request, ente, anno):
    anno_or_404(anno)
    current = selectors.smvp_of(ente, anno)
    url = reverse("valutazioni:smvp", args=[ente.slug, anno])
    if request.method == "POST":
        if not selectors.is_segretario_vero(request.user, ente.pk):
            raise PermissionDenied
        try:
            if request.POST.get("azione") == "crea":
                services.smvp_create(user=request.user, ente=ente, anno=anno)
                messages.success(request, _("SMVP creato."))
                return redirect(url)
            if current is None:
                raise Http404
            form = _smvp_form(current, request.POST)
            if form.is_valid():
                values = {k: v for k, v in form.cleaned_data.items() if k != "fasce_testo"}
                services.smvp_update(user=request.user, smvp=current, values=values,
                                     fasce_testo=form.cleaned_data["fasce_testo"], pesi={})
                messages.success(request, _("SMVP salvato."))
                return redirect(url)
            return _smvp_page(request, ente, anno, current, form, status=400)
        except DomainError as error:
            return _fail(request, error, url)
    elif request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return _smvp_page(request, ente, anno, current, _smvp_form(current))


def _smvp_page(request, ente, anno, current, form, status=200):
    return render(request, "valutazioni/smvp.html", {
        "ente": ente, "anno": anno, "smvp": current, "form": form,
        "in_uso": current is not None and services.smvp_in_uso(current),
        "documento_form": DocumentoForm(), "precedente": Smvp.objects.filter(ente=ente, anno__lt=anno).first(),
        "puo_modificare": selectors.is_segretario_vero(request.user, ente.pk),
    }, status=status)


# The catalogues of a year's SMVP, one formset each: (formset, initial rows, service, title, message).
CATALOGHI = {
    "categorie": (CategorieFormSet, lambda smvp: [
        {"id": c.pk, "nome": c.nome, "tipo": c.tipo, "valutatore": c.valutatore, "peso_ente": c.peso_ente,
         "peso_area": c.peso_area, "peso_obiettivi": c.peso_obiettivi, "peso_comportamenti": c.peso_comportamenti}
        for c in smvp.categorie.all()], services.smvp_set_categorie, gettext_lazy("Categorie valutate e pesi"),
        gettext_lazy("Categorie salvate.")),
    "comportamenti": (ComportamentiFormSet, lambda smvp: [
        {"id": c.pk, "nome": c.nome, "descrizione": c.descrizione,
         "motivazione_obbligatoria": c.motivazione_obbligatoria} for c in smvp.comportamenti.all()],
        services.smvp_set_comportamenti, gettext_lazy("Catalogo dei comportamenti"),
        gettext_lazy("Catalogo salvato.")),
}


def _smvp_catalogo(request, ente, anno, catalogo):
    """The Segretario edits one catalogue of the SMVP; every write is the service's, all or nothing."""
    current = _smvp_or_404(ente, anno)
    formset_class, initial, service, titolo, done = CATALOGHI[catalogo]
    url = reverse(f"valutazioni:smvp_{catalogo}", args=[ente.slug, anno])
    formset = formset_class(request.POST or None, initial=initial(current), prefix=catalogo)
    status = 200
    if request.method == "POST":
        if formset.is_valid():
            try:
                service(user=request.user, smvp=current, righe=formset_rows(formset))
            except DomainError as error:
                return _fail(request, error, url)
            messages.success(request, done)
            return redirect(url)
        status = 400
    return render(request, "valutazioni/smvp_catalogo.html", {
        "ente": ente, "anno": anno, "smvp": current, "formset": formset, "titolo": titolo,
        "catalogo": catalogo, "in_uso": services.smvp_in_uso(current)}, status=status)


@require_http_methods(["GET", "HEAD", "POST"])
@ente_view(roles=SEGRETARIO)
def smvp_categorie(request, ente, anno):
    return _smvp_catalogo(request, ente, anno, "categorie")


@require_http_methods(["GET", "HEAD", "POST"])
@ente_view(roles=SEGRETARIO)
def smvp_comportamenti(request, ente, anno):
    return _smvp_catalogo(request, ente, anno, "comportamenti")


@require_POST
@ente_view(roles=SEGRETARIO)
def smvp_documento(request, ente, anno):
    current = _smvp_or_404(ente, anno)
    url = reverse("valutazioni:smvp", args=[ente.slug, anno])
    form = DocumentoForm(request.POST, request.FILES)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {e}")
        return redirect(url)
    try:
        services.smvp_record_document(user=request.user, smvp=current, numero=form.cleaned_data["atto_numero"],
                                      data=form.cleaned_data["atto_data"], documento=form.cleaned_data["documento"])
    except DomainError as error:
        return _fail(request, error, url)
    messages.success(request, _("Documento del SMVP registrato."))
    return redirect(url)


# --- Schede ------------------------------------------------------------------------------------

@require_safe
@ente_view(roles=ALL_ROLES)  # the Sindaco too: the schede he evaluates
def schede(request, ente, anno):
    anno_or_404(anno)
    current = selectors.smvp_of(ente, anno)
    segretario = selectors.is_segretario_vero(request.user, ente.pk)
    return render(request, "valutazioni/schede.html", {
        "ente": ente, "anno": anno, "smvp": current,
        "schede": selectors.schede_for_user(request.user, ente=ente, anno=anno),
        "nuova_form": SchedaNuovaForm(ente=ente, smvp=current) if current and segretario else None,
        "segretario": segretario, "legge_tutto": selectors.reads_all_schede(request.user, ente.pk),
    })


@require_POST
@ente_view(roles=SEGRETARIO)
def scheda_nuova(request, ente, anno):
    current = _smvp_or_404(ente, anno)
    url = reverse("valutazioni:schede", args=[ente.slug, anno])
    form = SchedaNuovaForm(request.POST, ente=ente, smvp=current)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for e in errors:
                messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {e}")
        return redirect(url)
    kind, persona = form.cleaned_data["persona"]
    try:
        scheda = services.scheda_create(user=request.user, smvp=current, categoria=form.cleaned_data["categoria"],
                                        valutatore=form.cleaned_data["valutatore"], atto_sindaco=form.cleaned_data["atto_sindaco"],
                                        **{kind: persona})
    except DomainError as error:
        return _fail(request, error, url)
    messages.success(request, _("Scheda creata."))
    return redirect("valutazioni:scheda", ente.slug, scheda.pk)


def _punteggi_form(scheda, data=None):
    esistenti = {p.comportamento_id: p for p in scheda.punteggi.all()}
    initial = {}
    for pk, p in esistenti.items():
        initial[f"c{pk}"], initial[f"m{pk}"] = str(p.punteggio), p.motivazione
    initial["giudizio"] = scheda.giudizio
    return PunteggiForm(data, initial=initial, comportamenti=scheda.smvp.comportamenti.all(),
                        scala_max=scheda.smvp.scala_max, descrittori=scheda.smvp.descrittori)


@ente_view(roles=ALL_ROLES)  # the Sindaco too: the schede he evaluates
def scheda(request, ente, pk):
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405)
    s = selectors.get_scheda_for_user(request.user, pk, ente=ente, log=request.method != "POST")
    url = reverse("valutazioni:scheda", args=[ente.slug, pk])
    form = _punteggi_form(s, request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if request.user.pk != s.valutatore_id:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.scheda_save_scores(user=request.user, scheda=s, punteggi=form.punteggi(),
                                            giudizio=form.cleaned_data["giudizio"])
            except DomainError as error:
                return _fail(request, error, url)
            messages.success(request, _("Punteggi salvati."))
            return redirect(url)
    return render(request, "valutazioni/scheda.html", _scheda_context(request, ente, s, form),
                  status=400 if form.is_bound else 200)


def _scheda_context(request, ente, s, form):
    user = request.user
    return {
        "ente": ente, "scheda": s, "d": s.dati if not s.aperta else services.frozen_data(s),
        "form": form if s.aperta and user.pk == s.valutatore_id else None,
        "valutatore": user.pk == s.valutatore_id,
        "persona": _person(user, s), "termine": services.termine_revisione(s),
        "conciliatore": _conciliator(user, s), "rettificatore": _rettificatore(user, s),
        "conciliazione": getattr(s, "conciliazione", None),
        "testo_form": TestoForm(), "audizione_form": AudizioneForm(), "esito_form": EsitoForm(),
        "rettifica_form": RettificaForm(),
    }


@require_safe
@ente_view(roles=ALL_ROLES)  # the Sindaco too: the schede he evaluates
def scheda_pdf(request, ente, pk):
    s = selectors.get_scheda_for_user(request.user, pk, ente=ente, log=True)
    if s.aperta:
        raise Http404  # only a closed scheda is a document
    pdf = render_pdf("valutazioni/scheda_pdf.html", {"d": s.dati, "ente": ente, "scheda": s},
                     stylesheet=PRINT_CSS, pdf_variant="pdf/a-3a")
    response = HttpResponse(pdf, content_type="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="scheda-{s.smvp.anno}-{s.pk}.pdf"'
    return response


def _evaluator(user, s):
    return s.valutatore_id == user.pk and s.utente_id != user.pk


def _person(user, s):
    # Staff without a login answer on paper; their evaluator records it.
    return s.utente_id == user.pk if s.utente_id else s.valutatore_id == user.pk


def _conciliator(user, s):
    return s.utente_id != user.pk and (s.valutatore_id == user.pk or selectors.is_segretario_vero(user, s.smvp.ente_id))


def _rettificatore(user, s):
    return s.utente_id != user.pk and selectors.reads_all_schede(user, s.smvp.ente_id)


# azione: (who may, form, service, message). Who may not: 403 before any form is read.
AZIONI = {
    "chiudi": (_evaluator, None, lambda u, s, c: services.scheda_close(user=u, scheda=s), _("Scheda chiusa.")),
    "accetta": (_person, None, lambda u, s, c: services.scheda_accept(user=u, scheda=s), _("Scheda accettata.")),
    "commento": (_person, TestoForm, lambda u, s, c: services.scheda_comment(user=u, scheda=s, commento=c["testo"]),
                 _("Commento registrato.")),
    "revisione": (_person, TestoForm,
                  lambda u, s, c: services.scheda_request_review(user=u, scheda=s, motivo=c["testo"]),
                  _("Richiesta di revisione registrata.")),
    "audizione": (_conciliator, AudizioneForm,
                  lambda u, s, c: services.conciliazione_hearing(user=u, scheda=s, data=c["data"]),
                  _("Audizione fissata.")),
    "esito": (_conciliator, EsitoForm, lambda u, s, c: services.conciliazione_outcome(
        user=u, scheda=s, esito=c["esito"], motivazione=c["motivazione"], punteggio=c["punteggio"]),
              _("Esito della conciliazione registrato.")),
    "rettifica": (_rettificatore, RettificaForm, lambda u, s, c: services.scheda_override(
        user=u, scheda=s, componente=c["componente"], valore=c["valore"], motivazione=c["motivazione"]),
                  _("Rettifica registrata.")),
}


@require_POST
@ente_view(roles=ALL_ROLES)  # the Sindaco too: the schede he evaluates
def scheda_azione(request, ente, pk, azione):
    if azione not in AZIONI:
        raise Http404
    s = selectors.get_scheda_for_user(request.user, pk, ente=ente)
    url = reverse("valutazioni:scheda", args=[ente.slug, pk])
    allowed, form_class, action, done = AZIONI[azione]
    if not allowed(request.user, s):
        raise PermissionDenied
    cleaned = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for field, errors in form.errors.items():
                for e in errors:
                    messages.error(request, f"{form.fields[field].label if field in form.fields else ''}: {e}")
            return redirect(url)
        cleaned = form.cleaned_data
    try:
        action(request.user, s, cleaned)
    except DomainError as error:
        return _fail(request, error, url)
    messages.success(request, done)
    return redirect(url)


# --- Premi -------------------------------------------------------------------------------------

@ente_view(roles=LETTORI_PREMI)
def premi(request, ente, anno):
    current = _smvp_or_404(ente, anno)
    url = reverse("valutazioni:premi", args=[ente.slug, anno])
    if request.method == "POST":
        if not selectors.is_segretario_vero(request.user, ente.pk):
            raise PermissionDenied
        categoria = current.categorie.filter(pk=request.POST.get("categoria") if str(
            request.POST.get("categoria", "")).isdigit() else None).first()
        form = RisorseForm(request.POST)
        if categoria is None or not form.is_valid():
            messages.error(request, _("Indicare la categoria e un importo valido, es. 12.500,00."))
            return redirect(url)
        try:
            services.risorse_set(user=request.user, categoria=categoria, importo=form.cleaned_data["importo"])
        except DomainError as error:
            return _fail(request, error, url)
        messages.success(request, _("Risorse registrate."))
        return redirect(url)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    return render(request, "valutazioni/premi.html", {
        "ente": ente, "anno": anno, "smvp": current, **selectors.premi_page(current),
        "segretario": selectors.is_segretario_vero(request.user, ente.pk),
        "risorse_form": RisorseForm(), "conferma_form": ConfermaForm(),
    })


@require_POST
@ente_view(roles=SEGRETARIO)
def premi_conferma(request, ente, anno, categoria):
    current = _smvp_or_404(ente, anno)
    cat = get_object_or_404(Categoria, pk=categoria, smvp=current)
    url = reverse("valutazioni:premi", args=[ente.slug, anno])
    form = ConfermaForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Indicare l'atto di conferma dei premi."))
        return redirect(url)
    try:
        services.premi_confirm(user=request.user, categoria=cat, atto=form.cleaned_data["atto"])
    except DomainError as error:
        return _fail(request, error, url)
    messages.success(request, _("Premi confermati."))
    return redirect(url)


# --- Public ------------------------------------------------------------------------------------

def _pubblicati(ente_slug):
    ente = get_object_or_404(Ente, slug=ente_slug)
    return ente, selectors.premi_pubblicati(ente)


def _stored_csv(request, ente, pubblicati, campo, filename):
    """The CSV frozen at the last confirmation, served only if its bytes match its SHA-256."""
    if pubblicati is None:
        raise Http404
    try:
        content = files.read_verified(getattr(pubblicati, f"{campo}_csv"), getattr(pubblicati, f"{campo}_sha256"),
                                      etichetta=_("dati dei premi (CSV)"), ente_id=ente.pk, anno=None)
    except files.FileAlterato as error:
        response = render(request, "valutazioni/file_alterato.html", {
            "ente": ente, "header_ente": ente, "etichetta": error.etichetta}, status=503)
        response.headers["Retry-After"] = "3600"
        return response
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["ETag"] = f'"{getattr(pubblicati, f"{campo}_sha256")}"'
    return response


# The public pages read only the content frozen when premi were confirmed (PremiPubblicati).
@require_safe
def pubblico_ammontare(request, ente_slug):
    ente, pubblicati = _pubblicati(ente_slug)
    return render(request, "valutazioni/pubblico_ammontare.html",
                  {"ente": ente, "header_ente": ente, "righe": pubblicati.ammontare if pubblicati else []})


@require_safe
def pubblico_ammontare_csv(request, ente_slug):
    ente, pubblicati = _pubblicati(ente_slug)
    return _stored_csv(request, ente, pubblicati, "ammontare", f"ammontare-premi-{ente.slug}.csv")


@require_safe
def pubblico_dati(request, ente_slug):
    ente, pubblicati = _pubblicati(ente_slug)
    return render(request, "valutazioni/pubblico_dati.html",
                  {"ente": ente, "header_ente": ente, "anni": pubblicati.dati if pubblicati else []})


@require_safe
def pubblico_dati_csv(request, ente_slug):
    ente, pubblicati = _pubblicati(ente_slug)
    return _stored_csv(request, ente, pubblicati, "dati", f"dati-premi-{ente.slug}.csv")


@require_safe
def pubblico_smvp_documento(request, ente_slug, anno):
    s = get_object_or_404(Smvp, ente__slug=ente_slug, anno=anno_or_404(anno))
    if not s.documento:
        raise Http404
    try:
        handle = s.documento.open("rb")
    except FileNotFoundError:
        raise Http404
    return FileResponse(handle, content_type="application/pdf", filename=f"smvp-{ente_slug}-{anno}.pdf")
