"""The one place the Relazione reads its data: the context of the page, the PDF and the CSV.

The figures come from obiettivi.selectors.piano_results; the narrative sentences are generated
from the data (the Piano's deliberation, the triennium, the mandate, the July monitoring), unless
the Segretario wrote their own text.
"""

from dataclasses import dataclass

from obiettivi import selectors
from obiettivi.achievement import Esito, format_percent
from obiettivi.models import Misurazione, Monitoraggio, Periodo, Ruolo

from .models import Relazione

NARRATIVE_FIELDS = ["presentazione", "contesto", "risorse", "pari_opportunita", "conclusione"]
PLURAL_LABELS = {
    Esito.RAGGIUNTO: "obiettivi raggiunti",
    Esito.PARZIALE: "parzialmente raggiunti",
    Esito.NON_RAGGIUNTO: "non raggiunti",
    Esito.NON_VALUTABILE: "non valutabili",
}


@dataclass
class Testo:
    """A narrative section in force: the Segretario's paragraphs, or those generated from the data."""

    paragrafi: list[str]


def _data(d):
    return d.strftime("%d/%m/%Y") if d else ""


def generated_texts(relazione, *, risultati):
    """The sections as the data writes them (what a blank narrative field means)."""
    piano, ente, anno = relazione.piano, relazione.ente, relazione.anno
    organo = piano.get_organo_approvazione_display()
    mandato = (
        f"a seguito delle elezioni amministrative del {ente.mandato_inizio} ha definito le strategie dell'Ente "
        f"per il periodo {ente.mandato_inizio}/{ente.mandato_fine}"
        if ente.mandato_inizio and ente.mandato_fine else "ha definito le strategie dell'Ente per il mandato"
    )
    presentazione = [
        f"Il Piano delle performance {anno} approvato con deliberazione {organo} n. {piano.numero_atto} del "
        f"{_data(piano.data_atto)} è stato redatto ai sensi del D.Lgs. 150/2009 e ne coglie i principi ispiratori, "
        "ovvero, lavorare per obiettivi, misurare le prestazioni e valorizzare il merito.",
        f"Il piano individua in modo chiaro gli obiettivi che la struttura organizzativa del {ente.nome} deve "
        f"raggiungere nel triennio {piano.anno_inizio}/{piano.anno_fine}. Per ciascuno degli obiettivi sono definiti "
        "in modo puntuale i responsabili, i tempi di realizzazione, i risultati attesi e i relativi indicatori che "
        "permettono di misurarne la realizzazione. Questi obiettivi sono inoltre collegati alla valutazione della "
        "performance organizzativa e individuale di tutto il personale.",
        "Il Piano delle performance è necessariamente integrato con gli altri documenti di pianificazione adottati "
        "dal Comune, ciascuno dei quali interviene ad un livello di programmazione/pianificazione diverso, pur "
        "essendo collegati tra di loro: le linee del mandato amministrativo (oggi confluite - a seguito "
        "dell'entrata in vigore della c.d. contabilità armonizzata - nel Documento Unico di Programmazione - DUP) "
        f"presentato, dall'Amministrazione al Consiglio Comunale, {mandato}, la Relazione previsionale e "
        "Programmatica e i bilanci di previsione (anch'essi confluiti nel DUP) definiscono la programmazione "
        "triennale ed annuale delle attività ed il loro collegamento economico-finanziario, a sua volta meglio "
        "specificato e tradotto dal Piano Esecutivo di Gestione al cui interno, peraltro, è anche contenuto il Piano "
        "della Performance che individua e permette di misurarne gli obiettivi assegnati dall'Ente, siano essi "
        "strategici o di mantenimento. L'obiettivo della Relazione sulla Performance è di rendere intelligibili ed "
        "evidenti i risultati conseguiti in relazione agli obiettivi assegnati con il Piano della Performance. La "
        "Relazione pertanto, ha la finalità di rendere comprensibili ai cittadini ed a tutti gli altri stakeholders, "
        "interni ed esterni, i risultati di performance ottenuti nel corso del periodo di riferimento.",
        "Con la relazione sulla Performance si rendono noti il grado di raggiungimento degli obiettivi assegnati "
        "mediante la misurazione degli stessi raffrontata agli indicatori individuati ad inizio anno, potendo "
        "misurare, così, in modo chiaro e trasparente i risultati raggiunti.",
        f"A luglio {anno} in sede di ricognizione dello stato di attuazione dei programmi è stato effettuato un "
        f"monitoraggio degli indicatori del Piano che aveva indicato {july_outcome(relazione, risultati)}.",
        f"La Relazione sulla performance è il documento che conclude il ciclo di gestione della performance per "
        f"l'anno {anno}.",
    ]
    conteggi = risultati.conteggio_esiti()
    valutati = sum(conteggi.values())
    conclusione = [
        f"Nel {anno} il grado di raggiungimento complessivo degli obiettivi dell'Ente, media dei gradi dei singoli "
        f"obiettivi pesata con i loro pesi, è pari a {format_percent(risultati.grado.percent)}: su {valutati} "
        f"obiettivi, {conteggi[Esito.RAGGIUNTO]} sono stati raggiunti, {conteggi[Esito.PARZIALE]} parzialmente "
        f"raggiunti e {conteggi[Esito.NON_RAGGIUNTO]} non raggiunti."
    ]
    aree = ", ".join(a.area.nome for a in risultati.aree)
    contesto = [
        f"Il {ente.nome}{f' (Provincia di {ente.provincia})' if ente.provincia else ''} ha organizzato la propria "
        f"struttura in {len(risultati.aree)} aree, ciascuna affidata a un responsabile: {aree}. "
        f"Il Piano della Performance {piano.anno_inizio}–{piano.anno_fine} assegna loro "
        f"{len(risultati.obiettivi)} obiettivi per l'anno {anno}."
    ]
    return {"presentazione": presentazione, "contesto": contesto, "risorse": [], "pari_opportunita": [],
            "conclusione": conclusione}


