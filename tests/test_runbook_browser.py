"""The runbook's HTML checklist in a real browser: headless Chromium reads the page the example's
upgrade window renders, and the DOM it builds has every step, the gate with its point of no
return, a checkbox per step; a screenshot of the page is left in build/runbook-browser/.

CI installs Chromium itself (.ci/run); elsewhere, without it, the test is skipped and says how
to install it. In CI (``CI=true``) a missing browser fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import Scenario

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "runbook-browser"
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
PNG = b"\x89PNG\r\n\x1a\n"


def _browser() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is not None:
        return found
    message = (
        "headless Chromium is not installed; install it (Debian/Ubuntu: "
        "apt-get install -y chromium) to check the runbook page in a browser"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}: CI must run this test, and .ci/run installs it")
    pytest.skip(message)


def _run(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )


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
    browser = _browser()
    runbook, path = page
    dom = _run(browser, "--dump-dom", path.as_uri()).stdout
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
    browser = _browser()
    _, path = page
    shot = OUT / "runbook.png"
    shot.unlink(missing_ok=True)
    _run(browser, f"--screenshot={shot}", "--window-size=1280,2000", path.as_uri())
    data = shot.read_bytes()
    assert data.startswith(PNG)
    assert len(data) > 20_000  # a blank 1280x2000 page compresses to a few kilobytes
