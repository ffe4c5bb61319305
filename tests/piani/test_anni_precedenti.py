"""The sheet «Anni precedenti» of the plan workbook (issue 10, item 2): the values of an indicator in
the years before its Piano, imported through the same rules as on the indicator's page."""

from decimal import Decimal as D

import pytest

from obiettivi.models import Ruolo, ValoreStorico, VoceStorico
from piani import layout, services
from relazioni.models import Relazione
from tests import builders

from .workbooks import book, sheets

PRECEDENTI = [
    {"Codice obiettivo": "AMM.1", "Indicatore": "Documenti protocollati", "Anno": 2016, "Valore": D(80),
     "Fonte": "Relazione sulla Performance 2016"},
    {"Codice obiettivo": "AMM.1", "Indicatore": "Documenti protocollati", "Anno": 2017, "Valore": "85,5",
     "Parole": "n. 85,5"},
]


@pytest.fixture
def ente(db):
    ente = builders.make_ente(nome="Comune di Prova", slug="prova")
    segretario = builders.make_user("seg_prova")
    builders.give_role(segretario, ente, Ruolo.Tipo.SEGRETARIO)
    return ente, segretario


def _import(ente, rows, commit=True):
    ente, segretario = ente
    return services.piano_import(ente=ente, data=book(sheets(**{layout.ANNI_PRECEDENTI: rows})), user=segretario,
                                 commit=commit)


def _messages(esito):
    return [str(p) for p in esito.problemi]


def test_the_import_creates_the_values_of_earlier_years_with_a_storico_entry(ente):
    esito = _import(ente, PRECEDENTI)
    assert esito.salvato, _messages(esito)
    valori = list(ValoreStorico.objects.order_by("anno").values_list("anno", "valore", "testo", "fonte"))
    assert valori == [(2016, D(80), "", "Relazione sulla Performance 2016"), (2017, D("85.5"), "n. 85,5", "")]
    assert VoceStorico.objects.filter(azione="Valore di un anno precedente").count() == 2
    assert any("Valore 2016" in m.cosa for m in esito.modifiche)


def test_the_preview_lists_the_values_and_writes_nothing(ente):
    esito = _import(ente, PRECEDENTI, commit=False)
    assert esito.ok and not esito.salvato and any("Valore 2017" in m.cosa for m in esito.modifiche)
    assert not ValoreStorico.objects.exists()


def test_a_year_of_the_piano_is_refused_with_the_message(ente):
    esito = _import(ente, [dict(PRECEDENTI[0], Anno=2018)])
    assert not esito.salvato and _messages(esito) == [
        "Foglio Anni precedenti, riga 2, colonna Anno: Gli anni del Piano (dal 2018) si compilano nella scheda "
        "dell'obiettivo: qui solo gli anni precedenti."]
    assert not ValoreStorico.objects.exists()


def test_a_bad_number_is_refused(ente):
    esito = _import(ente, [dict(PRECEDENTI[0], Valore="ottanta")])
    assert not esito.salvato and _messages(esito) == ["Foglio Anni precedenti, riga 2, colonna Valore: «ottanta» non è un numero."]


def test_a_row_without_value_nor_words_and_an_unknown_indicator_are_refused(ente):
    esito = _import(ente, [{"Codice obiettivo": "AMM.1", "Indicatore": "Documenti protocollati", "Anno": 2016},
                           dict(PRECEDENTI[0], Indicatore="Altro")])
    assert not esito.salvato and _messages(esito) == [
        "Foglio Anni precedenti, riga 2, colonna Valore: Indichi il valore (un numero o le parole del documento).",
        "Foglio Anni precedenti, riga 3, colonna Indicatore: l'indicatore «Altro» non è fra quelli dell'obiettivo «AMM.1».",
    ]


def test_a_frozen_year_is_refused(ente):
    vecchio = builders.make_piano(ente[0], anno_inizio=2015, anno_fine=2017)
    Relazione.objects.create(ente=ente[0], piano=vecchio, anno=2016, stato=Relazione.Stato.APPROVATA)
    esito = _import(ente, PRECEDENTI[:1])
    assert not esito.salvato
    [message] = _messages(esito)
    assert message.startswith("Foglio Anni precedenti, riga 2, colonna Anno: ") and "2016" in message, message
    assert not ValoreStorico.objects.exists()


def test_the_same_file_again_changes_nothing(ente):
    assert _import(ente, PRECEDENTI).salvato
    voci = VoceStorico.objects.count()
    again = _import(ente, PRECEDENTI)
    assert again.salvato and again.nessuna_modifica
    assert VoceStorico.objects.count() == voci
