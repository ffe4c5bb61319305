"""Our widget templates (templates/widgets/, lodrino_performance/forms_renderer.py) render every widget
exactly as Django's own: the includes written in place change nothing but the number of renders."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer

from lodrino_performance.forms_renderer import FormRenderer


class Widgets(forms.Form):
    testo = forms.CharField(label="Testo", max_length=20, widget=forms.TextInput(attrs={"placeholder": "«x» & y"}))
    email = forms.EmailField(required=False)
    numero = forms.DecimalField(required=False, widget=forms.NumberInput(attrs={"step": "0.01"}))
    data = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    nota = forms.CharField(widget=forms.Textarea(attrs={"rows": 2, "disabled": True, "readonly": False}))
    scelta = forms.ChoiceField(choices=[("", "—"), ("a", "A & <a>"), ("b", "B")])
    gruppi = forms.ChoiceField(required=False, choices=[("Uno", [("1", "1a"), ("2", "1b")]), ("3", "Tre")])
    multipla = forms.MultipleChoiceField(choices=[(1, "Uno"), (2, "Due")], required=False)
    conferma = forms.BooleanField(required=False)
    ruoli = forms.MultipleChoiceField(choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple)
    nascosto = forms.CharField(widget=forms.HiddenInput, required=False)
    documento = forms.FileField(required=False)
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)


def test_the_site_renders_forms_with_our_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)


@pytest.mark.parametrize("data", [
    None,
    {"testo": "<b>ciao</b>", "nota": "riga\nriga", "scelta": "a", "gruppi": "2", "multipla": ["1", "2"], "conferma": "on",
     "ruoli": ["y"], "nascosto": "n", "numero": "1,5", "password": "p"},
], ids=["empty", "filled"])
def test_every_widget_renders_as_djangos_own(data):
    ours, django = Widgets(data, renderer=FormRenderer()), Widgets(data, renderer=DjangoTemplates())
    for name in ours.fields:
        assert str(ours[name]) == str(django[name]), name
    assert ours.as_div() == django.as_div()
