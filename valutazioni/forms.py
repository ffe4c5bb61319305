"""Forms of the evaluation: plain fields turned into domain values; the rules are the services'."""

from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from enti.models import Dipendente
from obiettivi.forms import ItalianDateField
from obiettivi.numeri import ItalianDecimalField
from relazioni.files import pdf_problem

from .models import Categoria, Conciliazione, Smvp

PERCENT = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal(0), "max_value": Decimal(100)}


class SmvpForm(forms.Form):
    tipo_premio = forms.ChoiceField(label=_("Regola del premio"), choices=Smvp.TipoPremio.choices)
    punteggio_minimo = ItalianDecimalField(label=_("Punteggio minimo per un premio"), **PERCENT)
    fasce_testo = forms.CharField(
        label=_("Fasce"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Una fascia per riga: soglia, percentuale del premio pieno, nome. Es. «90 100 Eccellente»."))
    quota_differenziazione = ItalianDecimalField(label=_("Quota di personale con la maggiorazione (%)"), **PERCENT)
    maggiorazione = ItalianDecimalField(label=_("Maggiorazione (% del premio medio, almeno 30)"), max_digits=5,
                                        decimal_places=2, min_value=Decimal(30), max_value=Decimal(200))
    giorni_conciliazione = forms.IntegerField(label=_("Giorni per chiedere la revisione"), min_value=1, max_value=365)
    scala_max = forms.IntegerField(label=_("Massimo della scala dei comportamenti"), min_value=1, max_value=10)
    descrittori_scala = forms.CharField(label=_("Descrittori della scala"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 4}),
                                        help_text=_("Un livello per riga, dal più basso."))


class PesiForm(forms.Form):
    """The weights of one category (prefix = the category's id)."""

    ente = ItalianDecimalField(label=_("Performance dell'ente (%)"), **PERCENT)
    area = ItalianDecimalField(label=_("Performance dell'area (%)"), **PERCENT)
    obiettivi = ItalianDecimalField(label=_("Obiettivi individuali (%)"), **PERCENT)
    comportamenti = ItalianDecimalField(label=_("Comportamenti (%)"), **PERCENT)


class CategoriaForm(forms.Form):
    """One category of the SMVP; the blank extra form adds one (its selects start empty, so an
    untouched extra form is not a change)."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    nome = forms.CharField(label=_("Nome"), max_length=200)
    tipo = forms.ChoiceField(label=_("Tipo"), choices=[("", "—")] + Categoria.Tipo.choices)
    valutatore = forms.ChoiceField(label=_("Chi valuta"), choices=[("", "—")] + Categoria.Valutatore.choices)
    peso_ente = ItalianDecimalField(label=_("Performance dell'ente (%)"), **PERCENT)
    peso_area = ItalianDecimalField(label=_("Performance dell'area (%)"), **PERCENT)
    peso_obiettivi = ItalianDecimalField(label=_("Obiettivi individuali (%)"), **PERCENT)
    peso_comportamenti = ItalianDecimalField(label=_("Comportamenti (%)"), **PERCENT)


class ComportamentoForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    nome = forms.CharField(label=_("Nome"), max_length=200)
    descrizione = forms.CharField(label=_("Descrizione (che cosa si osserva)"), required=False, max_length=2000,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    motivazione_obbligatoria = forms.BooleanField(label=_("Il punteggio richiede una motivazione"), required=False)


def formset_rows(formset):
    """The formset's rows for the service: the changed or existing ones, each with "elimina"."""
    righe = []
    for f in formset.forms:
        if not f.has_changed() and not f.cleaned_data.get("id"):
            continue
        data = dict(f.cleaned_data)
        data.setdefault("id", None)  # a row marked for deletion is not validated: its id may be missing
        data["elimina"] = bool(data.pop("DELETE", False))
        righe.append(data)
    return righe


CategorieFormSet = forms.formset_factory(CategoriaForm, extra=1, can_delete=True, max_num=30, absolute_max=30)
ComportamentiFormSet = forms.formset_factory(ComportamentoForm, extra=1, can_delete=True, max_num=50,
                                             absolute_max=50)


class DocumentoForm(forms.Form):
    atto_numero = forms.CharField(label=_("Numero dell'atto di adozione"), max_length=20)
    atto_data = ItalianDateField(label=_("Data dell'atto"))
    documento = forms.FileField(label=_("Documento adottato (PDF)"))

    def clean_documento(self):
        documento = self.cleaned_data["documento"]
        problem = pdf_problem(documento)
        if problem:
            raise forms.ValidationError(problem)
        return documento


class _ReadRows(ModelChoiceIterator):
    """The options from the rows the form has already read (`field.rows`), not from a new query: the
    same rows as the field's queryset, which still checks what is submitted."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for row in self.field.rows:
            yield self.choice(row)

    def __len__(self):
        return len(self.field.rows) + (self.field.empty_label is not None)

    def __bool__(self):
        return self.field.empty_label is not None or bool(self.field.rows)


class ReadRowsChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose options are `rows`, read once with its queryset (set both)."""

    iterator = _ReadRows
    rows = ()


class SchedaNuovaForm(forms.Form):
    persona = forms.ChoiceField(label=_("Persona valutata"))
    categoria = ReadRowsChoiceField(label=_("Categoria"), queryset=None)
    valutatore = ReadRowsChoiceField(label=_("Valutatore"), queryset=None)
    atto_sindaco = forms.CharField(label=_("Atto del Sindaco (se valuta il Sindaco)"), max_length=200, required=False,
                                   help_text=_("Es. «Decreto del Sindaco n. 3 del 15/05/2019»."))

    def __init__(self, *args, ente, smvp, **kwargs):
        super().__init__(*args, **kwargs)
        users = get_user_model().objects.filter(ruoli__ente=ente, is_active=True).distinct().order_by("last_name", "username")
        self.users = {u.pk: u for u in users}
        self.dipendenti = {d.pk: d for d in Dipendente.objects.filter(ente=ente, attivo=True)}
        self.fields["persona"].choices = [("", "—")] + [
            (f"u{u.pk}", u.get_full_name() or u.get_username()) for u in self.users.values()] + [
            (f"d{d.pk}", f"{d.cognome} {d.nome} ({_('senza accesso')})") for d in self.dipendenti.values()]
        self.fields["categoria"].queryset = smvp.categorie.all()
        self.fields["categoria"].rows = list(smvp.categorie.all())  # prefetched with the SMVP when it was
        self.fields["valutatore"].queryset = users
        self.fields["valutatore"].rows = list(self.users.values())

    def clean_persona(self):
        value = self.cleaned_data["persona"]
        kind, pk = value[:1], value[1:]
        target = (self.users if kind == "u" else self.dipendenti).get(int(pk)) if pk.isdigit() else None
        if target is None:
            raise forms.ValidationError(_("Scegliere una persona dell'ente."))
        return ("utente" if kind == "u" else "dipendente"), target


class PunteggiForm(forms.Form):
    """One score and one motivation per behaviour of the SMVP, and the evaluator's judgement."""

    def __init__(self, *args, comportamenti, scala_max, descrittori, **kwargs):
        super().__init__(*args, **kwargs)
        livelli = [("", "—")] + [(str(i), descrittori[i - 1] if i <= len(descrittori) else str(i))
                                 for i in range(1, scala_max + 1)]
        self.comportamenti = list(comportamenti)
        for c in self.comportamenti:
            self.fields[f"c{c.pk}"] = forms.TypedChoiceField(label=c.nome, choices=livelli, coerce=int,
                                                             empty_value=None, required=False,
                                                             help_text=c.descrizione)
            self.fields[f"m{c.pk}"] = forms.CharField(
                label=_("Motivazione – %(nome)s") % {"nome": c.nome}, required=False, max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2}))
        self.fields["giudizio"] = forms.CharField(label=_("Giudizio complessivo"), required=False, max_length=5000,
                                                  widget=forms.Textarea(attrs={"rows": 3}))

    def punteggi(self):
        return {c.pk: (self.cleaned_data[f"c{c.pk}"], self.cleaned_data[f"m{c.pk}"]) for c in self.comportamenti}


