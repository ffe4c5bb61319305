"""Who may manage which person. The page itself is for the ente's managers
(obiettivi.permissions.ente_for_slug with MANAGER_ROLES); these decide about one person."""

from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import get_object_or_404

from obiettivi.models import Ruolo
from obiettivi.permissions import MANAGER_ROLES, roles_by_ente

from .models import Dipendente


def managed_enti(user):
    """The ids of the enti where the user is Segretario or amministratore."""
    # From the roles the page's access check has read (obiettivi.permissions.roles_by_ente): no query.
    return {ente_id for ente_id, (_ente, tipi) in roles_by_ente(user).items() if tipi & MANAGER_ROLES}


def can_edit_account(manager, persona, *, ente_ids_of_persona=None, managed=None):
    """A manager may change a person's name and e-mail only if every role of that person is in an
    ente the manager manages: a Segretario serving two comuni is not renamed by one of them alone.
    Never a superuser's account (the installation's own)."""
    if persona.is_superuser:
        return False
    if ente_ids_of_persona is None:
        ente_ids_of_persona = set(Ruolo.objects.filter(utente=persona).values_list("ente_id", flat=True))
    if managed is None:
        managed = managed_enti(manager)
    return bool(ente_ids_of_persona) and ente_ids_of_persona <= managed


def can_change_roles(manager, persona):
    """Nobody changes their own roles: another manager of the ente does."""
    return manager.pk != persona.pk


def get_persona(ente, pk):
    """A user who holds a role in the ente; 404 for anyone else, so another ente's ids reveal nothing."""
    persona = get_user_model().objects.filter(pk=pk, ruoli__ente=ente).distinct().first()
    if persona is None:
        raise Http404
    return persona


def get_dipendente(ente, pk):
    return get_object_or_404(Dipendente, pk=pk, ente=ente)
