"""Filters of the Segretario's dashboard (django-filter): area, type and state of the objectives."""

import django_filters
from django.utils.translation import gettext_lazy as _

from obiettivi.models import Area, Monitoraggio, Obiettivo


class CruscottoFilter(django_filters.FilterSet):
    area = django_filters.ModelChoiceFilter(label=_("Area"), queryset=Area.objects.none(), empty_label=_("Tutte"))
    tipo = django_filters.ChoiceFilter(label=_("Tipo"), choices=Obiettivo.Tipo.choices, empty_label=_("Tutti"))
    stato = django_filters.ChoiceFilter(
        label=_("Stato di attuazione"), choices=Monitoraggio.Stato.choices, empty_label=_("Tutti"),
        method="filter_stato",
    )

    class Meta:
        model = Obiettivo
        fields = ["area", "tipo", "stato"]

    def __init__(self, data=None, *, ente, anno, periodo, **kwargs):
        super().__init__(data, queryset=Obiettivo.objects.filter(piano__ente=ente), **kwargs)
        self.anno, self.periodo = anno, periodo
        self.filters["area"].queryset = Area.objects.filter(ente=ente)

    def filter_stato(self, queryset, name, value):
        """The objectives whose state, in the year and period shown, is `value`."""
        return queryset.filter(monitoraggi__anno=self.anno, monitoraggi__periodo=self.periodo, monitoraggi__stato=value)

    def link_params(self):
        """The active filters, for the links from a figure to its list."""
        return {k: v for k, v in (self.data or {}).items() if k in self.filters and v}
