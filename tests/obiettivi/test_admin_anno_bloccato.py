"""The admin refuses every write that would touch a frozen year: add forms, inline rows, changes that
move a row into a frozen plan, deletes and the bulk delete action, for a superuser too (issue 8)."""

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.forms import CheckboxInput, SelectMultiple

from obiettivi.models import Indicatore, Obiettivo, Piano, Target, Variazione
from relazioni.models import Relazione
from tests import builders

pytestmark = pytest.mark.django_db

PLAN_FROZEN = "ha un anno con la Relazione sulla Performance approvata"
TARGET_FROZEN = "La Relazione sulla Performance 2018 è approvata: i target di quell&#x27;anno"
VARIATION_FROZEN = "La Relazione sulla Performance 2018 è approvata: una variazione non può essere datata"


@pytest.fixture(params=["superuser", "segretario"])
def admin_user(request, personas):
    """Who uses the admin: the installation's superuser, and the Segretario with the admin's permissions."""
    if request.param == "superuser":
        return get_user_model().objects.create_superuser("super", "s@example.org", "pw-super-123")
    user = personas.segretario
    user.is_staff = True
    user.save()
    group = Group.objects.create(name="gestione")
    group.permissions.set(Permission.objects.filter(content_type__app_label="obiettivi"))
    user.groups.add(group)
    return user


@pytest.fixture
def frozen(personas):
    """Plan 2018-2020 with the 2018 Relazione approved; plan 2021-2023 still free."""
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale")
    indicatore = builders.make_indicatore(obiettivo)
    variazione = Variazione.objects.create(piano=personas.piano, numero_atto="30", data_atto=date(2018, 6, 1),
                                           motivazione="Prima")
    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018, stato=Relazione.Stato.APPROVATA)
    libero = builders.make_piano(personas.ente, anno_inizio=2021, anno_fine=2023, data_atto=date(2021, 1, 30))
    altro = builders.make_obiettivo(libero, personas.area_a, codice="L.1", titolo="Obiettivo libero")
    altro_indicatore = builders.make_indicatore(altro, anno=2021)
    return {"obiettivo": obiettivo, "indicatore": indicatore, "variazione": variazione, "libero": libero,
            "altro": altro, "altro_indicatore": altro_indicatore}


def page_data(client, url, **values):
    """The POST of an admin page as the browser would send it: what the page shows, plus `values`."""
    page = client.get(url)
    assert page.status_code == 200, url
    data = {}
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms.append(inline.formset.management_form)
        forms.extend(inline.formset.forms)
    for form in forms:
        for field in form:
            value = field.value()
            if isinstance(field.field.widget, CheckboxInput):
                if value:
                    data[field.html_name] = "on"
            elif isinstance(value, list) or isinstance(getattr(field.field.widget, "widget", field.field.widget), SelectMultiple):
                data[field.html_name] = value or []  # an empty multiple choice sends nothing, as a browser
            else:
                data[field.html_name] = "" if value is None else value
    data.update(values)
    return {k: v for k, v in data.items() if v is not None}


def obiettivo_fields(personas, piano, codice):
    return {"piano": piano.pk, "codice": codice, "ordine": 0, "titolo": "Nuovo", "tipo": "strategico",
            "area": personas.area_a.pk, "responsabile": personas.resp_a.pk, "peso": "10"}


def indicatore_fields(obiettivo):
    return {"obiettivo": obiettivo.pk, "nome": "Nuovo indicatore", "ordine": 0, "tipo": "efficacia",
            "formula": "numero", "direzione": "crescente", "peso": "100", "baseline": ""}


def target_rows(*anni):
    rows = {"target-TOTAL_FORMS": len(anni), "target-INITIAL_FORMS": 0}
    for i, anno in enumerate(anni):
        rows.update({f"target-{i}-anno": anno, f"target-{i}-valore": "5", f"target-{i}-data_scadenza": "",
                     f"target-{i}-variazione": ""})
    return rows


# --- add forms ------------------------------------------------------------------------------------

