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


class ApprovazioneForm(forms.Form):
    """The Segretario's approval: its real date (for a past year's cycle entered afterwards) and,
    when the year's data are incomplete, the explicit confirmation with a written reason."""

    data_approvazione = ItalianDateField(
        label=_("Data dell'approvazione"), required=False,
        help_text=_("Se vuota, oggi. Per un anno passato indichi la data in cui la Relazione è stata approvata."))
    conferma_lacune = forms.BooleanField(
        label=_("Ho visto le lacune elencate e approvo comunque la Relazione"), required=False)
    motivazione_lacune = forms.CharField(
        label=_("Motivazione dell'approvazione con dati incompleti"), required=False, max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Resta nello Storico ed è stampata nella sezione sul processo di redazione della Relazione."))

    def __init__(self, *args, lacune=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.lacune = list(lacune)
        if not self.lacune:
            del self.fields["conferma_lacune"]
            del self.fields["motivazione_lacune"]

    def clean(self):
        data = super().clean()
        if self.lacune:
            if not data.get("conferma_lacune"):
                self.add_error("conferma_lacune", _("Per approvare con dati incompleti confermi di aver visto le lacune."))
            if not (data.get("motivazione_lacune") or "").strip():
                self.add_error("motivazione_lacune", _("Scriva perché approva la Relazione con i dati incompleti."))
        return data

    def motivazione(self):
        """What the service receives: the reason when confirmed, blank otherwise (refused if gaps exist)."""
        if not self.lacune:
            return ""
        return self.cleaned_data.get("motivazione_lacune", "") if self.cleaned_data.get("conferma_lacune") else ""


class PubblicazioneForm(forms.Form):
    data_pubblicazione = ItalianDateField(
        label=_("Data della pubblicazione"), required=False,
        help_text=_("Se vuota, oggi. Per un anno passato indichi la data in cui la Relazione è stata pubblicata."))
