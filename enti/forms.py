"""Forms of the "Persone e ruoli" and "Impostazioni dell'ente" pages. They turn input into domain
types and offer only this ente's areas and people; the rules live in services.py. None has a field
for is_staff, is_superuser, groups or permissions: extra POST keys are simply ignored."""

import re

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from ciclo.forms import DataField
from obiettivi.models import Area, Ente, Ruolo

from .models import Dipendente
from .services import ENTE_SETTINGS_FIELDS

STEMMA_MAX_BYTES = 1024 * 1024
STEMMA_FORMATS = {"PNG", "JPEG", "GIF", "WEBP"}


class AreeField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def __init__(self, ente, **kwargs):
        kwargs.setdefault("label", _("Aree che guida"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Solo per il ruolo di Responsabile. Chi guidava l'area prima lascia il posto."))
        kwargs.setdefault("error_messages", {
            "invalid_choice": _("Area sconosciuta."), "invalid_pk_value": _("Area sconosciuta."),
        })
        super().__init__(queryset=Area.objects.filter(ente=ente).select_related("responsabile"), **kwargs)

    def label_from_instance(self, area):
        if area.responsabile_id:
            return _("%(area)s (ora: %(nome)s)") % {
                "area": area.nome, "nome": area.responsabile.get_full_name() or area.responsabile.get_username(),
            }
        return area.nome


def ruoli_field():
    return forms.MultipleChoiceField(
        label=_("Ruoli nell'ente"), choices=Ruolo.Tipo.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Scelga almeno un ruolo."), "invalid_choice": _("Ruolo sconosciuto.")},
    )


class PersonaForm(forms.Form):
    """Add a person: who they are, what they do here."""

    nome = forms.CharField(label=_("Nome"), max_length=150)
    cognome = forms.CharField(label=_("Cognome"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), max_length=254,
        help_text=_("Se ha già un account (es. un Segretario di più comuni) riceve solo il ruolo; altrimenti le arriva un invito per scegliere la password."),
        error_messages={"invalid": _("Scriva un indirizzo e-mail valido, es. nome.cognome@comune.it.")},
    )

    def __init__(self, *args, ente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ruoli"] = ruoli_field()
        self.fields["aree"] = AreeField(ente)


class RuoliForm(forms.Form):
    """Change a person's roles and areas in this ente."""

    def __init__(self, *args, ente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ruoli"] = ruoli_field()
        self.fields["aree"] = AreeField(ente)


class AccountForm(forms.Form):
    """A person's name and e-mail, where the manager may change them."""

    nome = forms.CharField(label=_("Nome"), max_length=150)
    cognome = forms.CharField(label=_("Cognome"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail"), max_length=254,
        error_messages={"invalid": _("Scriva un indirizzo e-mail valido, es. nome.cognome@comune.it.")},
    )


class DisattivaForm(forms.Form):
    """Deactivate a person here: for every area they head, who takes it over (or nobody yet)."""

    conferma = forms.BooleanField(
        label=_("Confermo: togliere a questa persona tutti i ruoli nell'ente"),
        error_messages={"required": _("Spunti la conferma per disattivare la persona.")},
    )

    def __init__(self, *args, ente, persona, **kwargs):
        super().__init__(*args, **kwargs)
        self.aree = list(Area.objects.filter(ente=ente, responsabile=persona).order_by("ordine", "nome"))
        altri = (
            get_user_model().objects.filter(ruoli__ente=ente).exclude(pk=persona.pk).distinct()
            .order_by("last_name", "first_name", "username")
        )
        for area in self.aree:
            self.fields[f"area_{area.pk}"] = forms.ModelChoiceField(
                queryset=altri, required=False, label=_("Nuovo responsabile di «%(area)s»") % {"area": area.nome},
                empty_label=_("Nessuno per ora: l'area resta senza responsabile"),
                error_messages={"invalid_choice": _("Scelga una persona dell'ente.")},
            )
            self.fields[f"area_{area.pk}"].label_from_instance = lambda u: u.get_full_name() or u.get_username()
        self.order_fields([f"area_{area.pk}" for area in self.aree] + ["conferma"])

    def sostituti(self):
        return {area: self.cleaned_data.get(f"area_{area.pk}") for area in self.aree}


class DipendenteForm(forms.ModelForm):
    class Meta:
        model = Dipendente
        fields = ["nome", "cognome", "area", "inquadramento"]

    def __init__(self, *args, ente, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = Area.objects.filter(ente=ente)
        self.fields["area"].empty_label = _("Nessuna")
        self.fields["area"].error_messages["invalid_choice"] = _("Area sconosciuta.")


class CessazioneForm(forms.Form):
    data_cessazione = DataField(label=_("Data di cessazione"))


class ImpostazioniForm(forms.ModelForm):
    """What the ente says about itself. The slug (its address) is not here: links would break."""

    class Meta:
        model = Ente
        fields = ENTE_SETTINGS_FIELDS
        help_texts = {
            "codice_fiscale": _("Il codice fiscale dell'ente: 11 cifre."),
            "stemma": _("Un'immagine PNG, JPEG, GIF o WebP di non più di 1 MB."),
            "url_accessibilita": _("L'indirizzo della dichiarazione di accessibilità su AGID (form.agid.gov.it)."),
        }
        error_messages = {
            "pec": {"invalid": _("Scriva un indirizzo PEC valido, es. protocollo@pec.comune.it.")},
            "numero_dipendenti": {"invalid": _("Scriva un numero intero, es. 12.")},
            "sito_web": {"invalid": _("Scriva un indirizzo completo, es. https://www.comune.it/.")},
            "url_accessibilita": {"invalid": _("Scriva un indirizzo completo, es. https://form.agid.gov.it/...")},
            "url_privacy": {"invalid": _("Scriva un indirizzo completo, es. https://www.comune.it/privacy/.")},
            "url_note_legali": {"invalid": _("Scriva un indirizzo completo, es. https://www.comune.it/note-legali/.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stemma"].error_messages.update({
            "invalid_image": _("Il file non è un'immagine valida (PNG, JPEG, GIF o WebP)."),
            "invalid": _("Il file non è un'immagine valida (PNG, JPEG, GIF o WebP)."),
            "empty": _("Il file è vuoto."),
        })
        # The rule of the ente's SMVP for targets such as «superiore a 1»; not sent means unchanged.
        self.fields["regola_confronto"].required = False
        self.fields["regola_confronto"].widget = forms.RadioSelect(choices=self.fields["regola_confronto"].choices)

    def clean_regola_confronto(self):
        return self.cleaned_data.get("regola_confronto") or self.instance.regola_confronto

    def clean_codice_fiscale(self):
        value = self.cleaned_data["codice_fiscale"].strip()
        if value and not re.fullmatch(r"\d{11}", value):
            raise ValidationError(_("Il codice fiscale di un ente è di 11 cifre, es. 00842520177."))
        return value

    def clean_codice_ipa(self):
        value = self.cleaned_data["codice_ipa"].strip()
        if value and not re.fullmatch(r"[A-Za-z0-9_]{2,20}", value):
            raise ValidationError(_("Il codice IPA ha solo lettere, cifre e «_», es. c_e638."))
        return value

    def clean_stemma(self):
        stemma = self.cleaned_data.get("stemma")
        if stemma and "stemma" in self.changed_data and hasattr(stemma, "size"):
            if stemma.size > STEMMA_MAX_BYTES:
                raise ValidationError(_("L'immagine è troppo grande: al massimo 1 MB."))
            # Django's ImageField has opened it with Pillow; the format says what it really is.
            formato = getattr(getattr(stemma, "image", None), "format", None)
            if formato not in STEMMA_FORMATS:
                raise ValidationError(_("Il file non è un'immagine valida (PNG, JPEG, GIF o WebP)."))
        return stemma

    def changed_values(self):
        """The cleaned values, the stemma only when a new file was sent or it was cleared."""
        values = {name: self.cleaned_data[name] for name in self.Meta.fields if name != "stemma"}
        if "stemma" in self.changed_data:
            values["stemma"] = self.cleaned_data["stemma"] or ""
        return values
