"""Import of a Piano from a workbook: every bad cell is reported with its sheet, row and column in
Italian and nothing is saved; a good file creates the Piano; the same file twice changes nothing."""

import io
from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from obiettivi.models import Area, Fase, Indicatore, Obiettivo, ObiettivoStrategico, Piano, Ruolo, Target, VoceStorico
from piani import layout, services
from piani.workbook import MAX_BYTES
from tests import builders

from .workbooks import BASE, book, sheets, with_cell

User = get_user_model()


@pytest.fixture
def nuovo(db):
    """An empty ente with its Segretario."""
    ente = builders.make_ente(nome="Comune di Nuovo", slug="nuovo")
    segretario = builders.make_user("seg_nuovo")
    builders.give_role(segretario, ente, Ruolo.Tipo.SEGRETARIO)
    return ente, segretario


def _import(nuovo, data, **kwargs):
    ente, segretario = nuovo
    return services.piano_import(ente=ente, data=data, user=segretario, commit=True, **kwargs)


def _nothing_created(ente):
    assert not Piano.objects.filter(ente=ente).exists()
    assert not Area.objects.filter(ente=ente).exists()
    assert not Obiettivo.objects.filter(piano__ente=ente).exists()
    assert not Ruolo.objects.filter(ente=ente).exclude(tipo=Ruolo.Tipo.SEGRETARIO).exists()
    assert not User.objects.filter(email="anna@example.org").exists()
    assert not ObiettivoStrategico.objects.filter(ente=ente).exists()


# A good file -------------------------------------------------------------------------------------

def test_a_good_workbook_creates_the_piano_its_area_person_objective_phase_indicator_and_targets(nuovo):
    esito = _import(nuovo, book())
    assert esito.ok and esito.salvato, [str(p) for p in esito.problemi]
    ente = nuovo[0]
    piano = Piano.objects.get(ente=ente)
    assert (piano.anno_inizio, piano.anno_fine, piano.stato) == (2018, 2020, Piano.Stato.BOZZA)
    anna = User.objects.get(email="anna@example.org")
    assert not anna.is_staff and not anna.is_superuser and not anna.has_usable_password()
    assert Ruolo.objects.filter(utente=anna, ente=ente, tipo=Ruolo.Tipo.RESPONSABILE).exists()
    area = Area.objects.get(ente=ente)
    assert (area.codice, area.responsabile) == ("AMM", anna)
    obiettivo = Obiettivo.objects.get(piano=piano)
    assert (obiettivo.codice, obiettivo.responsabile, obiettivo.peso, obiettivo.scadenza) == ("AMM.1", anna, Decimal(10), date(2018, 12, 31))
    assert obiettivo.obiettivo_strategico.codice == "OS1"
    assert Fase.objects.get(obiettivo=obiettivo).data_fine == date(2018, 3, 31)
    indicatore = Indicatore.objects.get(obiettivo=obiettivo)
    assert {t.anno: t.valore for t in Target.objects.filter(indicatore=indicatore)} == {
        2018: Decimal(90), 2019: Decimal(95), 2020: Decimal("97.5")}
    assert VoceStorico.objects.filter(ente=ente, utente=nuovo[1], azione="Obiettivo creato").exists()


def test_the_same_file_twice_changes_nothing(nuovo):
    assert _import(nuovo, book()).salvato
    storico = VoceStorico.objects.count()
    again = _import(nuovo, book())
    assert again.ok and again.modifiche == [] and again.nessuna_modifica
    assert VoceStorico.objects.count() == storico


def test_a_preview_lists_the_changes_and_saves_nothing(nuovo):
    ente, segretario = nuovo
    esito = services.piano_import(ente=ente, data=book(), user=segretario, commit=False)
    assert esito.ok and not esito.salvato
    cose = [m.cosa for m in esito.modifiche]
    assert "Obiettivo AMM.1" in cose and "Area Area amministrativa" in cose
    assert [area for area, _obiettivi in esito.per_area()][:2] == ["", "Area amministrativa"]
    _nothing_created(ente)


