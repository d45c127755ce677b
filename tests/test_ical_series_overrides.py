"""The overrides of a series beyond its horizon: found around the zone's clock changes alone
(a frequent rule does not step through ten years, nor hit ``policy.max_occurrences``), and
dropped when the feed is published again without them (no ghost window beside the rule's own).

Read back with recurring-ical-events, a reader maintwin does not write.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

import maintwin
from maintwin import ical

from .ical_oracle import assert_vobject_agrees

NOW = datetime(2026, 12, 1, tzinfo=UTC)
LONDON = ZoneInfo("Europe/London")


def _london(at: str, limit: int = 100_000) -> maintwin.Scenario:
    daily = maintwin.Schedule(rrule="FREQ=DAILY", at=at)
    train = maintwin.ReleaseTrain(id="ops", subsystem="OPS", schedule=daily, downtime="PT2H")
    policy = maintwin.Policy(max_occurrences=limit)
    return maintwin.Scenario(name="d", timezone="Europe/London", policy=policy, trains=[train])


def test_a_daily_rule_with_a_low_occurrence_limit_still_gets_its_overrides() -> None:
    # A month of a daily 00:30 two-hour window: 31 occurrences, far under the limit of 2,000,
    # though ten years of the rule would be 3,650.
    month = (date(2027, 1, 1), date(2027, 2, 1))
    low = ical.series_to_ical(_london("00:30", limit=2_000), *month, now=NOW)
    high = ical.series_to_ical(_london("00:30"), *month, now=NOW)
    assert low == high
    # London changes its clocks twice a year at 01:00 UTC; the 00:30 window crosses each of
    # the 20 changes from March 2027 to October 2036 once, and each is written as an override.
    assert low.count(b"RECURRENCE-ID") == 20


def _nights(feed: bytes, year: int) -> list[tuple[datetime, datetime]]:
    calendar = icalendar.Calendar.from_ical(feed)
    events = recurring_ical_events.of(calendar).between(date(year, 3, 1), date(year, 4, 30))
    return sorted(
        (e["DTSTART"].dt.astimezone(UTC), e["DTEND"].dt.astimezone(UTC))
        for e in events
        if str(e.get("STATUS", "CONFIRMED")).upper() != "CANCELLED"
    )


def test_republished_after_the_rule_moves_no_old_override_is_left() -> None:
    month = (date(2027, 1, 1), date(2027, 2, 1))
    first = ical.series_to_ical(_london("00:30"), *month, now=NOW)
    moved = ical.series_to_ical(_london("10:00"), *month, now=NOW, previous=first)
    # The 10:00 window crosses no clock change: the series needs no override at all now.
    assert b"RECURRENCE-ID" not in moved
    # In 2030 a reader sees one window a day from 1 March up to 30 April (60 days), at 10:00
    # local, and no 00:30 ghost.
    nights = _nights(moved, 2030)
    assert len(nights) == 60
    assert {start.astimezone(LONDON).hour for start, _ in nights} == {10}


def test_a_removed_train_leaves_no_window_behind() -> None:
    month = (date(2027, 1, 1), date(2027, 2, 1))
    first = ical.series_to_ical(_london("00:30"), *month, now=NOW)
    empty = maintwin.Scenario(name="d", timezone="Europe/London")
    gone = ical.series_to_ical(empty, *month, now=NOW, previous=first)
    assert _nights(gone, 2030) == []


def test_a_rule_counting_from_before_the_horizon_has_its_early_gap_pinned() -> None:
    # Every other Sunday at 02:15 in St John's from 14 March 2027, the night the clocks go
    # from 02:00 to 03:00 there: the rule's DTSTART is that first match, before the horizon
    # (April to June), and a reader shows it. Readers settle a local time the clock skips
    # differently (vobject read it an hour later than icalendar), so the feed pins it with an
    # override at the instant the scenario gives it, as it pins those in the horizon.
    fortnightly = maintwin.Schedule(
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=SU", at="02:15", starts_on=date(2027, 3, 14)
    )
    train = maintwin.ReleaseTrain(
        id="pacs", subsystem="PACS", schedule=fortnightly, downtime="PT15M"
    )
    s = maintwin.Scenario(name="n", timezone="America/St_Johns", trains=[train])
    feed = ical.series_to_ical(s, date(2027, 4, 1), date(2027, 7, 1), now=NOW)
    assert b"DTSTART;TZID=America/St_Johns:20270314T021500" in feed
    assert b"RECURRENCE-ID;TZID=America/St_Johns:20270314T021500" in feed
    first = s.windows(date(2027, 3, 1), date(2027, 3, 20))
    assert len(first) == 1
    calendar = icalendar.Calendar.from_ical(feed)
    shown = recurring_ical_events.of(calendar).between(date(2027, 3, 1), date(2027, 3, 20))
    assert [e["DTSTART"].dt.astimezone(UTC) for e in shown] == [first[0].start.astimezone(UTC)]
    assert_vobject_agrees(feed)


def test_an_occurrence_moved_past_the_horizon_by_a_clock_change_is_pinned() -> None:
    # Havana springs forward at midnight, 05:00 UTC on 14 March 2027: the horizon ends at that
    # instant, and the 00:30 window of that day, a local time the clock skips, is moved to
    # 01:30 and so lies past the end. The rule runs on there, and that occurrence gets its
    # override as one inside the horizon does.
    daily = maintwin.Schedule(rrule="FREQ=DAILY", at="00:30")
    train = maintwin.ReleaseTrain(id="ops", subsystem="OPS", schedule=daily, downtime="PT15M")
    s = maintwin.Scenario(name="h", timezone="America/Havana", trains=[train])
    feed = ical.series_to_ical(s, date(2027, 3, 1), date(2027, 3, 14), now=NOW)
    assert b"RECURRENCE-ID;TZID=America/Havana:20270314T003000" in feed
    window = s.windows(date(2027, 3, 14), date(2027, 3, 15))[0]
    calendar = icalendar.Calendar.from_ical(feed)
    shown = recurring_ical_events.of(calendar).between(date(2027, 3, 14), date(2027, 3, 15))
    assert [e["DTSTART"].dt.astimezone(UTC) for e in shown] == [window.start.astimezone(UTC)]
