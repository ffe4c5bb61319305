"""Export and import together: export -> import into an empty ente -> export gives the same cells,
in XLSX and ODS, also for the demo plan; an approved Piano's changes are a Variazione; a year frozen by
an approved Relazione does not change."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from obiettivi import services as obiettivi_services
from obiettivi.models import Ente, Indicatore, Obiettivo, PesoVariato, Piano, Ruolo, Target, ValoreStorico, Variazione
from piani import layout, selectors, services
from piani.workbook import read_workbook
from relazioni.models import Relazione
from tests import builders

from .workbooks import book, with_cell


def _empty_ente(slug="vuoto"):
    ente = builders.make_ente(nome=f"Comune di {slug}", slug=slug)
    segretario = builders.make_user(f"seg_{slug}")
    builders.give_role(segretario, ente, Ruolo.Tipo.SEGRETARIO)
    return ente, segretario


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_the_demo_plan_exported_and_imported_into_an_empty_ente_exports_the_same_cells(db, fmt):
    from obiettivi.management.commands.load_demo import load_demo

    load_demo()
    piano = Piano.objects.get(ente__slug="lodrino")
    # Values of years before the Piano (issue 10): a number, words only, and both with a source.
    indicatori = list(Indicatore.objects.filter(obiettivo__piano=piano).order_by("pk")[:2])
    ValoreStorico.objects.create(indicatore=indicatori[0], anno=2016, valore=Decimal("12.5"), fonte="Relazione 2016")
    ValoreStorico.objects.create(indicatore=indicatori[0], anno=2017, valore=Decimal(14), testo="n. 14")
    ValoreStorico.objects.create(indicatore=indicatori[1], anno=2017, testo="individuati")
    first = selectors.piano_workbook(piano, fmt)
    assert len(read_workbook(first)[layout.ANNI_PRECEDENTI]) == 4
    ente, segretario = _empty_ente()
    esito = services.piano_import(ente=ente, data=first, user=segretario, commit=True)
    assert esito.salvato, [str(p) for p in esito.problemi]
    copia = Piano.objects.get(ente=ente)
    assert copia.obiettivi.count() == 13 and Indicatore.objects.filter(obiettivo__piano=copia).count() == 22
    assert Target.objects.filter(indicatore__obiettivo__piano=copia).count() == 66
    assert ValoreStorico.objects.filter(indicatore__obiettivo__piano=copia).count() == 3
    second = selectors.piano_workbook(copia, fmt)
    assert read_workbook(first) == read_workbook(second)
    # ...and the same file again into the copy is a no-op.
    assert services.piano_import(ente=ente, data=second, user=segretario, commit=True).nessuna_modifica


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_a_hand_made_file_round_trips_with_its_generated_code(db, fmt):
    ente, segretario = _empty_ente()
    data = with_cell(layout.OBIETTIVI, "Codice", None)
    data[layout.INDICATORI][0]["Obiettivo"] = "Protocollo digitale"
    data[layout.FASI][0]["Obiettivo"] = "Protocollo digitale"
    assert services.piano_import(ente=ente, data=book(data, fmt), user=segretario, commit=True).salvato
    exported = read_workbook(selectors.piano_workbook(Piano.objects.get(ente=ente), fmt))
    assert exported[layout.OBIETTIVI][1][0] == "AMM.1"  # the generated code is written
    other, other_segretario = _empty_ente("altro")
    again = selectors.piano_workbook(Piano.objects.get(ente=ente), fmt)
    assert services.piano_import(ente=other, data=again, user=other_segretario, commit=True).salvato
    assert read_workbook(selectors.piano_workbook(Piano.objects.get(ente=other), fmt)) == read_workbook(again)


def test_the_template_has_the_explanation_sheet_the_lists_and_a_target_column_per_year(db):
    import io

    import openpyxl

    ente, _segretario = _empty_ente()
    data = selectors.template_workbook(ente, 2021, 2023, "xlsx")
    workbook = openpyxl.load_workbook(io.BytesIO(data))
    assert workbook.sheetnames[:8] == [layout.ISTRUZIONI, layout.PIANO, layout.AREE, layout.PERSONE, layout.STRATEGICI,
                                       layout.OBIETTIVI, layout.FASI, layout.INDICATORI]
    assert [c.value for c in workbook[layout.ANNI_PRECEDENTI][1]] == [
        "Codice obiettivo", "Indicatore", "Anno", "Valore", "Parole", "Fonte"]
    headers = [c.value for c in workbook[layout.INDICATORI][1]]
    assert headers[-3:] == ["Target 2021", "Target 2022", "Target 2023"]
    validations = workbook[layout.INDICATORI].data_validations.dataValidation
    assert validations and all(v.type == "list" for v in validations)
    elenchi = workbook["Elenchi"]
    assert elenchi.sheet_state == "hidden"
    assert "Data / scadenza" in [c.value for column in elenchi.iter_cols() for c in column]
    istruzioni = [[c.value for c in row] for row in workbook[layout.ISTRUZIONI].iter_rows()]
    assert any(row[:2] == [layout.INDICATORI, "Target 2022"] for row in istruzioni)
    assert any(row[1] == "Peso" and "0 a 100" in row[3] for row in istruzioni)
    ods = selectors.template_workbook(ente, 2021, 2023, "ods")
    assert b"content-validation" in _ods_content(ods)
    # The empty template imports as an empty draft Piano of those years.
    esito = services.piano_import(ente=ente, data=data, commit=True)
    assert esito.salvato and Piano.objects.get(ente=ente).anni == range(2021, 2024)


def _ods_content(data):
    import io
    import zipfile

    return zipfile.ZipFile(io.BytesIO(data)).read("content.xml")


def test_an_exported_text_that_looks_like_a_formula_stays_text(db, personas):
    import io

    import openpyxl

    builders.make_obiettivo(personas.piano, personas.area_a, titolo="=1+1", codice="A1")
    data = selectors.piano_workbook(personas.piano, "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data))[layout.OBIETTIVI]
    assert sheet["C2"].value == "=1+1" and sheet["C2"].data_type == "s"


def test_the_export_costs_the_same_queries_whatever_the_plan_size(db, personas):
    def count():
        with CaptureQueriesContext(connection) as queries:
            selectors.piano_sheets(personas.piano)
        return len(queries)

    def grow(n):
        for _i in range(n):
            obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
            builders.make_indicatore(obiettivo)
            builders.make_indicatore(obiettivo, nome="Altro")

    grow(2)
    small = count()
    grow(20)
    assert count() == small


# An approved Piano: changes of target and weight are a Variazione ---------------------------------

@pytest.fixture
def approvato(personas):
    """The personas' approved plan, as a file: one objective, one indicator, targets 2018-2020."""
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", peso=Decimal(10))
    indicatore = builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))
    Target.objects.create(indicatore=indicatore, anno=2019, valore=Decimal(12))
    return obiettivo, indicatore


