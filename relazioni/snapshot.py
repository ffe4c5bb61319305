"""The Relazione as plain data: what the page, the PDF and the CSV are made from.

`relazione_data(relazione)` reads the live rows once and returns a JSON-able dict (ids, codes,
values, targets, gradi and their explanations, texts, names). At approval it is stored on the
version; `context_from_data(data)` turns it back into the light objects the template reads.
A draft's preview goes through the same two steps, so a draft and an approved version are
rendered by the same code, and an approved one never reads a live row again: renaming an area
or correcting a value afterwards changes nothing the citizens read, while a later fix of the
template still reaches old years.

Decimals are stored as strings and dates as ISO text, so that they round-trip exactly.
"""

import hashlib
import json
from datetime import date, datetime
from decimal import Decimal

from obiettivi import selectors
from obiettivi.achievement import Achievement, Esito

from .charts import esiti_chart
from .context import PLURAL_LABELS, generated_texts, narrative, process_dates, signatory

SCHEMA = 1

# Keys whose values are typed on the way back (the names are this module's, nothing else's).
DECIMAL_KEYS = {"valore", "denominatore", "peso", "percent", "scostamento"}
DATE_KEYS = {"data_scadenza", "data_realizzazione", "data_atto", "data"}
DATETIME_KEYS = {"approvata_il", "registrata_il"}


def _d(value):
    return None if value is None else str(value)


def _iso(value):
    return None if value is None else value.isoformat()


def _person(user):
    if user is None:
        return None
    return {"id": user.pk, "nome": user.get_full_name() or user.get_username()}


def _achievement(a):
    return {"percent": _d(a.percent), "esito": a.esito.value, "explanation": a.explanation}


def _misurazione(m):
    if m is None:
        return None
    return {
        "id": m.pk, "valore": _d(m.valore), "denominatore": _d(m.denominatore),
        "data_realizzazione": _iso(m.data_realizzazione), "causa_scostamento": m.causa_scostamento,
        "causa_label": str(m.get_causa_scostamento_display()) if m.causa_scostamento else "",
        "motivazione": m.motivazione,
    }


def _target(t):
    if t is None:
        return None
    return {"id": t.pk, "valore": _d(t.valore), "data_scadenza": _iso(t.data_scadenza),
            "variazione": str(t.variazione) if t.variazione_id else None}


def _indicatore(ri):
    ind = ri.indicatore
    return {
        "indicatore": {
            "id": ind.pk, "nome": ind.nome, "formula": ind.formula, "direzione": ind.direzione,
            "direzione_label": str(ind.get_direzione_display()), "unita": ind.unita, "peso": _d(ind.peso),
        },
        "target": _target(ri.target),
        "target_originale": _target(ri.target_originale),
        "target_variato": ri.target_variato,
        "luglio": _misurazione(ri.luglio),
        "consuntivo": _misurazione(ri.consuntivo),
        "grado": _achievement(ri.grado),
        "grado_luglio": _achievement(ri.grado_luglio),
        "rettifica": {"non_valutabile": ri.rettifica.non_valutabile} if ri.rettifica else None,
        "scostamento": _d(ri.scostamento),
        "target_mancato": ri.target_mancato,
    }


def _obiettivo(o):
    ob = o.obiettivo
    return {
        "obiettivo": {
            "id": ob.pk, "codice": ob.codice, "titolo": ob.titolo, "tipo": ob.tipo,
            "tipo_label": str(ob.get_tipo_display()), "responsabile": _person(ob.responsabile),
            "peso": _d(ob.peso), "risultato_atteso": ob.risultato_atteso,
            "programma": ({"id": ob.programma.pk, "codice": ob.programma.codice, "nome": ob.programma.nome,
                           "codice_missione": ob.programma.codice_missione}
                          if ob.programma_id else None),
            "ritirato_con": str(ob.ritirato_con) if ob.ritirato_con_id else None,
        },
        "peso": _d(o.peso),
        "peso_variato": {"variazione": str(o.peso_variato.variazione)} if o.peso_variato else None,
        "ritirato": o.ritirato,
        "grado": _achievement(o.grado),
        "grado_luglio": _achievement(o.grado_luglio),
        "rettifica": {"non_valutabile": o.rettifica.non_valutabile} if o.rettifica else None,
        "monitoraggio_luglio": ({"stato": o.monitoraggio_luglio.stato,
                                 "stato_label": str(o.monitoraggio_luglio.get_stato_display())}
                                if o.monitoraggio_luglio and o.monitoraggio_luglio.stato else None),
        "indicatori": [_indicatore(ri) for ri in o.indicatori],
    }