def test_a_corrected_file_updates_by_code_and_a_row_missing_from_the_file_is_kept(nuovo):
    data = sheets(Obiettivi=BASE[layout.OBIETTIVI] + [
        {"Codice": "AMM.2", "Area": "AMM", "Titolo": "Anagrafe", "Tipo": "Di mantenimento", "Peso": 5}])
    assert _import(nuovo, book(data)).salvato
    corrected = with_cell(layout.OBIETTIVI, "Titolo", "Protocollo informatico")  # AMM.2 left out
    esito = _import(nuovo, book(corrected))
    assert esito.salvato
    assert [(m.prima, m.dopo) for m in esito.modifiche] == [("Protocollo digitale", "Protocollo informatico")]
    assert set(Obiettivo.objects.values_list("codice", "titolo")) == {("AMM.1", "Protocollo informatico"), ("AMM.2", "Anagrafe")}


def test_a_row_without_a_code_matches_on_area_and_title_and_gets_a_generated_code(nuovo):
    data = with_cell(layout.OBIETTIVI, "Codice", None)
    data[layout.FASI][0]["Obiettivo"] = "Protocollo digitale"
    data[layout.INDICATORI][0]["Obiettivo"] = "Protocollo digitale"
    assert _import(nuovo, book(data)).salvato
    assert Obiettivo.objects.get().codice == "AMM.1"
    again = _import(nuovo, book(data))
    assert again.nessuna_modifica
    assert Obiettivo.objects.count() == 1


def test_an_existing_user_of_another_ente_gets_only_the_role_and_keeps_their_data(nuovo):
    altro = builders.make_ente(slug="altro")
    anna = builders.make_user("anna", first_name="Annamaria", last_name="Rossini", email="Anna@Example.org")
    builders.give_role(anna, altro, Ruolo.Tipo.SEGRETARIO)
    assert _import(nuovo, book()).salvato
    anna.refresh_from_db()
    assert (anna.first_name, anna.last_name, anna.is_staff, anna.has_usable_password()) == ("Annamaria", "Rossini", False, True)
    assert set(Ruolo.objects.filter(utente=anna).values_list("ente__slug", "tipo")) == {
        ("altro", "segretario"), ("nuovo", "responsabile")}


def test_a_text_cell_holding_a_number_goes_through_the_italian_parser(nuovo):
    data = with_cell(layout.INDICATORI, "Target 2018", "1.234,5")
    assert _import(nuovo, book(data)).salvato
    assert Target.objects.get(anno=2018).valore == Decimal("1234.5")


def test_a_formula_cell_is_read_by_its_computed_value(nuovo):
    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(book()))
    sheet = workbook[layout.INDICATORI]
    headers = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=headers.index("Target 2018") + 1)
    cell.value = "=45*2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    # openpyxl saves no computed value: the cell reads as empty, so no target for 2018 (as Excel would
    # have saved the value 90, the product reads 90: see the ODS test below for a cached value).
    esito = _import(nuovo, buffer.getvalue())
    assert esito.salvato
    assert not Target.objects.filter(anno=2018).exists()


def test_an_ods_formula_cell_is_read_by_its_cached_value(nuovo):
    from odf import opendocument, table
    from odf.namespaces import OFFICENS, TABLENS

    document = opendocument.load(io.BytesIO(book(fmt="ods")))
    sheet = next(t for t in document.spreadsheet.getElementsByType(table.Table) if t.getAttribute("name") == layout.INDICATORI)
    rows = sheet.getElementsByType(table.TableRow)
    headers = [c for c in rows[0].getElementsByType(table.TableCell)]
    index = [str(h) for h in headers].index("Target 2018")
    cell = rows[1].getElementsByType(table.TableCell)[index]
    cell.setAttrNS(TABLENS, "formula", "of:=45*2")
    cell.setAttrNS(OFFICENS, "value", "90")
    buffer = io.BytesIO()
    document.write(buffer)
    assert _import(nuovo, buffer.getvalue()).salvato
    assert Target.objects.get(anno=2018).valore == Decimal(90)


