"""``make demo``, as the README's first command runs it: the plan through the ``maintwin``
command, then the feeds, the runbook checklist and the year's calendar page written to build/.

The Makefile's set-up (the virtual environment) is the test run's own: ``make`` is told not to
rebuild it (``-o``) and to run this interpreter's ``maintwin``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build"
WRITTEN = [
    BUILD / "feeds" / "teleradiology-client.ics",
    BUILD / "feeds" / "teleradiology-internal.ics",
    BUILD / "feeds" / "teleradiology-series.ics",
    BUILD / "runbooks" / "pacs-upgrade-fri.html",
    BUILD / "year.html",
]


@pytest.fixture(scope="module")
def demo() -> subprocess.CompletedProcess[str]:
    make = shutil.which("make")
    assert make is not None, "make is one of the two tools the README asks for"
    for path in WRITTEN:
        path.unlink(missing_ok=True)
    return subprocess.run(
        [
            make,
            "-s",
            "-o",
            ".venv/.installed-stamp",
            "demo",
            f"MAINTWIN={sys.executable} -m maintwin",
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_make_demo_prints_the_plan_through_the_command(
    demo: subprocess.CompletedProcess[str],
) -> None:
    assert demo.returncode == 0, demo.stderr
    lines = demo.stdout.splitlines()
    assert lines[0] == (
        "teleradiology-platform: 2026-12-01 to 2027-12-01 (end exclusive), times in America/Chicago"
    )
    assert "5 of 6 changes placed in 15 windows (3 blocked)" in lines[1]
    assert any(line.startswith("Conflicts (3, 1 error)") for line in lines)
    assert any(line.startswith("Playbook of CHG-1042") for line in lines)
    assert "Runbook of window pacs-upgrade-fri (PACS)" in lines
    assert "Wed 2027-01-13 10:05 CST: open" in lines
    assert "Traceback" not in demo.stderr


def test_make_demo_writes_the_feeds_the_checklist_and_year_html(
    demo: subprocess.CompletedProcess[str],
) -> None:
    assert demo.returncode == 0, demo.stderr
    for path in WRITTEN:
        assert f"wrote {path.relative_to(ROOT)}" in demo.stdout
        assert path.stat().st_size > 0, path
    client = icalendar.Calendar.from_ical(WRITTEN[0].read_bytes())
    assert len(client.events) == 12
    page = (BUILD / "year.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>")
    assert "ris-2027-11-10" in page
