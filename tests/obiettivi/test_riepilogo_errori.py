"""After a failed save the objective page opens with a summary of what to correct, each item a link
to its field (the browser test checks that the summary takes the focus)."""

import re
from decimal import Decimal

import pytest

from tests import builders
from tests.obiettivi.test_scheda import CONSUNTIVO, LUGLIO, field, form_data, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def obiettivo_a(personas):
    from obiettivi.models import Periodo

    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale")
    builders.make_indicatore(obiettivo, nome="Pratiche evase", target=Decimal(10))
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    return obiettivo


def test_a_failed_save_lists_every_error_with_a_link_to_its_field(personas, obiettivo_a, login):
    response = login(personas.resp_a).post(url(obiettivo_a), form_data(obiettivo_a, **{
        field(obiettivo_a, LUGLIO, "valore"): "0.125",
        field(obiettivo_a, CONSUNTIVO, "valore"): "3",  # missed target: cause and motivazione are needed
    }))
    assert response.status_code == 400
    text = response.content.decode()
    summary = re.search(r'<div class="alert alert-danger riepilogo-errori".*?</div>', text, re.S)[0]
    assert "data-riepilogo-errori" in summary and 'tabindex="-1"' in summary
    links = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', summary)
    assert links[0][0] == f"id_{field(obiettivo_a, LUGLIO, 'valore')}"
    assert "Pratiche evase – Luglio – Valore" in links[0][1] and "virgola" in links[0][1]
    for anchor, _text in links:
        assert f'id="{anchor}"' in text, f"the summary links to a field that is on the page: {anchor}"
    assert "riepilogo-errori.js" in text
    assert "corregga i campi segnalati" in text


def test_a_page_without_errors_has_no_summary(personas, obiettivo_a, login):
    text = login(personas.resp_a).get(url(obiettivo_a)).content.decode()
    assert "data-riepilogo-errori" not in text