def test_a_new_objective_in_a_plan_with_a_frozen_year_is_refused_on_the_form(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    url = "/admin/obiettivi/obiettivo/add/"
    response = client.post(url, page_data(client, url, **obiettivo_fields(personas, personas.piano, "X.1")))
    assert response.status_code == 200 and PLAN_FROZEN in response.text
    assert not Obiettivo.objects.filter(codice="X.1").exists()
    # the same form in the free plan is saved: the refusal is about the year, not the data
    response = client.post(url, page_data(client, url, **obiettivo_fields(personas, frozen["libero"], "X.2")))
    assert response.status_code == 302 and Obiettivo.objects.filter(codice="X.2").exists()


def test_a_new_objective_with_inline_indicators_in_a_frozen_plan_saves_nothing(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    url = "/admin/obiettivi/obiettivo/add/"
    data = page_data(client, url, **obiettivo_fields(personas, personas.piano, "X.1"))
    data.update({"indicatori-TOTAL_FORMS": 1, **{f"indicatori-0-{k}": v for k, v in indicatore_fields(frozen["obiettivo"]).items()
                                                 if k != "obiettivo"}})
    response = client.post(url, data)
    assert response.status_code == 200 and PLAN_FROZEN in response.text
    assert not Indicatore.objects.filter(nome="Nuovo indicatore").exists()


def test_a_new_indicator_of_an_objective_in_a_frozen_plan_is_refused(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    url = "/admin/obiettivi/indicatore/add/"
    response = client.post(url, page_data(client, url, **indicatore_fields(frozen["obiettivo"]), **target_rows(2018)))
    assert response.status_code == 200 and PLAN_FROZEN in response.text
    assert not Indicatore.objects.filter(nome="Nuovo indicatore").exists()
    assert Target.objects.filter(anno=2018).count() == 1  # the fixture's own


def test_a_target_row_of_a_frozen_year_is_refused_even_in_a_free_plan(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    url = "/admin/obiettivi/indicatore/add/"
    response = client.post(url, page_data(client, url, **indicatore_fields(frozen["altro"]), **target_rows(2021, 2018)))
    assert response.status_code == 200 and TARGET_FROZEN in response.text
    assert not Indicatore.objects.filter(nome="Nuovo indicatore").exists()
    response = client.post(url, page_data(client, url, **indicatore_fields(frozen["altro"]), **target_rows(2021)))
    assert response.status_code == 302
    assert Target.objects.filter(indicatore__nome="Nuovo indicatore", anno=2021).exists()


def test_adding_a_target_of_a_frozen_year_in_an_indicators_change_form_is_refused(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    indicatore = frozen["altro_indicatore"]
    url = f"/admin/obiettivi/indicatore/{indicatore.pk}/change/"
    data = page_data(client, url)
    data.update({"target-TOTAL_FORMS": 2, "target-1-anno": 2018, "target-1-valore": "5", "target-1-data_scadenza": "",
                 "target-1-variazione": ""})
    response = client.post(url, data)
    assert response.status_code == 200 and TARGET_FROZEN in response.text
    assert list(indicatore.target.values_list("anno", flat=True)) == [2021]


def test_a_variation_dated_in_a_frozen_year_is_refused_and_a_later_one_is_recorded(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    url = "/admin/obiettivi/variazione/add/"
    fields = {"piano": personas.piano.pk, "organo": "giunta", "numero_atto": "45", "motivazione": "Seconda"}
    response = client.post(url, page_data(client, url, **fields, data_atto="05/11/2018"))
    assert response.status_code == 200 and VARIATION_FROZEN in response.text
    assert not Variazione.objects.filter(numero_atto="45").exists()
    response = client.post(url, page_data(client, url, **fields, data_atto="05/02/2019"))
    assert response.status_code == 302 and Variazione.objects.filter(numero_atto="45").exists()


def test_an_inline_variation_dated_in_a_frozen_year_is_refused_in_a_new_plan(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    url = "/admin/obiettivi/piano/add/"
    data = page_data(client, url, ente=personas.ente.pk, anno_inizio=2024, anno_fine=2026, organo="giunta",
                     numero_atto="3", data_atto="30/01/2024", stato="approvato")
    data.update({"variazioni-TOTAL_FORMS": 1, "variazioni-0-organo": "giunta", "variazioni-0-numero_atto": "9",
                 "variazioni-0-data_atto": "01/03/2018", "variazioni-0-motivazione": "x"})
    response = client.post(url, data)
    assert response.status_code == 200 and VARIATION_FROZEN in response.text
    assert not Piano.objects.filter(anno_inizio=2024).exists()


# --- change forms -----------------------------------------------------------------------------------

def test_moving_a_free_objective_into_a_frozen_plan_is_refused(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    altro = frozen["altro"]
    url = f"/admin/obiettivi/obiettivo/{altro.pk}/change/"
    response = client.post(url, page_data(client, url, piano=personas.piano.pk))
    assert response.status_code == 200 and PLAN_FROZEN in response.text
    altro.refresh_from_db()
    assert altro.piano == frozen["libero"]


def test_moving_a_free_indicator_under_a_frozen_objective_is_refused(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    indicatore = frozen["altro_indicatore"]
    url = f"/admin/obiettivi/indicatore/{indicatore.pk}/change/"
    response = client.post(url, page_data(client, url, obiettivo=frozen["obiettivo"].pk))
    assert response.status_code == 200 and PLAN_FROZEN in response.text
    indicatore.refresh_from_db()
    assert indicatore.obiettivo == frozen["altro"]


@pytest.mark.parametrize("model", ["obiettivo", "indicatore", "variazione", "piano"])
def test_a_frozen_row_has_no_save_and_a_post_is_refused(personas, frozen, admin_user, client, model):
    client.force_login(admin_user)
    pk = {"obiettivo": frozen["obiettivo"].pk, "indicatore": frozen["indicatore"].pk,
          "variazione": frozen["variazione"].pk, "piano": personas.piano.pk}[model]
    url = f"/admin/obiettivi/{model}/{pk}/change/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.text
    assert client.post(url, {"titolo": "Cambiato", "nome": "Cambiato", "numero_atto": "99"}).status_code == 403
    frozen["obiettivo"].refresh_from_db()
    assert frozen["obiettivo"].titolo == "Protocollo digitale"


# --- delete and the bulk delete action -----------------------------------------------------------

FROZEN_ROWS = {
    "obiettivo": lambda p, f: f["obiettivo"], "indicatore": lambda p, f: f["indicatore"],
    "variazione": lambda p, f: f["variazione"], "piano": lambda p, f: p.piano,
}


@pytest.mark.parametrize("model", FROZEN_ROWS)
def test_a_frozen_row_cannot_be_deleted(personas, frozen, admin_user, client, model):
    client.force_login(admin_user)
    row = FROZEN_ROWS[model](personas, frozen)
    url = f"/admin/obiettivi/{model}/{row.pk}/delete/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("model", FROZEN_ROWS)
def test_the_bulk_delete_action_refuses_a_selection_with_a_frozen_row(personas, frozen, admin_user, client, model):
    client.force_login(admin_user)
    row = FROZEN_ROWS[model](personas, frozen)
    free = {"obiettivo": frozen["altro"], "indicatore": frozen["altro_indicatore"], "piano": None,
            "variazione": None}[model]
    selected = [row.pk] + ([free.pk] if free else [])
    url = f"/admin/obiettivi/{model}/"
    for confirmed in ({}, {"post": "yes"}):  # the confirmation page, and the confirmed POST
        response = client.post(url, {"action": "delete_selected", "_selected_action": selected, **confirmed},
                               follow=True)
        assert response.status_code == 200
        assert "Non si possono eliminare" in response.text and "Relazione sulla Performance approvata" in response.text
        assert type(row).objects.filter(pk__in=selected).count() == len(selected)


def test_the_bulk_delete_action_still_deletes_free_rows(personas, frozen, admin_user, client):
    client.force_login(admin_user)
    altro = frozen["altro"]
    response = client.post("/admin/obiettivi/obiettivo/", {
        "action": "delete_selected", "_selected_action": [altro.pk], "post": "yes"}, follow=True)
    assert response.status_code == 200
    assert not Obiettivo.objects.filter(pk=altro.pk).exists()


def test_deleting_a_queryset_with_a_frozen_row_is_refused_at_the_last_step_too(personas, frozen, rf):
    """Should anything reach delete_queryset past the action's check, it is refused there (a 403)."""
    from django.contrib import admin
    from django.core.exceptions import PermissionDenied

    model_admin = admin.site.get_model_admin(Obiettivo)
    request = rf.post("/admin/obiettivi/obiettivo/")
    request.user = get_user_model().objects.create_superuser("super2", "s2@example.org", "pw-super-123")
    with pytest.raises(PermissionDenied):
        model_admin.delete_queryset(request, Obiettivo.objects.all())
    assert Obiettivo.objects.count() == 2


def test_an_ente_with_an_approved_relazione_cannot_be_deleted_singly_or_in_bulk(personas, frozen, admin_user, client):
    """Deleting the ente would take its approved Relazione with it."""
    from obiettivi.models import Ente

    client.force_login(admin_user)
    ente = personas.ente
    assert client.get(f"/admin/obiettivi/ente/{ente.pk}/delete/").status_code == 403
    assert client.post(f"/admin/obiettivi/ente/{ente.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post("/admin/obiettivi/ente/", {"action": "delete_selected", "_selected_action": [ente.pk],
                                                      "post": "yes"}, follow=True)
    if admin_user.is_superuser:  # for the others an ente is never deleted: the action is not offered
        assert "Non si possono eliminare" in response.text
    assert Ente.objects.filter(pk=ente.pk).exists() and Relazione.objects.filter(ente=ente).exists()
    # its own data stay editable: the ente's change form still saves
    page = client.get(f"/admin/obiettivi/ente/{ente.pk}/change/")
    assert 'name="_save"' in page.text
