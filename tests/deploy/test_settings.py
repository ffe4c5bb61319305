"""The settings a deployment uses pass Django's own deployment checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "k" * 20 + "-una-chiave-lunga-e-casuale-per-la-produzione-0123456789",
    "ALLOWED_HOSTS": "performance.comune.example.it",
    "EMAIL_HOST": "smtp.example.it",
    "DJANGO_SETTINGS_MODULE": "lodrino_performance.settings",
}


def run_manage(*args, env):
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**clean, **env},
        capture_output=True, text=True, timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_variables():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_without_a_secret_key_production_refuses_to_start():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", env={**env, "SECRET_KEY": ""})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("path", [
    "/", "/accesso/", "/admin/login/", "/lodrino/performance/", "/area-riservata/lodrino/schede/", "/una-pagina-che-non-esiste/",
])
def test_every_page_carries_a_strict_content_security_policy(client, personas, path):
    client.force_login(personas.resp_a)
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "frame-ancestors 'none'" in policy


# Every setting the README documents, each with a run of the app that has it set: the settings are
# read in a new process, as a deployment starts, and what they turned into is printed back.
SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
from django.core.cache import cache
names = %r
values = {name: getattr(settings, name) for name in names}
if "CACHES" in names:
    cache.set("prova-impostazioni", "sì", 5)
    values["cache_roundtrip"] = cache.get("prova-impostazioni")
print(json.dumps(values, default=str))
"""


def settings_with(env, *names):
    import json

    result = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS % (list(names),)], cwd=ROOT, capture_output=True, text=True,
        timeout=120,
        env={**{k: v for k, v in os.environ.items() if k not in {"DEBUG", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}},
             **PRODUCTION_ENV, **env},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("env", "name", "expected"), [
    ({"DEBUG": "1"}, "DEBUG", True),
    ({}, "DEBUG", False),
    ({"SECRET_KEY": "s" * 60}, "SECRET_KEY", "s" * 60),
    ({"ALLOWED_HOSTS": "a.example.it, b.example.it"}, "ALLOWED_HOSTS", ["a.example.it", "b.example.it"]),
    ({"CSRF_TRUSTED_ORIGINS": "https://a.example.it"}, "CSRF_TRUSTED_ORIGINS", ["https://a.example.it"]),
    ({"SESSION_COOKIE_AGE": "3600"}, "SESSION_COOKIE_AGE", 3600),
    ({"REMINDER_DAYS": "3"}, "REMINDER_DAYS", 3),
    ({"SITE_URL": "https://performance.comune.example.it"}, "SITE_URL", "https://performance.comune.example.it"),
    ({"MEDIA_ROOT": "/srv/performance/media"}, "MEDIA_ROOT", "/srv/performance/media"),
    ({"STATIC_ROOT": "/srv/performance/static"}, "STATIC_ROOT", "/srv/performance/static"),
    ({"DEFAULT_FROM_EMAIL": "Performance <performance@comune.example.it>"}, "DEFAULT_FROM_EMAIL",
     "Performance <performance@comune.example.it>"),
    ({"SITE_URL": "https://performance.lodrino.example.it/"}, "DEFAULT_FROM_EMAIL", "noreply@performance.lodrino.example.it"),
    ({}, "DEFAULT_FROM_EMAIL", "noreply@performance.comune.example.it"),  # from ALLOWED_HOSTS
    ({"PDF_HEARTBEAT_SECONDS": "5"}, "PDF_HEARTBEAT_SECONDS", 5.0),
    ({"PDF_STALE_SECONDS": "120"}, "PDF_STALE_SECONDS", 120.0),
    ({"PDF_MAX_ATTEMPTS": "4"}, "PDF_MAX_ATTEMPTS", 4),
    ({"RELAZIONE_ALLEGATI_SOGLIA": "500"}, "RELAZIONE_ALLEGATI_SOGLIA", 500),
    ({"PDF_WORKERS": "4"}, "PDF_WORKERS", 4),
    ({"RELAZIONE_ALLEGATO_MAX_OBIETTIVI": "60"}, "RELAZIONE_ALLEGATO_MAX_OBIETTIVI", 60),
], ids=lambda v: str(v)[:40])
def test_a_documented_setting_starts_the_app_with_its_value(env, name, expected):
    """DEBUG, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, SESSION_COOKIE_AGE, REMINDER_DAYS, SITE_URL,
    MEDIA_ROOT, STATIC_ROOT, DEFAULT_FROM_EMAIL and the PDF's; the others have a test of their own below
    (what each PDF setting does is tested in tests/relazioni)."""
    assert settings_with(env, name)[name] == expected


def test_database_url_chooses_the_database():
    database = settings_with({"DATABASE_URL": "postgres://utente@db.example.it:5433/performance"}, "DATABASES")
    database = database["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql" and database["NAME"] == "performance"
    assert (database["HOST"], database["PORT"], database["USER"]) == ("db.example.it", 5433, "utente")


def test_tasks_backend_database_queues_the_pdf_for_the_worker():
    tasks = settings_with({"TASKS_BACKEND": "database"}, "TASKS")["TASKS"]
    assert tasks["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def test_email_host_sends_through_that_smtp_server():
    env = {"EMAIL_HOST": "smtp.comune.example.it", "EMAIL_PORT": "465", "EMAIL_HOST_USER": "performance",
           "EMAIL_HOST_PASSWORD": "segreta", "EMAIL_USE_TLS": "0"}
    mailer = settings_with(env, "MAILERS")["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert mailer["OPTIONS"] == {"host": "smtp.comune.example.it", "port": 465, "username": "performance",
                                 "password": "segreta", "use_tls": False}


def test_without_email_host_production_sends_through_the_local_mail_relay():
    mailer = settings_with({"EMAIL_HOST": ""}, "MAILERS")["MAILERS"]["default"]
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (mailer["OPTIONS"]["host"], mailer["OPTIONS"]["port"]) == ("localhost", 25)


def test_check_deploy_reports_nothing_without_email_host_either():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION_ENV, "EMAIL_HOST": ""})
    assert result.returncode == 0, result.stdout + result.stderr


def test_redis_url_gives_a_shared_cache_that_works():
    from tests.redis_support import require_redis

    values = settings_with({"REDIS_URL": require_redis()}, "CACHES")
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["cache_roundtrip"] == "sì"  # the client is installed and the server answers
