"""The Segretario's Relazione page: honest messages about the PDF, its state followed without
reloading the page, "Pubblica" only when it can succeed, and the menu opening the year being drafted."""

import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from obiettivi.models import Ruolo
from relazioni import services
from relazioni.models import Relazione, VersioneRelazione
from tests import builders
from tests.relazioni.conftest import APPROVATA_2018, gestione_url, segretario_url

StatoRendering = VersioneRelazione.StatoRendering
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def stato_url(ente, anno=2018):
    return reverse("relazioni:stato_pdf", args=[ente.slug, anno])


@pytest.fixture
def queued(relazione_2018, piano_2018):
    """Approved; its PDF waits for the worker."""
    return services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018,
                                      quando=APPROVATA_2018).versioni.get()


# Approval says what is true ------------------------------------------------------------------

@pytest.mark.django_db
def test_with_the_worker_approval_says_the_pdf_is_being_prepared(relazione_2018, piano_2018, login, settings, django_capture_on_commit_callbacks):
    settings.TASKS = DATABASE_QUEUE
    client = login(piano_2018.segretario)
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(segretario_url("approva", piano_2018.ente), follow=True)
    assert "Relazione approvata. PDF in preparazione" in page.text
    assert "generato e archiviato" not in page.text
    assert "PDF: in coda" in page.text


@pytest.mark.django_db(transaction=True)
def test_with_the_immediate_backend_approval_says_the_pdf_is_generated_and_stored(relazione_2018, piano_2018, login):
    page = login(piano_2018.segretario).post(segretario_url("approva", piano_2018.ente), follow=True)
    assert "Relazione approvata: il PDF è stato generato e archiviato." in page.text
    assert "PDF: pronto e archiviato." in page.text


@pytest.mark.django_db(transaction=True)
def test_when_the_render_fails_approval_says_so(relazione_2018, piano_2018, login, monkeypatch):
    from relazioni import tasks

    def broken(versione):
        raise RuntimeError("font mancante")

    monkeypatch.setattr(tasks, "versione_pdf", broken)
    page = login(piano_2018.segretario).post(segretario_url("approva", piano_2018.ente), follow=True)
    assert "Relazione approvata, ma il PDF non è stato generato" in page.text
    assert "font mancante" in page.text


# The state of the PDF without reloading the page ---------------------------------------------

@pytest.mark.django_db
@pytest.mark.parametrize("stato, tentativi, expected, absent", [
    (StatoRendering.IN_CODA, 0, ["PDF: in coda", "Aggiorna"], ["nuovo tentativo"]),
    (StatoRendering.IN_CODA, 1, ["PDF: in coda", "È un nuovo tentativo", "Aggiorna"], []),
    (StatoRendering.IN_CORSO, 1, ["PDF: in preparazione.", "Aggiorna"], ["Tentativo"]),
    (StatoRendering.IN_CORSO, 2, ["PDF: in preparazione.", "Tentativo 2"], []),
    (StatoRendering.COMPLETATO, 1, ["PDF: pronto e archiviato.", "scarica", "SHA-256 <code>abc</code>",
                                    "Aggiorni la pagina per gli atti successivi"], ["Aggiorna<"]),
    (StatoRendering.ERRORE, 1, ["PDF: non generato.", "font mancante"], ["Aggiorna"]),
])
def test_the_status_fragment_says_the_state_of_the_newest_pdf(queued, piano_2018, login, stato, tentativi, expected, absent):
    from django.utils import timezone

    VersioneRelazione.objects.filter(pk=queued.pk).update(
        stato_rendering=stato, tentativi=tentativi, heartbeat_il=timezone.now(), sha256="abc",
        errore="font mancante" if stato == StatoRendering.ERRORE else "")
    response = login(piano_2018.segretario).get(stato_url(piano_2018.ente))
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert "<html" not in response.text and f'data-stato="{stato}"' in response.text
    for text in expected:
        assert text in response.text
    for text in absent:
        assert text not in response.text


@pytest.mark.django_db
def test_the_status_fragment_of_a_draft_says_there_is_no_pdf(relazione_2018, piano_2018, login):
    response = login(piano_2018.segretario).get(stato_url(piano_2018.ente))
    assert response.status_code == 200 and "non è ancora approvata" in response.text


@pytest.mark.django_db
def test_the_status_fragment_of_a_year_without_a_plan_is_a_404(piano_2018, login):
    assert login(piano_2018.segretario).get(stato_url(piano_2018.ente, 2030)).status_code == 404


