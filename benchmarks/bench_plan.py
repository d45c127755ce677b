"""Planner figures at scale: wall time and peak memory of `plan` and of `check`.

2,000 subsystems with weekly windows over three years (about 300,000 windows), 150,000 changes
and 20,000 blackouts; measured at a quarter, a half and the whole of that, so that each step
doubles every size and shows how the time grows. Each size runs in a process of its own, so
that its maximum resident set size (taken after the untraced `plan` and `check`, before the
runs under ``tracemalloc``) is its own.
Run with ``make bench``; prints figures, asserts nothing.
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bench_expand import weekly_trains

import maintwin
from maintwin import Blackout, Change, Scenario

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
                short_notice=rnd.random() < 0.05,
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


SIZES = [(500, 37_500, 5_000), (1_000, 75_000, 10_000), (2_000, 150_000, 20_000)]


def measure(subsystems: int, changes: int, blackouts: int) -> dict[str, float] | None:
    """Time `plan` and `check` once each, take the maximum resident set size, then run both
    again under ``tracemalloc`` for their peak memory (tracing slows the code it traces)."""
    s = scenario(subsystems, changes, blackouts)
    began = time.perf_counter()
    plan = maintwin.plan(s, START, END, now=NOW)
    plan_s = time.perf_counter() - began
    began = time.perf_counter()
    found = maintwin.check(plan)
    check_s = time.perf_counter() - began
    if found != list(plan.conflicts):
        return None
    rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**10  # KiB on Linux
    peaks = []
    for call in (lambda: maintwin.plan(s, START, END, now=NOW), lambda: maintwin.check(plan)):
        tracemalloc.start()
        call()
        peaks.append(tracemalloc.get_traced_memory()[1] / 2**20)
        tracemalloc.stop()
    return {
        "windows": len(plan.windows),
        "placed": len(plan.assignments),
        "plan_s": plan_s,
        "check_s": check_s,
        "plan_mib": peaks[0],
        "check_mib": peaks[1],
        "rss_mib": rss_mib,
    }


def main(argv: list[str]) -> int:
    if "--size" in argv:  # one size, in this process: print its figures as JSON
        found = measure(*SIZES[int(argv[argv.index("--size") + 1])])
        print(json.dumps(found))
        return 0 if found else 1
    count = 2 if "--quick" in argv else len(SIZES)
    print("planner: weekly windows over 3 years (2027-2030), scoped whole-day blackouts")
    print(
        f"{'subsystems':>10} {'changes':>8} {'blackouts':>9} {'windows':>8} {'placed':>8}"
        f" {'plan s':>7} {'plan MiB':>9} {'check s':>8} {'check MiB':>9} {'max RSS MiB':>11}"
    )
    previous: dict[str, float] | None = None
    for index, (subsystems, changes, blackouts) in enumerate(SIZES[:count]):
        run = subprocess.run(
            [sys.executable, __file__, "--size", str(index)],
            capture_output=True,
            text=True,
            check=False,
        )
        if run.returncode:
            print(run.stdout, run.stderr, "check() disagrees with plan(), or it failed: a bug")
            return 1
        row = json.loads(run.stdout.splitlines()[-1])
        ratio = ""
        if previous:
            ratio = (
                f"  x{row['plan_s'] / previous['plan_s']:.2f}"
                f" / x{row['check_s'] / previous['check_s']:.2f} when doubled"
            )
        print(
            f"{subsystems:>10} {changes:>8} {blackouts:>9} {row['windows']:>8}"
            f" {row['placed']:>8} {row['plan_s']:>7.2f} {row['plan_mib']:>9.0f}"
            f" {row['check_s']:>8.2f} {row['check_mib']:>9.0f} {row['rss_mib']:>11.0f}{ratio}"
        )
        previous = row
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
