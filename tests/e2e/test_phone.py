"""Le mie schede, the Relazione and the Performance page on a phone (390 px) and a laptop (1366 px), on the
Lodrino demo, whose long area names and large amounts first showed the faults: the page never scrolls
sideways, a wide table scrolls in a focusable region that says so, numbers and headers never break inside
a word, the chart's text is readable, and axe-core finds nothing. Screenshots land in the test's tmp dir."""

import pytest
from django.core.management import call_command

from obiettivi import demo
from obiettivi.models import Ente, Periodo
from tests.e2e.conftest import axe_violations, wait_until

PHONE, LAPTOP = {"width": 390, "height": 844}, {"width": 1366, "height": 900}

# Every word of a cell's text on one line: a number ("43.870,5 €") or a header ("Grado") split across
# lines shows as more than one line box for one word. .dettaglio notes under a number may wrap.
BROKEN_WORDS = """(selector) => {
  const broken = [];
  for (const cell of document.querySelectorAll(selector)) {
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (node.parentElement.closest('.dettaglio, .visually-hidden, details')) continue;
      const pieces = cell.matches('td.num') ? [node.data.trim()] : node.data.split(/\\s+/);
      for (const piece of pieces) {
        if (!piece) continue;
        const start = node.data.indexOf(piece);
        const range = document.createRange();
        range.setStart(node, start);
        range.setEnd(node, start + piece.length);
        const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
        if (tops.size > 1) broken.push(piece);
      }
    }
  }
  return broken;
}"""

OVERLAPPING_HEADERS = """(selector) => [...document.querySelectorAll(selector)].filter(th => {
  const range = document.createRange();
  range.selectNodeContents(th);
  const box = th.getBoundingClientRect();
  return [...range.getClientRects()].some(r => r.right > box.right + 0.5 || r.left < box.left - 0.5);
}).map(th => th.textContent.trim())"""

CHART_TEXT = """() => {
  const svg = document.querySelector('.grafico svg');
  const scale = svg.getScreenCTM().a;
  const right = svg.getBoundingClientRect().right;
  return [...svg.querySelectorAll('text')].map(t => ({
    text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
    inside: t.getBoundingClientRect().right <= right + 0.5,
  }));
}"""


@pytest.fixture
def lodrino(settings, transactional_db):
    """The demo, with both entry periods of 2019 open (the widest Le mie schede)."""
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", stdout=open("/dev/null", "w"))
    ente = Ente.objects.get(slug="lodrino")
    Periodo.objects.filter(ente=ente, anno=2019).update(aperto=True)
    return ente


def page_scrolls_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def check_at(page, viewport, name, tmp_path):
    """At a viewport: a screenshot, no sideways scroll of the page, no axe violation."""
    page.set_viewport_size(viewport)
    page.reload()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=tmp_path / f"{name}-{viewport['width']}.png", full_page=True)
    assert not page_scrolls_sideways(page), page.evaluate("document.documentElement.scrollWidth")
    assert axe_violations(page) == []


def test_le_mie_schede_fits_a_phone_and_a_laptop_with_both_periods_open(page, lodrino, tmp_path):
    page.goto("/accesso/")
    page.get_by_label("Nome utente").fill("lbonomi")
    page.get_by_label("Password").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Accedi").click()
    page.get_by_role("link", name="Le mie schede").first.click()
    assert page.get_by_role("columnheader", name="Valori di luglio inseriti").first.is_visible()
    assert page.get_by_role("columnheader", name="Valori di fine anno inseriti").first.is_visible()

    check_at(page, LAPTOP, "mie-schede", tmp_path)
    assert page.evaluate(OVERLAPPING_HEADERS, ".table-schede thead th") == []
    assert not page.get_by_text("La tabella è più larga dello schermo").first.is_visible()

    check_at(page, PHONE, "mie-schede", tmp_path)
    region = page.get_by_role("region", name="Area amministrativa e servizi demografici")
    assert region.get_attribute("tabindex") == "0"
    assert page.get_by_text("La tabella è più larga dello schermo").first.is_visible()
    region.focus()
    page.keyboard.press("ArrowRight")
    wait_until(page, "() => document.activeElement.scrollLeft > 0", "the keyboard to scroll the table")
    assert page.evaluate(BROKEN_WORDS, ".table-schede th, .table-schede td.num") == []


def test_the_relazione_reads_on_a_phone_numbers_headers_and_chart_whole(page, lodrino, tmp_path):
    page.goto("/lodrino/relazione/2018/")
    assert page.get_by_role("heading", name="RELAZIONE 2018").is_visible()
    assert page.get_by_text("2018–2020").first.is_visible()
    assert page.get_by_text("Approvata dal Segretario Comunale, Lorenzi dott. Alberto, il 14/05/2019").is_visible()

    check_at(page, LAPTOP, "relazione", tmp_path)
    check_at(page, PHONE, "relazione", tmp_path)
    assert page.get_by_role("cell", name="43.870,5 €").first.is_visible()
    assert page.evaluate(BROKEN_WORDS, ".relazione th, .relazione td.num") == []
    texts = page.evaluate(CHART_TEXT)
    assert texts and all(t["px"] >= 12 for t in texts), texts
    assert all(t["inside"] for t in texts), [t for t in texts if not t["inside"]]
    assert any(t["text"] == "Parzialmente raggiunto" for t in texts)  # the legend is part of the chart
    assert not any("…" in t["text"] for t in texts)


def test_the_performance_page_fits_a_phone_and_its_login_link_has_a_name(page, lodrino, tmp_path):
    page.goto("/lodrino/performance/")
    check_at(page, LAPTOP, "performance", tmp_path)
    check_at(page, PHONE, "performance", tmp_path)
    accedi = page.get_by_role("link", name="Accedi all'area riservata")
    assert accedi.is_visible()
    assert page.get_by_role("heading", name="Relazione sulla Performance", exact=True).is_visible()
    assert page.get_by_role("link", name="Relazione sulla Performance 2018", exact=True).is_visible()
