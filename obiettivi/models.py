"""The Piano della Performance and everything measured in it.

Names follow the law (Piano, Obiettivo, Indicatore, Misurazione...). The rules that compute the
grado di raggiungimento live in `achievement.py`; the writes in `services.py`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .achievement import Confronto, Direzione, Formula, PesiMisti, RegolaConfronto, check_pesi
from .validators import ANNO_MAX, ANNO_MIN, validate_anno, validate_anno_nel_piano

PERCENT_VALIDATORS = [MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))]
ANNO_VALIDATORS = [validate_anno]


def anno_in_range(name, field="anno"):
    """The database's own guard for a year column: ANNO_MIN-ANNO_MAX, as validate_anno says."""
    condition = Q(**{f"{field}__gte": ANNO_MIN, f"{field}__lte": ANNO_MAX})
    if field in {"mandato_inizio", "mandato_fine"}:
        condition |= Q(**{f"{field}__isnull": True})
    return models.CheckConstraint(condition=condition, name=name)


class Ente(models.Model):
    """A comune (or another local body) using the product."""

    nome = models.CharField(_("nome"), max_length=200, help_text=_("Come negli atti, es. «Comune di …»."))
    slug = models.SlugField(_("slug"), unique=True, help_text=_("Usato negli indirizzi pubblici."))
    provincia = models.CharField(_("provincia"), max_length=100, blank=True)
    stemma = models.ImageField(_("stemma"), upload_to="stemmi/", blank=True)
    sito_web = models.URLField(_("sito web"), blank=True)
    # What the ente says about itself ("Impostazioni dell'ente", issue 8).
    codice_ipa = models.CharField(
        _("codice IPA"), max_length=20, blank=True,
        help_text=_("Il codice dell'ente nell'Indice dei domicili digitali della PA (IPA), es. «c_e638»."),
    )
    codice_fiscale = models.CharField(_("codice fiscale"), max_length=11, blank=True)
    indirizzo = models.CharField(_("indirizzo"), max_length=300, blank=True)
    pec = models.EmailField(_("PEC"), blank=True)
    numero_dipendenti = models.PositiveIntegerField(_("numero di dipendenti"), null=True, blank=True)
    url_accessibilita = models.URLField(_("dichiarazione di accessibilità"), blank=True)
    url_privacy = models.URLField(_("informativa sulla privacy"), blank=True)
    url_note_legali = models.URLField(_("note legali"), blank=True)
    anno_corrente = models.PositiveSmallIntegerField(
        _("anno in corso"), validators=ANNO_VALIDATORS, help_text=_("L'anno del ciclo che i responsabili compilano ora.")
    )
    mandato_inizio = models.PositiveSmallIntegerField(_("inizio del mandato"), null=True, blank=True, validators=ANNO_VALIDATORS)
    mandato_fine = models.PositiveSmallIntegerField(_("fine del mandato"), null=True, blank=True, validators=ANNO_VALIDATORS)
    pubblicazione_richiede_validazione = models.BooleanField(
        _("la pubblicazione richiede la validazione del Nucleo"), default=True
    )
    pubblicazione_richiede_delibera = models.BooleanField(
        _("la pubblicazione richiede la delibera di Giunta"), default=False
    )
    pubblica_documento_validazione = models.BooleanField(
        _("pubblica il documento di validazione del Nucleo"), default=False,
        help_text=_("Se attivo, il documento di validazione si scarica dalla pagina pubblica della Relazione."),
    )
    class Regola(models.TextChoices):
        SECCO = RegolaConfronto.SECCO.value, _("Secco: raggiunto 100 %, non raggiunto 0 %")
        PROPORZIONALE = RegolaConfronto.PROPORZIONALE.value, _(
            "Proporzionale: il valore rispetto alla soglia, sotto la soglia di «raggiunto» finché non è raggiunto"
        )

    regola_confronto = models.CharField(
        _("regola per i target espressi come confronto"), max_length=20, choices=Regola.choices,
        default=Regola.SECCO,
        help_text=_("Per target come «superiore a 1» o «almeno 4», secondo il Sistema di misurazione e valutazione dell'ente."),
    )
    versione_dati = models.PositiveBigIntegerField(
        _("versione dei dati"), default=0, editable=False,
        help_text=_("Cresce a ogni modifica: le letture calcolate in cache valgono per una versione."),
    )

    class Meta:
        verbose_name = _("ente")
        verbose_name_plural = _("enti")
        ordering = ["nome"]
        constraints = [anno_in_range("ente_anno_corrente_valido", "anno_corrente")]

    def __str__(self):
        return self.nome

    def save(self, *args, **kwargs):
        # The data version is raised only by cache_invalidation.bump (UPDATE ... + 1). Saving an instance
        # read before a bump would write its older number back: a version would repeat, and what is stored
        # for it (counts, the menu, the stemma, the preview) would show the data before this save.
        if not self._state.adding and kwargs.get("update_fields") is None and not kwargs.get("force_insert"):
            kwargs["update_fields"] = [f.name for f in self._meta.concrete_fields
                                       if not f.primary_key and f.name != "versione_dati"]
        super().save(*args, **kwargs)

    @property
    def nome_maiuscolo(self):
        return self.nome.upper()

    @property
    def del_nome(self):
        """The name after "of" in Italian: "del Comune di Lodrino", "della Provincia di Brescia",
        "dell'Unione dei Comuni"."""
        primo = self.nome.split(" ", 1)[0].lower()
        if primo and primo[0] in "aeiouàèéìòù":
            return f"dell'{self.nome}"
        if primo in {"provincia", "comunità", "città", "regione"}:
            return f"della {self.nome}"
        return f"del {self.nome}"


