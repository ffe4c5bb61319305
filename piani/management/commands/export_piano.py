"""python manage.py export_piano <ente-slug> <anno-inizio> --output FILE (XLSX or ODS from the extension)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from obiettivi.models import Ente
from piani import selectors


class Command(BaseCommand):
    help = "Esporta un Piano in un foglio di calcolo (il formato dall'estensione: .xlsx o .ods)."

    def add_arguments(self, parser):
        parser.add_argument("ente")
        parser.add_argument("anno_inizio", type=int)
        parser.add_argument("--output", required=True)

    def handle(self, *args, ente, anno_inizio, output, **options):
        ente_obj = Ente.objects.filter(slug=ente).first()
        if ente_obj is None:
            raise CommandError(f"L'ente «{ente}» non esiste.")
        piano = selectors.piano_of(ente_obj, anno_inizio)
        if piano is None:
            raise CommandError(f"L'ente non ha un Piano che inizia nel {anno_inizio}.")
        fmt = Path(output).suffix.lower().lstrip(".")
        if fmt not in selectors.FORMATS:
            raise CommandError("Il file deve finire con .xlsx o .ods.")
        Path(output).write_bytes(selectors.piano_workbook(piano, fmt))
        self.stdout.write(self.style.SUCCESS(f"Piano {piano} esportato in {output}."))
