"""Computed results are cached for one version of the ente's data: any write makes them stale."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from obiettivi import selectors, services
from obiettivi.models import Periodo
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicatore(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    return builders.make_indicatore(obiettivo, target=Decimal(10))


def grado_luglio(personas):
    return selectors.piano_results_cached(piano=personas.piano, anno=2018).grado_luglio.percent


def test_a_second_read_comes_from_the_cache(personas, indicatore):
    grado_luglio(personas)
    with CaptureQueriesContext(connection) as captured:
        grado_luglio(personas)
    assert len(captured) == 1  # the data version only


def test_a_saved_value_is_seen_at_once(personas, indicatore):
    assert grado_luglio(personas) is None
    services.misurazione_save(user=personas.resp_a, indicatore=indicatore, anno=2018, periodo="luglio",
                              values={"valore": Decimal(5)}, versione_letta=0)
    assert grado_luglio(personas) == Decimal(50)


def test_a_change_in_the_admin_is_seen_at_once(personas, indicatore, client):
    assert grado_luglio(personas) is None
    builders.make_misurazione(indicatore, periodo="luglio", valore=Decimal(5))
    admin = builders.make_user("capo")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    obiettivo = indicatore.obiettivo
    response = client.post(f"/admin/obiettivi/indicatore/{indicatore.pk}/change/", {
        "obiettivo": obiettivo.pk, "nome": indicatore.nome, "tipo": "efficacia", "formula": "numero", "unita": "",
        "direzione": "decrescente", "fonte_dati": "", "baseline": "", "peso": "100", "ordine": "0",
        "target-TOTAL_FORMS": "0", "target-INITIAL_FORMS": "0", "target-MIN_NUM_FORMS": "0", "target-MAX_NUM_FORMS": "1000",
    })
    assert response.status_code == 302, response.content[:2000]
    assert grado_luglio(personas) == Decimal(100)  # 5 against 10, now lower-is-better: met
