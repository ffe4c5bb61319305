"""The ente's own staff who are evaluated but never sign in. People with a login are users with a
Ruolo (obiettivi.models)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Dipendente(models.Model):
    """A member of the ente's staff without an account: evaluated, never signs in.

    Never deleted: a ceased employee keeps `attivo=False` and the date, since past evaluations name them.
    """

    ente = models.ForeignKey(
        "obiettivi.Ente", on_delete=models.CASCADE, related_name="dipendenti", verbose_name=_("ente")
    )
    nome = models.CharField(_("nome"), max_length=100)
    cognome = models.CharField(_("cognome"), max_length=100)
    area = models.ForeignKey(
        "obiettivi.Area", on_delete=models.SET_NULL, null=True, blank=True, related_name="dipendenti",
        verbose_name=_("area"),
    )
    inquadramento = models.CharField(
        _("inquadramento"), max_length=200, blank=True,
        help_text=_("Area o categoria del contratto, es. «Area degli Istruttori»."),
    )
    attivo = models.BooleanField(_("in servizio"), default=True)
    data_cessazione = models.DateField(_("data di cessazione"), null=True, blank=True)

    class Meta:
        verbose_name = _("dipendente")
        verbose_name_plural = _("dipendenti")
        ordering = ["ente", "-attivo", "cognome", "nome", "id"]

    def __str__(self):
        return f"{self.cognome} {self.nome}"
