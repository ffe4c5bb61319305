"""Forms of the responsabili's data entry. Input is Italian: 12,5 and 1.234,5; dates gg/mm/aaaa."""

import re
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicatore, Misurazione, Monitoraggio
from .numeri import ItalianDecimalField, parse_italian_decimal  # noqa: F401 (importable from here too)
from .services import ConflittoModifica
from .validators import ANNO_MAX, ANNO_MIN, validate_data


class ItalianDateField(forms.DateField):
    """A date typed gg/mm/aaaa, between 1990 and 2100: 01/01/0001 is a typo, not a date to store."""

    input_formats = ["%d/%m/%Y", "%d/%m/%y", "%d.%m.%Y", "%Y-%m-%d"]
    default_error_messages = {"invalid": _("Inserisca una data nella forma gg/mm/aaaa, ad esempio 31/07/2018.")}
    default_validators = [validate_data]

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "gg/mm/aaaa", "autocomplete": "off"}))
        super().__init__(**kwargs)


class MisurazioneForm(forms.Form):
    """The value of one indicator in one period; its fields follow the indicator's formula."""

    versione = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args, indicatore, periodo, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicatore, self.periodo = indicatore, periodo
        formula = indicatore.formula
        unita = f" ({indicatore.unita})" if indicatore.unita and formula == Indicatore.TipoFormula.NUMERO else ""
        if formula == Indicatore.TipoFormula.NUMERO:
            self.fields["valore"] = ItalianDecimalField(label=_("Valore") + unita, required=False)
        elif formula == Indicatore.TipoFormula.RAPPORTO:
            self.fields["valore"] = ItalianDecimalField(label=_("Numeratore"), required=False)
            self.fields["denominatore"] = ItalianDecimalField(label=_("Denominatore"), required=False)
        elif formula == Indicatore.TipoFormula.SI_NO:
            self.fields["valore"] = forms.TypedChoiceField(
                label=_("Realizzato"), required=False, coerce=Decimal, empty_value=None,
                choices=[("", _("— non ancora indicato —")), ("1", _("Sì")), ("0", _("No"))],
            )
        elif formula == Indicatore.TipoFormula.SCADENZA:
            self.fields["data_realizzazione"] = ItalianDateField(label=_("Data di realizzazione"), required=False)
        else:
            self.fields["valore"] = ItalianDecimalField(
                label=_("Valutazione (da 0 a 100 %)"), required=False, min_value=Decimal(0), max_value=Decimal(100)
            )
        self.fields["testo"] = forms.CharField(
            label=_("Il risultato in parole (facoltativo)"), required=False, max_length=200,
            help_text=_("Come lo scrive la scheda, es. «n. 4» o «individuati»: si mostra accanto al valore."),
        )
        self.fields["nota"] = forms.CharField(
            label=_("Nota ed evidenze (delibere, determine...)"), required=False,
            widget=forms.Textarea(attrs={"rows": 2}),
        )
        if periodo == Misurazione.Periodo.CONSUNTIVO:
            self.fields["causa_scostamento"] = forms.ChoiceField(
                label=_("Causa dello scostamento"), required=False,
                choices=[("", _("— nessuno scostamento —")), *Misurazione.Causa.choices],
            )
            self.fields["motivazione"] = forms.CharField(
                label=_("Motivazione dello scostamento"), required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                help_text=_("Obbligatoria se il target non è raggiunto."),
            )
        if formula == Indicatore.TipoFormula.SI_NO and self.initial.get("valore") is not None:
            # The select matches options by text: a stored 1.0000 must read "1", or the page would show
            # "non ancora indicato" and the next save would clear the value.
            self.initial["valore"] = "1" if self.initial["valore"] == 1 else "0"
        track_changes(self)

    def clean(self):
        data = super().clean()
        has_num = data.get("valore") is not None
        has_den = data.get("denominatore") is not None
        typed_wrong = "valore" in self.errors or "denominatore" in self.errors  # already told, once is enough
        if "denominatore" in self.fields and has_num != has_den and not typed_wrong:
            self.add_error("denominatore" if has_num else "valore", _("Per un rapporto servono numeratore e denominatore."))
        if has_den and data["denominatore"] == 0:
            self.add_error("denominatore", _("Il denominatore non può essere zero."))
        return data

    def values(self):
        """The service's view of the form: every field of Misurazione the form carries."""
        return {name: value for name, value in self.cleaned_data.items() if name != "versione"}


