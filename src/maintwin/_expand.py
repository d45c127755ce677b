"""Expansion of a scenario into releases, windows and blackout periods (pure: no I/O, no clock).

Everything returned is sorted by instant with deterministic tie-breaks, so the same scenario and
horizon always give the same lists.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from ._blackout import BlackoutPeriod
from ._ids import dated_id
from ._schedule import Occurrence
from ._time import add_duration, localize, utc, zone
from ._train import Release, ReleaseTrain, version_label
from ._window import OneOffWindow, Window

if TYPE_CHECKING:
    from ._scenario import Scenario

__all__ = ["blackout_periods", "block", "expand", "releases"]


def _train_window(train: ReleaseTrain, occ: Occurrence, tz_name: str) -> Window | None:
    if train.downtime is None:
        return None
    at = occ.nominal.time() if train.schedule.rule.several_a_day else None
    return Window(
        id=dated_id(train.id, occ.day, at),
        subsystem=train.subsystem,
        start=occ.start,
        end=add_duration(occ.start, train.downtime, zone(tz_name)),
        timezone=tz_name,
        capacity=train.downtime,
        source=train.id,
        shifted=occ.shifted,
    )


def releases(scenario: Scenario, start: datetime, end: datetime) -> list[Release]:
    """Every release of every train starting in ``[start, end)``; windows not yet blocked."""
    out: list[Release] = []
    for index, train in enumerate(scenario.trains):
        tz_name = train.schedule.timezone or scenario.timezone
        for occ in train.schedule.occurrences(
            start,
            end,
            timezone=tz_name,
            max_occurrences=scenario.policy.max_occurrences,
            owner=f"trains[{index}] ({train.id})",
        ):
            out.append(
                Release(
                    train=train.id,
                    subsystem=train.subsystem,
                    version=version_label(train.version, occ.day, train.subsystem),
                    day=occ.day,
                    start=occ.start,
                    shifted=occ.shifted,
                    window=_train_window(train, occ, tz_name),
                )
            )
    out.sort(key=lambda r: (utc(r.start), r.subsystem, r.train))
    return out


def _one_off(spec: OneOffWindow, tz_name: str) -> Window:
    tz = zone(tz_name)
    if spec.start.tzinfo is None:
        start, shifted = localize(spec.start, tz)
    else:
        start, shifted = spec.start.astimezone(tz), False
    return Window(
        id=spec.id,
        subsystem=spec.subsystem,
        start=start,
        end=add_duration(start, spec.duration, tz),
        timezone=tz_name,
        capacity=spec.capacity or spec.duration,
        source=spec.id,
        shifted=shifted,
    )


def _window_key(w: Window) -> tuple[datetime, datetime, str, str]:
    return (utc(w.start), utc(w.end), w.subsystem, w.id)


def expand(
    scenario: Scenario, start: datetime, end: datetime
) -> tuple[list[Release], list[Window]]:
    """The releases and the downtime windows starting in ``[start, end)``, blocked by blackouts.

    A window that overlaps a blackout applying to its subsystem keeps its place in both lists,
    with ``blocked_by`` naming the blackouts.
    """
    found = releases(scenario, start, end)
    candidates = [r.window for r in found if r.window is not None]
    for spec in scenario.one_off_windows:
        window = _one_off(spec, spec.timezone or scenario.timezone)
        if utc(start) <= utc(window.start) < utc(end):
            candidates.append(window)
    if not candidates:
        return found, []
    last_end = max(utc(w.end) for w in candidates)
    blocked = block(candidates, blackout_periods(scenario, start, last_end))
    # block() keeps the order it was given: the first windows are the releases' own.
    windows_of = iter(blocked)
    found = [_with_window(r, next(windows_of)) if r.window is not None else r for r in found]
    return found, sorted(blocked, key=_window_key)


def _with_window(release: Release, window: Window) -> Release:
    return release if window is release.window else release.model_copy(update={"window": window})


def blackout_periods(scenario: Scenario, start: datetime, end: datetime) -> list[BlackoutPeriod]:
    """Every blackout period (explicit and holiday) that overlaps ``[start, end)``."""
    out: list[BlackoutPeriod] = []
    for index, blackout in enumerate(scenario.all_blackouts(_years(start, end))):
        out.extend(
            blackout.periods(
                start,
                end,
                timezone=scenario.timezone,
                max_occurrences=scenario.policy.max_occurrences,
                owner=f"blackouts[{index}] ({blackout.id})",
            )
        )
    out.sort(key=lambda p: (utc(p.start), utc(p.end), p.blackout))
    return out


def _years(start: datetime, end: datetime) -> range:
    # Holidays are whole local days in some zone; a month's margin covers any zone and widening.
    return range((utc(start) - timedelta(days=31)).year, (utc(end) + timedelta(days=31)).year + 1)


def block(found: Sequence[Window], periods: Iterable[BlackoutPeriod]) -> list[Window]:
    """Set each window's ``blocked_by`` to the blackouts that overlap it and apply to it.

    Returns the windows in the order given. A sweep over both lists sorted by start: sorting
    costs O((W + B) log(W + B)); each window then looks at the periods in force at its start,
    of any scope, which are few when blackouts are short next to the gaps between them.
    """
    order = sorted(range(len(found)), key=lambda i: _window_key(found[i]))
    pending = sorted(periods, key=lambda p: (utc(p.start), utc(p.end), p.blackout))
    active: list[tuple[datetime, int]] = []
    next_period = 0
    out = list(found)
    for position in order:
        window = found[position]
        w_start, w_end = utc(window.start), utc(window.end)
        while next_period < len(pending) and utc(pending[next_period].start) < w_end:
            heapq.heappush(active, (utc(pending[next_period].end), next_period))
            next_period += 1
        while active and active[0][0] <= w_start:
            heapq.heappop(active)
        hits = sorted(
            i
            for _, i in active
            if utc(pending[i].start) < w_end and pending[i].applies_to(window.subsystem)
        )
        ids = tuple(dict.fromkeys(pending[i].blackout for i in hits))
        if ids:
            out[position] = window.model_copy(update={"blocked_by": ids})
    return out
