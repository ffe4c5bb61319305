from django.urls import path

from . import views

app_name = "piani"

urlpatterns = [
    path("", views.piano, name="piano"),
    path("modello/", views.modello, name="modello"),
    path("<int:anno_inizio>/esporta/<str:formato>/", views.esporta, name="esporta"),
    path("<int:anno_inizio>/nuovo-dal-precedente/", views.nuovo_dal_precedente, name="nuovo_dal_precedente"),
    path("<int:anno_inizio>/obiettivi/", views.obiettivi, name="obiettivi"),
    path("<int:anno_inizio>/obiettivi/nuovo/", views.obiettivo_nuovo, name="obiettivo_nuovo"),
    path("<int:anno_inizio>/obiettivi/<int:pk>/", views.obiettivo, name="obiettivo"),
    path("<int:anno_inizio>/obiettivi/<int:pk>/<str:azione>/", views.obiettivo_azione, name="obiettivo_azione"),
    path("carica/", views.carica, name="carica"),
    path("anteprima/<int:pk>/", views.anteprima, name="anteprima"),
]
