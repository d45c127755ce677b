"""Loading scenarios from a dict, JSON and TOML: errors name the field, the file and the line."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest

from maintwin import FieldError, FileFormatError, InputError, MaintwinError, Scenario

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "teleradiology.toml"
MARK = "# <-"

HEAD = """\
name = "t"
timezone = "America/Chicago"
"""

TRAINS = """
[[trains]]
id = "biz"
subsystem = "Biz"
schedule = { rrule = "FREQ=MONTHLY;BYDAY=2MO", at = "09:00" }

[[trains]]
id = "ris"
subsystem = "RIS"
schedule = { rrule = "FREQ=MONTHLY;BYDAY=2WE", at = "10:00" }
downtime = "PT15M"
"""

CHANGE = """
[[changes]]
id = "CHG-1"
subsystem = "RIS"
duration = "PT8M"
requested_on = 2026-11-02
"""


@dataclass(frozen=True)
class Case:
    """A scenario in TOML with one mistake; the line of the mistake ends with ``# <-``."""

    toml: str
    path: str
    parts: tuple[str, ...]

    @property
    def line(self) -> int:
        lines = [n for n, text in enumerate(self.toml.splitlines(), 1) if text.endswith(MARK)]
        assert len(lines) == 1, self.toml
        return lines[0]

    @property
    def data(self) -> dict[str, Any]:
        return tomllib.loads(self.toml)

    @property
    def json(self) -> str:
        return json.dumps(self.data, default=_iso, indent=2)


def _iso(value: object) -> str:
    if isinstance(value, date | datetime | time):
        return value.isoformat()
    raise TypeError(value)


