"""Adding a person in one form: a new account is invited to set its password through Django's
password-reset link; an e-mail that already has an account only gets the role."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from obiettivi.models import Area, Ruolo, VoceStorico
from tests import builders
from tests.enti.conftest import text

pytestmark = pytest.mark.django_db


def _add(client, url, ente, **data):
    data.setdefault("nome", "Giulia")
    data.setdefault("cognome", "Marchi")
    data.setdefault("email", "giulia.marchi@comune.example.it")
    data.setdefault("ruoli", [Ruolo.Tipo.RESPONSABILE])
    return client.post(url("persona_aggiungi", ente), data, follow=True)


def test_a_new_person_gets_an_invitation_sets_the_password_through_the_link_and_logs_in(personas, login, url, client):
    response = _add(login(personas.segretario), url, personas.ente, aree=[personas.area_b.pk])
    assert "Invito inviato a giulia.marchi@comune.example.it" in text(response)
    nuova = get_user_model().objects.get(email="giulia.marchi@comune.example.it")
    assert (nuova.first_name, nuova.last_name, nuova.username) == ("Giulia", "Marchi", "giulia.marchi@comune.example.it")
    assert not nuova.has_usable_password() and nuova.is_active
    assert not nuova.is_staff and not nuova.is_superuser
    assert set(Ruolo.objects.filter(utente=nuova).values_list("ente_id", "tipo")) == {(personas.ente.pk, "responsabile")}
    assert Area.objects.get(pk=personas.area_b.pk).responsabile == nuova

    (message,) = mail.outbox
    assert message.to == ["giulia.marchi@comune.example.it"]
    assert "Comune di Lodrino" in message.subject
    link = re.search(r"http://testserver(/accesso/imposta-password/\S+/)", message.body).group(1)

    client.logout()
    response = client.get(link, follow=True)  # Django moves the token into the session, then shows the form
    assert response.status_code == 200 and "Scegliere la password" in text(response)
    response = client.post(response.redirect_chain[-1][0], {
        "new_password1": "Una-password-lunga-2019", "new_password2": "Una-password-lunga-2019",
    }, follow=True)
    assert "Password impostata" in text(response)
    response = client.post("/accesso/", {"username": "giulia.marchi@comune.example.it", "password": "Una-password-lunga-2019"})
    assert response.status_code == 302
    assert client.get(f"/area-riservata/{personas.ente.slug}/schede/").status_code == 200
    # The link is used once only.
    assert "non è più valido" in text(client.get(link, follow=True))


def test_an_e_mail_that_already_has_an_account_only_gets_the_role(personas, secondo, login, url):
    """A Segretario of two comuni: one account, whose name, e-mail and password stay as they are."""
    altro = secondo.segretario
    password_prima = altro.password
    response = _add(login(personas.segretario), url, personas.ente, nome="Falso", cognome="Nome",
                    email="SEGRETARIO2@example.org", ruoli=[Ruolo.Tipo.SEGRETARIO])
    page = text(response)
    assert "aveva già un account" in page and "Invito" not in page
    altro.refresh_from_db()
    assert (altro.first_name, altro.last_name, altro.email, altro.password) == ("Carla", "Verdi", "segretario2@example.org", password_prima)
    assert set(Ruolo.objects.filter(utente=altro).values_list("ente__slug", "tipo")) == {
        ("marcheno", "segretario"), ("lodrino", "segretario")}
    assert mail.outbox == []
    assert get_user_model().objects.filter(email__iexact="segretario2@example.org").count() == 1
    voce = VoceStorico.objects.get(ente=personas.ente, azione="Ruolo a un account esistente")
    assert voce.utente == personas.segretario and voce.valore_nuovo == "Segretario Comunale"


def test_a_person_already_in_the_ente_is_not_added_twice(personas, login, url):
    response = _add(login(personas.segretario), url, personas.ente, email="resp_a@example.org")
    assert "ha già un ruolo nell'ente" in text(response)
    assert Ruolo.objects.filter(utente=personas.resp_a).count() == 1


def test_areas_go_only_to_a_responsabile_and_only_this_entes(personas, secondo, login, url):
    client = login(personas.segretario)
    page = text(_add(client, url, personas.ente, ruoli=[Ruolo.Tipo.NUCLEO], aree=[personas.area_a.pk]))
    assert "Guida un'area solo chi ha il ruolo di Responsabile" in page
    page = text(_add(client, url, personas.ente, aree=[secondo.area.pk]))
    assert "Area sconosciuta" in page
    page = text(_add(client, url, personas.ente, ruoli=["superuser"]))
    assert "Ruolo sconosciuto" in page
    assert not get_user_model().objects.filter(email="giulia.marchi@comune.example.it").exists()
    assert Area.objects.get(pk=secondo.area.pk).responsabile == secondo.responsabile


@pytest.mark.parametrize("data,message", [
    ({"email": "non-una-mail"}, "Scriva un indirizzo e-mail valido"),
    ({"nome": ""}, "Questo campo è obbligatorio"),
    ({"ruoli": []}, "Scelga almeno un ruolo"),
])
def test_wrong_input_shows_an_italian_summary_and_saves_nothing(personas, login, url, data, message):
    response = _add(login(personas.segretario), url, personas.ente, **data)
    page = text(response)
    assert response.status_code == 200
    assert "Il modulo non è stato salvato" in page and message in page
    assert get_user_model().objects.count() == 6 and mail.outbox == []


def test_an_invitation_that_cannot_be_sent_saves_nothing(personas, login, url, monkeypatch):
    import smtplib

    def fail(*args, **kwargs):
        raise smtplib.SMTPException("down")

    monkeypatch.setattr("enti.services.send_mail", fail)
    page = text(_add(login(personas.segretario), url, personas.ente))
    assert "Non è stato possibile inviare l'e-mail di invito" in page
    assert not get_user_model().objects.filter(email="giulia.marchi@comune.example.it").exists()


def test_the_list_shows_this_entes_people_with_roles_and_areas_and_never_another_entes(personas, secondo, login, url):
    builders.give_role(secondo.segretario, personas.ente, Ruolo.Tipo.SEGRETARIO)
    page = text(login(personas.segretario).get(url("persone", personas.ente)))
    for expected in ("Anna Rossi", "Area amministrativa", "Bruno Bianchi", "Area tecnica", "Alberto Lorenzi", "Carla Verdi",
                 "Ha ruoli anche in altri enti"):
        assert expected in page
    assert "Dario Neri" not in page and "Area unica" not in page and "Marcheno" not in page


def test_roles_and_areas_change_in_this_ente_only(personas, secondo, login, url):
    builders.give_role(secondo.segretario, personas.ente, Ruolo.Tipo.NUCLEO)
    client = login(personas.segretario)
    response = client.post(url("persona_ruoli", personas.ente, secondo.segretario.pk),
                           {"ruoli": ["responsabile"], "aree": [personas.area_a.pk]}, follow=True)
    assert "Ruoli e aree aggiornati" in text(response)
    assert set(Ruolo.objects.filter(utente=secondo.segretario).values_list("ente__slug", "tipo")) == {
        ("marcheno", "segretario"), ("lodrino", "responsabile")}
    assert Area.objects.get(pk=personas.area_a.pk).responsabile == secondo.segretario
    azioni = list(VoceStorico.objects.filter(ente=personas.ente).values_list("azione", "valore_precedente", "valore_nuovo"))
    assert ("Ruoli cambiati", "Nucleo di Valutazione", "Responsabile") in azioni
    assert ("Responsabile dell'area", "Anna Rossi", "Carla Verdi") in azioni

    # Unticking the area leaves it without a responsabile.
    client.post(url("persona_ruoli", personas.ente, secondo.segretario.pk), {"ruoli": ["responsabile"]})
    assert Area.objects.get(pk=personas.area_a.pk).responsabile is None


def test_the_manager_changes_name_and_e_mail_of_a_person_of_their_ente_only(personas, login, url):
    client = login(personas.amministratore)
    response = client.post(url("persona_dati", personas.ente, personas.resp_a.pk),
                           {"nome": "Anna Maria", "cognome": "Rossi", "email": "a.rossi@comune.example.it"}, follow=True)
    assert "Dati della persona aggiornati" in text(response)
    personas.resp_a.refresh_from_db()
    assert (personas.resp_a.first_name, personas.resp_a.email) == ("Anna Maria", "a.rossi@comune.example.it")
    assert VoceStorico.objects.filter(ente=personas.ente, azione="Dati della persona").count() == 2
    page = text(client.post(url("persona_dati", personas.ente, personas.resp_a.pk),
                            {"nome": "Anna", "cognome": "Rossi", "email": "resp_b@example.org"}))
    assert "Questa e-mail è già di un altro account" in page


def test_a_person_who_never_set_a_password_can_be_invited_again_and_only_they(personas, login, url):
    client = login(personas.segretario)
    _add(client, url, personas.ente)
    nuova = get_user_model().objects.get(email="giulia.marchi@comune.example.it")
    response = client.post(url("persona_invito", personas.ente, nuova.pk), follow=True)
    assert "Invito inviato di nuovo a giulia.marchi@comune.example.it" in text(response)
    assert len(mail.outbox) == 2 and "/accesso/imposta-password/" in mail.outbox[1].body
    response = client.post(url("persona_invito", personas.ente, personas.resp_a.pk), follow=True)
    assert "ha già scelto la sua password" in text(response) and len(mail.outbox) == 2
    assert VoceStorico.objects.filter(azione="Invito inviato di nuovo").count() == 1


def test_a_forgotten_password_is_reset_from_the_login_page_in_italian(personas, client):
    page = text(client.get("/accesso/"))
    assert "Password dimenticata?" in page
    response = client.post("/accesso/password-dimenticata/", {"email": "resp_a@example.org"}, follow=True)
    assert "Controlli la posta" in text(response)
    (message,) = mail.outbox
    assert message.to == ["resp_a@example.org"] and "Il suo nome utente è: resp_a" in message.body
    assert "/accesso/imposta-password/" in message.body


def test_the_same_person_added_twice_at_the_same_moment_gives_a_notice_not_a_500(personas, login, url, monkeypatch):
    """The second of two simultaneous additions meets the first's row (unique username or role)."""
    from django.db import IntegrityError

    def collide(**kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr("enti.services._persona_add", collide)
    response = _add(login(personas.segretario), url, personas.ente)
    assert response.status_code == 200 and "appena aggiunta da qualcun altro" in text(response)
