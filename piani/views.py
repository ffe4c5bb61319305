"""The Piano page of the reserved area: template, export, upload, preview and confirmation.
Only the ente's Segretario or amministratore. Thin: access helper, form, service, response."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from obiettivi.models import Indicatore, Obiettivo
from obiettivi.permissions import MANAGER_ROLES, ente_for_slug
from obiettivi.services import DomainError

from . import selectors, services
from .forms import (
    CaricaForm, ConfermaForm, FasiFormSet, IndicatoreForm, ModelloForm, NuovoObiettivoForm, ObiettivoDatiForm, PianoDatiForm,
    PianoNuovoForm, RiportoForm, TargetGrigliaForm,
)
from .models import Caricamento
from .workbook import ODS_CONTENT_TYPE, XLSX_CONTENT_TYPE

CONTENT_TYPES = {"xlsx": XLSX_CONTENT_TYPE, "ods": ODS_CONTENT_TYPE}
OBIETTIVI_PER_PAGINA = 25  # as in "Le mie schede": the list costs the same at 10 and at 1.000 objectives


def _page(request, ente, *, modello=None, carica=None, nuovo=None, status=200):
    anno = ente.anno_corrente
    context = {
        "ente": ente, "piani": selectors.piani_of(ente),
        "modello": modello or ModelloForm(initial={"anno_inizio": anno, "anno_fine": anno + 2, "formato": "xlsx"}),
        "carica": carica or CaricaForm(),
        "nuovo": nuovo or PianoNuovoForm(initial={"anno_inizio": anno, "anno_fine": anno + 2}),
    }
    return render(request, "piani/piano.html", context, status=status)


def _download(data, filename, formato):
    response = HttpResponse(data, content_type=CONTENT_TYPES[formato])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def piano(request, ente_slug):
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    return _page(request, ente)


@require_GET
@login_required
def modello(request, ente_slug):
    """The empty workbook for the years asked."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    form = ModelloForm(request.GET)
    if not form.is_valid():
        return _page(request, ente, modello=form, status=400)
    data = form.cleaned_data
    content = selectors.template_workbook(ente, data["anno_inizio"], data["anno_fine"], data["formato"])
    return _download(content, f"modello-piano-{data['anno_inizio']}-{data['anno_fine']}.{data['formato']}", data["formato"])


@require_GET
@login_required
def esporta(request, ente_slug, anno_inizio, formato):
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    piano = selectors.piano_of(ente, anno_inizio)
    if piano is None or formato not in selectors.FORMATS:
        raise Http404
    filename = f"piano-{ente.slug}-{piano.anno_inizio}-{piano.anno_fine}.{formato}"
    return _download(selectors.piano_workbook(piano, formato), filename, formato)


@require_POST
@login_required
def carica(request, ente_slug):
    """Keep the uploaded file and show its preview; nothing of the Piano changes yet."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    form = CaricaForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, ente, carica=form, status=400)
    upload = form.cleaned_data["file"]
    try:
        caricamento = services.caricamento_store(ente=ente, user=request.user, nome_file=upload.name, data=upload.read())
    except DomainError as error:
        form.add_error("file", error.message)
        return _page(request, ente, carica=form, status=400)
    return redirect("piani:anteprima", ente_slug=ente.slug, pk=caricamento.pk)


@require_http_methods(["GET", "POST"])
@login_required
def anteprima(request, ente_slug, pk):
    """What the file would create and change, area by area; POST confirms it (all or nothing)."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    caricamento = get_object_or_404(Caricamento, pk=pk, ente=ente, utente=request.user, confermato_il__isnull=True)
    esito = services.piano_import(ente=ente, data=bytes(caricamento.contenuto), user=request.user)
    form = ConfermaForm(request.POST if request.method == "POST" else None, richiede_variazione=esito.richiede_variazione)
    if request.method == "POST" and esito.ok and form.is_valid():
        variazione = form.cleaned_data if esito.richiede_variazione else None
        esito = services.caricamento_confirm(caricamento=caricamento, user=request.user, variazione=variazione)
        if esito.salvato:
            messages.success(request, _("Piano importato: %(n)s modifiche salvate.") % {"n": len(esito.modifiche)})
            return redirect("piani:piano", ente_slug=ente.slug)
    status = 400 if request.method == "POST" else 200
    return render(request, "piani/anteprima.html", {"ente": ente, "caricamento": caricamento, "esito": esito, "form": form},
                  status=status)


