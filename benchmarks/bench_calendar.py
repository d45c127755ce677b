"""Calendar page figures: the time and size of ``calendar_html`` as the windows double.

Weekly trains over a year, a recurring Friday blackout, ten 5-minute changes a subsystem.
Run with ``make bench``; prints figures, asserts nothing.
"""

from __future__ import annotations

import sys
from datetime import date, datetime
from zoneinfo import ZoneInfo

from bench_expand import timed, weekly_trains

import maintwin
from maintwin import Blackout, Change, Scenario, Schedule

START, END = date(2027, 1, 1), date(2028, 1, 1)
ASKED = date(2026, 1, 1)
NOW = datetime(2026, 11, 1, tzinfo=ZoneInfo("America/Chicago"))


def plan(trains: int) -> maintwin.Plan:
    fridays = Blackout(id="fri", reason="other", schedule=Schedule.weekly("FR"), duration="P1D")
    changes = [
        Change(id=f"C{i}", subsystem=f"S{i % trains}", duration="PT5M", requested_on=ASKED)
        for i in range(trains * 10)
    ]
    scenario = Scenario(
        name="bench",
        timezone="America/Chicago",
        trains=weekly_trains(trains),
        blackouts=[fridays],
        changes=changes,
    )
    return maintwin.plan(scenario, START, END, now=NOW)


def main() -> int:
    print("calendar page: weekly trains over 2027, a Friday blackout, 10 changes a subsystem")
    heads = ("trains", 7), ("windows", 8), ("seconds", 8), ("KiB", 7), ("peak MiB", 9)
    print(" ".join(f"{h:>{w}}" for h, w in heads))
    previous = None
    for trains in (4, 8, 16, 32):
        p = plan(trains)
        page, elapsed, peak = timed(lambda p=p: maintwin.calendar_html(p))
        ratio = f"  x{elapsed / previous:.2f} when doubled" if previous else ""
        size = len(page.encode()) / 1024
        print(f"{trains:>7} {len(p.windows):>8} {elapsed:>8.3f} {size:>7.0f} {peak:>9.1f}{ratio}")
        previous = elapsed
    return 0


if __name__ == "__main__":
    sys.exit(main())
