"""Amministrazione Trasparente > Performance: the five sub-sections with the exact labels of the
D.Lgs. 33/2013 tree, their dates of first publication and last update, every file's format and size."""

import re

import pytest
from django.urls import reverse

from pubblicazioni import selectors, services
from tests import builders

LABELS = ["Sistema di misurazione e valutazione della Performance", "Piano della Performance",
          "Relazione sulla Performance", "Ammontare complessivo dei premi", "Dati relativi ai premi"]


def _page(client):
    return client.get(reverse("relazioni:performance", args=["lodrino"])).text


def test_the_page_has_the_five_sub_sections_of_the_tree_in_order(personas, client):
    headings = re.findall(r'<h2 id="sottosezione-\d">([^<]+)</h2>', _page(client))
    assert headings == LABELS


def test_the_evaluation_sub_sections_say_not_yet_published(personas, client):
    page = _page(client)
    assert page.count("Non ancora pubblicato.") == 4  # all but the Piano, which is approved
    assert [s["voci"] for s in selectors.sottosezioni(personas.ente)][3:] == [[], []]


def test_an_approved_piano_is_listed_with_its_deliberation_and_once_published_its_dates_and_pdf(piano_piao, client):
    page = _page(client)
    assert "Piano della Performance 2018–2020" in page
    assert "approvato con deliberazione Giunta Comunale n. 07 del 30/01/2018" in page
    assert "Documento non ancora pubblicato." in page
    documento = services.piano_publish(user=piano_piao.segretario, piano=piano_piao.piano)
    page = _page(client)
    oggi = documento.pubblicato_il.strftime("%d/%m/%Y")
    assert f"Data di prima pubblicazione: {oggi} · Ultimo aggiornamento: {oggi}" in page
    assert reverse("pubblicazioni:piano_pdf", args=["lodrino", 2018]) in page
    kb = round(documento.dimensione / 1000)
    assert f"(PDF, {kb} kB)" in page


def test_the_piano_lists_its_variazioni(piano_piao, client):
    from datetime import date

    from obiettivi.models import Variazione

    Variazione.objects.create(piano=piano_piao.piano, numero_atto="58", data_atto=date(2018, 9, 20),
                              motivazione="Nuovo obiettivo sulla biblioteca")
    assert "Variato con la Delibera n. 58 del 20/09/2018: Nuovo obiettivo sulla biblioteca" in _page(client)


def test_the_sub_sections_are_read_in_the_same_number_of_queries_at_any_size(personas, client,
                                                                           django_assert_max_num_queries):
    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            selectors.sottosezioni(personas.ente)
        return len(queries)

    small = count()
    for anno in range(2021, 2030, 3):
        builders.make_piano(personas.ente, anno_inizio=anno, anno_fine=anno + 2)
    assert count() == small


@pytest.mark.parametrize("size, text", [(850, "850 byte"), (12_400, "12 kB"), (1_450_000, "1,4 MB")])
def test_file_sizes_read_the_italian_way(size, text):
    from pubblicazioni.templatetags.pubblicazioni import dimensione

    assert dimensione(size) == text
