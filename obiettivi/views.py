from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import selectors, services
from .forms import SchedaValori, ValoreStoricoForm
from .models import Ente, Ruolo
from django.utils import timezone

from .permissions import (
    ALL_ROLES,
    MANAGER_ROLES,
    anno_or_404,
    ente_view,
    get_indicatore_for_user,
    get_obiettivo_for_user,
    is_segretario,
    is_sindaco_only,
    roles_in,
)

SCHEDE_PER_PAGINA = 25  # a screenful that a person reads; the page costs the same at any plan size


@require_safe
def home(request):
    """The product's front door: the enti whose performance citizens can read."""
    return render(request, "obiettivi/home.html", {"enti": Ente.objects.order_by("nome")})


@require_safe
@login_required
def area_riservata(request):
    """The one reserved page that spans enti: the person's enti, with their schede, and a link into
    each. A person with a role in one ente only goes straight to it."""
    enti = selectors.enti_of_user(request.user)
    if len(enti) == 1:
        return _home_of(request.user, enti[0][0])
    # A Sindaco has no objectives to fill in: his row leads to his schede di valutazione, with no count.
    righe = [{"ente": ente, "ruoli": sorted(Ruolo.Tipo(t).label for t in roles_in(request.user, ente.pk)),
              "sindaco": (sindaco := is_sindaco_only(request.user, ente.pk)),
              "schede": None if sindaco else selectors.schede_count(request.user, ente, vede_tutto=vede_tutto)}
             for ente, vede_tutto in enti]
    return render(request, "obiettivi/area_riservata.html", {"righe": righe})


def _home_of(user, ente):
    """Where a person lands in an ente: their objectives, or for the Sindaco (who has no other right)
    the schede di valutazione of the latest year with an SMVP."""
    if is_sindaco_only(user, ente.pk):
        from valutazioni.models import Smvp

        anno = Smvp.objects.filter(ente=ente).order_by("-anno").values_list("anno", flat=True).first()
        return redirect("valutazioni:schede", ente.slug, anno or timezone.localdate().year)
    return redirect("obiettivi:mie_schede", ente.slug)


@require_safe
@ente_view(roles=ALL_ROLES)
def ente_home(request, ente):
    return _home_of(request.user, ente)


@require_safe
@ente_view()
def mie_schede(request, ente):
    """The objectives of the plan year that are the user's to fill in (all of them for the
    Segretario and the Nucleo), a page at a time."""
    sezioni = []
    vede_tutto = selectors.sees_all(request.user, ente)
    anno = _anno(request, ente)
    piano = selectors.piano_for_year(ente, anno)
    if piano is not None:
        obiettivi = selectors.schede_of(request.user, piano, vede_tutto=vede_tutto)
        paginator = Paginator(obiettivi, SCHEDE_PER_PAGINA)
        # The count spans the plan: stored for the data version, not counted at every visit.
        paginator.count = selectors.schede_of_count(request.user, ente, piano, vede_tutto=vede_tutto)
        pagina = paginator.get_page(request.GET.get("pagina"))
        periodi = selectors.open_periods(ente.pk, anno)
        # Lazy: a page whose rows are in the template cache (same data version) never computes them.
        risultati = SimpleLazyObject(partial(selectors.piano_results, piano=piano, anno=anno,
                                             obiettivi=pagina.object_list))
        chi = "tutti" if vede_tutto else request.user.pk
        sezioni.append({"ente": ente, "anno": anno, "piano": piano, "risultati": risultati, "pagina": pagina,
                        "periodi_aperti": periodi, "periodi_conteggio": periodi or [selectors.CONSUNTIVO],
                        "vede_tutto": vede_tutto,
                        "cache_chiave": f"{piano.pk}|{anno}|{chi}|{pagina.number}|{','.join(periodi)}"})
    return render(request, "obiettivi/mie_schede.html", {"sezioni": sezioni, "ente": ente})


