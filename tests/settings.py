"""Test settings: the real settings, in development mode, with a fast password hasher."""

import os

os.environ.setdefault("DEBUG", "1")

from lodrino_performance.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# One folder per pytest-xdist worker (gw0, gw1, ...): tests count the files written under
# MEDIA_ROOT/relazioni, and a worker must not see the other's. A db_worker started by a test inherits
# the variable, so it writes where its test reads.
MEDIA_ROOT = BASE_DIR / ".test-media" / os.environ.get("PYTEST_XDIST_WORKER", "serial")  # noqa: F405

# The worker started by the kill-mid-render test renders slowly (see tests/slow_pdf).
if os.environ.get("TEST_PDF_RENDER_DELAY_SECONDS"):
    INSTALLED_APPS = [*INSTALLED_APPS, "tests.slow_pdf"]  # noqa: F405
