"""Repacking a small lane window by window: each window, in time order, takes the heaviest set
of the lane's changes that fits (a knapsack), and swaps with less valuable changes in earlier
windows follow; the result is kept when it scores better (pure, deterministic)."""

from __future__ import annotations

from math import gcd

from ..problem import Slot
from ..rules import alone
from ..state import Placement
from ._knapsack import knapsack
from .fit import admits, bounds, on_time, pull_forward, worth
from .values import Values

__all__ = ["REPACK_BUDGET", "repack"]

# Knapsack cells (windows x changes x room units) the repacking may spend on one plan: small
# plans get it in full, large ones keep the first passes (see docs/performance.md).
REPACK_BUDGET = 200_000
_PASSES = 4
_MUST = 10**6  # the value of a change in its last window by its deadline: it goes first


def repack(state: Placement, name: str, members: list[str], budget: int) -> int:
    """Repack lane ``name`` window by window (``members``: the changes placed in it, in
    order); returns the cells spent (0 when over budget)."""
    problem = state.problem
    lane = problem.lanes[name]
    movable = [
        cid
        for cid in members
        if all(problem.changes[p].subsystem == name for p in problem.changes[cid].depends_on)
        and all(problem.changes[d].subsystem == name for d in problem.deps.dependents[cid])
    ]
    if not movable:
        return 0
    rooms = state.rooms[name]
    sizes = [state.need[cid] for cid in movable]
    unit = gcd(*sizes, *(rooms.room(s.position) for s in lane.slots if s.open)) or 1
    widest = max((rooms.room(s.position) + sum(sizes)) // unit for s in lane.slots)
    cost = len(lane.slots) * len(movable) * min(widest, sum(sizes) // unit)
    if cost > budget:
        return 0
    value = Values(state, members)
    before = {cid: state.placed[cid] for cid in members}  # the swaps below may move any of them
    kept_on_time = {cid for cid in movable if on_time(state, cid, before[cid])}
    for cid in movable:
        state.take(cid)
    last = {cid: _last_chance(state, cid) if cid in kept_on_time else None for cid in movable}
    left = list(movable)
    for slot in lane.slots:
        room = rooms.room(slot.position)
        if not left or room <= 0:
            continue
        ready = [
            cid
            for cid in left
            if admits(state, cid, slot) and (cid not in kept_on_time or on_time(state, cid, slot))
        ]
        values = [_MUST if last[cid] is slot else worth(state, cid) for cid in ready]
        chosen = knapsack(ready, [state.need[c] // unit for c in ready], values, room // unit)
        for cid in sorted(chosen, key=problem.rank.__getitem__):  # prerequisites first
            if admits(state, cid, slot):  # together, as well as one by one (a crew's people)
                state.put(cid, slot)
                left.remove(cid)
    if not left:
        for _ in range(_PASSES):
            moved = [pull_forward(state, cid) for cid in movable]
            moved += [_swap_earlier(state, value, cid) for cid in movable]
            if not any(moved):
                break
    after = {cid: state.placed.get(cid) for cid in members}
    if left or value.total(after) <= value.total(before):
        state.restore(before)
    return cost


def _swap_earlier(state: Placement, value: Values, cid: str) -> bool:
    """Swap ``cid`` with a change in an earlier window of its lane when both keep every rule
    and the objective rises; returns whether it swapped."""
    problem = state.problem
    here = state.placed[cid]
    lo, _ = bounds(state, cid, on_time=False)
    lane = problem.lanes[problem.changes[cid].subsystem]
    best: tuple[int, str] | None = None
    for there in lane.slots[lo : here.position]:
        if not there.open:
            continue
        for other in state.riders(there):
            gain = value(cid, there) + value(other, here) - value(cid, here) - value(other, there)
            if gain <= 0 or (best is not None and gain <= best[0]):
                continue
            if _swapped_fits(state, cid, here, other, there):
                best = (gain, other)
    if best is None:
        return False
    other = best[1]
    there = state.take(other)
    state.take(cid)
    state.put(cid, there)
    state.put(other, here)
    return True


def _swapped_fits(state: Placement, cid: str, here: Slot, other: str, there: Slot) -> bool:
    """Whether ``cid`` in ``there`` and ``other`` in ``here`` keep every rule (tried, then
    undone)."""
    state.take(other)
    state.take(cid)
    ok = admits(state, cid, there)
    if ok:
        state.put(cid, there)
        ok = admits(state, other, here)
        state.take(cid)
    state.put(cid, here)
    state.put(other, there)
    return ok


def _last_chance(state: Placement, cid: str) -> Slot | None:
    """The last open window the change may take by its deadline, whatever else rides there
    (``None``: no deadline)."""
    problem = state.problem
    change = problem.changes[cid]
    if change.deadline is None:
        return None
    lane = problem.lanes[change.subsystem]
    for slot in reversed(lane.slots[: lane.last_by(change.deadline) + 1]):
        if on_time(state, cid, slot) and alone(problem, cid, slot):
            return slot
    return None
