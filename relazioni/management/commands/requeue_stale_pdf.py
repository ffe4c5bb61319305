"""Queue again every PDF render whose worker died (cron, e.g. every 5 minutes, with the worker).

The Segretario's page does the same for its own Relazione whenever someone looks at it; this
command covers the nights and weekends when nobody does."""

from django.core.management.base import BaseCommand

from relazioni.services import versioni_requeue_stale


class Command(BaseCommand):
    help = "Rimette in coda i PDF rimasti «in preparazione» perché il processo che li generava si è fermato."

    def handle(self, *args, **options):
        versioni = versioni_requeue_stale()
        for versione in versioni:
            self.stdout.write(f"{versione}: {versione.get_stato_rendering_display()}")
