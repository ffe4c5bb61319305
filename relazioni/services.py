"""Writes on the Relazione: one function per act of its life, atomic, guarded, recorded.

bozza --approve--> approvata --publish--> pubblicata; approvata/pubblicata --reopen(reason)--> bozza.
Approval freezes the year and the version whole (the snapshot of the data and the CSV made from it,
at once; the PDF rendered from the snapshot by a task); reopening makes the next approval a new
version, every earlier PDF stays downloadable and the last published version stays public until
the next one is published. The acts after approval (validation, delibera, publication) are
recorded once; a correction needs a written reason.
"""

import hashlib
from datetime import date, datetime, time

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from obiettivi.models import Ruolo
from obiettivi.permissions import is_nucleo, is_segretario
from obiettivi.services import DomainError, lock_ente, log_change

from . import files
from .context import NARRATIVE_FIELDS, relazione_gaps
from .models import AllegatoVersione, Relazione, VersioneRelazione
from .snapshot import fingerprint, relazione_data


def _ensure_segretario(user, relazione):
    if not is_segretario(user, relazione.ente_id):
        raise DomainError(_("Solo il Segretario Comunale può compiere questa operazione."))


def _log(relazione, user, azione, prima="", dopo="", motivazione="", campo=""):
    log_change(ente_id=relazione.ente_id, utente=user, azione=azione, anno=relazione.anno, campo=campo,
               prima=prima, dopo=dopo, motivazione=motivazione)


def _locked(relazione):
    """The row, locked for the transaction, so that two clicks cannot approve twice."""
    if relazione.pk is None:
        relazione.save()
    return Relazione.objects.select_for_update().select_related("ente", "piano").get(pk=relazione.pk)


@transaction.atomic
def relazione_update_narrative(*, user, relazione, values):
    """The Segretario's own text for the narrative sections; a blank one means "generated"."""
    _ensure_segretario(user, relazione)
    relazione = _locked(relazione)
    if relazione.bloccata:
        raise DomainError(_("La Relazione è approvata: per correggerla, il Segretario deve prima riaprirla."))
    for name in NARRATIVE_FIELDS + ["esito_monitoraggio"]:
        if name not in values:
            continue
        new = (values[name] or "").strip()
        old = getattr(relazione, name)
        if new != old:
            setattr(relazione, name, new)
            _log(relazione, user, _("Testo della Relazione"), campo=Relazione._meta.get_field(name).verbose_name,
                 prima=old, dopo=new)
    relazione.save()
    return relazione


def _as_datetime(quando):
    """A date typed by the Segretario becomes that day (noon, local time, so that it prints as typed);
    today's date is now; a datetime stays as it is."""
    if quando is None:
        return timezone.now()
    if isinstance(quando, datetime):
        return quando
    if quando == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(quando, time(12, 0)))


def _as_date(quando):
    if quando is None:
        return None
    return timezone.localtime(quando).date() if isinstance(quando, datetime) else quando


def check_act_date(relazione, atto, quando, *, dopo=()):
    """The date of an act of the Relazione's cycle, as the Segretario enters it for a past year: not
    in the future, not before the end of the year reported on, not before the acts that come first
    (`dopo`: (label, date) pairs). Raises DomainError with an Italian message; returns the date."""
    giorno = _as_date(quando)
    if giorno is None:
        return None
    if giorno > timezone.localdate():
        raise DomainError(_("%(atto)s non può avere una data futura (%(data)s).")
                          % {"atto": atto, "data": f"{giorno:%d/%m/%Y}"})
    fine_anno = date(relazione.anno, 12, 31)
    if giorno < fine_anno:
        raise DomainError(_("%(atto)s del %(data)s è precedente alla fine dell'anno %(anno)s (31/12/%(anno)s), "
                            "di cui la Relazione rende conto.")
                          % {"atto": atto, "data": f"{giorno:%d/%m/%Y}", "anno": relazione.anno})
    for etichetta, precedente in dopo:
        precedente = _as_date(precedente)
        if precedente is not None and giorno < precedente:
            raise DomainError(_("%(atto)s del %(data)s non può precedere %(prima)s, del %(data_prima)s.")
                              % {"atto": atto, "data": f"{giorno:%d/%m/%Y}", "prima": etichetta,
                                 "data_prima": f"{precedente:%d/%m/%Y}"})
    return giorno


