"""Daily reminders to the responsabili (run by cron, e.g. `0 7 * * * manage.py send_reminders`)."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse
from django.utils import timezone

from obiettivi import selectors, services
from obiettivi.models import Ente


class Command(BaseCommand):
    help = (
        "Invia a ogni responsabile, una volta al giorno, i valori ancora mancanti nei periodi aperti che "
        "chiudono entro N giorni e le scadenze di obiettivi e fasi entro N giorni."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="Quanti giorni guardare avanti (predefinito: REMINDER_DAYS, 7).")
        parser.add_argument("--date", default=None, help="Il giorno di riferimento, AAAA-MM-GG (predefinito: oggi).")

    def handle(self, *args, days=None, date=None, **options):
        giorni = days if days is not None else getattr(settings, "REMINDER_DAYS", 7)
        if giorni < 0:
            raise CommandError("--days non può essere negativo.")
        oggi = _parse_date(date) if date else timezone.localdate()
        base = getattr(settings, "SITE_URL", "").rstrip("/")
        inviati = saltati = 0
        for ente in Ente.objects.order_by("nome"):
            url = f"{base}{reverse('obiettivi:mie_schede', args=[ente.slug])}" if base else ""
            for promemoria in selectors.promemoria_for_ente(ente, oggi=oggi, giorni=giorni):
                if services.promemoria_send(ente=ente, promemoria=promemoria, giorno=oggi, giorni=giorni, url=url):
                    inviati += 1
                else:
                    saltati += 1
        self.stdout.write(f"Promemoria inviati: {inviati}; non inviati (già inviati oggi o senza e-mail): {saltati}.")


def _parse_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError("--date va scritta come AAAA-MM-GG, es. 2019-07-25.")
