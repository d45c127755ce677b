"""Local search after the greedy passes: move, swap and bump changes within a lane while the
objective improves (pure, deterministic).

The objective is made one number, so that one comparison ranks two plans the way
:class:`PlanScore` does: each change in a window is worth ``w * (on_time * M1 + M2 - delay)``
with ``M2`` above any weighted delay and ``M1`` above any placed weight times ``M2``.
Moves, each kept only when it keeps every rule and raises the sum:

* move a change to another window, or place a change left out;
* swap two changes in two windows, or put a change left out in place of one;
* swap one change with two of another window.

The search runs on a lane when its size fits the budget it is given; large plans keep the
greedy result.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from itertools import combinations
from typing import TYPE_CHECKING

from ..dependencies import minutes

if TYPE_CHECKING:
    from ..problem import Slot
    from .greedy import _Greedy

__all__ = ["Values", "improve", "total"]

_PASSES = 10


class Values:
    """The objective as one number per change and window (see the module's docstring)."""

    def __init__(self, g: _Greedy, members: list[str]) -> None:
        self.g = g
        problem = g.problem
        self.base = {cid: problem.baseline(cid) for cid in members}
        lane = problem.lanes[problem.changes[members[0]].subsystem]
        span = minutes(lane.slots[-1].start - lane.slots[0].start) + 1
        weights = sum(problem.weight(cid) for cid in members)
        self.m2 = weights * span + 1
        self.m1 = weights * self.m2 + 1

    def __call__(self, cid: str, slot: Slot | None) -> int:
        if slot is None:
            return 0
        problem = self.g.problem
        base = self.base[cid]
        delay = minutes(slot.start - base.start) if base is not None else 0
        on_time = self.m1 if problem.on_time(cid, slot) else 0
        return problem.weight(cid) * (on_time + self.m2 - max(0, delay))


def total(value: Values, placement: Mapping[str, Slot | None]) -> int:
    """The objective of ``placement`` (change -> window, ``None``: left out)."""
    return sum(value(cid, slot) for cid, slot in placement.items())


def improve(g: _Greedy, name: str, members: list[str], left_out: list[str], budget: int) -> int:
    """Improve lane ``name``, whose changes to place are ``members`` (in order), and place what
    it can of ``left_out``; returns the budget spent, 0 when the lane is too large for it."""
    problem = g.problem
    lane = problem.lanes[name]
    cost = len(members) * (len(lane.slots) + len(members)) * _PASSES
    if not members or cost > budget:
        return 0
    value = Values(g, members)
    out = set(left_out) & set(members)
    _descend(g, value, members, lane.slots, out)
    # What is left out now: what was, and what this search bumped out for good.
    left_out[:] = sorted(
        {cid for cid in (*left_out, *out) if cid not in g.placed}, key=problem.rank.__getitem__
    )
    return cost


def _descend(
    g: _Greedy, value: Values, members: list[str], slots: list[Slot], out: set[str]
) -> None:
    for _ in range(_PASSES):
        improved = False
        for cid in members:
            if cid not in g.placed and cid not in out:
                continue  # not this search's to place (kept, or held back)
            if _best_move(g, value, cid, slots, out):
                improved = True
        if not improved:
            break


def _best_move(g: _Greedy, value: Values, cid: str, slots: list[Slot], out: set[str]) -> bool:
    """Apply the best improving move of ``cid``, if any; returns whether one was applied."""
    best: tuple[int, list[tuple[str, Slot | None]]] | None = None
    for move in _moves(g, cid, slots):
        gain = _gain(g, value, move)
        if gain > 0 and (best is None or gain > best[0]) and _valid(g, move):
            best = (gain, move)
    if best is None:
        return False
    _apply(g, best[1])
    for moved, target in best[1]:
        if target is None:
            out.add(moved)
        else:
            out.discard(moved)
    return True


def _moves(g: _Greedy, cid: str, slots: list[Slot]) -> Iterator[list[tuple[str, Slot | None]]]:
    """Candidate moves, each a list of (change, new slot or None for left out)."""
    here = g.placed.get(cid)
    for slot in slots:
        if not slot.open or slot is here:
            continue
        yield [(cid, slot)]
        others = [other for other in g.riders(slot) if other != cid]
        for other in others:
            yield [(cid, slot), (other, here)]
        if here is not None:
            for a, b in combinations(others, 2):
                yield [(cid, slot), (a, here), (b, here)]


def _gain(g: _Greedy, value: Values, move: list[tuple[str, Slot | None]]) -> int:
    return sum(value(c, slot) - value(c, g.placed.get(c)) for c, slot in move)


def _valid(g: _Greedy, move: list[tuple[str, Slot | None]]) -> bool:
    """Whether ``move`` keeps every rule: try it, look, and undo it."""
    before = [(c, g.placed.get(c)) for c, _ in move]
    _apply(g, move)
    ok = all(_fits(g, c, slot) for c, slot in move)
    _apply(g, before)
    return ok


def _fits(g: _Greedy, cid: str, slot: Slot | None) -> bool:
    problem = g.problem
    if slot is None:  # left out: nothing placed or kept may depend on it
        return not any(g.is_placed(d) for d in problem.deps.dependents.get(cid, ()))
    if g.rooms[slot.window.subsystem].room(slot.position) < 0:
        return False
    if not all(g.is_placed(p) for p in problem.changes[cid].depends_on):
        return False
    return g.bounds(cid, until=None)[2](slot)


def _apply(g: _Greedy, move: list[tuple[str, Slot | None]]) -> None:
    for c, _ in move:
        if c in g.placed:
            g.take(c)
    for c, slot in move:
        if slot is not None:
            g.put(c, slot)
