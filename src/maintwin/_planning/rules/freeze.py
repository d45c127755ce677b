"""New changes go only into windows that start after the freeze horizon: clients must be able
to get their notice. Assignments announced inside it are kept (see :mod:`.kept`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.policy import Policy
from ..._model.types import iso_duration
from ..._text import describe
from ..._time import utc
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule

__all__ = ["FreezeRule", "freeze_end"]


def freeze_end(policy: Policy, now: datetime) -> datetime:
    """The end of the freeze horizon, in UTC: new changes ride only in windows from then on."""
    return utc(now) + policy.freeze_horizon


def _too_soon(start: datetime, policy: Policy, now: datetime) -> bool:
    return utc(start) < freeze_end(policy, now)


class FreezeRule(Rule):
    name = "freeze horizon"

    def opens(self, problem: Problem, slot: Slot) -> bool:
        return not _too_soon(slot.start, problem.policy, problem.now)

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        return "starts within the freeze horizon (clients could not get their notice)"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        policy = facts.scenario.policy
        for a, change, window in facts.known:
            if a.lock is None and _too_soon(window.start, policy, facts.now):
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
