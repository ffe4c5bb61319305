"""The life of a Relazione: approval, the frozen year, reopening with a new version, publication."""

import hashlib
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from obiettivi import services as obiettivi_services
from obiettivi.models import Misurazione, VoceStorico
from obiettivi.services import DomainError
from relazioni import services
from relazioni.models import Relazione, VersioneRelazione

pytestmark = pytest.mark.django_db


def test_approval_records_who_and_when_and_stores_the_pdf_once_with_its_sha256(relazione_2018, approve):
    segretario = relazione_2018.ente.ruoli.get(tipo="segretario").utente
    relazione = approve(segretario, relazione_2018)
    assert relazione.stato == Relazione.Stato.APPROVATA
    assert relazione.approvata_da == segretario and relazione.approvata_il
    assert relazione.firmatario == "Lorenzi dott. Alberto"
    versione = relazione.versioni.get()
    assert versione.stato_rendering == VersioneRelazione.StatoRendering.COMPLETATO
    content = versione.pdf.read()
    assert content.startswith(b"%PDF") and hashlib.sha256(content).hexdigest() == versione.sha256
    assert VoceStorico.objects.filter(azione="Relazione approvata").exists()


def test_only_the_segretario_approves(relazione_2018, piano_2018):
    for user in (piano_2018.resp_a, piano_2018.nucleo, piano_2018.outsider):
        with pytest.raises(DomainError):
            services.relazione_approve(user=user, relazione=relazione_2018)
    assert Relazione.objects.get().stato == Relazione.Stato.BOZZA


def test_approval_freezes_the_years_values_for_everyone(relazione_2018, piano_2018, approve):
    approve(piano_2018.segretario, relazione_2018)
    indicatore = Misurazione.objects.filter(periodo="consuntivo").first().indicatore
    for user in (piano_2018.resp_a, piano_2018.segretario):
        with pytest.raises(DomainError, match="approvata"):
            obiettivi_services.misurazione_save(
                user=user, indicatore=indicatore, anno=2018, periodo="consuntivo",
                values={"valore": Decimal(99)}, versione_letta=None,
            )
    with pytest.raises(DomainError):
        services.relazione_update_narrative(user=piano_2018.segretario, relazione=relazione_2018,
                                            values={"presentazione": "Nuovo testo"})


def test_the_objective_page_of_a_frozen_year_offers_no_form_and_refuses_a_post(relazione_2018, piano_2018, approve, client):
    approve(piano_2018.segretario, relazione_2018)
    obiettivo = piano_2018.piano.obiettivi.get(codice="A.1")
    indicatore = obiettivo.indicatori.get()
    client.force_login(piano_2018.resp_a)
    url = reverse("obiettivi:scheda", args=["lodrino", obiettivo.pk]) + "?anno=2018"
    assert "Salva i valori" not in client.get(url).text
    client.post(url, {f"i{indicatore.pk}-consuntivo-valore": "99", f"i{indicatore.pk}-consuntivo-versione": 1})
    assert Misurazione.objects.get(indicatore=indicatore, periodo="consuntivo").valore == Decimal("12.5")


@pytest.mark.parametrize("path", [
    "/admin/obiettivi/obiettivo/{obiettivo}/change/",
    "/admin/obiettivi/indicatore/{indicatore}/change/",
    "/admin/obiettivi/misurazione/{misurazione}/change/",
    "/admin/obiettivi/piano/{piano}/change/",
    "/admin/relazioni/relazione/{relazione}/change/",
])
def test_the_admin_cannot_change_a_frozen_year_even_for_a_superuser(relazione_2018, piano_2018, approve, client, path):
    from django.contrib.auth import get_user_model

    approve(piano_2018.segretario, relazione_2018)
    admin = get_user_model().objects.create_superuser("super", "s@example.org", "pw-super-123")
    client.force_login(admin)
    obiettivo = piano_2018.piano.obiettivi.get(codice="A.1")
    indicatore = obiettivo.indicatori.get()
    url = path.format(obiettivo=obiettivo.pk, indicatore=indicatore.pk, piano=piano_2018.piano.pk,
                      misurazione=Misurazione.objects.filter(indicatore=indicatore).first().pk,
                      relazione=relazione_2018.pk)
    page = client.get(url)
    assert page.status_code == 200 and 'name="_save"' not in page.text  # shown read-only, no save button
    response = client.post(url, {"titolo": "Cambiato", "nome": "Cambiato", "valore": "1", "numero_atto": "99"})
    assert response.status_code == 403
    obiettivo.refresh_from_db()
    assert obiettivo.titolo == "Protocollo digitale"


