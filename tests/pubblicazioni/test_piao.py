"""The PIAO's chapters: sub-section 2.2 "Performance" as ODT (odfpy) and PDF/A with every objective and
the Piano-tipo's fields, the simplified annex for an ente with fewer than 50 employees, and section 4
"Monitoraggio" as the ente runs it (roles, periods, acts)."""

import io
from datetime import date

from django.urls import reverse
from odf import opendocument, teletype
from odf.table import Table
from odf.text import H

from obiettivi.models import Periodo
from tests.pdf_tools import is_pdf_a, pdf_raw


def odt_text(content):
    doc = opendocument.load(io.BytesIO(content))
    return teletype.extractText(doc.text), doc


def pdf_text(content, tmp_path):
    return pdf_raw(content, tmp_path, name="capitolo.pdf")


def _get(client, name, personas):
    response = client.get(reverse(f"pubblicazioni:{name}", args=["lodrino", personas.piano.pk]))
    assert response.status_code == 200
    return response


def test_sub_section_2_2_as_odt_has_every_objective_with_the_piano_tipo_fields(piano_piao, login):
    piano_piao.ente.numero_dipendenti = 120
    piano_piao.ente.save()
    response = _get(login(piano_piao.segretario), "piao_performance_odt", piano_piao)
    assert response["Content-Type"] == "application/vnd.oasis.opendocument.text"
    text, doc = odt_text(response.content)
    headings = [teletype.extractText(h) for h in doc.getElementsByType(H)]
    assert headings[0] == "Sottosezione 2.2 – Performance"
    assert "A.1 – Protocollo digitale" in headings and "B.1 – Strade asfaltate" in headings
    assert len(doc.getElementsByType(Table)) == 4  # per objective: its card and its indicators
    for expected in ("Portatori di interesse (stakeholder)", "Cittadini e imprese", "Automobilisti",
                     "Protocollo informatico", "Ufficio tecnico", "VP1 Un Comune più vicino",
                     "Pratiche evase", "2018: 10 pratiche", "2018: 2,5 km", "Anna Rossi"):
        assert expected in text, expected


def test_sub_section_2_2_as_pdf_a_has_the_same_content(piano_piao, login, tmp_path):
    response = _get(login(piano_piao.segretario), "piao_performance_pdf", piano_piao)
    text = pdf_text(response.content, tmp_path)
    assert is_pdf_a(tmp_path / "capitolo.pdf")
    for expected in ("Sottosezione 2.2 – Performance", "A.1 – Protocollo digitale", "B.1 – Strade asfaltate",
                     "Cittadini e imprese", "Protocollo informatico", "VP1 Un Comune più vicino"):
        assert expected in text, expected


def test_an_ente_with_fewer_than_50_employees_gets_the_simplified_annex(piano_piao, login):
    piano_piao.ente.numero_dipendenti = 12
    piano_piao.ente.save()
    text, doc = odt_text(_get(login(piano_piao.segretario), "piao_performance_odt", piano_piao).content)
    assert "Allegato semplificato – Obiettivi di performance 2018–2020" in text
    assert "ha 12 dipendenti, meno di 50" in text and "art. 6 del DM 30 giugno 2022, n. 132" in text
    assert "Sottosezione 2.2 – Performance" not in text
    assert len(doc.getElementsByType(Table)) == 1
    assert "A.1" in text and "Protocollo digitale" in text and "B.1" in text and "Strade asfaltate" in text


def test_section_4_describes_who_monitors_when_and_with_which_acts(piano_piao, login, tmp_path):
    Periodo.objects.create(ente=piano_piao.ente, anno=2018, tipo=Periodo.Tipo.LUGLIO,
                           data_apertura=date(2018, 7, 1), data_chiusura=date(2018, 7, 31))
    client = login(piano_piao.segretario)
    text, _doc = odt_text(_get(client, "piao_monitoraggio_odt", piano_piao).content)
    for expected in ("Sezione 4 – Monitoraggio", "Lorenzi dott. Alberto", "Area amministrativa", "Anna Rossi",
                     "dal 01/07/2018 al 31/07/2018", "valida la Relazione sulla Performance",
                     "deliberazione Giunta Comunale", "entro il 30 giugno"):
        assert expected in text, expected
    pdf = pdf_text(_get(client, "piao_monitoraggio_pdf", piano_piao).content, tmp_path)
    assert "Sezione 4 – Monitoraggio" in pdf and "Lorenzi dott. Alberto" in pdf


def test_another_entes_piano_is_a_404(piano_piao, login):
    from tests import builders

    altro = builders.make_ente(nome="Comune di Marcheno", slug="marcheno")
    piano = builders.make_piano(altro)
    response = login(piano_piao.segretario).get(reverse("pubblicazioni:piao_performance_odt", args=["lodrino", piano.pk]))
    assert response.status_code == 404


def test_sub_section_2_2_names_the_areas_and_bodies_that_contribute_and_an_equal_share(piano_piao, login):
    """The contributing units (issue 10's model) are printed in the PIAO chapter and the Piano document."""
    from obiettivi.models import Obiettivo

    piano_piao.ente.numero_dipendenti = 120
    piano_piao.ente.save()
    a = Obiettivo.objects.get(piano=piano_piao.piano, codice="A.1")
    a.aree_concorrenti.set([piano_piao.area_b])
    a.altri_soggetti = "Unione dei Comuni della Valle Sabbia"
    a.save()
    text, _doc = odt_text(_get(login(piano_piao.segretario), "piao_performance_odt", piano_piao).content)
    assert "Aree e soggetti che concorrono" in text
    assert f"{piano_piao.area_b.nome}; Unione dei Comuni della Valle Sabbia" in text
    # B.1 has no contributors: its row says so plainly, with a dash, not an empty slot.
    assert text.count("Aree e soggetti che concorrono") == 2
