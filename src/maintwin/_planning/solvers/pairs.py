"""Two windows at a time, packed exactly: a large-neighbourhood search over a lane (pure,
deterministic).

For each pair of open windows of a lane (each window with the next few of its lane), the
changes that may ride in them are assigned to the two windows by a dynamic programme over
the room left in each (a two-window knapsack, with each change's value in each window from
:class:`.values.Values`): the changes in the two windows now, the changes left out, and the
changes in later windows that would gain by moving up. A change of the pair that the best
assignment leaves out goes to the first other window that takes it (its value there is what
the programme counts for it). A change is asked about with its prerequisites of the pair put
back (in the first window when the rules admit them there, else where they were), and is
packed in one group with them (:mod:`._pack`), never in an earlier window than they are: a
change and what it waits for move together. The best assignment is applied when it scores
better; it is kept only when every change it moved, and every placed dependent of one, is
admitted where it is (:func:`rules.admits`) and the lane's objective rises. Sweeps go on while
one improves.

What this finds that moving and swapping one or two changes does not: any exchange between
two windows (three for two, two for three, a change in from later or from outside that
others make room for), and through the changes it sends elsewhere, chains over three windows.
"""

from __future__ import annotations

from itertools import product
from math import gcd

from ..problem import Slot
from ..state import Placement
from ._pack import Option, best_options
from .fit import admits, dependents_admitted, first_other
from .values import Values

__all__ = ["PAIRS_BUDGET", "exchange"]

# The work the search may spend on one plan, in dynamic-programme cells (changes x room
# states): small plans get it in full, large ones keep what the passes before found (see
# docs/performance.md). Each question to the rules (``state.asked``: whether a window admits
# a change, every window a search for the first other window passes included) costs _ASK
# cells (measured: about 80 us against 0.5 us a cell), and no one programme may take more than
# _PAIR_CELLS (windows of many hours counted in minutes have a million room states each).
PAIRS_BUDGET = 12_000_000
_ASK = 150
_PAIR_CELLS = 1_000_000
_REACH = 3  # each open window is paired with the next _REACH open windows of its lane
_SWEEPS = 8
_GROUP = 4  # a change and its prerequisites in the pair: at most 3**_GROUP options


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
    """Pack windows ``a`` and ``b`` anew; returns the cells spent (each question to the rules
    counted as ``_ASK``) and whether it improved."""
    began = state.asked
    inside = {cid: slot for cid in members if (slot := state.placed.get(cid)) in (a, b)}
    for cid in inside:
        state.take(cid)
    items: list[_Item] = []
    try:
        for cid in members:
            here = state.placed.get(cid)
            if cid in inside:
                stay = None  # it goes to the first other window that takes it
            elif here is not None and here.position <= a.position:
                continue  # as early as either window of the pair already
            else:
                stay = value(cid, here)
                if value(cid, a) <= stay and value(cid, b) <= stay:
                    continue  # it gains in neither window, admitted or not
            item = _ask(state, value, cid, inside, (a, b), stay)
            if item is not None:
                items.append(item)
        room_a, room_b = state.room(a), state.room(b)
    finally:
        for cid, slot in inside.items():
            state.put(cid, slot)
    asking = (state.asked - began) * _ASK
    if len(items) == len(inside) and all(slot is a for slot in inside.values()):
        return asking, False  # nothing comes in, and nothing can move up from the second window
    unit = gcd(*(item.size for item in items), room_a, room_b) or 1
    room_a, room_b = room_a // unit, room_b // unit
    if room_a < 0 or room_b < 0:
        return asking, False
    groups = _groups(state, items, inside, unit)
    cells = sum(len(g[1]) for g in groups) * (room_a + 1) * (room_b + 1)
    if cells > min(budget - asking, _PAIR_CELLS):
        return asking, False
    now = sum(
        value(item.cid, inside[item.cid]) - item.stay if item.cid in inside else 0 for item in items
    )
    best, chosen = best_options([options for _, options in groups], room_a, room_b)
    if best <= now:
        return asking + cells, False
    into = {
        item.cid: (a, b)[k - 1]
        for (group, _), option in zip(groups, chosen, strict=True)
        if option is not None
        for item, k in zip(group, option.picks, strict=True)
        if k
    }
    kept = _apply(state, value, members, into, [c for c in inside if c not in into], a, b)
    return (state.asked - began) * _ASK + cells, kept


