"""Give every approved version the open-data formats it lacks (a format added after its approval),
from its frozen snapshot. Files already made are never rewritten; running it again makes nothing."""

from django.core.management.base import BaseCommand

from opendata.services import make_missing


class Command(BaseCommand):
    help = "Crea i file open data mancanti delle versioni approvate, senza riscrivere quelli esistenti."

    def handle(self, *args, **options):
        made = make_missing()
        self.stdout.write(f"File open data creati: {made}.")
