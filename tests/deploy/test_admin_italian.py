"""No English in the admin the Segretario uses. Django 6.1's Italian catalogue lacks the strings
added in 5.x-6.x ("Run", "Search %(name)s", "- Select an option -") and django-axes has no Italian
catalogue at all: locale/it/LC_MESSAGES fills those gaps (LOCALE_PATHS wins over the packages)."""

import gettext
import html as html_module
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog

from tests import builders

pytestmark = pytest.mark.django_db

LOCALE = Path(__file__).resolve().parents[2] / "locale" / "it" / "LC_MESSAGES"


def visible_text(response):
    """The words a person reads: no scripts, no markup, no attribute values."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", html_module.unescape(re.sub(r"<[^>]+>", " ", html)))


def assert_no_english(text, *words):
    for word in words:
        assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), word


def test_a_changelist_with_search_filters_and_actions_is_in_italian(admin_client, personas):
    builders.make_obiettivo(personas.piano, personas.area_a)
    text = visible_text(admin_client.get("/admin/obiettivi/obiettivo/"))
    for words in ["Cerca in obiettivi", "Esegui", "- Scegliere un'opzione -", "Filtra", "Per tipo"]:
        assert words in text, words
    assert_no_english(text, "Search", "Run", "Select an option", "Filter", "Go")


def test_the_date_hierarchy_and_the_user_pages_are_in_italian(admin_client, personas):
    text = visible_text(admin_client.get("/admin/obiettivi/promemoriainviato/"))
    assert "Filtra per giorno" in text
    assert_no_english(text, "Filter by", "Search")
    for url in ["/admin/auth/user/", "/admin/auth/user/add/", f"/admin/auth/user/{personas.segretario.pk}/change/"]:
        text = visible_text(admin_client.get(url))
        assert_no_english(text, "Search", "Run", "Select an option", "Set password", "Logout",
                          "Password-based authentication", "Enabled", "Disabled")


@pytest.fixture
def accessi():
    row = {"username": "segretario", "ip_address": "10.0.0.7", "user_agent": "Firefox", "http_accept": "*/*",
           "path_info": "/accesso/"}
    return (
        AccessAttempt.objects.create(**row, get_data="", post_data="", failures_since_start=2),
        AccessLog.objects.create(**row),
        AccessFailureLog.objects.create(**row, locked_out=True),
    )


AXES_ENGLISH = [
    "Axes", "Access attempts", "Access attempt", "Access logs", "Access failures", "IP Address", "Username",
    "User Agent", "Attempt Time", "Failed Logins", "Attempted Access", "Access Log for", "Failed access",
    "Attempt Remaining", "Locked Out", "Form Data", "Meta Data", "Expires At", "Not set", "Logout Time",
    "Clean up expired attempts", "Search", "Run", "Select an option",
]


def test_the_login_attempts_are_in_italian(admin_client, accessi):
    attempt, log, failure = accessi
    text = visible_text(admin_client.get("/admin/"))
    assert "Accessi al sito" in text and "Tentativi di accesso" in text
    assert_no_english(text, *AXES_ENGLISH)

    text = visible_text(admin_client.get("/admin/axes/accessattempt/"))
    for words in ["tentativi di accesso", "Nome utente", "Indirizzo IP", "Data e ora del tentativo",
                  "Accessi non riusciti", "3 tentativi rimasti", "Elimina i tentativi scaduti", "Esegui"]:
        assert words in text, words
    assert_no_english(text, *AXES_ENGLISH)

    text = visible_text(admin_client.get(f"/admin/axes/accessattempt/{attempt.pk}/change/"))
    for words in ["Tentativo di accesso di «segretario» del", "Dati del modulo", "Metadati", "Browser (user agent)",
                  "Dati GET", "Dati POST"]:
        assert words in text, words
    assert_no_english(text, *AXES_ENGLISH)


def test_the_access_logs_and_failures_are_in_italian(admin_client, accessi):
    _attempt, log, failure = accessi
    for url, words in [
        ("/admin/axes/accesslog/", "accessi registrati"),
        (f"/admin/axes/accesslog/{log.pk}/change/", "Accesso di «segretario» del"),
        ("/admin/axes/accessfailurelog/", "accessi non riusciti"),
        (f"/admin/axes/accessfailurelog/{failure.pk}/change/", "Accesso non riuscito di «segretario»"),
    ]:
        text = visible_text(admin_client.get(url))
        assert words in text, url
        assert_no_english(text, *AXES_ENGLISH)
    assert str(failure).endswith("da 10.0.0.7 (bloccato)")


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_committed_catalogues_are_compiled_from_their_po(tmp_path, domain):
    """The .mo is committed (no gettext needed to run the product): it must say what the .po says."""
    if shutil.which("msgfmt") is None:
        pytest.skip("msgfmt (Debian gettext) non è installato: il confronto del .mo con il .po non è possibile")
    fresh = tmp_path / f"{domain}.mo"
    subprocess.run(["msgfmt", "--check", "-o", fresh, LOCALE / f"{domain}.po"], check=True)
    with open(fresh, "rb") as new, open(LOCALE / f"{domain}.mo", "rb") as committed:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(new)._catalog


def test_the_admins_javascript_strings_are_in_italian(admin_client):
    """The date pickers and the two-box selector of groups and permissions read the JS catalogue."""
    text = admin_client.get("/admin/jsi18n/").content.decode()
    assert "Scegli tutti: %s" in text and "(clic per togliere)" in text and "Oggi (%(date)s)" in text