class Area(models.Model):
    """An organisational unit (area, settore, servizio); areas may nest."""

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="aree", verbose_name=_("ente"))
    codice = models.CharField(_("codice"), max_length=20, blank=True)
    nome = models.CharField(_("nome"), max_length=200)
    superiore = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="sottoaree",
        verbose_name=_("area superiore"),
    )
    responsabile = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="aree_responsabile", verbose_name=_("responsabile"),
    )
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("aree")
        ordering = ["ente", "ordine", "nome"]
        constraints = [
            models.UniqueConstraint(fields=["ente", "nome"], name="area_nome_unico_per_ente"),
        ]

    def __str__(self):
        return self.nome


class Ruolo(models.Model):
    """What a user may do in one ente. A responsabile's areas are those they head (Area.responsabile)."""

    class Tipo(models.TextChoices):
        AMMINISTRATORE = "amministratore", _("Amministratore")
        SEGRETARIO = "segretario", _("Segretario Comunale")
        RESPONSABILE = "responsabile", _("Responsabile")
        NUCLEO = "nucleo", _("Nucleo di Valutazione")
        # Evaluates the Segretario (and the EQ where the SMVP says so); no other right in the cycle.
        SINDACO = "sindaco", _("Sindaco")

    utente = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ruoli", verbose_name=_("utente")
    )
    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="ruoli", verbose_name=_("ente"))
    tipo = models.CharField(_("ruolo"), max_length=20, choices=Tipo.choices)
    denominazione = models.CharField(
        _("denominazione per la firma"), max_length=200, blank=True,
        help_text=_("Come la persona firma gli atti, es. «Lorenzi dott. Alberto»."),
    )

    class Meta:
        verbose_name = _("ruolo")
        verbose_name_plural = _("ruoli")
        constraints = [
            models.UniqueConstraint(fields=["utente", "ente", "tipo"], name="ruolo_unico"),
        ]

    def __str__(self):
        return f"{self.utente} – {self.get_tipo_display()} ({self.ente})"


class Piano(models.Model):
    """The triennial Piano della Performance, approved by a deliberation."""

    class Organo(models.TextChoices):
        GIUNTA = "giunta", _("Giunta Comunale")
        CONSIGLIO = "consiglio", _("Consiglio Comunale")

    class Stato(models.TextChoices):
        BOZZA = "bozza", _("Bozza")
        APPROVATO = "approvato", _("Approvato")

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="piani", verbose_name=_("ente"))
    anno_inizio = models.PositiveSmallIntegerField(_("primo anno"), validators=ANNO_VALIDATORS)
    anno_fine = models.PositiveSmallIntegerField(_("ultimo anno"), validators=ANNO_VALIDATORS)
    titolo = models.CharField(_("titolo"), max_length=200, default="Piano della Performance")
    organo_approvazione = models.CharField(
        _("organo che approva"), max_length=20, choices=Organo.choices, default=Organo.GIUNTA
    )
    numero_atto = models.CharField(
        _("numero della deliberazione"), max_length=20, blank=True,
        help_text=_("Come scritto nell'atto, es. «07»."),
    )
    data_atto = models.DateField(_("data della deliberazione"), null=True, blank=True)
    stato = models.CharField(_("stato"), max_length=20, choices=Stato.choices, default=Stato.BOZZA)

    class Meta:
        verbose_name = _("Piano della Performance")
        verbose_name_plural = _("Piani della Performance")
        ordering = ["ente", "-anno_inizio"]
        constraints = [
            models.UniqueConstraint(fields=["ente", "anno_inizio"], name="piano_unico_per_triennio"),
            models.CheckConstraint(condition=Q(anno_fine__gte=models.F("anno_inizio")), name="piano_anni_ordinati"),
            anno_in_range("piano_anno_inizio_valido", "anno_inizio"),
            anno_in_range("piano_anno_fine_valido", "anno_fine"),
        ]

    def __str__(self):
        return f"{self.titolo} {self.anno_inizio}–{self.anno_fine}"  # en dash: a range of years

    @property
    def anni(self):
        return range(self.anno_inizio, self.anno_fine + 1)

    def copre(self, anno):
        return self.anno_inizio <= anno <= self.anno_fine


class Variazione(models.Model):
    """A later deliberation that varies the Piano during the year. What was there before is kept."""

    piano = models.ForeignKey(Piano, on_delete=models.CASCADE, related_name="variazioni", verbose_name=_("piano"))
    organo = models.CharField(
        _("organo"), max_length=20, choices=Piano.Organo.choices, default=Piano.Organo.GIUNTA
    )
    numero_atto = models.CharField(_("numero della deliberazione"), max_length=20)
    data_atto = models.DateField(_("data della deliberazione"))
    motivazione = models.TextField(_("motivazione"))

    class Meta:
        verbose_name = _("variazione del Piano")
        verbose_name_plural = _("variazioni del Piano")
        ordering = ["piano", "data_atto", "id"]

    def __str__(self):
        return _("Delibera n. %(numero)s del %(data)s") % {
            "numero": self.numero_atto,
            "data": self.data_atto.strftime("%d/%m/%Y"),
        }