@pytest.mark.django_db
def test_the_status_fragment_queues_again_a_render_whose_worker_died(queued, piano_2018, login):
    from datetime import timedelta

    from django.utils import timezone

    VersioneRelazione.objects.filter(pk=queued.pk).update(
        stato_rendering=StatoRendering.IN_CORSO, tentativi=1, heartbeat_il=timezone.now() - timedelta(hours=1))
    response = login(piano_2018.segretario).get(stato_url(piano_2018.ente))
    assert "È un nuovo tentativo" in response.text
    assert VersioneRelazione.objects.get(pk=queued.pk).stato_rendering == StatoRendering.IN_CODA


@pytest.mark.django_db
def test_who_may_read_the_status_fragment(queued, piano_2018, client):
    from django.contrib.auth import get_user_model

    altro = builders.make_ente(nome="Comune di Altrove", slug="altrove")
    segretario_altro = builders.make_user("segretario_altro")
    builders.give_role(segretario_altro, altro, Ruolo.Tipo.SEGRETARIO)
    builders.give_role(builders.make_user("resp_altro"), altro, Ruolo.Tipo.RESPONSABILE)
    superuser = get_user_model().objects.create_superuser("super", "s@example.org", "pw-super-123")
    url = stato_url(piano_2018.ente)
    expected = [
        (piano_2018.segretario, 200), (piano_2018.nucleo, 200), (piano_2018.amministratore, 200),
        (piano_2018.resp_a, 403), (piano_2018.resp_b, 403),
        (segretario_altro, 404), (get_user_model().objects.get(username="resp_altro"), 404), (superuser, 404),
    ]
    assert client.get(url).status_code == 302  # anonymous: to the login page
    assert client.post(url).status_code == 405
    for user, status in expected:
        client.force_login(user)
        assert client.get(url).status_code == status, user
        assert client.post(url).status_code == 405, user


@pytest.mark.django_db
@pytest.mark.parametrize("stato", list(StatoRendering))
def test_the_page_never_reloads_itself_and_loads_only_a_same_origin_script(queued, piano_2018, login, stato):
    VersioneRelazione.objects.filter(pk=queued.pk).update(stato_rendering=stato)
    response = login(piano_2018.segretario).get(gestione_url(piano_2018.ente))
    html = response.text
    assert "http-equiv" not in html.lower()
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []  # no inline script (strict CSP)
    assert '<script src="/static/js/stato-pdf.js" defer></script>' in html
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert 'id="stato-pdf" role="status"' in html  # the live region the script updates
    follows = f'data-stato-pdf-url="{stato_url(piano_2018.ente)}"' in html
    assert follows == (stato in (StatoRendering.IN_CODA, StatoRendering.IN_CORSO))


def test_the_status_script_is_a_static_file_that_updates_only_the_live_region():
    path = finders.find("js/stato-pdf.js")
    assert path
    script = open(path, encoding="utf-8").read()
    assert 'getElementById("stato-pdf")' in script and "data-stato-pdf-url" in script
    assert "location.reload" not in script and "<form" not in script


@pytest.mark.django_db
def test_without_javascript_the_page_says_the_state_and_offers_aggiorna(queued, piano_2018, login):
    html = login(piano_2018.segretario).get(gestione_url(piano_2018.ente)).text
    assert "PDF: in coda" in html
    assert f'<a href="{gestione_url(piano_2018.ente)}">Aggiorna</a>' in html


# Pubblica only when it can succeed -----------------------------------------------------------

@pytest.mark.django_db
def test_pubblica_is_not_offered_while_something_is_missing_and_the_page_lists_it(queued, piano_2018, login):
    from datetime import date

    ente = piano_2018.ente
    ente.pubblicazione_richiede_validazione = True
    ente.save()
    client = login(piano_2018.segretario)
    html = client.get(gestione_url(piano_2018.ente)).text
    assert "Pubblica per i cittadini" not in html
    assert "Per pubblicare manca:" in html
    assert "<li>il PDF approvato (ancora in preparazione)</li>" in html
    assert "<li>la validazione del Nucleo di Valutazione</li>" in html

    VersioneRelazione.objects.update(stato_rendering=StatoRendering.COMPLETATO)
    services.relazione_record_validation(user=piano_2018.nucleo, relazione=queued.relazione, data=date(2019, 5, 28))
    html = client.get(gestione_url(piano_2018.ente)).text
    assert "Pubblica per i cittadini" in html and "Per pubblicare manca" not in html


@pytest.mark.django_db
def test_after_a_reopening_publication_waits_for_the_new_versions_pdf(relazione_2018, piano_2018, approve):
    approve(piano_2018.segretario, relazione_2018)  # version 1 rendered
    services.relazione_reopen(user=piano_2018.segretario, relazione=relazione_2018, motivazione="Correzione")
    relazione = services.relazione_approve(user=piano_2018.segretario, relazione=relazione_2018)  # version 2 queued
    assert "il PDF approvato (ancora in preparazione)" in services.missing_for_publication(relazione)


