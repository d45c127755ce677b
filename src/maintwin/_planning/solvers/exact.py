"""The exact solver: the planning objective solved to optimality with OR-Tools CP-SAT.

Optional: ``pip install 'maintwin[exact]'``. One boolean per (change, candidate window); each
change rides at most once; each window's changes fit in its room; a dependent rides only where
one of its prerequisite's placements allows it. The objective is solved lexicographically, one
level at a time (on-time weight, placed weight, weighted delay), with one worker and a fixed
seed so that the same input gives the same plan.
"""

from __future__ import annotations

from math import gcd
from typing import Any

from ..._errors import MaintwinError
from ..dependencies import micro, minutes
from ..plan import Unscheduled
from ..problem import Problem, Slot

__all__ = ["SolverError", "solve"]

# Work budget per objective level, in CP-SAT's deterministic time units (about seconds).
DETERMINISTIC_BUDGET = 60.0


class SolverError(MaintwinError):
    """The exact solver is not installed, or could not prove a plan optimal."""

    __module__ = "maintwin"


def _cp_model() -> Any:
    try:
        from ortools.sat.python import cp_model
    except ImportError:
        raise SolverError(
            "solver='exact' needs OR-Tools, which is not installed; install the extra with "
            "pip install 'maintwin[exact]', or use solver='greedy'"
        ) from None
    return cp_model


def solve(problem: Problem, unscheduled: dict[str, Unscheduled]) -> dict[str, Slot]:
    """Place the problem's changes optimally; what cannot be placed goes to ``unscheduled``."""
    cp_model = _cp_model()
    model = cp_model.CpModel()
    order = problem.order
    choices: dict[str, list[tuple[Slot, Any]]] = {}
    for cid in order:
        choices[cid] = [
            (slot, model.NewBoolVar(f"{cid}@{slot.window.id}")) for slot in problem.candidates(cid)
        ]
        if choices[cid]:
            model.AddAtMostOne(var for _, var in choices[cid])
    by_slot: dict[int, list[tuple[str, Any]]] = {}
    for cid, options in choices.items():
        for slot, var in options:
            by_slot.setdefault(id(slot), []).append((cid, var))
    # Durations and rooms in units of their greatest common divisor: small coefficients make
    # stronger cuts (whole minutes become 1, 2, ... 15 rather than 60,000,000 and up).
    sizes = {cid: micro(problem.changes[cid].duration) for cid in order}
    unit = gcd(*sizes.values(), *(micro(s.room) for s in problem.slots.values())) or 1
    for slot in problem.slots.values():
        riders = by_slot.get(id(slot))
        if riders:
            model.Add(sum(sizes[c] // unit * v for c, v in riders) <= micro(slot.room) // unit)
    for cid in order:
        for p in problem.changes[cid].depends_on:
            if p not in choices:
                if p not in problem.where:  # neither kept nor to place: it cannot run first
                    for _, var in choices[cid]:
                        model.Add(var == 0)
                continue  # kept: the candidates already respect it
            for slot, var in choices[cid]:
                allowed = [v for s, v in choices[p] if s is slot or s.end <= slot.start]
                model.Add(var <= sum(allowed))
    levels = _levels(problem, choices)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.max_deterministic_time = DETERMINISTIC_BUDGET
    for index, (terms, name) in enumerate(levels):
        expression = sum(coef * var for coef, var in terms)
        model.Maximize(expression)
        if index:  # start from the optimum of the level before: it stays feasible
            model.ClearHints()
            for options in choices.values():
                for _, var in options:
                    model.AddHint(var, solver.Value(var))
        status = solver.Solve(model)
        if status != cp_model.OPTIMAL:
            raise SolverError(
                f"the exact solver could not prove the {name} level optimal within its budget "
                f"({solver.StatusName(status)}, {len(order)} changes); use solver='greedy' for "
                "instances this large"
            )
        if index < len(levels) - 1:
            model.Add(expression >= round(solver.ObjectiveValue()))
    placed = {
        cid: slot for cid, options in choices.items() for slot, var in options if solver.Value(var)
    }
    for cid in order:
        if cid not in placed:
            unscheduled[cid] = problem.diagnose(cid, unscheduled)
    return placed


def _levels(
    problem: Problem, choices: dict[str, list[tuple[Slot, Any]]]
) -> list[tuple[list[tuple[int, Any]], str]]:
    on_time: list[tuple[int, Any]] = []
    placed: list[tuple[int, Any]] = []
    delay: list[tuple[int, Any]] = []
    for cid, options in choices.items():
        worth = problem.weight(cid)
        first = problem.baseline(cid)
        for slot, var in options:
            placed.append((worth, var))
            if problem.on_time(cid, slot):
                on_time.append((worth, var))
            if first is not None:
                delay.append((-worth * max(0, minutes(slot.start - first.start)), var))
    return [(on_time, "on-time"), (placed, "placed"), (delay, "delay")]
