"""Property tests of the feeds: what a calendar expands from them is what the scenario gives.

Scenarios are drawn directly (never filtered): one to three release trains (the n-th or last
weekday of the month, weekly, or counting from ``starts_on`` with INTERVAL=2 or COUNT),
sometimes with ``offset_days``, ``ends_on`` or excluded dates, in zones with DST gaps and
folds of an hour or half an hour, or none; times of day inside those gaps and folds; whole-day
blackouts; and sometimes a one-off window.

The times of day start no 15-minute window that runs out of a repeated hour (01:45 would):
recurring-ical-events adds a duration on the wall clock there, which the explicit fall-back
tests of test_ical_export.py show on their own.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import recurring_ical_events
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Calendar, Component

import maintwin
from maintwin import (
    Blackout,
    Change,
    OneOffWindow,
    Policy,
    ReleaseTrain,
    Scenario,
    Schedule,
    Window,
)
from maintwin.ical import series_to_ical, to_ical

ZONES = (
    "America/Chicago",  # gap 02:00-03:00, fold 01:00-02:00
    "Europe/London",  # gap 01:00-02:00, fold 01:00-02:00
    "Australia/Lord_Howe",  # half-hour DST: gap 02:00-02:30, fold 01:30-02:00
    "Asia/Kathmandu",  # +05:45, no DST
    "America/St_Johns",  # -03:30, gap 02:00-03:00, fold 01:00-02:00
)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# In a gap (02:00, 02:15, 02:30, and 01:30 in London) or a fold (01:30), or plain.
AT = (time(1, 30), time(2, 0), time(2, 15), time(2, 30), time(0, 30), time(10, 0), time(23, 45))
ONE_OFF_AT = (time(0, 30), time(2, 15), time(2, 30), time(10, 0), time(22, 0))
BASE = date(2027, 1, 1)
NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


@cache
def dst_days(tz_name: str, year: int) -> tuple[date, ...]:
    """The local days of ``year`` on which the clocks of ``tz_name`` change."""
    tz = ZoneInfo(tz_name)
    day, out = date(year, 1, 1), []
    while day.year == year:
        noon_before = datetime.combine(day, time(0), tz).utcoffset()
        if noon_before != datetime.combine(day, time(23, 59), tz).utcoffset():
            out.append(day)
        day += timedelta(days=1)
    return tuple(out)


@dataclass(frozen=True)
class Case:
    """A drawn scenario and its horizon."""

    scenario: Scenario
    start: date
    end: date

    @property
    def bounds(self) -> tuple[datetime, datetime]:
        """The horizon as UTC instants (local midnights of the scenario's zone)."""
        tz = ZoneInfo(self.scenario.timezone)
        return (
            datetime.combine(self.start, time(), tz).astimezone(UTC),
            datetime.combine(self.end, time(), tz).astimezone(UTC),
        )


def _day(draw: st.DrawFn, tz_name: str, start: date, days: int) -> date:
    """A day of the horizon; half the time one on which the clocks change, if there is one."""
    changes = [
        d
        for year in range(start.year, start.year + 3)
        for d in dst_days(tz_name, year)
        if start <= d < start + timedelta(days=days)
    ]
    if changes and draw(st.booleans()):
        return draw(st.sampled_from(changes))
    return start + timedelta(days=draw(st.integers(0, days - 1)))


def _rule(draw: st.DrawFn, start: date) -> tuple[str, date | None]:
    """An RRULE, and the ``starts_on`` it needs when it counts from its first date."""
    weekday = draw(st.sampled_from(WEEKDAYS))
    kind = draw(st.sampled_from(("monthly", "monthly", "weekly", "weekly", "interval", "count")))
    if kind == "monthly":
        n = draw(st.sampled_from((1, 2, 3, 4, -1)))
        return f"FREQ=MONTHLY;BYDAY={n}{weekday}", None
    if kind == "weekly":
        days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=2, unique=True))
        return f"FREQ=WEEKLY;BYDAY={','.join(days)}", None
    starts_on = start + timedelta(days=draw(st.integers(-60, 60)))
    if kind == "interval":
        if draw(st.booleans()):
            return f"FREQ=WEEKLY;INTERVAL=2;BYDAY={weekday}", starts_on
        n = draw(st.sampled_from((1, 2, -1)))
        return f"FREQ=MONTHLY;INTERVAL=2;BYDAY={n}{weekday}", starts_on
    count = draw(st.integers(1, 12))
    return f"FREQ=WEEKLY;COUNT={count};BYDAY={weekday}", starts_on


