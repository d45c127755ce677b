"""The default solver: first fit in priority order, on time first, late second.

Changes are taken in the problem's order (prerequisites first; then the smallest priority
number, earliest deadline, earliest first day, longest, id). Pass one places each change in the
first window that takes it by its deadline; pass two places what is left in the first window
that takes it at all (it rides late and is reported). Each lookup bisects to the change's first
day and skips windows too full for any change of the subsystem, so a plan costs
O(n log n) for n changes and windows when windows are not crowded with part-filled slots.
"""

from __future__ import annotations

from datetime import timedelta

from ._plan import Unscheduled
from ._problem import Lane, Problem, Slot

__all__ = ["solve"]


class _Skips:
    """For each lane, the next slot that is still worth looking at (open, with room for the
    shortest change of the subsystem); path-compressed like a union-find."""

    def __init__(self, problem: Problem) -> None:
        shortest: dict[str, timedelta] = {}
        for cid in problem.order:
            c = problem.changes[cid]
            shortest[c.subsystem] = min(c.duration, shortest.get(c.subsystem, c.duration))
        self.shortest = shortest
        self.next: dict[int, list[int]] = {}
        for name, lane in problem.lanes.items():
            need = shortest.get(name)
            self.next[id(lane)] = [
                i if (s.open and need is not None and s.room >= need) else i + 1
                for i, s in enumerate(lane.slots)
            ] + [len(lane.slots)]

    def find(self, lane: Lane, i: int) -> int:
        nxt = self.next[id(lane)]
        root = i
        while nxt[root] != root and root < len(nxt) - 1:
            root = nxt[root]
        while nxt[i] != root and i < len(nxt) - 1:
            nxt[i], i = root, nxt[i]
        return root

    def update(self, lane: Lane, i: int, slot: Slot) -> None:
        need = self.shortest.get(slot.window.subsystem)
        if need is not None and slot.room < need:
            self.next[id(lane)][i] = i + 1


def solve(problem: Problem, unscheduled: dict[str, Unscheduled]) -> dict[str, Slot]:
    """Place the problem's changes; what cannot be placed is added to ``unscheduled``."""
    skips = _Skips(problem)
    placed: dict[str, Slot] = {}
    late: list[str] = []
    for cid in problem.order:
        if not _place(problem, skips, placed, cid, on_time=True):
            late.append(cid)
    for cid in late:
        if not _place(problem, skips, placed, cid, on_time=False):
            unscheduled[cid] = problem.diagnose(cid, unscheduled)
    return placed


def _place(
    problem: Problem, skips: _Skips, placed: dict[str, Slot], cid: str, *, on_time: bool
) -> bool:
    change = problem.changes[cid]
    lane = problem.lanes.get(change.subsystem)
    if lane is None:
        return False
    i = lane.first_on_or_after(problem.lower(cid))
    prerequisites: list[Slot] = []
    for p in change.depends_on:
        where = placed.get(p) or problem.where.get(p)
        if where is None:
            return False  # not placed (yet), or kept in a window that is gone
        prerequisites.append(where)
        same = where.window.subsystem == change.subsystem
        i = max(i, where.position if same else lane.first_starting_at(where.end))
    deadline = change.deadline if on_time else None
    dependents = [
        w for d in problem.deps.dependents.get(cid, ()) if (w := problem.where.get(d)) is not None
    ]
    latest_end = min((w.start for w in dependents), default=None)
    i = skips.find(lane, i)
    while i < len(lane.slots):
        slot = lane.slots[i]
        if deadline is not None and slot.day > deadline:
            return False
        if latest_end is not None and slot.end > latest_end:
            return False
        if slot.room >= change.duration and all(
            p is slot or p.end <= slot.start for p in prerequisites
        ):
            slot.fill += change.duration
            placed[cid] = slot
            skips.update(lane, i, slot)
            return True
        i = skips.find(lane, i + 1)
    return False
