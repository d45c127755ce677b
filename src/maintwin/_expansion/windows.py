"""Expansion of a scenario into releases, windows and blackout periods (pure: no I/O, no clock).

Everything returned is sorted by instant with deterministic tie-breaks, so the same scenario and
horizon always give the same lists.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from .._model.blackout import Blackout, BlackoutPeriod
from .._model.ids import dated_id
from .._model.schedule import Occurrence
from .._model.train import Release, ReleaseTrain, version_label
from .._model.window import OneOffWindow, Window
from .._time import add_duration, localize, utc, zone
from .inputs import Inputs

__all__ = [
    "ReleaseDay",
    "all_blackouts",
    "blackout_periods",
    "block",
    "expand",
    "windows_and_days",
]


class ReleaseDay(NamedTuple):
    """What the same-day rule needs of a release: its local day, subsystem, train and window."""

    day: date
    subsystem: str
    train: str
    window: str | None


class _Found(NamedTuple):
    """One occurrence of a train, with its downtime window (not yet blocked) if it has one."""

    instant: datetime
    train: ReleaseTrain
    occurrence: Occurrence
    window: Window | None


def _train_occurrences(scenario: Inputs, start: datetime, end: datetime) -> list[_Found]:
    """Every occurrence of every train starting in ``[start, end)``, sorted by instant, then
    subsystem and train."""
    out: list[_Found] = []
    for index, train in enumerate(scenario.trains):
        tz_name = train.schedule.timezone or scenario.timezone
        tz = zone(tz_name)
        timed = train.schedule.rule.several_a_day
        for occ in train.schedule.occurrences(
            start,
            end,
            timezone=tz_name,
            max_occurrences=scenario.policy.max_occurrences,
            owner=f"trains[{index}] ({train.id})",
        ):
            window = None
            length = train.window_length
            if length is not None:
                window = Window.trusted(
                    id=dated_id(train.id, occ.day, occ.nominal.time() if timed else None),
                    subsystem=train.subsystem,
                    start=occ.start,
                    end=add_duration(occ.start, length, tz),
                    timezone=tz_name,
                    capacity=length,
                    source=train.id,
                    shifted=occ.shifted,
                    blocked_by=(),
                )
            out.append(_Found(utc(occ.start), train, occ, window))
    out.sort(key=lambda f: (f.instant, f.train.subsystem, f.train.id))
    return out


def _release(found: _Found, window: Window | None) -> Release:
    train, occ = found.train, found.occurrence
    return Release.trusted(
        train=train.id,
        subsystem=train.subsystem,
        version=version_label(train.version, occ.day, train.subsystem),
        day=occ.day,
        start=occ.start,
        shifted=occ.shifted,
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


def _window_key(w: Window) -> tuple[datetime, datetime, str, str]:
    return (utc(w.start), utc(w.end), w.subsystem, w.id)


def expand(scenario: Inputs, start: datetime, end: datetime) -> tuple[list[Release], list[Window]]:
    """The releases and the downtime windows starting in ``[start, end)``, blocked by blackouts.

    A window that overlaps a blackout applying to its subsystem keeps its place in both lists,
    with ``blocked_by`` naming the blackouts.
    """
    found = _train_occurrences(scenario, start, end)
    windows, blocked = _windows(scenario, start, end, found)
    own = iter(blocked)  # the trains' windows come first, in the order of ``found``
    return [_release(f, next(own) if f.window else None) for f in found], windows


def windows_and_days(
    scenario: Inputs, start: datetime, end: datetime
) -> tuple[list[Window], list[ReleaseDay]]:
    """The blocked windows, as :func:`expand` gives them, and the days of the releases: what
    planning needs, without building a :class:`Release` for each occurrence."""
    found = _train_occurrences(scenario, start, end)
    windows, _ = _windows(scenario, start, end, found)
    days = [
        ReleaseDay(
            f.occurrence.day, f.train.subsystem, f.train.id, f.window.id if f.window else None
        )
        for f in found
    ]
    return windows, days


def _windows(
    scenario: Inputs, start: datetime, end: datetime, found: list[_Found]
) -> tuple[list[Window], list[Window]]:
    """The windows of ``found`` and the one-off windows starting in ``[start, end)``, blocked:
    sorted, and in the order of ``found`` followed by the one-off windows."""
    candidates = [f.window for f in found if f.window is not None]
    for spec in scenario.one_off_windows:
        window = _one_off(spec, spec.timezone or scenario.timezone)
        if utc(start) <= utc(window.start) < utc(end):
            candidates.append(window)
    if not candidates:
        return [], []
    keys = [_window_key(w) for w in candidates]
    last_end = max(k[1] for k in keys)
    blocked = block(candidates, blackout_periods(scenario, start, last_end), keys=keys)
    return [blocked[i] for i in sorted(range(len(blocked)), key=keys.__getitem__)], blocked


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


_NONE: list[tuple[datetime, int]] = []  # stays empty: nothing is pushed to it


def block(
    found: Sequence[Window],
    periods: Iterable[BlackoutPeriod],
    *,
    keys: Sequence[tuple[datetime, datetime, str, str]] | None = None,
) -> list[Window]:
    """Set each window's ``blocked_by`` to the blackouts that overlap it and apply to it.

    Returns the windows in the order given (``keys``, when given, are their ``_window_key``).
    A sweep over both lists sorted by start: sorting costs O((W + B) log(W + B)). The periods
    in force are kept per scope (one heap for those of every subsystem, one per named
    subsystem), so each window looks only at the periods that could block it.
    """
    if keys is None:
        keys = [_window_key(w) for w in found]
    order = sorted(range(len(found)), key=keys.__getitem__)
    listed = list(periods)
    span_keys = sorted((utc(p.start), utc(p.end), p.blackout, i) for i, p in enumerate(listed))
    everyone: list[tuple[datetime, int]] = []
    scoped: dict[str, list[tuple[datetime, int]]] = {}
    next_period = 0
    out = list(found)
    for position in order:
        w_start, w_end, subsystem, _ = keys[position]
        while next_period < len(span_keys) and span_keys[next_period][0] < w_end:
            p_end, index = span_keys[next_period][1], next_period
            scope = listed[span_keys[index][3]].scope
            for heap in [everyone] if scope is None else [scoped.setdefault(n, []) for n in scope]:
                heapq.heappush(heap, (p_end, index))
            next_period += 1
        hits: list[int] = []
        for heap in (everyone, scoped.get(subsystem, _NONE)):
            while heap and heap[0][0] <= w_start:
                heapq.heappop(heap)
            hits.extend(i for _, i in heap if span_keys[i][0] < w_end)
        if hits:
            ids = tuple(dict.fromkeys(span_keys[i][2] for i in sorted(hits)))
            out[position] = found[position].model_copy(update={"blocked_by": ids})
    return out
