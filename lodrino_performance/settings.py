"""Settings for the ciclo della performance product.

Everything that differs between a developer's machine and a deployment comes from the
environment; the defaults are safe for development only (DEBUG on, SQLite file, console mail).
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "si", "sì"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)

# A development key only works while DEBUG is on: a deployment must set its own.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("ALLOW_INSECURE_KEY"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured("Impostare SECRET_KEY (o DEBUG=1 in sviluppo).")
    SECRET_KEY = "django-insecure-solo-per-sviluppo-non-usare-in-produzione-0123456789"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "lodrino_performance.admin_site.PerformanceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_tasks_db",
    "lodrino_performance.apps.AxesConfig",  # django-axes, its admin section named in Italian
    "obiettivi",
    "ciclo",
    "relazioni",
    "enti",
    "piani",
    "pubblicazioni",
    "opendata",
    "valutazioni",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the others, so that a response they cut short (a 400 for an unknown host, a CSRF
    # refusal) carries the policy too.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # An empty 405 becomes our Italian page (it needs the user and the messages: after them).
    "lodrino_performance.errors.MethodNotAllowedPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "obiettivi.auth.RoleBackend",  # permissions come from the roles in the enti
]

# Login attempts are throttled: after AXES_FAILURE_LIMIT failures for a user name from one address,
# that pair waits AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/lockout.html"
AXES_RESET_ON_SUCCESS = True
# Behind a reverse proxy every request comes from the proxy's address, and one person's failures
# would lock a whole office out: TRUSTED_PROXY_COUNT proxies (each appending to X-Forwarded-For)
# make the throttle count the client's address as they report it. 0: the header is ignored.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_CLIENT_IP_CALLABLE = "lodrino_performance.client_ip.client_ip"
# An over-long user name typed at login is recorded cut, not refused by the database with a 500.
AXES_USERNAME_CALLABLE = "lodrino_performance.login.axes_username"

ROOT_URLCONF = "lodrino_performance.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "obiettivi.context_processors.navigation",
            ],
        },
    },
]

WSGI_APPLICATION = "lodrino_performance.wsgi.application"

# PostgreSQL in production through DATABASE_URL; an SQLite file otherwise, so that a new user
# needs no server to try the product.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", "Italiano")]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
LOCALE_PATHS = [BASE_DIR / "locale"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or env_bool("PLAIN_STATIC")
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "area_riservata"
LOGOUT_REDIRECT_URL = "home"

# Django's widgets, with a few templates written in one piece (lodrino_performance/forms_renderer.py).
FORM_RENDERER = "lodrino_performance.forms_renderer.FormRenderer"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Reminders (`manage.py send_reminders`, daily by cron): how many days ahead they look, and the
# address of the site for the links in the e-mails (none when unset).
REMINDER_DAYS = int(os.environ.get("REMINDER_DAYS", "7"))
SITE_URL = os.environ.get("SITE_URL", "")

# Mail (Django 6.1 MAILERS): SMTP to EMAIL_HOST when set; otherwise printed on the console in
# development and, in production, SMTP to the server's own mail relay (localhost:25, as a Unix
# server usually has), so that no deployment silently drops the reminders.
if os.environ.get("EMAIL_HOST") or (not DEBUG and not os.environ.get("EMAIL_BACKEND")):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST") or "localhost",
                "port": int(os.environ.get("EMAIL_PORT", "587" if os.environ.get("EMAIL_HOST") else "25")),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", default=bool(os.environ.get("EMAIL_HOST"))),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}}


def _site_host():
    """The site's own host name, for the sender's address: from SITE_URL, else the first named host."""
    host = urlsplit(SITE_URL).hostname if SITE_URL else None
    named = [h.lstrip(".") for h in ALLOWED_HOSTS if h not in {"*", "127.0.0.1", "[::1]"} and "*" not in h]
    return host or (named[0] if named else "localhost")


# The reminders' sender: noreply@ the site's host unless set (a mail server often refuses "@localhost").
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL") or f"noreply@{_site_host()}"
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Rendering the approved PDF runs as a task: immediately by default, in the database queue
# (worker: `manage.py db_worker`) when TASKS_BACKEND=database.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND") == "database"
            else "django.tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

# A PDF being rendered gives a sign of life every PDF_HEARTBEAT_SECONDS; one silent for
# PDF_STALE_SECONDS was left by a dead worker and is queued again, up to PDF_MAX_ATTEMPTS renders.
PDF_HEARTBEAT_SECONDS = float(os.environ.get("PDF_HEARTBEAT_SECONDS", "10"))
PDF_STALE_SECONDS = float(os.environ.get("PDF_STALE_SECONDS", "60"))
PDF_MAX_ATTEMPTS = int(os.environ.get("PDF_MAX_ATTEMPTS", "3"))
# From this many objectives an approved Relazione is a main document plus annexes by area, each a
# PDF/A of its own, rendered in parallel by up to PDF_WORKERS processes (never more than the cores).
# 300 objectives is about 150 pages (measured: 57 pages at 100 objectives, 507 at 1,000).
RELAZIONE_ALLEGATI_SOGLIA = int(os.environ.get("RELAZIONE_ALLEGATI_SOGLIA", "300"))
PDF_WORKERS = int(os.environ.get("PDF_WORKERS", "2"))
# An area with more objectives is split into annexes of at most this many ("parte 1 di 2", contiguous
# objectives): parts small and even enough to keep every process busy to the end (about 50 pages each).
RELAZIONE_ALLEGATO_MAX_OBIETTIVI = int(os.environ.get("RELAZIONE_ALLEGATO_MAX_OBIETTIVI", "100"))

CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": os.environ["REDIS_URL"]}
        if os.environ.get("REDIS_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "performance"}
    )
}

# A strict policy: only our own files; no inline script or style anywhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# A refused form is explained in Italian, in the site's frame (lodrino_performance/errors.py).
CSRF_FAILURE_VIEW = "lodrino_performance.errors.csrf_failure"

SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Each task's start and end would otherwise be printed on every approval.
    "loggers": {"django.tasks": {"level": os.environ.get("LOG_LEVEL", "WARNING")}},
}
