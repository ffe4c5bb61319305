"""The Lodrino demo: the Piano della Performance 2018-2020 of the Comune di Lodrino (BS).

The ente, the deliberation, the Segretario and the July 2018 outcome are those of the real 2018
Relazione; the areas, people and objectives are illustrative, as a small Lombard comune has them.
"""

from datetime import date, datetime
from zoneinfo import ZoneInfo
from decimal import Decimal as D

DEMO_PASSWORD = "Lodrino-2018"

ENTE = {
    "slug": "lodrino",
    "nome": "Comune di Lodrino",
    "provincia": "Brescia",
    "anno_corrente": 2019,
    "mandato_inizio": 2014,
    "mandato_fine": 2019,
    # The frame of a PA site (footer) and the PIAO's simplified annex: demo values, to be replaced with
    # the ente's own in «Impostazioni dell'ente».
    "indirizzo": "Piazza Municipio 1, 25060 Lodrino (BS)",
    "pec": "protocollo@pec.comune.lodrino.example.it",
    "codice_fiscale": "",  # not invented: the footer prints only what the ente has entered
    "numero_dipendenti": 9,
    "url_accessibilita": "https://form.agid.gov.it/view/demo-lodrino",
    "url_privacy": "https://www.comune.lodrino.example.it/privacy/",
    "url_note_legali": "https://www.comune.lodrino.example.it/note-legali/",
}

PIANO = {
    "anno_inizio": 2018,
    "anno_fine": 2020,
    "titolo": "Piano della Performance",
    "numero_atto": "07",
    "data_atto": date(2018, 1, 30),
}
PIANO_PUBBLICATO_IL = datetime(2018, 2, 6, 10, 0, tzinfo=ZoneInfo("Europe/Rome"))

# username, first name, last name, how they sign, role
SEGRETARIO = ("segretario", "Alberto", "Lorenzi", "Lorenzi dott. Alberto")
NUCLEO = ("nucleo", "Giovanna", "Pedretti", "Pedretti dott.ssa Giovanna")
ADMIN = ("admin", "Marco", "Belleri", "")

# code, name, responsabile (username, first, last, signature)
AREE = [
    ("AMM", "Area amministrativa e servizi demografici", ("lbonomi", "Laura", "Bonomi", "Bonomi rag. Laura")),
    ("FIN", "Area economico-finanziaria e tributi", ("mzanetti", "Marta", "Zanetti", "Zanetti dott.ssa Marta")),
    ("TEC", "Area tecnica: lavori pubblici, urbanistica e ambiente", ("pgatta", "Paolo", "Gatta", "Gatta geom. Paolo")),
    ("SOC", "Area servizi alla persona e istruzione", ("sferraglio", "Silvia", "Ferraglio", "Ferraglio dott.ssa Silvia")),
]

STRATEGICI = [
    ("OS1", "Un Comune efficiente, digitale e trasparente", "Linea di mandato 1 – La macchina comunale al servizio dei cittadini"),
    ("OS2", "Conti in ordine ed equità fiscale", "Linea di mandato 2 – Bilancio sano e tributi equi"),
    ("OS3", "Territorio curato e sostenibile", "Linea di mandato 3 – Ambiente, strade e territorio"),
    ("OS4", "Una comunità che si prende cura", "Linea di mandato 4 – Famiglie, anziani, scuola e cultura"),
]

# The objectives run through the plan's three years, each year with its own targets: their
# scadenza is the plan's (or its last year's deadline), and their phases are dated in the year they
# belong to, so that 2019 reads as coherently as 2018.
FINE_PIANO = date(2020, 12, 31)

