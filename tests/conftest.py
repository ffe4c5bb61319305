"""Personas shared by every test: the Segretario, two responsabili of two areas, the Nucleo,
an amministratore and an outsider, all in one ente with an approved plan."""

import os
from dataclasses import dataclass

import pytest
from hypothesis import HealthCheck, settings

from obiettivi.models import Ruolo

from . import builders


# Properties are judged on what they find, not on how fast a loaded 2-core machine generates inputs:
# no deadline and no "too slow" health check, so a busy CI run does not fail a correct property.
# Every property takes its examples from the profile (Hypothesis's 100 in a suite run);
# HYPOTHESIS_PROFILE=thorough searches ten times as far when a rule changes.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", settings.get_profile("suite"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "suite"))


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


def build_personas():
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
def personas(db):
    return build_personas()


@pytest.fixture(scope="module")
def module_transaction(django_db_setup, django_db_blocker):
    """A transaction around a whole module, rolled back at its end, as Django's setUpTestData does for a
    class: rows made once in it are there for every test of the module, and each test (with `db`) runs
    in a savepoint of its own, rolled back after it. Database access stays blocked between tests."""
    from django.db import transaction

    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture(scope="module")
def module_world(module_transaction, django_db_blocker):
    """tests/world.py's two enti, built once per module (the fuzz and the permission matrix request
    hundreds of URLs, each test against the same rows)."""
    from django.contrib.contenttypes.models import ContentType

    from obiettivi.models import Obiettivo

    from .world import build_world

    with django_db_blocker.unblock():
        world = build_world(build_personas())
        world.extra["ct_obiettivo"] = ContentType.objects.get_for_model(Obiettivo).pk
    return world


@pytest.fixture
def world(module_world, db):
    """The module's world for one test: a deep copy, so an object a test changes in memory, or a row it
    adds to world.extra (with_published_year), does not outlive the test's rolled-back savepoint."""
    import copy

    return copy.deepcopy(module_world)


@pytest.fixture
def login(client):
    """login(user) logs the test client in as that user and returns the client."""

    def _login(user):
        client.force_login(user)
        return client

    return _login
