from django.apps import AppConfig


class PubblicazioniConfig(AppConfig):
    name = "pubblicazioni"
    verbose_name = "Pubblicazioni"
