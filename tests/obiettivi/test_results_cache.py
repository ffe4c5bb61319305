"""The dashboard's figures are cached for one version of the ente's data: any write makes them stale."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi import services
from obiettivi.models import Ente, Periodo
from tests import builders

pytestmark = pytest.mark.django_db
URL = reverse("ciclo:cruscotto", args=["lodrino"]) + "?anno=2018&periodo=luglio"


@pytest.fixture
def indicatore(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    return builders.make_indicatore(obiettivo, target=Decimal(10))


def filled(client):
    page = client.get(URL).text
    return page.split('data-vista="compilati">')[1].split("<")[0]


def test_every_write_to_the_plan_bumps_the_entes_data_version(personas, indicatore):
    before = Ente.objects.get().versione_dati
    builders.make_misurazione(indicatore, periodo="luglio", valore=Decimal(5))
    assert Ente.objects.get().versione_dati > before


def test_a_second_visit_does_not_recompute_the_figures(personas, indicatore, client):
    client.force_login(personas.segretario)
    client.get(URL)
    with CaptureQueriesContext(connection) as warm:
        client.get(URL)
    builders.make_indicatore(indicatore.obiettivo, nome="Altro")  # a write: the next visit recomputes
    with CaptureQueriesContext(connection) as cold:
        client.get(URL)
    assert len(warm) < len(cold)


def test_a_saved_value_is_seen_at_once_on_the_dashboard(personas, indicatore, client):
    client.force_login(personas.segretario)
    assert filled(client) == "0"
    services.misurazione_save(user=personas.resp_a, indicatore=indicatore, anno=2018, periodo="luglio",
                              values={"valore": Decimal(5)}, versione_letta=0)
    assert filled(client) == "1"


def test_a_change_in_the_admin_is_seen_at_once(personas, indicatore, client):
    client.force_login(personas.segretario)
    assert filled(client) == "0"
    admin = builders.make_user("capo")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    response = client.post(f"/admin/obiettivi/indicatore/{indicatore.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client.force_login(personas.segretario)
    page = client.get(URL).text
    assert 'data-vista="mancanti">0<' in page


def test_saving_an_ente_read_before_a_change_does_not_write_back_its_older_data_version(personas):
    from obiettivi import cache_invalidation
    from obiettivi.models import Ente

    stale = Ente.objects.get(pk=personas.ente.pk)
    cache_invalidation.bump([stale.pk])  # a change elsewhere, after `stale` was read
    before = Ente.objects.get(pk=stale.pk).versione_dati
    stale.nome = "Comune di Lodrino (BS)"
    stale.save()  # bumps once more, and must not first put back the number it read
    after = Ente.objects.get(pk=stale.pk)
    assert after.nome == "Comune di Lodrino (BS)" and after.versione_dati == before + 1


def test_a_value_stored_for_the_data_version_is_worked_out_once_even_when_it_is_none(personas):
    from obiettivi.cache_invalidation import bump, for_version

    calls = []

    def compute():
        calls.append(1)
        return None  # e.g. no Relazione in progress: still an answer, not a miss

    ente = personas.ente
    assert for_version(ente, "prova-none", compute) is None
    assert for_version(ente, "prova-none", compute) is None
    assert len(calls) == 1
    bump([ente.pk])
    ente.refresh_from_db()
    for_version(ente, "prova-none", compute)
    assert len(calls) == 2
