"""Nuovo Piano dal precedente: the new plan's contents (copied objectives, linked indicators, targets
by year, "da rivedere" marks, proposed baselines), the old plan unchanged, a single-year PEG rolling
the same way, and the page's access rules."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi import services as obiettivi_services
from obiettivi.models import Fase, Indicatore, Misurazione, Obiettivo, Piano, Target, VoceStorico
from piani import services
from tests import builders


@pytest.fixture
def precedente(personas):
    """The personas' 2018-2020 plan: one objective di mantenimento, one strategic, one withdrawn."""
    piano = personas.piano
    mant = builders.make_obiettivo(piano, personas.area_a, codice="A.1", tipo="mantenimento", titolo="Anagrafe",
                                   scadenza=date(2018, 12, 31))
    Fase.objects.create(obiettivo=mant, descrizione="Formazione", data_inizio=date(2018, 1, 15), data_fine=date(2018, 3, 31))
    tempi = builders.make_indicatore(mant, nome="Giorni di attesa", target=Decimal(5), baseline=Decimal(7))
    Target.objects.create(indicatore=tempi, anno=2019, valore=Decimal(5))
    Target.objects.create(indicatore=tempi, anno=2020, valore=Decimal(4))
    builders.make_misurazione(tempi, anno=2018, valore=Decimal("4.5"))
    scadenza = builders.make_indicatore(mant, nome="Regolamento approvato", formula="scadenza", target=date(2020, 6, 30), anno=2020)
    strat = builders.make_obiettivo(piano, personas.area_b, codice="B.1", tipo="strategico", titolo="Nuova scuola")
    builders.make_indicatore(strat, nome="Lavori completati", target=Decimal(100), anno=2020)
    ritirato = builders.make_obiettivo(piano, personas.area_b, codice="B.2", tipo="mantenimento", titolo="Ritirato")
    variazione = obiettivi_services.variazione_record(user=personas.segretario, piano=piano, numero_atto="9",
                                                      data_atto=date(2018, 6, 1), motivazione="Ritiro")
    obiettivi_services.variazione_apply(user=personas.segretario, variazione=variazione,
                                        change=obiettivi_services.ObiettivoRitirato(obiettivo=ritirato))
    obiettivi_services.variazione_apply(user=personas.segretario, variazione=variazione, change=obiettivi_services.TargetVariato(
        indicatore=tempi, anno=2020, valore=Decimal(3)))
    return {"mant": mant, "tempi": tempi, "scadenza": scadenza, "strat": strat}


def _snapshot(piano):
    return (
        list(Obiettivo.objects.filter(piano=piano).order_by("pk").values()),
        list(Indicatore.objects.filter(obiettivo__piano=piano).order_by("pk").values()),
        list(Target.objects.filter(indicatore__obiettivo__piano=piano).order_by("pk").values()),
        list(Fase.objects.filter(obiettivo__piano=piano).order_by("pk").values()),
    )


def test_the_rolling_update_copies_mantenimento_links_indicators_and_maps_targets_by_year(personas, precedente):
    before = _snapshot(personas.piano)
    riporto = services.piano_carry_forward(user=personas.segretario, piano=personas.piano, anno_inizio=2019, anno_fine=2021)
    nuovo = riporto.piano
    assert (nuovo.anni, nuovo.stato, nuovo.numero_atto) == (range(2019, 2022), Piano.Stato.BOZZA, "")
    assert list(nuovo.obiettivi.values_list("codice", flat=True)) == ["A.1"]  # strategic not chosen, withdrawn left
    obiettivo = nuovo.obiettivi.get()
    assert (obiettivo.area, obiettivo.responsabile, obiettivo.scadenza) == (personas.area_a, personas.resp_a, date(2019, 12, 31))
    assert obiettivo.fasi.get().data_inizio == date(2019, 1, 15)
    tempi = obiettivo.indicatori.get(nome="Giorni di attesa")
    assert tempi.deriva_da == precedente["tempi"]
    assert tempi.baseline == Decimal("4.5")  # the 2018 year-end value, proposed as baseline
    targets = {t.anno: (t.valore, t.da_rivedere) for t in tempi.target.all()}
    # 2019 and 2020 as in force (2020 varied to 3); 2021 from the last year, to be reviewed
    assert targets == {2019: (Decimal(5), False), 2020: (Decimal(3), False), 2021: (Decimal(3), True)}
    regolamento = obiettivo.indicatori.get(nome="Regolamento approvato")
    assert {t.anno: (t.data_scadenza, t.da_rivedere) for t in regolamento.target.all()} == {
        2020: (date(2020, 6, 30), False), 2021: (date(2021, 6, 30), True)}
    assert (riporto.obiettivi, riporto.indicatori, riporto.target, riporto.da_rivedere, riporto.baseline_proposte) == (1, 2, 5, 2, 1)
    assert _snapshot(personas.piano) == before
    assert VoceStorico.objects.filter(azione="Nuovo Piano dal precedente", utente=personas.segretario).exists()


