"""Real plans in the workbook (issue 10): targets as written, contributing areas and outside bodies,
phases by month or without dates, weights left out, codes generated; round trip and refusals."""

import copy
from datetime import date
from decimal import Decimal

import pytest

from obiettivi.models import Fase, Indicatore, Obiettivo, Piano, Ruolo, Target
from piani import layout, selectors, services
from piani.workbook import read_workbook
from tests import builders

from .workbooks import BASE, book

pytestmark = pytest.mark.django_db


def _ente(slug="reale"):
    ente = builders.make_ente(nome=f"Comune di {slug}", slug=slug)
    segretario = builders.make_user(f"seg_{slug}")
    builders.give_role(segretario, ente, Ruolo.Tipo.SEGRETARIO)
    return ente, segretario


def real_plan():
    data = copy.deepcopy(BASE)
    data[layout.AREE].append({"Codice": "TEC", "Nome": "Area tecnica", "Responsabile": "anna@example.org", "Ordine": 2})
    data[layout.OBIETTIVI] = [
        {"Area": "AMM", "Titolo": "Protocollo digitale", "Tipo": "Strategico", "Descrizione e finalità": "Meno carta.",
         "Aree che concorrono": "TEC", "Altri soggetti": "Unione dei Comuni della Valle Trompia"},
        {"Area": "AMM", "Titolo": "Sportello", "Tipo": "Di mantenimento"},
    ]
    data[layout.FASI] = [
        {"Obiettivo": "Protocollo digitale", "Fase": "Formazione", "Inizio": "marzo 2018", "Fine": "06/2018"},
        {"Obiettivo": "Protocollo digitale", "Fase": "Avvio", "Inizio": None, "Fine": None},
    ]
    data[layout.INDICATORI] = [
        {"Obiettivo": "Protocollo digitale", "Indicatore": "Registri", "Formula": "Numero", "Tipo": "Efficienza",
         "Fonte dei dati": "Registro di protocollo", "Target 2018": "superiore ad 1", "Target 2019": "almeno 4",
         "Target 2020": "non oltre 30 giorni"},
        {"Obiettivo": "Protocollo digitale", "Indicatore": "Regolamento", "Formula": "Sì / no", "Target 2018": "Sì"},
        {"Obiettivo": "Sportello", "Indicatore": "Apertura", "Formula": "Data / scadenza",
         "Target 2018": "entro il 30/06/2018"},
    ]
    return data


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_real_plan_is_imported_as_written_and_round_trips(fmt):
    ente, segretario = _ente()
    esito = services.piano_import(ente=ente, data=book(real_plan(), fmt), user=segretario, commit=True)
    assert esito.salvato, [str(p) for p in esito.problemi]
    piano = Piano.objects.get(ente=ente)
    protocollo = Obiettivo.objects.get(piano=piano, titolo="Protocollo digitale")
    assert protocollo.codice == "AMM.1" and protocollo.peso is None  # code generated, weight left out
    assert [a.codice for a in protocollo.aree_concorrenti.all()] == ["TEC"]
    assert protocollo.altri_soggetti == "Unione dei Comuni della Valle Trompia"
    registri = Indicatore.objects.get(obiettivo=protocollo, nome="Registri")
    assert (registri.tipo, registri.fonte_dati, registri.peso) == ("efficienza", "Registro di protocollo", None)
    targets = {t.anno: (t.confronto, t.valore, t.testo) for t in registri.target.all()}
    assert targets == {2018: ("gt", Decimal(1), "superiore ad 1"), 2019: ("ge", Decimal(4), "almeno 4"),
                       2020: ("le", Decimal(30), "non oltre 30 giorni")}
    si = Target.objects.get(indicatore__nome="Regolamento")
    assert (si.valore, si.testo) == (Decimal(1), "")
    apertura = Target.objects.get(indicatore__nome="Apertura")
    assert (apertura.data_scadenza, apertura.testo) == (date(2018, 6, 30), "entro il 30/06/2018")
    formazione = Fase.objects.get(descrizione="Formazione")
    assert (formazione.data_inizio, formazione.data_fine, formazione.solo_mese) == (date(2018, 3, 1), date(2018, 6, 30), True)
    assert formazione.periodo_testo == "marzo – giugno 2018"
    avvio = Fase.objects.get(descrizione="Avvio")
    assert (avvio.data_inizio, avvio.data_fine, avvio.periodo_testo) == (None, None, "")

    exported = selectors.piano_workbook(piano, fmt)
    other, other_segretario = _ente("copia")
    again = services.piano_import(ente=other, data=exported, user=other_segretario, commit=True)
    assert again.salvato, [str(p) for p in again.problemi]
    assert read_workbook(selectors.piano_workbook(Piano.objects.get(ente=other), fmt)) == read_workbook(exported)
    assert services.piano_import(ente=other, data=exported, user=other_segretario, commit=True).nessuna_modifica


def test_mixing_set_and_missing_weights_is_refused_and_nothing_is_saved():
    ente, segretario = _ente()
    data = real_plan()
    data[layout.OBIETTIVI][0]["Peso"] = Decimal(60)
    esito = services.piano_import(ente=ente, data=book(data), user=segretario, commit=True)
    assert not esito.salvato
    assert [str(p) for p in esito.problemi] == [
        "Foglio Obiettivi, colonna Peso: 1 obiettivi del Piano su 2 hanno un peso e 1 no: indichi il peso di tutti "
        "oppure di nessuno (senza pesi, ciascuno vale una quota uguale)."]
    assert not Piano.objects.filter(ente=ente).exists()


@pytest.mark.parametrize(("sheet", "row", "column", "value", "message"), [
    (layout.INDICATORI, 0, "Target 2018", "tanti", "Foglio Indicatori, riga 2, colonna Target 2018: «tanti» non è un numero."),
    (layout.INDICATORI, 2, "Target 2018", "a giugno", "Foglio Indicatori, riga 4, colonna Target 2018: «a giugno» non contiene una data"),
    (layout.OBIETTIVI, 0, "Aree che concorrono", "XYZ", "Foglio Obiettivi, riga 2, colonna Aree che concorrono: l'area «XYZ» non esiste"),
    (layout.OBIETTIVI, 0, "Aree che concorrono", "AMM", "Foglio Obiettivi, riga 2, colonna Aree che concorrono: «AMM» è l'area dell'obiettivo"),
    (layout.FASI, 0, "Inizio", "13/2018", "Foglio Fasi, riga 2, colonna Inizio: «13/2018» non è un mese"),
])
def test_wrong_cells_of_the_new_columns_are_reported_where_they_are(sheet, row, column, value, message):
    ente, segretario = _ente()
    data = real_plan()
    data[sheet][row][column] = value
    esito = services.piano_import(ente=ente, data=book(data), user=segretario, commit=True)
    assert not esito.salvato
    assert any(str(p).startswith(message) for p in esito.problemi), [str(p) for p in esito.problemi]
