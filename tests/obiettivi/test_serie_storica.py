"""An indicator's history (issue 10, item 2): values of earlier years, a series across the Piani it
continues, the latest approved Piano governing a year two rolling Piani cover."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi import selectors, services
from obiettivi.models import Piano, Target, ValoreStorico, VoceStorico
from obiettivi.selectors import PIANO, STORICO, PuntoSerie, history, piano_precedence
from opendata import writers
from relazioni.models import Relazione
from relazioni.snapshot import relazione_data
from tests import builders

pytestmark = pytest.mark.django_db

D = Decimal


def _p(anno, valore, *, origine=PIANO, target=None, precedenza=(), testo=""):
    return PuntoSerie(anno, target, valore, origine, testo, "", precedenza)


# --- The pure rule --------------------------------------------------------------------------------

def test_the_latest_approved_piano_governs_a_year_two_rolling_piani_cover():
    vecchio = piano_precedence(approvato=True, data_atto=date(2017, 1, 30), anno_inizio=2017, piano_id=1)
    nuovo = piano_precedence(approvato=True, data_atto=date(2018, 2, 10), anno_inizio=2018, piano_id=2)
    bozza = piano_precedence(approvato=False, data_atto=date(2019, 1, 1), anno_inizio=2019, piano_id=3)
    serie = history([
        _p(2017, D(5), target=D(4), precedenza=vecchio), _p(2018, D(6), target=D(7), precedenza=vecchio),
        _p(2018, None, target=D(9), precedenza=nuovo), _p(2018, D(1), target=D(1), precedenza=bozza),
    ])
    assert [(p.anno, p.target, p.valore) for p in serie] == [(2017, D(4), D(5)), (2018, D(9), None)]


def test_a_storico_value_fills_a_year_no_piano_covers_and_a_piano_year_without_a_value():
    piano = piano_precedence(approvato=True, data_atto=None, anno_inizio=2018, piano_id=1)
    serie = history([
        _p(2016, D(3), origine=STORICO), _p(2016, D(99), origine=STORICO),  # the first given wins
        _p(2018, None, target=D(10), precedenza=piano), _p(2018, D(8), origine=STORICO, testo="n. 8"),
        _p(2019, D(11), target=D(10), precedenza=piano), _p(2019, D(1), origine=STORICO),
    ])
    assert [(p.anno, p.target, p.valore, p.origine) for p in serie] == [
        (2016, None, D(3), STORICO), (2018, D(10), D(8), STORICO), (2019, D(10), D(11), PIANO)]
    assert serie[1].testo == "n. 8"


def test_an_approved_piano_wins_over_a_draft_whatever_their_dates():
    assert piano_precedence(approvato=True, data_atto=None, anno_inizio=2010, piano_id=1) > piano_precedence(
        approvato=False, data_atto=date(2020, 1, 1), anno_inizio=2020, piano_id=2)


# --- Across Piani, from the database ---------------------------------------------------------------

@pytest.fixture
def due_piani(personas):
    """A 2016-2018 Piano with its consuntivi 2016 and 2017, and the 2018-2020 Piano (approved later)
    whose indicator continues it; a storico value for 2015 on the older indicator."""
    vecchio = builders.make_piano(personas.ente, anno_inizio=2016, anno_fine=2018, data_atto=date(2016, 2, 1))
    ob_vecchio = builders.make_obiettivo(vecchio, personas.area_a, codice="V.1")
    ind_vecchio = builders.make_indicatore(ob_vecchio, nome="Pratiche evase", target=D(8), anno=2016, unita="pratiche")
    Target.objects.create(indicatore=ind_vecchio, anno=2017, valore=D(9))
    Target.objects.create(indicatore=ind_vecchio, anno=2018, valore=D(10))
    builders.make_misurazione(ind_vecchio, anno=2016, valore=D(7))
    builders.make_misurazione(ind_vecchio, anno=2017, valore=D(9))
    ValoreStorico.objects.create(indicatore=ind_vecchio, anno=2015, valore=D(6), fonte="Relazione 2015")
    ob = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1")
    ind = builders.make_indicatore(ob, nome="Pratiche evase", target=D(12), anno=2018, unita="pratiche",
                                   deriva_da=ind_vecchio)
    Target.objects.create(indicatore=ind, anno=2019, valore=D(13))
    builders.make_misurazione(ind, anno=2018, valore=D("12.5"))
    personas.indicatore, personas.vecchio = ind, ind_vecchio
    return personas


def test_the_series_runs_across_the_piani_the_indicator_continues(due_piani):
    serie = selectors.indicator_series([due_piani.indicatore])[due_piani.indicatore.pk]
    assert [(p.anno, p.target, p.valore, p.origine) for p in serie] == [
        (2015, None, D(6), STORICO),
        (2016, D(8), D(7), PIANO), (2017, D(9), D(9), PIANO),
        # 2018 is in both Piani: the later approved (2018-2020) governs it, its target 12, not 10.
        (2018, D(12), D("12.5"), PIANO),
        (2019, D(13), None, PIANO),
    ]
    assert serie[1].fonte == "Piano 2016–2018"


def test_the_older_piano_governs_when_it_was_approved_later(due_piani):
    Piano.objects.filter(pk=due_piani.piano.pk).update(data_atto=date(2015, 12, 1))
    serie = selectors.indicator_series([due_piani.indicatore])[due_piani.indicatore.pk]
    assert [(p.target, p.valore) for p in serie if p.anno == 2018] == [(D(10), None)]


def test_the_baseline_is_the_indicators_own_or_the_last_earlier_value(due_piani):
    ind = due_piani.indicatore
    serie = selectors.indicator_series([ind])[ind.pk]
    assert selectors.baseline_of(ind, serie, 2018) == (D(9), 2017)
    ind.baseline = D(5)
    assert selectors.baseline_of(ind, serie, 2018) == (D(5), 2017)


def test_a_loop_of_deriva_da_ends(due_piani):
    due_piani.vecchio.deriva_da = due_piani.indicatore
    due_piani.vecchio.save()
    serie = selectors.indicator_series([due_piani.indicatore])[due_piani.indicatore.pk]
    assert [p.anno for p in serie] == [2015, 2016, 2017, 2018, 2019]


def test_the_series_costs_the_same_queries_for_one_indicator_as_for_twenty(due_piani):
    def count(indicatori):
        with CaptureQueriesContext(connection) as captured:
            selectors.indicator_series(indicatori)
        return len(captured)

    small = count([due_piani.indicatore])
    molti = []
    for n in range(20):
        ob = builders.make_obiettivo(due_piani.piano, due_piani.area_b, codice=f"M.{n}")
        old_ob = builders.make_obiettivo(due_piani.vecchio.obiettivo.piano, due_piani.area_b, codice=f"MV.{n}")
        molti.append(builders.make_indicatore(ob, deriva_da=builders.make_indicatore(old_ob, anno=2016)))
    assert count(molti + [due_piani.indicatore]) == small


def test_a_whole_plan_read_by_its_piani_gives_the_same_series_as_read_by_indicator(due_piani, monkeypatch):
    """Many indicators are read by their Piani rather than by id: the same points, and the rows of
    indicators not asked for (here the other Piano's own) change nothing."""
    other = builders.make_obiettivo(due_piani.vecchio.obiettivo.piano, due_piani.area_b, codice="X.1")
    extra = builders.make_indicatore(other, target=D(99), anno=2016)
    builders.make_misurazione(extra, anno=2016, valore=D(98))
    ValoreStorico.objects.create(indicatore=extra, anno=2015, valore=D(97))
    by_id = selectors.indicator_series([due_piani.indicatore])
    monkeypatch.setattr(selectors, "MANY_INDICATORS", 0)
    assert selectors.indicator_series([due_piani.indicatore]) == by_id


# --- On the indicator page --------------------------------------------------------------------------

def test_the_indicator_page_shows_the_earlier_years_and_the_baseline(due_piani, login):
    page = login(due_piani.resp_a).get(reverse("obiettivi:indicatore", args=["lodrino", due_piani.indicatore.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    for anno in ("2015", "2016", "2017"):
        assert f"<th scope=\"row\">{anno}" in text
    assert "Piano 2016–2018" in text and "fonte: Relazione 2015" in text
    assert "9 pratiche (2017)" in text  # the baseline, with its year
    assert "Valori degli anni precedenti al Piano" not in text  # the form is the Segretario's


def test_the_segretario_records_an_earlier_year_and_the_storico_says_so(due_piani, login):
    client = login(due_piani.segretario)
    url = reverse("obiettivi:indicatore_valore_storico", args=["lodrino", due_piani.indicatore.pk])
    response = client.post(url, {"anno": "2014", "valore": "1.234,5", "testo": "n. 1234", "fonte": "Relazione 2014"})
    assert response.status_code == 302
    valore = ValoreStorico.objects.get(indicatore=due_piani.indicatore, anno=2014)
    assert (valore.valore, valore.testo, valore.fonte) == (D("1234.5"), "n. 1234", "Relazione 2014")
    voce = VoceStorico.objects.get(indicatore=due_piani.indicatore, anno=2014)
    assert voce.valore_nuovo == "1.234,5 – n. 1234" and voce.utente == due_piani.segretario
    page = client.get(reverse("obiettivi:indicatore", args=["lodrino", due_piani.indicatore.pk])).content.decode()
    assert "1.234,5 pratiche" in page and "Valori degli anni precedenti al Piano" in page
    # Both empty: the year's value is removed, and that is recorded too.
    assert client.post(url, {"anno": "2014"}).status_code == 302
    assert not ValoreStorico.objects.filter(indicatore=due_piani.indicatore, anno=2014).exists()


@pytest.mark.parametrize("data, message", [
    ({"anno": "2018", "valore": "3"}, "qui solo gli anni precedenti"),
    ({"anno": "1200", "valore": "3"}, "1990"),
    ({"anno": "2014", "valore": "dodici"}, "Inserisca un numero"),
    ({"anno": "2014"}, "Indichi il valore"),
    ({"anno": "", "valore": "3"}, "obbligatorio"),
])
def test_a_bad_earlier_value_is_refused_with_an_italian_message_and_nothing_changes(due_piani, login, data, message):
    client = login(due_piani.segretario)
    url = reverse("obiettivi:indicatore_valore_storico", args=["lodrino", due_piani.indicatore.pk])
    response = client.post(url, data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ValoreStorico.objects.filter(indicatore=due_piani.indicatore).exists()
    assert not VoceStorico.objects.filter(indicatore=due_piani.indicatore).exists()


def test_a_frozen_year_takes_no_earlier_value(due_piani, login):
    Relazione.objects.create(ente=due_piani.ente, piano=due_piani.vecchio.obiettivo.piano, anno=2015,
                             stato=Relazione.Stato.APPROVATA)
    response = login(due_piani.segretario).post(
        reverse("obiettivi:indicatore_valore_storico", args=["lodrino", due_piani.indicatore.pk]),
        {"anno": "2015", "valore": "3"})
    assert response.status_code == 400 and "è chiuso e non si può più modificare" in response.content.decode()


def test_only_the_segretario_records_earlier_values(due_piani, login):
    url = reverse("obiettivi:indicatore_valore_storico", args=["lodrino", due_piani.indicatore.pk])
    assert login(due_piani.resp_a).post(url, {"anno": "2014", "valore": "3"}).status_code == 403
    with pytest.raises(services.DomainError):
        services.valore_storico_save(user=due_piani.nucleo, indicatore=due_piani.indicatore, anno=2014, valore=D(3))
    assert not ValoreStorico.objects.filter(anno=2014).exists()


# --- In the Relazione: snapshot, page and CSV -------------------------------------------------------

def test_the_relazione_carries_baseline_and_earlier_years_on_page_and_in_the_csv(due_piani, login):
    relazione = Relazione.objects.create(ente=due_piani.ente, piano=due_piani.piano, anno=2019)
    data = relazione_data(relazione)
    entry = data["risultati"]["aree"][0]["obiettivi"][0]["indicatori"][0]
    assert entry["baseline"] == "9.0000" and entry["baseline_anno"] == 2017
    assert [(p["anno"], p["valore"], p["origine"]) for p in entry["serie"]] == [
        (2015, "6.0000", "storico"), (2016, "7.0000", "piano"), (2017, "9.0000", "piano"), (2018, "12.5000", "piano")]
    page = login(due_piani.segretario).get(reverse("relazioni:relazione", args=["lodrino", 2019])).content.decode()
    assert "anni precedenti: 2016: 7 pratiche · 2017: 9 pratiche · 2018: 12,5 pratiche" in page
    assert "baseline 9 pratiche (2017)" in page
    # The open data (opendata/) carry the baseline and a target and a value column per earlier year.
    row = json.loads(writers.json_bytes(data))[0]
    assert (row["baseline"], row["baseline_anno"]) == (9, 2017)
    assert [(row[f"valore_{y}"]) for y in (2015, 2016, 2017, 2018)] == [6, 7, 9, 12.5]
    # The CSV for Italian spreadsheets carries the same columns, with decimal commas.
    rows = list(csv.DictReader(io.StringIO(writers.csv_bytes(data).decode("utf-8-sig")), delimiter=";"))
    assert (rows[0]["baseline"], rows[0]["baseline_anno"]) == ("9", "2017")
    assert [rows[0][f"valore_{y}"] for y in (2015, 2016, 2017, 2018)] == ["6", "7", "9", "12,5"]


def test_a_snapshot_made_before_history_still_renders_and_exports(due_piani):
    relazione = Relazione.objects.create(ente=due_piani.ente, piano=due_piani.piano, anno=2019)
    data = relazione_data(relazione)
    for area in data["risultati"]["aree"]:
        for o in area["obiettivi"]:
            for ri in o["indicatori"]:
                for key in ("baseline", "baseline_anno", "serie"):
                    ri.pop(key)
    row = json.loads(writers.json_bytes(data))[0]
    assert row["baseline"] is None and row["baseline_anno"] is None
    assert all(row[f"valore_{y}"] is None for y in (2016, 2017, 2018))
