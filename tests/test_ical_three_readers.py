"""Three readers agree: maintwin's own windows, recurring-ical-events and Mozilla ical.js read
the series feed and both plan feeds at the same instants, in UTC.

Scenarios are drawn from a fixed seed in the zones where calendars go wrong: half-hour and
45-minute offsets, half-hour daylight saving (Lord Howe), negative daylight saving (Dublin),
Ramadan changes (Casablanca), and Apia's jump over 30 December 2011. Each has trains of several
kinds (weekly, n-th weekday, INTERVAL and COUNT from ``starts_on``, ``ends_on``, ``exclude``,
``offset_days``) at local times near the zone's clock changes, one-off windows on the days of
those changes, and blackouts by date, by instant and recurring. vobject reads every feed too,
as a fourth reader, over the feed's horizon (rather than three years past it, as
tests/conftest.py has it read every other feed).

The figures of the run (scenarios, events, comparisons, disagreements) are written to
``build/three-readers.json``.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events

import maintwin
from maintwin import Blackout, OneOffWindow, ReleaseTrain, Scenario, Schedule
from maintwin.ical import series_to_ical, to_ical

from .ical_oracle import vobject_occurrences
from .icaljs import icaljs_occurrences

SEED = 16
PER_ZONE = 2
ZONES = (
    "Europe/London",
    "Europe/Dublin",
    "America/Chicago",
    "America/St_Johns",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "Asia/Kathmandu",
    "Africa/Casablanca",
    "Pacific/Apia",
)
SUMMARY = Path(__file__).resolve().parent.parent / "build" / "three-readers.json"
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
LENGTHS = ("PT15M", "PT45M", "PT2H", "PT3H30M")
MARGIN = timedelta(days=3)

When = datetime | date
Span = tuple[When, When]


def _changes(tz: ZoneInfo, lo: date, hi: date) -> list[datetime]:
    """The local days and times around each clock change in ``[lo, hi)``, found hour by hour."""
    found = []
    at = datetime.combine(lo, time(), UTC)
    while at.date() < hi:
        following = at + timedelta(hours=1)
        if at.astimezone(tz).utcoffset() != following.astimezone(tz).utcoffset():
            found.append(at.astimezone(tz).replace(tzinfo=None))
        at = following
    return found


def _times(rng: random.Random, changes: list[datetime]) -> list[str]:
    """Local times that matter: those of the clock changes and the half hours around them,
    and a few ordinary ones."""
    near = [c + timedelta(minutes=m) for c in changes[:4] for m in (-30, 0, 30, 60)]
    times = {f"{t:%H:%M}" for t in near} | {"10:00", "23:45", f"{rng.randrange(24):02d}:30"}
    return sorted(times)


def _schedule(rng: random.Random, lo: date, hi: date, at: str) -> Schedule:
    kind = rng.choice(("weekly", "nth", "last", "interval", "count", "daily"))
    extra: dict[str, Any] = {}
    if rng.random() < 0.3:
        extra["ends_on"] = lo + timedelta(days=rng.randrange(30, (hi - lo).days))
    if rng.random() < 0.4:
        extra["exclude"] = tuple(
            sorted({lo + timedelta(days=rng.randrange((hi - lo).days)) for _ in range(3)})
        )
    if rng.random() < 0.25:
        extra["offset_days"] = rng.choice((-2, -1, 1, 2, 3))
    day = rng.choice(WEEKDAYS)
    starts = lo - timedelta(days=rng.randrange(0, 60))
    if kind == "weekly":
        return Schedule.weekly(*sorted(set(rng.sample(WEEKDAYS, 2))), at=at, **extra)
    if kind == "nth":
        return Schedule.nth_weekday(rng.choice((1, 2, 3, 4)), day, at=at, **extra)
    if kind == "last":
        return Schedule.last_weekday(day, at=at, **extra)
    if kind == "interval":
        rule = f"FREQ=WEEKLY;INTERVAL={rng.choice((2, 3))};BYDAY={day}"
        return Schedule(rrule=rule, at=at, starts_on=starts, **extra)
    if kind == "count":
        extra.pop("ends_on", None)  # COUNT and ends_on: the series falls back to RDATEs
        rule = f"FREQ=WEEKLY;BYDAY={day};COUNT={rng.randrange(5, 40)}"
        return Schedule(rrule=rule, at=at, starts_on=starts, **extra)
    rule = f"FREQ=DAILY;INTERVAL={rng.choice((1, 4, 9))}"
    return Schedule(rrule=rule, at=at, starts_on=starts, **extra)


def _scenario(rng: random.Random, zone: str, number: int) -> tuple[Scenario, date, date]:
    tz = ZoneInfo(zone)
    if zone == "Pacific/Apia" and number % 2 == 0:  # across its jump over 2011-12-30
        lo = date(2011, rng.randrange(3, 10), 1)
    else:
        lo = date(rng.randrange(2026, 2030), rng.randrange(1, 13), 1)
    hi = lo + timedelta(days=rng.randrange(200, 420))
    changes = _changes(tz, lo, hi)
    times = _times(rng, changes)
    trains = [
        ReleaseTrain(
            id=f"t{index}",
            subsystem=f"S{index}",
            schedule=_schedule(rng, lo, hi, rng.choice(times)),
            downtime=rng.choice(LENGTHS),
        )
        for index in range(rng.randrange(1, 4))
    ]
    days = [c.date() for c in changes] or [lo + timedelta(days=40)]
    windows = [
        OneOffWindow(
            id=f"w{index}",
            subsystem="S0",
            start=datetime.combine(rng.choice(days), time.fromisoformat(rng.choice(times))),
            duration=rng.choice(LENGTHS),
        )
        for index in range(rng.randrange(0, 3))
    ]
    some_day = lo + timedelta(days=rng.randrange((hi - lo).days))
    instant = datetime.combine(rng.choice(days), time(rng.randrange(24)), tz)
    blackouts = [
        Blackout(id="holiday", reason="holiday", start=some_day),
        Blackout(id="outage", reason="vendor", start=instant, end=instant + timedelta(hours=30)),
        Blackout(
            id="weekly",
            reason="staffing",
            schedule=Schedule.weekly(rng.choice(WEEKDAYS), at=rng.choice(times)),
            duration=rng.choice(("P1D", "PT6H")),
        ),
    ]
    scenario = Scenario(
        name=f"three-readers-{number}",
        timezone=zone,
        trains=trains,
        windows=windows,
        blackouts=blackouts[: rng.randrange(1, 4)],
    )
    return scenario, lo, hi


@pytest.fixture
def _every_feed_read_by_vobject() -> None:
    """vobject reads this module's feeds in the test itself, over their horizons."""