def test_strategic_objectives_are_chosen_one_by_one(personas, precedente):
    riporto = services.piano_carry_forward(user=personas.segretario, piano=personas.piano, anno_inizio=2021,
                                           anno_fine=2023, scelti=[precedente["strat"].pk])
    assert set(riporto.piano.obiettivi.values_list("codice", flat=True)) == {"A.1", "B.1"}
    lavori = Indicatore.objects.get(obiettivo__piano=riporto.piano, nome="Lavori completati")
    # The next triennium: no year in common, every year starts from 2020's target, to be reviewed.
    assert {t.anno: (t.valore, t.da_rivedere) for t in lavori.target.all()} == {
        2021: (Decimal(100), True), 2022: (Decimal(100), True), 2023: (Decimal(100), True)}


def test_a_single_year_peg_rolls_into_the_next_year_the_same_way(personas):
    ente = builders.make_ente(slug="piccolo")
    builders.give_role(personas.segretario, ente, "segretario")
    area = builders.make_area(ente, responsabile=personas.resp_a)
    peg = builders.make_piano(ente, anno_inizio=2016, anno_fine=2016)
    obiettivo = builders.make_obiettivo(peg, area, codice="1", tipo="mantenimento")
    indicatore = builders.make_indicatore(obiettivo, target=Decimal(20), anno=2016)
    builders.make_misurazione(indicatore, anno=2016, valore=Decimal(18))
    riporto = services.piano_carry_forward(user=personas.segretario, piano=peg, anno_inizio=2017, anno_fine=2017)
    nuovo = Indicatore.objects.get(obiettivo__piano=riporto.piano)
    assert riporto.piano.anni == range(2017, 2018)
    assert (nuovo.deriva_da, nuovo.baseline) == (indicatore, Decimal(18))
    assert [(t.anno, t.valore, t.da_rivedere) for t in nuovo.target.all()] == [(2017, Decimal(20), True)]


@pytest.mark.parametrize("inizio, fine, field", [(2018, 2020, "anno_inizio"), (2017, 2019, "anno_fine"), (2021, 2020, "anno_fine"), (2021, 2027, "anno_fine")])
def test_wrong_years_are_refused_with_a_message(personas, precedente, inizio, fine, field):
    with pytest.raises(services.DomainError) as error:
        services.piano_carry_forward(user=personas.segretario, piano=personas.piano, anno_inizio=inizio, anno_fine=fine)
    assert field in error.value.field_errors
    assert Piano.objects.count() == 1


def test_only_the_segretario_carries_forward(personas, precedente):
    with pytest.raises(services.DomainError):
        services.piano_carry_forward(user=personas.resp_a, piano=personas.piano, anno_inizio=2019, anno_fine=2021)


# The page ---------------------------------------------------------------------------------------

def _url(anno=2018, slug="lodrino"):
    return reverse("piani:nuovo_dal_precedente", kwargs={"ente_slug": slug, "anno_inizio": anno})


def test_the_page_proposes_the_next_years_and_lists_the_strategic_objectives(personas, precedente, client):
    client.force_login(personas.segretario)
    page = client.get(_url()).content.decode()
    assert 'value="2019"' in page and 'value="2021"' in page
    assert "B.1 – Nuova scuola (Area tecnica)" in page and "A.1 – Anagrafe" not in page
    response = client.post(_url(), {"anno_inizio": 2019, "anno_fine": 2021, "scelti": [precedente["strat"].pk]})
    assert response.status_code == 302
    assert set(Piano.objects.get(anno_inizio=2019).obiettivi.values_list("codice", flat=True)) == {"A.1", "B.1"}
    body = client.get(response["Location"]).content.decode()
    assert ("Obiettivi: 2; indicatori: 3; target: 7, da rivedere: 3; baseline proposte dal consuntivo "
            "dell&#x27;anno precedente: 1.") in body


def test_wrong_input_on_the_page_is_an_italian_message(personas, precedente, client):
    client.force_login(personas.segretario)
    response = client.post(_url(), {"anno_inizio": 2018, "anno_fine": 2020})
    assert response.status_code == 400 and "L&#x27;ente ha già un Piano che inizia nel 2018." in response.content.decode()
    response = client.post(_url(), {"anno_inizio": "duemila", "anno_fine": 2020, "scelti": ["999999"]})
    assert response.status_code == 400
    assert client.get(_url(anno=2030)).status_code == 404


@pytest.mark.parametrize("who, status", [("resp_a", 403), ("resp_b", 403), ("nucleo", 403), ("outsider", 404)])
def test_the_page_refuses_everyone_but_the_segretario(personas, precedente, client, who, status):
    client.force_login(getattr(personas, who))
    assert client.get(_url()).status_code == status
    assert client.post(_url(), {"anno_inizio": 2019, "anno_fine": 2021}).status_code == status
    assert Piano.objects.count() == 1


def test_another_entes_segretario_and_anonymous_are_refused(personas, precedente, client):
    assert client.get(_url())["Location"].startswith(reverse("login"))
    other = builders.make_ente(slug="altrove")
    segretario = builders.make_user("seg_altrove")
    builders.give_role(segretario, other, "segretario")
    client.force_login(segretario)
    assert client.get(_url()).status_code == 404
    assert client.post(_url(), {"anno_inizio": 2019, "anno_fine": 2021}).status_code == 404


def test_the_page_costs_the_same_queries_whatever_the_plan_size(personas, precedente, client):
    client.force_login(personas.segretario)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(_url()).status_code == 200
        return len(queries)

    small = count()
    for _n in range(15):
        builders.make_obiettivo(personas.piano, personas.area_b, tipo="strategico")
    assert count() == small
    assert Misurazione is not None
