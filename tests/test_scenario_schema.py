"""The scenario's JSON Schema (``maintwin schema``): a valid draft 2020-12 schema that every file
maintwin reads keeps to, in every shorthand, and that catches what the loader refuses.

The schema is read with the ``jsonschema`` package, the way an editor's TOML extension reads it
(TOML dates and times become strings first)."""

from __future__ import annotations

import tomllib
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

import maintwin
from maintwin import Scenario
from maintwin.testing import strategies as mst

from .draws import draws

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "teleradiology.toml"
SCHEMA = maintwin.scenario_schema()
# Formats checked too (dates, and date-times with rfc3339-validator), as a strict editor does.
VALIDATOR = jsonschema.Draft202012Validator(
    SCHEMA, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
)


def _as_an_editor_sees_it(value: Any) -> Any:
    """TOML values as JSON: dates, times and date-times become their ISO text."""
    if isinstance(value, dict):
        return {k: _as_an_editor_sees_it(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_an_editor_sees_it(v) for v in value]
    if isinstance(value, date | time | datetime):
        return value.isoformat()
    return value


def _problems(toml: str) -> list[str]:
    data = _as_an_editor_sees_it(tomllib.loads(toml))
    return [
        f"{'.'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(data)
    ]


def test_it_is_a_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert {"trains", "changes", "blackouts", "people", "policy"} <= SCHEMA["properties"].keys()


def test_the_example_keeps_to_it() -> None:
    assert _problems(EXAMPLE.read_text(encoding="utf-8")) == []


def test_the_file_of_mistakes_shows_two_of_them_in_an_editor() -> None:
    found = _problems((ROOT / "examples" / "mistakes.toml").read_text(encoding="utf-8"))
    assert sorted(problem.split(":")[0] for problem in found) == [
        "trains.0.downtime",
        "trains.0.schedule.at",
    ]


SHORTHANDS = """
name = "shorthands"
timezone = "Europe/London"

[[trains]]
id = "lis"
subsystem = "LIS"
schedule = { rrule = "FREQ=MONTHLY;BYDAY=1TU", at = "06:30" }
downtime = true

[[changes]]
id = "CHG-1"
title = "Patch"
subsystem = "LIS"
steps = ["Stop the interface", { title = "Patch", duration = "PT5M", owner = "dba" }]
rollback = "PT8H"
short_notice = true
requested_on = 2027-01-04

[[people]]
id = "ann"
roles = ["dba"]
leave_calendar = { file = "pto.ics", start = 2027-01-01, end = 2028-01-01 }

[[people]]
id = "bo"
roles = ["dba"]
leave_calendar = [{ file = "a.ics", start = 2027-01-01, end = 2027-07-01 }]
"""


def test_every_shorthand_the_models_read_is_accepted() -> None:
    assert _problems(SHORTHANDS) == []
    # and the models read them (the leave calendars aside: their files are not here)
    read = Scenario.from_toml(SHORTHANDS.split("[[people]]")[0])
    assert read.changes[0].rollback is not None
    assert read.changes[0].short_notice is not None


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ('window = "PT15M"\nwindwo = "PT1H"', "windwo"),  # a typo in a field name
        ('window = "15 minutes"', "window"),  # not an ISO 8601 duration
        ('window = "PT15M"\nsame_day_releases = "sometimes"', "same_day_releases"),
    ],
)
def test_what_the_loader_refuses_the_schema_refuses_too(change: str, where: str) -> None:
    toml = f'name = "x"\ntimezone = "UTC"\n[policy]\n{change}\n'
    found = _problems(toml)
    assert found, "the schema let it through"
    assert any(where in problem for problem in found), found
    with pytest.raises(maintwin.InputError):
        Scenario.from_toml(toml)


def test_a_field_the_loader_reads_by_either_name_is_accepted_by_both() -> None:
    window = '{ id = "x", subsystem = "LIS", start = 2027-03-20T22:00:00, duration = "pt2h" }'
    for key in ("windows", "one_off_windows"):
        toml = f'name = "x"\ntimezone = "UTC"\n{key} = [{window}]\n'
        assert _problems(toml) == []
        assert Scenario.from_toml(toml).one_off_windows[0].duration.total_seconds() == 7200


def test_a_time_of_day_must_be_24_hour_text() -> None:
    toml = SHORTHANDS.replace('at = "06:30"', 'at = "6:30 pm"')
    assert any("6:30 pm" in problem for problem in _problems(toml))


@settings(max_examples=draws(30), suppress_health_check=[HealthCheck.too_slow])
@given(mst.scenarios(staffing=0.5, runbooks=0.5, clients=0.5))
def test_every_drawn_scenario_written_as_json_keeps_to_it(scenario: Scenario) -> None:
    data = scenario.model_dump(mode="json", by_alias=True)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in VALIDATOR.iter_errors(data)]
    assert errors == []
