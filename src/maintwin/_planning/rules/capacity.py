"""The changes in a window run one after another and fit in its capacity."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import timedelta
from math import gcd
from typing import Any

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._text import clock, describe, minutes_text
from ..problem import Problem, Slot
from ..state import Placement
from ..units import micro
from .base import Choices, Facts, Placed, Rule, by_slot

__all__ = ["CapacityRule", "long_enough"]


def long_enough(duration: timedelta, capacity: timedelta) -> bool:
    """Whether a change of ``duration`` fits an empty window of ``capacity``."""
    return duration <= capacity


class CapacityRule(Rule):
    name = "capacity"

    def admits(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> bool:
        return state.room(slot) >= state.need[cid]

    def candidate(self, problem: Problem, cid: str, slot: Slot) -> bool:
        return long_enough(problem.work[cid], slot.room)

    def constrain(self, model: Any, problem: Problem, choices: Choices) -> None:
        # Durations and rooms in units of their greatest common divisor: small coefficients
        # make stronger cuts (whole minutes become 1, 2, ... 15 rather than 60,000,000 and up).
        sizes = {cid: micro(problem.work[cid]) for cid in choices}
        unit = gcd(*sizes.values(), *(micro(s.room) for s in problem.slots.values())) or 1
        for slot, inside in by_slot(choices):
            room = micro(slot.room) // unit
            model.Add(sum(sizes[c] // unit * v for c, v in inside) <= room)

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        if not long_enough(problem.work[cid], slot.capacity):
            return f"too short ({minutes_text(slot.capacity)})"
        used = slot.capacity - timedelta(microseconds=max(state.room(slot), 0))
        return f"full ({minutes_text(used)} of {minutes_text(slot.capacity)} used)"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        inside: dict[str, list[Placed]] = defaultdict(list)
        for placed in (*facts.known, *facts.history):
            a, change, window, _ = placed
            inside[window.id].append(placed)
            end = a.offset + facts.work(change.id)
            if end > window.capacity and change.status.planned:  # what ran is not checked
                yield Conflict.trusted(
                    code=ConflictCode.NOT_IN_WINDOW,
                    severity=Severity.ERROR,
                    message=f"change {change.id} runs from +{clock(a.offset)} to "
                    f"+{clock(end)}, past the end of window {window.id} "
                    f"(+{clock(window.capacity)})",
                    hint="move it earlier in the window, or to another window",
                    changes=(change.id,),
                    windows=(window.id,),
                )
        for wid in sorted(inside, key=lambda w: (facts.spans[w][0], w)):
            yield from _timeline(
                facts, sorted(inside[wid], key=lambda p: (p.assignment.offset, p.change.id))
            )


def _timeline(facts: Facts, runbook: list[Placed]) -> Iterator[Conflict]:
    """One window's runbook: all of it fits, and each change starts after the one before."""
    window = runbook[0].window
    total = sum((facts.work(p.change.id) for p in runbook), timedelta(0))
    # What ran is not checked again: it takes room from the changes still to run.
    if total > window.capacity and any(p.change.status.planned for p in runbook):
        kept = (
            "; kept assignments are never moved for you"
            if any(p.assignment.lock for p in runbook)
            else ""
        )
        yield Conflict.trusted(
            code=ConflictCode.CAPACITY_EXCEEDED,
            severity=Severity.ERROR,
            message=f"window {describe(window)} holds {clock(total)} of work in "
            f"{clock(window.capacity)}",
            hint="move a change to another window" + kept,
            changes=tuple(p.change.id for p in runbook),
            windows=(window.id,),
        )

    def end(p: Placed) -> timedelta:
        return p.assignment.offset + facts.work(p.change.id)

    running = runbook[0]  # the change whose slot reaches furthest so far
    for second in runbook[1:]:
        first = running
        if end(second) > end(running):
            running = second
        planned = first.change.status.planned or second.change.status.planned
        if planned and end(first) > second.assignment.offset:
            yield Conflict.trusted(
                code=ConflictCode.NOT_IN_WINDOW,
                severity=Severity.ERROR,
                message=f"in window {window.id}, change {second.change.id} starts at "
                f"+{clock(second.assignment.offset)} while {first.change.id} still runs; the "
                "changes in a window run one after another",
                hint="fix the offsets",
                changes=(first.change.id, second.change.id),
                windows=(window.id,),
            )
