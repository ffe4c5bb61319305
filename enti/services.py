"""Writes about the ente's people, staff and settings: one function per change, atomic, guarded,
recorded in the Storico (obiettivi.services.log_change)."""

import logging
import smtplib
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from obiettivi.models import Area, Ente, Ruolo
from obiettivi.permissions import is_segretario
from obiettivi.services import DomainError, log_change

from .models import Dipendente
from .permissions import can_change_roles, can_edit_account

logger = logging.getLogger(__name__)


def _name(user):
    return user.get_full_name() or user.get_username()


def _roles_text(tipi):
    return ", ".join(str(Ruolo.Tipo(t).label) for t in sorted(tipi))


def _areas_text(aree):
    return ", ".join(a.nome for a in sorted(aree, key=lambda a: (a.ordine, a.nome)))


def _ensure_manager(user, ente):
    if not is_segretario(user, ente.pk):
        raise DomainError(_("Solo il Segretario o l'amministratore dell'ente gestiscono le persone."))


def _ensure_may_grant(user, ente, prima, dopo):
    """The Sindaco evaluates the Segretario: only the ente's amministratore gives or takes that role,
    so that the Segretario never chooses his own evaluator."""
    if Ruolo.Tipo.SINDACO in (set(prima) ^ set(dopo)) and not Ruolo.objects.filter(
            utente=user, ente=ente, tipo=Ruolo.Tipo.AMMINISTRATORE).exists():
        message = _("Il ruolo di Sindaco lo assegna o lo toglie solo l'amministratore dell'ente.")
        raise DomainError(message, field_errors={"ruoli": message})


def _check_roles_and_areas(ente, ruoli, aree):
    if not ruoli:
        raise DomainError(_("Scelga almeno un ruolo."), field_errors={"ruoli": _("Scelga almeno un ruolo.")})
    if not set(ruoli) <= set(Ruolo.Tipo.values):
        raise DomainError(_("Ruolo sconosciuto."), field_errors={"ruoli": _("Ruolo sconosciuto.")})
    if any(area.ente_id != ente.pk for area in aree):
        raise DomainError(_("Area sconosciuta."), field_errors={"aree": _("Area sconosciuta.")})
    if aree and Ruolo.Tipo.RESPONSABILE not in ruoli:
        message = _("Guida un'area solo chi ha il ruolo di Responsabile: lo aggiunga o tolga le aree.")
        raise DomainError(message, field_errors={"aree": message})


def _set_area_head(*, by, area, utente):
    """Make `utente` (or nobody) the head of the area, with a Storico entry naming who it was before."""
    prima = area.responsabile
    if prima == utente:
        return
    area.responsabile = utente
    area.save(update_fields=["responsabile"])
    log_change(
        ente_id=area.ente_id, utente=by, azione=_("Responsabile dell'area"), campo=area.nome,
        prima=_name(prima) if prima else "", dopo=_name(utente) if utente else _("nessuno"),
    )


# People with a login -----------------------------------------------------------------------------

@dataclass
class PersonaAggiunta:
    utente: object
    nuovo: bool  # a new account was created
    invitato: bool  # an invitation to set the password was sent


def _free_username(email):
    """The e-mail is the username; a number is added in the rare case that it is taken by another account."""
    User = get_user_model()
    base = email[: User._meta.get_field("username").max_length - 4]
    username, n = base, 1
    while User.objects.filter(username__iexact=username).exists():
        n += 1
        username = f"{base}-{n}"
    return username


def _send_invitation(*, utente, ente, by, site_url):
    link = site_url.rstrip("/") + reverse("password_reset_confirm", kwargs={
        "uidb64": urlsafe_base64_encode(force_bytes(utente.pk)),
        "token": default_token_generator.make_token(utente),
    })
    oggetto = _("Invito all'area riservata della performance – %(ente)s") % {"ente": ente.nome}
    testo = render_to_string("enti/email/invito.txt", {
        "utente": utente, "ente": ente, "da": _name(by), "link": link, "username": utente.get_username(),
    })
    try:
        send_mail(oggetto, testo, None, [utente.email])
    except (smtplib.SMTPException, OSError):
        logger.exception("Invitation to %s not sent", utente.email)
        raise DomainError(_("Non è stato possibile inviare l'e-mail di invito: riprovi più tardi. Nulla è stato salvato."))


