"""Planner quality: the default (greedy) solver against the exact optimum of CP-SAT.

Plans every instance of the seeded families of :mod:`families` (the first 200 instances, and
50 each of realistic, tight, several-subsystem and priority-tie instances) with the default
solver and with ``solver="exact"``, and prints for each family: how many instances, how many
reach the proven optimum on each level of the objective (each level with the ones before it
equal), the worst gap on each level, both solvers' times and their ratio, and how many the
exact mode proved optimal (an instance it cannot prove raises ``SolverError`` and is left
out of the comparison).
Run with ``make bench`` (needs ``maintwin[exact]``); prints figures, asserts nothing.
``--family NAME`` and ``--count N`` run part of it; ``--jobs N`` measures N instances at once,
each in a process of its own (each solver's time is still one instance's, on one core; give
no more jobs than the machine has idle cores).
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import repeat

from families import FAMILIES, NOW, draw  # benchmarks/ is on the path of its scripts

import maintwin
from maintwin import PlanScore, SolverError

LEVELS = ("on_time", "placed", "slack", "delay")


@dataclass
class Tally:
    """One family's figures."""

    count: int = 0
    proved: int = 0
    reached: list[int] = field(default_factory=lambda: [0] * len(LEVELS))
    worst: list[float] = field(default_factory=lambda: [0.0] * len(LEVELS))
    greedy_s: float = 0.0
    exact_s: float = 0.0
    misses: list[int] = field(default_factory=list)

    def add(self, seed: int, greedy: PlanScore, exact: PlanScore) -> None:
        self.proved += 1
        if greedy != exact:
            self.misses.append(seed)
        for i, name in enumerate(LEVELS):
            if greedy[:i] != exact[:i]:
                break  # a level counts only with the levels before it equal
            best, got = getattr(exact, name), getattr(greedy, name)
            if best == got:
                self.reached[i] += 1
            if name == "delay":
                gap = (got - best) / max(best, 1)
            else:
                gap = (best - got) / best if best else 0.0
            self.worst[i] = max(self.worst[i], gap)


@dataclass(frozen=True)
class Measured:
    """One instance planned both ways: the scores (``exact`` is ``None`` when the exact mode
    could not prove it, with ``failure`` saying why) and the seconds each solver took."""

    seed: int
    greedy: PlanScore
    greedy_s: float
    exact: PlanScore | None
    exact_s: float
    failure: str = ""


def measure(family: str, seed: int) -> Measured:
    """Plan one instance with the default solver and with the exact one, timing each."""
    inst = draw(family, seed)
    began = time.perf_counter()
    greedy = maintwin.score(maintwin.plan(inst.scenario, inst.start, inst.end, now=NOW))
    greedy_s = time.perf_counter() - began
    began = time.perf_counter()
    try:
        planned = maintwin.plan(inst.scenario, inst.start, inst.end, now=NOW, solver="exact")
    except SolverError as exc:
        return Measured(seed, greedy, greedy_s, None, time.perf_counter() - began, str(exc))
    return Measured(seed, greedy, greedy_s, maintwin.score(planned), time.perf_counter() - began)


def run(family: str, count: int | None, jobs: int) -> Tally | None:
    seeds = range(FAMILIES[family] if count is None else count)
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            measured = list(pool.map(measure, repeat(family), seeds))
    else:
        measured = [measure(family, seed) for seed in seeds]
    tally = Tally()
    for m in measured:  # by seed, whichever process measured it
        tally.count += 1
        tally.greedy_s += m.greedy_s
        tally.exact_s += m.exact_s
        if m.exact is None:
            print(f"  {family} seed {m.seed}: exact did not prove: {m.failure}")
            continue
        if m.greedy.key() > m.exact.key():
            print(f"{family} seed {m.seed}: greedy {m.greedy} beats exact {m.exact}: wrong")
            return None
        tally.add(m.seed, m.greedy, m.exact)
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=sorted(FAMILIES), action="append")
    parser.add_argument("--count", type=int, default=None, help="instances per family")
    parser.add_argument("--misses", action="store_true", help="list the seeds greedy misses")
    parser.add_argument(
        "--jobs", type=int, default=1, help="instances measured at once, one process each"
    )
    args = parser.parse_args()
    families = args.family or list(FAMILIES)
    print("quality: the default solver against CP-SAT's proven optimum, per family")
    head = "| family | instances | exact proved | on_time | placed | slack | delay | all four "
    head += "| worst gap on_time / placed / slack / delay | greedy s | exact s | exact/greedy |"
    rows = [head, "|" + " --- |" * 12]
    total = Tally()
    for family in families:
        tally = run(family, args.count, args.jobs)
        if tally is None:
            return 1
        if args.misses:
            print(f"  {family}: not optimal on all levels: {tally.misses}")
        rows.append(_row(family, tally))
        total.count += tally.count
        total.proved += tally.proved
        total.reached = [a + b for a, b in zip(total.reached, tally.reached, strict=True)]
        total.worst = [max(a, b) for a, b in zip(total.worst, tally.worst, strict=True)]
        total.greedy_s += tally.greedy_s
        total.exact_s += tally.exact_s
    rows.append(_row("all", total))
    print("\n".join(rows))
    return 0


def _row(name: str, t: Tally) -> str:
    reached = " | ".join(f"{n}/{t.proved}" for n in t.reached)
    worst = " / ".join(f"{w:.1%}" for w in t.worst)
    ratio = t.exact_s / t.greedy_s if t.greedy_s else 0.0
    return (
        f"| {name} | {t.count} | {t.proved} | {reached} | {t.reached[-1]}/{t.proved} "
        f"({t.reached[-1] / max(t.proved, 1):.0%}) | {worst} | {t.greedy_s:.1f} | "
        f"{t.exact_s:.1f} | x{ratio:.1f} |"
    )


if __name__ == "__main__":
    sys.exit(main())
