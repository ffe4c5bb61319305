"""The individual evaluation and the premi (D.Lgs. 150/2009 art. 7, 9, 18-19; CCNL Funzioni Locali
2019-21 art. 81): the ente's SMVP per year, the schede, the premi and their confirmation.

The rules that compute a score and a premio live in `rules.py`; the writes in `services.py`."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from obiettivi.models import ANNO_VALIDATORS, PERCENT_VALIDATORS, Area, Ente, anno_in_range

from . import rules


class Smvp(models.Model):
    """The Sistema di misurazione e valutazione of one ente for one year. A year in use (with a
    scheda) cannot change; a new year starts as a copy of the last one."""

    class TipoPremio(models.TextChoices):
        FASCE = "fasce", _("Per fasce di punteggio")
        PROPORZIONALE = "proporzionale", _("Proporzionale al punteggio")

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="smvp", verbose_name=_("ente"))
    anno = models.PositiveSmallIntegerField(_("anno"), validators=ANNO_VALIDATORS)
    tipo_premio = models.CharField(_("regola del premio"), max_length=20, choices=TipoPremio.choices,
                                   default=TipoPremio.FASCE)
    punteggio_minimo = models.DecimalField(_("punteggio minimo per un premio"), max_digits=5, decimal_places=2,
                                           default=Decimal(60), validators=PERCENT_VALIDATORS)
    # Bands as [{"da": "90", "percentuale": "100", "nome": "..."}]: few, edited together, never queried.
    fasce = models.JSONField(_("fasce"), default=list, blank=True)
    quota_differenziazione = models.DecimalField(
        _("quota di personale con la maggiorazione (%)"), max_digits=5, decimal_places=2, default=Decimal(10),
        validators=PERCENT_VALIDATORS, help_text=_("Fissata dal contratto integrativo (CCNL 2019-21, art. 81)."),
    )
    maggiorazione = models.DecimalField(
        _("maggiorazione (% del premio medio)"), max_digits=5, decimal_places=2, default=Decimal(30),
        validators=[MinValueValidator(rules.MAGGIORAZIONE_MINIMA), MaxValueValidator(Decimal(200))],
    )
    giorni_conciliazione = models.PositiveSmallIntegerField(
        _("giorni per chiedere la revisione"), default=15, validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    scala_max = models.PositiveSmallIntegerField(_("massimo della scala dei comportamenti"), default=4,
                                                 validators=[MinValueValidator(1), MaxValueValidator(10)])
    descrittori_scala = models.TextField(_("descrittori della scala"), blank=True,
                                         help_text=_("Un livello per riga, dal più basso: «1 – Inadeguato»."))
    atto_numero = models.CharField(_("numero dell'atto di adozione"), max_length=20, blank=True)
    atto_data = models.DateField(_("data dell'atto di adozione"), null=True, blank=True)
    documento = models.FileField(_("documento adottato (PDF)"), upload_to="smvp/", blank=True)
    documento_sha256 = models.CharField(_("impronta SHA-256 del documento"), max_length=64, blank=True)
    documento_caricato_il = models.DateTimeField(_("documento caricato il"), null=True, blank=True)
    copiato_da = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
                                   verbose_name=_("copiato da"))
    creato_il = models.DateTimeField(_("creato il"), auto_now_add=True)
    aggiornato_il = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        verbose_name = _("SMVP")
        verbose_name_plural = _("SMVP")
        ordering = ["ente", "-anno"]
        constraints = [
            models.UniqueConstraint(fields=["ente", "anno"], name="smvp_unico_per_anno"),
            anno_in_range("smvp_anno_valido"),
        ]

    def __str__(self):
        return _("SMVP %(anno)s") % {"anno": self.anno}

    def regola(self, *, differenziazione=True):
        return rules.Regola(
            tipo=self.tipo_premio, minimo=self.punteggio_minimo,
            fasce=tuple(rules.Fascia(Decimal(f["da"]), Decimal(f["percentuale"]), f.get("nome", ""))
                        for f in self.fasce),
            quota_differenziazione=self.quota_differenziazione if differenziazione else Decimal(0),
            maggiorazione=self.maggiorazione,
        )

    @property
    def descrittori(self):
        return [r.strip() for r in self.descrittori_scala.splitlines() if r.strip()]


class Categoria(models.Model):
    """One category evaluated in a year's SMVP: the Segretario, the EQ, a category (A-D, until March
    2023) or area (CCNL 16/11/2022, from April 2023) of the staff. Each names its weights and evaluator."""

    class Tipo(models.TextChoices):
        SEGRETARIO = "segretario", _("Segretario Comunale")
        EQ = "eq", _("Elevata Qualificazione")
        PERSONALE = "personale", _("Personale")

    class Valutatore(models.TextChoices):
        SINDACO = "sindaco", _("Sindaco (su proposta del Nucleo)")
        NUCLEO = "nucleo", _("Nucleo di Valutazione")
        SEGRETARIO = "segretario", _("Segretario Comunale")
        RESPONSABILE = "responsabile", _("Responsabile dell'area")

    smvp = models.ForeignKey(Smvp, on_delete=models.CASCADE, related_name="categorie", verbose_name=_("SMVP"))
    nome = models.CharField(_("nome"), max_length=200)
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices)
    valutatore = models.CharField(_("chi valuta"), max_length=20, choices=Valutatore.choices)
    peso_ente = models.DecimalField(_("peso performance dell'ente"), max_digits=5, decimal_places=2, default=0,
                                    validators=PERCENT_VALIDATORS)
    peso_area = models.DecimalField(_("peso performance dell'area"), max_digits=5, decimal_places=2, default=0,
                                    validators=PERCENT_VALIDATORS)
    peso_obiettivi = models.DecimalField(_("peso obiettivi individuali"), max_digits=5, decimal_places=2, default=0,
                                         validators=PERCENT_VALIDATORS)
    peso_comportamenti = models.DecimalField(_("peso comportamenti"), max_digits=5, decimal_places=2, default=0,
                                             validators=PERCENT_VALIDATORS)
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("categoria valutata")
        verbose_name_plural = _("categorie valutate")
        ordering = ["smvp", "ordine", "id"]
        constraints = [models.UniqueConstraint(fields=["smvp", "nome"], name="categoria_unica_per_smvp")]

    def __str__(self):
        return self.nome

    @property
    def pesi(self):
        return {rules.ENTE: self.peso_ente, rules.AREA: self.peso_area, rules.OBIETTIVI: self.peso_obiettivi,
                rules.COMPORTAMENTI: self.peso_comportamenti}

    @property
    def differenziazione(self):
        """The art. 81 differenziazione is the staff's; the EQ and the Segretario have their own rules."""
        return self.tipo == self.Tipo.PERSONALE