def _preceding_acts(relazione, atto):
    """The acts that must come before `atto` ("validazione", "delibera", "pubblicazione"), by the
    ente's rules: the approval always; the validation before the delibera and the publication when
    the ente requires it for publishing; the delibera before the publication when required."""
    ente = relazione.ente
    atti = [(_("l'approvazione del Segretario"), relazione.approvata_il)]
    if atto in {"delibera", "pubblicazione"} and ente.pubblicazione_richiede_validazione:
        atti.append((_("la validazione del Nucleo"), relazione.validazione_data))
    if atto == "pubblicazione" and ente.pubblicazione_richiede_delibera:
        atti.append((_("la delibera di Giunta"), relazione.delibera_data))
    return atti


@transaction.atomic
def relazione_approve(*, user, relazione, quando=None, motivazione_lacune=None):
    """The Segretario approves: who and when are recorded, the year freezes, the PDF is rendered
    once (by a task, after the commit) and stored with its SHA-256 as a new version.

    `quando` records an approval made earlier on paper (a past cycle entered afterwards): checked
    like every act's date. The gaps of the year (context.relazione_gaps) are stored with the
    approval and printed in the process section. `motivazione_lacune` is the Segretario's written
    reason for approving with gaps: the approval page always passes it (blank = not confirmed, and
    the approval is refused while gaps exist); None is a programmatic approval (commands, fixtures),
    whose gaps are still recorded and printed."""
    lock_ente(relazione.ente_id)  # the same lock as every save of the year's data: approval is a line in time
    _ensure_segretario(user, relazione)
    relazione = _locked(relazione)
    if relazione.stato != Relazione.Stato.BOZZA:
        raise DomainError(_("La Relazione è già approvata."))
    check_act_date(relazione, _("L'approvazione della Relazione"), quando)
    lacune = relazione_gaps(relazione)
    motivazione = (motivazione_lacune or "").strip()
    if lacune and motivazione_lacune is not None and not motivazione:
        raise DomainError(
            _("I dati dell'anno sono incompleti (%(n)s): per approvare comunque, confermi e scriva la motivazione.")
            % {"n": len(lacune)},
            field_errors={"motivazione_lacune": _("Scriva perché approva la Relazione con i dati incompleti.")})
    ruolo = Ruolo.objects.filter(utente=user, ente_id=relazione.ente_id, tipo=Ruolo.Tipo.SEGRETARIO).first()
    relazione.stato = Relazione.Stato.APPROVATA
    relazione.approvata_da = user
    relazione.approvata_il = _as_datetime(quando)
    relazione.firmatario = (ruolo.denominazione if ruolo and ruolo.denominazione else user.get_full_name()) or user.get_username()
    relazione.approvazione_lacune = lacune
    relazione.approvazione_motivazione = motivazione if lacune else ""
    relazione.save()
    numero = (relazione.versioni.order_by("-numero").values_list("numero", flat=True).first() or 0) + 1
    versione = VersioneRelazione(relazione=relazione, numero=numero, approvata_da=user)
    freeze(versione, relazione_data(relazione))
    versione.save()
    from opendata.services import ensure_distribuzioni

    ensure_distribuzioni(versione)  # the open data of the version, made once from the same snapshot
    _log(relazione, user, _("Relazione approvata con dati incompleti") if lacune else _("Relazione approvata"),
         prima=Relazione.Stato.BOZZA.label,
         dopo=_("versione %(n)s del %(data)s") % {"n": numero, "data": f"{_as_date(relazione.approvata_il):%d/%m/%Y}"},
         motivazione="\n".join([motivazione, *[f"– {lacuna}" for lacuna in lacune]]).strip() if lacune else "")
    _enqueue_render(versione)
    return relazione


def _enqueue_render(versione):
    from .tasks import render_versione_pdf

    transaction.on_commit(lambda: render_versione_pdf.enqueue(versione.pk))


