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

import functools
import hashlib
import json
from datetime import date, datetime
from decimal import Decimal

from django.utils import translation

from obiettivi import selectors
from obiettivi.achievement import Achievement, Esito

from .charts import esiti_chart
from .context import (PLURAL_LABELS, SINGULAR_LABELS, periodi_of, generated_texts, narrative, piano_era,
                      piano_un_anno, process_dates, signatory, struttura)

SCHEMA = 1

# Keys whose values are typed on the way back (the names are this module's, nothing else's).
DECIMAL_KEYS = {"valore", "denominatore", "peso", "percent", "scostamento", "baseline", "target"}
DATE_KEYS = {"data_scadenza", "data_realizzazione", "data_atto", "data"}
DATETIME_KEYS = {"approvata_il", "registrata_il"}


def _d(value):
    return None if value is None else str(value)


def _iso(value):
    return None if value is None else value.isoformat()


def _label(instance, field_name):
    """`get_<field>_display()` as text, with the choices' labels translated once per language: at
    1,000 objectives translating the lazy label again on every row was a tenth of a rebuild."""
    value = getattr(instance, field_name)
    return str(_labels(type(instance), field_name, translation.get_language()).get(value, value))


@functools.cache
def _labels(model, field_name, language):
    return {value: str(label) for value, label in model._meta.get_field(field_name).flatchoices}


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
        "causa_label": _label(m, "causa_scostamento") if m.causa_scostamento else "",
        "motivazione": m.motivazione, "testo": m.testo,
    }


def _target(t):
    if t is None:
        return None
    return {"id": t.pk, "valore": _d(t.valore), "data_scadenza": _iso(t.data_scadenza),
            "variazione": str(t.variazione) if t.variazione_id else None,
            "confronto": t.confronto, "confronto_label": t.confronto_label, "testo": t.testo}


