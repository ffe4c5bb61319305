from django.apps import AppConfig


class RelazioniConfig(AppConfig):
    name = "relazioni"
    verbose_name = "Relazioni sulla Performance"
