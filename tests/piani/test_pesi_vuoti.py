"""A missing weight is an equal share (issue 10): the plan editor and the "Nuovo obiettivo" of a
Variazione accept an empty weight, and refuse, with an Italian message and nothing saved, a weight
that mixes written and missing ones at one level. An empty code of a new objective is generated."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from obiettivi import services as obiettivi_services
from obiettivi.models import Indicatore, Obiettivo, Piano, Variazione
from tests import builders

MISTI = "indichi il peso di tutti oppure di nessuno"


@pytest.fixture
def bozza(personas):
    Piano.objects.filter(pk=personas.piano.pk).update(stato=Piano.Stato.BOZZA)
    personas.piano.refresh_from_db()


def _u(name, **kwargs):
    return reverse(f"piani:{name}", kwargs={"ente_slug": "lodrino", "anno_inizio": 2018, **kwargs})


def _body(response):
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


def _senza_peso(personas, codice):
    return builders.make_obiettivo(personas.piano, personas.area_a, codice=codice, peso=None)


# A new objective on the site --------------------------------------------------------------------

def test_a_new_objective_without_weight_or_code_gets_an_equal_share_and_a_generated_code(personas, bozza, client):
    client.force_login(personas.segretario)
    _senza_peso(personas, "OB.1")
    response = client.post(_u("obiettivo_nuovo"), {"area": personas.area_a.pk, "codice": "", "titolo": "Sportello",
                                                   "tipo": "strategico", "peso": ""})
    assert response.status_code == 302
    nuovo = Obiettivo.objects.get(titolo="Sportello")
    assert (nuovo.codice, nuovo.peso) == ("OB.2", None)


def test_a_new_objective_mixing_weights_is_refused_and_nothing_is_saved(personas, bozza, client):
    client.force_login(personas.segretario)
    _senza_peso(personas, "A.1")
    response = client.post(_u("obiettivo_nuovo"), {"area": personas.area_a.pk, "titolo": "Sportello",
                                                   "tipo": "strategico", "peso": "5"})
    assert response.status_code == 400 and MISTI in _body(response)
    assert "1 obiettivi del Piano su 2 hanno un peso" in _body(response)
    assert Obiettivo.objects.count() == 1


def test_an_empty_weight_among_written_ones_is_refused_in_the_service(personas, bozza):
    from piani import services

    builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", peso=Decimal(40))
    with pytest.raises(services.DomainError) as error:
        services.obiettivo_create(user=personas.segretario, piano=personas.piano, area=personas.area_a,
                                  titolo="Sportello", tipo="strategico", peso=None)
    assert MISTI in error.value.field_errors["peso"]
    assert Obiettivo.objects.count() == 1


# The objective's weight in the grid -------------------------------------------------------------

def test_the_grid_accepts_an_empty_weight_when_no_objective_has_one(personas, bozza, client):
    client.force_login(personas.segretario)
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", peso=Decimal(10))
    response = client.post(_u("obiettivo", pk=obiettivo.pk), {"peso": ""})
    assert response.status_code == 302
    obiettivo.refresh_from_db()
    assert obiettivo.peso is None


def test_the_grid_refuses_a_weight_that_mixes_and_changes_nothing(personas, bozza, client):
    client.force_login(personas.segretario)
    obiettivo = _senza_peso(personas, "A.1")
    _senza_peso(personas, "A.2")
    response = client.post(_u("obiettivo", pk=obiettivo.pk), {"peso": "20"})
    assert response.status_code == 400 and MISTI in _body(response)
    obiettivo.refresh_from_db()
    assert obiettivo.peso is None


# Indicators -------------------------------------------------------------------------------------

def _ind(**values):
    data = {"nome": "Tempi medi", "tipo": "efficienza", "formula": "numero", "unita": "giorni", "direzione": "decrescente",
            "fonte_dati": "", "baseline": "", "usa_baseline": "", "peso": ""}
    data.update(values)
    return data


def test_an_indicator_without_weight_is_added_where_none_has_one_and_refused_where_some_have(personas, bozza, client):
    client.force_login(personas.segretario)
    obiettivo = _senza_peso(personas, "A.1")
    builders.make_indicatore(obiettivo, nome="Pratiche evase", peso=None)
    response = client.post(_u("indicatore_nuovo", pk=obiettivo.pk), _ind())
    assert response.status_code == 302 and Indicatore.objects.get(nome="Tempi medi").peso is None
    response = client.post(_u("indicatore_nuovo", pk=obiettivo.pk), _ind(nome="Reclami", peso="40"))
    assert response.status_code == 400 and MISTI in _body(response)
    assert not Indicatore.objects.filter(nome="Reclami").exists()


def test_an_indicator_edited_to_mix_weights_is_refused_and_nothing_changes(personas, bozza, client):
    client.force_login(personas.segretario)
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1")
    pratiche = builders.make_indicatore(obiettivo, nome="Pratiche evase", peso=Decimal(60))
    builders.make_indicatore(obiettivo, nome="Reclami", peso=Decimal(40))
    response = client.post(_u("indicatore", pk=pratiche.pk), _ind(nome="Pratiche evase", peso=""))
    assert response.status_code == 400 and MISTI in _body(response)
    pratiche.refresh_from_db()
    assert (pratiche.peso, pratiche.unita) == (Decimal(60), "")


# A new objective by a Variazione ----------------------------------------------------------------

def _record(personas, change):
    return obiettivi_services.variazione_record(
        user=personas.segretario, piano=personas.piano, numero_atto="58", data_atto=date(2018, 9, 20),
        motivazione="Nuovo servizio", changes=[change],
    )


def test_a_variation_inserts_an_objective_without_weight_when_none_has_one(personas):
    _senza_peso(personas, "OB.1")
    _record(personas, obiettivi_services.NuovoObiettivo(area=personas.area_a, codice="", titolo="Sportello", peso=None))
    nuovo = Obiettivo.objects.get(titolo="Sportello")
    assert (nuovo.codice, nuovo.peso, nuovo.inserito_con) == ("OB.2", None, Variazione.objects.get())


@pytest.mark.parametrize("esistente, peso", [(None, Decimal(5)), (Decimal(50), None)])
def test_a_variation_inserting_a_mixed_weight_is_refused_and_nothing_is_saved(personas, esistente, peso):
    builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", peso=esistente)
    with pytest.raises(obiettivi_services.DomainError) as error:
        _record(personas, obiettivi_services.NuovoObiettivo(area=personas.area_a, codice="A.2", titolo="Sportello", peso=peso))
    assert MISTI in error.value.field_errors["peso"]
    assert not Variazione.objects.exists() and Obiettivo.objects.count() == 1


def test_the_variation_page_inserts_an_objective_without_weight_or_code(personas, client):
    client.force_login(personas.segretario)
    _senza_peso(personas, "OB.1")
    variazione = Variazione.objects.create(piano=personas.piano, numero_atto="58", data_atto=date(2018, 9, 20), motivazione="Prova")
    url = reverse("ciclo:variazione_modifica", args=["lodrino", variazione.pk, "nuovo"])
    data = {"nuovo-area": personas.area_a.pk, "nuovo-codice": "", "nuovo-titolo": "Sportello", "nuovo-tipo": "strategico",
            "nuovo-peso": ""}
    assert client.post(url, data).status_code == 302
    assert Obiettivo.objects.get(titolo="Sportello").codice == "OB.2"
    response = client.post(url, {**data, "nuovo-titolo": "Reclami", "nuovo-peso": "5"})
    assert response.status_code == 400 and MISTI in _body(response)
    assert not Obiettivo.objects.filter(titolo="Reclami").exists()


def test_a_new_indicator_starts_without_weight_where_the_others_have_none(personas, bozza, client):
    client.force_login(personas.segretario)
    obiettivo = _senza_peso(personas, "A.1")
    builders.make_indicatore(obiettivo, nome="Pratiche evase", peso=None)
    page = _body(client.get(_u("indicatore_nuovo", pk=obiettivo.pk)))
    assert 'name="peso"' in page and 'name="peso" value="100"' not in page