# The menu opens the year being drafted -------------------------------------------------------

def menu_year(client, ente):
    html = client.get(gestione_url(ente)).text
    return int(re.search(r'href="/area-riservata/(?:[\w-]+/)?relazioni/(\d+)/"><span>Relazione</span>', html).group(1))


@pytest.mark.django_db
@pytest.mark.parametrize("anno_corrente, stati, expected", [
    (2019, {2018: Relazione.Stato.PUBBLICATA}, 2019),  # the demo: 2018 published, 2019 being drafted
    (2019, {2018: Relazione.Stato.APPROVATA}, 2018),  # last year's is not published yet: that one
    (2019, {}, 2018),
    (2019, {2018: Relazione.Stato.PUBBLICATA, 2019: Relazione.Stato.PUBBLICATA}, 2018),  # nothing to draft
    (2018, {}, 2018),  # 2017 has no plan
    (2022, {}, 2021),  # no plan covers either year
])
def test_the_relazione_menu_opens_the_year_being_drafted(piano_2018, login, anno_corrente, stati, expected):
    ente = piano_2018.ente
    ente.anno_corrente = anno_corrente
    ente.save()
    for anno, stato in stati.items():
        Relazione.objects.create(ente=ente, piano=piano_2018.piano, anno=anno, stato=stato)
    assert menu_year(login(piano_2018.segretario), ente) == expected


# Genera di nuovo il PDF ----------------------------------------------------------------------

def genera_url(ente, anno=2018):
    return reverse("relazioni:genera_pdf", args=[ente.slug, anno])


@pytest.fixture
def failed(queued):
    VersioneRelazione.objects.filter(pk=queued.pk).update(
        stato_rendering=StatoRendering.ERRORE, tentativi=3, errore="La generazione del PDF si è interrotta 3 volte")
    return queued


@pytest.mark.django_db
def test_after_a_failure_the_segretario_is_offered_a_new_generation_and_the_nucleo_is_not(failed, piano_2018, login):
    html = login(piano_2018.segretario).get(gestione_url(piano_2018.ente)).text
    assert "Genera di nuovo il PDF" in html and f'action="{genera_url(piano_2018.ente)}"' in html
    assert "Genera di nuovo il PDF" not in login(piano_2018.nucleo).get(gestione_url(piano_2018.ente)).text


@pytest.mark.django_db
def test_genera_di_nuovo_renders_the_same_version_again_with_a_fresh_count(failed, piano_2018, login, django_capture_on_commit_callbacks):
    client = login(piano_2018.segretario)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(genera_url(piano_2018.ente))
    assert response.status_code == 302 and response.url == gestione_url(piano_2018.ente)
    versione = VersioneRelazione.objects.get()
    assert versione.pk == failed.pk and versione.stato_rendering == StatoRendering.COMPLETATO
    assert versione.tentativi == 1 and versione.errore == "" and versione.pdf.read().startswith(b"%PDF")


@pytest.mark.django_db
def test_genera_di_nuovo_is_refused_with_a_message_when_nothing_failed(queued, piano_2018, login):
    page = login(piano_2018.segretario).post(genera_url(piano_2018.ente), follow=True)
    assert "non è in errore" in page.text
    assert VersioneRelazione.objects.get().stato_rendering == StatoRendering.IN_CODA


@pytest.mark.django_db
def test_who_may_ask_for_the_pdf_again(failed, piano_2018, client):
    from django.contrib.auth import get_user_model

    altro = builders.make_ente(nome="Comune di Altrove", slug="altrove")
    segretario_altro = builders.make_user("segretario_altro")
    builders.give_role(segretario_altro, altro, Ruolo.Tipo.SEGRETARIO)
    superuser = get_user_model().objects.create_superuser("super", "s@example.org", "pw-super-123")
    url = genera_url(piano_2018.ente)
    assert client.post(url).status_code == 302 and "/accesso/" in client.post(url).url  # anonymous: login
    for user, status in [(piano_2018.resp_a, 403), (piano_2018.resp_b, 403), (segretario_altro, 404), (superuser, 404)]:
        client.force_login(user)
        assert client.post(url).status_code == status, user
    client.force_login(piano_2018.nucleo)  # may read the page, may not ask: refused with a message
    assert "Solo il Segretario" in client.post(url, follow=True).text
    assert client.get(url).status_code == 405
    assert VersioneRelazione.objects.get().stato_rendering == StatoRendering.ERRORE