def july_outcome(relazione, risultati):
    """What the July monitoring found, in the words of a Relazione."""
    if relazione.esito_monitoraggio.strip():
        return relazione.esito_monitoraggio.strip()
    stati = [o.monitoraggio_luglio.stato for o in risultati.obiettivi
             if o.monitoraggio_luglio and o.monitoraggio_luglio.stato and not o.ritirato]
    if not stati:
        return "lo stato di avanzamento degli obiettivi"
    in_ritardo = stati.count(Monitoraggio.Stato.IN_RITARDO)
    critici = stati.count(Monitoraggio.Stato.CRITICO)
    if not in_ritardo and not critici:
        return "un avanzamento in linea con quanto programmato"
    parti = []
    if in_ritardo:
        parti.append(f"{in_ritardo} in ritardo")
    if critici:
        parti.append(f"{critici} in situazione critica")
    in_linea = len(stati) - in_ritardo - critici
    return (f"un avanzamento in linea con quanto programmato per {in_linea} obiettivi su {len(stati)}, "
            f"con {' e '.join(parti)}")


def narrative(relazione, generated):
    """Each section: the Segretario's text where written, else the generated one."""
    sections = {}
    for name in NARRATIVE_FIELDS:
        own = getattr(relazione, name).strip()
        if own:
            sections[name] = Testo([p.strip() for p in own.split("\n\n") if p.strip()])
        else:
            sections[name] = Testo(generated[name])
    return sections


def process_dates(relazione):
    """The acts of the cycle, in order: (what, date or None, whether it comes after approval).

    Validation, delibera and publication follow the approval, so an approved version never has
    their dates: they are in the attestazione that publication adds to it."""
    piano, ente, anno = relazione.piano, relazione.ente, relazione.anno
    periodi = {p.tipo: p for p in Periodo.objects.filter(ente=ente, anno=anno)}
    luglio = periodi.get(Periodo.Tipo.LUGLIO)
    consuntivo = periodi.get(Periodo.Tipo.CONSUNTIVO)
    return [
        (f"Approvazione del Piano della Performance {piano.anno_inizio}–{piano.anno_fine} "
         f"(deliberazione {piano.get_organo_approvazione_display()} n. {piano.numero_atto})", piano.data_atto, False),
        *[(f"Variazione del Piano: {v}", v.data_atto, False) for v in piano.variazioni.all() if v.data_atto.year <= anno],
        ("Monitoraggio intermedio (ricognizione dello stato di attuazione dei programmi)",
         relazione.data_monitoraggio or (luglio.data_chiusura if luglio else None), False),
        ("Rilevazione dei valori di fine anno (consuntivo)", consuntivo.data_chiusura if consuntivo else None, False),
        ("Approvazione della Relazione da parte del Segretario Comunale",
         relazione.approvata_il.date() if relazione.approvata_il else None, False),
        ("Validazione del Nucleo di Valutazione", None, True),
        ("Approvazione della Giunta Comunale", None, True),
        ("Pubblicazione in Amministrazione Trasparente", None, True),
    ]


def signatory(relazione):
    """The name under "IL SEGRETARIO COMUNALE": as signed at approval, else the Segretario's."""
    if relazione.firmatario:
        return relazione.firmatario
    ruolo = (Ruolo.objects.filter(ente_id=relazione.ente_id, tipo=Ruolo.Tipo.SEGRETARIO)
             .select_related("utente").order_by("id").first())
    if ruolo is None:
        return ""
    return ruolo.denominazione or ruolo.utente.get_full_name()


def relazione_context(relazione):
    """The live report's context (a draft's preview, the Segretario's page): the same plain data an
    approval stores, plus the Relazione itself and the generated texts the narrative form offers."""
    from .snapshot import context_from_data, relazione_data

    risultati = selectors.piano_results(piano=relazione.piano, anno=relazione.anno)
    data = relazione_data(relazione, risultati=risultati)
    generated = generated_texts(relazione, risultati=risultati)
    return {
        **context_from_data(data),
        "relazione": relazione,
        "ente": relazione.ente,
        "piano": relazione.piano,
        "testi_generati": {k: "\n\n".join(v) for k, v in generated.items()},
        "periodi": Misurazione.Periodo,
    }


def relazione_for(ente, anno):
    """The Relazione of a year: the stored one, or an unsaved draft when none exists yet."""
    relazione = Relazione.objects.filter(ente=ente, anno=anno).select_related("piano", "ente").first()
    if relazione is not None:
        return relazione
    piano = selectors.piano_for_year(ente, anno)
    if piano is None:
        return None
    return Relazione(ente=ente, piano=piano, anno=anno)
