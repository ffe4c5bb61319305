"""Who may open every URL of the product: ONE table, read by the permission matrix
(tests/test_permission_matrix.py) and by the fuzzing of URLs and forms. A URL pattern with no entry
here makes the matrix fail: whoever adds a page declares who may use it.

Outcomes: OK (served or done: 2xx, a redirect that is not to a login page, or 400 for a form with
errors), LOGIN (redirect to a login page), 403, 404, 405, INDEX (a redirect to the admin's index: its
answer for a row that does not exist for the user, and for a login of someone already in), REFUSED
(any of 403, 404, INDEX: how the admin refuses another ente's row depends on the view)."""

from dataclasses import dataclass, field

from .world import PERSONAS, with_published_year

OK, LOGIN, INDEX, REFUSED = "ok", "login", "index", "refused"
F, NF, NA = 403, 404, 405


def outcome(**by_persona):
    """Every persona's outcome: those named, then `others`."""
    others = by_persona.pop("others", None)
    table = {p: by_persona.get(p, others) for p in PERSONAS}
    missing = [p for p, o in table.items() if o is None]
    assert not missing, f"no outcome for {missing}"
    return table


def everyone(value):
    return outcome(others=value)


# Profiles of the reserved pages of ente A (Lodrino). Nobody without a role in A reaches them: the
# superuser is the installation's, not the comune's, and works in the admin.
_NOT_IN_A = {"superuser": NF, "segretario_b": NF, "resp_b2": NF}
ANY_ROLE = outcome(anon=LOGIN, resp_a=OK, resp_b=OK, nucleo=OK, segretario=OK, amministratore=OK, sindaco=F, **_NOT_IN_A)
READ_ALL = outcome(anon=LOGIN, resp_a=F, resp_b=F, nucleo=OK, segretario=OK, amministratore=OK, sindaco=F, **_NOT_IN_A)
MANAGER = outcome(anon=LOGIN, resp_a=F, resp_b=F, nucleo=F, segretario=OK, amministratore=OK, sindaco=F, **_NOT_IN_A)
# An objective of area A: its responsabile and whoever reads all; area B's responsabile never.
OWN_OBJECTIVE = outcome(anon=LOGIN, resp_a=OK, resp_b=NF, nucleo=OK, segretario=OK, amministratore=OK, sindaco=F, **_NOT_IN_A)
EDIT_OBJECTIVE = outcome(anon=LOGIN, resp_a=OK, resp_b=NF, nucleo=F, segretario=OK, amministratore=OK, sindaco=F, **_NOT_IN_A)
# Overrides of a grado: the Segretario and the Nucleo (D.Lgs. 150/2009: who validates).
OVERRIDE = outcome(anon=LOGIN, resp_a=F, resp_b=NF, nucleo=OK, segretario=OK, amministratore=F, sindaco=F, **_NOT_IN_A)
# A draft Relazione: people of the ente read it; nobody else knows it exists.
DRAFT = outcome(anon=NF, resp_a=OK, resp_b=OK, nucleo=OK, segretario=OK, amministratore=OK, sindaco=NF, **_NOT_IN_A)
# The evaluation (issue 11): the SMVP and the premi are the Segretario's (the amministratore of the
# site is not in the chain of evaluation); the premi and the schede are personal data, read by the
# Segretario and the Nucleo; one scheda by its person and evaluator too, never another person.
SEGRETARIO_ONLY = outcome(anon=LOGIN, resp_a=F, resp_b=F, nucleo=F, segretario=OK, amministratore=F, sindaco=F, **_NOT_IN_A)
PREMI_READ = outcome(anon=LOGIN, resp_a=F, resp_b=F, nucleo=OK, segretario=OK, amministratore=F, sindaco=F, **_NOT_IN_A)
# The world's scheda: resp_a evaluated by the Segretario.
SCHEDA_READ = outcome(anon=LOGIN, resp_a=OK, resp_b=NF, nucleo=OK, segretario=OK, amministratore=NF, sindaco=NF, **_NOT_IN_A)
SCHEDA_EVALUATOR = outcome(anon=LOGIN, resp_a=F, resp_b=NF, nucleo=F, segretario=OK, amministratore=NF, sindaco=NF, **_NOT_IN_A)
# The schede list: every role, the Sindaco too (he sees the schede he evaluates, none in the world).
SCHEDE_LIST = {**ANY_ROLE, "sindaco": OK}
SCHEDA_PERSON = outcome(anon=LOGIN, resp_a=OK, resp_b=NF, nucleo=F, segretario=F, amministratore=NF, sindaco=NF, **_NOT_IN_A)
PUBLIC = everyone(OK)
GET_ONLY = everyone(NA)


