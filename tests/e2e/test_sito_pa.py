"""The public pages of the Lodrino demo as a PA site on a phone: at 320 and 390 px the page never
scrolls sideways, the footer has its links, and axe-core finds nothing (the new pages included: the
Performance page's sub-sections and the published Piano). With SCREENSHOTS_DIR set, the laptop
screenshots of publiccode.yml are written there (docs/screenshots/)."""

import os
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.e2e.conftest import axe_violations

WIDTHS = [320, 390]
PUBLIC_PAGES = ["/", "/lodrino/performance/", "/lodrino/piano/2018/", "/lodrino/relazione/2018/"]
SCREENSHOTS = {"performance": "/lodrino/performance/", "relazione": "/lodrino/relazione/2018/"}


@pytest.fixture
def demo(settings, transactional_db):
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", stdout=open("/dev/null", "w"))


def scroll_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.mark.parametrize("width", WIDTHS)
def test_the_public_pages_fit_a_phone_without_sideways_scroll(page, demo, width):
    page.set_viewport_size({"width": width, "height": 800})
    wide = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if scroll_width(page) > width:
            wide[path] = scroll_width(page)
        assert axe_violations(page) == [], path
    assert wide == {}


def test_the_performance_page_has_its_sub_sections_and_the_footer_its_links(page, demo):
    page.goto("/lodrino/performance/")
    for label in ("Sistema di misurazione e valutazione della Performance", "Piano della Performance",
                  "Relazione sulla Performance", "Ammontare complessivo dei premi", "Dati relativi ai premi"):
        assert page.get_by_role("heading", name=label, exact=True).is_visible()
    footer = page.locator("footer")
    for name in ("Dichiarazione di accessibilità", "Privacy", "Note legali"):
        assert footer.get_by_role("link", name=name).is_visible()
    page.get_by_role("link", name="Piano della Performance 2018–2020", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "PIANO DELLA PERFORMANCE" in page.get_by_role("heading", level=1).inner_text()
    assert axe_violations(page) == []


@pytest.mark.skipif(not os.environ.get("SCREENSHOTS_DIR"), reason="only to refresh docs/screenshots/")
def test_screenshots_for_publiccode(page, demo):
    folder = Path(os.environ["SCREENSHOTS_DIR"])
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    for name, path in SCREENSHOTS.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=folder / f"{name}.png")
