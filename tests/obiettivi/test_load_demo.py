import pytest
from django.core.management import CommandError, call_command

from obiettivi import selectors
from obiettivi.achievement import Esito
from obiettivi.models import Ente, Indicatore, Misurazione, Obiettivo, Ruolo, Target, VoceStorico

pytestmark = pytest.mark.django_db


def counts():
    return {m.__name__: m.objects.count() for m in (Ente, Obiettivo, Indicatore, Target, Misurazione, Ruolo)}


def test_load_demo_creates_lodrino_and_running_it_again_changes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert first["Obiettivo"] == 13
    ente = Ente.objects.get(slug="lodrino")
    piano = ente.piani.get()
    assert (piano.anno_inizio, piano.anno_fine, piano.numero_atto) == (2018, 2020, "07")
    assert piano.data_atto.strftime("%d/%m/%Y") == "30/01/2018"
    assert Ruolo.objects.get(ente=ente, tipo=Ruolo.Tipo.SEGRETARIO).denominazione == "Lorenzi dott. Alberto"


def test_load_demo_refuses_to_run_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("load_demo")
    assert not Ente.objects.exists()
    call_command("load_demo", force=True)
    assert Ente.objects.filter(slug="lodrino").exists()


def test_the_demo_year_2018_has_missed_targets_each_with_a_motivazione(settings):
    settings.DEBUG = True
    call_command("load_demo")
    piano = Ente.objects.get(slug="lodrino").piani.get()
    risultati = selectors.piano_results(piano=piano, anno=2018)
    missed = [r for o in risultati.obiettivi for r in o.indicatori if r.target_mancato]
    assert len(missed) >= 3
    assert all(r.consuntivo.motivazione and r.consuntivo.causa_scostamento for r in missed)
    esiti = {o.grado.esito for o in risultati.obiettivi}
    assert Esito.RAGGIUNTO in esiti and Esito.PARZIALE in esiti
    assert not VoceStorico.objects.filter(azione__icontains="valore").exists()


def _demo_state():
    ente = Ente.objects.get(slug="lodrino")
    return ente.versione_dati, counts()  # every saved row bumps versione_dati


@pytest.mark.parametrize("debug", [False, True])
def test_load_demo_refuses_to_rewrite_a_year_approved_after_the_demo_and_changes_nothing(settings, debug):
    from relazioni.models import Relazione

    settings.DEBUG = False
    call_command("load_demo", force=True)
    Relazione.objects.filter(ente__slug="lodrino", anno=2019).update(stato=Relazione.Stato.APPROVATA)
    before = _demo_state()
    settings.DEBUG = debug
    with pytest.raises(CommandError, match="La Relazione sulla Performance 2019 del Comune di Lodrino è approvata"):
        call_command("load_demo", force=True)
    assert _demo_state() == before


def test_load_demo_refuses_once_the_demos_2018_was_reopened_and_approved_again(settings):
    from relazioni import services as relazioni_services
    from relazioni.models import Relazione

    settings.DEBUG = False
    call_command("load_demo", force=True)
    relazione = Relazione.objects.get(ente__slug="lodrino", anno=2018)
    segretario = relazione.approvata_da
    relazione = relazioni_services.relazione_reopen(user=segretario, relazione=relazione, motivazione="Correzione")
    relazioni_services.relazione_approve(user=segretario, relazione=relazione)
    before = _demo_state()
    with pytest.raises(CommandError, match="2018 del Comune di Lodrino è approvata"):
        call_command("load_demo", force=True)
    assert _demo_state() == before


def test_load_demo_forced_twice_runs_again_over_its_own_unchanged_2018(settings):
    settings.DEBUG = False
    call_command("load_demo", force=True)
    first = counts()
    call_command("load_demo", force=True)
    assert counts() == first


def test_each_demo_year_is_coherent_in_itself(settings, client):
    """The objectives run through the plan: in 2019 none ended in 2018, and the phases shown are the year's."""
    from obiettivi.models import Fase

    settings.DEBUG = True
    call_command("load_demo")
    ente = Ente.objects.get(slug="lodrino")
    assert ente.anno_corrente == 2019
    for obiettivo in Obiettivo.objects.filter(piano__ente=ente):
        assert obiettivo.scadenza is None or obiettivo.scadenza.year >= ente.anno_corrente, obiettivo.codice
    with_phases = Obiettivo.objects.filter(fasi__isnull=False).distinct()
    for obiettivo in with_phases:
        years = {f.data_inizio.year for f in Fase.objects.filter(obiettivo=obiettivo)}
        assert {2018, 2019} <= years, obiettivo.codice
    obiettivo = with_phases.first()
    client.force_login(obiettivo.responsabile)
    text = client.get(f"{obiettivo.get_absolute_url()}?anno=2019").content.decode()
    fasi = text[text.index("Fasi del 2019"):text.index("Indicatori")]
    assert "/2019" in fasi and "/2018" not in fasi
