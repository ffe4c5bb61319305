"""The organisational components of a scheda, read from the frozen snapshot of an approved version
of the Relazione (relazioni/snapshot.py): plain dicts in, Decimal percentages and explanations out.
Overrides of a grado are already inside the snapshot's gradi."""

from decimal import Decimal

from .rules import AREA, ENTE, OBIETTIVI, show


def _percent(grado):
    value = (grado or {}).get("percent")
    return None if value is None else Decimal(value)


def componenti_from_snapshot(data, *, area_id=None, utente_id=None):
    """{"ente", "area", "obiettivi"} percentages (None when not evaluable) and their explanations.

    The individual objectives are those whose responsabile is the person; for staff without a login
    (no utente_id), or a person with no objective of their own, those of their area. Weighted by the
    objective's peso in the snapshot (equal shares when missing)."""
    risultati = data.get("risultati", {})
    aree = risultati.get("aree", [])
    valori = {ENTE: _percent(risultati.get("grado")), AREA: None, OBIETTIVI: None}
    spiegazioni = {ENTE: (risultati.get("grado") or {}).get("explanation", "")}
    area = next((a for a in aree if a.get("area", {}).get("id") == area_id), None)
    if area is not None:
        valori[AREA] = _percent(area.get("grado"))
        spiegazioni[AREA] = (area.get("grado") or {}).get("explanation", "")
    propri = []
    if utente_id is not None:
        propri = [o for a in aree for o in a.get("obiettivi", [])
                  if ((o.get("obiettivo") or {}).get("responsabile") or {}).get("id") == utente_id]
    if not propri and area is not None:
        propri = area.get("obiettivi", [])
    pesati = [(o, _percent(o.get("grado"))) for o in propri if not o.get("ritirato")]
    pesati = [(o, p) for o, p in pesati if p is not None]
    if pesati:
        pesi = [Decimal(o.get("peso") or 0) for o, _p in pesati]
        if sum(pesi) == 0:
            pesi = [Decimal(1)] * len(pesati)
        valori[OBIETTIVI] = sum(p * w for (_o, p), w in zip(pesati, pesi)) / sum(pesi)
        spiegazioni[OBIETTIVI] = "Media pesata degli obiettivi: " + "; ".join(
            f"{(o.get('obiettivo') or {}).get('codice', '')} {show(p)}% (peso {show(w)})"
            for (o, p), w in zip(pesati, pesi)) + "."
    else:
        spiegazioni[OBIETTIVI] = "Nessun obiettivo valutabile."
    return valori, spiegazioni
