from django.urls import path, register_converter

from . import views

app_name = "opendata"


class FormatoConverter:
    """The open-data formats served beside the Relazione's CSV (which keeps its own older URL)."""

    regex = "xlsx|ods|json"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


class OgniFormatoConverter(FormatoConverter):
    regex = "csv|xlsx|ods|json"


register_converter(FormatoConverter, "opendata_formato")
register_converter(OgniFormatoConverter, "opendata_ogni_formato")

urlpatterns = [
    path("<slug:ente_slug>/relazione/<int:anno>/dati.<opendata_formato:formato>", views.dati, name="dati"),
    path("<slug:ente_slug>/relazione/<int:anno>/dati.<opendata_ogni_formato:formato>.schema.json", views.schema,
         name="schema"),
    path("<slug:ente_slug>/open-data/catalogo.jsonld", views.catalogo, name="catalogo"),
]
