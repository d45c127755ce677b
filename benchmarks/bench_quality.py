"""Planner quality: the default (greedy) solver against the exact optimum of CP-SAT.

Plans every instance of the seeded families of :mod:`families` (the first 200 instances, and
50 each of realistic, tight, several-subsystem and priority-tie instances) with the default
solver and with ``solver="exact"``, and prints for each family: how many instances, how many
reach the proven optimum on each level of the objective (each level with the ones before it
equal), the worst gap on each level, both solvers' times and their ratio, and how many the
exact mode proved optimal (an instance it cannot prove raises ``SolverError`` and is left
out of the comparison).
Run with ``make bench`` (needs ``maintwin[exact]``); prints figures, asserts nothing.
``--family NAME`` and ``--count N`` run part of it.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass, field

from families import FAMILIES, NOW, instances  # benchmarks/ is on the path of its scripts

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


def run(family: str, count: int | None) -> Tally | None:
    tally = Tally()
    for inst in instances(family, count):
        tally.count += 1
        began = time.perf_counter()
        greedy = maintwin.score(maintwin.plan(inst.scenario, inst.start, inst.end, now=NOW))
        tally.greedy_s += time.perf_counter() - began
        began = time.perf_counter()
        try:
            planned = maintwin.plan(inst.scenario, inst.start, inst.end, now=NOW, solver="exact")
        except SolverError as exc:
            tally.exact_s += time.perf_counter() - began
            print(f"  {family} seed {inst.seed}: exact did not prove: {exc}")
            continue
        tally.exact_s += time.perf_counter() - began
        exact = maintwin.score(planned)
        if greedy.key() > exact.key():
            print(f"{family} seed {inst.seed}: greedy {greedy} beats exact {exact}: exact is wrong")
            return None
        tally.add(inst.seed, greedy, exact)
    return tally


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--family", choices=sorted(FAMILIES), action="append")
    parser.add_argument("--count", type=int, default=None, help="instances per family")
    parser.add_argument("--misses", action="store_true", help="list the seeds greedy misses")
    args = parser.parse_args()
    families = args.family or list(FAMILIES)
    print("quality: the default solver against CP-SAT's proven optimum, per family")
    head = "| family | instances | exact proved | on_time | placed | slack | delay | all four "
    head += "| worst gap on_time / placed / slack / delay | greedy s | exact s | exact/greedy |"
    rows = [head, "|" + " --- |" * 12]
    total = Tally()
    for family in families:
        tally = run(family, args.count)
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