def _train(draw: st.DrawFn, index: int, zone: str, start: date, days: int) -> ReleaseTrain:
    rrule, starts_on = _rule(draw, start)
    fields: dict[str, object] = {
        "rrule": rrule,
        "at": draw(st.sampled_from(AT)),
        "timezone": draw(st.one_of(st.none(), st.sampled_from(ZONES))),
        "starts_on": starts_on,
    }
    if draw(st.integers(0, 2)) == 0:
        fields["offset_days"] = draw(st.integers(-3, 3))
    if draw(st.integers(0, 3)) == 0:
        fields["ends_on"] = (starts_on or start) + timedelta(days=draw(st.integers(0, days)))
    schedule = Schedule.model_validate(fields)
    if draw(st.integers(0, 3)) == 0:
        # Exclude a few of its own days, so that the exclusion matters.
        days_of = [
            o.day for o in schedule.occurrences(start, start + timedelta(days=days), timezone=zone)
        ]
        if days_of:
            picked = draw(st.lists(st.sampled_from(days_of), max_size=2, unique=True))
            schedule = schedule.model_copy(update={"exclude": tuple(sorted(picked))})
    subsystem = f"S{draw(st.integers(0, index))}"
    return ReleaseTrain(id=f"t{index}", subsystem=subsystem, schedule=schedule, downtime="PT15M")


def _one_off(
    draw: st.DrawFn, zone: str, subsystems: list[str], start: date, days: int
) -> OneOffWindow:
    tz_name = draw(st.one_of(st.none(), st.sampled_from(ZONES)))
    day = _day(draw, tz_name or zone, start, days)
    if draw(st.booleans()):
        # Aware, maybe in the repeated hour (fold=1): written in UTC then.
        at = draw(st.sampled_from(AT))
        moment = datetime.combine(day, at, ZoneInfo(tz_name or zone))
        moment = moment.replace(fold=draw(st.integers(0, 1)))
        return OneOffWindow(
            id="x", subsystem=draw(st.sampled_from(subsystems)), start=moment, duration="PT15M"
        )
    return OneOffWindow(
        id="x",
        subsystem=draw(st.sampled_from(subsystems)),
        start=datetime.combine(day, draw(st.sampled_from(ONE_OFF_AT))),
        duration=timedelta(minutes=draw(st.sampled_from((15, 30, 60)))),
        timezone=tz_name,
        title="Vendor upgrade",
    )


def _blackouts(
    draw: st.DrawFn, zone: str, subsystems: list[str], start: date, days: int
) -> list[Blackout]:
    out = []
    for index in range(draw(st.integers(0, 3))):
        tz_name = draw(st.one_of(st.none(), st.none(), st.sampled_from(ZONES)))
        first = _day(draw, tz_name or zone, start - timedelta(days=5), days + 5)
        length = draw(st.integers(1, 3))
        out.append(
            Blackout(
                id=f"b{index}",
                reason=draw(st.sampled_from(("holiday", "freeze", "staffing"))),
                start=first,
                end=None if length == 1 else first + timedelta(days=length),
                scope=draw(st.one_of(st.none(), st.sampled_from(subsystems).map(lambda s: (s,)))),
                timezone=tz_name,
            )
        )
    return out


