"""Set-up of the ente and its plan by the Segretario and the amministratore, in Italian."""

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q

from . import selectors
from .numeri import ADMIN_FORMFIELD_OVERRIDES, admin_number
from .permissions import MANAGER_ROLES
from .services import target_text, log_change

from .models import (
    Area,
    Ente,
    Fase,
    Indicatore,
    Misurazione,
    Monitoraggio,
    Obiettivo,
    ObiettivoStrategico,
    Periodo,
    PesoVariato,
    Piano,
    Programma,
    PromemoriaInviato,
    Rettifica,
    Ruolo,
    Target,
    Variazione,
    VoceStorico,
)


# How each model reaches its ente, for scoping the admin to the enti a user runs.
ENTE_PATHS = {
    Ente: "pk", Area: "ente", Ruolo: "ente", Piano: "ente", Variazione: "piano__ente",
    ObiettivoStrategico: "ente", Obiettivo: "piano__ente", Fase: "obiettivo__piano__ente",
    Indicatore: "obiettivo__piano__ente", Target: "indicatore__obiettivo__piano__ente",
    PesoVariato: "obiettivo__piano__ente", Misurazione: "indicatore__obiettivo__piano__ente",
    Monitoraggio: "obiettivo__piano__ente", Periodo: "ente", VoceStorico: "ente", PromemoriaInviato: "ente",
}


def managed_enti(user):
    """The enti whose plan the user may set up in the admin (as Segretario or amministratore)."""
    return Ruolo.objects.filter(utente=user, tipo__in=MANAGER_ROLES).values("ente")


def _plain_number_column(model, name):
    """A list column for a number field that reads as the product writes numbers: a year "2018"
    (not "2.018", as Django's localisation groups every integer) and "4,5" (not "4,5000")."""
    try:
        field = model._meta.get_field(name) if isinstance(name, str) else None
    except FieldDoesNotExist:
        return name
    is_number = isinstance(field, (models.DecimalField, models.IntegerField)) and not field.is_relation
    if field is None or not is_number or field.choices:
        return name

    @admin.display(description=field.verbose_name, ordering=name)
    def column(obj):
        return admin_number(getattr(obj, name))

    column.__name__ = name
    return column


class EnteScopedMixin:
    """One installation serves many comuni: a Segretario or amministratore sees, chooses and edits
    only the data of the enti they run. A superuser (the installation's own staff) sees all.

    Its numbers are Italian as everywhere in the product: typed with the shared parser (numeri.py),
    listed without thousands dots in years and without trailing zeros."""

    formfield_overrides = ADMIN_FORMFIELD_OVERRIDES

    def get_list_display(self, request):
        return [_plain_number_column(self.model, name) for name in super().get_list_display(request)]

    def get_fieldsets(self, request, obj=None):
        """A page shown read-only (the rows that change through a service, a frozen plan) shows its
        numbers as the lists do: Django's read-only display would write "2.018" and "4,5000"."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or isinstance(self, admin.options.InlineModelAdmin) or self.has_change_permission(request, obj):
            return fieldsets
        return [(title, {**options, "fields": [self._readonly_number(f) for f in options["fields"]]})
                for title, options in fieldsets]

    def _readonly_number(self, name):
        if isinstance(name, (list, tuple)):
            return tuple(self._readonly_number(n) for n in name)
        column = _plain_number_column(self.model, name)
        if column is name:
            return name
        setattr(self, f"{name}_testo", column)  # the read-only page looks it up by name on the admin
        return f"{name}_testo"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        path = ENTE_PATHS.get(self.model)
        if request.user.is_superuser or path is None or isinstance(self, admin.options.InlineModelAdmin):
            return queryset
        return queryset.filter(**{f"{path}__in": managed_enti(request.user)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        path = ENTE_PATHS.get(db_field.related_model)
        if path is not None and not request.user.is_superuser:
            kwargs["queryset"] = db_field.related_model._default_manager.filter(**{f"{path}__in": managed_enti(request.user)})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Shown for inspection only: these rows change through one service each (services.py), which
    checks the period, the frozen year and the permissions, and writes the Storico. An admin form
    would bypass all of that, for a superuser too, so the admin offers none."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class FrozenPlanMixin:
    """An approved Relazione freezes its year, for the admin too (a superuser included).

    A plan's definitions (objectives, indicators, phases, weights, targets) bear on every year of
    the plan, so they are read-only once any of its years is frozen: from then on they change
    through a Variazione of the Piano, which keeps what was there before. `frozen_plan(obj)` names
    the plan an object (or an inline's parent) belongs to."""

    def frozen_plan(self, obj):
        raise NotImplementedError

    def _frozen(self, obj):
        return obj is not None and selectors.plan_has_frozen_year(self.frozen_plan(obj))

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)


