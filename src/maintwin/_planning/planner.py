"""`plan`: expand a scenario over a horizon and pack its changes into the windows (pure)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from .._errors import MaintwinError
from .._expansion.windows import windows_and_days
from .._scenario import Scenario
from .._time import as_instant, horizon, zone
from .check import evaluate
from .crews import crewed
from .diagnosis import diagnose
from .laps import Lap, no_lap
from .lifecycle import closed, standing
from .notices import Told, notices
from .plan import Plan, Unscheduled, UnscheduledCause
from .problem import Problem
from .rules import JUDGE
from .rules.kept import announced, keep_history, keep_pins
from .rules.order import unplaceable
from .solvers import exact, greedy

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
    _lap: Lap = no_lap,
) -> Plan:
    """Pack the scenario's changes into its downtime windows in ``[start, end)``.

    ``start`` and ``end`` are aware date-times, or dates meaning local midnight in the
    scenario's zone; ``now`` is the aware moment the plan is made (nothing is read from a
    clock). New changes only go into open windows that start at least ``policy.freeze_horizon``
    after ``now``. With ``previous``, its assignments to windows that start before then (they
    have been announced) are kept as they are, and reported if they broke a rule since. Pinned
    changes stay in their window; done and failed ones stay where they ran, and cancelled ones
    are not planned. ``plan.notices`` lists every notice the plan calls for; with ``previous``,
    a told window whose work changed gives moved or cancelled notices. ``solver="exact"``
    proves the result optimal with OR-Tools (``pip install 'maintwin[exact]'``).

    The solvers break no rule of their own accord; what breaks one (a kept assignment that
    became invalid, a deadline that cannot be met, a change that fits nowhere) is reported in
    ``Plan.conflicts``.

    ``_lap`` (private) is told the name of each phase as it ends ("expansion", "problem",
    "solver", "unplaced", "crews", "notices", "conflicts", "result"): the benchmark times the
    phases so; the plan is the same.
    """
    if solver not in ("greedy", "exact"):
        raise MaintwinError(f"unknown solver {solver!r}; expected 'greedy' or 'exact'")
    _, _, lo, hi = horizon(scenario.timezone, start, end, where="maintwin.plan()")
    if not isinstance(now, datetime) or now.tzinfo is None or now.utcoffset() is None:
        raise MaintwinError(
            f"maintwin.plan(): now={now!r} is not an aware date-time; give one with a zone, "
            "e.g. datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo('America/Chicago'))"
        )
    as_instant(now, zone(scenario.timezone), name="now", where="maintwin.plan()")  # its year
    windows, spans, days, roster = windows_and_days(scenario, lo, hi)
    _lap("expansion")
    kept, withdrawn, earlier = announced(scenario, previous, lo, now)
    problem = Problem(
        standing(scenario.changes),
        scenario.policy,
        windows,
        now=now,
        judge=JUDGE,
        kept=kept,
        spans=spans,
        roster=roster,
        closed=closed(scenario.changes),
    )
    unscheduled = {u.change: u for u in keep_history(problem, scenario, previous)}
    unscheduled.update({u.change: u for u in unplaceable(problem, skip=unscheduled)})
    for a in earlier:  # announced, in a window before this horizon: not planned again
        unscheduled[a.change] = Unscheduled.trusted(
            change=a.change,
            cause=UnscheduledCause.OUT_OF_HORIZON,
            detail=f"it was announced for window {a.window}, which starts before this horizon; "
            "it is not planned again",
        )
    problem.hold(unscheduled)
    unscheduled.update({u.change: u for u in keep_pins(problem)})
    _lap("problem")
    state = exact.solve(problem) if solver == "exact" else greedy.solve(problem)
    _lap("solver")
    for cid in problem.order:  # prerequisites first: a dependent names the one left out
        if cid not in state.placed:
            unscheduled[cid] = diagnose(problem, state, cid, unscheduled)
    assignments = problem.assignments(state.placed)
    _lap("unplaced")
    windows = crewed(problem, state, windows)
    deps = problem.deps
    # The problem and the placement are most of the working set; dropped before the notices
    # and conflicts are made, they leave room for them (resident memory peaks lower).
    del problem, state
    _lap("crews")
    told = Told.before(previous, now)
    found = notices(scenario, windows, assignments, now=now, told=told, start=lo, end=hi)
    _lap("notices")
    conflicts = evaluate(
        scenario,
        windows,
        days,
        assignments,
        tuple(unscheduled.values()),
        now=now,
        withdrawn=withdrawn,
        deps=deps,
        spans={w.id: span for w, span in zip(windows, spans, strict=True)},
        roster=roster,
        notices=found,
    )
    _lap("conflicts")
    made = Plan.trusted(
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
        notices=tuple(found),
    )
    _lap("result")
    return made
