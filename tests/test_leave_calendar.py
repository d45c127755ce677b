"""Leave calendars: a person's PTO calendar read as absences, directly and from scenario files.

``tests/data/pto_dana.ics`` is a small leave calendar, as a team's PTO calendar exports it,
for Dana, who lives in Denver: a week's vacation (all day), a dentist's appointment (timed),
and a school run every Wednesday morning from 6 January to 31 March 2027 (recurring, across
the clocks going forward on 14 March), less 20 January (EXDATE) and 3 February (cancelled with
RECURRENCE-ID), with 17 February moved to a later hour; and a team offsite that was called
off (cancelled). The expected absences below are read off the file by hand.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import (
    Absence,
    CalendarError,
    ExpansionLimitError,
    InputError,
    MaintwinError,
    Scenario,
    Unavailability,
)
from maintwin.ical import blackouts_from_ical, leave_from_ical

from .test_ical_import import _MALFORMED, _ics, _vevent

DATA = Path(__file__).resolve().parent / "data"
PTO = DATA / "pto_dana.ics"
DENVER = ZoneInfo("America/Denver")
CHICAGO = ZoneInfo("America/Chicago")


def _denver(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=DENVER)  # type: ignore[misc]


def _school_run(
    day: date, begins: tuple[int, int] = (7, 0), ends: tuple[int, int] = (8, 30)
) -> tuple[str, datetime, datetime]:
    return (
        "School run",
        _denver(day.year, day.month, day.day, *begins),
        _denver(day.year, day.month, day.day, *ends),
    )


# Every Wednesday from 6 January to 31 March 2027, less 20 January (EXDATE) and 3 February
# (cancelled); 17 February moved to 09:30-11:00 under its own summary.
_WEDNESDAYS = [date(2027, 1, 6) + timedelta(weeks=n) for n in range(13)]
assert _WEDNESDAYS[-1] == date(2027, 3, 31)
EXPECTED_TIMED = sorted(
    [
        *(
            _school_run(d)
            for d in _WEDNESDAYS
            if d not in (date(2027, 1, 20), date(2027, 2, 3)) and d != date(2027, 2, 17)
        ),
        ("School run (late start)", _denver(2027, 2, 17, 9, 30), _denver(2027, 2, 17, 11, 0)),
        ("Dentist", _denver(2027, 2, 10, 8, 30), _denver(2027, 2, 10, 11, 30)),
    ],
    key=lambda t: (t[1], t[2]),
)
VACATION = ("Vacation", date(2027, 5, 10), date(2027, 5, 17))


def _read(**overrides: Any) -> tuple[Absence, ...]:
    arguments: dict[str, Any] = {
        "start": date(2027, 1, 1),
        "end": date(2027, 7, 1),
        "timezone": "America/Denver",
        "source": "pto_dana.ics",
    }
    arguments.update(overrides)
    return leave_from_ical(PTO.read_bytes(), **arguments)


def _triples(absences: tuple[Absence, ...]) -> list[tuple[str, Any, Any]]:
    return [(a.title, a.start, a.end) for a in absences]


# -- leave_from_ical ------------------------------------------------------------------------


def test_a_pto_file_gives_whole_days_timed_absences_and_each_occurrence() -> None:
    absences = _read()
    assert all(isinstance(a, Absence) for a in absences)
    assert _triples(absences) == [*EXPECTED_TIMED, VACATION]
    vacation = absences[-1]
    # Whole local days: dates, not instants, so that they are read on the person's clock.
    assert type(vacation.start) is date
    assert type(vacation.end) is date
    for absence in absences[:-1]:
        assert isinstance(absence.start, datetime)
        assert absence.start.tzinfo is not None
        assert absence.schedule is None
        assert absence.duration is None


def test_the_school_run_keeps_its_wall_clock_time_across_the_clocks_going_forward() -> None:
    runs = [a for a in _read() if a.title == "School run"]
    assert isinstance(runs[0].start, datetime)
    instants = {a.start.astimezone(UTC) for a in runs if isinstance(a.start, datetime)}
    assert datetime(2027, 3, 10, 14, 0, tzinfo=UTC) in instants  # 07:00 MST
    assert datetime(2027, 3, 17, 13, 0, tzinfo=UTC) in instants  # 07:00 MDT
    assert all(a.end - a.start == timedelta(minutes=90) for a in runs)  # type: ignore[operator]


def test_excluded_and_cancelled_occurrences_and_cancelled_events_are_left_out() -> None:
    days = {a.start.date() if isinstance(a.start, datetime) else a.start for a in _read()}
    assert date(2027, 1, 20) not in days  # EXDATE
    assert date(2027, 2, 3) not in days  # RECURRENCE-ID with STATUS:CANCELLED
    assert date(2027, 3, 15) not in days  # a cancelled event
    assert "Team offsite (called off)" not in {a.title for a in _read()}


def test_only_occurrences_overlapping_the_horizon_are_read_and_they_are_kept_whole() -> None:
    february = _read(start=date(2027, 2, 1), end=date(2027, 3, 1))
    assert _triples(february) == [
        t for t in EXPECTED_TIMED if date(2027, 2, 1) <= t[1].date() < date(2027, 3, 1)
    ]
    # A horizon that starts inside the vacation still gets the whole vacation.
    (vacation,) = _read(start=date(2027, 5, 12), end=date(2027, 5, 13))
    assert (vacation.title, vacation.start, vacation.end) == VACATION
    # An aware bound is an instant: 07:59 Denver is inside the school run of 6 January.
    (first,) = _read(start=_denver(2027, 1, 6, 8, 29), end=_denver(2027, 1, 6, 8, 30))
    assert first.start == _denver(2027, 1, 6, 7, 0)
    assert _read(start=_denver(2027, 1, 6, 8, 30), end=_denver(2027, 1, 6, 9, 0)) == ()


def test_timed_absences_are_written_in_the_given_zone_and_mean_the_same_instants() -> None:
    in_chicago = _read(timezone="America/Chicago")
    in_denver = _read()
    assert len(in_chicago) == len(in_denver)
    for here, there in zip(in_chicago, in_denver, strict=True):
        if isinstance(here.start, datetime):
            assert here.start.utcoffset() == here.start.astimezone(CHICAGO).utcoffset()
            assert (here.start, here.end) == (there.start, there.end)


def test_floating_times_are_read_in_the_given_zone() -> None:
    data = _ics(_vevent("gym", "SUMMARY:Gym", "DTSTART:20270301T170000", "DURATION:PT1H"))
    (in_denver,) = leave_from_ical(
        data, start=date(2027, 3, 1), end=date(2027, 3, 2), timezone="America/Denver"
    )
    assert in_denver.start == _denver(2027, 3, 1, 17, 0)
    assert in_denver.end == _denver(2027, 3, 1, 18, 0)


def test_the_same_input_gives_the_same_absences() -> None:
    assert _read() == _read()
    assert _read(source="other name") == _read()


@pytest.mark.parametrize(
    ("data", "fragments", "uid"),
    [pytest.param(data, fragments, uid, id=name) for name, data, fragments, uid in _MALFORMED],
)
def test_a_malformed_calendar_is_refused_as_blackouts_from_ical_refuses_it(
    data: str | bytes, fragments: tuple[str, ...], uid: str | None
) -> None:
    with pytest.raises(CalendarError) as leave:
        leave_from_ical(data, start=date(2027, 1, 1), end=date(2028, 1, 1), timezone="UTC")
    with pytest.raises(CalendarError) as blackouts:
        blackouts_from_ical(
            data, reason="staffing", start=date(2027, 1, 1), end=date(2028, 1, 1), timezone="UTC"
        )
    assert str(leave.value) == str(blackouts.value)
    assert leave.value.uid == uid
    for fragment in fragments:
        assert fragment in str(leave.value).lower()


def test_source_names_the_calendar_in_errors() -> None:
    with pytest.raises(CalendarError) as info:
        leave_from_ical(
            "", start=date(2027, 1, 1), end=date(2028, 1, 1), timezone="UTC", source="dana.ics"
        )
    assert info.value.source == "dana.ics"
    assert str(info.value).startswith("dana.ics: ")


def test_an_unknown_zone_is_refused_with_a_suggestion() -> None:
    with pytest.raises(MaintwinError) as info:
        _read(timezone="America/Denvr")
    assert "'America/Denvr'" in str(info.value)
    assert "America/Denver" in str(info.value).replace("'America/Denvr'", "")


@pytest.mark.parametrize("which", ["start", "end"])
def test_naive_bounds_are_refused(which: str) -> None:
    with pytest.raises(MaintwinError) as info:
        _read(**{which: datetime(2027, 6, 1)})
    assert "naive" in str(info.value)
    assert which in str(info.value)
    assert "leave_from_ical()" in str(info.value)


def test_an_empty_or_reversed_horizon_is_refused() -> None:
    for end in (date(2027, 1, 1), date(2026, 1, 1)):
        with pytest.raises(InputError) as info:
            _read(end=end)
        assert info.value.model == "leave_from_ical()"
        assert [e.path for e in info.value.errors] == ["end"]


def test_a_rule_that_would_expand_too_far_raises_expansion_limit_error() -> None:
    every_minute = _ics(
        _vevent("pager", "DTSTART:20270101T000000Z", "DURATION:PT1M", "RRULE:FREQ=MINUTELY")
    )
    with pytest.raises(ExpansionLimitError) as info:
        leave_from_ical(
            every_minute,
            start=date(2027, 1, 1),
            end=date(2027, 2, 1),
            timezone="UTC",
            source="pager.ics",
            max_occurrences=1_000,
        )
    assert "leave_from_ical(max_occurrences=...)=1,000" in str(info.value)
    assert str(info.value).startswith("pager.ics, event 'pager'")
    assert (
        len(
            leave_from_ical(
                every_minute,
                start=date(2027, 1, 1),
                end=datetime(2027, 1, 1, 0, 30, tzinfo=UTC),
                timezone="UTC",
                max_occurrences=1_000,
            )
        )
        == 30
    )


def test_leave_from_ical_is_exported() -> None:
    assert "leave_from_ical" in maintwin.ical.__all__
    assert maintwin.ical.leave_from_ical is leave_from_ical


# -- in a scenario file -----------------------------------------------------------------------

_HEAD = """\
name = "Teleradiology"
timezone = "America/Chicago"