class Programma(models.Model):
    """A Missione / Programma of the harmonised budget (D.Lgs. 118/2011), e.g. 01 / 0102."""

    codice_missione = models.CharField(_("codice missione"), max_length=2)
    nome_missione = models.CharField(_("missione"), max_length=200)
    codice = models.CharField(_("codice programma"), max_length=4, unique=True)
    nome = models.CharField(_("programma"), max_length=200)

    class Meta:
        verbose_name = _("missione e programma")
        verbose_name_plural = _("missioni e programmi")
        ordering = ["codice"]

    def __str__(self):
        return f"{self.codice} {self.nome}"


class ObiettivoStrategico(models.Model):
    """An obiettivo strategico of the DUP's Sezione Strategica, under a mandate line."""

    ente = models.ForeignKey(
        Ente, on_delete=models.CASCADE, related_name="obiettivi_strategici", verbose_name=_("ente")
    )
    codice = models.CharField(_("codice"), max_length=20)
    titolo = models.CharField(_("titolo"), max_length=300)
    linea_mandato = models.CharField(_("linea di mandato"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("obiettivo strategico del DUP")
        verbose_name_plural = _("obiettivi strategici del DUP")
        ordering = ["ente", "codice"]

    def __str__(self):
        return f"{self.codice} {self.titolo}"


class ObiettivoValorePubblico(models.Model):
    """An objective of Valore pubblico of the PIAO's sub-section 2.1: the impact on citizens' welfare
    that the Piano's objectives of sub-section 2.2 serve (DM 30 giugno 2022, n. 132, Piano-tipo)."""

    ente = models.ForeignKey(
        Ente, on_delete=models.CASCADE, related_name="obiettivi_valore_pubblico", verbose_name=_("ente")
    )
    codice = models.CharField(_("codice"), max_length=20)
    titolo = models.CharField(_("titolo"), max_length=300)
    descrizione = models.TextField(_("descrizione"), blank=True)

    class Meta:
        verbose_name = _("obiettivo di Valore pubblico")
        verbose_name_plural = _("obiettivi di Valore pubblico")
        ordering = ["ente", "codice"]
        constraints = [
            models.UniqueConstraint(fields=["ente", "codice"], name="valore_pubblico_codice_unico_per_ente"),
        ]

    def __str__(self):
        return f"{self.codice} {self.titolo}"


class Obiettivo(models.Model):
    """An objective of the Piano, assigned to an area and its responsabile."""

    class Tipo(models.TextChoices):
        STRATEGICO = "strategico", _("Strategico")
        MANTENIMENTO = "mantenimento", _("Di mantenimento")
        MIGLIORAMENTO = "miglioramento", _("Di miglioramento")

    piano = models.ForeignKey(Piano, on_delete=models.CASCADE, related_name="obiettivi", verbose_name=_("piano"))
    codice = models.CharField(_("codice"), max_length=20)
    titolo = models.CharField(_("titolo"), max_length=300)
    descrizione = models.TextField(_("descrizione e finalità"), blank=True)
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices, default=Tipo.MANTENIMENTO)
    area = models.ForeignKey(Area, on_delete=models.PROTECT, related_name="obiettivi", verbose_name=_("area"))
    responsabile = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="obiettivi",
        verbose_name=_("responsabile"),
    )
    # None: the Piano gives no weights, each objective weighs an equal share (computed when read).
    peso = models.DecimalField(
        _("peso"), max_digits=5, decimal_places=2, null=True, blank=True, validators=PERCENT_VALIDATORS,
        help_text=_("Vuoto se il Piano non dà pesi: ogni obiettivo vale allora una quota uguale."),
    )
    data_inizio = models.DateField(_("inizio"), null=True, blank=True)
    scadenza = models.DateField(_("scadenza"), null=True, blank=True)
    risultato_atteso = models.TextField(_("risultato atteso"), blank=True)
    obiettivo_strategico = models.ForeignKey(
        ObiettivoStrategico, on_delete=models.PROTECT, null=True, blank=True, related_name="obiettivi",
        verbose_name=_("obiettivo strategico del DUP"),
    )
    programma = models.ForeignKey(
        Programma, on_delete=models.PROTECT, null=True, blank=True, related_name="obiettivi",
        verbose_name=_("missione e programma"),
    )
    # The fields of the national Piano-tipo (PIAO, sub-section 2.2) that a plan workbook lacks.
    stakeholder = models.TextField(
        _("portatori di interesse"), blank=True,
        help_text=_("Chi beneficia dell'obiettivo, es. «cittadini, imprese del territorio»."),
    )
    fonte_dati = models.CharField(
        _("fonte dei dati"), max_length=200, blank=True,
        help_text=_("Da dove vengono i dati con cui l'obiettivo è misurato, es. «protocollo informatico»."),
    )
    valore_pubblico = models.ForeignKey(
        ObiettivoValorePubblico, on_delete=models.PROTECT, null=True, blank=True, related_name="obiettivi",
        verbose_name=_("obiettivo di Valore pubblico"),
    )
    inserito_con = models.ForeignKey(
        Variazione, on_delete=models.PROTECT, null=True, blank=True, related_name="obiettivi_inseriti",
        verbose_name=_("inserito con la variazione"),
    )
    ritirato_con = models.ForeignKey(
        Variazione, on_delete=models.PROTECT, null=True, blank=True, related_name="obiettivi_ritirati",
        verbose_name=_("ritirato con la variazione"),
    )
    aree_concorrenti = models.ManyToManyField(
        Area, blank=True, related_name="obiettivi_concorrenti", verbose_name=_("aree che concorrono"),
        help_text=_("Le altre aree che contribuiscono all'obiettivo, oltre alla sua."),
    )
    altri_soggetti = models.TextField(
        _("altri soggetti coinvolti"), blank=True,
        help_text=_("Enti, associazioni o uffici esterni che concorrono, come li nomina il Piano."),
    )
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("obiettivo")
        verbose_name_plural = _("obiettivi")
        ordering = ["piano", "area__ordine", "ordine", "codice"]
        constraints = [
            models.UniqueConstraint(fields=["piano", "codice"], name="obiettivo_codice_unico_nel_piano"),
            models.CheckConstraint(condition=Q(peso__gte=0) & Q(peso__lte=100), name="obiettivo_peso_0_100"),
        ]

    def __str__(self):
        return f"{self.codice} – {self.titolo}"

    def get_absolute_url(self):
        return reverse("obiettivi:scheda", args=[self.piano.ente.slug, self.pk])

    def clean(self):
        # Weights are given to all the objectives of a Piano or to none (then equal shares).
        if self.piano_id is not None:
            altri = Obiettivo.objects.filter(piano_id=self.piano_id).exclude(pk=self.pk).values_list("peso", flat=True)
            try:
                check_pesi([*altri, self.peso], what=str(_("obiettivi del Piano")))
            except PesiMisti as error:
                raise ValidationError({"peso": str(error)})


