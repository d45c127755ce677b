"""Wall-clock rules across daylight-saving changes.

The oracle here never asks zoneinfo to interpret a local time (that is the step under test):
it only converts UTC instants to local time, which is unambiguous, and finds the instants that
show a given wall-clock time by trying every UTC offset in force nearby.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from itertools import pairwise
from zoneinfo import ZoneInfo

import pytest
from hypothesis import event, given
from hypothesis import strategies as st

from maintwin import Occurrence, ReleaseTrain, Scenario, Schedule

CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
LORD_HOWE = ZoneInfo("Australia/Lord_Howe")
HOUR = timedelta(hours=1)

# -- the oracle -------------------------------------------------------------------------------


def wall(moment: datetime, tz: ZoneInfo) -> datetime:
    """The naive local wall-clock time of an aware instant."""
    return moment.astimezone(tz).replace(tzinfo=None)


@cache
def offsets_near(local: datetime, tz: ZoneInfo) -> frozenset[timedelta]:
    """Every UTC offset in force at some instant that could show the wall time ``local``.

    Offsets lie within -12h..+14h, so such an instant lies within 15 hours of ``local`` read
    as UTC; no offset in these zones lasts less than an hour, so hourly samples find them all.
    """
    base = local.replace(tzinfo=UTC)
    found = set()
    for k in range(-15, 16):
        offset = (base + k * HOUR).astimezone(tz).utcoffset()
        assert offset is not None
        found.add(offset)
    return frozenset(found)


def instants_showing(local: datetime, tz: ZoneInfo) -> list[datetime]:
    """The UTC instants whose wall-clock time in ``tz`` is ``local``, earliest first.

    Empty: ``local`` does not exist (a gap). Two: it is ambiguous (an overlap).
    """
    out = set()
    for offset in offsets_near(local, tz):
        candidate = (local - offset).replace(tzinfo=UTC)
        if wall(candidate, tz) == local:
            out.add(candidate)
    return sorted(out)


def expected_instant(local: datetime, tz: ZoneInfo) -> tuple[datetime, bool]:
    """Where the wall-clock time ``local`` should land, and whether it is shifted.

    An existing time takes its first instant; a time in a gap is moved forward by the length
    of the gap, which is reading it with the offset in force before the gap (the smaller one).
    """
    showing = instants_showing(local, tz)
    if showing:
        return showing[0], False
    offsets = offsets_near(local, tz)
    assert len(offsets) == 2, f"expected one transition near {local} in {tz}, got {offsets}"
    return (local - min(offsets)).replace(tzinfo=UTC), True


def nth_weekday_of(year: int, month: int, weekday: int, n: int) -> date:
    days = [w[weekday] for w in calendar.monthcalendar(year, month) if w[weekday]]
    return date(year, month, days[n - 1] if n > 0 else days[n])


def check_occurrence(occ: Occurrence, at: time, tz: ZoneInfo) -> None:
    """An occurrence keeps ``at`` unless shifted, and then only because ``at`` did not exist."""
    assert occ.nominal.time() == at
    assert occ.start.tzinfo is not None
    assert str(occ.start.tzinfo) == tz.key
    instant, shifted = expected_instant(occ.nominal, tz)
    assert occ.shifted is shifted
    assert occ.start.astimezone(UTC) == instant
    moved = wall(occ.start, tz) - occ.nominal
    if shifted:
        assert instants_showing(occ.nominal, tz) == []
        assert timedelta(0) < moved < 2 * HOUR
    else:
        assert moved == timedelta(0)


def test_the_oracle_knows_the_chicago_gap_and_overlap() -> None:
    assert instants_showing(datetime(2027, 3, 14, 2, 30), CHICAGO) == []
    assert instants_showing(datetime(2027, 3, 14, 3, 30), CHICAGO) == [
        datetime(2027, 3, 14, 8, 30, tzinfo=UTC)
    ]
    assert instants_showing(datetime(2026, 11, 1, 1, 30), CHICAGO) == [
        datetime(2026, 11, 1, 6, 30, tzinfo=UTC),
        datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
    ]


# -- a monthly 10:00 rule for three years -----------------------------------------------------


def us_daylight_time(day: date) -> bool:
    """US rule since 2007: DST from the 2nd Sunday of March to the 1st Sunday of November.

    (At 10:00 local, both changes, at 02:00, have happened on their day.)
    """
    begins = nth_weekday_of(day.year, 3, calendar.SUNDAY, 2)
    ends = nth_weekday_of(day.year, 11, calendar.SUNDAY, 1)
    return begins <= day < ends


def test_second_tuesday_at_ten_keeps_ten_local_for_36_months() -> None:
    schedule = Schedule.nth_weekday(2, "TU", at="10:00", timezone="America/Chicago")
    found = schedule.occurrences(
        datetime(2026, 1, 1, tzinfo=CHICAGO), datetime(2029, 1, 1, tzinfo=CHICAGO)
    )
    assert len(found) == 36
    expected_days = [
        nth_weekday_of(year, month, calendar.TUESDAY, 2)
        for year in (2026, 2027, 2028)
        for month in range(1, 13)
    ]
    assert [o.day for o in found] == expected_days
    summer = winter = 0
    for occ in found:
        assert wall(occ.start, CHICAGO) == datetime.combine(occ.day, time(10))
        assert not occ.shifted
        if us_daylight_time(occ.day):
            assert occ.start.utcoffset() == timedelta(hours=-5)
            summer += 1
        else:
            assert occ.start.utcoffset() == timedelta(hours=-6)
            winter += 1
    assert summer > 0
    assert winter > 0
    # March 2027: the 2nd Tuesday (9th) comes before the 2nd Sunday (14th), so still -6h.
    march_2027 = next(o for o in found if o.day == date(2027, 3, 9))
    assert march_2027.start.utcoffset() == timedelta(hours=-6)


# -- spring forward ---------------------------------------------------------------------------


def test_chicago_half_past_two_on_spring_forward_day_moves_to_half_past_three() -> None:
    day = nth_weekday_of(2027, 3, calendar.SUNDAY, 2)
    assert day == date(2027, 3, 14)
    schedule = Schedule.nth_weekday(2, "SU", at="02:30", timezone="America/Chicago")
    found = schedule.occurrences(
        datetime(2027, 2, 1, tzinfo=CHICAGO), datetime(2027, 4, 1, tzinfo=CHICAGO)
    )
    february, march = found
    assert february.start == datetime(2027, 2, 14, 2, 30, tzinfo=CHICAGO)
    assert not february.shifted
    assert march.shifted
    assert march.nominal == datetime(2027, 3, 14, 2, 30)
    assert march.day == day
    assert wall(march.start, CHICAGO) == datetime(2027, 3, 14, 3, 30)
    assert march.start.utcoffset() == timedelta(hours=-5)
    assert march.start.astimezone(UTC) == datetime(2027, 3, 14, 8, 30, tzinfo=UTC)


def test_once_in_the_gap_is_shifted() -> None:
    schedule = Schedule.once(date(2027, 3, 14), at="02:30", timezone="America/Chicago")
    [occ] = schedule.occurrences(
        datetime(2027, 1, 1, tzinfo=CHICAGO), datetime(2028, 1, 1, tzinfo=CHICAGO)
    )
    assert occ.shifted
    assert wall(occ.start, CHICAGO) == datetime(2027, 3, 14, 3, 30)


def test_a_release_train_window_in_the_gap_is_marked_shifted() -> None:
    scenario = Scenario(
        name="dst",
        timezone="America/Chicago",
        trains=(
            ReleaseTrain(
                id="ris",
                subsystem="RIS",
                schedule=Schedule.nth_weekday(2, "SU", at="02:30"),
                downtime=timedelta(minutes=15),
            ),
        ),
    )
    windows = scenario.windows(date(2027, 2, 1), date(2027, 5, 1))
    assert [w.start.astimezone(CHICAGO).date() for w in windows] == [
        date(2027, 2, 14),
        date(2027, 3, 14),
        date(2027, 4, 11),
    ]
    assert [w.shifted for w in windows] == [False, True, False]
    march = windows[1]
    assert wall(march.start, CHICAGO) == datetime(2027, 3, 14, 3, 30)
    assert march.length == timedelta(minutes=15)
    assert all(wall(w.start, CHICAGO).time() == time(2, 30) for w in (windows[0], windows[2]))
    releases = scenario.releases(date(2027, 2, 1), date(2027, 5, 1))
    assert [r.shifted for r in releases] == [False, True, False]
    assert releases[1].window == march


def test_an_hourly_rule_has_23_occurrences_on_spring_forward_day() -> None:
    # 02:30 does not exist; moved forward it would be 03:30, which the rule also names:
    # one occurrence, the real (unshifted) 03:30, so the 23-hour day has 23 occurrences.
    schedule = Schedule(rrule="FREQ=HOURLY", at=time(0, 30), timezone="America/Chicago")
    day_start = datetime(2027, 3, 14, tzinfo=CHICAGO)
    day_end = datetime(2027, 3, 15, tzinfo=CHICAGO)
    assert (day_end.astimezone(UTC) - day_start.astimezone(UTC)) == 23 * HOUR
    found = schedule.occurrences(day_start, day_end)
    assert len(found) == 23
    assert not any(o.shifted for o in found)
    assert [wall(o.start, CHICAGO).hour for o in found] == [0, 1, *range(3, 24)]
    assert all(wall(o.start, CHICAGO).minute == 30 for o in found)


def last_sunday_of_march(year: int) -> date:
    return nth_weekday_of(year, 3, calendar.SUNDAY, -1)


@pytest.mark.parametrize("year", [2026, 2027, 2028, 2029, 2030])
def test_london_gap_is_one_to_two_not_two_to_three(year: int) -> None:
    day = last_sunday_of_march(year)

    def on_the_day(at: time) -> Occurrence:
        schedule = Schedule(
            rrule="FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU", at=at, timezone="Europe/London"
        )
        [occ] = schedule.occurrences(
            datetime(year, 1, 1, tzinfo=LONDON), datetime(year + 1, 1, 1, tzinfo=LONDON)
        )
        assert occ.day == day
        return occ

    half_past_one = on_the_day(time(1, 30))  # does not exist: clocks go 01:00 GMT -> 02:00 BST
    assert half_past_one.shifted
    assert wall(half_past_one.start, LONDON) == datetime.combine(day, time(2, 30))
    assert half_past_one.start.utcoffset() == HOUR

    half_past_two = on_the_day(time(2, 30))  # exists, in BST
    assert not half_past_two.shifted
    assert wall(half_past_two.start, LONDON) == datetime.combine(day, time(2, 30))
    assert half_past_two.start.utcoffset() == HOUR

    one = on_the_day(time(1))  # the first moment of the gap
    assert one.shifted
    assert wall(one.start, LONDON) == datetime.combine(day, time(2))

    before = on_the_day(time(0, 59))
    assert not before.shifted
    assert before.start.utcoffset() == timedelta(0)


def test_lord_howe_half_hour_gap() -> None:
    day = nth_weekday_of(2026, 10, calendar.SUNDAY, 1)
    assert day == date(2026, 10, 4)
    assert instants_showing(datetime(2026, 10, 4, 2, 15), LORD_HOWE) == []
    schedule = Schedule.nth_weekday(1, "SU", at="02:15", timezone="Australia/Lord_Howe")
    found = schedule.occurrences(
        datetime(2026, 10, 1, tzinfo=LORD_HOWE), datetime(2026, 11, 1, tzinfo=LORD_HOWE)
    )
    [occ] = found
    assert occ.shifted
    assert wall(occ.start, LORD_HOWE) == datetime(2026, 10, 4, 2, 45)
    assert occ.start.utcoffset() == timedelta(hours=11)

    later = Schedule.nth_weekday(1, "SU", at="02:30", timezone="Australia/Lord_Howe")
    [occ] = later.occurrences(
        datetime(2026, 10, 1, tzinfo=LORD_HOWE), datetime(2026, 11, 1, tzinfo=LORD_HOWE)
    )
    assert not occ.shifted
    assert wall(occ.start, LORD_HOWE) == datetime(2026, 10, 4, 2, 30)


def test_lord_howe_ambiguous_time_takes_the_first_occurrence() -> None:
    day = nth_weekday_of(2027, 4, calendar.SUNDAY, 1)
    assert day == date(2027, 4, 4)
    local = datetime(2027, 4, 4, 1, 45)
    first, second = instants_showing(local, LORD_HOWE)  # clocks go back 02:00 -> 01:30
    assert second - first == timedelta(minutes=30)
    schedule = Schedule.nth_weekday(1, "SU", at="01:45", timezone="Australia/Lord_Howe")
    [occ] = schedule.occurrences(
        datetime(2027, 4, 1, tzinfo=LORD_HOWE), datetime(2027, 5, 1, tzinfo=LORD_HOWE)
    )
    assert not occ.shifted
    assert occ.start.utcoffset() == timedelta(hours=11)  # not +10:30
    assert occ.start.astimezone(UTC) == first == datetime(2027, 4, 3, 14, 45, tzinfo=UTC)


@pytest.mark.parametrize("year", [2026, 2027, 2028])
def test_chicago_ambiguous_time_in_november_takes_the_first_occurrence(year: int) -> None:
    day = nth_weekday_of(year, 11, calendar.SUNDAY, 1)
    schedule = Schedule.nth_weekday(1, "SU", at="01:30", timezone="America/Chicago")
    [occ] = schedule.occurrences(
        datetime(year, 11, 1, tzinfo=CHICAGO), datetime(year, 12, 1, tzinfo=CHICAGO)
    )
    assert occ.day == day
    assert not occ.shifted
    assert occ.start.utcoffset() == timedelta(hours=-5)
    assert occ.start.astimezone(UTC) == instants_showing(occ.nominal, CHICAGO)[0]


# -- every transition of several zones, found independently -------------------------------


def transitions(tz: ZoneInfo, first: int, last: int) -> list[tuple[datetime, timedelta, timedelta]]:
    """(instant, offset before, offset after) of each change in years ``first..last``."""

    def offset_at(seconds: int) -> timedelta | None:
        return datetime.fromtimestamp(seconds, UTC).astimezone(tz).utcoffset()

    out = []
    moment = int(datetime(first, 1, 1, 12, tzinfo=UTC).timestamp())
    stop = int(datetime(last + 1, 1, 1, 12, tzinfo=UTC).timestamp())
    before = offset_at(moment)
    while moment < stop:
        step = moment + 86_400
        after = offset_at(step)
        if after != before:
            low, high = moment, step  # offset_at(low) == before, offset_at(high) == after
            while high - low > 1:
                middle = (low + high) // 2
                if offset_at(middle) == before:
                    low = middle
                else:
                    high = middle
            assert before is not None
            assert after is not None
            out.append((datetime.fromtimestamp(high, UTC), before, after))
            before = after
        moment = step
    return out


def once_at(local: datetime, zone: str) -> Occurrence:
    tz = ZoneInfo(zone)
    schedule = Schedule.once(local.date(), at=local.time(), timezone=zone)
    found = schedule.occurrences(
        datetime.combine(local.date() - timedelta(days=2), time(), tz),
        datetime.combine(local.date() + timedelta(days=3), time(), tz),
    )
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize(
    "zone",
    [
        "America/Chicago",
        "Europe/London",
        "Australia/Lord_Howe",
        "America/St_Johns",
        "Pacific/Chatham",
        "Africa/Casablanca",
        "America/Havana",
        "America/Santiago",
    ],
)
def test_every_gap_and_overlap_from_2026_to_2028(zone: str) -> None:
    tz = ZoneInfo(zone)
    changes = transitions(tz, 2026, 2028)
    assert len(changes) >= 6
    minute = timedelta(minutes=1)
    for instant, before, after in changes:
        naive = instant.replace(tzinfo=None)
        if after > before:  # a gap: wall clock jumps from naive+before to naive+after
            gap = after - before
            start_of_gap, end_of_gap = naive + before, naive + after
            for local in (start_of_gap, start_of_gap + gap / 2, end_of_gap - minute):
                occ = once_at(local, zone)
                assert occ.shifted, local
                assert wall(occ.start, tz) == local + gap
                assert occ.start.astimezone(UTC) == (local - before).replace(tzinfo=UTC)
            for local in (start_of_gap - minute, end_of_gap):
                occ = once_at(local, zone)
                assert not occ.shifted, local
                assert wall(occ.start, tz) == local
        else:  # an overlap: wall clock goes back from naive+before to naive+after
            for local in (naive + after, naive + after + (before - after) / 2):
                occ = once_at(local, zone)
                assert not occ.shifted, local
                assert wall(occ.start, tz) == local
                assert occ.start.utcoffset() == before  # the first of the two
                assert occ.start.astimezone(UTC) == (local - before).replace(tzinfo=UTC)


# -- the property -----------------------------------------------------------------------------

ZONES = [
    "UTC",
    "America/Chicago",
    "Europe/London",
    "Australia/Lord_Howe",
    "Asia/Kathmandu",
    "America/St_Johns",
    "Pacific/Chatham",
    "Africa/Casablanca",
    "America/Havana",
    "America/Santiago",
    "Asia/Tehran",
]
CODES = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


Meaning = frozenset[tuple[str, int, int]]


def weekly_rule(weekdays: list[int]) -> tuple[str, Meaning]:
    text = f"FREQ=WEEKLY;BYDAY={','.join(CODES[d] for d in weekdays)}"
    return text, frozenset(("weekly", d, 0) for d in weekdays)


def monthday_rule(days: list[int]) -> tuple[str, Meaning]:
    text = f"FREQ=MONTHLY;BYMONTHDAY={','.join(map(str, days))}"
    return text, frozenset(("monthday", d, 0) for d in days)


def nth_rule(n: int, weekday: int) -> tuple[str, Meaning]:
    return f"FREQ=MONTHLY;BYDAY={n}{CODES[weekday]}", frozenset({("nth", n, weekday)})


@st.composite
def rules(draw: st.DrawFn) -> tuple[str, Meaning]:
    """A monthly or weekly RRULE, and what it means as (kind, a, b) tests on a date."""
    kind = draw(st.sampled_from(["nth", "monthday", "weekly"]))
    if kind == "nth":
        n = draw(st.sampled_from([1, 2, 3, 4, 5, -1, -2, -5]))
        return nth_rule(n, draw(st.integers(0, 6)))
    if kind == "monthday":
        nonzero = st.integers(1, 31) | st.integers(-31, -1)
        return monthday_rule(draw(st.lists(nonzero, min_size=1, max_size=3, unique=True)))
    return weekly_rule(draw(st.lists(st.integers(0, 6), min_size=1, max_size=7, unique=True)))


def matches(day: date, meaning: Meaning) -> bool:
    length = calendar.monthrange(day.year, day.month)[1]
    for kind, a, b in meaning:
        if kind == "weekly" and day.weekday() == a:
            return True
        if kind == "monthday" and day.day == (a if a > 0 else length + a + 1):
            return True
        if kind == "nth" and day.weekday() == b:
            index = (day.day - 1) // 7 + 1 if a > 0 else -((length - day.day) // 7 + 1)
            if index == a:
                return True
    return False


def verify(
    zone: str, rule: tuple[str, Meaning], at: time, offset: int, start: datetime, end: datetime
) -> None:
    """Expand the rule and check every occurrence, and the whole list, against the oracle."""
    tz = ZoneInfo(zone)
    text, meaning = rule
    schedule = Schedule(rrule=text, at=at, timezone=zone, offset_days=offset)
    found = schedule.occurrences(start, end)

    instants = [o.start.astimezone(UTC) for o in found]
    assert all(a < b for a, b in pairwise(instants))
    assert all(start <= i < end for i in instants)
    for occ in found:
        check_occurrence(occ, at, tz)
        if occ.shifted:
            event("shifted")
        elif len(instants_showing(occ.nominal, tz)) == 2:
            event("ambiguous")

    # Completeness: every matching local date, moved by the offset, placed by the oracle.
    first, last = wall(start, tz).date(), wall(end, tz).date()
    expected = []
    for n in range(-8, (last - first).days + 9):
        day = first + timedelta(days=n)
        if matches(day, meaning):
            instant, _ = expected_instant(datetime.combine(day + timedelta(offset), at), tz)
            if start <= instant < end:
                expected.append(instant)
    assert instants == expected


local_times = st.builds(
    time,
    st.integers(0, 3) | st.integers(0, 23),  # often near the usual change hours
    st.sampled_from([0, 15, 30, 45]) | st.integers(0, 59),
)


@given(
    zone=st.sampled_from(ZONES),
    rule=rules(),
    at=local_times,
    offset=st.integers(-6, 6),
    start=st.datetimes(datetime(2019, 1, 1), datetime(2032, 1, 1), timezones=st.just(UTC)),
    minutes=st.integers(1, 400 * 24 * 60),
)
def test_wall_clock_is_kept_unless_the_time_does_not_exist(
    zone: str, rule: tuple[str, Meaning], at: time, offset: int, start: datetime, minutes: int
) -> None:
    verify(zone, rule, at, offset, start, start + timedelta(minutes=minutes))


@cache
def all_changes() -> list[tuple[str, datetime, timedelta, timedelta]]:
    """Every offset change in ZONES from 2019 to 2031, found by the oracle."""
    return [(zone, *change) for zone in ZONES for change in transitions(ZoneInfo(zone), 2019, 2031)]


@st.composite
def near_a_change(
    draw: st.DrawFn,
) -> tuple[str, tuple[str, Meaning], time, int, datetime, datetime]:
    """A rule whose occurrence falls on the day of an offset change, near the change's hour."""
    changes = all_changes()
    zone, instant, before, _ = changes[draw(st.integers(0, len(changes) - 1))]
    # A wall time up to two hours either side of where the clocks change.
    local = (instant + before).replace(tzinfo=None)
    local += timedelta(minutes=draw(st.integers(-120, 120)))
    offset = draw(st.integers(-6, 6))
    matched = local.date() - timedelta(days=offset)  # the RRULE match that lands on local
    length = calendar.monthrange(matched.year, matched.month)[1]
    rule = draw(
        st.sampled_from(
            [
                weekly_rule(sorted({matched.weekday(), draw(st.integers(0, 6))})),
                monthday_rule([draw(st.sampled_from([matched.day, matched.day - length - 1]))]),
                nth_rule((matched.day - 1) // 7 + 1, matched.weekday()),
                nth_rule(-((length - matched.day) // 7 + 1), matched.weekday()),
            ]
        )
    )
    start = instant - timedelta(minutes=draw(st.integers(0, 40 * 24 * 60)))
    end = instant + timedelta(minutes=draw(st.integers(1, 40 * 24 * 60)))
    return zone, rule, local.time(), offset, start, end


@given(near_a_change())
def test_wall_clock_is_kept_unless_the_time_does_not_exist_near_changes(
    case: tuple[str, tuple[str, Meaning], time, int, datetime, datetime],
) -> None:
    verify(*case)