class FrozenPlanInline(FrozenPlanMixin):
    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)


class AreaInline(EnteScopedMixin, admin.TabularInline):
    model = Area
    extra = 0
    fields = ["codice", "nome", "superiore", "responsabile", "ordine"]
    autocomplete_fields = ["responsabile"]


class RuoloInline(EnteScopedMixin, admin.TabularInline):
    model = Ruolo
    extra = 0
    autocomplete_fields = ["utente"]


@admin.register(Ente)
class EnteAdmin(EnteScopedMixin, admin.ModelAdmin):
    list_display = ["nome", "provincia", "anno_corrente"]
    prepopulated_fields = {"slug": ["nome"]}
    search_fields = ["nome"]
    inlines = [AreaInline, RuoloInline]


@admin.register(Area)
class AreaAdmin(EnteScopedMixin, admin.ModelAdmin):
    list_display = ["nome", "ente", "responsabile", "superiore"]
    list_filter = ["ente"]
    search_fields = ["nome"]
    autocomplete_fields = ["responsabile"]


@admin.register(Ruolo)
class RuoloAdmin(EnteScopedMixin, admin.ModelAdmin):
    list_display = ["utente", "tipo", "ente", "denominazione"]
    list_filter = ["ente", "tipo"]
    autocomplete_fields = ["utente"]


class VariazioneInline(EnteScopedMixin, FrozenPlanInline, admin.TabularInline):
    model = Variazione
    extra = 0

    def frozen_plan(self, obj):
        return obj  # the parent Piano


@admin.register(Piano)
class PianoAdmin(EnteScopedMixin, FrozenPlanMixin, admin.ModelAdmin):
    list_display = ["__str__", "ente", "numero_atto", "data_atto", "stato"]
    list_filter = ["ente", "stato"]
    inlines = [VariazioneInline]

    def frozen_plan(self, obj):
        return obj


@admin.register(Variazione)
class VariazioneAdmin(EnteScopedMixin, FrozenPlanMixin, admin.ModelAdmin):
    list_display = ["__str__", "piano", "motivazione"]
    list_filter = ["piano__ente"]

    def frozen_plan(self, obj):
        return obj.piano


@admin.register(Programma)
class ProgrammaAdmin(EnteScopedMixin, admin.ModelAdmin):
    list_display = ["codice", "nome", "codice_missione", "nome_missione"]
    search_fields = ["codice", "nome", "nome_missione"]


@admin.register(ObiettivoStrategico)
class ObiettivoStrategicoAdmin(EnteScopedMixin, admin.ModelAdmin):
    list_display = ["codice", "titolo", "linea_mandato", "ente"]
    list_filter = ["ente"]
    search_fields = ["codice", "titolo"]


class ObiettivoPartInline(FrozenPlanInline):
    def frozen_plan(self, obj):
        return obj.piano  # the parent Obiettivo's plan


class IndicatoreInline(EnteScopedMixin, ObiettivoPartInline, admin.StackedInline):
    model = Indicatore
    extra = 0
    show_change_link = True
    fields = [
        ("nome", "ordine"), ("tipo", "formula"), ("unita", "direzione", "peso"),
        ("baseline", "usa_baseline"), "fonte_dati",
    ]


class FaseInline(EnteScopedMixin, ObiettivoPartInline, admin.TabularInline):
    model = Fase
    extra = 0


class PesoVariatoInline(EnteScopedMixin, ObiettivoPartInline, admin.TabularInline):
    model = PesoVariato
    extra = 0


@admin.register(Obiettivo)
class ObiettivoAdmin(EnteScopedMixin, FrozenPlanMixin, admin.ModelAdmin):
    list_display = ["codice", "titolo", "tipo", "area", "responsabile", "peso", "scadenza"]
    list_filter = ["piano__ente", "piano", "tipo", "area"]
    search_fields = ["codice", "titolo"]
    autocomplete_fields = ["responsabile", "obiettivo_strategico", "programma"]
    list_select_related = ["area", "responsabile"]
    fieldsets = [
        (None, {"fields": ["piano", ("codice", "ordine"), "titolo", "descrizione", "tipo"]}),
        ("Assegnazione", {"fields": ["area", "responsabile", "peso"]}),
        ("Tempi e risultato", {"fields": [("data_inizio", "scadenza"), "risultato_atteso"]}),
        ("Collegamento al DUP", {"fields": ["obiettivo_strategico", "programma"]}),
        ("Variazioni del Piano", {"fields": ["inserito_con", "ritirato_con"], "classes": ["collapse"]}),
    ]
    inlines = [IndicatoreInline, FaseInline, PesoVariatoInline]

    def frozen_plan(self, obj):
        return obj.piano


