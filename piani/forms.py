"""Forms of the Piano page: the template's years, the upload, the deliberation of a variation."""

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from obiettivi.forms import ItalianDecimalField
from ciclo.forms import DataField, VariazioneForm
from django.contrib.auth import get_user_model

from obiettivi.models import Area, Indicatore, Obiettivo, ObiettivoStrategico, Piano, Programma

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


PESO_VUOTO = _("Se lo lascia vuoto vale una quota uguale agli altri (allora nessuno ha un peso).")


class TargetGrigliaForm(forms.Form):
    """An objective's weight and one row of targets per indicator, one column per year of the Piano.
    A year frozen by an approved Relazione is shown disabled: what is posted for it is ignored."""

    peso = ItalianDecimalField(label=_("Peso dell'obiettivo"), max_digits=5, decimal_places=2, required=False,
                               min_value=Decimal(0), max_value=Decimal(100), help_text=PESO_VUOTO)
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
    peso = ItalianDecimalField(label=_("Peso"), max_digits=5, decimal_places=2, min_value=Decimal(0), max_value=Decimal(100),
                               required=False, help_text=PESO_VUOTO)
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


# The plan editor's own pages ------------------------------------------------------------------------

def _variazione_fields(form):
    form.fields["numero_atto"] = forms.CharField(label=_("Numero della deliberazione di variazione"), max_length=20,
                                                 required=False, help_text=_("Solo se cambia il peso."))
    form.fields["data_atto"] = DataField(label=_("Data della deliberazione"), required=False)
    form.fields["motivazione"] = forms.CharField(label=_("Motivazione della variazione"), required=False,
                                                 widget=forms.Textarea(attrs={"rows": 2}))


def _variazione_of(form):
    data = {k: form.cleaned_data.get(k) for k in ("numero_atto", "data_atto", "motivazione") if k in form.fields}
    return data if any(data.values()) else None


class PianoNuovoForm(forms.Form):
    """A new empty draft Piano, to fill on the site or from the workbook."""

    anno_inizio = forms.IntegerField(label=_("Primo anno"), min_value=2000, max_value=2100)
    anno_fine = forms.IntegerField(label=_("Ultimo anno"), min_value=2000, max_value=2100,
                                   help_text=_("Lo stesso anno per un PEG annuale."))
    titolo = forms.CharField(label=_("Titolo"), max_length=200, initial="Piano della Performance")
    organo_approvazione = forms.ChoiceField(label=_("Organo che approva"), choices=Piano.Organo.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, prefix="nuovo", **kwargs)


class PianoDatiForm(forms.Form):
    titolo = forms.CharField(label=_("Titolo"), max_length=200)
    organo_approvazione = forms.ChoiceField(label=_("Organo che approva"), choices=Piano.Organo.choices)
    numero_atto = forms.CharField(label=_("Numero della deliberazione di approvazione"), max_length=20, required=False)
    data_atto = DataField(label=_("Data della deliberazione di approvazione"), required=False)
    approva = forms.BooleanField(label=_("Il Piano è approvato con questa deliberazione"), required=False,
                                 help_text=_("Da quel momento un cambio di target o di peso è una variazione del Piano."))

    def __init__(self, *args, piano, **kwargs):
        kwargs.setdefault("initial", {"titolo": piano.titolo, "organo_approvazione": piano.organo_approvazione,
                                      "numero_atto": piano.numero_atto, "data_atto": piano.data_atto})
        super().__init__(*args, **kwargs)
        if piano.stato != Piano.Stato.BOZZA:
            del self.fields["approva"]


def _person_label(user):
    return user.get_full_name() or user.get_username()