def test_the_flat_layout_one_row_per_indicator_is_accepted(nuovo):
    riga = {"Area": "AMM", "Codice obiettivo": "AMM.1", "Obiettivo": "Protocollo digitale", "Tipo obiettivo": "Strategico",
            "Peso obiettivo": 10, "Indicatore": "Documenti protocollati", "Formula": "Numero", "Target 2018": 90, "Target 2019": 95}
    data = {layout.AREE: BASE[layout.AREE], layout.PERSONE: BASE[layout.PERSONE],
            layout.PIATTO: [riga, {**riga, "Indicatore": "Fascicoli digitali", "Target 2018": 50, "Target 2019": 60}]}
    esito = _import(nuovo, book(data))
    assert esito.salvato, [str(p) for p in esito.problemi]
    piano = Piano.objects.get(ente=nuovo[0])
    assert (piano.anno_inizio, piano.anno_fine) == (2018, 2019)
    assert Obiettivo.objects.get().indicatori.count() == 2
    assert _import(nuovo, book(data)).nessuna_modifica


# Bad cells: the message names sheet, row and column, and nothing is saved -----------------------------

BAD_CELLS = [
    (layout.PIANO, "Primo anno", "duemila", "Foglio Piano, riga 2, colonna Primo anno: «duemila» non è un numero."),
    (layout.PIANO, "Stato", "Chiuso", "Foglio Piano, riga 2, colonna Stato: «Chiuso» non è fra i valori ammessi (Bozza, Approvato)."),
    (layout.PIANO, "Data deliberazione", "30 gennaio", "Foglio Piano, riga 2, colonna Data deliberazione: «30 gennaio» non è una data: la scriva come gg/mm/aaaa."),
    (layout.AREE, "Nome", None, "Foglio Aree, riga 2, colonna Nome: il valore manca, ed è obbligatorio."),
    (layout.AREE, "Responsabile", "nessuno@example.org", "Foglio Aree, riga 2, colonna Responsabile: «nessuno@example.org» non è una persona dell'ente: la aggiunga al foglio Persone."),
    (layout.AREE, "Area superiore", "XYZ", "Foglio Aree, riga 2, colonna Area superiore: l'area «XYZ» non esiste."),
    (layout.AREE, "Ordine", "primo", "Foglio Aree, riga 2, colonna Ordine: «primo» non è un numero."),
    (layout.PERSONE, "E-mail", "anna.example.org", "Foglio Persone, riga 2, colonna E-mail: «anna.example.org» non è un indirizzo e-mail."),
    (layout.PERSONE, "Ruolo", "Segretario Comunale", "Foglio Persone, riga 2, colonna Ruolo: «Segretario Comunale» non è fra i valori ammessi (Responsabile, Nucleo di Valutazione)."),
    (layout.STRATEGICI, "Titolo", None, "Foglio Obiettivi strategici, riga 2, colonna Titolo: il valore manca, ed è obbligatorio."),
    (layout.OBIETTIVI, "Area", "XXX", "Foglio Obiettivi, riga 2, colonna Area: l'area «XXX» non esiste: la aggiunga al foglio Aree."),
    (layout.OBIETTIVI, "Titolo", None, "Foglio Obiettivi, riga 2, colonna Titolo: il valore manca, ed è obbligatorio."),
    (layout.OBIETTIVI, "Tipo", "Importante", "Foglio Obiettivi, riga 2, colonna Tipo: «Importante» non è fra i valori ammessi (Strategico, Di mantenimento, Di miglioramento)."),
    (layout.OBIETTIVI, "Peso", "dodici", "Foglio Obiettivi, riga 2, colonna Peso: «dodici» non è un numero."),
    (layout.OBIETTIVI, "Peso", Decimal(120), "Foglio Obiettivi, riga 2, colonna Peso: 120 non è compreso tra 0 e 100."),
    (layout.OBIETTIVI, "Peso", "12,555", "Foglio Obiettivi, riga 2, colonna Peso: «12,555» ha più di 2 cifre decimali."),
    (layout.OBIETTIVI, "Responsabile", "ignoto@example.org", "Foglio Obiettivi, riga 2, colonna Responsabile: «ignoto@example.org» non è una persona dell'ente: la aggiunga al foglio Persone."),
    (layout.OBIETTIVI, "Scadenza", "31/02/2018", "Foglio Obiettivi, riga 2, colonna Scadenza: «31/02/2018» non è una data: la scriva come gg/mm/aaaa."),
    (layout.OBIETTIVI, "Inizio", date(2019, 1, 1), "Foglio Obiettivi, riga 2, colonna Scadenza: la scadenza viene prima dell'inizio."),
    (layout.OBIETTIVI, "Obiettivo strategico", "OS9", "Foglio Obiettivi, riga 2, colonna Obiettivo strategico: l'obiettivo strategico «OS9» non esiste: lo aggiunga al foglio Obiettivi strategici."),
    (layout.OBIETTIVI, "Programma", "9999", "Foglio Obiettivi, riga 2, colonna Programma: il programma «9999» non esiste."),
    (layout.OBIETTIVI, "Descrizione e finalità", "=HYPERLINK(\"http://x\")", "Foglio Obiettivi, riga 2, colonna Descrizione e finalità: «=HYPERLINK(\"http://x\")» sembra una formula: scriva il testo senza «=», «+», «-» o «@» iniziali."),
    (layout.OBIETTIVI, "Titolo", "@SUM(1+1)*cmd|' /C calc'!A0", "Foglio Obiettivi, riga 2, colonna Titolo: «@SUM(1+1)*cmd|' /C calc'!A0» sembra una formula: scriva il testo senza «=», «+», «-» o «@» iniziali."),
    (layout.OBIETTIVI, "Codice", "X" * 21, "Foglio Obiettivi, riga 2, colonna Codice: il testo è lungo 21 caratteri, il massimo è 20."),
    (layout.FASI, "Fine", "01/01/2018", "Foglio Fasi, riga 2, colonna Fine: la fine viene prima dell'inizio."),
    (layout.FASI, "Inizio", "a breve", "Foglio Fasi, riga 2, colonna Inizio: «a breve» non è una data: la scriva come gg/mm/aaaa."),
    (layout.FASI, "Obiettivo", "ZZZ", "Foglio Fasi, riga 2, colonna Obiettivo: l'obiettivo «ZZZ» non è nel foglio Obiettivi né nel Piano."),
    (layout.INDICATORI, "Obiettivo", "ZZZ", "Foglio Indicatori, riga 2, colonna Obiettivo: l'obiettivo «ZZZ» non è nel foglio Obiettivi né nel Piano."),
    (layout.INDICATORI, "Indicatore", None, "Foglio Indicatori, riga 2, colonna Indicatore: il valore manca, ed è obbligatorio."),
    (layout.INDICATORI, "Formula", "Somma", "Foglio Indicatori, riga 2, colonna Formula: «Somma» non è fra i valori ammessi (Numero, Rapporto (numeratore / denominatore), Sì / no, Data / scadenza, Giudizio (valutazione manuale))."),
    (layout.INDICATORI, "Tipo", "Bello", "Foglio Indicatori, riga 2, colonna Tipo: «Bello» non è fra i valori ammessi (Efficacia, Efficienza, Qualità, Temporale / di realizzazione)."),
    (layout.INDICATORI, "Verso", "su", "Foglio Indicatori, riga 2, colonna Verso: «su» non è fra i valori ammessi (Crescente (più alto è meglio), Decrescente (più basso è meglio))."),
    (layout.INDICATORI, "Baseline", "tanti", "Foglio Indicatori, riga 2, colonna Baseline: «tanti» non è un numero."),
    (layout.INDICATORI, "Peso", Decimal(-5), "Foglio Indicatori, riga 2, colonna Peso: -5 non è compreso tra 0 e 100."),
    (layout.INDICATORI, "Misura dalla baseline", "forse", "Foglio Indicatori, riga 2, colonna Misura dalla baseline: «forse» non è fra i valori ammessi (Sì, No)."),
    (layout.INDICATORI, "Target 2019", "dodici", "Foglio Indicatori, riga 2, colonna Target 2019: «dodici» non è un numero."),
    (layout.INDICATORI, "Target 2019", "1e400", "Foglio Indicatori, riga 2, colonna Target 2019: «1e400» non è un numero."),
    (layout.INDICATORI, "Target 2019", Decimal("12345678901"), "Foglio Indicatori, riga 2, colonna Target 2019: «12.345.678.901» è troppo grande."),
    (layout.INDICATORI, "Target 2022", Decimal(5), "Foglio Indicatori, riga 1, colonna Target 2022: il 2022 non è un anno del Piano (2018-2020)."),
    (layout.INDICATORI, "Target 2019", date(2019, 5, 1), "Foglio Indicatori, riga 2, colonna Target 2019: «01/05/2019» non è un numero."),
]