# Indicator tuple: name, kind, formula, unit, direction, weight, baseline,
#   targets {year: value or date}, July 2018 (valore, denominatore) or date, year-end 2018 likewise,
#   (cause, motivazione) when the year-end misses the target.
OBIETTIVI = [
    {
        "codice": "AMM.1", "area": "AMM", "tipo": "strategico", "peso": D(8), "programma": "0108", "strategico": "OS1",
        "titolo": "Digitalizzazione del protocollo e dei flussi documentali",
        "descrizione": "Completare il passaggio al protocollo informatico e avviare la conservazione digitale a norma dei documenti.",
        "risultato_atteso": "Almeno il 90% dei documenti in entrata protocollati e fascicolati in formato digitale.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO,
        "fasi": [("Analisi dei flussi e formazione del personale", date(2018, 1, 15), date(2018, 3, 31)),
                 ("Attivazione della conservazione a norma", date(2018, 4, 1), date(2018, 9, 30)),
                 ("Verifica e reportistica", date(2018, 10, 1), date(2018, 12, 31)),
                 ("Fascicolazione digitale dei procedimenti dei servizi demografici", date(2019, 1, 15), date(2019, 6, 30)),
                 ("Verifica e reportistica", date(2019, 10, 1), date(2019, 12, 31))],
        "indicatori": [
            ("Documenti in entrata protocollati in digitale", "efficacia", "rapporto", "%", "crescente", D(60), D(62),
             {2018: D(90), 2019: D(95), 2020: D(98)}, (D(1580), D(1850)), (D(3410), D(3620)), None),
            ("Attivazione della conservazione digitale a norma", "temporale", "scadenza", "", "crescente", D(40), None,
             {2018: date(2018, 9, 30), 2019: date(2019, 6, 30), 2020: date(2020, 6, 30)}, None, date(2018, 9, 21), None),
        ],
    },
    {
        "codice": "AMM.2", "area": "AMM", "tipo": "mantenimento", "peso": D(6), "programma": "0107", "strategico": "OS1",
        "titolo": "Tempestività dei servizi demografici",
        "descrizione": "Garantire il rilascio della carta d'identità elettronica e delle certificazioni in tempi brevi.",
        "risultato_atteso": "Tempo medio di rilascio della CIE non superiore a 5 giorni lavorativi.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO, "fasi": [],
        "indicatori": [
            ("Giorni medi di attesa per l'appuntamento CIE", "efficienza", "numero", "giorni", "decrescente", D(50), D(7),
             {2018: D(5), 2019: D(5), 2020: D(4)}, (D("5.5"), None), (D("4.5"), None), None),
            ("Carte d'identità elettroniche rilasciate", "efficacia", "numero", "carte", "crescente", D(50), D(180),
             {2018: D(300), 2019: D(320), 2020: D(320)}, (D(162), None), (D(334), None), None),
        ],
    },
    {
        "codice": "AMM.3", "area": "AMM", "tipo": "strategico", "peso": D(8), "programma": "0102", "strategico": "OS1",
        "titolo": "Trasparenza e prevenzione della corruzione",
        "descrizione": "Assolvere gli obblighi di pubblicazione di Amministrazione Trasparente e attuare le misure del PTPCT.",
        "risultato_atteso": "Tutti gli obblighi di pubblicazione assolti alla verifica del Nucleo di Valutazione.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO, "fasi": [],
        "indicatori": [
            ("Obblighi di pubblicazione assolti", "qualita", "rapporto", "%", "crescente", D(70), D(85),
             {2018: D(100), 2019: D(100), 2020: D(100)}, (D(71), D(80)), (D(80), D(80)), None),
            ("Aggiornamento del PTPCT approvato dalla Giunta", "temporale", "scadenza", "", "crescente", D(30), None,
             {2018: date(2018, 1, 31), 2019: date(2019, 1, 31), 2020: date(2020, 1, 31)}, date(2018, 1, 30), date(2018, 1, 30), None),
        ],
    },
    {
        "codice": "AMM.4", "area": "AMM", "tipo": "mantenimento", "peso": D(5), "programma": "0502", "strategico": "OS4",
        "titolo": "Biblioteca civica e iniziative culturali",
        "descrizione": "Mantenere l'apertura della biblioteca e promuovere la lettura con iniziative per tutte le età.",
        "risultato_atteso": "Almeno 2.500 prestiti e 8 iniziative culturali nell'anno.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO, "fasi": [],
        "indicatori": [
            ("Prestiti della biblioteca", "efficacia", "numero", "prestiti", "crescente", D(60), D(2310),
             {2018: D(2500), 2019: D(2600), 2020: D(2700)}, (D(1240), None), (D(2380), None),
             ("esterna", "La biblioteca è rimasta chiusa sei settimane per i lavori di adeguamento antincendio, non previsti a inizio anno.")),
            ("Iniziative culturali organizzate", "efficacia", "numero", "iniziative", "crescente", D(40), D(6),
             {2018: D(8), 2019: D(8), 2020: D(9)}, (D(4), None), (D(9), None), None),
        ],
    },
    {
        "codice": "FIN.1", "area": "FIN", "tipo": "strategico", "peso": D(10), "programma": "0104", "strategico": "OS2",
        "titolo": "Recupero dell'evasione IMU e TARI",
        "descrizione": "Verificare le posizioni tributarie degli anni pregressi ed emettere gli avvisi di accertamento.",
        "risultato_atteso": "Accertamenti per almeno 40.000 euro.",
        "inizio": date(2018, 2, 1), "scadenza": FINE_PIANO,
        "fasi": [("Incrocio delle banche dati catastali e tributarie", date(2018, 2, 1), date(2018, 5, 31)),
                 ("Emissione degli avvisi di accertamento", date(2018, 6, 1), date(2018, 11, 30)),
                 ("Incrocio delle banche dati per l'annualità 2015", date(2019, 2, 1), date(2019, 5, 31)),
                 ("Emissione degli avvisi di accertamento", date(2019, 6, 1), date(2019, 11, 30))],
        "indicatori": [
            ("Importo accertato", "efficacia", "numero", "€", "crescente", D(70), D(28500),
             {2018: D(40000), 2019: D(42000), 2020: D(42000)}, (D(16200), None), (D("43870.50"), None), None),
            ("Avvisi di accertamento emessi", "efficacia", "numero", "avvisi", "crescente", D(30), D(95),
             {2018: D(120), 2019: D(120), 2020: D(110)}, (D(38), None), (D(131), None), None),
        ],
    },
    {
        "codice": "FIN.2", "area": "FIN", "tipo": "mantenimento", "peso": D(7), "programma": "0103", "strategico": "OS2",
        "titolo": "Tempestività dei pagamenti ai fornitori",
        "descrizione": "Pagare le fatture commerciali entro la scadenza, monitorando l'indicatore annuale di tempestività.",
        "risultato_atteso": "Indicatore annuale di tempestività dei pagamenti non superiore a 0 giorni.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO, "fasi": [],
        "indicatori": [
            ("Indicatore di tempestività dei pagamenti", "efficienza", "numero", "giorni", "decrescente", D(100), D(4),
             {2018: D(0), 2019: D(0), 2020: D(0)}, (D("1.2"), None), (D("-3.4"), None), None),
        ],
    },
    {
        "codice": "FIN.3", "area": "FIN", "tipo": "mantenimento", "peso": D(6), "programma": "0103", "strategico": "OS2",
        "titolo": "Approvazione del rendiconto e del bilancio nei termini di legge",
        "descrizione": "Predisporre gli schemi di rendiconto e di bilancio di previsione nei termini.",
        "risultato_atteso": "Rendiconto 2017 approvato entro il 30 aprile 2018.",
        "inizio": date(2018, 1, 1), "scadenza": date(2020, 4, 30), "fasi": [],
        "indicatori": [
            ("Approvazione del rendiconto in Consiglio", "temporale", "scadenza", "", "crescente", D(100), None,
             {2018: date(2018, 4, 30), 2019: date(2019, 4, 30), 2020: date(2020, 4, 30)}, date(2018, 4, 27), date(2018, 4, 27), None),
        ],
    },
    {
        "codice": "TEC.1", "area": "TEC", "tipo": "strategico", "peso": D(10), "programma": "1005", "strategico": "OS3",
        "titolo": "Riqualificazione della viabilità comunale",
        "descrizione": "Asfaltare e mettere in sicurezza i tratti ammalorati delle strade comunali, in particolare via Roma e la strada per Invico.",
        "risultato_atteso": "3 km di strade riasfaltate e lavori avviati entro il 30 giugno.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO,
        "fasi": [("Progettazione esecutiva", date(2018, 1, 1), date(2018, 3, 31)),
                 ("Gara e aggiudicazione", date(2018, 4, 1), date(2018, 6, 15)),
                 ("Esecuzione dei lavori", date(2018, 6, 30), date(2018, 11, 30)),
                 ("Completamento del tratto residuo di 600 metri", date(2019, 3, 1), date(2019, 3, 31)),
                 ("Gara per le strade del 2019", date(2019, 3, 1), date(2019, 5, 31)),
                 ("Esecuzione dei lavori del 2019", date(2019, 6, 1), date(2019, 10, 31))],
        "indicatori": [
            ("Strade riasfaltate", "efficacia", "numero", "km", "crescente", D(70), D("1.8"),
             {2018: D(3), 2019: D("2.5"), 2020: D("2.5")}, (D("0.6"), None), (D("2.4"), None),
             ("esterna", "Le piogge eccezionali di ottobre e novembre hanno sospeso il cantiere per tre settimane; il tratto residuo di 600 metri è stato completato nel marzo 2019.")),
            ("Avvio dei lavori", "temporale", "scadenza", "", "crescente", D(30), None,
             {2018: date(2018, 6, 30), 2019: date(2019, 5, 31), 2020: date(2020, 5, 31)}, date(2018, 7, 16), date(2018, 7, 16),
             ("interna", "L'aggiudicazione ha richiesto un secondo esperimento di gara per l'esclusione dell'unica offerta pervenuta.")),
        ],
    },
    {
        "codice": "TEC.2", "area": "TEC", "tipo": "strategico", "peso": D(9), "programma": "0903", "strategico": "OS3",
        "titolo": "Aumento della raccolta differenziata",
        "descrizione": "Estendere la raccolta porta a porta dell'umido e sensibilizzare le famiglie alla corretta differenziazione.",
        "risultato_atteso": "Raccolta differenziata al 70% e rifiuto indifferenziato sotto le 250 tonnellate.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO, "fasi": [],
        "indicatori": [
            ("Percentuale di raccolta differenziata", "efficacia", "numero", "%", "crescente", D(60), D(65),
             {2018: D(70), 2019: D(72), 2020: D(75)}, (D("67.2"), None), (D("68.5"), None),
             ("esterna", "L'estensione del porta a porta dell'umido è slittata al 2019 per il cambio del gestore del servizio deciso dalla Comunità Montana.")),
            ("Rifiuto indifferenziato prodotto", "efficacia", "numero", "t", "decrescente", D(40), D(268),
             {2018: D(250), 2019: D(240), 2020: D(230)}, (D(124), None), (D(238), None), None),
        ],
    },
    {
        "codice": "TEC.3", "area": "TEC", "tipo": "mantenimento", "peso": D(6), "programma": "0105", "strategico": "OS3",
        "titolo": "Manutenzione del patrimonio e degli edifici scolastici",
        "descrizione": "Eseguire gli interventi di manutenzione richiesti per la scuola primaria, il municipio e gli impianti sportivi.",
        "risultato_atteso": "Almeno il 95% delle richieste di intervento evase nell'anno.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO, "fasi": [],
        "indicatori": [
            ("Richieste di manutenzione evase", "efficacia", "rapporto", "%", "crescente", D(100), D(91),
             {2018: D(95), 2019: D(95), 2020: D(95)}, (D(41), D(44)), (D(87), D(90)), None),
        ],
    },
    {
        "codice": "TEC.4", "area": "TEC", "tipo": "mantenimento", "peso": D(5), "programma": "0801", "strategico": "OS3",
        "titolo": "Tempi di conclusione delle pratiche edilizie",
        "descrizione": "Ridurre i tempi di rilascio dei titoli edilizi con l'istruttoria telematica.",
        "risultato_atteso": "Tempo medio di rilascio dei permessi di costruire entro 60 giorni.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO, "fasi": [],
        "indicatori": [
            ("Giorni medi per il rilascio del permesso di costruire", "efficienza", "numero", "giorni", "decrescente", D(100), D(68),
             {2018: D(60), 2019: D(55), 2020: D(50)}, (D(57), None), (D(52), None), None),
        ],
    },
    {
        "codice": "SOC.1", "area": "SOC", "tipo": "strategico", "peso": D(10), "programma": "1203", "strategico": "OS4",
        "titolo": "Sostegno alle famiglie e agli anziani soli",
        "descrizione": "Attivare il servizio di pasti a domicilio e rispondere a tutte le domande di contributo delle famiglie.",
        "risultato_atteso": "Servizio pasti a domicilio attivo e tutte le domande istruite.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO, "fasi": [],
        "indicatori": [
            ("Domande di contributo istruite", "efficacia", "rapporto", "%", "crescente", D(50), D(96),
             {2018: D(100), 2019: D(100), 2020: D(100)}, (D(23), D(23)), (D(52), D(52)), None),
            ("Servizio di pasti a domicilio attivato", "efficacia", "si_no", "", "crescente", D(50), None,
             {2018: D(1), 2019: D(1), 2020: D(1)}, (D(0), None), (D(1), None), None),
        ],
    },
    {
        "codice": "SOC.2", "area": "SOC", "tipo": "mantenimento", "peso": D(10), "programma": "0406", "strategico": "OS4",
        "titolo": "Servizi scolastici: mensa e trasporto",
        "descrizione": "Garantire mensa e trasporto scolastico per la scuola primaria, rilevando la soddisfazione delle famiglie.",
        "risultato_atteso": "Almeno 110 iscritti alla mensa e giudizio positivo delle famiglie.",
        "inizio": date(2018, 1, 1), "scadenza": FINE_PIANO, "fasi": [],
        "indicatori": [
            ("Iscritti al servizio mensa", "efficacia", "numero", "alunni", "crescente", D(60), D(104),
             {2018: D(110), 2019: D(110), 2020: D(112)}, (D(107), None), (D(112), None), None),
            ("Soddisfazione delle famiglie (questionario)", "qualita", "testuale", "", "crescente", D(40), None,
             {2018: D(100), 2019: D(100), 2020: D(100)}, None, (D(85), None),
             ("interna", "Il questionario segnala ritardi del trasporto nella frazione di Invico: il percorso è stato rivisto da gennaio 2019.")),
        ],
    },
]

