"""What a user may do in the admin follows from their roles in the enti, never from hand-set
`is_staff` flags, groups or permissions (which only the installation's superuser has any use for).

A Segretario or amministratore of an ente sets up its plan in the admin; everything else there is
read-only for them, and users, groups, roles and the shared catalogues are the superuser's alone
(people are managed on the site's «Persone e ruoli» page). Which rows they see is scoped per ente by
the admin classes (obiettivi.admin.EnteScopedMixin): these permissions say what kind of act, the
scoping says on which ente."""

from django.contrib.auth.backends import ModelBackend

from .models import Ruolo
from .permissions import MANAGER_ROLES

# The plan's definitions: set up in the admin by the ente's Segretario or amministratore.
PLAN_MODELS = ["area", "piano", "variazione", "obiettivostrategico", "obiettivovalorepubblico", "obiettivo", "fase",
               "indicatore", "target", "pesovariato"]
# Shown for inspection only: each changes through a service with its rules and its Storico.
READ_ONLY_MODELS = ["programma", "misurazione", "monitoraggio", "periodo", "rettifica", "vocestorico",
                    "promemoriainviato"]
READ_ONLY_RELAZIONI = ["relazione", "versionerelazione"]


def manager_permissions():
    """The permission names a Segretario or amministratore holds in the admin."""
    perms = {f"obiettivi.{action}_{model}" for model in PLAN_MODELS for action in ("view", "add", "change", "delete")}
    perms |= {f"obiettivi.view_{model}" for model in READ_ONLY_MODELS}
    perms |= {f"relazioni.view_{model}" for model in READ_ONLY_RELAZIONI}
    perms |= {"obiettivi.view_ente", "obiettivi.change_ente"}  # their own ente's settings, never a new one
    return frozenset(perms)


MANAGER_PERMISSIONS = manager_permissions()
# The evaluation (valutazioni/) in the admin, for inspection: the SMVP of every manager; the schede,
# premi, resources and their log are personal data, the Segretario's only (the amministratore is not
# in the chain of evaluation). An open scheda's evaluator and area change there through the service.
MANAGER_PERMISSIONS |= {f"valutazioni.view_{m}" for m in ("smvp", "categoria", "comportamento")}
SEGRETARIO_PERMISSIONS = frozenset(
    {f"valutazioni.view_{m}" for m in ("scheda", "conciliazione", "risorsepremi", "premio", "vocevalutazione")}
    | {"valutazioni.change_scheda"})


def is_manager_anywhere(user):
    return user.is_active and Ruolo.objects.filter(utente_id=user.pk, tipo__in=MANAGER_ROLES).exists()


class RoleBackend(ModelBackend):
    """Authenticates like Django's ModelBackend; grants permissions from roles instead of from the
    user's own permissions and groups, so no flag set by hand widens what a person may do."""

    def get_user_permissions(self, user_obj, obj=None):
        return super().get_user_permissions(user_obj, obj) if user_obj.is_superuser else set()

    def get_group_permissions(self, user_obj, obj=None):
        return super().get_group_permissions(user_obj, obj) if user_obj.is_superuser else set()

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if user_obj.is_superuser:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_role_perm_cache"):
            user_obj._role_perm_cache = set(MANAGER_PERMISSIONS) if is_manager_anywhere(user_obj) else set()
            if Ruolo.objects.filter(utente_id=user_obj.pk, tipo=Ruolo.Tipo.SEGRETARIO).exists():
                user_obj._role_perm_cache |= SEGRETARIO_PERMISSIONS
        return user_obj._role_perm_cache