class Fase(models.Model):
    """A phase of an objective, with its months (the Gantt)."""

    obiettivo = models.ForeignKey(Obiettivo, on_delete=models.CASCADE, related_name="fasi", verbose_name=_("obiettivo"))
    descrizione = models.CharField(_("descrizione"), max_length=300)
    # A plan may give a phase's months only ("marzo 2016") or no dates at all.
    data_inizio = models.DateField(_("inizio"), null=True, blank=True)
    data_fine = models.DateField(_("fine"), null=True, blank=True)
    solo_mese = models.BooleanField(
        _("solo i mesi"), default=False,
        help_text=_("Il Piano indica solo i mesi: l'inizio è il primo del mese, la fine l'ultimo giorno."),
    )
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)

    class Meta:
        verbose_name = _("fase")
        verbose_name_plural = _("fasi")
        ordering = ["obiettivo", "ordine", "data_inizio"]
        constraints = [
            models.CheckConstraint(condition=Q(data_fine__gte=models.F("data_inizio")), name="fase_date_ordinate"),
        ]

    def __str__(self):
        return self.descrizione

    @property
    def periodo_testo(self):
        """The phase's time as the plan writes it: "01/03/2016 – 30/06/2016", "marzo – giugno 2016",
        "marzo 2016", or "" when it has no dates."""
        return periodo_fase(self.data_inizio, self.data_fine, solo_mese=self.solo_mese)


MESI = ["gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto", "settembre",
        "ottobre", "novembre", "dicembre"]


def mese_anno(d):
    return f"{MESI[d.month - 1]} {d.year}"


def periodo_fase(inizio, fine, *, solo_mese=False):
    """A phase's dates in words (see Fase.periodo_testo)."""
    if inizio is None and fine is None:
        return ""
    if not solo_mese:
        parts = [d.strftime("%d/%m/%Y") for d in (inizio, fine) if d is not None]
        if inizio is None:
            return f"entro il {parts[0]}"
        if fine is None:
            return f"dal {parts[0]}"
        return " – ".join(parts) if inizio != fine else parts[0]
    if inizio is None or fine is None:
        return mese_anno(inizio or fine)
    if (inizio.year, inizio.month) == (fine.year, fine.month):
        return mese_anno(inizio)
    if inizio.year == fine.year:
        return f"{MESI[inizio.month - 1]} – {mese_anno(fine)}"
    return f"{mese_anno(inizio)} – {mese_anno(fine)}"


