"""``series_to_ical``: each release train's downtime window as one recurring event.

A train's schedule becomes DTSTART plus an RRULE, so a calendar shows the pattern beyond the
planned horizon; the occurrences blocked by blackouts in the horizon become EXDATEs. A schedule
that an RRULE cannot say exactly (a day offset that crosses a month end, several times a day)
is written as an RDATE list over the horizon instead. Either way the rule written is expanded
here, as a calendar would, and compared with the scenario's own windows before it is used.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from functools import partial
from zoneinfo import ZoneInfo

from icalendar import Event, vRecur

from .._model.rrule import WEEKDAYS, RRule
from .._model.schedule import Occurrence, Schedule
from .._model.train import ReleaseTrain
from .._model.window import Window
from .._scenario import Scenario
from .._text import minutes_text
from .._time import add_duration, as_instant, horizon, localize, utc, zone
from ._calendar import ambiguous, assemble, head, local, uid
from ._feed import DEFAULT_HISTORY, DEFAULT_REFRESH
from ._publish import publish
from ._vtimezone import offset_changes

__all__ = ["series_to_ical"]

# A rule is looked for this far past the horizon when it has no occurrence inside it, and the
# time zones of the feed cover this long after the horizon, as its rules run on.
_LOOKAHEAD = timedelta(days=3 * 366)
_ZONE_YEARS = timedelta(days=10 * 366)
_TIME_PARTS = frozenset({"BYHOUR", "BYMINUTE", "BYSECOND"})
_NEAR = timedelta(days=2)  # how far from a change of offset an occurrence is looked for


def series_to_ical(
    scenario: Scenario,
    start: date | datetime,
    end: date | datetime,
    *,
    now: datetime,
    previous: bytes | str | None = None,
    refresh: timedelta = DEFAULT_REFRESH,
    history: timedelta = DEFAULT_HISTORY,
) -> bytes:
    """The standing downtime windows of ``scenario`` as recurring events (RFC 5545 bytes).

    Each release train with downtime is one VEVENT: DTSTART at its first occurrence on or after
    ``start`` (at its first ever, for a rule that counts from ``starts_on``), an RRULE, and an
    EXDATE for every occurrence in ``[start, end)`` that a blackout blocks; ``exclude`` dates
    are EXDATEs too. Expanded, the feed gives exactly the windows of
    ``scenario.windows(start, end)`` that are not blocked; after ``end`` the rule runs on, and
    blackouts there are not known to it. One-off windows in ``[start, end)`` are single events.

    ``now`` stamps the events (DTSTAMP). ``previous``, ``refresh`` and ``history`` work as in
    :func:`maintwin.ical.to_ical`.
    """
    where = "series_to_ical()"
    _, tz, lo, hi = horizon(scenario.timezone, start, end, where=where)
    now = as_instant(now, tz, name="now", where=where)
    windows = scenario.windows(lo, hi)
    by_train: dict[str, list[Window]] = defaultdict(list)
    for window in windows:
        by_train[window.source].append(window)
    events: list[Event] = []
    changes = _Changes(utc(lo), utc(hi) + _ZONE_YEARS)
    for index, train in enumerate(scenario.trains):
        if train.downtime is not None:
            events += _train_events(scenario, index, train, by_train[train.id], lo, hi, changes)
    trains = {t.id for t in scenario.trains}
    events += [
        _one_off_event(scenario.name, w)
        for w in windows
        if w.source not in trains and not w.blocked
    ]
    name = f"{scenario.name}: downtime windows"
    published = publish(
        events, name=name, tz=tz, now=now, previous=previous, start=lo, end=hi, history=history
    )
    description = (
        f"The standing downtime windows of {scenario.name}; blackouts are left out from "
        f"{lo:%Y-%m-%d} to {hi:%Y-%m-%d}."
    )
    return assemble(
        head(name, description, refresh), published, tz=tz, until=utc(hi).date() + _ZONE_YEARS
    )


@dataclass(frozen=True)
class _Pattern:
    """How a train's occurrences are written: DTSTART and an RRULE, or DTSTART and RDATEs.

    Local times are naive wall-clock times in ``tz``, as the rule produces them.
    """

    tz: ZoneInfo
    dtstart: datetime
    rule: RRule | None
    until: datetime | None = None  # naive local, inclusive
    rdates: tuple[datetime, ...] = ()
    exdates: tuple[datetime, ...] = ()

    def instants(self, hi: datetime) -> list[datetime]:
        """The UTC instants this pattern gives before ``hi``, as a calendar would expand it."""
        last = utc(hi).astimezone(self.tz).replace(tzinfo=None) + timedelta(days=2)
        if self.rule is None:
            local_times = sorted({self.dtstart, *self.rdates})
        else:
            local_times = []
            for match in self.rule.iterate(self.dtstart):
                if match > last or (self.until is not None and match > self.until):
                    break
                local_times.append(match)
        skipped = set(self.exdates)
        return sorted(utc(localize(t, self.tz)[0]) for t in local_times if t not in skipped)


def _train_events(
    scenario: Scenario,
    index: int,
    train: ReleaseTrain,
    windows: list[Window],
    lo: datetime,
    hi: datetime,
    changes: _Changes,
) -> list[Event]:
    """The train's recurring event, and an override for each window in the horizon that a
    reader could place elsewhere (see :func:`_irregular`); and for each such occurrence of the
    rule outside the horizon that a reader shows: after it, as far as the feed's zones are
    written, and before it, from DTSTART (a rule that counts from ``starts_on``)."""
    schedule = train.schedule
    tz_name = schedule.timezone or scenario.timezone
    occurrences = _occurrences(scenario, index, train, lo, hi)
    pattern = _pattern(schedule, tz_name, occurrences, windows, lo, hi, scenario, index)
    if pattern is None:
        return []
    master = _train_event(scenario, train, pattern, tz_name)
    length = train.window_length
    assert length is not None
    nominal = {utc(o.start): o.nominal for o in occurrences}
    spans = [(nominal[utc(w.start)], w.start, w.end) for w in windows if not w.blocked]
    if pattern.rule is not None:  # the rule runs on: so do its overrides, as far as its zones
        near = partial(_near_changes, scenario, index, train, length=length)
        after = near(changes.of(tz_name), utc(hi), None)
        first = utc(localize(pattern.dtstart, pattern.tz)[0])
        before: list[Occurrence] = []
        if first < utc(lo):  # a rule that counts from before the horizon: its first matches
            margin = length + _NEAR
            around = offset_changes(tz_name, first - margin, utc(lo) + margin)
            before = near(around, first, utc(lo))
        spans += [
            (o.nominal, o.start, add_duration(o.start, length, pattern.tz)) for o in before + after
        ]
    return [master] + [
        _override(master, *span, pattern.tz, train.subsystem)
        for span in spans
        if _irregular(*span, pattern.tz)
    ]


@dataclass
class _Changes:
    """The changes of offset of each zone in ``(after, until]``, looked for once per zone
    (trains mostly share one). From the horizon's start: a change in the horizon, or at its
    end, can move an occurrence past the end (a local time the clock skips)."""

    after: datetime
    until: datetime
    found: dict[str, list[datetime]] = field(default_factory=dict)

    def of(self, tzid: str) -> list[datetime]:
        if tzid not in self.found:
            self.found[tzid] = offset_changes(tzid, self.after, self.until)
        return self.found[tzid]


def _near_changes(
    scenario: Scenario,
    index: int,
    train: ReleaseTrain,
    changes: list[datetime],
    lo: datetime,
    hi: datetime | None,
    *,
    length: timedelta,
) -> list[Occurrence]:
    """The train's occurrences in ``[lo, hi)`` (``hi=None``: with no end) that could be
    irregular: only those near one of ``changes``, the zone's changes of offset, can be.
    Each is looked for around its change alone, so that a frequent rule does not step through
    ten years."""
    found: dict[datetime, Occurrence] = {}
    margin = length + _NEAR  # a start before the change whose window runs past it
    for change in changes:
        first, last = max(lo, change - margin), change + _NEAR
        if hi is not None:
            last = min(last, hi)
        if first < last:
            for o in _occurrences(scenario, index, train, first, last):
                found.setdefault(utc(o.start), o)
    return [found[k] for k in sorted(found)]


def _irregular(nominal: datetime, start: datetime, end: datetime, tz: ZoneInfo) -> bool:
    """Whether a reader could place the occurrence of the rule at ``nominal`` elsewhere than
    ``[start, end)``.

    recurring-ical-events and ical.js add DURATION on the wall clock, so a window across a
    clock change ends an hour off there; a local time the clock skips (the window was moved
    forward) or shows twice is read differently by different readers.
    """
    start, end = utc(start).astimezone(tz), utc(end).astimezone(tz)
    return (
        start.replace(tzinfo=None) != nominal
        or start.utcoffset() != end.utcoffset()
        or ambiguous(start)
        or ambiguous(end)
    )


def _override(
    master: Event, nominal: datetime, start: datetime, end: datetime, tz: ZoneInfo, subsystem: str
) -> Event:
    """The occurrence of ``master`` scheduled at ``nominal`` (RECURRENCE-ID) as the window it
    is: DTSTART and DTEND, each written so that every reader reads the same instant."""
    event = Event()
    event.add("UID", master["UID"])
    event.add("SUMMARY", master["SUMMARY"])
    event.add("RECURRENCE-ID", nominal.replace(tzinfo=tz))
    first, last = local(start, end, tz.key)
    event.add("DTSTART", first)
    event.add("DTEND", last)
    event.add("DESCRIPTION", master["DESCRIPTION"])
    _common(event, subsystem)
    return event


def _train_event(scenario: Scenario, train: ReleaseTrain, pattern: _Pattern, tz_name: str) -> Event:
    schedule = train.schedule
    length = train.window_length
    assert length is not None
    event = Event()
    event.add("UID", uid(scenario.name, train.id, "series"))
    event.add("SUMMARY", f"{train.subsystem} downtime window")
    event.add("DTSTART", pattern.dtstart.replace(tzinfo=pattern.tz))
    event.add("DURATION", length)
    if pattern.rule is not None:
        event.add("RRULE", _vrecur(pattern))
    if pattern.rdates:
        event.add("RDATE", [t.replace(tzinfo=pattern.tz) for t in pattern.rdates])
    if pattern.exdates:
        event.add("EXDATE", [t.replace(tzinfo=pattern.tz) for t in sorted(pattern.exdates)])
    offset = f", moved {schedule.offset_days:+d} days" if schedule.offset_days else ""
    event.add(
        "DESCRIPTION",
        f"The standing downtime window of {train.subsystem} (train {train.id}): "
        f"{minutes_text(length)} at {schedule.at:%H:%M} {tz_name}, on the days of the "
        f"rule {schedule.rrule}{offset}. Windows blocked by blackouts in the planned horizon "
        "are left out; blackouts after it are not known here.",
    )
    _common(event, train.subsystem)
    return event


def _one_off_event(scenario: str, window: Window) -> Event:
    event = Event()
    event.add("UID", uid(scenario, window.id, "series"))
    event.add("SUMMARY", f"{window.subsystem} downtime window")
    first, last = local(window.start, window.end, window.timezone)
    event.add("DTSTART", first)
    event.add("DTEND", last)
    event.add("DESCRIPTION", f"The one-off downtime window {window.id} of {window.subsystem}.")
    _common(event, window.subsystem)
    return event


def _common(event: Event, subsystem: str) -> None:
    event.add("CATEGORIES", ["Downtime", subsystem])
    event.add("STATUS", "CONFIRMED")
    event.add("TRANSP", "TRANSPARENT")


def _vrecur(pattern: _Pattern) -> vRecur:
    assert pattern.rule is not None
    recur: vRecur = vRecur.from_ical(str(pattern.rule))
    if pattern.until is not None:
        recur["UNTIL"] = [utc(localize(pattern.until, pattern.tz)[0])]
    return recur


# -- from a schedule to a pattern ------------------------------------------------------------


def _occurrences(
    scenario: Scenario, index: int, train: ReleaseTrain, lo: datetime, hi: datetime
) -> list[Occurrence]:
    return train.schedule.occurrences(
        lo,
        hi,
        timezone=train.schedule.timezone or scenario.timezone,
        max_occurrences=scenario.policy.max_occurrences,
        owner=f"trains[{index}] ({train.id})",
    )


def _pattern(
    schedule: Schedule,
    tz_name: str,
    occurrences: list[Occurrence],
    windows: list[Window],
    lo: datetime,
    hi: datetime,
    scenario: Scenario,
    index: int,
) -> _Pattern | None:
    tz = zone(tz_name)
    blocked = {utc(w.start) for w in windows if w.blocked}
    open_instants = [utc(o.start) for o in occurrences if utc(o.start) not in blocked]
    exdates = tuple(o.nominal for o in occurrences if utc(o.start) in blocked)
    rule = _shifted_rule(schedule.rule, schedule.offset_days)
    if rule is not None and rule.count is not None and schedule.ends_on is not None:
        rule = None  # RFC 5545 forbids COUNT with UNTIL in one RRULE
    if rule is not None:
        found = _first(schedule, tz_name, occurrences, hi, scenario, index)
        if found is None:
            return None
        first, early = found
        until = None
        if schedule.ends_on is not None:
            until = datetime.combine(schedule.ends_on, time()) + timedelta(days=1, seconds=-1)
        excluded = _matched(rule, first, until, schedule.exclude, utc(hi) + _ZONE_YEARS)
        candidate = _Pattern(tz, first, rule, until, (), exdates + excluded + early)
        if [t for t in candidate.instants(hi) if utc(lo) <= t < utc(hi)] == open_instants:
            return candidate
    listed = [o.nominal for o in occurrences if utc(o.start) not in blocked]
    if not listed:
        return None
    # DTSTART is among the RDATEs too: without it there, ical.js loses the first window.
    return _Pattern(tz, listed[0], None, None, tuple(listed))


def _matched(
    rule: RRule, first: datetime, until: datetime | None, days: tuple[date, ...], last: datetime
) -> tuple[datetime, ...]:
    """The matches of ``rule`` from ``first`` on ``days`` (up to ``last``, the end of the
    feed's time zones), each an EXDATE to write.

    Only matches are written: after an EXDATE that is no occurrence, ical.js skips a later,
    real one.
    """
    wanted = {datetime.combine(d, first.time()) for d in days}
    if not wanted:
        return ()
    stop = min(max(wanted), last.replace(tzinfo=None), until or datetime.max)
    found = []
    for match in rule.iterate(first):
        if match > stop:
            break
        if match in wanted:
            found.append(match)
    return tuple(found)


def _first(
    schedule: Schedule,
    tz_name: str,
    occurrences: list[Occurrence],
    hi: datetime,
    scenario: Scenario,
    index: int,
) -> tuple[datetime, tuple[datetime, ...]] | None:
    """The DTSTART of the rule, and the matches before ``starts_on`` it must leave out.

    A rule that counts (INTERVAL, COUNT) starts at its first match from ``starts_on``; moved
    back by a negative ``offset_days``, its first matches can fall before ``starts_on``, where
    the schedule has none, so they become EXDATEs (and COUNT still counts them, as the schedule
    does). Any other rule starts at its first occurrence in the horizon, or after it.
    """
    rule = schedule.rule
    if not rule.names_its_day:
        assert schedule.starts_on is not None
        offset = timedelta(days=schedule.offset_days)
        matches = rule.iterate(datetime.combine(schedule.starts_on, time()), schedule.at)
        first = next(iter(matches)) + offset
        early, match = [], first
        while match.date() < schedule.starts_on:
            early.append(match)
            following = next(matches, None)
            if following is None:
                break
            match = following + offset
        return first, tuple(early)
    if occurrences:
        return occurrences[0].nominal, ()
    later = schedule.occurrences(
        hi,
        utc(hi) + _LOOKAHEAD,
        timezone=tz_name,
        max_occurrences=scenario.policy.max_occurrences,
        owner=f"trains[{index}]",
    )
    return (later[0].nominal, ()) if later else None


def _shifted_rule(rule: RRule, days: int) -> RRule | None:
    """An RRULE whose matches are ``rule``'s moved by ``days``, or ``None`` if there is none.

    Weekly and daily rules move their weekdays (and the week start, so INTERVAL keeps its
    phase); a monthly n-th weekday or month day moves within the month when it never crosses
    its end. Rules that may match several times a day are left to RDATEs.
    """
    if rule.several_a_day:
        return None
    if days == 0:
        return rule
    other = set(rule.ints) - _TIME_PARTS
    if rule.freq in ("DAILY", "WEEKLY") and not other and all(n == 0 for n, _ in rule.byday):
        byday = tuple((0, _weekday(d, days)) for _, d in rule.byday)
        wkst = _weekday(rule.wkst or "MO", days) if rule.freq == "WEEKLY" and byday else rule.wkst
        return replace(rule, byday=byday, wkst=wkst)
    if rule.freq == "MONTHLY" and other <= {"BYMONTH"} and len(rule.byday) == 1:
        n, weekday = rule.byday[0]
        if n == 0:
            return None
        first, last = (7 * n - 6, 7 * n) if n > 0 else (7 * n, 7 * n + 6)
        monthdays = tuple(range(first + days, last + days + 1))
        if not all(1 <= d <= 28 or -28 <= d <= -1 for d in (*monthdays, first, last)):
            return None
        ints = {**rule.ints, "BYMONTHDAY": monthdays}
        return replace(rule, byday=((0, _weekday(weekday, days)),), ints=ints)
    if rule.freq == "MONTHLY" and other <= {"BYMONTH", "BYMONTHDAY"} and not rule.byday:
        moved = tuple(d + days for d in rule.ints.get("BYMONTHDAY", ()))
        if not moved or not all(
            (1 <= d <= 28 and 1 <= d - days <= 28) or (-28 <= d <= -1 and -28 <= d - days <= -1)
            for d in moved
        ):
            return None
        return replace(rule, ints={**rule.ints, "BYMONTHDAY": moved})
    return None


def _weekday(code: str, days: int) -> str:
    return WEEKDAYS[(WEEKDAYS.index(code) + days) % 7]
