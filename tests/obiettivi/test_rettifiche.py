"""Overrides of a grado: only the Segretario or the Nucleo, only with a written reason; shown as such,
with who, when and why, and used by the totals (piano_results, hence the Relazione)."""

from decimal import Decimal

import pytest
from django.urls import reverse

from obiettivi import selectors, services
from obiettivi.achievement import Esito
from obiettivi.models import Rettifica, VoceStorico
from tests import builders


@pytest.fixture
def piano(personas):
    """A reaches 50 % (5 of 10), B 100 %; both weigh 50: the plan reaches 75 %."""
    a = builders.make_obiettivo(personas.piano, personas.area_a, codice="A", peso=Decimal(50))
    ia = builders.make_indicatore(a, target=Decimal(10))
    builders.make_misurazione(ia, valore=Decimal(5))
    b = builders.make_obiettivo(personas.piano, personas.area_b, codice="B", peso=Decimal(50))
    builders.make_misurazione(builders.make_indicatore(b, target=Decimal(4)), valore=Decimal(4))
    return {"a": a, "ia": ia, "b": b}


def _results(personas):
    return selectors.piano_results(piano=personas.piano, anno=2018)


def test_an_indicator_override_sets_its_grado_and_the_totals_follow(personas, piano):
    services.rettifica_create(user=personas.nucleo, anno=2018, indicatore=piano["ia"], percentuale=Decimal(90),
                              motivazione="Il dato di dicembre era incompleto")
    risultati = _results(personas)
    ri = risultati.aree[0].obiettivi[0].indicatori[0]
    assert ri.grado.percent == Decimal(90) and ri.grado_calcolato.percent == Decimal(50)
    assert "da nucleo" in ri.grado.explanation and "Il dato di dicembre era incompleto" in ri.grado.explanation
    assert risultati.grado.percent == Decimal(95)
    voce = VoceStorico.objects.get()
    assert (voce.valore_precedente, voce.valore_nuovo, voce.utente) == ("50 %", "90 %", personas.nucleo)


def test_non_valutabile_takes_the_objective_out_of_the_totals(personas, piano):
    services.rettifica_create(user=personas.segretario, anno=2018, obiettivo=piano["a"], non_valutabile=True,
                              motivazione="Finanziamento regionale revocato")
    risultati = _results(personas)
    assert risultati.aree[0].obiettivi[0].grado.esito == Esito.NON_VALUTABILE
    assert risultati.grado.percent == Decimal(100)


def test_a_new_override_replaces_the_one_in_force_and_revoking_restores_the_computed_grado(personas, piano):
    prima = services.rettifica_create(user=personas.segretario, anno=2018, obiettivo=piano["a"],
                                      percentuale=Decimal(60), motivazione="Uno")
    seconda = services.rettifica_create(user=personas.segretario, anno=2018, obiettivo=piano["a"],
                                        percentuale=Decimal(70), motivazione="Due")
    prima.refresh_from_db()
    assert not prima.attiva and seconda.attiva
    assert _results(personas).aree[0].obiettivi[0].grado.percent == Decimal(70)
    with pytest.raises(services.DomainError) as error:
        services.rettifica_revoke(user=personas.segretario, rettifica=seconda, motivazione="")
    assert "motivazione" in error.value.field_errors
    services.rettifica_revoke(user=personas.segretario, rettifica=seconda, motivazione="Dato corretto")
    assert _results(personas).aree[0].obiettivi[0].grado.percent == Decimal(50)
    assert Rettifica.objects.count() == 2  # nothing deleted
    voce = VoceStorico.objects.first()
    assert voce.azione == "Revoca della rettifica" and (voce.valore_precedente, voce.valore_nuovo) == ("70 %", "50 %")


