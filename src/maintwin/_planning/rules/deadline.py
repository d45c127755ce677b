"""A change should ride by its ``deadline`` (the window's local day). Not a hard rule: a change
may ride late, and is then reported; the objective counts the changes placed on time first."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from ..._model.change import Change
from ..._model.conflict import Conflict, ConflictCode, Severity
from .base import Facts, Rule
from .lead_time import lead_date

__all__ = ["DeadlineRule", "on_time"]


def on_time(change: Change, day: date) -> bool:
    """Whether riding on the local ``day`` keeps the change's deadline."""
    return change.deadline is None or day <= change.deadline


class DeadlineRule(Rule):
    name = "deadline"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        for _, change, window, day in facts.known:
            if on_time(change, day):
                continue
            due = lead_date(change, facts.scenario.policy)
            hint = "no window by the deadline had room: move or drop another change, or add a "
            hint += "window"
            if not change.short_notice and change.deadline is not None and due > change.deadline:
                hint = (
                    f"its lead-time date {due} is after its deadline; approving it as short "
                    "notice would allow an earlier window"
                )
            yield Conflict.trusted(
                code=ConflictCode.DEADLINE_MISSED,
                severity=Severity.ERROR,
                message=f"change {change.id} rides on {day}, after its deadline {change.deadline}",
                hint=hint,
                changes=(change.id,),
                windows=(window.id,),
            )
