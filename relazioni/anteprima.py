"""The Segretario's preview of a draft Relazione, the published page's twin: its rendered body is
stored for one version of the ente's data (`Ente.versione_dati`, bumped by every write that feeds it)
and served from there, so that a plan of hundreds of objectives is computed once per change, not per
visit. With the database task backend a change queues one rebuild per ente (a burst of saves queues
one task); with the immediate backend the next preview rebuilds it. Infrastructure: no rule lives here.

A rebuild re-renders only the objectives whose data changed: each objective's piece of the body
(`{% frammento %}` in relazione_area.html) is kept with the body, under a hash of exactly what it
renders (the objective's plain data, the language, the ente's slug, the code and catalog that render
it), and the next rebuild takes the pieces whose hash is unchanged. A change to one value re-renders
one objective, not the plan. The stored body holds the pieces; beside it is only their index, so only
the newest body's pieces are kept (no stale entry outlives one rebuild), and an entry that is missing
or unreadable is only a miss: the piece is rendered again.
"""

import hashlib
import importlib
import json
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe

from obiettivi import cache_invalidation
from obiettivi.models import Ente, Periodo, Ruolo

from .models import AnteprimaRelazione, Relazione
from .snapshot import canonical, context_from_data, relazione_data
from .templatetags.frammenti import STORE

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
    a write in between leaves newer rows under an older key, never older rows under a newer one.
    The pieces of the previous body whose data did not change are taken as they were rendered."""
    data = relazione_data(relazione)
    stored = AnteprimaRelazione.objects.filter(relazione=relazione).values_list("corpo", "frammenti").first()
    frammenti = Frammenti(fragment_keys(data), Frammenti.load(*(stored or ("", ""))))
    corpo = render_to_string(BODY_TEMPLATE, {**context_from_data(frammenti.outline(data)), STORE: frammenti})
    values = {"versione_dati": versione_dati, "corpo": corpo, "frammenti": frammenti.dump(corpo)}
    # An UPDATE without reading the old row first (update_or_create would read megabytes to overwrite them).
    if not AnteprimaRelazione.objects.filter(relazione=relazione).update(**values):
        try:
            with transaction.atomic():
                AnteprimaRelazione.objects.create(relazione=relazione, **values)
        except IntegrityError:  # another process stored it meanwhile: the newer write wins
            AnteprimaRelazione.objects.filter(relazione=relazione).update(**values)
    return corpo


# The pieces of the body ---------------------------------------------------------------------------

# What renders an objective's piece besides its data: the templates, the filters and the catalog of
# the language. A new release that changes any of them renders every piece again.
FRAGMENT_TEMPLATES = ["relazioni/includes/relazione_area.html", "includes/tabella_scorrevole.html"]
FRAGMENT_MODULES = ["obiettivi.templatetags.ciclo", "obiettivi.templatetags.tabelle", "obiettivi.achievement",
                    "relazioni.templatetags.frammenti"]


def _code_identity(language):
    digest = hashlib.sha256()
    paths = [Path(get_template(name).origin.name) for name in FRAGMENT_TEMPLATES]
    paths += [Path(importlib.import_module(name).__file__) for name in FRAGMENT_MODULES]
    paths += [Path(folder, language, "LC_MESSAGES", "django.mo") for folder in settings.LOCALE_PATHS]
    for path in paths:
        digest.update(str(path).encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.digest()


def fragment_keys(data):
    """{objective id: the hash of exactly what its piece renders}, for the current language. The
    preview renders no links to the public pages (`link_pubblici`), only the ente's slug could reach one."""
    language = translation.get_language() or ""
    common = hashlib.sha256(_code_identity(language) + json.dumps(
        [language, data["ente"]["slug"], False]).encode())
    keys = {}
    for area in data["risultati"]["aree"]:
        for entry in area["obiettivi"]:
            digest = common.copy()
            digest.update(canonical(entry))
            keys[entry["obiettivo"]["id"]] = digest.hexdigest()
    return keys


class Frammenti:
    """The store the `{% frammento %}` tag asks: the piece kept for an objective's hash, or the piece
    rendered now. The pieces are not stored twice: the stored body holds them, and `dump(corpo)` is
    their index, {hash: [start, end, checksum]} of each piece of this body only, so that a piece whose
    text does not match its checksum (an altered or truncated body or index) is a miss, never served."""

    def __init__(self, keys, kept):
        self.keys, self.kept, self.used = keys, kept, {}
        self.hits = self.misses = 0

    @staticmethod
    def load(corpo, index):
        """The pieces kept in a stored body, by its index: {hash: html}; what cannot be read is none."""
        try:
            entries = json.loads(index or "{}")
        except ValueError:
            return {}
        if not isinstance(entries, dict) or not isinstance(corpo, str):
            return {}
        kept = {}
        for key, entry in entries.items():
            if not (isinstance(entry, list) and len(entry) == 3 and all(isinstance(n, int) for n in entry[:2])):
                continue
            start, end, checksum = entry
            html = corpo[start:end] if 0 <= start < end <= len(corpo) else ""
            if html and checksum == _checksum(html):
                kept[key] = html
        return kept

    def outline(self, data):
        """`data` with each objective whose piece is kept reduced to what the body reads of it outside
        the piece: its id (to find the piece), whether it is withdrawn and its grado (the chart and the
        counts). Typing a thousand objectives that will not be rendered was a third of a rebuild."""
        def light(entry):
            if self.keys.get(entry["obiettivo"]["id"]) not in self.kept:
                return entry
            return {"obiettivo": {"id": entry["obiettivo"]["id"]}, "ritirato": entry["ritirato"],
                    "grado": entry["grado"]}
        aree = [{**area, "obiettivi": [light(entry) for entry in area["obiettivi"]]} for area in data["risultati"]["aree"]]
        return {**data, "risultati": {**data["risultati"], "aree": aree}}

    def render(self, obiettivo, render):
        key = self.keys.get(getattr(getattr(obiettivo, "obiettivo", None), "id", None))
        if key is None:
            return render()
        html = self.kept.get(key)
        if html is None:
            self.misses += 1
            html = str(render())
        else:
            self.hits += 1
        self.used[key] = html
        return html

    def dump(self, corpo):
        """The index of this body's pieces (in the order they were rendered, so each is found after the last)."""
        index, cursor = {}, 0
        for key, html in self.used.items():
            start = corpo.find(html, cursor)
            if start < 0:
                continue  # not in the body as rendered: the next rebuild renders it again
            cursor = start + len(html)
            index[key] = [start, cursor, _checksum(html)]
        return json.dumps(index)


def _checksum(html):
    return hashlib.blake2b(html.encode(), digest_size=16).hexdigest()


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
