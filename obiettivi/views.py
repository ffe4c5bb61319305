from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from . import selectors
from .models import Ente, Ruolo
from .permissions import get_obiettivo_for_user


@require_GET
def home(request):
    """The product's front door: the enti whose performance citizens can read."""
    return render(request, "obiettivi/home.html", {"enti": Ente.objects.order_by("nome")})


@require_GET
@login_required
def area_riservata(request):
    return redirect("obiettivi:mie_schede")


@require_GET
@login_required
def mie_schede(request):
    """The objectives of the current plan year that are the user's to fill in."""
    schede = []
    for ruolo in Ruolo.objects.filter(utente=request.user, tipo=Ruolo.Tipo.RESPONSABILE).select_related("ente"):
        ente = ruolo.ente
        piano = selectors.piano_for_year(ente, ente.anno_corrente)
        if piano is None:
            continue
        risultati = selectors.piano_results(
            piano=piano, anno=ente.anno_corrente,
            obiettivi=selectors.obiettivi_of_responsabile(request.user, piano),
        )
        schede.append((ente, risultati))
    return render(request, "obiettivi/mie_schede.html", {"schede": schede})


@require_GET
@login_required
def scheda(request, pk):
    obiettivo = get_obiettivo_for_user(request.user, pk)
    anno = obiettivo.piano.ente.anno_corrente
    risultato = selectors.obiettivo_result(obiettivo, anno)
    return render(request, "obiettivi/scheda.html", {"risultato": risultato, "anno": anno})
