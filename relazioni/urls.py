from django.urls import path

from . import views

app_name = "relazioni"

urlpatterns = [
    path("<slug:ente_slug>/performance/", views.performance, name="performance"),
]
