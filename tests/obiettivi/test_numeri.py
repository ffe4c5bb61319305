"""One Italian number, everywhere: one parser, and every numeric input of the product uses it."""

import inspect
from decimal import Decimal

import pytest
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.test import RequestFactory

from ciclo import forms as forms_ciclo
from obiettivi import forms as forms_dati
from obiettivi.models import Indicatore, Misurazione, Target
from obiettivi.numeri import ItalianDecimalField, parse_italian_decimal
from relazioni import forms as forms_relazioni
from tests import builders


@pytest.mark.parametrize(("typed", "meant"), [
    ("12,5", Decimal("12.5")),
    ("1.234,5", Decimal("1234.5")),
    ("1234,5", Decimal("1234.5")),
    ("1.234", Decimal("1234")),  # a dot before exactly three digits groups thousands
    ("1.234.567", Decimal("1234567")),
    ("12.5", Decimal("12.5")),  # a dot not before exactly three digits can only be a decimal mark
    ("12.50", Decimal("12.5")),
    ("0.5", Decimal("0.5")),
    ("1234.5678", Decimal("1234.5678")),
    ("-3,4", Decimal("-3.4")),
    ("  7 ", Decimal("7")),
], ids=str)
def test_the_parser_reads_a_number_as_an_italian_means_it(typed, meant):
    assert parse_italian_decimal(typed) == meant


@pytest.mark.parametrize("typed", ["0.125", "1234.567", "1,234.5", "12.345,6.7"])
def test_an_ambiguous_number_is_refused_with_a_message_that_says_how_to_write_it(typed):
    with pytest.raises(ValueError) as raised:
        parse_italian_decimal(typed)
    assert "virgola" in str(raised.value) and "1.234,5" in str(raised.value)


@pytest.mark.parametrize("typed", ["", "abc", "12,5,3", "١٢", "1e5", "NaN", "Infinity", "12 5"])
def test_what_is_not_a_number_is_refused_with_an_example(typed):
    with pytest.raises(ValueError) as raised:
        parse_italian_decimal(typed)
    assert "12,5" in str(raised.value)


def test_the_parser_is_still_importable_from_the_forms_module():
    assert forms_dati.parse_italian_decimal is parse_italian_decimal


def _is_decimal_input(field):
    return isinstance(field, (forms.DecimalField, forms.FloatField, ItalianDecimalField))


def _product_form_fields():
    """Every decimal field of the product's own forms, the dynamic ones of the data entry included."""
    found = []
    for module in (forms_dati, forms_ciclo, forms_relazioni):
        for name, cls in inspect.getmembers(module, inspect.isclass):
            if issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                found += [(f"{name}.{f}", field) for f, field in cls.base_fields.items() if _is_decimal_input(field)]
    return found


def _data_entry_fields():
    found = []
    for formula in Indicatore.TipoFormula.values:
        for periodo in Misurazione.Periodo.values:
            form = forms_dati.MisurazioneForm(indicatore=Indicatore(formula=formula), periodo=periodo)
            found += [(f"MisurazioneForm[{formula},{periodo}].{f}", field)
                      for f, field in form.fields.items() if _is_decimal_input(field)]
    return found


def _admin_form_fields():
    """Every decimal field of every form the admin offers: the models' own and their inlines'."""
    from django.contrib.auth import get_user_model

    request = RequestFactory().get("/admin/")
    request.user = get_user_model()(is_superuser=True, is_staff=True)
    found = []
    for model, model_admin in admin.site._registry.items():
        form_classes = [(model.__name__, model_admin.get_form(request))]
        form_classes += [(f"{model.__name__}>{inline.model.__name__}", inline.get_formset(request).form)
                         for inline in model_admin.get_inline_instances(request)]
        for label, form_class in form_classes:
            model_decimals = {f.name for f in form_class._meta.model._meta.fields if isinstance(f, models.DecimalField)}
            for name, field in form_class.base_fields.items():
                if _is_decimal_input(field) or name in model_decimals:
                    found.append((f"admin {label}.{name}", field))
    return found


@pytest.mark.django_db
def test_every_numeric_field_of_forms_and_admin_refuses_0_125_and_reads_12_5():
    fields = _product_form_fields() + _data_entry_fields() + _admin_form_fields()
    names = {name for name, _field in fields}
    # The inventory itself: the fields of the issue are among those checked.
    assert {"TargetVariatoForm.valore", "RettificaForm.percentuale", "PesoForm.peso",
            "admin Indicatore>Target.valore", "admin Obiettivo.peso", "admin Indicatore.baseline"} <= names
    for name, field in fields:
        assert isinstance(field, ItalianDecimalField), f"{name} is not the shared Italian field"
        with pytest.raises(ValidationError):
            field.clean("0.125")
        assert field.clean("12,5") == Decimal("12.5"), name


