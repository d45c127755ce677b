"""Scenario expansion: releases and windows over a horizon."""

from __future__ import annotations

import calendar
import random
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

import maintwin
from maintwin import (
    Change,
    InputError,
    MaintwinError,
    OneOffWindow,
    Plan,
    Policy,
    ReleaseTrain,
    Scenario,
    Schedule,
)
from maintwin.ical import series_to_ical

from .conftest import EXAMPLE

CHICAGO = ZoneInfo("America/Chicago")


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> date:
    days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month]
    return [d for d in days if d.weekday() == weekday][n - 1]


def test_example_trains_release_on_their_own_days(example: Scenario) -> None:
    releases = example.releases(date(2027, 1, 1), date(2028, 1, 1))
    assert len(releases) == 36
    weekday = {"Biz": calendar.MONDAY, "PACS": calendar.TUESDAY, "RIS": calendar.WEDNESDAY}
    at = {"Biz": time(9), "PACS": time(9), "RIS": time(10)}
    for release in releases:
        expected = _nth_weekday(release.day.year, release.day.month, weekday[release.subsystem], 2)
        assert release.day == expected
        assert release.start.astimezone(CHICAGO).time() == at[release.subsystem]
        assert release.version == f"{expected:%Y.%m}"
        assert (release.window is not None) == (release.subsystem == "RIS")
    days = [(r.day, r.subsystem) for r in releases]
    assert len({d for d, _ in days}) == 36  # three subsystems, never the same day


def test_example_windows_include_the_one_off_window(example: Scenario) -> None:
    windows = example.windows(date(2027, 3, 1), date(2027, 4, 1))
    assert [w.id for w in windows] == ["ris-2027-03-10", "ris-vendor-upgrade"]
    vendor = windows[1]
    assert vendor.start == datetime(2027, 3, 20, 22, 0, tzinfo=CHICAGO)
    assert vendor.length == timedelta(hours=2)
    assert vendor.capacity == timedelta(hours=2)
    assert vendor.source == "ris-vendor-upgrade"


def test_release_windows_carry_the_blocking(example: Scenario) -> None:
    (release,) = [
        r for r in example.releases(date(2027, 11, 1), date(2027, 12, 1)) if r.subsystem == "RIS"
    ]
    assert release.window is not None
    assert release.window.blocked_by == ("holiday-US-2027-11-11",)
    assert example.windows(date(2027, 11, 1), date(2027, 12, 1)) == [release.window]


POLICY_WINDOW_TOML = """
name = "t"
timezone = "America/Chicago"
{policy}
[[trains]]
id = "ris"
subsystem = "RIS"
schedule = {{ rrule = "FREQ=MONTHLY;BYDAY=2WE", at = "10:00" }}
downtime = true

[[trains]]
id = "pacs"
subsystem = "PACS"
schedule = {{ rrule = "FREQ=MONTHLY;BYDAY=2TU", at = "09:00" }}
downtime = "PT30M"

[[trains]]
id = "biz"
subsystem = "Biz"
schedule = {{ rrule = "FREQ=MONTHLY;BYDAY=2MO", at = "09:00" }}
downtime = false
"""


@pytest.mark.parametrize(
    ("policy", "length"),
    [("", timedelta(minutes=15)), ('[policy]\nwindow = "PT20M"\n', timedelta(minutes=20))],
    ids=["default-policy", "policy-window"],
)
def test_a_train_with_downtime_true_takes_the_policy_window(policy: str, length: timedelta) -> None:
    scenario = Scenario.from_toml(POLICY_WINDOW_TOML.format(policy=policy))
    assert [(t.id, t.downtime) for t in scenario.trains] == [
        ("ris", length),
        ("pacs", timedelta(minutes=30)),  # a train that gives its length keeps it
        ("biz", None),  # false: none
    ]
    windows = scenario.windows(date(2027, 1, 1), date(2027, 2, 1))
    assert [(w.id, w.start, w.length, w.capacity) for w in windows] == [
        (
            "pacs-2027-01-12",
            datetime(2027, 1, 12, 9, tzinfo=CHICAGO),
            timedelta(minutes=30),
            timedelta(minutes=30),
        ),
        ("ris-2027-01-13", datetime(2027, 1, 13, 10, tzinfo=CHICAGO), length, length),
    ]
    # Written back out, the scenario gives the length: it reads back the same.
    assert Scenario.model_validate_json(scenario.model_dump_json(by_alias=True)) == scenario


