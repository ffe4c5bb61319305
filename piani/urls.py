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
    path("nuovo/", views.piano_nuovo, name="piano_nuovo"),
    path("<int:anno_inizio>/dati/", views.piano_dati, name="piano_dati"),
    path("<int:anno_inizio>/obiettivi/<int:pk>/dati/", views.obiettivo_dati, name="obiettivo_dati"),
    path("<int:anno_inizio>/obiettivi/<int:pk>/fasi/", views.obiettivo_fasi, name="obiettivo_fasi"),
    path("<int:anno_inizio>/obiettivi/<int:pk>/indicatori/nuovo/", views.indicatore_nuovo, name="indicatore_nuovo"),
    path("<int:anno_inizio>/indicatori/<int:pk>/", views.indicatore, name="indicatore"),
    path("<int:anno_inizio>/indicatori/<int:pk>/togli/", views.indicatore_togli, name="indicatore_togli"),
    path("<int:anno_inizio>/obiettivi/<int:pk>/<str:azione>/", views.obiettivo_azione, name="obiettivo_azione"),
    path("carica/", views.carica, name="carica"),
    path("anteprima/<int:pk>/", views.anteprima, name="anteprima"),
]