CASES = [
    pytest.param(
        Case(
            f'name = "t"\ntimezone = "America/Chicgo"  {MARK}\n' + TRAINS,
            "timezone",
            ("'America/Chicgo'", "did you mean 'America/Chicago'?", "IANA"),
        ),
        id="unknown-zone",
    ),
    pytest.param(
        Case(
            f'name = "t"\ntimezone = "CST"  {MARK}\n' + TRAINS,
            "timezone",
            ("'CST' is an abbreviation", "IANA", "e.g. 'America/Chicago'"),
        ),
        id="zone-abbreviation",
    ),
    pytest.param(
        Case(
            HEAD + TRAINS + "\n[[people]]\nid = 'kim'\nroles = ['dba']\n"
            f'timezone = "America/Denvr"  {MARK}\n',
            "people[0].timezone",
            ("'America/Denvr'", "did you mean 'America/Denver'?"),
        ),
        id="unknown-zone-nested",
    ),
    pytest.param(
        Case(
            HEAD
            + TRAINS
            + f"""
[[blackouts]]
id = "vendor"
reason = "vendor"
start = 2026-12-15T22:00:00  {MARK}
end = 2026-12-16T02:00:00-06:00
""",
            "blackouts[0].start",
            ("2026-12-15T22:00:00", "naive", "UTC offset"),
        ),
        id="naive-date-time",
    ),
    pytest.param(
        Case(
            HEAD
            + f"""
[[trains]]
id = "ris"
subsystem = "RIS"
schedule = {{ rrule = "FREQ=MONTHY;BYDAY=2WE", at = "10:00" }}  {MARK}
downtime = "PT15M"
""",
            "trains[0].schedule.rrule",
            ("malformed RRULE", "FREQ=MONTHY", "MONTHLY"),
        ),
        id="malformed-rrule",
    ),
    pytest.param(
        Case(
            HEAD
            + f"""
[[trains]]
id = "ris"
subsystem = "RIS"
schedule = {{ rrule = "FREQ=MONTHLY;BYDAY=2WE", at = "2:30 PM" }}  {MARK}
downtime = "PT15M"
""",
            "trains[0].schedule.at",
            ("'2:30 PM' is a 12-hour time", "write it as '14:30'"),
        ),
        id="12-hour-time",
    ),
    pytest.param(
        Case(
            HEAD + f'\n[policy.cab]\nweekday = "TH"\nat = "10:00 AM"  {MARK}\n' + TRAINS,
            "policy.cab.at",
            ("'10:00 AM' is a 12-hour time", "write it as '10:00'"),
        ),
        id="12-hour-time-cab",
    ),
    pytest.param(
        Case(
            HEAD + f'\n[policy]\nlead_time_months = 6\nwindow = "PT0S"  {MARK}\n' + TRAINS,
            "policy.window",
            ("must be longer than zero", "PT0S"),
        ),
        id="zero-duration",
    ),
    pytest.param(
        Case(
            HEAD
            + TRAINS
            + f"""
[[changes]]
id = "CHG-1"
subsystem = "RIS"
duration = "P1M"  {MARK}
requested_on = 2026-11-02
""",
            "changes[0].duration",
            ("'P1M'", "years or months", "no fixed length", "'PT15M'"),
        ),
        id="months-duration",
    ),
    pytest.param(
        Case(
            HEAD
            + f"""
[[trains]]
id = "ris"
subsystem = "RIS"
schedule = {{ rrule = "FREQ=MONTHLY;BYDAY=2WE" }}
downtime = 15  {MARK}
""",
            "trains[0].downtime",
            ("15", "not an ISO 8601 duration", "'PT15M'"),
        ),
        id="number-duration",
    ),
    pytest.param(
        Case(
            HEAD
            + f"""
[[trains]]
id = "ris"
subsystem = "RIS"
schedule = {{ rrule = "FREQ=MONTHLY;BYDAY=2WE" }}
downtime = "yes"  {MARK}
""",
            "trains[0].downtime",
            ("'yes'", "'PT15M'", "or true for the policy's window length"),
        ),
        id="downtime-neither-duration-nor-true",
    ),
    pytest.param(
        Case(
            HEAD
            + TRAINS
            + f"""
[[blackouts]]
id = "year-end-freeze"
reason = "freeze"
start = 2027-01-04
end = 2026-12-15  {MARK}
""",
            "blackouts[0].end",
            ("2026-12-15", "not after start 2027-01-04"),
        ),
        id="end-before-start",
    ),
    pytest.param(
        Case(
            HEAD
            + TRAINS
            + CHANGE
            + f"""
[[changes]]
id = "CHG-2"
subsystem = "RIS"
duration = "PT4M"
requested_on = 2026-11-02
priorty = 2  {MARK}
""",
            "changes[1].priorty",
            ("unknown field", "did you mean 'priority'?", "Change accepts"),
        ),
        id="unknown-field",
    ),
    pytest.param(
        Case(
            HEAD + f"\n[polcy]  {MARK}\nwindow = 'PT15M'\n" + TRAINS,
            "polcy",
            ("unknown field", "did you mean 'policy'?"),
        ),
        id="unknown-table",
    ),
    pytest.param(
        Case(
            HEAD
            + TRAINS
            + CHANGE
            + f"""
[[changes]]
id = "CHG-1"  {MARK}
subsystem = "RIS"
duration = "PT4M"
requested_on = 2026-11-02
""",
            "changes[1].id",
            ("duplicate id 'CHG-1'", "changes[0]"),
        ),
        id="duplicate-id",
    ),
    pytest.param(
        Case(
            HEAD
            + TRAINS
            + f"""
[[blackouts]]
id = "quarter-close"
reason = "freeze"
schedule = {{ rrule = "FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1" }}
duration = "P1D"
scope = ["Biz", "Bizz"]  {MARK}
""",
            "blackouts[0].scope[1]",
            ("unknown subsystem 'Bizz'", "'Biz', 'RIS'"),
        ),
        id="unknown-scope",
    ),
    pytest.param(
        Case(
            HEAD
            + TRAINS
            + f"""
[[staffing]]
train = "rsi"  {MARK}
needs = {{ dba = 1 }}
""",
            "staffing[0].train",
            ("unknown train 'rsi'", "'biz', 'ris'"),
        ),
        id="unknown-staffing-train",
    ),
    pytest.param(
        Case(
            HEAD
            + TRAINS
            + f"""
[[windows]]
id = "ris"  {MARK}
subsystem = "RIS"
start = 2027-03-20T22:00:00
duration = "PT2H"
""",
            "windows[0].id",
            ("'ris'", "train id"),
        ),
        id="window-id-is-train-id",
    ),
    pytest.param(
        Case(
            HEAD
            + TRAINS
            + f"""
[[people]]
id = "dana"
roles = ["dba"]
unavailable = [{{ start = 2027-05-17, end = 2027-05-10 }}]  {MARK}
""",
            "people[0].unavailable[0].end",
            ("2027-05-10", "not after start 2027-05-17"),
        ),
        id="inline-table-end-before-start",
    ),
]


