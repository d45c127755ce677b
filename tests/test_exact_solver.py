"""The exact solver: optimal, and no better plan is cut off by what helps it prove.

It starts from the default solver's plan and orders interchangeable changes (same work,
same windows, nothing tying them to others) heaviest first. The property compares its score
with the default solver's on drawn cases (the optimum is never below a plan that keeps the
rules); the example states the optimum by hand.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import maintwin
from maintwin import Change, ReleaseTrain, Scenario, Schedule
from maintwin.testing.strategies import PlanningCase, planning_cases

from .draws import draws

pytest.importorskip("ortools")

CHICAGO = ZoneInfo("America/Chicago")


def _cases(**options: Any) -> st.SearchStrategy[PlanningCase]:
    return planning_cases(**{"max_changes": 12, "dependency_density": 0.2, **options})


@settings(max_examples=draws(40), deadline=None)
@given(_cases())
def test_the_exact_plan_scores_at_least_the_default_one(case: PlanningCase) -> None:
    exact = maintwin.score(case.plan(solver="exact"))
    default = maintwin.score(case.plan())
    assert exact.key() >= default.key(), (exact, default)


@settings(max_examples=draws(25), deadline=None)
@given(_cases(subsystems=1, blackout_density=0.0, staffing=0.0, change_needs=0.0))
def test_the_exact_plan_scores_at_least_the_default_one_with_one_lane(case: PlanningCase) -> None:
    exact = maintwin.score(case.plan(solver="exact"))
    default = maintwin.score(case.plan())
    assert exact.key() >= default.key(), (exact, default)


def test_interchangeable_changes_ride_heaviest_first() -> None:
    """Six 10-minute changes, three monthly 15-minute windows: one change a window. The
    optimum places the three heaviest, the heaviest first (the least weighted delay), whatever
    order the changes are listed in."""
    train = ReleaseTrain(
        id="ris",
        subsystem="RIS",
        schedule=Schedule.nth_weekday(2, "WE", at="10:00"),
        downtime="PT15M",
    )
    changes = [
        Change(
            id=f"C{p}",
            subsystem="RIS",
            duration=timedelta(minutes=10),
            requested_on=date(2026, 1, 1),
            priority=p,
        )
        for p in (4, 6, 2, 5, 1, 3)
    ]
    scenario = Scenario(name="ties", timezone="America/Chicago", trains=[train], changes=changes)
    now = datetime(2026, 12, 1, tzinfo=CHICAGO)
    plan = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 4, 1), now=now, solver="exact")
    assert [(a.window, a.change) for a in plan.assignments] == [
        ("ris-2027-01-13", "C1"),
        ("ris-2027-02-10", "C2"),
        ("ris-2027-03-10", "C3"),
    ]
