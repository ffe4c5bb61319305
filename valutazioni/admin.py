"""The evaluation in the admin: for inspection, scoped to the user's enti. Every act (SMVP, scores,
closing, conciliazione, premi) has its service and its page on the site; the admin is no way around
them. The only change offered: an open scheda's evaluator, area and the Sindaco's act, through
services.scheda_reassign. The schede, premi and their log are personal data: the Segretario's only."""

from django import forms
from django.contrib import admin
from django.contrib.auth import get_user_model

from obiettivi.admin import ENTE_PATHS, EnteScopedMixin, ReadOnlyAdmin
from obiettivi.models import Area, Ruolo
from obiettivi.services import DomainError

from . import services
from .models import Categoria, Comportamento, Conciliazione, Premio, RisorsePremi, Scheda, Smvp, VoceValutazione

ENTE_PATHS.update({
    Smvp: "ente", Categoria: "smvp__ente", Comportamento: "smvp__ente", Scheda: "smvp__ente",
    Conciliazione: "scheda__smvp__ente", RisorsePremi: "categoria__smvp__ente", Premio: "scheda__smvp__ente",
    VoceValutazione: "ente",
})


def segretario_enti(user):
    return Ruolo.objects.filter(utente=user, tipo=Ruolo.Tipo.SEGRETARIO).values("ente")


class PersonalScopedMixin(EnteScopedMixin):
    """Personal data of the evaluation: the rows of the enti where the user is Segretario, never those
    of an ente the user only administers."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{ENTE_PATHS[self.model]}__in": segretario_enti(request.user)})


class CategoriaInline(admin.TabularInline):
    model = Categoria
    extra = 0
    can_delete = False
    fields = ["nome", "tipo", "valutatore", "peso_ente", "peso_area", "peso_obiettivi", "peso_comportamenti"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Smvp)
class SmvpAdmin(EnteScopedMixin, ReadOnlyAdmin):
    """Read-only: the Segretario edits the SMVP on its page, with the rules (weights, a year in use)."""

    list_display = ["__str__", "ente", "anno", "tipo_premio", "punteggio_minimo", "atto_numero"]
    list_filter = ["ente", "anno"]
    inlines = [CategoriaInline]
    exclude = ["documento"]


@admin.register(Categoria)
class CategoriaAdmin(EnteScopedMixin, ReadOnlyAdmin):
    list_display = ["nome", "smvp", "tipo", "valutatore", "peso_ente", "peso_area", "peso_obiettivi",
                    "peso_comportamenti"]
    list_filter = ["smvp__ente", "tipo"]
    list_select_related = ["smvp"]


@admin.register(Comportamento)
class ComportamentoAdmin(EnteScopedMixin, ReadOnlyAdmin):
    list_display = ["nome", "smvp", "motivazione_obbligatoria"]
    list_filter = ["smvp__ente"]
    list_select_related = ["smvp"]


class SchedaAdminForm(forms.ModelForm):
    """The evaluator, area and Sindaco's act of an open scheda, chosen among the scheda's own ente and
    checked by the same rules as on the site (services.check_reassign)."""

    class Meta:
        model = Scheda
        fields = ["valutatore", "area", "atto_sindaco"]

    def clean(self):
        data = super().clean()
        if self.errors or self.user is None:
            return data
        try:
            services.check_reassign(user=self.user, scheda=self.instance, valutatore=data.get("valutatore"),
                                    area=data.get("area"), atto_sindaco=data.get("atto_sindaco") or "")
        except DomainError as error:
            raise forms.ValidationError(error.message)
        return data


@admin.register(Scheda)
class SchedaAdmin(PersonalScopedMixin, admin.ModelAdmin):
    """A closed scheda is frozen: read-only here as everywhere. An open one changes only its evaluator,
    area and Sindaco's act, through the service (which logs it)."""

    form = SchedaAdminForm
    list_display = ["__str__", "categoria", "valutatore", "stato", "chiusa_il"]
    list_filter = ["smvp__ente", "stato"]
    list_select_related = ["smvp", "categoria", "valutatore", "utente", "dipendente"]
    readonly_fields = ["smvp", "categoria", "utente", "dipendente", "stato", "punteggio", "chiusa_il"]
    fields = readonly_fields + ["valutatore", "area", "atto_sindaco"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or (obj.aperta and (request.user.is_superuser or Ruolo.objects.filter(
            utente=request.user, ente_id=obj.smvp.ente_id, tipo=Ruolo.Tipo.SEGRETARIO).exists()))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        if obj is not None and "valutatore" in form.base_fields:
            # Only the scheda's own ente: its people and its areas.
            form.base_fields["valutatore"].queryset = get_user_model().objects.filter(
                ruoli__ente_id=obj.smvp.ente_id).distinct().order_by("last_name", "username")
            form.base_fields["area"].queryset = Area.objects.filter(ente_id=obj.smvp.ente_id)
        return form

    def save_model(self, request, obj, form, change):
        services.scheda_reassign(user=request.user, scheda=obj, valutatore=form.cleaned_data["valutatore"],
                                 area=form.cleaned_data["area"], atto_sindaco=form.cleaned_data["atto_sindaco"])

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Reading someone else's scheda is logged, here as on the site.
        scheda = self.get_queryset(request).filter(pk=object_id).select_related("smvp").first() \
            if str(object_id).isdigit() else None
        if scheda is not None and request.method == "GET" and scheda.utente_id != request.user.pk:
            VoceValutazione.objects.create(ente_id=scheda.smvp.ente_id, scheda=scheda, utente=request.user,
                                           azione="Lettura della scheda (amministrazione del sito)")
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(Conciliazione)
class ConciliazioneAdmin(PersonalScopedMixin, ReadOnlyAdmin):
    list_display = ["scheda", "richiesta_il", "data_audizione", "esito", "concluso_il"]
    list_select_related = ["scheda__smvp", "scheda__utente", "scheda__dipendente"]


@admin.register(RisorsePremi)
class RisorsePremiAdmin(PersonalScopedMixin, ReadOnlyAdmin):
    """Confirmed premi are a recorded act: read-only (as every row here; resources are set on the site)."""

    list_display = ["categoria", "importo", "distribuito", "confermate_il", "atto_conferma"]
    list_select_related = ["categoria__smvp"]


@admin.register(Premio)
class PremioAdmin(PersonalScopedMixin, ReadOnlyAdmin):
    list_display = ["scheda", "importo", "maggiorazione"]
    list_select_related = ["scheda__smvp", "scheda__utente", "scheda__dipendente"]


@admin.register(VoceValutazione)
class VoceValutazioneAdmin(PersonalScopedMixin, ReadOnlyAdmin):
    """The log of the evaluation: nobody edits history."""

    list_display = ["creata_il", "utente", "azione", "scheda", "dettaglio"]
    list_filter = ["ente", "azione"]
    list_select_related = ["utente", "scheda__smvp", "scheda__utente", "scheda__dipendente"]
