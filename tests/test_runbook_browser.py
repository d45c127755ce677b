"""The runbook's HTML checklist in a real browser: headless Chromium reads the page the example's
upgrade window renders, and the DOM it builds has every step, the gate with its point of no
return, a checkbox per step; a screenshot of the page is left in build/runbook-browser/.

Chromium is found and run by tests/browser.py (skipped without it, a failure in CI).
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import Scenario

from .browser import PNG, chromium, dump_dom, screenshot

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "runbook-browser"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
PURPOSE = "check the runbook page"


@pytest.fixture(scope="module")
def page(example: Scenario) -> tuple[maintwin.Runbook, Path]:
    plan = maintwin.plan(example, date(2026, 12, 1), date(2027, 12, 1), now=NOW)
    runbook = plan.runbook("pacs-upgrade-fri")
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "runbook.html"
    path.write_text(runbook.html(), encoding="utf-8")
    return runbook, path


def test_the_browser_shows_every_step_the_gate_and_its_time(
    page: tuple[maintwin.Runbook, Path],
) -> None:
    browser = chromium(PURPOSE)
    runbook, path = page
    dom = dump_dom(browser, path.as_uri())
    [change] = runbook.changes
    steps = (*change.steps, *change.rollback)
    assert len(steps) == 9 + 4
    for title in (
        "Backup taken and verified restorable",
        "Run the vendor upgrade package",
        "Go/no-go",
        "Re-enable disaster recovery replication",
        "Restore the archive database from the verified backup",
    ):
        assert title in dom, title
    assert all(s.title in dom for s in steps)  # none of them lost on the way
    assert dom.count('type="checkbox"') == len(steps)
    assert dom.count('<tr class="gate">') == 1
    assert "GO/NO-GO by Sun 2027-04-18 22:00 CDT (point of no return)" in dom
    assert "Fri 22:00\N{EN DASH}Sat 00:10 CDT" in dom  # the first step's time
    assert "kim Fri 23:50\N{EN DASH}Sat 00:05 MDT" in dom  # and on its owner's clock
    assert "Start the rollback by Sun 2027-04-18 22:00 CDT" in dom


def test_the_browser_takes_a_screenshot_of_the_checklist(
    page: tuple[maintwin.Runbook, Path],
) -> None:
    browser = chromium(PURPOSE)
    _, path = page
    data = screenshot(browser, path.as_uri(), OUT / "runbook.png", size="1280,2000")
    assert data.startswith(PNG)
    assert len(data) > 20_000  # a blank 1280x2000 page compresses to a few kilobytes
