from django.urls import path

from pubblicazioni import views as pubblicazioni_views

from . import views

app_name = "relazioni"

urlpatterns = [
    # The Segretario's pages.
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/", views.gestione, name="gestione"),
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/testi/", views.testi, name="testi"),
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/approva/", views.approva, name="approva"),
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/riapri/", views.riapri, name="riapri"),
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/validazione/", views.validazione, name="validazione"),
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/validazione/documento/", views.documento_validazione, name="documento_validazione"),
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/delibera/", views.delibera, name="delibera"),
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/pubblica/", views.pubblica, name="pubblica"),
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/stato-pdf/", views.stato_pdf, name="stato_pdf"),
    path("area-riservata/<slug:ente_slug>/relazioni/<int:anno>/genera-pdf/", views.genera_pdf, name="genera_pdf"),
    # Public, stable addresses.
    # Amministrazione Trasparente > Performance: its sub-sections are made by the pubblicazioni app.
    path("<slug:ente_slug>/performance/", pubblicazioni_views.performance, name="performance"),
    path("<slug:ente_slug>/relazione/<int:anno>/", views.relazione_pubblica, name="relazione"),
    path("<slug:ente_slug>/relazione/<int:anno>/relazione.pdf", views.relazione_pdf, name="relazione_pdf"),
    path("<slug:ente_slug>/relazione/<int:anno>/relazione-v<int:numero>.pdf", views.relazione_pdf, name="relazione_pdf_versione"),
    path("<slug:ente_slug>/relazione/<int:anno>/allegato-<int:allegato>.pdf", views.relazione_allegato, name="relazione_allegato"),
    path("<slug:ente_slug>/relazione/<int:anno>/relazione-v<int:numero>-allegato-<int:allegato>.pdf", views.relazione_allegato,
         name="relazione_allegato_versione"),
    path("<slug:ente_slug>/relazione/<int:anno>/dati.csv", views.dati_csv, name="dati_csv"),
    path("<slug:ente_slug>/relazione/<int:anno>/attestazione.pdf", views.attestazione, name="attestazione_pdf"),
    path("<slug:ente_slug>/relazione/<int:anno>/validazione.pdf", views.validazione_pubblica, name="validazione_pdf"),
]
