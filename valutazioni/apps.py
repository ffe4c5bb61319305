from django.apps import AppConfig


class ValutazioniConfig(AppConfig):
    name = "valutazioni"
    verbose_name = "Valutazione individuale e premi"