def relazione_data(relazione, *, risultati=None):
    """Every fact the report shows, read from the live rows, as a JSON-able dict."""
    ente, piano, anno = relazione.ente, relazione.piano, relazione.anno
    risultati = risultati or selectors.piano_results(piano=piano, anno=anno)
    testi = narrative(relazione, generated_texts(relazione, risultati=risultati))
    conteggi = risultati.conteggio_esiti()
    return {
        "schema": SCHEMA,
        "anno": anno,
        "ente": {"id": ente.pk, "nome": ente.nome, "nome_maiuscolo": ente.nome_maiuscolo, "slug": ente.slug,
                 "provincia": ente.provincia, "codice_ipa": ente.codice_ipa},
        "piano": {"id": piano.pk, "anno_inizio": piano.anno_inizio, "anno_fine": piano.anno_fine,
                  "numero_atto": piano.numero_atto, "data_atto": _iso(piano.data_atto),
                  "organo": str(piano.get_organo_approvazione_display())},
        "relazione": {"id": relazione.pk, "stato": relazione.stato, "approvata_il": _iso(relazione.approvata_il),
                      "firmatario": relazione.firmatario},
        "testi": {name: testo.paragrafi for name, testo in testi.items()},
        "risultati": {
            "grado": _achievement(risultati.grado),
            "grado_luglio": _achievement(risultati.grado_luglio),
            "conteggi": {e.value: n for e, n in conteggi.items()},
            "aree": [{
                "area": {"id": a.area.pk, "codice": a.area.codice, "nome": a.area.nome,
                         "responsabile": _person(a.area.responsabile)},
                "grado": _achievement(a.grado),
                "grado_luglio": _achievement(a.grado_luglio),
                "obiettivi": [_obiettivo(o) for o in a.obiettivi],
            } for a in risultati.aree],
        },
        "processo": [{"fase": fase, "data": _iso(data), "successivo": successivo}
                     for fase, data, successivo in process_dates(relazione)],
        "firmatario": signatory(relazione),
    }


# --- Back to a template context ---------------------------------------------------------------


class Dati:
    """A light, read-only object over a dict of the snapshot: the template reads `a.area.nome`."""

    def __init__(self, values):
        self.__dict__.update(values)

    def __repr__(self):
        return f"Dati({self.__dict__!r})"


def _typed(key, value):
    if value is None:
        return None
    if key in DECIMAL_KEYS and isinstance(value, str):
        return Decimal(value)
    if key in DATE_KEYS and isinstance(value, str):
        return date.fromisoformat(value)
    if key in DATETIME_KEYS and isinstance(value, str):
        return datetime.fromisoformat(value)
    if isinstance(value, dict):
        if set(value) == {"percent", "esito", "explanation"}:
            return Achievement(percent=_typed("percent", value["percent"]), esito=Esito(value["esito"]),
                               explanation=value["explanation"])
        return Dati({k: _typed(k, v) for k, v in value.items()})
    if isinstance(value, list):
        return [_typed(key, v) for v in value]
    return value


def context_from_data(data):
    """The report's template context from the plain data (a draft's or an approved version's)."""
    d = _typed("", data)
    risultati = d.risultati
    risultati.obiettivi = [o for a in risultati.aree for o in a.obiettivi]
    conteggi = data["risultati"]["conteggi"]
    return {
        "ente": d.ente,
        "piano": d.piano,
        "anno": d.anno,
        "relazione": d.relazione,
        "risultati": risultati,
        "testi": {name: Dati({"paragrafi": paragrafi}) for name, paragrafi in data["testi"].items()},
        "conteggi": [(e, conteggi.get(e.value, 0), PLURAL_LABELS[e]) for e in Esito if e in PLURAL_LABELS],
        "grafico": esiti_chart(risultati),
        "processo": d.processo,
        "firmatario": d.firmatario,
    }


def attestazione_context(attestazione):
    """The attestazione of publication as light objects, dates typed (page and PDF alike)."""
    return _typed("", attestazione) if attestazione else None


def canonical(data):
    """The bytes whose SHA-256 is the snapshot's fingerprint (stable across databases)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def fingerprint(data):
    return hashlib.sha256(canonical(data)).hexdigest()