class Indicatore(models.Model):
    """How an objective is measured."""

    class Tipo(models.TextChoices):
        EFFICACIA = "efficacia", _("Efficacia")
        EFFICIENZA = "efficienza", _("Efficienza")
        QUALITA = "qualita", _("Qualità")
        TEMPORALE = "temporale", _("Temporale / di realizzazione")

    class TipoFormula(models.TextChoices):
        NUMERO = Formula.NUMERO.value, _("Numero")
        RAPPORTO = Formula.RAPPORTO.value, _("Rapporto (numeratore / denominatore)")
        SI_NO = Formula.SI_NO.value, _("Sì / no")
        SCADENZA = Formula.SCADENZA.value, _("Data / scadenza")
        TESTUALE = Formula.TESTUALE.value, _("Giudizio (valutazione manuale)")

    class Verso(models.TextChoices):
        CRESCENTE = Direzione.CRESCENTE.value, _("Crescente (più alto è meglio)")
        DECRESCENTE = Direzione.DECRESCENTE.value, _("Decrescente (più basso è meglio)")

    obiettivo = models.ForeignKey(
        Obiettivo, on_delete=models.CASCADE, related_name="indicatori", verbose_name=_("obiettivo")
    )
    nome = models.CharField(_("nome"), max_length=300)
    tipo = models.CharField(_("tipo"), max_length=20, choices=Tipo.choices, default=Tipo.EFFICACIA)
    formula = models.CharField(_("formula"), max_length=20, choices=TipoFormula.choices, default=TipoFormula.NUMERO)
    unita = models.CharField(_("unità di misura"), max_length=40, blank=True)
    direzione = models.CharField(_("verso"), max_length=20, choices=Verso.choices, default=Verso.CRESCENTE)
    fonte_dati = models.CharField(_("fonte dei dati"), max_length=200, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=14, decimal_places=4, null=True, blank=True,
        help_text=_("Il valore dell'anno precedente."),
    )
    usa_baseline = models.BooleanField(
        _("misura il progresso dalla baseline"), default=False,
        help_text=_("Se attivo, il grado è il cammino percorso dalla baseline al target."),
    )
    # None: the objective gives no weights, each indicator weighs an equal share (computed when read).
    peso = models.DecimalField(
        _("peso nell'obiettivo"), max_digits=5, decimal_places=2, default=Decimal(100), null=True, blank=True,
        validators=PERCENT_VALIDATORS,
        help_text=_("Vuoto se l'obiettivo non dà pesi ai suoi indicatori: ciascuno vale allora una quota uguale."),
    )
    ordine = models.PositiveSmallIntegerField(_("ordine"), default=0)
    # Set by "Nuovo Piano dal precedente": the indicator of the earlier Piano this one continues, so
    # that a series of values runs across Piani.
    deriva_da = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="continuato_da",
        verbose_name=_("continua l'indicatore"),
    )

    class Meta:
        verbose_name = _("indicatore")
        verbose_name_plural = _("indicatori")
        ordering = ["obiettivo", "ordine", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(peso__gte=0) & Q(peso__lte=100), name="indicatore_peso_0_100"),
        ]

    def __str__(self):
        return self.nome

    # Set by a form that checks the weights of all the objective's indicators at once (an inline).
    pesi_controllati = False

    def clean(self):
        # Weights are given to all the indicators of an objective or to none (then equal shares).
        if self.obiettivo_id is not None and not self.pesi_controllati:
            altri = Indicatore.objects.filter(obiettivo_id=self.obiettivo_id).exclude(pk=self.pk).values_list("peso", flat=True)
            try:
                check_pesi([*altri, self.peso], what=str(_("indicatori dell'obiettivo")))
            except PesiMisti as error:
                raise ValidationError({"peso": str(error)})

    @property
    def direzione_significativa(self):
        """Whether "crescente" / "decrescente" means anything here (not for yes/no, deadlines,
        judgements; a comparison target carries its own direction, see RisultatoIndicatore)."""
        from .achievement import direzione_significativa

        return direzione_significativa(self.formula)


class Target(models.Model):
    """The expected value of an indicator in one year. A variation adds a row; the original stays."""

    indicatore = models.ForeignKey(
        Indicatore, on_delete=models.CASCADE, related_name="target", verbose_name=_("indicatore")
    )
    anno = models.PositiveSmallIntegerField(_("anno"), validators=ANNO_VALIDATORS)
    valore = models.DecimalField(_("valore atteso"), max_digits=14, decimal_places=4, null=True, blank=True)
    data_scadenza = models.DateField(
        _("data attesa"), null=True, blank=True, help_text=_("Per gli indicatori di tipo data / scadenza.")
    )

    class Confronto(models.TextChoices):
        NESSUNO = Confronto.NESSUNO.value, _("— valore da raggiungere —")
        GT = Confronto.GT.value, _("superiore a (>)")
        GE = Confronto.GE.value, _("almeno (≥)")
        LT = Confronto.LT.value, _("inferiore a (<)")
        LE = Confronto.LE.value, _("non oltre (≤)")
        EQ = Confronto.EQ.value, _("pari a (=)")

    confronto = models.CharField(
        _("confronto"), max_length=2, choices=Confronto.choices, blank=True, default="",
        help_text=_("Per un target come «superiore ad 1»: raggiunto o no, secondo la regola dell'ente."),
    )
    testo = models.CharField(
        _("target come scritto"), max_length=200, blank=True,
        help_text=_("Le parole del Piano, es. «superiore ad 1» o «non oltre 30 giorni»: si mostrano così."),
    )
    variazione = models.ForeignKey(
        Variazione, on_delete=models.PROTECT, null=True, blank=True, related_name="target",
        verbose_name=_("variazione"),
    )
    da_rivedere = models.BooleanField(
        _("da rivedere"), default=False,
        help_text=_("Proposto da «Nuovo Piano dal precedente» con il target dell'ultimo anno: va confermato."),
    )

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("target")
        ordering = ["indicatore", "anno", "variazione__data_atto", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicatore", "anno"], condition=Q(variazione__isnull=True), name="target_originale_unico"
            ),
            models.UniqueConstraint(fields=["indicatore", "anno", "variazione"], name="target_unico_per_variazione"),
            anno_in_range("target_anno_valido"),
        ]

    def __str__(self):
        return f"{self.indicatore} {self.anno}: {self.valore if self.valore is not None else self.data_scadenza}"

    @property
    def confronto_label(self):
        return Confronto(self.confronto or "").label

    def clean(self):
        # The words as written fill in what they say ("superiore ad 1": > 1), and may not contradict
        # a value typed beside them.
        if self.testo.strip() and self.indicatore_id is not None:
            try:
                apply_target_text(self, self.indicatore.formula)
            except ValidationError as error:
                raise ValidationError({"testo": error.messages})
        if self.confronto and self.indicatore_id is not None and self.indicatore.formula not in (
            Formula.NUMERO, Formula.RAPPORTO
        ):
            raise ValidationError({"confronto": _("Un confronto vale solo per gli indicatori numerici o a rapporto.")})
        if self.confronto and self.valore is None:
            raise ValidationError({"valore": _("Un target «%(c)s» ha bisogno del numero con cui confrontare.") % {
                "c": self.confronto_label}})
        # A target is for one of its plan's years: 2035 in a 2018-2020 plan is a typo.
        if self.anno is not None and self.indicatore_id is not None:
            try:
                validate_anno_nel_piano(self.anno, self.indicatore.obiettivo.piano)
            except ValidationError as error:
                raise ValidationError({"anno": error.messages})