def freeze(versione, data):
    """Store on the (unsaved) version the snapshot and the CSV made from it, each with its SHA-256.
    The CSV is the typed open-data one (opendata/writers.py): its hash, named by the attestazione, is
    that of the file citizens download. Versions approved before kept their display-text CSV file."""
    from opendata import writers

    relazione = versione.relazione
    versione.dati = data
    versione.dati_sha256 = fingerprint(data)
    content = writers.csv_bytes(data)
    versione.csv_sha256 = files.store(
        versione.csv, f"{relazione.ente.slug}-dati-{relazione.anno}-v{versione.numero}.csv", content)


def versione_dati(versione):
    """The version's snapshot. A version approved before snapshots existed is frozen from the rows
    the first time it is read (its year was already frozen, so the facts are those approved)."""
    if not versione.dati:
        with transaction.atomic():
            freeze(versione, relazione_data(versione.relazione))
            versione.save(update_fields=["dati", "dati_sha256", "csv", "csv_sha256"])
    return versione.dati


@transaction.atomic
def relazione_reopen(*, user, relazione, motivazione):
    """A correction after approval: the Segretario reopens with a written reason; the year thaws and
    the next approval makes a new version. The approved PDFs stay; the validation and the delibera,
    which were about the old version, must be recorded again (the Storico keeps them)."""
    _ensure_segretario(user, relazione)
    if not (motivazione or "").strip():
        raise DomainError(_("Per riaprire la Relazione serve una motivazione scritta."),
                          field_errors={"motivazione": _("Scriva perché la Relazione va corretta.")})
    relazione = _locked(relazione)
    if relazione.stato == Relazione.Stato.BOZZA:
        raise DomainError(_("La Relazione è già in bozza."))
    prima = relazione.get_stato_display()
    versione = relazione.versioni.order_by("-numero").first()
    if versione is not None:
        versione.motivo_riapertura = motivazione.strip()
        versione.riaperta_da = user
        versione.riaperta_il = timezone.now()
        versione.save(update_fields=["motivo_riapertura", "riaperta_da", "riaperta_il"])
    relazione.stato = Relazione.Stato.BOZZA
    relazione.approvata_da = None
    relazione.approvata_il = None
    relazione.approvazione_lacune = []
    relazione.approvazione_motivazione = ""
    relazione.pubblicata_il = None
    relazione.pubblicata_da = None
    # The Nucleo's validation and the Giunta's delibera were about the superseded version (a published
    # version keeps them in its attestazione).
    relazione.validazione_data = None
    relazione.validazione_note = ""
    relazione.validazione_documento = ""
    relazione.validazione_documento_sha256 = ""
    relazione.validazione_registrata_il = None
    relazione.delibera_numero = ""
    relazione.delibera_data = None
    relazione.delibera_registrata_il = None
    relazione.save()
    _log(relazione, user, _("Relazione riaperta"), prima=prima, dopo=Relazione.Stato.BOZZA.label,
         motivazione=motivazione.strip())
    return relazione


def _ensure_act_open(relazione, what):
    if relazione.stato == Relazione.Stato.BOZZA:
        raise DomainError(_("%(atto)s si registra sulla Relazione approvata dal Segretario: questa è ancora in bozza.")
                          % {"atto": what})
    if relazione.stato == Relazione.Stato.PUBBLICATA:
        raise DomainError(_("La Relazione è pubblicata: i suoi atti non cambiano più. Per correggerli, il "
                            "Segretario la riapre con una motivazione."))


def _correction_reason(already, motivazione):
    """An act is recorded once; recording it again is a correction and needs a written reason."""
    motivazione = (motivazione or "").strip()
    if already and not motivazione:
        raise DomainError(_("L'atto è già registrato: per correggerlo scriva il motivo della correzione."),
                          field_errors={"motivazione": _("Scriva perché l'atto registrato va corretto.")})
    return motivazione