@pytest.mark.parametrize("sheet, column, value, message", BAD_CELLS, ids=[f"{s}-{c}-{v}" for s, c, v, _m in BAD_CELLS])
def test_a_bad_cell_gives_its_sheet_row_and_column_and_nothing_is_saved(nuovo, sheet, column, value, message):
    esito = _import(nuovo, book(with_cell(sheet, column, value)))
    assert not esito.salvato
    assert message in [str(p) for p in esito.problemi]
    _nothing_created(nuovo[0])


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_bad_cells_are_reported_from_ods_too(nuovo, fmt):
    esito = _import(nuovo, book(with_cell(layout.INDICATORI, "Target 2019", "dodici"), fmt=fmt))
    assert [str(p) for p in esito.problemi] == ["Foglio Indicatori, riga 2, colonna Target 2019: «dodici» non è un numero."]


def test_a_target_of_a_deadline_indicator_is_a_date_and_of_a_yes_no_indicator_si_or_no(nuovo):
    data = sheets(Indicatori=[
        {"Obiettivo": "AMM.1", "Indicatore": "Conservazione attivata", "Formula": "Data / scadenza",
         "Target 2018": "30/09/2018", "Target 2019": date(2019, 6, 30)},
        {"Obiettivo": "AMM.1", "Indicatore": "Servizio attivo", "Formula": "Sì / no", "Target 2018": "Sì", "Target 2019": "forse"},
    ])
    esito = _import(nuovo, book(data))
    assert [str(p) for p in esito.problemi] == ["Foglio Indicatori, riga 3, colonna Target 2019: «forse» non è Sì o No."]
    data[layout.INDICATORI][1]["Target 2019"] = "No"
    assert _import(nuovo, book(data)).salvato
    assert Target.objects.get(indicatore__nome="Conservazione attivata", anno=2018).data_scadenza == date(2018, 9, 30)
    assert Target.objects.get(indicatore__nome="Servizio attivo", anno=2019).valore == 0