def _rows(personas, fmt="xlsx"):
    return read_workbook(selectors.piano_workbook(personas.piano, fmt))


def _modified(personas, *, target_2019=None, peso=None):
    """The personas' plan exported, with the 2019 target and/or the objective's weight changed."""
    from piani.workbook import SheetSpec, write_workbook

    sheets = _rows(personas)
    specs = []
    for name, rows in sheets.items():
        if name in ("Elenchi", layout.ISTRUZIONI):
            continue
        headers, body = rows[0], [list(r) + [None] * (len(rows[0]) - len(r)) for r in rows[1:]]
        if name == layout.INDICATORI and target_2019 is not None:
            body[0][headers.index("Target 2019")] = target_2019
        if name == layout.OBIETTIVI and peso is not None:
            body[0][headers.index("Peso")] = peso
        specs.append(SheetSpec(name, headers, body))
    return write_workbook(specs, "xlsx")


def test_the_exported_approved_plan_reimported_is_a_no_op(personas, approvato):
    esito = services.piano_import(ente=personas.ente, data=selectors.piano_workbook(personas.piano, "xlsx"),
                                  user=personas.segretario, commit=True)
    assert esito.ok and esito.nessuna_modifica, [(m.cosa, m.prima, m.dopo) for m in esito.modifiche]


