"""Our organisation's planning rules, as property-based tests: ``pytest examples/``.

A test file a release manager might keep next to the scenario. Hypothesis draws scenarios, or
changes for our own scenario; maintwin plans them; each test states a rule every plan must keep.
See docs/testing.md.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
from hypothesis import given
from hypothesis import strategies as st

import maintwin
from maintwin.testing.invariants import assert_plan_valid, local_day
from maintwin.testing.strategies import PlanningCase, changes, planning_cases, plans

CHICAGO = ZoneInfo("America/Chicago")
OUR_POLICY = maintwin.Policy(lead_time_months=6, freeze_horizon="P14D")
OUR_SCENARIO = maintwin.Scenario.load(Path(__file__).with_name("teleradiology.toml"))
HORIZON = (date(2026, 12, 1), date(2027, 12, 1))
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
US_HOLIDAYS = holidays.country_holidays("US", years=[2026, 2027])


# -- any organisation like ours ------------------------------------------------------------------


@given(plans(zones=["America/Chicago", "America/St_Johns"], policy=OUR_POLICY))
def test_every_plan_keeps_the_rules(plan: maintwin.Plan) -> None:
    assert_plan_valid(plan)


@given(planning_cases(policy=OUR_POLICY, pinned=0))
def test_clients_hear_of_every_change_two_weeks_ahead(case: PlanningCase) -> None:
    plan = case.plan()
    for a in plan.assignments:
        start = plan.window(a.window).start
        # Compare instants in UTC: two times in one zone subtract by the wall clock.
        assert start.astimezone(UTC) - plan.now.astimezone(UTC) >= timedelta(days=14)


# -- our own scenario, with whatever changes people raise for RIS -------------------------------

our_changes = st.lists(
    changes(subsystems=["RIS"], horizon=HORIZON), max_size=12, unique_by=lambda c: c.id
)


@given(our_changes)
def test_ris_goes_down_at_ten_on_a_wednesday_away_from_holidays_and_the_freeze(
    drawn: list[maintwin.Change],
) -> None:
    scenario = OUR_SCENARIO.model_copy(update={"changes": tuple(drawn)})
    plan = maintwin.plan(scenario, *HORIZON, now=NOW)
    assert_plan_valid(plan)
    for a in plan.assignments:
        window = plan.window(a.window)
        day = local_day(window)
        assert not date(2026, 12, 7) <= day < date(2027, 1, 4)
        assert not {day - timedelta(days=1), day, day + timedelta(days=1)} & US_HOLIDAYS.keys()
        if window.id != "ris-vendor-upgrade":  # the one window agreed otherwise
            assert window.start.astimezone(CHICAGO).time() == time(10, 0)  # in CST and CDT
            assert day.strftime("%A") == "Wednesday"
