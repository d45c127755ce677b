"""Every change of the scenario is placed, or is listed as unscheduled with its reason."""

from __future__ import annotations

from collections.abc import Iterator

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..plan import Unscheduled, UnscheduledCause
from .base import Facts, Rule

__all__ = ["UnplacedRule"]

_HINTS = {
    UnscheduledCause.NO_WINDOW: "add a train with downtime or a one-off window for the subsystem",
    UnscheduledCause.TOO_LONG: "split the change, or agree a longer one-off window",
    UnscheduledCause.OUT_OF_HORIZON: "plan a longer horizon, move its pin, or approve it as "
    "short notice if the lead time holds it back",
    UnscheduledCause.BLOCKED_OR_FULL: "move a lower-priority change, or add a window",
    UnscheduledCause.DEPENDENCY_ORDER: "move or unpin the changes it must run before or after",
    UnscheduledCause.PREREQUISITE: "place or fix its prerequisite first",
    UnscheduledCause.CYCLE: "break the dependency cycle",
    UnscheduledCause.NOT_ASSIGNED: "assign it to a window, or plan again",
}
"""What to do about each cause (cancelled and history changes are not findings)."""


class UnplacedRule(Rule):
    name = "unscheduled"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        reasons = {u.change: u for u in facts.unscheduled}
        for change in facts.scenario.changes:
            if change.id in facts.placed or not change.status.planned:
                continue
            reason = reasons.get(change.id) or Unscheduled(
                change=change.id,
                cause=UnscheduledCause.NOT_ASSIGNED,
                detail="the plan does not assign it",
            )
            yield Conflict.trusted(
                code=ConflictCode.UNSCHEDULABLE,
                severity=Severity.ERROR,
                message=f"change {change.id} could not be placed: {reason.detail}",
                hint=_HINTS[reason.cause],
                changes=(change.id,),
            )