def persona_add(*, by, ente, nome, cognome, email, ruoli, aree=(), site_url=""):
    """Give a person roles (and areas) in the ente. An e-mail that already has an account gets the
    roles on that account, whose name, e-mail and password stay as they are (a Segretario of several
    comuni has one account). Otherwise a new account without a password is created and invited to
    set one (Django's password-reset link). The roles, the account and the e-mail go together."""
    _ensure_manager(by, ente)
    aree = list(aree)
    _check_roles_and_areas(ente, ruoli, aree)
    _ensure_may_grant(by, ente, (), ruoli)
    try:
        return _persona_add(by=by, ente=ente, nome=nome, cognome=cognome, email=email, ruoli=ruoli, aree=aree,
                            site_url=site_url)
    except IntegrityError:
        # Two managers adding the same person at the same moment: the second finds the first's row.
        raise DomainError(_("La stessa persona è stata appena aggiunta da qualcun altro: ricarichi la pagina."))


def _persona_add(*, by, ente, nome, cognome, email, ruoli, aree, site_url):
    User = get_user_model()
    email = User.objects.normalize_email(email.strip()).lower()
    with transaction.atomic():
        esistenti = list(User.objects.select_for_update().filter(email__iexact=email)[:2])
        if len(esistenti) > 1:
            raise DomainError(
                _("Più account usano questa e-mail: chieda al gestore dell'installazione di sistemarli."),
                field_errors={"email": _("Più account usano questa e-mail.")},
            )
        nuovo = not esistenti
        if nuovo:
            utente = User(username=_free_username(email), email=email, first_name=nome.strip(),
                          last_name=cognome.strip(), is_active=True)
            utente.set_unusable_password()  # until they follow the invitation
            utente.save()
        else:
            utente = esistenti[0]
            if Ruolo.objects.filter(utente=utente, ente=ente).exists():
                message = _("Questa persona ha già un ruolo nell'ente: ne cambi i ruoli dalla sua scheda.")
                raise DomainError(message, field_errors={"email": message})
            if not utente.is_active:
                # Deactivated when their last role ended: a new role lets them in again.
                utente.is_active = True
                utente.save(update_fields=["is_active"])
        for tipo in sorted(set(ruoli)):
            Ruolo.objects.create(utente=utente, ente=ente, tipo=tipo)
        log_change(
            ente_id=ente.pk, utente=by, azione=_("Persona aggiunta") if nuovo else _("Ruolo a un account esistente"),
            campo=_name(utente), dopo=_roles_text(ruoli),
        )
        for area in aree:
            _set_area_head(by=by, area=area, utente=utente)
        invitato = nuovo or not utente.has_usable_password()
        if invitato:
            _send_invitation(utente=utente, ente=ente, by=by, site_url=site_url)
    return PersonaAggiunta(utente=utente, nuovo=nuovo, invitato=invitato)


def persona_reinvite(*, by, ente, persona, site_url=""):
    """Send a new invitation to a person of the ente who never set a password (the link expires):
    "password dimenticata" does not serve them, as Django's reset skips accounts without a password."""
    _ensure_manager(by, ente)
    _ensure_persona_of_ente(persona, ente)
    if persona.has_usable_password() or not persona.is_active:
        raise DomainError(_("Questa persona ha già scelto la sua password: se l'ha dimenticata usi «Password dimenticata?» all'accesso."))
    if not persona.email:
        raise DomainError(_("Questa persona non ha un'e-mail a cui mandare l'invito."))
    with transaction.atomic():
        _send_invitation(utente=persona, ente=ente, by=by, site_url=site_url)
        log_change(ente_id=ente.pk, utente=by, azione=_("Invito inviato di nuovo"), campo=_name(persona), dopo=persona.email)


def _ensure_persona_of_ente(persona, ente):
    if not Ruolo.objects.filter(utente=persona, ente=ente).exists():
        raise DomainError(_("Questa persona non ha ruoli in questo ente."))


