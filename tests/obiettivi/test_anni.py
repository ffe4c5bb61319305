"""Years a person may mean: 1990-2100 anywhere, and within a plan only its years. A typo (year 1,
40000, 2035 in a 2018-2020 plan, 01/01/0001) is an Italian message, never a row or a 500."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from obiettivi import services
from obiettivi.forms import ItalianDateField
from ciclo.forms import DataField
from obiettivi.models import Periodo, Rettifica, Target
from obiettivi.validators import ANNO_MAX, ANNO_MIN, validate_anno, validate_anno_nel_piano
from tests import builders


@pytest.mark.parametrize(("anno", "valid"), [
    (ANNO_MIN, True), (2018, True), (ANNO_MAX, True),
    (1989, False), (2101, False), (0, False), (1, False), (40000, False), (-2018, False),
    ("2018", False), (None, False), (2018.5, False),
])
def test_validate_anno_accepts_1990_to_2100_only(anno, valid):
    if valid:
        validate_anno(anno)
    else:
        with pytest.raises(ValidationError) as raised:
            validate_anno(anno)
        assert "tra 1990 e 2100" in raised.value.messages[0]


@pytest.mark.django_db
def test_validate_anno_nel_piano_accepts_only_the_plans_years(personas):
    validate_anno_nel_piano(2020, personas.piano)
    with pytest.raises(ValidationError) as raised:
        validate_anno_nel_piano(2035, personas.piano)
    assert raised.value.messages == ["L'anno 2035 non è fra gli anni del Piano (2018-2020)."]


@pytest.mark.parametrize("field", [ItalianDateField(), DataField()], ids=["ItalianDateField", "DataField"])
@pytest.mark.parametrize("typed", ["01/01/0001", "31/12/1989", "01/01/2101"])
def test_a_date_outside_1990_2100_is_refused_with_a_message(field, typed):
    with pytest.raises(ValidationError) as raised:
        field.clean(typed)
    assert "tra il 01/01/1990 e il 31/12/2100" in raised.value.messages[0]


def test_a_date_within_1990_2100_is_accepted():
    assert ItalianDateField().clean("31/07/2018") == date(2018, 7, 31)


@pytest.mark.django_db
@pytest.mark.parametrize("anno", [1, 1989, 2101, 40000])
def test_a_period_for_an_impossible_year_is_refused_not_stored(personas, anno):
    with pytest.raises(services.DomainError) as raised:
        services.periodo_open(user=personas.segretario, ente=personas.ente, anno=anno, tipo=Periodo.Tipo.LUGLIO,
                              data_apertura=date(2018, 7, 1))
    assert "tra 1990 e 2100" in raised.value.message
    assert not Periodo.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("anno", [1, 2035, 40000])
def test_a_rettifica_for_a_year_outside_the_plan_is_refused_not_stored(personas, anno):
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a)
    with pytest.raises(services.DomainError):
        services.rettifica_create(user=personas.segretario, anno=anno, obiettivo=obiettivo,
                                  percentuale=Decimal(50), motivazione="Prova")
    assert not Rettifica.objects.exists()


@pytest.mark.django_db
def test_a_varied_target_for_a_year_outside_the_plan_is_refused(personas):
    indicatore = builders.make_indicatore(builders.make_obiettivo(personas.piano, personas.area_a))
    variazione = services.variazione_record(user=personas.segretario, piano=personas.piano, numero_atto="12",
                                            data_atto=date(2018, 6, 1), motivazione="Nuovi target")
    with pytest.raises(services.DomainError) as raised:
        services.variazione_apply(user=personas.segretario, variazione=variazione,
                                  change=services.TargetVariato(indicatore=indicatore, anno=2035, valore=Decimal(3)))
    assert raised.value.field_errors["anno"] == "L'anno 2035 non è fra gli anni del Piano (2018-2020)."


@pytest.mark.django_db
def test_the_database_refuses_a_year_outside_1990_2100_too(personas):
    indicatore = builders.make_indicatore(builders.make_obiettivo(personas.piano, personas.area_a), target=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(indicatore=indicatore, anno=1, valore=Decimal(1))
