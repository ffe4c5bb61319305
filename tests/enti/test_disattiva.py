"""Deactivating a person ends their roles in this ente only; the areas they head pass to a
replacement or stay without a responsabile; with no role left anywhere the account is inactive."""

import pytest

from obiettivi.models import Area, Ruolo, VoceStorico
from tests import builders
from tests.enti.conftest import text

pytestmark = pytest.mark.django_db


def test_deactivation_ends_only_this_entes_roles(personas, secondo, login, url):
    builders.give_role(secondo.responsabile, personas.ente, Ruolo.Tipo.NUCLEO)
    response = login(personas.segretario).post(
        url("persona_disattiva", personas.ente, secondo.responsabile.pk), {"conferma": "on"}, follow=True)
    assert "i suoi ruoli negli altri enti restano" in text(response)
    secondo.responsabile.refresh_from_db()
    assert secondo.responsabile.is_active
    assert set(Ruolo.objects.filter(utente=secondo.responsabile).values_list("ente__slug", "tipo")) == {("marcheno", "responsabile")}
    assert Area.objects.get(pk=secondo.area.pk).responsabile == secondo.responsabile
    voce = VoceStorico.objects.get(ente=personas.ente, azione="Persona disattivata")
    assert (voce.campo, voce.valore_precedente, voce.utente) == ("Dario Neri", "Nucleo di Valutazione", personas.segretario)


def test_the_areas_they_head_pass_to_the_replacement_or_stay_without_a_responsabile(personas, login, url):
    altra = builders.make_area(personas.ente, nome="Area sociale", responsabile=personas.resp_a)
    client = login(personas.amministratore)
    page = text(client.get(url("persona", personas.ente, personas.resp_a.pk)))
    assert "Guida 2 aree" in page and "Nuovo responsabile di «Area amministrativa»" in page
    response = client.post(url("persona_disattiva", personas.ente, personas.resp_a.pk), {
        "conferma": "on", f"area_{personas.area_a.pk}": personas.nucleo.pk, f"area_{altra.pk}": "",
    }, follow=True)
    assert "l'account è disattivato" in text(response)
    personas.resp_a.refresh_from_db()
    assert not personas.resp_a.is_active  # no role left anywhere; the row stays, the Storico names them
    assert not Ruolo.objects.filter(utente=personas.resp_a).exists()
    assert Area.objects.get(pk=personas.area_a.pk).responsabile == personas.nucleo
    assert Ruolo.objects.filter(utente=personas.nucleo, ente=personas.ente, tipo="responsabile").exists()
    assert Area.objects.get(pk=altra.pk).responsabile is None
    heads = set(VoceStorico.objects.filter(azione="Responsabile dell'area").values_list("campo", "valore_nuovo"))
    assert heads == {("Area amministrativa", "nucleo"), ("Area sociale", "nessuno")}
    # No longer among the people of the ente; the Storico still names them.
    page = text(client.get(url("persone", personas.ente)))
    assert url("persona", personas.ente, personas.resp_a.pk) not in page and "Persona disattivata: Anna Rossi" in page


def test_deactivation_needs_the_confirmation(personas, login, url):
    page = text(login(personas.segretario).post(url("persona_disattiva", personas.ente, personas.resp_b.pk), {}))
    assert "Spunti la conferma" in page
    assert Ruolo.objects.filter(utente=personas.resp_b).exists()


def test_a_person_deactivated_everywhere_comes_back_with_a_new_role(personas, login, url):
    client = login(personas.segretario)
    client.post(url("persona_disattiva", personas.ente, personas.resp_b.pk), {"conferma": "on", f"area_{personas.area_b.pk}": ""})
    personas.resp_b.refresh_from_db()
    assert not personas.resp_b.is_active
    client.post(url("persona_aggiungi", personas.ente),
                {"nome": "B", "cognome": "B", "email": "resp_b@example.org", "ruoli": ["responsabile"]})
    personas.resp_b.refresh_from_db()
    assert personas.resp_b.is_active and personas.resp_b.first_name == "Bruno"
