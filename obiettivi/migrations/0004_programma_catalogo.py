"""The whole catalogue of Missioni and Programmi of the harmonised budget, shared by every ente.

D.Lgs. 118/2011, allegato 14 (as amended by D.Lgs. 126/2014): 23 missions, 99 programmes. The
programmes marked "(solo per le Regioni)" are kept, as the allegato names them, so that the
catalogue is the law's and not a selection. Rows are matched by `codice`: an installation that
already holds some of them (the demo's, or one typed by hand) keeps their ids and references.
"""

from django.db import migrations

MISSIONI = {
    "01": "Servizi istituzionali, generali e di gestione",
    "02": "Giustizia",
    "03": "Ordine pubblico e sicurezza",
    "04": "Istruzione e diritto allo studio",
    "05": "Tutela e valorizzazione dei beni e delle attività culturali",
    "06": "Politiche giovanili, sport e tempo libero",
    "07": "Turismo",
    "08": "Assetto del territorio ed edilizia abitativa",
    "09": "Sviluppo sostenibile e tutela del territorio e dell'ambiente",
    "10": "Trasporti e diritto alla mobilità",
    "11": "Soccorso civile",
    "12": "Diritti sociali, politiche sociali e famiglia",
    "13": "Tutela della salute",
    "14": "Sviluppo economico e competitività",
    "15": "Politiche per il lavoro e la formazione professionale",
    "16": "Agricoltura, politiche agroalimentari e pesca",
    "17": "Energia e diversificazione delle fonti energetiche",
    "18": "Relazioni con le altre autonomie territoriali e locali",
    "19": "Relazioni internazionali",
    "20": "Fondi e accantonamenti",
    "50": "Debito pubblico",
    "60": "Anticipazioni finanziarie",
    "99": "Servizi per conto terzi",
}

