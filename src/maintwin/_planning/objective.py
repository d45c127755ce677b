"""The planning objective: what each change is worth in each window, and a plan's score (pure).

One function, :func:`contribution`, gives each (change, window) its part of the three levels
(see :class:`~maintwin.PlanScore`); :func:`score` sums it over a plan, the exact model makes
its levels of it, and the local search folds it into one number.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import timedelta
from typing import NamedTuple

from .plan import Plan, PlanScore
from .problem import Problem, Slot
from .rules import JUDGE, alone
from .rules.deadline import on_time
from .rules.slack import gives_slack
from .units import minutes

__all__ = ["Contribution", "baseline", "contribution", "placement_score", "score", "weight"]


def weight(priority: int) -> int:
    """How much placing a change is worth: priority 1 weighs 9, priority 9 weighs 1."""
    return 10 - priority


class Contribution(NamedTuple):
    """One change in one window: its weight if on time, its weight, its weight if the window
    gives the slack it asks for (``policy.slack``; alone after the kept changes), and its
    weighted delay."""

    on_time: int
    placed: int
    slack: int
    delay: int


def baseline(problem: Problem, cid: str) -> Slot | None:
    """The change's earliest allowed window: the first open slot of its subsystem on or after
    its first day that is long enough, whatever else rides there (the zero of the delay)."""
    lane = problem.lane_of(cid)
    if lane is None:
        return None
    return next((s for s in lane.from_day(problem.first[cid]) if alone(problem, cid, s)), None)


def contribution(
    problem: Problem, cid: str, slot: Slot, first: Slot | None, start: timedelta | None = None
) -> Contribution:
    """What ``cid`` in ``slot`` adds to each level; ``first`` is its :func:`baseline`. Its
    slack is counted as it starts ``start`` into the slot, or alone after the kept changes
    (the exact model then makes sure of it with the changes before it, see
    :mod:`.solvers.exact`; the lanes the local search would judge alone are left to first
    fit, which asks with the window's changes)."""
    change = problem.changes[cid]
    worth = weight(change.priority)
    late = max(0, minutes(slot.start - first.start)) if first is not None else 0
    roomy = cid in problem.slack and gives_slack(problem, cid, slot, start=start)
    return Contribution(
        worth if on_time(change, slot.day) else 0, worth, worth if roomy else 0, worth * late
    )


def placement_score(
    problem: Problem, placed: Iterable[tuple[str, Slot, timedelta | None]]
) -> PlanScore:
    """What the new assignments ``placed`` (change, slot, offset in it or ``None``: alone
    after the kept changes) reach on the objective."""
    on_time_weight = weight_placed = slack = delay = 0
    for cid, slot, start in placed:
        part = contribution(problem, cid, slot, baseline(problem, cid), start)
        on_time_weight += part.on_time
        weight_placed += part.placed
        slack += part.slack
        delay += part.delay
    return PlanScore(on_time_weight, weight_placed, slack, delay)


def score(plan: Plan) -> PlanScore:
    """What ``plan`` reaches on the objective; kept (pinned or announced) assignments are left
    out: no solver can change them (see :class:`~maintwin.PlanScore`)."""
    problem = Problem(
        plan.scenario.changes, plan.scenario.policy, plan.windows, now=plan.now, judge=JUDGE
    )
    return placement_score(
        problem,
        (
            (a.change, slot, a.offset)
            for a in plan.assignments
            if a.lock is None
            and (slot := problem.slots.get(a.window)) is not None
            and a.change in problem.changes
        ),
    )
