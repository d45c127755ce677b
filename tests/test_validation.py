"""Bad input built in Python is refused with an InputError that names the field and says why.

Loading the same mistakes from a dict, JSON or TOML is covered in test_config.py.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel

import maintwin
from maintwin import (
    Blackout,
    Change,
    DateRange,
    ExpansionLimitError,
    FieldError,
    HolidaySource,
    InputError,
    MaintwinError,
    OneOffWindow,
    Person,
    Policy,
    ReleaseTrain,
    Scenario,
    Schedule,
    Staffing,
    Window,
    holiday_blackouts,
)

CHICAGO = ZoneInfo("America/Chicago")


def error_at(exc: pytest.ExceptionInfo[InputError], path: str) -> FieldError:
    """The one error of ``exc`` at ``path`` (failing if there is none)."""
    found = [e for e in exc.value.errors if e.path == path]
    assert found, f"no error at {path!r}; errors at {[e.path for e in exc.value.errors]}"
    assert len(found) == 1, found
    return found[0]


def assert_mentions(message: str, *parts: str) -> None:
    for part in parts:
        assert part in message, f"{part!r} not in {message!r}"


def change(**overrides: Any) -> Change:
    fields: dict[str, Any] = {
        "id": "CHG-1",
        "subsystem": "RIS",
        "duration": "PT5M",
        "requested_on": date(2026, 11, 2),
    }
    return Change(**{**fields, **overrides})


def train(train_id: str = "ris", subsystem: str = "RIS", **overrides: Any) -> ReleaseTrain:
    fields: dict[str, Any] = {
        "id": train_id,
        "subsystem": subsystem,
        "schedule": Schedule(rrule="FREQ=MONTHLY;BYDAY=2WE", at=time(10)),
        "downtime": "PT15M",
    }
    return ReleaseTrain(**{**fields, **overrides})


def scenario(**fields: Any) -> Scenario:
    return Scenario(name="t", timezone="America/Chicago", **fields)


# -- the error types ---------------------------------------------------------------------------


def test_error_types_share_one_root_that_is_a_value_error() -> None:
    for cls in (
        InputError,
        maintwin.FileFormatError,
        ExpansionLimitError,
        maintwin.RRuleError,
    ):
        assert issubclass(cls, MaintwinError), cls
    assert issubclass(MaintwinError, ValueError)


def test_input_error_is_caught_as_value_error_and_lists_fields_in_its_message() -> None:
    with pytest.raises(ValueError, match="invalid field") as caught:
        change(duration="PT0S", priority=0)
    exc = caught.value
    assert isinstance(exc, InputError)
    assert exc.model == "Change"
    assert exc.source is None
    assert sorted(e.path for e in exc.errors) == ["duration", "priority"]
    text = str(exc)
    assert_mentions(text, "2 invalid fields in Change", "duration: ", "priority: ")


# -- durations ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PT15M", timedelta(minutes=15)),
        ("P14D", timedelta(days=14)),
        ("P1W", timedelta(weeks=1)),
        ("PT2H", timedelta(hours=2)),
        ("P1DT2H3M4.5S", timedelta(days=1, hours=2, minutes=3, seconds=4.5)),
        ("pt15m", timedelta(minutes=15)),
        (" PT30S ", timedelta(seconds=30)),
    ],
)
def test_iso_durations_parse(text: str, expected: timedelta) -> None:
    assert change(duration=text).duration == expected


def test_a_timedelta_is_accepted_as_a_duration() -> None:
    assert change(duration=timedelta(minutes=8)).duration == timedelta(minutes=8)


@pytest.mark.parametrize("text", ["P1M", "P1Y", "P1Y2M", "P2W1M", "p3m"])
def test_months_and_years_are_refused_with_the_reason(text: str) -> None:
    with pytest.raises(InputError) as caught:
        change(duration=text)
    message = error_at(caught, "duration").message
    assert_mentions(message, repr(text), "years or months", "no fixed length", "'PT15M'")


@pytest.mark.parametrize("value", [900, 15.0, "15 minutes", "PT", "P", "15M"])
def test_numbers_and_other_text_are_refused_as_durations(value: object) -> None:
    with pytest.raises(InputError) as caught:
        change(duration=value)
    message = error_at(caught, "duration").message
    assert_mentions(message, repr(value), "not an ISO 8601 duration", "'PT15M'")


@pytest.mark.parametrize("value", ["PT0S", "P0D", "-PT5M", timedelta(0), timedelta(minutes=-5)])
def test_a_duration_of_zero_or_less_is_refused(value: object) -> None:
    with pytest.raises(InputError) as caught:
        change(duration=value)
    assert_mentions(error_at(caught, "duration").message, "must be longer than zero")


def test_zero_is_allowed_where_a_duration_may_be_zero_but_negative_is_not() -> None:
    assert Policy(freeze_horizon="PT0S").freeze_horizon == timedelta(0)
    with pytest.raises(InputError) as caught:
        Policy(freeze_horizon=timedelta(days=-1))
    assert_mentions(error_at(caught, "freeze_horizon").message, "must not be negative")


@given(
    st.timedeltas(min_value=timedelta(microseconds=1), max_value=timedelta(days=3650)),
)
def test_any_positive_duration_survives_a_json_round_trip(value: timedelta) -> None:
    # Change.duration is written as ISO 8601 text in JSON; reading it back must give it again.
    original = change(duration=value)
    assert Change.model_validate_json(original.model_dump_json()) == original


# -- Change ------------------------------------------------------------------------------------


def test_change_unknown_field_suggests_the_close_name() -> None:
    with pytest.raises(InputError) as caught:
        change(priorty=2)
    message = error_at(caught, "priorty").message
    assert_mentions(message, "unknown field", "did you mean 'priority'?", "Change accepts")
    assert_mentions(message, "deadline", "requested_on", "short_notice")


def test_unknown_field_without_a_close_name_lists_the_accepted_ones() -> None:
    with pytest.raises(InputError) as caught:
        change(zzzzzz=1)
    message = error_at(caught, "zzzzzz").message
    assert "did you mean" not in message
    assert_mentions(message, "unknown field", "Change accepts", "priority")


def test_change_missing_field_is_named() -> None:
    with pytest.raises(InputError) as caught:
        Change(id="CHG-1", subsystem="RIS", duration="PT5M")  # type: ignore[call-arg]
    assert_mentions(error_at(caught, "requested_on").message, "required")


@pytest.mark.parametrize(
    ("priority", "bound"), [(0, "greater than or equal to 1"), (10, "less than or equal to 9")]
)
def test_change_priority_out_of_range(priority: int, bound: str) -> None:
    with pytest.raises(InputError) as caught:
        change(priority=priority)
    assert_mentions(error_at(caught, "priority").message, bound)


def test_change_deadline_before_earliest() -> None:
    with pytest.raises(InputError) as caught:
        change(earliest=date(2027, 3, 1), deadline=date(2027, 2, 1))
    assert_mentions(error_at(caught, "deadline").message, "2027-02-01", "before", "2027-03-01")


def test_change_cannot_depend_on_itself_or_list_a_dependency_twice() -> None:
    with pytest.raises(InputError) as caught:
        change(depends_on=["CHG-1"])
    assert_mentions(error_at(caught, "depends_on").message, "'CHG-1'", "itself")
    with pytest.raises(InputError) as caught:
        change(depends_on=["CHG-0", "CHG-0"])
    assert_mentions(error_at(caught, "depends_on").message, "twice")


@pytest.mark.parametrize("bad_id", ["", "has space", "-leading-dash", "x" * 201])
def test_ids_must_be_plain(bad_id: str) -> None:
    with pytest.raises(InputError) as caught:
        change(id=bad_id)
    message = error_at(caught, "id").message
    assert "pattern" in message or "200" in message


# Window ids are <train id>-YYYY-MM-DD (11 characters more), or <train id>-YYYY-MM-DDTHHMMSS
# (18 more) for a train several times a day; holiday blackout ids are <prefix>-YYYY-MM-DD.
TWICE_A_DAY = {"rrule": "FREQ=DAILY;BYHOUR=2,14", "starts_on": "2027-01-01"}


def _loaded(**fields: Any) -> Scenario:
    """A scenario read from plain data, as from a file."""
    return Scenario.model_validate({"name": "t", "timezone": "America/Chicago", **fields})


def _train_data(train_id: str, **overrides: Any) -> dict[str, Any]:
    fields = {"id": train_id, "subsystem": "RIS", "schedule": {"rrule": "FREQ=WEEKLY;BYDAY=MO"}}
    return {**fields, "downtime": "PT15M", **overrides}


def test_a_train_id_too_long_for_its_window_ids_is_refused_naming_the_field() -> None:
    # The reproduction: a 195-character id gave 206-character window ids.
    with pytest.raises(InputError) as caught:
        _loaded(trains=[_train_data("r" * 195)])
    assert error_at(caught, "trains[0].id").message == (
        "195 characters: too long for the id of a train with downtime; its windows get the ids "
        "<id>-YYYY-MM-DD and an id has at most 200 characters, so this id may have at most 189"
    )
    with pytest.raises(InputError) as caught:
        train("r" * 190)  # built on its own, it is refused too
    assert_mentions(error_at(caught, "id").message, "at most 189")


def test_a_train_several_times_a_day_has_a_shorter_limit() -> None:
    _loaded(trains=[_train_data("r" * 182, schedule=TWICE_A_DAY)])
    with pytest.raises(InputError) as caught:
        _loaded(trains=[_train_data("r" * 183, schedule=TWICE_A_DAY)])
    assert_mentions(
        error_at(caught, "trains[0].id").message,
        "183 characters",
        "its windows (several a day) get the ids <id>-YYYY-MM-DDTHHMMSS",
        "at most 182",
    )


def test_a_train_without_downtime_makes_no_window_ids_and_keeps_the_full_length() -> None:
    found = _loaded(trains=[_train_data("r" * 200, downtime=None)])
    assert len(found.trains[0].id) == 200


def test_a_holiday_calendar_id_too_long_for_its_blackout_ids_is_refused() -> None:
    assert HolidaySource(id="h" * 189, country="US").blackouts([2027])[0].id == (
        "h" * 189 + "-2027-01-01"
    )
    with pytest.raises(InputError) as caught:
        _loaded(holidays=[{"id": "h" * 190, "country": "US"}])
    assert_mentions(
        error_at(caught, "holidays[0].id").message,
        "190 characters: too long for the id of a holiday calendar",
        "its blackouts get the ids <id>-YYYY-MM-DD",
        "at most 200",
        "at most 189",
    )
    with pytest.raises(MaintwinError, match=r"^id_prefix 'hhh.*at most 189$"):
        holiday_blackouts("US", years=2027, id_prefix="h" * 190)


# -- Schedule and ReleaseTrain ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "parts"),
    [
        ("FREQ=MONTHY;BYDAY=2TU", ("FREQ=MONTHY", "MONTHLY", "WEEKLY")),
        ("BYDAY=2TU", ("FREQ is missing",)),
        ("FREQ=MONTHLY;BYDAY=9TU", ("9TU", "1..5")),
        ("FREQ=MONTHLY;BYDAY=2XX", ("'2XX'", "weekday")),
        ("FREQ=WEEKLY;BYDAY=2TU", ("2TU", "FREQ=MONTHLY or YEARLY")),
        ("FREQ=MONTHLY;BYDAY=2TU;UNTIL=20270101", ("UNTIL", "ends_on")),
        ("FREQ=MONTHLY;BYDAY=2TU;BYHOUR=25", ("BYHOUR=25", "0..23")),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", ("never occurs", "BYMONTHDAY=30")),
        ("FREQ=MONTHLY;BYDAY=2TU;COLOR=RED", ("'COLOR'", "BYDAY", "INTERVAL")),
        ("FREQ=MONTHLY;BYDAY", ("'BYDAY'", "NAME=VALUE")),
        ("", ("empty rule", "FREQ=MONTHLY;BYDAY=2TU")),
    ],
)
def test_malformed_rrule_names_the_bad_part(rule: str, parts: tuple[str, ...]) -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule=rule, starts_on=date(2026, 1, 1))
    message = error_at(caught, "rrule").message
    assert_mentions(message, "malformed RRULE", repr(rule), *parts)


def test_malformed_rrule_in_a_train_names_the_nested_path() -> None:
    with pytest.raises(InputError) as caught:
        ReleaseTrain.model_validate(
            {"id": "ris", "subsystem": "RIS", "schedule": {"rrule": "FREQ=MONTHY"}}
        )
    assert caught.value.model == "ReleaseTrain"
    assert_mentions(error_at(caught, "schedule.rrule").message, "FREQ=MONTHY", "MONTHLY")


def test_schedule_ends_before_it_starts() -> None:
    with pytest.raises(InputError) as caught:
        Schedule(
            rrule="FREQ=MONTHLY;BYDAY=2TU", starts_on=date(2027, 2, 1), ends_on=date(2027, 1, 1)
        )
    assert_mentions(error_at(caught, "ends_on").message, "2027-01-01", "before", "2027-02-01")


def test_schedule_that_counts_from_its_first_date_needs_starts_on() -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU")
    assert_mentions(error_at(caught, "starts_on").message, "give starts_on", "INTERVAL")


def test_schedule_time_of_day_must_be_local() -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", at="10:00+02:00")
    assert_mentions(error_at(caught, "at").message, "UTC offset", "local wall-clock", "zone")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("10:00 AM", "10:00"),
        ("2:30 PM", "14:30"),
        ("10am", "10:00"),
        ("12:00 AM", "00:00"),
        ("12 p.m.", "12:00"),
        ("11:59:30 pm", "23:59:30"),
    ],
)
def test_a_12_hour_time_names_its_24_hour_form(written: str, expected: str) -> None:
    message = f"{written!r} is a 12-hour time; times of day are 24-hour: write it as {expected!r}"
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", at=written)
    assert error_at(caught, "at").message == message
    with pytest.raises(InputError) as caught:
        Policy(cab={"weekday": "TH", "at": written})
    assert error_at(caught, "cab.at").message == message
    with pytest.raises(InputError) as caught:  # the helpers read `at` the same way
        Schedule.weekly("TU", at=written)
    assert error_at(caught, "at").message == message
    assert Schedule.weekly("TU", at=expected).at.isoformat().startswith(expected)


@pytest.mark.parametrize("written", ["13:00 PM", "0:30 am", "10:75 AM"])
def test_a_time_that_is_not_a_12_hour_time_either_says_what_is_accepted(written: str) -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", at=written)
    assert_mentions(
        error_at(caught, "at").message, f"{written!r} is not a time of day", "1 to 12", "'14:30'"
    )


@pytest.mark.parametrize(("written", "shown"), [(10, "10"), (9.5, "9.5")])
def test_a_number_is_not_taken_as_a_time_of_day(written: float, shown: str) -> None:
    # pydantic would read 10 as ten seconds past midnight, in UTC.
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", at=written)
    assert error_at(caught, "at").message == (
        f"{shown} is a number, not a time of day; write a 24-hour local time as text, e.g. "
        "'10:00' or '14:30'"
    )


def test_other_unreadable_times_say_what_is_accepted() -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", at="noon")
    assert_mentions(error_at(caught, "at").message, "time format", "24-hour", "'14:30'")


def test_schedule_offset_days_is_bounded() -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", offset_days=7)
    assert "6" in error_at(caught, "offset_days").message


@pytest.mark.parametrize(
    ("given_name", "suggestion"),
    [
        ("America/Chicgo", "America/Chicago"),
        ("Europe/Berln", "Europe/Berlin"),
        ("america/chicago", "America/Chicago"),
    ],
)
def test_unknown_zone_suggests_a_close_name(given_name: str, suggestion: str) -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", timezone=given_name)
    message = error_at(caught, "timezone").message
    assert_mentions(message, f"unknown time zone {given_name!r}", f"did you mean {suggestion!r}?")
    assert_mentions(message, "IANA")


def test_unknown_zone_without_a_close_name_still_says_what_is_accepted() -> None:
    with pytest.raises(InputError) as caught:
        Scenario(name="t", timezone="Mars/Olympus_Mons")
    message = error_at(caught, "timezone").message
    assert_mentions(message, "'Mars/Olympus_Mons'", "IANA", "'America/Chicago'")


def test_a_zone_abbreviation_suggests_the_iana_zone_not_a_close_spelling() -> None:
    # "CST" used to suggest "UCT", the closest spelling.
    with pytest.raises(InputError) as caught:
        Scenario(name="t", timezone="CST")
    assert error_at(caught, "timezone").message == (
        "time zone 'CST' is an abbreviation, not an IANA name: abbreviations are ambiguous and do "
        "not say when daylight saving time starts; write the IANA name of the place whose clocks "
        "you follow, e.g. 'America/Chicago' for US Central time (or 'Asia/Shanghai' for China)"
    )


@pytest.mark.parametrize(
    ("abbreviation", "suggestion"),
    [
        ("CDT", "America/Chicago"),
        ("cst", "America/Chicago"),
        ("EDT", "America/New_York"),
        ("MDT", "America/Denver"),
        ("PST", "America/Los_Angeles"),
        ("PDT", "America/Los_Angeles"),
        ("AKST", "America/Anchorage"),
        ("CET", "Europe/Berlin"),
        ("CEST", "Europe/Berlin"),
        ("EET", "Europe/Athens"),
        ("WET", "Europe/Lisbon"),
        ("BST", "Europe/London"),
        ("IST", "Asia/Kolkata"),
        ("JST", "Asia/Tokyo"),
        ("AEST", "Australia/Sydney"),
        ("AEDT", "Australia/Sydney"),
        ("NZDT", "Pacific/Auckland"),
    ],
)
def test_common_zone_abbreviations_suggest_an_iana_zone(abbreviation: str, suggestion: str) -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", timezone=abbreviation)
    message = error_at(caught, "timezone").message
    assert_mentions(
        message, f"time zone {abbreviation!r} is an abbreviation", "IANA", f"e.g. {suggestion!r}"
    )
    assert "fixed offset" not in message
    assert Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", timezone=suggestion).timezone == suggestion


@pytest.mark.parametrize(
    ("abbreviation", "offset", "suggestion"),
    [
        ("EST", "UTC-05:00", "America/New_York"),
        ("MST", "UTC-07:00", "America/Denver"),
        ("HST", "UTC-10:00", "Pacific/Honolulu"),
        ("GMT", "UTC+00:00", "Europe/London"),
    ],
)
def test_abbreviations_tzdata_keeps_as_fixed_offsets_are_refused_too(
    abbreviation: str, offset: str, suggestion: str
) -> None:
    # ZoneInfo("EST") is real, but never changes for daylight saving time: a 10:00 window
    # there is 11:00 in New York all summer.
    assert datetime(2027, 7, 1, tzinfo=ZoneInfo(abbreviation)).dst() == timedelta(0)
    with pytest.raises(InputError) as caught:
        Scenario(name="t", timezone=abbreviation)
    assert_mentions(
        error_at(caught, "timezone").message,
        f"time zone {abbreviation!r} is an abbreviation, not an IANA name",
        f"tzdata keeps it as a fixed offset, {offset} all year",
        "daylight saving time",
        f"e.g. {suggestion!r}",
    )


@pytest.mark.parametrize("name", ["UTC", "UCT", "Etc/GMT+5", "EST5EDT", "America/Chicago"])
def test_zone_names_that_are_no_abbreviation_are_accepted(name: str) -> None:
    assert Scenario(name="t", timezone=name).timezone == name


@pytest.mark.parametrize(
    ("model", "fields", "path"),
    [
        (Person, {"id": "kim", "roles": ["dba"], "timezone": "America/Denvr"}, "timezone"),
        (
            Blackout,
            {"id": "b", "reason": "freeze", "start": "2027-01-01", "timezone": "UTC1"},
            "timezone",
        ),
        (
            OneOffWindow,
            {
                "id": "w",
                "subsystem": "RIS",
                "start": datetime(2027, 3, 20, 22),
                "duration": "PT2H",
                "timezone": "America/New_Yrok",
            },
            "timezone",
        ),
    ],
)
def test_unknown_zone_is_refused_wherever_a_zone_is_given(
    model: type[BaseModel], fields: dict[str, Any], path: str
) -> None:
    with pytest.raises(InputError) as caught:
        model(**fields)
    assert_mentions(error_at(caught, path).message, "unknown time zone", "did you mean")


def test_train_downtime_must_be_positive() -> None:
    with pytest.raises(InputError) as caught:
        train(downtime="PT0S")
    assert_mentions(error_at(caught, "downtime").message, "longer than zero")


@pytest.mark.parametrize("value", ["yes", 15, 1, "P1M"])
def test_train_downtime_that_is_no_duration_says_true_is_accepted_too(value: object) -> None:
    with pytest.raises(InputError) as caught:
        train(downtime=value)
    assert_mentions(
        error_at(caught, "downtime").message,
        repr(value),
        "'PT15M'",
        "or true for the policy's window length",
    )


def test_an_invalid_policy_window_is_reported_once_and_trains_taking_it_stay_quiet() -> None:
    with pytest.raises(InputError) as caught:
        _loaded(policy={"window": "PT0S"}, trains=[_train_data("ris", downtime=True)])
    assert [(e.path, e.message) for e in caught.value.errors] == [
        ("policy.window", "must be longer than zero, got PT0S")
    ]


def test_train_version_template_is_checked() -> None:
    with pytest.raises(InputError) as caught:
        train(version="{dat:%Y}")
    assert_mentions(error_at(caught, "version").message, "'{dat:%Y}'", "{date}", "{subsystem}")


# -- naive date-times and ends before starts --------------------------------------------------


def test_blackout_naive_date_time_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        Blackout(
            id="b",
            reason="vendor",
            start=datetime(2027, 3, 20, 22),
            end=datetime(2027, 3, 21, 2, tzinfo=CHICAGO),
        )
    assert [e.path for e in caught.value.errors] == ["start"]
    message = caught.value.errors[0].message
    assert_mentions(message, "2027-03-20T22:00:00", "naive", "UTC offset", "2027-03-20")


def test_blackout_naive_date_time_strings_are_refused_too() -> None:
    with pytest.raises(InputError) as caught:
        Blackout(id="b", reason="vendor", start="2027-03-20T22:00:00", end="2027-03-21T02:00:00")
    assert sorted(e.path for e in caught.value.errors) == ["end", "start"]
    assert_mentions(error_at(caught, "end").message, "naive")


def test_blackout_aware_date_times_are_accepted() -> None:
    blackout = Blackout(
        id="b", reason="vendor", start="2027-03-20T22:00:00-05:00", end="2027-03-21T04:00:00Z"
    )
    assert isinstance(blackout.start, datetime)
    assert blackout.start.utcoffset() == timedelta(hours=-5)


def test_blackout_date_that_is_not_a_date() -> None:
    with pytest.raises(InputError) as caught:
        Blackout(id="b", reason="freeze", start="2026-13-01")
    assert_mentions(error_at(caught, "start").message, "'2026-13-01'", "date", "UTC offset")


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2027, 1, 4), date(2026, 12, 15)),
        (date(2027, 1, 4), date(2027, 1, 4)),
        # The same instant written in two zones: end is not after start.
        (
            datetime.fromisoformat("2027-01-02T00:00:00+00:00"),
            datetime.fromisoformat("2027-01-01T19:00:00-05:00"),
        ),
    ],
)
def test_blackout_end_not_after_start(start: date, end: date) -> None:
    with pytest.raises(InputError) as caught:
        Blackout(id="b", reason="freeze", start=start, end=end)
    assert_mentions(error_at(caught, "end").message, "not after start", "exclusive")


def test_blackout_mixing_a_date_and_a_date_time() -> None:
    with pytest.raises(InputError) as caught:
        Blackout(
            id="b",
            reason="freeze",
            start=date(2027, 1, 1),
            end=datetime(2027, 1, 2, tzinfo=CHICAGO),
        )
    assert_mentions(error_at(caught, "end").message, "both be dates", "both be date-times")


def test_blackout_recurring_needs_schedule_and_duration() -> None:
    with pytest.raises(InputError) as caught:
        Blackout(
            id="b", reason="freeze", schedule={"rrule": "FREQ=YEARLY;BYMONTH=12;BYMONTHDAY=25"}
        )
    assert_mentions(error_at(caught, "duration").message, "schedule and duration")


def test_blackout_reason_lists_the_accepted_values() -> None:
    with pytest.raises(InputError) as caught:
        Blackout(id="b", reason="holidays", start=date(2027, 1, 1))
    assert_mentions(error_at(caught, "reason").message, "'holiday'", "'freeze'", "'staffing'")


def test_window_naive_date_time_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        Window(
            id="w",
            subsystem="RIS",
            start=datetime(2027, 1, 13, 10),
            end=datetime(2027, 1, 13, 10, 15, tzinfo=CHICAGO),
            timezone="America/Chicago",
            capacity="PT15M",
            source="ris",
        )
    assert_mentions(error_at(caught, "start").message, "naive", "UTC offset")


def test_window_end_before_start() -> None:
    with pytest.raises(InputError) as caught:
        Window(
            id="w",
            subsystem="RIS",
            start=datetime(2027, 1, 13, 10, tzinfo=CHICAGO),
            end=datetime(2027, 1, 13, 9, 45, tzinfo=CHICAGO),
            timezone="America/Chicago",
            capacity="PT15M",
            source="ris",
        )
    assert_mentions(error_at(caught, "end").message, "not after start")


def test_date_range_end_must_be_after_start() -> None:
    with pytest.raises(InputError) as caught:
        DateRange(start=date(2027, 5, 17), end=date(2027, 5, 10))
    assert_mentions(error_at(caught, "end").message, "2027-05-10", "2027-05-17", "exclusive")


def test_nested_date_range_error_has_the_full_path() -> None:
    with pytest.raises(InputError) as caught:
        Person(id="dana", roles=["dba"], unavailable=[{"start": "2027-05-17", "end": "2027-05-10"}])
    error_at(caught, "unavailable[0].end")


def test_one_off_window_duration() -> None:
    with pytest.raises(InputError) as caught:
        OneOffWindow(id="w", subsystem="RIS", start=datetime(2027, 3, 20, 22), duration="P1Y")
    assert_mentions(error_at(caught, "duration").message, "'P1Y'", "years or months")


# -- Policy, people, staffing ------------------------------------------------------------------


def test_policy_errors_name_their_field() -> None:
    with pytest.raises(InputError) as caught:
        Policy(
            window="PT0S",
            client_notices=["P14D", "P1M"],
            cab={"weekday": "XX"},
            same_day_releases="maybe",
            max_occurrences=0,
        )
    assert_mentions(error_at(caught, "window").message, "longer than zero")
    assert_mentions(error_at(caught, "client_notices[1]").message, "'P1M'", "months")
    assert_mentions(error_at(caught, "cab.weekday").message, "'XX'", "MO", "SU")
    assert_mentions(
        error_at(caught, "same_day_releases").message, "'error'", "'warning'", "'allow'"
    )
    error_at(caught, "max_occurrences")
    assert len(caught.value.errors) == 5


def test_policy_notices_are_kept_longest_first_without_repeats() -> None:
    policy = Policy(client_notices=["PT0S", "P1D", "P14D", "P1D"])
    assert policy.client_notices == (timedelta(days=14), timedelta(days=1), timedelta(0))


def test_person_needs_a_role() -> None:
    with pytest.raises(InputError) as caught:
        Person(id="dana", roles=[])
    error_at(caught, "roles")


def test_staffing_counts_are_not_negative() -> None:
    with pytest.raises(InputError) as caught:
        Staffing(train="ris", needs={"dba": -1})
    assert_mentions(error_at(caught, "needs.dba").message, "-1", "0 or more")


def test_staffing_error_path_keeps_a_role_named_like_a_type() -> None:
    # A role may be called anything, "date" included; the path must still name it.
    with pytest.raises(InputError) as caught:
        Staffing(train="ris", needs={"date": "two"})
    assert [e.path for e in caught.value.errors] == ["needs.date"]


# -- holidays ---------------------------------------------------------------------------------


def test_unknown_holiday_country_names_the_country_field_and_suggests() -> None:
    with pytest.raises(InputError) as caught:
        HolidaySource(country="us")
    message = error_at(caught, "country").message
    assert_mentions(message, "'us'", "did you mean 'US'?", "ISO 3166-1")


def test_unknown_holiday_subdivision_names_the_subdiv_field() -> None:
    with pytest.raises(InputError) as caught:
        HolidaySource(country="US", subdiv="ZZ")
    assert_mentions(error_at(caught, "subdiv").message, "'ZZ'", "TX", "CA")


# -- a whole scenario built in Python ----------------------------------------------------------


def test_scenario_unknown_zone_in_python() -> None:
    with pytest.raises(InputError) as caught:
        Scenario(name="t", timezone="America/Chicgo")
    assert caught.value.model == "Scenario"
    assert_mentions(error_at(caught, "timezone").message, "did you mean 'America/Chicago'?")


def _duplicates() -> list[Any]:
    window = {"subsystem": "RIS", "start": datetime(2027, 3, 20, 22), "duration": "PT2H"}
    blackout = {"reason": "freeze", "start": date(2027, 1, 1)}
    return [
        pytest.param("trains", [train("a"), train("a", "PACS")], "trains[1].id", id="trains"),
        pytest.param(
            "windows",
            [OneOffWindow(id="w", **window), OneOffWindow(id="w", **window)],
            "windows[1].id",
            id="windows",
        ),
        pytest.param(
            "blackouts",
            [
                Blackout(id="b", **blackout),
                Blackout(id="c", **blackout),
                Blackout(id="b", **blackout),
            ],
            "blackouts[2].id",
            id="blackouts",
        ),
        pytest.param(
            "people",
            [Person(id="kim", roles=["dba"]), Person(id="kim", roles=["network"])],
            "people[1].id",
            id="people",
        ),
        pytest.param("changes", [change(), change(title="again")], "changes[1].id", id="changes"),
    ]


@pytest.mark.parametrize(("field", "items", "path"), _duplicates())
def test_duplicate_ids_are_refused(field: str, items: list[Any], path: str) -> None:
    with pytest.raises(InputError) as caught:
        scenario(**{field: items})
    message = error_at(caught, path).message
    assert_mentions(message, "duplicate id", f"{field}[0] has it already")


def test_duplicate_staffing_for_one_train_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        scenario(
            trains=[train()],
            staffing=[
                Staffing(train="ris", needs={"dba": 1}),
                Staffing(train="ris", needs={"x": 1}),
            ],
        )
    assert_mentions(error_at(caught, "staffing[1].train").message, "duplicate", "'ris'")


def test_staffing_naming_an_unknown_train_lists_the_known_trains() -> None:
    with pytest.raises(InputError) as caught:
        scenario(
            trains=[train("ris"), train("biz", "Biz", downtime=None)],
            staffing=[Staffing(train="rsi", needs={"dba": 1})],
        )
    assert_mentions(
        error_at(caught, "staffing[0].train").message, "unknown train 'rsi'", "'biz', 'ris'"
    )


def test_one_off_window_id_equal_to_a_train_id_is_refused() -> None:
    window = OneOffWindow(
        id="ris", subsystem="RIS", start=datetime(2027, 3, 20, 22), duration="PT2H"
    )
    with pytest.raises(InputError) as caught:
        scenario(trains=[train("ris")], one_off_windows=[window])
    assert_mentions(error_at(caught, "windows[0].id").message, "'ris'", "train id")


def test_blackout_scope_naming_an_unknown_subsystem_lists_the_known_ones() -> None:
    extra = OneOffWindow(id="w", subsystem="PACS", start=datetime(2027, 3, 20, 22), duration="PT1H")
    with pytest.raises(InputError) as caught:
        scenario(
            trains=[train("ris"), train("biz", "Biz", downtime=None)],
            one_off_windows=[extra],
            blackouts=[
                Blackout(id="q", reason="freeze", start=date(2027, 3, 31), scope=["Biz", "Bizz"])
            ],
        )
    message = error_at(caught, "blackouts[0].scope[1]").message
    assert_mentions(message, "unknown subsystem 'Bizz'", "'Biz', 'PACS', 'RIS'")


def test_holiday_scope_naming_an_unknown_subsystem_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        scenario(trains=[train("ris")], holidays=[HolidaySource(country="US", scope=["Ris"])])
    assert_mentions(error_at(caught, "holidays[0].scope[0]").message, "'Ris'", "'RIS'")


def test_scope_with_no_subsystems_defined_says_so() -> None:
    with pytest.raises(InputError) as caught:
        scenario(
            blackouts=[Blackout(id="q", reason="freeze", start=date(2027, 3, 31), scope=["RIS"])]
        )
    assert_mentions(error_at(caught, "blackouts[0].scope[0]").message, "(none defined)")


def test_blackout_scope_without_repeats() -> None:
    with pytest.raises(InputError) as caught:
        Blackout(id="q", reason="freeze", start=date(2027, 3, 31), scope=["RIS", "RIS"])
    assert_mentions(error_at(caught, "scope").message, "without repeats")


# -- queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("which", ["start", "end"])
def test_scenario_queries_refuse_naive_date_times(example: Scenario, which: str) -> None:
    bounds: dict[str, date | datetime] = {"start": date(2027, 1, 1), "end": date(2027, 2, 1)}
    bounds[which] = datetime(2027, 1, 15)
    with pytest.raises(InputError) as caught:
        example.windows(bounds["start"], bounds["end"])
    assert caught.value.model == "Scenario.windows()"
    assert_mentions(error_at(caught, which).message, "naive", "America/Chicago", "date")


# -- nothing hangs ------------------------------------------------------------------------------


def _one_train(rrule: str, **policy: Any) -> Scenario:
    return Scenario.model_validate(
        {
            "name": "t",
            "timezone": "America/Chicago",
            "policy": policy,
            "trains": [
                {"id": "fast", "subsystem": "RIS", "schedule": {"rrule": rrule}, "downtime": "PT1S"}
            ],
        }
    )


@pytest.mark.timeout(20)
def test_secondly_train_over_ten_years_raises_instead_of_running() -> None:
    fast = _one_train("FREQ=SECONDLY")
    for query in (fast.windows, fast.releases):
        with pytest.raises(ExpansionLimitError) as caught:
            query(date(2026, 1, 1), date(2036, 1, 1))
        exc = caught.value
        assert exc.limit == 100_000
        assert exc.count > exc.limit
        assert exc.owner.startswith("trains[0]")
        assert "fast" in exc.owner
        assert_mentions(str(exc), "FREQ=SECONDLY", "Policy.max_occurrences=100,000")


@pytest.mark.timeout(20)
def test_minutely_blackout_over_ten_years_raises_instead_of_running() -> None:
    busy = Scenario.model_validate(
        {
            "name": "t",
            "timezone": "UTC",
            "blackouts": [
                {
                    "id": "noisy",
                    "reason": "other",
                    "schedule": {"rrule": "FREQ=MINUTELY"},
                    "duration": "PT1S",
                }
            ],
        }
    )
    with pytest.raises(ExpansionLimitError) as caught:
        busy.blackout_periods(date(2026, 1, 1), date(2036, 1, 1))
    assert caught.value.owner.startswith("blackouts[0]")
    assert "noisy" in caught.value.owner


@pytest.mark.timeout(20)
def test_policy_max_occurrences_bounds_expansion() -> None:
    roomy = _one_train("FREQ=HOURLY", max_occurrences=1_000)
    assert len(roomy.releases(date(2027, 1, 1), date(2027, 1, 3))) == 48
    tight = _one_train("FREQ=HOURLY", max_occurrences=40)  # fewer than the 48 it would give
    with pytest.raises(ExpansionLimitError) as caught:
        tight.releases(date(2027, 1, 1), date(2027, 1, 3))
    assert caught.value.limit == 40
    assert "max_occurrences=40" in str(caught.value)


@pytest.mark.timeout(20)
def test_many_matches_within_one_step_are_bounded_too() -> None:
    every_minute = (
        "FREQ=DAILY;BYHOUR="
        + ",".join(map(str, range(24)))
        + ";BYMINUTE="
        + ",".join(map(str, range(60)))
    )
    dense = _one_train(every_minute, max_occurrences=1_000)
    with pytest.raises(ExpansionLimitError) as caught:
        dense.releases(date(2027, 1, 1), date(2027, 1, 10))
    assert caught.value.limit == 1_000


def test_schedule_occurrences_take_their_own_bound() -> None:
    schedule = Schedule(rrule="FREQ=MINUTELY", timezone="UTC")
    start = datetime(2027, 1, 1, tzinfo=ZoneInfo("UTC"))
    with pytest.raises(ExpansionLimitError) as caught:
        schedule.occurrences(start, start + timedelta(days=1), max_occurrences=10, owner="mine")
    assert caught.value.owner == "mine"
    assert caught.value.limit == 10


@pytest.mark.parametrize("name", ["localtime", "posixrules", "Factory"])
def test_zone_names_that_mean_the_host_are_refused(name: str) -> None:
    with pytest.raises(InputError) as caught:
        Scenario(name="t", timezone=name)
    assert caught.value.errors[0].path == "timezone"
    assert "IANA name" in caught.value.errors[0].message


def test_one_off_window_capacity_fits_in_the_window() -> None:
    with pytest.raises(InputError) as caught:
        OneOffWindow(
            id="w", subsystem="RIS", start="2027-01-13T22:00", duration="PT15M", capacity="PT2H"
        )
    assert caught.value.errors[0].path == "capacity"
    assert "more than the window's duration PT15M" in caught.value.errors[0].message


def test_helper_arguments_of_the_wrong_type_are_maintwin_errors() -> None:
    with pytest.raises(MaintwinError, match="is not a weekday"):
        Schedule.nth_weekday(2, 5)  # type: ignore[arg-type]
    with pytest.raises(MaintwinError, match="give a list of subsystems"):
        holiday_blackouts("US", years=[2027], scope="RIS")
    assert holiday_blackouts("US", years=2027) == holiday_blackouts("US", years=[2027])
