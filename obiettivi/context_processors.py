"""Template context shared by every page: the ente shown in the header and the user's menu."""

from functools import partial

from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode

from .cache_invalidation import for_version
from .models import Ente, Ruolo
from .permissions import MANAGER_ROLES, READ_ALL_ROLES
from .permissions import roles_by_ente as user_roles_by_ente
from relazioni.selectors import relazione_year_in_progress

# URL kwargs that mean the same thing in every ente: a page named only by them exists in each.
SHARED_KWARGS = {"ente_slug", "anno", "vista"}
# Query parameters that keep their meaning in another ente (filters by area or person do not).
SHARED_QUERY = ("anno", "periodo")


def same_page_in(request, ente, roles):
    """The page the user is on, in another of their enti: the same list or year where it exists
    there, else the page where the user lands in that ente (an objective's id belongs to one ente
    only). A Sindaco there has only his schede di valutazione: he lands on them."""
    match = getattr(request, "resolver_match", None)
    if roles - {Ruolo.Tipo.SINDACO} and match is not None and "ente_slug" in match.kwargs \
            and set(match.kwargs) <= SHARED_KWARGS and request.method in ("GET", "HEAD"):
        try:
            url = reverse(match.view_name, kwargs={**match.kwargs, "ente_slug": ente.slug})
        except NoReverseMatch:
            url = None
        if url:
            query = {k: request.GET[k] for k in SHARED_QUERY if k in request.GET}
            return f"{url}?{urlencode(query)}" if query else url
    return reverse("obiettivi:ente_home", args=[ente.slug])


def _relazione_anno(ente):
    return for_version(ente, "menu-relazione-anno", partial(relazione_year_in_progress, ente))


def navigation(request):
    """The reserved pages' ente is the one in their URL (request.ente, set by permissions.ente_view);
    elsewhere, the user's only ente, or the ente of the public page if they have a role in it."""
    user = getattr(request, "user", None)
    ente = getattr(request, "ente", None)
    roles_by_ente = {}
    if user is not None and user.is_authenticated:
        # The roles the access check of the page has already read (one query a request for both).
        roles_by_ente = dict(sorted(user_roles_by_ente(user).items(), key=lambda item: item[1][0].nome))
        match = getattr(request, "resolver_match", None)
        slug = match.kwargs.get("ente_slug") if match is not None else None
        if ente is None and slug:  # a reserved page of an ente the user has a role in
            ente = next((e for e, _r in roles_by_ente.values() if e.slug == slug), None)
        if ente is None and len(roles_by_ente) == 1:
            ente = next(iter(roles_by_ente.values()))[0]
    roles = roles_by_ente.get(ente.pk, (None, set()))[1] if ente is not None else set()
    header_ente = ente
    if header_ente is None and not roles_by_ente:
        enti = list(Ente.objects.all()[:2])
        header_ente = enti[0] if len(enti) == 1 else None
    altri_enti = [(e, same_page_in(request, e, r)) for e, r in roles_by_ente.values() if ente is None or e.pk != ente.pk]
    return {
        "header_ente": header_ente,
        "ente_corrente": ente,  # the ente the reserved menu links into (None: the index spans enti)
        "altri_enti": altri_enti,
        "nav_is_manager": bool(roles & MANAGER_ROLES),
        "nav_reads_all": bool(roles & READ_ALL_ROLES),
        # The Sindaco alone has no objectives to fill in: his menu is his schede di valutazione.
        "nav_in_cycle": bool(roles - {Ruolo.Tipo.SINDACO}),
        # The year being drafted, not the one already published; a callable, so that only pages
        # that show the link (the Segretario's) ask for it, and then from the cache for the ente's
        # data version (Relazione, Piano and Ente rows all bump it) rather than with two queries.
        "nav_relazione_anno": partial(_relazione_anno, ente) if ente else None,
    }
