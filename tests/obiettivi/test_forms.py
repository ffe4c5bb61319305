"""Italian input: numbers with a decimal comma and dates gg/mm/aaaa."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from obiettivi.forms import ItalianDateField, ItalianDecimalField, parse_italian_decimal


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("12,5", Decimal("12.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1234,5", Decimal("1234.5")),
        ("1.234", Decimal("1234")),
        ("1.234.567,89", Decimal("1234567.89")),
        ("-3,4", Decimal("-3.4")),
        ("+7", Decimal("7")),
        (" 12,5 ", Decimal("12.5")),
        ("12.5", Decimal("12.5")),
        ("0,75", Decimal("0.75")),
        ("12.3456", Decimal("12.3456")),
        ("-0.5", Decimal("-0.5")),
        ("12,50000", Decimal("12.5")),  # trailing zeros are not a fifth decimal
        ("0", Decimal("0")),
    ],
    ids=lambda v: str(v),
)
def test_an_italian_number_is_read_as_an_italian_means_it(typed, meant):
    assert parse_italian_decimal(typed) == meant


@pytest.mark.parametrize(
    "typed",
    ["abc", "12,5,3", "1.23.4", "12,", ",5", "1 2", "12.5,3", "--3",
     "1,234.5",  # English grouping
     "0.125",  # a single dot before exactly three digits: thousands or decimals? Ambiguous, so refused
     "1234.567", "01.234"],
)
def test_what_is_not_a_number_is_refused(typed):
    with pytest.raises(ValueError):
        parse_italian_decimal(typed)


def test_a_wrong_number_gets_a_clear_italian_message():
    field = ItalianDecimalField(required=False)
    with pytest.raises(Exception) as raised:
        field.clean("dodici")
    assert "Inserisca un numero, ad esempio 12,5" in str(raised.value)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("12,12345", "al massimo 4 cifre decimali"),  # refused, never silently rounded
        ("1" * 30, "troppo grande"),  # a message, not a server error
        ("12345678901", "troppo grande"),  # 11 integer digits do not fit 14 digits with 4 decimals
    ],
)
def test_a_number_that_does_not_fit_is_refused_with_a_message(typed, message):
    with pytest.raises(ValidationError, match=message):
        ItalianDecimalField().clean(typed)


def test_the_largest_number_that_fits_is_accepted():
    assert ItalianDecimalField().clean("1.234.567.890,1234") == Decimal("1234567890.1234")


def test_an_empty_number_is_no_value_and_bounds_are_checked():
    field = ItalianDecimalField(required=False, min_value=Decimal(0), max_value=Decimal(100))
    assert field.clean("") is None
    assert field.clean("87,5") == Decimal("87.5")
    with pytest.raises(Exception, match="massimo"):
        field.clean("120")


def test_a_stored_number_is_shown_back_with_a_decimal_comma():
    assert ItalianDecimalField().prepare_value(Decimal("12.5000")) == "12,5"
    assert ItalianDecimalField().prepare_value(Decimal("1234.5")) == "1.234,5"


@pytest.mark.parametrize("typed", ["31/07/2018", "31/07/18", "31.07.2018"])
def test_dates_are_typed_day_month_year(typed):
    assert ItalianDateField(required=False).clean(typed) == date(2018, 7, 31)


def test_a_wrong_date_gets_a_clear_italian_message():
    with pytest.raises(Exception, match="gg/mm/aaaa"):
        ItalianDateField(required=False).clean("31/13/2018")


def test_a_ratio_with_a_wrong_denominator_gets_one_message_not_two():
    from obiettivi.forms import MisurazioneForm
    from obiettivi.models import Indicatore

    form = MisurazioneForm(
        {"r-versione": "0", "r-valore": "18", "r-denominatore": "venti", "r-nota": ""}, prefix="r",
        indicatore=Indicatore(formula=Indicatore.TipoFormula.RAPPORTO, nome="Rapporto"), periodo="luglio",
    )
    assert not form.is_valid()
    assert form.errors == {"denominatore": ["Inserisca un numero, ad esempio 12,5 oppure 1.234,5."]}
