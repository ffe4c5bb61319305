"""Forms of the cycle through the year: periods, dashboard, variations, overrides.

Dates are typed as dd/mm/yyyy and numbers with a decimal comma (12,5); the forms only turn input into
domain types: the rules live in services.py.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from obiettivi.models import Area, Indicatore, Misurazione, Obiettivo
from obiettivi.numeri import ItalianDecimalField
from obiettivi.validators import validate_data

DATE_HELP = _("Nel formato gg/mm/aaaa, es. 31/07/2019.")


class DataField(forms.DateField):
    default_validators = [validate_data]  # 01/01/0001 is a typo, not a date to store

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"])
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "gg/mm/aaaa"}))
        kwargs.setdefault("help_text", DATE_HELP)
        kwargs.setdefault("error_messages", {"invalid": _("Scriva la data come gg/mm/aaaa, es. 31/07/2019.")})
        super().__init__(**kwargs)


class NumeroField(ItalianDecimalField):
    """A number typed the Italian way, parsed as everywhere else in the product (numeri.py)."""


class MotivazioneField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 3}))
        kwargs.setdefault("label", _("Motivazione"))
        super().__init__(**kwargs)


class PeriodoApriForm(forms.Form):
    data_apertura = DataField(label=_("Apertura"))
    data_chiusura = DataField(label=_("Chiusura prevista"))

    def clean(self):
        cleaned = super().clean()
        apertura, chiusura = cleaned.get("data_apertura"), cleaned.get("data_chiusura")
        if apertura and chiusura and chiusura < apertura:
            self.add_error("data_chiusura", _("La chiusura prevista non può precedere l'apertura."))
        return cleaned


class PeriodoChiudiForm(forms.Form):
    motivazione = MotivazioneField(required=False, label=_("Nota (facoltativa)"))


class PeriodoRiapriForm(forms.Form):
    motivazione = MotivazioneField(
        label=_("Motivazione della riapertura"),
        error_messages={"required": _("Per riaprire un periodo chiuso scriva la motivazione.")},
    )
    data_chiusura = DataField(label=_("Nuova chiusura prevista"), required=False)


class CruscottoSceltaForm(forms.Form):
    anno = forms.TypedChoiceField(label=_("Anno"), coerce=int)
    periodo = forms.ChoiceField(label=_("Periodo"), choices=Misurazione.Periodo.choices)

    def __init__(self, *args, anni, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["anno"].choices = [(a, str(a)) for a in anni]  # str: no "2.018" from localisation


class VariazioneForm(forms.Form):
    numero_atto = forms.CharField(label=_("Numero della deliberazione"), max_length=20)
    data_atto = DataField(label=_("Data della deliberazione"))
    motivazione = MotivazioneField(label=_("Motivazione della variazione"))


class _PianoForm(forms.Form):
    """A change form whose choices are the objectives (or indicators) of one Piano."""

    def __init__(self, *args, piano, **kwargs):
        super().__init__(*args, **kwargs)
        self.piano = piano


class TargetVariatoForm(_PianoForm):
    indicatore = forms.ModelChoiceField(label=_("Indicatore"), queryset=Indicatore.objects.none())
    anno = forms.TypedChoiceField(label=_("Anno"), coerce=int)
    valore = NumeroField(label=_("Nuovo valore atteso"), required=False, max_digits=14, decimal_places=4)
    data_scadenza = DataField(label=_("Nuova data attesa (indicatori a scadenza)"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicatore"].queryset = Indicatore.objects.filter(obiettivo__piano=self.piano).select_related("obiettivo")
        self.fields["indicatore"].label_from_instance = lambda i: f"{i.obiettivo.codice} – {i.nome}"
        self.fields["anno"].choices = [(a, str(a)) for a in self.piano.anni]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("valore") is None and cleaned.get("data_scadenza") is None and not self.errors:
            self.add_error("valore", _("Indichi il nuovo valore atteso (o la nuova data attesa)."))
        return cleaned


def _obiettivi_field(piano, label):
    field = forms.ModelChoiceField(
        label=label, queryset=Obiettivo.objects.filter(piano=piano, ritirato_con__isnull=True)
    )
    field.label_from_instance = lambda o: f"{o.codice} – {o.titolo}"
    return field


class PesoForm(_PianoForm):
    peso = NumeroField(label=_("Nuovo peso"), min_value=0, max_value=100, max_digits=5, decimal_places=2)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields = {"obiettivo": _obiettivi_field(self.piano, _("Obiettivo")), **self.fields}


class RitiroForm(_PianoForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["obiettivo"] = _obiettivi_field(self.piano, _("Obiettivo da ritirare"))


class NuovoObiettivoForm(_PianoForm):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    codice = forms.CharField(label=_("Codice"), max_length=20, required=False,
                             help_text=_("Se lo lascia vuoto viene generato, es. «AMM.3»."))
    titolo = forms.CharField(label=_("Titolo"), max_length=300)
    tipo = forms.ChoiceField(label=_("Tipo"), choices=Obiettivo.Tipo.choices, initial=Obiettivo.Tipo.MANTENIMENTO)
    peso = NumeroField(label=_("Peso"), min_value=0, max_value=100, max_digits=5, decimal_places=2, required=False,
                       help_text=_("Vuoto se gli obiettivi del Piano non hanno un peso (ciascuno vale una quota uguale)."))
    scadenza = DataField(label=_("Scadenza"), required=False)
    risultato_atteso = forms.CharField(label=_("Risultato atteso"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(ente_id=self.piano.ente_id)


CHANGE_FORMS = {
    "target": TargetVariatoForm,
    "peso": PesoForm,
    "ritiro": RitiroForm,
    "nuovo": NuovoObiettivoForm,
}


class RettificaForm(forms.Form):
    percentuale = NumeroField(
        label=_("Grado di raggiungimento rettificato (%)"), required=False, min_value=0, max_value=100,
        max_digits=5, decimal_places=2,
    )
    non_valutabile = forms.BooleanField(label=_("Non valutabile"), required=False)
    motivazione = MotivazioneField(
        label=_("Motivazione della rettifica"),
        error_messages={"required": _("La rettifica richiede una motivazione scritta.")},
    )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("non_valutabile") and cleaned.get("percentuale") is None and "percentuale" not in self.errors:
            self.add_error("percentuale", _("Indichi un grado tra 0 e 100, oppure scelga «non valutabile»."))
        return cleaned


class RevocaForm(forms.Form):
    motivazione = MotivazioneField(
        label=_("Motivazione della revoca"),
        error_messages={"required": _("La revoca di una rettifica richiede una motivazione scritta.")},
    )
