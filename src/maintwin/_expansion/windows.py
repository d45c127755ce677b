"""Expansion of a scenario into releases, windows and blackout periods (pure: no I/O, no clock).

Everything returned is sorted by instant with deterministic tie-breaks, so the same scenario and
horizon always give the same lists.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from operator import sub
from typing import NamedTuple

from .._model.blackout import Blackout, BlackoutPeriod
from .._model.ids import dated_id
from .._model.rrule import PERIOD
from .._model.schedule import matches
from .._model.train import Release, ReleaseTrain, version_label
from .._model.window import OneOffWindow, Window
from .._time import add_duration, localize, utc, whole_days, zone
from .._zone_changes import LocalClock
from .crews import Roster, crew, crewless
from .inputs import Inputs

__all__ = [
    "Expanded",
    "ReleaseDay",
    "all_blackouts",
    "blackout_periods",
    "block",
    "expand",
    "expand_windows",
    "windows_and_days",
]


class ReleaseDay(NamedTuple):
    """What the same-day rule needs of a release: its local day, subsystem, train and window."""

    day: date
    subsystem: str
    train: str
    window: str | None


# One occurrence of a train, as plain values (a tuple of atomic values costs the garbage
# collector nothing once it has seen it): its instant in UTC, the train's subsystem and id (the
# order), the train's position in the scenario, the local day, the aware start, whether it was
# shifted, and the position of its window among the windows made (-1: the train has no
# downtime).
_Row = tuple[datetime, str, str, int, date, datetime, bool, int]
_Key = tuple[datetime, datetime, str, str]  # a window's start and end in UTC, subsystem, id


# Matches are looked for up to a week and a day either side of the horizon (offset_days and
# slack, see matches()); a clock's own margin is a day.
_CLOCK_MARGIN = timedelta(days=9)
_MANY = 300


def _clocks(scenario: Inputs, start: datetime, end: datetime) -> dict[str, LocalClock]:
    """The :class:`LocalClock` of each zone whose trains step through many matches in
    ``[start, end)`` (finding a zone's changes costs about as much as settling a few hundred
    local times without them)."""
    span = utc(end) - utc(start)
    steps: dict[str, float] = {}
    for train in scenario.trains:
        rule = train.schedule.rule
        name = train.schedule.timezone or scenario.timezone
        steps[name] = steps.get(name, 0) + span / (PERIOD[rule.freq] * rule.interval)
    lo, hi = utc(start) - _CLOCK_MARGIN, utc(end) + _CLOCK_MARGIN
    return {name: LocalClock(zone(name), lo, hi) for name, n in steps.items() if n >= _MANY}


def _train_occurrences(
    scenario: Inputs, start: datetime, end: datetime, fast: bool = True, rows: bool = True
) -> tuple[list[_Row] | None, list[Window], list[_Key]]:
    """Every occurrence of every train starting in ``[start, end)``, sorted by instant, then
    subsystem and train (``None`` with ``rows=False``: the windows alone are wanted); and the
    downtime windows of those occurrences (not yet blocked) with their keys, in the order they
    were made. ``fast=False`` takes the general path alone (see :func:`matches`)."""
    found: list[_Row] = []
    made: list[Window] = []
    keys: list[_Key] = []
    trusted = Window.trusted
    clocks = _clocks(scenario, start, end) if fast else {}
    for index, train in enumerate(scenario.trains):
        tz_name = train.schedule.timezone or scenario.timezone
        tz = zone(tz_name)
        timed = train.schedule.rule.several_a_day
        train_id, subsystem, downtime = train.id, train.subsystem, train.window_length
        wall_days = downtime is not None and whole_days(downtime)
        for instant, aware, nominal, day, shifted in matches(
            train.schedule,
            start,
            end,
            timezone=tz_name,
            max_occurrences=scenario.policy.max_occurrences,
            owner=f"trains[{index}] ({train_id})",
            clock=clocks.get(tz_name),
            fast=fast,
        ):
            position = -1
            if downtime is not None:
                if wall_days:
                    stop = add_duration(aware, downtime, tz)
                    stop_utc = utc(stop)
                else:  # elapsed time: the same instant as add_duration gives, without a detour
                    stop_utc = instant + downtime
                    stop = stop_utc.astimezone(tz)
                window_id = dated_id(train_id, day, nominal.time() if timed else None)
                position = len(made)
                made.append(
                    trusted(
                        id=window_id,
                        subsystem=subsystem,
                        start=aware,
                        end=stop,
                        timezone=tz_name,
                        capacity=downtime,
                        source=train_id,
                        shifted=shifted,
                        blocked_by=(),
                        gaps=(),
                        crew=(),
                    )
                )
                keys.append((instant, stop_utc, subsystem, window_id))
            if rows:
                found.append((instant, subsystem, train_id, index, day, aware, shifted, position))
    if not rows:
        return None, made, keys
    # (instant, subsystem, train id) is unique (matches() keeps one occurrence per instant):
    # the sort never looks further along a row.
    found.sort()
    return found, made, keys


def _release(train: ReleaseTrain, row: _Row, window: Window | None) -> Release:
    _, _, _, _, day, aware, shifted, _ = row
    return Release.trusted(
        train=train.id,
        subsystem=train.subsystem,
        version=version_label(train.version, day, train.subsystem),
        day=day,
        start=aware,
        shifted=shifted,
        window=window,
    )


def _one_off(spec: OneOffWindow, tz_name: str) -> Window:
    tz = zone(tz_name)
    if spec.start.tzinfo is None:
        start, shifted = localize(spec.start, tz)
    else:
        start, shifted = spec.start.astimezone(tz), False
    return Window.trusted(
        id=spec.id,
        subsystem=spec.subsystem,
        start=start,
        end=add_duration(start, spec.duration, tz),
        timezone=tz_name,
        capacity=spec.capacity or spec.duration,
        source=spec.id,
        shifted=shifted,
        blocked_by=(),
    )


def _window_key(w: Window) -> _Key:
    return (utc(w.start), utc(w.end), w.subsystem, w.id)


def expand(
    scenario: Inputs, start: datetime, end: datetime, *, fast: bool = True
) -> tuple[list[Release], list[Window]]:
    """The releases and the downtime windows starting in ``[start, end)``, blocked by blackouts
    and staffing gaps, with their crews.

    A window that overlaps a blackout applying to its subsystem, or cannot have its crew, keeps
    its place in both lists, with ``blocked_by`` naming the blackouts and gaps. ``fast=False``
    takes the general path alone (see :func:`matches`): the same lists, more slowly.
    """
    rows, made, keys = _train_occurrences(scenario, start, end, fast)
    assert rows is not None
    windows, blocked, _, _ = _windows(scenario, start, end, rows, made, keys)
    own = iter(blocked)  # the trains' windows come first, in the order of ``rows``
    trains = scenario.trains
    return [_release(trains[r[3]], r, next(own) if r[7] >= 0 else None) for r in rows], windows


def expand_windows(scenario: Inputs, start: datetime, end: datetime) -> list[Window]:
    """The windows :func:`expand` gives, without building the releases (nor, with nobody to
    crew them, the roster)."""
    _, made, keys = _train_occurrences(scenario, start, end, rows=False)
    return _windows(scenario, start, end, None, made, keys, not crewless(scenario))[0]


class Expanded(NamedTuple):
    """What planning needs of a horizon: the blocked windows, as :func:`expand` gives them,
    each window's start and end in UTC (in the same order), the days of the releases, and who
    is free and on duty when."""

    windows: list[Window]
    spans: list[tuple[datetime, datetime]]
    days: list[ReleaseDay]
    roster: Roster


def windows_and_days(
    scenario: Inputs, start: datetime, end: datetime, *, crews: bool = True
) -> Expanded:
    """The windows, their UTC spans and the release days, without building a
    :class:`Release` for each occurrence; the spans are those expansion sorted by, so nothing
    downstream converts a window's start to UTC again. With ``crews=False`` the windows are
    not crewed (a check of a plan's own crews needs only the roster's diaries)."""
    rows, made, keys = _train_occurrences(scenario, start, end)
    assert rows is not None
    windows, _, sorted_keys, roster = _windows(scenario, start, end, rows, made, keys, crews)
    days = [
        ReleaseDay(day, subsystem, train, keys[position][3] if position >= 0 else None)
        for _, subsystem, train, _, day, _, _, position in rows
    ]
    return Expanded(windows, [(k[0], k[1]) for k in sorted_keys], days, roster)


def _windows(
    scenario: Inputs,
    start: datetime,
    end: datetime,
    rows: list[_Row] | None,
    made: list[Window],
    made_keys: list[_Key],
    crews: bool = True,
) -> tuple[list[Window], list[Window], list[_Key], Roster]:
    """The windows of ``rows`` and the one-off windows starting in ``[start, end)``, blocked
    and crewed: sorted, and in the order of ``rows`` (of ``made`` when ``rows`` is ``None``)
    followed by the one-off windows; the keys of the sorted ones; and the roster of the
    horizon. Keys are unique (a window's id is), so the sorted windows do not depend on the
    order they come in."""
    if rows is None:
        candidates, keys = list(made), list(made_keys)
    else:
        own = [r[7] for r in rows if r[7] >= 0]
        candidates = [made[i] for i in own]
        keys = [made_keys[i] for i in own]
    lo, hi = utc(start), utc(end)
    for spec in scenario.one_off_windows:
        window = _one_off(spec, spec.timezone or scenario.timezone)
        key = _window_key(window)
        if lo <= key[0] < hi:
            candidates.append(window)
            keys.append(key)
    if not candidates:
        return [], [], [], crew(scenario, [], [], start, end)[1]
    last_end = max(k[1] for k in keys)
    order = sorted(range(len(candidates)), key=keys.__getitem__)
    periods = blackout_periods(scenario, start, last_end)
    blocked = block(candidates, periods, keys=keys, order=order)
    ordered = [blocked[i] for i in order]
    if not crews:
        return ordered, blocked, [keys[i] for i in order], crew(scenario, [], [], start, end)[1]
    crewed, roster = crew(scenario, ordered, [(keys[i][0], keys[i][1]) for i in order], start, end)
    for position, window in zip(order, crewed, strict=True):
        blocked[position] = window
    return crewed, blocked, [keys[i] for i in order], roster


def blackout_periods(scenario: Inputs, start: datetime, end: datetime) -> list[BlackoutPeriod]:
    """Every blackout period (explicit and holiday) that overlaps ``[start, end)``."""
    out: list[BlackoutPeriod] = []
    for index, blackout in enumerate(all_blackouts(scenario, _years(start, end))):
        out.extend(
            blackout.periods(
                start,
                end,
                timezone=scenario.timezone,
                max_occurrences=scenario.policy.max_occurrences,
                owner=f"blackouts[{index}] ({blackout.id})",
            )
        )
    keys = [(utc(p.start), utc(p.end), p.blackout) for p in out]
    return [out[i] for i in sorted(range(len(out)), key=keys.__getitem__)]


def all_blackouts(scenario: Inputs, years: Iterable[int]) -> tuple[Blackout, ...]:
    """The explicit blackouts followed by the holiday blackouts of ``years``."""
    years = tuple(years)
    holiday = tuple(b for source in scenario.holidays for b in source.blackouts(years))
    return scenario.blackouts + holiday


def _years(start: datetime, end: datetime) -> range:
    # Holidays are whole local days in some zone; a month's margin covers any zone and widening.
    return range((utc(start) - timedelta(days=31)).year, (utc(end) + timedelta(days=31)).year + 1)


def block(
    found: Sequence[Window],
    periods: Iterable[BlackoutPeriod],
    *,
    keys: Sequence[_Key] | None = None,
    order: Sequence[int] | None = None,
) -> list[Window]:
    """Set each window's ``blocked_by`` to the blackouts that overlap it and apply to it.

    Returns the windows in the order given (``keys``, when given, are their ``_window_key``;
    ``order``, when given, the positions of the windows sorted by key).
    Each period looks for the windows it blocks among those of its scope (every window, or
    those of each subsystem it names), sorted by start: a window starting before the period
    ends and at most the scope's longest window before it starts, that ends after it starts.
    So a window no period touches costs nothing beyond the sort, and the work is
    O((W + B) log W) plus the pairs that overlap.
    """
    listed = list(periods)
    out = list(found)
    if not listed or not found:
        return out
    if keys is None:
        keys = [_window_key(w) for w in found]
    if order is None:
        order = sorted(range(len(found)), key=keys.__getitem__)
    named = {n for p in listed if p.scope is not None for n in p.scope}
    groups: dict[str, list[int]] = {name: [] for name in named}
    get = groups.get
    for position in order:
        group = get(keys[position][2])
        if group is not None:
            group.append(position)
    scopes = {name: _Scope(keys, group) for name, group in groups.items() if group}
    every = _Scope(keys, order) if any(p.scope is None for p in listed) else None
    # A period's rank: its place sorted by start, end and blackout, which orders blocked_by.
    ranked = sorted((utc(p.start), utc(p.end), p.blackout, i) for i, p in enumerate(listed))
    hits: dict[int, list[int]] = {}
    for rank, (p_start, p_end, _, index) in enumerate(ranked):
        names = listed[index].scope
        for scope in [every] if names is None else [scopes.get(n) for n in names]:
            if scope is not None:
                for position in scope.overlapping(p_start, p_end):
                    hits.setdefault(position, []).append(rank)
    for position, ranks in hits.items():
        ids = tuple(dict.fromkeys(ranked[r][2] for r in sorted(ranks)))
        window = found[position]
        out[position] = type(window).trusted(**{**window.__dict__, "blocked_by": ids})
    return out


class _Scope:
    """Windows a period may block, sorted by start: their starts and ends in UTC, their
    positions, and the longest one's length."""

    __slots__ = ("ends", "longest", "positions", "starts")

    def __init__(self, keys: Sequence[_Key], positions: Sequence[int]) -> None:
        self.positions = positions
        self.starts = [keys[i][0] for i in positions]
        self.ends = [keys[i][1] for i in positions]
        self.longest = max(map(sub, self.ends, self.starts))

    def overlapping(self, start: datetime, end: datetime) -> list[int]:
        """The positions of the windows that overlap ``[start, end)``."""
        first = bisect_left(self.starts, start - self.longest)
        last = bisect_left(self.starts, end, first)
        ends, positions = self.ends, self.positions
        return [positions[i] for i in range(first, last) if ends[i] > start]
