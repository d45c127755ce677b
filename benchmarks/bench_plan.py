"""Planner figures at scale: wall time and peak memory of `plan` and of `check`.

2,000 subsystems with weekly windows over three years (about 300,000 windows), 150,000 changes
and 20,000 blackouts; measured at a quarter, a half and the whole of that, so that each step
doubles every size and shows how the time grows. Each size is measured again with staffing:
ten people per subsystem (20,000 at the whole size) in a weekly on-call rotation of the
subsystem's role, each window needing the person on call and a backup, and two weeks of leave
a year for one person in ten. Each size runs in a process of its own, so
that its maximum resident set size (taken after the untraced `plan` and `check`, before the
runs under ``tracemalloc``) is its own.
The notices a plan calls for are counted. The time of each phase of `plan` (expansion,
building the problem, the solver, diagnosing what is left unplaced, crews, notices, conflicts,
the result) and of `check` (expansion, notices, conflicts) is taken in a third run of each,
through their private phase hook, and the time (and the untraced `plan` and `check` times)
of each size against the size before it ("when doubled").
Run with ``make bench``; prints figures, asserts nothing.
"""

from __future__ import annotations

import gc
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench_expand import weekly_trains

import maintwin
from maintwin import (
    Blackout,
    Change,
    DateRange,
    Person,
    Rotation,
    Scenario,
    Schedule,
    ShortNotice,
    Staffing,
)
from maintwin._planning.laps import Lap

START, END = date(2027, 1, 1), date(2030, 1, 1)
NOW = datetime(2026, 12, 1, tzinfo=ZoneInfo("America/Chicago"))


def scenario(subsystems: int, changes: int, blackouts: int, seed: int = 7) -> Scenario:
    """A seeded scenario: one weekly train per subsystem, whole-day scoped blackouts, and
    changes with lead times, deadlines, priorities and short chains of dependencies."""
    rnd = random.Random(seed)
    span = (END - START).days
    made: list[Change] = []
    for i in range(changes):
        subsystem = rnd.randrange(subsystems)
        requested = START - timedelta(days=rnd.randrange(0, 400))
        deadline = START + timedelta(days=rnd.randrange(60, span)) if rnd.random() < 0.3 else None
        depends = ()
        if i and rnd.random() < 0.2:
            depends = (made[rnd.randrange(max(0, i - 50), i)].id,)
        made.append(
            Change.model_construct(
                id=f"C{i}",
                title="",
                subsystem=f"S{subsystem}",
                duration=timedelta(minutes=rnd.choice((2, 3, 4, 5, 8))),
                requested_on=requested,
                earliest=None,
                deadline=deadline,
                priority=rnd.randint(1, 9),
                depends_on=depends,
                short_notice=ShortNotice() if rnd.random() < 0.05 else None,
                pin=None,
                steps=(),
            )
        )
    return Scenario(
        name="bench",
        timezone="America/Chicago",
        trains=weekly_trains(subsystems),
        blackouts=[
            Blackout(
                id=f"b{i}",
                reason="other",
                start=START + timedelta(days=rnd.randrange(span)),
                scope=[f"S{rnd.randrange(subsystems)}"],
            )
            for i in range(blackouts)
        ],
        changes=made,
    )


TEAM = 10  # people per subsystem when staffed


def staffed(s: Scenario, seed: int = 11) -> Scenario:
    """``s`` with a team of ``TEAM`` people per subsystem in a weekly rotation (hand-off on
    Mondays at 09:00), each window needing the one on call and a backup, and two weeks of leave
    a year for one person in ten."""
    rnd = random.Random(seed)
    years = range(START.year, END.year)
    people: list[Person] = []
    rotations: list[Rotation] = []
    staffing: list[Staffing] = []
    for train in s.trains:
        role = f"r{train.subsystem}"
        team = [f"{train.subsystem}p{k}" for k in range(TEAM)]
        for pid in team:
            leave = ()
            if rnd.random() < 0.1:
                leave = tuple(
                    DateRange(
                        start=(first := date(y, 1, 1) + timedelta(days=rnd.randrange(350))),
                        end=first + timedelta(days=14),
                    )
                    for y in years
                )
            people.append(Person(id=pid, roles=(role,), unavailable=leave))
        rotations.append(
            Rotation(
                id=f"rot{train.subsystem}",
                role=role,
                people=tuple(team),
                handoff=Schedule(
                    rrule="FREQ=WEEKLY;BYDAY=MO", at="09:00", starts_on=date(2026, 12, 28)
                ),
            )
        )
        staffing.append(Staffing(train=train.id, needs={role: 1}, backups={role: 1}))
    return s.model_copy(
        update={"people": tuple(people), "rotations": tuple(rotations), "staffing": tuple(staffing)}
    )


SIZES = [(500, 37_500, 5_000), (1_000, 75_000, 10_000), (2_000, 150_000, 20_000)]