PROGRAMMI = [
    ("0101", "Organi istituzionali"),
    ("0102", "Segreteria generale"),
    ("0103", "Gestione economica, finanziaria, programmazione e provveditorato"),
    ("0104", "Gestione delle entrate tributarie e servizi fiscali"),
    ("0105", "Gestione dei beni demaniali e patrimoniali"),
    ("0106", "Ufficio tecnico"),
    ("0107", "Elezioni e consultazioni popolari - Anagrafe e stato civile"),
    ("0108", "Statistica e sistemi informativi"),
    ("0109", "Assistenza tecnico-amministrativa agli enti locali"),
    ("0110", "Risorse umane"),
    ("0111", "Altri servizi generali"),
    ("0112", "Politica regionale unitaria per i servizi istituzionali, generali e di gestione (solo per le Regioni)"),
    ("0201", "Uffici giudiziari"),
    ("0202", "Casa circondariale e altri servizi"),
    ("0203", "Politica regionale unitaria per la giustizia (solo per le Regioni)"),
    ("0301", "Polizia locale e amministrativa"),
    ("0302", "Sistema integrato di sicurezza urbana"),
    ("0303", "Politica regionale unitaria per l'ordine pubblico e la sicurezza (solo per le Regioni)"),
    ("0401", "Istruzione prescolastica"),
    ("0402", "Altri ordini di istruzione non universitaria"),
    ("0403", "Edilizia scolastica (solo per le Regioni)"),
    ("0404", "Istruzione universitaria"),
    ("0405", "Istruzione tecnica superiore"),
    ("0406", "Servizi ausiliari all'istruzione"),
    ("0407", "Diritto allo studio"),
    ("0408", "Politica regionale unitaria per l'istruzione e il diritto allo studio (solo per le Regioni)"),
    ("0501", "Valorizzazione dei beni di interesse storico"),
    ("0502", "Attività culturali e interventi diversi nel settore culturale"),
    ("0503", "Politica regionale unitaria per la tutela dei beni e delle attività culturali (solo per le Regioni)"),
    ("0601", "Sport e tempo libero"),
    ("0602", "Giovani"),
    ("0603", "Politica regionale unitaria per i giovani, lo sport e il tempo libero (solo per le Regioni)"),
    ("0701", "Sviluppo e valorizzazione del turismo"),
    ("0702", "Politica regionale unitaria per il turismo (solo per le Regioni)"),
    ("0801", "Urbanistica e assetto del territorio"),
    ("0802", "Edilizia residenziale pubblica e locale e piani di edilizia economico-popolare"),
    ("0803", "Politica regionale unitaria per l'assetto del territorio e l'edilizia abitativa (solo per le Regioni)"),
    ("0901", "Difesa del suolo"),
    ("0902", "Tutela, valorizzazione e recupero ambientale"),
    ("0903", "Rifiuti"),
    ("0904", "Servizio idrico integrato"),
    ("0905", "Aree protette, parchi naturali, protezione naturalistica e forestazione"),
    ("0906", "Tutela e valorizzazione delle risorse idriche"),
    ("0907", "Sviluppo sostenibile territorio montano piccoli Comuni"),
    ("0908", "Qualità dell'aria e riduzione dell'inquinamento"),
    ("0909", "Politica regionale unitaria per lo sviluppo sostenibile e la tutela del territorio e dell'ambiente "
             "(solo per le Regioni)"),
    ("1001", "Trasporto ferroviario"),
    ("1002", "Trasporto pubblico locale"),
    ("1003", "Trasporto per vie d'acqua"),
    ("1004", "Altre modalità di trasporto"),
    ("1005", "Viabilità e infrastrutture stradali"),
    ("1006", "Politica regionale unitaria per i trasporti e il diritto alla mobilità (solo per le Regioni)"),
    ("1101", "Sistema di protezione civile"),
    ("1102", "Interventi a seguito di calamità naturali"),
    ("1103", "Politica regionale unitaria per il soccorso e la protezione civile (solo per le Regioni)"),
    ("1201", "Interventi per l'infanzia e i minori e per asili nido"),
    ("1202", "Interventi per la disabilità"),
    ("1203", "Interventi per gli anziani"),
    ("1204", "Interventi per soggetti a rischio di esclusione sociale"),
    ("1205", "Interventi per le famiglie"),
    ("1206", "Interventi per il diritto alla casa"),
    ("1207", "Programmazione e governo della rete dei servizi sociosanitari e sociali"),
    ("1208", "Cooperazione e associazionismo"),
    ("1209", "Servizio necroscopico e cimiteriale"),
    ("1210", "Politica regionale unitaria per i diritti sociali e la famiglia (solo per le Regioni)"),
    ("1301", "Servizio sanitario regionale - finanziamento ordinario corrente per la garanzia dei LEA"),
    ("1302", "Servizio sanitario regionale - finanziamento aggiuntivo corrente per livelli di assistenza superiori ai LEA"),
    ("1303", "Servizio sanitario regionale - finanziamento aggiuntivo corrente per la copertura dello squilibrio "
             "di bilancio corrente"),
    ("1304", "Servizio sanitario regionale - ripiano di disavanzi sanitari relativi ad esercizi pregressi"),
    ("1305", "Servizio sanitario regionale - investimenti sanitari"),
    ("1306", "Servizio sanitario regionale - restituzione maggiori gettiti SSN"),
    ("1307", "Ulteriori spese in materia sanitaria"),
    ("1308", "Politica regionale unitaria per la tutela della salute (solo per le Regioni)"),
    ("1401", "Industria, PMI e Artigianato"),
    ("1402", "Commercio - reti distributive - tutela dei consumatori"),
    ("1403", "Ricerca e innovazione"),
    ("1404", "Reti e altri servizi di pubblica utilità"),
    ("1405", "Politica regionale unitaria per lo sviluppo economico e la competitività (solo per le Regioni)"),
    ("1501", "Servizi per lo sviluppo del mercato del lavoro"),
    ("1502", "Formazione professionale"),
    ("1503", "Sostegno all'occupazione"),
    ("1504", "Politica regionale unitaria per il lavoro e la formazione professionale (solo per le Regioni)"),
    ("1601", "Sviluppo del settore agricolo e del sistema agroalimentare"),
    ("1602", "Caccia e pesca"),
    ("1603", "Politica regionale unitaria per l'agricoltura, i sistemi agroalimentari, la caccia e la pesca "
             "(solo per le Regioni)"),
    ("1701", "Fonti energetiche"),
    ("1702", "Politica regionale unitaria per l'energia e la diversificazione delle fonti energetiche "
             "(solo per le Regioni)"),
    ("1801", "Relazioni finanziarie con le altre autonomie territoriali"),
    ("1802", "Politica regionale unitaria per le relazioni con le altre autonomie territoriali (solo per le Regioni)"),
    ("1901", "Relazioni internazionali e Cooperazione allo sviluppo"),
    ("1902", "Cooperazione territoriale (solo per le Regioni)"),
    ("2001", "Fondo di riserva"),
    ("2002", "Fondo crediti di dubbia esigibilità"),
    ("2003", "Altri fondi"),
    ("5001", "Quota interessi ammortamento mutui e prestiti obbligazionari"),
    ("5002", "Quota capitale ammortamento mutui e prestiti obbligazionari"),
    ("6001", "Restituzione anticipazione di tesoreria"),
    ("9901", "Servizi per conto terzi e Partite di giro"),
    ("9902", "Anticipazioni per il finanziamento del sistema sanitario nazionale"),
]


def load_catalogue(apps, schema_editor):
    Programma = apps.get_model("obiettivi", "Programma")
    for codice, nome in PROGRAMMI:
        missione = codice[:2]
        Programma.objects.update_or_create(
            codice=codice, defaults={"codice_missione": missione, "nome_missione": MISSIONI[missione], "nome": nome}
        )


class Migration(migrations.Migration):

    dependencies = [
        ("obiettivi", "0003_ente_versione_dati"),
    ]

    # Reversing leaves the rows: objectives may already point at them (PROTECT).
    operations = [migrations.RunPython(load_catalogue, migrations.RunPython.noop)]
