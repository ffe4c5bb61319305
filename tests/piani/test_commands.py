"""import_piano and export_piano: the same checks and messages as the page; a failed import exits
non-zero and writes nothing."""

from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from obiettivi.models import Piano, Ruolo, Target, Variazione, VoceStorico
from piani import layout
from piani.workbook import read_workbook
from tests import builders

from .workbooks import book, with_cell


@pytest.fixture
def vuoto(db):
    ente = builders.make_ente(nome="Comune vuoto", slug="vuoto")
    segretario = builders.make_user("seg_vuoto")
    builders.give_role(segretario, ente, Ruolo.Tipo.SEGRETARIO)
    return ente, segretario


def _file(tmp_path, data, name="piano.xlsx"):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def test_import_creates_the_plan_and_the_storico_names_the_user(vuoto, tmp_path, capsys):
    call_command("import_piano", "vuoto", _file(tmp_path, book()), "--utente", "seg_vuoto")
    assert Piano.objects.filter(ente=vuoto[0]).exists()
    assert VoceStorico.objects.filter(ente=vuoto[0], utente=vuoto[1], azione="Obiettivo creato").exists()
    assert "Importato:" in capsys.readouterr().out


def test_a_dry_run_shows_the_changes_and_writes_nothing(vuoto, tmp_path, capsys):
    call_command("import_piano", "vuoto", _file(tmp_path, book(fmt="ods"), "p.ods"), "--dry-run")
    out = capsys.readouterr().out
    assert "crea Obiettivo AMM.1" in out and "Prova:" in out
    assert not Piano.objects.filter(ente=vuoto[0]).exists()


def test_a_failed_import_exits_non_zero_with_the_messages_and_writes_nothing(vuoto, tmp_path, capsys):
    path = _file(tmp_path, book(with_cell(layout.INDICATORI, "Target 2019", "dodici")))
    with pytest.raises(CommandError, match="Nulla è stato salvato"):
        call_command("import_piano", "vuoto", path)
    assert "Foglio Indicatori, riga 2, colonna Target 2019: «dodici» non è un numero." in capsys.readouterr().err
    assert not Piano.objects.filter(ente=vuoto[0]).exists()


@pytest.mark.parametrize("args, message", [
    (["nessuno", "x.xlsx"], "L'ente «nessuno» non esiste."),
    (["vuoto", "/non/esiste.xlsx"], "Il file «/non/esiste.xlsx» non esiste."),
    (["vuoto", "x.xlsx", "--utente", "fantasma"], "L'utente «fantasma» non esiste."),
])
def test_wrong_arguments_are_italian_messages(vuoto, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_piano", *args)


def test_the_same_file_twice_is_reported_as_no_change(vuoto, tmp_path, capsys):
    path = _file(tmp_path, book())
    call_command("import_piano", "vuoto", path)
    call_command("import_piano", "vuoto", path)
    assert "Nessuna modifica" in capsys.readouterr().out


def test_export_writes_the_format_of_the_extension(vuoto, tmp_path):
    call_command("import_piano", "vuoto", _file(tmp_path, book()))
    for name in ("out.xlsx", "out.ods"):
        call_command("export_piano", "vuoto", "2018", "--output", str(tmp_path / name))
        sheets = read_workbook((tmp_path / name).read_bytes())
        assert sheets[layout.OBIETTIVI][1][0] == "AMM.1"
    with pytest.raises(CommandError, match="deve finire con .xlsx o .ods"):
        call_command("export_piano", "vuoto", "2018", "--output", str(tmp_path / "out.csv"))
    with pytest.raises(CommandError, match="non ha un Piano che inizia nel 2030"):
        call_command("export_piano", "vuoto", "2030", "--output", str(tmp_path / "out.xlsx"))


def test_an_approved_plan_varies_with_the_deliberation_given_on_the_command_line(personas, tmp_path):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1")
    builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))
    out = tmp_path / "p.xlsx"
    call_command("export_piano", "lodrino", "2018", "--output", str(out))
    from piani.workbook import SheetSpec, write_workbook

    sheets = read_workbook(out.read_bytes())
    headers = sheets[layout.INDICATORI][0]
    sheets[layout.INDICATORI][1][headers.index("Target 2018")] = Decimal(20)
    changed = _file(tmp_path, write_workbook([SheetSpec(n, r[0], r[1:]) for n, r in sheets.items() if n not in ("Elenchi", "Istruzioni")], "xlsx"), "c.xlsx")
    with pytest.raises(CommandError):
        call_command("import_piano", "lodrino", changed, "--utente", "segretario")
    call_command("import_piano", "lodrino", changed, "--utente", "segretario", "--variazione-numero", "45",
                 "--variazione-data", "10/06/2018", "--variazione-motivazione", "Assestamento")
    assert Target.objects.get(variazione=Variazione.objects.get()).valore == Decimal(20)