def test_a_target_or_weight_change_on_an_approved_plan_asks_for_the_deliberation(personas, approvato):
    data = _modified(personas, target_2019=Decimal(15), peso=Decimal(12))
    preview = services.piano_import(ente=personas.ente, data=data, user=personas.segretario)
    assert preview.ok and preview.richiede_variazione
    assert {(m.azione, m.prima, m.dopo) for m in preview.modifiche} == {("variazione", "12", "15"), ("variazione", "10", "12")}
    refused = services.piano_import(ente=personas.ente, data=data, user=personas.segretario, commit=True)
    assert not refused.salvato and "indichi la deliberazione della variazione" in str(refused.problemi[0])
    assert not Variazione.objects.exists()


def test_with_the_deliberation_the_changes_are_a_variazione_and_the_original_stays(personas, approvato):
    obiettivo, indicatore = approvato
    data = _modified(personas, target_2019=Decimal(15), peso=Decimal(12))
    esito = services.piano_import(
        ente=personas.ente, data=data, user=personas.segretario, commit=True,
        variazione={"numero_atto": "45", "data_atto": date(2019, 6, 10), "motivazione": "Assestamento"},
    )
    assert esito.salvato, [str(p) for p in esito.problemi]
    variazione = Variazione.objects.get()
    assert Target.objects.get(indicatore=indicatore, anno=2019, variazione=variazione).valore == Decimal(15)
    assert Target.objects.get(indicatore=indicatore, anno=2019, variazione=None).valore == Decimal(12)
    assert PesoVariato.objects.get(obiettivo=obiettivo).peso == Decimal(12)
    obiettivo.refresh_from_db()
    assert obiettivo.peso == Decimal(10)
    # The export now shows what is in force, and importing it again is a no-op.
    again = selectors.piano_workbook(personas.piano, "xlsx")
    assert services.piano_import(ente=personas.ente, data=again, user=personas.segretario, commit=True).nessuna_modifica


def test_a_new_objective_in_an_approved_plan_is_inserted_by_the_variazione(personas, approvato):
    from piani.workbook import SheetSpec, write_workbook

    sheets = _rows(personas)
    specs = [SheetSpec(name, rows[0], rows[1:]) for name, rows in sheets.items() if name not in ("Elenchi", layout.ISTRUZIONI)]
    obiettivi = next(s for s in specs if s.name == layout.OBIETTIVI)
    obiettivi.rows = [list(obiettivi.rows[0]), ["A.2", personas.area_a.nome, "Nuovo", "Strategico", Decimal(5)]]
    esito = services.piano_import(
        ente=personas.ente, data=write_workbook(specs, "xlsx"), user=personas.segretario, commit=True,
        variazione={"numero_atto": "46", "data_atto": date(2018, 9, 1), "motivazione": "Nuovo obiettivo"},
    )
    assert esito.salvato, [str(p) for p in esito.problemi]
    assert Obiettivo.objects.get(codice="A.2").inserito_con == Variazione.objects.get()


def test_a_year_frozen_by_an_approved_relazione_cannot_change(personas, approvato):
    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2019, stato="approvata")
    data = _modified(personas, target_2019=Decimal(15))
    esito = services.piano_import(ente=personas.ente, data=data, user=personas.segretario, commit=True,
                                  variazione={"numero_atto": "45", "data_atto": date(2020, 3, 1), "motivazione": "x"})
    assert [str(p) for p in esito.problemi] == [
        "Foglio Indicatori, riga 2, colonna Target 2019: la Relazione 2019 è approvata: il target di quell'anno non si può più cambiare."]
    assert not Variazione.objects.exists()


def test_a_bad_deliberation_is_reported_and_nothing_is_saved(personas, approvato):
    data = _modified(personas, target_2019=Decimal(15))
    esito = services.piano_import(ente=personas.ente, data=data, user=personas.segretario, commit=True,
                                  variazione={"numero_atto": "45", "data_atto": date(2025, 3, 1), "motivazione": "x"})
    assert not esito.salvato
    assert "Deliberazione della variazione: La deliberazione deve cadere negli anni del Piano (2018-2020)." in [str(p) for p in esito.problemi]
    assert not Variazione.objects.exists() and Target.objects.filter(anno=2019).count() == 1