@require_http_methods(["GET", "HEAD", "POST"])
@ente_view()
def scheda(request, ente, pk):
    """An objective: its indicators, targets, July and year-end values, grado with its explanation,
    the Storico, and the value forms of the open periods for whoever may edit them."""
    obiettivo = get_obiettivo_for_user(request.user, pk, ente=ente, for_edit=request.method == "POST")
    anno = _anno(request, obiettivo.piano.ente, piano=obiettivo.piano)
    risultato = selectors.obiettivo_result(obiettivo, anno)
    periodi = selectors.writable_periods(request.user, obiettivo, anno)
    valori = SchedaValori(risultato, periodi, data=request.POST if request.method == "POST" else None)
    if request.method == "POST" and valori.foreign_indicator_ids(request.POST):
        raise Http404  # another objective's indicator forged into this form
    if request.method == "POST" and _save(request, obiettivo, anno, valori):
        return redirect(f"{obiettivo.get_absolute_url()}?anno={anno}")
    context = {"risultato": risultato, "obiettivo": obiettivo, "anno": anno, "valori": valori, "stati_attuazione": [
        (risultato.monitoraggio_luglio, _("Stato di attuazione a luglio:")),
        (risultato.monitoraggio_consuntivo, _("Stato di attuazione a fine anno:")),
    ]}
    return render(request, "obiettivi/scheda.html", context, status=400 if request.method == "POST" else 200)


@require_safe
@ente_view()
def indicatore(request, ente, pk):
    """An indicator across the plan's years: targets, July and year-end values, the years before the
    Piano (earlier Piani it continues and values entered for earlier years), and its Storico."""
    indicatore, obiettivo = get_indicatore_for_user(request.user, pk, ente=ente)
    return _indicatore_page(request, indicatore, obiettivo)


def _indicatore_page(request, indicatore, obiettivo, *, form=None, status=200):
    piano = obiettivo.piano
    serie = selectors.indicator_series([indicatore])[indicatore.pk]
    baseline, baseline_anno = selectors.baseline_of(indicatore, serie, piano.anno_inizio)
    puo_registrare = is_segretario(request.user, piano.ente_id)
    return render(request, "obiettivi/indicatore.html", {
        "indicatore": indicatore, "obiettivo": obiettivo, "anni": selectors.indicatore_history(indicatore),
        "precedenti": [p for p in serie if p.anno < piano.anno_inizio],
        "baseline": baseline, "baseline_anno": baseline_anno,
        "storico_form": (form or ValoreStoricoForm(initial={"anno": piano.anno_inizio - 1})) if puo_registrare else None,
    }, status=status)


@require_POST
@ente_view(roles=MANAGER_ROLES)
def indicatore_valore_storico(request, ente, pk):
    """The Segretario records the value of a year before the Piano (a number, the words, or both);
    both empty removes it."""
    indicatore, obiettivo = get_indicatore_for_user(request.user, pk, ente=ente)
    form = ValoreStoricoForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            riga = services.valore_storico_save(user=request.user, indicatore=indicatore, anno=data["anno"],
                                                valore=data["valore"], testo=data["testo"], fonte=data["fonte"])
        except services.DomainError as error:
            for field, message in error.field_errors.items():
                form.add_error(field if field in form.fields else None, message)
            if not error.field_errors:
                form.add_error(None, error.message)
        else:
            messages.success(request, _("Valore del %(anno)s salvato.") % {"anno": data["anno"]} if riga
                             else _("Valore del %(anno)s rimosso.") % {"anno": data["anno"]})
            return redirect("obiettivi:indicatore", ente.slug, indicatore.pk)
    messages.error(request, _("Il valore non è stato salvato: corregga i campi segnalati."))
    return _indicatore_page(request, indicatore, obiettivo, form=form, status=400)


def _save(request, obiettivo, anno, valori):
    """True once every value is saved; otherwise the messages say why and nothing changed."""
    if not valori:
        messages.error(request, _("Nessun periodo è aperto per questo anno: i valori sono in sola lettura."))
        return False
    if valori.is_valid() and not valori.has_changes():
        messages.info(request, _("Nessun valore è cambiato: non c'era nulla da salvare."))
        return True
    if valori.is_valid():
        try:
            services.valori_save(user=request.user, obiettivo=obiettivo, anno=anno,
                                 misurazioni=valori.misurazioni(), monitoraggi=valori.monitoraggi())
            messages.success(request, _("Valori salvati."))
            return True
        except services.DomainError as error:
            if not valori.show_error(error):
                messages.error(request, error.message)
    messages.error(request, _("I valori non sono stati salvati: corregga i campi segnalati."))
    return False


def _anno(request, ente, *, piano=None):
    """The year asked for (?anno=), else the ente's current one; a year outside the plan is a 404."""
    try:
        anno = anno_or_404(int(request.GET.get("anno") or ente.anno_corrente))
    except ValueError:
        raise Http404
    if piano is not None and not piano.copre(anno):
        if "anno" in request.GET:
            raise Http404
        anno = min(max(anno, piano.anno_inizio), piano.anno_fine)
    return anno
