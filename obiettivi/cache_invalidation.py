"""Cached computed pages (the Segretario's dashboard) hold for one version of an ente's data.

Any saved or deleted row that feeds the results bumps that version, whoever writes it: a service,
the admin, load_demo or a test builder. Infrastructure, not a business rule: no rule lives here.
"""

from django.db.models import F, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal

from . import models

# model -> the lookup from Ente to that model's rows
ENTE_LOOKUPS = {
    models.Ente: "pk",
    models.Area: "aree",
    models.Piano: "piani",
    models.Variazione: "piani__variazioni",
    models.Obiettivo: "piani__obiettivi",
    models.Fase: "piani__obiettivi__fasi",
    models.PesoVariato: "piani__obiettivi__pesi_variati",
    models.Monitoraggio: "piani__obiettivi__monitoraggi",
    models.Indicatore: "piani__obiettivi__indicatori",
    models.Target: "piani__obiettivi__indicatori__target",
    models.Misurazione: "piani__obiettivi__indicatori__misurazioni",
    models.ValoreStorico: "piani__obiettivi__indicatori__valori_storici",
    models.Rettifica: None,  # on an indicator or on an objective: see below
}


# Sent after a bump with `ente_ids` (ids, or a values() queryset: read it with `ids_of`), for
# whoever keeps results built in the background (relazioni.anteprima).
dati_cambiati = Signal()


def bump(ente_ids):
    models.Ente.objects.filter(pk__in=ente_ids).update(versione_dati=F("versione_dati") + 1)
    dati_cambiati.send(sender=models.Ente, ente_ids=ente_ids)


def for_version(ente, name, compute):
    """`compute()` stored for the ente's current data version (every write bumps it): what depends only
    on the ente's rows is worked out once per version, not per request. `name` says what is stored
    and keeps one value's key apart from another's. Never for what depends on who asks."""
    from django.core.cache import cache

    key = f"{name}:{ente.pk}:{ente.versione_dati}"
    # Stored in a tuple, so that a None worked out (no Relazione in progress) is a hit too.
    stored = cache.get(key)
    if stored is None:
        stored = (compute(),)
        cache.set(key, stored, 60 * 60)
    return stored[0]


def count_for_version(ente, name, queryset):
    """`queryset.count()` stored for the ente's current data version, so that a count over the whole
    plan, as a paginator needs, is not made per request. `name` says what is counted (page, plan, who)."""
    return for_version(ente, f"conteggio:{name}", queryset.count)


def ids_of(ente_ids):
    """The ente ids of what `bump` was given (a values() queryset holds one column, named as its lookup)."""
    if isinstance(ente_ids, QuerySet):
        return sorted({next(iter(row.values())) if isinstance(row, dict) else row for row in ente_ids})
    return sorted(set(ente_ids))


def _enti_of(instance):
    if isinstance(instance, models.Rettifica):
        if instance.obiettivo_id:
            return models.Obiettivo.objects.filter(pk=instance.obiettivo_id).values("piano__ente_id")
        return models.Indicatore.objects.filter(pk=instance.indicatore_id).values("obiettivo__piano__ente_id")
    lookup = ENTE_LOOKUPS[type(instance)]
    return models.Ente.objects.filter(**{lookup: instance.pk}).values("pk")


def _saved(sender, instance, **kwargs):
    bump(_enti_of(instance))


def _deleted(sender, instance, **kwargs):
    # After a delete the row is gone: reach the ente through the parent the instance still names.
    parent = next((getattr(instance, f) for f in ("indicatore", "obiettivo", "piano", "ente") if hasattr(instance, f + "_id")), None)
    if parent is not None:
        _saved(type(parent), parent)


def connect():
    for model in ENTE_LOOKUPS:
        post_save.connect(_saved, sender=model, dispatch_uid=f"bump-{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"bump-delete-{model.__name__}")
