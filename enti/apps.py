from django.apps import AppConfig


class EntiConfig(AppConfig):
    name = "enti"
    verbose_name = "Persone e impostazioni dell'ente"
