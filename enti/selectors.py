"""Reads for the "Persone e ruoli" page, at a number of queries that does not grow with the people."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import Prefetch

from obiettivi.models import Area, Ruolo

from .models import Dipendente
from .permissions import can_change_roles, can_edit_account, managed_enti


@dataclass
class Persona:
    utente: object
    ruoli: list  # this ente's Ruolo rows
    aree: list  # this ente's areas they head
    altri_enti: bool  # they hold a role in another ente too
    modificabile: bool  # the manager may change name and e-mail
    ruoli_modificabili: bool
    tipi: set = field(default_factory=set)

    @property
    def nome(self):
        return self.utente.get_full_name() or self.utente.get_username()


def persone_of_ente(*, ente, manager, pk=None):
    """Everyone with a role in the ente (or only user `pk`), by surname, with their roles and areas here."""
    managed = managed_enti(manager)
    utenti = get_user_model().objects.filter(ruoli__ente=ente)
    if pk is not None:
        utenti = utenti.filter(pk=pk)
    utenti = (
        utenti.distinct()
        .order_by("last_name", "first_name", "username")
        .prefetch_related(
            Prefetch("ruoli", queryset=Ruolo.objects.order_by("tipo"), to_attr="tutti_ruoli"),
            Prefetch("aree_responsabile", queryset=Area.objects.filter(ente=ente), to_attr="aree_qui"),
        )
    )
    persone = []
    for utente in utenti:
        ruoli = [r for r in utente.tutti_ruoli if r.ente_id == ente.pk]
        enti = {r.ente_id for r in utente.tutti_ruoli}
        persone.append(Persona(
            utente=utente, ruoli=ruoli, aree=utente.aree_qui, altri_enti=len(enti) > 1,
            modificabile=can_edit_account(manager, utente, ente_ids_of_persona=enti, managed=managed),
            ruoli_modificabili=can_change_roles(manager, utente), tipi={r.tipo for r in ruoli},
        ))
    return persone


def persona_of_ente(*, ente, manager, utente):
    """One person as the list shows them."""
    return persone_of_ente(ente=ente, manager=manager, pk=utente.pk)[0]


def dipendenti_of_ente(ente):
    """The staff without a login: those in service first."""
    return list(Dipendente.objects.filter(ente=ente).select_related("area"))


def _storico(ente, azioni, limit=100):
    from obiettivi.models import VoceStorico

    return list(
        VoceStorico.objects.filter(ente=ente, azione__in=azioni).select_related("utente", "indicatore")
        .order_by("-creata_il", "-id")[:limit]
    )


def storico_persone(ente):
    """The latest changes of people, areas' heads and staff, newest first."""
    from django.utils.translation import gettext as _

    return _storico(ente, [
        _("Persona aggiunta"), _("Ruolo a un account esistente"), _("Ruoli cambiati"), _("Dati della persona"),
        _("Persona disattivata"), _("Invito inviato di nuovo"), _("Responsabile dell'area"), _("Dipendente aggiunto"), _("Dipendente modificato"),
        _("Dipendente cessato"),
    ])


def storico_impostazioni(ente):
    from django.utils.translation import gettext as _

    return _storico(ente, [_("Impostazioni dell'ente")])
