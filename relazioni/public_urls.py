"""Public pages per objective and per indicator (issue 12, item 4). Names without a namespace, as
agreed between the branches: `public_obiettivo` and `public_indicatore` (args: ente_slug, pk)."""

from django.urls import path

from . import views_serie

urlpatterns = [
    path("<slug:ente_slug>/performance/obiettivi/<int:pk>/", views_serie.public_obiettivo, name="public_obiettivo"),
    path("<slug:ente_slug>/performance/indicatori/<int:pk>/", views_serie.public_indicatore, name="public_indicatore"),
]