@require_http_methods(["GET", "POST"])
@login_required
def nuovo_dal_precedente(request, ente_slug, anno_inizio):
    """A new draft Piano from this one: the next triennium, or the yearly roll of a rolling plan."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    piano = selectors.piano_of(ente, anno_inizio)
    if piano is None:
        raise Http404
    durata = piano.anno_fine - piano.anno_inizio
    initial = {"anno_inizio": piano.anno_inizio + 1, "anno_fine": piano.anno_fine + 1 if durata else piano.anno_inizio + 1}
    form = RiportoForm(request.POST if request.method == "POST" else None, piano=piano, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            riporto = services.piano_carry_forward(user=request.user, piano=piano, anno_inizio=data["anno_inizio"],
                                                   anno_fine=data["anno_fine"], scelti=[o.pk for o in data["scelti"]])
        except DomainError as error:
            for field_name, message in error.field_errors.items() or [(None, error.message)]:
                form.add_error(field_name if field_name in form.fields else None, message)
        else:
            messages.success(request, _(
                "Creato il %(piano)s in bozza. Obiettivi: %(o)s; indicatori: %(i)s; target: %(t)s, da rivedere: %(r)s; "
                "baseline proposte dal consuntivo dell'anno precedente: %(b)s."
            ) % {"piano": riporto.piano, "o": riporto.obiettivi, "i": riporto.indicatori, "t": riporto.target,
                 "r": riporto.da_rivedere, "b": riporto.baseline_proposte})
            return redirect("piani:piano", ente_slug=ente.slug)
    return render(request, "piani/nuovo_dal_precedente.html", {"ente": ente, "piano": piano, "form": form},
                  status=400 if form.errors else 200)


def _piano_or_404(ente, anno_inizio):
    piano = selectors.piano_of(ente, anno_inizio)
    if piano is None:
        raise Http404
    return piano


def _obiettivi_page(request, ente, piano, form=None, status=200):
    # (action, label, also on an approved Piano): the order is presentation, the rest a variation.
    azioni = [("su", _("Su"), True), ("giu", _("Giù"), True), ("duplica", _("Duplica"), False), ("togli", _("Togli"), False)]
    paginator = Paginator(selectors.obiettivi_of(piano), OBIETTIVI_PER_PAGINA)
    paginator.count = selectors.obiettivi_of_count(piano)
    pagina = paginator.get_page(request.GET.get("pagina"))
    context = {"ente": ente, "piano": piano, "obiettivi": pagina.object_list, "pagina": pagina, "azioni": azioni,
               "bozza": piano.stato == piano.Stato.BOZZA, "nuovo": form or NuovoObiettivoForm(piano=piano)}
    return render(request, "piani/obiettivi.html", context, status=status)


@require_GET
@login_required
def obiettivi(request, ente_slug, anno_inizio):
    """The plan's objectives, area by area, each with a link to its page in the editor."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    return _obiettivi_page(request, ente, _piano_or_404(ente, anno_inizio))


@require_POST
@login_required
def obiettivo_nuovo(request, ente_slug, anno_inizio):
    """Add an objective; then its page, to give it indicators and targets."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    piano = _piano_or_404(ente, anno_inizio)
    form = NuovoObiettivoForm(request.POST, piano=piano)
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("area", "codice", "titolo", "tipo", "peso")}
        try:
            obiettivo = services.obiettivo_create(user=request.user, piano=piano, variazione=form.variazione(), **data)
        except DomainError as error:
            for field_name, message in error.field_errors.items() or [(None, error.message)]:
                form.add_error(field_name if field_name in form.fields else None, message)
        else:
            messages.success(request, _("Obiettivo %(c)s creato.") % {"c": obiettivo.codice})
            return redirect("piani:obiettivo", ente_slug=ente.slug, anno_inizio=piano.anno_inizio, pk=obiettivo.pk)
    return _obiettivi_page(request, ente, piano, form=form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def obiettivo(request, ente_slug, anno_inizio, pk):
    """One objective: its weight and a row of targets per indicator, a column per year."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    piano = _piano_or_404(ente, anno_inizio)
    obiettivo, indicatori, targets, peso, frozen = selectors.obiettivo_for_editor(piano, pk)
    if obiettivo is None:
        raise Http404
    form = TargetGrigliaForm(request.POST if request.method == "POST" else None, obiettivo=obiettivo,
                             indicatori=indicatori, targets=targets, peso=peso, frozen=frozen)
    if request.method == "POST" and form.is_valid():
        try:
            n = services.obiettivo_targets_save(user=request.user, obiettivo=obiettivo, peso=form.cleaned_data["peso"],
                                                targets=form.targets(), variazione=form.variazione())
        except DomainError as error:
            for field_name, message in error.field_errors.items() or [(None, error.message)]:
                form.add_error(field_name if field_name in form.fields else None, message)
        else:
            messages.success(request, _("Obiettivo salvato. Valori cambiati: %(n)s.") % {"n": n})
            return redirect("piani:obiettivo", ente_slug=ente.slug, anno_inizio=piano.anno_inizio, pk=obiettivo.pk)
    context = {"ente": ente, "piano": piano, "obiettivo": obiettivo, "form": form, "frozen": frozen,
               "approvato": piano.stato == piano.Stato.APPROVATO, "fasi": obiettivo.fasi.count()}
    return render(request, "piani/obiettivo.html", context, status=400 if form.errors else 200)


