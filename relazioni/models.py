"""The annual Relazione sulla Performance, its approval, later acts and publication."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from obiettivi.models import Ente, Piano


class Relazione(models.Model):
    """The Relazione of one ente and year. Once approved, the year is frozen."""

    class Stato(models.TextChoices):
        BOZZA = "bozza", _("Bozza")
        APPROVATA = "approvata", _("Approvata dal Segretario")
        PUBBLICATA = "pubblicata", _("Pubblicata")

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="relazioni", verbose_name=_("ente"))
    piano = models.ForeignKey(Piano, on_delete=models.PROTECT, related_name="relazioni", verbose_name=_("piano"))
    anno = models.PositiveSmallIntegerField(_("anno"))
    stato = models.CharField(_("stato"), max_length=20, choices=Stato.choices, default=Stato.BOZZA)

    # Narrative sections: blank means "use the text generated from the data".
    presentazione = models.TextField(_("presentazione"), blank=True)
    contesto = models.TextField(_("il contesto e l'organizzazione"), blank=True)
    risorse = models.TextField(_("risorse, efficienza ed economicità"), blank=True)
    pari_opportunita = models.TextField(_("pari opportunità e bilancio di genere"), blank=True)
    conclusione = models.TextField(_("conclusione"), blank=True)

    data_monitoraggio = models.DateField(_("data della ricognizione di luglio"), null=True, blank=True)
    esito_monitoraggio = models.TextField(_("esito del monitoraggio di luglio"), blank=True)

    approvata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approvata da"),
    )
    approvata_il = models.DateTimeField(_("approvata il"), null=True, blank=True)
    firmatario = models.CharField(_("firmatario"), max_length=200, blank=True)

    validazione_data = models.DateField(_("data di validazione del Nucleo"), null=True, blank=True)
    validazione_note = models.TextField(_("note della validazione"), blank=True)
    validazione_documento = models.FileField(
        _("documento di validazione"), upload_to="validazioni/", blank=True
    )
    delibera_numero = models.CharField(_("numero della delibera di Giunta"), max_length=20, blank=True)
    delibera_data = models.DateField(_("data della delibera di Giunta"), null=True, blank=True)

    pubblicata_il = models.DateTimeField(_("pubblicata il"), null=True, blank=True)
    pubblicata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("pubblicata da"),
    )

    class Meta:
        verbose_name = _("Relazione sulla Performance")
        verbose_name_plural = _("Relazioni sulla Performance")
        ordering = ["ente", "-anno"]
        constraints = [
            models.UniqueConstraint(fields=["ente", "anno"], name="relazione_unica_per_anno"),
        ]

    def __str__(self):
        return _("Relazione sulla Performance %(anno)s") % {"anno": self.anno}

    def get_absolute_url(self):
        return reverse("relazioni:relazione", args=[self.ente.slug, self.anno])

    @property
    def bloccata(self):
        """An approved (or published) Relazione freezes its year."""
        return self.stato != self.Stato.BOZZA


class VersioneRelazione(models.Model):
    """The PDF rendered at an approval, stored once with its SHA-256; earlier versions stay."""

    class StatoRendering(models.TextChoices):
        IN_CODA = "in_coda", _("In coda")
        IN_CORSO = "in_corso", _("In preparazione")
        COMPLETATO = "completato", _("Pronto")
        ERRORE = "errore", _("Errore")

    relazione = models.ForeignKey(
        Relazione, on_delete=models.CASCADE, related_name="versioni", verbose_name=_("relazione")
    )
    numero = models.PositiveIntegerField(_("versione"))
    pdf = models.FileField(_("PDF"), upload_to="relazioni/", blank=True)
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64, blank=True)
    stato_rendering = models.CharField(
        _("stato del PDF"), max_length=20, choices=StatoRendering.choices, default=StatoRendering.IN_CODA
    )
    errore = models.TextField(_("errore"), blank=True)
    approvata_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approvata da"),
    )
    approvata_il = models.DateTimeField(_("approvata il"), auto_now_add=True)
    motivo_riapertura = models.TextField(
        _("motivo della riapertura"), blank=True, help_text=_("Perché la versione è stata superata.")
    )
    riaperta_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("riaperta da"),
    )
    riaperta_il = models.DateTimeField(_("riaperta il"), null=True, blank=True)

    class Meta:
        verbose_name = _("versione della Relazione")
        verbose_name_plural = _("versioni della Relazione")
        ordering = ["relazione", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["relazione", "numero"], name="versione_unica"),
        ]

    def __str__(self):
        return f"{self.relazione} v{self.numero}"
