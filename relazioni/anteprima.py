"""The Segretario's preview of a draft Relazione, the published page's twin: its rendered body is
stored for one version of the ente's data (`Ente.versione_dati`, bumped by every write that feeds it)
and served from there, so that a plan of hundreds of objectives is computed once per change, not per
visit. With the database task backend a change queues one rebuild per ente (a burst of saves queues
one task); with the immediate backend the next preview rebuilds it. Infrastructure: no rule lives here.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from obiettivi import cache_invalidation
from obiettivi.models import Ente, Periodo, Ruolo

from .models import AnteprimaRelazione, Relazione
from .snapshot import context_from_data, relazione_data

BODY_TEMPLATE = "relazioni/includes/relazione_body.html"
# A saved user changes the Relazione only through the name it shows (not at every login).
USER_NAME_FIELDS = {"first_name", "last_name", "username"}


def body(relazione):
    """The preview's rendered body at the data version the request read with the Relazione."""
    versione_dati = relazione.ente.versione_dati
    stored = (AnteprimaRelazione.objects.filter(relazione=relazione, versione_dati=versione_dati)
              .values_list("corpo", flat=True).first())
    return mark_safe(stored if stored is not None else rebuild(relazione, versione_dati))


def rebuild(relazione, versione_dati):
    """Render the body from the live rows and store it for `versione_dati`, read BEFORE the rows:
    a write in between leaves newer rows under an older key, never older rows under a newer one."""
    corpo = render_to_string(BODY_TEMPLATE, context_from_data(relazione_data(relazione)))
    AnteprimaRelazione.objects.update_or_create(relazione=relazione, defaults={"versione_dati": versione_dati,
                                                                                "corpo": corpo})
    return corpo


def rebuild_for_ente(ente_id):
    """Bring every draft's stored preview of the ente to the current data version (the task's body)."""
    versione_dati = Ente.objects.filter(pk=ente_id).values_list("versione_dati", flat=True).first()
    if versione_dati is None:
        return 0
    bozze = (Relazione.objects.filter(ente_id=ente_id, stato=Relazione.Stato.BOZZA)
             .exclude(anteprima__versione_dati=versione_dati).select_related("ente", "piano"))
    done = 0
    for relazione in bozze:
        rebuild(relazione, versione_dati)
        done += 1
    return done


# Queueing the rebuild ----------------------------------------------------------------------------

def _queues_in_database():
    from .tasks import rebuild_anteprime

    return rebuild_anteprime.get_backend().__class__.__name__ == "DatabaseBackend"


def pending_rebuilds(ente_id):
    """The queued rebuilds of the ente's previews that no worker has started yet."""
    from django_tasks_db.models import DBTaskResult

    from .tasks import rebuild_anteprime

    return DBTaskResult.objects.ready().filter(task_path=rebuild_anteprime.module_path, args_kwargs__args__0=ente_id)


def schedule_rebuild(ente_id):
    """Queue one rebuild of the ente's previews unless one is pending already. The ente's row is
    locked meanwhile, so that two concurrent saves cannot both find none and queue two."""
    from .tasks import rebuild_anteprime

    with transaction.atomic():
        if not Ente.objects.select_for_update().filter(pk=ente_id).exists():
            return False
        if not Relazione.objects.filter(ente_id=ente_id, stato=Relazione.Stato.BOZZA).exists():
            return False  # nothing to preview
        if pending_rebuilds(ente_id).exists():
            return False
        # Below the approved PDFs in the queue: a preview can wait seconds, a publication should not.
        rebuild_anteprime.using(priority=-10).enqueue(ente_id)
        return True


def _data_changed(sender, ente_ids, **kwargs):
    if not _queues_in_database():
        return  # the immediate backend: the next preview rebuilds it
    for ente_id in cache_invalidation.ids_of(ente_ids):
        schedule_rebuild(ente_id)


# What else the Relazione shows, beyond obiettivi.cache_invalidation's rows ------------------------

def _bump_for(filter_of):
    def handler(sender, instance, **kwargs):
        cache_invalidation.bump(Ente.objects.filter(filter_of(instance)).values("pk"))
    return handler


def _user_saved(sender, instance, update_fields=None, created=False, **kwargs):
    if created or (update_fields is not None and not set(update_fields) & USER_NAME_FIELDS):
        return
    cache_invalidation.bump(Ente.objects.filter(
        Q(ruoli__utente=instance) | Q(aree__responsabile=instance) | Q(piani__obiettivi__responsabile=instance)
    ).values("pk").distinct())


def connect():
    from enti.models import Dipendente

    by_ente = _bump_for(lambda instance: Q(pk=instance.ente_id))
    for model in (Relazione, Ruolo, Periodo, Dipendente):
        post_save.connect(by_ente, sender=model, dispatch_uid=f"anteprima-bump-{model.__name__}", weak=False)
        post_delete.connect(by_ente, sender=model, dispatch_uid=f"anteprima-bump-delete-{model.__name__}", weak=False)
    post_save.connect(_user_saved, sender=get_user_model(), dispatch_uid="anteprima-bump-user")
    cache_invalidation.dati_cambiati.connect(_data_changed, dispatch_uid="anteprima-rebuild")