def test_a_scenario_with_policy_windows_plans_and_publishes_its_series() -> None:
    scenario = Scenario.from_toml(POLICY_WINDOW_TOML.format(policy='[policy]\nwindow = "PT20M"\n'))
    now = datetime(2026, 11, 22, 9, tzinfo=CHICAGO)
    plan = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 3, 1), now=now)
    assert {w.id: w.end - w.start for w in plan.windows if w.source == "ris"} == {
        "ris-2027-01-13": timedelta(minutes=20),
        "ris-2027-02-10": timedelta(minutes=20),
    }
    assert Plan.model_validate_json(plan.model_dump_json()) == plan
    series = icalendar.Calendar.from_ical(
        series_to_ical(scenario, date(2027, 1, 1), date(2027, 3, 1), now=now)
    )
    durations = {str(e["UID"]): e.decoded("DURATION") for e in series.walk("VEVENT")}
    assert durations == {
        "ris.series@t.maintwin": timedelta(minutes=20),
        "pacs.series@t.maintwin": timedelta(minutes=30),
    }


def test_a_train_on_its_own_keeps_downtime_true_and_will_not_guess_its_length() -> None:
    alone = ReleaseTrain(id="ris", subsystem="RIS", schedule=Schedule.weekly("MO"), downtime=True)
    assert alone.downtime is True
    assert ReleaseTrain.model_validate_json(alone.model_dump_json()) == alone
    with pytest.raises(MaintwinError) as caught:
        _ = alone.window_length
    assert str(caught.value) == (
        "train 'ris' takes the policy's window length (downtime=True), which only a Scenario "
        "knows: read the train from scenario.trains, or give its length, e.g. downtime='PT15M'"
    )
    scenario = Scenario(name="t", timezone="UTC", policy=Policy(window="PT10M"), trains=[alone])
    assert scenario.trains[0].window_length == timedelta(minutes=10)
    # Slipped past validation (model_copy does not validate), it is refused, not misread.
    unchecked = scenario.model_copy(update={"trains": (alone,)})
    with pytest.raises(MaintwinError, match="takes the policy's window length"):
        unchecked.windows(date(2027, 1, 1), date(2027, 2, 1))


def test_windows_are_sorted_by_instant_across_zones() -> None:
    trains = [
        ReleaseTrain(
            id="tokyo",
            subsystem="A",
            schedule=Schedule.weekly("MO", at="09:00", timezone="Asia/Tokyo"),
            downtime="PT15M",
        ),
        ReleaseTrain(
            id="chicago",
            subsystem="B",
            schedule=Schedule.weekly("SU", at="20:00"),
            downtime="PT15M",
        ),
    ]
    scenario = Scenario(name="t", timezone="America/Chicago", trains=trains)
    windows = scenario.windows(date(2027, 1, 1), date(2027, 3, 1))
    instants = [w.start.astimezone(UTC) for w in windows]
    assert instants == sorted(instants)
    # Monday 09:00 Tokyo is Sunday 18:00 Chicago: before Sunday 20:00 Chicago.
    assert [w.source for w in windows[:2]] == ["tokyo", "chicago"]
    assert windows[0].timezone == "Asia/Tokyo"


def test_one_off_window_in_a_dst_gap_is_shifted() -> None:
    scenario = Scenario(
        name="t",
        timezone="America/Chicago",
        trains=[],
        windows=[
            OneOffWindow(
                id="gap", subsystem="RIS", start=datetime(2027, 3, 14, 2, 30), duration="PT1H"
            )
        ],
    )
    (window,) = scenario.windows(date(2027, 3, 1), date(2027, 4, 1))
    assert window.shifted
    assert window.start.astimezone(CHICAGO).time() == time(3, 30)


def test_horizon_dates_are_local_midnight_and_half_open() -> None:
    scenario = Scenario(
        name="t",
        timezone="America/Chicago",
        trains=[
            ReleaseTrain(id="r", subsystem="R", schedule=Schedule.weekly("MO"), downtime="PT1M")
        ],
    )
    # Windows at local midnight of Mondays: 2027-01-04 and 2027-01-11.
    assert [w.id for w in scenario.windows(date(2027, 1, 4), date(2027, 1, 11))] == ["r-2027-01-04"]
    midnight = datetime(2027, 1, 4, tzinfo=CHICAGO)
    assert scenario.windows(midnight + timedelta(microseconds=1), date(2027, 1, 11)) == []


