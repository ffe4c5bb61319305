"""The one place the Relazione reads its data: the context of the page, the PDF and the CSV.

The figures come from obiettivi.selectors.piano_results; the narrative sentences are generated
from the data (the Piano's deliberation, the triennium, the mandate, the July monitoring), unless
the Segretario wrote their own text.
"""

from dataclasses import dataclass

from django.utils import timezone

from obiettivi import selectors
from obiettivi.achievement import Esito, format_percent
from obiettivi.models import Indicatore, Misurazione, Monitoraggio, Periodo, Ruolo

from .models import Relazione

NARRATIVE_FIELDS = ["presentazione", "contesto", "risorse", "pari_opportunita", "conclusione"]
PLURAL_LABELS = {
    Esito.RAGGIUNTO: "obiettivi raggiunti",
    Esito.PARZIALE: "parzialmente raggiunti",
    Esito.NON_RAGGIUNTO: "non raggiunti",
    Esito.NON_VALUTABILE: "non valutabili",
}
SINGULAR_LABELS = {
    Esito.RAGGIUNTO: "obiettivo raggiunto",
    Esito.PARZIALE: "parzialmente raggiunto",
    Esito.NON_RAGGIUNTO: "non raggiunto",
    Esito.NON_VALUTABILE: "non valutabile",
}


@dataclass
class Testo:
    """A narrative section in force: the Segretario's paragraphs, or those generated from the data."""

    paragrafi: list[str]


def _data(d):
    return d.strftime("%d/%m/%Y") if d else ""


DEFAULT_TITOLO = "Piano della Performance"
PIAO_DAL = 2022  # the PIAO (art. 6 D.L. 80/2021) absorbs the Piano della Performance from 2022


def conta(n, singolare, plurale):
    """A count with its noun agreeing: "1 area", "2 aree", "0 obiettivi"."""
    return f"{n} {singolare if n == 1 else plurale}"


def elenco(parti):
    """Italian list: "a", "a e b", "a, b e c"."""
    parti = [p for p in parti if p]
    if len(parti) <= 1:
        return "".join(parti)
    return f"{', '.join(parti[:-1])} e {parti[-1]}"


def piano_era(piano):
    """"peg" up to 2021 (the Piano is part of the PEG), "piao" from 2022 (sub-section 2.2 of the PIAO).
    The plan's first year decides: a plan is adopted in the frame of its own first year."""
    return "piao" if piano.anno_inizio >= PIAO_DAL else "peg"


def piano_un_anno(piano):
    return piano.anno_inizio == piano.anno_fine


def piano_periodo(piano, sep="–"):
    """"2016" for a one-year plan, "2018–2020" otherwise (never "2016/2016")."""
    return str(piano.anno_inizio) if piano_un_anno(piano) else f"{piano.anno_inizio}{sep}{piano.anno_fine}"


def piano_orizzonte(piano):
    """Where the objectives are to be reached: "per l'anno 2016", "nel triennio 2018/2020"."""
    if piano_un_anno(piano):
        return f"per l'anno {piano.anno_inizio}"
    anni = piano.anno_fine - piano.anno_inizio + 1
    parola = {2: "biennio", 3: "triennio"}.get(anni, "periodo")
    return f"nel {parola} {piano.anno_inizio}/{piano.anno_fine}"


def delibera_piano(piano):
    """"deliberazione Giunta Comunale n. 07 del 30/01/2018", with only the parts recorded; "" when
    neither the number nor the date is recorded."""
    numero, data = (piano.numero_atto or "").strip(), piano.data_atto
    if not numero and not data:
        return ""
    testo = f"deliberazione {piano.get_organo_approvazione_display()}"
    if numero:
        testo += f" n. {numero}"
    if data:
        testo += f" del {_data(data)}"
    return testo


DELIBERA_MANCANTE = "La deliberazione di approvazione del Piano non è ancora stata registrata."


@dataclass
class Struttura:
    """The organisation the plan's objectives belong to: the top-level areas (an objective given
    to a servizio counts for the area above it) and the sub-units of each."""

    aree: list  # Area rows, top level, in order
    sottounita: dict  # area id -> [Area] (direct children, in order)
    superiore: dict  # area id -> its top-level Area


