"""The Relazione's stored files: written once with their SHA-256, checked against it whenever read.

A file whose bytes no longer match its fingerprint is never served: the caller gets
`FileAlterato`, the event is logged and recorded in the Storico (once an hour per file, so that a
crawler cannot flood it), and the Segretario's page lists it until it is restored from the backup.
"""

import hashlib
import io
import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from obiettivi.services import log_change

logger = logging.getLogger("relazioni.integrity")

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class FileAlterato(Exception):
    """A stored file is missing or differs from the SHA-256 recorded when it was written."""

    def __init__(self, etichetta):
        super().__init__(etichetta)
        self.etichetta = etichetta


def sha256(content):
    return hashlib.sha256(content).hexdigest()


def store(fieldfile, name, content):
    """Write `content` (bytes) into the FileField (not saved to the row) and return its SHA-256."""
    fieldfile.save(name, ContentFile(content), save=False)
    return sha256(content)


def read_verified(fieldfile, expected, *, etichetta, ente_id, anno):
    """The file's bytes if they match `expected`; else FileAlterato, logged and recorded."""
    try:
        with fieldfile.open("rb") as handle:
            content = handle.read()
    except (OSError, ValueError):
        content = None
    if content is not None and expected and sha256(content) == expected:
        return content
    report_alteration(etichetta=etichetta, name=fieldfile.name, ente_id=ente_id, anno=anno)
    raise FileAlterato(etichetta)


def is_intact(fieldfile, expected):
    try:
        with fieldfile.open("rb") as handle:
            return bool(expected) and sha256(handle.read()) == expected
    except (OSError, ValueError):
        return False


def report_alteration(*, etichetta, name, ente_id, anno):
    logger.error("Stored file does not match its SHA-256, not served: ente=%s anno=%s file=%s (%s)",
                 ente_id, anno, name, etichetta)
    if cache.add(f"file-alterato:{name}", True, 60 * 60):
        log_change(ente_id=ente_id, utente=None, azione=_("File archiviato alterato"), anno=anno, campo=etichetta,
                   dopo=name, motivazione=_("L'impronta SHA-256 non corrisponde: il file non viene servito. "
                                            "Va ripristinato dal backup."))


def pdf_problem(upload):
    """Why an uploaded file is not an acceptable PDF (Italian), or None. Judged by its content:
    it must start with %PDF-, parse and have at least one page, within 20 MB."""
    if upload.size > MAX_DOCUMENT_BYTES:
        return _("Il documento supera i 20 MB.")
    upload.seek(0)
    content = upload.read()
    upload.seek(0)
    if not content.startswith(b"%PDF-"):
        return _("Il file non è un PDF: carichi il documento di validazione in formato PDF.")
    from pypdf import PdfReader

    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        if reader.is_encrypted:
            return _("Il PDF è protetto da password: carichi una copia senza protezione.")
        if len(reader.pages) < 1:
            return _("Il PDF non ha pagine.")
    except Exception:  # pypdf raises many kinds of error on a damaged file: all mean "not a PDF"
        return _("Il file non è un PDF leggibile: lo esporti di nuovo in PDF e lo ricarichi.")
    return None
