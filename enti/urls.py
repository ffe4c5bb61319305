from django.urls import path

from . import views

app_name = "enti"

# Included under /area-riservata/<slug:ente_slug>/: every view takes ente_slug first.
urlpatterns = [
    path("persone/", views.persone, name="persone"),
    path("persone/nuova/", views.persona_aggiungi, name="persona_aggiungi"),
    path("persone/<int:pk>/", views.persona, name="persona"),
    path("persone/<int:pk>/ruoli/", views.persona_ruoli, name="persona_ruoli"),
    path("persone/<int:pk>/dati/", views.persona_dati, name="persona_dati"),
    path("persone/<int:pk>/disattiva/", views.persona_disattiva, name="persona_disattiva"),
    path("persone/<int:pk>/invito/", views.persona_invito, name="persona_invito"),
    path("persone/dipendenti/nuovo/", views.dipendente_aggiungi, name="dipendente_aggiungi"),
    path("persone/dipendenti/<int:pk>/", views.dipendente, name="dipendente"),
    path("persone/dipendenti/<int:pk>/cessazione/", views.dipendente_cessazione, name="dipendente_cessazione"),
    path("impostazioni/", views.impostazioni, name="impostazioni"),
]
