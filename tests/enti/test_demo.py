"""The demo's amministratore is a role of the ente, not the installation's superuser."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from obiettivi.models import Ruolo

pytestmark = pytest.mark.django_db


def test_the_demo_amministratore_is_an_ordinary_user_with_the_role_in_lodrino(settings, client):
    settings.DEBUG = True
    get_user_model().objects.create_superuser("admin", "admin@example.org", "x")  # as an older demo left it
    call_command("load_demo")
    admin = get_user_model().objects.get(username="admin")
    assert not admin.is_superuser
    assert set(Ruolo.objects.filter(utente=admin).values_list("ente__slug", "tipo")) == {("lodrino", "amministratore")}
    assert not get_user_model().objects.filter(is_superuser=True).exists()
    client.force_login(admin)
    assert client.get("/area-riservata/lodrino/persone/").status_code == 200
    assert client.get("/area-riservata/lodrino/impostazioni/").status_code == 200