def _ask(
    state: Placement,
    value: Values,
    cid: str,
    inside: dict[str, Slot],
    pair: tuple[Slot, Slot],
    stay: int | None,
) -> _Item | None:
    """Ask the rules about ``cid`` in each window of the pair, with its prerequisites of the
    pair put back (:func:`_put_back`); ``stay`` is its value where it is (``None``: it is in
    the pair, and would go to the first other window). Returns its item (``None``: it gains
    nowhere)."""
    a, b = pair
    here = state.placed.get(cid)
    if here is not None:
        state.take(cid)
    back = _put_back(state, cid, inside, a)
    try:
        if stay is None:
            stay = value(cid, first_other(state, cid, pair))
        va, vb = _values(state, value, cid, a, b)
    finally:
        for p in back:
            state.take(p)
        if here is not None:
            state.put(cid, here)
    if cid not in inside and all(v is None or v <= stay for v in (va, vb)):
        return None
    return _Item(cid, state.need[cid], va, vb, stay)


def _groups(
    state: Placement, items: list[_Item], inside: dict[str, Slot], unit: int
) -> list[tuple[list[_Item], list[Option]]]:
    """The items in groups, each with its options: a change with its prerequisites in the
    pair (and theirs) is one group, whose options keep each prerequisite in an earlier window
    of the pair than its dependent, or the same one (a prerequisite that leaves the pair takes
    its dependents in the pair with it); a group of more than ``_GROUP`` changes is taken one
    change at a time."""
    problem = state.problem
    index = {item.cid: k for k, item in enumerate(items)}
    parent = list(range(len(items)))

    def root(k: int) -> int:
        while parent[k] != k:
            parent[k] = parent[parent[k]]
            k = parent[k]
        return k

    edges: list[tuple[int, int]] = []  # (prerequisite, dependent)
    for k, item in enumerate(items):
        for p in problem.changes[item.cid].depends_on:
            if p in inside and p in index:
                edges.append((index[p], k))
                parent[root(k)] = root(index[p])
    members: dict[int, list[int]] = {}
    for k in range(len(items)):
        members.setdefault(root(k), []).append(k)
    groups: list[tuple[list[_Item], list[Option]]] = []
    for ks in sorted(members.values()):
        if len(ks) > _GROUP:
            groups.extend(_options([items[k]], [], unit) for k in ks)
            continue
        local = {k: i for i, k in enumerate(ks)}
        inner = [(local[p], local[d]) for p, d in edges if p in local]
        groups.append(_options([items[k] for k in ks], inner, unit))
    return groups


def _options(
    group: list[_Item], edges: list[tuple[int, int]], unit: int
) -> tuple[list[_Item], list[Option]]:
    """Every way to put the changes of ``group`` in the pair that keeps each prerequisite of
    ``edges`` (prerequisite, dependent) in an earlier window of the pair, or the same; staying
    counts as after both windows. The way where every change stays is left out."""
    after = (3, 1, 2)  # a choice's order in time: 0 (stays) comes after both windows
    options: list[Option] = []
    for picks in product((0, 1, 2), repeat=len(group)):
        if not any(picks) or any(after[picks[p]] > after[picks[d]] for p, d in edges):
            continue
        room = [0, 0, 0]
        gain = 0
        for item, k in zip(group, picks, strict=True):
            if k:
                got = item.a if k == 1 else item.b
                if got is None:
                    break
                room[k] += item.size // unit
                gain += got - item.stay
        else:
            options.append(Option(room[1], room[2], gain, picks))
    return group, options


def _put_back(state: Placement, cid: str, inside: dict[str, Slot], a: Slot) -> list[str]:
    """Put back the prerequisites of ``cid`` (and theirs) that the pair took out, so that the
    rules can be asked about ``cid`` in the pair: all in the first window ``a`` when every
    rule admits them there (so ``cid`` may move up with them), else each where it was.
    Returns what it put back (the caller takes it out again)."""
    problem = state.problem
    found: set[str] = set()
    todo = [cid]
    while todo:
        for p in problem.changes[todo.pop()].depends_on:
            if p in inside and p not in found:
                found.add(p)
                todo.append(p)
    back = sorted(found, key=problem.rank.__getitem__)  # prerequisites first
    for k, p in enumerate(back):
        if not admits(state, p, a):
            for q in back[:k]:
                state.take(q)
            for q in back:
                state.put(q, inside[q])
            break
        state.put(p, a)
    return back


def _values(
    state: Placement, value: Values, cid: str, a: Slot, b: Slot
) -> tuple[int | None, int | None]:
    """The value of ``cid`` (not placed) in ``a`` and in ``b`` (``None``: not admitted)."""
    return (
        value(cid, a) if admits(state, cid, a) else None,
        value(cid, b) if admits(state, cid, b) else None,
    )


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
        ok = dependents_admitted(
            state, [c for c in members if state.placed.get(c) is not before[c]]
        )
    if ok and value.total({cid: state.placed.get(cid) for cid in members}) > value.total(before):
        return True
    state.restore(before)
    return False
