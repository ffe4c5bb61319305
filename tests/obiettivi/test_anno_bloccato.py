"""An approved Relazione freezes its year: periods, variations and overrides of that year are refused."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from obiettivi import services
from obiettivi.models import Periodo, Rettifica, Variazione
from relazioni.models import Relazione
from tests import builders

MESSAGE = "La Relazione sulla Performance 2018 è approvata"


@pytest.fixture
def frozen(personas):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo)
    periodo = builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    rettifica = Rettifica.objects.create(obiettivo=obiettivo, anno=2018, percentuale=Decimal(50), motivazione="x",
                                         autore=personas.segretario)
    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018, stato="approvata")
    return {"obiettivo": obiettivo, "indicatore": indicatore, "periodo": periodo, "rettifica": rettifica}


def test_periods_of_a_frozen_year_cannot_be_opened_closed_or_reopened(personas, frozen):
    s = personas.segretario
    for call in (
        lambda: services.periodo_close(user=s, periodo=frozen["periodo"]),
        lambda: services.periodo_reopen(user=s, periodo=frozen["periodo"], motivazione="x"),
        lambda: services.periodo_open(user=s, ente=personas.ente, anno=2018, tipo="luglio",
                                      data_apertura=date(2018, 7, 1), data_chiusura=date(2018, 7, 31)),
    ):
        with pytest.raises(services.DomainError, match=MESSAGE):
            call()
    assert Periodo.objects.get().aperto and Periodo.objects.count() == 1


def test_values_of_a_frozen_year_cannot_change_even_in_an_open_period(personas, frozen):
    with pytest.raises(services.DomainError, match="approvata"):
        services.misurazione_save(user=personas.resp_a, indicatore=frozen["indicatore"], anno=2018,
                                  periodo="consuntivo", values={"valore": Decimal(1)}, versione_letta=0)


def test_a_variation_dated_in_a_frozen_year_or_a_target_of_it_is_refused(personas, frozen):
    with pytest.raises(services.DomainError, match=MESSAGE):
        services.variazione_record(user=personas.segretario, piano=personas.piano, numero_atto="9",
                                   data_atto=date(2018, 11, 5), motivazione="x")
    variazione = services.variazione_record(user=personas.segretario, piano=personas.piano, numero_atto="9",
                                            data_atto=date(2019, 2, 5), motivazione="x")
    with pytest.raises(services.DomainError, match=MESSAGE):
        services.variazione_apply(user=personas.segretario, variazione=variazione,
                                  change=services.TargetVariato(frozen["indicatore"], 2018, valore=Decimal(3)))
    services.variazione_apply(user=personas.segretario, variazione=variazione,
                              change=services.TargetVariato(frozen["indicatore"], 2019, valore=Decimal(3)))
    assert Variazione.objects.count() == 1


def test_overrides_of_a_frozen_year_cannot_be_made_or_revoked(personas, frozen):
    with pytest.raises(services.DomainError, match=MESSAGE):
        services.rettifica_create(user=personas.segretario, anno=2018, obiettivo=frozen["obiettivo"],
                                  percentuale=Decimal(80), motivazione="x")
    with pytest.raises(services.DomainError, match=MESSAGE):
        services.rettifica_revoke(user=personas.segretario, rettifica=frozen["rettifica"], motivazione="x")
    assert Rettifica.objects.get().attiva


def test_the_page_shows_the_frozen_year_message(personas, frozen, login):
    response = login(personas.segretario).post(
        reverse("ciclo:periodo_azione", args=["lodrino", 2018, "consuntivo", "chiudi"]), {"consuntivo-motivazione": ""}
    )
    assert response.status_code == 400 and MESSAGE in response.content.decode()


@pytest.mark.parametrize("consuntivo", ["aperto", "chiuso", "mai aperto"])
def test_after_approval_the_responsabiles_form_says_the_year_is_closed_by_the_relazione(personas, frozen, login, consuntivo):
    if consuntivo == "chiuso":
        Periodo.objects.filter(pk=frozen["periodo"].pk).update(aperto=False, chiuso_il="2019-01-31T12:00:00Z")
    elif consuntivo == "mai aperto":
        Periodo.objects.filter(pk=frozen["periodo"].pk).delete()
    text = login(personas.resp_a).get(frozen["obiettivo"].get_absolute_url()).content.decode()
    inserimento = text[text.index('id="inserimento"'):]
    assert "La Relazione sulla Performance 2018 è approvata: l'anno è chiuso e i valori sono in sola lettura." in inserimento
    assert "non è ancora aperto" not in inserimento
