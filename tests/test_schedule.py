"""`Schedule`: calendar edge cases, offsets, bounds, exclusions, half-open horizons, limits.

Expected dates are computed independently with the :mod:`calendar` module or plain date
arithmetic, never copied from a run of the code under test.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from maintwin import ExpansionLimitError, InputError, MaintwinError, Occurrence, Schedule
from maintwin._model.schedule import DEFAULT_MAX_OCCURRENCES

CHICAGO = ZoneInfo("America/Chicago")


def utc_day(year: int, month: int, day: int) -> datetime:
    return datetime(year, month, day, tzinfo=UTC)


def months(first: tuple[int, int], last: tuple[int, int]) -> Iterator[tuple[int, int]]:
    """Every (year, month) from ``first`` to ``last``, both included."""
    year, month = first
    while (year, month) <= last:
        yield year, month
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def weekdays_of(year: int, month: int, weekday: int) -> list[date]:
    """The dates in the month that fall on ``weekday`` (calendar.MONDAY ...), in order."""
    return [
        date(year, month, week[weekday])
        for week in calendar.monthcalendar(year, month)
        if week[weekday]
    ]


def days(found: list[Occurrence]) -> list[date]:
    return [o.day for o in found]


# -- nth and last weekdays ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "schedule",
    [
        Schedule.nth_weekday(5, "FR", timezone="UTC"),
        Schedule(rrule="FREQ=MONTHLY;BYDAY=5FR", timezone="UTC"),
    ],
)
def test_fifth_friday_skips_months_without_one(schedule: Schedule) -> None:
    expected = [
        fridays[4]
        for y, m in months((2026, 1), (2028, 12))
        if len(fridays := weekdays_of(y, m, calendar.FRIDAY)) == 5
    ]
    assert 0 < len(expected) < 36  # the window really has months without a 5th Friday
    found = schedule.occurrences(utc_day(2026, 1, 1), utc_day(2029, 1, 1))
    assert days(found) == expected
    assert schedule.rrule == "FREQ=MONTHLY;BYDAY=5FR"


def test_last_friday() -> None:
    schedule = Schedule.last_weekday("FR", at="21:00", timezone="UTC")
    expected = [weekdays_of(y, m, calendar.FRIDAY)[-1] for y, m in months((2026, 1), (2027, 12))]
    found = schedule.occurrences(utc_day(2026, 1, 1), utc_day(2028, 1, 1))
    assert days(found) == expected
    assert all(o.start == datetime.combine(o.day, time(21), UTC) for o in found)


@pytest.mark.parametrize("n", [1, 2, 3, 4, -1, -2, -5])
@pytest.mark.parametrize("weekday", ["MO", "Wednesday", "sun"])
def test_nth_weekday_matches_the_calendar(n: int, weekday: str) -> None:
    index = {"MO": calendar.MONDAY, "Wednesday": calendar.WEDNESDAY, "sun": calendar.SUNDAY}
    expected = []
    for y, m in months((2027, 1), (2027, 12)):
        candidates = weekdays_of(y, m, index[weekday])
        if (n - 1 if n > 0 else -n - 1) < len(candidates):
            expected.append(candidates[n - 1 if n > 0 else n])
    schedule = Schedule.nth_weekday(n, weekday, timezone="UTC")
    assert days(schedule.occurrences(utc_day(2027, 1, 1), utc_day(2028, 1, 1))) == expected


@pytest.mark.parametrize("n", [0, 6, -6])
def test_nth_weekday_refuses_an_impossible_n(n: int) -> None:
    with pytest.raises(MaintwinError, match=f"n={n}"):
        Schedule.nth_weekday(n, "TU")


@pytest.mark.parametrize("name", ["TU", "tu", "tue", "Tue", "tuesday", "TUESDAY", " Tuesday "])
def test_weekday_spellings(name: str) -> None:
    assert Schedule.nth_weekday(2, name).rrule == "FREQ=MONTHLY;BYDAY=2TU"


def test_an_unknown_weekday_is_refused() -> None:
    with pytest.raises(MaintwinError, match="'Tuesdy'"):
        Schedule.nth_weekday(2, "Tuesdy")


# -- 29 February and month lengths ----------------------------------------------------------


def test_february_29_only_in_leap_years() -> None:
    schedule = Schedule(rrule="FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", timezone="UTC")
    expected = [date(y, 2, 29) for y in range(2024, 2034) if calendar.isleap(y)]
    assert expected == [date(2024, 2, 29), date(2028, 2, 29), date(2032, 2, 29)]
    assert days(schedule.occurrences(utc_day(2024, 1, 1), utc_day(2034, 1, 1))) == expected


def test_monthly_29th_skips_february_in_common_years() -> None:
    schedule = Schedule(rrule="FREQ=MONTHLY;BYMONTHDAY=29", timezone="UTC")
    expected = [
        date(y, m, 29)
        for y, m in months((2026, 1), (2028, 12))
        if calendar.monthrange(y, m)[1] >= 29
    ]
    found = days(schedule.occurrences(utc_day(2026, 1, 1), utc_day(2029, 1, 1)))
    assert found == expected
    assert date(2028, 2, 29) in found
    assert not any(d.month == 2 and d.year in (2026, 2027) for d in found)


def test_monthly_without_a_day_takes_it_from_starts_on_and_skips_short_months() -> None:
    schedule = Schedule(rrule="FREQ=MONTHLY", starts_on=date(2027, 1, 31), timezone="UTC")
    expected = [
        date(y, m, 31)
        for y, m in months((2027, 1), (2027, 12))
        if calendar.monthrange(y, m)[1] == 31
    ]
    assert days(schedule.occurrences(utc_day(2027, 1, 1), utc_day(2028, 1, 1))) == expected


# -- offsets across month and year ends -----------------------------------------------------


def test_last_friday_plus_three_days() -> None:
    schedule = Schedule.last_weekday("FR", offset_days=3, timezone="UTC")
    shifted = [
        weekdays_of(y, m, calendar.FRIDAY)[-1] + timedelta(3)
        for y, m in months((2026, 1), (2027, 12))
    ]
    found = days(schedule.occurrences(utc_day(2026, 1, 1), utc_day(2028, 1, 1)))
    assert found == [d for d in shifted if d < date(2028, 1, 1)]
    assert date(2026, 12, 28) in found  # last Friday of Dec 2026 is the 25th
    assert date(2027, 2, 1) in found  # last Friday of Jan 2027 is the 29th: into February
    assert all(d.weekday() == calendar.MONDAY for d in found)


def test_day_after_month_end_crosses_the_year_end() -> None:
    schedule = Schedule(rrule="FREQ=MONTHLY;BYMONTHDAY=-1", offset_days=1, timezone="UTC")
    found = days(schedule.occurrences(utc_day(2026, 1, 1), utc_day(2028, 1, 1)))
    # 2026-01-01 comes from 2025-12-31, a match before the horizon.
    assert found == [date(y, m, 1) for y, m in months((2026, 1), (2027, 12))]
    assert date(2027, 1, 1) in found


def test_an_occurrence_belongs_to_the_horizon_by_its_date_after_the_offset() -> None:
    schedule = Schedule(rrule="FREQ=MONTHLY;BYMONTHDAY=-1", offset_days=1, timezone="UTC")
    # Matches on 2026-12-31 (before) and 2027-01-31 (inside): only the first lands inside.
    assert days(schedule.occurrences(utc_day(2027, 1, 1), utc_day(2027, 2, 1))) == [
        date(2027, 1, 1)
    ]


def test_first_monday_minus_three_days_crosses_the_month_start() -> None:
    schedule = Schedule.nth_weekday(1, "MO", offset_days=-3, timezone="UTC")
    candidates = [
        weekdays_of(y, m, calendar.MONDAY)[0] - timedelta(3)
        for y, m in months((2025, 12), (2028, 2))
    ]
    expected = [d for d in candidates if date(2026, 1, 1) <= d < date(2028, 1, 1)]
    found = days(schedule.occurrences(utc_day(2026, 1, 1), utc_day(2028, 1, 1)))
    assert found == expected
    assert all(d.weekday() == calendar.FRIDAY for d in found)
    # 1st Monday of June 2026 is the 1st: its Friday is in May.
    assert date(2026, 5, 29) in found
    # 1st Monday of January 2028 is the 3rd: its Friday is the last day of 2027.
    assert found[-1] == date(2027, 12, 31)


def test_offset_keeps_the_time_of_day() -> None:
    schedule = Schedule.nth_weekday(2, "TU", at="10:00", offset_days=2, timezone="America/Chicago")
    for occ in schedule.occurrences(
        datetime(2027, 1, 1, tzinfo=CHICAGO), datetime(2028, 1, 1, tzinfo=CHICAGO)
    ):
        assert occ.start.replace(tzinfo=None) == datetime.combine(occ.day, time(10))
        assert occ.day.weekday() == calendar.THURSDAY


@pytest.mark.parametrize("offset", [-7, 7])
def test_offset_days_is_limited_to_six(offset: int) -> None:
    with pytest.raises(InputError) as caught:
        Schedule.nth_weekday(2, "TU", offset_days=offset)
    assert caught.value.errors[0].path == "offset_days"


# -- half-open horizons ---------------------------------------------------------------------


def test_horizon_is_half_open() -> None:
    schedule = Schedule.nth_weekday(2, "TU", at="10:00", timezone="America/Chicago")
    january = datetime(2027, 1, 12, 10, tzinfo=CHICAGO)
    february = datetime(2027, 2, 9, 10, tzinfo=CHICAGO)
    assert [o.start for o in schedule.occurrences(january, february)] == [january]
    tick = timedelta(microseconds=1)
    assert [o.start for o in schedule.occurrences(january + tick, february + tick)] == [february]
    # The same instants given in UTC.
    found = schedule.occurrences(january.astimezone(UTC), february.astimezone(UTC))
    assert [o.start for o in found] == [january]


@pytest.mark.parametrize("later", [timedelta(0), timedelta(days=60)])
def test_an_empty_or_backwards_horizon_is_refused(later: timedelta) -> None:
    schedule = Schedule.nth_weekday(2, "TU", at="10:00", timezone="America/Chicago")
    moment = datetime(2027, 1, 12, 10, tzinfo=CHICAGO)
    with pytest.raises(InputError) as caught:
        schedule.occurrences(moment + later, moment)
    assert caught.value.model == "Schedule.occurrences()"
    (error,) = caught.value.errors
    assert error.path == "end"
    assert error.message.startswith(
        f"end 2027-01-12T10:00:00-06:00 is not after start {(moment + later).isoformat()};"
    )


ZONES = ["UTC", "America/Chicago", "Europe/London", "Australia/Lord_Howe", "Pacific/Chatham"]
RULES = [
    "FREQ=MONTHLY;BYDAY=2TU",
    "FREQ=MONTHLY;BYDAY=-1SU",
    "FREQ=MONTHLY;BYDAY=5FR",
    "FREQ=MONTHLY;BYMONTHDAY=-1",
    "FREQ=WEEKLY;BYDAY=SU,WE",
    "FREQ=DAILY;BYHOUR=0,1,2,3",
]


@given(
    zone=st.sampled_from(ZONES),
    rule=st.sampled_from(RULES),
    offset=st.integers(-6, 6),
    at=st.sampled_from([time(0), time(1, 30), time(2, 15), time(2, 45), time(10), time(23, 59)]),
    a=st.datetimes(datetime(2024, 1, 1), datetime(2032, 1, 1), timezones=st.just(UTC)),
    first=st.integers(1, 200 * 24 * 60),  # an empty horizon is refused
    second=st.integers(1, 200 * 24 * 60),
)
def test_splitting_a_horizon_changes_nothing(
    zone: str, rule: str, offset: int, at: time, a: datetime, first: int, second: int
) -> None:
    schedule = Schedule(rrule=rule, at=at, timezone=zone, offset_days=offset)
    b = a + timedelta(minutes=first)
    c = b + timedelta(minutes=second)
    whole = schedule.occurrences(a, c)
    assert whole == schedule.occurrences(a, b) + schedule.occurrences(b, c)
    instants = [o.start.astimezone(UTC) for o in whole]
    assert instants == sorted(set(instants))
    assert all(a <= i < c for i in instants)


# -- bounds, exclusions, once, weekly, INTERVAL, COUNT --------------------------------------


def test_exclude_removes_a_date() -> None:
    schedule = Schedule.nth_weekday(2, "TU", exclude=(date(2027, 3, 9),), timezone="UTC")
    found = days(schedule.occurrences(utc_day(2027, 1, 1), utc_day(2027, 6, 1)))
    assert found == [date(2027, 1, 12), date(2027, 2, 9), date(2027, 4, 13), date(2027, 5, 11)]


def test_exclude_applies_to_the_date_after_the_offset() -> None:
    def found(*exclude: date) -> list[date]:
        schedule = Schedule.nth_weekday(2, "TU", offset_days=2, exclude=exclude, timezone="UTC")
        return days(schedule.occurrences(utc_day(2027, 3, 1), utc_day(2027, 4, 1)))

    assert found() == [date(2027, 3, 11)]
    assert found(date(2027, 3, 9)) == [date(2027, 3, 11)]  # the match date: not excluded
    assert found(date(2027, 3, 11)) == []


def test_starts_on_and_ends_on_are_inclusive() -> None:
    schedule = Schedule.nth_weekday(
        2, "TU", starts_on=date(2027, 2, 9), ends_on=date(2027, 5, 11), timezone="UTC"
    )
    found = days(schedule.occurrences(utc_day(2026, 1, 1), utc_day(2029, 1, 1)))
    assert found == [date(2027, 2, 9), date(2027, 3, 9), date(2027, 4, 13), date(2027, 5, 11)]


@pytest.mark.parametrize(
    ("starts_on", "ends_on", "expected"),
    [
        # Matches are the 2nd Tuesdays Feb 9, Mar 9, Apr 13, May 11; +2 days: Thursdays.
        (date(2027, 2, 11), date(2027, 5, 13), [(2, 11), (3, 11), (4, 15), (5, 13)]),
        (date(2027, 2, 10), date(2027, 5, 12), [(2, 11), (3, 11), (4, 15)]),
        (date(2027, 2, 12), date(2027, 5, 14), [(3, 11), (4, 15), (5, 13)]),
    ],
)
def test_starts_on_and_ends_on_apply_to_the_date_after_the_offset(
    starts_on: date, ends_on: date, expected: list[tuple[int, int]]
) -> None:
    schedule = Schedule.nth_weekday(
        2, "TU", offset_days=2, starts_on=starts_on, ends_on=ends_on, timezone="UTC"
    )
    found = days(schedule.occurrences(utc_day(2026, 1, 1), utc_day(2029, 1, 1)))
    assert found == [date(2027, m, d) for m, d in expected]


def test_ends_on_with_a_negative_offset() -> None:
    # 2nd Tuesday - 2 days is a Sunday; the May match (the 11th) lands on the 9th.
    schedule = Schedule.nth_weekday(
        2, "TU", offset_days=-2, ends_on=date(2027, 5, 9), timezone="UTC"
    )
    found = days(schedule.occurrences(utc_day(2027, 3, 1), utc_day(2029, 1, 1)))
    assert found == [date(2027, 3, 7), date(2027, 4, 11), date(2027, 5, 9)]


def test_ends_on_before_starts_on_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        Schedule.nth_weekday(2, "TU", starts_on=date(2027, 5, 1), ends_on=date(2027, 4, 30))
    assert caught.value.errors[0].path == "ends_on"


def test_once() -> None:
    schedule = Schedule.once(date(2027, 3, 20), at="22:00", timezone="UTC")
    assert schedule.rrule == "FREQ=DAILY;COUNT=1"
    found = schedule.occurrences(utc_day(2020, 1, 1), utc_day(2035, 1, 1))
    assert [o.start for o in found] == [datetime(2027, 3, 20, 22, tzinfo=UTC)]
    assert schedule.occurrences(utc_day(2027, 3, 21), utc_day(2035, 1, 1)) == []
    assert schedule.occurrences(utc_day(2020, 1, 1), datetime(2027, 3, 20, 22, tzinfo=UTC)) == []


def test_weekly() -> None:
    schedule = Schedule.weekly("TU", "thursday", at="22:00", timezone="UTC")
    assert schedule.rrule == "FREQ=WEEKLY;BYDAY=TU,TH"
    first, last = date(2027, 1, 1), date(2027, 3, 1)
    expected = [
        first + timedelta(n)
        for n in range((last - first).days)
        if (first + timedelta(n)).weekday() in (calendar.TUESDAY, calendar.THURSDAY)
    ]
    found = schedule.occurrences(utc_day(2027, 1, 1), utc_day(2027, 3, 1))
    assert days(found) == expected
    assert all(o.start.time() == time(22) for o in found)


def test_weekly_needs_a_day() -> None:
    with pytest.raises(MaintwinError, match="at least one weekday"):
        Schedule.weekly(at="22:00")


@pytest.mark.parametrize(
    ("rule", "starts_on", "keep"),
    [
        # Every other Tuesday, counted from Tuesday 2027-01-05.
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            date(2027, 1, 5),
            lambda d, s: (d - s).days % 14 == 0 and d.weekday() == 1,
        ),
        # Every 10th day.
        ("FREQ=DAILY;INTERVAL=10", date(2027, 1, 3), lambda d, s: (d - s).days % 10 == 0),
        # The 15th of every 3rd month from February.
        (
            "FREQ=MONTHLY;INTERVAL=3;BYMONTHDAY=15",
            date(2027, 2, 1),
            lambda d, s: d.day == 15 and (d.year * 12 + d.month - s.year * 12 - s.month) % 3 == 0,
        ),
    ],
)
def test_interval_counts_from_starts_on_not_from_the_horizon(
    rule: str, starts_on: date, keep: Callable[[date, date], bool]
) -> None:
    schedule = Schedule(rrule=rule, starts_on=starts_on, timezone="UTC")
    for first, last in [
        (date(2027, 3, 1), date(2027, 9, 1)),
        (date(2028, 4, 17), date(2028, 12, 1)),
    ]:
        expected = [
            first + timedelta(n)
            for n in range((last - first).days)
            if keep(first + timedelta(n), starts_on)
        ]
        found = schedule.occurrences(
            datetime.combine(first, time(), UTC), datetime.combine(last, time(), UTC)
        )
        assert days(found) == expected


def test_count_counts_from_starts_on() -> None:
    schedule = Schedule(
        rrule="FREQ=WEEKLY;BYDAY=MO;COUNT=5", starts_on=date(2027, 1, 1), timezone="UTC"
    )
    mondays = [date(2027, 1, 4) + timedelta(weeks=n) for n in range(5)]
    assert days(schedule.occurrences(utc_day(2026, 1, 1), utc_day(2030, 1, 1))) == mondays
    assert days(schedule.occurrences(utc_day(2027, 1, 15), utc_day(2030, 1, 1))) == mondays[2:]


def test_an_excluded_date_still_uses_up_the_count() -> None:
    # RFC 5545: EXDATE removes dates from the set COUNT produced; it does not extend it.
    schedule = Schedule(
        rrule="FREQ=DAILY;COUNT=3",
        starts_on=date(2027, 1, 1),
        exclude=(date(2027, 1, 2),),
        timezone="UTC",
    )
    found = days(schedule.occurrences(utc_day(2026, 1, 1), utc_day(2028, 1, 1)))
    assert found == [date(2027, 1, 1), date(2027, 1, 3)]


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY",
        "FREQ=WEEKLY",
        "FREQ=YEARLY;BYMONTH=3",
        "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
        "FREQ=DAILY;COUNT=3",
    ],
)
def test_a_schedule_without_starts_on_must_name_its_day(rule: str) -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule=rule, timezone="UTC")
    error = caught.value
    assert error.model == "Schedule"
    assert error.errors[0].path == "starts_on"
    assert "starts_on" in error.errors[0].message
    Schedule(rrule=rule, timezone="UTC", starts_on=date(2027, 1, 1))  # accepted with it


def test_a_rule_that_names_its_day_needs_no_starts_on() -> None:
    Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU")
    Schedule(rrule="FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1")


def test_the_rrule_is_kept_in_canonical_form() -> None:
    assert Schedule(rrule="rrule:byday=2tu;freq=monthly").rrule == "FREQ=MONTHLY;BYDAY=2TU"


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", ["never", "BYMONTHDAY=30"]),
        ("FREQ=MONTHLY;BYDAY=2XX", ["2XX"]),
        ("FREQ=DAILY;UNTIL=20270101", ["UNTIL"]),
    ],
)
def test_a_bad_rrule_is_refused_at_construction(rule: str, words: list[str]) -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule=rule, timezone="UTC")
    [error] = caught.value.errors
    assert error.path == "rrule"
    for word in words:
        assert word in error.message


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=HOURLY;BYYEARDAY=366;BYMONTH=1",  # day 366 is always 31 December
        "FREQ=YEARLY;BYYEARDAY=1;BYMONTH=2",  # day 1 is always 1 January
        "FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=5MO",  # a 5th Monday is the 29th or later
    ],
)
def test_other_rules_that_can_never_occur_are_refused_at_construction(rule: str) -> None:
    # Like BYMONTH=2;BYMONTHDAY=30, these can never occur. Accepted, each query makes dateutil
    # search up to the year 9999 for a match: about 0.2-0.5 s for these YEARLY and MONTHLY
    # rules and about 5 s for the HOURLY one, even for a one-day horizon, and max_occurrences
    # does not bound it (it counts matches, and there are none).
    with pytest.raises(InputError) as caught:
        Schedule(rrule=rule, timezone="UTC")
    assert caught.value.errors[0].path == "rrule"
    assert "never" in caught.value.errors[0].message


# -- time zones and bounded work ------------------------------------------------------------


def test_the_zone_can_come_from_the_caller() -> None:
    schedule = Schedule.nth_weekday(2, "TU", at="10:00")
    found = schedule.occurrences(
        datetime(2027, 1, 1, tzinfo=CHICAGO),
        datetime(2027, 2, 1, tzinfo=CHICAGO),
        timezone="America/Chicago",
    )
    assert [o.start for o in found] == [datetime(2027, 1, 12, 10, tzinfo=CHICAGO)]
    assert found[0].start.utcoffset() == timedelta(hours=-6)


def test_at_must_be_a_local_time_without_offset() -> None:
    with pytest.raises(InputError) as caught:
        Schedule.nth_weekday(2, "TU", at=time(10, tzinfo=UTC))
    assert caught.value.errors[0].path == "at"


def test_a_schedule_without_any_zone_is_an_error() -> None:
    schedule = Schedule.nth_weekday(2, "TU", at="10:00")
    with pytest.raises(MaintwinError, match="timezone"):
        schedule.occurrences(utc_day(2027, 1, 1), utc_day(2027, 2, 1))


def test_an_unknown_zone_is_refused_with_a_suggestion() -> None:
    with pytest.raises(InputError) as caught:
        Schedule.nth_weekday(2, "TU", timezone="America/Chicgo")
    assert caught.value.errors[0].path == "timezone"
    assert "America/Chicago" in caught.value.errors[0].message


def test_a_naive_horizon_is_refused() -> None:
    # A naive date-time does not say which instant it means; read in the host's zone it would
    # make the result depend on the machine (the design promises determinism and aware
    # intervals, and Scenario methods already refuse naive date-times).
    schedule = Schedule.nth_weekday(2, "TU", at="10:00", timezone="America/Chicago")
    with pytest.raises(MaintwinError):
        schedule.occurrences(datetime(2027, 1, 1), datetime(2027, 3, 1))


@pytest.mark.parametrize("starts_on", [None, date(2026, 1, 1)])
def test_secondly_over_ten_years_raises_before_running(starts_on: date | None) -> None:
    schedule = Schedule(rrule="FREQ=SECONDLY", starts_on=starts_on, timezone="UTC")
    with pytest.raises(ExpansionLimitError) as caught:
        schedule.occurrences(utc_day(2026, 1, 1), utc_day(2036, 1, 1))
    error = caught.value
    assert isinstance(error, MaintwinError)
    assert error.rule == "FREQ=SECONDLY"
    assert error.limit == DEFAULT_MAX_OCCURRENCES
    assert error.count > DEFAULT_MAX_OCCURRENCES
    assert "max_occurrences" in str(error)


def test_max_occurrences_bounds_stepping() -> None:
    schedule = Schedule(rrule="FREQ=DAILY", timezone="UTC")
    with pytest.raises(ExpansionLimitError) as caught:
        schedule.occurrences(
            utc_day(2027, 1, 1), utc_day(2028, 1, 1), max_occurrences=100, owner="trains[3]"
        )
    assert caught.value.limit == 100
    assert str(caught.value).startswith("trains[3]")
    found = schedule.occurrences(utc_day(2027, 1, 1), utc_day(2028, 1, 1), max_occurrences=1000)
    assert len(found) == 365


def test_max_occurrences_bounds_matches_as_well_as_steps() -> None:
    # One step a day, but 24 * 60 matches per step.
    hours = ",".join(map(str, range(24)))
    minutes = ",".join(map(str, range(60)))
    schedule = Schedule(rrule=f"FREQ=DAILY;BYHOUR={hours};BYMINUTE={minutes}", timezone="UTC")
    with pytest.raises(ExpansionLimitError) as caught:
        schedule.occurrences(utc_day(2027, 1, 1), utc_day(2027, 1, 11), max_occurrences=5000)
    assert caught.value.limit == 5000
    found = schedule.occurrences(utc_day(2027, 1, 1), utc_day(2027, 1, 2), max_occurrences=50_000)
    assert len(found) == 24 * 60


def test_count_bounds_a_fine_rule_over_a_long_horizon() -> None:
    minutely = Schedule(rrule="FREQ=MINUTELY;COUNT=5", starts_on=date(2027, 1, 1), timezone="UTC")
    found = minutely.occurrences(date(2027, 1, 1), date(2037, 1, 1), max_occurrences=100)
    assert [o.start.minute for o in found] == [0, 1, 2, 3, 4]


# -- regressions found in review -------------------------------------------------------------


@pytest.mark.parametrize(
    ("rrule", "starts_on", "offset", "expected"),
    [
        # INTERVAL counts from starts_on's own month, week or year, whatever the offset.
        (
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU",
            date(2026, 1, 1),
            2,
            [date(2026, 1, 15), date(2026, 3, 12), date(2026, 5, 14)],
        ),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TH",
            date(2026, 1, 5),
            2,
            [date(2026, 1, 10), date(2026, 1, 24), date(2026, 2, 7)],
        ),
        ("FREQ=YEARLY;INTERVAL=2", date(2026, 1, 1), 1, [date(2026, 1, 2), date(2028, 1, 2)]),
    ],
)
def test_offset_does_not_move_the_interval_phase(
    rrule: str, starts_on: date, offset: int, expected: list[date]
) -> None:
    schedule = Schedule(rrule=rrule, starts_on=starts_on, offset_days=offset, timezone="UTC")
    found = schedule.occurrences(starts_on, expected[-1] + timedelta(days=1))
    assert [o.day for o in found] == expected
    # Oracle: the same rule without the offset, shifted by hand.
    plain = Schedule(rrule=rrule, starts_on=starts_on, timezone="UTC")
    base = plain.occurrences(starts_on, expected[-1] + timedelta(days=1))
    assert [o.day + timedelta(days=offset) for o in base][: len(expected)] == expected


def test_starts_on_keeps_every_match_of_its_whole_day() -> None:
    twice = Schedule(rrule="FREQ=DAILY;BYHOUR=8,20", at="10:00", starts_on=date(2026, 3, 2))
    found = twice.occurrences(date(2026, 3, 1), date(2026, 3, 3), timezone="UTC")
    assert [(o.day, o.start.hour, o.start.minute) for o in found] == [
        (date(2026, 3, 2), 8, 0),
        (date(2026, 3, 2), 20, 0),
    ]


def test_a_rule_with_starts_on_is_expanded_from_the_query_not_from_starts_on() -> None:
    # Two real matches a day; stepping from 2026 would be 250,000 minutes.
    rule = Schedule(rrule="FREQ=MINUTELY;BYHOUR=2;BYMINUTE=0,30", starts_on=date(2026, 1, 1))
    found = rule.occurrences(date(2026, 6, 1), date(2026, 6, 2), timezone="UTC")
    assert [o.start.strftime("%H:%M") for o in found] == ["02:00", "02:30"]


def test_a_fine_rule_over_a_short_query_fits_the_bound() -> None:
    hourly_seconds = Schedule(rrule="FREQ=SECONDLY;BYMINUTE=0;BYSECOND=0")
    found = hourly_seconds.occurrences(
        datetime(2027, 1, 1, 10, tzinfo=UTC), datetime(2027, 1, 1, 11, tzinfo=UTC), timezone="UTC"
    )
    assert [o.start.hour for o in found] == [10]


@pytest.mark.timeout(10)
def test_proving_a_rule_impossible_is_bounded_whatever_starts_on() -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=HOURLY;INTERVAL=2;BYYEARDAY=366;BYMONTH=1", starts_on=date(1, 1, 1))
    assert caught.value.errors[0].path == "rrule"
    assert "never occurs" in caught.value.errors[0].message


def test_an_interval_that_never_reaches_its_hours_is_refused_at_construction() -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=HOURLY;INTERVAL=3;BYHOUR=0,7", starts_on=date(2027, 1, 1), at="02:15")
    assert caught.value.errors[0].path == "rrule"
    assert "INTERVAL=3 never reaches its BY times" in caught.value.errors[0].message


def test_a_day_taken_from_starts_on_is_named_when_the_rule_never_occurs() -> None:
    with pytest.raises(InputError) as caught:
        Schedule(rrule="FREQ=YEARLY;INTERVAL=2;BYMONTH=4", starts_on=date(2027, 1, 31))
    assert "the day it takes from starts_on 2027-01-31" in caught.value.errors[0].message


def test_once_takes_the_day_itself() -> None:
    with pytest.raises(MaintwinError, match="takes the day itself"):
        Schedule.once(date(2027, 3, 20), offset_days=2)


def test_the_largest_and_smallest_dates_do_not_overflow() -> None:
    forever = Schedule(
        rrule="FREQ=DAILY",
        starts_on=date(1, 1, 1),
        ends_on=date(9999, 12, 31),
        offset_days=3,
        timezone="UTC",
    )
    assert len(forever.occurrences(date(2027, 1, 1), date(2027, 2, 1))) == 31


def test_at_with_a_fraction_of_a_second_is_refused() -> None:
    with pytest.raises(InputError) as caught:
        Schedule.nth_weekday(2, "TU", at="10:00:00.5")
    assert caught.value.errors[0].path == "at"
