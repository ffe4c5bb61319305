import pytest

from tests.relazioni.conftest import approve, piano_2018, relazione_2018  # noqa: F401 - shared fixtures


@pytest.fixture
def pubblicata(relazione_2018, piano_2018, approve):  # noqa: F811
    from relazioni import services

    piano_2018.ente.pubblicazione_richiede_validazione = False
    piano_2018.ente.codice_ipa = "c_e638"
    piano_2018.ente.save()
    approve(piano_2018.segretario, relazione_2018)
    return services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)