def test_a_duplicate_code_names_the_row_it_repeats(nuovo):
    data = sheets(Obiettivi=BASE[layout.OBIETTIVI] * 2)
    esito = _import(nuovo, book(data))
    assert "Foglio Obiettivi, riga 3, colonna Codice: il codice «AMM.1» è già alla riga 2." in [str(p) for p in esito.problemi]
    _nothing_created(nuovo[0])


def test_a_missing_required_column_is_reported_on_the_header_row(nuovo):
    data = sheets(Obiettivi=[{k: v for k, v in BASE[layout.OBIETTIVI][0].items() if k != "Titolo"}])
    esito = _import(nuovo, book(data))
    assert "Foglio Obiettivi, riga 1, colonna Titolo: la colonna manca: la intestazione deve essere «Titolo»." in [str(p) for p in esito.problemi]


def test_an_area_without_a_responsabile_needs_one_on_the_objective(nuovo):
    data = with_cell(layout.AREE, "Responsabile", None)
    esito = _import(nuovo, book(data))
    assert [str(p) for p in esito.problemi] == [
        "Foglio Obiettivi, riga 2, colonna Responsabile: l'area Area amministrativa non ha un responsabile: lo indichi qui o nel foglio Aree."]


# Files that are not a Piano ---------------------------------------------------------------------------

