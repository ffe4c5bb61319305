"""A second ente beside the shared personas: its Segretario and a responsabile, and a Segretario
who serves both comuni (the normal case in Italy: a Segretario in convenzione)."""

from dataclasses import dataclass

import pytest

from obiettivi.models import Ruolo
from tests import builders


@dataclass
class SecondoEnte:
    ente: object
    segretario: object
    responsabile: object
    area: object


@pytest.fixture
def secondo(db):
    ente = builders.make_ente(nome="Comune di Marcheno", slug="marcheno")
    segretario = builders.make_user("segretario2", first_name="Carla", last_name="Verdi")
    builders.give_role(segretario, ente, Ruolo.Tipo.SEGRETARIO)
    responsabile = builders.make_user("resp2", first_name="Dario", last_name="Neri")
    area = builders.make_area(ente, nome="Area unica", responsabile=responsabile)
    return SecondoEnte(ente, segretario, responsabile, area)


@pytest.fixture
def superuser(db):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("super", "super@example.org", builders.PASSWORD)


@pytest.fixture
def url():
    """url(name, ente, *args): an address of the enti app."""
    from django.urls import reverse

    def _url(name, ente, *args):
        return reverse(f"enti:{name}", args=[ente.slug, *args])

    return _url


def text(response):
    """The page as a reader sees it: entities such as &#x27; turned back into characters."""
    import html

    return html.unescape(response.content.decode())
