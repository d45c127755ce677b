"""A change with a rollback keeps room for it: its work and then its rollback end before the
window does. Its point of no return is the window's end minus the rollback: the last instant
at which a "no" at its go/no-go gate still leaves time to roll back inside the window.

The changes a solver places in a window run in processing order after the kept ones, so a
change's end moves when a change before it joins the window: the rule checks every change of
the window with a rollback, not only the one joining.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import timedelta
from math import gcd
from typing import Any

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._text import clock, describe, span_text
from ..._time import point_of_no_return
from ..problem import Problem, Slot
from ..state import Placement
from ..units import micro
from .base import Choices, Facts, Rule, by_slot, kept_note

__all__ = ["ReserveRule", "leaves_room", "point_of_no_return"]


def room_before(
    model: Any,
    problem: Problem,
    cid: str,
    inside: Sequence[tuple[str, Any]],
    left: timedelta,
    literal: Any,
) -> None:
    """Add to the CP-SAT ``model``: when ``literal`` holds, the work of the changes of
    ``inside`` (a slot's candidates, with their variables) that run before ``cid`` fits in
    ``left``. Nothing to add when none runs before it."""
    rank = problem.rank[cid]
    before = [(c, v) for c, v in inside if problem.rank[c] < rank]
    if not before:
        return
    # In units of the greatest common divisor: small coefficients make stronger cuts.
    sizes = [micro(problem.work[c]) for c, _ in before]
    unit = gcd(*sizes, micro(left)) or 1
    terms = sum(size // unit * v for size, (_, v) in zip(sizes, before, strict=True))
    model.Add(terms <= micro(left) // unit).OnlyEnforceIf(literal)


def leaves_room(problem: Problem, cid: str, slot: Slot, start: timedelta) -> bool:
    """Whether ``cid`` starting ``start`` into ``slot`` ends with room for its rollback."""
    back = problem.rollback.get(cid)
    return back is None or start + problem.work[cid] + back <= slot.length


class ReserveRule(Rule):
    name = "rollback reserve"

    def admits(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> bool:
        if not problem.rollback:
            return True
        return all(
            leaves_room(problem, c, slot, at)
            for c, at in problem.timeline(slot, [*state.riders(slot), cid])
        )

    def candidate(self, problem: Problem, cid: str, slot: Slot) -> bool:
        return leaves_room(problem, cid, slot, slot.kept_fill)

    def constrain(self, model: Any, problem: Problem, choices: Choices) -> None:
        if not problem.rollback:
            return
        for slot, inside in by_slot(choices):
            for cid, var in inside:
                back = problem.rollback.get(cid)
                if back is not None:  # alone it fits: ``candidate`` said so
                    left = slot.length - slot.kept_fill - problem.work[cid] - back
                    room_before(model, problem, cid, inside, left, var)

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        order = list(problem.timeline(slot, [*state.riders(slot), cid]))
        short = next((c, at) for c, at in order if not leaves_room(problem, c, slot, at))
        c, at = short
        end = at + problem.work[c]
        whose = "its" if c == cid else f"{c}'s"
        return (
            f"no room for {whose} rollback ({span_text(problem.rollback[c])} after the work "
            f"ends at +{clock(end)}; the window ends at +{clock(slot.length)})"
        )

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        for a, change, window, _ in facts.known:
            back = facts.rollback(change.id)
            if not back:
                continue
            start, end = facts.spans[window.id]
            done = a.offset + facts.work(change.id)
            if done + back <= end - start:
                continue
            yield Conflict.trusted(
                code=ConflictCode.NO_ROLLBACK_ROOM,
                severity=Severity.ERROR,
                message=f"change {change.id} in window {describe(window)} ends its work at "
                f"+{clock(done)}, and its {span_text(back)} rollback would end at "
                f"+{clock(done + back)}, past the window's end (+{clock(end - start)})"
                f"{kept_note(a)}",
                hint="move it to a longer window, or earlier in this one; the point of no "
                "return must come after its work",
                changes=(change.id,),
                windows=(window.id,),
            )
