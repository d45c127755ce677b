"""`plan`: expand a scenario over a horizon and pack its changes into the windows (pure)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from .._errors import MaintwinError
from .._expansion.windows import windows_and_days
from .._scenario import Scenario
from .._time import horizon, utc
from .check import evaluate
from .plan import Assignment, Lock, Plan, Unscheduled, UnscheduledCause
from .problem import Problem, Slot

__all__ = ["plan"]

Solver = Literal["greedy", "exact"]


def plan(
    scenario: Scenario,
    start: date | datetime,
    end: date | datetime,
    *,
    now: datetime,
    previous: Plan | None = None,
    solver: Solver = "greedy",
) -> Plan:
    """Pack the scenario's changes into its downtime windows in ``[start, end)``.

    ``start`` and ``end`` are aware date-times, or dates meaning local midnight in the
    scenario's zone; ``now`` is the aware moment the plan is made (nothing is read from a
    clock). New changes only go into open windows that start at least ``policy.freeze_horizon``
    after ``now``. With ``previous``, its assignments to windows that start before then (they
    have been announced) are kept as they are, and reported if they broke a rule since. Pinned
    changes stay in their window. ``solver="exact"`` proves the result optimal with OR-Tools
    (``pip install 'maintwin[exact]'``).

    The solvers break no rule of their own accord; what breaks one (a kept assignment that
    became invalid, a deadline that cannot be met, a change that fits nowhere) is reported in
    ``Plan.conflicts``.
    """
    if solver not in ("greedy", "exact"):
        raise MaintwinError(f"unknown solver {solver!r}; expected 'greedy' or 'exact'")
    _, _, lo, hi = horizon(scenario.timezone, start, end, where="maintwin.plan()")
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise MaintwinError(
            f"maintwin.plan(): now={now!r} is not an aware date-time; give one with a zone, "
            "e.g. datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo('America/Chicago'))"
        )
    if utc(hi) <= utc(lo):
        raise MaintwinError(
            f"maintwin.plan(): end {hi.isoformat()} is not after start {lo.isoformat()}"
        )
    windows, days = windows_and_days(scenario, lo, hi)
    kept, withdrawn, earlier = _announced(scenario, previous, lo, now) if previous else ([], [], [])
    problem = Problem(scenario.changes, scenario.policy, windows, now=now, kept=kept)
    unscheduled = {u.change: u for u in _blocked(problem)}
    for a in earlier:  # announced, in a window before this horizon: not planned again
        unscheduled[a.change] = Unscheduled.trusted(
            change=a.change,
            cause=UnscheduledCause.OUT_OF_HORIZON,
            detail=f"it was announced for window {a.window}, which starts before this horizon; "
            "it is not planned again",
        )
    problem.hold(unscheduled)
    unscheduled.update({u.change: u for u in problem.keep_pins()})
    placed: dict[str, Slot]
    if solver == "exact":
        from .solvers.exact import solve as exact

        placed = exact(problem, unscheduled)
    else:
        from .solvers.greedy import solve as greedy

        placed = greedy(problem, unscheduled)
    assignments = problem.assignments(placed)
    conflicts = evaluate(
        scenario,
        windows,
        days,
        assignments,
        tuple(unscheduled.values()),
        now=now,
        withdrawn=withdrawn,
        deps=problem.deps,
    )
    return Plan.trusted(
        scenario=scenario,
        start=lo,
        end=hi,
        now=now,
        solver=solver,
        windows=tuple(windows),
        assignments=tuple(assignments),
        unscheduled=tuple(sorted(unscheduled.values(), key=lambda u: u.change)),
        withdrawn=tuple(withdrawn),
        conflicts=tuple(conflicts),
    )


def _announced(
    scenario: Scenario, previous: Plan, start: datetime, now: datetime
) -> tuple[list[Assignment], list[Assignment], list[Assignment]]:
    """The previous plan's assignments to windows that start before the end of the freeze
    horizon: clients have heard of them. Returns those in this horizon, which stay; those whose
    change has left the scenario (clients must hear that they are off); and those in windows
    before this horizon, which are not planned again."""
    freeze_end = utc(now) + scenario.policy.freeze_horizon
    known = {c.id for c in scenario.changes}
    starts = {w.id: utc(w.start) for w in previous.windows}
    kept: list[Assignment] = []
    withdrawn: list[Assignment] = []
    earlier: list[Assignment] = []
    for a in previous.assignments:
        began = starts.get(a.window)
        if began is None or began >= freeze_end:
            continue
        announced = a.model_copy(update={"lock": Lock.ANNOUNCED})
        if a.change not in known:
            withdrawn.append(announced)
        elif began < utc(start):
            earlier.append(announced)
        else:
            kept.append(announced)
    return kept, withdrawn, earlier


def _blocked(problem: Problem) -> list[Unscheduled]:
    """The changes no solver may place: in a dependency cycle, or waiting for one or for an
    unknown change."""
    in_cycle = {c: cycle for cycle in problem.deps.cycles for c in cycle}
    out = []
    for cid in sorted(problem.deps.blocked):
        if cid in problem.where:
            continue
        if cid in in_cycle:
            path = " -> ".join((*in_cycle[cid], in_cycle[cid][0]))
            out.append(
                Unscheduled(change=cid, cause=UnscheduledCause.CYCLE, detail=f"cycle {path}")
            )
        else:
            change = problem.changes[cid]
            missing = next(
                (p for p in change.depends_on if p not in problem.changes), None
            ) or next(p for p in change.depends_on if p in problem.deps.blocked)
            why = "is unknown" if missing not in problem.changes else "cannot be placed"
            out.append(
                Unscheduled(
                    change=cid,
                    cause=UnscheduledCause.PREREQUISITE,
                    detail=f"its prerequisite {missing!r} {why}",
                )
            )
    return out
