"""Issue 16: a series written as DTSTART and RDATEs, with no RRULE (the last Friday + 3 days),
lost its first window in ical.js. DTSTART is listed among the RDATEs as well (RFC 5545 counts
it once either way)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar

from maintwin import ReleaseTrain, Scenario, Schedule
from maintwin.ical import series_to_ical

from .icaljs import icaljs_occurrences

NOW = datetime(2026, 12, 1, tzinfo=UTC)
START, END = date(2027, 1, 1), date(2027, 7, 1)
SCENARIO = Scenario(
    name="x",
    timezone="Asia/Tokyo",  # no clock changes: the VTIMEZONE plays no part
    trains=[
        ReleaseTrain(
            id="ris",
            subsystem="RIS",
            schedule=Schedule.last_weekday("FR", at="22:00", offset_days=3),
            downtime="PT15M",
        )
    ],
)


def _feed() -> bytes:
    return series_to_ical(SCENARIO, START, END, now=NOW)


def test_the_rdates_repeat_dtstart() -> None:
    [event] = icalendar.Calendar.from_ical(_feed()).events
    assert "RRULE" not in event
    rdates = [d.dt for prop in [event["RDATE"]] for d in prop.dts]
    assert rdates[0] == event.decoded("DTSTART")
    assert len(rdates) == len(SCENARIO.windows(START, END)) == 6


def test_icaljs_sees_every_window() -> None:
    read = icaljs_occurrences(
        {"series": _feed()}, datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 7, 2, tzinfo=UTC)
    )["series"]
    assert not isinstance(read, str), read
    ours = [w.start.astimezone(UTC) for w in SCENARIO.windows(START, END)]
    assert sorted(start for _, start, _ in read) == ours