def test_an_indicator_weight_of_an_approved_plan_changes_by_import_as_a_variazione(personas, approvato):
    from obiettivi.models import Indicatore, VoceStorico
    from piani.workbook import SheetSpec, write_workbook

    sheets = _rows(personas)
    specs = [SheetSpec(name, rows[0], [list(r) for r in rows[1:]]) for name, rows in sheets.items() if name not in ("Elenchi", layout.ISTRUZIONI)]
    indicatori = next(s for s in specs if s.name == layout.INDICATORI)
    indicatori.rows[0][indicatori.headers.index("Peso")] = Decimal(50)
    data = write_workbook(specs, "xlsx")
    esito = services.piano_import(ente=personas.ente, data=data, user=personas.segretario)
    assert esito.ok and esito.richiede_variazione
    assert [(m.azione, m.prima, m.dopo) for m in esito.modifiche] == [("variazione", "100", "50")]
    esito = services.piano_import(ente=personas.ente, data=data, user=personas.segretario, commit=True)
    assert not esito.salvato and Indicatore.objects.get(nome=indicatori.rows[0][1]).peso == 100
    esito = services.piano_import(ente=personas.ente, data=data, user=personas.segretario, commit=True,
                                  variazione={"numero_atto": "47", "data_atto": date(2018, 10, 1), "motivazione": "Pesi"})
    assert esito.salvato, [str(p) for p in esito.problemi]
    assert Indicatore.objects.get(nome=indicatori.rows[0][1]).peso == 50
    voce = VoceStorico.objects.get(azione="Peso dell'indicatore variato")
    assert (voce.valore_precedente, voce.valore_nuovo) == ("100", "50") and str(Variazione.objects.get()) in voce.motivazione
    # The same file again is a no-op.
    assert services.piano_import(ente=personas.ente, data=data, user=personas.segretario).nessuna_modifica


def test_import_never_touches_another_ente(personas, approvato):
    other = Ente.objects.create(nome="Altro", slug="altro", anno_corrente=2018)
    before = list(Obiettivo.objects.values_list("pk", "titolo", "peso"))
    services.piano_import(ente=other, data=selectors.piano_workbook(personas.piano, "xlsx"), commit=True)
    assert list(Obiettivo.objects.filter(piano__ente=personas.ente).values_list("pk", "titolo", "peso")) == before
    # Obiettivi di un altro ente con lo stesso codice restano separati.
    assert Obiettivo.objects.filter(codice="A.1").count() == 2
    assert obiettivi_services is not None


def test_an_imported_plan_continues_the_indicators_of_the_ente_s_previous_plan(db):
    """A new triennium imported from its workbook links each indicator to the one of the previous Piano
    with the same objective code and name (`deriva_da`), as "Nuovo Piano dal precedente" does."""
    from .workbooks import sheets

    ente, segretario = _empty_ente()
    assert services.piano_import(ente=ente, data=book(), user=segretario, commit=True).salvato
    vecchio = Indicatore.objects.get(obiettivo__piano__anno_inizio=2018)
    data = sheets(Piano=[{"Primo anno": 2021, "Ultimo anno": 2023, "Titolo": "Piano della Performance", "Stato": "Bozza"}])
    data[layout.INDICATORI][0] = {**{k: v for k, v in data[layout.INDICATORI][0].items() if not k.startswith("Target")},
                                  "Target 2021": Decimal(98)}
    data[layout.INDICATORI].append({"Obiettivo": "AMM.1", "Indicatore": "Indicatore nuovo", "Formula": "Numero",
                                    "Verso": "Crescente (più alto è meglio)", "Peso": Decimal(0), "Target 2021": Decimal(1)})
    data[layout.FASI][0].update({"Inizio": "15/01/2021", "Fine": "31/03/2021"})
    data[layout.OBIETTIVI][0]["Scadenza"] = "31/12/2021"
    esito = services.piano_import(ente=ente, data=book(data), user=segretario, commit=True)
    assert esito.salvato, [str(p) for p in esito.problemi]
    nuovi = {i.nome: i.deriva_da_id for i in Indicatore.objects.filter(obiettivo__piano__anno_inizio=2021)}
    assert nuovi == {"Documenti protocollati": vecchio.pk, "Indicatore nuovo": None}
    # The same file again is a no-op, and the earlier Piano is untouched.
    assert services.piano_import(ente=ente, data=book(data), user=segretario).nessuna_modifica
    assert not Indicatore.objects.filter(obiettivo__piano__anno_inizio=2018).exclude(deriva_da=None).exists()