def test_an_override_needs_a_reason_and_a_grado_between_0_and_100(personas, piano):
    for kwargs in ({"percentuale": Decimal(80), "motivazione": "  "}, {"percentuale": Decimal(120), "motivazione": "x"},
                   {"percentuale": None, "motivazione": "x"}):
        with pytest.raises(services.DomainError):
            services.rettifica_create(user=personas.segretario, anno=2018, obiettivo=piano["a"], **kwargs)
    assert not Rettifica.objects.exists()


def test_a_responsabile_cannot_override_not_even_their_own_objective(personas, piano):
    with pytest.raises(services.DomainError):
        services.rettifica_create(user=personas.resp_a, anno=2018, obiettivo=piano["a"], percentuale=Decimal(100),
                                  motivazione="Mi sembra giusto")
    assert not Rettifica.objects.exists()


# Pages ------------------------------------------------------------------------------------------

def test_the_nucleo_overrides_from_the_objective_page_and_the_page_shows_who_when_why(personas, piano, login):
    client = login(personas.nucleo)
    url = piano["a"].get_absolute_url()
    response = client.post(reverse("ciclo:rettifica_crea", args=["lodrino"]), {
        "indicatore": piano["ia"].pk, "anno": 2018, "percentuale": "82,5", "motivazione": "Dato rettificato", "next": url,
    })
    assert response.status_code == 302 and response["Location"] == url
    assert Rettifica.objects.get().percentuale == Decimal("82.5")
    html = client.get(url).content.decode()
    assert "Grado rettificato" in html and "Dato rettificato" in html and "da nucleo il" in html


def test_a_missing_reason_is_shown_next_to_the_field_and_what_was_typed_stays(personas, piano, login):
    response = login(personas.segretario).post(reverse("ciclo:rettifica_crea", args=["lodrino"]), {
        "obiettivo": piano["a"].pk, "anno": 2018, "percentuale": "82,5", "motivazione": "",
    })
    assert response.status_code == 400
    html = response.content.decode()
    assert "La rettifica richiede una motivazione scritta." in html and 'value="82,5"' in html
    assert not Rettifica.objects.exists()


def test_the_override_form_is_shown_to_the_segretario_and_not_to_the_responsabile(personas, piano, login):
    assert "Registra la rettifica" in login(personas.segretario).get(piano["a"].get_absolute_url()).content.decode()
    assert "Registra la rettifica" not in login(personas.resp_a).get(piano["a"].get_absolute_url()).content.decode()


@pytest.mark.parametrize("who,status", [("resp_a", 403), ("resp_b", 404), ("outsider", 404)])
def test_others_are_refused_an_override_or_a_revocation(personas, piano, login, who, status):
    rettifica = services.rettifica_create(user=personas.segretario, anno=2018, obiettivo=piano["a"],
                                          percentuale=Decimal(60), motivazione="x")
    client = login(getattr(personas, who))
    response = client.post(reverse("ciclo:rettifica_crea", args=["lodrino"]),
                           {"obiettivo": piano["a"].pk, "anno": 2018, "percentuale": "100", "motivazione": "y"})
    assert response.status_code == status
    response = client.post(reverse("ciclo:rettifica_revoca", args=["lodrino", rettifica.pk]), {"motivazione": "y"})
    assert response.status_code == status
    assert Rettifica.objects.get().attiva and Rettifica.objects.count() == 1


def test_override_endpoints_are_post_only(personas, piano, login):
    client = login(personas.segretario)
    assert client.get(reverse("ciclo:rettifica_crea", args=["lodrino"])).status_code == 405
    assert client.get(reverse("ciclo:rettifica_revoca", args=["lodrino", 1])).status_code == 405


def test_the_segretario_revokes_from_the_page(personas, piano, login):
    rettifica = services.rettifica_create(user=personas.segretario, anno=2018, obiettivo=piano["a"],
                                          percentuale=Decimal(60), motivazione="x")
    response = login(personas.segretario).post(reverse("ciclo:rettifica_revoca", args=["lodrino", rettifica.pk]),
                                               {"motivazione": "Superata"})
    assert response.status_code == 302
    rettifica.refresh_from_db()
    assert not rettifica.attiva
