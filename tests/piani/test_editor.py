"""The plan editor: one page per objective with its weight and a row of targets per indicator, a
column per year. A draft changes in place; an approved Piano changes through a Variazione; a year
frozen by an approved Relazione does not change."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi.models import Piano, PesoVariato, Target, Variazione, VoceStorico
from relazioni.models import Relazione
from tests import builders


@pytest.fixture
def obiettivo(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", peso=Decimal(10))
    indicatore = builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))
    Target.objects.create(indicatore=indicatore, anno=2019, valore=Decimal(12))
    builders.make_indicatore(obiettivo, nome="Regolamento", formula="scadenza", target=date(2018, 6, 30), peso=Decimal(0))
    return obiettivo


def _url(obiettivo, slug="lodrino"):
    return reverse("piani:obiettivo", kwargs={"ente_slug": slug, "anno_inizio": obiettivo.piano.anno_inizio, "pk": obiettivo.pk})


def _post(obiettivo, **values):
    pratiche, regolamento = obiettivo.indicatori.order_by("id")
    data = {"peso": "10", f"t_{pratiche.pk}_2018": "10", f"t_{pratiche.pk}_2019": "12", f"t_{pratiche.pk}_2020": "",
            f"t_{regolamento.pk}_2018": "30/06/2018", f"t_{regolamento.pk}_2019": "", f"t_{regolamento.pk}_2020": ""}
    data.update({key.replace("P_", f"t_{pratiche.pk}_").replace("R_", f"t_{regolamento.pk}_"): v for key, v in values.items()})
    return data


@pytest.fixture
def bozza(personas):
    Piano.objects.filter(pk=personas.piano.pk).update(stato=Piano.Stato.BOZZA)
    personas.piano.refresh_from_db()


def test_the_page_shows_a_row_of_targets_per_indicator_and_a_column_per_year(personas, obiettivo, client):
    client.force_login(personas.segretario)
    page = client.get(_url(obiettivo)).content.decode()
    pratiche = obiettivo.indicatori.get(nome="Pratiche evase")
    assert f'name="t_{pratiche.pk}_2019" value="12"' in page
    assert "Target 2020 di «Pratiche evase»" in page and "Deliberazione della variazione" in page


def test_a_draft_plan_changes_in_place_and_the_storico_keeps_the_old_value(personas, obiettivo, bozza, client):
    client.force_login(personas.segretario)
    response = client.post(_url(obiettivo), _post(obiettivo, P_2019="15,5", P_2020="18", peso="12"))
    assert response.status_code == 302
    pratiche = obiettivo.indicatori.get(nome="Pratiche evase")
    assert {t.anno: t.valore for t in pratiche.target.all()} == {2018: 10, 2019: Decimal("15.5"), 2020: 18}
    obiettivo.refresh_from_db()
    assert obiettivo.peso == 12 and not Variazione.objects.exists()
    voce = VoceStorico.objects.get(azione="Target modificato", anno=2019)
    assert (voce.valore_precedente, voce.valore_nuovo, voce.utente) == ("12", "15,5", personas.segretario)


def test_an_approved_plan_needs_the_deliberation_and_records_a_variazione(personas, obiettivo, client):
    client.force_login(personas.segretario)
    response = client.post(_url(obiettivo), _post(obiettivo, P_2019="15", peso="12"))
    assert response.status_code == 400
    assert "indichi la deliberazione" in response.content.decode()
    assert not Variazione.objects.exists()
    response = client.post(_url(obiettivo), _post(obiettivo, P_2019="15", peso="12", numero_atto="45",
                                                  data_atto="10/06/2019", motivazione="Assestamento"))
    assert response.status_code == 302
    variazione = Variazione.objects.get()
    pratiche = obiettivo.indicatori.get(nome="Pratiche evase")
    assert Target.objects.get(indicatore=pratiche, anno=2019, variazione=variazione).valore == 15
    assert Target.objects.get(indicatore=pratiche, anno=2019, variazione=None).valore == 12
    assert PesoVariato.objects.get(obiettivo=obiettivo).peso == 12
    # The page now shows the values in force; saving them unchanged changes nothing.
    response = client.post(_url(obiettivo), _post(obiettivo, P_2019="15", peso="12"))
    assert response.status_code == 302 and Variazione.objects.count() == 1


def test_a_frozen_year_is_read_only_even_when_a_value_is_forged(personas, obiettivo, bozza, client):
    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018, stato="approvata")
    client.force_login(personas.segretario)
    page = client.get(_url(obiettivo)).content.decode()
    pratiche = obiettivo.indicatori.get(nome="Pratiche evase")
    assert re.search(rf'<input[^>]*name="t_{pratiche.pk}_2018"[^>]*disabled', page)
    assert not re.search(rf'<input[^>]*name="t_{pratiche.pk}_2019"[^>]*disabled', page)
    assert client.post(_url(obiettivo), _post(obiettivo, P_2018="99")).status_code == 302
    assert Target.objects.get(indicatore=pratiche, anno=2018).valore == 10


def test_the_service_refuses_a_frozen_year(personas, obiettivo, bozza):
    from piani import services

    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018, stato="approvata")
    pratiche = obiettivo.indicatori.get(nome="Pratiche evase")
    with pytest.raises(services.DomainError) as error:
        services.obiettivo_targets_save(user=personas.segretario, obiettivo=obiettivo, peso=None,
                                        targets={(pratiche, 2018): (Decimal(99), None)})
    assert error.value.field_errors == {f"t_{pratiche.pk}_2018": "La Relazione 2018 è approvata: il target di quell'anno non si può più cambiare."}


@pytest.mark.parametrize("values, message", [
    ({"P_2019": "dodici"}, "Inserisca un numero, ad esempio 12,5 oppure 1.234,5."),
    ({"R_2019": "30 giugno"}, "Scriva la data come gg/mm/aaaa, es. 31/07/2019."),
    ({"peso": "120"}, "Il valore massimo è 100."),
    ({"P_2019": ""}, "Un target non si cancella: indichi il nuovo valore."),
])
def test_wrong_input_is_an_italian_message_and_nothing_changes(personas, obiettivo, bozza, client, values, message):
    client.force_login(personas.segretario)
    response = client.post(_url(obiettivo), _post(obiettivo, **values))
    assert response.status_code == 400 and message in response.content.decode().replace("&#x27;", "'")
    assert not VoceStorico.objects.filter(azione__in=["Target modificato", "Peso modificato"]).exists()


@pytest.mark.parametrize("who, status", [("resp_a", 403), ("resp_b", 403), ("nucleo", 403), ("outsider", 404)])
def test_the_editor_refuses_everyone_but_the_segretario(personas, obiettivo, bozza, client, who, status):
    client.force_login(getattr(personas, who))
    assert client.get(_url(obiettivo)).status_code == status
    assert client.post(_url(obiettivo), _post(obiettivo, P_2019="99")).status_code == status
    list_url = reverse("piani:obiettivi", kwargs={"ente_slug": "lodrino", "anno_inizio": 2018})
    assert client.get(list_url).status_code == status
    assert Target.objects.get(indicatore__nome="Pratiche evase", anno=2019).valore == 12


def test_another_entes_segretario_anonymous_and_another_plans_objective(personas, obiettivo, client):
    assert client.get(_url(obiettivo))["Location"].startswith(reverse("login"))
    other = builders.make_ente(slug="altrove")
    segretario = builders.make_user("seg_altrove")
    builders.give_role(segretario, other, "segretario")
    client.force_login(segretario)
    assert client.get(_url(obiettivo)).status_code == 404
    assert client.get(_url(obiettivo, slug="altrove")).status_code == 404
    client.force_login(personas.segretario)
    wrong_plan = reverse("piani:obiettivo", kwargs={"ente_slug": "lodrino", "anno_inizio": 2030, "pk": obiettivo.pk})
    assert client.get(wrong_plan).status_code == 404
    assert client.put(_url(obiettivo)).status_code == 405


def test_the_editor_pages_cost_the_same_queries_whatever_the_plan_size(personas, obiettivo, client):
    client.force_login(personas.segretario)
    list_url = reverse("piani:obiettivi", kwargs={"ente_slug": "lodrino", "anno_inizio": 2018})

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = (count(_url(obiettivo)), count(list_url))
    for _n in range(15):
        other = builders.make_obiettivo(personas.piano, personas.area_b)
        builders.make_indicatore(other)
    assert (count(_url(obiettivo)), count(list_url)) == small


def test_the_list_shows_25_objectives_a_page_and_page_2_the_26th_at_the_same_queries(personas, bozza, client):
    client.force_login(personas.segretario)
    list_url = reverse("piani:obiettivi", kwargs={"ente_slug": "lodrino", "anno_inizio": 2018})

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries), response.content.decode()

    for n in range(1, 4):
        builders.make_obiettivo(personas.piano, personas.area_a, codice=f"P.{n:02d}", ordine=n, titolo=f"Numero {n:02d}")
    small, _html = count(list_url)
    for n in range(4, 61):
        builders.make_obiettivo(personas.piano, personas.area_a, codice=f"P.{n:02d}", ordine=n, titolo=f"Numero {n:02d}")
    large, first = count(list_url)
    assert large == small
    assert "Numero 25" in first and "Numero 26" not in first and "Pagina 1 di 3" in first
    again, _html = count(list_url)  # the count of the plan is now stored for this data version
    queries, second = count(list_url + "?pagina=2")
    assert queries == again < small
    assert "Numero 26" in second and "Numero 25" not in second and "Pagina 2 di 3" in second
    assert 'href="?pagina=1">Precedente' in second and 'href="?pagina=3">Successiva' in second
    # Bad page numbers land on a page, never a 500.
    assert "Numero 01" in count(list_url + "?pagina=abc")[1] and "Numero 60" in count(list_url + "?pagina=99")[1]


def test_an_action_on_page_2_comes_back_to_page_2(personas, bozza, client):
    from obiettivi.models import Obiettivo

    for n in range(1, 31):
        builders.make_obiettivo(personas.piano, personas.area_a, codice=f"P.{n:02d}", ordine=n)
    client.force_login(personas.segretario)
    obiettivo = Obiettivo.objects.get(codice="P.27")
    response = client.post(_azione(obiettivo, "su"), {"pagina": "2"})
    assert response["Location"].endswith("/obiettivi/?pagina=2")
    response = client.post(_azione(obiettivo, "giu"), {"pagina": "<script>"})
    assert response["Location"].endswith("/obiettivi/")


# The list: duplicate, reorder, take out of a draft ------------------------------------------------

def _azione(obiettivo, azione):
    return reverse("piani:obiettivo_azione", kwargs={"ente_slug": "lodrino", "anno_inizio": 2018, "pk": obiettivo.pk, "azione": azione})


def test_duplicate_copies_phases_indicators_and_targets_right_after_the_original(personas, obiettivo, bozza, client):
    from obiettivi.models import Fase, Obiettivo

    Fase.objects.create(obiettivo=obiettivo, descrizione="Avvio", data_inizio=date(2018, 1, 1), data_fine=date(2018, 2, 1))
    successivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.2", ordine=obiettivo.ordine + 1)
    client.force_login(personas.segretario)
    assert client.post(_azione(obiettivo, "duplica")).status_code == 302
    copia = Obiettivo.objects.get(codice="A.1-2")
    assert copia.titolo == "Obiettivo di prova (copia)" and copia.fasi.count() == 1
    assert {(i.nome, t.anno, t.valore) for i in copia.indicatori.all() for t in i.target.all() if t.valore} == {
        ("Pratiche evase", 2018, 10), ("Pratiche evase", 2019, 12)}
    ordine = list(Obiettivo.objects.filter(piano=personas.piano).order_by("ordine", "codice").values_list("codice", flat=True))
    assert ordine.index("A.1") < ordine.index("A.1-2") < ordine.index(successivo.codice)
    client.post(_azione(obiettivo, "duplica"))
    assert Obiettivo.objects.filter(codice="A.1-3").exists()


def test_moving_up_and_down_swaps_neighbours_in_the_area(personas, obiettivo, client):
    from obiettivi.models import Obiettivo

    secondo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.2")
    client.force_login(personas.segretario)

    def codes():
        return list(Obiettivo.objects.filter(piano=personas.piano, area=personas.area_a).order_by("ordine", "codice").values_list("codice", flat=True))

    assert codes() == ["A.1", "A.2"]
    client.post(_azione(secondo, "su"))
    assert codes() == ["A.2", "A.1"]
    client.post(_azione(secondo, "su"))  # already first: nothing moves
    assert codes() == ["A.2", "A.1"]
    client.post(_azione(secondo, "giu"))
    assert codes() == ["A.1", "A.2"]


def test_an_objective_is_taken_out_of_a_draft_but_its_storico_stays(personas, obiettivo, bozza, client):
    from obiettivi.models import Obiettivo

    client.force_login(personas.segretario)
    VoceStorico.objects.create(ente=personas.ente, obiettivo=obiettivo, azione="Prova")
    assert client.post(_azione(obiettivo, "togli")).status_code == 302
    assert not Obiettivo.objects.filter(pk=obiettivo.pk).exists()
    assert VoceStorico.objects.filter(azione="Prova").exists()
    assert VoceStorico.objects.filter(azione="Obiettivo tolto dalla bozza").exists()


def test_an_objective_with_values_or_in_an_approved_plan_is_not_taken_out_nor_duplicated(personas, obiettivo, client):
    from obiettivi.models import Obiettivo

    client.force_login(personas.segretario)
    response = client.post(_azione(obiettivo, "togli"), follow=True)
    assert "si ritira con una variazione" in response.content.decode()
    response = client.post(_azione(obiettivo, "duplica"), follow=True)
    assert "si inserisce con una variazione" in response.content.decode()
    Piano.objects.filter(pk=personas.piano.pk).update(stato=Piano.Stato.BOZZA)
    builders.make_misurazione(obiettivo.indicatori.first(), valore=Decimal(3))
    response = client.post(_azione(obiettivo, "togli"), follow=True)
    assert "ha già dei valori rilevati" in response.content.decode()
    assert Obiettivo.objects.filter(piano=personas.piano).count() == 1


@pytest.mark.parametrize("who, status", [("resp_a", 403), ("nucleo", 403), ("outsider", 404)])
def test_list_actions_refuse_everyone_but_the_segretario(personas, obiettivo, bozza, client, who, status):
    from obiettivi.models import Obiettivo

    client.force_login(getattr(personas, who))
    for azione in ("duplica", "su", "giu", "togli"):
        assert client.post(_azione(obiettivo, azione)).status_code == status
    assert Obiettivo.objects.count() == 1


def test_list_actions_are_post_only_and_unknown_ones_a_404(personas, obiettivo, client):
    client.force_login(personas.segretario)
    assert client.get(_azione(obiettivo, "duplica")).status_code == 405
    assert client.post(_azione(obiettivo, "cancella")).status_code == 404


# Adding an objective --------------------------------------------------------------------------------

def _nuovo_url():
    return reverse("piani:obiettivo_nuovo", kwargs={"ente_slug": "lodrino", "anno_inizio": 2018})


def test_a_new_objective_in_a_draft_gets_a_generated_code_and_the_areas_responsabile(personas, bozza, client):
    from obiettivi.models import Obiettivo

    personas.area_a.codice = "AMM"
    personas.area_a.save()
    client.force_login(personas.segretario)
    response = client.post(_nuovo_url(), {"area": personas.area_a.pk, "titolo": "Sportello unico", "tipo": "strategico", "peso": "7,5"})
    nuovo = Obiettivo.objects.get(titolo="Sportello unico")
    assert response.status_code == 302 and response["Location"] == _url(nuovo)
    assert (nuovo.codice, nuovo.responsabile, nuovo.peso, nuovo.inserito_con) == ("AMM.1", personas.resp_a, Decimal("7.5"), None)


def test_a_new_objective_in_an_approved_plan_is_inserted_by_a_variazione(personas, client):
    from obiettivi.models import Obiettivo

    client.force_login(personas.segretario)
    data = {"area": personas.area_b.pk, "codice": "B.9", "titolo": "Piazza", "tipo": "strategico", "peso": "5"}
    response = client.post(_nuovo_url(), data)
    assert response.status_code == 400 and "indichi la deliberazione" in response.content.decode()
    assert not Obiettivo.objects.filter(codice="B.9").exists()
    response = client.post(_nuovo_url(), {**data, "numero_atto": "50", "data_atto": "01/09/2018", "motivazione": "Nuova opera"})
    assert response.status_code == 302
    assert Obiettivo.objects.get(codice="B.9").inserito_con == Variazione.objects.get()


@pytest.mark.parametrize("values, message", [
    ({"titolo": ""}, "Questo campo è obbligatorio."),
    ({"peso": "dodici"}, "Inserisca un numero, ad esempio 12,5 oppure 1.234,5."),
    ({"codice": "A.1"}, "Nel Piano c'è già un obiettivo con questo codice."),
    ({"area": "999999"}, "Scegli un&#x27;opzione valida."),
])
def test_a_wrong_new_objective_is_an_italian_message(personas, obiettivo, bozza, client, values, message):
    from obiettivi.models import Obiettivo

    client.force_login(personas.segretario)
    data = {"area": personas.area_a.pk, "titolo": "X", "tipo": "strategico", "peso": "5", **values}
    response = client.post(_nuovo_url(), data)
    body = response.content.decode()
    assert response.status_code == 400 and (message in body or message.replace("'", "&#x27;") in body)
    assert Obiettivo.objects.count() == 1


@pytest.mark.parametrize("who, status", [("resp_a", 403), ("nucleo", 403), ("outsider", 404)])
def test_adding_refuses_everyone_but_the_segretario(personas, bozza, client, who, status):
    from obiettivi.models import Obiettivo

    client.force_login(getattr(personas, who))
    data = {"area": personas.area_a.pk, "titolo": "X", "tipo": "strategico", "peso": "5"}
    assert client.post(_nuovo_url(), data).status_code == status
    assert not Obiettivo.objects.exists()
    client.logout()
    assert client.post(_nuovo_url(), data)["Location"].startswith(reverse("login"))
    assert client.get(_nuovo_url()).status_code == 405
