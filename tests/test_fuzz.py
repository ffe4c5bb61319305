"""Whatever a browser can send gets a 4xx in Italian, never a 500.

Every URL of tests/url_table.py is requested with each path parameter replaced by malformed values
its converter still accepts, as a persona that may use the page, GET and POST; then every form the
site shows (found by parsing the HTML, so a new form is fuzzed without touching this file) is posted
with each field over-long, empty or malformed. A refused request changes nothing (no Storico row)."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from ciclo.forms import RettificaForm
from obiettivi.models import VoceStorico
from relazioni.forms import DeliberaForm, RiaperturaForm, ValidazioneForm

from .url_table import NA, SITE

INT_VALUES = [0, 2**31, 2**63, 99999999999999999999]
YEAR_VALUES = [1, 40000]
STR_VALUES = ["a" * 300, "..", "àèìòù€", "sconosciuto", "-"]
FIELD_VALUES = ["x" * 10_000, "", "abc", "31/02/2018", "01/01/0001", "0.125", "1e999", "NaN", "-0", "-1",
                "99999999999999999999",
                "1\x002", "=1+1"]
# Pages whose own objects the responsabile of area A uses; everything else the Segretario.
RESP_A_PAGES = {"obiettivi:scheda", "obiettivi:indicatore", "obiettivi:mie_schede"}
SKIP_ACTIONS = ("/esci/", "/admin/logout/")


def _persona(name, entry, method):
    outcomes = entry.get if method == "GET" else entry.post
    if outcomes is None or outcomes["segretario"] == NA:
        return None
    if entry.public and outcomes["anon"] != NA:
        return "anon"
    return "resp_a" if name in RESP_A_PAGES else "segretario"


def _client(world, persona):
    client = Client()
    if world.user(persona) is not None:
        client.force_login(world.user(persona))
    return client


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def _send(client, method, url, data=None, field=None):
    """(problem or None, response). The test client re-raises a view's exception: that is a 500."""
    storico = VoceStorico.objects.count()
    try:
        response = client.get(url) if method == "GET" else client.post(url, data or {})
    except Exception as exc:  # noqa: BLE001 - any exception is the finding
        return f"{method} {url} {_short(data, field)}: eccezione {type(exc).__name__}: {str(exc)[:200]}", None
    if response.status_code >= 500:
        return f"{method} {url} {_short(data, field)}: {response.status_code}", response
    if 400 <= response.status_code < 500:
        if 'lang="it"' not in _body(response):
            return f"{method} {url} {_short(data, field)}: {response.status_code} senza pagina in italiano", response
        if VoceStorico.objects.count() != storico:
            return f"{method} {url} {_short(data, field)}: rifiutata ({response.status_code}) ma ha scritto nello Storico", response
    return None, response


def _short(data, field=None):
    """The fuzzed field alone when there is one: an admin form has dozens."""
    if not data:
        return ""
    shown = {field: data[field]} if field in data else {k: v for k, v in data.items() if k != "csrfmiddlewaretoken"}
    return "{" + ", ".join(f"{k}={str(v)[:20]!r}" for k, v in shown.items()) + "}"


def _bad_values(value):
    if isinstance(value, int):
        return YEAR_VALUES + INT_VALUES if 1990 <= value <= 2100 else INT_VALUES
    return STR_VALUES


def _fuzzed_urls(name, kwargs, query):
    for key, value in kwargs.items():
        for bad in _bad_values(value):
            try:
                yield reverse(name, kwargs={**kwargs, key: bad}) + query
            except NoReverseMatch:
                continue  # the converter refuses it: the URL cannot be requested at all


@pytest.mark.parametrize("name", sorted(SITE))
def test_malformed_path_parameters_never_give_a_500(world, name):
    entry = SITE[name]
    kwargs = entry.kwargs(world)
    problems = []
    for method in ("GET", "POST"):
        persona = _persona(name, entry, method)
        if persona is None or not kwargs:
            continue
        client = _client(world, persona)
        for url in _fuzzed_urls(name, kwargs, entry.query):
            problem, _response = _send(client, method, url, entry.post_data(world) if method == "POST" else None)
            if problem:
                problems.append(f"{persona} {problem}")
    assert not problems, "\n".join(problems)