def _indicatore(ri):
    ind = ri.indicatore
    return {
        "indicatore": {
            "id": ind.pk, "nome": ind.nome, "formula": ind.formula, "direzione": ind.direzione,
            # "Crescente" only where it means something (not yes/no, deadlines, comparisons).
            "direzione_label": _label(ind, "direzione") if ri.direzione_significativa else "",
            "unita": ind.unita, "peso": _d(ri.peso if ri.peso is not None else ind.peso),
            "peso_indicato": ind.peso is not None,
            "tipo": ind.tipo, "tipo_label": _label(ind, "tipo"), "fonte_dati": ind.fonte_dati,
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


def _serie(ri, punti, *, anno, anno_inizio):
    """The history keys of an indicator entry: its baseline and the years before the Relazione's
    (oldest first), from its Piano and the Piani it continues (obiettivi.selectors.indicator_series)."""
    baseline, baseline_anno = selectors.baseline_of(ri.indicatore, punti, anno_inizio)
    return {
        "baseline": _d(baseline),
        "baseline_anno": baseline_anno,
        "serie": [{"anno": p.anno, "target": _d(p.target), "valore": _d(p.valore), "origine": p.origine,
                   "testo": p.testo} for p in punti if p.anno < anno],
    }


def _with_history(entry, ri, serie, *, anno, anno_inizio):
    entry.update(_serie(ri, serie.get(ri.indicatore.pk, []), anno=anno, anno_inizio=anno_inizio))
    # The indicator it continues: the public page of an indicator joins its years across Piani.
    entry["indicatore"]["deriva_da"] = ri.indicatore.deriva_da_id
    return entry


def _obiettivo(o):
    ob = o.obiettivo
    return {
        "obiettivo": {
            "id": ob.pk, "codice": ob.codice, "titolo": ob.titolo, "tipo": ob.tipo,
            "tipo_label": _label(ob, "tipo"), "responsabile": _person(ob.responsabile),
            "peso": _d(ob.peso), "risultato_atteso": ob.risultato_atteso,
            "descrizione": ob.descrizione, "altri_soggetti": ob.altri_soggetti,
            "aree_concorrenti": [{"id": a.pk, "codice": a.codice, "nome": a.nome} for a in ob.aree_concorrenti.all()],
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
                                 "stato_label": _label(o.monitoraggio_luglio, "stato")}
                                if o.monitoraggio_luglio and o.monitoraggio_luglio.stato else None),
        "indicatori": [_indicatore(ri) for ri in o.indicatori],
    }


def _obiettivo_with_history(o, serie, *, anno, anno_inizio):
    entry = _obiettivo(o)
    for item, ri in zip(entry["indicatori"], o.indicatori):
        _with_history(item, ri, serie, anno=anno, anno_inizio=anno_inizio)
    return entry


def relazione_data(relazione, *, risultati=None):
    """Every fact the report shows, read from the live rows, as a JSON-able dict."""
    ente, piano, anno = relazione.ente, relazione.piano, relazione.anno
    risultati = risultati or selectors.piano_results(piano=piano, anno=anno)
    periodi = periodi_of(relazione)
    testi = narrative(relazione, generated_texts(relazione, risultati=risultati, periodi=periodi))
    conteggi = risultati.conteggio_esiti()
    org = struttura(ente, risultati)

    def unita(area):
        return [{"id": u.pk, "codice": u.codice, "nome": u.nome, "responsabile": _person(u.responsabile)}
                for u in org.sottounita.get(area.pk, [])]

    def superiore(area):
        top = org.superiore.get(area.pk)
        return None if top is None or top.pk == area.pk else {"id": top.pk, "codice": top.codice, "nome": top.nome}
    serie = selectors.indicator_series([ri.indicatore for o in risultati.obiettivi for ri in o.indicatori])
    return {
        "schema": SCHEMA,
        "anno": anno,
        "ente": {"id": ente.pk, "nome": ente.nome, "nome_maiuscolo": ente.nome_maiuscolo, "slug": ente.slug,
                 "provincia": ente.provincia, "codice_ipa": ente.codice_ipa},
        "piano": {"id": piano.pk, "anno_inizio": piano.anno_inizio, "anno_fine": piano.anno_fine,
                  "numero_atto": piano.numero_atto, "data_atto": _iso(piano.data_atto),
                  "organo": str(piano.get_organo_approvazione_display()), "titolo": piano.titolo,
                  "era": piano_era(piano), "un_anno": piano_un_anno(piano)},
        "relazione": {"id": relazione.pk, "stato": relazione.stato, "approvata_il": _iso(relazione.approvata_il),
                      "firmatario": relazione.firmatario},
        "testi": {name: testo.paragrafi for name, testo in testi.items()},
        "risultati": {
            "grado": _achievement(risultati.grado),
            "grado_luglio": _achievement(risultati.grado_luglio),
            "conteggi": {e.value: n for e, n in conteggi.items()},
            "aree": [{
                "area": {"id": a.area.pk, "codice": a.area.codice, "nome": a.area.nome,
                         "responsabile": _person(a.area.responsabile), "superiore": superiore(a.area)},
                "sottounita": unita(a.area),
                "grado": _achievement(a.grado),
                "grado_luglio": _achievement(a.grado_luglio),
                "obiettivi": [_obiettivo_with_history(o, serie, anno=anno, anno_inizio=piano.anno_inizio)
                              for o in a.obiettivi],
            } for a in risultati.aree],
        },
        "processo": [{"fase": fase, "data": _iso(data), "successivo": successivo}
                     for fase, data, successivo in process_dates(relazione, periodi)],
        "approvazione": {"con_lacune": bool(relazione.approvazione_lacune),
                         "motivazione": relazione.approvazione_motivazione,
                         "lacune": list(relazione.approvazione_lacune or [])},
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
        "conteggi": [(e, conteggi.get(e.value, 0),
                      SINGULAR_LABELS[e] if conteggi.get(e.value, 0) == 1 else PLURAL_LABELS[e])
                     for e in Esito if e in PLURAL_LABELS],
        "grafico": esiti_chart(risultati),
        "processo": d.processo,
        "firmatario": d.firmatario,
        "approvazione": getattr(d, "approvazione", None),
    }


def attestazione_context(attestazione):
    """The attestazione of publication as light objects, dates typed (page and PDF alike)."""
    return _typed("", attestazione) if attestazione else None


def canonical(data):
    """The bytes whose SHA-256 is the snapshot's fingerprint (stable across databases)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def fingerprint(data):
    return hashlib.sha256(canonical(data)).hexdigest()
