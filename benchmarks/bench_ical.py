"""Calendar feeds: how long writing a plan's feed, writing the series and importing a calendar
take as they grow, and the events written per second (every VEVENT, cancelled ones too). Each
size is doubled, to show how the time scales.

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


def events_in(feed: bytes) -> int:
    """The VEVENTs of ``feed``, cancelled ones too."""
    return feed.count(b"BEGIN:VEVENT\r\n")


def main() -> int:
    print("Calendar feeds (one-year horizon; time, events per second, peak memory)")
    before: dict[str, float] = {}

    def report(what: str, feed: bytes, seconds: float, peak: float | None = None) -> None:
        events = events_in(feed)
        ratio = f", x{seconds / before[what]:.2f} when doubled" if what in before else ""
        memory = f", {peak:.0f} MiB" if peak is not None else ""
        print(
            f"  {what}, {events:,} events: {seconds:.3f} s, {events / seconds:,.0f} events/s"
            f"{memory}{ratio}"
        )
        before[what] = seconds

    for trains in (25, 50, 100):
        scenario = maintwin.Scenario(
            name="bench", timezone="America/Chicago", trains=weekly_trains(trains)
        )
        plan = maintwin.plan(scenario, START, END, now=NOW)
        print(f" {trains} trains, {len(plan.windows):,} windows")
        feed, seconds, peak = timed(lambda p=plan: ical.to_ical(p, audience="internal"))
        report("to_ical (internal)", feed, seconds, peak)
        again, seconds, _ = timed(
            lambda p=plan, f=feed: ical.to_ical(p, audience="internal", previous=f)
        )
        report("to_ical (internal) with previous=", again, seconds)
        series, seconds, peak = timed(
            lambda s=scenario: ical.series_to_ical(s, START, END, now=NOW)
        )
        report("series_to_ical", series, seconds, peak)
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