def persona_update_roles(*, by, ente, persona, ruoli, aree=()):
    """Set the person's roles and the areas they head in this ente; their roles elsewhere stay."""
    _ensure_manager(by, ente)
    if not can_change_roles(by, persona):
        raise DomainError(_("Nessuno cambia i propri ruoli: lo faccia un altro Segretario o amministratore dell'ente."))
    aree = set(aree)
    _check_roles_and_areas(ente, ruoli, aree)
    with transaction.atomic():
        _ensure_persona_of_ente(persona, ente)
        prima = set(Ruolo.objects.filter(utente=persona, ente=ente).values_list("tipo", flat=True))
        dopo = set(ruoli)
        _ensure_may_grant(by, ente, prima, dopo)
        if prima != dopo:
            Ruolo.objects.filter(utente=persona, ente=ente, tipo__in=prima - dopo).delete()
            for tipo in sorted(dopo - prima):
                Ruolo.objects.create(utente=persona, ente=ente, tipo=tipo)
            log_change(ente_id=ente.pk, utente=by, azione=_("Ruoli cambiati"), campo=_name(persona),
                       prima=_roles_text(prima), dopo=_roles_text(dopo))
        guidate = set(Area.objects.select_for_update().filter(ente=ente, responsabile=persona))
        for area in sorted(guidate - aree, key=lambda a: a.pk):
            _set_area_head(by=by, area=area, utente=None)
        for area in sorted(aree - guidate, key=lambda a: a.pk):
            _set_area_head(by=by, area=area, utente=persona)


def persona_update_account(*, by, ente, persona, nome, cognome, email):
    """Change a person's name and e-mail: only where all their roles are in enti `by` manages."""
    _ensure_manager(by, ente)
    User = get_user_model()
    email = User.objects.normalize_email(email.strip()).lower()
    with transaction.atomic():
        _ensure_persona_of_ente(persona, ente)
        if not can_edit_account(by, persona):
            raise DomainError(_("I dati di questo account li cambia solo chi gestisce tutti gli enti in cui la persona ha un ruolo."))
        if User.objects.filter(email__iexact=email).exclude(pk=persona.pk).exists():
            message = _("Questa e-mail è già di un altro account.")
            raise DomainError(message, field_errors={"email": message})
        changes = [
            (_("nome"), "first_name", nome.strip()), (_("cognome"), "last_name", cognome.strip()),
            (_("e-mail"), "email", email),
        ]
        changed = []
        for label, attr, value in changes:
            if getattr(persona, attr) != value:
                log_change(ente_id=ente.pk, utente=by, azione=_("Dati della persona"),
                           campo=f"{_name(persona)}: {label}", prima=getattr(persona, attr), dopo=value)
                setattr(persona, attr, value)
                changed.append(attr)
        if changed:
            persona.save(update_fields=changed)


def persona_deactivate(*, by, ente, persona, sostituti=None):
    """End the person's roles in this ente (never elsewhere). Each area they head passes to the
    person named in `sostituti` ({area: user or None}); None leaves it without a responsabile until the
    ente appoints one. With no role left anywhere the account is set inactive (never deleted: the
    Storico names them)."""
    _ensure_manager(by, ente)
    if not can_change_roles(by, persona):
        raise DomainError(_("Nessuno disattiva se stesso: lo faccia un altro Segretario o amministratore dell'ente."))
    sostituti = sostituti or {}
    with transaction.atomic():
        _ensure_persona_of_ente(persona, ente)
        for area in Area.objects.select_for_update().filter(ente=ente, responsabile=persona).order_by("pk"):
            sostituto = sostituti.get(area)
            if sostituto is not None:
                if sostituto.pk == persona.pk or not Ruolo.objects.filter(utente=sostituto, ente=ente).exists():
                    raise DomainError(_("Il nuovo responsabile deve essere un'altra persona dell'ente."))
                _ruolo, creato = Ruolo.objects.get_or_create(utente=sostituto, ente=ente, tipo=Ruolo.Tipo.RESPONSABILE)
                if creato:
                    log_change(ente_id=ente.pk, utente=by, azione=_("Ruoli cambiati"), campo=_name(sostituto),
                               dopo=_roles_text({Ruolo.Tipo.RESPONSABILE}))
            _set_area_head(by=by, area=area, utente=sostituto)
        prima = set(Ruolo.objects.filter(utente=persona, ente=ente).values_list("tipo", flat=True))
        _ensure_may_grant(by, ente, prima, ())
        Ruolo.objects.filter(utente=persona, ente=ente).delete()
        log_change(ente_id=ente.pk, utente=by, azione=_("Persona disattivata"), campo=_name(persona),
                   prima=_roles_text(prima), dopo=_("nessun ruolo nell'ente"))
        account_disattivato = False
        if not persona.is_superuser and not Ruolo.objects.filter(utente=persona).exists():
            persona.is_active = False
            persona.save(update_fields=["is_active"])
            account_disattivato = True
    return account_disattivato


