"""One Italian number, everywhere: the parser and the form field that every numeric input of the
product uses (data entry, variazioni, rettifiche, the admin).

Rules: "12,5", "1.234,5" and "1234,5" are accepted; "1.234" is one thousand two hundred and
thirty-four (a dot followed by exactly three digits groups thousands); "12.5" (a dot not followed by
exactly three digits) can only be a decimal mark; "0.125", "1234.567" and "1,234.5" could mean two
different numbers and are refused with a message that says how to write them.
"""

import re
from decimal import Decimal, InvalidOperation

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _

from .achievement import format_decimal

# [0-9], not \d: Decimal would also take Arabic-Indic digits, which nobody here types.
# 1.234.567,89 (dots group thousands; a group never starts a number with 0) or 1234567,89, with a sign.
_ITALIAN = re.compile(r"^[+-]?([1-9][0-9]{0,2}(\.[0-9]{3})+|[0-9]+)(,[0-9]+)?$")
# 12.5 typed with a dot as the decimal mark: a single dot not followed by exactly three digits.
_DOT_DECIMAL = re.compile(r"^[+-]?[0-9]+\.([0-9]{1,2}|[0-9]{4,})$")
# Looks like a number, with a dot or a comma somewhere: ambiguous rather than simply wrong.
_NUMBERISH = re.compile(r"^[+-]?[0-9.,]*[0-9][0-9.,]*$")


def parse_italian_decimal(text):
    """The Decimal a person means by `text`; ValueError (whose message says how to write the
    number, in Italian) when it is not a number or could mean two different ones."""
    text = (text or "").strip()
    if _ITALIAN.match(text):
        return Decimal(text.replace(".", "").replace(",", "."))
    if _DOT_DECIMAL.match(text):
        return Decimal(text)
    if _NUMBERISH.match(text) and "." in text:
        raise ValueError(
            gettext("«%(testo)s» si può leggere in due modi: scriva i decimali con la virgola (es. 0,125) "
                    "e, se vuole, il punto solo per le migliaia (es. 1.234,5).") % {"testo": text}
        )
    raise ValueError(gettext("Inserisca un numero, ad esempio 12,5 oppure 1.234,5."))


class ItalianDecimalField(forms.CharField):
    """A number written the Italian way; shown back the same way, without trailing zeros.

    Takes the arguments a model DecimalField passes to its form field (max_digits, decimal_places),
    so that it also serves as the admin's form field (ADMIN_FORMFIELD_OVERRIDES)."""

    default_error_messages = {
        "invalid": _("Inserisca un numero, ad esempio 12,5 oppure 1.234,5."),
        "too_large": _("Il numero è troppo grande."),
        "too_many_decimals": _("Inserisca al massimo %(places)s cifre decimali."),
    }

    def __init__(self, *, max_digits=14, decimal_places=4, min_value=None, max_value=None, localize=False,
                 **kwargs):
        self.max_digits, self.decimal_places = max_digits, decimal_places
        self.min_value, self.max_value = min_value, max_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}))
        kwargs.pop("max_length", None)
        super().__init__(**kwargs)  # localize is ignored: this field is always Italian

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int)) and not isinstance(value, bool):
            return format_decimal(Decimal(value))
        return value

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            number = parse_italian_decimal(value)
        except ValueError as error:
            raise ValidationError(str(error), code="invalid")
        except InvalidOperation:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        # Checked before quantize(): a value is never silently rounded, and a huge one is a message,
        # not an InvalidOperation.
        if number.normalize().as_tuple().exponent < -self.decimal_places:
            raise ValidationError(
                self.error_messages["too_many_decimals"], code="too_many_decimals",
                params={"places": self.decimal_places},
            )
        if number.adjusted() >= self.max_digits - self.decimal_places:
            raise ValidationError(self.error_messages["too_large"], code="too_large")
        number = number.quantize(Decimal(1).scaleb(-self.decimal_places))
        if self.min_value is not None and number < self.min_value:
            raise ValidationError(_("Il valore minimo è %(min)s.") % {"min": format_decimal(Decimal(self.min_value))})
        if self.max_value is not None and number > self.max_value:
            raise ValidationError(_("Il valore massimo è %(max)s.") % {"max": format_decimal(Decimal(self.max_value))})
        return number


# Every admin DecimalField is typed the Italian way too (set on the admin's base mixin).
ADMIN_FORMFIELD_OVERRIDES = {models.DecimalField: {"form_class": ItalianDecimalField}}


def admin_number(value):
    """A stored number as the admin lists show it: "4,5", not "4,5000"; a year as "2018"."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return format_decimal(value)
