"""Every page of the site that a person opens (each GET entry of tests/url_table.py that answers with
HTML), as the first persona allowed to open it, at desktop and phone widths: no WCAG 2.1 A/AA
violation that axe-core finds, and no sideways page scroll. A new page is checked as soon as it has
its entry in the table."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from tests.e2e.conftest import axe_violations
from tests.url_table import OK, SITE
from tests.world import PERSONAS, build_world

WIDTHS = [(1366, 900), (390, 844)]
# Who looks at a page: someone of ente A who may open it, the widest reader first.
LOOKERS = ["segretario", "nucleo", "resp_a", "anon"]
# Fragments fetched by a page's script (the PDF's state), not pages of their own.
FRAGMENTS = {"relazioni:stato_pdf"}


def _pages():
    for name, entry in sorted(SITE.items()):
        looker = next((p for p in LOOKERS if entry.get[p] == OK), None)
        if looker is not None and name not in FRAGMENTS:
            yield name, looker


@pytest.mark.parametrize("name,looker", list(_pages()))
def test_every_page_is_accessible_and_fits_a_phone(name, looker, page, live_server, personas):
    world = build_world(personas)
    entry = SITE[name]
    url = reverse(name, kwargs=entry.kwargs(world)) + entry.query
    user = world.user(looker)
    client = Client()
    if user is not None:  # the session of a logged-in test client, handed to the browser
        client.force_login(user)
        page.context.add_cookies([{"name": "sessionid", "value": client.cookies["sessionid"].value,
                                   "url": live_server.url}])
    kind = client.get(url).headers.get("Content-Type", "")
    if "text/html" not in kind:
        pytest.skip(f"{name}: not a page ({kind}), a file to download")
    page.goto(url)
    problems = []
    for width, height in WIDTHS:
        page.set_viewport_size({"width": width, "height": height})
        if not page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"):
            problems.append(f"{width} px: la pagina scorre di lato")
        violations = axe_violations(page)
        if violations:
            problems.append(f"{width} px: {json.dumps(violations, ensure_ascii=False)}")
    assert not problems, f"{name} ({looker}) {url}\n" + "\n".join(problems)


def test_the_lookers_are_personas():
    assert set(LOOKERS) <= set(PERSONAS)