AZIONI = {"duplica", "su", "giu", "togli"}


@require_POST
@login_required
def obiettivo_azione(request, ente_slug, anno_inizio, pk, azione):
    """Duplicate, move up or down, or take out of a draft Piano an objective (POST only)."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    piano = _piano_or_404(ente, anno_inizio)
    obiettivo = get_object_or_404(Obiettivo.objects.select_related("piano", "area"), piano=piano, pk=pk)
    if azione not in AZIONI:
        raise Http404
    try:
        if azione == "duplica":
            copia = services.obiettivo_duplicate(user=request.user, obiettivo=obiettivo)
            messages.success(request, _("Creato %(c)s, copia di %(o)s.") % {"c": copia.codice, "o": obiettivo.codice})
        elif azione == "togli":
            services.obiettivo_remove_from_draft(user=request.user, obiettivo=obiettivo)
            messages.success(request, _("Obiettivo %(o)s tolto dalla bozza.") % {"o": obiettivo.codice})
        else:
            services.obiettivo_move(user=request.user, obiettivo=obiettivo, verso=-1 if azione == "su" else 1)
    except DomainError as error:
        messages.error(request, error.message)
    return _back_to_list(request, ente, piano)


def _back_to_list(request, ente, piano):
    """The list again, on the page the action was made from (a number, or the first page)."""
    url = reverse("piani:obiettivi", kwargs={"ente_slug": ente.slug, "anno_inizio": piano.anno_inizio})
    pagina = request.POST.get("pagina", "")
    return redirect(f"{url}?pagina={pagina}" if pagina.isascii() and pagina.isdigit() and pagina != "1" else url)


def _form_errors(form, error):
    """A service's refusal on the form: each message on its field, the others on top."""
    for field_name, message in error.field_errors.items() or [(None, error.message)]:
        form.add_error(field_name if field_name in form.fields else None, message)


def _obiettivo_or_404(piano, pk):
    return get_object_or_404(Obiettivo.objects.select_related("piano", "area"), piano=piano, pk=pk)