def _error(exc: InputError, path: str) -> FieldError:
    found = [e for e in exc.errors if e.path == path]
    assert len(found) == 1, (
        f"expected one error at {path!r}; errors at {[e.path for e in exc.errors]}"
    )
    return found[0]


def _check(exc: InputError, case: Case) -> FieldError:
    assert isinstance(exc, MaintwinError)
    assert isinstance(exc, ValueError)
    assert exc.model == "Scenario"
    error = _error(exc, case.path)
    for part in case.parts:
        assert part in error.message, f"{part!r} not in {error.message!r}"
    return error


@pytest.mark.parametrize("case", CASES)
def test_dict_input_error_names_the_field(case: Case) -> None:
    with pytest.raises(InputError) as caught:
        Scenario.model_validate(case.data)
    error = _check(caught.value, case)
    assert caught.value.source is None
    assert error.line is None


@pytest.mark.parametrize("case", CASES)
def test_json_input_error_names_the_field(case: Case) -> None:
    with pytest.raises(InputError) as caught:
        Scenario.from_json(case.json, source="plan.json")
    error = _check(caught.value, case)
    assert caught.value.source == "plan.json"
    assert error.line is None
    assert str(caught.value).startswith("plan.json: ")


@pytest.mark.parametrize("case", CASES)
def test_toml_input_error_names_the_field_and_its_line(case: Case) -> None:
    with pytest.raises(InputError) as caught:
        Scenario.from_toml(case.toml, source="plan.toml")
    error = _check(caught.value, case)
    assert caught.value.source == "plan.toml"
    assert error.line == case.line
    text = str(caught.value)
    assert text.startswith("plan.toml: ")
    assert f"{case.path} (line {case.line}): " in text


