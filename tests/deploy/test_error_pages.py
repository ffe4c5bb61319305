"""Error pages are ours: the site's frame, Italian, a way back, the strict CSP, none of Django's
English, with DEBUG off as in production. The 500 page renders with the database down too."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.test import Client, override_settings

from tests import builders

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.error_urls")]

ENGLISH = [
    "Not Found", "Bad Request", "Server Error", "Forbidden", "Permission denied", "CSRF verification failed",
    "The requested resource", "More information is available", "Reason given", "was not found on this server",
]


def assert_our_error_page(response, status, *italian):
    assert response.status_code == status
    text = response.content.decode()
    assert '<html lang="it">' in text
    assert f"Errore {status}" in text
    for words in italian:
        assert words in text
    assert 'class="it-header-wrapper"' in text and 'class="it-footer"' in text  # the site's frame
    assert 'href="/"' in text and 'href="/area-riservata/"' in text  # a way back
    for words in ENGLISH:
        assert words not in text, words
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "unsafe-inline" not in policy


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


@override_settings(DEBUG=False)
def test_a_page_that_does_not_exist_gets_our_404(anonymous):
    assert_our_error_page(anonymous.get("/una-pagina-che-non-esiste/"), 404, "Pagina non trovata")


@override_settings(DEBUG=False)
def test_a_draft_relazione_is_our_404_for_a_citizen(anonymous, personas):
    assert_our_error_page(anonymous.get("/lodrino/relazione/2018/"), 404, "Pagina non trovata")


@override_settings(DEBUG=False)
def test_a_logged_in_person_gets_our_404_with_their_header(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas.resp_a)
    response = client.get("/una-pagina-che-non-esiste/")
    assert_our_error_page(response, 404, "Pagina non trovata")
    assert "Comune di Lodrino" in response.content.decode()


@override_settings(DEBUG=False)
def test_a_suspicious_request_gets_our_400(anonymous):
    assert_our_error_page(anonymous.get("/prova-errori/400/"), 400, "Richiesta non valida")


@override_settings(DEBUG=False, ALLOWED_HOSTS=["performance.comune.example.it"])
def test_a_request_for_an_unknown_host_gets_our_400(anonymous):
    response = anonymous.get("/", HTTP_HOST="altro.example.org")
    assert_our_error_page(response, 400, "Richiesta non valida")


@override_settings(DEBUG=False)
def test_a_refused_operation_gets_our_403(anonymous):
    assert_our_error_page(anonymous.get("/prova-errori/403/"), 403, "Accesso non consentito")


@override_settings(DEBUG=False)
def test_a_segretario_refused_in_the_admin_gets_our_403(personas):
    personas.segretario.is_staff = True
    personas.segretario.save()
    client = Client(raise_request_exception=False)
    client.force_login(personas.segretario)
    assert_our_error_page(client.get("/admin/obiettivi/programma/add/"), 403, "Accesso non consentito")


@override_settings(DEBUG=False)
def test_a_form_without_its_csrf_token_gets_our_csrf_page(personas):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = client.post("/accesso/", {"username": "segretario", "password": builders.PASSWORD})
    assert_our_error_page(response, 403, "Modulo non inviato", "ricarichi")


@override_settings(DEBUG=False)
def test_a_logged_in_form_without_its_csrf_token_gets_our_csrf_page(personas):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(personas.segretario)
    assert_our_error_page(client.post("/esci/"), 403, "Modulo non inviato")


@override_settings(DEBUG=False)
def test_a_failure_in_the_program_gets_our_500(anonymous):
    assert_our_error_page(anonymous.get("/prova-errori/500/"), 500, "Errore del servizio", "riprovi")


@override_settings(DEBUG=False)
def test_the_500_page_renders_with_the_database_down(personas):
    client = Client(raise_request_exception=False)
    client.force_login(personas.segretario)
    with mock.patch("django.db.backends.base.base.BaseDatabaseWrapper.cursor", side_effect=OperationalError("giù")):
        response = client.get("/prova-errori/database/")
    assert_our_error_page(response, 500, "Errore del servizio")


def broken_context_processor(request):
    raise OperationalError("il database non risponde")


def templates_with_a_broken_context_processor():
    from django.conf import settings

    engine = {**settings.TEMPLATES[0]}
    engine["OPTIONS"] = {
        **engine["OPTIONS"],
        "context_processors": [*engine["OPTIONS"]["context_processors"], f"{__name__}.broken_context_processor"],
    }
    return [engine]


def test_error_pages_render_when_the_context_processors_fail(anonymous):
    with override_settings(DEBUG=False, TEMPLATES=templates_with_a_broken_context_processor()):
        assert_our_error_page(anonymous.get("/prova-errori/500/"), 500, "Errore del servizio")
        assert_our_error_page(anonymous.get("/una-pagina-che-non-esiste/"), 404, "Pagina non trovata")
        assert_our_error_page(anonymous.get("/prova-errori/403/"), 403, "Accesso non consentito")


def test_every_error_template_is_in_italian_and_links_back():
    """The templates alone, as a view with no request would render them."""
    from django.template.loader import render_to_string

    for name, words in [("400.html", "Richiesta non valida"), ("403.html", "Accesso non consentito"),
                        ("404.html", "Pagina non trovata"), ("500.html", "Errore del servizio"),
                        ("403_csrf.html", "Modulo non inviato")]:
        text = render_to_string(name)
        assert words in text and 'href="/"' in text and 'href="/area-riservata/"' in text, name


@override_settings(DEBUG=False)
def test_the_500_page_still_answers_in_italian_when_its_frame_fails(anonymous):
    with mock.patch("django.templatetags.static.StaticNode.handle_simple", side_effect=ValueError("manifest")):
        response = anonymous.get("/prova-errori/500/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Errore del servizio" in text and 'href="/"' in text and "it-header-wrapper" not in text
    assert "Content-Security-Policy" in response.headers
