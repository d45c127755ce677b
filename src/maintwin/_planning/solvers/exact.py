"""The exact solver: the planning objective solved to optimality with OR-Tools CP-SAT.

Optional: ``pip install 'maintwin[exact]'``. One boolean per (change, candidate window), the
candidates being the slots every rule admits before any new placement
(:func:`rules.candidates`); each change rides at most once; each rule adds the rest of what it
admits as constraints (:func:`rules.constrain`: capacity, rollback reserve, dependency order).
The objective (:func:`objective.contribution`) is solved lexicographically, one level at a time
(on-time weight, placed weight, slack weight, weighted delay), with one worker and a fixed seed
so that the same input gives the same plan.

What helps it prove: the default solver's plan as the first hint (each later level starts from
the optimum of the level before); the full linear relaxation of the capacity and delay
constraints (``linearization_level=2``: the delay level's bound is far tighter); and an order
among interchangeable changes (:mod:`.dominance`), so that the search does not visit each of
their permutations.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import pairwise
from typing import Any

from ..._errors import SolverError
from ..objective import baseline, contribution
from ..problem import Problem, Slot
from ..rules import candidates, constrain
from ..rules.base import by_slot
from ..rules.reserve import room_before
from ..state import Placement
from . import greedy
from .dominance import interchangeable, order

__all__ = ["SolverError", "solve"]

# Work budget per objective level, in CP-SAT's deterministic time units (about seconds).
DETERMINISTIC_BUDGET = 60.0


def _cp_model() -> Any:
    try:
        from ortools.sat.python import cp_model
    except ImportError:
        raise SolverError(
            "solver='exact' needs OR-Tools, which is not installed; install the extra with "
            "pip install 'maintwin[exact]', or use solver='greedy'"
        ) from None
    return cp_model


def solve(problem: Problem) -> Placement:
    """Place the problem's changes optimally; what cannot be placed is left out."""
    cp_model = _cp_model()
    model = cp_model.CpModel()
    choices: dict[str, list[tuple[Slot, Any]]] = {}
    for cid in problem.order:
        choices[cid] = [
            (slot, model.NewBoolVar(f"{cid}@{slot.window.id}")) for slot in candidates(problem, cid)
        ]
        if choices[cid]:
            model.AddAtMostOne(var for _, var in choices[cid])
    constrain(model, problem, choices)
    for group in interchangeable(problem, choices):
        for heavier, lighter in pairwise(group):
            order(model, choices[heavier], choices[lighter])
    levels = _levels(model, problem, choices)
    hint = greedy.solve(problem).placed
    for cid, options in choices.items():
        for slot, var in options:
            model.AddHint(var, hint.get(cid) is slot)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = 0
    solver.parameters.linearization_level = 2
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
                f"({solver.StatusName(status)}, {len(problem.order)} changes); use "
                "solver='greedy' for instances this large"
            )
        if index < len(levels) - 1:
            model.Add(expression >= round(solver.ObjectiveValue()))
    state = Placement(problem)
    for cid, options in choices.items():
        for slot, var in options:
            if solver.Value(var):
                state.put(cid, slot)
    return state


def _levels(
    model: Any, problem: Problem, choices: dict[str, list[tuple[Slot, Any]]]
) -> list[tuple[list[tuple[int, Any]], str]]:
    on_time: list[tuple[int, Any]] = []
    placed: list[tuple[int, Any]] = []
    slack: list[tuple[int, Any]] = []
    delay: list[tuple[int, Any]] = []
    riders = {id(slot): inside for slot, inside in by_slot(choices)}
    for cid, options in choices.items():
        first = baseline(problem, cid)
        for slot, var in options:
            part = contribution(problem, cid, slot, first)
            placed.append((part.placed, var))
            if part.slack:
                slack.append((part.slack, _roomy(model, problem, cid, slot, var, riders)))
            if part.on_time:
                on_time.append((part.on_time, var))
            if first is not None:
                delay.append((-part.delay, var))
    return [(on_time, "on-time"), (placed, "placed"), (slack, "slack"), (delay, "delay")]


def _roomy(
    model: Any,
    problem: Problem,
    cid: str,
    slot: Slot,
    var: Any,
    riders: dict[int, list[tuple[str, Any]]],
) -> Any:
    """A boolean that is true only when ``cid`` rides in ``slot`` (``var``) with the slack it
    asks for after the changes that run before it there (alone it has it)."""
    roomy = model.NewBoolVar(f"slack:{cid}@{slot.window.id}")
    model.AddImplication(roomy, var)
    back = problem.rollback.get(cid, timedelta(0))
    left = slot.length - slot.kept_fill - problem.work[cid] - back - problem.slack[cid]
    room_before(model, problem, cid, riders[id(slot)], left, roomy)
    return roomy