def _windows(windows: list[maintwin.Window]) -> Counter[Span]:
    return Counter((w.start.astimezone(UTC), w.end.astimezone(UTC)) for w in windows)


def _periods(scenario: Scenario, plan: maintwin.Plan) -> Counter[Span]:
    """The internal feed's blackout events: whole local days as dates, others in UTC."""
    tz = ZoneInfo(scenario.timezone)
    found: Counter[Span] = Counter()
    for period in scenario.blackout_periods(plan.start, plan.end):
        start, end = period.start.astimezone(tz), period.end.astimezone(tz)
        if start.time() == time() and end.time() == time():
            found[start.date(), end.date()] += 1
        else:
            found[start.astimezone(UTC), end.astimezone(UTC)] += 1
    return found


def _instant(value: When, tz: ZoneInfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    return datetime.combine(value, time(), tz).astimezone(UTC)


def _inside(seen: Counter[Span], tz: ZoneInfo, lo: datetime, hi: datetime) -> Counter[Span]:
    """The spans that start in ``[lo, hi)``, with instants in UTC (days stay days)."""
    return Counter(
        {(_utc(a), _utc(b)): n for (a, b), n in seen.items() if lo <= _instant(a, tz) < hi}
    )


def _utc(value: When) -> When:
    return value.astimezone(UTC) if isinstance(value, datetime) else value


def _recurring_ical_events(feed: bytes, lo: datetime, hi: datetime) -> Counter[Span]:
    cal = icalendar.Calendar.from_ical(feed)
    return Counter((e.start, e.end) for e in recurring_ical_events.of(cal).between(lo, hi))


def _disagreements(expected: Counter[Span], seen: Counter[Span]) -> tuple[int, list[str]]:
    """How many events one side has and the other has not, and what they are."""
    ours, theirs = expected - seen, seen - expected
    said = [f"only maintwin: {sorted(ours)[:4]}"] * bool(ours)
    said += [f"only the reader: {sorted(theirs)[:4]}"] * bool(theirs)
    return sum(ours.values()) + sum(theirs.values()), said


def test_three_readers_read_every_feed_at_the_same_instants() -> None:
    rng = random.Random(SEED)
    feeds: dict[str, bytes] = {}
    cases: dict[str, tuple[Counter[Span], ZoneInfo, datetime, datetime]] = {}
    scenarios = 0
    for zone in ZONES:
        for _ in range(PER_ZONE):
            scenario, start, end = _scenario(rng, zone, scenarios)
            scenarios += 1
            tz = ZoneInfo(zone)
            lo, hi = _instant(start, tz), _instant(end, tz)
            now = lo - timedelta(days=30)
            plan = maintwin.plan(scenario, start, end, now=now)
            shown = [w for w in plan.windows if not w.blocked]
            expected = {
                "series": _windows([w for w in scenario.windows(start, end) if not w.blocked]),
                "client": _windows(shown),
                "internal": _windows(shown) + _periods(scenario, plan),
            }
            written = {
                "series": series_to_ical(scenario, start, end, now=now),
                "client": to_ical(plan),
                "internal": to_ical(plan, audience="internal"),
            }
            for kind, feed in written.items():
                name = f"{scenario.name} {zone} {kind}"
                feeds[name] = feed
                cases[name] = (expected[kind], tz, lo, hi)
    earliest = min(lo for _, _, lo, _ in cases.values()) - MARGIN
    latest = max(hi for _, _, _, hi in cases.values()) + MARGIN
    icaljs = icaljs_occurrences(feeds, earliest, latest)
    events = comparisons = disagreements = 0
    problems: list[str] = []
    for name, (expected, tz, lo, hi) in cases.items():
        events += sum(expected.values())
        theirs = icaljs[name]
        assert not isinstance(theirs, str), f"ical.js cannot read {name}: {theirs}"
        readers = {
            "recurring-ical-events": _recurring_ical_events(feeds[name], lo - MARGIN, hi + MARGIN),
            "ical.js": Counter((a, b) for _, a, b in theirs.elements()),
        }
        if "internal" not in name:  # vobject's oracle reads no all-day events
            vobject = vobject_occurrences(feeds[name], lo - MARGIN, hi + MARGIN)
            readers["vobject"] = Counter((a, b) for _, a, b in vobject.elements())
        for reader, seen in readers.items():
            inside = _inside(seen, tz, lo, hi)
            comparisons += 2 * sum(expected.values())  # a start and an end each
            count, said = _disagreements(expected, inside)
            disagreements += count
            problems += [f"{name}, {reader}: {p}" for p in said]
    SUMMARY.parent.mkdir(exist_ok=True)
    figures = {
        "seed": SEED,
        "zones": len(ZONES),
        "scenarios": scenarios,
        "feeds": len(feeds),
        "events": events,
        "comparisons": comparisons,
        "disagreements": disagreements,
    }
    SUMMARY.write_text(json.dumps(figures, indent=2) + "\n")
    print(f"three readers: {figures}")
    assert events > 1000
    assert problems == [], "\n".join(problems[:20])
