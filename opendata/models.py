"""The open-data files of an approved version: made once from its frozen snapshot, stored with their
SHA-256 and never rewritten (relazioni/files.py). A format added later is made for older versions the
first time it is asked for (or by `manage.py make_opendata`), beside the files they already have."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from relazioni.models import VersioneRelazione


class DistribuzioneOpenData(models.Model):
    class Formato(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "XLSX"
        ODS = "ods", "ODS"
        JSON = "json", "JSON"

    versione = models.ForeignKey(VersioneRelazione, on_delete=models.CASCADE, related_name="distribuzioni",
                                 verbose_name=_("versione"))
    formato = models.CharField(_("formato"), max_length=10, choices=Formato.choices)
    file = models.FileField(_("file"), upload_to="opendata/")
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    dimensione = models.PositiveBigIntegerField(_("dimensione in byte"))
    schema = models.FileField(_("Table Schema"), upload_to="opendata/")
    schema_sha256 = models.CharField(_("impronta SHA-256 del Table Schema"), max_length=64)
    creata_il = models.DateTimeField(_("creata il"), auto_now_add=True)

    class Meta:
        verbose_name = _("distribuzione open data")
        verbose_name_plural = _("distribuzioni open data")
        ordering = ["versione", "formato"]
        constraints = [
            models.UniqueConstraint(fields=["versione", "formato"], name="distribuzione_unica_per_formato"),
        ]

    def __str__(self):
        return f"{self.versione} {self.formato}"
