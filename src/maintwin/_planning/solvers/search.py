"""Local search after the greedy passes: move, swap and bump changes within a lane while the
objective improves (pure, deterministic).

Moves, each kept only when every rule admits it and the objective (:class:`.values.Values`)
rises:

* move a change to another window, or place a change left out;
* swap two changes in two windows, or put a change left out in place of one;
* swap one change with two of another window.

The search runs on a lane when its size fits the budget it is given; large plans keep the
greedy result.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import combinations

from ..problem import Slot
from ..state import Placement
from .fit import admitted
from .values import Values

__all__ = ["SEARCH_BUDGET", "improve"]

SEARCH_BUDGET = 100_000  # (changes x (windows + changes) x passes) per plan
_PASSES = 10

Move = list[tuple[str, Slot | None]]  # (change, its new window or None for left out)


def improve(
    state: Placement, name: str, members: list[str], left_out: list[str], budget: int
) -> int:
    """Improve lane ``name``, whose changes to place are ``members`` (in order), and place what
    it can of ``left_out``; returns the budget spent, 0 when the lane is too large for it."""
    problem = state.problem
    lane = problem.lanes[name]
    cost = len(members) * (len(lane.slots) + len(members)) * _PASSES
    if not members or cost > budget:
        return 0
    value = Values(state, members)
    out = set(left_out) & set(members)
    for _ in range(_PASSES):
        improved = False
        for cid in members:
            if cid not in state.placed and cid not in out:
                continue  # not this search's to place (kept, or held back)
            if _best_move(state, value, cid, lane.slots, out):
                improved = True
        if not improved:
            break
    # What is left out now: what was, and what this search bumped out for good.
    left_out[:] = sorted(
        {cid for cid in (*left_out, *out) if cid not in state.placed},
        key=problem.rank.__getitem__,
    )
    return cost


def _best_move(state: Placement, value: Values, cid: str, slots: list[Slot], out: set[str]) -> bool:
    """Apply the best improving move of ``cid``, if any; returns whether one was applied."""
    best: tuple[int, Move] | None = None
    for move in _moves(state, cid, slots):
        gain = sum(value(c, slot) - value(c, state.placed.get(c)) for c, slot in move)
        if gain > 0 and (best is None or gain > best[0]) and _valid(state, move):
            best = (gain, move)
    if best is None:
        return False
    _apply(state, best[1])
    for moved, target in best[1]:
        if target is None:
            out.add(moved)
        else:
            out.discard(moved)
    return True


def _moves(state: Placement, cid: str, slots: list[Slot]) -> Iterator[Move]:
    here = state.placed.get(cid)
    for slot in slots:
        if not slot.open or slot is here:
            continue
        yield [(cid, slot)]
        others = [other for other in state.riders(slot) if other != cid]
        for other in others:
            yield [(cid, slot), (other, here)]
        if here is not None:
            for a, b in combinations(others, 2):
                yield [(cid, slot), (a, here), (b, here)]


def _valid(state: Placement, move: Move) -> bool:
    """Whether ``move`` keeps every rule: after the move, each change it places, and each
    placed dependent of a change it leaves out, is admitted where it is (taken out and asked
    again). The move is tried and undone."""
    before: Move = [(c, state.placed.get(c)) for c, _ in move]
    _apply(state, move)
    dependents = state.problem.deps.dependents
    affected = [(c, slot) for c, slot in move if slot is not None] + [
        (d, where)
        for c, slot in move
        if slot is None
        for d in dependents.get(c, ())
        if (where := state.placed.get(d)) is not None
    ]
    ok = all(admitted(state, c, slot) for c, slot in affected) and not any(
        state.is_kept(d) for c, slot in move if slot is None for d in dependents.get(c, ())
    )
    _apply(state, before)
    return ok


def _apply(state: Placement, move: Move) -> None:
    for c, _ in move:
        if c in state.placed:
            state.take(c)
    for c, slot in move:
        if slot is not None:
            state.put(c, slot)