@dataclass(frozen=True)
class Entry:
    kwargs: object  # world -> the URL's kwargs
    get: dict
    post: dict
    query: str = ""
    post_data: object = field(default=lambda w: {})
    public: bool = False  # meant for everyone: names of other enti may appear by design


def _a(**extra):
    return lambda w: {"ente_slug": w.a.ente.slug, **{k: v(w) if callable(v) else v for k, v in extra.items()}}


SITE = {
    "home": Entry(lambda w: {}, PUBLIC, GET_ONLY, public=True),
    "login": Entry(lambda w: {}, PUBLIC, PUBLIC, public=True),
    "logout": Entry(lambda w: {}, GET_ONLY, PUBLIC, public=True),
    "area_riservata": Entry(lambda w: {}, outcome(anon=LOGIN, others=OK), GET_ONLY),
    "obiettivi:ente_home": Entry(_a(), {**ANY_ROLE, "sindaco": OK}, GET_ONLY),  # the Sindaco: to his schede
    "obiettivi:mie_schede": Entry(_a(), ANY_ROLE, GET_ONLY, query="?anno=2018"),
    "obiettivi:scheda": Entry(_a(pk=lambda w: w.a.obiettivo.pk), OWN_OBJECTIVE, EDIT_OBJECTIVE, query="?anno=2018"),
    "obiettivi:indicatore": Entry(_a(pk=lambda w: w.a.indicatore.pk), OWN_OBJECTIVE, GET_ONLY),
    # Values of the years before the Piano: the Segretario's (an empty form is a 400 with its messages).
    "obiettivi:indicatore_valore_storico": Entry(_a(pk=lambda w: w.a.indicatore.pk), GET_ONLY, MANAGER),
    "ciclo:periodi": Entry(_a(), MANAGER, GET_ONLY),
    "ciclo:periodo_azione": Entry(_a(anno=2018, tipo="consuntivo", azione="apri"), GET_ONLY, MANAGER),
    "ciclo:cruscotto": Entry(_a(), READ_ALL, GET_ONLY),
    "ciclo:cruscotto_elenco": Entry(_a(vista="mancanti"), READ_ALL, GET_ONLY),
    "ciclo:monitoraggio": Entry(_a(anno=2018), READ_ALL, GET_ONLY),
    "ciclo:monitoraggio_pdf": Entry(_a(anno=2018), READ_ALL, GET_ONLY),
    "ciclo:variazioni": Entry(_a(), MANAGER, MANAGER),
    "ciclo:variazione": Entry(_a(pk=lambda w: w.a.variazione.pk), MANAGER, GET_ONLY),
    "ciclo:variazione_modifica": Entry(_a(pk=lambda w: w.a.variazione.pk, kind="target"), GET_ONLY, MANAGER),
    "ciclo:rettifica_crea": Entry(_a(), GET_ONLY, OVERRIDE,
                                  post_data=lambda w: {"obiettivo": w.a.obiettivo.pk, "anno": 2018}),
    "ciclo:rettifica_revoca": Entry(_a(pk=lambda w: w.a.rettifica.pk), GET_ONLY, OVERRIDE),
    "relazioni:gestione": Entry(_a(anno=2018), READ_ALL, GET_ONLY),
    "relazioni:testi": Entry(_a(anno=2018), GET_ONLY, READ_ALL),
    "relazioni:approva": Entry(_a(anno=2018), GET_ONLY, READ_ALL),
    "relazioni:riapri": Entry(_a(anno=2018), GET_ONLY, READ_ALL),
    "relazioni:validazione": Entry(_a(anno=2018), GET_ONLY, READ_ALL),
    "relazioni:documento_validazione": Entry(_a(anno=2018), READ_ALL, GET_ONLY),
    "relazioni:delibera": Entry(_a(anno=2018), GET_ONLY, READ_ALL),
    "relazioni:pubblica": Entry(_a(anno=2018), GET_ONLY, READ_ALL),
    "relazioni:stato_pdf": Entry(_a(anno=2018), READ_ALL, GET_ONLY),
    "relazioni:genera_pdf": Entry(_a(anno=2018), GET_ONLY, READ_ALL),
    # Persone e ruoli, Impostazioni dell'ente: the ente's Segretario and amministratore.
    "enti:persone": Entry(_a(), MANAGER, GET_ONLY),
    "enti:persona_aggiungi": Entry(_a(), GET_ONLY, MANAGER),
    "enti:persona": Entry(_a(pk=lambda w: w.user("resp_a").pk), MANAGER, GET_ONLY),
    "enti:persona_ruoli": Entry(_a(pk=lambda w: w.user("resp_a").pk), GET_ONLY, MANAGER),
    "enti:persona_dati": Entry(_a(pk=lambda w: w.user("resp_a").pk), GET_ONLY, MANAGER),
    "enti:persona_disattiva": Entry(_a(pk=lambda w: w.user("resp_a").pk), GET_ONLY, MANAGER),
    "enti:persona_invito": Entry(_a(pk=lambda w: w.user("resp_a").pk), GET_ONLY, MANAGER),
    "enti:dipendente_aggiungi": Entry(_a(), GET_ONLY, MANAGER),
    "enti:dipendente": Entry(_a(pk=lambda w: w.a.dipendente.pk), MANAGER, MANAGER),
    "enti:dipendente_cessazione": Entry(_a(pk=lambda w: w.a.dipendente.pk), GET_ONLY, MANAGER),
    "enti:impostazioni": Entry(_a(), MANAGER, MANAGER),
    # The Piano: workbook template, export, import with preview, carry-forward, the plan editor.
    "piani:piano": Entry(_a(), MANAGER, GET_ONLY),
    "piani:modello": Entry(_a(), MANAGER, GET_ONLY, query="?anno_inizio=2018&anno_fine=2020&formato=xlsx"),
    "piani:esporta": Entry(_a(anno_inizio=2018, formato="xlsx"), MANAGER, GET_ONLY),
    "piani:nuovo_dal_precedente": Entry(_a(anno_inizio=2018), MANAGER, MANAGER),
    "piani:obiettivi": Entry(_a(anno_inizio=2018), MANAGER, GET_ONLY),
    "piani:obiettivo_nuovo": Entry(_a(anno_inizio=2018), GET_ONLY, MANAGER),
    "piani:obiettivo": Entry(_a(anno_inizio=2018, pk=lambda w: w.a.obiettivo.pk), MANAGER, MANAGER),
    "piani:obiettivo_azione": Entry(_a(anno_inizio=2018, pk=lambda w: w.a.obiettivo.pk, azione="su"), GET_ONLY, MANAGER),
    "piani:piano_nuovo": Entry(_a(), GET_ONLY, MANAGER),
    "piani:piano_dati": Entry(_a(anno_inizio=2018), MANAGER, MANAGER),
    "piani:obiettivo_dati": Entry(_a(anno_inizio=2018, pk=lambda w: w.a.obiettivo.pk), MANAGER, MANAGER),
    "piani:obiettivo_fasi": Entry(_a(anno_inizio=2018, pk=lambda w: w.a.obiettivo.pk), MANAGER, MANAGER),
    "piani:indicatore_nuovo": Entry(_a(anno_inizio=2018, pk=lambda w: w.a.obiettivo.pk), MANAGER, MANAGER),
    "piani:indicatore": Entry(_a(anno_inizio=2018, pk=lambda w: w.a.indicatore.pk), MANAGER, MANAGER),
    "piani:indicatore_togli": Entry(_a(anno_inizio=2018, pk=lambda w: w.a.indicatore.pk), GET_ONLY, MANAGER),
    "piani:carica": Entry(_a(), GET_ONLY, MANAGER),
    # Another user's upload, or none: a 404 for the managers too (each preview is its uploader's).
    "piani:anteprima": Entry(_a(pk=999999), outcome(anon=LOGIN, resp_a=F, resp_b=F, nucleo=F, segretario=NF,
                                                  amministratore=NF, sindaco=F, **_NOT_IN_A), None),
    # Setting a password from an e-mailed link (an invitation, or "password dimenticata").
    "password_reset": Entry(lambda w: {}, PUBLIC, PUBLIC, public=True),
    "password_reset_done": Entry(lambda w: {}, PUBLIC, GET_ONLY, public=True),
    "password_reset_confirm": Entry(lambda w: {"uidb64": "MQ", "token": "non-valido"}, PUBLIC, PUBLIC, public=True),
    "password_reset_complete": Entry(lambda w: {}, PUBLIC, GET_ONLY, public=True),
    "relazioni:performance": Entry(_a(), PUBLIC, GET_ONLY, public=True),
    # The individual evaluation and the premi.
    "valutazioni:schede": Entry(_a(anno=2018), SCHEDE_LIST, GET_ONLY),
    "valutazioni:smvp": Entry(_a(anno=2018), READ_ALL, SEGRETARIO_ONLY),
    "valutazioni:smvp_documento": Entry(_a(anno=2018), GET_ONLY, SEGRETARIO_ONLY),
    "valutazioni:smvp_categorie": Entry(_a(anno=2019), SEGRETARIO_ONLY, SEGRETARIO_ONLY),
    "valutazioni:smvp_comportamenti": Entry(_a(anno=2019), SEGRETARIO_ONLY, SEGRETARIO_ONLY),
    "valutazioni:scheda_nuova": Entry(_a(anno=2018), GET_ONLY, SEGRETARIO_ONLY),
    "valutazioni:premi": Entry(_a(anno=2018), PREMI_READ, SEGRETARIO_ONLY),
    "valutazioni:premi_conferma": Entry(_a(anno=2018, categoria=lambda w: w.extra["valutazioni_a"]["categoria"].pk),
                                        GET_ONLY, SEGRETARIO_ONLY),
    "valutazioni:scheda": Entry(_a(pk=lambda w: w.extra["valutazioni_a"]["scheda"].pk), SCHEDA_READ, SCHEDA_EVALUATOR),
    "valutazioni:scheda_pdf": Entry(_a(pk=lambda w: w.extra["valutazioni_a"]["scheda"].pk), SCHEDA_READ, GET_ONLY),
    "valutazioni:scheda_azione": Entry(_a(pk=lambda w: w.extra["valutazioni_a"]["scheda"].pk, azione="commento"),
                                       GET_ONLY, SCHEDA_PERSON),
    "valutazioni:pubblico_ammontare_premi": Entry(_a(), PUBLIC, GET_ONLY, public=True),
    "valutazioni:pubblico_ammontare_premi_csv": Entry(_a(), everyone(NF), GET_ONLY, public=True),  # until confirmed
    "valutazioni:pubblico_dati_premi": Entry(_a(), PUBLIC, GET_ONLY, public=True),
    "valutazioni:pubblico_dati_premi_csv": Entry(_a(), everyone(NF), GET_ONLY, public=True),  # until confirmed
    "valutazioni:pubblico_smvp_documento": Entry(_a(anno=2018), PUBLIC, GET_ONLY, public=True),
    "relazioni:relazione": Entry(_a(anno=2018), DRAFT, GET_ONLY),
    # No version is approved in the world: there is no PDF to serve to anybody.
    "relazioni:relazione_pdf": Entry(_a(anno=2018), outcome(anon=NF, others=NF), GET_ONLY),
    "relazioni:relazione_pdf_versione": Entry(_a(anno=2018, numero=1), outcome(others=NF), GET_ONLY),
    # Nor an annex (a large Relazione's, tests/relazioni/test_allegati.py checks who reads them).
    "relazioni:relazione_allegato": Entry(_a(anno=2018, allegato=1), outcome(others=NF), GET_ONLY),
    "relazioni:relazione_allegato_versione": Entry(_a(anno=2018, numero=1, allegato=1), outcome(others=NF), GET_ONLY),
    "relazioni:dati_csv": Entry(_a(anno=2018), DRAFT, GET_ONLY),
    "relazioni:attestazione_pdf": Entry(_a(anno=2018), outcome(others=NF), GET_ONLY),
    "relazioni:validazione_pdf": Entry(_a(anno=2018), outcome(others=NF), GET_ONLY),
    # Publications and the PIAO's chapters (issue 12). No Piano of the world is published: its page
    # and PDF are a 404 for everybody until the Segretario publishes it.
    "pubblicazioni:gestione": Entry(_a(), MANAGER, GET_ONLY),
    "pubblicazioni:piano_pubblica": Entry(_a(pk=lambda w: w.a.piano.pk), GET_ONLY, MANAGER),
    "pubblicazioni:piao_performance_odt": Entry(_a(pk=lambda w: w.a.piano.pk), MANAGER, GET_ONLY),
    "pubblicazioni:piao_performance_pdf": Entry(_a(pk=lambda w: w.a.piano.pk), MANAGER, GET_ONLY),
    "pubblicazioni:piao_monitoraggio_odt": Entry(_a(pk=lambda w: w.a.piano.pk), MANAGER, GET_ONLY),
    "pubblicazioni:piao_monitoraggio_pdf": Entry(_a(pk=lambda w: w.a.piano.pk), MANAGER, GET_ONLY),
    "pubblicazioni:piano": Entry(_a(anno=2018), everyone(NF), GET_ONLY, public=True),
    "pubblicazioni:piano_pdf": Entry(_a(anno=2018), everyone(NF), GET_ONLY, public=True),
    # An objective's and an indicator's page across years, from the world's published 2019 snapshot.
    "public_obiettivo": Entry(_a(pk=lambda w: with_published_year(w).a.obiettivo.pk), PUBLIC, GET_ONLY, public=True),
    "public_indicatore": Entry(_a(pk=lambda w: with_published_year(w).a.indicatore.pk), PUBLIC, GET_ONLY,
                               public=True),
    # Open data (issue 12): a year's files and Table Schemas as its CSV (public once published; in
    # the world the Relazione is a draft), the ente's DCAT-AP_IT catalogue for everyone.
    "opendata:dati": Entry(_a(anno=2018, formato="xlsx"), DRAFT, GET_ONLY),
    "opendata:schema": Entry(_a(anno=2018, formato="csv"), DRAFT, GET_ONLY),
    "opendata:catalogo": Entry(_a(), PUBLIC, GET_ONLY, public=True),
}