@require_POST
@login_required
def piano_nuovo(request, ente_slug):
    """A new empty draft Piano; then its objectives' page, to fill it on the site."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    form = PianoNuovoForm(request.POST)
    if form.is_valid():
        try:
            piano = services.piano_create(user=request.user, ente=ente, **form.cleaned_data)
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Creato il %(piano)s in bozza.") % {"piano": piano})
            return redirect("piani:obiettivi", ente_slug=ente.slug, anno_inizio=piano.anno_inizio)
    return _page(request, ente, nuovo=form, status=400)


@require_http_methods(["GET", "POST"])
@login_required
def piano_dati(request, ente_slug, anno_inizio):
    """The Piano's title and the deliberation that approves it."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    piano = _piano_or_404(ente, anno_inizio)
    form = PianoDatiForm(request.POST if request.method == "POST" else None, piano=piano)
    if request.method == "POST" and form.is_valid():
        try:
            services.piano_update(user=request.user, piano=piano, **form.cleaned_data)
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Dati del Piano salvati."))
            return redirect("piani:obiettivi", ente_slug=ente.slug, anno_inizio=piano.anno_inizio)
    return render(request, "piani/piano_dati.html", {"ente": ente, "piano": piano, "form": form},
                  status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def obiettivo_dati(request, ente_slug, anno_inizio, pk):
    """An objective's title, description, expected result, area, responsabile, dates and DUP links."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    obiettivo = _obiettivo_or_404(_piano_or_404(ente, anno_inizio), pk)
    form = ObiettivoDatiForm(request.POST if request.method == "POST" else None, obiettivo=obiettivo)
    if request.method == "POST" and form.is_valid():
        try:
            services.obiettivo_update(user=request.user, obiettivo=obiettivo, values=form.values())
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Dati dell'obiettivo salvati."))
            return redirect("piani:obiettivo", ente_slug=ente.slug, anno_inizio=anno_inizio, pk=obiettivo.pk)
    return render(request, "piani/obiettivo_dati.html", {"ente": ente, "piano": obiettivo.piano, "obiettivo": obiettivo,
                                                          "form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def obiettivo_fasi(request, ente_slug, anno_inizio, pk):
    """The objective's phases: change, remove, and add two at a time."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    piano = _piano_or_404(ente, anno_inizio)
    obiettivo = _obiettivo_or_404(piano, pk)
    fasi = list(obiettivo.fasi.order_by("ordine", "data_inizio", "id"))
    formset = FasiFormSet(request.POST if request.method == "POST" else None, fasi=fasi, prefix="fasi")
    errore = None
    if request.method == "POST" and formset.is_valid():
        try:
            n = services.fasi_save(user=request.user, obiettivo=obiettivo, righe=formset.righe())
        except DomainError as error:
            errore = error
        else:
            messages.success(request, _("Fasi salvate. Fasi cambiate: %(n)s.") % {"n": n})
            return redirect("piani:obiettivo", ente_slug=ente.slug, anno_inizio=anno_inizio, pk=obiettivo.pk)
    invalid = request.method == "POST"
    context = {"ente": ente, "piano": piano, "obiettivo": obiettivo, "formset": formset, "errore": errore,
               "frozen": sorted(selectors.frozen_years(piano))}
    return render(request, "piani/obiettivo_fasi.html", context, status=400 if invalid else 200)


@require_http_methods(["GET", "POST"])
@login_required
def indicatore_nuovo(request, ente_slug, anno_inizio, pk):
    """A new indicator of the objective; its targets then go in the objective's grid."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    obiettivo = _obiettivo_or_404(_piano_or_404(ente, anno_inizio), pk)
    initial = {}
    if request.method == "GET":
        # Where the other indicators have no weight (equal shares), a new one starts without one too.
        pesi = list(obiettivo.indicatori.values_list("peso", flat=True))
        if pesi and all(p is None for p in pesi):
            initial["peso"] = None
    form = IndicatoreForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            indicatore = services.indicatore_create(user=request.user, obiettivo=obiettivo, values=form.values())
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Indicatore «%(i)s» creato: ne indichi i target.") % {"i": indicatore.nome})
            return redirect("piani:obiettivo", ente_slug=ente.slug, anno_inizio=anno_inizio, pk=obiettivo.pk)
    return render(request, "piani/indicatore.html", {"ente": ente, "piano": obiettivo.piano, "obiettivo": obiettivo,
                                                      "indicatore": None, "form": form}, status=400 if form.errors else 200)


def _indicatore_or_404(piano, pk):
    return get_object_or_404(Indicatore.objects.select_related("obiettivo__piano", "obiettivo__area"),
                             obiettivo__piano=piano, pk=pk)


@require_http_methods(["GET", "POST"])
@login_required
def indicatore(request, ente_slug, anno_inizio, pk):
    """An indicator's data; after approval its weight changes with the deliberation of a variation."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    piano = _piano_or_404(ente, anno_inizio)
    indicatore = _indicatore_or_404(piano, pk)
    approvato = piano.stato == piano.Stato.APPROVATO
    form = IndicatoreForm(request.POST if request.method == "POST" else None, indicatore=indicatore, approvato=approvato)
    if request.method == "POST" and form.is_valid():
        try:
            services.indicatore_update(user=request.user, indicatore=indicatore, values=form.values(),
                                       variazione=form.variazione())
        except DomainError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("Indicatore «%(i)s» salvato.") % {"i": indicatore.nome})
            return redirect("piani:obiettivo", ente_slug=ente.slug, anno_inizio=anno_inizio, pk=indicatore.obiettivo_id)
    context = {"ente": ente, "piano": piano, "obiettivo": indicatore.obiettivo, "indicatore": indicatore, "form": form,
               "approvato": approvato, "bozza": piano.stato == piano.Stato.BOZZA}
    return render(request, "piani/indicatore.html", context, status=400 if form.errors else 200)


@require_POST
@login_required
def indicatore_togli(request, ente_slug, anno_inizio, pk):
    """Take an indicator out of a draft Piano (POST only)."""
    ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)
    indicatore = _indicatore_or_404(_piano_or_404(ente, anno_inizio), pk)
    try:
        services.indicatore_remove(user=request.user, indicatore=indicatore)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Indicatore «%(i)s» tolto dalla bozza.") % {"i": indicatore.nome})
    return redirect("piani:obiettivo", ente_slug=ente.slug, anno_inizio=anno_inizio, pk=indicatore.obiettivo_id)
