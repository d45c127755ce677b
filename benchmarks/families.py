"""Seeded instance families for the planner's quality benchmark (pure, deterministic).

Each family draws planning instances from a seeded :class:`random.Random`: the same family and
seed always give the same scenario. Every instance has 12 to 36 windows and (apart from the
original family) 20 to 60 changes, with dependencies and deadlines:

* ``original``: the benchmark's first 200 instances (one monthly 15-minute window, 10 to 40
  changes of 1 to 6 minutes, up to six blocked days);
* ``realistic``: one or two monthly 15-minute windows over one to two years, changes of 2 to 10
  minutes, demand 0.5 to 1.1 times the room;
* ``tight``: one monthly window over a year, demand 1.2 to 2 times the room;
* ``subsystems``: two or three subsystems, 20 to 40% of each one's windows blocked by a
  blackout of its own, dependencies across subsystems;
* ``ties``: many priority ties (two priorities, or one), durations of 3, 5 or 10 minutes.

Used by ``benchmarks/bench_quality.py``; each instance plans over ``[START, END)`` of its own
(:func:`horizon`) at ``NOW``.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from maintwin import Blackout, Change, ReleaseTrain, Scenario, Schedule, ShortNotice

__all__ = ["FAMILIES", "NOW", "START", "Instance", "draw", "instances"]

START = date(2027, 1, 1)
NOW = datetime(2026, 12, 1, tzinfo=ZoneInfo("America/Chicago"))
ZONE = "America/Chicago"
WINDOW_MINUTES = 15


@dataclass(frozen=True)
class Instance:
    """One instance: its family, seed, scenario and horizon."""

    family: str
    seed: int
    scenario: Scenario
    start: date
    end: date


def _original(rnd: random.Random, seed: int) -> tuple[Scenario, date]:
    """One instance of the benchmark's first family (kept exactly as it was drawn)."""
    count = rnd.randint(10, 40)
    changes: list[Change] = []
    for i in range(count):
        requested = START - timedelta(days=rnd.randrange(0, 240))
        deadline = None
        if rnd.random() < 0.4:
            deadline = START + timedelta(days=rnd.randrange(30, 365))
        depends: tuple[str, ...] = ()
        if i and rnd.random() < 0.2:
            depends = (changes[rnd.randrange(i)].id,)
        changes.append(
            Change(
                id=f"C{i:02d}",
                subsystem="RIS",
                duration=timedelta(minutes=rnd.randint(1, 6)),
                requested_on=requested,
                deadline=deadline,
                priority=rnd.randint(1, 9),
                depends_on=depends,
                short_notice=ShortNotice() if rnd.random() < 0.1 else None,
            )
        )
    blackouts = [
        Blackout(id=f"b{i}", reason="freeze", start=START + timedelta(days=rnd.randrange(365)))
        for i in range(rnd.randint(0, 6))
    ]
    train = ReleaseTrain(
        id="ris",
        subsystem="RIS",
        schedule=Schedule.nth_weekday(rnd.randint(1, 4), "WE", at="10:00"),
        downtime="PT15M",
    )
    scenario = Scenario(
        name=f"quality-{seed}",
        timezone=ZONE,
        trains=[train],
        blackouts=blackouts,
        changes=changes,
    )
    return scenario, date(2028, 1, 1)


_DAYS = ("MO", "TU", "WE", "TH", "FR")


def _trains(rnd: random.Random, subsystems: list[str], per: int) -> list[ReleaseTrain]:
    """``per`` monthly 15-minute trains for each subsystem, on distinct n-th weekdays."""
    trains = []
    for name in subsystems:
        slots = rnd.sample([(n, d) for n in (1, 2, 3, 4) for d in _DAYS], per)
        for k, (n, day) in enumerate(slots):
            trains.append(
                ReleaseTrain(
                    id=f"{name.lower()}-{k}",
                    subsystem=name,
                    schedule=Schedule.nth_weekday(n, day, at=f"{rnd.choice((9, 10, 14)):02d}:00"),
                    downtime=f"PT{WINDOW_MINUTES}M",
                )
            )
    return trains


def _changes(
    rnd: random.Random,
    subsystems: list[str],
    count: int,
    end: date,
    *,
    durations: Callable[[], int],
    priorities: Callable[[], int],
    cross: float = 0.0,
) -> list[Change]:
    """``count`` changes over ``subsystems``: lead times that matter, 40% with deadlines, 25%
    with a prerequisite (of another subsystem with probability ``cross``), 10% short notice."""
    days = (end - START).days
    changes: list[Change] = []
    for i in range(count):
        subsystem = subsystems[i % len(subsystems)]
        requested = START - timedelta(days=rnd.randrange(0, 300))
        deadline = None
        if rnd.random() < 0.4:
            deadline = START + timedelta(days=rnd.randrange(20, days))
        depends: tuple[str, ...] = ()
        if i and rnd.random() < 0.25:
            same = [c for c in changes if c.subsystem == subsystem]
            pool = changes if (rnd.random() < cross or not same) else same
            depends = (pool[rnd.randrange(len(pool))].id,)
        changes.append(
            Change(
                id=f"C{i:02d}",
                subsystem=subsystem,
                duration=timedelta(minutes=durations()),
                requested_on=requested,
                deadline=deadline,
                priority=priorities(),
                depends_on=depends,
                short_notice=ShortNotice() if rnd.random() < 0.1 else None,
            )
        )
    return changes


