"""Many lanes in one plan: the default solver on several one-lane instances planned as one
scenario, against the same instances planned one by one.

An organisation plans its subsystems together: each is a lane of its own, independent of
the others here (no change depends on another lane's). Planned together, each lane should do
as well as planned alone. For each family, ``--lanes`` instances (seeds from ``--first``)
become one scenario, each instance's subsystem, trains, changes and blackouts renamed
``L<k>-...`` (its trains end with its own horizon); the benchmark prints the sum of the
scores planned one by one, the score of the scenario planned at once, the weighted delay of
the second over the first, and the seconds of each. Run with ``make bench``; prints figures,
asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import timedelta

from families import NOW, Instance, draw  # benchmarks/ is on the path of its scripts

import maintwin
from maintwin import Blackout, Change, ReleaseTrain, Scenario

FAMILIES = ("realistic", "tight", "ties")  # one lane per instance


def renamed(inst: Instance, k: int) -> tuple[list[ReleaseTrain], list[Change], list[Blackout]]:
    """The instance's trains, changes and blackouts with ids and subsystems of lane ``k``."""
    s, prefix = inst.scenario, f"L{k}-"
    subsystems = {t.subsystem for t in s.trains} | {c.subsystem for c in s.changes}
    lane = {name: prefix + name for name in subsystems}
    last = inst.end - timedelta(days=1)  # the scenario's horizon may run longer: not its trains
    trains = [
        t.model_copy(
            update={
                "id": prefix + t.id,
                "subsystem": lane[t.subsystem],
                "schedule": t.schedule.model_copy(
                    update={"ends_on": min(last, t.schedule.ends_on or last)}
                ),
            }
        )
        for t in s.trains
    ]
    changes = [
        c.model_copy(
            update={
                "id": prefix + c.id,
                "subsystem": lane[c.subsystem],
                "depends_on": tuple(prefix + d for d in c.depends_on),
            }
        )
        for c in s.changes
    ]
    blackouts = [  # one that applies everywhere applies to this instance's lane alone
        b.model_copy(
            update={
                "id": prefix + b.id,
                "scope": tuple(lane.get(x, x) for x in b.scope or lane),
            }
        )
        for b in s.blackouts
    ]
    return trains, changes, blackouts


def together(insts: list[Instance]) -> Scenario:
    """One scenario of every instance's lane."""
    trains: list[ReleaseTrain] = []
    changes: list[Change] = []
    blackouts: list[Blackout] = []
    for k, inst in enumerate(insts):
        t, c, b = renamed(inst, k)
        trains += t
        changes += c
        blackouts += b
    fields = insts[0].scenario.model_dump(exclude={"name", "trains", "changes", "blackouts"})
    return Scenario.model_validate(
        {
            **fields,
            "name": "lanes",
            "trains": [t.model_dump() for t in trains],
            "changes": [c.model_dump() for c in changes],
            "blackouts": [b.model_dump() for b in blackouts],
        }
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lanes", type=int, default=6, help="instances planned together")
    parser.add_argument("--first", type=int, default=0, help="the first instance's seed")
    args = parser.parse_args()
    print(f"lanes: {args.lanes} one-lane instances planned one by one, then as one scenario")
    print(
        "| family | lanes | one by one: on_time / placed / delay | together | delay together"
        " / one by one | s one by one | s together |"
    )
    print("| --- | ---: | --- | --- | ---: | ---: | ---: |")
    for family in FAMILIES:
        insts = [draw(family, args.first + k) for k in range(args.lanes)]
        began = time.perf_counter()
        alone = [0, 0, 0]
        for inst in insts:
            got = maintwin.score(maintwin.plan(inst.scenario, inst.start, inst.end, now=NOW))
            alone = [alone[0] + got.on_time, alone[1] + got.placed, alone[2] + got.delay]
        alone_s = time.perf_counter() - began
        began = time.perf_counter()
        end = max(inst.end for inst in insts)
        got = maintwin.score(maintwin.plan(together(insts), insts[0].start, end, now=NOW))
        together_s = time.perf_counter() - began
        print(
            f"| {family} | {args.lanes} | {alone[0]} / {alone[1]} / {alone[2]:,} |"
            f" {got.on_time} / {got.placed} / {got.delay:,} | x{got.delay / alone[2]:.3f} |"
            f" {alone_s:.1f} | {together_s:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
