"""Blackouts, holidays and the blocking of windows."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import holidays
import pytest
from hypothesis import given
from hypothesis import strategies as st

from maintwin import (
    Blackout,
    BlackoutPeriod,
    HolidaySource,
    InputError,
    ReleaseTrain,
    Scenario,
    Schedule,
    Window,
    holiday_blackouts,
)
from maintwin._expansion.windows import block

CHICAGO = ZoneInfo("America/Chicago")


def _train(
    train_id: str, subsystem: str, schedule: Schedule, downtime: str = "PT15M"
) -> ReleaseTrain:
    return ReleaseTrain(id=train_id, subsystem=subsystem, schedule=schedule, downtime=downtime)


def _with_us_holidays(schedule: Schedule, **holiday: int) -> Scenario:
    """One RIS train on ``schedule`` in Chicago, with the US holidays (widened by ``holiday``)."""
    return Scenario(
        name="t",
        timezone="America/Chicago",
        trains=[_train("ris", "RIS", schedule)],
        holidays=[HolidaySource(country="US", **holiday)],
    )


def test_holiday_on_window_day_blocks_it_naming_the_holiday() -> None:
    # 4 July every year at 10:00: a holiday in every year, observed or not.
    july4 = Schedule(rrule="FREQ=YEARLY;BYMONTH=7;BYMONTHDAY=4", at="10:00")
    scenario = _with_us_holidays(july4)
    windows = scenario.windows(date(2026, 1, 1), date(2030, 1, 1))
    assert [w.start.year for w in windows] == [2026, 2027, 2028, 2029]
    for window in windows:
        assert window.blocked
        assert window.blocked_by == (f"holiday-US-{window.start.date().isoformat()}",)


def test_every_window_on_a_us_holiday_is_blocked_and_no_other() -> None:
    # Oracle: the holidays package itself, asked day by day.
    daily = Schedule(rrule="FREQ=DAILY", at="12:00")
    scenario = _with_us_holidays(daily)
    us = holidays.country_holidays("US", years=[2027])
    for window in scenario.windows(date(2027, 1, 1), date(2028, 1, 1)):
        assert window.blocked == (window.start.date() in us), window.id


def test_days_before_and_after_widen_the_holiday() -> None:
    daily = Schedule(rrule="FREQ=DAILY", at="12:00")
    scenario = _with_us_holidays(daily, days_before=2, days_after=1)
    blocked = {
        w.start.date()
        for w in scenario.windows(date(2027, 11, 1), date(2027, 12, 1))
        if "holiday-US-2027-11-25" in w.blocked_by
    }
    # Thanksgiving 2027 is Thursday 25 November.
    assert blocked == {
        date(2027, 11, 23),
        date(2027, 11, 24),
        date(2027, 11, 25),
        date(2027, 11, 26),
    }


def test_scoped_blackout_blocks_only_its_subsystems() -> None:
    wednesday = Schedule.nth_weekday(2, "WE", at="10:00")
    scenario = Scenario(
        name="t",
        timezone="America/Chicago",
        trains=[
            _train("ris", "RIS", wednesday),
            _train("pacs", "PACS", wednesday),
            _train("biz", "Biz", wednesday),
        ],
        blackouts=[
            Blackout(id="pacs-only", reason="vendor", start=date(2027, 1, 13), scope=["PACS"]),
            Blackout(
                id="ris-and-biz",
                reason="staffing",
                start=date(2027, 2, 10),
                end=date(2027, 2, 11),
                scope=["RIS", "Biz"],
            ),
        ],
    )
    by_id = {w.id: w.blocked_by for w in scenario.windows(date(2027, 1, 1), date(2027, 3, 1))}
    assert by_id == {
        "biz-2027-01-13": (),
        "pacs-2027-01-13": ("pacs-only",),
        "ris-2027-01-13": (),
        "biz-2027-02-10": ("ris-and-biz",),
        "pacs-2027-02-10": (),
        "ris-2027-02-10": ("ris-and-biz",),
    }


def test_example_quarter_close_is_scoped_to_biz(example: Scenario) -> None:
    periods = example.blackout_periods(date(2027, 1, 1), date(2028, 1, 1))
    quarter = [p for p in periods if p.blackout == "quarter-close"]
    assert [p.start.date() for p in quarter] == [
        date(2027, 3, 31),
        date(2027, 6, 30),
        date(2027, 9, 30),
        date(2027, 12, 31),
    ]
    assert all(p.scope == ("Biz",) and not p.applies_to("RIS") for p in quarter)


def test_blocked_windows_are_kept_and_listed_with_all_blackouts() -> None:
    scenario = Scenario(
        name="t",
        timezone="America/Chicago",
        trains=[_train("ris", "RIS", Schedule.nth_weekday(2, "WE", at="10:00"))],
        blackouts=[
            Blackout(id="b-late", reason="other", start=date(2027, 1, 13)),
            Blackout(id="a-freeze", reason="freeze", start=date(2027, 1, 1), end=date(2027, 2, 1)),
        ],
    )
    unblocked = scenario.model_copy(update={"blackouts": ()})
    blocked = scenario.windows(date(2027, 1, 1), date(2027, 3, 1))
    assert [w.id for w in blocked] == [
        w.id for w in unblocked.windows(date(2027, 1, 1), date(2027, 3, 1))
    ]
    # In the order the blackouts begin, not alphabetical or input order.
    assert blocked[0].blocked_by == ("a-freeze", "b-late")
    assert blocked[1].blocked_by == ()


def test_overlap_is_half_open() -> None:
    start = datetime(2027, 1, 13, 10, 0, tzinfo=CHICAGO)
    end = start + timedelta(minutes=15)
    scenario = Scenario(
        name="t",
        timezone="America/Chicago",
        trains=[_train("ris", "RIS", Schedule.once(date(2027, 1, 13), at="10:00"))],
        blackouts=[
            Blackout(
                id="ends-at-start", reason="other", start=start - timedelta(hours=1), end=start
            ),
            Blackout(id="starts-at-end", reason="other", start=end, end=end + timedelta(hours=1)),
            Blackout(
                id="last-minute",
                reason="other",
                start=end - timedelta(minutes=1),
                end=end + timedelta(hours=1),
            ),
        ],
    )
    (window,) = scenario.windows(date(2027, 1, 1), date(2027, 2, 1))
    assert window.blocked_by == ("last-minute",)


def test_whole_day_blackout_follows_the_local_day_across_dst() -> None:
    spring = Blackout(id="spring", reason="other", start=date(2027, 3, 14))
    fall = Blackout(id="fall", reason="other", start=date(2027, 11, 7))
    for blackout, hours in ((spring, 23), (fall, 25)):
        (period,) = blackout.periods(
            datetime(2027, 1, 1, tzinfo=UTC),
            datetime(2028, 1, 1, tzinfo=UTC),
            timezone="America/Chicago",
        )
        assert period.start.astimezone(CHICAGO).hour == 0
        assert period.end.astimezone(CHICAGO).hour == 0
        # Subtract in UTC: aware datetimes sharing a tzinfo subtract as wall-clock times.
        assert period.end.astimezone(UTC) - period.start.astimezone(UTC) == timedelta(hours=hours)


def test_recurring_blackout_with_whole_days_is_counted_in_calendar_days() -> None:
    sundays = Blackout(
        id="sundays",
        reason="staffing",
        schedule=Schedule.weekly("SU"),
        duration="P1D",
    )
    periods = sundays.periods(
        datetime(2027, 3, 1, tzinfo=CHICAGO),
        datetime(2027, 3, 22, tzinfo=CHICAGO),
        timezone="America/Chicago",
    )
    assert [p.start.astimezone(CHICAGO).date() for p in periods] == [
        date(2027, 3, 7),
        date(2027, 3, 14),
        date(2027, 3, 21),
    ]
    lengths = [p.end.astimezone(UTC) - p.start.astimezone(UTC) for p in periods]
    assert [length // timedelta(hours=1) for length in lengths] == [24, 23, 24]


def test_recurring_blackout_that_began_before_the_horizon_still_blocks() -> None:
    weekend = Blackout(
        id="weekend",
        reason="staffing",
        schedule=Schedule.weekly("SA"),
        duration="P2D",
    )
    # Sunday: the Saturday occurrence started before the horizon but covers it.
    sunday = datetime(2027, 1, 10, 12, 0, tzinfo=CHICAGO)
    periods = weekend.periods(sunday, sunday + timedelta(hours=1), timezone="America/Chicago")
    assert [p.start.date() for p in periods] == [date(2027, 1, 9)]


@pytest.mark.parametrize(
    "blackout",
    [
        Blackout(id="new-year", reason="holiday", start=date(2027, 1, 1)),
        Blackout(id="weekend", reason="staffing", schedule=Schedule.weekly("SA"), duration="P2D"),
    ],
    ids=["one-off", "recurring"],
)
def test_periods_refuse_an_end_that_is_not_after_the_start(blackout: Blackout) -> None:
    # The horizon covers the blackout's first day: refused, not answered with no periods.
    for end in (date(2027, 1, 1), date(2026, 12, 1)):
        with pytest.raises(InputError) as caught:
            blackout.periods(date(2027, 1, 1), end, timezone="America/Chicago")
        assert caught.value.model == f"Blackout.periods() of {blackout.id}"
        (error,) = caught.value.errors
        assert error.path == "end"
        assert error.message.startswith(
            f"end {end.isoformat()}T00:00:00-06:00 is not after start 2027-01-01T00:00:00-06:00;"
        )


def test_holiday_blackouts_are_built_for_exactly_the_given_years() -> None:
    found = holiday_blackouts("US", years=[2027])
    expected = holidays.country_holidays("US", years=[2027])
    assert [b.start for b in found] == sorted(expected)
    assert all(isinstance(b.start, date) and b.reason == "holiday" for b in found)
    assert [b.title for b in found] == [expected[d] for d in sorted(expected)]
    assert all(b.start.year == 2027 for b in found)  # type: ignore[union-attr]


def test_holiday_blackouts_without_observed_days() -> None:
    observed = {b.start for b in holiday_blackouts("US", years=[2027])}
    actual = {b.start for b in holiday_blackouts("US", years=[2027], observed=False)}
    assert date(2027, 7, 5) in observed - actual  # 4 July 2027 is a Sunday


def test_holiday_subdivision_and_scope() -> None:
    texas = holiday_blackouts("US", "TX", years=[2027], scope=["RIS"])
    assert any(b.title == "Texas Independence Day" for b in texas)
    assert all(b.id.startswith("holiday-US-TX-") and b.scope == ("RIS",) for b in texas)


@pytest.mark.parametrize(
    ("kwargs", "needle"),
    [
        ({"country": "XX"}, "not known to the holidays package"),
        ({"country": "UX"}, "did you mean"),
        ({"country": "US", "subdiv": "ZZ"}, "US has no subdivision 'ZZ'"),
        ({"country": "US", "days_before": -1}, "greater than or equal to 0"),
    ],
)
def test_bad_holiday_sources_are_refused(kwargs: dict[str, object], needle: str) -> None:
    with pytest.raises(InputError) as info:
        HolidaySource.model_validate(kwargs)
    assert needle in str(info.value)


def test_holiday_blackouts_refuses_negative_widening() -> None:
    with pytest.raises(ValueError, match="expected 0 or more"):
        holiday_blackouts("US", years=[2027], days_after=-1)


# -- the sweep that blocks windows, against a brute-force oracle -----------------------------

_BASE = datetime(2027, 1, 1, tzinfo=UTC)
_minutes = st.integers(min_value=0, max_value=600)
_lengths = st.integers(min_value=1, max_value=240)
_subsystems = st.sampled_from(["A", "B", "C"])


@st.composite
def _windows(draw: st.DrawFn) -> list[Window]:
    out = []
    for index in range(draw(st.integers(min_value=0, max_value=12))):
        start = _BASE + timedelta(minutes=draw(_minutes))
        length = timedelta(minutes=draw(_lengths))
        out.append(
            Window(
                id=f"w{index}",
                subsystem=draw(_subsystems),
                start=start,
                end=start + length,
                timezone="UTC",
                capacity=length,
                source="t",
            )
        )
    return out


@st.composite
def _periods(draw: st.DrawFn) -> list[BlackoutPeriod]:
    out = []
    for index in range(draw(st.integers(min_value=0, max_value=12))):
        start = _BASE + timedelta(minutes=draw(_minutes))
        scope = draw(st.none() | st.lists(_subsystems, min_size=1, max_size=2, unique=True))
        out.append(
            BlackoutPeriod(
                blackout=f"b{index}",
                reason="other",
                start=start,
                end=start + timedelta(minutes=draw(_lengths)),
                scope=scope,
            )
        )
    return out


@given(_windows(), _periods(), st.randoms(use_true_random=False))
def test_block_matches_brute_force(
    windows: list[Window], periods: list[BlackoutPeriod], rnd: random.Random
) -> None:
    shuffled = periods[:]
    rnd.shuffle(shuffled)
    result = block(windows, shuffled)
    assert [w.id for w in result] == [w.id for w in windows]  # order kept
    for window, blocked in zip(windows, result, strict=True):
        expected = [
            p
            for p in periods
            if p.start < window.end and window.start < p.end and p.applies_to(window.subsystem)
        ]
        expected.sort(key=lambda p: (p.start, p.end, p.blackout))
        assert blocked.blocked_by == tuple(dict.fromkeys(p.blackout for p in expected))


def test_recurring_whole_days_count_in_the_schedules_own_zone() -> None:
    london = ZoneInfo("Europe/London")
    sunday = Blackout(
        id="london-sunday",
        reason="staffing",
        schedule=Schedule.once(date(2027, 3, 28), timezone="Europe/London"),  # clocks go forward
        duration="P1D",
    )
    (period,) = sunday.periods(date(2027, 3, 1), date(2027, 4, 1), timezone="America/Chicago")
    assert period.start.astimezone(london) == datetime(2027, 3, 28, tzinfo=london)
    assert period.end.astimezone(london) == datetime(2027, 3, 29, tzinfo=london)


def test_a_period_past_the_years_maintwin_plans_in_is_refused_as_before() -> None:
    # Periods are built without validating them again, except one that leaves the years
    # maintwin plans in: that one is refused with the field and the years accepted.
    late = Blackout(
        id="b", reason="other", schedule=Schedule.once(date(8999, 12, 31)), duration="P2D"
    )
    lo = datetime(8999, 12, 30, tzinfo=UTC)
    with pytest.raises(InputError, match=r"end: 9000-01-02.*outside the years 1000 to 8999"):
        late.periods(lo, lo + timedelta(days=1, hours=12), timezone="Europe/London")


def test_block_counts_a_period_that_only_touches_a_window_as_not_overlapping_it() -> None:
    # Half-open: a period ending as the window starts, or starting as it ends, does not block
    # it; one reaching a second into it, at either end, does.
    at = datetime(2027, 3, 10, 10, tzinfo=UTC)
    window = Window(
        id="w",
        subsystem="S",
        start=at,
        end=at + timedelta(minutes=15),
        timezone="UTC",
        capacity=timedelta(minutes=15),
        source="t",
    )
    second, hour = timedelta(seconds=1), timedelta(hours=1)
    spans = {
        "ends-as-it-starts": (at - hour, at),
        "starts-as-it-ends": (at + timedelta(minutes=15), at + hour),
        "ends-a-second-in": (at - hour, at + second),
        "starts-a-second-before-its-end": (at + timedelta(minutes=15) - second, at + hour),
    }
    periods = [
        BlackoutPeriod(blackout=name, reason="other", start=s, end=e, scope=("S",))
        for name, (s, e) in spans.items()
    ]
    (blocked,) = block([window], periods)
    assert blocked.blocked_by == ("ends-a-second-in", "starts-a-second-before-its-end")
