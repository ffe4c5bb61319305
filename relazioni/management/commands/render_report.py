"""Writes the Relazione of a year from the current data, whatever its state (also the benchmark's tool)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from obiettivi.models import Ente
from relazioni.context import relazione_for
from relazioni.pdf import relazione_html, relazione_pdf


class Command(BaseCommand):
    help = "Scrive la Relazione sulla Performance di un anno in PDF (o in HTML con --html)."

    def add_arguments(self, parser):
        parser.add_argument("ente", help="lo slug dell'ente, es. lodrino")
        parser.add_argument("anno", type=int)
        parser.add_argument("--output", "-o", required=True, help="il file da scrivere")
        parser.add_argument("--html", action="store_true", help="scrive l'HTML invece del PDF")

    def handle(self, *args, ente, anno, output, html=False, **options):
        try:
            ente_obj = Ente.objects.get(slug=ente)
        except Ente.DoesNotExist:
            raise CommandError(f"Nessun ente «{ente}».")
        relazione = relazione_for(ente_obj, anno)
        if relazione is None:
            raise CommandError(f"Nessun Piano della Performance copre il {anno}.")
        if html:
            Path(output).write_text(relazione_html(relazione), encoding="utf-8")
        else:
            Path(output).write_bytes(relazione_pdf(relazione))
        self.stdout.write(f"Scritto {output}")
