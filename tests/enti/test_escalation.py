"""Nobody reaches past their role from these pages: no staff, superuser, group or permission is ever
granted; nobody changes their own roles; a person who also works for another ente, or a superuser,
keeps the account data only they (or who manages all their enti) may change."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from obiettivi.models import Ruolo, VoceStorico
from tests import builders
from tests.enti.conftest import text

pytestmark = pytest.mark.django_db

ESCALATION = {
    "is_superuser": "on", "is_staff": "on", "groups": ["1"], "user_permissions": ["1"],
    "username": "root", "password": "x", "is_active": "on",
}


def _snapshot(user):
    user.refresh_from_db()
    return (user.username, user.first_name, user.last_name, user.email, user.password, user.is_staff,
            user.is_superuser, user.is_active, list(user.groups.all()), list(user.user_permissions.all()))


@pytest.fixture
def group(db):
    group = Group.objects.create(name="Tutto")
    group.permissions.set(Permission.objects.all()[:3])
    return group


def test_extra_fields_posted_with_a_new_person_grant_nothing(personas, group, login, url):
    client = login(personas.segretario)
    client.post(url("persona_aggiungi", personas.ente), {
        **ESCALATION, "groups": [group.pk], "nome": "Ugo", "cognome": "Neri", "email": "ugo@example.org", "ruoli": ["segretario"],
    })
    ugo = get_user_model().objects.get(email="ugo@example.org")
    assert not ugo.is_staff and not ugo.is_superuser and ugo.username == "ugo@example.org"
    assert not ugo.groups.exists() and not ugo.user_permissions.exists() and not ugo.has_usable_password()


@pytest.mark.parametrize("action,data", [
    ("persona_ruoli", {"ruoli": ["segretario"]}),
    ("persona_dati", {"nome": "Anna", "cognome": "Rossi", "email": "resp_a@example.org"}),
])
def test_extra_fields_posted_on_a_person_grant_nothing(personas, group, login, url, action, data):
    before = _snapshot(personas.resp_a)
    login(personas.segretario).post(url(action, personas.ente, personas.resp_a.pk), {**ESCALATION, "groups": [group.pk], **data})
    after = _snapshot(personas.resp_a)
    assert after[4:] == before[4:] and after[0] == before[0]


@pytest.mark.parametrize("who", ["segretario", "amministratore"])
def test_nobody_changes_their_own_roles_or_deactivates_themselves(personas, login, url, who):
    me = getattr(personas, who)
    client = login(me)
    ruoli = set(Ruolo.objects.filter(utente=me).values_list("ente_id", "tipo"))
    page = text(client.get(url("persona", personas.ente, me.pk)))
    assert "Nessuno cambia i propri ruoli" in page and url("persona_ruoli", personas.ente, me.pk) not in page
    page = text(client.post(url("persona_ruoli", personas.ente, me.pk), {"ruoli": ["segretario", "amministratore", "nucleo"]}))
    assert "Nessuno cambia i propri ruoli" in page
    page = text(client.post(url("persona_disattiva", personas.ente, me.pk), {"conferma": "on"}))
    assert "Nessuno disattiva se stesso" in page
    assert set(Ruolo.objects.filter(utente=me).values_list("ente_id", "tipo")) == ruoli
    assert not VoceStorico.objects.exists()


def test_a_person_who_also_works_for_another_ente_keeps_their_account_data(personas, secondo, login, url):
    """Lodrino's Segretario cannot rename the Segretario who serves Marcheno too; their roles here he may change."""
    builders.give_role(secondo.segretario, personas.ente, Ruolo.Tipo.NUCLEO)
    before = _snapshot(secondo.segretario)
    client = login(personas.segretario)
    page = text(client.get(url("persona", personas.ente, secondo.segretario.pk)))
    assert url("persona_dati", personas.ente, secondo.segretario.pk) not in page
    assert "Marcheno" not in page
    page = text(client.post(url("persona_dati", personas.ente, secondo.segretario.pk),
                            {"nome": "X", "cognome": "Y", "email": "preso@example.org"}))
    assert "I dati di questo account li cambia solo chi gestisce tutti gli enti" in page
    assert _snapshot(secondo.segretario) == before


