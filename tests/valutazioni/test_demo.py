import pytest
from django.core.management import call_command

from valutazioni.models import Premio, RisorsePremi, Scheda, Smvp

pytestmark = pytest.mark.django_db


def test_the_demo_has_the_2018_smvp_schede_and_confirmed_premi_and_a_second_run_changes_nothing(settings):
    settings.DEBUG = True
    call_command("load_demo")
    counts = (Smvp.objects.count(), Scheda.objects.count(), Premio.objects.count())
    assert counts == (1, 12, 12)
    assert not RisorsePremi.objects.filter(confermate_il=None).exists()
    assert Scheda.objects.filter(stato=Scheda.Stato.CONCILIATA).count() == 1
    call_command("load_demo")
    assert (Smvp.objects.count(), Scheda.objects.count(), Premio.objects.count()) == counts