class Comportamento(models.Model):
    """A behaviour of the SMVP's catalogue, scored on the SMVP's scale."""

    smvp = models.ForeignKey(Smvp, on_delete=models.CASCADE, related_name="comportamenti", verbose_name=_("SMVP"))
    nome = models.CharField(_("nome"), max_length=200)
    descrizione = models.TextField(_("descrizione"), blank=True)
    motivazione_obbligatoria = models.BooleanField(_("richiede una motivazione"), default=False)
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("comportamento")
        verbose_name_plural = _("comportamenti")
        ordering = ["smvp", "ordine", "id"]

    def __str__(self):
        return self.nome


class Scheda(models.Model):
    """The evaluation of one person for one year. The organisational components come from the
    approved version of the Relazione (`versione`); closing freezes the whole scheda in `dati`."""

    class Stato(models.TextChoices):
        BOZZA = "bozza", _("In compilazione")
        CHIUSA = "chiusa", _("Chiusa, in attesa di presa visione")
        ACCETTATA = "accettata", _("Accettata")
        REVISIONE = "revisione", _("Revisione richiesta")
        CONCILIATA = "conciliata", _("Conciliazione conclusa")

    smvp = models.ForeignKey(Smvp, on_delete=models.PROTECT, related_name="schede", verbose_name=_("SMVP"))
    categoria = models.ForeignKey(Categoria, on_delete=models.PROTECT, related_name="schede",
                                  verbose_name=_("categoria"))
    utente = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="schede_valutazione", verbose_name=_("persona valutata"))
    dipendente = models.ForeignKey("enti.Dipendente", on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="schede_valutazione", verbose_name=_("dipendente"))
    area = models.ForeignKey(Area, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
                             verbose_name=_("area"))
    valutatore = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="schede_da_valutare",
                                   verbose_name=_("valutatore"))
    # When the Sindaco evaluates without using the product, the Segretario records his act.
    atto_sindaco = models.CharField(_("atto del Sindaco"), max_length=200, blank=True)
    versione = models.ForeignKey("relazioni.VersioneRelazione", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="schede_valutazione", verbose_name=_("versione della Relazione"))
    # {"ente": "87.5"|None, "area": ..., "obiettivi": ..., with "spiegazioni": {...}}: from the version.
    componenti = models.JSONField(_("componenti organizzative"), default=dict, blank=True)
    rettifiche = models.JSONField(_("rettifiche delle componenti"), default=dict, blank=True)
    punteggio = models.DecimalField(_("punteggio"), max_digits=9, decimal_places=5, null=True, blank=True)
    spiegazione = models.TextField(_("come è calcolato"), blank=True)
    stato = models.CharField(_("stato"), max_length=20, choices=Stato.choices, default=Stato.BOZZA)
    giudizio = models.TextField(_("giudizio del valutatore"), blank=True)
    commento = models.TextField(_("commento della persona valutata"), blank=True)
    chiusa_il = models.DateTimeField(_("chiusa il"), null=True, blank=True)
    presa_visione_il = models.DateTimeField(_("accettata il"), null=True, blank=True)
    dati = models.JSONField(_("scheda chiusa"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("scheda di valutazione")
        verbose_name_plural = _("schede di valutazione")
        ordering = ["smvp", "categoria__ordine", "id"]
        constraints = [
            models.CheckConstraint(condition=(Q(utente__isnull=False) & Q(dipendente__isnull=True))
                                   | (Q(utente__isnull=True) & Q(dipendente__isnull=False)),
                                   name="scheda_una_persona"),
            models.UniqueConstraint(fields=["smvp", "utente"], name="scheda_unica_utente",
                                    condition=Q(utente__isnull=False)),
            models.UniqueConstraint(fields=["smvp", "dipendente"], name="scheda_unica_dipendente",
                                    condition=Q(dipendente__isnull=False)),
        ]

    def __str__(self):
        return _("Scheda %(anno)s di %(nome)s") % {"anno": self.smvp.anno, "nome": self.nome_valutato}

    @property
    def nome_valutato(self):
        if self.utente_id:
            return self.utente.get_full_name() or self.utente.get_username()
        return f"{self.dipendente.nome} {self.dipendente.cognome}"

    @property
    def da_rivedere(self):
        """The version of the Relazione it was filled from was later reopened: read when shown, so no
        hook in the Relazione's services is needed and no flag can go stale."""
        return self.versione_id is not None and self.versione.riaperta_il is not None

    @property
    def aperta(self):
        return self.stato == self.Stato.BOZZA


class PunteggioComportamento(models.Model):
    scheda = models.ForeignKey(Scheda, on_delete=models.CASCADE, related_name="punteggi", verbose_name=_("scheda"))
    comportamento = models.ForeignKey(Comportamento, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("comportamento"))
    punteggio = models.PositiveSmallIntegerField(_("punteggio"))
    motivazione = models.TextField(_("motivazione"), blank=True)

    class Meta:
        verbose_name = _("punteggio di un comportamento")
        verbose_name_plural = _("punteggi dei comportamenti")
        constraints = [models.UniqueConstraint(fields=["scheda", "comportamento"], name="un_punteggio_per_comportamento")]


class Conciliazione(models.Model):
    """The procedura di conciliazione of a scheda: request, hearing, outcome with reason."""

    class Esito(models.TextChoices):
        CONFERMATA = "confermata", _("Valutazione confermata")
        MODIFICATA = "modificata", _("Valutazione modificata")

    scheda = models.OneToOneField(Scheda, on_delete=models.CASCADE, related_name="conciliazione",
                                  verbose_name=_("scheda"))
    motivo = models.TextField(_("motivo della richiesta"))
    richiesta_il = models.DateTimeField(_("richiesta il"), auto_now_add=True)
    data_audizione = models.DateField(_("data dell'audizione"), null=True, blank=True)
    esito = models.CharField(_("esito"), max_length=20, choices=Esito.choices, blank=True)
    motivazione_esito = models.TextField(_("motivazione dell'esito"), blank=True)
    punteggio_rivisto = models.DecimalField(_("punteggio rivisto"), max_digits=9, decimal_places=5, null=True,
                                            blank=True, validators=PERCENT_VALIDATORS)
    concluso_il = models.DateTimeField(_("conclusa il"), null=True, blank=True)

    class Meta:
        verbose_name = _("conciliazione")
        verbose_name_plural = _("conciliazioni")


class RisorsePremi(models.Model):
    """The resources of one category for one year (the quota of the fondo for performance, the
    retribuzione di risultato of the EQ); confirming the premi is a recorded act."""

    categoria = models.OneToOneField(Categoria, on_delete=models.CASCADE, related_name="risorse",
                                     verbose_name=_("categoria"))
    importo = models.DecimalField(_("risorse stanziate (€)"), max_digits=12, decimal_places=2,
                                  validators=[MinValueValidator(Decimal(0))])
    registrate_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registrate da"))
    registrate_il = models.DateTimeField(_("registrate il"), auto_now=True)
    confermate_da = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                                      related_name="+", verbose_name=_("premi confermati da"))
    confermate_il = models.DateTimeField(_("premi confermati il"), null=True, blank=True)
    atto_conferma = models.CharField(_("atto di conferma"), max_length=200, blank=True)
    distribuito = models.DecimalField(_("distribuito (€)"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("risorse per i premi")
        verbose_name_plural = _("risorse per i premi")

    @property
    def confermate(self):
        return self.confermate_il is not None


class Premio(models.Model):
    """A confirmed premio: written at confirmation, never public one by one."""

    scheda = models.OneToOneField(Scheda, on_delete=models.PROTECT, related_name="premio", verbose_name=_("scheda"))
    importo = models.DecimalField(_("importo (€)"), max_digits=12, decimal_places=2)
    maggiorazione = models.DecimalField(_("di cui maggiorazione (€)"), max_digits=12, decimal_places=2, default=0)
    # The score the premio was computed from, frozen with it: the public distribution reads this, so a
    # later conciliazione cannot rewrite a published aggregate.
    punteggio = models.DecimalField(_("punteggio alla conferma"), max_digits=9, decimal_places=5, null=True,
                                    blank=True)

    class Meta:
        verbose_name = _("premio")
        verbose_name_plural = _("premi")


class PremiPubblicati(models.Model):
    """The frozen content of «Ammontare complessivo dei premi» and «Dati relativi ai premi» of an ente:
    written when premi are confirmed (a recorded act), served as it is. Aggregates only."""

    ente = models.OneToOneField(Ente, on_delete=models.CASCADE, related_name="premi_pubblicati",
                                verbose_name=_("ente"))
    ammontare = models.JSONField(_("righe dell'ammontare"), default=list, editable=False)
    dati = models.JSONField(_("dati relativi ai premi"), default=list, editable=False)
    ammontare_csv = models.FileField(_("CSV dell'ammontare"), upload_to="premi/", editable=False)
    ammontare_sha256 = models.CharField(_("impronta SHA-256 del CSV dell'ammontare"), max_length=64, editable=False)
    dati_csv = models.FileField(_("CSV dei dati"), upload_to="premi/", editable=False)
    dati_sha256 = models.CharField(_("impronta SHA-256 del CSV dei dati"), max_length=64, editable=False)
    pubblicato_il = models.DateTimeField(_("pubblicati il"), editable=False)
    aggiornato_il = models.DateTimeField(_("aggiornati il"), editable=False)

    class Meta:
        verbose_name = _("premi pubblicati")
        verbose_name_plural = _("premi pubblicati")

    def __str__(self):
        return _("Premi pubblicati di %(ente)s") % {"ente": self.ente}


class VoceValutazione(models.Model):
    """The log of the evaluation: every act (who, when, what, why) and every reading of someone
    else's scheda."""

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="+", verbose_name=_("ente"))
    scheda = models.ForeignKey(Scheda, on_delete=models.CASCADE, null=True, blank=True, related_name="voci",
                               verbose_name=_("scheda"))
    azione = models.CharField(_("azione"), max_length=80)
    dettaglio = models.TextField(_("dettaglio"), blank=True)
    utente = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
                               related_name="+", verbose_name=_("utente"))
    creata_il = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("voce del registro delle valutazioni")
        verbose_name_plural = _("registro delle valutazioni")
        ordering = ["-creata_il", "-id"]
