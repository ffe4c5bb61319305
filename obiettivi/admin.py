"""Set-up of the ente and its plan by the Segretario and the amministratore, in Italian."""

import dataclasses

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.options import ActionLocation
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _

from . import selectors
from .achievement import PesiMisti, check_pesi
from .numeri import ADMIN_FORMFIELD_OVERRIDES, admin_number
from .permissions import MANAGER_ROLES
from .services import lock_ente, log_change, target_text

from .models import (
    Area,
    Ente,
    Fase,
    Indicatore,
    Misurazione,
    Monitoraggio,
    Obiettivo,
    ObiettivoStrategico,
    ObiettivoValorePubblico,
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
    ObiettivoStrategico: "ente", ObiettivoValorePubblico: "ente", Obiettivo: "piano__ente",
    Fase: "obiettivo__piano__ente",
    Indicatore: "obiettivo__piano__ente", Target: "indicatore__obiettivo__piano__ente",
    PesoVariato: "obiettivo__piano__ente", Misurazione: "indicatore__obiettivo__piano__ente",
    Monitoraggio: "obiettivo__piano__ente", Periodo: "ente", VoceStorico: "ente", PromemoriaInviato: "ente",
}


def managed_enti(user):
    """The enti whose plan the user may set up in the admin (as Segretario or amministratore)."""
    return Ruolo.objects.filter(utente=user, tipo__in=MANAGER_ROLES).values("ente")


def users_of(enti):
    """The people of some enti: those who hold a role in them."""
    return get_user_model().objects.filter(ruoli__ente__in=enti).distinct().order_by("last_name", "first_name", "username")


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


class SafeAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete re-renders a refused form by looking the posted value up: a value
    that is no id ("abc", "1e999") raised ValueError there, a 500 instead of the form's own
    «Scegli un'opzione valida». Such a value selects nothing."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        return super().optgroups(name, [v for v in value if _is_valid_value(target, v)], attr)


def _is_valid_value(field, value):
    try:
        field.run_validators(field.to_python(value))
    except (ValidationError, TypeError, ValueError):
        return False
    return True


class SafeAutocompleteMixin:
    """Every autocomplete of our admin is a SafeAutocompleteSelect."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class EnteScopedMixin(SafeAutocompleteMixin):
    """One installation serves many comuni: a Segretario or amministratore sees, chooses and edits
    only the data of the enti they run, and only their people. A superuser (the installation's own
    staff) sees all.

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
        if not request.user.is_superuser:
            path = ENTE_PATHS.get(db_field.related_model)
            if path is not None:
                kwargs["queryset"] = db_field.related_model._default_manager.filter(**{f"{path}__in": managed_enti(request.user)})
            elif db_field.related_model is get_user_model():
                kwargs["queryset"] = users_of(managed_enti(request.user))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # The contributing areas of an objective are chosen among the user's enti's only.
        if not request.user.is_superuser:
            path = ENTE_PATHS.get(db_field.related_model)
            if path is not None:
                kwargs["queryset"] = db_field.related_model._default_manager.filter(**{f"{path}__in": managed_enti(request.user)})
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_autocomplete_fields(self, request):
        # The user admin is the superuser's: for the others a person is chosen from a list of the
        # ente's own people (an autocomplete would have to open the list of every user).
        fields = super().get_autocomplete_fields(request)
        if request.user.is_superuser:
            return fields
        user_fields = {f.name for f in self.model._meta.fields if f.is_relation and f.related_model is get_user_model()}
        return [f for f in fields if f not in user_fields]

    def get_list_filter(self, request):
        """A filter by a related row lists only the rows the user may see: never another ente's name."""
        filters = []
        for item in super().get_list_filter(request):
            if isinstance(item, str) and _is_relation_path(self.model, item):
                item = (item, admin.RelatedOnlyFieldListFilter)
            filters.append(item)
        return filters


def _is_relation_path(model, path):
    field = None
    for part in path.split("__"):
        field = model._meta.get_field(part)
        if not field.is_relation:
            return False
        model = field.related_model
    return field is not None


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


