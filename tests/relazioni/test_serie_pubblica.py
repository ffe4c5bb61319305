"""The public page per objective and per indicator (issue 12, item 4): every published year, from
the frozen snapshots only."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from obiettivi.models import Indicatore, Obiettivo, Periodo, Rettifica, Target, ValoreStorico, Variazione
from relazioni import services
from relazioni.models import Relazione
from tests import builders

pytestmark = pytest.mark.django_db

D = Decimal


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()


@pytest.fixture
def tre_anni(personas, approve):
    """An indicator of the 2018-2020 Piano with a target and a year-end value in each year, a 2017
    value entered before the Piano, and each year's Relazione approved and published in turn."""
    p = personas
    p.ente.pubblicazione_richiede_validazione = False
    p.ente.save()
    ob = builders.make_obiettivo(p.piano, p.area_a, codice="A.1", titolo="Protocollo digitale", peso=D(100))
    ind = builders.make_indicatore(ob, nome="Pratiche evase", target=D(10), anno=2018, unita="pratiche")
    for anno, target, valore in ((2019, D(11), D(12)), (2020, D(12), D(9))):
        Target.objects.create(indicatore=ind, anno=anno, valore=target)
        builders.make_misurazione(ind, anno=anno, valore=valore)
    builders.make_misurazione(ind, anno=2018, valore=D("10.5"))
    ValoreStorico.objects.create(indicatore=ind, anno=2017, valore=D(8), testo="n. 8")
    p.obiettivo, p.indicatore = ob, ind
    p.publish = lambda anno, piano=None: _publish(p, anno, approve, piano or p.piano)
    return p


def _publish(p, anno, approve, piano):
    builders.open_period(p.ente, anno=anno, tipo=Periodo.Tipo.CONSUNTIVO, aperto=False)
    relazione, _ = Relazione.objects.get_or_create(ente=p.ente, piano=piano, anno=anno)
    approve(p.segretario, relazione)
    return services.relazione_publish(user=p.segretario, relazione=relazione)


def indicatore_url(pk):
    return reverse("public_indicatore", args=["lodrino", pk])


def obiettivo_url(pk):
    return reverse("public_obiettivo", args=["lodrino", pk])


def test_the_indicator_page_shows_three_published_years_in_a_table_then_a_chart(tre_anni, client):
    for anno in (2018, 2019, 2020):
        tre_anni.publish(anno)
    response = client.get(indicatore_url(tre_anni.indicatore.pk))
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Pratiche evase</h1>" in page
    for anno, target, valore in (("2018", "10", "10,5"), ("2019", "11", "12"), ("2020", "12", "9")):
        assert f'/lodrino/relazione/{anno}/">{anno}</a>' in page
        assert f"{target} pratiche" in page and f"{valore} pratiche" in page
    assert "n. 8" in page  # 2017, as the snapshots recorded it
    assert page.index("<table") < page.index('<svg xmlns="http://www.w3.org/2000/svg" class="grafico-serie"')
    assert ('<desc id="grafico-serie-desc">2017: valore 8 pratiche; 2018: valore 10,5 pratiche, target 10 pratiche; '
            "2019: valore 12 pratiche, target 11 pratiche; 2020: valore 9 pratiche, target 12 pratiche.</desc>") in page
    assert "Rossi" in page and "Crescente" in page and "Area amministrativa" in page
    assert "Nessuna variazione del Piano né rettifica del grado" in page
    assert "9 pratiche su un target di 12 pratiche" in page  # 2020's explanation
    objective = client.get(obiettivo_url(tre_anni.obiettivo.pk)).content.decode()
    assert "A.1 – Protocollo digitale" in objective and indicatore_url(tre_anni.indicatore.pk) in objective
    assert objective.count('<th scope="row"><a href="/lodrino/relazione/') == 3


def test_the_published_relazione_links_its_objectives_and_indicators(tre_anni, client):
    tre_anni.publish(2018)
    page = client.get(reverse("relazioni:relazione", args=["lodrino", 2018])).content.decode()
    assert f'href="{obiettivo_url(tre_anni.obiettivo.pk)}"' in page
    assert f'href="{indicatore_url(tre_anni.indicatore.pk)}"' in page


def test_only_published_years_appear_and_never_a_live_row(tre_anni, client):
    tre_anni.publish(2018)
    Indicatore.objects.filter(pk=tre_anni.indicatore.pk).update(nome="Nome cambiato dopo")
    Obiettivo.objects.filter(pk=tre_anni.obiettivo.pk).update(titolo="Titolo cambiato dopo")
    cache.clear()
    page = client.get(indicatore_url(tre_anni.indicatore.pk)).content.decode()
    assert "Pratiche evase" in page and "Nome cambiato dopo" not in page
    assert '/lodrino/relazione/2019/' not in page and "12 pratiche" not in page  # 2019 is not published
    assert "Titolo cambiato dopo" not in client.get(obiettivo_url(tre_anni.obiettivo.pk)).content.decode()


