from django.apps import AppConfig


class RelazioniConfig(AppConfig):
    name = "relazioni"
    verbose_name = "Relazioni sulla Performance"

    def ready(self):
        from . import anteprima

        anteprima.connect()
