"""The main example: twelve months of releases, downtime windows and the plan of a
teleradiology platform.

Biz, PACS and RIS each ship monthly on their own day; only RIS carries a 15-minute downtime
window, at 10:00 America/Chicago. US holidays (widened by a day either side) and a year-end
freeze are blackouts; a blocked window is listed with the blackouts that block it, or with the
staffing gap that keeps it from running (a DBA on leave). Each open window shows its crew
(primary and backup per role), and the changes packed into it: its runbook (the changes in
order, with their offsets) and how much of its capacity they use; the conflicts follow. Then
the notice calendar (every notice the plan calls for: to clients, each on its own clock, to the
internal audience for the short-notice firewall change, and to each crew), and that change's
short-notice playbook, and the runbook of the PACS archive upgrade's weekend window (each step on
the window's clock and its owners', the go/no-go gate at the point of no return, the rollback
path). Last, it writes the calendar feeds (the client and internal feeds of the plan and the
standing series) and that runbook as a printable HTML checklist, and prints their paths.

Run it with ``make demo`` (or ``python examples/demo.py [scenario.toml] [--feeds DIR]
[--runbooks DIR]``; the feeds go to ``build/feeds`` and the checklist to ``build/runbooks``
unless the options name other directories).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import maintwin
from maintwin import ical

SCENARIO = Path(__file__).with_name("teleradiology.toml")
FEEDS = Path("build") / "feeds"
RUNBOOKS = Path("build") / "runbooks"
START = date(2026, 12, 1)  # a fixed date, so the output is the same every day
END = date(2027, 12, 1)
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("America/Chicago"))  # the planning clock
PLAYBOOK = "CHG-1042"  # the short-notice firewall change
RUNBOOK = "pacs-upgrade-fri"  # the weekend window of the PACS archive upgrade


def _when(start: datetime, end: datetime | None = None) -> str:
    until = f"-{end:%H:%M}" if end is not None else ""
    return f"{start:%a %Y-%m-%d %H:%M}{until} {start.tzname()}"


def _minutes(span: timedelta) -> str:
    return f"{span.total_seconds() / 60:g} min"


def render(scenario: maintwin.Scenario, start: date, end: date, now: datetime) -> str:
    """The releases, the planned windows, the conflicts and the blackouts of ``[start, end)``."""
    releases = scenario.releases(start, end)
    plan = maintwin.plan(scenario, start, end, now=now)
    windows = plan.windows
    changes = {c.id: c for c in scenario.changes}
    periods = scenario.blackout_periods(start, end)
    why = {p.blackout: f"{p.reason}" + (f": {p.title}" if p.title else "") for p in periods}
    for window in windows:  # a staffing gap says what the window is short of
        why.update({g.id: maintwin.gap_text(g) for g in window.gaps})
    lines = [
        f"{scenario.name}: releases and downtime windows",
        f"{start} to {end} (end exclusive), local times in {scenario.timezone}",
        "",
        f"Releases ({len(releases)})",
    ]
    for release in releases:
        downtime = ""
        if release.window is not None:
            minutes = release.window.length.total_seconds() / 60
            downtime = f"  downtime {minutes:.0f} min, window {release.window.id}"
        lines.append(
            f"  {_when(release.start)}  {release.subsystem:<5} {release.version}{downtime}"
        )
    blocked = sum(w.blocked for w in windows)
    placed = len(plan.assignments)
    lines += [
        "",
        f"Downtime windows ({len(windows)}, {blocked} blocked), planned on {now:%Y-%m-%d %H:%M %Z}:"
        f" {placed} of {len(changes)} changes placed",
    ]
    for window in windows:
        runbook = plan.runbook(window.id).changes
        used = sum((c.estimate.work for c in runbook), timedelta(0))
        status = f"{_minutes(used)} of {_minutes(window.capacity)} used"
        if window.blocked:
            status = "BLOCKED by " + "; ".join(f"{b} ({why[b]})" for b in window.blocked_by)
        shifted = " (start moved past a DST gap)" if window.shifted else ""
        lines.append(
            f"  {window.id:<20} {_when(window.start, window.end)}  "
            f"{window.subsystem:<5} {status}{shifted}"
        )
        if window.crew:
            lines.append(f"      crew: {maintwin.crew_text(window.crew)}")
        for c in runbook:
            minutes = int(c.offset.total_seconds() // 60)
            lines.append(
                f"      +{minutes // 60}:{minutes % 60:02d}  {c.change:<9} "
                f"{_minutes(c.estimate.work):>7}  {c.title}"
            )
    lines += ["", f"Conflicts ({len(plan.conflicts)})"]
    lines += [f"  {conflict}" for conflict in plan.conflicts]
    lines += ["", *notice_calendar(plan)]
    lines += ["", str(plan.playbook(PLAYBOOK))]
    if any(w.id == RUNBOOK for w in windows):
        lines += ["", str(plan.runbook(RUNBOOK))]
    lines += ["", f"Blackouts in the horizon ({len(periods)})"]
    for period in periods:
        scope = ", ".join(period.scope) if period.scope else "all subsystems"
        lines.append(
            f"  {period.blackout:<26} {period.start:%Y-%m-%d %H:%M} to "
            f"{period.end:%Y-%m-%d %H:%M}  {period.reason:<8} {scope}"
        )
    return "\n".join(lines)


def notice_calendar(plan: maintwin.Plan) -> list[str]:
    """One line per notice to send: when (on the scenario's clock), about which window, to
    whom (each reader, or ``all`` for a whole audience)."""
    tz = ZoneInfo(plan.scenario.timezone)
    groups: dict[tuple[datetime, str, str, str], list[maintwin.Notice]] = {}
    for n in plan.notices:
        key = (n.due.astimezone(tz), n.window, n.label, n.audience.value)
        groups.setdefault(key, []).append(n)
    lines = [f"Notice calendar ({len(plan.notices)} notices, times in {plan.scenario.timezone})"]
    for (due, window, label, audience), found in groups.items():
        late = " LATE" if any(n.late for n in found) else ""
        readers = ", ".join(n.reader or "all" for n in found)
        lines.append(
            f"  {due:%a %Y-%m-%d %H:%M}  {window:<16} {label:<23} {audience:<8} {readers}{late}"
        )
    return lines


def write_feeds(
    scenario: maintwin.Scenario, start: date, end: date, now: datetime, folder: Path, stem: str
) -> list[Path]:
    """Write the client and internal feeds of the plan and the standing series to ``folder``,
    as ``<stem>-client.ics``, ``<stem>-internal.ics`` and ``<stem>-series.ics``."""
    plan = maintwin.plan(scenario, start, end, now=now)
    feeds = {
        "client": ical.to_ical(plan, audience="client"),
        "internal": ical.to_ical(plan, audience="internal"),
        "series": ical.series_to_ical(scenario, start, end, now=now),
    }
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind, data in feeds.items():
        path = folder / f"{stem}-{kind}.ics"
        path.write_bytes(data)
        paths.append(path)
    return paths


def write_runbook(
    scenario: maintwin.Scenario, start: date, end: date, now: datetime, folder: Path, window: str
) -> Path | None:
    """Write the runbook of ``window`` as a printable HTML checklist, ``<window>.html`` in
    ``folder`` (``None``: the plan has no such window)."""
    plan = maintwin.plan(scenario, start, end, now=now)
    if not any(w.id == window for w in plan.windows):
        return None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{window}.html"
    path.write_text(plan.runbook(window).html(), encoding="utf-8")
    return path


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenario", nargs="?", default=SCENARIO, type=Path)
    parser.add_argument("--feeds", default=FEEDS, type=Path, help="where to write the feeds")
    parser.add_argument(
        "--runbooks", default=RUNBOOKS, type=Path, help="where to write the runbook checklist"
    )
    args = parser.parse_args(argv[1:])
    scenario = maintwin.Scenario.load(args.scenario)
    print(render(scenario, START, END, NOW))
    paths = write_feeds(scenario, START, END, NOW, args.feeds, args.scenario.stem)
    print("", "Calendar feeds (subscribe to them, or import them)", sep="\n")
    for path in paths:
        print(f"  {path}")
    checklist = write_runbook(scenario, START, END, NOW, args.runbooks, RUNBOOK)
    if checklist is not None:
        print("", "Runbook checklist (open it in a browser, print it)", f"  {checklist}", sep="\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
