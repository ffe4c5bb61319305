"""Browser journeys: Playwright driving Debian's Chromium (never a downloaded browser)."""

import json
import os
import shutil
import time
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in the test thread; the ORM calls the tests make
# around it are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_JS = (Path(__file__).parent / "axe.min.js").read_text()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, locale="it-IT")
    # Injected through the DevTools protocol, so the page's strict CSP stays in force.
    context.add_init_script(script=AXE_JS)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def browser_login(page):
    """browser_login(username) logs in through the real login form."""
    from tests.builders import PASSWORD

    def _login(username):
        page.goto("/accesso/")
        page.get_by_label("Nome utente").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Accedi").click()
        page.wait_for_load_state("networkidle")

    return _login


def wait_until(page, script, what, timeout=10):
    """Waits until `script` is true on the page. Not page.wait_for_function: when its first check is
    false it polls with eval(), which the page's CSP (no 'unsafe-eval') refuses, so a check that is
    not true at once (a loaded machine, two browsers in parallel) failed; each page.evaluate here is a
    DevTools call, which the CSP lets through, as for axe."""
    deadline = time.monotonic() + timeout
    while not page.evaluate(script):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        page.wait_for_timeout(50)


def axe_violations(page):
    """WCAG 2.1 A/AA violations axe-core finds on the page as it is now."""
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "help": v["help"],
         "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


@pytest.fixture
def assert_accessible(page):
    def _check():
        violations = axe_violations(page)
        assert violations == [], json.dumps(violations, indent=2, ensure_ascii=False)

    return _check