# The admin. Its URLs are generated per registered model; what each persona may do there follows
# from the model's kind. A Segretario or amministratore (a "manager") works on the rows of their
# own ente only; the other personas have no admin at all.
ADMIN_MODELS = {
    "obiettivi.ente": "ente",
    "obiettivi.area": "plan", "obiettivi.piano": "plan", "obiettivi.variazione": "plan",
    "obiettivi.obiettivostrategico": "plan", "obiettivi.obiettivovalorepubblico": "plan", "obiettivi.obiettivo": "plan", "obiettivi.indicatore": "plan",
    "obiettivi.programma": "catalogue",
    "obiettivi.misurazione": "readonly", "obiettivi.monitoraggio": "readonly", "obiettivi.periodo": "readonly",
    "obiettivi.rettifica": "readonly", "obiettivi.vocestorico": "readonly", "obiettivi.promemoriainviato": "readonly",
    "relazioni.relazione": "readonly",
    # The evaluation: the SMVP read-only for every manager; schede, premi and their log are personal
    # data, the Segretario's (read-only, a closed scheda is frozen), never the amministratore's.
    "valutazioni.smvp": "readonly", "valutazioni.categoria": "readonly", "valutazioni.comportamento": "readonly",
    "valutazioni.scheda": "personal", "valutazioni.conciliazione": "personal", "valutazioni.risorsepremi": "personal",
    "valutazioni.premio": "personal", "valutazioni.vocevalutazione": "personal",
    # People, roles and groups: the superuser's (the site's «Persone e ruoli» page is the managers').
    "obiettivi.ruolo": "people", "auth.user": "people", "auth.group": "people",
    # Logs of the installation: login attempts and the task queue.
    "axes.accessattempt": "axes", "axes.accesslog": "axes", "axes.accessfailurelog": "axes",
    "django_tasks_database.dbtaskresult": "tasks",
}