def struttura(ente, risultati):
    from obiettivi.models import Area

    tutte = {a.pk: a for a in Area.objects.filter(ente=ente).select_related("responsabile")
             .order_by("ordine", "nome")}
    figli = {}
    for a in tutte.values():
        if a.superiore_id in tutte:
            figli.setdefault(a.superiore_id, []).append(a)

    def radice(area):
        seen = set()
        while area.superiore_id in tutte and area.pk not in seen:
            seen.add(area.pk)
            area = tutte[area.superiore_id]
        return area

    superiore, aree = {}, []
    for riga in risultati.aree:
        top = radice(tutte.get(riga.area.pk, riga.area))
        superiore[riga.area.pk] = top
        if top not in aree:
            aree.append(top)
    aree.sort(key=lambda a: (a.ordine, a.nome))
    return Struttura(aree=aree, sottounita=figli, superiore=superiore)


@dataclass
class Luglio:
    """What the July monitoring of the year was: "assente" (no period, or never opened), "vuoto"
    (opened, nothing entered), "svolto" (values or statuses recorded)."""

    stato: str
    valori: int = 0
    indicatori: int = 0


def luglio_stato(relazione, risultati, periodo):
    attivi = [o for o in risultati.obiettivi if not o.ritirato]
    valori = sum(o.inseriti_luglio for o in attivi)
    indicatori = sum(len(o.indicatori) for o in attivi)
    stati = any(o.monitoraggio_luglio and o.monitoraggio_luglio.stato for o in attivi)
    aperto = _tenuto(periodo)
    if valori or stati or relazione.esito_monitoraggio.strip():
        # Values can only be entered in an open period: they are the proof it was held.
        return Luglio("svolto", valori, indicatori)
    return Luglio("vuoto" if aperto else "assente", 0, indicatori)


def _tenuto(periodo):
    """The period was opened at least once (a planned period never opened held nothing)."""
    return periodo is not None and (periodo.aperto or periodo.chiuso_il is not None)


def periodi_of(relazione):
    return {p.tipo: p for p in Periodo.objects.filter(ente_id=relazione.ente_id, anno=relazione.anno)}


