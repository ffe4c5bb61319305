from django.apps import AppConfig


class ObiettiviConfig(AppConfig):
    name = "obiettivi"
    verbose_name = "Piano della Performance"

    def ready(self):
        from . import cache_invalidation

        cache_invalidation.connect()
