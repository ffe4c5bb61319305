from django.urls import path

from . import views

app_name = "obiettivi"

urlpatterns = [
    path("", views.area_riservata, name="home"),
    path("schede/", views.mie_schede, name="mie_schede"),
    path("obiettivi/<int:pk>/", views.scheda, name="scheda"),
]
