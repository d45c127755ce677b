"""The independent oracle of ``tests/staffing_oracle.py`` agrees with maintwin's crews: on 500
drawn scenarios with people, the windows ``Scenario.windows()`` crews and blocks, and the
windows of the plan ``maintwin.plan()`` makes of them."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings

from maintwin.testing.strategies import PlanningCase, planning_cases

from .staffing_oracle import check_plan, check_windows

SEEN: Counter[str] = Counter()


@settings(max_examples=500)
@given(planning_cases(staffing=1, max_changes=6, change_needs=0.4))
def test_the_oracle_agrees_with_the_crews_of_500_drawn_scenarios(case: PlanningCase) -> None:
    windows = case.scenario.windows(case.start, case.end)
    SEEN.update(check_windows(case.scenario, windows))
    check_plan(case.plan(), windows)