@transaction.atomic
def relazione_record_validation(*, user, relazione, data, note="", documento=None, motivazione=""):
    """The Nucleo di Valutazione's validation of the approved Relazione (the Segretario may record it),
    with its document (a real PDF) if any. Recorded once; a correction needs a reason."""
    if not (is_nucleo(user, relazione.ente_id) or is_segretario(user, relazione.ente_id)):
        raise DomainError(_("La validazione è registrata dal Nucleo di Valutazione o dal Segretario."))
    relazione = _locked(relazione)
    _ensure_act_open(relazione, _("La validazione"))
    if data is None:
        raise DomainError(_("Indichi la data della validazione."), field_errors={"validazione_data": _("Campo obbligatorio.")})
    check_act_date(relazione, _("La validazione del Nucleo"), data, dopo=_preceding_acts(relazione, "validazione"))
    correzione = _correction_reason(relazione.validazione_data is not None, motivazione)
    if documento:
        problem = files.pdf_problem(documento)
        if problem:
            raise DomainError(problem, field_errors={"validazione_documento": problem})
    prima = relazione.validazione_data
    relazione.validazione_data = data
    relazione.validazione_note = (note or "").strip()
    relazione.validazione_registrata_il = timezone.now()
    if documento:
        documento.seek(0)
        relazione.validazione_documento_sha256 = files.store(
            relazione.validazione_documento, f"validazione-{relazione.ente.slug}-{relazione.anno}.pdf", documento.read())
    relazione.save()
    _log(relazione, user, _("Correzione della validazione") if correzione else _("Validazione del Nucleo"),
         prima=prima, dopo=data, motivazione=correzione or relazione.validazione_note)
    return relazione


@transaction.atomic
def relazione_record_delibera(*, user, relazione, numero, data, motivazione=""):
    """The Giunta's approving deliberation, recorded by the Segretario once; a correction needs a reason."""
    _ensure_segretario(user, relazione)
    relazione = _locked(relazione)
    _ensure_act_open(relazione, _("La delibera di Giunta"))
    errors = {}
    if not (numero or "").strip():
        errors["delibera_numero"] = _("Indichi il numero della delibera.")
    if data is None:
        errors["delibera_data"] = _("Indichi la data della delibera.")
    if errors:
        raise DomainError(_("Mancano i dati della delibera."), field_errors=errors)
    check_act_date(relazione, _("La delibera di Giunta"), data, dopo=_preceding_acts(relazione, "delibera"))
    correzione = _correction_reason(relazione.delibera_data is not None or bool(relazione.delibera_numero), motivazione)
    prima = f"{relazione.delibera_numero} {relazione.delibera_data or ''}".strip()
    relazione.delibera_numero, relazione.delibera_data = numero.strip(), data
    relazione.delibera_registrata_il = timezone.now()
    relazione.save()
    _log(relazione, user, _("Correzione della delibera") if correzione else _("Delibera di Giunta"), prima=prima,
         dopo=f"n. {numero.strip()} del {data:%d/%m/%Y}", motivazione=correzione)
    return relazione


def missing_for_publication(relazione):
    """What the ente requires before publishing and the Relazione still lacks (Italian, for the user)."""
    missing = []
    if relazione.stato == Relazione.Stato.BOZZA:
        missing.append(_("l'approvazione del Segretario Comunale"))
    else:
        # The newest version's PDF: an older one, superseded by a reopening, is not what is approved now.
        stato_pdf = relazione.versioni.order_by("-numero").values_list("stato_rendering", flat=True).first()
        if stato_pdf == VersioneRelazione.StatoRendering.ERRORE:
            missing.append(_("il PDF approvato (la generazione non è riuscita: l'errore è nell'elenco delle versioni)"))
        elif stato_pdf != VersioneRelazione.StatoRendering.COMPLETATO:
            missing.append(_("il PDF approvato (ancora in preparazione)"))
    if relazione.ente.pubblicazione_richiede_validazione and not relazione.validazione_data:
        missing.append(_("la validazione del Nucleo di Valutazione"))
    if relazione.ente.pubblicazione_richiede_delibera and not relazione.delibera_data:
        missing.append(_("la delibera di approvazione della Giunta"))
    missing.extend(missing_site_links(relazione.ente))
    return missing


def missing_site_links(ente):
    """The links every Italian PA site must show in its footer, set in «Impostazioni dell'ente»: the
    public pages are published only with them."""
    links = [("url_accessibilita", _("l'indirizzo della dichiarazione di accessibilità dell'ente")),
             ("url_privacy", _("l'indirizzo dell'informativa sulla privacy dell'ente")),
             ("url_note_legali", _("l'indirizzo delle note legali dell'ente"))]
    return [label for name, label in links if not getattr(ente, name)]


