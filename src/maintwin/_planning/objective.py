"""The planning objective, measured on a finished plan (pure)."""

from __future__ import annotations

from .dependencies import minutes
from .plan import Plan, PlanScore
from .problem import Problem

__all__ = ["score"]


def score(plan: Plan) -> PlanScore:
    """What ``plan`` reaches on the objective; kept assignments are left out (see
    :class:`PlanScore`)."""
    problem = Problem(plan.scenario.changes, plan.scenario.policy, plan.windows, now=plan.now)
    on_time = placed = delay = 0
    for a in plan.assignments:
        slot = problem.slots.get(a.window)
        if a.lock is not None or slot is None or a.change not in problem.changes:
            continue
        worth = problem.weight(a.change)
        placed += worth
        on_time += worth if problem.on_time(a.change, slot) else 0
        first = problem.baseline(a.change)
        if first is not None:
            delay += worth * max(0, minutes(slot.start - first.start))
    return PlanScore(on_time, placed, delay)