def generated_texts(relazione, *, risultati, periodi=None):
    """The sections as the data writes them (what a blank narrative field means). Each sentence
    is written only when its facts are recorded; what is missing is said plainly."""
    piano, ente, anno = relazione.piano, relazione.ente, relazione.anno
    periodi = periodi_of(relazione) if periodi is None else periodi
    era = piano_era(piano)
    delibera = delibera_piano(piano)
    mandato = (
        f"a seguito delle elezioni amministrative del {ente.mandato_inizio} ha definito le strategie dell'Ente "
        f"per il periodo {ente.mandato_inizio}/{ente.mandato_fine}"
        if ente.mandato_inizio and ente.mandato_fine else "ha definito le strategie dell'Ente per il mandato"
    )
    principi = ("ne coglie i principi ispiratori, ovvero, lavorare per obiettivi, misurare le prestazioni e "
                "valorizzare il merito.")
    if era == "piao":
        apertura = (f"La sottosezione 2.2 «Performance» del Piano Integrato di Attività e Organizzazione (PIAO) "
                    f"{piano_periodo(piano)}{f', approvato con {delibera},' if delibera else ''} è stata redatta ai "
                    f"sensi del D.Lgs. 150/2009 e dell'art. 6 del D.L. 80/2021 e {principi}")
    else:
        apertura = (f"Il Piano delle performance {anno}{f' approvato con {delibera}' if delibera else ''} è stato "
                    f"redatto ai sensi del D.Lgs. 150/2009 e {principi}")
    if not (piano.numero_atto.strip() and piano.data_atto):
        apertura += " " + (DELIBERA_MANCANTE if not delibera else
                           "Della deliberazione di approvazione del Piano non è "
                           f"{'registrato il numero' if not piano.numero_atto.strip() else 'registrata la data'}.")
    soggetto = "la sottosezione Performance" if era == "piao" else "il piano"
    presentazione = [
        apertura,
        f"{soggetto[0].upper()}{soggetto[1:]} individua in modo chiaro gli obiettivi che la struttura organizzativa "
        f"{ente.del_nome} deve raggiungere {piano_orizzonte(piano)}. Per ciascuno degli obiettivi sono definiti "
        "in modo puntuale i responsabili, i tempi di realizzazione, i risultati attesi e i relativi indicatori che "
        "permettono di misurarne la realizzazione. Questi obiettivi sono inoltre collegati alla valutazione della "
        "performance organizzativa e individuale di tutto il personale.",
    ]
    finalita = ("L'obiettivo della Relazione sulla Performance è di rendere intelligibili ed evidenti i risultati "
                "conseguiti in relazione agli obiettivi assegnati con il Piano della Performance. La Relazione "
                "pertanto, ha la finalità di rendere comprensibili ai cittadini ed a tutti gli altri stakeholders, "
                "interni ed esterni, i risultati di performance ottenuti nel corso del periodo di riferimento.")
    if era == "piao":
        presentazione.append(
            f"Dal {PIAO_DAL} il Piano della Performance non è più un documento a sé: è la sottosezione 2.2 "
            "«Performance» del Piano Integrato di Attività e Organizzazione (PIAO), introdotto dall'art. 6 del "
            "D.L. 80/2021, che riunisce in un solo documento la programmazione dell'Ente (valore pubblico, "
            "performance, rischi corruttivi e trasparenza, organizzazione e capitale umano). Gli obiettivi di "
            "performance discendono dalle linee del mandato amministrativo, che l'Amministrazione, presentandole "
            f"al Consiglio Comunale, {mandato}, e dal Documento Unico di Programmazione (DUP), collegato al "
            f"bilancio di previsione. {finalita}")
    else:
        presentazione.append(
            "Il Piano delle performance è necessariamente integrato con gli altri documenti di pianificazione adottati "
            "dal Comune, ciascuno dei quali interviene ad un livello di programmazione/pianificazione diverso, pur "
            "essendo collegati tra di loro: le linee del mandato amministrativo (oggi confluite - a seguito "
            "dell'entrata in vigore della c.d. contabilità armonizzata - nel Documento Unico di Programmazione - DUP) "
            f"presentato, dall'Amministrazione al Consiglio Comunale, {mandato}, la Relazione previsionale e "
            "Programmatica e i bilanci di previsione (anch'essi confluiti nel DUP) definiscono la programmazione "
            "triennale ed annuale delle attività ed il loro collegamento economico-finanziario, a sua volta meglio "
            "specificato e tradotto dal Piano Esecutivo di Gestione al cui interno, peraltro, è anche contenuto il Piano "
            "della Performance che individua e permette di misurarne gli obiettivi assegnati dall'Ente, siano essi "
            f"strategici o di mantenimento. {finalita}")
    presentazione.append(
        "Con la relazione sulla Performance si rendono noti il grado di raggiungimento degli obiettivi assegnati "
        "mediante la misurazione degli stessi raffrontata agli indicatori individuati ad inizio anno, potendo "
        "misurare, così, in modo chiaro e trasparente i risultati raggiunti.")
    luglio = luglio_stato(relazione, risultati, periodi.get(Periodo.Tipo.LUGLIO))
    if luglio.stato == "svolto":
        presentazione.append(
            f"A luglio {anno} in sede di ricognizione dello stato di attuazione dei programmi è stato effettuato un "
            f"monitoraggio degli indicatori del Piano che aveva indicato {july_outcome(relazione, risultati)}.")
    elif luglio.stato == "vuoto":
        presentazione.append(
            f"Il monitoraggio di luglio {anno} è stato aperto, ma non vi sono stati inseriti né valori degli "
            "indicatori né stati di attuazione degli obiettivi.")
    presentazione.append(
        f"La Relazione sulla performance è il documento che conclude il ciclo di gestione della performance per "
        f"l'anno {anno}.")
    return {"presentazione": presentazione, "contesto": _contesto(relazione, risultati),
            "risorse": [], "pari_opportunita": [], "conclusione": _conclusione(anno, risultati)}


def _contesto(relazione, risultati):
    piano, ente, anno = relazione.piano, relazione.ente, relazione.anno
    org = struttura(ente, risultati)
    nome = f"{ente.nome}{f' (Provincia di {ente.provincia})' if ente.provincia else ''}"
    documento = (f"La sottosezione Performance del PIAO {piano_periodo(piano)}" if piano_era(piano) == "piao"
                 else f"Il Piano della Performance {piano_periodo(piano)}")
    if not org.aree:
        return [f"{documento} non assegna obiettivi per l'anno {anno}."]
    nomi = ", ".join(a.nome for a in org.aree)
    n = len(org.aree)
    if all(a.responsabile_id for a in org.aree):
        affidate = "affidata a un responsabile" if n == 1 else "ciascuna affidata a un responsabile"
        struttura_frase = f"in {conta(n, 'area', 'aree')}, {affidate}: {nomi}."
    else:
        struttura_frase = f"in {conta(n, 'area', 'aree')}: {nomi}."
    frasi = [f"Il {nome} ha organizzato la propria struttura {struttura_frase}"]
    unita = sum(len(org.sottounita.get(a.pk, [])) for a in org.aree)
    if unita:
        if n == 1:
            nomi_unita = ", ".join(u.nome for u in org.sottounita[org.aree[0].pk])
            frasi.append(f"L'area si articola in {conta(unita, 'unità organizzativa', 'unità organizzative')} "
                         f"(servizi e uffici): {nomi_unita}.")
        else:
            per_area = "; ".join(f"{a.nome}: {', '.join(u.nome for u in org.sottounita[a.pk])}"
                                 for a in org.aree if org.sottounita.get(a.pk))
            frasi.append(f"Le aree si articolano in {conta(unita, 'unità organizzativa', 'unità organizzative')} "
                         f"(servizi e uffici) – {per_area}.")
    frasi.append(f"{documento} assegna {conta(len(risultati.obiettivi), 'obiettivo', 'obiettivi')} "
                 f"per l'anno {anno}.")
    return [" ".join(frasi)]