def test_an_approved_but_unpublished_year_is_not_shown_and_a_row_never_published_is_a_404(tre_anni, client, approve):
    relazione = Relazione.objects.create(ente=tre_anni.ente, piano=tre_anni.piano, anno=2018)
    approve(tre_anni.segretario, relazione)
    assert client.get(indicatore_url(tre_anni.indicatore.pk)).status_code == 404
    assert client.get(obiettivo_url(tre_anni.obiettivo.pk)).status_code == 404
    services.relazione_publish(user=tre_anni.segretario, relazione=relazione)
    nuovo = builders.make_obiettivo(tre_anni.piano, tre_anni.area_a, codice="A.9")  # after the publication
    for url in (obiettivo_url(nuovo.pk), indicatore_url(builders.make_indicatore(nuovo).pk), obiettivo_url(999999),
                reverse("public_obiettivo", args=["altro-ente", tre_anni.obiettivo.pk])):
        assert client.get(url).status_code == 404
    assert client.get(indicatore_url(tre_anni.indicatore.pk)).status_code == 200


def test_a_series_runs_across_piani_on_the_public_page(tre_anni, client):
    tre_anni.publish(2018)
    nuovo_piano = builders.make_piano(tre_anni.ente, anno_inizio=2021, anno_fine=2023, data_atto=date(2021, 1, 20))
    ob = builders.make_obiettivo(nuovo_piano, tre_anni.area_a, codice="N.1", titolo="Protocollo, seconda fase")
    ind = builders.make_indicatore(ob, nome="Pratiche evase nel nuovo Piano", target=D(20), anno=2021,
                                   unita="pratiche", deriva_da=tre_anni.indicatore)
    builders.make_misurazione(ind, anno=2021, valore=D(21))
    tre_anni.publish(2021, nuovo_piano)
    for pk in (tre_anni.indicatore.pk, ind.pk):  # either end of the line shows the whole line
        page = client.get(indicatore_url(pk)).content.decode()
        assert '/lodrino/relazione/2018/">2018</a>' in page and '/lodrino/relazione/2021/">2021</a>' in page
        assert "21 pratiche" in page


def test_variations_and_overrides_are_shown_with_their_acts(tre_anni, client):
    variazione = Variazione.objects.create(piano=tre_anni.piano, numero_atto="58", data_atto=date(2018, 9, 20),
                                           motivazione="Nuove risorse")
    Target.objects.create(indicatore=tre_anni.indicatore, anno=2018, valore=D(14), variazione=variazione)
    Rettifica.objects.create(indicatore=tre_anni.indicatore, anno=2018, percentuale=D(90),
                             motivazione="Ritardo del fornitore", autore=tre_anni.nucleo)
    tre_anni.publish(2018)
    page = client.get(indicatore_url(tre_anni.indicatore.pk)).content.decode()
    assert "2018: target variato da 10 pratiche a 14 pratiche con la Delibera n. 58 del 20/09/2018." in page
    assert "2018: Grado rettificato a 90 %" in page and "Ritardo del fornitore" in page
    objective = client.get(obiettivo_url(tre_anni.obiettivo.pk)).content.decode()
    assert "Pratiche evase: target variato da 10 pratiche a 14 pratiche con la Delibera n. 58" in objective


def test_citizens_get_a_cached_page_with_etag_and_a_new_publication_shows_at_once(tre_anni, client):
    tre_anni.publish(2018)
    url = indicatore_url(tre_anni.indicatore.pk)
    first = client.get(url)
    etag = first.headers["ETag"]
    assert "public" in first.headers["Cache-Control"] and first.headers["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).content == first.content
    assert len(captured) == 2  # the ente and the list of published versions: the page is cached
    tre_anni.publish(2019)
    second = client.get(url)
    assert second.headers["ETag"] != etag and '/lodrino/relazione/2019/">2019</a>' in second.content.decode()


def test_the_public_pages_cost_the_same_queries_whatever_the_size(personas, approve, client):
    personas.ente.pubblicazione_richiede_validazione = False
    personas.ente.save()
    ob = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", peso=D(100))
    ind = builders.make_indicatore(ob)
    builders.open_period(personas.ente, anno=2018, aperto=False)
    relazione = Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)

    def count(url):
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    approve(personas.segretario, relazione)
    services.relazione_publish(user=personas.segretario, relazione=relazione)
    small = (count(indicatore_url(ind.pk)), count(obiettivo_url(ob.pk)))
    services.relazione_reopen(user=personas.segretario, relazione=relazione, motivazione="Altri obiettivi")
    for n in range(15):
        altro = builders.make_obiettivo(personas.piano, personas.area_b, codice=f"B.{n}")
        for _ in range(3):
            builders.make_indicatore(altro)
    approve(personas.segretario, relazione)
    services.relazione_publish(user=personas.segretario, relazione=relazione)
    assert (count(indicatore_url(ind.pk)), count(obiettivo_url(ob.pk))) == small
