"""No change rides in a window that a blackout overlaps (the window stays listed, blocked)."""

from __future__ import annotations

from collections.abc import Iterator

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.window import Window
from ..._text import describe
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule, kept_note

__all__ = ["BlackoutRule"]


def _blocked(window: Window) -> bool:
    return bool(window.blackouts)


class BlackoutRule(Rule):
    name = "blackout"

    def opens(self, problem: Problem, slot: Slot) -> bool:
        return not _blocked(slot.window)

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        return f"blocked by {', '.join(slot.window.blackouts)}"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        for a, change, window, _ in facts.known:
            if _blocked(window):
                yield Conflict.trusted(
                    code=ConflictCode.IN_BLACKOUT,
                    severity=Severity.ERROR,
                    message=f"change {change.id} is in window {describe(window)}, which is "
                    f"blocked by {', '.join(window.blackouts)}{kept_note(a)}",
                    hint="move it to an open window and tell clients",
                    blackouts=window.blackouts,
                    changes=(change.id,),
                    windows=(window.id,),
                )
