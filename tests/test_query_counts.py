"""Every page named in issue 14 runs as many queries at 60 objectives as at 3: both on the first
visit after a change (nothing stored yet for the new data version) and on the next one."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi import cache_invalidation
from obiettivi.models import Periodo
from relazioni.models import Relazione
from tests import builders

pytestmark = pytest.mark.django_db


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def _first_and_next(client, url):
    return _queries(client, url), _queries(client, url)


def _sizes(personas, client, user, url_of):
    """(queries at 3 objectives, queries at 60): each a (first visit, next visit) pair."""
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO)
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)
    areas = [personas.area_a, personas.area_b]
    first = builders.make_objectives(personas.piano, areas, 3)[0]
    client.force_login(getattr(personas, user))
    client.get(url_of(personas, first))  # what is stored once ever (a row created, not updated)
    cache_invalidation.bump([personas.ente.pk])  # a change: the next visit is a first visit again
    small = _first_and_next(client, url_of(personas, first))
    builders.make_objectives(personas.piano, areas, 57)
    large = _first_and_next(client, url_of(personas, first))
    return small, large


def _reserved(name, *args):
    return lambda personas, first: reverse(name, args=[personas.ente.slug, *args])


PAGES = {
    "le_mie_schede (responsabile)": ("resp_a", lambda p, f: reverse("obiettivi:mie_schede", args=[p.ente.slug]) + "?anno=2018"),
    "le_mie_schede (segretario)": ("segretario", lambda p, f: reverse("obiettivi:mie_schede", args=[p.ente.slug]) + "?anno=2018"),
    "scheda_obiettivo": ("resp_a", lambda p, f: reverse("obiettivi:scheda", args=[p.ente.slug, f.pk]) + "?anno=2018"),
    "cruscotto": ("segretario", lambda p, f: reverse("ciclo:cruscotto", args=[p.ente.slug]) + "?anno=2018"),
    "anteprima_relazione": ("segretario", lambda p, f: f"/{p.ente.slug}/relazione/2018/"),
    "persone_e_ruoli": ("amministratore", _reserved("enti:persone")),
    "piano (editor)": ("segretario", _reserved("piani:piano")),
    "obiettivi del piano (editor)": ("segretario", lambda p, f: reverse("piani:obiettivi", args=[p.ente.slug, 2018])),
    "obiettivo del piano (editor)": ("segretario", lambda p, f: reverse("piani:obiettivo", args=[p.ente.slug, 2018, f.pk])),
}


@pytest.mark.parametrize("page", PAGES)
def test_queries_at_60_objectives_are_as_many_as_at_3(page, personas, client):
    user, url_of = PAGES[page]
    small, large = _sizes(personas, client, user, url_of)
    assert large == small, f"{page}: {small} at 3 objectives, {large} at 60 (first visit, next visit)"


# Every page of the benchmark (bench/pages.py), with what it needs (a published year, its open-data
# files, the published Piano, schede and premi): the same queries for a plan of 3 and of 60 objectives.

def _bench_queries(size):
    from bench import pages
    from bench.synthetic import build_plan
    from django.test import Client

    ente, piano, segretario, responsabile = build_plan(size, slug=f"misura{size}")
    counts = {}
    for name, user, url in pages.pages_to_measure(ente=ente, piano=piano, segretario=segretario,
                                                  responsabile=responsabile):
        client = Client()
        if user is not None:
            client.force_login(user)
        client.get(url)  # what is stored once ever
        cache_invalidation.bump([ente.pk])
        counts[name] = _first_and_next(client, url)
    return counts


def test_every_benchmarked_page_runs_as_many_queries_at_60_objectives_as_at_3():
    small, large = _bench_queries(3), _bench_queries(60)
    assert small.keys() == large.keys()
    grown = {name: (small[name], large[name]) for name in small if small[name] != large[name]}
    assert not grown, f"(first visit, next visit) at 3 and at 60 objectives: {grown}"
