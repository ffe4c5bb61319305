"""Test settings: the real settings, in development mode, with a fast password hasher."""

import os

os.environ.setdefault("DEBUG", "1")

from lodrino_performance.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405

# The worker started by the kill-mid-render test renders slowly (see tests/slow_pdf).
if os.environ.get("TEST_PDF_RENDER_DELAY_SECONDS"):
    INSTALLED_APPS = [*INSTALLED_APPS, "tests.slow_pdf"]  # noqa: F405
