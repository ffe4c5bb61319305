"""Who reaches the ente's people and settings pages: its Segretario and amministratore only.
Everyone else: the login page (anonymous), 404 (no role in the ente: a slug reveals nothing), 403
(a role that is not enough). Another ente's person or employee is a 404, whatever the id."""

import pytest

from enti.models import Dipendente

pytestmark = pytest.mark.django_db

# name, needs an object id ("persona" / "dipendente" / None), methods allowed
PAGES = [
    ("persone", None, {"GET"}),
    ("persona_aggiungi", None, {"POST"}),
    ("persona", "persona", {"GET"}),
    ("persona_ruoli", "persona", {"POST"}),
    ("persona_dati", "persona", {"POST"}),
    ("persona_disattiva", "persona", {"POST"}),
    ("persona_invito", "persona", {"POST"}),
    ("dipendente_aggiungi", None, {"POST"}),
    ("dipendente", "dipendente", {"GET", "POST"}),
    ("dipendente_cessazione", "dipendente", {"POST"}),
    ("impostazioni", None, {"GET", "POST"}),
]


@pytest.fixture
def dipendente(personas):
    return Dipendente.objects.create(ente=personas.ente, nome="Elena", cognome="Gialli", area=personas.area_a)


def _address(url, name, kind, personas, dipendente):
    ids = {"persona": [personas.resp_a.pk], "dipendente": [dipendente.pk], None: []}[kind]
    return url(name, personas.ente, *ids)


def _request(client, method, address):
    # An empty POST: access is decided before any input is read, and an empty form changes nothing.
    return client.get(address) if method == "GET" else client.post(address, {})


@pytest.mark.parametrize("name,kind,methods", PAGES)
@pytest.mark.parametrize("who", ["segretario", "amministratore"])
def test_the_managers_of_the_ente_reach_every_page(name, kind, methods, who, personas, dipendente, login, url):
    client = login(getattr(personas, who))
    address = _address(url, name, kind, personas, dipendente)
    for method in ("GET", "POST"):
        response = _request(client, method, address)
        if method in methods:
            assert response.status_code in (200, 302), (method, response.status_code)
        else:
            assert response.status_code == 405


@pytest.mark.parametrize("name,kind,methods", PAGES)
@pytest.mark.parametrize("who,expected", [("resp_a", 403), ("resp_b", 403), ("nucleo", 403), ("outsider", 404)])
def test_other_roles_and_outsiders_are_refused(name, kind, methods, who, expected, personas, dipendente, login, url):
    client = login(getattr(personas, who))
    address = _address(url, name, kind, personas, dipendente)
    for method in methods:
        assert _request(client, method, address).status_code == expected


@pytest.mark.parametrize("name,kind,methods", PAGES)
def test_the_segretario_and_a_responsabile_of_another_ente_get_a_404(name, kind, methods, personas, secondo, dipendente, login, url):
    address = _address(url, name, kind, personas, dipendente)
    for user in (secondo.segretario, secondo.responsabile):
        client = login(user)
        for method in methods:
            assert _request(client, method, address).status_code == 404


@pytest.mark.parametrize("name,kind,methods", PAGES)
def test_a_superuser_without_a_role_in_the_ente_gets_a_404(name, kind, methods, personas, superuser, dipendente, login, url):
    """The installation's superuser works in the admin; these pages belong to the ente's people."""
    client = login(superuser)
    address = _address(url, name, kind, personas, dipendente)
    for method in methods:
        assert _request(client, method, address).status_code == 404


@pytest.mark.parametrize("name,kind,methods", PAGES)
def test_anonymous_visitors_are_sent_to_the_login_page(name, kind, methods, personas, dipendente, client, url):
    address = _address(url, name, kind, personas, dipendente)
    for method in methods:
        response = _request(client, method, address)
        assert response.status_code == 302
        assert response["Location"].startswith("/accesso/?next=")


@pytest.mark.parametrize("name,kind,methods", [p for p in PAGES if p[1]])
def test_another_entes_person_or_employee_is_a_404_even_for_the_segretario(name, kind, methods, personas, secondo, login, url):
    altro = {
        "persona": secondo.responsabile.pk,
        "dipendente": Dipendente.objects.create(ente=secondo.ente, nome="Franco", cognome="Blu").pk,
    }[kind]
    client = login(personas.segretario)
    for method in methods:
        assert _request(client, method, url(name, personas.ente, altro)).status_code == 404
    assert _request(client, "GET" if "GET" in methods else "POST", url(name, personas.ente, 999999)).status_code == 404


def test_an_unknown_ente_is_a_404(personas, login):
    client = login(personas.segretario)
    assert client.get("/area-riservata/non-esiste/persone/").status_code == 404


def test_the_managers_menu_links_to_both_pages(personas, login, url):
    page = login(personas.segretario).get(url("persone", personas.ente)).content.decode()
    assert url("persone", personas.ente) in page and url("impostazioni", personas.ente) in page
    mie = login(personas.resp_a).get(f"/area-riservata/{personas.ente.slug}/schede/").content.decode()
    assert url("persone", personas.ente) not in mie
