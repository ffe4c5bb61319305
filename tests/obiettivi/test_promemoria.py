"""`manage.py send_reminders`: each responsabile gets, once a day, in Italian, what is still missing
in an open period that closes soon and the deadlines due; nothing for complete areas."""

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from obiettivi.models import Fase, Periodo, PromemoriaInviato
from tests import builders


@pytest.fixture
def piano(personas):
    """July closes on 31/07/2018. Area A misses one value; area B is complete."""
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO, data_apertura=date(2018, 7, 1),
                         data_chiusura=date(2018, 7, 31))
    a = builders.make_obiettivo(personas.piano, personas.area_a, codice="A1", titolo="Sportello digitale")
    builders.make_misurazione(builders.make_indicatore(a, nome="Pratiche online"), periodo="luglio", valore=Decimal(3))
    builders.make_indicatore(a, nome="Tempi di risposta")
    b = builders.make_obiettivo(personas.piano, personas.area_b, codice="B1")
    builders.make_misurazione(builders.make_indicatore(b, nome="Strade"), periodo="luglio", valore=Decimal(1))
    return {"a": a, "b": b}


def test_a_responsabile_with_missing_values_gets_an_italian_reminder(personas, piano):
    call_command("send_reminders", "--date", "2018-07-26", "--days", "7")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["resp_a@example.org"]
    assert "promemoria del 26/07/2018" in message.subject
    assert "Gentile Anna Rossi" in message.body
    assert "Monitoraggio di luglio 2018 – il periodo chiude il 31/07/2018" in message.body
    assert "A1 Sportello digitale: Tempi di risposta" in message.body
    assert "Pratiche online" not in message.body
    sent = PromemoriaInviato.objects.get()
    assert (sent.destinatario, sent.giorno, sent.oggetto) == (personas.resp_a, date(2018, 7, 26), message.subject)


def test_nothing_is_sent_twice_on_the_same_day_but_again_the_next_day(personas, piano):
    call_command("send_reminders", "--date", "2018-07-26")
    call_command("send_reminders", "--date", "2018-07-26")
    assert len(mail.outbox) == 1
    call_command("send_reminders", "--date", "2018-07-27")
    assert len(mail.outbox) == 2 and PromemoriaInviato.objects.count() == 2


def test_nothing_is_sent_when_the_period_closes_later_than_the_window_or_is_closed(personas, piano):
    call_command("send_reminders", "--date", "2018-07-10", "--days", "7")
    assert mail.outbox == []
    Periodo.objects.update(aperto=False)
    call_command("send_reminders", "--date", "2018-07-26")
    assert mail.outbox == []


def test_nothing_is_sent_to_complete_areas(personas, piano):
    builders.make_misurazione(piano["a"].indicatori.get(nome="Tempi di risposta"), periodo="luglio", valore=Decimal(2))
    call_command("send_reminders", "--date", "2018-07-26")
    assert mail.outbox == []


def test_deadlines_due_within_the_window_are_reminded_even_with_no_period_closing(personas, piano, settings):
    settings.REMINDER_DAYS = 10
    Periodo.objects.update(aperto=False)
    Fase.objects.create(obiettivo=piano["b"], descrizione="Gara d'appalto", data_inizio=date(2018, 9, 1),
                        data_fine=date(2018, 10, 5))
    piano["b"].scadenza = date(2018, 10, 20)
    piano["b"].save()
    call_command("send_reminders", "--date", "2018-09-28")  # 10 days: the phase, not the objective
    assert [m.to for m in mail.outbox] == [["resp_b@example.org"]]
    assert "05/10/2018: B1 fase «Gara d'appalto»" in mail.outbox[0].body
    assert "20/10/2018" not in mail.outbox[0].body


def test_a_bad_date_is_refused_in_italian():
    with pytest.raises(CommandError, match="AAAA-MM-GG"):
        call_command("send_reminders", "--date", "26/07/2018")


def test_the_admin_lists_what_was_sent_read_only(personas, piano, client):
    from django.urls import reverse

    call_command("send_reminders", "--date", "2018-07-26")
    root = builders.make_user("root")
    root.is_staff = root.is_superuser = True
    root.save()
    client.force_login(root)
    response = client.get(reverse("admin:obiettivi_promemoriainviato_changelist"))
    assert response.status_code == 200 and "resp_a" in response.content.decode()
    sent = PromemoriaInviato.objects.get()
    assert client.post(reverse("admin:obiettivi_promemoriainviato_change", args=[sent.pk]), {}).status_code == 403


def test_the_reminder_speaks_of_the_ente_with_its_article_and_its_subject_names_only_what_it_holds(
        personas, piano, settings):
    settings.DEFAULT_FROM_EMAIL = "noreply@performance.comune.example.it"
    call_command("send_reminders", "--date", "2018-07-26", "--days", "7")
    message = mail.outbox[0]
    assert "sul ciclo della performance del Comune di Lodrino." in message.body
    assert message.subject == "Performance 2018: valori da inserire – promemoria del 26/07/2018"
    assert message.from_email == "noreply@performance.comune.example.it"


def test_a_reminder_of_deadlines_only_names_scadenze_in_its_subject(personas, piano):
    Periodo.objects.update(aperto=False)
    piano["b"].scadenza = date(2018, 10, 1)
    piano["b"].save()
    call_command("send_reminders", "--date", "2018-09-28")
    assert [m.subject for m in mail.outbox] == ["Performance 2018: scadenze – promemoria del 28/09/2018"]


@pytest.mark.parametrize(("nome", "detto"), [
    ("Comune di Lodrino", "del Comune di Lodrino"),
    ("Provincia di Brescia", "della Provincia di Brescia"),
    ("Unione dei Comuni della Valtrompia", "dell'Unione dei Comuni della Valtrompia"),
])
def test_an_ente_is_named_with_the_right_preposition(nome, detto):
    from obiettivi.models import Ente

    assert Ente(nome=nome).del_nome == detto
