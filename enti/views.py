"""The ente's "Persone e ruoli" and "Impostazioni dell'ente" pages, for its Segretario and
amministratore. Thin: access helper, form, service, response."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from obiettivi.models import Ente
from obiettivi.permissions import MANAGER_ROLES, ente_for_slug
from obiettivi.services import DomainError

from . import selectors, services
from .forms import AccountForm, CessazioneForm, DipendenteForm, DisattivaForm, ImpostazioniForm, PersonaForm, RuoliForm
from .permissions import get_dipendente, get_persona


def _manager_ente(request, ente_slug):
    request.ente = ente_for_slug(request.user, ente_slug, roles=MANAGER_ROLES)  # the header's ente
    return request.ente


def _apply_errors(form, error):
    for field, message in error.field_errors.items():
        form.add_error(field if field in form.fields else None, message)
    if not error.field_errors:
        form.add_error(None, error.message)


def _site_url(request):
    # The invitation's link: the configured address of the site, else the one this request came to.
    return settings.SITE_URL or request.build_absolute_uri("/")


# Persone e ruoli ---------------------------------------------------------------------------------

def _persone_page(request, ente, *, form=None, dipendente_form=None):
    context = {
        "ente": ente,
        "persone": selectors.persone_of_ente(ente=ente, manager=request.user),
        "dipendenti": selectors.dipendenti_of_ente(ente),
        "form": form or PersonaForm(ente=ente),
        "dipendente_form": dipendente_form or DipendenteForm(ente=ente, prefix="dip"),
        "storico": selectors.storico_persone(ente),
    }
    return render(request, "enti/persone.html", context)


@require_GET
@login_required
def persone(request, ente_slug):
    return _persone_page(request, _manager_ente(request, ente_slug))


@require_POST
@login_required
def persona_aggiungi(request, ente_slug):
    ente = _manager_ente(request, ente_slug)
    form = PersonaForm(request.POST, ente=ente)
    if form.is_valid():
        try:
            esito = services.persona_add(by=request.user, ente=ente, **form.cleaned_data, site_url=_site_url(request))
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _message_aggiunta(esito))
            return redirect("enti:persone", ente.slug)
    return _persone_page(request, ente, form=form)


def _message_aggiunta(esito):
    nome, email = esito.utente.get_full_name() or esito.utente.get_username(), esito.utente.email
    if esito.nuovo:
        return _("%(nome)s aggiunto. Invito inviato a %(email)s: il link per scegliere la password vale 3 giorni.") % {
            "nome": nome, "email": email}
    if esito.invitato:
        return _("%(nome)s aveva già un account, senza password: ha ricevuto il ruolo e un nuovo invito a %(email)s.") % {
            "nome": nome, "email": email}
    return _("%(nome)s aveva già un account: ha ricevuto il ruolo e accede con le credenziali che ha già.") % {"nome": nome}


def _persona_page(request, ente, persona, **forms):
    scheda = selectors.persona_of_ente(ente=ente, manager=request.user, utente=persona)
    context = {
        "ente": ente, "p": scheda,
        "ruoli_form": forms.get("ruoli_form") or RuoliForm(
            ente=ente, initial={"ruoli": sorted(scheda.tipi), "aree": scheda.aree}),
        "account_form": forms.get("account_form") or AccountForm(
            initial={"nome": persona.first_name, "cognome": persona.last_name, "email": persona.email}),
        "disattiva_form": forms.get("disattiva_form") or DisattivaForm(ente=ente, persona=persona),
    }
    return render(request, "enti/persona.html", context)


@require_GET
@login_required
def persona(request, ente_slug, pk):
    ente = _manager_ente(request, ente_slug)
    return _persona_page(request, ente, get_persona(ente, pk))


def _persona_post(request, ente_slug, pk, *, form_name, make_form, action):
    """The three changes of a person share one shape: form, service, message, then the next page."""
    ente = _manager_ente(request, ente_slug)
    persona = get_persona(ente, pk)
    form = make_form(request.POST, ente=ente, persona=persona)
    if form.is_valid():
        try:
            message, next_url = action(ente, persona, form)
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(next_url)
    return _persona_page(request, ente, persona, **{form_name: form})


@require_POST
@login_required
def persona_ruoli(request, ente_slug, pk):
    def action(ente, persona, form):
        services.persona_update_roles(by=request.user, ente=ente, persona=persona, **form.cleaned_data)
        return _("Ruoli e aree aggiornati."), reverse("enti:persona", args=[ente.slug, persona.pk])

    return _persona_post(request, ente_slug, pk, form_name="ruoli_form", action=action,
                         make_form=lambda data, ente, persona: RuoliForm(data, ente=ente))


@require_POST
@login_required
def persona_dati(request, ente_slug, pk):
    def action(ente, persona, form):
        services.persona_update_account(by=request.user, ente=ente, persona=persona, **form.cleaned_data)
        return _("Dati della persona aggiornati."), reverse("enti:persona", args=[ente.slug, persona.pk])

    return _persona_post(request, ente_slug, pk, form_name="account_form", action=action,
                         make_form=lambda data, ente, persona: AccountForm(data))


@require_POST
@login_required
def persona_disattiva(request, ente_slug, pk):
    def action(ente, persona, form):
        nome = persona.get_full_name() or persona.get_username()
        account_chiuso = services.persona_deactivate(by=request.user, ente=ente, persona=persona, sostituti=form.sostituti())
        if account_chiuso:
            message = _("%(nome)s non ha più ruoli in nessun ente: l'account è disattivato.") % {"nome": nome}
        else:
            message = _("%(nome)s non ha più ruoli in questo ente; i suoi ruoli negli altri enti restano.") % {"nome": nome}
        return message, reverse("enti:persone", args=[ente.slug])

    return _persona_post(request, ente_slug, pk, form_name="disattiva_form", action=action, make_form=DisattivaForm)


@require_POST
@login_required
def persona_invito(request, ente_slug, pk):
    ente = _manager_ente(request, ente_slug)
    persona = get_persona(ente, pk)
    try:
        services.persona_reinvite(by=request.user, ente=ente, persona=persona, site_url=_site_url(request))
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Invito inviato di nuovo a %(email)s.") % {"email": persona.email})
    return redirect("enti:persona", ente.slug, persona.pk)


# Staff without a login ---------------------------------------------------------------------------

@require_POST
@login_required
def dipendente_aggiungi(request, ente_slug):
    ente = _manager_ente(request, ente_slug)
    form = DipendenteForm(request.POST, ente=ente, prefix="dip")
    if form.is_valid():
        try:
            services.dipendente_save(by=request.user, ente=ente, **form.cleaned_data)
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Dipendente aggiunto."))
            return redirect(reverse("enti:persone", args=[ente.slug]) + "#dipendenti")
    return _persone_page(request, ente, dipendente_form=form)


@require_http_methods(["GET", "POST"])
@login_required
def dipendente(request, ente_slug, pk):
    ente = _manager_ente(request, ente_slug)
    dipendente = get_dipendente(ente, pk)
    form = DipendenteForm(request.POST or None, ente=ente, instance=dipendente)
    if request.method == "POST" and form.is_valid():
        try:
            services.dipendente_save(by=request.user, ente=ente, dipendente=get_dipendente(ente, pk), **form.cleaned_data)
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Dipendente aggiornato."))
            return redirect(reverse("enti:persone", args=[ente.slug]) + "#dipendenti")
    return _dipendente_page(request, ente, dipendente, form=form)


def _dipendente_page(request, ente, dipendente, *, form=None, cessazione_form=None):
    return render(request, "enti/dipendente.html", {
        "ente": ente, "dipendente": dipendente,
        "form": form or DipendenteForm(ente=ente, instance=dipendente),
        "cessazione_form": cessazione_form or CessazioneForm(),
    })


@require_POST
@login_required
def dipendente_cessazione(request, ente_slug, pk):
    ente = _manager_ente(request, ente_slug)
    dipendente = get_dipendente(ente, pk)
    form = CessazioneForm(request.POST)
    if form.is_valid():
        try:
            services.dipendente_cease(by=request.user, ente=ente, dipendente=dipendente, **form.cleaned_data)
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("%(nome)s risulta cessato: resta nell'elenco e nello storico.") % {"nome": dipendente})
            return redirect(reverse("enti:persone", args=[ente.slug]) + "#dipendenti")
    return _dipendente_page(request, ente, get_dipendente(ente, pk), cessazione_form=form)


# Impostazioni dell'ente --------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
def impostazioni(request, ente_slug):
    ente = _manager_ente(request, ente_slug)
    # The form writes its input on its own copy: an invalid name never reaches this page's header.
    form = ImpostazioniForm(request.POST or None, request.FILES or None, instance=Ente.objects.get(pk=ente.pk))
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.ente_update_settings(by=request.user, ente=ente, values=form.changed_values())
        except DomainError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Impostazioni salvate.") if changed else _("Nessuna modifica da salvare."))
            return redirect("enti:impostazioni", ente.slug)
    context = {"ente": ente, "form": form, "storico": selectors.storico_impostazioni(ente)}
    return render(request, "enti/impostazioni.html", context)
