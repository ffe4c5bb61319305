"""The evaluation in the admin, in the style of tests/test_privilegi.py: scoped to the user's enti, the
personal data the Segretario's only, a closed scheda and confirmed premi read-only, FK choices of the
scheda's own ente, and the admin no way around the services."""

import pytest

from tests.world import build_world
from valutazioni import services
from valutazioni.models import Categoria, RisorsePremi, Scheda, VoceValutazione


@pytest.fixture
def world(personas):
    return build_world(personas)


def _open_scheda(world):
    v = world.extra["valutazioni_a"]
    categoria = v["smvp"].categorie.filter(tipo=Categoria.Tipo.PERSONALE).first()
    return services.scheda_create(user=world.user("segretario"), smvp=v["smvp"], categoria=categoria,
                                  valutatore=world.user("resp_a"), dipendente=world.a.dipendente)


def test_an_amministratore_of_a_sees_a_s_smvp_only_and_no_personal_data(world, client):
    client.force_login(world.user("amministratore"))
    page = client.get("/admin/valutazioni/smvp/").text
    assert f"/admin/valutazioni/smvp/{world.extra['valutazioni_a']['smvp'].pk}/change/" in page
    assert f"/admin/valutazioni/smvp/{world.extra['valutazioni_b']['smvp'].pk}/change/" not in page
    for model in ("scheda", "premio", "risorsepremi", "conciliazione", "vocevalutazione"):
        assert client.get(f"/admin/valutazioni/{model}/").status_code == 403, model
    assert client.get(f"/admin/valutazioni/smvp/{world.extra['valutazioni_b']['smvp'].pk}/change/").status_code in (
        302, 403, 404)


def test_the_segretario_of_a_sees_a_s_schede_and_never_b_s(world, client):
    client.force_login(world.user("segretario"))
    a, b = world.extra["valutazioni_a"]["scheda"], world.extra["valutazioni_b"]["scheda"]
    page = client.get("/admin/valutazioni/scheda/").text
    assert f"/admin/valutazioni/scheda/{a.pk}/change/" in page and f"/admin/valutazioni/scheda/{b.pk}/change/" not in page
    assert client.get(f"/admin/valutazioni/scheda/{b.pk}/change/").status_code in (302, 403, 404)
    assert "Verdi" not in client.get("/admin/valutazioni/premio/").text  # ente B's evaluated person


def test_reading_a_scheda_in_the_admin_is_logged(world, client):
    a = world.extra["valutazioni_a"]["scheda"]
    client.force_login(world.user("segretario"))
    assert client.get(f"/admin/valutazioni/scheda/{a.pk}/change/").status_code == 200
    assert VoceValutazione.objects.filter(scheda=a, utente=world.user("segretario"), azione__startswith="Lettura").exists()


def test_a_closed_scheda_cannot_be_changed_in_the_admin(world, client):
    a = world.extra["valutazioni_a"]["scheda"]
    client.force_login(world.user("segretario"))
    response = client.post(f"/admin/valutazioni/scheda/{a.pk}/change/",
                           {"valutatore": world.user("nucleo").pk, "area": world.a.area.pk, "atto_sindaco": "x"})
    assert response.status_code == 403
    a.refresh_from_db()
    assert a.valutatore == world.user("segretario") and a.atto_sindaco == "Decreto n. 1"


def test_confirmed_or_not_the_premi_and_resources_are_read_only_in_the_admin(world, client):
    risorse = world.extra["valutazioni_a"]["risorse"]
    client.force_login(world.user("segretario"))
    response = client.post(f"/admin/valutazioni/risorsepremi/{risorse.pk}/change/", {"importo": "999999"})
    assert response.status_code == 403
    assert RisorsePremi.objects.get(pk=risorse.pk).importo == risorse.importo
    premio = world.extra["valutazioni_a"]["premio"]
    assert client.post(f"/admin/valutazioni/premio/{premio.pk}/delete/", {"post": "yes"}).status_code == 403


def test_an_open_scheda_s_choices_are_of_its_ente_and_b_s_rows_are_refused(world, client):
    scheda = _open_scheda(world)
    url = f"/admin/valutazioni/scheda/{scheda.pk}/change/"
    client.force_login(world.user("segretario"))
    page = client.get(url).text
    assert "Carlo" not in page and "Bianca" not in page and "Area unica" not in page  # ente B's people and area
    for data in ({"valutatore": world.user("resp_b2").pk, "area": world.a.area.pk},
                 {"valutatore": world.user("resp_b").pk, "area": world.b.area.pk}):
        response = client.post(url, data | {"atto_sindaco": ""})
        assert response.status_code == 200 and "errornote" in response.text
    scheda.refresh_from_db()
    assert scheda.valutatore == world.user("resp_a") and scheda.area == world.a.area


def test_an_open_scheda_gets_another_evaluator_through_the_service(world, client):
    scheda = _open_scheda(world)
    client.force_login(world.user("segretario"))
    response = client.post(f"/admin/valutazioni/scheda/{scheda.pk}/change/",
                           {"valutatore": world.user("resp_b").pk, "area": world.a.area.pk, "atto_sindaco": ""})
    assert response.status_code == 302
    scheda.refresh_from_db()
    assert scheda.valutatore == world.user("resp_b")
    assert VoceValutazione.objects.filter(scheda=scheda, azione="Valutatore della scheda cambiato").exists()


def test_the_admin_never_gives_the_segretario_his_own_scheda(world, client):
    v = world.extra["valutazioni_a"]
    categoria = v["smvp"].categorie.get(tipo=Categoria.Tipo.SEGRETARIO)
    own = services.scheda_create(user=world.user("segretario"), smvp=v["smvp"], categoria=categoria,
                                 valutatore=world.user("sindaco"), utente=world.user("segretario"))
    client.force_login(world.user("segretario"))
    response = client.post(f"/admin/valutazioni/scheda/{own.pk}/change/",
                           {"valutatore": world.user("resp_a").pk, "area": "", "atto_sindaco": "Decreto n. 9"})
    assert response.status_code == 200 and "propria scheda" in response.text
    assert Scheda.objects.get(pk=own.pk).valutatore == world.user("sindaco")
