"""One installation, many comuni: in the admin a Segretario sees and edits only their own ente."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group, Permission

from obiettivi.models import Obiettivo, Ruolo
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def altro_segretario(personas):
    """The Segretario of another comune, with the same admin permissions as Lodrino's."""
    altro = builders.make_ente(nome="Comune di Marcheno", slug="marcheno")
    user = builders.make_user("segretario_marcheno")
    user.is_staff = True
    user.save()
    group = Group.objects.create(name="gestione")
    group.permissions.set(Permission.objects.filter(content_type__app_label="obiettivi"))
    user.groups.add(group)
    builders.give_role(user, altro, Ruolo.Tipo.SEGRETARIO)
    builders.make_piano(altro)
    return user


def test_another_entes_segretario_does_not_see_nor_open_lodrinos_objectives(personas, altro_segretario, client):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, titolo="Obiettivo di Lodrino")
    builders.make_indicatore(obiettivo, target=Decimal(10))
    client.force_login(altro_segretario)
    assert "Obiettivo di Lodrino" not in client.get("/admin/obiettivi/obiettivo/").text
    response = client.get(f"/admin/obiettivi/obiettivo/{obiettivo.pk}/change/")
    assert response.status_code == 302  # the admin's answer to an object it cannot find
    response = client.post(f"/admin/obiettivi/obiettivo/{obiettivo.pk}/change/", {"titolo": "Preso"})
    obiettivo.refresh_from_db()
    assert obiettivo.titolo == "Obiettivo di Lodrino"


def test_another_entes_segretario_cannot_add_an_objective_to_lodrinos_plan(personas, altro_segretario, client):
    client.force_login(altro_segretario)
    response = client.post("/admin/obiettivi/obiettivo/add/", {
        "piano": personas.piano.pk, "codice": "X", "ordine": 0, "titolo": "Intruso", "tipo": "strategico",
        "area": personas.area_a.pk, "responsabile": altro_segretario.pk, "peso": "10",
        "indicatori-TOTAL_FORMS": 0, "indicatori-INITIAL_FORMS": 0, "fasi-TOTAL_FORMS": 0, "fasi-INITIAL_FORMS": 0,
        "pesi_variati-TOTAL_FORMS": 0, "pesi_variati-INITIAL_FORMS": 0,
    })
    assert response.status_code == 200  # the form again, with the error next to the field
    assert not Obiettivo.objects.filter(titolo="Intruso").exists()


def test_lodrinos_segretario_sees_lodrinos_objectives(personas, client):
    builders.make_obiettivo(personas.piano, personas.area_a, titolo="Obiettivo di Lodrino")
    personas.segretario.is_staff = True
    personas.segretario.save()
    group = Group.objects.create(name="gestione")
    group.permissions.set(Permission.objects.filter(content_type__app_label="obiettivi"))
    personas.segretario.groups.add(group)
    client.force_login(personas.segretario)
    assert "Obiettivo di Lodrino" in client.get("/admin/obiettivi/obiettivo/").text
