"""The objective as one number per change and window, for comparing placements of a lane.

Each change in a window is worth ``on_time * M1 + placed * M2 + slack * M3 - delay`` (the parts
of :func:`maintwin._planning.objective.contribution`), with ``M3`` above any weighted delay of
the lane, ``M2`` above any slack weight times ``M3`` and ``M1`` above any placed weight times
``M2``: one comparison of two sums then ranks two placements as :class:`~maintwin.PlanScore`
does.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..objective import baseline, contribution, placement_score
from ..problem import Slot
from ..state import Placement
from ..units import minutes
from .fit import worth

__all__ = ["Values", "totals"]


class Values:
    """The objective of the changes ``members`` of one lane, as one number each."""

    def __init__(self, state: Placement, members: Sequence[str]) -> None:
        problem = state.problem
        self.problem = problem
        self.base = {cid: baseline(problem, cid) for cid in members}
        lane = problem.lanes[problem.changes[members[0]].subsystem]
        span = minutes(lane.slots[-1].start - lane.slots[0].start) + 1
        weights = sum(worth(state, cid) for cid in members)
        self.m3 = weights * span + 1
        self.m2 = weights * self.m3 + 1
        self.m1 = weights * self.m2 + 1
        self._known: dict[tuple[str, Slot], int] = {}

    def __call__(self, cid: str, slot: Slot | None) -> int:
        if slot is None:
            return 0
        key = (cid, slot)
        found = self._known.get(key)
        if found is None:  # the local search asks again and again of the same few windows
            part = contribution(self.problem, cid, slot, self.base[cid])
            found = self._known[key] = (
                part.on_time * self.m1 + part.placed * self.m2 + part.slack * self.m3 - part.delay
            )
        return found

    def total(self, placement: Mapping[str, Slot | None]) -> int:
        """The objective of ``placement`` (change -> window, ``None``: left out)."""
        return sum(self(cid, slot) for cid, slot in placement.items())


def totals(state: Placement) -> tuple[int, int, int, int]:
    """The placement's score as a key that sorts better placements higher: on-time, placed
    and slack weight, and the weighted delay negated (see :class:`~maintwin.PlanScore`).

    Each change's slack is judged where it starts in its window, after the changes that run
    before it there (as the plan lays them out and :func:`maintwin.score` counts it), not
    alone: two placements compared alone could rank by slack that neither plan gives."""
    return placement_score(state.problem, state.problem.laid_out(state.placed)).key()
