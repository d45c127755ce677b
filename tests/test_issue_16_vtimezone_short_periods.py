"""Issue 16: the VTIMEZONEs lost offset periods shorter than icalendar's 64-day stride
(Casablanca's Ramadan changes on 2027-02-07 and 2027-03-14, Gaza's 7 days in 2040), and ical.js
ignored a sub-component's DTSTART when it also listed RDATEs, so the first daylight-saving
period of every feed was an hour off there (Europe/London: 30 Saturday windows in 2026)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar

from maintwin import ReleaseTrain, Scenario, Schedule
from maintwin.ical import series_to_ical

from .icaljs import icaljs_occurrences

NOW_2025 = datetime(2025, 12, 1, tzinfo=UTC)
NOW_2039 = datetime(2039, 12, 1, tzinfo=UTC)


def _saturdays(zone: str) -> Scenario:
    train = ReleaseTrain(
        id="ris", subsystem="RIS", schedule=Schedule.weekly("SA", at="10:00"), downtime="PT15M"
    )
    return Scenario(name="x", timezone=zone, trains=[train])


def _onsets(feed: bytes, tzid: str) -> set[str]:
    """The local onsets (DTSTART and RDATEs) the feed's VTIMEZONE of ``tzid`` lists."""
    text = feed.decode().replace("\r\n ", "")
    block = text.split(f"TZID:{tzid}\r\n", 1)[1].split("END:VTIMEZONE", 1)[0]
    return {
        line.split(":", 1)[1][:8]
        for line in block.split("\r\n")
        if line.startswith(("DTSTART", "RDATE"))
    }


def test_casablanca_keeps_its_ramadan_changes() -> None:
    sc = _saturdays("Africa/Casablanca")
    feed = series_to_ical(sc, date(2026, 1, 1), date(2028, 1, 1), now=NOW_2025)
    onsets = _onsets(feed, "Africa/Casablanca")
    assert {"20270207", "20270314"} <= onsets


def test_gaza_keeps_its_week_in_2040() -> None:
    sc = _saturdays("Asia/Gaza")
    feed = series_to_ical(sc, date(2040, 1, 1), date(2041, 1, 1), now=NOW_2039)
    tz = ZoneInfo("Asia/Gaza")
    changes = []
    day = datetime(2040, 1, 1, tzinfo=UTC)
    while day.year == 2040:
        if (day + timedelta(days=1)).astimezone(tz).utcoffset() != day.astimezone(tz).utcoffset():
            changes.append(f"{day.astimezone(tz):%Y%m%d}")
        day += timedelta(days=1)
    assert len(changes) >= 4, changes  # the week in 2040 is two changes of its own
    onsets = _onsets(feed, "Asia/Gaza")
    for change in changes:  # the onset's local day, or the day after it
        following = f"{datetime.strptime(change, '%Y%m%d') + timedelta(days=1):%Y%m%d}"
        assert change in onsets or following in onsets, (change, sorted(onsets))


def test_icaljs_reads_the_first_daylight_period_of_london() -> None:
    sc = _saturdays("Europe/London")
    lo, hi = date(2026, 1, 1), date(2027, 1, 1)
    feed = series_to_ical(sc, lo, hi, now=NOW_2025)
    ours = sorted(w.start.astimezone(UTC) for w in sc.windows(lo, hi))
    tz = ZoneInfo("Europe/London")
    read = icaljs_occurrences(
        {"london": feed}, datetime(2026, 1, 1, tzinfo=tz), datetime(2027, 1, 1, tzinfo=tz)
    )["london"]
    assert not isinstance(read, str), read
    theirs = sorted(start for _, start, _ in read)
    assert len(ours) == 52
    off = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    assert off == []
    assert icalendar.Calendar.from_ical(feed).events[0]["RRULE"]  # still one recurring event
