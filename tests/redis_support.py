"""Redis for the tests that start the app with REDIS_URL: the server on 127.0.0.1:6379 where it
answers. Without it such a test is skipped with the reason shown, except in CI (CI set), where a
missing Redis is a failure: the setting would otherwise go untested."""

import os

import pytest


def _default_url():
    """A database of its own (0-15 exist), so that flushing it touches no one else's keys: 11 when
    serial, 11 + n for pytest-xdist's worker gwN (wrapping within 11-15), since a test clears the
    cache while another worker's test counts the keys in it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    return f"redis://127.0.0.1:6379/{11 + int(worker.removeprefix('gw') or 0) % 5}"


REDIS_URL = os.environ.get("TEST_REDIS_URL") or _default_url()


def require_redis():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as error:
        message = f"Redis non risponde su {REDIS_URL}: {error}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return REDIS_URL