def measure(
    subsystems: int, changes: int, blackouts: int, with_staff: bool = False
) -> dict[str, float] | None:
    """Time `plan` and `check` once each, take the maximum resident set size, then run both
    again under ``tracemalloc`` for their peak memory (tracing slows the code it traces)."""
    s = scenario(subsystems, changes, blackouts)
    if with_staff:
        s = staffed(s)
    began = time.perf_counter()
    plan = maintwin.plan(s, START, END, now=NOW)
    plan_s = time.perf_counter() - began
    began = time.perf_counter()
    found = maintwin.check(plan)
    check_s = time.perf_counter() - began
    if found != list(plan.conflicts):
        return None
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    plan_phases, plan_gc = phases(lambda lap: maintwin.plan(s, START, END, now=NOW, _lap=lap))
    check_phases, check_gc = phases(lambda lap: maintwin.check(plan, _lap=lap))
    peaks = []
    for call in (lambda: maintwin.plan(s, START, END, now=NOW), lambda: maintwin.check(plan)):
        tracemalloc.start()
        call()
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    return {
        "windows": len(plan.windows),
        "blocked": sum(w.blocked for w in plan.windows),
        "placed": len(plan.assignments),
        "notices": len(plan.notices),
        "plan_s": plan_s,
        "check_s": check_s,
        "plan_mib": peaks[0],
        "check_mib": peaks[1],
        "rss_mib": rss_mib,
        "plan_phases": plan_phases,
        "plan_gc_s": plan_gc,
        "check_phases": check_phases,
        "check_gc_s": check_gc,
    }


def phases(call: Callable[[Lap], object]) -> tuple[dict[str, float], float]:
    """The seconds of each phase of ``call`` (told through its ``lap``), and the seconds the
    cyclic garbage collector took in all (from ``gc.callbacks``)."""
    times: dict[str, float] = {}
    collecting = [0.0, 0.0]  # when the current collection began, and the total

    def collector(stage: str, info: dict[str, int]) -> None:
        if stage == "start":
            collecting[0] = time.perf_counter()
        else:
            collecting[1] += time.perf_counter() - collecting[0]

    last = time.perf_counter()

    def lap(phase: str) -> None:
        nonlocal last
        at = time.perf_counter()
        times[phase] = at - last
        last = at

    gc.callbacks.append(collector)
    try:
        call(lap)
    finally:
        gc.callbacks.remove(collector)
    return times, collecting[1]


def main(argv: list[str]) -> int:
    if "--size" in argv:  # one size, in this process: print its figures as JSON
        found = measure(*SIZES[int(argv[argv.index("--size") + 1])], "--staffed" in argv)
        print(json.dumps(found))
        return 0 if found else 1
    count = 2 if "--quick" in argv else len(SIZES)
    print("planner: weekly windows over 3 years (2027-2030), scoped whole-day blackouts")
    print(f"staffed: {TEAM} people per subsystem in a weekly rotation, on call + a backup")
    print(
        f"{'subsystems':>10} {'changes':>8} {'people':>7} {'windows':>8} {'blocked':>7}"
        f" {'placed':>8} {'plan s':>7} {'plan MiB':>9} {'check s':>8} {'check MiB':>9}"
        f" {'max RSS MiB':>11} {'notices':>8}"
    )
    previous: dict[bool, dict[str, Any]] = {}
    details: list[str] = []
    for index, (subsystems, changes, _) in enumerate(SIZES[:count]):
        for with_staff in (False, True):
            run = subprocess.run(
                [sys.executable, __file__, "--size", str(index)]
                + (["--staffed"] if with_staff else []),
                capture_output=True,
                text=True,
                check=False,
            )
            if run.returncode:
                print(run.stdout, run.stderr, "check() disagrees with plan(), or it failed: a bug")
                return 1
            row = json.loads(run.stdout.splitlines()[-1])
            note = ""
            if with_staff:
                note = (
                    f"  staffed x{row['plan_s'] / previous[False]['plan_s']:.2f}"
                    f" / x{row['check_s'] / previous[False]['check_s']:.2f}"
                )
            before = previous.get(with_staff) if index else None
            if before is not None:
                note += (
                    f"  x{row['plan_s'] / before['plan_s']:.2f}"
                    f" / x{row['check_s'] / before['check_s']:.2f} when doubled"
                )
            people = subsystems * TEAM if with_staff else 0
            print(
                f"{subsystems:>10} {changes:>8} {people:>7} {row['windows']:>8}"
                f" {row['blocked']:>7} {row['placed']:>8} {row['plan_s']:>7.2f}"
                f" {row['plan_mib']:>9.0f} {row['check_s']:>8.2f} {row['check_mib']:>9.0f}"
                f" {row['rss_mib']:>11.0f} {row['notices']:>8}{note}"
            )
            for call in ("plan", "check"):
                details.append(
                    f"{subsystems:>10} {people:>7} {call:>5}: " + phase_line(row, before, call)
                )
            previous[with_staff] = row
    print("seconds by phase (a third run of each; x: against the size before it), and in the")
    print("cyclic garbage collector (part of the phases' time)")
    print("\n".join(details))
    return 0


def phase_line(row: dict[str, Any], before: dict[str, Any] | None, call: str) -> str:
    """``expansion 1.20 (x2.10), ...`` for ``call`` ("plan" or "check") of ``row``."""
    parts = []
    for name, took in [*row[f"{call}_phases"].items(), ("gc", row[f"{call}_gc_s"])]:
        was = None
        if before is not None:
            was = before[f"{call}_gc_s"] if name == "gc" else before[f"{call}_phases"].get(name)
        ratio = f" (x{took / was:.2f})" if was else ""
        parts.append(f"{name} {took:.2f}{ratio}")
    return ", ".join(parts)


if __name__ == "__main__":
    sys.exit(main(sys.argv))
