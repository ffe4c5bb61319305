"""Test settings: the real settings, in development mode, with a fast password hasher."""

import os

os.environ.setdefault("DEBUG", "1")

from lodrino_performance.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = BASE_DIR / ".test-media"  # noqa: F405