class TestoForm(forms.Form):
    testo = forms.CharField(label=_("Testo"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class AudizioneForm(forms.Form):
    data = ItalianDateField(label=_("Data dell'audizione"))


class EsitoForm(forms.Form):
    esito = forms.ChoiceField(label=_("Esito"), choices=Conciliazione.Esito.choices)
    motivazione = forms.CharField(label=_("Motivazione dell'esito"), max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    punteggio = ItalianDecimalField(label=_("Nuovo punteggio (se modificata)"), required=False, **PERCENT)


class RettificaForm(forms.Form):
    componente = forms.ChoiceField(label=_("Componente"), choices=[
        ("ente", _("Performance dell'ente")), ("area", _("Performance dell'area")),
        ("obiettivi", _("Obiettivi individuali"))])
    valore = ItalianDecimalField(label=_("Nuovo valore (%) – vuoto per togliere la rettifica"), required=False,
                                 **PERCENT)
    motivazione = forms.CharField(label=_("Motivazione"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


class RisorseForm(forms.Form):
    importo = ItalianDecimalField(label=_("Risorse (€)"), max_digits=12, decimal_places=2, min_value=Decimal(0))


class ConfermaForm(forms.Form):
    atto = forms.CharField(label=_("Atto di conferma"), max_length=200,
                           help_text=_("Es. «Determinazione n. 45 del 30/06/2019»."))
