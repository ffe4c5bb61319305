"""Missioni e Programmi: the whole catalogue of D.Lgs. 118/2011 ships with the product, and only a
superuser changes it, because every ente points at the same rows."""

import pytest
from django.contrib.auth.models import Group, Permission

from obiettivi.models import Programma, Ruolo
from tests import builders

pytestmark = pytest.mark.django_db


def test_the_catalogue_holds_every_mission_and_programme_of_allegato_14():
    assert Programma.objects.count() == 99
    missioni = set(Programma.objects.values_list("codice_missione", flat=True))
    assert missioni == {f"{n:02d}" for n in range(1, 21)} | {"50", "60", "99"}
    assert Programma.objects.filter(codice_missione="01").count() == 12
    assert Programma.objects.filter(codice_missione="12").count() == 10


@pytest.mark.parametrize("codice, missione, nome", [
    ("0101", "Servizi istituzionali, generali e di gestione", "Organi istituzionali"),
    ("0111", "Servizi istituzionali, generali e di gestione", "Altri servizi generali"),
    ("0107", "Servizi istituzionali, generali e di gestione", "Elezioni e consultazioni popolari - Anagrafe e stato civile"),
    ("0502", "Tutela e valorizzazione dei beni e delle attività culturali",
     "Attività culturali e interventi diversi nel settore culturale"),
    ("1005", "Trasporti e diritto alla mobilità", "Viabilità e infrastrutture stradali"),
    ("1209", "Diritti sociali, politiche sociali e famiglia", "Servizio necroscopico e cimiteriale"),
    ("2002", "Fondi e accantonamenti", "Fondo crediti di dubbia esigibilità"),
    ("5002", "Debito pubblico", "Quota capitale ammortamento mutui e prestiti obbligazionari"),
    ("6001", "Anticipazioni finanziarie", "Restituzione anticipazione di tesoreria"),
    ("9901", "Servizi per conto terzi", "Servizi per conto terzi e Partite di giro"),
])
def test_programmes_carry_the_official_names(codice, missione, nome):
    programma = Programma.objects.get(codice=codice)
    assert (programma.codice_missione, programma.nome_missione, programma.nome) == (codice[:2], missione, nome)


def test_the_demo_reuses_the_catalogue_instead_of_adding_programmes(settings):
    from django.core.management import call_command

    settings.DEBUG = True
    before = dict(Programma.objects.values_list("codice", "pk"))
    call_command("load_demo", stdout=open("/dev/null", "w"))
    assert dict(Programma.objects.values_list("codice", "pk")) == before
    assert Programma.objects.get(codice="0108").obiettivi.filter(codice="AMM.1").exists()


@pytest.fixture
def altro_segretario(personas):
    """The Segretario of a second ente, staff with every permission of the app, programmes included:
    the catalogue is refused to him all the same."""
    altro = builders.make_ente(nome="Comune di Marcheno", slug="marcheno")
    user = builders.make_user("segretario_marcheno")
    user.is_staff = True
    user.save()
    group = Group.objects.create(name="gestione")
    group.permissions.set(Permission.objects.filter(content_type__app_label="obiettivi"))
    user.groups.add(group)
    builders.give_role(user, altro, Ruolo.Tipo.SEGRETARIO)
    return user


@pytest.fixture
def lodrino_obiettivo(personas):
    return builders.make_obiettivo(personas.piano, personas.area_a, programma=Programma.objects.get(codice="0108"))


def test_a_segretario_may_not_open_add_change_delete_or_history_of_a_programme(altro_segretario, client):
    programma = Programma.objects.get(codice="0108")
    client.force_login(altro_segretario)
    for url in [
        "/admin/obiettivi/programma/add/",
        f"/admin/obiettivi/programma/{programma.pk}/change/",
        f"/admin/obiettivi/programma/{programma.pk}/delete/",
        f"/admin/obiettivi/programma/{programma.pk}/history/",
    ]:
        assert client.get(url).status_code == 403, url


def test_a_segretario_cannot_rename_nor_delete_a_programme_that_lodrino_uses(altro_segretario, lodrino_obiettivo, client):
    programma = Programma.objects.get(codice="0108")
    client.force_login(altro_segretario)
    response = client.post(f"/admin/obiettivi/programma/{programma.pk}/change/", {
        "codice": "9999", "nome": "Preso", "codice_missione": "99", "nome_missione": "Altro",
    })
    assert response.status_code == 403
    response = client.post(f"/admin/obiettivi/programma/{programma.pk}/delete/", {"post": "yes"})
    assert response.status_code == 403
    response = client.post("/admin/obiettivi/programma/", {
        "action": "delete_selected", "_selected_action": [programma.pk], "post": "yes",
    })
    assert Programma.objects.filter(pk=programma.pk).exists()
    response = client.post("/admin/obiettivi/programma/add/", {
        "codice": "0199", "nome": "Nuovo", "codice_missione": "01", "nome_missione": "Servizi",
    })
    assert response.status_code == 403
    programma.refresh_from_db()
    lodrino_obiettivo.refresh_from_db()
    assert (programma.codice, programma.nome) == ("0108", "Statistica e sistemi informativi")
    assert lodrino_obiettivo.programma == programma
    assert Programma.objects.count() == 99


def test_a_segretario_reads_the_catalogue_and_chooses_from_it(personas, altro_segretario, client):
    client.force_login(altro_segretario)
    response = client.get("/admin/obiettivi/programma/", {"q": "sistemi informativi"})
    assert response.status_code == 200
    assert "Statistica e sistemi informativi" in response.text
    assert "/admin/obiettivi/programma/" + str(Programma.objects.get(codice="0108").pk) + "/change/" not in response.text
    response = client.get("/admin/autocomplete/", {
        "app_label": "obiettivi", "model_name": "obiettivo", "field_name": "programma", "term": "0108",
    })
    assert response.status_code == 200
    assert "Statistica e sistemi informativi" in response.text


def test_a_segretario_with_only_his_role_reads_the_catalogue(personas, client):
    """The role, not a hand-set permission, lets the Segretario choose a programme."""
    personas.segretario.is_staff = True
    personas.segretario.save()
    client.force_login(personas.segretario)
    assert client.get("/admin/obiettivi/programma/").status_code == 200


def test_a_superuser_changes_the_catalogue(admin_client):
    programma = Programma.objects.get(codice="0108")
    response = admin_client.post(f"/admin/obiettivi/programma/{programma.pk}/change/", {
        "codice": "0108", "nome": "Statistica e sistemi informativi (rinominato)", "codice_missione": "01",
        "nome_missione": programma.nome_missione,
    })
    assert response.status_code == 302
    programma.refresh_from_db()
    assert programma.nome == "Statistica e sistemi informativi (rinominato)"


def test_the_demo_restores_missing_catalogue_rows_and_changes_no_existing_one(db, settings):
    """A transactional test or a hand-made deletion can empty the catalogue: the demo puts back what
    is missing, and leaves a row that exists (and what points at it) as it is."""
    from django.core.management import call_command

    from obiettivi.catalogo import PROGRAMMI
    from obiettivi.models import Programma

    settings.DEBUG = True
    Programma.objects.exclude(codice="0102").delete()
    Programma.objects.filter(codice="0102").update(nome="Nome scritto a mano")
    call_command("load_demo")
    assert Programma.objects.count() == len(PROGRAMMI)
    assert Programma.objects.get(codice="0102").nome == "Nome scritto a mano"
