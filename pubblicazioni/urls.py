from django.urls import path

from . import views

app_name = "pubblicazioni"

urlpatterns = [
    # The Segretario's pages.
    path("area-riservata/<slug:ente_slug>/pubblicazioni/", views.gestione, name="gestione"),
    path("area-riservata/<slug:ente_slug>/pubblicazioni/piano/<int:pk>/pubblica/", views.piano_pubblica,
         name="piano_pubblica"),
    path("area-riservata/<slug:ente_slug>/pubblicazioni/piano/<int:pk>/piao-2-2-performance.odt",
         views.piao_performance_odt, name="piao_performance_odt"),
    path("area-riservata/<slug:ente_slug>/pubblicazioni/piano/<int:pk>/piao-2-2-performance.pdf",
         views.piao_performance_pdf, name="piao_performance_pdf"),
    path("area-riservata/<slug:ente_slug>/pubblicazioni/piano/<int:pk>/piao-4-monitoraggio.odt",
         views.piao_monitoraggio_odt, name="piao_monitoraggio_odt"),
    path("area-riservata/<slug:ente_slug>/pubblicazioni/piano/<int:pk>/piao-4-monitoraggio.pdf",
         views.piao_monitoraggio_pdf, name="piao_monitoraggio_pdf"),
    # Public, stable addresses.
    path("<slug:ente_slug>/piano/<int:anno>/", views.piano, name="piano"),
    path("<slug:ente_slug>/piano/<int:anno>/piano.pdf", views.piano_pdf, name="piano_pdf"),
]
