"""Expansion figures: windows per second for many weekly trains with blackouts.

Run with ``make bench``; prints figures, asserts nothing.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from maintwin import Blackout, ReleaseTrain, Scenario, Schedule

T = TypeVar("T")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def weekly_trains(count: int) -> list[ReleaseTrain]:
    """One weekly train with a 15-minute window per subsystem ``S<i>``, on spread days and
    times. The planner benchmark uses them too."""
    return [
        ReleaseTrain(
            id=f"t{i}",
            subsystem=f"S{i}",
            schedule=Schedule.weekly(DAYS[i % 7], at=f"{i % 24:02d}:{(i * 7) % 60:02d}"),
            downtime="PT15M",
        )
        for i in range(count)
    ]


def timed(call: Callable[[], T]) -> tuple[T, float, float]:
    """The result of ``call()``, its wall time in seconds, and its peak memory in MiB, taken
    in a second run under ``tracemalloc`` (tracing slows the code it traces)."""
    began = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - began
    tracemalloc.start()
    call()
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    return result, elapsed, peak


def scenario(trains: int, blackouts: int) -> Scenario:
    return Scenario(
        name="bench",
        timezone="America/Chicago",
        trains=weekly_trains(trains),
        blackouts=[
            Blackout(
                id=f"b{i}",
                reason="other",
                start=date(2027, 1, 1).fromordinal(date(2027, 1, 1).toordinal() + (i * 37) % 1000),
                scope=[f"S{i % trains}"],
            )
            for i in range(blackouts)
        ],
    )


def measure(trains: int, blackouts: int) -> tuple[int, float, float]:
    s = scenario(trains, blackouts)
    windows, elapsed, peak = timed(lambda: s.windows(date(2027, 1, 1), date(2030, 1, 1)))
    return len(windows), elapsed, peak


def main() -> int:
    print("expansion: weekly trains over 3 years (2027-2030), whole-day scoped blackouts")
    heads = ("trains", 7), ("blackouts", 9), ("windows", 8), ("seconds", 8), ("windows/s", 10)
    print(" ".join(f"{h:>{w}}" for h, w in heads), f"{'peak MiB':>9}")
    previous = None
    for trains, blackouts in ((100, 1_000), (200, 2_000), (400, 4_000)):
        count, elapsed, peak = measure(trains, blackouts)
        ratio = f"  x{elapsed / previous:.2f} when doubled" if previous else ""
        print(
            f"{trains:>7} {blackouts:>9} {count:>8} {elapsed:>8.2f} {count / elapsed:>10,.0f}"
            f" {peak:>9.1f}{ratio}"
        )
        previous = elapsed
    return 0


if __name__ == "__main__":
    sys.exit(main())