[[trains]]
id = "ris"
subsystem = "RIS"
schedule = { rrule = "FREQ=MONTHLY;BYDAY=2WE", at = "10:00" }
downtime = "PT15M"

[[staffing]]
train = "ris"
needs = { dba = 1 }

[[people]]
id = "lee"
roles = ["dba"]
unavailable = [{ start = 2027-01-11, end = 2027-01-15 }]
"""

_DANA = """
[[people]]
id = "dana"
name = "Dana Park"
roles = ["dba"]
timezone = "America/Denver"
leave_calendar = LEAVE

[[people.away]]
title = "Sundays"
schedule = { rrule = "FREQ=WEEKLY;BYDAY=SU", at = "00:00" }
duration = "P1D"
"""


def _scenario_text(leave: str, person: str = _DANA) -> str:
    return _HEAD + person.replace("LEAVE", leave)


def _write(folder: Path, text: str, name: str = "platform.toml") -> Path:
    (folder / "pto").mkdir(exist_ok=True)
    shutil.copy(PTO, folder / "pto" / "dana.ics")
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _line(text: str, fragment: str) -> int:
    """The 1-based line of ``text`` that holds ``fragment`` (the last such line)."""
    lines = text.splitlines()
    return max(n for n, line in enumerate(lines, start=1) if fragment in line)


_TABLE = '{ file = "pto/dana.ics", start = 2027-01-01, end = 2027-07-01 }'


def test_a_scenario_file_reads_a_leave_calendar_into_the_persons_absences(
    tmp_path: Path,
) -> None:
    scenario = Scenario.load(_write(tmp_path, _scenario_text(_TABLE)))
    dana = next(p for p in scenario.people if p.id == "dana")
    assert dana.away[0].title == "Sundays"  # what the file lists stays first
    assert dana.away[1:] == _read()
    assert "leave_calendar" not in dana.model_dump()  # the model holds no file name


def test_the_leave_keeps_a_person_off_the_crew(tmp_path: Path) -> None:
    """Dana's vacation (10 to 16 May) leaves the 12 May window to Lee, and her dentist's
    appointment (08:30 to 11:30 Denver, 09:30 to 12:30 Chicago) the 10 February one; Lee's
    own leave in January leaves that window to Dana."""
    scenario = Scenario.load(_write(tmp_path, _scenario_text(_TABLE)))
    windows = {w.id: w for w in scenario.windows(date(2027, 1, 1), date(2027, 7, 1))}
    may = windows["ris-2027-05-12"]
    assert not may.blocked
    assert [d.person for d in may.crew] == ["lee"]
    january = windows["ris-2027-01-13"]  # Lee is on leave 11 to 14 January: Dana runs it
    assert [d.person for d in january.crew] == ["dana"]
    assert [d.person for d in windows["ris-2027-02-10"].crew] == ["lee"]  # the dentist
    # Both away together: the window is blocked by a staffing gap that names Dana's leave.
    both = scenario.model_copy(
        update={
            "people": tuple(
                p.model_copy(
                    update={
                        "unavailable": (
                            maintwin.DateRange(start=date(2027, 5, 10), end=date(2027, 5, 13)),
                        )
                    }
                )
                if p.id == "lee"
                else p
                for p in scenario.people
            )
        }
    )
    (blocked,) = both.windows(date(2027, 5, 1), date(2027, 6, 1))
    assert blocked.blocked
    assert blocked.gaps
    missing = {m.person: m for m in blocked.gaps[0].missing}
    assert missing["dana"].reason is Unavailability.LEAVE
    assert "Vacation" in missing["dana"].detail


def test_a_days_leave_starts_at_the_persons_own_midnight(tmp_path: Path) -> None:
    """A one-day leave on 10 March in Denver runs 01:00 to 01:00 Chicago time: a window at
    00:30 Chicago on 10 March is still 23:30 on 9 March in Denver, so Dana can run it."""
    ics = tmp_path / "pto" / "day.ics"
    ics.parent.mkdir()
    ics.write_text(_ics(_vevent("day", "SUMMARY:Day off", "DTSTART;VALUE=DATE:20270310")))
    text = _HEAD.replace('at = "10:00"', 'at = "00:30"').replace(
        "FREQ=MONTHLY;BYDAY=2WE", "FREQ=DAILY"
    ) + _DANA.replace("LEAVE", '{ file = "pto/day.ics", start = 2027-03-01, end = 2027-04-01 }')
    scenario = Scenario.load(
        _write(
            tmp_path,
            text.replace(
                "unavailable = [{ start = 2027-01-11, end = 2027-01-15 }]",
                "unavailable = [{ start = 2027-03-01, end = 2027-03-31 }]",
            ),
        )
    )
    windows = {w.id: w for w in scenario.windows(date(2027, 3, 9), date(2027, 3, 13))}
    crews = {i: [d.person for d in w.crew] for i, w in windows.items()}
    assert crews["ris-2027-03-10"] == ["dana"]  # 23:30 on 9 March in Denver
    assert crews["ris-2027-03-11"] == []  # 23:30 on 10 March in Denver: her day off
    assert windows["ris-2027-03-11"].blocked
    assert crews["ris-2027-03-12"] == ["dana"]


def test_a_list_of_leave_calendars_is_read_in_order(tmp_path: Path) -> None:
    both = (
        '[{ file = "pto/dana.ics", start = 2027-05-01, end = 2027-06-01 }, '
        '{ file = "pto/dana.ics", start = 2027-02-01, end = 2027-03-01 }]'
    )
    dana = Scenario.load(_write(tmp_path, _scenario_text(both))).people[1]
    may = _read(start=date(2027, 5, 1), end=date(2027, 6, 1))
    february = _read(start=date(2027, 2, 1), end=date(2027, 3, 1))
    assert dana.away[1:] == (*may, *february)


def test_the_array_of_tables_form_is_read_too(tmp_path: Path) -> None:
    text = (
        _HEAD
        + """