# Staff without a login ---------------------------------------------------------------------------

DIPENDENTE_FIELDS = ["nome", "cognome", "area", "inquadramento"]


def _dipendente_text(d):
    parts = [f"{d.cognome} {d.nome}", d.area.nome if d.area else "", d.inquadramento]
    return " – ".join(p for p in parts if p)


def dipendente_save(*, by, ente, dipendente=None, nome, cognome, area=None, inquadramento=""):
    """Add (dipendente=None) or change a member of the staff without a login."""
    _ensure_manager(by, ente)
    if area is not None and area.ente_id != ente.pk:
        raise DomainError(_("Area sconosciuta."), field_errors={"area": _("Area sconosciuta.")})
    if dipendente is not None and dipendente.ente_id != ente.pk:
        raise DomainError(_("Dipendente sconosciuto."))
    with transaction.atomic():
        nuovo = dipendente is None
        prima = "" if nuovo else _dipendente_text(dipendente)
        dipendente = dipendente or Dipendente(ente=ente)
        dipendente.nome, dipendente.cognome = nome.strip(), cognome.strip()
        dipendente.area, dipendente.inquadramento = area, inquadramento.strip()
        dipendente.full_clean()
        dipendente.save()
        dopo = _dipendente_text(dipendente)
        if nuovo or prima != dopo:
            log_change(ente_id=ente.pk, utente=by,
                       azione=_("Dipendente aggiunto") if nuovo else _("Dipendente modificato"),
                       campo=_("dipendente"), prima=prima, dopo=dopo)
    return dipendente


def dipendente_cease(*, by, ente, dipendente, data_cessazione=None):
    """Mark the employee as no longer in service (kept: past evaluations name them)."""
    _ensure_manager(by, ente)
    if dipendente.ente_id != ente.pk:
        raise DomainError(_("Dipendente sconosciuto."))
    if not dipendente.attivo:
        raise DomainError(_("Questo dipendente risulta già cessato."))
    with transaction.atomic():
        dipendente.attivo = False
        dipendente.data_cessazione = data_cessazione or timezone.localdate()
        dipendente.save(update_fields=["attivo", "data_cessazione"])
        log_change(ente_id=ente.pk, utente=by, azione=_("Dipendente cessato"), campo=_dipendente_text(dipendente),
                   prima=_("in servizio"), dopo=dipendente.data_cessazione)
    return dipendente


# The ente's settings -----------------------------------------------------------------------------

# What the ente's managers may change about it. Not the slug (published links would break), not the
# cycle's own fields (anno_corrente, mandato, versione_dati).
ENTE_SETTINGS_FIELDS = [
    "nome", "provincia", "codice_ipa", "codice_fiscale", "indirizzo", "pec", "numero_dipendenti",
    "stemma", "sito_web", "url_accessibilita", "url_privacy", "url_note_legali",
    "pubblicazione_richiede_validazione", "pubblicazione_richiede_delibera", "regola_confronto",
]


def ente_update_settings(*, by, ente, values):
    """Change what the ente says about itself. One Storico entry per changed field, with the values."""
    _ensure_manager(by, ente)
    if not set(values) <= set(ENTE_SETTINGS_FIELDS):
        raise DomainError(_("Questi dati dell'ente non si cambiano da qui."))
    with transaction.atomic():
        # Compared with the stored row: a ModelForm has already written its input on the instance it got.
        ente = Ente.objects.select_for_update().get(pk=ente.pk)
        changed = []
        for name, value in values.items():
            if name == "stemma":
                # A new file, or "" to remove the current one.
                prima = ente.stemma.name or ""
                if not value and not prima:
                    continue
                value = value or ""
                dopo = _("nuovo file «%(nome)s»") % {"nome": value.name} if value else ""
            else:
                prima, dopo = getattr(ente, name), value
                if prima == dopo:
                    continue
            log_change(ente_id=ente.pk, utente=by, azione=_("Impostazioni dell'ente"),
                       campo=str(ente._meta.get_field(name).verbose_name),
                       prima=_setting_text(prima), dopo=_setting_text(dopo))
            setattr(ente, name, value)
            changed.append(name)
        if changed:
            ente.full_clean()
            ente.save(update_fields=changed)
    return changed


def _setting_text(value):
    if value is True:
        return _("sì")
    if value is False:
        return _("no")
    return value
