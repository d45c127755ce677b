"""A change rides on or after its ``earliest`` date (the window's local day)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..._model.change import Change
from ..._model.conflict import Conflict, ConflictCode, Severity
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule

__all__ = ["EarliestRule"]


class EarliestRule(Rule):
    name = "earliest date"

    def first_day(self, problem: Problem, change: Change) -> date | None:
        return change.earliest

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        return f"before its earliest date {problem.changes[cid].earliest}"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        for _, change, window, day in facts.known:
            if change.earliest is not None and day < change.earliest:
                yield Conflict.trusted(
                    code=ConflictCode.BEFORE_EARLIEST,
                    severity=Severity.ERROR,
                    message=f"change {change.id} rides on {day}, before its earliest date "
                    f"{change.earliest}",
                    hint="move it to a window on or after its earliest date",
                    changes=(change.id,),
                    windows=(window.id,),
                )
