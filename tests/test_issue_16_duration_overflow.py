"""Issue 16: a duration beyond Python's range (``P1000000000D``, ``PT99999999999999999H``)
escaped every model and ``Scenario.load`` as an OverflowError; it is an InputError naming the
field and the durations accepted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from maintwin import Change, InputError, Policy, ReleaseTrain, Scenario, Schedule

HUGE = ["P1000000000D", "PT99999999999999999H", "P99999999999W", "PT1000000000000000000S"]


@pytest.mark.parametrize("value", HUGE)
def test_a_policy_refuses_a_huge_window_naming_the_field(value: str) -> None:
    with pytest.raises(InputError) as caught:
        Policy(window=value)
    [error] = caught.value.errors
    assert error.path == "window"
    assert "at most P36525D" in error.message


@pytest.mark.parametrize("value", HUGE)
def test_a_train_and_a_change_refuse_a_huge_duration(value: str) -> None:
    with pytest.raises(InputError) as caught:
        ReleaseTrain(id="ris", subsystem="RIS", schedule=Schedule.weekly("MO"), downtime=value)
    assert [e.path for e in caught.value.errors] == ["downtime"]
    with pytest.raises(InputError) as caught:
        Change(id="c", subsystem="RIS", duration=value, requested_on=date(2026, 6, 1))
    assert [e.path for e in caught.value.errors] == ["duration"]


def test_the_longest_accepted_duration_is_a_hundred_years() -> None:
    assert Policy(client_notices=["P36525D"]).client_notices[0].days == 36525
    with pytest.raises(InputError, match="at most P36525D"):
        Policy(client_notices=["P36526D"])


def test_scenario_load_names_the_file_and_the_field(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_text('name = "x"\ntimezone = "UTC"\n\n[policy]\nwindow = "P1000000000D"\n')
    with pytest.raises(InputError) as caught:
        Scenario.load(path)
    assert str(path) in str(caught.value)
    assert [e.path for e in caught.value.errors] == ["policy.window"]
    assert caught.value.errors[0].line == 5


@pytest.mark.parametrize("day", [date(9999, 12, 31), date(1, 1, 1)])
def test_a_date_at_the_ends_of_the_calendar_is_refused(day: date) -> None:
    """Found by the fuzz run: a change requested on 9999-12-31 overflowed in the planner."""
    with pytest.raises(InputError) as caught:
        Change(id="c", subsystem="RIS", duration="PT5M", requested_on=day)
    [error] = caught.value.errors
    assert error.path == "requested_on"
    assert "outside the years 1000 to 8999" in error.message
