from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from obiettivi.models import Ente

from .models import Relazione


@require_GET
def performance(request, ente_slug):
    """Amministrazione Trasparente > Performance: every Piano and published Relazione by year."""
    ente = get_object_or_404(Ente, slug=ente_slug)
    return render(
        request,
        "relazioni/performance.html",
        {
            "ente": ente,
            "piani": ente.piani.order_by("-anno_inizio"),
            "relazioni": ente.relazioni.filter(stato=Relazione.Stato.PUBBLICATA).order_by("-anno"),
        },
    )
