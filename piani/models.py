"""An uploaded workbook waiting for the Segretario's confirmation."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from obiettivi.models import Ente


class Caricamento(models.Model):
    """The file as uploaded, kept between the preview and the confirmation.

    The confirmation re-reads these bytes, never a payload posted back by the browser."""

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="caricamenti", verbose_name=_("ente"))
    utente = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("utente")
    )
    nome_file = models.CharField(_("nome del file"), max_length=255)
    impronta = models.CharField(_("impronta SHA-256"), max_length=64)
    contenuto = models.BinaryField(_("contenuto"))
    creato_il = models.DateTimeField(_("caricato il"), auto_now_add=True)
    confermato_il = models.DateTimeField(_("confermato il"), null=True, blank=True)

    class Meta:
        verbose_name = _("caricamento del Piano")
        verbose_name_plural = _("caricamenti del Piano")
        ordering = ["-creato_il"]

    def __str__(self):
        return f"{self.nome_file} ({self.creato_il:%d/%m/%Y %H:%M})"
