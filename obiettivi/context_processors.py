"""Template context shared by every page: the ente shown in the header and the user's menu."""

from functools import partial

from relazioni.selectors import relazione_year_in_progress

from .models import Ente, Ruolo
from .permissions import MANAGER_ROLES, READ_ALL_ROLES


def navigation(request):
    """The header's ente: the user's own where they have a role, else the only one installed."""
    user = getattr(request, "user", None)
    ente = None
    is_manager = reads_all = False
    if user is not None and user.is_authenticated:
        ruoli = list(Ruolo.objects.filter(utente=user).select_related("ente"))
        if ruoli:
            ente = ruoli[0].ente
            is_manager = any(r.tipo in MANAGER_ROLES for r in ruoli)
            reads_all = any(r.tipo in READ_ALL_ROLES for r in ruoli)
    if ente is None:
        enti = list(Ente.objects.all()[:2])
        ente = enti[0] if len(enti) == 1 else None
    return {
        "header_ente": ente,
        "nav_is_manager": is_manager,
        "nav_reads_all": reads_all,
        # The year being drafted, not the one already published; a callable, so that only pages
        # that show the link (the Segretario's) pay for its two queries.
        "nav_relazione_anno": partial(relazione_year_in_progress, ente) if ente else None,
    }