def _conclusione(anno, risultati):
    """The year in one sentence, only with figures that exist; what is missing is named."""
    conteggi = risultati.conteggio_esiti()
    attivi = sum(conteggi.values())
    if not attivi:
        return []
    mancanti = conteggi[Esito.MANCANTE]
    non_valutabili = conteggi[Esito.NON_VALUTABILE]
    valutati = attivi - mancanti - non_valutabili
    frasi = []
    if risultati.grado.percent is None or not valutati:
        frasi.append(f"Per il {anno} il grado di raggiungimento complessivo degli obiettivi non è ancora "
                     "calcolabile: nessun obiettivo ha i valori di fine anno necessari.")
    else:
        parti = []
        for esito, sing, plur in ((Esito.RAGGIUNTO, "raggiunto", "raggiunti"),
                                  (Esito.PARZIALE, "parzialmente raggiunto", "parzialmente raggiunti"),
                                  (Esito.NON_RAGGIUNTO, "non raggiunto", "non raggiunti")):
            n = conteggi[esito]
            if n:
                verbo = "" if parti else ("è stato " if n == 1 else "sono stati ")
                parti.append(f"{n} {verbo}{sing if n == 1 else plur}")
        su = conta(valutati, "obiettivo valutato", "obiettivi valutati") if valutati != attivi \
            else conta(valutati, "obiettivo", "obiettivi")
        frasi.append(
            f"Nel {anno} il grado di raggiungimento complessivo degli obiettivi dell'Ente, media dei gradi dei singoli "
            f"obiettivi pesata con i loro pesi, è pari a {format_percent(risultati.grado.percent)}: su {su}, "
            f"{elenco(parti)}.")
    if mancanti and valutati:
        frasi.append(f"Per {conta(mancanti, 'obiettivo', 'obiettivi')} mancano i valori di fine anno.")
    elif mancanti:
        frasi.append(f"Mancano i valori di fine anno di {conta(mancanti, 'obiettivo', 'obiettivi')}.")
    if non_valutabili:
        frasi.append(f"{conta(non_valutabili, 'obiettivo è stato dichiarato', 'obiettivi sono stati dichiarati')} "
                     f"non {'valutabile' if non_valutabili == 1 else 'valutabili'}.")
    return [" ".join(frasi)]


def july_outcome(relazione, risultati):
    """What the July monitoring found, in the words of a Relazione."""
    if relazione.esito_monitoraggio.strip():
        return relazione.esito_monitoraggio.strip()
    stati = [o.monitoraggio_luglio.stato for o in risultati.obiettivi
             if o.monitoraggio_luglio and o.monitoraggio_luglio.stato and not o.ritirato]
    if not stati:
        attivi = [o for o in risultati.obiettivi if not o.ritirato]
        valori = sum(o.inseriti_luglio for o in attivi)
        indicatori = sum(len(o.indicatori) for o in attivi)
        if valori == indicatori:
            return "il valore dell'unico indicatore" if indicatori == 1 else f"i valori di tutti i {indicatori} indicatori"
        return f"{'il valore di 1 indicatore' if valori == 1 else f'i valori di {valori} indicatori'} su {indicatori}"
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
    if not in_linea:
        return (f"nessun obiettivo in linea con quanto programmato: su {conta(len(stati), 'obiettivo', 'obiettivi')}, "
                f"{' e '.join(parti)}")
    return (f"un avanzamento in linea con quanto programmato per {in_linea} "
            f"{'obiettivo' if in_linea == 1 else 'obiettivi'} su {len(stati)}, con {' e '.join(parti)}")


