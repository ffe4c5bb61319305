"""The public pages of one objective and one indicator across years (issue 12, item 4).

Everything here reads the frozen snapshots of the published versions only (relazioni/snapshot.py),
never a live row: a year appears once its Relazione is published, and renaming or correcting a row
afterwards changes nothing these pages show. `published_snapshots` does the reading (a fixed number
of queries); the functions below it are pure, over plain snapshot dicts.
"""

from dataclasses import dataclass, field

from .models import VersioneRelazione
from .snapshot import _typed, fingerprint


@dataclass
class Pubblicata:
    """A published year: its version's id, number, publication date and its snapshot."""

    anno: int
    versione_id: int
    pubblicata_il: object
    dati: dict


def published_versions(ente):
    """[(anno, versione id, pubblicata_il)] of the version public for each year (the last published
    one of its Relazione), oldest year first. One query, without the snapshots."""
    scelte = {}
    rows = (VersioneRelazione.objects.filter(relazione__ente=ente).exclude(pubblicata_il=None)
            .order_by("relazione__anno", "-numero").values_list("relazione__anno", "pk", "pubblicata_il"))
    for anno, pk, pubblicata_il in rows:
        scelte.setdefault(anno, (anno, pk, pubblicata_il))
    return list(scelte.values())


def published_snapshots(versioni):
    """The snapshots of `published_versions`, as Pubblicata, oldest first; one query. A snapshot whose
    SHA-256 no longer matches is left out (its year's page reports the alteration)."""
    from . import services

    by_pk = {v.pk: v for v in VersioneRelazione.objects.filter(pk__in=[pk for _a, pk, _p in versioni])
             .select_related("relazione__ente", "relazione__piano")}
    result = []
    for anno, pk, pubblicata_il in versioni:
        versione = by_pk.get(pk)
        if versione is None:
            continue
        dati = services.versione_dati(versione)
        if fingerprint(dati) != versione.dati_sha256:
            continue
        result.append(Pubblicata(anno, pk, pubblicata_il, dati))
    return result


# --- Pure selection over snapshots ------------------------------------------------------------------

@dataclass
class AnnoIndicatore:
    """One published year of an indicator: the snapshot's entries, typed for the templates."""

    anno: int
    area: object
    obiettivo: object  # the objective entry (obiettivo, peso, grado...)
    ri: object  # the indicator entry (indicatore, target, luglio, consuntivo, grado...)


@dataclass
class AnnoObiettivo:
    anno: int
    area: object
    o: object


@dataclass
class SeriePubblica:
    anni: list  # AnnoIndicatore or AnnoObiettivo, oldest first
    precedenti: list = field(default_factory=list)  # earlier years as the snapshots recorded them

    @property
    def ultimo(self):
        return self.anni[-1]


def _entries(pubblicate):
    """(anno, area dict, objective dict, indicator dict or None) for every row of every snapshot."""
    for p in pubblicate:
        for area in p.dati.get("risultati", {}).get("aree", []):
            for o in area.get("obiettivi", []):
                yield p.anno, area, o, None
                for ri in o.get("indicatori", []):
                    yield p.anno, area, o, ri


class _Components:
    """The indicators linked by `deriva_da` (in either direction) are one line across Piani."""

    def __init__(self):
        self.parent = {}

    def find(self, x):
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a, b):
        self.parent[self.find(a)] = self.find(b)


def _indicator_components(pubblicate):
    components = _Components()
    for _anno, _area, _o, ri in _entries(pubblicate):
        if ri is None:
            continue
        ind = ri["indicatore"]
        components.find(ind["id"])
        if ind.get("deriva_da"):
            components.union(ind["id"], ind["deriva_da"])
    return components


def indicator_series(pubblicate, pk):
    """The published years of indicator `pk` and of the indicators it continues or that continue it,
    one per year (the indicator `pk` itself where a year has two), with the earlier years the
    snapshots recorded (their `serie`, the latest snapshot's first). None: never published."""
    components = _indicator_components(pubblicate)
    if pk not in components.parent:
        return None
    linea = components.find(pk)
    per_anno = {}
    for anno, area, o, ri in _entries(pubblicate):
        if ri is None or components.find(ri["indicatore"]["id"]) != linea:
            continue
        if anno not in per_anno or ri["indicatore"]["id"] == pk:
            per_anno[anno] = (area, o, ri)
    anni = [AnnoIndicatore(anno, _typed("", area["area"]), _typed("", o), _typed("", ri))
            for anno, (area, o, ri) in sorted(per_anno.items())]
    precedenti, visti = [], set(per_anno)
    for anno, (_area, _o, ri) in sorted(per_anno.items(), reverse=True):
        for punto in ri.get("serie", []):
            if punto["anno"] not in visti:
                visti.add(punto["anno"])
                precedenti.append(_typed("serie", punto))
    precedenti.sort(key=lambda p: p.anno)
    return SeriePubblica(anni, precedenti)


def objective_series(pubblicate, pk):
    """The published years of objective `pk` and of the objectives of later or earlier Piani whose
    indicators continue its own (one per year, `pk` itself first). None: never published."""
    components = _indicator_components(pubblicate)
    own = [(anno, area, o) for anno, area, o, ri in _entries(pubblicate) if ri is None and o["obiettivo"]["id"] == pk]
    if not own:
        return None
    linee = {components.find(ri["indicatore"]["id"]) for _a, _area, o in own for ri in o.get("indicatori", [])}
    per_anno = {anno: (area, o) for anno, area, o in own}
    for anno, area, o, ri in _entries(pubblicate):
        if ri is not None and anno not in per_anno and components.find(ri["indicatore"]["id"]) in linee:
            per_anno[anno] = (area, o)
    return SeriePubblica([AnnoObiettivo(anno, _typed("", area["area"]), _typed("", o))
                          for anno, (area, o) in sorted(per_anno.items())])