class ValoreStorico(models.Model):
    """A value of an indicator in a year before its Piano (e.g. the consuntivo 2011 and 2012 beside
    the target for 2013): entered by the Segretario or imported, read with the Piani the indicator
    continues (`Indicatore.deriva_da`) as one series (`selectors.indicator_series`)."""

    indicatore = models.ForeignKey(
        Indicatore, on_delete=models.CASCADE, related_name="valori_storici", verbose_name=_("indicatore")
    )
    anno = models.PositiveSmallIntegerField(_("anno"), validators=ANNO_VALIDATORS)
    valore = models.DecimalField(_("valore"), max_digits=14, decimal_places=4, null=True, blank=True)
    testo = models.CharField(_("valore come scritto"), max_length=200, blank=True,
                             help_text=_("Il risultato con le parole del documento, es. «n. 4»."))
    fonte = models.CharField(_("fonte"), max_length=200, blank=True,
                             help_text=_("Da dove viene il valore, es. «Relazione sulla Performance 2012»."))
    aggiornato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("aggiornato da"),
    )
    aggiornato_il = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        verbose_name = _("valore di un anno precedente")
        verbose_name_plural = _("valori degli anni precedenti")
        ordering = ["indicatore", "anno"]
        constraints = [
            models.UniqueConstraint(fields=["indicatore", "anno"], name="valore_storico_unico"),
            models.CheckConstraint(condition=Q(valore__isnull=False) | ~Q(testo=""), name="valore_storico_non_vuoto"),
            anno_in_range("valore_storico_anno_valido"),
        ]

    def __str__(self):
        return f"{self.indicatore} {self.anno}: {self.valore if self.valore is not None else self.testo}"


class PesoVariato(models.Model):
    """An objective's weight as changed by a variation; Obiettivo.peso keeps the original."""

    obiettivo = models.ForeignKey(
        Obiettivo, on_delete=models.CASCADE, related_name="pesi_variati", verbose_name=_("obiettivo")
    )
    variazione = models.ForeignKey(
        Variazione, on_delete=models.PROTECT, related_name="pesi", verbose_name=_("variazione")
    )
    peso = models.DecimalField(_("peso"), max_digits=5, decimal_places=2, validators=PERCENT_VALIDATORS)

    class Meta:
        verbose_name = _("peso variato")
        verbose_name_plural = _("pesi variati")
        constraints = [
            models.UniqueConstraint(fields=["obiettivo", "variazione"], name="peso_unico_per_variazione"),
            models.CheckConstraint(condition=Q(peso__gte=0) & Q(peso__lte=100), name="peso_variato_0_100"),
        ]


class Periodo(models.Model):
    """An entry period of a year: the July monitoring or the year-end consuntivo."""

    class Tipo(models.TextChoices):
        LUGLIO = "luglio", _("Monitoraggio di luglio")
        CONSUNTIVO = "consuntivo", _("Consuntivo di fine anno")

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="periodi", verbose_name=_("ente"))
    anno = models.PositiveSmallIntegerField(_("anno"), validators=ANNO_VALIDATORS)
    tipo = models.CharField(_("periodo"), max_length=20, choices=Tipo.choices)
    data_apertura = models.DateField(_("apertura"), null=True, blank=True)
    data_chiusura = models.DateField(_("chiusura prevista"), null=True, blank=True)
    aperto = models.BooleanField(_("aperto"), default=False)
    # Set when the Segretario closes the period: opening it again is then a reopening, with a reason.
    chiuso_il = models.DateTimeField(_("chiuso il"), null=True, blank=True)

    class Meta:
        verbose_name = _("periodo di rilevazione")
        verbose_name_plural = _("periodi di rilevazione")
        ordering = ["ente", "anno", "tipo"]
        constraints = [
            models.UniqueConstraint(fields=["ente", "anno", "tipo"], name="periodo_unico"),
            anno_in_range("periodo_anno_valido"),
        ]

    def __str__(self):
        return f"{self.get_tipo_display()} {self.anno}"

    @property
    def stato(self):
        """"aperto", "chiuso" (closed at least once), or "da_aprire" (never opened)."""
        if self.aperto:
            return "aperto"
        return "chiuso" if self.chiuso_il else "da_aprire"