@transaction.atomic
def relazione_publish(*, user, relazione, quando=None):
    """Publication for the citizens, once every act the ente requires exists."""
    _ensure_segretario(user, relazione)
    relazione = _locked(relazione)
    if relazione.stato == Relazione.Stato.PUBBLICATA:
        raise DomainError(_("La Relazione è già pubblicata."))
    missing = missing_for_publication(relazione)
    if missing:
        raise DomainError(_("Prima di pubblicare manca: %(cosa)s.") % {"cosa": "; ".join(missing)})
    check_act_date(relazione, _("La pubblicazione"), quando, dopo=_preceding_acts(relazione, "pubblicazione"))
    relazione.stato = Relazione.Stato.PUBBLICATA
    relazione.pubblicata_il = _as_datetime(quando)
    relazione.pubblicata_da = user
    relazione.save()
    versione = relazione.versioni.select_for_update().order_by("-numero").first()
    versione.pubblicata_il = relazione.pubblicata_il
    versione.pubblicazione_registrata_il = timezone.now()
    if relazione.validazione_documento:
        versione.documento_validazione = relazione.validazione_documento.name
        versione.documento_validazione_sha256 = relazione.validazione_documento_sha256
    versione.attestazione = attestazione_data(relazione, versione)
    from .pdf import attestazione_pdf

    versione.attestazione_sha256 = files.store(
        versione.attestazione_pdf, f"{relazione.ente.slug}-attestazione-{relazione.anno}-v{versione.numero}.pdf",
        attestazione_pdf(versione.attestazione))
    versione.save()
    _log(relazione, user, _("Relazione pubblicata"), prima=Relazione.Stato.APPROVATA.label,
         dopo=Relazione.Stato.PUBBLICATA.label)
    return relazione


def attestazione_data(relazione, versione):
    """What publication attests, as plain data: the acts after approval with their dates, numbers and
    the server time at which each was recorded, and the fingerprints of what was approved."""

    def iso(value):
        return value.isoformat() if value else None

    return {
        "ente": relazione.ente.nome,
        "slug": relazione.ente.slug,
        "anno": relazione.anno,
        "versione": versione.numero,
        "approvazione": {"data": iso(relazione.approvata_il.date()) if relazione.approvata_il else None,
                         "registrata_il": iso(versione.approvata_il), "firmatario": relazione.firmatario},
        "validazione": ({"data": iso(relazione.validazione_data), "note": relazione.validazione_note,
                         "registrata_il": iso(relazione.validazione_registrata_il),
                         "documento_sha256": relazione.validazione_documento_sha256}
                        if relazione.validazione_data else None),
        "delibera": ({"numero": relazione.delibera_numero, "data": iso(relazione.delibera_data),
                      "registrata_il": iso(relazione.delibera_registrata_il)}
                     if relazione.delibera_data else None),
        "pubblicazione": {"data": iso(versione.pubblicata_il.date()),
                          "registrata_il": iso(versione.pubblicazione_registrata_il)},
        "pdf_sha256": versione.sha256,
        "allegati": [{"numero": a.numero, "area": a.nome, "sha256": a.sha256} for a in versione.allegati.all()],
        "csv_sha256": versione.csv_sha256,
        "dati_sha256": versione.dati_sha256,
    }


# The PDF of a version: rendered by a task, at most one file and one hash per version ------------

StatoRendering = VersioneRelazione.StatoRendering


def _locked_versione(versione_id):
    return VersioneRelazione.objects.select_for_update().select_related("relazione__ente", "relazione__piano").get(
        pk=versione_id)


@transaction.atomic
def versione_rendering_start(*, versione_id):
    """Claim a version for rendering: the version to render, or None when there is nothing to do
    (its PDF is stored already, or a live render holds it). Committed before rendering, so that
    everyone sees "in preparazione" and its heartbeat."""
    versione = _locked_versione(versione_id)
    if versione.stato_rendering == StatoRendering.COMPLETATO:
        return None
    if versione.stato_rendering == StatoRendering.IN_CORSO and not versione.rendering_stale():
        return None
    versione.stato_rendering = StatoRendering.IN_CORSO
    versione.heartbeat_il = timezone.now()
    versione.tentativi += 1
    versione.save(update_fields=["stato_rendering", "heartbeat_il", "tentativi"])
    return versione


