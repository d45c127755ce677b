"""Property tests of runbooks that keep time: on drawn cases where most changes have timed
steps, dry runs and a rollback, and policies often ask for room to recover, every change a
solver places runs its steps inside its planned work, and its work and then its rollback end
before its window does; both solvers keep every rule, the exact one scores at least as well as
greedy, and ``check`` finds exactly the plan's conflicts.

The judge is ``maintwin.testing`` (``_facts.planned_work`` and ``rollback_length`` re-derive
each change's length and its rollback's from its fields; the invariants share no code with the
rules).
"""

from __future__ import annotations

import importlib.util
from collections import Counter
from datetime import timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import maintwin
from maintwin import Plan
from maintwin.testing._facts import Facts, instant, planned_work, rollback_length
from maintwin.testing.invariants import violations
from maintwin.testing.strategies import PlanningCase, planning_cases

from .draws import draws

HAS_EXACT = importlib.util.find_spec("ortools") is not None


def cases(**options: Any) -> st.SearchStrategy[PlanningCase]:
    """Cases of up to 12 changes, most of them with a runbook, half the policies asking for
    room to recover."""
    return planning_cases(**{"max_changes": 12, "runbooks": 0.8, "slack": 0.5, **options})


def overruns(plan: Plan) -> list[str]:
    """Each change the solver placed (not kept) whose timed steps run past its planned work,
    whose planned length is not the oracle's, or whose rollback would end after its window."""
    facts = Facts(plan)
    out = []
    for a in plan.assignments:
        if a.lock is not None:
            continue
        change, window = facts.changes[a.change], facts.windows[a.window]
        work, back = planned_work(change, facts.policy), rollback_length(change)
        e = plan.estimate(a.change)
        if (e.work, e.rollback) != (work, back):
            out.append(f"{a.change} is planned at {e.work} + {e.rollback}, not {work} + {back}")
        steps = sum((t for t in e.step_times if t is not None), timedelta(0))
        if a.offset + steps > a.offset + work:
            out.append(f"{a.change}'s steps ({steps}) run past its planned work ({work})")
        length = instant(window.end) - instant(window.start)
        if a.offset + work + back > length:
            out.append(
                f"{a.change} in {a.window}: +{a.offset} + {work} of work + {back} of rollback "
                f"is past the window's {length}"
            )
    return out


def _checked(plan: Plan) -> None:
    assert violations(plan) == []
    assert overruns(plan) == []
    assert Counter(maintwin.check(plan)) == Counter(plan.conflicts)


@given(cases())
def test_greedy_keeps_each_rollback_inside_its_window(case: PlanningCase) -> None:
    _checked(case.plan())


@given(cases(subsystems=1, zones=["America/Chicago"]))
def test_greedy_keeps_each_rollback_inside_its_window_in_one_busy_lane(case: PlanningCase) -> None:
    _checked(case.plan())


@pytest.mark.skipif(not HAS_EXACT, reason="needs maintwin[exact]")
@settings(max_examples=draws(40))
@given(cases(pinned=0, max_changes=10))
def test_exact_keeps_each_rollback_inside_its_window_and_beats_greedy(case: PlanningCase) -> None:
    greedy = case.plan()
    exact = case.plan(solver="exact")
    _checked(greedy)
    _checked(exact)
    assert maintwin.score(exact).key() >= maintwin.score(greedy).key()


@given(cases())
def test_every_rehearsed_change_that_states_less_is_flagged(case: PlanningCase) -> None:
    plan = case.plan()
    flagged = {
        c.changes[0] for c in plan.conflicts if c.code is maintwin.ConflictCode.UNDERSTATED_DURATION
    }
    policy = case.scenario.policy
    expected = {
        c.id
        for c in case.scenario.changes
        if c.duration is not None and c.duration < planned_work(c, policy)
    }
    assert flagged == expected
