"""The Relazione in the admin: read-only, with a working "Visualizza sul sito"."""

import re

import pytest

from relazioni.models import Relazione
from tests import builders

pytestmark = pytest.mark.django_db


def test_view_on_site_of_a_relazione_opens_its_public_page(personas, client):
    relazione = Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018)
    root = builders.make_user("radice")
    root.is_superuser = root.is_staff = True
    root.save()
    client.force_login(root)
    page = client.get(f"/admin/relazioni/relazione/{relazione.pk}/change/")
    assert page.status_code == 200
    link = re.search(r'href="(/admin/r/\d+/\d+/)"', page.text)
    assert link, "the admin offers «Visualizza sul sito»"
    response = client.get(link[1])
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/lodrino/relazione/2018/")