[[people]]
id = "dana"
roles = ["dba"]
timezone = "America/Denver"

[[people.leave_calendar]]
file = "pto/dana.ics"
start = 2027-05-01
end = 2027-06-01
"""
    )
    dana = Scenario.load(_write(tmp_path, text)).people[1]
    assert _triples(dana.away) == [VACATION]


def test_the_calendar_of_a_person_without_a_zone_is_read_in_the_scenarios(
    tmp_path: Path,
) -> None:
    text = _scenario_text(_TABLE).replace('timezone = "America/Denver"\n', "")
    dana = Scenario.load(_write(tmp_path, text)).people[1]
    assert dana.away[1:] == _read(timezone="America/Chicago")
    first = dana.away[1].start
    assert isinstance(first, datetime)
    assert first.utcoffset() == timedelta(hours=-6)  # written in Chicago time


def test_json_scenarios_take_leave_calendars_with_dates_as_text(tmp_path: Path) -> None:
    scenario = {
        "name": "Teleradiology",
        "timezone": "America/Chicago",
        "people": [
            {
                "id": "dana",
                "roles": ["dba"],
                "timezone": "America/Denver",
                "leave_calendar": [
                    {"file": "pto/dana.ics", "start": "2027-05-01", "end": "2027-06-01"}
                ],
            }
        ],
    }
    path = _write(tmp_path, json.dumps(scenario), name="platform.json")
    assert _triples(Scenario.load(path).people[0].away) == [VACATION]
    with pytest.raises(InputError) as info:
        Scenario.from_json(json.dumps(scenario))
    assert [e.path for e in info.value.errors] == ["people[0].leave_calendar[0].file"]
    assert Scenario.from_json(json.dumps(scenario), directory=tmp_path) == Scenario.load(path)


def test_text_without_a_folder_reads_absolute_paths_and_refuses_relative_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _write(tmp_path, "")
    monkeypatch.chdir(tmp_path)  # the relative path would be found here: it must not be used
    text = _scenario_text(_TABLE)
    with pytest.raises(InputError) as info:
        Scenario.from_toml(text, source="platform.toml")
    (error,) = info.value.errors
    assert error.path == "people[1].leave_calendar.file"
    assert error.line == _line(text, "leave_calendar")
    for part in ("relative path", "Scenario.load(path)", "directory=", "absolute path"):
        assert part in error.message
    absolute = text.replace('"pto/dana.ics"', json.dumps(str(tmp_path / "pto" / "dana.ics")))
    assert Scenario.from_toml(absolute).people[1].away[1:] == _read()
    elsewhere = Scenario.from_toml(text, directory=tmp_path)
    assert elsewhere.people[1].away[1:] == _read()


def test_leave_calendar_is_a_file_format_key_not_a_model_field() -> None:
    with pytest.raises(InputError) as info:
        Scenario.model_validate(
            {
                "name": "x",
                "timezone": "UTC",
                "people": [{"id": "dana", "roles": ["dba"], "leave_calendar": {"file": "a"}}],
            }
        )
    assert [e.path for e in info.value.errors] == ["people[0].leave_calendar"]
    assert "unknown field" in info.value.errors[0].message


# -- errors in a scenario file ----------------------------------------------------------------

# (test id, leave_calendar value, the field path under people[1], fragments of the message)
_BAD: list[tuple[str, str, str, tuple[str, ...]]] = [
    (
        "missing-file",
        '{ file = "pto/nobody.ics", start = 2027-01-01, end = 2027-07-01 }',
        "leave_calendar.file",
        ("cannot read", "nobody.ics", "No such file", "relative to the folder of the scenario"),
    ),
    (
        "a-folder",
        '{ file = "pto", start = 2027-01-01, end = 2027-07-01 }',
        "leave_calendar.file",
        ("cannot read", "expected an iCalendar (.ics) file"),
    ),
    (
        "not-icalendar",
        '{ file = "platform.toml", start = 2027-01-01, end = 2027-07-01 }',
        "leave_calendar.file",
        ("platform.toml: ", "END:VCALENDAR", "not iCalendar"),
    ),
    (
        "no-start",
        '{ file = "pto/dana.ics", end = 2027-07-01 }',
        "leave_calendar.start",
        ("required", "[start, end)", "dates, or date-times with a UTC offset"),
    ),
    (
        "no-end",
        '{ file = "pto/dana.ics", start = 2027-01-01 }',
        "leave_calendar.end",
        ("required", "[start, end)"),
    ),
    (
        "no-file",
        "{ start = 2027-01-01, end = 2027-07-01 }",
        "leave_calendar.file",
        ("required", "iCalendar file"),
    ),
    (
        "reversed",
        '{ file = "pto/dana.ics", start = 2027-07-01, end = 2027-01-01 }',
        "leave_calendar.end",
        ("not after start", "later than start"),
    ),
    (
        "naive",
        '{ file = "pto/dana.ics", start = 2027-01-01T08:00:00, end = 2027-07-01 }',
        "leave_calendar.start",
        ("naive", "UTC offset"),
    ),
    (
        "unknown-key",
        '{ file = "pto/dana.ics", start = 2027-01-01, end = 2027-07-01, zone = "UTC" }',
        "leave_calendar.zone",
        ("unknown field", "end, file, start"),
    ),
    (
        "not-a-table",
        '"pto/dana.ics"',
        "leave_calendar",
        ("expected a table", "or a list of such tables"),
    ),
    (
        "bad-in-a-list",
        '[{ file = "pto/dana.ics", start = 2027-01-01, end = 2027-07-01 }, 3]',
        "leave_calendar[1]",
        ("got 3", "expected a table"),
    ),
]


@pytest.mark.parametrize(
    ("leave", "path", "fragments"),
    [pytest.param(leave, path, fragments, id=name) for name, leave, path, fragments in _BAD],
)
def test_each_bad_leave_calendar_names_file_field_line_and_what_is_accepted(
    tmp_path: Path, leave: str, path: str, fragments: tuple[str, ...]
) -> None:
    text = _scenario_text(leave)
    scenario_file = _write(tmp_path, text)
    with pytest.raises(InputError) as info:
        Scenario.load(scenario_file)
    error = info.value
    assert error.source == str(scenario_file)
    assert str(error).startswith(f"{scenario_file}: 1 invalid field in Scenario")
    (field,) = error.errors
    assert field.path == f"people[1].{path}"
    assert field.line == _line(text, "leave_calendar")
    for fragment in fragments:
        assert fragment in field.message, (fragment, field.message)


def test_a_broken_event_in_a_leave_calendar_names_the_event_too(tmp_path: Path) -> None:
    broken = tmp_path / "pto" / "broken.ics"
    broken.parent.mkdir()
    broken.write_text(_ics(_vevent("bad-one", "DTSTART:2027zz", "DURATION:PT1H")))
    text = _scenario_text('{ file = "pto/broken.ics", start = 2027-01-01, end = 2027-07-01 }')
    with pytest.raises(InputError) as info:
        Scenario.load(_write(tmp_path, text))
    (field,) = info.value.errors
    assert field.path == "people[1].leave_calendar.file"
    assert field.message.startswith("pto/broken.ics, event 'bad-one': ")
    assert "DTSTART" in field.message


def test_a_leave_calendar_that_expands_too_far_names_the_policy_setting(tmp_path: Path) -> None:
    pager = tmp_path / "pto" / "pager.ics"
    pager.parent.mkdir()
    pager.write_text(
        _ics(_vevent("pager", "DTSTART:20270101T000000Z", "DURATION:PT1M", "RRULE:FREQ=MINUTELY"))
    )
    text = _scenario_text('{ file = "pto/pager.ics", start = 2027-01-01, end = 2027-02-01 }')
    text = text.replace(
        'timezone = "America/Chicago"\n',
        ('timezone = "America/Chicago"\n\n[policy]\nmax_occurrences = 500\n'),
        1,
    )
    with pytest.raises(InputError) as info:
        Scenario.load(_write(tmp_path, text))
    (field,) = info.value.errors
    assert field.path == "people[1].leave_calendar.file"
    assert "policy.max_occurrences=500" in field.message


_NOBODY = '{ file = "pto/nobody.ics", start = 2027-01-01, end = 2027-07-01 }'
_NO_ROLES = ('roles = ["dba"]\nunavailable', "roles = []\nunavailable")
_TYPO = ("America/Denver", "America/Denvr")


@pytest.mark.parametrize(
    ("leave", "edit", "paths"),
    [
        pytest.param(
            _NOBODY,
            _NO_ROLES,
            ["people[0].roles", "people[1].leave_calendar.file"],
            id="leave-and-other-fields-together",
        ),
        # The calendar cannot be read without the person's zone: the zone is what is wrong.
        pytest.param(_TABLE, _TYPO, ["people[1].timezone"], id="a-wrong-zone-once"),
        pytest.param(
            _NOBODY,
            _TYPO,
            ["people[1].leave_calendar.file", "people[1].timezone"],
            id="a-missing-file-whatever-the-zone",
        ),
    ],
)
def test_leave_errors_are_reported_with_the_other_invalid_fields(
    tmp_path: Path, leave: str, edit: tuple[str, str], paths: list[str]
) -> None:
    text = _scenario_text(leave).replace(*edit)
    with pytest.raises(InputError) as info:
        Scenario.load(_write(tmp_path, text))
    assert sorted(e.path for e in info.value.errors) == paths


def test_leave_read_from_a_file_is_what_leave_from_ical_gives(tmp_path: Path) -> None:
    """The whole round: the file's absences are the function's, and they are whole days or
    instants, never a file name."""
    scenario = Scenario.load(_write(tmp_path, _scenario_text(_TABLE)))
    dumped = json.dumps(scenario.model_dump(mode="json"))
    assert "dana.ics" not in dumped
    assert "Vacation" in dumped
    assert datetime(2027, 1, 6, 14, 0, tzinfo=UTC) in {
        a.start.astimezone(UTC) for a in scenario.people[1].away if isinstance(a.start, datetime)
    }
