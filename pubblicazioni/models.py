"""What the ente has published in Amministrazione Trasparente that is not a Relazione: the Piano
della Performance as a document, frozen at each publication."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from obiettivi.models import Piano


class DocumentoPiano(models.Model):
    """One publication of a Piano: its data as they were (the page is made from them) and the PDF/A
    rendered from the same data, stored with its SHA-256 and never rendered again. A variation of the
    Piano is published as a new version; the earlier ones stay."""

    piano = models.ForeignKey(Piano, on_delete=models.PROTECT, related_name="documenti", verbose_name=_("piano"))
    numero = models.PositiveSmallIntegerField(_("versione"))
    dati = models.JSONField(_("dati pubblicati"))
    pdf = models.FileField(_("PDF"), upload_to="piani/")
    sha256 = models.CharField(_("impronta SHA-256 del PDF"), max_length=64)
    dimensione = models.PositiveIntegerField(_("dimensione del PDF in byte"))
    pubblicato_il = models.DateTimeField(_("pubblicato il"))
    pubblicato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("pubblicato da"),
    )

    class Meta:
        verbose_name = _("pubblicazione del Piano")
        verbose_name_plural = _("pubblicazioni del Piano")
        ordering = ["piano", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["piano", "numero"], name="documento_piano_versione_unica"),
        ]

    def __str__(self):
        return f"{self.piano} – v{self.numero}"
