"""App configurations of third-party apps, adapted to an Italian installation."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _


def _quando(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M:%S") if value else "—"


def _access_attempt_str(self):
    return gettext("Tentativo di accesso di «%(utente)s» del %(quando)s") % {
        "utente": self.username or "", "quando": _quando(self.attempt_time),
    }


def _access_log_str(self):
    return gettext("Accesso di «%(utente)s» del %(quando)s") % {
        "utente": self.username or "", "quando": _quando(self.attempt_time),
    }


def _access_failure_str(self):
    text = gettext("Accesso non riuscito di «%(utente)s» del %(quando)s da %(ip)s") % {
        "utente": self.username or "", "quando": _quando(self.attempt_time), "ip": self.ip_address or "—",
    }
    return text + (gettext(" (bloccato)") if self.locked_out else "")


class AxesConfig(AxesAppConfig):
    """django-axes, in Italian where its catalogue cannot reach: the admin section (otherwise headed
    "Axes") and the names of its rows (hard-coded English f-strings in axes.models, shown as the
    title of each change page and in the admin's history)."""

    verbose_name = _("Accessi al sito")

    def ready(self):
        super().ready()
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        AccessAttempt.__str__ = _access_attempt_str
        AccessLog.__str__ = _access_log_str
        AccessFailureLog.__str__ = _access_failure_str
