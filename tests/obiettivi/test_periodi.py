"""Entry periods: the Segretario opens, closes and reopens them (with a reason); values are written
only while a period is open, through every write path."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from obiettivi import services
from obiettivi.models import Misurazione, Monitoraggio, Periodo, VoceStorico
from tests import builders

LUGLIO = Periodo.Tipo.LUGLIO


@pytest.fixture
def indicatore(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    return builders.make_indicatore(obiettivo)


def _url(anno, tipo, azione):
    return reverse("ciclo:periodo_azione", args=["lodrino", anno, tipo, azione])


# Services ---------------------------------------------------------------------------------------

def test_the_segretario_opens_a_period_with_its_dates_and_the_storico_records_it(personas):
    periodo = services.periodo_open(
        user=personas.segretario, ente=personas.ente, anno=2018, tipo=LUGLIO,
        data_apertura=date(2018, 7, 1), data_chiusura=date(2018, 7, 31),
    )
    assert periodo.aperto and periodo.stato == "aperto"
    assert services.period_is_open(personas.ente.pk, 2018, LUGLIO)
    voce = VoceStorico.objects.get()
    assert voce.utente == personas.segretario and voce.azione == "Apertura del periodo"
    assert voce.valore_nuovo == "aperto (dal 01/07/2018 al 31/07/2018)"


def test_closing_a_period_records_when_and_makes_it_closed(personas):
    periodo = builders.open_period(personas.ente, tipo=LUGLIO)
    services.periodo_close(user=personas.segretario, periodo=periodo, motivazione="Termine scaduto")
    periodo.refresh_from_db()
    assert not periodo.aperto and periodo.chiuso_il is not None and periodo.stato == "chiuso"
    assert VoceStorico.objects.get().motivazione == "Termine scaduto"


def test_a_closed_period_cannot_be_opened_again_without_the_reopen_flow(personas):
    periodo = builders.open_period(personas.ente, tipo=LUGLIO)
    services.periodo_close(user=personas.segretario, periodo=periodo)
    with pytest.raises(services.DomainError, match="motivazione"):
        services.periodo_open(user=personas.segretario, ente=personas.ente, anno=2018, tipo=LUGLIO,
                              data_apertura=date(2018, 7, 1), data_chiusura=date(2018, 8, 31))


def test_reopening_needs_a_written_reason_which_the_storico_keeps(personas):
    periodo = builders.open_period(personas.ente, tipo=LUGLIO)
    services.periodo_close(user=personas.segretario, periodo=periodo)
    with pytest.raises(services.DomainError) as error:
        services.periodo_reopen(user=personas.segretario, periodo=periodo, motivazione="   ")
    assert "motivazione" in error.value.field_errors
    services.periodo_reopen(user=personas.segretario, periodo=periodo, motivazione="Errore nel valore AMM.1",
                            data_chiusura=date(2018, 8, 10))
    periodo.refresh_from_db()
    assert periodo.aperto and periodo.data_chiusura == date(2018, 8, 10)
    voce = VoceStorico.objects.first()  # newest first
    assert voce.azione == "Riapertura del periodo" and voce.motivazione == "Errore nel valore AMM.1"


def test_a_responsabile_or_the_nucleo_cannot_open_or_close_periods(personas):
    periodo = builders.open_period(personas.ente, tipo=LUGLIO)
    for user in (personas.resp_a, personas.nucleo, personas.outsider):
        with pytest.raises(services.DomainError):
            services.periodo_close(user=user, periodo=periodo)
    assert Periodo.objects.get().aperto


def test_the_closing_date_cannot_precede_the_opening(personas):
    with pytest.raises(services.DomainError) as error:
        services.periodo_open(user=personas.segretario, ente=personas.ente, anno=2018, tipo=LUGLIO,
                              data_apertura=date(2018, 7, 31), data_chiusura=date(2018, 7, 1))
    assert "data_chiusura" in error.value.field_errors
    assert not Periodo.objects.exists()


def test_values_and_states_are_refused_in_a_closed_period_and_accepted_in_an_open_one(personas, indicatore):
    obiettivo = indicatore.obiettivo
    periodo = builders.open_period(personas.ente, tipo=LUGLIO)
    services.misurazione_save(user=personas.resp_a, indicatore=indicatore, anno=2018, periodo=LUGLIO,
                              values={"valore": Decimal(4)}, versione_letta=0)
    services.periodo_close(user=personas.segretario, periodo=periodo)
    with pytest.raises(services.DomainError, match="chiuso"):
        services.misurazione_save(user=personas.resp_a, indicatore=indicatore, anno=2018, periodo=LUGLIO,
                                  values={"valore": Decimal(9)}, versione_letta=1)
    with pytest.raises(services.DomainError, match="chiuso"):
        services.monitoraggio_save(user=personas.resp_a, obiettivo=obiettivo, anno=2018, periodo=LUGLIO,
                                   values={"stato": "critico"}, versione_letta=0)
    # Closed for the Segretario too: the snapshot stays as it was.
    with pytest.raises(services.DomainError, match="chiuso"):
        services.misurazione_save(user=personas.segretario, indicatore=indicatore, anno=2018, periodo=LUGLIO,
                                  values={"valore": Decimal(9)}, versione_letta=1)
    assert Misurazione.objects.get().valore == Decimal(4)
    assert not Monitoraggio.objects.exists()


# Views ------------------------------------------------------------------------------------------

def test_the_periods_page_lists_both_periods_of_the_year_with_their_actions(personas, login):
    builders.open_period(personas.ente, tipo=LUGLIO)
    response = login(personas.segretario).get(reverse("ciclo:periodi", args=["lodrino"]) + "?anno=2018")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Monitoraggio di luglio 2018" in html and "Consuntivo di fine anno 2018" in html
    assert "Chiudi il periodo" in html and "Apri il periodo" in html


def test_the_segretario_closes_and_reopens_a_period_through_the_page(personas, login):
    builders.open_period(personas.ente, tipo=LUGLIO)
    client = login(personas.segretario)
    response = client.post(_url(2018, LUGLIO, "chiudi"), {"luglio-motivazione": ""})
    assert response.status_code == 302
    assert not Periodo.objects.get().aperto
    response = client.post(_url(2018, LUGLIO, "riapri"), {"luglio-motivazione": "", "luglio-data_chiusura": ""})
    assert response.status_code == 400
    assert "Per riaprire un periodo chiuso scriva la motivazione." in response.content.decode()
    assert not Periodo.objects.get().aperto
    response = client.post(_url(2018, LUGLIO, "riapri"), {"luglio-motivazione": "Correzione", "luglio-data_chiusura": "15/08/2018"})
    assert response.status_code == 302
    periodo = Periodo.objects.get()
    assert periodo.aperto and periodo.data_chiusura == date(2018, 8, 15)


def test_opening_through_the_page_takes_italian_dates_and_reports_a_wrong_one_next_to_the_field(personas, login):
    client = login(personas.segretario)
    response = client.post(_url(2018, LUGLIO, "apri"), {"luglio-data_apertura": "01/07/2018", "luglio-data_chiusura": "31-07"})
    assert response.status_code == 400
    assert "Scriva la data come gg/mm/aaaa" in response.content.decode()
    assert 'value="01/07/2018"' in response.content.decode()  # nothing typed is lost
    assert not Periodo.objects.exists()
    response = client.post(_url(2018, LUGLIO, "apri"), {"luglio-data_apertura": "01/07/2018", "luglio-data_chiusura": "31/07/2018"})
    assert response.status_code == 302
    assert Periodo.objects.get().data_chiusura == date(2018, 7, 31)


@pytest.mark.parametrize("who", ["resp_a", "nucleo", "outsider"])
def test_only_the_segretario_may_see_the_periods_page_or_change_a_period(personas, login, who):
    builders.open_period(personas.ente, tipo=LUGLIO)
    client = login(getattr(personas, who))
    expected = 404 if who == "outsider" else 403  # no role in the ente: its pages do not exist for them
    assert client.get(reverse("ciclo:periodi", args=["lodrino"])).status_code == expected
    assert client.post(_url(2018, LUGLIO, "chiudi"), {}).status_code == expected
    assert Periodo.objects.get().aperto


def test_period_actions_are_post_only_and_the_page_get_only(personas, login):
    client = login(personas.segretario)
    assert client.get(_url(2018, LUGLIO, "chiudi")).status_code == 405
    assert client.post(reverse("ciclo:periodi", args=["lodrino"])).status_code == 405


def test_an_anonymous_visitor_is_sent_to_the_login(client):
    response = client.post(_url(2018, LUGLIO, "chiudi"))
    assert response.status_code == 302 and "/accesso/" in response["Location"]


def test_the_objective_page_says_the_period_is_closed(personas, login, indicatore):
    builders.open_period(personas.ente, tipo=LUGLIO, aperto=False, chiuso_il=timezone.now())
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO, aperto=True)
    html = login(personas.resp_a).get(indicatore.obiettivo.get_absolute_url()).content.decode()
    assert "Il periodo «Monitoraggio di luglio 2018» è chiuso: i valori sono in sola lettura." in html
    assert "Consuntivo di fine anno 2018»" not in html


def test_the_objective_page_says_a_period_never_opened_is_not_open_yet(personas, login, indicatore):
    html = login(personas.resp_a).get(indicatore.obiettivo.get_absolute_url()).content.decode()
    assert "Il periodo «Consuntivo di fine anno 2018» non è ancora aperto: i valori sono in sola lettura." in html


# Admin ------------------------------------------------------------------------------------------

def test_the_admin_never_writes_values_states_periods_or_overrides_not_even_for_a_superuser(personas, client, indicatore):
    """The admin only shows them: each has one service that checks the period, the frozen year and the
    permission, and writes the Storico."""
    admin = builders.make_user("root")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    builders.open_period(personas.ente, tipo=LUGLIO, aperto=False)
    misura = builders.make_misurazione(indicatore, periodo=LUGLIO, valore=Decimal(3))
    change = reverse("admin:obiettivi_misurazione_change", args=[misura.pk])
    assert client.get(change).status_code == 200  # readable
    response = client.post(change, {"indicatore": indicatore.pk, "anno": 2018, "periodo": "luglio", "valore": "99"})
    assert response.status_code == 403
    misura.refresh_from_db()
    assert misura.valore == Decimal(3)
    add = reverse("admin:obiettivi_misurazione_add")
    assert client.post(add, {"indicatore": indicatore.pk, "anno": 2018, "periodo": "consuntivo", "valore": "1"}).status_code == 403
    assert client.post(reverse("admin:obiettivi_monitoraggio_add"), {"obiettivo": indicatore.obiettivo.pk, "anno": 2018, "periodo": "luglio", "stato": "critico"}).status_code == 403
    periodo = Periodo.objects.get(tipo=LUGLIO)
    response = client.post(reverse("admin:obiettivi_periodo_change", args=[periodo.pk]),
                           {"ente": personas.ente.pk, "anno": 2018, "tipo": "luglio", "aperto": "on"})
    assert response.status_code == 403
    assert not Periodo.objects.get(tipo=LUGLIO).aperto
    assert client.post(reverse("admin:obiettivi_rettifica_add"), {}).status_code == 403
    assert client.post(reverse("admin:obiettivi_misurazione_delete", args=[misura.pk]), {"post": "yes"}).status_code == 403
    assert Misurazione.objects.count() == 1
