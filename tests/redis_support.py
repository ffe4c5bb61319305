"""Redis for the tests that start the app with REDIS_URL: the server on 127.0.0.1:6379 where it
answers. Without it such a test is skipped with the reason shown, except in CI (CI set), where a
missing Redis is a failure: the setting would otherwise go untested."""

import os

import pytest

# A database of its own (0-15 exist), so that flushing it touches no one else's keys.
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/11")


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