class FrozenDeleteMixin:
    """A row whose deletion would touch a frozen year (`_frozen(obj)`) is not deleted: neither from
    its delete page nor by the changelist's bulk action, which asks Django's has_delete_permission
    without an object."""

    def _frozen(self, obj):
        raise NotImplementedError

    def has_delete_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_delete_permission(request, obj)

    def get_actions(self, request, action_location=ActionLocation.CHANGE_LIST):
        actions = super().get_actions(request, action_location=action_location)
        if "delete_selected" in actions:
            actions["delete_selected"] = dataclasses.replace(actions["delete_selected"], func=delete_selected_unless_frozen)
        return actions

    def delete_queryset(self, request, queryset):
        # The last guard, should anything reach the delete past the action's own check.
        if any(self._frozen(obj) for obj in queryset):
            raise PermissionDenied
        super().delete_queryset(request, queryset)


class FrozenPlanMixin(FrozenDeleteMixin):
    """An approved Relazione freezes its year, for the admin too (a superuser included).

    A plan's definitions (objectives, indicators, phases, weights, targets) bear on every year of
    the plan, so they are read-only once any of its years is frozen: from then on they change
    through a Variazione of the Piano, which keeps what was there before. `frozen_plan(obj)` names
    the plan an object (or an inline's parent) belongs to. The forms that add or move a row into a
    frozen plan or year refuse it themselves (see `FrozenYearForm`)."""

    def frozen_plan(self, obj):
        raise NotImplementedError

    def _frozen(self, obj):
        return obj is not None and selectors.plan_has_frozen_year(self.frozen_plan(obj))

    def has_change_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_change_permission(request, obj)


def delete_selected_unless_frozen(modeladmin, request, queryset):
    """Django's bulk delete, refused with a message when any selected row touches a frozen year."""
    frozen = [obj for obj in queryset if modeladmin._frozen(obj)]
    if frozen:
        modeladmin.message_user(request, _(
            "Non si possono eliminare: %(oggetti)s. Toccherebbero un anno con la Relazione sulla "
            "Performance approvata."
        ) % {"oggetti": ", ".join(str(obj) for obj in frozen[:5]) + ("…" if len(frozen) > 5 else "")},
            messages.ERROR)
        return None  # back to the list, nothing deleted
    return delete_selected(modeladmin, request, queryset)


class FrozenYearForm(forms.ModelForm):
    """An add or change form that refuses a row landing in a frozen plan or year, on the field that
    puts it there. Asked of the admin's forms and inline forms, whoever the user is."""

    def clean(self):
        data = super().clean()
        field, message = self.frozen_error(data)
        if message:
            self.add_error(field if field in self.fields else None, message)
        return data

    def frozen_error(self, data):
        """(field, Italian message) when the row would touch a frozen year; (None, None) otherwise."""
        raise NotImplementedError

    def parent(self, data, name):
        """The related row from the form, else the one an inline formset set on the instance (which,
        in an add form, is the parent being added, not saved yet)."""
        value = data.get(name)
        if value is None:
            try:
                value = getattr(self.instance, name)
            except ObjectDoesNotExist:
                value = None
        return value


# The admin saves a form in the transaction that validated it: checked under the ente's lock, as the
# services check, an approval cannot slip in between the check and the save.
def _locked_plan_frozen(piano):
    lock_ente(piano.ente_id)
    return selectors.plan_has_frozen_year(piano)


def _locked_year_frozen(ente_id, anno):
    lock_ente(ente_id)
    return selectors.year_is_frozen(ente_id, anno)


def _frozen_plan_message(piano):
    return _(
        "Il %(piano)s ha un anno con la Relazione sulla Performance approvata: i suoi obiettivi e indicatori "
        "non cambiano più qui. Per aggiungere o cambiare un obiettivo registri una variazione del Piano."
    ) % {"piano": piano}


class ObiettivoAdminForm(FrozenYearForm):
    def clean(self):
        data = super().clean()
        piano, area = data.get("piano"), data.get("area")
        concorrenti = data.get("aree_concorrenti") or []
        if piano is not None and any(a.ente_id != piano.ente_id for a in concorrenti):
            self.add_error("aree_concorrenti", _("Le aree che concorrono sono dell'ente del Piano."))
        if area is not None and any(a.pk == area.pk for a in concorrenti):
            self.add_error("aree_concorrenti", _("L'area dell'obiettivo non è fra quelle che concorrono: è la sua."))
        return data

    def frozen_error(self, data):
        piano = self.parent(data, "piano")
        if piano is not None and piano.pk is not None and _locked_plan_frozen(piano):
            return "piano", _frozen_plan_message(piano)
        return None, None


