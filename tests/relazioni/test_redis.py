"""With REDIS_URL set (a deployment of several app processes), the public Relazione and its CSV are
served, and from the shared cache the second time."""

import os
import runpy
from pathlib import Path

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relazioni import services
from tests.redis_support import require_redis

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "lodrino_performance" / "settings.py"


@pytest.fixture
def redis_cache(monkeypatch):
    """The cache exactly as settings.py builds it from REDIS_URL, in place for the test."""
    url = require_redis()
    monkeypatch.setitem(os.environ, "REDIS_URL", url)
    caches_setting = runpy.run_path(str(SETTINGS_FILE))["CACHES"]
    with override_settings(CACHES=caches_setting):
        cache.clear()
        yield caches["default"]
        cache.clear()


@pytest.fixture
def pubblicata(relazione_2018, piano_2018, approve):
    piano_2018.ente.pubblicazione_richiede_validazione = False
    piano_2018.ente.save()
    approve(piano_2018.segretario, relazione_2018)
    return services.relazione_publish(user=piano_2018.segretario, relazione=relazione_2018)


@pytest.mark.parametrize("name", ["relazioni:relazione", "relazioni:dati_csv"])
def test_with_redis_the_public_relazione_is_served_and_then_comes_from_the_cache(pubblicata, redis_cache, client, name):
    assert type(redis_cache).__name__ == "RedisCache"
    url = reverse(name, args=["lodrino", 2018])
    with CaptureQueriesContext(connection) as first_visit:
        first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as second_visit:
        second = client.get(url)
    second_content = b"".join(second.streaming_content) if second.streaming else second.content
    first_content = b"".join(first.streaming_content) if first.streaming else first.content
    assert second.status_code == 200 and second_content == first_content
    # The page is served from the cache; the CSV is a stored file, read and checked against its
    # SHA-256 at each download (never from a cache that could outlive the file).
    assert len(second_visit) < len(first_visit) if name == "relazioni:relazione" else len(second_visit) <= len(first_visit)
    if name == "relazioni:relazione":
        assert redis_cache._cache.get_client().dbsize() > 0  # the page is in Redis, not in the process
