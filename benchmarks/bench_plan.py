"""Planner figures at scale: wall time and peak memory of `plan` and of `check`.

2,000 subsystems with weekly windows over three years (about 300,000 windows), 150,000 changes
and 20,000 blackouts; measured at a quarter, a half and the whole of that, so that each step
doubles every size and shows how the time grows.
Run with ``make bench``; prints figures, asserts nothing.
"""

from __future__ import annotations

import random
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bench_expand import timed, weekly_trains

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


def main(argv: list[str]) -> int:
    sizes = [(500, 37_500, 5_000), (1_000, 75_000, 10_000), (2_000, 150_000, 20_000)]
    if "--quick" in argv:
        sizes = sizes[:2]
    print("planner: weekly windows over 3 years (2027-2030), scoped whole-day blackouts")
    print(
        f"{'subsystems':>10} {'changes':>8} {'blackouts':>9} {'windows':>8} {'placed':>8}"
        f" {'plan s':>7} {'plan MiB':>9} {'check s':>8} {'check MiB':>9}"
    )
    previous: tuple[float, float] | None = None
    for subsystems, changes, blackouts in sizes:
        s = scenario(subsystems, changes, blackouts)
        plan, plan_s, plan_mib = timed(lambda: maintwin.plan(s, START, END, now=NOW))  # noqa: B023
        found, check_s, check_mib = timed(lambda: maintwin.check(plan))  # noqa: B023
        if found != list(plan.conflicts):
            print("check() disagrees with plan(): a bug")
            return 1
        ratio = ""
        if previous:
            ratio = f"  x{plan_s / previous[0]:.2f} / x{check_s / previous[1]:.2f} when doubled"
        print(
            f"{subsystems:>10} {changes:>8} {blackouts:>9} {len(plan.windows):>8}"
            f" {len(plan.assignments):>8} {plan_s:>7.2f} {plan_mib:>9.0f} {check_s:>8.2f}"
            f" {check_mib:>9.0f}{ratio}"
        )
        previous = (plan_s, check_s)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