def versione_heartbeat(*, versione_id):
    """A render in progress is alive (one UPDATE, from the render's heartbeat thread)."""
    VersioneRelazione.objects.filter(pk=versione_id, stato_rendering=StatoRendering.IN_CORSO).update(
        heartbeat_il=timezone.now())


@transaction.atomic
def versione_store_pdf(*, versione_id, content, pagine=None):
    """Store the rendered PDF and its SHA-256 once. Under the row lock, so that of two renders of
    the same version the first stored wins and the second changes nothing."""
    versione = _locked_versione(versione_id)
    if versione.stato_rendering == StatoRendering.COMPLETATO:
        return versione
    relazione = versione.relazione
    versione.sha256 = hashlib.sha256(content).hexdigest()
    versione.pdf.save(
        f"{relazione.ente.slug}-relazione-{relazione.anno}-v{versione.numero}.pdf", ContentFile(content), save=False
    )
    versione.pagine = pagine
    versione.parti_totali = versione.parti_totali or 1
    versione.parti_fatte, versione.pagine_fatte = versione.parti_totali, pagine or 0
    versione.stato_rendering = StatoRendering.COMPLETATO
    versione.errore = ""
    versione.heartbeat_il = timezone.now()
    versione.save(update_fields=["sha256", "pdf", "pagine", "parti_totali", "parti_fatte", "pagine_fatte",
                                 "stato_rendering", "errore", "heartbeat_il"])
    return versione


@transaction.atomic
def versione_parti_da_fare(*, versione_id, data):
    """The parts of a version's PDF still to render: (total, [numbers missing]); 0 is the main
    document, 1..n the annexes. The number of parts is fixed by the first render (from the snapshot and
    RELAZIONE_ALLEGATI_SOGLIA), so that a retry completes the same set whatever the setting is now."""
    from . import allegati

    versione = _locked_versione(versione_id)
    if not versione.parti_totali:
        if allegati.con_allegati(data):
            versione.parti_totali = 1 + allegati.quanti_allegati(data)
            versione.aree_allegati = len(data["risultati"]["aree"])
        else:
            versione.parti_totali = 1
        versione.save(update_fields=["parti_totali", "aree_allegati"])
    fatti = set(versione.allegati.values_list("numero", flat=True))
    mancanti = [] if versione.pdf else [allegati.PRINCIPALE]
    mancanti += [n for n in range(1, versione.parti_totali) if n not in fatti]
    return versione.parti_totali, mancanti


@transaction.atomic
def versione_store_parte(*, versione_id, numero, allegato=None, content, pagine):
    """Store one part of a version with annexes (0: the main document, n: annex n, `allegato` its entry
    of allegati.elenco: area and part) once, with its SHA-256, and the progress the Segretario sees; the
    version is ready when every part is stored. Of two renders of the same part the first stored wins,
    as for the single PDF."""
    versione = _locked_versione(versione_id)
    if versione.stato_rendering == StatoRendering.COMPLETATO:
        return versione
    relazione = versione.relazione
    nome = f"{relazione.ente.slug}-relazione-{relazione.anno}-v{versione.numero}"
    if numero == 0:
        if not versione.pdf:
            versione.sha256 = files.store(versione.pdf, f"{nome}.pdf", content)
            versione.pagine = pagine
    elif not versione.allegati.filter(numero=numero).exists():
        riga = AllegatoVersione(versione=versione, numero=numero, area=allegato["area"], parte=allegato["parte"],
                                parti=allegato["parti"], pagine=pagine, dimensione=len(content))
        riga.sha256 = files.store(riga.file, f"{nome}-allegato-{numero}.pdf", content)
        riga.save()
    fatti = versione.allegati.aggregate(n=models.Count("pk"), pagine=models.Sum("pagine"))
    versione.parti_fatte = fatti["n"] + (1 if versione.pdf else 0)
    versione.pagine_fatte = (fatti["pagine"] or 0) + (versione.pagine or 0)
    versione.heartbeat_il = timezone.now()
    if versione.parti_fatte >= versione.parti_totali:
        versione.stato_rendering = StatoRendering.COMPLETATO
        versione.errore = ""
    versione.save(update_fields=["sha256", "pdf", "pagine", "parti_fatte", "pagine_fatte", "heartbeat_il",
                                 "stato_rendering", "errore"])
    return versione


