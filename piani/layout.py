"""The sheets and columns of the Piano workbook: Italian headers, what each column means, and the
lists of allowed values. The importer, the exporter and the explanation sheet all read this."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from obiettivi.models import Indicatore, Obiettivo, Piano, Ruolo


@dataclass(frozen=True)
class Colonna:
    key: str
    header: str
    spiegazione: str
    obbligatoria: bool = False
    choices: tuple = ()  # (value, label) pairs; the label is what the workbook shows
    width: int = 18


def _choices(text_choices):
    return tuple((value, str(label)) for value, label in text_choices.choices)


SI_NO = (("si", "Sì"), ("no", "No"))
RUOLI_IMPORTABILI = tuple(
    (value, str(label)) for value, label in Ruolo.Tipo.choices
    if value in (Ruolo.Tipo.RESPONSABILE, Ruolo.Tipo.NUCLEO)
)
STATI_PIANO = _choices(Piano.Stato)

PIANO = "Piano"
AREE = "Aree"
PERSONE = "Persone"
STRATEGICI = "Obiettivi strategici"
OBIETTIVI = "Obiettivi"
FASI = "Fasi"
INDICATORI = "Indicatori"
ANNI_PRECEDENTI = "Anni precedenti"
ISTRUZIONI = "Istruzioni"
# The flat layout: one row per indicator, as many comuni keep their PEG in Excel.
PIATTO = "Piano per indicatore"

TARGET_PREFIX = "Target "

COLONNE = {
    PIANO: [
        Colonna("anno_inizio", "Primo anno", _("Il primo anno del Piano, es. 2018."), True),
        Colonna("anno_fine", "Ultimo anno", _("L'ultimo anno: 2020 per un triennio 2018-2020, 2018 per un PEG annuale."), True),
        Colonna("titolo", "Titolo", _("Come il Piano si intitola, es. «Piano della Performance»."), width=36),
        Colonna("organo", "Organo", _("Chi approva il Piano."), choices=_choices(Piano.Organo)),
        Colonna("numero_atto", "Numero deliberazione", _("Come scritto nell'atto, es. «07»; vuoto se non ancora approvato.")),
        Colonna("data_atto", "Data deliberazione", _("gg/mm/aaaa.")),
        Colonna("stato", "Stato", _("Bozza o Approvato; vale solo quando il Piano viene creato: l'approvazione di un Piano esistente è un atto a sé."), choices=STATI_PIANO),
    ],
    AREE: [
        Colonna("codice", "Codice", _("Breve, es. «AMM». Se manca, l'area si riconosce dal nome.")),
        Colonna("nome", "Nome", _("Il nome dell'area, del settore o del servizio."), True, width=45),
        Colonna("superiore", "Area superiore", _("Per un servizio o un ufficio: il codice (o il nome) dell'area di cui fa parte.")),
        Colonna("responsabile", "Responsabile", _("L'e-mail del responsabile (nel foglio Persone o già nell'ente)."), width=30),
        Colonna("ordine", "Ordine", _("Numero per ordinare le aree nelle pagine e nella Relazione.")),
    ],
    PERSONE: [
        Colonna("email", "E-mail", _("Identifica la persona. Una persona nuova riceve un utente senza password: la imposta con «Password dimenticata»."), True, width=30),
        Colonna("nome", "Nome", _("Usato solo per una persona nuova: i dati di chi esiste già non cambiano.")),
        Colonna("cognome", "Cognome", _("Usato solo per una persona nuova.")),
        Colonna("ruolo", "Ruolo", _("Responsabile o Nucleo di Valutazione. Il Segretario e l'amministratore si nominano nella pagina delle persone."), True, choices=RUOLI_IMPORTABILI),
        Colonna("denominazione", "Denominazione per la firma", _("Come firma gli atti, es. «Bonomi rag. Laura»."), width=30),
    ],
    STRATEGICI: [
        Colonna("codice", "Codice", _("Il codice dell'obiettivo strategico nel DUP, es. «OS1»."), True),
        Colonna("titolo", "Titolo", _("Il titolo nel DUP."), True, width=45),
        Colonna("linea_mandato", "Linea di mandato", _("La linea del programma di mandato."), width=45),
    ],
    OBIETTIVI: [
        Colonna("codice", "Codice", _("Es. «AMM.1». Se manca si riconosce da area e titolo, e ne viene generato uno (l'esportazione lo scrive).")),
        Colonna("area", "Area", _("Il codice (o il nome) dell'area."), True),
        Colonna("titolo", "Titolo", _("Il titolo dell'obiettivo."), True, width=45),
        Colonna("tipo", "Tipo", _("Strategico, di mantenimento o di miglioramento."), True, choices=_choices(Obiettivo.Tipo)),
        Colonna("peso", "Peso", _("Da 0 a 100, es. 8 o 12,5. Se il Piano non dà pesi lo lasci vuoto per tutti gli obiettivi: ciascuno vale una quota uguale.")),
        Colonna("responsabile", "Responsabile", _("L'e-mail; se manca, il responsabile dell'area."), width=30),
        Colonna("descrizione", "Descrizione e finalità", _("Testo libero."), width=45),
        Colonna("risultato_atteso", "Risultato atteso", _("Testo libero."), width=45),
        Colonna("data_inizio", "Inizio", _("gg/mm/aaaa, facoltativa.")),
        Colonna("scadenza", "Scadenza", _("gg/mm/aaaa, facoltativa.")),
        Colonna("strategico", "Obiettivo strategico", _("Il codice dell'obiettivo strategico del DUP (foglio Obiettivi strategici).")),
        Colonna("programma", "Programma", _("Il codice del programma di bilancio, es. «0108».")),
        Colonna("aree_concorrenti", "Aree che concorrono", _("Le altre aree che contribuiscono: codici (o nomi) separati da «;», es. «TEC; FIN»."), width=30),
        Colonna("altri_soggetti", "Altri soggetti", _("Enti, associazioni o uffici esterni che concorrono, come li nomina il Piano."), width=30),
    ],
    FASI: [
        Colonna("obiettivo", "Obiettivo", _("Il codice (o il titolo) dell'obiettivo."), True),
        Colonna("descrizione", "Fase", _("Che cosa si fa in questa fase."), True, width=45),
        Colonna("data_inizio", "Inizio", _("gg/mm/aaaa, oppure solo il mese («03/2016» o «marzo 2016»); vuota se il Piano non la indica.")),
        Colonna("data_fine", "Fine", _("gg/mm/aaaa o il mese, non prima dell'inizio; vuota se il Piano non la indica.")),
    ],
    INDICATORI: [
        Colonna("obiettivo", "Obiettivo", _("Il codice (o il titolo) dell'obiettivo."), True),
        Colonna("nome", "Indicatore", _("Il nome dell'indicatore: nello stesso obiettivo lo identifica."), True, width=45),
        Colonna("tipo", "Tipo", _("Efficacia, efficienza, qualità, temporale."), choices=_choices(Indicatore.Tipo)),
        Colonna("formula", "Formula", _("Come si misura: numero, rapporto, sì/no, data, giudizio."), True, choices=_choices(Indicatore.TipoFormula)),
        Colonna("unita", "Unità di misura", _("Es. %, giorni, €.")),
        Colonna("direzione", "Verso", _("Crescente se più alto è meglio, decrescente se più basso è meglio."), choices=_choices(Indicatore.Verso)),
        Colonna("fonte_dati", "Fonte dei dati", _("Da dove viene il valore."), width=30),
        Colonna("baseline", "Baseline", _("Il valore dell'anno precedente, un numero.")),
        Colonna("usa_baseline", "Misura dalla baseline", _("Sì se il grado è il cammino dalla baseline al target."), choices=SI_NO),
        Colonna("peso", "Peso", _("Peso nell'obiettivo, da 0 a 100. Se l'obiettivo non dà pesi lo lasci vuoto per tutti i suoi indicatori: ciascuno vale una quota uguale.")),
    ],
    ANNI_PRECEDENTI: [
        Colonna("obiettivo", "Codice obiettivo", _("Il codice (o il titolo) dell'obiettivo."), True),
        Colonna("indicatore", "Indicatore", _("Il nome dell'indicatore, come nel foglio Indicatori."), True, width=45),
        Colonna("anno", "Anno", _("Un anno prima del Piano, es. 2012 per un Piano 2013-2015."), True),
        Colonna("valore", "Valore", _("Il valore di quell'anno, un numero (12,5); vuoto se il documento dà solo parole.")),
        Colonna("testo", "Parole", _("Il valore con le parole del documento, es. «n. 4» o «individuati»."), width=30),
        Colonna("fonte", "Fonte", _("Da dove viene il valore, es. «Relazione sulla Performance 2012»."), width=30),
    ],
}

# The flat layout's own columns, mapped onto the objective's and the indicator's.
COLONNE_PIATTE = [
    Colonna("area", "Area", _("Il codice (o il nome) dell'area."), True),
    Colonna("obiettivo_codice", "Codice obiettivo", _("Es. «AMM.1»; se manca si riconosce da area e titolo.")),
    Colonna("obiettivo_titolo", "Obiettivo", _("Il titolo dell'obiettivo; si ripete su ogni riga dei suoi indicatori."), True, width=45),
    Colonna("obiettivo_tipo", "Tipo obiettivo", _("Strategico, di mantenimento o di miglioramento."), True, choices=_choices(Obiettivo.Tipo)),
    Colonna("obiettivo_peso", "Peso obiettivo", _("Da 0 a 100; vuoto per tutti se il Piano non dà pesi.")),
    Colonna("responsabile", "Responsabile", _("L'e-mail; se manca, il responsabile dell'area."), width=30),
    Colonna("nome", "Indicatore", _("Il nome dell'indicatore."), True, width=45),
    Colonna("formula", "Formula", _("Numero, rapporto, sì/no, data, giudizio."), True, choices=_choices(Indicatore.TipoFormula)),
    Colonna("unita", "Unità di misura", _("Es. %, giorni, €.")),
    Colonna("direzione", "Verso", _("Crescente o decrescente."), choices=_choices(Indicatore.Verso)),
    Colonna("baseline", "Baseline", _("Il valore dell'anno precedente.")),
    Colonna("tipo", "Tipo indicatore", _("Efficacia, efficienza, qualità, temporale."), choices=_choices(Indicatore.Tipo)),
    Colonna("fonte_dati", "Fonte dei dati", _("Da dove viene il valore."), width=30),
    Colonna("peso", "Peso indicatore", _("Peso nell'obiettivo; vuoto per tutti se l'obiettivo non dà pesi.")),
]

ORDINE_FOGLI = [PIANO, AREE, PERSONE, STRATEGICI, OBIETTIVI, FASI, INDICATORI, ANNI_PRECEDENTI]


def target_header(anno):
    return f"{TARGET_PREFIX}{anno}"


def target_spiegazione():
    return _("Il valore atteso dell'anno: un numero (12,5), per «sì/no» Sì o No, per «data» gg/mm/aaaa. "
             "Si può scrivere come nel Piano: «superiore ad 1», «almeno 4», «non oltre 30 giorni», «pari a 0», "
             "«entro il 30/06/2019»; le parole si mostrano come scritte. Per un «giudizio» una frase. "
             "Una colonna per ogni anno del Piano.")
