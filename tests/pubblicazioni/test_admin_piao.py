"""The Piano-tipo's fields of an objective are edited in the admin, scoped to the Segretario's ente:
the Valore pubblico objectives offered are the ente's own."""

from decimal import Decimal

from django.contrib import admin
from django.test import RequestFactory

from obiettivi.models import Obiettivo, ObiettivoValorePubblico
from tests import builders


def test_the_objective_form_has_the_piano_tipo_fields_and_only_the_entes_valore_pubblico(personas, client):
    nostro = ObiettivoValorePubblico.objects.create(ente=personas.ente, codice="VP1", titolo="Nostro")
    altro_ente = builders.make_ente(nome="Comune di Marcheno", slug="marcheno")
    ObiettivoValorePubblico.objects.create(ente=altro_ente, codice="VP1", titolo="Altrui")
    obiettivo = builders.make_obiettivo(personas.piano, personas.area_a, peso=Decimal(100))
    client.force_login(personas.segretario)
    page = client.get(f"/admin/obiettivi/obiettivo/{obiettivo.pk}/change/").text
    for name in ("stakeholder", "fonte_dati", "valore_pubblico"):
        assert f'name="{name}"' in page
    request = RequestFactory().get("/")
    request.user = personas.segretario
    model_admin = admin.site._registry[Obiettivo]
    field = model_admin.get_form(request, obiettivo).base_fields["valore_pubblico"]
    assert list(field.queryset) == [nostro]


def test_the_segretario_lists_only_the_entes_valore_pubblico_objectives(personas, client):
    ObiettivoValorePubblico.objects.create(ente=personas.ente, codice="VP1", titolo="Nostro")
    ObiettivoValorePubblico.objects.create(ente=builders.make_ente(slug="marcheno"), codice="VP9", titolo="Altrui")
    client.force_login(personas.segretario)
    page = client.get("/admin/obiettivi/obiettivovalorepubblico/").text
    assert "Nostro" in page and "Altrui" not in page