@st.composite
def cases(draw: st.DrawFn, *, changes: bool = False, max_days: int = 400) -> Case:
    """A small scenario built directly, over two months to ``max_days`` from 2027."""
    zone = draw(st.sampled_from(ZONES))
    start = BASE + timedelta(days=draw(st.integers(0, 365)))
    days = draw(st.integers(60, max_days))
    trains = [_train(draw, i, zone, start, days) for i in range(draw(st.integers(1, 3)))]
    subsystems = sorted({t.subsystem for t in trains})
    windows = [_one_off(draw, zone, subsystems, start, days)] if draw(st.booleans()) else []
    drawn_changes = []
    if changes:
        for index in range(draw(st.integers(0, 3))):
            drawn_changes.append(
                Change(
                    id=f"c{index}",
                    title=f"Change {index}",
                    subsystem=draw(st.sampled_from(subsystems)),
                    duration=timedelta(minutes=draw(st.integers(1, 15))),
                    requested_on=start,
                    steps=("Do it",),
                )
            )
    scenario = Scenario(
        name="drawn",
        timezone=zone,
        policy=Policy(lead_time_months=0, same_day_releases="allow"),
        trains=trains,
        windows=windows,
        blackouts=_blackouts(draw, zone, subsystems, start, days),
        changes=drawn_changes,
    )
    return Case(scenario, start, start + timedelta(days=days))


# -- reading the feeds back -----------------------------------------------------------------


def _instant(value: date | datetime) -> datetime:
    assert isinstance(value, datetime), f"a date where a date-time belongs: {value}"
    assert value.tzinfo is not None, f"floating time {value}"
    return value.astimezone(UTC)


def _span(event: Component) -> tuple[datetime, datetime]:
    begin = _instant(event.decoded("DTSTART"))
    if "DTEND" in event:
        return begin, _instant(event.decoded("DTEND"))
    return begin, begin + event.decoded("DURATION")


def _length(event: Component) -> timedelta:
    begin, finish = _span(event)
    return finish - begin


Spans = Counter[tuple[datetime, datetime]]


def _open(windows: list[Window]) -> Spans:
    return Counter((_instant(w.start), _instant(w.end)) for w in windows if not w.blocked)


# -- the properties -------------------------------------------------------------------------


@given(cases())
def test_series_expands_to_exactly_the_open_windows(case: Case) -> None:
    """recurring-ical-events expands the series feed in the horizon to the scenario's open
    windows, each at its instants, as many times as it occurs.

    Each occurrence lasts the event's DURATION as written, exact time (RFC 5545, 3.3.6).
    recurring-ical-events 3.8 adds it on the wall clock instead, so on the day the clocks
    change its DTEND of an occurrence can be an hour (or, in Lord Howe, half an hour) off;
    the occurrence's end is therefore taken from the event as written, and the vobject check
    of every feed (tests/ical_oracle.py) holds the ends to the same rule.
    """
    data = series_to_ical(case.scenario, case.start, case.end, now=NOW)
    lo, hi = case.bounds
    cal = Calendar.from_ical(data)
    lengths = {str(e["UID"]): _length(e) for e in cal.walk("VEVENT")}
    found: Spans = Counter()
    for event in recurring_ical_events.of(cal).between(lo, hi):
        begin = _instant(event.decoded("DTSTART"))
        if lo <= begin < hi:
            found[begin, begin + lengths[str(event["UID"])]] += 1
    expected = _open(case.scenario.windows(case.start, case.end))
    assert found == expected, (
        f"only in the feed: {sorted(found - expected)}; "
        f"only in the scenario: {sorted(expected - found)}"
    )


@given(cases(changes=True, max_days=240), st.sampled_from(("client", "internal")))
def test_feed_has_one_event_per_open_window_at_its_instants(case: Case, audience: str) -> None:
    """``to_ical`` of a plan: one event per window that is not blocked, at its instants; and
    published again over itself, the same bytes."""
    plan = maintwin.plan(case.scenario, case.start, case.end, now=NOW)
    data = to_ical(plan, audience=audience)  # type: ignore[arg-type]
    cal = Calendar.from_ical(data)
    windows = {f"{w.id}.{audience}@drawn.maintwin": w for w in plan.windows if not w.blocked}
    found = {}
    for event in cal.walk("VEVENT"):
        uid = str(event["UID"])
        if ".blackout@" in uid:
            assert audience == "internal"
            continue
        assert uid not in found, f"UID {uid} twice"
        found[uid] = event
    assert set(found) == set(windows)
    for uid, window in windows.items():
        assert _span(found[uid]) == (_instant(window.start), _instant(window.end)), uid
    assert Counter(_span(e) for e in found.values()) == _open(list(plan.windows))
    assert to_ical(plan, audience=audience, previous=data) == data  # type: ignore[arg-type]