def _count(rnd: random.Random, windows: int, demand: tuple[float, float], mean: float) -> int:
    """How many changes of ``mean`` minutes make ``demand`` times the room (20 to 60)."""
    ratio = rnd.uniform(*demand)
    return max(20, min(60, round(ratio * windows * WINDOW_MINUTES / mean)))


def _packing(rnd: random.Random, seed: int, family: str) -> tuple[Scenario, date]:
    """One instance of the realistic, tight or ties family."""
    years = 1 if family == "tight" else rnd.choice((1, 2))  # tight: 36-60 changes in 12
    per = 1 if years == 2 or family == "tight" else rnd.choice((1, 2))
    windows = 12 * years * per
    end = date(START.year + years, 1, 1)
    if family == "ties":
        lengths = (3, 5, 10)
        ties = rnd.sample(range(1, 10), rnd.choice((1, 2)))
        count = _count(rnd, windows, (0.8, 1.6), 6.0)
        changes = _changes(
            rnd,
            ["RIS"],
            count,
            end,
            durations=lambda: rnd.choice(lengths),
            priorities=lambda: rnd.choice(ties),
        )
    else:
        demand = (1.2, 2.0) if family == "tight" else (0.5, 1.1)
        count = _count(rnd, windows, demand, 6.0)
        changes = _changes(
            rnd,
            ["RIS"],
            count,
            end,
            durations=lambda: rnd.randint(2, 10),
            priorities=lambda: rnd.randint(1, 9),
        )
    blackouts = [
        Blackout(id=f"b{i}", reason="freeze", start=START + timedelta(days=rnd.randrange(365)))
        for i in range(rnd.randint(0, 4))
    ]
    scenario = Scenario(
        name=f"{family}-{seed}",
        timezone=ZONE,
        trains=_trains(rnd, ["RIS"], per),
        blackouts=blackouts,
        changes=changes,
    )
    return scenario, end


def _subsystems(rnd: random.Random, seed: int) -> tuple[Scenario, date]:
    """One instance of the subsystems family: 2 or 3 lanes, 20 to 40% of windows blocked."""
    names = ["PACS", "RIS", "BIZ"][: rnd.choice((2, 3))]
    end = date(START.year + 1, 1, 1)
    trains = _trains(rnd, names, 1)
    bare = Scenario(name="bare", timezone=ZONE, trains=trains)
    blackouts = []
    for name in names:
        own = [w for w in bare.windows(START, end) if w.subsystem == name]
        blocked = rnd.sample(own, round(len(own) * rnd.uniform(0.2, 0.4)))
        for w in sorted(blocked, key=lambda w: w.id):
            day = w.start.date()
            blackouts.append(Blackout(id=f"b-{w.id}", reason="staffing", start=day, scope=(name,)))
    windows = 12 * len(names)
    count = _count(rnd, round(windows * 0.7), (0.7, 1.4), 6.0)
    changes = _changes(
        rnd,
        names,
        count,
        end,
        durations=lambda: rnd.randint(2, 10),
        priorities=lambda: rnd.randint(1, 9),
        cross=0.4,
    )
    scenario = Scenario(
        name=f"subsystems-{seed}",
        timezone=ZONE,
        trains=trains,
        blackouts=blackouts,
        changes=changes,
    )
    return scenario, end


def draw(family: str, seed: int) -> Instance:
    """The instance of ``family`` drawn with ``seed``."""
    rnd = random.Random(seed if family == "original" else f"{family}-{seed}")
    if family == "original":
        scenario, end = _original(rnd, seed)
    elif family == "subsystems":
        scenario, end = _subsystems(rnd, seed)
    else:
        scenario, end = _packing(rnd, seed, family)
    return Instance(family, seed, scenario, START, end)


FAMILIES: dict[str, int] = {
    "original": 200,
    "realistic": 50,
    "tight": 50,
    "subsystems": 50,
    "ties": 50,
}
"""Each family and how many instances the benchmark plans of it."""


def instances(family: str, count: int | None = None) -> Iterator[Instance]:
    """The first ``count`` instances of ``family`` (all of them by default), by seed."""
    for seed in range(FAMILIES[family] if count is None else count):
        yield draw(family, seed)