@pytest.mark.parametrize("data, message", [
    (b"", "Il file è vuoto."),
    (b"nome;cognome\nAnna;Rossi\n", "Il file non è una cartella di lavoro: carichi un file XLSX (Excel) o ODS (LibreOffice)."),
    (b"%PDF-1.7 not a workbook", "Il file non è una cartella di lavoro: carichi un file XLSX (Excel) o ODS (LibreOffice)."),
    (b"x" * (MAX_BYTES * 2), "Il file supera i 10 MB: lo divida o tolga i fogli che non servono."),
])
def test_a_file_that_is_not_a_workbook_empty_or_too_large_is_refused_with_a_message(nuovo, data, message):
    esito = _import(nuovo, data)
    assert [str(p) for p in esito.problemi] == [message]
    _nothing_created(nuovo[0])


def test_a_zip_that_is_not_a_workbook_and_a_damaged_workbook_are_refused(nuovo):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "ciao")
    assert [str(p) for p in _import(nuovo, buffer.getvalue()).problemi] == [
        "Il file non è una cartella di lavoro: carichi un file XLSX (Excel) o ODS (LibreOffice)."]
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as archive:
        archive.writestr("xl/workbook.xml", "<not xml")
    assert [str(p) for p in _import(nuovo, broken.getvalue()).problemi] == [
        "Il file non si riesce a leggere: è danneggiato o non è un file XLSX / ODS."]


def test_a_zip_bomb_is_refused_before_it_is_unpacked(nuovo):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b"0" * (130 * 1024 * 1024))
    assert len(buffer.getvalue()) < MAX_BYTES
    assert [str(p) for p in _import(nuovo, buffer.getvalue()).problemi] == [
        "Il file, una volta decompresso, è troppo grande per essere un Piano."]


def test_an_empty_workbook_and_one_with_no_sheet_of_the_template_are_refused(nuovo):
    from piani.workbook import SheetSpec, write_workbook

    for data in (write_workbook([SheetSpec("Foglio1", [])], "xlsx"), book({"Spese": [{"Voce": "carta"}]})):
        esito = _import(nuovo, data)
        assert [str(p) for p in esito.problemi] == [
            "Il file non contiene nessuno dei fogli del modello (Piano, Aree, Persone, Obiettivi strategici, "
            "Obiettivi, Fasi, Indicatori, Anni precedenti): scarichi il modello e lo compili."]
    esito = _import(nuovo, book(sheets(Piano=[])))
    assert [str(p) for p in esito.problemi] == [
        "Foglio Piano: il foglio Piano deve avere una sola riga sotto le intestazioni, con gli anni del Piano."]


def test_only_the_segretario_may_import(nuovo):
    ente, _segretario = nuovo
    responsabile = builders.make_user("resp")
    builders.give_role(responsabile, ente, Ruolo.Tipo.RESPONSABILE)
    with pytest.raises(services.DomainError):
        services.piano_import(ente=ente, data=book(), user=responsabile, commit=True)
    assert not Piano.objects.filter(ente=ente).exists() and not User.objects.filter(email="anna@example.org").exists()


def test_a_text_starting_with_a_dash_bullet_is_not_taken_for_a_formula(nuovo):
    data = with_cell(layout.OBIETTIVI, "Descrizione e finalità", "- ridurre i tempi (entro 30 giorni)")
    assert _import(nuovo, book(data)).salvato
    assert Obiettivo.objects.get().descrizione == "- ridurre i tempi (entro 30 giorni)"


def test_a_plus_or_minus_formula_payload_is_refused(nuovo):
    esito = _import(nuovo, book(with_cell(layout.OBIETTIVI, "Titolo", "-2+3+cmd|' /C calc'!A0")))
    assert "sembra una formula" in str(esito.problemi[0])
    _nothing_created(nuovo[0])
