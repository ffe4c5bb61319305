"""The ente's staff without a login: added, changed and ceased on the people page, never deleted."""

from datetime import date

import pytest

from enti.models import Dipendente
from obiettivi.models import VoceStorico
from tests.enti.conftest import text

pytestmark = pytest.mark.django_db


def test_the_segretario_adds_changes_and_ceases_an_employee(personas, login, url):
    client = login(personas.segretario)
    response = client.post(url("dipendente_aggiungi", personas.ente), {
        "dip-nome": "Elena", "dip-cognome": "Gialli", "dip-area": personas.area_a.pk,
        "dip-inquadramento": "Area degli Istruttori",
    }, follow=True)
    assert "Dipendente aggiunto" in text(response) and "Gialli Elena" in text(response)
    dipendente = Dipendente.objects.get()
    assert (dipendente.ente, dipendente.area, dipendente.attivo) == (personas.ente, personas.area_a, True)

    client.post(url("dipendente", personas.ente, dipendente.pk), {
        "nome": "Elena", "cognome": "Gialli", "area": personas.area_b.pk, "inquadramento": "Area degli Istruttori",
    })
    dipendente.refresh_from_db()
    assert dipendente.area == personas.area_b

    response = client.post(url("dipendente_cessazione", personas.ente, dipendente.pk), {"data_cessazione": "31/12/2018"}, follow=True)
    assert "cessato il 31/12/2018" in text(response)
    dipendente.refresh_from_db()
    assert (dipendente.attivo, dipendente.data_cessazione) == (False, date(2018, 12, 31))
    azioni = list(VoceStorico.objects.filter(ente=personas.ente).order_by("id").values_list("azione", "valore_precedente", "valore_nuovo"))
    assert azioni == [
        ("Dipendente aggiunto", "", "Gialli Elena – Area amministrativa – Area degli Istruttori"),
        ("Dipendente modificato", "Gialli Elena – Area amministrativa – Area degli Istruttori", "Gialli Elena – Area tecnica – Area degli Istruttori"),
        ("Dipendente cessato", "in servizio", "31/12/2018"),
    ]
    page = text(client.post(url("dipendente_cessazione", personas.ente, dipendente.pk), {"data_cessazione": "01/01/2019"}))
    assert "risulta già cessato" in page


def test_an_employee_is_never_put_in_another_entes_area_and_wrong_input_is_explained(personas, secondo, login, url):
    client = login(personas.segretario)
    page = text(client.post(url("dipendente_aggiungi", personas.ente), {
        "dip-nome": "Elena", "dip-cognome": "", "dip-area": secondo.area.pk,
    }))
    assert "Il modulo non è stato salvato" in page and "Area sconosciuta" in page and "Questo campo è obbligatorio" in page
    assert not Dipendente.objects.exists()
    dipendente = Dipendente.objects.create(ente=personas.ente, nome="Elena", cognome="Gialli")
    page = text(client.post(url("dipendente_cessazione", personas.ente, dipendente.pk), {"data_cessazione": "31-31-2018"}))
    assert "Scriva la data come gg/mm/aaaa" in page
    dipendente.refresh_from_db()
    assert dipendente.attivo


def test_another_entes_employees_are_not_listed(personas, secondo, login, url):
    Dipendente.objects.create(ente=secondo.ente, nome="Franco", cognome="Blu")
    Dipendente.objects.create(ente=personas.ente, nome="Elena", cognome="Gialli")
    page = text(login(personas.segretario).get(url("persone", personas.ente)))
    assert "Gialli Elena" in page and "Blu" not in page