def test_a_manager_of_both_enti_may_change_the_account_data(personas, secondo, login, url):
    builders.give_role(secondo.responsabile, personas.ente, Ruolo.Tipo.RESPONSABILE)
    builders.give_role(personas.segretario, secondo.ente, Ruolo.Tipo.SEGRETARIO)
    login(personas.segretario).post(url("persona_dati", personas.ente, secondo.responsabile.pk),
                                    {"nome": "Dario", "cognome": "Neri", "email": "d.neri@example.org"})
    secondo.responsabile.refresh_from_db()
    assert secondo.responsabile.email == "d.neri@example.org"


def test_a_superusers_account_is_never_changed_from_these_pages(personas, superuser, login, url):
    builders.give_role(superuser, personas.ente, Ruolo.Tipo.NUCLEO)
    before = _snapshot(superuser)
    client = login(personas.segretario)
    page = text(client.post(url("persona_dati", personas.ente, superuser.pk),
                            {"nome": "X", "cognome": "Y", "email": "mio@example.org"}))
    assert "I dati di questo account li cambia solo" in page
    client.post(url("persona_disattiva", personas.ente, superuser.pk), {"conferma": "on"})
    after = _snapshot(superuser)
    assert after == before  # still active and superuser, though without a role in Lodrino now
    assert not Ruolo.objects.filter(utente=superuser).exists()


def test_the_e_mail_of_an_existing_account_is_never_overwritten_by_adding_it(personas, secondo, login, url):
    before = _snapshot(secondo.segretario)
    login(personas.segretario).post(url("persona_aggiungi", personas.ente), {
        "nome": "Hacker", "cognome": "Nuovo", "email": "segretario2@example.org", "ruoli": ["nucleo"], **ESCALATION,
    })
    assert _snapshot(secondo.segretario) == before


def test_a_forged_person_or_area_of_another_ente_changes_nothing(personas, secondo, login, url):
    client = login(personas.segretario)
    assert client.post(url("persona_ruoli", personas.ente, secondo.responsabile.pk), {"ruoli": ["nucleo"]}).status_code == 404
    assert client.post(url("persona_disattiva", personas.ente, secondo.responsabile.pk), {"conferma": "on"}).status_code == 404
    page = text(client.post(url("persona_ruoli", personas.ente, personas.resp_a.pk),
                            {"ruoli": ["responsabile"], "aree": [secondo.area.pk]}))
    assert "Area sconosciuta" in page
    assert secondo.area.__class__.objects.get(pk=secondo.area.pk).responsabile == secondo.responsabile
    assert set(Ruolo.objects.filter(utente=secondo.responsabile).values_list("tipo", flat=True)) == {"responsabile"}
    # A replacement who is not in this ente is refused too.
    page = text(client.post(url("persona_disattiva", personas.ente, personas.resp_a.pk),
                            {"conferma": "on", f"area_{personas.area_a.pk}": secondo.responsabile.pk}))
    assert "Scelga una persona dell'ente" in page
    assert Ruolo.objects.filter(utente=personas.resp_a, ente=personas.ente).exists()


def test_the_services_refuse_anyone_who_is_not_a_manager_of_the_ente(personas, secondo):
    from enti import services
    from obiettivi.services import DomainError

    calls = [
        lambda by: services.persona_add(by=by, ente=personas.ente, nome="A", cognome="B", email="ab@example.org", ruoli=["segretario"]),
        lambda by: services.persona_update_roles(by=by, ente=personas.ente, persona=personas.resp_b, ruoli=["segretario"]),
        lambda by: services.persona_update_account(by=by, ente=personas.ente, persona=personas.resp_b, nome="X", cognome="Y", email="x@example.org"),
        lambda by: services.persona_deactivate(by=by, ente=personas.ente, persona=personas.resp_b),
        lambda by: services.dipendente_save(by=by, ente=personas.ente, nome="A", cognome="B"),
    ]
    for by in (personas.resp_a, personas.nucleo, secondo.segretario):
        for call in calls:
            with pytest.raises(DomainError):
                call(by)
    assert set(Ruolo.objects.filter(utente=personas.resp_b).values_list("tipo", flat=True)) == {"responsabile"}
    assert not get_user_model().objects.filter(email="ab@example.org").exists()
