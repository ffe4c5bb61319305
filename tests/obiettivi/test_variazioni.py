"""Variations of the Piano: a later deliberation changes a target or a weight, inserts or withdraws an
objective; what was there before is kept, and the totals (piano_results, hence the Relazione) follow."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from obiettivi import selectors, services
from obiettivi.models import Obiettivo, PesoVariato, Target, Variazione, VoceStorico
from tests import builders


@pytest.fixture
def piano(personas):
    """Two objectives of weight 50: A reaches 50 % (5 of 10), B reaches 100 %."""
    a = builders.make_obiettivo(personas.piano, personas.area_a, codice="A", peso=Decimal(50))
    ia = builders.make_indicatore(a, target=Decimal(10))
    builders.make_misurazione(ia, valore=Decimal(5))
    b = builders.make_obiettivo(personas.piano, personas.area_b, codice="B", peso=Decimal(50))
    ib = builders.make_indicatore(b, target=Decimal(4))
    builders.make_misurazione(ib, valore=Decimal(4))
    return {"a": a, "ia": ia, "b": b, "ib": ib}


def _record(personas, *changes, data=date(2018, 9, 20)):
    return services.variazione_record(
        user=personas.segretario, piano=personas.piano, numero_atto="58", data_atto=data,
        motivazione="Riduzione del personale dell'area", changes=changes,
    )


def _totale(personas, anno=2018):
    return selectors.piano_results(piano=personas.piano, anno=anno).grado.percent


def test_before_any_variation_the_plan_reaches_75_percent(personas, piano):
    assert _totale(personas) == Decimal(75)


def test_a_varied_target_is_a_new_row_the_original_stays_and_the_totals_use_the_varied_one(personas, piano):
    variazione = _record(personas, services.TargetVariato(piano["ia"], 2018, valore=Decimal(5)))
    assert Target.objects.filter(indicatore=piano["ia"]).count() == 2
    assert Target.objects.get(indicatore=piano["ia"], variazione__isnull=True).valore == Decimal(10)
    risultato = selectors.piano_results(piano=personas.piano, anno=2018)
    ri = risultato.aree[0].obiettivi[0].indicatori[0]
    assert ri.target.variazione == variazione and ri.target_originale.valore == Decimal(10)
    assert risultato.grado.percent == Decimal(100)
    voce = VoceStorico.objects.get(azione="Target variato")
    assert (voce.valore_precedente, voce.valore_nuovo) == ("10", "5")
    assert voce.motivazione == "Delibera n. 58 del 20/09/2018" and voce.utente == personas.segretario


def test_a_varied_weight_changes_the_total_and_keeps_the_original_weight(personas, piano):
    _record(personas, services.PesoCambiato(piano["a"], Decimal(25)), services.PesoCambiato(piano["b"], Decimal(75)))
    piano["a"].refresh_from_db()
    assert piano["a"].peso == Decimal(50)
    # (50 × 25 + 100 × 75) / 100 = 87.5
    assert _totale(personas) == Decimal("87.5")
    assert selectors.piano_results(piano=personas.piano, anno=2018).aree[0].obiettivi[0].peso == Decimal(25)


def test_a_withdrawn_objective_leaves_the_totals_from_its_year_on_only(personas, piano):
    _record(personas, services.ObiettivoRitirato(piano["a"]), data=date(2019, 3, 1))
    assert [r.obiettivo.codice for r in selectors.piano_results(piano=personas.piano, anno=2019).obiettivi if not r.ritirato] == ["B"]
    assert _totale(personas, 2018) == Decimal(75)  # 2018 stays as it was


def test_a_withdrawn_objective_in_its_year_counts_in_no_total(personas, piano):
    _record(personas, services.ObiettivoRitirato(piano["a"]))
    assert _totale(personas) == Decimal(100)
    with pytest.raises(services.DomainError, match="già stato ritirato"):
        _record(personas, services.ObiettivoRitirato(piano["a"]))


def test_an_inserted_objective_enters_the_totals_with_the_variation(personas, piano):
    variazione = _record(personas, services.NuovoObiettivo(
        area=personas.area_a, codice="A9", titolo="Nuovo sportello", peso=Decimal(50)))
    nuovo = Obiettivo.objects.get(codice="A9")
    assert nuovo.inserito_con == variazione and nuovo.responsabile == personas.resp_a
    builders.make_misurazione(builders.make_indicatore(nuovo, target=Decimal(2)), valore=Decimal(2))
    # (50 × 50 + 100 × 50 + 100 × 50) / 150
    assert round(_totale(personas), 2) == Decimal("83.33")
    assert "A9" not in [r.obiettivo.codice for r in selectors.piano_results(piano=personas.piano, anno=2017).obiettivi]


def test_a_variation_needs_number_reason_and_a_date_within_the_plan(personas, piano):
    with pytest.raises(services.DomainError) as error:
        services.variazione_record(user=personas.segretario, piano=personas.piano, numero_atto=" ",
                                   data_atto=date(2025, 1, 1), motivazione="")
    assert set(error.value.field_errors) == {"numero_atto", "motivazione", "data_atto"}
    assert not Variazione.objects.exists()


def test_a_bad_change_undoes_the_whole_variation(personas, piano):
    with pytest.raises(services.DomainError):
        _record(personas, services.PesoCambiato(piano["a"], Decimal(30)), services.PesoCambiato(piano["b"], Decimal(130)))
    assert not Variazione.objects.exists() and not PesoVariato.objects.exists()


def test_only_the_segretario_records_variations(personas, piano):
    for user in (personas.resp_a, personas.nucleo):
        with pytest.raises(services.DomainError):
            services.variazione_record(user=user, piano=personas.piano, numero_atto="1", data_atto=date(2018, 5, 1),
                                       motivazione="x")


# Pages ------------------------------------------------------------------------------------------

def test_the_segretario_records_a_variation_and_its_changes_through_the_pages(personas, piano, login):
    client = login(personas.segretario)
    response = client.post(reverse("ciclo:variazioni", args=["lodrino"]),
                           {"numero_atto": "58", "data_atto": "20/09/2018", "motivazione": "Riduzione del personale"})
    variazione = Variazione.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("ciclo:variazione", args=["lodrino", variazione.pk])
    url = reverse("ciclo:variazione_modifica", args=["lodrino", variazione.pk, "target"])
    response = client.post(url, {"target-indicatore": piano["ia"].pk, "target-anno": 2018, "target-valore": "7,5"})
    assert response.status_code == 302
    assert Target.objects.get(variazione=variazione).valore == Decimal("7.5")
    response = client.post(reverse("ciclo:variazione_modifica", args=["lodrino", variazione.pk, "peso"]),
                           {"peso-obiettivo": piano["a"].pk, "peso-peso": "140"})
    assert response.status_code == 400 and not PesoVariato.objects.exists()
    html = client.get(reverse("ciclo:variazione", args=["lodrino", variazione.pk])).content.decode()
    assert "Target variato" in html and "7,5" in html


def test_the_objective_page_shows_the_original_and_the_varied_target_with_the_deliberation(personas, piano, login):
    _record(personas, services.TargetVariato(piano["ia"], 2018, valore=Decimal("7.5")))
    html = login(personas.resp_a).get(piano["a"].get_absolute_url()).content.decode()
    assert "Target originale" in html and "Delibera n. 58 del 20/09/2018" in html
    assert '<td class="num">10</td>' in html and '<td class="num">7,5</td>' in html


@pytest.mark.parametrize("who", ["resp_a", "nucleo", "outsider"])
def test_others_cannot_see_or_record_variations(personas, piano, login, who):
    variazione = _record(personas)
    client = login(getattr(personas, who))
    expected = 404 if who == "outsider" else 403  # no role in the ente: its pages do not exist for them
    assert client.get(reverse("ciclo:variazioni", args=["lodrino"])).status_code == expected
    assert client.post(reverse("ciclo:variazioni", args=["lodrino"]), {"numero_atto": "1", "data_atto": "01/05/2018", "motivazione": "x"}).status_code == expected
    url = reverse("ciclo:variazione_modifica", args=["lodrino", variazione.pk, "ritiro"])
    assert client.post(url, {"ritiro-obiettivo": piano["a"].pk}).status_code == expected
    assert Variazione.objects.count() == 1 and Obiettivo.objects.get(codice="A").ritirato_con is None


def test_a_change_is_post_only(personas, piano, login):
    variazione = _record(personas)
    assert login(personas.segretario).get(reverse("ciclo:variazione_modifica", args=["lodrino", variazione.pk, "peso"])).status_code == 405
