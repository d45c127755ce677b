"""Two windows at a time, packed exactly: a large-neighbourhood search over a lane (pure,
deterministic).

For each pair of open windows of a lane (each window with the next few of its lane), the
changes that may ride in them are assigned to the two windows by a dynamic programme over
the room left in each (a two-window knapsack, with each change's value in each window from
:class:`.values.Values`): the changes in the two windows now, the changes left out, and the
changes in later windows that would gain by moving up. A change of the pair that the best
assignment leaves out goes to the first other window that takes it (its value there is what
the programme counts for it). The best assignment is applied when it scores better; it is
kept only when every change it moved, and every placed dependent of one, is admitted where
it is (:func:`rules.admits`) and the lane's objective rises. Sweeps go on while one improves.

What this finds that moving and swapping one or two changes does not: any exchange between
two windows (three for two, two for three, a change in from later or from outside that
others make room for), and through the changes it sends elsewhere, chains over three windows.
"""

from __future__ import annotations

from math import gcd

from ..problem import Slot
from ..state import Placement
from .fit import admits, admitted, first_other
from .values import Values

__all__ = ["PAIRS_BUDGET", "exchange"]

# The work the search may spend on one plan, in dynamic-programme cells (changes x room
# states): small plans get it in full, large ones keep what the passes before found (see
# docs/performance.md). Asking the rules whether a window admits a change costs _ASK cells
# (measured: about 80 us against 0.5 us a cell), and no one programme may take more than
# _PAIR_CELLS (windows of many hours counted in minutes have a million room states each).
PAIRS_BUDGET = 12_000_000
_ASK = 150
_PAIR_CELLS = 1_000_000
_REACH = 3  # each open window is paired with the next _REACH open windows of its lane
_SWEEPS = 8
_NONE = -(10**40)  # a room state no assignment reaches


def exchange(
    state: Placement, name: str, members: list[str], left_out: list[str], budget: int
) -> int:
    """Improve lane ``name`` (its changes to place: ``members``, in processing order) two
    windows at a time; ``left_out`` is updated to what is left out after. Returns the cells
    spent (it stops when ``budget`` is spent)."""
    problem = state.problem
    lane = problem.lanes[name]
    slots = [s for s in lane.slots if s.open]
    if not members or len(slots) < 2:
        return 0
    value = Values(state, members)
    spent = 0
    for _ in range(_SWEEPS):
        improved = False
        for i, first in enumerate(slots):
            for second in slots[i + 1 : i + 1 + _REACH]:
                cells, better = _pair(state, value, members, first, second, budget - spent)
                spent += cells
                improved = improved or better
                if spent >= budget:
                    break
            if spent >= budget:
                break
        if not improved or spent >= budget:
            break
    left_out[:] = sorted(
        {cid for cid in (*left_out, *members) if cid not in state.placed},
        key=problem.rank.__getitem__,
    )
    return spent


class _Item:
    """A change the programme may put in the first window (``a``), the second (``b``) or
    leave where it is (``stay``: its value where it is now, or where it would go)."""

    __slots__ = ("a", "b", "cid", "size", "stay")

    def __init__(self, cid: str, size: int, a: int | None, b: int | None, stay: int) -> None:
        self.cid, self.size, self.a, self.b, self.stay = cid, size, a, b, stay


def _pair(
    state: Placement, value: Values, members: list[str], a: Slot, b: Slot, budget: int
) -> tuple[int, bool]:
    """Pack windows ``a`` and ``b`` anew; returns the cells spent and whether it improved."""
    inside = {cid: slot for cid in members if (slot := state.placed.get(cid)) in (a, b)}
    for cid in inside:
        state.take(cid)
    items: list[_Item] = []
    asked = len(inside)
    try:
        for cid in members:
            if cid in inside:
                stay = value(cid, first_other(state, cid, (a, b)))
                items.append(_Item(cid, state.need[cid], *_values(state, value, cid, a, b), stay))
                continue
            here = state.placed.get(cid)
            if here is not None and here.position <= a.position:
                continue  # as early as either window of the pair already
            stay = value(cid, here)
            if value(cid, a) <= stay and value(cid, b) <= stay:
                continue  # it gains in neither window, admitted or not
            asked += 1
            if here is not None:
                state.take(cid)
            try:
                va, vb = _values(state, value, cid, a, b)
            finally:
                if here is not None:
                    state.put(cid, here)
            if (va is not None and va > stay) or (vb is not None and vb > stay):
                items.append(_Item(cid, state.need[cid], va, vb, stay))
        room_a, room_b = state.room(a), state.room(b)
    finally:
        for cid, slot in inside.items():
            state.put(cid, slot)
    asking = asked * _ASK
    if len(items) == len(inside) and all(slot is a for slot in inside.values()):
        return asking, False  # nothing comes in, and nothing can move up from the second window
    unit = gcd(*(item.size for item in items), room_a, room_b) or 1
    room_a, room_b = room_a // unit, room_b // unit
    cells = len(items) * (room_a + 1) * (room_b + 1)
    if cells > min(budget - asking, _PAIR_CELLS) or room_a < 0 or room_b < 0:
        return asking, False
    now = sum(
        value(item.cid, inside[item.cid]) if item.cid in inside else item.stay for item in items
    )
    best, choice = _solve(items, unit, room_a, room_b)
    if best <= now:
        return asking + cells, False
    into = {item.cid: (a, b)[k - 1] for item, k in zip(items, choice, strict=True) if k}
    return asking + cells, _apply(
        state, value, members, into, [c for c in inside if c not in into], a, b
    )


