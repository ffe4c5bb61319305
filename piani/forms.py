"""Forms of the Piano page: the template's years, the upload, the deliberation of a variation."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from obiettivi.forms_ciclo import VariazioneForm
from obiettivi.models import Obiettivo

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
