"""New changes go only into windows that start after the freeze horizon: clients must be able
to get their notice. Assignments announced inside it are kept (see :mod:`.kept`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.types import iso_duration
from ..._text import describe
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule

__all__ = ["FreezeRule"]


def _too_soon(start: datetime, end: datetime) -> bool:
    """Whether a window starting at ``start`` (UTC) starts before the freeze horizon's end."""
    return start < end


class FreezeRule(Rule):
    name = "freeze horizon"

    def opens(self, problem: Problem, slot: Slot) -> bool:
        return not _too_soon(slot.start, problem.freeze_end)

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        return "starts within the freeze horizon (clients could not get their notice)"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        policy = facts.scenario.policy
        end = policy.freeze_end(facts.now)
        for a, change, window, _ in facts.known:
            if a.lock is None and _too_soon(facts.spans[window.id][0], end):
                yield Conflict.trusted(
                    code=ConflictCode.LEAD_TIME,
                    severity=Severity.ERROR,
                    message=f"change {change.id} was added to window {describe(window)}, which "
                    f"starts within the freeze horizon ({iso_duration(policy.freeze_horizon)} "
                    "from now): clients cannot get their notice",
                    hint="move it to a later window",
                    changes=(change.id,),
                    windows=(window.id,),
                )
