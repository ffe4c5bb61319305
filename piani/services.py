"""Writes: import a Piano from a workbook (preview, then confirm), keep an upload until confirmed."""

import hashlib
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obiettivi.permissions import is_segretario
from obiettivi.services import DomainError, lock_ente

from .importer import Importazione, Problema
from .models import Caricamento
from .workbook import MAX_BYTES, WorkbookError, read_workbook

CARICAMENTO_VALIDO = timedelta(hours=24)  # a preview left open overnight may still be confirmed


@dataclass
class Esito:
    """What an import did (or would do): problems, changes, and whether it needs a deliberation."""

    problemi: list = field(default_factory=list)
    modifiche: list = field(default_factory=list)
    richiede_variazione: bool = False
    piano: object = None
    salvato: bool = False

    @property
    def ok(self):
        return not self.problemi

    @property
    def nessuna_modifica(self):
        return self.ok and not self.modifiche

    def per_area(self):
        """[(area, [(obiettivo, [modifiche])])] in the order they were found: the preview's layout."""
        groups = {}
        for modifica in self.modifiche:
            groups.setdefault(modifica.area, {}).setdefault(modifica.obiettivo, []).append(modifica)
        return [(area, list(obiettivi.items())) for area, obiettivi in groups.items()]


def piano_import(*, ente, data, user=None, variazione=None, commit=False):
    """Read the workbook `data` and import it into `ente`.

    With commit=False (the preview, `--dry-run`) everything is checked and the changes are listed,
    then rolled back. With commit=True the changes are kept only if no row has a problem; when the
    Piano is approved and the file changes a target or a weight, `variazione` (numero_atto,
    data_atto, motivazione) is the deliberation that records them.
    """
    if user is not None and user.is_authenticated and not user.is_superuser and not is_segretario(user, ente.pk):
        raise DomainError(_("Solo il Segretario Comunale può importare il Piano."))
    try:
        sheets = read_workbook(data)
    except WorkbookError as error:
        return Esito(problemi=[Problema(messaggio=error.message)])
    with transaction.atomic():
        lock_ente(ente.pk)
        importazione = Importazione(ente=ente, sheets=sheets, user=user, variazione=variazione)
        importazione.run()
        esito = Esito(problemi=importazione.problemi, modifiche=importazione.modifiche,
                      richiede_variazione=importazione.richiede_variazione, piano=importazione.piano)
        if commit and esito.ok and esito.richiede_variazione and not variazione:
            esito.problemi.append(Problema(messaggio=_(
                "Il Piano è approvato e il file cambia target, pesi o obiettivi: indichi la deliberazione della variazione.")))
        if not commit or not esito.ok:
            transaction.set_rollback(True)
        else:
            esito.salvato = True
    return esito


def caricamento_store(*, ente, user, nome_file, data):
    """Keep an uploaded file for the confirmation; refuse one over 10 MB without reading it."""
    if len(data) > MAX_BYTES:
        raise DomainError(_("Il file supera i 10 MB: lo divida o tolga i fogli che non servono."))
    Caricamento.objects.filter(ente=ente, utente=user, confermato_il__isnull=True).delete()
    Caricamento.objects.filter(creato_il__lt=timezone.now() - CARICAMENTO_VALIDO).delete()
    return Caricamento.objects.create(
        ente=ente, utente=user, nome_file=nome_file[:255], impronta=hashlib.sha256(data).hexdigest(), contenuto=data,
    )


def caricamento_confirm(*, caricamento, user, variazione=None):
    """Import the stored file for good; the upload is then marked as used."""
    if caricamento.confermato_il is not None:
        raise DomainError(_("Questo file è già stato importato."))
    with transaction.atomic():
        esito = piano_import(ente=caricamento.ente, data=bytes(caricamento.contenuto), user=user,
                             variazione=variazione, commit=True)
        if esito.salvato:
            caricamento.confermato_il = timezone.now()
            caricamento.contenuto = b""
            caricamento.save(update_fields=["confermato_il", "contenuto"])
    return esito