def approval_gaps(*, piano, anno, risultati, periodi):
    """What is incomplete in the year, in plain Italian, one line per gap, for the Segretario before
    approving: periods never opened, values not entered (per period and area), missed targets without
    a motivazione, objectives without indicators, acts not recorded. Reads only its arguments."""
    lacune = []
    if not (piano.numero_atto or "").strip() or piano.data_atto is None:
        lacune.append("La deliberazione di approvazione del Piano non è registrata (numero e data dell'atto).")
    tenuti = {}
    for tipo, nome in ((Periodo.Tipo.LUGLIO, "monitoraggio di luglio"), (Periodo.Tipo.CONSUNTIVO, "consuntivo di fine anno")):
        tenuti[tipo] = _tenuto(periodi.get(tipo))
        if not tenuti[tipo]:
            lacune.append(f"Il periodo del {nome} {anno} non è mai stato aperto.")
    for riga in risultati.aree:
        indicatori = [ri for o in riga.obiettivi if not o.ritirato for ri in o.indicatori]
        for tipo, nome in ((Periodo.Tipo.LUGLIO, "al monitoraggio di luglio"), (Periodo.Tipo.CONSUNTIVO, "a fine anno")):
            # July values matter only if July was held; the year-end ones always. In July a deadline
            # not yet met has no date: that is its value ("not yet"), not a gap.
            if tipo == Periodo.Tipo.LUGLIO:
                if not tenuti[tipo]:
                    continue
                n = sum(1 for ri in indicatori if not selectors.has_value(ri.luglio)
                        and ri.indicatore.formula != Indicatore.TipoFormula.SCADENZA)
            else:
                n = sum(1 for ri in indicatori if not selectors.has_value(ri.consuntivo))
            if n:
                lacune.append(f"{riga.area.nome}: {conta(n, 'valore non inserito', 'valori non inseriti')} {nome}.")
    for o in risultati.obiettivi:
        if o.ritirato:
            continue
        codice = o.obiettivo.codice
        if not o.indicatori:
            lacune.append(f"Obiettivo {codice} «{o.obiettivo.titolo}»: nessun indicatore.")
        for ri in o.indicatori:
            if ri.target_mancato and not (ri.rettifica and ri.rettifica.non_valutabile) \
                    and not (ri.consuntivo and (ri.consuntivo.motivazione or "").strip()):
                lacune.append(f"Obiettivo {codice}, indicatore «{ri.indicatore.nome}»: target non raggiunto "
                              "senza la motivazione dello scostamento.")
    return lacune


def relazione_gaps(relazione, risultati=None):
    """approval_gaps read from the live rows of the Relazione's year."""
    risultati = risultati or selectors.piano_results(piano=relazione.piano, anno=relazione.anno)
    return approval_gaps(piano=relazione.piano, anno=relazione.anno, risultati=risultati,
                         periodi=periodi_of(relazione))


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


def process_dates(relazione, periodi=None):
    """The acts of the cycle, in order: (what, date or None, whether it comes after approval).

    Validation, delibera and publication follow the approval, so an approved version never has
    their dates: they are in the attestazione that publication adds to it."""
    piano, anno = relazione.piano, relazione.anno
    periodi = periodi_of(relazione) if periodi is None else periodi
    luglio = periodi.get(Periodo.Tipo.LUGLIO)
    consuntivo = periodi.get(Periodo.Tipo.CONSUNTIVO)
    delibera = delibera_piano(piano)
    documento = (f"della sottosezione Performance del PIAO {piano_periodo(piano)}" if piano_era(piano) == "piao"
                 else f"del Piano della Performance {piano_periodo(piano)}")
    return [
        (f"Approvazione {documento} ({delibera if delibera else 'deliberazione non ancora registrata'})",
         piano.data_atto, False),
        *[(f"Variazione del Piano: {v}", v.data_atto, False) for v in piano.variazioni.all() if v.data_atto.year <= anno],
        ("Monitoraggio intermedio (ricognizione dello stato di attuazione dei programmi)",
         relazione.data_monitoraggio or (luglio.data_chiusura if _tenuto(luglio) else None), False),
        ("Rilevazione dei valori di fine anno (consuntivo)",
         consuntivo.data_chiusura if _tenuto(consuntivo) else None, False),
        ("Approvazione della Relazione da parte del Segretario Comunale",
         timezone.localtime(relazione.approvata_il).date() if relazione.approvata_il else None, False),
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
        "lacune": relazione_gaps(relazione, risultati) if relazione.stato == Relazione.Stato.BOZZA else [],
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
