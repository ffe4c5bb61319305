"""The plan editor's own pages: a new Piano and its data, an objective's data, its phases, its
indicators. Same rules as everywhere: only the Segretario; a year frozen by an approved Relazione
does not change; after the Piano's approval a change of weight is a Variazione with its deliberation."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi.models import Fase, Indicatore, Obiettivo, Piano, Target, Variazione, VoceStorico
from relazioni.models import Relazione
from tests import builders


@pytest.fixture
def obiettivo(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", peso=Decimal(10), titolo="Protocollo")
    builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))
    Fase.objects.create(obiettivo=obiettivo, descrizione="Avvio", data_inizio=date(2018, 1, 1), data_fine=date(2018, 3, 31))
    Fase.objects.create(obiettivo=obiettivo, descrizione="Messa a regime", data_inizio=date(2019, 1, 1), data_fine=date(2019, 6, 30))
    return obiettivo


@pytest.fixture
def bozza(personas):
    Piano.objects.filter(pk=personas.piano.pk).update(stato=Piano.Stato.BOZZA)
    personas.piano.refresh_from_db()


def _u(name, **kwargs):
    return reverse(f"piani:{name}", kwargs={"ente_slug": "lodrino", **kwargs})


def _freeze(personas, anno=2018):
    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=anno, stato="approvata")


def _body(response):
    return response.content.decode().replace("&#x27;", "'").replace("&quot;", '"')


# A new Piano and its data -------------------------------------------------------------------------

def test_a_new_empty_piano_is_created_on_the_site_in_draft(personas, client):
    client.force_login(personas.segretario)
    data = {"nuovo-anno_inizio": "2021", "nuovo-anno_fine": "2023", "nuovo-titolo": "Piano 2021", "nuovo-organo_approvazione": "giunta"}
    response = client.post(_u("piano_nuovo"), data)
    assert response.status_code == 302 and response["Location"] == _u("obiettivi", anno_inizio=2021)
    piano = Piano.objects.get(ente=personas.ente, anno_inizio=2021)
    assert (piano.anno_fine, piano.titolo, piano.stato) == (2023, "Piano 2021", Piano.Stato.BOZZA)
    assert VoceStorico.objects.filter(azione="Piano creato").exists()


@pytest.mark.parametrize("values, message", [
    ({"nuovo-anno_inizio": "2019"}, "Un altro Piano dell'ente copre già alcuni di questi anni."),
    ({"nuovo-anno_fine": "2030"}, "L'ultimo anno va dal primo anno a quattro anni dopo."),
    ({"nuovo-anno_inizio": "duemila"}, "Inserisci un numero intero."),
    ({"nuovo-titolo": ""}, "Questo campo è obbligatorio."),
])
def test_a_wrong_new_piano_is_an_italian_message_and_nothing_is_created(personas, client, values, message):
    client.force_login(personas.segretario)
    data = {"nuovo-anno_inizio": "2021", "nuovo-anno_fine": "2023", "nuovo-titolo": "Piano", "nuovo-organo_approvazione": "giunta", **values}
    response = client.post(_u("piano_nuovo"), data)
    assert response.status_code == 400 and message in _body(response)
    assert Piano.objects.count() == 1


def test_the_piano_data_and_its_approval(personas, bozza, client):
    client.force_login(personas.segretario)
    url = _u("piano_dati", anno_inizio=2018)
    assert "Il Piano è approvato con questa deliberazione" in _body(client.get(url))
    data = {"titolo": "PEG 2018", "organo_approvazione": "giunta", "numero_atto": "", "data_atto": "", "approva": "on"}
    response = client.post(url, data)
    assert response.status_code == 400 and "Un Piano approvato ha il numero della deliberazione." in _body(response)
    personas.piano.refresh_from_db()
    assert personas.piano.stato == Piano.Stato.BOZZA and personas.piano.titolo == "Piano della Performance"
    response = client.post(url, {**data, "numero_atto": "12", "data_atto": "15/02/2018"})
    assert response.status_code == 302
    personas.piano.refresh_from_db()
    assert (personas.piano.titolo, personas.piano.numero_atto, personas.piano.data_atto, personas.piano.stato) == (
        "PEG 2018", "12", date(2018, 2, 15), Piano.Stato.APPROVATO)
    assert "Il Piano è approvato con questa deliberazione" not in _body(client.get(url))


def test_the_piano_data_do_not_change_once_every_year_is_frozen(personas, client):
    for anno in (2018, 2019, 2020):
        _freeze(personas, anno)
    client.force_login(personas.segretario)
    response = client.post(_u("piano_dati", anno_inizio=2018), {"titolo": "Altro", "organo_approvazione": "giunta",
                                                                 "numero_atto": "07", "data_atto": "30/01/2018"})
    assert response.status_code == 400 and "Tutti gli anni del Piano sono chiusi" in _body(response)
    personas.piano.refresh_from_db()
    assert personas.piano.titolo == "Piano della Performance"


# An objective's data ---------------------------------------------------------------------------------

def _dati(obiettivo, personas, **values):
    data = {"titolo": obiettivo.titolo, "descrizione": "", "risultato_atteso": "", "tipo": obiettivo.tipo,
            "area": obiettivo.area_id, "responsabile": obiettivo.responsabile_id, "data_inizio": "", "scadenza": "",
            "obiettivo_strategico": "", "programma": ""}
    data.update(values)
    return data


def test_an_objectives_data_change_in_place_with_the_storico_also_after_approval(personas, obiettivo, client):
    client.force_login(personas.segretario)
    url = _u("obiettivo_dati", anno_inizio=2018, pk=obiettivo.pk)
    assert 'value="Protocollo"' in _body(client.get(url))
    response = client.post(url, _dati(obiettivo, personas, titolo="Protocollo digitale", descrizione="Tutto in digitale",
                                      risultato_atteso="Zero carta", area=personas.area_b.pk, responsabile=personas.resp_b.pk,
                                      data_inizio="01/02/2018", scadenza="31/12/2018"))
    assert response.status_code == 302
    obiettivo.refresh_from_db()
    assert (obiettivo.titolo, obiettivo.descrizione, obiettivo.risultato_atteso, obiettivo.area, obiettivo.responsabile,
            obiettivo.data_inizio, obiettivo.scadenza) == ("Protocollo digitale", "Tutto in digitale", "Zero carta",
                                                           personas.area_b, personas.resp_b, date(2018, 2, 1), date(2018, 12, 31))
    voce = VoceStorico.objects.get(azione="Obiettivo modificato", campo="A.1: titolo")
    assert (voce.valore_precedente, voce.valore_nuovo) == ("Protocollo", "Protocollo digitale")
    assert not Variazione.objects.exists()


@pytest.mark.parametrize("values, message", [
    ({"titolo": ""}, "Questo campo è obbligatorio."),
    ({"scadenza": "31/12/2017", "data_inizio": "01/01/2018"}, "La scadenza viene prima dell'inizio."),
    ({"data_inizio": "31 gennaio"}, "Scriva la data come gg/mm/aaaa, es. 31/07/2019."),
    ({"responsabile": "999999"}, "Scelga una persona dell'ente."),
    ({"area": "999999"}, "Scelga un'area dell'ente."),
])
def test_wrong_objective_data_are_an_italian_message_and_nothing_changes(personas, obiettivo, client, values, message):
    client.force_login(personas.segretario)
    response = client.post(_u("obiettivo_dati", anno_inizio=2018, pk=obiettivo.pk), _dati(obiettivo, personas, **{"titolo": "Nuovo", **values}))
    assert response.status_code == 400 and message in _body(response)
    obiettivo.refresh_from_db()
    assert obiettivo.titolo == "Protocollo"


def test_another_entes_area_or_person_is_not_a_choice(personas, obiettivo, client):
    other = builders.make_ente(slug="altrove")
    stranger = builders.make_user("straniero")
    builders.give_role(stranger, other, "responsabile")
    area = builders.make_area(other, nome="Area altrui", responsabile=stranger)
    client.force_login(personas.segretario)
    url = _u("obiettivo_dati", anno_inizio=2018, pk=obiettivo.pk)
    assert client.post(url, _dati(obiettivo, personas, area=area.pk)).status_code == 400
    assert client.post(url, _dati(obiettivo, personas, responsabile=stranger.pk)).status_code == 400
    obiettivo.refresh_from_db()
    assert obiettivo.area == personas.area_a and obiettivo.responsabile == personas.resp_a


def test_an_objectives_data_do_not_change_once_every_year_is_frozen(personas, obiettivo, client):
    for anno in (2018, 2019, 2020):
        _freeze(personas, anno)
    client.force_login(personas.segretario)
    response = client.post(_u("obiettivo_dati", anno_inizio=2018, pk=obiettivo.pk), _dati(obiettivo, personas, titolo="Altro"))
    assert response.status_code == 400 and "l'obiettivo non cambia più" in _body(response)
    obiettivo.refresh_from_db()
    assert obiettivo.titolo == "Protocollo" and not VoceStorico.objects.exists()


# Phases --------------------------------------------------------------------------------------------

def _fasi(obiettivo, rows):
    data = {"fasi-TOTAL_FORMS": str(len(rows)), "fasi-INITIAL_FORMS": "0", "fasi-MIN_NUM_FORMS": "0", "fasi-MAX_NUM_FORMS": "1000"}
    for index, row in enumerate(rows):
        for key, value in row.items():
            data[f"fasi-{index}-{key}"] = value
    return data


def _esistenti(obiettivo):
    avvio, regime = obiettivo.fasi.order_by("data_inizio")
    return [{"id": avvio.pk, "descrizione": "Avvio", "data_inizio": "01/01/2018", "data_fine": "31/03/2018"},
            {"id": regime.pk, "descrizione": "Messa a regime", "data_inizio": "01/01/2019", "data_fine": "30/06/2019"}]


def test_phases_are_changed_added_and_removed(personas, obiettivo, client):
    client.force_login(personas.segretario)
    url = _u("obiettivo_fasi", anno_inizio=2018, pk=obiettivo.pk)
    page = _body(client.get(url))
    assert 'value="Messa a regime"' in page and "Nuova fase" in page
    avvio, regime = _esistenti(obiettivo)
    rows = [{**avvio, "togli": "on"}, {**regime, "data_fine": "31/07/2019"},
            {"descrizione": "Collaudo", "data_inizio": "01/09/2019", "data_fine": "30/09/2019"}, {}]
    response = client.post(url, _fasi(obiettivo, rows))
    assert response.status_code == 302
    assert list(obiettivo.fasi.order_by("data_inizio").values_list("descrizione", "data_fine")) == [
        ("Messa a regime", date(2019, 7, 31)), ("Collaudo", date(2019, 9, 30))]
    assert {v.azione for v in VoceStorico.objects.filter(obiettivo=obiettivo)} == {"Fase tolta", "Fase modificata", "Fase aggiunta"}
    # The same page posted again changes nothing.
    assert client.post(url, _fasi(obiettivo, [])).status_code == 302
    assert obiettivo.fasi.count() == 2


@pytest.mark.parametrize("row, message", [
    ({"descrizione": "Collaudo", "data_inizio": "01/09/2019", "data_fine": ""}, "Questo campo è obbligatorio."),
    ({"descrizione": "Collaudo", "data_inizio": "01/09/2019", "data_fine": "01/08/2019"}, "La fine viene prima dell'inizio."),
    ({"descrizione": "Collaudo", "data_inizio": "settembre", "data_fine": "30/09/2019"}, "Scriva la data come gg/mm/aaaa"),
    ({"id": "999999", "descrizione": "Altrui", "data_inizio": "01/09/2019", "data_fine": "30/09/2019"}, "Una delle fasi non è più di questo obiettivo"),
])
def test_a_wrong_phase_is_an_italian_message_and_nothing_changes(personas, obiettivo, client, row, message):
    client.force_login(personas.segretario)
    avvio, regime = _esistenti(obiettivo)
    response = client.post(_u("obiettivo_fasi", anno_inizio=2018, pk=obiettivo.pk), _fasi(obiettivo, [{**avvio, "togli": "on"}, regime, row]))
    assert response.status_code == 400 and message in _body(response)
    assert obiettivo.fasi.count() == 2 and not VoceStorico.objects.exists()


def test_a_phase_of_a_frozen_year_does_not_change(personas, obiettivo, client):
    _freeze(personas, 2018)
    client.force_login(personas.segretario)
    avvio, regime = _esistenti(obiettivo)
    url = _u("obiettivo_fasi", anno_inizio=2018, pk=obiettivo.pk)
    for rows in ([{**avvio, "togli": "on"}, regime], [{**avvio, "data_fine": "30/04/2018"}, regime],
                 [avvio, {**regime, "data_inizio": "01/12/2018"}],
                 [avvio, regime, {"descrizione": "Nuova", "data_inizio": "01/06/2018", "data_fine": "30/06/2018"}]):
        response = client.post(url, _fasi(obiettivo, rows))
        assert response.status_code == 400 and "La Relazione 2018 è approvata" in _body(response)
    assert obiettivo.fasi.count() == 2 and not VoceStorico.objects.exists()
    # A phase of an open year still changes.
    assert client.post(url, _fasi(obiettivo, [avvio, {**regime, "data_fine": "31/07/2019"}])).status_code == 302


# Indicators ----------------------------------------------------------------------------------------

def _ind(**values):
    data = {"nome": "Tempi medi", "tipo": "efficienza", "formula": "numero", "unita": "giorni", "direzione": "decrescente",
            "fonte_dati": "Protocollo", "baseline": "30", "usa_baseline": "", "peso": "40"}
    data.update(values)
    return data


def test_an_indicator_is_added_to_a_draft_and_its_targets_go_in_the_grid(personas, obiettivo, bozza, client):
    client.force_login(personas.segretario)
    response = client.post(_u("indicatore_nuovo", anno_inizio=2018, pk=obiettivo.pk), _ind(baseline="30,5"))
    assert response.status_code == 302 and response["Location"] == _u("obiettivo", anno_inizio=2018, pk=obiettivo.pk)
    nuovo = Indicatore.objects.get(nome="Tempi medi")
    assert (nuovo.obiettivo, nuovo.unita, nuovo.direzione, nuovo.baseline, nuovo.peso, nuovo.ordine) == (
        obiettivo, "giorni", "decrescente", Decimal("30.5"), Decimal(40), 1)
    assert f'name="t_{nuovo.pk}_2020"' in _body(client.get(_u("obiettivo", anno_inizio=2018, pk=obiettivo.pk)))


@pytest.mark.parametrize("values, message", [
    ({"nome": ""}, "Questo campo è obbligatorio."),
    ({"nome": "pratiche evase"}, "L'obiettivo ha già un indicatore con questo nome."),
    ({"peso": "centoventi"}, "Inserisca un numero, ad esempio 12,5 oppure 1.234,5."),
    ({"peso": "120"}, "Il valore massimo è 100."),
    ({"formula": "magia"}, "Scegli un'opzione valida."),
    ({"usa_baseline": "on", "baseline": ""}, "Per misurare il progresso dalla baseline indichi la baseline."),
])
def test_a_wrong_new_indicator_is_an_italian_message(personas, obiettivo, bozza, client, values, message):
    client.force_login(personas.segretario)
    response = client.post(_u("indicatore_nuovo", anno_inizio=2018, pk=obiettivo.pk), _ind(**values))
    assert response.status_code == 400 and message in _body(response)
    assert Indicatore.objects.count() == 1


def test_an_approved_plan_gets_no_new_indicator_from_this_page(personas, obiettivo, client):
    client.force_login(personas.segretario)
    response = client.post(_u("indicatore_nuovo", anno_inizio=2018, pk=obiettivo.pk), _ind())
    assert response.status_code == 400 and "un indicatore nuovo si inserisce con una variazione" in _body(response)
    assert Indicatore.objects.count() == 1


def test_an_indicator_is_edited_in_a_draft(personas, obiettivo, bozza, client):
    indicatore = obiettivo.indicatori.get()
    client.force_login(personas.segretario)
    url = _u("indicatore", anno_inizio=2018, pk=indicatore.pk)
    assert 'value="Pratiche evase"' in _body(client.get(url))
    response = client.post(url, _ind(nome="Pratiche chiuse", peso="60"))
    assert response.status_code == 302
    indicatore.refresh_from_db()
    assert (indicatore.nome, indicatore.formula, indicatore.direzione, indicatore.peso) == ("Pratiche chiuse", "numero", "decrescente", 60)
    assert not Variazione.objects.exists()
    assert VoceStorico.objects.filter(azione="Indicatore modificato", indicatore=indicatore).count() >= 5


def test_after_approval_an_indicator_weight_is_a_variazione_with_its_deliberation(personas, obiettivo, client):
    indicatore = obiettivo.indicatori.get()
    client.force_login(personas.segretario)
    url = _u("indicatore", anno_inizio=2018, pk=indicatore.pk)
    same = {"nome": "Pratiche evase", "tipo": "efficacia", "formula": "numero", "unita": "", "direzione": "crescente",
            "fonte_dati": "", "baseline": "", "peso": "100"}
    response = client.post(url, {**same, "peso": "70"})
    assert response.status_code == 400 and "un cambio di peso è una variazione; indichi la deliberazione" in _body(response)
    indicatore.refresh_from_db()
    assert indicatore.peso == 100 and not Variazione.objects.exists()
    response = client.post(url, {**same, "peso": "70", "numero_atto": "45", "data_atto": "10/06/2019", "motivazione": "Assestamento"})
    assert response.status_code == 302
    indicatore.refresh_from_db()
    variazione = Variazione.objects.get()
    assert indicatore.peso == 70 and variazione.numero_atto == "45"
    voce = VoceStorico.objects.get(azione="Peso dell'indicatore variato")
    assert (voce.valore_precedente, voce.valore_nuovo, voce.indicatore) == ("100", "70", indicatore)
    assert str(variazione) in voce.motivazione
    # Other data of an approved Piano's indicator change in place, without a deliberation.
    assert client.post(url, {**same, "peso": "70", "unita": "pratiche"}).status_code == 302
    assert Variazione.objects.count() == 1


def test_how_an_indicator_is_computed_does_not_change_once_a_year_is_frozen(personas, obiettivo, bozza, client):
    _freeze(personas, 2018)
    indicatore = obiettivo.indicatori.get()
    client.force_login(personas.segretario)
    url = _u("indicatore", anno_inizio=2018, pk=indicatore.pk)
    same = {"nome": "Pratiche evase", "tipo": "efficacia", "formula": "numero", "unita": "", "direzione": "crescente",
            "fonte_dati": "", "baseline": "", "peso": "100"}
    response = client.post(url, {**same, "direzione": "decrescente"})
    assert response.status_code == 400 and "come si calcola l'indicatore non cambia più" in _body(response)
    indicatore.refresh_from_db()
    assert indicatore.direzione == "crescente"
    assert client.post(url, {**same, "unita": "pratiche"}).status_code == 302  # a label still changes


def test_an_indicator_is_taken_out_of_a_draft_but_not_one_with_values(personas, obiettivo, bozza, client):
    indicatore = obiettivo.indicatori.get()
    altro = builders.make_indicatore(obiettivo, nome="Misurato", target=Decimal(3))
    builders.make_misurazione(altro, valore=Decimal(2))
    client.force_login(personas.segretario)
    response = client.post(_u("indicatore_togli", anno_inizio=2018, pk=altro.pk), follow=True)
    assert "ha già dei valori rilevati" in _body(response)
    assert client.post(_u("indicatore_togli", anno_inizio=2018, pk=indicatore.pk)).status_code == 302
    assert list(obiettivo.indicatori.values_list("nome", flat=True)) == ["Misurato"]
    assert not Target.objects.filter(indicatore_id=indicatore.pk).exists()
    assert VoceStorico.objects.filter(azione="Indicatore tolto dalla bozza").exists()
    assert client.get(_u("indicatore_togli", anno_inizio=2018, pk=altro.pk)).status_code == 405


def test_an_indicator_of_an_approved_or_frozen_plan_is_not_taken_out(personas, obiettivo, client):
    indicatore = obiettivo.indicatori.get()
    client.force_login(personas.segretario)
    response = client.post(_u("indicatore_togli", anno_inizio=2018, pk=indicatore.pk), follow=True)
    assert "un indicatore non si toglie più" in _body(response)
    Piano.objects.filter(pk=personas.piano.pk).update(stato=Piano.Stato.BOZZA)
    _freeze(personas, 2018)
    response = client.post(_u("indicatore_togli", anno_inizio=2018, pk=indicatore.pk), follow=True)
    assert "chiuso da una Relazione approvata" in _body(response)
    assert Indicatore.objects.filter(pk=indicatore.pk).exists()


# Who may: the Segretario of the ente only ---------------------------------------------------------------

def _pages(obiettivo):
    indicatore = obiettivo.indicatori.get()
    return [
        ("piano_dati", {"anno_inizio": 2018}, {"titolo": "X", "organo_approvazione": "giunta", "numero_atto": "1", "data_atto": "01/02/2018"}),
        ("obiettivo_dati", {"anno_inizio": 2018, "pk": obiettivo.pk}, None),
        ("obiettivo_fasi", {"anno_inizio": 2018, "pk": obiettivo.pk}, _fasi(obiettivo, [{"descrizione": "X", "data_inizio": "01/05/2019", "data_fine": "02/05/2019"}])),
        ("indicatore_nuovo", {"anno_inizio": 2018, "pk": obiettivo.pk}, _ind()),
        ("indicatore", {"anno_inizio": 2018, "pk": indicatore.pk}, _ind(nome="Y")),
        ("indicatore_togli", {"anno_inizio": 2018, "pk": indicatore.pk}, {}),
    ]


def _unchanged(obiettivo):
    obiettivo.refresh_from_db()
    indicatore = obiettivo.indicatori.get()
    return (obiettivo.titolo == "Protocollo" and obiettivo.fasi.count() == 2 and indicatore.nome == "Pratiche evase"
            and Indicatore.objects.count() == 1 and not VoceStorico.objects.exists())


@pytest.mark.parametrize("who, status", [("resp_a", 403), ("resp_b", 403), ("nucleo", 403), ("outsider", 404)])
def test_every_editor_page_refuses_everyone_but_the_managers(personas, obiettivo, bozza, client, who, status):
    client.force_login(getattr(personas, who))
    for name, kwargs, data in _pages(obiettivo):
        if name != "indicatore_togli":
            assert client.get(_u(name, **kwargs)).status_code == status, name
        assert client.post(_u(name, **kwargs), data or _dati(obiettivo, personas, titolo="Z")).status_code == status, name
    assert client.post(_u("piano_nuovo"), {"nuovo-anno_inizio": "2021", "nuovo-anno_fine": "2021", "nuovo-titolo": "X",
                                           "nuovo-organo_approvazione": "giunta"}).status_code == status
    assert _unchanged(obiettivo) and Piano.objects.count() == 1


def test_anonymous_and_another_entes_segretario_are_refused(personas, obiettivo, bozza, client):
    for name, kwargs, data in _pages(obiettivo):
        assert client.post(_u(name, **kwargs), data or {})["Location"].startswith(reverse("login")), name
    other = builders.make_ente(slug="altrove")
    segretario = builders.make_user("seg_altrove")
    builders.give_role(segretario, other, "segretario")
    builders.make_piano(other)
    client.force_login(segretario)
    for name, kwargs, data in _pages(obiettivo):
        assert client.post(_u(name, **kwargs), data or _dati(obiettivo, personas, titolo="Z")).status_code == 404, name
        # Through its own ente's address, another ente's objective or indicator is not found either.
        url = reverse(f"piani:{name}", kwargs={"ente_slug": "altrove", **kwargs})
        if "pk" in kwargs:
            assert client.post(url, data or _dati(obiettivo, personas, titolo="Z")).status_code == 404, name
    assert _unchanged(obiettivo)


def test_the_amministratore_runs_the_cycle_as_the_segretario(personas, obiettivo, bozza, client):
    client.force_login(personas.amministratore)
    url = _u("obiettivo_dati", anno_inizio=2018, pk=obiettivo.pk)
    assert client.get(url).status_code == 200
    assert client.post(url, _dati(obiettivo, personas, titolo="Z")).status_code == 302


# Queries do not grow with the plan ---------------------------------------------------------------------

def test_the_new_pages_cost_the_same_queries_whatever_the_plan_size(personas, obiettivo, client):
    client.force_login(personas.segretario)
    indicatore = obiettivo.indicatori.get()
    urls = [_u("piano_dati", anno_inizio=2018), _u("obiettivo_dati", anno_inizio=2018, pk=obiettivo.pk),
            _u("obiettivo_fasi", anno_inizio=2018, pk=obiettivo.pk), _u("indicatore_nuovo", anno_inizio=2018, pk=obiettivo.pk),
            _u("indicatore", anno_inizio=2018, pk=indicatore.pk), _u("piano"), _u("obiettivo", anno_inizio=2018, pk=obiettivo.pk)]

    def counts():
        result = []
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200, url
            result.append(len(queries))
        return result

    small = counts()
    for n in range(12):
        other = builders.make_obiettivo(personas.piano, personas.area_b)
        builders.make_indicatore(other)
        builders.make_indicatore(obiettivo, nome=f"Indicatore {n}", target=Decimal(n))
        Fase.objects.create(obiettivo=obiettivo, descrizione=f"Fase {n}", data_inizio=date(2019, 1, 1), data_fine=date(2019, 2, 1))
    assert counts() == small
