"""The headline planning properties, over the scenarios maintwin.testing draws: every scenario
plans, every plan keeps the rules, windows keep their local time through DST, and the plan does
not depend on the order of the input."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import strategies as st

import maintwin
from maintwin.testing import invariants
from maintwin.testing.invariants import assert_plan_valid
from maintwin.testing.strategies import PlanningCase, planning_cases, plans


@given(planning_cases())
def test_every_drawn_scenario_plans(case: PlanningCase) -> None:
    plan = case.plan()
    assert plan.scenario is case.scenario
    assert plan.now == case.now
    zone = ZoneInfo(case.scenario.timezone)
    assert plan.start == datetime.combine(case.start, datetime.min.time(), zone)
    assert plan.end == datetime.combine(case.end, datetime.min.time(), zone)
    placed = {a.change for a in plan.assignments} | {u.change for u in plan.unscheduled}
    assert placed == {c.id for c in case.scenario.changes}


@given(plans())
def test_every_plan_keeps_the_rules(plan: maintwin.Plan) -> None:
    assert_plan_valid(plan)


@given(planning_cases(pinned=0.3, max_changes=15), st.integers(1, 60 * 24 * 60))
def test_every_plan_made_again_later_keeps_the_rules(case: PlanningCase, minutes: int) -> None:
    # Planned again with the first plan as `previous`: announced assignments are kept (and
    # reported if they broke a rule), pinned ones too; the rest is planned anew.
    first = case.plan()
    later = PlanningCase(case.scenario, case.start, case.end, case.now + timedelta(minutes=minutes))
    assert_plan_valid(later.plan(previous=first))


@given(planning_cases())
def test_every_window_starts_at_its_rules_local_time_or_is_marked_shifted(
    case: PlanningCase,
) -> None:
    scenario = case.scenario
    trains = {t.id: t for t in scenario.trains}
    one_offs = {w.id: w for w in scenario.one_off_windows}
    for window in scenario.windows(case.start, case.end):
        local = window.start.astimezone(ZoneInfo(window.timezone))
        if window.source in trains:
            schedule = trains[window.source].schedule
            assert window.timezone == (schedule.timezone or scenario.timezone)
            wanted = schedule.at
        else:
            spec = one_offs[window.source]
            if spec.start.tzinfo is not None:
                # Instants: Python calls two aware times of different zones unequal when one
                # falls in a repeated hour (PEP 495), even at the same instant.
                assert window.start.astimezone(UTC) == spec.start.astimezone(UTC)
                continue
            wanted = spec.start.time()
        assert local.time() == wanted or window.shifted, window
    plan = case.plan()
    assert invariants.starts_at_rule_time(plan) == []
    assert invariants.windows_match_scenario(plan) == []


def _shuffled(rnd: random.Random, items: tuple[Any, ...]) -> tuple[Any, ...]:
    out = list(items)
    rnd.shuffle(out)
    return tuple(out)


@given(planning_cases(max_changes=15), st.randoms(use_true_random=False))
def test_plans_are_deterministic_whatever_the_order_of_the_input(
    case: PlanningCase, rnd: random.Random
) -> None:
    s = case.scenario
    other = s.model_copy(
        update={
            name: _shuffled(rnd, getattr(s, name))
            for name in ("trains", "one_off_windows", "blackouts", "holidays", "people", "changes")
        }
    )
    first = case.plan()
    assert case.plan().model_dump_json() == first.model_dump_json()  # byte for byte
    shuffled = PlanningCase(other, case.start, case.end, case.now).plan()
    # The plan embeds its scenario, listed in the order given; all the rest is identical.
    assert shuffled.model_dump_json(exclude={"scenario"}) == first.model_dump_json(
        exclude={"scenario"}
    )


@given(planning_cases(max_changes=0))
def test_the_first_subsystem_always_has_windows(case: PlanningCase) -> None:
    # The strategies for Window and Release draw from these.
    first = case.scenario.trains[0]
    assert first.downtime is not None
    assert [w for w in case.scenario.windows(case.start, case.end) if w.source == first.id]
