from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from enti.models import Dipendente
from relazioni import services as relazioni_services
from relazioni.models import Relazione
from tests import builders
from valutazioni import services
from valutazioni.models import Categoria


@pytest.fixture
def anno_2018(personas):
    """The 2018 cycle approved (a version of the Relazione), an SMVP from the default, staff."""
    p = personas
    a = builders.make_obiettivo(p.piano, p.area_a, codice="A.1", titolo="Protocollo digitale", peso=Decimal(60),
                                responsabile=p.resp_a)
    builders.make_misurazione(builders.make_indicatore(a, target=Decimal(10)), periodo="consuntivo", valore=Decimal(8))
    b = builders.make_obiettivo(p.piano, p.area_b, codice="B.1", titolo="Strade", peso=Decimal(40),
                                responsabile=p.resp_b)
    builders.make_misurazione(builders.make_indicatore(b, target=Decimal(10)), periodo="consuntivo", valore=Decimal(10))
    relazione = Relazione.objects.create(ente=p.ente, piano=p.piano, anno=2018)
    relazioni_services.relazione_approve(user=p.segretario, relazione=relazione)
    p.relazione = relazione
    p.smvp = services.smvp_create(user=p.segretario, ente=p.ente, anno=2018)
    p.eq = p.smvp.categorie.get(tipo=Categoria.Tipo.EQ)
    p.cat_c = p.smvp.categorie.get(nome="Categoria C")
    p.dipendenti = [Dipendente.objects.create(ente=p.ente, nome=f"Nome{i}", cognome=f"Cognome{i}", area=p.area_a)
                    for i in range(5)]
    return p


def validate(relazione):
    relazione.validazione_data = date(2019, 4, 30)
    relazione.validazione_registrata_il = timezone.now()
    relazione.save()


def fill_and_close(scheda, valutatore, punteggio=4):
    comportamenti = scheda.smvp.comportamenti.all()
    services.scheda_save_scores(user=valutatore, scheda=scheda,
                                punteggi={c.pk: (punteggio, "Motivo") for c in comportamenti})
    return services.scheda_close(user=valutatore, scheda=scheda)