class Misurazione(models.Model):
    """The value of an indicator in a year and period (July or year-end)."""

    class Periodo(models.TextChoices):
        LUGLIO = "luglio", _("Luglio")
        CONSUNTIVO = "consuntivo", _("Consuntivo")

    class Causa(models.TextChoices):
        ESTERNA = "esterna", _("Causa esterna")
        INTERNA = "interna", _("Causa interna")
        INDICATORE = "indicatore", _("Indicatore mal progettato")

    indicatore = models.ForeignKey(
        Indicatore, on_delete=models.CASCADE, related_name="misurazioni", verbose_name=_("indicatore")
    )
    anno = models.PositiveSmallIntegerField(_("anno"), validators=ANNO_VALIDATORS)
    periodo = models.CharField(_("periodo"), max_length=20, choices=Periodo.choices)
    valore = models.DecimalField(_("valore"), max_digits=14, decimal_places=4, null=True, blank=True)
    denominatore = models.DecimalField(_("denominatore"), max_digits=14, decimal_places=4, null=True, blank=True)
    data_realizzazione = models.DateField(_("data di realizzazione"), null=True, blank=True)
    testo = models.CharField(
        _("risultato come scritto"), max_length=200, blank=True,
        help_text=_("Le parole accanto al numero, es. «n. 4» o «individuati»: si mostrano così."),
    )
    nota = models.TextField(_("nota ed evidenze"), blank=True)
    causa_scostamento = models.CharField(
        _("causa dello scostamento"), max_length=20, choices=Causa.choices, blank=True
    )
    motivazione = models.TextField(_("motivazione dello scostamento"), blank=True)
    versione = models.PositiveIntegerField(_("versione"), default=1)
    aggiornato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("aggiornato da"),
    )
    aggiornato_il = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        verbose_name = _("misurazione")
        verbose_name_plural = _("misurazioni")
        ordering = ["indicatore", "anno", "periodo"]
        constraints = [
            models.UniqueConstraint(fields=["indicatore", "anno", "periodo"], name="misurazione_unica"),
            anno_in_range("misurazione_anno_valido"),
        ]

    def __str__(self):
        return f"{self.indicatore} {self.anno} {self.get_periodo_display()}"


class Monitoraggio(models.Model):
    """The state of an objective in a year and period: status, narrative, corrective actions."""

    class Stato(models.TextChoices):
        IN_LINEA = "in_linea", _("In linea")
        IN_RITARDO = "in_ritardo", _("In ritardo")
        CRITICO = "critico", _("Critico")

    obiettivo = models.ForeignKey(
        Obiettivo, on_delete=models.CASCADE, related_name="monitoraggi", verbose_name=_("obiettivo")
    )
    anno = models.PositiveSmallIntegerField(_("anno"), validators=ANNO_VALIDATORS)
    periodo = models.CharField(_("periodo"), max_length=20, choices=Misurazione.Periodo.choices)
    stato = models.CharField(_("stato di attuazione"), max_length=20, choices=Stato.choices, blank=True)
    commento = models.TextField(_("commento"), blank=True)
    azioni_correttive = models.TextField(_("azioni correttive"), blank=True)
    versione = models.PositiveIntegerField(_("versione"), default=1)
    aggiornato_da = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("aggiornato da"),
    )
    aggiornato_il = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        verbose_name = _("stato di attuazione")
        verbose_name_plural = _("stati di attuazione")
        constraints = [
            models.UniqueConstraint(fields=["obiettivo", "anno", "periodo"], name="monitoraggio_unico"),
            anno_in_range("monitoraggio_anno_valido"),
        ]

    def __str__(self):
        return f"{self.obiettivo.codice} {self.anno} {self.periodo}: {self.get_stato_display()}"


class Rettifica(models.Model):
    """A manual override of a grado di raggiungimento, or "non valutabile", always with a reason.

    The latest active row for an indicator (or objective) and year wins; revoking keeps the row.
    """

    indicatore = models.ForeignKey(
        Indicatore, on_delete=models.CASCADE, null=True, blank=True, related_name="rettifiche",
        verbose_name=_("indicatore"),
    )
    obiettivo = models.ForeignKey(
        Obiettivo, on_delete=models.CASCADE, null=True, blank=True, related_name="rettifiche",
        verbose_name=_("obiettivo"),
    )
    anno = models.PositiveSmallIntegerField(_("anno"), validators=ANNO_VALIDATORS)
    percentuale = models.DecimalField(
        _("grado di raggiungimento"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=PERCENT_VALIDATORS,
    )
    non_valutabile = models.BooleanField(_("non valutabile"), default=False)
    motivazione = models.TextField(_("motivazione"))
    attiva = models.BooleanField(_("attiva"), default=True)
    autore = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("autore")
    )
    creata_il = models.DateTimeField(_("creata il"), auto_now_add=True)

    class Meta:
        verbose_name = _("rettifica del grado di raggiungimento")
        verbose_name_plural = _("rettifiche del grado di raggiungimento")
        ordering = ["-creata_il", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(indicatore__isnull=False) & Q(obiettivo__isnull=True))
                | (Q(indicatore__isnull=True) & Q(obiettivo__isnull=False)),
                name="rettifica_un_solo_oggetto",
            ),
            models.CheckConstraint(
                condition=Q(non_valutabile=True) | Q(percentuale__isnull=False),
                name="rettifica_percentuale_o_non_valutabile",
            ),
            anno_in_range("rettifica_anno_valido"),
        ]


