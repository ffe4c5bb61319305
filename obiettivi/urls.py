from django.urls import path

from . import views, views_ciclo

app_name = "obiettivi"

urlpatterns = [
    path("", views.area_riservata, name="home"),
    path("schede/", views.mie_schede, name="mie_schede"),
    path("obiettivi/<int:pk>/", views.scheda, name="scheda"),
    path("indicatori/<int:pk>/", views.indicatore, name="indicatore"),
]

# The cycle through the year (issue 4): periods, dashboard, July report, variations, overrides.
urlpatterns += [
    path("periodi/", views_ciclo.periodi, name="periodi"),
    path("periodi/<int:anno>/<str:tipo>/<str:azione>/", views_ciclo.periodo_azione, name="periodo_azione"),
    path("cruscotto/", views_ciclo.cruscotto, name="cruscotto"),
    path("cruscotto/<str:vista>/", views_ciclo.cruscotto_elenco, name="cruscotto_elenco"),
    path("monitoraggio/<int:anno>/", views_ciclo.monitoraggio, name="monitoraggio"),
    path("monitoraggio/<int:anno>/pdf/", views_ciclo.monitoraggio_pdf, name="monitoraggio_pdf"),
    path("variazioni/", views_ciclo.variazioni, name="variazioni"),
    path("variazioni/<int:pk>/", views_ciclo.variazione, name="variazione"),
    path("variazioni/<int:pk>/<str:kind>/", views_ciclo.variazione_modifica, name="variazione_modifica"),
    path("rettifiche/nuova/", views_ciclo.rettifica_crea, name="rettifica_crea"),
    path("rettifiche/<int:pk>/revoca/", views_ciclo.rettifica_revoca, name="rettifica_revoca"),
]
