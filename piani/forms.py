"""Forms of the Piano page: the template's years, the upload, the deliberation of a variation."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from obiettivi.forms import ItalianDecimalField
from ciclo.forms import DataField, VariazioneForm
from obiettivi.models import Area, Indicatore, Obiettivo

from .workbook import MAX_BYTES


class ModelloForm(forms.Form):
    """The years of the empty workbook to download."""

    anno_inizio = forms.IntegerField(label=_("Primo anno"), min_value=2000, max_value=2100)
    anno_fine = forms.IntegerField(label=_("Ultimo anno"), min_value=2000, max_value=2100,
                                   help_text=_("Lo stesso anno per un PEG annuale."))
    formato = forms.ChoiceField(label=_("Formato"), choices=[("xlsx", _("Excel (XLSX)")), ("ods", _("LibreOffice (ODS)"))])

    def clean(self):
        cleaned = super().clean()
        inizio, fine = cleaned.get("anno_inizio"), cleaned.get("anno_fine")
        if inizio and fine and not inizio <= fine <= inizio + 4:
            self.add_error("anno_fine", _("L'ultimo anno va dal primo anno a quattro anni dopo."))
        return cleaned


class CaricaForm(forms.Form):
    file = forms.FileField(label=_("Foglio di calcolo compilato (XLSX o ODS, al massimo 10 MB)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.ods"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # Checked on the size Django already knows: a 20 MB file is refused without being read.
        if upload.size > MAX_BYTES:
            raise ValidationError(_("Il file supera i 10 MB: lo divida o tolga i fogli che non servono."))
        return upload


class ConfermaForm(VariazioneForm):
    """The confirmation; the deliberation's fields matter only when the import varies an approved Piano."""

    def __init__(self, *args, richiede_variazione=False, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = richiede_variazione


class RiportoForm(forms.Form):
    """The years of the new Piano and the non-recurring objectives to carry into it."""

    anno_inizio = forms.IntegerField(label=_("Primo anno del nuovo Piano"), min_value=2000, max_value=2100)
    anno_fine = forms.IntegerField(label=_("Ultimo anno del nuovo Piano"), min_value=2000, max_value=2100,
                                   help_text=_("Lo stesso anno per un PEG annuale."))
    scelti = forms.ModelMultipleChoiceField(
        label=_("Obiettivi strategici e di miglioramento da riportare"), required=False,
        queryset=Obiettivo.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text=_("Gli obiettivi di mantenimento si riportano tutti; gli altri solo quelli scelti."),
    )

    def __init__(self, *args, piano, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["scelti"].queryset = (
            Obiettivo.objects.filter(piano=piano, ritirato_con__isnull=True).exclude(tipo=Obiettivo.Tipo.MANTENIMENTO)
            .select_related("area")
        )
        self.fields["scelti"].label_from_instance = lambda o: f"{o.codice} – {o.titolo} ({o.area.nome})"


class TargetGrigliaForm(forms.Form):
    """An objective's weight and one row of targets per indicator, one column per year of the Piano.
    A year frozen by an approved Relazione is shown disabled: what is posted for it is ignored."""

    peso = ItalianDecimalField(label=_("Peso dell'obiettivo"), max_digits=5, decimal_places=2,
                               min_value=Decimal(0), max_value=Decimal(100))
    numero_atto = forms.CharField(label=_("Numero della deliberazione di variazione"), max_length=20, required=False)
    data_atto = DataField(label=_("Data della deliberazione"), required=False)
    motivazione = forms.CharField(label=_("Motivazione della variazione"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, obiettivo, indicatori, targets, peso, frozen, **kwargs):
        super().__init__(*args, **kwargs)
        self.obiettivo, self.indicatori = obiettivo, indicatori
        self.fields["peso"].initial = peso
        self.righe = []
        for indicatore in indicatori:
            celle = []
            for anno in obiettivo.piano.anni:
                name = f"t_{indicatore.pk}_{anno}"
                label = _("Target %(anno)s di «%(nome)s»") % {"anno": anno, "nome": indicatore.nome}
                if indicatore.formula == Indicatore.TipoFormula.SCADENZA:
                    field = DataField(label=label, required=False, help_text="")
                else:
                    field = ItalianDecimalField(label=label, required=False)
                target = targets.get((indicatore.pk, anno))
                field.initial = (target.data_scadenza if indicatore.formula == Indicatore.TipoFormula.SCADENZA else target.valore) if target else None
                field.disabled = anno in frozen
                field.da_rivedere = bool(target and target.da_rivedere)
                self.fields[name] = field
                celle.append((anno, name))
            self.righe.append((indicatore, celle))

    def targets(self):
        """{(indicatore, anno): (valore, data_scadenza) | None} from the cleaned data."""
        result = {}
        for indicatore, celle in self.righe:
            for anno, name in celle:
                value = self.cleaned_data.get(name)
                if value is None:
                    result[(indicatore, anno)] = None
                elif indicatore.formula == Indicatore.TipoFormula.SCADENZA:
                    result[(indicatore, anno)] = (None, value)
                else:
                    result[(indicatore, anno)] = (value, None)
        return result

    def variazione(self):
        data = {k: self.cleaned_data.get(k) for k in ("numero_atto", "data_atto", "motivazione")}
        return data if any(data.values()) else None

    def griglia(self):
        """[(indicatore, [(anno, bound field)])] for the template's table."""
        return [(indicatore, [(anno, self[name]) for anno, name in celle]) for indicatore, celle in self.righe]


class NuovoObiettivoForm(forms.Form):
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none())
    codice = forms.CharField(label=_("Codice"), max_length=20, required=False,
                             help_text=_("Se lo lascia vuoto viene generato, es. «AMM.3»."))
    titolo = forms.CharField(label=_("Titolo"), max_length=300)
    tipo = forms.ChoiceField(label=_("Tipo"), choices=Obiettivo.Tipo.choices)
    peso = ItalianDecimalField(label=_("Peso"), max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100))
    numero_atto = forms.CharField(label=_("Numero della deliberazione di variazione"), max_length=20, required=False,
                                  help_text=_("Solo se il Piano è approvato."))
    data_atto = DataField(label=_("Data della deliberazione"), required=False)
    motivazione = forms.CharField(label=_("Motivazione della variazione"), required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, piano, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(ente_id=piano.ente_id).order_by("ordine", "nome")
        if piano.stato != piano.Stato.APPROVATO:
            for name in ("numero_atto", "data_atto", "motivazione"):
                del self.fields[name]

    def variazione(self):
        data = {k: self.cleaned_data.get(k) for k in ("numero_atto", "data_atto", "motivazione") if k in self.fields}
        return data if any(data.values()) else None