ADMIN_OBJECT_VIEWS = sorted(
    f"admin:{m._meta.app_label}_{m._meta.model_name}_{view}"
    for m in admin.site._registry for view in ("change", "delete", "history")
)


@pytest.mark.parametrize("persona", ["superuser", "segretario"])
def test_malformed_admin_object_ids_never_give_a_500(world, persona):
    client = _client(world, persona)
    problems = []
    for name in ADMIN_OBJECT_VIEWS:
        for bad in ["0", "99999999999999999999", "..", "a" * 300, "1.5"]:
            url = reverse(name, kwargs={"object_id": bad})
            # The admin answers a missing row before it looks at the method: POST once per model.
            for method in ("GET", "POST") if name.endswith("_change") else ("GET",):
                problem, _response = _send(client, method, url, {})
                if problem:
                    problems.append(f"{persona} {problem}")
    assert not problems, "\n".join(problems)


class _Forms(HTMLParser):
    """The forms of a page: method, action and default values of their fields."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._select, self._textarea = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": {}}
        elif self._form is None or "name" not in a and tag != "option":
            return
        elif tag == "input":
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                self._form["fields"].setdefault(a["name"], None)
                return
            self._form["fields"][a["name"]] = a.get("value") or ("on" if kind == "checkbox" else "")
        elif tag == "select":
            self._select = a["name"]
            self._form["fields"].setdefault(a["name"], None)
        elif tag == "option" and self._select:
            fields = self._form["fields"]
            if fields.get(self._select) is None or "selected" in a:
                fields[self._select] = a.get("value", "")
        elif tag == "textarea":
            self._textarea = a["name"]
            self._form["fields"][a["name"]] = ""

    def handle_data(self, data):
        if self._textarea and self._form is not None:
            self._form["fields"][self._textarea] += data

    def handle_endtag(self, tag):
        if tag == "form" and self._form is not None:
            self.forms.append(self._form)
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _forms(url, html):
    parser = _Forms()
    parser.feed(html)
    for form in parser.forms:
        action = urlsplit(urljoin(url, form["action"] or url))
        fields = {k: v for k, v in form["fields"].items() if v is not None}
        yield form["method"], action.path + (f"?{action.query}" if action.query else ""), fields, set(form["fields"])


def _field_values(index):
    """Over-long and empty for every field; two of the malformed values, in turn, so that every
    value meets fields of every form without the cross product."""
    rest = FIELD_VALUES[2:]
    return FIELD_VALUES[:2] + [rest[(2 * index) % len(rest)], rest[(2 * index + 1) % len(rest)]]


GET_PAGES = sorted(n for n, e in SITE.items() if e.get["segretario"] != NA or e.get["resp_a"] != NA)
# An objective's page shows the override forms to the Segretario only: fuzz it as both.
ALSO_AS_SEGRETARIO = {"obiettivi:scheda", "obiettivi:indicatore"}


def _fuzz_forms(client, persona, page, html):
    problems = []
    for method, action, fields, names in _forms(page, html):
        if action.startswith(SKIP_ACTIONS):
            continue
        for index, field in enumerate(sorted(names - {"csrfmiddlewaretoken"})):
            for value in _field_values(index):
                data = {**fields, field: value}
                if method == "get":
                    url = f"{action.split('?')[0]}?{urlencode(data)}"
                    problem, _response = _send(client, "GET", url)
                else:
                    problem, _response = _send(client, "POST", action, data, field)
                if problem:
                    problems.append(f"{persona} {problem}")
    return problems


@pytest.mark.parametrize("name", GET_PAGES)
def test_every_form_of_a_page_refuses_malformed_fields_in_italian(world, name):
    entry = SITE[name]
    problems = []
    personas = {_persona(name, entry, "GET")} | ({"segretario"} if name in ALSO_AS_SEGRETARIO else set())
    for persona in sorted(personas):
        client = _client(world, persona)
        page = reverse(name, kwargs=entry.kwargs(world)) + entry.query
        response = client.get(page)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue  # a redirect, a file, or a page that does not exist in this world
        problems += _fuzz_forms(client, persona, page, _body(response))
        # The page's own query string (?anno=2018) is a form too.
        for key in parse_qs(urlsplit(page).query):
            for value in FIELD_VALUES:
                problem, _response = _send(client, "GET", f"{page.split('?')[0]}?{urlencode({key: value})}")
                if problem:
                    problems.append(f"{persona} {problem}")
    assert not problems, "\n".join(problems)


# Forms the world's state does not show (approving needs a complete Relazione, reopening an approved
# one...): posted straight to their URL with the fields of their form class.
HIDDEN_FORMS = {
    "relazioni:approva": [], "relazioni:pubblica": [], "relazioni:genera_pdf": [],
    "relazioni:riapri": list(RiaperturaForm.base_fields), "relazioni:validazione": list(ValidazioneForm.base_fields),
    "relazioni:delibera": list(DeliberaForm.base_fields),
    "ciclo:rettifica_crea": ["obiettivo", "indicatore", "anno", "next", *RettificaForm.base_fields],
    "ciclo:rettifica_revoca": ["motivazione", "next"],
}


@pytest.mark.parametrize("name", sorted(HIDDEN_FORMS))
def test_forms_not_shown_in_the_world_refuse_malformed_fields_too(world, name):
    entry = SITE[name]
    client = _client(world, "segretario")
    url = reverse(name, kwargs=entry.kwargs(world))
    base = entry.post_data(world)
    problems = []
    for index, field in enumerate(HIDDEN_FORMS[name] or ["campo"]):
        for value in _field_values(index):
            problem, _response = _send(client, "POST", url, {**base, field: value}, field)
            if problem:
                problems.append(f"segretario {problem}")
    assert not problems, "\n".join(problems)


# One test per model registered in the admin (its forms are large: fuzzed as one test, they were the
# suite's longest, which a parallel run waited for at its end).
ADMIN_REGISTRY = {model._meta.label_lower: model for model in admin.site._registry}


def _admin_pages(world, label):
    """(persona, URL) of a model's admin forms: the superuser's add page, and for a model with rows of
    an ente the Segretario's change page of ente A's row."""
    from .test_permission_matrix import _admin_objects

    opts = ADMIN_REGISTRY[label]._meta
    yield "superuser", reverse(f"admin:{opts.app_label}_{opts.model_name}_add")
    if not label.startswith(("axes.", "auth.", "django_tasks")):
        rows = _admin_objects(world, label)
        if rows:
            yield "segretario", reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[rows[0].pk])


@pytest.mark.parametrize("label", sorted(ADMIN_REGISTRY))
def test_admin_forms_refuse_malformed_fields_in_italian(world, label):
    """One malformed value per field, in turn (the admin's forms are large: no cross product)."""
    problems = []
    for persona, page in _admin_pages(world, label):
        client = _client(world, persona)
        response = client.get(page)
        if response.status_code != 200:
            continue
        for method, action, fields, names in _forms(page, _body(response)):
            if method != "post" or action.startswith(SKIP_ACTIONS):
                continue
            # An inline's blank template row (__prefix__) is ignored by Django whatever it holds.
            fuzzed = sorted(n for n in names - {"csrfmiddlewaretoken"} if "__prefix__" not in n)
            for index, field in enumerate(fuzzed):
                value = FIELD_VALUES[index % len(FIELD_VALUES)]
                problem, _response = _send(client, "POST", action, {**fields, field: value}, field)
                if problem:
                    problems.append(f"{persona} {problem}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("name", sorted(n for n, e in SITE.items() if e.get["segretario"] == NA))
def test_a_get_on_a_form_only_address_gets_the_italian_405_page(world, name):
    entry = SITE[name]
    client = _client(world, "anon" if entry.public else "segretario")
    response = client.get(reverse(name, kwargs=entry.kwargs(world)))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert "Errore 405" in _body(response) and 'lang="it"' in _body(response)