class MonitoraggioForm(forms.Form):
    versione = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    stato = forms.ChoiceField(
        label=_("Stato di attuazione"), required=False,
        choices=[("", _("— non ancora indicato —")), *Monitoraggio.Stato.choices],
    )
    commento = forms.CharField(label=_("Commento"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    azioni_correttive = forms.CharField(
        label=_("Azioni correttive"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        track_changes(self)

    def values(self):
        return {name: value for name, value in self.cleaned_data.items() if name != "versione"}


def track_changes(form):
    """Each field also posts the value the page showed (a hidden "initial-" input), so that a save
    knows what this user changed rather than what differs from the database now. A row the user
    did not touch is then left alone: no false conflict when someone else saved it meanwhile, and no
    stale value written back over theirs."""
    for name, field in form.fields.items():
        if name != "versione":
            field.show_hidden_initial = True


def is_changed(form):
    """The user changed something in this form (the version read is not a change)."""
    return any(name != "versione" for name in form.changed_data)


def initial_for(instance, names):
    """Initial data of a form from the stored row (or blanks), with the version read now."""
    initial = {"versione": instance.versione if instance else 0}
    if instance is not None:
        for name in names:
            initial[name] = getattr(instance, name, None)
    return initial


# "i12-luglio-valore" or "initial-i12-luglio-valore": a row of indicator 12.
_ROW_KEY = re.compile(r"^(?:initial-)?i(\d+)-")

MISURAZIONE_FIELDS = ["valore", "denominatore", "data_realizzazione", "testo", "nota", "causa_scostamento", "motivazione"]
MONITORAGGIO_FIELDS = ["stato", "commento", "azioni_correttive"]


class SchedaValori:
    """All the value forms of one objective page: per indicator, one form per open period, and the
    objective's status in each open period. Valid only if every form is."""

    def __init__(self, risultato, periodi_aperti, data=None):
        self.risultato = risultato
        self.periodi_aperti = list(periodi_aperti)
        self.righe = []
        for ri in risultato.indicatori:
            forms_by_period = {}
            for periodo in self.periodi_aperti:
                stored = ri.luglio if periodo == Misurazione.Periodo.LUGLIO else ri.consuntivo
                forms_by_period[periodo] = MisurazioneForm(
                    data, prefix=f"i{ri.indicatore.pk}-{periodo}", indicatore=ri.indicatore, periodo=periodo,
                    initial=initial_for(stored, MISURAZIONE_FIELDS),
                )
            self.righe.append((ri, forms_by_period))
        # The objective's status (in linea / in ritardo / critico) in each open period.
        stored_status = {Misurazione.Periodo.LUGLIO: risultato.monitoraggio_luglio,
                         Misurazione.Periodo.CONSUNTIVO: risultato.monitoraggio_consuntivo}
        self.stati = {
            periodo: MonitoraggioForm(data, prefix=f"stato-{periodo}",
                                      initial=initial_for(stored_status[periodo], MONITORAGGIO_FIELDS))
            for periodo in self.periodi_aperti
        }

    def __bool__(self):
        return bool(self.periodi_aperti)

    def forms(self):
        for _ri, forms_by_period in self.righe:
            yield from forms_by_period.values()
        yield from self.stati.values()

    def is_valid(self):
        return all([form.is_valid() for form in self.forms()])  # a list: every form reports its errors

    def misurazioni(self):
        """(indicatore, periodo, values, versione read) for the service: the rows the user changed."""
        return [
            (ri.indicatore, periodo, form.values(), form.cleaned_data["versione"])
            for ri, forms_by_period in self.righe
            for periodo, form in forms_by_period.items()
            if is_changed(form)
        ]

    def monitoraggi(self):
        return [
            (periodo, form.values(), form.cleaned_data["versione"])
            for periodo, form in self.stati.items()
            if is_changed(form)
        ]

    def has_changes(self):
        return any(is_changed(form) for form in self.forms())

    def error_summary(self):
        """(field id, text) of every refusal on the page, in page order: the summary at the top of
        the form links each to its field, which on a phone may be thousands of pixels below."""
        items = []
        for ri, forms_by_period in self.righe:
            for periodo, form in forms_by_period.items():
                items += _form_errors(form, f"{ri.indicatore.nome} – {Misurazione.Periodo(periodo).label}")
        for periodo, form in self.stati.items():
            where = _("Stato di attuazione – %(periodo)s") % {"periodo": Misurazione.Periodo(periodo).label}
            items += _form_errors(form, where)
        return items

    def foreign_indicator_ids(self, data):
        """Indicator ids posted (as field prefixes) that are not this objective's: a forged form."""
        own = {ri.indicatore.pk for ri, _forms in self.righe}
        posted = {int(match[1]) for key in data if (match := _ROW_KEY.match(key))}
        return posted - own

    def form_for(self, target):
        """The form a service error is about: ("indicatore", pk, periodo) or ("monitoraggio", periodo)."""
        if target and target[0] == "indicatore":
            for ri, forms_by_period in self.righe:
                if ri.indicatore.pk == target[1]:
                    return forms_by_period.get(target[2])
        return self.stati.get(target[1]) if target else None

    def show_error(self, error):
        """Attach a service's refusal to the form it is about, keeping what the user typed."""
        form = self.form_for(getattr(error, "target", None))
        if form is None:
            return False
        for field, message in error.field_errors.items():
            form.add_error(field if field in form.fields else None, message)
        if isinstance(error, ConflittoModifica):
            # The page shows who saved what meanwhile next to the form (one notice, not two).
            current = error.current
            form.conflitto = True
            form.valore_attuale = current
            if current is not None:
                # Saving again now is a deliberate choice to replace the value the other user saved.
                form.data = form.data.copy()
                form.data[form.add_prefix("versione")] = current.versione
        elif not error.field_errors:
            form.add_error(None, error.message)
        return True


def _form_errors(form, where):
    if not form.is_bound:
        return []
    visible = form.visible_fields()
    first = visible[0].auto_id if visible else ""
    # Refusals of the whole row (a hidden field, a service's rule, a conflict) point at its first field.
    messages = list(form.non_field_errors()) + [m for bf in form.hidden_fields() for m in bf.errors]
    if getattr(form, "conflitto", False):
        messages.append(_("un altro utente ha salvato questi dati dopo che Lei ha aperto la pagina: li controlli e salvi di nuovo."))
    items = [(first, f"{where}: {message}") for message in messages]
    items += [(bf.auto_id, f"{where} – {bf.label}: {message}") for bf in visible for message in bf.errors]
    return items


class ValoreStoricoForm(forms.Form):
    """The Segretario's value of an indicator in a year before its Piano."""

    anno = forms.IntegerField(label=_("Anno"), min_value=ANNO_MIN, max_value=ANNO_MAX,
                              error_messages={"invalid": _("Indichi l'anno con quattro cifre, es. 2012.")})
    valore = ItalianDecimalField(label=_("Valore"), required=False)
    testo = forms.CharField(label=_("Valore come scritto nel documento"), required=False, max_length=200)
    fonte = forms.CharField(label=_("Fonte"), required=False, max_length=200,
                            help_text=_("Es. «Relazione sulla Performance 2012»."))
