"""The Segretario's dashboard: figures of a hand-built plan, the lists behind them, filters, access,
and a query count that does not grow with the plan."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi import selectors
from obiettivi.models import Fase, Misurazione, Monitoraggio, Obiettivo, Target, Variazione
from tests import builders

LUGLIO, CONSUNTIVO = Misurazione.Periodo.LUGLIO, Misurazione.Periodo.CONSUNTIVO
OGGI = date(2018, 7, 20)


@pytest.fixture
def piano(personas):
    """A1 (area A): two indicators, one July value, in ritardo, due on 15/08/2018.
    B1 (area B): one indicator without values, critico, a phase that ended on 10/07/2018.
    A2 (area A): withdrawn by a variation: it counts nowhere."""
    p = personas
    a1 = builders.make_obiettivo(p.piano, p.area_a, codice="A1", scadenza=date(2018, 8, 15))
    i1 = builders.make_indicatore(a1, nome="Pratiche", target=Decimal(10), peso=Decimal(50))
    builders.make_indicatore(a1, nome="Sportelli", target=Decimal(4), peso=Decimal(50))
    builders.make_misurazione(i1, periodo=LUGLIO, valore=Decimal(6))
    builders.make_misurazione(i1, periodo=CONSUNTIVO, valore=Decimal(8))  # missed, no motivazione
    builders.make_monitoraggio(a1, stato=Monitoraggio.Stato.IN_RITARDO)
    b1 = builders.make_obiettivo(p.piano, p.area_b, codice="B1", scadenza=date(2018, 12, 31))
    builders.make_indicatore(b1, nome="Strade")
    builders.make_monitoraggio(b1, stato=Monitoraggio.Stato.CRITICO)
    Fase.objects.create(obiettivo=b1, descrizione="Progetto", data_inizio=date(2018, 3, 1), data_fine=date(2018, 7, 10))
    variazione = Variazione.objects.create(piano=p.piano, numero_atto="40", data_atto=date(2018, 6, 1), motivazione="Ritiro")
    a2 = builders.make_obiettivo(p.piano, p.area_a, codice="A2", ritirato_con=variazione, scadenza=date(2018, 7, 25))
    builders.make_indicatore(a2, nome="Ritirato")
    builders.make_monitoraggio(a2, stato=Monitoraggio.Stato.CRITICO)
    return {"a1": a1, "b1": b1, "a2": a2}


def _codes(rows):
    return sorted((r[0] if isinstance(r, tuple) else r).obiettivo.codice for r in rows)


def test_the_july_figures_count_values_states_and_deadlines_of_the_plan(personas, piano):
    c = selectors.cruscotto(ente=personas.ente, anno=2018, periodo=LUGLIO, oggi=OGGI)
    assert {v: c.conta(v) for v in selectors.VISTE} == {
        "compilati": 1, "mancanti": 2, "in_ritardo": 1, "critici": 1, "senza_motivazione": 0,
        "scadenze_superate": 1, "scadenze_prossime": 1,
    }
    assert _codes(c.elenchi["in_ritardo"]) == ["A1"] and _codes(c.elenchi["critici"]) == ["B1"]
    assert c.elenchi["scadenze_superate"][0].fase.descrizione == "Progetto"
    assert c.elenchi["scadenze_prossime"][0].obiettivo.codice == "A1"
    per_area = {r.chiave.nome: (r.compilati, r.mancanti) for r in c.per_area}
    assert per_area == {"Area amministrativa": (1, 1), "Area tecnica": (0, 1)}
    per_persona = {r.chiave.username: (r.compilati, r.mancanti) for r in c.per_responsabile}
    assert per_persona == {"resp_a": (1, 1), "resp_b": (0, 1)}


def test_the_year_end_figures_count_missed_targets_without_a_motivazione(personas, piano):
    c = selectors.cruscotto(ente=personas.ente, anno=2018, periodo=CONSUNTIVO, oggi=OGGI)
    assert c.conta("compilati") == 1 and c.conta("mancanti") == 2
    assert [ri.indicatore.nome for _ro, ri in c.elenchi["senza_motivazione"]] == ["Pratiche"]
    misura = Misurazione.objects.get(periodo=CONSUNTIVO)
    misura.motivazione, misura.causa_scostamento = "Personale in malattia", "interna"
    misura.save()
    assert selectors.cruscotto(ente=personas.ente, anno=2018, periodo=CONSUNTIVO, oggi=OGGI).conta("senza_motivazione") == 0


def _figures(c):
    return ({v: c.conta(v) for v in selectors.VISTE}, [(r.chiave, r.compilati, r.mancanti) for r in c.per_area],
            [(r.chiave, r.compilati, r.mancanti) for r in c.per_responsabile])


@pytest.mark.parametrize("periodo", [LUGLIO, CONSUNTIVO])
def test_the_dashboards_set_based_counts_are_those_of_every_rows_result(personas, piano, periodo):
    """The page counts in one pass over plain values (cruscotto_sintesi); the lists use every row's
    result (cruscotto): both say the same, withdrawn objectives, varied targets and filters included."""
    p = personas
    later = builders.make_obiettivo(p.piano, p.area_b, codice="B2", scadenza=date(2018, 7, 1))
    builders.make_misurazione(builders.make_indicatore(later, nome="Verde", target=Decimal(5)), periodo=periodo,
                              valore=Decimal(4))  # missed, without a motivazione
    builders.make_monitoraggio(later, periodo=periodo, stato=Monitoraggio.Stato.IN_RITARDO)

    def same(**kwargs):
        full = selectors.cruscotto(ente=p.ente, anno=2018, periodo=periodo, oggi=OGGI, **kwargs)
        light = selectors.cruscotto_sintesi(ente=p.ente, anno=2018, periodo=periodo, oggi=OGGI, **kwargs)
        assert _figures(light) == _figures(full)
        return light

    assert same().conta("senza_motivazione") == (2 if periodo == CONSUNTIVO else 0)
    # A variation lowers B2's target to the value reached: no longer missed, in both.
    variazione = Variazione.objects.create(piano=p.piano, numero_atto="41", data_atto=date(2018, 6, 2), motivazione="Target")
    Target.objects.create(indicatore=later.indicatori.get(), anno=2018, valore=Decimal(4), variazione=variazione)
    assert same().conta("senza_motivazione") == (1 if periodo == CONSUNTIVO else 0)
    same(obiettivi=Obiettivo.objects.filter(area=p.area_b))
    assert same(obiettivi=Obiettivo.objects.none()).conta("mancanti") == 0


def test_every_figure_links_to_its_list_which_shows_the_same_items(personas, piano, login):
    client = login(personas.segretario)
    html = client.get(reverse("ciclo:cruscotto", args=["lodrino"]) + "?anno=2018&periodo=luglio").content.decode()
    assert reverse("ciclo:cruscotto_elenco", args=["lodrino", "mancanti"]) + "?anno=2018&amp;periodo=luglio" in html
    response = client.get(reverse("ciclo:cruscotto_elenco", args=["lodrino", "critici"]) + "?anno=2018&periodo=luglio")
    assert response.status_code == 200
    assert [ro.obiettivo.codice for ro in response.context["righe"]] == ["B1"]
    response = client.get(
        reverse("ciclo:cruscotto_elenco", args=["lodrino", "mancanti"]) + f"?anno=2018&periodo=luglio&area_id={personas.area_a.pk}"
    )
    assert [ri.indicatore.nome for _ro, ri in response.context["righe"]] == ["Sportelli"]
    response = client.get(
        reverse("ciclo:cruscotto_elenco", args=["lodrino", "mancanti"]) + f"?anno=2018&periodo=luglio&responsabile_id={personas.resp_b.pk}"
    )
    assert [ri.indicatore.nome for _ro, ri in response.context["righe"]] == ["Strade"]


def test_the_filters_narrow_the_figures_by_area_type_and_state(personas, piano, login):
    Obiettivo.objects.filter(codice="B1").update(tipo=Obiettivo.Tipo.STRATEGICO)
    client = login(personas.segretario)
    base = reverse("ciclo:cruscotto", args=["lodrino"]) + "?anno=2018&periodo=luglio"
    c = client.get(base + f"&area={personas.area_b.pk}").context["c"]
    assert c.conta("mancanti") == 1 and c.conta("in_ritardo") == 0 and c.conta("critici") == 1
    # The page counts; the list behind a figure shows which rows, with the same filters.
    elenco = reverse("ciclo:cruscotto_elenco", args=["lodrino", "mancanti"]) + "?anno=2018&periodo=luglio"
    assert client.get(base + "&tipo=strategico").context["c"].conta("mancanti") == 1
    assert _codes(client.get(elenco + "&tipo=strategico").context["righe"]) == ["B1"]
    c = client.get(base + "&stato=in_ritardo").context["c"]
    assert c.conta("mancanti") + c.conta("compilati") == 2
    c = client.get(elenco + "&stato=in_ritardo").context["c"]
    assert _codes(c.elenchi["mancanti"] + c.elenchi["compilati"]) == ["A1", "A1"]
    html = client.get(base + "&stato=in_ritardo").content.decode()
    assert "stato=in_ritardo" in html  # the figures' links keep the filter


def test_the_dashboard_defaults_to_the_current_year_and_its_open_period(personas, piano, login):
    builders.open_period(personas.ente, tipo=CONSUNTIVO)
    response = login(personas.segretario).get(reverse("ciclo:cruscotto", args=["lodrino"]))
    assert response.context["c"].anno == 2018 and response.context["c"].periodo == CONSUNTIVO


@pytest.mark.parametrize("who,status", [("segretario", 200), ("amministratore", 200), ("nucleo", 200),
                                        ("resp_a", 403), ("outsider", 404)])
def test_the_dashboard_is_for_the_segretario_and_the_nucleo_only(personas, login, who, status):
    client = login(getattr(personas, who))
    assert client.get(reverse("ciclo:cruscotto", args=["lodrino"])).status_code == status
    assert client.get(reverse("ciclo:cruscotto_elenco", args=["lodrino", "mancanti"])).status_code == status


def test_the_dashboard_is_get_only_and_an_unknown_list_is_not_found(personas, login):
    client = login(personas.segretario)
    assert client.post(reverse("ciclo:cruscotto", args=["lodrino"])).status_code == 405
    assert client.get(reverse("ciclo:cruscotto_elenco", args=["lodrino", "nessuna"])).status_code == 404


def _plan_of(personas, n):
    for k in range(n):
        area = personas.area_a if k % 2 else personas.area_b
        obiettivo = builders.make_obiettivo(personas.piano, area, scadenza=date(2018, 8, 1))
        Fase.objects.create(obiettivo=obiettivo, descrizione="Fase", data_inizio=date(2018, 1, 1), data_fine=date(2018, 7, 1))
        for j in range(2):
            indicatore = builders.make_indicatore(obiettivo, nome=f"I{j}")
            builders.make_misurazione(indicatore, periodo=LUGLIO, valore=Decimal(j))
        builders.make_monitoraggio(obiettivo, stato=Monitoraggio.Stato.CRITICO if k % 3 else Monitoraggio.Stato.IN_RITARDO)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url_name,args", [("ciclo:cruscotto", ["lodrino"]), ("ciclo:cruscotto_elenco", ["lodrino", "mancanti"]),
                                           ("ciclo:cruscotto_elenco", ["lodrino", "scadenze_superate"])])
def test_the_dashboard_runs_as_many_queries_for_60_objectives_as_for_3(personas, login, url_name, args):
    client = login(personas.segretario)
    url = reverse(url_name, args=args) + "?anno=2018&periodo=luglio"
    _plan_of(personas, 3)
    small = _queries(client, url)
    _plan_of(personas, 57)
    assert _queries(client, url) == small
