"""Two windows of one subsystem that carry work do not overlap in time: the subsystem would be
down in both at once, and their runbooks would run side by side. Overlapping windows that are
alternatives (a Friday-night or a Saturday-afternoon start for one upgrade) are fine while only
one of them is used."""

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
        used = {p.window.id for p in (*facts.known, *facts.history)}
        lanes: dict[str, list[Window]] = defaultdict(list)
        for window in facts.windows.values():
            if window.id in used:
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
                        f"{subsystem} overlap in time, and both carry work",
                        hint="drop or move one of them; one window can carry the other's changes",
                        windows=(earlier.id, window.id),
                    )
                running.append(window)