class ObiettivoDatiForm(forms.Form):
    """An objective's own data; its weight and targets are on its page, its phases on theirs."""

    titolo = forms.CharField(label=_("Titolo"), max_length=300)
    descrizione = forms.CharField(label=_("Descrizione e finalità"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    risultato_atteso = forms.CharField(label=_("Risultato atteso"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tipo = forms.ChoiceField(label=_("Tipo"), choices=Obiettivo.Tipo.choices)
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(),
                                  error_messages={"invalid_choice": _("Scelga un'area dell'ente.")})
    responsabile = forms.ModelChoiceField(label=_("Responsabile"), queryset=get_user_model().objects.none(),
                                          error_messages={"invalid_choice": _("Scelga una persona dell'ente.")})
    data_inizio = DataField(label=_("Inizio"), required=False)
    scadenza = DataField(label=_("Scadenza"), required=False)
    obiettivo_strategico = forms.ModelChoiceField(label=_("Obiettivo strategico del DUP"), required=False,
                                                  queryset=ObiettivoStrategico.objects.none(),
                                                  error_messages={"invalid_choice": _("Scelga un obiettivo strategico dell'ente.")})
    programma = forms.ModelChoiceField(label=_("Missione e programma"), required=False, queryset=Programma.objects.all(),
                                       error_messages={"invalid_choice": _("Scelga un programma dell'elenco.")})

    FIELDS = ("titolo", "descrizione", "risultato_atteso", "tipo", "area", "responsabile", "data_inizio", "scadenza",
              "obiettivo_strategico", "programma")

    def __init__(self, *args, obiettivo, **kwargs):
        kwargs.setdefault("initial", {name: getattr(obiettivo, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        ente_id = obiettivo.piano.ente_id
        self.fields["area"].queryset = Area.objects.filter(ente_id=ente_id).order_by("ordine", "nome")
        self.fields["responsabile"].queryset = (get_user_model().objects.filter(ruoli__ente_id=ente_id).distinct()
                                                .order_by("last_name", "first_name", "username"))
        self.fields["responsabile"].label_from_instance = _person_label
        self.fields["obiettivo_strategico"].queryset = ObiettivoStrategico.objects.filter(ente_id=ente_id).order_by("codice")

    def values(self):
        return {name: self.cleaned_data[name] for name in self.FIELDS}


class FaseForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    descrizione = forms.CharField(label=_("Fase"), max_length=300, required=False)
    data_inizio = DataField(label=_("Inizio"), required=False, help_text="")
    data_fine = DataField(label=_("Fine"), required=False, help_text="")
    togli = forms.BooleanField(label=_("Togli"), required=False)

    def clean(self):
        cleaned = super().clean()
        filled = [cleaned.get(k) for k in ("descrizione", "data_inizio", "data_fine")]
        if cleaned.get("togli") or not any(filled) and not cleaned.get("id"):
            return cleaned
        for name, value in zip(("descrizione", "data_inizio", "data_fine"), filled):
            if not value and name not in self.errors:
                self.add_error(name, _("Questo campo è obbligatorio."))
        return cleaned


class BaseFasiFormSet(forms.BaseFormSet):
    def __init__(self, *args, fasi, **kwargs):
        self.fasi = {f.pk: f for f in fasi}
        kwargs.setdefault("initial", [{"id": f.pk, "descrizione": f.descrizione, "data_inizio": f.data_inizio,
                                       "data_fine": f.data_fine} for f in fasi])
        super().__init__(*args, **kwargs)

    def clean(self):
        for form in self.forms:
            pk = form.cleaned_data.get("id") if hasattr(form, "cleaned_data") else None
            if pk is not None and pk not in self.fasi:
                raise ValidationError(_("Una delle fasi non è più di questo obiettivo: ricarichi la pagina."))

    def righe(self):
        """[(fase or None, values or None)] for services.fasi_save: None values remove the phase."""
        result = []
        for form in self.forms:
            data = form.cleaned_data
            fase = self.fasi.get(data.get("id"))
            if data.get("togli"):
                if fase is not None:
                    result.append((fase, None))
            elif data.get("descrizione"):
                result.append((fase, {"descrizione": data["descrizione"].strip(), "data_inizio": data["data_inizio"],
                                      "data_fine": data["data_fine"]}))
        return result


FasiFormSet = forms.formset_factory(FaseForm, formset=BaseFasiFormSet, extra=2, max_num=200, validate_max=True)


class IndicatoreForm(forms.Form):
    nome = forms.CharField(label=_("Nome"), max_length=300)
    tipo = forms.ChoiceField(label=_("Tipo"), choices=Indicatore.Tipo.choices)
    formula = forms.ChoiceField(label=_("Come si misura"), choices=Indicatore.TipoFormula.choices)
    unita = forms.CharField(label=_("Unità di misura"), max_length=40, required=False)
    direzione = forms.ChoiceField(label=_("Verso"), choices=Indicatore.Verso.choices)
    fonte_dati = forms.CharField(label=_("Fonte dei dati"), max_length=200, required=False)
    baseline = ItalianDecimalField(label=_("Baseline (valore dell'anno precedente)"), required=False, max_digits=14, decimal_places=4)
    usa_baseline = forms.BooleanField(label=_("Misura il progresso dalla baseline"), required=False)
    peso = ItalianDecimalField(label=_("Peso nell'obiettivo"), max_digits=5, decimal_places=2, required=False,
                               min_value=Decimal(0), max_value=Decimal(100), initial=Decimal(100), help_text=PESO_VUOTO)

    FIELDS = ("nome", "tipo", "formula", "unita", "direzione", "fonte_dati", "baseline", "usa_baseline", "peso")

    def __init__(self, *args, indicatore=None, approvato=False, **kwargs):
        if indicatore is not None:
            kwargs.setdefault("initial", {name: getattr(indicatore, name) for name in self.FIELDS})
        super().__init__(*args, **kwargs)
        if indicatore is not None and approvato:
            _variazione_fields(self)

    def values(self):
        values = {name: self.cleaned_data[name] for name in self.FIELDS}
        values["nome"] = values["nome"].strip()
        return values

    def variazione(self):
        return _variazione_of(self)
