from django.apps import AppConfig


class CicloConfig(AppConfig):
    """The cycle through the year: periods, the Segretario's dashboard, the July monitoring report,
    variations of the Piano, overrides of a grado and the reminders. Its models live in obiettivi."""

    name = "ciclo"
    verbose_name = "Ciclo della performance"
