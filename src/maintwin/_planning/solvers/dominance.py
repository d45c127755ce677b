"""Interchangeable changes for the exact model: an order among them that keeps an optimum.

Two changes of one lane are interchangeable when they have the same work, the same candidate
windows, the same windows that keep their deadline and the same baseline, and nothing ties
them to another change (no prerequisite, no dependent, no people of their own, no rollback),
in a lane where no change keeps a rollback or asks for room to recover (there the order of
the changes in a window matters). Swapping two of them keeps every rule and the on-time,
placed and slack levels, and changes the weighted delay by ``(w1 - w2) * (t1 - t2)``: the
heavier one (by weight, then by processing order) may as well ride no later than the other,
and ride whenever the other does. :func:`interchangeable` finds the groups; the exact model
orders each (pure).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from typing import Any

from ..objective import baseline, weight
from ..problem import Problem, Slot
from ..rules.deadline import on_time

__all__ = ["interchangeable", "order"]


def interchangeable(
    problem: Problem, choices: dict[str, list[tuple[Slot, Any]]]
) -> list[list[str]]:
    """Groups of two or more interchangeable changes, each heaviest first (ties: processing
    order)."""
    tied: set[str] = set()
    for cid, change in problem.changes.items():
        if cid in problem.rollback or cid in problem.slack:
            tied.add(change.subsystem)
    groups: dict[tuple[object, ...], list[str]] = {}
    for cid, options in choices.items():
        change = problem.changes[cid]
        if (
            not options
            or change.subsystem in tied
            or change.depends_on
            or problem.deps.dependents.get(cid)
            or cid in problem.wants
        ):
            continue
        first = baseline(problem, cid)
        slots = tuple(id(slot) for slot, _ in options)
        kept = tuple(on_time(change, slot.day) for slot, _ in options)
        work: timedelta = problem.work[cid]
        key = (change.subsystem, work, slots, kept, id(first))
        groups.setdefault(key, []).append(cid)
    return [
        sorted(group, key=lambda c: (-weight(problem.changes[c].priority), problem.rank[c]))
        for group in groups.values()
        if len(group) > 1
    ]


Options = Sequence[tuple[Slot, Any]]


def order(model: Any, options: Options, later: Options) -> None:
    """Add to the CP-SAT ``model``: the change of ``options`` rides whenever the one of
    ``later`` does (both have the same candidate windows, in order), and in no later window."""
    model.Add(sum(v for _, v in later) <= sum(v for _, v in options))
    model.Add(_position(options) <= _position(later))


def _position(options: Options) -> Any:
    """The position of the window a change takes among its candidates (one past the last:
    left out)."""
    count = len(options)
    return sum(k * v for k, (_, v) in enumerate(options)) + count * (1 - sum(v for _, v in options))
