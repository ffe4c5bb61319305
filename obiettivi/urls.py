"""The responsabili's pages of one ente, under /area-riservata/<ente_slug>/."""

from django.urls import path

from . import views

app_name = "obiettivi"

urlpatterns = [
    path("", views.ente_home, name="ente_home"),
    path("schede/", views.mie_schede, name="mie_schede"),
    path("obiettivi/<int:pk>/", views.scheda, name="scheda"),
    path("indicatori/<int:pk>/", views.indicatore, name="indicatore"),
    path("indicatori/<int:pk>/anni-precedenti/", views.indicatore_valore_storico, name="indicatore_valore_storico"),
]
