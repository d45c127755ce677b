"""`Estimate`: how long a change is planned to take, and which figure says so (pure).

A change may state its ``duration``, time its steps, and record dry runs. The plan works with
the longest of the three figures: the stated duration; the timed steps added up (each step at
the longer of its own estimate and the most a dry run measured for it); and the longest dry
run times ``policy.contingency``, rounded up to the minute. Its rollback is planned at its
:attr:`~maintwin.Rollback.length`. Every consumer (the solvers, explain, check, the runbook,
the feeds) takes a change's length from here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import timedelta
from typing import NamedTuple

from .._model.change import Change
from .._model.estimate import Basis, Estimate
from .._model.policy import Policy

__all__ = ["Basis", "Estimate", "Lengths", "estimate", "estimates", "lengths"]

_MINUTE = timedelta(minutes=1)


def _round_up(span: timedelta) -> timedelta:
    return math.ceil(span / _MINUTE) * _MINUTE


def estimate(change: Change, policy: Policy) -> Estimate:
    """The planned length of ``change`` under ``policy``."""
    runs = change.dry_runs
    measured: list[timedelta | None] = [None] * len(change.steps)
    for run in runs:
        for i, figure in enumerate(run.steps):
            best = measured[i]
            if figure and (best is None or figure > best):
                measured[i] = figure
    times = tuple(
        max(t for t in (step.duration, seen) if t is not None)
        if step.duration is not None or seen is not None
        else None
        for step, seen in zip(change.steps, measured, strict=True)
    )
    timed = [t for t in times if t is not None]
    steps = sum(timed, timedelta(0)) if timed else None
    longest = max(runs, key=lambda r: (r.total, r.on)) if runs else None
    rehearsal = _round_up(longest.total * policy.contingency) if longest is not None else None
    figures = [
        (f, basis)
        for f, basis in (
            (change.duration, Basis.STATED),
            (steps, Basis.STEPS),
            (rehearsal, Basis.REHEARSAL),
        )
        if f  # a zero step total says nothing
    ]
    work, basis = max(figures, key=lambda fb: fb[0])  # the first of equal figures wins
    rollback = change.rollback.length if change.rollback is not None else timedelta(0)
    return Estimate.trusted(
        change=change.id,
        work=work,
        basis=basis,
        stated=change.duration,
        steps=steps,
        rehearsal=rehearsal,
        dry_run=longest,
        factor=policy.contingency,
        step_times=times,
        rollback=rollback,
    )


class Lengths(NamedTuple):
    """The planned length of each change (``work``) and of each rollback (``rollback``: only
    the changes that have one), by change id."""

    work: dict[str, timedelta]
    rollback: dict[str, timedelta]


def lengths(changes: Iterable[Change], policy: Policy) -> Lengths:
    """The planned lengths of ``changes``: an :class:`Estimate` 's figures, without building
    one for a change that is its stated duration alone (most of them, at scale)."""
    work: dict[str, timedelta] = {}
    rollback: dict[str, timedelta] = {}
    for c in changes:
        if c.duration is not None and not c.dry_runs and not any(s.duration for s in c.steps):
            work[c.id] = c.duration
            if c.rollback is not None:
                rollback[c.id] = c.rollback.length
            continue
        e = estimate(c, policy)
        work[c.id] = e.work
        if e.rollback:
            rollback[c.id] = e.rollback
    return Lengths(work, rollback)


def estimates(changes: Iterable[Change], policy: Policy) -> dict[str, Estimate]:
    """The estimate of each change, by id."""
    return {c.id: estimate(c, policy) for c in changes}