# July 2018 status of each objective: (stato, commento, azioni correttive). As the real 2018
# Relazione says, the July monitoring found every objective "in linea con quanto programmato".
MONITORAGGIO_LUGLIO = {
    "TEC.1": ("in_linea", "Aggiudicazione slittata a luglio per la gara andata deserta; fine lavori confermata entro l'anno.", "Cronoprogramma dei lavori compresso; direzione lavori rafforzata."),
    "AMM.4": ("in_linea", "Chiusura temporanea della biblioteca prevista in autunno per i lavori antincendio.", "Prestiti a domicilio per gli utenti anziani durante la chiusura."),
}
MONITORAGGIO_DEFAULT = ("in_linea", "Attività in linea con il cronoprogramma.", "")

# The acts of the 2018 Relazione (dates illustrative, in the real order of the cycle).
RELAZIONE_2018 = {
    "approvata_il": datetime(2019, 5, 14, 10, 0, tzinfo=ZoneInfo("Europe/Rome")),
    "validata_il": date(2019, 5, 28),
    "note_validazione": "Il Nucleo di Valutazione ha verificato la coerenza dei risultati con gli obiettivi del Piano.",
    "pubblicata_il": datetime(2019, 6, 12, 9, 0, tzinfo=ZoneInfo("Europe/Rome")),
}
