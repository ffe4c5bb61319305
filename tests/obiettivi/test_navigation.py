"""The header and menu of every reserved page: what they read, and that what they keep for the ente's
data version follows a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relazioni.models import Relazione

pytestmark = pytest.mark.django_db


def _get(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured]


def test_the_access_check_and_the_menu_read_the_users_roles_and_ente_in_one_query(personas, client):
    client.force_login(personas.segretario)
    response, sql = _get(client, reverse("enti:persone", args=[personas.ente.slug]))
    assert len([q for q in sql if 'FROM "obiettivi_ruolo"' in q and '"obiettivi_ruolo"."utente_id" =' in q]) == 1
    assert not [q for q in sql if q.lstrip().startswith("SELECT") and 'FROM "obiettivi_ente"' in q]
    assert response.context["ente_corrente"] == personas.ente


def test_a_slug_of_an_ente_where_the_user_has_no_role_is_a_404(personas, client):
    from tests import builders

    altro = builders.make_ente(nome="Comune di Altrove", slug="altrove")
    client.force_login(personas.segretario)
    assert client.get(reverse("enti:persone", args=[altro.slug])).status_code == 404
    assert client.get(reverse("enti:persone", args=["nessuno"])).status_code == 404


def test_the_menus_relazione_year_is_read_once_per_data_version_and_follows_a_publication(personas, client):
    client.force_login(personas.segretario)
    url = reverse("enti:persone", args=[personas.ente.slug])
    response, _sql = _get(client, url)
    assert reverse("relazioni:gestione", args=[personas.ente.slug, 2018]).encode() in response.content
    _response, sql = _get(client, url)
    assert not [q for q in sql if 'FROM "relazioni_relazione"' in q]  # from the cache for this data version
    # Publishing the 2018 Relazione (a write that bumps the data version): the menu moves to 2017.
    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018, stato=Relazione.Stato.PUBBLICATA)
    response, _sql = _get(client, url)
    assert reverse("relazioni:gestione", args=[personas.ente.slug, 2017]).encode() in response.content


def test_the_ente_switcher_keeps_the_page_where_it_exists_and_otherwise_leads_to_the_entes_landing(personas, client):
    from obiettivi.models import Ruolo
    from tests import builders

    altro = builders.make_ente(nome="Comune di Altrove", slug="altrove")
    builders.give_role(personas.segretario, altro, Ruolo.Tipo.SINDACO)
    terzo = builders.make_ente(nome="Comune di Terzo", slug="terzo")
    builders.give_role(personas.segretario, terzo, Ruolo.Tipo.SEGRETARIO)
    client.force_login(personas.segretario)
    links = dict((e.slug, url) for e, url in client.get(reverse("enti:persone", args=[personas.ente.slug]))
                 .context["altri_enti"])
    assert links["terzo"] == reverse("enti:persone", args=["terzo"])  # the same page, in the other ente
    # A Sindaco has no such page there: he lands on his schede di valutazione (ente_home sends him).
    assert links["altrove"] == reverse("obiettivi:ente_home", args=["altrove"])
    links = dict((e.slug, url) for e, url in client.get(
        reverse("obiettivi:scheda", args=[personas.ente.slug, builders.make_obiettivo(personas.piano, personas.area_a).pk])
    ).context["altri_enti"])
    assert links["terzo"] == reverse("obiettivi:ente_home", args=["terzo"])  # an objective is of one ente only
