"""Issue 16: a series' DURATION is added on the wall clock by recurring-ical-events and by
ical.js, so an occurrence across a clock change ended an hour off in both (RFC 5545 makes
PT2H two real hours). Each occurrence in the horizon that runs across a change, or starts at a
local time that is missing or shown twice, is written once more as an override
(RECURRENCE-ID) with its own DTSTART and DTEND, which every reader reads the same."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import icalendar
import recurring_ical_events

from maintwin import Blackout, Scenario
from maintwin.ical import series_to_ical

from .icaljs import icaljs_occurrences

NOW = datetime(2026, 12, 1, tzinfo=UTC)
START, END = date(2027, 1, 1), date(2028, 1, 1)
LO, HI = datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 2, tzinfo=UTC)
SCENARIO = Scenario.from_toml("""
name = "x"
timezone = "Europe/London"

[[trains]]
id = "night"
subsystem = "RIS"
downtime = "PT2H"
schedule = { rrule = "FREQ=WEEKLY;BYDAY=SU", at = "00:30" }
""")


def _windows() -> list[tuple[datetime, datetime]]:
    return [(w.start.astimezone(UTC), w.end.astimezone(UTC)) for w in SCENARIO.windows(START, END)]


def _feed() -> bytes:
    return series_to_ical(SCENARIO, START, END, now=NOW)


def test_every_window_is_two_real_hours() -> None:
    windows = _windows()
    assert len(windows) == 52
    assert {end - start for start, end in windows} == {timedelta(hours=2)}


def test_recurring_ical_events_reads_every_end() -> None:
    cal = icalendar.Calendar.from_ical(_feed())
    read = sorted(
        (e.decoded("DTSTART").astimezone(UTC), e.decoded("DTEND").astimezone(UTC))
        for e in recurring_ical_events.of(cal).between(LO, HI)
    )
    assert read == _windows()


def test_icaljs_reads_every_end() -> None:
    read = icaljs_occurrences({"series": _feed()}, LO, HI)["series"]
    assert not isinstance(read, str), read
    assert sorted((a, b) for _, a, b in read) == _windows()


def test_only_the_nights_of_a_change_are_overrides() -> None:
    cal = icalendar.Calendar.from_ical(_feed())
    overrides = [e for e in cal.events if "RECURRENCE-ID" in e]
    nights = [e.decoded("RECURRENCE-ID").date() for e in overrides]
    assert nights[:2] == [date(2027, 3, 28), date(2027, 10, 31)]
    # The rule runs on, and so do its overrides, as far as the feed's time zones: ten years.
    assert len(nights) == 2 + 2 * 10
    assert nights[-1] == date(2037, 10, 25)
    assert all("DTEND" in e and "DURATION" not in e for e in overrides)


def test_publishing_again_matches_each_override_by_its_recurrence_id() -> None:
    feed = _feed()
    assert series_to_ical(SCENARIO, START, END, now=NOW, previous=feed) == feed
    blocked = SCENARIO.model_copy(
        update={"blackouts": (Blackout(id="storm", reason="other", start=date(2027, 3, 28)),)}
    )
    again = icalendar.Calendar.from_ical(
        series_to_ical(blocked, START, END, now=NOW, previous=feed)
    )
    overrides = {
        e.decoded("RECURRENCE-ID").date(): (str(e["STATUS"]), int(e["SEQUENCE"]))
        for e in again.events
        if "RECURRENCE-ID" in e and e.decoded("RECURRENCE-ID").year == 2027
    }
    assert overrides == {date(2027, 3, 28): ("CANCELLED", 1), date(2027, 10, 31): ("CONFIRMED", 0)}
    read = recurring_ical_events.of(again).between(LO, HI)
    assert date(2027, 3, 28) not in {e.decoded("DTSTART").date() for e in read}
