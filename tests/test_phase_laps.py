"""The private phase hook the benchmark times `plan` and `check` with: it names every phase,
in order, and the plan and conflicts are those of `plan` and `check`."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import maintwin

NOW = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
START, END = date(2026, 12, 1), date(2027, 12, 1)
PLAN_PHASES = [
    "expansion",
    "problem",
    "solver",
    "unplaced",
    "crews",
    "notices",
    "conflicts",
    "result",
]


def test_lap_plan_names_each_phase_once_in_order_and_plans_the_same(
    example: maintwin.Scenario,
) -> None:
    told: list[str] = []
    timed = maintwin.plan(example, START, END, now=NOW, _lap=told.append)
    assert told == PLAN_PHASES
    plain = maintwin.plan(example, START, END, now=NOW)
    assert timed.model_dump_json() == plain.model_dump_json()
    assert timed.notices  # the example's plan has notices: the phase does something


def test_lap_plan_with_a_previous_plan_is_the_plan_too(example: maintwin.Scenario) -> None:
    first = maintwin.plan(example, START, END, now=NOW)
    later = datetime(2027, 2, 1, 9, 0, tzinfo=ZoneInfo("America/Chicago"))
    told: list[str] = []
    timed = maintwin.plan(example, START, END, now=later, previous=first, _lap=told.append)
    assert told == PLAN_PHASES
    plain = maintwin.plan(example, START, END, now=later, previous=first)
    assert timed.model_dump_json() == plain.model_dump_json()


def test_lap_check_names_each_phase_once_in_order_and_finds_the_same(
    example: maintwin.Scenario,
) -> None:
    made = maintwin.plan(example, START, END, now=NOW)
    told: list[str] = []
    found = maintwin.check(made, _lap=told.append)
    assert told == ["expansion", "notices", "conflicts"]
    assert found == maintwin.check(made) == list(made.conflicts)
