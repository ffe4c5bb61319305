"""Approval with open eyes and the past recorded as it happened (issue 10, items 6 and 7)."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from obiettivi.models import Periodo, VoceStorico
from obiettivi.services import DomainError
from relazioni import services
from relazioni.context import approval_gaps, relazione_gaps
from relazioni.models import Relazione
from relazioni.pdf import versione_pdf
from tests import builders
from tests.pdf_tools import pdf_words
from tests.relazioni.conftest import gestione_url, segretario_url

pytestmark = pytest.mark.django_db


# The list of gaps --------------------------------------------------------------------------------


@pytest.fixture
def incompleto(personas):
    """A hand-built year with one gap of each kind."""
    p = personas
    p.piano.numero_atto, p.piano.data_atto = "", None
    p.piano.save()
    a = builders.make_obiettivo(p.piano, p.area_a, codice="A.1", titolo="Protocollo digitale")
    pratiche = builders.make_indicatore(a, nome="Pratiche evase", target=Decimal(10))
    builders.make_misurazione(pratiche, valore=Decimal(4))  # missed, no motivazione
    builders.make_indicatore(a, nome="Tempi medi", target=Decimal(30))  # no value
    builders.make_obiettivo(p.piano, p.area_a, codice="A.2", titolo="Riordino dell'archivio")  # no indicators
    b = builders.make_obiettivo(p.piano, p.area_b, codice="B.1", titolo="Strade asfaltate")
    builders.make_indicatore(b, nome="Strade riasfaltate", target=Decimal(3))
    builders.open_period(p.ente, tipo=Periodo.Tipo.CONSUNTIVO)  # July never opened
    return Relazione.objects.create(ente=p.ente, piano=p.piano, anno=2018)


GAPS = [
    "La deliberazione di approvazione del Piano non è registrata (numero e data dell'atto).",
    "Il periodo del monitoraggio di luglio 2018 non è mai stato aperto.",
    "Area amministrativa: 1 valore non inserito a fine anno.",
    "Area tecnica: 1 valore non inserito a fine anno.",
    "Obiettivo A.1, indicatore «Pratiche evase»: target non raggiunto senza la motivazione dello scostamento.",
    "Obiettivo A.2 «Riordino dell'archivio»: nessun indicatore.",
]


def test_the_gaps_of_a_hand_built_year(incompleto):
    assert relazione_gaps(incompleto) == GAPS


def test_the_gaps_read_only_their_arguments(incompleto, django_assert_num_queries):
    from obiettivi import selectors
    from relazioni.context import periodi_of

    risultati = selectors.piano_results(piano=incompleto.piano, anno=2018)
    periodi = periodi_of(incompleto)
    with django_assert_num_queries(0):
        assert approval_gaps(piano=incompleto.piano, anno=2018, risultati=risultati, periodi=periodi) == GAPS


def test_a_complete_year_has_no_gaps(relazione_2018):
    assert relazione_gaps(relazione_2018) == []


def test_approving_with_gaps_without_a_reason_is_refused_and_changes_nothing(incompleto, personas):
    for motivazione in ("", "   "):
        with pytest.raises(DomainError, match="incompleti"):
            services.relazione_approve(user=personas.segretario, relazione=incompleto, motivazione_lacune=motivazione)
    incompleto.refresh_from_db()
    assert incompleto.stato == Relazione.Stato.BOZZA and not incompleto.versioni.exists()


def test_the_approval_page_lists_the_gaps_and_refuses_without_confirmation(incompleto, personas, login):
    client = login(personas.segretario)
    html = client.get(gestione_url(personas.ente)).text
    assert "I dati dell'anno sono incompleti: 6 lacune" in html
    for gap in GAPS:
        assert gap.replace("'", "&#x27;") in html
    response = client.post(segretario_url("approva", personas.ente), {"motivazione_lacune": "Chiusura del ciclo"})
    assert response.status_code == 400
    assert "confermi di aver visto le lacune" in response.text
    response = client.post(segretario_url("approva", personas.ente), {"conferma_lacune": "on"})
    assert response.status_code == 400 and "Scriva perché approva" in response.text
    assert Relazione.objects.get(pk=incompleto.pk).stato == Relazione.Stato.BOZZA


def pdftotext(content, tmp_path):
    return pdf_words(content, tmp_path)


@pytest.mark.django_db(transaction=True)
def test_the_reason_goes_into_the_storico_the_snapshot_and_the_pdf(incompleto, personas, login, tmp_path):
    client = login(personas.segretario)
    response = client.post(segretario_url("approva", personas.ente), {
        "conferma_lacune": "on", "motivazione_lacune": "I valori mancanti non sono più rilevabili.",
        "data_approvazione": "14/05/2019"}, follow=True)
    assert "Relazione approvata" in response.text
    relazione = Relazione.objects.get(pk=incompleto.pk)
    assert relazione.stato == Relazione.Stato.APPROVATA
    assert relazione.approvazione_lacune == GAPS
    voce = VoceStorico.objects.get(azione="Relazione approvata con dati incompleti")
    assert voce.motivazione.startswith("I valori mancanti non sono più rilevabili.")
    assert "– Obiettivo A.2 «Riordino dell'archivio»: nessun indicatore." in voce.motivazione
    versione = relazione.versioni.get()
    assert versione.dati["approvazione"] == {"con_lacune": True, "motivazione": "I valori mancanti non sono più rilevabili.",
                                             "lacune": GAPS}
    text = pdftotext(versione_pdf(versione), tmp_path)
    assert "Approvazione con dati incompleti." in text
    assert "Motivazione dell'approvazione: I valori mancanti non sono più rilevabili." in text
    assert "Obiettivo A.2 «Riordino dell'archivio»: nessun indicatore." in text
    assert "Approvata dal Segretario Comunale, Lorenzi dott. Alberto, il 14/05/2019" in text


def test_a_complete_year_approves_without_confirmation_and_prints_no_gap(relazione_2018, personas, login):
    client = login(personas.segretario)
    html = client.get(gestione_url(personas.ente)).text
    assert "I dati dell'anno sono completi" in html and "conferma_lacune" not in html
    client.post(segretario_url("approva", personas.ente), {"data_approvazione": "14/05/2019"})
    relazione = Relazione.objects.get(pk=relazione_2018.pk)
    assert relazione.stato == Relazione.Stato.APPROVATA
    assert relazione.versioni.get().dati["approvazione"] == {"con_lacune": False, "motivazione": "", "lacune": []}
    assert VoceStorico.objects.filter(azione="Relazione approvata").exists()


def test_reopening_clears_the_gaps_of_the_superseded_approval(incompleto, personas):
    relazione = services.relazione_approve(user=personas.segretario, relazione=incompleto, quando=date(2019, 5, 14),
                                           motivazione_lacune="Motivo")
    relazione = services.relazione_reopen(user=personas.segretario, relazione=relazione, motivazione="Correzione")
    assert relazione.approvazione_lacune == [] and relazione.approvazione_motivazione == ""


# Past-cycle dates --------------------------------------------------------------------------------


def test_a_past_cycle_is_recorded_with_its_real_dates_printed_as_entered(relazione_2018, piano_2018):
    ente = piano_2018.ente
    ente.pubblicazione_richiede_validazione = ente.pubblicazione_richiede_delibera = True
    ente.save()
    s = piano_2018.segretario
    r = services.relazione_approve(user=s, relazione=relazione_2018, quando=date(2019, 5, 14))
    assert timezone.localtime(r.approvata_il).date() == date(2019, 5, 14)
    r = services.relazione_record_validation(user=piano_2018.nucleo, relazione=r, data=date(2019, 5, 28))
    r = services.relazione_record_delibera(user=s, relazione=r, numero="45", data=date(2019, 6, 3))
    from relazioni.models import VersioneRelazione

    VersioneRelazione.objects.update(stato_rendering=VersioneRelazione.StatoRendering.COMPLETATO)
    r = services.relazione_publish(user=s, relazione=r, quando=date(2019, 6, 12))
    assert timezone.localtime(r.pubblicata_il).date() == date(2019, 6, 12)
    att = r.versioni.get().attestazione
    assert att["approvazione"]["data"] == "2019-05-14" and att["validazione"]["data"] == "2019-05-28"
    assert att["delibera"]["data"] == "2019-06-03" and att["pubblicazione"]["data"] == "2019-06-12"
    processo = {p["fase"]: p["data"] for p in r.versioni.get().dati["processo"]}
    assert processo["Approvazione della Relazione da parte del Segretario Comunale"] == "2019-05-14"


def test_the_last_day_of_the_year_is_allowed(relazione_2018, piano_2018):
    r = services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018, quando=date(2018, 12, 31))
    assert timezone.localtime(r.approvata_il).date() == date(2018, 12, 31)


@pytest.mark.parametrize("quando, message", [
    (date(2018, 12, 30), "precedente alla fine dell'anno 2018"),
    (date(2018, 5, 1), "precedente alla fine dell'anno 2018"),
    ("domani", "data futura"),
])
def test_an_approval_date_before_the_year_end_or_in_the_future_is_refused(relazione_2018, piano_2018, quando, message):
    if quando == "domani":
        quando = timezone.localdate() + timedelta(days=1)
    with pytest.raises(DomainError, match=message):
        services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018, quando=quando)
    assert Relazione.objects.get(pk=relazione_2018.pk).stato == Relazione.Stato.BOZZA


@pytest.fixture
def approvata_2019(relazione_2018, piano_2018):
    return services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018, quando=date(2019, 5, 14))


def test_a_validation_before_the_approval_is_refused(approvata_2019, piano_2018):
    with pytest.raises(DomainError, match="non può precedere l'approvazione del Segretario, del 14/05/2019"):
        services.relazione_record_validation(user=piano_2018.nucleo, relazione=approvata_2019, data=date(2019, 5, 1))
    with pytest.raises(DomainError, match="data futura"):
        services.relazione_record_validation(user=piano_2018.nucleo, relazione=approvata_2019,
                                             data=timezone.localdate() + timedelta(days=3))
    assert Relazione.objects.get(pk=approvata_2019.pk).validazione_data is None


def test_the_delibera_follows_the_validation_only_when_the_ente_requires_the_validation(approvata_2019, piano_2018):
    ente = piano_2018.ente
    services.relazione_record_validation(user=piano_2018.nucleo, relazione=approvata_2019, data=date(2019, 5, 28))
    ente.pubblicazione_richiede_validazione = True
    ente.save()
    with pytest.raises(DomainError, match="non può precedere la validazione del Nucleo, del 28/05/2019"):
        services.relazione_record_delibera(user=piano_2018.segretario, relazione=approvata_2019, numero="45",
                                           data=date(2019, 5, 20))
    ente.pubblicazione_richiede_validazione = False
    ente.save()
    r = services.relazione_record_delibera(user=piano_2018.segretario, relazione=approvata_2019, numero="45",
                                           data=date(2019, 5, 20))
    assert r.delibera_data == date(2019, 5, 20)
    with pytest.raises(DomainError, match="non può precedere l'approvazione"):
        services.relazione_record_delibera(user=piano_2018.segretario, relazione=r, numero="45",
                                           data=date(2019, 5, 10), motivazione="Data sbagliata")


def test_the_publication_follows_the_acts_the_ente_requires(approvata_2019, piano_2018):
    from relazioni.models import VersioneRelazione

    ente = piano_2018.ente
    ente.pubblicazione_richiede_validazione, ente.pubblicazione_richiede_delibera = False, True
    ente.save()
    VersioneRelazione.objects.update(stato_rendering=VersioneRelazione.StatoRendering.COMPLETATO)
    r = services.relazione_record_delibera(user=piano_2018.segretario, relazione=approvata_2019, numero="45",
                                           data=date(2019, 6, 3))
    with pytest.raises(DomainError, match="non può precedere la delibera di Giunta, del 03/06/2019"):
        services.relazione_publish(user=piano_2018.segretario, relazione=r, quando=date(2019, 6, 1))
    assert Relazione.objects.get(pk=r.pk).stato == Relazione.Stato.APPROVATA


def test_the_approval_page_refuses_a_future_date_in_italian_and_changes_nothing(relazione_2018, piano_2018, login):
    client = login(piano_2018.segretario)
    domani = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = client.post(segretario_url("approva", piano_2018.ente), {"data_approvazione": domani}, follow=True)
    assert "non può avere una data futura" in response.text
    assert Relazione.objects.get(pk=relazione_2018.pk).stato == Relazione.Stato.BOZZA
    response = client.post(segretario_url("approva", piano_2018.ente), {"data_approvazione": "31/02/2019"})
    assert response.status_code == 400
    assert Relazione.objects.get(pk=relazione_2018.pk).stato == Relazione.Stato.BOZZA
