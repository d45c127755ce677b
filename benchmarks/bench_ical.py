"""Calendar feeds: how long writing a plan's feed, writing the series and importing a calendar
take as they grow. Each size is doubled once, to show how the time scales.

Run with ``make bench`` (or ``python benchmarks/bench_ical.py``).
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bench_expand import timed, weekly_trains

import maintwin
from maintwin import ical

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
START, END = date(2027, 1, 1), date(2028, 1, 1)


def holidays_calendar(events: int) -> str:
    """``events`` all-day events, one every three days from 2017 on, so that most of them
    lie outside a one-year horizon (as in a holiday calendar kept for decades)."""
    first = date(2017, 1, 1)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//bench//EN"]
    for i in range(events):
        day = first + timedelta(days=3 * i)
        lines += [
            "BEGIN:VEVENT",
            f"UID:holiday-{i}",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"SUMMARY:Holiday {i}",
            "END:VEVENT",
        ]
    return "\r\n".join([*lines, "END:VCALENDAR", ""])


def main() -> int:
    print("Calendar feeds (one-year horizon; time, peak memory)")
    for trains in (25, 50):
        scenario = maintwin.Scenario(
            name="bench", timezone="America/Chicago", trains=weekly_trains(trains)
        )
        plan = maintwin.plan(scenario, START, END, now=NOW)
        feed, seconds, peak = timed(lambda p=plan: ical.to_ical(p, audience="internal"))
        print(
            f"  to_ical, {len(plan.windows):,} windows: {seconds:.2f} s, {peak:.0f} MiB, "
            f"{len(feed) / 2**20:.1f} MiB of feed"
        )
        _, seconds, peak = timed(
            lambda p=plan, f=feed: ical.to_ical(p, audience="internal", previous=f)
        )
        print(f"  to_ical with previous=, {len(plan.windows):,} windows: {seconds:.2f} s")
        _, seconds, peak = timed(lambda s=scenario: ical.series_to_ical(s, START, END, now=NOW))
        print(f"  series_to_ical, {trains} trains: {seconds:.2f} s, {peak:.0f} MiB")
    for events in (2_000, 4_000):
        data = holidays_calendar(events)
        found, seconds, peak = timed(
            lambda d=data: ical.blackouts_from_ical(
                d, reason="holiday", start=START, end=END, timezone="America/Chicago"
            )
        )
        print(
            f"  blackouts_from_ical, {events:,} events ({len(found)} in the horizon): "
            f"{seconds:.2f} s, {peak:.0f} MiB"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
