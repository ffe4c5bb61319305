"""Every URL of the product, site and admin, requested with real object ids by every persona, GET
and POST: the outcome is the one declared in tests/url_table.py, and no response shows the name of
an ente in which the person has no role. A URL with no entry in the table fails the test."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from .url_table import (
    ADMIN_MODELS, ADMIN_SPECIAL, INDEX, LOGIN, MANAGER_ACTS, NA, OK, REFUSED, SITE, SUPERUSER_ACTS, F,
)
from .world import ENTE_A_NOME, ENTE_B_NOME, ENTE_OF_PERSONA, PERSONAS

ADMIN_VIEWS = ("changelist", "add", "change", "delete", "history")
OBJECT_VIEWS = {"change", "delete", "history"}


def _names(resolver=None, namespace=None):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(n for n in (namespace, pattern.namespace) if n) if pattern.namespace else namespace
            yield from _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


ALL_NAMES = sorted(set(_names()))
ADMIN_MODEL_URLS = {f"admin:{m._meta.app_label}_{m._meta.model_name}_{view}": (m._meta.label_lower, view)
                    for m in admin.site._registry for view in ADMIN_VIEWS}


def test_every_url_pattern_has_an_entry_in_the_table():
    declared = set(SITE) | set(ADMIN_SPECIAL) | set(ADMIN_MODEL_URLS)
    missing = [n for n in ALL_NAMES if n not in declared]
    assert not missing, f"URL senza voce in tests/url_table.py: {missing}"
    assert not [label for label in {label for label, _v in ADMIN_MODEL_URLS.values()} if label not in ADMIN_MODELS]


def classify(response):
    if response.status_code in (301, 302, 303):
        location = response["Location"]
        if "/accesso/" in location or "/admin/login/" in location:
            return LOGIN
        if location.split("?")[0] == reverse("admin:index"):
            return INDEX
        return OK
    if response.status_code in (200, 201, 204, 400):
        return OK
    return response.status_code


def _request(world, persona, method, url, data):
    client = Client()
    user = world.user(persona)
    if user is not None:
        client.force_login(user)
    return client.get(url) if method == "GET" else client.post(url, data)


def _foreign_name(persona):
    return {"a": ENTE_B_NOME, "b": ENTE_A_NOME}.get(ENTE_OF_PERSONA.get(persona))


def _check(world, persona, method, url, expected, *, data=None, public=False):
    response = _request(world, persona, method, url, data or {})
    got = classify(response)
    problems = []
    if not (got == expected or (expected == REFUSED and got in (F, 404, INDEX))):
        problems.append(f"{persona} {method} {url}: {got}, atteso {expected}")
    foreign = _foreign_name(persona)
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if foreign and not public and foreign in content.decode(errors="replace"):
        problems.append(f"{persona} {method} {url}: la risposta nomina {foreign}")
    return problems


@pytest.mark.parametrize("name", [n for n in ALL_NAMES if n in SITE or n in ADMIN_SPECIAL])
def test_site_and_admin_urls_answer_each_persona_as_declared(world, name):
    entry = SITE.get(name) or ADMIN_SPECIAL[name]
    url = reverse(name, kwargs=entry.kwargs(world)) + entry.query
    problems = []
    for persona in PERSONAS:
        problems += _check(world, persona, "GET", url, entry.get[persona], public=entry.public)
        if entry.post is not None:
            problems += _check(world, persona, "POST", url, entry.post[persona], data=entry.post_data(world),
                               public=entry.public)
    assert not problems, "\n".join(problems)


def _admin_objects(world, label):
    """(row of ente A, row of ente B) of a model registered in the admin."""
    a, b = world.a, world.b
    pairs = {
        "obiettivi.ente": (a.ente, b.ente), "obiettivi.area": (a.area, b.area), "obiettivi.piano": (a.piano, b.piano),
        "obiettivi.variazione": (a.variazione, b.variazione),
        "obiettivi.obiettivostrategico": (a.strategico, b.strategico),
        "obiettivi.obiettivovalorepubblico": world.extra.get("valore_pubblico"),
        "obiettivi.obiettivo": (a.obiettivo, b.obiettivo), "obiettivi.indicatore": (a.indicatore, b.indicatore),
        "obiettivi.misurazione": (a.misurazione, b.misurazione),
        "obiettivi.monitoraggio": (a.monitoraggio, b.monitoraggio), "obiettivi.periodo": (a.periodo, b.periodo),
        "obiettivi.rettifica": (a.rettifica, b.rettifica), "obiettivi.vocestorico": (a.voce, b.voce),
        "obiettivi.promemoriainviato": (a.promemoria, b.promemoria), "relazioni.relazione": (a.relazione, b.relazione),
        "obiettivi.ruolo": (a.ruolo, b.ruolo), "obiettivi.programma": (world.programma, world.programma),
        "auth.user": (world.user("segretario"), world.user("segretario_b")), "auth.group": (world.group, world.group),
    }
    va, vb = world.extra["valutazioni_a"], world.extra["valutazioni_b"]
    pairs |= {f"valutazioni.{k}": (va[k], vb[k]) for k in ("smvp", "categoria", "comportamento", "scheda",
                                                            "conciliazione", "premio")}
    pairs |= {"valutazioni.risorsepremi": (va["risorse"], vb["risorse"]),
              "valutazioni.vocevalutazione": (va["voce"], vb["voce"])}
    if label.startswith("axes."):
        model = {"axes.accessattempt": AccessAttempt, "axes.accesslog": AccessLog,
                 "axes.accessfailurelog": AccessFailureLog}[label]
        extra = {"failures_since_start": 1} if model is AccessAttempt else {}
        row = model.objects.create(username="segretario", ip_address="127.0.0.1", user_agent="prova", path_info="/",
                                   **extra)
        return row, row
    return pairs.get(label)


def admin_expected(kind, view, persona, method, owner):
    """What the admin answers: from the model's kind, the view, and whose row it is."""
    if persona == "anon":
        return LOGIN
    if persona == "superuser":
        get, post = SUPERUSER_ACTS[kind][view]
        return OK if view == "history" and get == OK else (get if method == "GET" else post)
    if persona not in ("segretario", "amministratore", "segretario_b"):
        return F
    if kind == "personal" and persona == "amministratore":
        # The evaluation's personal data: not the amministratore's, in any ente.
        return REFUSED if view in OBJECT_VIEWS else F
    get, post = MANAGER_ACTS[kind][view]
    expected = get if method == "GET" else post
    scoped = kind in ("plan", "ente", "readonly", "personal")
    if view in OBJECT_VIEWS and scoped and owner != ENTE_OF_PERSONA[persona]:
        return REFUSED  # another ente's row: never served, never changed
    if view == "history" and method == "POST" and expected == NA:
        return OK  # the admin's history page answers a POST as a GET; it changes nothing
    return expected


@pytest.mark.parametrize("name", sorted(ADMIN_MODEL_URLS))
def test_admin_model_urls_answer_each_persona_as_declared(world, name):
    label, view = ADMIN_MODEL_URLS[name]
    kind = ADMIN_MODELS[label]
    targets = [(None, {})]
    if view in OBJECT_VIEWS:
        objects = _admin_objects(world, label)
        if objects is None:
            assert kind == "tasks", f"nessuna riga di prova per {label}"
            pytest.skip(f"{label}: nessuna riga nel mondo di prova (vista del solo superutente)")
        targets = [("a", {"object_id": objects[0].pk}), ("b", {"object_id": objects[1].pk})]
    problems = []
    for owner, kwargs in targets:
        url = reverse(name, kwargs=kwargs)
        for persona in PERSONAS:
            for method in ("GET", "POST"):
                expected = admin_expected(kind, view, persona, method, owner)
                problems += _check(world, persona, method, url, expected)
    assert not problems, "\n".join(problems)
