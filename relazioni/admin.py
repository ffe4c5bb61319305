from django.contrib import admin

from obiettivi.admin import ENTE_PATHS, EnteScopedMixin, ReadOnlyAdmin

from .models import Relazione, VersioneRelazione

ENTE_PATHS[Relazione] = "ente"


class VersioneInline(admin.TabularInline):
    model = VersioneRelazione
    extra = 0
    can_delete = False
    fields = ["numero", "stato_rendering", "sha256", "csv_sha256", "approvata_da", "approvata_il", "pubblicata_il",
              "attestazione_sha256", "motivo_riapertura"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Relazione)
class RelazioneAdmin(EnteScopedMixin, ReadOnlyAdmin):
    """Read-only: approval, validation, delibera and publication are acts with their own rules
    (relazioni/services.py), done from the Relazione's page."""

    list_display = ["__str__", "ente", "stato", "approvata_il", "pubblicata_il"]
    list_filter = ["ente", "stato"]
    inlines = [VersioneInline]