class IndicatoreAdminForm(FrozenYearForm):
    def frozen_error(self, data):
        obiettivo = self.parent(data, "obiettivo")
        if obiettivo is not None and obiettivo.piano_id and _locked_plan_frozen(obiettivo.piano):
            return "obiettivo", _frozen_plan_message(obiettivo.piano)
        return None, None


class TargetAdminForm(FrozenYearForm):
    def frozen_error(self, data):
        indicatore, anno = self.parent(data, "indicatore"), data.get("anno")
        if indicatore is None or anno is None or not indicatore.obiettivo_id:
            return None, None
        if _locked_year_frozen(indicatore.obiettivo.piano.ente_id, anno):
            return "anno", _(
                "La Relazione sulla Performance %(anno)s è approvata: i target di quell'anno non si aggiungono "
                "né si modificano più."
            ) % {"anno": anno}
        return None, None


class VariazioneAdminForm(FrozenYearForm):
    def frozen_error(self, data):
        piano, data_atto = self.parent(data, "piano"), data.get("data_atto")
        if piano is not None and data_atto is not None and _locked_year_frozen(piano.ente_id, data_atto.year):
            return "data_atto", _(
                "La Relazione sulla Performance %(anno)s è approvata: una variazione non può essere datata in "
                "quell'anno."
            ) % {"anno": data_atto.year}
        return None, None


class FrozenPlanInline(FrozenPlanMixin):
    def has_add_permission(self, request, obj=None):
        return not self._frozen(obj) and super().has_add_permission(request, obj)


class AreaInline(EnteScopedMixin, admin.TabularInline):
    model = Area
    extra = 0
    fields = ["codice", "nome", "superiore", "responsabile", "ordine"]
    autocomplete_fields = ["responsabile"]


class SuperuserOnlyMixin(SafeAutocompleteMixin):
    """Roles and the people they name are the superuser's in the admin; a Segretario or
    amministratore manages them on the site's «Persone e ruoli» page, which never grants more
    than a role of their own ente."""

    def has_module_permission(self, request):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request, *args):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


class RuoloInline(SuperuserOnlyMixin, admin.TabularInline):
    model = Ruolo
    extra = 0
    autocomplete_fields = ["utente"]


@admin.register(Ente)
class EnteAdmin(EnteScopedMixin, FrozenDeleteMixin, admin.ModelAdmin):
    list_display = ["nome", "provincia", "anno_corrente"]
    prepopulated_fields = {"slug": ["nome"]}
    search_fields = ["nome"]
    inlines = [AreaInline, RuoloInline]

    def has_add_permission(self, request):
        return request.user.is_superuser  # a new ente is a new customer of the installation

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def get_readonly_fields(self, request, obj=None):
        # The slug is in every public address; it changes only by the installation's staff.
        return () if request.user.is_superuser else ("slug",)

    def get_prepopulated_fields(self, request, obj=None):
        return self.prepopulated_fields if request.user.is_superuser else {}

    def _frozen(self, obj):
        # Deleting the ente would take its approved Relazioni with it. Its data stay editable.
        return obj is not None and selectors.ente_has_frozen_year(obj.pk)


@admin.register(Area)
class AreaAdmin(EnteScopedMixin, admin.ModelAdmin):
    list_display = ["nome", "ente", "responsabile", "superiore"]
    list_filter = ["ente"]
    search_fields = ["nome"]
    autocomplete_fields = ["responsabile"]


@admin.register(Ruolo)
class RuoloAdmin(SuperuserOnlyMixin, admin.ModelAdmin):
    list_display = ["utente", "tipo", "ente", "denominazione"]
    list_filter = ["ente", "tipo"]
    autocomplete_fields = ["utente"]


class VariazioneInline(EnteScopedMixin, FrozenPlanInline, admin.TabularInline):
    model = Variazione
    form = VariazioneAdminForm
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
    form = VariazioneAdminForm
    list_display = ["__str__", "piano", "motivazione"]
    list_filter = ["piano__ente"]

    def frozen_plan(self, obj):
        return obj.piano