class VoceStorico(models.Model):
    """One recorded change: who, when, what, the old and the new value, and why."""

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="storico", verbose_name=_("ente"))
    obiettivo = models.ForeignKey(
        Obiettivo, on_delete=models.CASCADE, null=True, blank=True, related_name="storico",
        verbose_name=_("obiettivo"),
    )
    indicatore = models.ForeignKey(
        Indicatore, on_delete=models.CASCADE, null=True, blank=True, related_name="storico",
        verbose_name=_("indicatore"),
    )
    anno = models.PositiveSmallIntegerField(_("anno"), null=True, blank=True, validators=ANNO_VALIDATORS)
    azione = models.CharField(_("azione"), max_length=60)
    campo = models.CharField(_("dato"), max_length=100, blank=True)
    valore_precedente = models.TextField(_("valore precedente"), blank=True)
    valore_nuovo = models.TextField(_("valore nuovo"), blank=True)
    motivazione = models.TextField(_("motivazione"), blank=True)
    utente = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("utente"),
    )
    creata_il = models.DateTimeField(_("quando"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("voce dello storico")
        verbose_name_plural = _("storico delle modifiche")
        ordering = ["-creata_il", "-id"]

    def __str__(self):
        return f"{self.creata_il:%d/%m/%Y %H:%M} {self.azione} {self.campo}"

    @property
    def prima(self):
        """The old value as a reader says it: "In ritardo", not the stored code "in_ritardo"."""
        return choice_label(self.campo, self.valore_precedente)

    @property
    def dopo(self):
        return choice_label(self.campo, self.valore_nuovo)


def _choice_fields():
    return [Monitoraggio._meta.get_field("stato"), Misurazione._meta.get_field("causa_scostamento")]


def choice_label(campo, value):
    """The label of a choice recorded in the Storico under the field's name (`campo`); rows written
    before labels were recorded hold the internal code, and read well too."""
    for field in _choice_fields():
        if str(campo) == str(field.verbose_name):
            return dict(field.flatchoices).get(value, value)
    return value


class PromemoriaInviato(models.Model):
    """A reminder e-mailed to a responsabile; one per person, kind and day."""

    ente = models.ForeignKey(Ente, on_delete=models.CASCADE, related_name="promemoria", verbose_name=_("ente"))
    destinatario = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="promemoria",
        verbose_name=_("destinatario"),
    )
    giorno = models.DateField(_("giorno"))
    oggetto = models.CharField(_("oggetto"), max_length=300)
    testo = models.TextField(_("testo"))
    inviato_il = models.DateTimeField(_("inviato il"), auto_now_add=True)

    class Meta:
        verbose_name = _("promemoria inviato")
        verbose_name_plural = _("promemoria inviati")
        ordering = ["-inviato_il"]
        constraints = [
            models.UniqueConstraint(fields=["ente", "destinatario", "giorno"], name="un_promemoria_al_giorno"),
        ]

    def __str__(self):
        return f"{self.giorno:%d/%m/%Y} {self.destinatario}: {self.oggetto}"


def apply_target_text(target, formula):
    """Fill a target's comparison, value or date from its words as written, where they say them.

    A value already typed must agree with the words: "superiore ad 1" next to 3 is a ValidationError.
    Words the rules cannot read (a sentence) are kept as written and change nothing."""
    from .achievement import format_decimal, parse_target

    letto = parse_target(target.testo, formula)
    if letto is None:
        return
    if letto.data is not None:
        if target.data_scadenza not in (None, letto.data):
            raise ValidationError(_("Il testo dice %(t)s, la data attesa è %(d)s: le renda uguali.") % {
                "t": letto.data.strftime("%d/%m/%Y"), "d": target.data_scadenza.strftime("%d/%m/%Y")})
        target.data_scadenza = letto.data
        return
    if target.valore is not None and Decimal(target.valore) != letto.valore:
        raise ValidationError(_("Il testo dice %(t)s, il valore atteso è %(v)s: li renda uguali.") % {
            "t": format_decimal(letto.valore), "v": format_decimal(Decimal(target.valore))})
    if target.confronto and letto.confronto and target.confronto != letto.confronto:
        raise ValidationError(_("Il testo dice «%(t)s», il confronto scelto è un altro: li renda uguali.") % {
            "t": letto.confronto.label})
    target.valore = letto.valore
    target.confronto = target.confronto or letto.confronto.value
