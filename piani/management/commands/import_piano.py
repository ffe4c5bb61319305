"""python manage.py import_piano <ente-slug> FILE [--dry-run] [--utente USERNAME]"""

from datetime import datetime
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from obiettivi.models import Ente
from obiettivi.services import DomainError
from piani import services
from piani.workbook import MAX_BYTES


class Command(BaseCommand):
    help = "Importa un Piano da un foglio di calcolo XLSX o ODS, con gli stessi controlli della pagina Piano."

    def add_arguments(self, parser):
        parser.add_argument("ente")
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="Controlla e mostra le modifiche senza salvarle.")
        parser.add_argument("--utente", help="L'utente che lo Storico registra (di norma il Segretario).")
        parser.add_argument("--variazione-numero", help="Piano approvato: numero della deliberazione che varia target o pesi.")
        parser.add_argument("--variazione-data", help="Piano approvato: data della deliberazione, gg/mm/aaaa.")
        parser.add_argument("--variazione-motivazione", help="Piano approvato: motivazione della variazione.")

    def handle(self, *args, ente, file, dry_run=False, utente=None, variazione_numero=None, variazione_data=None,
               variazione_motivazione=None, **options):
        ente_obj = Ente.objects.filter(slug=ente).first()
        if ente_obj is None:
            raise CommandError(f"L'ente «{ente}» non esiste.")
        user = None
        if utente:
            user = get_user_model().objects.filter(username=utente).first()
            if user is None:
                raise CommandError(f"L'utente «{utente}» non esiste.")
        variazione = None
        if variazione_numero or variazione_data or variazione_motivazione:
            try:
                data_atto = datetime.strptime(variazione_data or "", "%d/%m/%Y").date()
            except ValueError:
                raise CommandError("--variazione-data: scriva la data come gg/mm/aaaa.")
            variazione = {"numero_atto": variazione_numero or "", "data_atto": data_atto,
                          "motivazione": variazione_motivazione or ""}
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Il file «{file}» non esiste.")
        if path.stat().st_size > MAX_BYTES:
            raise CommandError("Il file supera i 10 MB: lo divida o tolga i fogli che non servono.")
        try:
            esito = services.piano_import(ente=ente_obj, data=path.read_bytes(), user=user, variazione=variazione,
                                          commit=not dry_run)
        except DomainError as error:
            raise CommandError(error.message)
        for modifica in esito.modifiche:
            where = " – ".join(part for part in (modifica.area, modifica.obiettivo) if part)
            change = f": {modifica.prima or '–'} → {modifica.dopo or '–'}" if modifica.azione != "crea" else ""
            self.stdout.write(f"{modifica.azione} {modifica.cosa}{change}" + (f" [{where}]" if where else ""))
        if not esito.ok:
            for problema in esito.problemi:
                self.stderr.write(str(problema))
            raise CommandError(f"Importazione non eseguita: {len(esito.problemi)} problemi. Nulla è stato salvato.")
        if esito.nessuna_modifica:
            self.stdout.write("Nessuna modifica: il Piano è già come nel file.")
        elif dry_run:
            self.stdout.write(f"Prova: {len(esito.modifiche)} modifiche, nessuna salvata.")
        else:
            self.stdout.write(self.style.SUCCESS(f"Importato: {len(esito.modifiche)} modifiche."))
