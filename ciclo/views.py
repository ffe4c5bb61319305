"""Pages of the cycle through the year: periods, the Segretario's dashboard, the July monitoring
report, variations of the Piano and overrides of a grado. Thin: access helper, form, service, response."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from obiettivi import pdf, selectors, services
from obiettivi.models import Indicatore, Misurazione, Periodo, Rettifica, Variazione
from obiettivi.permissions import MANAGER_ROLES, READ_ALL_ROLES, anno_or_404, can_override, ente_view, get_obiettivo_for_user

from .filters import CruscottoFilter
from .forms import (
    CHANGE_FORMS,
    CruscottoSceltaForm,
    PeriodoApriForm,
    PeriodoChiudiForm,
    PeriodoRiapriForm,
    RettificaForm,
    RevocaForm,
    VariazioneForm,
)

FORMS_BY_STATO = {"da_aprire": PeriodoApriForm, "aperto": PeriodoChiudiForm, "chiuso": PeriodoRiapriForm}


def _anno(request, ente, key="anno"):
    try:
        return anno_or_404(int(request.GET.get(key) or ente.anno_corrente))
    except ValueError:
        raise Http404


def _apply_errors(form, error):
    for field, message in error.field_errors.items():
        form.add_error(field if field in form.fields else None, message)
    if not error.field_errors:
        form.add_error(None, error.message)


# Periods -----------------------------------------------------------------------------------------

def _periodi_page(request, ente, anno, bound=None, status=200):
    righe = []
    for periodo in selectors.periodi_of_year(ente, anno):
        form_class = FORMS_BY_STATO[periodo.stato]
        # The planned dates, where the year's periods were set up in advance, are proposed.
        initial = {"data_apertura": periodo.data_apertura, "data_chiusura": periodo.data_chiusura}
        form = bound if bound is not None and bound.prefix == periodo.tipo else form_class(prefix=periodo.tipo, initial=initial)
        righe.append((periodo, form))
    context = {"ente": ente, "anno": anno, "righe": righe, "storico": selectors.storico_periodi(ente, anno)}
    return render(request, "ciclo/periodi.html", context, status=status)


@require_GET
@ente_view(roles=MANAGER_ROLES)
def periodi(request, ente):
    return _periodi_page(request, ente, _anno(request, ente))


@require_POST
@ente_view(roles=MANAGER_ROLES)
def periodo_azione(request, ente, anno, tipo, azione):
    """Open, close or reopen a period of the year (POST only; the Storico records who, when and why)."""
    anno_or_404(anno)
    if tipo not in Periodo.Tipo.values or azione not in {"apri", "chiudi", "riapri"}:
        raise Http404
    periodo = Periodo.objects.filter(ente=ente, anno=anno, tipo=tipo).first()
    form_class = {"apri": PeriodoApriForm, "chiudi": PeriodoChiudiForm, "riapri": PeriodoRiapriForm}[azione]
    form = form_class(request.POST, prefix=tipo)
    if form.is_valid():
        try:
            _period_service(azione, request.user, ente, anno, tipo, periodo, form.cleaned_data)
        except services.DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Periodo aggiornato."))
            return redirect(f"{reverse('ciclo:periodi', args=[ente.slug])}?anno={anno}")
    return _periodi_page(request, ente, anno, bound=form, status=400)


def _period_service(azione, user, ente, anno, tipo, periodo, data):
    if azione == "apri":
        return services.periodo_open(user=user, ente=ente, anno=anno, tipo=tipo, **data)
    if periodo is None:
        raise Http404
    if azione == "chiudi":
        return services.periodo_close(user=user, periodo=periodo, **data)
    return services.periodo_reopen(user=user, periodo=periodo, **data)


# Dashboard --------------------------------------------------------------------------------------

def _cruscotto_context(request, ente, calcolo=selectors.cruscotto):
    anni = sorted({a for p in ente.piani.all() for a in p.anni} | {ente.anno_corrente})
    anno = _anno(request, ente)
    scelta = CruscottoSceltaForm(
        {"anno": anno, "periodo": request.GET.get("periodo") or selectors.default_periodo(ente, anno)}, anni=anni
    )
    if not scelta.is_valid():
        raise Http404
    periodo = scelta.cleaned_data["periodo"]
    filtro = CruscottoFilter(request.GET or None, ente=ente, anno=anno, periodo=periodo)
    obiettivi = filtro.qs if filtro.is_bound and filtro.is_valid() else None
    # Lazy: a page whose figures are in the template cache never computes them.
    dati = SimpleLazyObject(lambda: calcolo(ente=ente, anno=anno, periodo=periodo, obiettivi=obiettivi))
    query = {"anno": anno, "periodo": periodo, **filtro.link_params()}
    cache_chiave = f"{sorted(request.GET.items())}|{timezone.localdate()}"
    return {"ente": ente, "scelta": scelta, "filtro": filtro, "c": dati, "query": query, "cache_chiave": cache_chiave,
            "periodo_label": Misurazione.Periodo(periodo).label, "viste": selectors.VISTE}


@require_GET
@ente_view(roles=READ_ALL_ROLES)
def cruscotto(request, ente):
    # The figures only: counted in one set-based pass, not from every row's result (see the README).
    return render(request, "ciclo/cruscotto.html", _cruscotto_context(request, ente, selectors.cruscotto_sintesi))


@require_GET
@ente_view(roles=READ_ALL_ROLES)
def cruscotto_elenco(request, ente, vista):
    """The list behind one figure of the dashboard, with the same year, period and filters."""
    if vista not in selectors.VISTE:
        raise Http404
    context = _cruscotto_context(request, ente)
    ids = {key: _int_or_none(request.GET.get(key)) for key in ("area_id", "responsabile_id")}
    context.update(vista=vista, titolo=selectors.VISTE[vista],
                   righe=selectors.cruscotto_elenco(context["c"], vista, **ids))
    return render(request, "ciclo/cruscotto_elenco.html", context)


def _int_or_none(value):
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404


# July monitoring report -------------------------------------------------------------------------

@require_GET
@ente_view(roles=READ_ALL_ROLES)
def monitoraggio(request, ente, anno):
    anno_or_404(anno)
    return render(request, "ciclo/monitoraggio.html", selectors.monitoraggio_report(ente=ente, anno=anno))


@require_GET
@ente_view(roles=READ_ALL_ROLES)
def monitoraggio_pdf(request, ente, anno):
    anno_or_404(anno)
    content = pdf.render_pdf("ciclo/monitoraggio_pdf.html", selectors.monitoraggio_report(ente=ente, anno=anno))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="monitoraggio-luglio-{anno}-{ente.slug}.pdf"'
    return response


# Variations of the Piano ------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@ente_view(roles=MANAGER_ROLES)
def variazioni(request, ente):
    """The variations of the current plan, and the form that records a new deliberation."""
    piano = selectors.piano_for_year(ente, ente.anno_corrente)
    if piano is None:
        raise Http404
    form = VariazioneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            variazione = services.variazione_record(user=request.user, piano=piano, **form.cleaned_data)
        except services.DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Variazione registrata: ora indichi che cosa cambia."))
            return redirect("ciclo:variazione", ente.slug, variazione.pk)
    return render(request, "ciclo/variazioni.html", {"piano": piano, "form": form,
                  "variazioni": piano.variazioni.order_by("-data_atto", "-id")}, status=400 if form.errors else 200)


def _variazione_page(request, variazione, bound=None, kind=None, status=200):
    piano = variazione.piano
    forms = {k: (bound if k == kind else cls(piano=piano, prefix=k)) for k, cls in CHANGE_FORMS.items()}
    context = {"variazione": variazione, "piano": piano, "forms": forms,
               "storico": selectors.storico_variazione(variazione)}
    return render(request, "ciclo/variazione.html", context, status=status)


def _get_variazione(ente, pk):
    return get_object_or_404(Variazione.objects.select_related("piano__ente"), pk=pk, piano__ente=ente)


@require_GET
@ente_view(roles=MANAGER_ROLES)
def variazione(request, ente, pk):
    return _variazione_page(request, _get_variazione(ente, pk))


@require_POST
@ente_view(roles=MANAGER_ROLES)
def variazione_modifica(request, ente, pk, kind):
    """Add one change (target, weight, withdrawal, new objective) to a recorded variation."""
    variazione = _get_variazione(ente, pk)
    if kind not in CHANGE_FORMS:
        raise Http404
    form = CHANGE_FORMS[kind](request.POST, piano=variazione.piano, prefix=kind)
    if form.is_valid():
        try:
            services.variazione_apply(user=request.user, variazione=variazione,
                                      change=_change_of(kind, form.cleaned_data))
        except services.DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Modifica registrata nella variazione."))
            return redirect("ciclo:variazione", ente.slug, variazione.pk)
    return _variazione_page(request, variazione, bound=form, kind=kind, status=400)


def _change_of(kind, data):
    if kind == "target":
        return services.TargetVariato(**data)
    if kind == "peso":
        return services.PesoCambiato(**data)
    if kind == "ritiro":
        return services.ObiettivoRitirato(**data)
    return services.NuovoObiettivo(**data)


# Overrides --------------------------------------------------------------------------------------

def _back(request, obiettivo):
    url = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return url
    return obiettivo.get_absolute_url()


@require_POST
@ente_view()
def rettifica_crea(request, ente):
    """Override an objective's or an indicator's grado (or declare it non valutabile), with a reason."""
    indicatore = None
    if request.POST.get("indicatore"):
        indicatore = get_object_or_404(Indicatore, pk=_int_or_none(request.POST["indicatore"]), obiettivo__piano__ente=ente)
    obiettivo_id = indicatore.obiettivo_id if indicatore else _int_or_none(request.POST.get("obiettivo"))
    obiettivo = get_obiettivo_for_user(request.user, obiettivo_id or 0, ente=ente)
    if not can_override(request.user, obiettivo.piano.ente_id):
        raise PermissionDenied
    anno = _int_or_none(request.POST.get("anno")) or obiettivo.piano.ente.anno_corrente
    form = RettificaForm(request.POST)
    if form.is_valid():
        try:
            services.rettifica_create(user=request.user, anno=anno, indicatore=indicatore,
                                      obiettivo=None if indicatore else obiettivo, **form.cleaned_data)
        except services.DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Rettifica registrata."))
            return redirect(_back(request, obiettivo))
    context = {"form": form, "obiettivo": obiettivo, "indicatore": indicatore, "anno": anno,
               "next": _back(request, obiettivo)}
    return render(request, "ciclo/rettifica_form.html", context, status=400)


@require_POST
@ente_view()
def rettifica_revoca(request, ente, pk):
    rettifica = get_object_or_404(Rettifica.objects.select_related("indicatore"), pk=pk)
    obiettivo = get_obiettivo_for_user(request.user, rettifica.obiettivo_id or rettifica.indicatore.obiettivo_id, ente=ente)
    if not can_override(request.user, obiettivo.piano.ente_id):
        raise PermissionDenied
    form = RevocaForm(request.POST)
    if form.is_valid():
        try:
            services.rettifica_revoke(user=request.user, rettifica=rettifica, **form.cleaned_data)
        except services.DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Rettifica revocata: vale di nuovo il grado calcolato."))
            return redirect(_back(request, obiettivo))
    context = {"form": form, "obiettivo": obiettivo, "rettifica": rettifica, "anno": rettifica.anno,
               "next": _back(request, obiettivo), "revoca": True}
    return render(request, "ciclo/rettifica_form.html", context, status=400)
