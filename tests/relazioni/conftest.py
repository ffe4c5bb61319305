from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import timezone
from django.urls import reverse

from obiettivi.models import Periodo
from tests import builders

APPROVATA_2018 = date(2019, 5, 14)


@pytest.fixture
def piano_2018(personas):
    """Two objectives with July and year-end values, one target missed with its motivazione."""
    a = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale", peso=Decimal(60))
    ind = builders.make_indicatore(a, nome="Pratiche evase", target=Decimal(10), unita="pratiche")
    builders.make_misurazione(ind, periodo="luglio", valore=Decimal(4))
    builders.make_misurazione(ind, periodo="consuntivo", valore=Decimal("12.5"))
    builders.make_monitoraggio(a)
    b = builders.make_obiettivo(personas.piano, personas.area_b, codice="B.1", titolo="Strade asfaltate", peso=Decimal(40))
    km = builders.make_indicatore(b, nome="Strade riasfaltate", target=Decimal(3), unita="km")
    builders.make_misurazione(km, periodo="luglio", valore=Decimal("0.6"))
    builders.make_misurazione(km, periodo="consuntivo", valore=Decimal("2.4"), causa_scostamento="esterna",
                              motivazione="Piogge eccezionali in autunno")
    builders.make_monitoraggio(b)
    builders.open_period(personas.ente, tipo=Periodo.Tipo.CONSUNTIVO)
    # July was held (its values are there): a complete year, which the Segretario approves without gaps.
    builders.open_period(personas.ente, tipo=Periodo.Tipo.LUGLIO, aperto=False,
                         chiuso_il=timezone.make_aware(datetime(2018, 7, 31, 18)))
    personas.ente.mandato_inizio, personas.ente.mandato_fine = 2014, 2019
    personas.ente.save()
    return personas


@pytest.fixture
def approve(django_capture_on_commit_callbacks):
    """approve(user, relazione): the Segretario's approval with its PDF task run, as after a commit.
    Dated as the 2018 cycle was approved (14/05/2019), and any other year on 14 May of the year after,
    so that the acts after it may carry later dates and none precedes the end of the year reported on."""
    from relazioni import services

    def _approve(user, relazione, quando=None):
        quando = quando or date(relazione.anno + 1, APPROVATA_2018.month, APPROVATA_2018.day)
        with django_capture_on_commit_callbacks(execute=True):
            return services.relazione_approve(user=user, relazione=relazione, quando=quando)

    return _approve


@pytest.fixture
def relazione_2018(piano_2018):
    from relazioni.models import Relazione

    return Relazione.objects.create(ente=piano_2018.ente, piano=piano_2018.piano, anno=2018)


def periods_held(ente, anno=2018):
    """Both entry periods of the year opened and closed: with every value entered, a year without gaps."""
    for tipo in (Periodo.Tipo.LUGLIO, Periodo.Tipo.CONSUNTIVO):
        builders.open_period(ente, anno=anno, tipo=tipo, aperto=False,
                             chiuso_il=timezone.make_aware(datetime(anno, 7, 31, 18)))


def segretario_url(name, ente, anno=2018):
    """One of the Segretario's Relazione URLs (relazioni:<name>)."""
    return reverse(f"relazioni:{name}", args=[ente.slug, anno])


def gestione_url(ente, anno=2018):
    return segretario_url("gestione", ente, anno)