@pytest.mark.parametrize("case", CASES)
def test_loading_a_toml_file_names_the_file_and_line(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text(case.toml, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Scenario.load(path)
    error = _check(caught.value, case)
    assert caught.value.source == str(path)
    assert error.line == case.line


@pytest.mark.parametrize("case", CASES[:4])
def test_loading_a_json_file_names_the_file(case: Case, tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text(case.json, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        Scenario.load(str(path))
    _check(caught.value, case)
    assert caught.value.source == str(path)


def test_default_sources_name_the_format() -> None:
    bad = HEAD.replace("America/Chicago", "Nowhere/Land")
    with pytest.raises(InputError) as caught:
        Scenario.from_toml(bad)
    assert caught.value.source == "<toml>"
    with pytest.raises(InputError) as caught:
        Scenario.from_json(json.dumps(tomllib.loads(bad)))
    assert caught.value.source == "<json>"


def test_every_error_of_a_file_is_reported_with_its_line() -> None:
    text = f"""\
name = "t"
timezone = "Europe/Pariss"  {MARK}1

[policy]
window = "PT0S"  {MARK}2
freeze_horizon = "P1Y"  {MARK}3
{TRAINS}
[[changes]]
id = "CHG-1"
subsystem = "RIS"
duration = "-PT5M"  {MARK}4
requested_on = 2026-11-02
"""
    marks = {
        line.rsplit(MARK, 1)[1]: n for n, line in enumerate(text.splitlines(), 1) if MARK in line
    }
    with pytest.raises(InputError) as caught:
        Scenario.from_toml(text, source="many.toml")
    got = {e.path: e.line for e in caught.value.errors}
    assert got == {
        "timezone": marks["1"],
        "policy.window": marks["2"],
        "policy.freeze_horizon": marks["3"],
        "changes[0].duration": marks["4"],
    }
    assert "4 invalid fields in Scenario" in str(caught.value)


def test_error_of_a_whole_table_is_reported_at_its_header() -> None:
    text = (
        HEAD
        + TRAINS
        + """
[[blackouts]]
id = "fine"
reason = "freeze"
start = 2026-12-15

[[blackouts]]  # <-
id = "both"
reason = "freeze"
start = 2026-12-15
schedule = { rrule = "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25" }
duration = "P1D"
"""
    )
    with pytest.raises(InputError) as caught:
        Scenario.from_toml(text)
    error = _error(caught.value, "blackouts[1]")
    assert "not both" in error.message
    assert error.line == Case(text, "", ()).line


@pytest.mark.parametrize(
    ("text", "path"),
    [
        pytest.param(
            HEAD
            + """
[[trains]]
id = "biz"
subsystem = "Biz"
[trains.schedule]
rrule = "FREQ=MONTHLY;BYDAY=2MO"

[[trains]]
id = "ris"
subsystem = "RIS"
[trains.schedule]
rrule = "FREQ=MONTHY;BYDAY=2WE"  # <-
""",
            "trains[1].schedule.rrule",
            id="sub-table",
        ),
        pytest.param(
            HEAD
            + """
[[people]]
id = "dana"
roles = ["dba"]
[[people.unavailable]]
start = 2027-05-10
end = 2027-05-17

[[people]]
id = "lee"
roles = ["dba"]
[[people.unavailable]]
start = 2027-06-10
end = 2027-06-01  # <-
""",
            "people[1].unavailable[0].end",
            id="nested-array-of-tables",
        ),
    ],
)
def test_line_follows_the_tables_of_the_right_array_element(text: str, path: str) -> None:
    with pytest.raises(InputError) as caught:
        Scenario.from_toml(text)
    assert _error(caught.value, path).line == Case(text, path, ()).line


def test_line_of_a_misspelt_array_of_tables() -> None:
    text = HEAD + TRAINS + "\n[[chnages]]  # <-\nid = 'CHG-1'\n"
    with pytest.raises(InputError) as caught:
        Scenario.from_toml(text)
    error = _error(caught.value, "chnages")
    assert "did you mean 'changes'?" in error.message
    assert error.line == Case(text, "chnages", ()).line


# -- syntax errors and file types --------------------------------------------------------------


def test_toml_syntax_error_has_source_line_and_column() -> None:
    with pytest.raises(FileFormatError) as caught:
        Scenario.from_toml('name = "t"\ntimezone = "UTC"\nwindow = = 1\n', source="bad.toml")
    exc = caught.value
    assert isinstance(exc, MaintwinError)
    assert (exc.source, exc.line, exc.column) == ("bad.toml", 3, 10)
    assert str(exc).startswith("bad.toml, line 3, column 10: invalid TOML")
    assert "(at line" not in exc.problem


def test_toml_syntax_error_in_a_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_text('name = "t"\n[policy\n', encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        Scenario.load(path)
    assert caught.value.source == str(path)
    assert caught.value.line == 2
    assert caught.value.column is not None
    assert "invalid TOML" in str(caught.value)


def test_toml_duplicate_key_is_a_syntax_error() -> None:
    with pytest.raises(FileFormatError) as caught:
        Scenario.from_toml('name = "t"\nname = "u"\n')
    assert caught.value.line == 2


def test_json_syntax_error_has_source_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"name": "t",\n "timezone": }', encoding="utf-8")
    with pytest.raises(FileFormatError) as caught:
        Scenario.load(path)
    exc = caught.value
    assert (exc.source, exc.line, exc.column) == (str(path), 2, 14)
    assert "invalid JSON" in str(exc)
    assert str(exc).startswith(f"{path}, line 2, column 14: ")


@pytest.mark.parametrize("text", ["[]", '"scenario"', "3"])
def test_json_must_hold_a_table_of_fields(text: str) -> None:
    with pytest.raises(FileFormatError, match="expected a table of fields"):
        Scenario.from_json(text)


def test_json_accepts_bytes() -> None:
    data = {"name": "t", "timezone": "UTC"}
    assert Scenario.from_json(json.dumps(data).encode()) == Scenario.model_validate(data)


def test_json_bytes_that_are_not_utf8_are_a_file_format_error() -> None:
    with pytest.raises(FileFormatError) as caught:
        Scenario.from_json(b'{"name": "caf\xe9", "timezone": "UTC"}', source="latin1.json")
    assert caught.value.source == "latin1.json"


def test_file_that_is_not_utf8_is_a_file_format_error(tmp_path: Path) -> None:
    path = tmp_path / "plan.toml"
    path.write_bytes(b'name = "caf\xe9"\ntimezone = "UTC"\n')
    with pytest.raises(FileFormatError, match="cannot be read") as caught:
        Scenario.load(path)
    assert caught.value.source == str(path)


@pytest.mark.parametrize("name", ["plan.yaml", "plan.yml", "plan.txt", "plan", "plan.toml.bak"])
def test_other_file_types_are_refused(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(HEAD, encoding="utf-8")  # valid TOML: the suffix alone decides
    with pytest.raises(FileFormatError) as caught:
        Scenario.load(path)
    assert caught.value.source == str(path)
    assert ".toml" in str(caught.value)
    assert ".json" in str(caught.value)


def test_suffix_case_does_not_matter(tmp_path: Path) -> None:
    path = tmp_path / "PLAN.TOML"
    path.write_text(HEAD, encoding="utf-8")
    assert Scenario.load(path).name == "t"


def test_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.toml"
    with pytest.raises(FileFormatError, match="cannot be read") as caught:
        Scenario.load(path)
    assert caught.value.source == str(path)


# -- the same scenario in every format ---------------------------------------------------------


def test_dict_json_and_toml_give_the_same_scenario(tmp_path: Path) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    data = tomllib.loads(text)
    as_json = json.dumps(data, default=_iso)
    json_path = tmp_path / "example.json"
    json_path.write_text(as_json, encoding="utf-8")
    from_toml = Scenario.from_toml(text)
    assert Scenario.model_validate(data) == from_toml
    assert Scenario.from_json(as_json) == from_toml
    assert Scenario.load(json_path) == from_toml
    assert Scenario.load(EXAMPLE) == from_toml


# -- the example file --------------------------------------------------------------------------


def test_example_loads_with_its_trains(example: Scenario) -> None:
    assert example.name == "teleradiology-platform"
    assert example.timezone == "America/Chicago"
    assert [t.id for t in example.trains] == ["biz", "pacs", "ris"]
    assert [t.subsystem for t in example.trains] == ["Biz", "PACS", "RIS"]
    assert example.subsystems == ("Biz", "PACS", "RIS")


def test_example_only_ris_carries_fifteen_minutes_of_downtime(example: Scenario) -> None:
    downtime = {t.id: t.downtime for t in example.trains}
    assert downtime == {"biz": None, "pacs": None, "ris": timedelta(minutes=15)}
    ris = example.trains[2]
    assert ris.schedule.rrule == "FREQ=MONTHLY;BYDAY=2WE"
    assert ris.schedule.at == time(10, 0)


def test_example_quarter_close_is_scoped_to_biz(example: Scenario) -> None:
    blackouts = {b.id: b for b in example.blackouts}
    quarter = blackouts["quarter-close"]
    assert quarter.scope == ("Biz",)
    assert quarter.duration == timedelta(days=1)
    assert quarter.schedule is not None
    assert quarter.applies_to("Biz")
    assert not quarter.applies_to("RIS")
    freeze = blackouts["year-end-freeze"]
    assert freeze.scope is None
    assert (freeze.start, freeze.end) == (date(2026, 12, 7), date(2027, 1, 4))


def test_example_policy_windows_people_and_changes(example: Scenario) -> None:
    policy = example.policy
    assert policy.window == timedelta(minutes=15)
    assert policy.client_notices == (timedelta(days=14), timedelta(days=1), timedelta(0))
    assert policy.cab is not None
    assert policy.cab.weekday == "TH"
    assert [w.id for w in example.one_off_windows] == [
        "ris-vendor-upgrade",
        "pacs-upgrade-fri",
        "pacs-upgrade-sat",
    ]
    assert example.one_off_windows[0].start == datetime(2027, 3, 20, 22, 0)
    assert [p.id for p in example.people] == ["dana", "lee", "sam", "kim"]
    assert example.staffing[0].train == "ris"
    assert [c.id for c in example.changes] == [
        "CHG-1001",
        "CHG-1002",
        "CHG-1042",
        "CHG-1100",
        "CHG-1017",
        "CHG-1060",
    ]
    assert example.changes[1].depends_on == ("CHG-1001",)
    assert example.changes[2].short_notice
    # The PACS upgrade: timed steps (three checks and a gate), a dry run, an 8-hour rollback.
    upgrade = example.changes[3]
    assert upgrade.duration is None  # its length comes from its steps and its dry run
    assert [s.kind.value for s in upgrade.steps].count("check") == 3
    assert (upgrade.steps[7].kind.value, upgrade.steps[7].owner) == ("gate", "lee")
    assert upgrade.steps[7].duration is None  # a decision, untimed
    assert upgrade.dry_runs[0].total == timedelta(hours=10, minutes=30)
    assert len(upgrade.dry_runs[0].steps) == len(upgrade.steps)
    assert upgrade.rollback is not None
    assert upgrade.rollback.length == timedelta(hours=8)  # its steps add up to 7 h
    assert policy.contingency == 1.5
    assert policy.slack is not None
    assert (policy.slack.longer_than, policy.slack.at_least) == (
        timedelta(hours=4),
        timedelta(hours=24),
    )


def test_line_of_skips_multiline_strings_and_reads_quoted_and_dotted_keys() -> None:
    from maintwin._config import line_of

    text = "\n".join(
        [
            'name = "x"',
            'policy.window = "PT0S"',  # 2: a dotted key at the root
            "",
            "[[changes]]",
            'id = "a"',
            'title = """',
            "[urgent] not a header",
            "duration = inside the string",
            '"""',
            '"duration" = "PT0S"',  # 10: a quoted key
            "",
            "[[trains]]",
            'id = "t"',
            'schedule.rrule = "bad"',  # 14: a dotted key in a table
        ]
    )
    assert line_of(text, ("policy", "window")) == 2
    assert line_of(text, ("changes", 0, "duration")) == 10
    assert line_of(text, ("trains", 0, "schedule", "rrule")) == 14


def test_line_of_ignores_triple_quotes_in_comments_and_strings_and_finds_the_full_dotted_key() -> (
    None
):
    from maintwin._config import line_of

    text = "\n".join(
        [
            'name = "x"  # use """ for several lines',
            'timezone = "UTC"',
            "",
            "[[trains]]",
            'id = "t"',
            'title = \'a """ b\'',
            'schedule.rrule = "FREQ=DAILY"',
            'schedule.at = "25:00"',  # 8
            "other = 1",  # 9
        ]
    )
    assert line_of(text, ("trains", 0, "schedule", "at")) == 8
    assert line_of(text, ("trains", 0, "schedule", "rrule")) == 7
    assert line_of(text, ("trains", 0, "other")) == 9


def test_line_of_a_table_given_only_by_its_sub_tables_headers() -> None:
    from maintwin._config import line_of

    text = "\n".join(
        [
            'name = "x"',
            'policy.window = "PT10M"',  # 2: a dotted key of the table [policy] never opens
            "",
            "[policy.cab]",  # 4
            'weekday = "TH"',
            'at = "10:00 AM"',  # 6
            "",
            "[[a.b]]",  # 8
            "c = 1",  # 9
        ]
    )
    assert line_of(text, ("policy", "cab", "at")) == 6
    assert line_of(text, ("policy", "cab")) == 4
    assert line_of(text, ("policy", "window")) == 2
    assert line_of(text, ("a", "b", 0, "c")) == 9
