from decimal import Decimal

import pytest

from obiettivi.models import ObiettivoValorePubblico
from tests import builders


@pytest.fixture
def piano_piao(personas):
    """Lodrino's Piano with two objectives carrying the Piano-tipo's fields, one linked to a Valore
    pubblico objective, each with an indicator and its target."""
    vp = ObiettivoValorePubblico.objects.create(ente=personas.ente, codice="VP1", titolo="Un Comune più vicino")
    a = builders.make_obiettivo(personas.piano, personas.area_a, codice="A.1", titolo="Protocollo digitale",
                                peso=Decimal(60), stakeholder="Cittadini e imprese", fonte_dati="Protocollo informatico",
                                valore_pubblico=vp)
    builders.make_indicatore(a, nome="Pratiche evase", target=Decimal(10), unita="pratiche")
    b = builders.make_obiettivo(personas.piano, personas.area_b, codice="B.1", titolo="Strade asfaltate",
                                peso=Decimal(40), stakeholder="Automobilisti", fonte_dati="Ufficio tecnico")
    builders.make_indicatore(b, nome="Strade riasfaltate", target=Decimal("2.5"), unita="km")
    return personas
