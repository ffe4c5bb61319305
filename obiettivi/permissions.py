"""Who may do what. Every view asks these functions; none decides on its own."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Obiettivo, Ruolo
from .validators import ANNO_MAX, ANNO_MIN

# Roles that read every objective of their ente.
READ_ALL_ROLES = {Ruolo.Tipo.SEGRETARIO, Ruolo.Tipo.NUCLEO, Ruolo.Tipo.AMMINISTRATORE}
# Roles that run the cycle: plan, periods, overrides, approval.
MANAGER_ROLES = {Ruolo.Tipo.SEGRETARIO, Ruolo.Tipo.AMMINISTRATORE}
# Roles that take part in the cycle's pages. The Sindaco is not one: he opens only the schede di
# valutazione he evaluates (valutazioni/ names him explicitly).
CYCLE_ROLES = frozenset(Ruolo.Tipo.values) - {Ruolo.Tipo.SINDACO}
ALL_ROLES = frozenset(Ruolo.Tipo.values)


def roles_by_ente(user):
    """{ente id: (ente, set of role names)} of every ente where the user holds a role: one query,
    kept on the user for the request, that the access checks, the URL's ente and the menu share."""
    if not user.is_authenticated:
        return {}
    cache = user.__dict__.get("_roles_by_ente")
    if cache is None:
        cache = {}
        for ruolo in Ruolo.objects.filter(utente=user).select_related("ente"):
            cache.setdefault(ruolo.ente_id, (ruolo.ente, set()))[1].add(ruolo.tipo)
        user.__dict__["_roles_by_ente"] = cache
    return cache


def roles_in(user, ente_id):
    """The set of role names the user holds in the ente (cached on the user for the request)."""
    return frozenset(roles_by_ente(user).get(ente_id, (None, ()))[1])


def has_any_role(user, ente_id):
    """A role in the cycle of the ente (the Sindaco's alone is not one)."""
    return bool(roles_in(user, ente_id) & CYCLE_ROLES)


def is_sindaco_only(user, ente_id):
    held = roles_in(user, ente_id)
    return bool(held) and not held & CYCLE_ROLES


def is_segretario(user, ente_id):
    """The Segretario (or the ente's amministratore) runs the cycle."""
    return bool(roles_in(user, ente_id) & MANAGER_ROLES)


def is_nucleo(user, ente_id):
    return Ruolo.Tipo.NUCLEO in roles_in(user, ente_id)


def can_override(user, ente_id):
    """The Segretario or the Nucleo may override a grado di raggiungimento."""
    return bool(roles_in(user, ente_id) & {Ruolo.Tipo.SEGRETARIO, Ruolo.Tipo.NUCLEO})


def is_own_obiettivo(user, obiettivo):
    """A responsabile's objectives: assigned to them, or in an area they head."""
    return user.is_authenticated and (
        obiettivo.responsabile_id == user.id or obiettivo.area.responsabile_id == user.id
    )


def can_view_obiettivo(user, obiettivo):
    ente_id = obiettivo.piano.ente_id
    return bool(roles_in(user, ente_id) & READ_ALL_ROLES) or (
        Ruolo.Tipo.RESPONSABILE in roles_in(user, ente_id) and is_own_obiettivo(user, obiettivo)
    )


def can_edit_obiettivo(user, obiettivo):
    """Values are entered by the objective's responsabile, or by the Segretario on their behalf."""
    ente_id = obiettivo.piano.ente_id
    if is_segretario(user, ente_id):
        return True
    return Ruolo.Tipo.RESPONSABILE in roles_in(user, ente_id) and is_own_obiettivo(user, obiettivo)


def get_obiettivo_for_user(user, pk, *, ente, for_edit=False):
    """The objective of `ente` if the user may see it (and edit it, with for_edit); 404 otherwise.

    Another area's or another ente's objective is a 404 rather than a 403, so that ids reveal nothing.
    """
    try:
        obiettivo = Obiettivo.objects.select_related("piano__ente", "area", "responsabile").get(pk=pk, piano__ente=ente)
    except Obiettivo.DoesNotExist:
        raise Http404
    if not can_view_obiettivo(user, obiettivo):
        raise Http404
    if for_edit and not can_edit_obiettivo(user, obiettivo):
        raise PermissionDenied
    return obiettivo


# --- The cycle through the year (issue 4) ---------------------------------------------------------

def ente_for_slug(user, ente_slug, *, roles=None):
    """The ente named in a reserved URL (`/area-riservata/<ente_slug>/...`), for a user who holds a
    role there (one of `roles` when given, else a role of the cycle: not the Sindaco's). No role in it: 404, so a slug reveals nothing; a role
    that is not enough: 403."""
    # Only an ente where the user holds a role can be named: it comes with the roles (no query of its own).
    ente = next((e for e, _tipi in roles_by_ente(user).values() if e.slug == ente_slug), None)
    if ente is None:
        raise Http404
    if not (roles_in(user, ente.pk) & set(CYCLE_ROLES if roles is None else roles)):
        raise PermissionDenied
    return ente


def ente_view(roles=None):
    """Decorator of a reserved view under `/area-riservata/<ente_slug>/`: the user must be logged in
    and hold a role in the ente of the URL (one of `roles` when given); the view receives that ente
    (also as `request.ente`, which the header shows) in place of the slug."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, ente_slug, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            request.ente = ente_for_slug(request.user, ente_slug, roles=roles)
            return view(request, request.ente, *args, **kwargs)

        return wrapper

    return decorator


def anno_or_404(anno):
    """A year in a URL outside what any plan can cover (validators.ANNO_MIN-ANNO_MAX) is a 404."""
    if not ANNO_MIN <= anno <= ANNO_MAX:
        raise Http404
    return anno


def get_indicatore_for_user(user, pk, *, ente):
    """The indicator of `ente` if the user may see its objective; 404 otherwise."""
    from .models import Indicatore

    indicatore = Indicatore.objects.filter(pk=pk, obiettivo__piano__ente=ente).values_list("obiettivo_id", flat=True).first()
    if indicatore is None:
        raise Http404
    obiettivo = get_obiettivo_for_user(user, indicatore, ente=ente)
    return obiettivo.indicatori.get(pk=pk), obiettivo
