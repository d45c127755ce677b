"""Expansion figures: windows per second for many weekly trains with blackouts.

Run with ``make bench``; prints figures, asserts nothing.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from datetime import date

from maintwin import Blackout, ReleaseTrain, Scenario, Schedule

DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def scenario(trains: int, blackouts: int) -> Scenario:
    return Scenario(
        name="bench",
        timezone="America/Chicago",
        trains=[
            ReleaseTrain(
                id=f"t{i}",
                subsystem=f"S{i}",
                schedule=Schedule.weekly(DAYS[i % 7], at=f"{i % 24:02d}:{(i * 7) % 60:02d}"),
                downtime="PT15M",
            )
            for i in range(trains)
        ],
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
    horizon = (date(2027, 1, 1), date(2030, 1, 1))
    began = time.perf_counter()
    windows = s.windows(*horizon)
    elapsed = time.perf_counter() - began
    tracemalloc.start()  # a second run for memory: tracing slows the code it traces
    s.windows(*horizon)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
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
