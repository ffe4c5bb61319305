"""The July monitoring report for the Giunta and the Consiglio: a page and a PDF from one template body."""

from decimal import Decimal

import pytest
from django.urls import reverse

from obiettivi import services
from obiettivi.models import Misurazione
from tests import builders


@pytest.fixture
def piano(personas):
    a = builders.make_obiettivo(personas.piano, personas.area_a, codice="AMM.1", titolo="Protocollo digitale")
    indicatore = builders.make_indicatore(a, nome="Documenti protocollati", target=Decimal(1000), unita="doc.")
    builders.make_misurazione(indicatore, periodo=Misurazione.Periodo.LUGLIO, valore=Decimal(480))
    builders.make_misurazione(indicatore, periodo=Misurazione.Periodo.CONSUNTIVO, valore=Decimal(1020))
    builders.make_monitoraggio(a, stato="in_ritardo", commento="Scanner in ritardo di consegna",
                               azioni_correttive="Noleggio temporaneo")
    return a


def test_the_report_page_shows_status_july_and_year_end_values_side_by_side_and_the_narrative(personas, piano, login):
    response = login(personas.segretario).get(reverse("ciclo:monitoraggio", args=["lodrino", 2018]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stato di attuazione al 31 luglio 2018" in html
    assert "AMM.1 – Protocollo digitale" in html and "In ritardo" in html
    assert "480 doc." in html and "1.020 doc." in html and "1.000 doc." in html
    assert "Scanner in ritardo di consegna" in html and "Noleggio temporaneo" in html
    assert "48 %" in html  # July grado


def test_the_report_shows_a_varied_target_with_the_deliberation(personas, piano, login):
    from datetime import date

    services.variazione_record(user=personas.segretario, piano=personas.piano, numero_atto="33",
                               data_atto=date(2018, 6, 10), motivazione="m",
                               changes=[services.TargetVariato(piano.indicatori.get(), 2018, valore=Decimal(800))])
    html = login(personas.nucleo).get(reverse("ciclo:monitoraggio", args=["lodrino", 2018])).content.decode()
    assert "800 doc." in html and "originale 1.000 doc., variato con la Delibera n. 33 del 10/06/2018" in html


def test_the_pdf_is_a_pdf_with_the_same_content(personas, piano, login):
    response = login(personas.segretario).get(reverse("ciclo:monitoraggio_pdf", args=["lodrino", 2018]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert 'filename="monitoraggio-luglio-2018-lodrino.pdf"' in response["Content-Disposition"]


@pytest.mark.parametrize("who", ["resp_a", "outsider"])
def test_the_report_is_refused_to_others(personas, piano, login, who):
    client = login(getattr(personas, who))
    expected = 404 if who == "outsider" else 403  # no role in the ente: its pages do not exist for them
    assert client.get(reverse("ciclo:monitoraggio", args=["lodrino", 2018])).status_code == expected
    assert client.get(reverse("ciclo:monitoraggio_pdf", args=["lodrino", 2018])).status_code == expected


def test_the_report_is_get_only(personas, login):
    assert login(personas.segretario).post(reverse("ciclo:monitoraggio", args=["lodrino", 2018])).status_code == 405
