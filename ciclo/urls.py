"""The cycle through the year, under /area-riservata/<ente_slug>/: periods, dashboard, July report,
variations of the Piano and overrides."""

from django.urls import path

from . import views

app_name = "ciclo"

urlpatterns = [
    path("periodi/", views.periodi, name="periodi"),
    path("periodi/<int:anno>/<str:tipo>/<str:azione>/", views.periodo_azione, name="periodo_azione"),
    path("cruscotto/", views.cruscotto, name="cruscotto"),
    path("cruscotto/<str:vista>/", views.cruscotto_elenco, name="cruscotto_elenco"),
    path("monitoraggio/<int:anno>/", views.monitoraggio, name="monitoraggio"),
    path("monitoraggio/<int:anno>/pdf/", views.monitoraggio_pdf, name="monitoraggio_pdf"),
    path("variazioni/", views.variazioni, name="variazioni"),
    path("variazioni/<int:pk>/", views.variazione, name="variazione"),
    path("variazioni/<int:pk>/<str:kind>/", views.variazione_modifica, name="variazione_modifica"),
    path("rettifiche/nuova/", views.rettifica_crea, name="rettifica_crea"),
    path("rettifiche/<int:pk>/revoca/", views.rettifica_revoca, name="rettifica_revoca"),
]