# What a manager may do on a row of their own ente, by kind of model and admin view.
MANAGER_ACTS = {
    "plan": {"changelist": (OK, OK), "add": (OK, OK), "change": (OK, OK), "delete": (OK, OK), "history": (OK, NA)},
    "ente": {"changelist": (OK, OK), "add": (F, F), "change": (OK, OK), "delete": (F, F), "history": (OK, NA)},
    "readonly": {"changelist": (OK, OK), "add": (F, F), "change": (OK, F), "delete": (F, F), "history": (OK, NA)},
    # The list shows every field of the law's catalogue; its object pages are for who may change it.
    "catalogue": {"changelist": (OK, OK), "add": (F, F), "change": (F, F), "delete": (F, F), "history": (F, F)},
}
_NONE = {"changelist": (F, F), "add": (F, F), "change": (F, F), "delete": (F, F), "history": (F, F)}
_ALL = {"changelist": (OK, OK), "add": (OK, OK), "change": (OK, OK), "delete": (OK, OK), "history": (OK, OK)}
MANAGER_ACTS |= {"people": _NONE, "axes": _NONE, "tasks": _NONE, "personal": MANAGER_ACTS["readonly"]}
# The superuser: everything, except what no one does in the admin (values, statuses, periods,
# overrides, the Storico and the Relazione change through their services; logs are written by the
# system).
SUPERUSER_ACTS = {"plan": _ALL, "ente": _ALL, "catalogue": _ALL, "people": _ALL, "readonly": MANAGER_ACTS["readonly"],
                  "personal": MANAGER_ACTS["readonly"],
                  "axes": {**_ALL, "add": (F, F)}, "tasks": MANAGER_ACTS["readonly"]}

