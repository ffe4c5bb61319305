"""Personas shared by every test: the Segretario, two responsabili of two areas, the Nucleo,
an amministratore and an outsider, all in one ente with an approved plan."""

from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

from obiettivi.models import Ruolo

from . import builders


# Properties are judged on what they find, not on how fast a loaded 2-core machine generates inputs:
# no deadline and no "too slow" health check, so a busy CI run does not fail a correct property.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")


@dataclass
class Personas:
    ente: object
    piano: object
    segretario: object
    nucleo: object
    amministratore: object
    resp_a: object
    resp_b: object
    outsider: object  # logged in, no role in this ente
    area_a: object
    area_b: object


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache: ids repeat across rolled-back tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def personas(db):
    ente = builders.make_ente(nome="Comune di Lodrino", slug="lodrino")
    segretario = builders.make_user("segretario", first_name="Alberto", last_name="Lorenzi")
    builders.give_role(segretario, ente, Ruolo.Tipo.SEGRETARIO, "Lorenzi dott. Alberto")
    nucleo = builders.make_user("nucleo")
    builders.give_role(nucleo, ente, Ruolo.Tipo.NUCLEO)
    amministratore = builders.make_user("amministratore")
    builders.give_role(amministratore, ente, Ruolo.Tipo.AMMINISTRATORE)
    resp_a = builders.make_user("resp_a", first_name="Anna", last_name="Rossi")
    resp_b = builders.make_user("resp_b", first_name="Bruno", last_name="Bianchi")
    outsider = builders.make_user("estraneo")
    area_a = builders.make_area(ente, nome="Area amministrativa", responsabile=resp_a, ordine=1)
    area_b = builders.make_area(ente, nome="Area tecnica", responsabile=resp_b, ordine=2)
    piano = builders.make_piano(ente)
    return Personas(ente, piano, segretario, nucleo, amministratore, resp_a, resp_b, outsider, area_a, area_b)


@pytest.fixture
def login(client):
    """login(user) logs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
