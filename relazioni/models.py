"""The annual Relazione sulla Performance, its approval, later acts and publication."""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
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
    # Approving with the year's data incomplete: what was missing, as listed to the Segretario, and
    # the reason they gave for approving all the same (printed in the process section).
    approvazione_lacune = models.JSONField(_("lacune all'approvazione"), default=list, blank=True)
    approvazione_motivazione = models.TextField(_("motivazione dell'approvazione con lacune"), blank=True)

    # Each act keeps the date written on it and the server time at which it was recorded; order
    # and locks go by the latter, which nobody types.
    validazione_data = models.DateField(_("data di validazione del Nucleo"), null=True, blank=True)
    validazione_note = models.TextField(_("note della validazione"), blank=True)
    validazione_documento = models.FileField(
        _("documento di validazione"), upload_to="validazioni/", blank=True
    )
    validazione_documento_sha256 = models.CharField(_("impronta SHA-256 del documento di validazione"),
                                                    max_length=64, blank=True)
    validazione_registrata_il = models.DateTimeField(_("validazione registrata il"), null=True, blank=True)
    delibera_numero = models.CharField(_("numero della delibera di Giunta"), max_length=20, blank=True)
    delibera_data = models.DateField(_("data della delibera di Giunta"), null=True, blank=True)
    delibera_registrata_il = models.DateTimeField(_("delibera registrata il"), null=True, blank=True)

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
    """One approval, frozen whole: the snapshot of every fact the report shows (`dati`), the CSV
    made from it and the PDF rendered from it, each with its SHA-256. Publication adds the
    attestazione (the acts after approval and the approved PDF's hash) as a document of its own,
    so that the approved PDF never changes. Earlier versions stay; the last published one stays
    public while a correction is being prepared."""

    class StatoRendering(models.TextChoices):
        IN_CODA = "in_coda", _("In coda")
        IN_CORSO = "in_corso", _("In preparazione")
        COMPLETATO = "completato", _("Pronto")
        ERRORE = "errore", _("Errore")

    relazione = models.ForeignKey(
        Relazione, on_delete=models.CASCADE, related_name="versioni", verbose_name=_("relazione")
    )
    numero = models.PositiveIntegerField(_("versione"))
    dati = models.JSONField(_("dati approvati"), default=dict, blank=True, editable=False)
    dati_sha256 = models.CharField(_("impronta SHA-256 dei dati"), max_length=64, blank=True)
    csv = models.FileField(_("dati (CSV)"), upload_to="relazioni/", blank=True)
    csv_sha256 = models.CharField(_("impronta SHA-256 del CSV"), max_length=64, blank=True)
    pdf = models.FileField(_("PDF"), upload_to="relazioni/", blank=True)
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64, blank=True)
    stato_rendering = models.CharField(
        _("stato del PDF"), max_length=20, choices=StatoRendering.choices, default=StatoRendering.IN_CODA
    )
    errore = models.TextField(_("errore"), blank=True)
    # A render touches heartbeat_il every PDF_HEARTBEAT_SECONDS: a version "in preparazione" whose
    # heartbeat stopped was left by a worker that died, and is queued again (tentativi counts them).
    heartbeat_il = models.DateTimeField(_("ultimo segnale della generazione"), null=True, blank=True)
    tentativi = models.PositiveSmallIntegerField(_("tentativi di generazione"), default=0)
    # Progress of the render, for the Segretario's page: the parts (the main document and, above
    # RELAZIONE_ALLEGATI_SOGLIA objectives, one annex per area) stored so far, of how many, and their pages.
    # parti_totali is fixed by the first render, so that a retry renders the same parts.
    parti_totali = models.PositiveSmallIntegerField(_("parti del PDF"), default=0)
    # The areas the annexes cover, fixed with parti_totali: fewer than the annexes when a large area is
    # split in parts (relazioni/allegati.py).
    aree_allegati = models.PositiveSmallIntegerField(_("aree negli allegati"), default=0)
    parti_fatte = models.PositiveSmallIntegerField(_("parti del PDF pronte"), default=0)
    pagine_fatte = models.PositiveIntegerField(_("pagine pronte"), default=0)
    pagine = models.PositiveIntegerField(_("pagine del PDF principale"), null=True, blank=True)
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
    pubblicata_il = models.DateTimeField(_("pubblicata il"), null=True, blank=True)
    pubblicazione_registrata_il = models.DateTimeField(_("pubblicazione registrata il"), null=True, blank=True)
    attestazione = models.JSONField(_("attestazione"), default=dict, blank=True, editable=False)
    attestazione_pdf = models.FileField(_("attestazione (PDF)"), upload_to="relazioni/", blank=True)
    attestazione_sha256 = models.CharField(_("impronta SHA-256 dell'attestazione"), max_length=64, blank=True)
    # The validation document as published with this version (the Relazione's may be cleared at a reopening).
    documento_validazione = models.FileField(_("documento di validazione pubblicato"), upload_to="validazioni/",
                                             blank=True)
    documento_validazione_sha256 = models.CharField(_("impronta SHA-256 del documento di validazione"),
                                                    max_length=64, blank=True)

    class Meta:
        verbose_name = _("versione della Relazione")
        verbose_name_plural = _("versioni della Relazione")
        ordering = ["relazione", "-numero"]
        constraints = [
            models.UniqueConstraint(fields=["relazione", "numero"], name="versione_unica"),
        ]

    def __str__(self):
        return f"{self.relazione} v{self.numero}"

    @property
    def allegati_divisi(self):
        """Whether some area's detail is in more than one annex (versions from before aree_allegati: no)."""
        return 0 < self.aree_allegati < self.parti_totali - 1

    @property
    def in_preparazione(self):
        return self.stato_rendering in (self.StatoRendering.IN_CODA, self.StatoRendering.IN_CORSO)

    def rendering_stale(self, *, now=None):
        """A render that stopped giving signs of life: its worker died (killed, out of memory)."""
        if self.stato_rendering != self.StatoRendering.IN_CORSO:
            return False
        if self.heartbeat_il is None:  # rows from before the heartbeat existed
            return True
        limit = (now or timezone.now()) - timedelta(seconds=settings.PDF_STALE_SECONDS)
        return self.heartbeat_il < limit