def test_naive_horizon_is_refused() -> None:
    scenario = Scenario(name="t", timezone="UTC")
    with pytest.raises(InputError) as info:
        scenario.windows(datetime(2027, 1, 1), datetime(2027, 2, 1))
    assert [e.path for e in info.value.errors] == ["start"]
    assert "naive" in str(info.value)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (
            date(2027, 2, 1),
            date(2027, 2, 1),
            "end 2027-02-01T00:00:00-06:00 is not after start 2027-02-01T00:00:00-06:00",
        ),
        (
            date(2027, 3, 1),
            date(2027, 2, 1),
            "end 2027-02-01T00:00:00-06:00 is not after start 2027-03-01T00:00:00-06:00",
        ),
        (  # the same instant written in two zones is an empty horizon too
            datetime(2027, 2, 1, 6, tzinfo=UTC),
            datetime(2027, 2, 1, tzinfo=CHICAGO),
            "end 2027-02-01T00:00:00-06:00 is not after start 2027-02-01T06:00:00+00:00",
        ),
    ],
)
def test_an_empty_or_reversed_horizon_is_refused_alike_by_the_queries_and_by_plan(
    example: Scenario, start: date | datetime, end: date | datetime, expected: str
) -> None:
    now = datetime(2026, 11, 22, 9, tzinfo=CHICAGO)
    queries = {
        "Scenario.windows()": example.windows,
        "Scenario.releases()": example.releases,
        "Scenario.blackout_periods()": example.blackout_periods,
        "maintwin.plan()": lambda lo, hi: maintwin.plan(example, lo, hi, now=now),
    }
    for where, query in queries.items():
        with pytest.raises(InputError) as caught:
            query(start, end)
        assert caught.value.model == where
        assert [(e.path, e.message) for e in caught.value.errors] == [
            (
                "end",
                f"{expected}; the horizon [start, end) includes start and excludes end, so give "
                "an end later than start",
            )
        ]


@pytest.mark.parametrize(
    ("schedule", "longest", "window_id"),
    [
        (Schedule.weekly("MO", at="10:00"), 189, "-2027-01-04"),
        (
            Schedule(rrule="FREQ=DAILY;BYHOUR=2,14", starts_on=date(2027, 1, 1)),
            182,
            "-2027-01-01T020000",
        ),
    ],
    ids=["daily-or-coarser", "several-a-day"],
)
def test_the_longest_train_id_allowed_plans_and_its_plan_reads_back_from_json(
    schedule: Schedule, longest: int, window_id: str
) -> None:
    train_id = "t" * longest
    scenario = Scenario(
        name="t",
        timezone="America/Chicago",
        trains=[ReleaseTrain(id=train_id, subsystem="R", schedule=schedule, downtime="PT15M")],
        changes=[Change(id="c", subsystem="R", duration="PT5M", requested_on=date(2026, 1, 1))],
    )
    now = datetime(2026, 11, 1, tzinfo=CHICAGO)
    plan = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 2, 1), now=now)
    assert plan.windows[0].id == train_id + window_id
    assert len(plan.windows[0].id) == 200
    assert [a.window for a in plan.assignments] == [train_id + window_id]
    assert Plan.model_validate_json(plan.model_dump_json()) == plan


def test_several_a_day_windows_get_distinct_ids() -> None:
    rule = Schedule(rrule="FREQ=DAILY;BYHOUR=2,14", starts_on=date(2027, 1, 1))
    scenario = Scenario(
        name="t",
        timezone="UTC",
        trains=[ReleaseTrain(id="r", subsystem="R", schedule=rule, downtime="PT5M")],
    )
    ids = [w.id for w in scenario.windows(date(2027, 1, 1), date(2027, 1, 3))]
    assert ids == [
        "r-2027-01-01T020000",
        "r-2027-01-01T140000",
        "r-2027-01-02T020000",
        "r-2027-01-02T140000",
    ]


