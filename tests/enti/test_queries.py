"""The people page reads at a number of queries that does not grow with the people."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from enti.models import Dipendente
from obiettivi.models import Ruolo
from tests import builders

pytestmark = pytest.mark.django_db


def _people(personas, n):
    for i in range(n):
        user = builders.make_user(first_name=f"Nome{i}", last_name=f"Cognome{i}")
        builders.give_role(user, personas.ente, Ruolo.Tipo.RESPONSABILE)
        builders.make_area(personas.ente, responsabile=user)
        Dipendente.objects.create(ente=personas.ente, nome=f"D{i}", cognome="Dip", area=personas.area_a)


def _count(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_persone_page_takes_as_many_queries_with_30_people_as_with_3(personas, login, url):
    client = login(personas.segretario)
    address = url("persone", personas.ente)
    _people(personas, 3)
    few = _count(client, address)
    _people(personas, 27)
    assert _count(client, address) == few
    assert few <= 20
