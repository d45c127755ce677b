"""Two open windows of one subsystem do not overlap in time: the subsystem would be down in
both at once, and their runbooks would run side by side."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.window import Window
from ..._text import describe
from .base import Facts, Rule

__all__ = ["OverlapRule"]


class OverlapRule(Rule):
    name = "overlapping windows"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        lanes: dict[str, list[Window]] = defaultdict(list)
        for window in facts.windows.values():
            if not window.blocked_by:
                lanes[window.subsystem].append(window)
        for subsystem in sorted(lanes):
            spans = facts.spans
            ordered = sorted(lanes[subsystem], key=lambda w: (*spans[w.id], w.id))
            running: list[Window] = []  # the windows still open at the current start
            for window in ordered:
                start = spans[window.id][0]
                running = [w for w in running if spans[w.id][1] > start]
                for earlier in running:
                    yield Conflict.trusted(
                        code=ConflictCode.WINDOWS_OVERLAP,
                        severity=Severity.WARNING,
                        message=f"windows {describe(earlier)} and {describe(window)} of "
                        f"{subsystem} overlap in time",
                        hint="drop or move one of them; one window can carry the other's changes",
                        windows=(earlier.id, window.id),
                    )
                running.append(window)
