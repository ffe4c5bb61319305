from django.apps import AppConfig


class ObiettiviConfig(AppConfig):
    name = "obiettivi"
    verbose_name = "Piano della Performance"