@transaction.atomic
def versione_rendering_failed(*, versione_id, error):
    """The render raised: the Segretario sees the error (a stored PDF is never overwritten)."""
    versione = _locked_versione(versione_id)
    if versione.stato_rendering != StatoRendering.COMPLETATO:
        versione.stato_rendering = StatoRendering.ERRORE
        versione.errore = str(error)[:2000]
        versione.save(update_fields=["stato_rendering", "errore"])
    return versione


@transaction.atomic
def versione_requeue_if_stale(*, versione):
    """A render whose worker died is queued again, up to PDF_MAX_ATTEMPTS renders; after that the
    version is in error with a message that says what happened. Retrying is safe because storing
    is idempotent; it is automatic because a dead worker is an accident of the server (a restart,
    memory), not something the Segretario could decide about. Returns the version as it now is."""
    versione = _locked_versione(versione.pk)
    if not versione.rendering_stale():
        return versione
    return _requeue(versione)


@transaction.atomic
def versione_requeue_after_lost_worker(*, versione_id):
    """A process of the pool that renders the parts of a large PDF died (memory, a kill): the parts
    stored stay, the version is queued again like one whose worker died, and the retry renders only
    the parts that are missing."""
    versione = _locked_versione(versione_id)
    if versione.stato_rendering == StatoRendering.COMPLETATO:
        return versione
    return _requeue(versione)


def _requeue(versione):
    relazione = versione.relazione
    if versione.tentativi >= settings.PDF_MAX_ATTEMPTS:
        versione.stato_rendering = StatoRendering.ERRORE
        versione.errore = _(
            "La generazione del PDF si è interrotta %(n)s volte senza concludersi (il processo che la "
            "eseguiva si è fermato). Il Segretario può chiederla di nuovo; se si ripete, avvisi l'assistenza tecnica."
        ) % {"n": versione.tentativi}
        versione.save(update_fields=["stato_rendering", "errore"])
        _log(relazione, None, _("PDF della Relazione non generato"), dopo=_("versione %(n)s") % {"n": versione.numero},
             motivazione=versione.errore)
        return versione
    versione.stato_rendering = StatoRendering.IN_CODA
    versione.save(update_fields=["stato_rendering"])
    _log(relazione, None, _("PDF della Relazione: nuovo tentativo"), dopo=_("versione %(n)s") % {"n": versione.numero},
         motivazione=_("La generazione precedente si è interrotta."))
    _enqueue_render(versione)
    return versione


@transaction.atomic
def versione_render_again(*, user, relazione):
    """The Segretario asks again for the PDF of the newest version whose generation failed (an
    error, or every attempt interrupted): the same version, a fresh count of attempts."""
    _ensure_segretario(user, relazione)
    versione = relazione.versioni.order_by("-numero").first()
    if versione is None or relazione.stato == Relazione.Stato.BOZZA:
        raise DomainError(_("La Relazione non è approvata: non c'è un PDF da generare."))
    versione = _locked_versione(versione.pk)
    if versione.stato_rendering != StatoRendering.ERRORE:
        raise DomainError(_("Il PDF di questa versione non è in errore: non serve generarlo di nuovo."))
    prima = versione.errore
    versione.stato_rendering = StatoRendering.IN_CODA
    versione.errore = ""
    versione.tentativi = 0
    versione.save(update_fields=["stato_rendering", "errore", "tentativi"])
    _log(relazione, user, _("PDF della Relazione richiesto di nuovo"), prima=prima,
         dopo=_("versione %(n)s") % {"n": versione.numero})
    _enqueue_render(versione)
    return versione


def versioni_requeue_stale():
    """Every render left by a dead worker, queued again (for cron: `manage.py requeue_stale_pdf`)."""
    stale = [v for v in VersioneRelazione.objects.filter(stato_rendering=StatoRendering.IN_CORSO) if v.rendering_stale()]
    return [versione_requeue_if_stale(versione=v) for v in stale]
