"""A change rides only in a window of its own subsystem."""

from __future__ import annotations

from collections.abc import Iterator

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule

__all__ = ["SubsystemRule"]


def _matches(subsystem: str, window_subsystem: str) -> bool:
    return subsystem == window_subsystem


class SubsystemRule(Rule):
    name = "subsystem"

    def admits(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> bool:
        return self.candidate(problem, cid, slot)

    def candidate(self, problem: Problem, cid: str, slot: Slot) -> bool:
        return _matches(problem.changes[cid].subsystem, slot.window.subsystem)

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        return f"a window of {slot.window.subsystem}, not {problem.changes[cid].subsystem}"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        for _, change, window, _ in facts.known:
            if not _matches(change.subsystem, window.subsystem):
                yield Conflict.trusted(
                    code=ConflictCode.WRONG_SUBSYSTEM,
                    severity=Severity.ERROR,
                    message=f"change {change.id} for {change.subsystem} is in window "
                    f"{window.id} of {window.subsystem}",
                    hint=f"move it to a window of {change.subsystem}",
                    changes=(change.id,),
                    windows=(window.id,),
                )