def test_a_stored_number_is_shown_back_without_trailing_zeros():
    assert forms_ciclo.NumeroField(decimal_places=4).prepare_value(Decimal("4.5000")) == "4,5"


@pytest.fixture
def superuser_client(client, personas):
    user = builders.make_user("radice")
    user.is_superuser = user.is_staff = True
    user.save()
    client.force_login(user)
    return client


def test_the_admin_refuses_0_125_as_a_target_instead_of_storing_125(personas, superuser_client):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo, target=Decimal(10))
    target = indicatore.target.get()
    data = {
        "obiettivo": obiettivo.pk, "nome": indicatore.nome, "tipo": indicatore.tipo, "formula": indicatore.formula,
        "direzione": indicatore.direzione, "peso": "100", "ordine": "0",
        "target-TOTAL_FORMS": "1", "target-INITIAL_FORMS": "1", "target-0-id": target.pk,
        "target-0-indicatore": indicatore.pk, "target-0-anno": "2018", "target-0-valore": "0.125",
    }
    response = superuser_client.post(f"/admin/obiettivi/indicatore/{indicatore.pk}/change/", data)
    assert response.status_code == 200  # the form again, with the message
    assert "virgola" in response.text
    target.refresh_from_db()
    assert target.valore == Decimal(10)

    data["target-0-valore"] = "0,125"
    response = superuser_client.post(f"/admin/obiettivi/indicatore/{indicatore.pk}/change/", data)
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.valore == Decimal("0.125")


def test_the_admin_refuses_a_target_for_a_year_outside_the_plan(personas, superuser_client):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    indicatore = builders.make_indicatore(obiettivo, target=None)
    data = {
        "obiettivo": obiettivo.pk, "nome": indicatore.nome, "tipo": indicatore.tipo, "formula": indicatore.formula,
        "direzione": indicatore.direzione, "peso": "100", "ordine": "0",
        "target-TOTAL_FORMS": "1", "target-INITIAL_FORMS": "0",
        "target-0-indicatore": indicatore.pk, "target-0-anno": "2035", "target-0-valore": "5",
    }
    response = superuser_client.post(f"/admin/obiettivi/indicatore/{indicatore.pk}/change/", data)
    assert response.status_code == 200
    assert "non è fra gli anni del Piano (2018-2020)" in response.text
    assert not Target.objects.filter(indicatore=indicatore).exists()


def test_the_admin_lists_years_without_a_thousands_dot_and_numbers_without_trailing_zeros(personas, superuser_client):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, peso=Decimal("4.5"))
    builders.make_misurazione(builders.make_indicatore(obiettivo), valore=Decimal("1234.5"))
    for url in ["/admin/obiettivi/obiettivo/", "/admin/obiettivi/misurazione/", "/admin/obiettivi/ente/",
                "/admin/obiettivi/piano/"]:
        text = superuser_client.get(url).text
        assert "2.018" not in text and "4,5000" not in text, url
    assert "4,5<" in superuser_client.get("/admin/obiettivi/obiettivo/").text
    text = superuser_client.get("/admin/obiettivi/misurazione/").text
    assert ">2018<" in text and "1.234,5<" in text


def test_the_admin_forms_show_years_and_numbers_as_typed(personas, superuser_client):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, peso=Decimal("4.5"))
    text = superuser_client.get(f"/admin/obiettivi/ente/{personas.ente.pk}/change/").text
    assert 'value="2018"' in text and "2.018" not in text
    text = superuser_client.get(f"/admin/obiettivi/obiettivo/{obiettivo.pk}/change/").text
    assert 'value="4,5"' in text and "4,50" not in text


def test_a_read_only_admin_page_shows_years_and_numbers_as_the_lists_do(personas, superuser_client):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    misurazione = builders.make_misurazione(builders.make_indicatore(obiettivo), valore=Decimal("1234.5"))
    text = superuser_client.get(f"/admin/obiettivi/misurazione/{misurazione.pk}/change/").text
    assert "2.018" not in text and "1.234,5000" not in text
    assert ">2018<" in text and ">1.234,5<" in text
    assert "Anno" in text and "Valore" in text  # the labels stay the fields' own


def test_a_frozen_plans_objective_is_shown_read_only_with_plain_numbers(personas, superuser_client):
    from relazioni.models import Relazione

    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, peso=Decimal("4.5"))
    Relazione.objects.create(ente=personas.ente, piano=personas.piano, anno=2018, stato="approvata")
    response = superuser_client.get(f"/admin/obiettivi/obiettivo/{obiettivo.pk}/change/")
    assert response.status_code == 200
    assert ">4,5<" in response.text and "4,50" not in response.text
