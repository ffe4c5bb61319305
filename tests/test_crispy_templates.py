"""templates/bootstrap5/field.html, our faster copy of crispy-bootstrap5's (its includes inlined, the
helper settings no form of ours uses folded away), renders every kind of field exactly as the original:
empty, filled, required or not, with help text, with errors."""

from pathlib import Path

import crispy_bootstrap5
import pytest
from django import forms
from django.conf import settings
from django.template import Context, Engine, engines

ORIGINAL = Path(crispy_bootstrap5.__file__).parent / "templates"


class EveryWidget(forms.Form):
    testo = forms.CharField(label="Testo", help_text="Un <em>aiuto</em>.")
    facoltativo = forms.CharField(label="Facoltativo", required=False)
    email = forms.EmailField(label="E-mail", required=False)
    numero = forms.DecimalField(label="Numero", required=False)
    data = forms.DateField(label="Data", widget=forms.DateInput(attrs={"type": "date"}))
    nota = forms.CharField(label="Nota", widget=forms.Textarea(attrs={"rows": 2}), help_text="Breve.")
    scelta = forms.ChoiceField(label="Scelta", choices=[("", "—"), ("a", "A & a"), ("b", "B")])
    gruppi = forms.ChoiceField(label="Gruppi", required=False, choices=[("Uno", [("1", "1a"), ("2", "1b")]), ("3", "Tre")])
    conferma = forms.BooleanField(label="Confermo", help_text="Obbligatorio.")
    opzione = forms.BooleanField(label="Opzione", required=False)
    ruoli = forms.MultipleChoiceField(label="Ruoli", choices=[("x", "X"), ("y", "Y")], widget=forms.CheckboxSelectMultiple,
                                      help_text="Uno o più.")
    tipo = forms.ChoiceField(label="Tipo", choices=[("p", "P"), ("q", "Q")], widget=forms.RadioSelect)
    documento = forms.FileField(label="Documento", required=False)
    nascosto = forms.CharField(widget=forms.HiddenInput, required=False)


def _render(engine, field):
    context = {"field": field, "form_show_errors": True, "form_show_labels": True, "label_class": "", "field_class": ""}
    return engine.get_template("bootstrap5/field.html").render(Context(context))


@pytest.mark.parametrize("data", [
    None,
    {},  # every required field missing: errors everywhere
    {"testo": "<b>", "email": "no", "numero": "x", "data": "2019-02-30", "scelta": "z", "ruoli": ["x", "z"], "tipo": "p",
     "opzione": "on", "nota": "n"},
], ids=["empty", "all-missing", "invalid"])
def test_our_field_template_renders_every_field_as_crispys_own(data):
    libraries = engines["django"].engine.libraries  # crispy's tags, as the site's engine has them
    ours = Engine(dirs=[settings.BASE_DIR / "templates", ORIGINAL], libraries=libraries)
    original = Engine(dirs=[ORIGINAL], libraries=libraries)
    assert ours.get_template("bootstrap5/field.html").origin.name.startswith(str(settings.BASE_DIR / "templates"))
    form = EveryWidget(data)
    if data is not None:
        form.is_valid()
    for field in form:
        assert _render(ours, field) == _render(original, field), field.name
