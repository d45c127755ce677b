"""The expansion fast path (dates stepped by arithmetic, local times turned into instants
with the zone's offset changes found once) gives exactly what the general path gives
(dateutil for the dates, zoneinfo for every local time), in zones with odd clock changes."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from zoneinfo import ZoneInfo

from hypothesis import given, settings
from hypothesis import strategies as st

from maintwin import Blackout, OneOffWindow, ReleaseTrain, Scenario, Schedule
from maintwin._expansion.windows import expand, expand_windows, windows_and_days
from maintwin._model.schedule import matches
from maintwin._zone_changes import LocalClock
from maintwin._zones import zone

from .draws import draws

ZONES = (
    "Australia/Lord_Howe",  # 30-minute DST
    "Pacific/Chatham",
    "Africa/Casablanca",  # DST off for Ramadan
    "America/Chicago",
    "Europe/London",
    "Europe/Berlin",
    "Asia/Kolkata",
    "America/Sao_Paulo",
    "Pacific/Apia",
    "Asia/Tehran",
    "America/St_Johns",
    "Australia/Adelaide",
    "Pacific/Kiritimati",
    "Asia/Kathmandu",
    "Europe/Dublin",  # negative DST in tzdata
    "America/Santiago",
    "Asia/Gaza",
    "Antarctica/Troll",  # a two-hour change
    "Pacific/Auckland",
    "UTC",
)
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
# Times in or next to the clock changes' gaps and repeated hours, and any time at all.
_EDGES = [time(0), time(0, 30), time(1), time(1, 30), time(2), time(2, 15), time(2, 30)]
TIMES = st.sampled_from(
    [*_EDGES, time(3), time(1, 59, 59), time(23, 30), time(23, 59, 59), time(12)]
) | st.times().map(lambda t: t.replace(microsecond=0))


@st.composite
def rules(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["weekly", "daily", "nth", "last", "setpos"]))
    days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=3, unique=True))
    if kind == "weekly":
        text = "FREQ=WEEKLY;BYDAY=" + ",".join(days)
        if draw(st.booleans()):
            text += f";WKST={draw(st.sampled_from(WEEKDAYS))}"
    elif kind == "daily":
        text = "FREQ=DAILY" + (";BYDAY=" + ",".join(days) if draw(st.booleans()) else "")
    elif kind == "nth":
        n = draw(st.sampled_from([1, 2, 3, 4, 5, -2, -5]))
        text = f"FREQ=MONTHLY;BYDAY={n}{days[0]}"
    elif kind == "last":
        text = "FREQ=MONTHLY;BYDAY=" + ",".join(f"-1{d}" for d in days)
    else:
        text = (
            "FREQ=MONTHLY;BYDAY="
            + ",".join(days)
            + f";BYSETPOS={draw(st.sampled_from([1, -1, 2]))}"
        )
    if draw(st.booleans()):
        text += f";INTERVAL={draw(st.integers(2, 5))}"
    if draw(st.booleans()):
        text += f";COUNT={draw(st.integers(1, 40))}"
    return text


@st.composite
def schedules(draw: st.DrawFn) -> Schedule:
    rule = draw(rules())
    starts = draw(st.dates(date(2024, 1, 1), date(2028, 12, 31)))
    ends = draw(st.none() | st.integers(0, 1500).map(lambda n: starts + timedelta(days=n)))
    return Schedule(
        rrule=rule,
        at=draw(TIMES),
        timezone=draw(st.sampled_from(ZONES)),
        starts_on=starts if "INTERVAL" in rule or "COUNT" in rule or draw(st.booleans()) else None,
        ends_on=ends,
        offset_days=draw(st.integers(-6, 6)),
    )


def _exact(rows: list[tuple[datetime, datetime, datetime, date, bool]]) -> list[object]:
    """Each match with what equality leaves out: offsets, folds and zones."""
    return [
        (row, [m.isoformat() for m in row[:3]], [m.fold for m in row[:3]], row[1].tzinfo)
        for row in rows
    ]


HORIZON = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2029, 1, 1, tzinfo=UTC))


@given(schedule=schedules())
def test_the_fast_path_gives_the_matches_of_the_general_path(schedule: Schedule) -> None:
    lo, hi = HORIZON
    assert schedule.timezone is not None
    clock = LocalClock(zone(schedule.timezone), lo - timedelta(days=9), hi + timedelta(days=9))
    common = {"timezone": None, "max_occurrences": 100_000, "owner": "s"}
    fast = matches(schedule, lo, hi, clock=clock, **common)  # type: ignore[arg-type]
    general = matches(schedule, lo, hi, fast=False, **common)  # type: ignore[arg-type]
    assert _exact(fast) == _exact(general)


# Each draw expands four years of a daily train and up to four others, twice: 30 draws.
@settings(max_examples=draws(30))
@given(
    trains=st.lists(schedules(), min_size=1, max_size=4),
    downtime=st.sampled_from(["PT15M", "PT90M", "P1D"]),
)
def test_the_fast_path_gives_the_windows_and_releases_of_the_general_path(
    trains: list[Schedule], downtime: str
) -> None:
    scenario = Scenario(
        name="fast",
        timezone="UTC",
        trains=[
            # Daily trains: enough matches in one zone for the zone's clock to be made.
            ReleaseTrain(id=f"t{i}", subsystem=f"S{i}", schedule=s, downtime=downtime)
            for i, s in enumerate([*trains, Schedule(rrule="FREQ=DAILY", at="02:30")])
        ],
    )
    lo, hi = HORIZON
    fast = expand(scenario, lo, hi)
    general = expand(scenario, lo, hi, fast=False)
    assert [r.model_dump_json() for r in fast[0]] == [r.model_dump_json() for r in general[0]]
    assert [w.model_dump_json() for w in fast[1]] == [w.model_dump_json() for w in general[1]]
    # The windows alone (Scenario.windows) are made without the releases' rows: the same.
    alone = expand_windows(scenario, lo, hi)
    assert [w.model_dump_json() for w in alone] == [w.model_dump_json() for w in general[1]]


@settings(max_examples=draws(30))
@given(
    trains=st.lists(schedules(), min_size=1, max_size=4),
    blocked=st.lists(st.integers(min_value=0, max_value=60), max_size=6),
    one_offs=st.lists(st.integers(min_value=0, max_value=60), max_size=3),
)
def test_the_windows_alone_are_the_windows_of_the_releases_and_of_planning(
    trains: list[Schedule], blocked: list[int], one_offs: list[int]
) -> None:
    """Scenario.windows() skips the releases; plan's expansion keeps their days; expand()
    builds them: all three give the same windows, blocked alike, with one-off windows among
    them (starting when a train's window does, at 02:30, or at any drawn day's noon)."""
    first = HORIZON[0].date()
    scenario = Scenario(
        name="alone",
        timezone="Europe/London",
        trains=[
            ReleaseTrain(id=f"t{i}", subsystem=f"S{i % 2}", schedule=s, downtime="PT15M")
            for i, s in enumerate([*trains, *[Schedule(rrule="FREQ=DAILY", at="02:30")] * 2])
        ],
        blackouts=[
            Blackout(
                id=f"b{k}",
                reason="other",
                start=first + timedelta(days=day),
                scope=None if k % 3 == 0 else [f"S{k % 2}"],
            )
            for k, day in enumerate(blocked)
        ],
        one_off_windows=[
            OneOffWindow(
                id=f"w{k}",
                subsystem=f"S{k % 2}",
                start=datetime.combine(first + timedelta(days=day), time(2, 30) if k else time(12)),
                duration="PT15M",
            )
            for k, day in enumerate(one_offs)
        ],
    )
    lo, hi = HORIZON
    made = [w.model_dump_json() for w in expand(scenario, lo, hi)[1]]
    assert [w.model_dump_json() for w in scenario.windows(lo, hi)] == made
    planned = windows_and_days(scenario, lo, hi).windows
    assert [w.model_dump_json() for w in planned] == made
    # Each subsystem has a daily window, so every blackout blocks one.
    assert any(w.blocked for w in scenario.windows(lo, hi)) == bool(blocked)


def _steps(tz: ZoneInfo, lo: datetime, hi: datetime) -> Iterator[datetime]:
    """Every quarter hour from ``lo`` to ``hi`` (naive local times) on the days next to a change
    of ``tz``'s offset (by zoneinfo: the offset at one midnight is not that of the next), and
    every hour on the other days, where the offset is the same all day."""

    one = timedelta(days=1)
    count = (hi - lo) // one
    midnights = [lo + k * one for k in range(-1, count + 2)]  # from the day before lo
    offsets = [m.replace(tzinfo=tz).utcoffset() for m in midnights]
    pairs = zip(midnights[:-1], pairwise(offsets), strict=True)
    changes = {m for m, (a, b) in pairs if a != b}  # a change in [m, m + 1 day)
    for day in midnights[1 : count + 1]:
        near = bool(changes & {day - one, day, day + one})
        step = timedelta(minutes=15 if near else 60)
        local = day
        while local < day + one:
            yield local
            local += step


def test_a_clock_turns_every_quarter_hour_near_a_change_into_the_instant_zoneinfo_gives() -> None:
    for name in ZONES:
        tz = zone(name)
        clock = LocalClock(tz, datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
        for local in _steps(tz, datetime(2026, 1, 1), datetime(2027, 1, 1)):
            aware = local.replace(tzinfo=tz, fold=0)
            instant = aware.astimezone(UTC)
            settled = instant.astimezone(tz)
            got = clock.settle(local)
            assert got == (settled, instant, settled.utcoffset() != aware.utcoffset()), local
            assert got[0].isoformat() == settled.isoformat()
