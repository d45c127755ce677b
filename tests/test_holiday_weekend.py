"""The founding story's holiday-weekend upgrade, planned as the consultant advised.

A hospital upgrades its EHR over a weekend near the holidays. Each weekend offers a
Friday-night start (22:00 to Monday 06:00, when the offices open) or a Saturday-afternoon one
(14:00 to Monday 06:00). The upgrade was rehearsed (a dry run of 10 h 30 min), keeps an 8-hour
restore from backup in reserve, and the policy asks long changes for a day to fix problems in.
Thanksgiving and the day after are holiday blackouts, so that weekend only its Saturday
afternoon is open; the planner passes it over for the next weekend's Friday night, and the
go/no-go lands on Sunday evening (Monday 06:00 less the restore), not at midnight.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import ConflictCode

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2027, 9, 1, 9, 0, tzinfo=CHICAGO)
START, END = date(2027, 11, 1), date(2028, 1, 1)

SCENARIO = """
name = "hospital-ehr"
timezone = "America/Chicago"

[policy]
lead_time_months = 2
slack = { longer_than = "PT4H", at_least = "PT24H" }

[[holidays]]
country = "US"
days_after = 1                       # the day after Thanksgiving is off too

[[windows]]
id = "thanksgiving-fri"
subsystem = "EHR"
start = 2027-11-26T22:00:00
duration = "PT56H"

[[windows]]
id = "thanksgiving-sat"
subsystem = "EHR"
start = 2027-11-27T14:00:00
duration = "PT40H"

[[windows]]
id = "december-fri"
subsystem = "EHR"
start = 2027-12-03T22:00:00
duration = "PT56H"

[[windows]]
id = "december-sat"
subsystem = "EHR"
start = 2027-12-04T14:00:00
duration = "PT40H"

[[changes]]
id = "EHR-UPGRADE"
title = "EHR major version upgrade"
subsystem = "EHR"
requested_on = 2027-06-01
steps = [
  { title = "Backup verified restorable", kind = "check", owner = "dba", duration = "PT2H" },
  { title = "Disable disaster recovery as documented", owner = "dba", duration = "PT30M" },
  { title = "Run the upgrade package", owner = "dba", duration = "PT6H" },
  { title = "Data integrity checks", kind = "check", owner = "dba", duration = "PT1H" },
  { title = "Go/no-go", kind = "gate", owner = "dba" },
]
dry_runs = [{ on = 2027-10-16, duration = "PT10H30M" }]
rollback = "PT8H"                    # a restore from the verified backup
"""


@pytest.fixture(scope="module")
def scenario() -> maintwin.Scenario:
    return maintwin.Scenario.from_toml(SCENARIO)


@pytest.mark.parametrize("solver", ["greedy", "exact"])
def test_the_friday_night_start_is_chosen_and_the_gate_is_on_sunday_evening(
    scenario: maintwin.Scenario, solver: str
) -> None:
    if solver == "exact":
        pytest.importorskip("ortools")
    plan = maintwin.plan(scenario, START, END, now=NOW, solver=solver)  # type: ignore[arg-type]
    blocked = {w.id for w in plan.windows if w.blocked}
    assert blocked == {"thanksgiving-fri"}  # the day after Thanksgiving is a holiday blackout
    [a] = plan.assignments
    assert a.window == "december-fri"  # not the earlier, open, thanksgiving-sat
    estimate = plan.estimate("EHR-UPGRADE")
    assert estimate.work == timedelta(hours=15, minutes=45)  # 10 h 30 min x 1.5
    assert estimate.basis is maintwin.Basis.REHEARSAL
    assert not [c for c in plan.conflicts if c.code is ConflictCode.NO_SLACK]
    [change] = plan.runbook("december-fri").changes
    monday = datetime(2027, 12, 6, 6, 0, tzinfo=CHICAGO)
    assert change.point_of_no_return == monday - timedelta(hours=8)
    assert f"{change.point_of_no_return:%a %H:%M %Z}" == "Sun 22:00 CST"
    [gate] = [s for s in change.steps if s.kind is maintwin.StepKind.GATE]
    assert gate.deadline == change.point_of_no_return
    assert gate.start <= gate.deadline  # decided before the point of no return
    assert gate.start.astimezone(UTC) == datetime(2027, 12, 4, 4, 0, tzinfo=UTC) + timedelta(
        hours=9, minutes=30
    )  # Friday 22:00 CST plus the steps before it


def test_without_room_to_recover_the_earliest_open_window_is_taken(
    scenario: maintwin.Scenario,
) -> None:
    """The preference is what moves it: without ``policy.slack`` the Saturday afternoon of
    Thanksgiving weekend, the first open window, gets the upgrade."""
    policy = scenario.policy.model_copy(update={"slack": None})
    plan = maintwin.plan(scenario.model_copy(update={"policy": policy}), START, END, now=NOW)
    [a] = plan.assignments
    assert a.window == "thanksgiving-sat"
    assert "thanksgiving-sat" in maintwin.explain(plan, "EHR-UPGRADE")


def test_the_saturday_start_is_explained_as_no_room_to_recover(
    scenario: maintwin.Scenario,
) -> None:
    plan = maintwin.plan(scenario, START, END, now=NOW)
    text = maintwin.explain(plan, "EHR-UPGRADE")
    assert "thanksgiving-sat" in text
    assert "leaves less than the 1 day of slack policy.slack asks for [room to recover]" in text
    assert "thanksgiving-fri" in text
    assert "[blackout]" in text


def test_when_no_window_gives_the_slack_the_plan_says_so(scenario: maintwin.Scenario) -> None:
    """Only Saturday-afternoon starts left: the upgrade still rides (the rules allow it), and a
    warning says it has no room to recover."""
    fridays = tuple(w for w in scenario.one_off_windows if not w.id.endswith("-fri"))
    plan = maintwin.plan(
        scenario.model_copy(update={"one_off_windows": fridays}), START, END, now=NOW
    )
    [a] = plan.assignments
    assert a.window == "thanksgiving-sat"
    [c] = [c for c in plan.conflicts if c.code is ConflictCode.NO_SLACK]
    assert c.severity is maintwin.Severity.WARNING
    assert c.changes == ("EHR-UPGRADE",)
    assert c.windows == ("thanksgiving-sat",)
    # 40 h less 15 h 45 min of work and 8 h of rollback
    assert "leaves 16 h 15 min after change EHR-UPGRADE's work and rollback" in c.message
    assert "no open window of EHR in the horizon gives it" in c.hint
    assert maintwin.check(plan) == list(plan.conflicts)
