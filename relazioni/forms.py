from django import forms
from django.utils.translation import gettext_lazy as _

from obiettivi.forms import ItalianDateField

from .context import NARRATIVE_FIELDS
from .files import pdf_problem
from .models import Relazione


class TestiForm(forms.ModelForm):
    """The narrative sections, pre-filled with the text generated from the data. Left as generated,
    a section stays generated: change the data and its text follows."""

    class Meta:
        model = Relazione
        fields = ["presentazione", "contesto", "conclusione", "risorse", "pari_opportunita", "esito_monitoraggio"]
        widgets = {name: forms.Textarea(attrs={"rows": 6}) for name in fields}
        labels = {"esito_monitoraggio": _("Esito del monitoraggio di luglio (completa la frase «…che aveva indicato …»)")}
        help_texts = {
            "presentazione": _("Testo semplice: una riga vuota separa i paragrafi."),
            "risorse": _("Facoltativo: se vuoto la sezione non compare."),
            "pari_opportunita": _("Facoltativo: se vuoto la sezione non compare."),
            "esito_monitoraggio": _("Se vuoto, è ricavato dagli stati di attuazione di luglio."),
        }

    def __init__(self, *args, generated, **kwargs):
        super().__init__(*args, **kwargs)
        self.generated = generated
        for name in NARRATIVE_FIELDS:
            if name in self.fields and not getattr(self.instance, name) and generated.get(name):
                self.initial[name] = generated[name]

    def values(self):
        values = dict(self.cleaned_data)
        for name in NARRATIVE_FIELDS:
            if name in values and _same_text(values[name], self.generated.get(name, "")):
                values[name] = ""
        return values


def _same_text(a, b):
    return " ".join((a or "").split()) == " ".join((b or "").split())


class RiaperturaForm(forms.Form):
    motivazione = forms.CharField(label=_("Motivazione della riapertura"), widget=forms.Textarea(attrs={"rows": 3}))


def _motivo_correzione():
    return forms.CharField(
        label=_("Motivo della correzione"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Solo per correggere un atto già registrato: la correzione resta nello Storico."),
    )


class ValidazioneForm(forms.Form):
    validazione_data = ItalianDateField(label=_("Data della validazione"))
    validazione_note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    validazione_documento = forms.FileField(label=_("Documento di validazione (PDF, al massimo 20 MB)"), required=False)
    motivazione = _motivo_correzione()

    def clean_validazione_documento(self):
        """A real PDF, judged by its content (a renamed file is refused), within 20 MB."""
        documento = self.cleaned_data.get("validazione_documento")
        if documento:
            problem = pdf_problem(documento)
            if problem:
                raise forms.ValidationError(problem)
        return documento


class DeliberaForm(forms.Form):
    delibera_numero = forms.CharField(label=_("Numero della delibera di Giunta"), max_length=20)
    delibera_data = ItalianDateField(label=_("Data della delibera"))
    motivazione = _motivo_correzione()