class TargetInline(EnteScopedMixin, FrozenPlanInline, admin.TabularInline):
    model = Target
    extra = 0
    fields = ["anno", "valore", "data_scadenza", "variazione"]

    def frozen_plan(self, obj):
        return obj.obiettivo.piano  # the parent Indicatore's plan


@admin.register(Indicatore)
class IndicatoreAdmin(EnteScopedMixin, FrozenPlanMixin, admin.ModelAdmin):
    list_display = ["nome", "obiettivo", "formula", "direzione", "unita", "peso"]
    list_filter = ["obiettivo__piano__ente", "formula", "direzione", "tipo"]
    search_fields = ["nome", "obiettivo__codice"]
    list_select_related = ["obiettivo"]
    inlines = [TargetInline]

    def frozen_plan(self, obj):
        return obj.obiettivo.piano

    def save_formset(self, request, form, formset, change):
        """Targets set up here go into the indicator's Storico too, with the old and the new value."""
        if formset.model is not Target:
            return super().save_formset(request, form, formset, change)
        before = {t.pk: target_text(t) for t in Target.objects.filter(indicatore=form.instance)}
        super().save_formset(request, form, formset, change)
        indicatore = form.instance
        for target in Target.objects.filter(indicatore=indicatore):
            prima, dopo = before.pop(target.pk, ""), target_text(target)
            if prima != dopo:
                log_change(ente_id=indicatore.obiettivo.piano.ente_id, utente=request.user, azione="Target",
                           obiettivo=indicatore.obiettivo, indicatore=indicatore, anno=target.anno,
                           campo=f"target {target.anno}", prima=prima, dopo=dopo,
                           motivazione="Impostato nell'amministrazione")
        for prima in before.values():
            log_change(ente_id=indicatore.obiettivo.piano.ente_id, utente=request.user, azione="Target eliminato",
                       obiettivo=indicatore.obiettivo, indicatore=indicatore, prima=prima,
                       motivazione="Eliminato nell'amministrazione")


@admin.register(Misurazione)
class MisurazioneAdmin(EnteScopedMixin, ReadOnlyAdmin):
    """Values are entered in the objective's page (services.misurazione_save) while the period is open."""

    list_display = ["indicatore", "anno", "periodo", "valore", "aggiornato_da", "aggiornato_il"]
    list_filter = ["anno", "periodo", "indicatore__obiettivo__piano__ente"]
    list_select_related = ["indicatore", "aggiornato_da"]


@admin.register(Monitoraggio)
class MonitoraggioAdmin(EnteScopedMixin, ReadOnlyAdmin):
    """States are entered in the objective's page (services.monitoraggio_save) while the period is open."""

    list_display = ["obiettivo", "anno", "periodo", "stato"]
    list_filter = ["anno", "periodo", "stato"]
    list_select_related = ["obiettivo"]


@admin.register(Periodo)
class PeriodoAdmin(EnteScopedMixin, ReadOnlyAdmin):
    """Periods are opened, closed and reopened (with a reason) in the «Periodi» page."""

    list_display = ["__str__", "ente", "data_apertura", "data_chiusura", "aperto", "chiuso_il"]
    list_filter = ["ente", "anno", "tipo", "aperto"]


@admin.register(Rettifica)
class RettificaAdmin(EnteScopedMixin, ReadOnlyAdmin):
    """Overrides are made and revoked, with a reason, in the objective's page."""

    list_display = ["__str__", "indicatore", "obiettivo", "anno", "percentuale", "non_valutabile", "attiva", "autore"]
    list_filter = ["anno", "attiva", "non_valutabile"]
    list_select_related = ["indicatore", "obiettivo", "autore"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        enti = managed_enti(request.user)  # an override is on an indicator or on an objective
        return queryset.filter(Q(indicatore__obiettivo__piano__ente__in=enti) | Q(obiettivo__piano__ente__in=enti))


@admin.register(VoceStorico)
class VoceStoricoAdmin(EnteScopedMixin, ReadOnlyAdmin):
    """The audit trail is read-only: nobody edits history."""

    list_display = ["creata_il", "utente", "azione", "campo", "valore_precedente", "valore_nuovo", "obiettivo"]
    list_filter = ["ente", "azione"]
    list_select_related = ["utente", "obiettivo"]


@admin.register(PromemoriaInviato)
class PromemoriaInviatoAdmin(EnteScopedMixin, admin.ModelAdmin):
    list_display = ["giorno", "destinatario", "oggetto", "inviato_il"]
    list_filter = ["ente", "giorno"]
    list_select_related = ["destinatario"]
    search_fields = ["destinatario__username", "destinatario__last_name", "oggetto"]
    date_hierarchy = "giorno"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