ADMIN_SPECIAL = {
    "admin:index": Entry(lambda w: {}, outcome(anon=LOGIN, segretario=OK, amministratore=OK, superuser=OK,
                                                segretario_b=OK, others=F), None),
    "admin:app_list": Entry(lambda w: {"app_label": "obiettivi"},
                            outcome(anon=LOGIN, segretario=OK, amministratore=OK, superuser=OK, segretario_b=OK,
                                    others=F), None),
    "admin:login": Entry(lambda w: {}, outcome(anon=LOGIN, segretario=INDEX, amministratore=INDEX, superuser=INDEX,
                                                segretario_b=INDEX, others=F), None),
    # Django's admin sends to its index whoever has no admin session to end.
    "admin:logout": Entry(lambda w: {}, outcome(segretario=NA, amministratore=NA, superuser=NA, segretario_b=NA,
                                                 others=INDEX),
                          outcome(segretario=OK, amministratore=OK, superuser=OK, segretario_b=OK, others=INDEX)),
    "admin:password_change": Entry(lambda w: {}, outcome(anon=LOGIN, segretario=OK, amministratore=OK,
                                                          superuser=OK, segretario_b=OK, others=F), None),
    "admin:password_change_done": Entry(lambda w: {}, outcome(anon=LOGIN, segretario=OK, amministratore=OK,
                                                               superuser=OK, segretario_b=OK, others=F), None),
    "admin:jsi18n": Entry(lambda w: {}, outcome(anon=LOGIN, segretario=OK, amministratore=OK, superuser=OK,
                                                 segretario_b=OK, others=F), None),
    # Nobody but the superuser sets a password in the admin; people set their own (password reset).
    "admin:auth_user_password_change": Entry(lambda w: {"id": w.user("segretario").pk},
                                             outcome(anon=LOGIN, superuser=OK, others=F),
                                             outcome(anon=LOGIN, superuser=OK, others=F)),
    # Choosing a responsabile would list the users of every ente: only the superuser may.
    "admin:autocomplete": Entry(lambda w: {}, outcome(anon=LOGIN, superuser=OK, segretario=F, amministratore=F,
                                                       segretario_b=F, others=F), None,
                                query="?app_label=obiettivi&model_name=obiettivo&field_name=responsabile&term=a"),
    "admin:view_on_site": Entry(lambda w: {"content_type_id": w.extra["ct_obiettivo"], "object_id": w.a.obiettivo.pk},
                                outcome(anon=LOGIN, segretario=OK, amministratore=OK, superuser=OK,
                                        segretario_b=OK, others=F), None),
}