@admin.register(Programma)
class ProgrammaAdmin(admin.ModelAdmin):
    """Missioni e Programmi are the law's catalogue (D.Lgs. 118/2011), one for every ente: a change
    here would change what every ente has published. Only a superuser edits it, whatever the
    permissions of a group say; the others choose from it (the autocomplete of Obiettivo.programma)
    and read it in the list, which shows every field."""

    list_display = ["codice", "nome", "codice_missione", "nome_missione"]
    search_fields = ["codice", "nome", "nome_missione"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        # Whoever sets up a plan chooses its programmes, whatever their Django permissions.
        return super().has_view_permission(request, obj) or managed_enti(request.user).exists()

    def get_list_display_links(self, request, list_display):
        return super().get_list_display_links(request, list_display) if request.user.is_superuser else None

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The list already shows every field: an object page is only for who may change it.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().change_view(request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().history_view(request, object_id, extra_context)


@admin.register(ObiettivoStrategico)
class ObiettivoStrategicoAdmin(EnteScopedMixin, admin.ModelAdmin):
    list_display = ["codice", "titolo", "linea_mandato", "ente"]
    list_filter = ["ente"]
    search_fields = ["codice", "titolo"]


@admin.register(ObiettivoValorePubblico)
class ObiettivoValorePubblicoAdmin(EnteScopedMixin, admin.ModelAdmin):
    """PIAO sub-section 2.1: the Valore pubblico objectives the Piano's objectives serve."""

    list_display = ["codice", "titolo", "ente"]
    list_filter = ["ente"]
    search_fields = ["codice", "titolo"]


class ObiettivoPartInline(FrozenPlanInline):
    def frozen_plan(self, obj):
        return obj.piano  # the parent Obiettivo's plan


class IndicatoreInlineForm(IndicatoreAdminForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.pesi_controllati = True  # the formset checks the weights of all of them at once


class IndicatoriFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        forms_kept = [f for f in self.forms if f.has_changed() or f.instance.pk]
        forms_kept = [f for f in forms_kept if not (self.can_delete and self._should_delete_form(f))]
        pesi = [f.cleaned_data.get("peso") for f in forms_kept if hasattr(f, "cleaned_data")]
        try:
            check_pesi(pesi, what=str(_("indicatori dell'obiettivo")))
        except PesiMisti as error:
            raise ValidationError(str(error))


class IndicatoreInline(EnteScopedMixin, ObiettivoPartInline, admin.StackedInline):
    model = Indicatore
    form = IndicatoreInlineForm
    formset = IndicatoriFormSet
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
    form = ObiettivoAdminForm
    list_display = ["codice", "titolo", "tipo", "area", "responsabile", "peso", "scadenza"]
    list_filter = ["piano__ente", "piano", "tipo", "area"]
    search_fields = ["codice", "titolo"]
    autocomplete_fields = ["responsabile", "obiettivo_strategico", "programma", "valore_pubblico"]
    list_select_related = ["area", "responsabile"]
    fieldsets = [
        (None, {"fields": ["piano", ("codice", "ordine"), "titolo", "descrizione", "tipo"]}),
        ("Assegnazione", {"fields": ["area", "responsabile", "peso", "aree_concorrenti", "altri_soggetti"]}),
        ("Tempi e risultato", {"fields": [("data_inizio", "scadenza"), "risultato_atteso"]}),
        ("Collegamento al DUP", {"fields": ["obiettivo_strategico", "programma"]}),
        ("PIAO – Piano-tipo", {"fields": ["valore_pubblico", "stakeholder", "fonte_dati"]}),
        ("Variazioni del Piano", {"fields": ["inserito_con", "ritirato_con"], "classes": ["collapse"]}),
    ]
    inlines = [IndicatoreInline, FaseInline, PesoVariatoInline]

    def frozen_plan(self, obj):
        return obj.piano


class TargetInline(EnteScopedMixin, FrozenPlanInline, admin.TabularInline):
    model = Target
    form = TargetAdminForm
    extra = 0
    fields = ["anno", "testo", "confronto", "valore", "data_scadenza", "variazione"]

    def frozen_plan(self, obj):
        return obj.obiettivo.piano  # the parent Indicatore's plan


@admin.register(Indicatore)
class IndicatoreAdmin(EnteScopedMixin, FrozenPlanMixin, admin.ModelAdmin):
    form = IndicatoreAdminForm
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
class PromemoriaInviatoAdmin(EnteScopedMixin, ReadOnlyAdmin):
    """What was sent, and so what is not sent again the same day: a log, not to be edited."""

    list_display = ["giorno", "destinatario", "oggetto", "inviato_il"]
    list_filter = ["ente", "giorno"]
    list_select_related = ["destinatario"]
    search_fields = ["destinatario__username", "destinatario__last_name", "oggetto"]
    date_hierarchy = "giorno"