def test_reopening_needs_a_reason_and_the_next_approval_is_a_new_version(relazione_2018, piano_2018, approve):
    approve(piano_2018.segretario, relazione_2018)
    with pytest.raises(DomainError, match="motivazione"):
        services.relazione_reopen(user=piano_2018.segretario, relazione=relazione_2018, motivazione="  ")
    relazione = services.relazione_reopen(user=piano_2018.segretario, relazione=relazione_2018,
                                          motivazione="Errore nel valore delle strade")
    assert relazione.stato == Relazione.Stato.BOZZA
    first = relazione.versioni.get()
    assert first.motivo_riapertura == "Errore nel valore delle strade" and first.riaperta_da == piano_2018.segretario
    approve(piano_2018.segretario, relazione)
    assert list(relazione.versioni.order_by("numero").values_list("numero", flat=True)) == [1, 2]
    assert all(v.pdf for v in relazione.versioni.all())  # earlier versions stay downloadable


def test_publishing_needs_the_acts_the_ente_requires(relazione_2018, piano_2018, approve):
    ente = piano_2018.ente
    ente.pubblicazione_richiede_validazione = True
    ente.pubblicazione_richiede_delibera = True
    ente.save()
    with pytest.raises(DomainError, match="approvazione del Segretario"):
        services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)
    approve(piano_2018.segretario, relazione_2018)
    with pytest.raises(DomainError, match="validazione del Nucleo"):
        services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)
    services.relazione_record_validation(user=piano_2018.nucleo, relazione=relazione_2018, data=date(2019, 5, 28), note="Ok")
    with pytest.raises(DomainError, match="delibera"):
        services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)
    services.relazione_record_delibera(user=piano_2018.segretario, relazione=relazione_2018, numero="45", data=date(2019, 6, 3))
    relazione = services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)
    assert relazione.stato == Relazione.Stato.PUBBLICATA and relazione.pubblicata_il


def test_a_responsabile_cannot_record_the_validation(relazione_2018, piano_2018, approve):
    approve(piano_2018.segretario, relazione_2018)
    with pytest.raises(DomainError):
        services.relazione_record_validation(user=piano_2018.resp_a, relazione=relazione_2018, data=date(2019, 5, 1))


def test_with_the_database_queue_the_pdf_waits_for_the_worker_and_the_segretario_sees_it(relazione_2018, piano_2018, settings, django_capture_on_commit_callbacks, monkeypatch):
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    # The worker closes connections that are not in autocommit; the test's transaction is one of them.
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        relazione = services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018)
    versione = relazione.versioni.get()
    assert versione.stato_rendering == VersioneRelazione.StatoRendering.IN_CODA
    with pytest.raises(DomainError, match="PDF approvato"):
        services.relazione_publish(user=piano_2018.segretario, relazione=relazione)
    call_command("db_worker", batch=True, startup_delay=False, reload=False)
    versione.refresh_from_db()
    assert versione.stato_rendering == VersioneRelazione.StatoRendering.COMPLETATO and versione.sha256


def test_reopening_clears_the_acts_that_were_about_the_old_version(relazione_2018, piano_2018, approve):
    approve(piano_2018.segretario, relazione_2018)
    services.relazione_record_validation(user=piano_2018.nucleo, relazione=relazione_2018, data=date(2019, 5, 28))
    services.relazione_record_delibera(user=piano_2018.segretario, relazione=relazione_2018, numero="45", data=date(2019, 6, 3))
    relazione = services.relazione_reopen(user=piano_2018.segretario, relazione=relazione_2018, motivazione="Correzione")
    assert relazione.validazione_data is None and relazione.delibera_numero == "" and relazione.delibera_data is None
    assert VoceStorico.objects.filter(azione="Validazione del Nucleo").exists()  # the history keeps them