class AllegatoVersione(models.Model):
    """One annex of a large approved version: the detail of one area, or of part of a large one
    (`parte` of `parti`, contiguous objectives), as a PDF/A-3a of its own, rendered from the version's
    snapshot and stored once with its SHA-256, like the main PDF."""

    versione = models.ForeignKey(VersioneRelazione, on_delete=models.CASCADE, related_name="allegati",
                                 verbose_name=_("versione"))
    numero = models.PositiveSmallIntegerField(_("numero dell'allegato"))
    area = models.CharField(_("area"), max_length=200, help_text=_("Il nome dell'area come nei dati approvati."))
    parte = models.PositiveSmallIntegerField(_("parte dell'area"), default=1)
    parti = models.PositiveSmallIntegerField(_("parti dell'area"), default=1,
                                             help_text=_("In quanti allegati è divisa l'area."))
    file = models.FileField(_("PDF"), upload_to="relazioni/")
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    pagine = models.PositiveIntegerField(_("pagine"))
    dimensione = models.PositiveIntegerField(_("dimensione in byte"))

    class Meta:
        verbose_name = _("allegato della Relazione")
        verbose_name_plural = _("allegati della Relazione")
        ordering = ["versione", "numero"]
        constraints = [
            models.UniqueConstraint(fields=["versione", "numero"], name="allegato_unico_per_versione"),
        ]

    def __str__(self):
        return _("Allegato %(n)s – %(area)s") % {"n": self.numero, "area": self.nome}

    @property
    def nome(self):
        """What the lists print after "Allegato N –": the area, and which part of it."""
        if self.parti == 1:
            return self.area
        return _("%(area)s (parte %(parte)s di %(parti)s)") % {"area": self.area, "parte": self.parte,
                                                              "parti": self.parti}


class AnteprimaRelazione(models.Model):
    """The rendered body of a draft's preview, for one version of the ente's data (a cache, see
    relazioni.anteprima). In the database rather than in the cache so that the worker that rebuilds
    it and every web process see the same one, with or without Redis."""

    relazione = models.OneToOneField(Relazione, on_delete=models.CASCADE, related_name="anteprima")
    versione_dati = models.PositiveBigIntegerField()
    corpo = models.TextField()
    # Where the body's pieces (one per objective) are in `corpo`, under the hash of what each renders, as
    # JSON text: the next rebuild takes the unchanged ones. Text, not JSONField, so that an unreadable
    # value is only a miss.
    frammenti = models.TextField(blank=True, default="")
    generata_il = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("anteprima della Relazione")
        verbose_name_plural = _("anteprime delle Relazioni")

    def __str__(self):
        return f"{self.relazione} @ {self.versione_dati}"