def _values(
    state: Placement, value: Values, cid: str, a: Slot, b: Slot
) -> tuple[int | None, int | None]:
    """The value of ``cid`` (not placed) in ``a`` and in ``b`` (``None``: not admitted)."""
    return (
        value(cid, a) if admits(state, cid, a) else None,
        value(cid, b) if admits(state, cid, b) else None,
    )


def _solve(items: list[_Item], unit: int, room_a: int, room_b: int) -> tuple[int, list[int]]:
    """The best total value of ``items`` with at most ``room_a`` and ``room_b`` units taken
    in the two windows, and each item's choice (0: it stays, 1: the first window, 2: the
    second); ties keep an item where it is."""
    width = room_b + 1
    table = [[_NONE] * width for _ in range(room_a + 1)]
    table[0][0] = 0  # the room taken in each window so far: none
    tables = [table]
    for item in items:
        size = item.size // unit
        rows = [row[:] for row in table]
        if item.a is not None and size <= room_a:
            gain = item.a - item.stay
            for r in range(size, room_a + 1):
                rows[r] = [max(x, y + gain) for x, y in zip(rows[r], table[r - size], strict=True)]
        if item.b is not None and size <= room_b:
            gain = item.b - item.stay
            for r in range(room_a + 1):
                row, source = rows[r], table[r]
                row[size:] = [
                    max(x, y + gain)
                    for x, y in zip(row[size:], source[: width - size], strict=True)
                ]
        table = rows
        tables.append(table)
    best, r, c = max((v, -r, -c) for r, row in enumerate(table) for c, v in enumerate(row))
    r, c = -r, -c
    choice = [0] * len(items)
    for k in range(len(items) - 1, -1, -1):
        item, here, before = items[k], tables[k + 1][r][c], tables[k]
        size = item.size // unit
        if before[r][c] == here:
            continue
        if item.a is not None and r >= size and before[r - size][c] + item.a - item.stay == here:
            choice[k], r = 1, r - size
        else:
            choice[k], c = 2, c - size
    return best + sum(item.stay for item in items), choice


def _apply(
    state: Placement,
    value: Values,
    members: list[str],
    into: dict[str, Slot],
    out: list[str],
    a: Slot,
    b: Slot,
) -> bool:
    """Put the changes ``into`` their windows of the pair and send those ``out`` to the first
    other window that takes them; keep it when every rule admits each change it moved, and
    each placed dependent of one, and the lane scores better. Returns whether it was kept."""
    problem = state.problem
    before = {cid: state.placed.get(cid) for cid in members}
    for cid in (*into, *out):
        if cid in state.placed:
            state.take(cid)
    ok = True
    for cid in sorted(into, key=problem.rank.__getitem__):  # prerequisites first
        if not admits(state, cid, into[cid]):
            ok = False
            break
        state.put(cid, into[cid])
    if ok:
        for cid in sorted(out, key=problem.rank.__getitem__):
            slot = first_other(state, cid, (a, b))
            if slot is not None:
                state.put(cid, slot)
        ok = _still_admitted(state, [c for c in members if state.placed.get(c) is not before[c]])
    if ok and value.total({cid: state.placed.get(cid) for cid in members}) > value.total(before):
        return True
    state.restore(before)
    return False


def _still_admitted(state: Placement, moved: list[str]) -> bool:
    """Whether each placed dependent of a change in ``moved`` is still admitted where it is
    (taken out and asked again); a kept dependent of a moved change refuses the move."""
    problem = state.problem
    for cid in moved:
        for d in problem.deps.dependents.get(cid, ()):
            if state.is_kept(d):
                return False
            slot = state.placed.get(d)
            if slot is not None and not admitted(state, d, slot):
                return False
    return True
