"""A window whose local start time does not exist that day (daylight saving time begins) is
moved forward by the gap and reported, so that clients hear the shifted time."""

from __future__ import annotations

from collections.abc import Iterator

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._text import describe
from .base import Facts, Rule

__all__ = ["DstRule"]


class DstRule(Rule):
    name = "daylight saving time"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        for window in facts.windows.values():
            if window.shifted and not window.blocked_by:
                yield Conflict.trusted(
                    code=ConflictCode.DST_SHIFTED,
                    severity=Severity.WARNING,
                    message=f"window {describe(window)} was moved forward: its local start time "
                    "does not exist that day (daylight saving time begins)",
                    hint="tell clients the shifted time, or move the train's time of day",
                    windows=(window.id,),
                )