@given(st.randoms(use_true_random=False))
def test_input_order_does_not_change_the_expansion(rnd: random.Random) -> None:
    base = Scenario.load(EXAMPLE)
    trains = list(base.trains)
    blackouts = list(base.blackouts)
    windows = list(base.one_off_windows)
    rnd.shuffle(trains)
    rnd.shuffle(blackouts)
    rnd.shuffle(windows)
    shuffled = base.model_copy(
        update={
            "trains": tuple(trains),
            "blackouts": tuple(blackouts),
            "one_off_windows": tuple(windows),
        }
    )
    horizon = (date(2026, 12, 1), date(2027, 12, 1))
    assert shuffled.windows(*horizon) == base.windows(*horizon)
    assert [w.model_dump_json() for w in shuffled.windows(*horizon)] == [
        w.model_dump_json() for w in base.windows(*horizon)
    ]
    assert shuffled.releases(*horizon) == base.releases(*horizon)


@given(
    st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 1, 1)),
    st.integers(min_value=1, max_value=400),
    st.integers(min_value=1, max_value=400),
)
def test_consecutive_horizons_neither_repeat_nor_lose_windows(
    start: date, first: int, second: int
) -> None:
    scenario = Scenario.load(EXAMPLE)
    middle = start + timedelta(days=first)
    end = middle + timedelta(days=second)
    whole = scenario.windows(start, end)
    assert scenario.windows(start, middle) + scenario.windows(middle, end) == whole


# -- ids stay unique in what expansion returns ------------------------------------------------


def _ris() -> ReleaseTrain:
    return ReleaseTrain(
        id="ris", subsystem="RIS", schedule=Schedule.nth_weekday(2, "WE"), downtime="PT15M"
    )


@pytest.mark.parametrize("window_id", ["ris", "ris-2027-01-13", "ris-2027-01-13T100000"])
def test_one_off_window_ids_cannot_be_generated_window_ids(window_id: str) -> None:
    extra = {"id": window_id, "subsystem": "RIS", "start": "2027-01-13T22:00", "duration": "PT1H"}
    with pytest.raises(InputError) as caught:
        Scenario(name="t", timezone="UTC", trains=[_ris()], windows=[extra])
    assert caught.value.errors[0].path == "windows[0].id"
    assert "another id" in caught.value.errors[0].message


def test_one_off_window_ids_may_start_with_a_train_id() -> None:
    extra = {
        "id": "ris-vendor",
        "subsystem": "RIS",
        "start": "2027-01-13T22:00",
        "duration": "PT1H",
    }
    scenario = Scenario(name="t", timezone="UTC", trains=[_ris()], windows=[extra])
    ids = [w.id for w in scenario.windows(date(2027, 1, 1), date(2027, 2, 1))]
    assert ids == ["ris-2027-01-13", "ris-vendor"]


def test_two_calendars_of_one_country_need_their_own_ids() -> None:
    both = [
        {"country": "US", "scope": ["RIS"], "days_after": 1},
        {"country": "US", "scope": ["PACS"]},
    ]
    trains = [_ris(), _ris().model_copy(update={"id": "pacs", "subsystem": "PACS"})]
    with pytest.raises(InputError) as caught:
        Scenario(name="t", timezone="UTC", trains=trains, holidays=both)
    assert caught.value.errors[0].path == "holidays[1].id"
    named = [both[0], {**both[1], "id": "holiday-US-pacs"}]
    scenario = Scenario(name="t", timezone="UTC", trains=trains, holidays=named)
    ids = {p.blackout for p in scenario.blackout_periods(date(2027, 7, 1), date(2027, 7, 8))}
    assert ids == {
        "holiday-US-2027-07-04",
        "holiday-US-2027-07-05",
        "holiday-US-pacs-2027-07-04",
        "holiday-US-pacs-2027-07-05",
    }


def test_an_explicit_blackout_cannot_take_a_holiday_id() -> None:
    clash = {"id": "holiday-US-2027-01-01", "reason": "other", "start": "2027-01-01"}
    with pytest.raises(InputError) as caught:
        Scenario(
            name="t",
            timezone="UTC",
            trains=[_ris()],
            blackouts=[clash],
            holidays=[{"country": "US"}],
        )
    assert caught.value.errors[0].path == "blackouts[0].id"


def test_an_explicit_blackout_may_share_the_holiday_prefix_when_it_cannot_clash() -> None:
    week = {"id": "holiday-US-thanksgiving-week", "reason": "other", "start": "2027-11-22"}
    scenario = Scenario(
        name="t", timezone="UTC", trains=[_ris()], blackouts=[week], holidays=[{"country": "US"}]
    )
    assert scenario.blackouts[0].id == "holiday-US-thanksgiving-week"
