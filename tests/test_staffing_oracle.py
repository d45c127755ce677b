"""The independent oracle of ``tests/staffing_oracle.py`` agrees with maintwin's crews: on 150
drawn scenarios with people (fifty times as many under the thorough profile), the windows
``Scenario.windows()`` crews and blocks, and the windows of the plan ``maintwin.plan()`` makes
of them."""

from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import Phase, given, settings

from maintwin.testing.strategies import PlanningCase, planning_cases

from .draws import draws
from .staffing_oracle import check_plan, check_windows

CASES = planning_cases(staffing=1, max_changes=6, change_needs=0.4)


# A failure shrinks for minutes (a whole scenario): give it the time to say which one, on top
# of about a tenth of a second a draw.
@pytest.mark.timeout(900 + draws(150) // 5)
@settings(max_examples=draws(150))
@given(CASES)
def test_the_oracle_agrees_with_the_crews_of_drawn_scenarios(case: PlanningCase) -> None:
    windows = case.scenario.windows(case.start, case.end)
    check_windows(case.scenario, windows)
    check_plan(case.plan(), windows)


def test_the_oracle_judges_every_kind_of_window() -> None:
    # The agreement above is not vacuous: over a fixed hundred of the same scenarios, the
    # oracle checks crews, proves that blocked windows could not be crewed, and checks gaps.
    seen: Counter[str] = Counter()

    @settings(max_examples=100, database=None, derandomize=True, phases=[Phase.generate])
    @given(CASES)
    def judge(case: PlanningCase) -> None:
        seen.update(check_windows(case.scenario, case.scenario.windows(case.start, case.end)))

    judge()
    assert seen["crewed"] > 100
    assert seen["blocked, no crew exists"] > 20
    assert seen["gaps"] > 20
    assert seen["no crew needed"] > 0
