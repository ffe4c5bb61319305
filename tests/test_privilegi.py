"""No role grants itself more: every way a Segretario could try to become staff, superuser, gain
permissions or touch another ente's people through the admin is refused, and nothing changes.
(The site's «Persone e ruoli» page has its own tests in tests/enti/.)"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from obiettivi.models import Ruolo

from .world import build_world

User = get_user_model()


@pytest.fixture
def world(personas):
    return build_world(personas)


def _flags(user):
    user.refresh_from_db()
    return user.is_staff, user.is_superuser, set(user.user_permissions.all()), set(user.groups.all())


@pytest.mark.parametrize("who", ["segretario", "amministratore"])
def test_a_manager_cannot_make_himself_superuser_or_staff_in_the_admin(world, client, who):
    me = world.user(who)
    before = _flags(me)
    client.force_login(me)
    escalation = {"username": me.username, "is_superuser": "on", "is_staff": "on", "is_active": "on",
                  "user_permissions": [p.pk for p in Permission.objects.all()[:5]], "groups": [world.group.pk],
                  "date_joined_0": "01/01/2018", "date_joined_1": "00:00:00"}
    assert client.post(f"/admin/auth/user/{me.pk}/change/", escalation).status_code == 403
    assert client.post(f"/admin/auth/user/{me.pk}/password/", {"password1": "x-Nuova-1234", "password2": "x-Nuova-1234"}).status_code == 403
    assert client.post("/admin/auth/user/add/", {"username": "complice", "password1": "x-Nuova-1234",
                                                 "password2": "x-Nuova-1234"}).status_code == 403
    assert client.post("/admin/auth/group/add/", {"name": "tutto", "permissions": [p.pk for p in Permission.objects.all()]}).status_code == 403
    assert client.post(f"/admin/auth/group/{world.group.pk}/change/", {"name": "x"}).status_code == 403
    assert client.post("/admin/obiettivi/ruolo/add/", {"utente": me.pk, "ente": world.b.ente.pk, "tipo": "segretario"}).status_code == 403
    assert _flags(me) == before
    assert not User.objects.filter(username="complice").exists()
    assert not Ruolo.objects.filter(utente=me, ente=world.b.ente).exists()


def test_a_manager_cannot_rename_the_segretario_of_another_ente(world, client):
    other = world.user("segretario_b")
    client.force_login(world.user("segretario"))
    response = client.post(f"/admin/auth/user/{other.pk}/change/", {"username": other.username, "first_name": "Rinominato"})
    assert response.status_code == 403
    other.refresh_from_db()
    assert other.first_name == "Bianca"


def test_hand_set_staff_flags_and_groups_open_nothing_without_a_role(world, client):
    """Access to the admin follows from the role: is_staff and a group with every permission, set by
    hand on someone who runs no ente, count for nothing."""
    intruso = User.objects.create_user("intruso", password="x-Prova-12345", is_staff=True)
    group = Group.objects.create(name="ogni permesso")
    group.permissions.set(Permission.objects.all())
    intruso.groups.add(group)
    intruso.user_permissions.set(Permission.objects.filter(codename__in=["change_user", "add_user"]))
    client.force_login(intruso)
    assert client.get("/admin/").status_code == 403
    assert client.get("/admin/auth/user/").status_code == 403
    assert client.get(f"/admin/obiettivi/obiettivo/{world.a.obiettivo.pk}/change/").status_code == 403
    assert not intruso.has_perm("auth.change_user")


def test_a_responsabile_with_a_hand_set_staff_flag_still_has_no_admin(world, client):
    responsabile = world.user("resp_a")
    responsabile.is_staff = True
    responsabile.save()
    client.force_login(responsabile)
    assert client.get("/admin/").status_code == 403


def test_a_managers_choices_of_people_are_his_entes_only(world, client):
    client.force_login(world.user("segretario"))
    page = client.get("/admin/obiettivi/obiettivo/add/").content.decode()
    assert world.user("resp_a").get_full_name() in page or "resp_a" in page
    assert "Carlo" not in page and "Bianca" not in page and "root" not in page  # ente B's people, the superuser
    assert client.get("/admin/autocomplete/", {"app_label": "obiettivi", "model_name": "obiettivo",
                                               "field_name": "responsabile", "term": "a"}).status_code == 403
