"""The calendar page in a real browser: headless Chromium loads the example's year, runs the
page's script, and the DOM it dumps has the blocked November window with its reason, the
January window's changes, a change titled with a ``<script>`` as text (never run), and, opened
at ``#hide=RIS``, every RIS element hidden and the others shown. A screenshot is left in
build/calendar-browser/year.png.

Chromium is found and run by tests/browser.py (skipped without it, a failure in CI).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import Plan, Scenario

from .browser import PNG, chromium, dump_dom, screenshot
from .html_tree import Element, parse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "calendar-browser"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
PURPOSE = "check the calendar page"
HOSTILE = "<script>document.body.setAttribute('data-pwned', 'yes')</script>"


@pytest.fixture(scope="module")
def plan(example: Scenario) -> Plan:
    """The example's year, with the certificate renewal (in January) titled with a script."""
    changes = tuple(
        c.model_copy(update={"title": f"{HOSTILE} {c.title}"}) if c.id == "CHG-1017" else c
        for c in example.changes
    )
    scenario = example.model_copy(update={"changes": changes})
    return maintwin.plan(scenario, date(2026, 12, 1), date(2027, 12, 1), now=NOW)


@pytest.fixture(scope="module")
def page(plan: Plan) -> Path:
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "year.html"
    path.write_text(maintwin.calendar_html(plan), encoding="utf-8")
    return path


def test_the_browser_shows_the_windows_their_reasons_and_changes(plan: Plan, page: Path) -> None:
    dom = parse(dump_dom(chromium(PURPOSE), page.as_uri()))
    november = dom.by_id("window-ris-2027-11-10")
    assert "blocked" in november.classes
    assert "holiday-US-2027-11-11: holiday: Veterans Day" in november.text()
    january = dom.by_id("window-ris-2027-01-13")
    items = january.by_class("change", "li")
    assert [li.attrs["data-change"] for li in items] == ["CHG-1042", "CHG-1017"]
    titles = {c.id: c.title for c in plan.scenario.changes}
    assert [li.by_class("title")[0].text() for li in items] == [
        titles["CHG-1042"],
        titles["CHG-1017"],
    ]
    # The title's script is text: no element of it, and it never ran.
    [title] = items[1].by_class("title")
    assert title.children == [titles["CHG-1017"]]
    assert len(dom.tagged("script")) == 1
    assert "data-pwned" not in dom.tagged("body")[0].attrs
    # The script ran: the filter is shown, and hides nothing yet.
    assert not dom.by_id("filter").hidden
    assert not [e for e in dom.iter() if e.hidden]
    assert dom.by_id("filter-state").text() == "Showing every subsystem: Biz, PACS, RIS."


def _of(dom: Element, subsystem: str) -> list[Element]:
    return [e for e in dom.iter() if e.attrs.get("data-subsystem") == subsystem]


def test_a_link_with_hide_opens_the_page_filtered(plan: Plan, page: Path) -> None:
    dom = parse(dump_dom(chromium(PURPOSE), f"{page.as_uri()}#hide=RIS"))
    ris = _of(dom, "RIS")
    # Its windows' cards, their changes, its releases and its marks in the year view.
    assert {f"window-{w.id}" for w in plan.windows if w.subsystem == "RIS"} <= {
        e.attrs.get("id") for e in ris
    }
    assert {"article", "li", "span"} <= {e.tag for e in ris}
    assert all(e.hidden for e in ris)
    for other in ("PACS", "Biz"):
        shown = _of(dom, other)
        assert shown
        assert not [e for e in shown if e.hidden], other
    assert not dom.by_id("window-pacs-upgrade-fri").hidden
    # Blackouts of every subsystem stay; the Biz quarter-close too, Biz being shown.
    assert not [e for e in dom.iter() if "data-scope" in e.attrs and e.hidden]
    assert dom.by_id("filter-state").text() == "Showing Biz, PACS; hidden: RIS."


def test_hiding_every_subsystem_of_a_blackout_hides_it(page: Path) -> None:
    dom = parse(dump_dom(chromium(PURPOSE), f"{page.as_uri()}#hide=Biz"))
    scoped = [e for e in dom.iter() if e.attrs.get("data-scope") == '["Biz"]']
    assert scoped
    assert all(e.hidden for e in scoped)
    assert all(e.hidden for e in _of(dom, "Biz"))
    assert not [e for e in _of(dom, "RIS") if e.hidden]


def test_the_browser_takes_a_screenshot_of_the_year(page: Path) -> None:
    data = screenshot(chromium(PURPOSE), page.as_uri(), OUT / "year.png", size="1400,2000")
    assert data.startswith(PNG)
    assert len(data) > 50_000  # a blank 1400x2000 page compresses to a few kilobytes
