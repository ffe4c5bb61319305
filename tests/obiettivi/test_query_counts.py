"""The pages a responsabile opens run a number of queries that does not grow with the plan."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi.models import Periodo
from tests import builders

pytestmark = pytest.mark.django_db


def build(personas, n_objectives, n_indicators=3):
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    obiettivi = []
    for _ in range(n_objectives):
        obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
        for k in range(n_indicators):
            indicatore = builders.make_indicatore(obiettivo, nome=f"Ind {k}", target=Decimal(10))
            builders.make_misurazione(indicatore, periodo="luglio", valore=Decimal(4))
            builders.make_misurazione(indicatore, periodo="consuntivo", valore=Decimal(8), causa_scostamento="esterna", motivazione="m")
        builders.make_monitoraggio(obiettivo)
        obiettivi.append(obiettivo)
    return obiettivi


def count_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("user", ["resp_a", "segretario"])
def test_le_mie_schede_uses_as_many_queries_for_60_objectives_as_for_3(personas, client, user):
    client.force_login(getattr(personas, user))
    url = reverse("obiettivi:mie_schede", args=["lodrino"]) + "?anno=2018"
    build(personas, 3)
    small = count_queries(client, url)
    build(personas, 57)
    assert count_queries(client, url) == small


def test_the_objective_page_uses_as_many_queries_for_4_indicators_as_for_1(personas, client):
    client.force_login(personas.resp_a)
    [one] = build(personas, 1, n_indicators=1)
    [four] = build(personas, 1, n_indicators=4)
    small = count_queries(client, reverse("obiettivi:scheda", args=["lodrino", one.pk]) + "?anno=2018")
    assert count_queries(client, reverse("obiettivi:scheda", args=["lodrino", four.pk]) + "?anno=2018") == small


def test_the_objective_page_does_not_grow_with_the_plan(personas, client):
    client.force_login(personas.resp_a)
    [first] = build(personas, 1)
    url = reverse("obiettivi:scheda", args=["lodrino", first.pk]) + "?anno=2018"
    small = count_queries(client, url)
    build(personas, 40)
    assert count_queries(client, url) == small
