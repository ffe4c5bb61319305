"""A posted autocomplete value that is no id ("abc", "1e999", a number too large) is refused by
the admin's form in Italian, never a 500 (Django's widget looked it up while re-rendering)."""

import pytest
from django.test import Client

from obiettivi.models import Obiettivo, Ruolo

from .. import builders


@pytest.mark.parametrize("value", ["abc", "1e999", "0.125", "99999999999999999999", "1\x002"])
def test_a_malformed_programma_is_refused_with_the_form(personas, value):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A1")
    client = Client()
    client.force_login(personas.segretario)
    response = client.post(f"/admin/obiettivi/obiettivo/{obiettivo.pk}/change/",
                           {"programma": value, "titolo": "Nuovo titolo"})
    assert response.status_code == 200
    assert "programma" in response.context_data["adminform"].form.errors
    assert Obiettivo.objects.get(pk=obiettivo.pk).titolo != "Nuovo titolo"


def test_a_malformed_user_in_a_new_ruolo_is_refused_with_the_form(personas):
    root = builders.make_user("root")
    root.is_staff = root.is_superuser = True
    root.save()
    client = Client()
    client.force_login(root)
    count = Ruolo.objects.count()
    response = client.post("/admin/obiettivi/ruolo/add/",
                           {"ente": personas.ente.pk, "tipo": Ruolo.Tipo.NUCLEO, "utente": "31/02/2018"})
    assert response.status_code == 200
    assert "Scegli un&#x27;opzione valida" in response.content.decode()
    assert Ruolo.objects.count() == count
