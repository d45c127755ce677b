"""Planner quality: the default (greedy) solver against the exact optimum of CP-SAT.

200 seeded random instances small enough for CP-SAT: up to 40 changes and 12 windows, with
blackouts, dependencies, deadlines, priorities, lead times and short-notice changes. Prints how
often greedy reaches the optimum and the worst gap on each level of the objective.
Run with ``make bench`` (needs ``maintwin[exact]``); prints figures, asserts nothing.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import maintwin
from maintwin import Blackout, Change, ReleaseTrain, Scenario, Schedule, ShortNotice

START, END = date(2027, 1, 1), date(2028, 1, 1)
NOW = datetime(2026, 12, 1, tzinfo=ZoneInfo("America/Chicago"))
INSTANCES = 200


def instance(seed: int) -> Scenario:
    """One random instance: a monthly 15-minute window (12 in the horizon), some blocked."""
    rnd = random.Random(seed)
    count = rnd.randint(10, 40)
    changes: list[Change] = []
    for i in range(count):
        requested = START - timedelta(days=rnd.randrange(0, 240))
        deadline = None
        if rnd.random() < 0.4:
            deadline = START + timedelta(days=rnd.randrange(30, 365))
        depends = ()
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
    return Scenario(
        name=f"quality-{seed}",
        timezone="America/Chicago",
        trains=[
            ReleaseTrain(
                id="ris",
                subsystem="RIS",
                schedule=Schedule.nth_weekday(rnd.randint(1, 4), "WE", at="10:00"),
                downtime="PT15M",
            )
        ],
        blackouts=blackouts,
        changes=changes,
    )


def gap(best: int, got: int) -> float:
    return (best - got) / best if best else 0.0


def main() -> int:
    optimal = first_two = 0
    worst_on_time = worst_placed = worst_delay = 0.0
    greedy_s = exact_s = 0.0
    for seed in range(INSTANCES):
        scenario = instance(seed)
        began = time.perf_counter()
        greedy = maintwin.score(maintwin.plan(scenario, START, END, now=NOW))
        greedy_s += time.perf_counter() - began
        began = time.perf_counter()
        exact = maintwin.score(maintwin.plan(scenario, START, END, now=NOW, solver="exact"))
        exact_s += time.perf_counter() - began
        if greedy.key() > exact.key():
            print(f"seed {seed}: greedy {greedy} beats exact {exact}: exact solver is wrong")
            return 1
        optimal += greedy == exact
        first_two += greedy[:2] == exact[:2]
        worst_on_time = max(worst_on_time, gap(exact.on_time, greedy.on_time))
        if greedy.on_time == exact.on_time:
            worst_placed = max(worst_placed, gap(exact.placed, greedy.placed))
            if greedy.placed == exact.placed and greedy.delay > exact.delay:
                worst_delay = max(worst_delay, (greedy.delay - exact.delay) / max(exact.delay, 1))
    print(f"quality: greedy against CP-SAT, {INSTANCES} seeded instances (10-40 changes)")
    share = optimal / INSTANCES
    print(f"  optimum reached on all three levels: {optimal}/{INSTANCES} ({share:.1%})")
    print(f"  optimum on the on-time and placed levels: {first_two}/{INSTANCES}")
    print(f"  worst gap in on-time priority weight: {worst_on_time:.1%}")
    print(f"  worst gap in placed weight (on-time level equal): {worst_placed:.1%}")
    print(f"  worst excess weighted delay (first two levels equal): {worst_delay:.1%}")
    print(f"  time: greedy {greedy_s:.2f} s in all, exact {exact_s:.2f} s in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
