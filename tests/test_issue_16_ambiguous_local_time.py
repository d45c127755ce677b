"""Issue 16: a local time in the repeated hour after the clocks go back was written with its
TZID. RFC 5545 reads it as the first pass, ical.js as the second: a Chicago one-off from
2026-11-01 00:30 for PT1H ends at 01:30 CDT (06:30Z), and ical.js showed 07:30Z. Any local time
that the clock shows twice is written in UTC (and so is the other end of the event)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar

import maintwin
from maintwin import OneOffWindow, ReleaseTrain, Scenario, Schedule
from maintwin.ical import series_to_ical, to_ical

from .icaljs import icaljs_occurrences

NOW = datetime(2026, 10, 1, tzinfo=UTC)
ONE_OFF = OneOffWindow(
    id="vendor", subsystem="RIS", start=datetime(2026, 11, 1, 0, 30), duration="PT1H"
)
SCENARIO = Scenario(
    name="x",
    timezone="America/Chicago",
    trains=[
        ReleaseTrain(
            id="ris", subsystem="RIS", schedule=Schedule.weekly("WE", at="10:00"), downtime=None
        )
    ],
    windows=[ONE_OFF],
)
START, END = date(2026, 10, 1), date(2026, 12, 1)


def _feeds() -> dict[str, bytes]:
    plan = maintwin.plan(SCENARIO, START, END, now=NOW)
    return {
        "series": series_to_ical(SCENARIO, START, END, now=NOW),
        "client": to_ical(plan),
        "internal": to_ical(plan, audience="internal"),
    }


def test_the_end_in_the_repeated_hour_is_written_in_utc() -> None:
    for name, feed in _feeds().items():
        [event] = icalendar.Calendar.from_ical(feed).events
        assert event.decoded("DTEND").astimezone(UTC) == datetime(2026, 11, 1, 6, 30, tzinfo=UTC)
        assert event.decoded("DTSTART").astimezone(UTC) == datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
        assert b"DTEND:20261101T063000Z" in feed, name


def test_icaljs_reads_the_first_pass() -> None:
    lo, hi = datetime(2026, 10, 1, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)
    for name, read in icaljs_occurrences(_feeds(), lo, hi).items():
        assert not isinstance(read, str), read
        assert [(a, b) for _, a, b in read] == [
            (datetime(2026, 11, 1, 5, 30, tzinfo=UTC), datetime(2026, 11, 1, 6, 30, tzinfo=UTC))
        ], name
