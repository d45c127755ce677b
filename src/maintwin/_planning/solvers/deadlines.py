"""The on-time level of one lane, and its placed level, by branch and bound over which
changes ride (pure, deterministic).

Which of a lane's changes ride by their deadline decides the first level of the objective.
Each change may take one of its candidate windows that keep its deadline
(:func:`rules.candidates`: open, on or after its first day, admitted next to the kept
changes); a change that others wait for and that no window takes on time may ride late, so
that they can ride after it;
each window holds what its room allows; a prerequisite rides in its dependent's window or an
earlier one (here a dependent rides only with every prerequisite riding). The placed level,
the second of the objective, is the same search with other options: the changes on time
(``keep``) have to ride on time, and every other change may take any window that takes it,
on time or late, its weight counting wherever it rides.

The search branches on each change riding or not, the most weight per unit of room first, and
cuts a branch whose bound cannot beat the best found. The bound is the fractional optimum of
the changes still open: in each run of consecutive windows, the changes whose windows all lie
inside it take at most its room (for changes whose windows have no gaps, exactly what a
fractional assignment needs; a gap only makes the bound looser), filled densest first, which
is optimal for such limits. A
change rides only if the set riding can still be packed (:class:`_Packing`): first in the
windows as they are (moving one change aside if need be), else packed again from empty
windows, window by window in time order, each window taking the changes whose last window it
is and the fill of the others that wastes the least (a knapsack), and when that fails, by a
search over the ways to fill each window (bin completion) that gives up a branch once it has
wasted more room than the set leaves over. Two changes alike in everything (room, weight,
windows, no dependency): the second rides only if the first does.

The search stops before it would spend more than ``budget`` units of work
(:meth:`_Search.spent`; a packing that would pass it is refused) with the best it found;
windows of more than ``ROOM_UNITS`` room units are not searched. What it returns is only an
assignment to try: :mod:`.greedy` puts it in a placement, asking the rules about each change
(people, same day, order in the window), places the rest after it, and keeps it only when the
lane scores better.
"""

from __future__ import annotations

from collections.abc import Sequence
from heapq import heapify, heappop, heappush
from itertools import accumulate
from math import gcd
from typing import Protocol

from ..problem import Problem, Slot
from ..rules import candidates
from ..rules.deadline import on_time
from ..rules.order import keeps_order
from ..state import Placement
from ._knapsack import knapsack
from .fit import worth

__all__ = ["LANE_WORK", "ROOM_UNITS", "Linked", "best_on_time", "lane_options", "link"]

LANE_WORK = 200_000  # the work the search may do in one lane (see _Search.spent)
ROOM_UNITS = 1_000  # the most room units (the gcd of the lengths) a window may have for it


class _Item:
    __slots__ = (
        "after",
        "before",
        "cid",
        "first",
        "forced",
        "last",
        "late",
        "options",
        "size",
        "slots",
        "twin",
        "weight",
    )

    def __init__(self, cid: str, size: int, weight: int, slots: list[int], late: list[int]):
        self.cid, self.size, self.slots = cid, size, slots
        self.late = [] if slots else late  # windows that count nothing: only where no slot
        self.options = slots or self.late  # the windows it may ride in
        self.weight = weight if slots else 0  # only riding in one of its slots counts
        self.first = slots[0] if slots else -1
        self.last = slots[-1] if slots else -1
        self.before: list[int] = []  # the items that must ride in this one's window or earlier
        self.after: list[int] = []  # the items that must ride in this one's window or later
        self.twin = -1  # an earlier item alike in everything: this one rides no earlier
        self.forced = False  # it rides: a change placed outside the search waits for it

    def __repr__(self) -> str:
        return (
            f"_Item({self.cid!r}, size={self.size}, weight={self.weight}, slots={self.slots}, "
            f"late={self.late}, before={self.before})"
        )


def best_on_time(
    state: Placement,
    name: str,
    members: list[str],
    *,
    floor: int,
    budget: int = LANE_WORK,
    keep: frozenset[str] | None = None,
) -> tuple[dict[str, Slot] | None, int]:
    """The assignment of lane ``name``'s changes ``members`` (none of them placed in
    ``state``; the lane's other changes stay where they are) to windows by their deadline
    with the most on-time weight, when that beats ``floor`` (``None``: the search found none
    better), and the work it spent. A change that others in ``members`` wait for and that no
    window takes by its deadline may ride late (before them).

    With ``keep``, the placed level instead: the changes of ``keep`` ride by their deadline,
    every other change may ride in any window that takes it, on time or late, and the
    assignment is the one with the most weight riding. Either way a change that a change
    outside ``members`` waits for has to ride."""
    problem = state.problem
    lane = problem.lanes[name]
    rooms = state.rooms[name]
    inside = set(members)
    needs = [state.need[cid] for cid in members]
    room = [max(rooms.room(s.position), 0) for s in lane.slots]
    unit = gcd(*needs, *room) or 1
    room = [r // unit for r in room]
    if max(room, default=0) > ROOM_UNITS:
        return None, 0  # windows of many hours counted in seconds: the knapsacks would be huge
    waited = {p for cid in members for p in problem.changes[cid].depends_on}
    awaited = {  # changes outside the search wait for these: they have to ride
        cid
        for cid in members
        if any(d not in inside and state.is_placed(d) for d in problem.deps.dependents[cid])
    }
    found: dict[str, _Item] = {}
    late_of: dict[str, list[int]] = {}
    for cid in members:
        on, late = lane_options(state, problem, cid, inside)
        if keep is not None:  # the placed level: riding counts, late or not
            late_of[cid] = []
            if cid not in keep:
                on = sorted(on + late)
        else:
            late_of[cid] = late if cid in waited or cid in awaited else []
        item = _Item(cid, state.need[cid] // unit, worth(state, cid), on, late_of[cid])
        if item.slots or item.late:
            found[item.cid] = item
    dropped = True
    while dropped:  # a change rides no earlier than the first window of each prerequisite
        dropped = False
        for cid in list(found):
            item = found[cid]
            lo = -1
            for p in problem.changes[cid].depends_on:
                if p not in inside:
                    continue
                if p not in found:
                    lo = _OUT
                    break
                pre = found[p]
                lo = max(lo, min(pre.slots[:1] + pre.late[:1]))
            slots = [at for at in item.slots if at >= lo]
            late = [at for at in late_of[cid] if at >= lo]
            if not slots and not late:
                del found[cid]
                dropped = True
            elif slots != item.slots or (not slots and late != item.late):
                found[cid] = _Item(cid, item.size, worth(state, cid), slots, late)
                dropped = True
    forced = awaited | (keep or frozenset())
    if not forced <= set(found):
        return None, 0  # a change that others wait for (or one to keep) can ride nowhere
    for cid in forced:
        found[cid].forced = True
    items = sorted(
        found.values(),
        key=lambda it: (-it.weight / it.size, it.last, problem.rank[it.cid]),
    )
    link(problem, items)
    search = _Search(items, room, floor, budget)
    search.run()
    if search.best is None:
        return None, search.spent()
    into = {items[k].cid: lane.slots[at] for k, at in enumerate(search.best) if at != _OUT}
    return into, search.spent()


class Linked(Protocol):
    """An item of a lane search: a change, with the items it waits for and those that wait
    for it (their indices)."""

    cid: str
    before: list[int]
    after: list[int]


def link(problem: Problem, items: Sequence[Linked]) -> None:
    """Fill each item's ``before`` (its prerequisites among ``items``) and ``after`` (its
    dependents among them)."""
    index = {item.cid: k for k, item in enumerate(items)}
    for k, item in enumerate(items):
        for p in problem.changes[item.cid].depends_on:
            if p in index:
                item.before.append(index[p])
                items[index[p]].after.append(k)


def lane_options(
    state: Placement,
    problem: Problem,
    cid: str,
    inside: set[str],
    within: frozenset[int] | None = None,
) -> tuple[list[int], list[int]]:
    """The lane positions ``cid`` may take by its deadline, and after it: its candidates
    (those at the positions ``within``, when given), those that keep the order with the
    changes placed outside ``inside`` (the rule's own test, :func:`rules.order.keeps_order`)."""
    change = problem.changes[cid]
    on: list[int] = []
    late: list[int] = []

    def placed(other: str) -> bool:
        return other in inside or state.is_placed(other)

    def at(other: str) -> Slot | None:  # the search's own changes: not placed yet
        return None if other in inside else state.where(other)

    for slot in candidates(problem, cid):
        if within is not None and slot.position not in within:
            continue
        if not keeps_order(problem, cid, slot, placed, at):
            continue
        (on if on_time(change, slot.day) else late).append(slot.position)
    return on, late


_OUT = 1 << 30  # an item that rides in no window: after every window


class _Search:
    """Which items ride in their slots (by their deadline; on the placed level, any window):
    branch on each item (densest first) riding or not, bound by the fractional optimum, and
    keep the set of those riding packed in the windows (:class:`_Packing`)."""

    def __init__(self, items: list[_Item], room: list[int], floor: int, budget: int) -> None:
        self.items = items
        self.best_value = floor
        self.best: list[int] | None = None
        self.budget = budget
        self.nodes = 0
        self.state = [0] * len(items)  # 0: open, 1: rides, -1: does not
        self.pack = _Packing(items, room)
        width = len(room)
        # left[a][b]: the room windows a to b have for the open items (what rides subtracted)
        total = list(accumulate(room, initial=0))
        self.left = [
            [total[b + 1] - total[a] if b >= a else 0 for b in range(width)] for a in range(width)
        ]
        self.width = width
        # what each item and its prerequisites (and theirs) take: they ride together
        self.closure: list[list[int]] = []
        for k in range(len(items)):
            found, todo = {k}, [k]
            while todo:
                for j in items[todo.pop()].before:
                    if j not in found:
                        found.add(j)
                        todo.append(j)
            self.closure.append(sorted(found))
        seen: dict[tuple[object, ...], int] = {}
        for k, item in enumerate(items):
            if item.before or item.after:
                continue
            key = (item.size, item.weight, tuple(item.slots), tuple(item.late))
            if key in seen:
                item.twin = seen[key]
            seen[key] = k
        # what a bound costs, in units of about 16 list operations
        self.bound_cost = (
            width * width + sum((it.first + 1) * (width - it.last) for it in items if it.weight)
        ) // 16 + 1
        self.dense = sorted(range(len(items)), key=lambda j: -items[j].weight / items[j].size)
        self.suffix = [0] * (len(items) + 1)
        for k in range(len(items) - 1, -1, -1):
            self.suffix[k] = self.suffix[k + 1] + items[k].weight

    def run(self) -> None:
        """Search, from the forced items riding (with their prerequisites)."""
        forced = sorted(
            {j for k, it in enumerate(self.items) if it.forced for j in self.closure[k]}
        )
        if not self._add(forced):
            return
        for j in forced:
            self.state[j] = 1
            self._take(self.items[j], 1)
        self._visit(0, sum(self.items[j].weight for j in forced))

    def _add(self, group: list[int]) -> bool:
        """Whether ``group`` can ride with what rides, packed within what is left of the
        budget."""
        self.pack.limit = self.budget - self.nodes
        return self.pack.add(group)

    def spent(self) -> int:
        """The work done so far: each node, each bound (by the table cells it updates),
        each knapsack cell and search step of the packing."""
        return self.nodes + self.pack.work

    def _take(self, item: _Item, sign: int) -> None:
        first, last = item.options[0], item.options[-1]
        delta = sign * item.size
        for a in range(first + 1):
            row = self.left[a]
            for b in range(last, self.width):
                row[b] -= delta

    def _bound(self, k: int) -> float:
        """The most the open items from ``k`` on can add, fractionally: in each run of
        windows, the items whose windows all lie in it take at most its room (for windows on
        a line, every fractional assignment within those limits exists); densest first."""
        left = [row[:] for row in self.left]
        width = self.width
        gain = 0.0
        state = self.state
        for j in self.dense:
            item = self.items[j]
            if state[j] or not item.weight:
                continue
            first, last, size = item.first, item.last, item.size
            least = size
            for a in range(first + 1):
                row = left[a]
                for b in range(last, width):
                    if row[b] < least:
                        least = row[b]
            if least <= 0:
                continue
            gain += item.weight * least / size
            for a in range(first + 1):
                row = left[a]
                for b in range(last, width):
                    row[b] -= least
        return gain

    def _visit(self, k: int, value: int) -> None:
        items, state = self.items, self.state
        while k < len(items) and state[k]:
            k += 1
        if value > self.best_value:
            self.best_value = value
            self.best = self.pack.positions()
        if k == len(items) or self.spent() + 1 + self.bound_cost > self.budget:
            return  # done, or out of budget
        self.nodes += 1
        if value + self.suffix[k] <= self.best_value:
            return
        self.nodes += self.bound_cost
        if value + self._bound(k) < self.best_value + 1 - 1e-9:
            return
        # rides, with its prerequisites that are still open
        group = [j for j in self.closure[k] if state[j] == 0]
        twin = items[k].twin  # left out: so is this one, alike in everything
        if (
            all(state[j] != -1 for j in self.closure[k])
            and (twin < 0 or state[twin] != -1)
            and self._add(group)
        ):
            for j in group:
                state[j] = 1
                self._take(items[j], 1)
            self._visit(k + 1, value + sum(items[j].weight for j in group))
            for j in group:
                state[j] = 0
                self._take(items[j], -1)
            self.pack.remove(group)
        # does not ride, nor what waits for it
        state[k] = -1
        self._visit(k + 1, value)
        state[k] = 0


class _Packing:
    """The riding items in windows: each in one of its windows (its slots, or late for a
    prerequisite that cannot be on time), within the room, prerequisites no later. Adding
    items first tries the windows as they are, then packs everything again (a search with a
    bounded number of steps); when neither finds a packing, the items are refused."""

    _STEPS = 2_000

    def __init__(self, items: list[_Item], room: list[int]) -> None:
        self.items = items
        self.room = list(room)
        self.full = list(room)
        self.at = [_OUT] * len(items)
        self.riding: list[int] = []
        self._sets = [set(item.options) for item in items]
        self.work = 0  # knapsack cells and search steps spent packing
        self.limit = 1 << 62  # the work it may reach: a packing that would pass it is refused

    def positions(self) -> list[int]:
        return list(self.at)

    def add(self, group: list[int]) -> bool:
        placed: list[int] = []
        for j in self._order(group):
            at = self._first(j)
            if at < 0:
                at = self._eject(j)
            if at < 0:
                break
            self.at[j] = at
            self.room[at] -= self.items[j].size
            placed.append(j)
        else:
            self.riding.extend(group)
            return True
        for j in placed:
            self.room[self.at[j]] += self.items[j].size
            self.at[j] = _OUT
        return self._repack([*self.riding, *group])

    def _eject(self, j: int) -> int:
        """A window for ``j`` that an item without prerequisites or dependents leaves for
        another of its windows; -1 when there is none."""
        items, room, at = self.items, self.room, self.at
        size = items[j].size
        lo, hi = self._limits(j)
        by_window: dict[int, list[int]] = {}
        for i in self.riding:
            if at[i] != _OUT and not items[i].before and not items[i].after:
                by_window.setdefault(at[i], []).append(i)
        for there in self.items[j].options:
            if not lo <= there <= hi:
                continue
            short = size - room[there]
            for i in sorted(by_window.get(there, ()), key=lambda i: items[i].size):
                if items[i].size < short:
                    continue
                for other in self.items[i].options:
                    if other != there and room[other] >= items[i].size:
                        room[there] += items[i].size
                        room[other] -= items[i].size
                        at[i] = other
                        return there
        return -1

    def remove(self, group: list[int]) -> None:
        for j in group:
            self.room[self.at[j]] += self.items[j].size
            self.at[j] = _OUT
        gone = set(group)
        self.riding = [j for j in self.riding if j not in gone]

    def _limits(self, j: int) -> tuple[int, int]:
        item = self.items[j]
        lo, hi = -1, _OUT
        for p in item.before:
            if self.at[p] != _OUT:
                lo = max(lo, self.at[p])
        for d in item.after:
            if self.at[d] != _OUT:
                hi = min(hi, self.at[d])
        return lo, hi

    def _first(self, j: int) -> int:
        size = self.items[j].size
        lo, hi = self._limits(j)
        for at in self.items[j].options:
            if lo <= at <= hi and self.room[at] >= size:
                return at
        return -1

    def _order(self, group: list[int]) -> list[int]:
        """``group`` with each item after its prerequisites."""
        items = self.items
        inside = set(group)
        waiting = {j: sum(1 for p in items[j].before if p in inside) for j in group}
        ready = [j for j in group if not waiting[j]]
        heapify(ready)
        order: list[int] = []
        while ready:
            j = heappop(ready)
            order.append(j)
            for d in items[j].after:
                if d in inside:
                    waiting[d] -= 1
                    if not waiting[d]:
                        heappush(ready, d)
        return order

    def _repack(self, riding: list[int]) -> bool:
        """Pack ``riding`` from empty windows, window by window in time order: each takes the
        items it can that fill it most, those whose last window it is first, then those with
        the fewest windows left (a knapsack); an item whose prerequisites are not in an
        earlier window waits. Fails when an item's last window passes without it."""
        items = self.items
        room = list(self.full)
        at = [_OUT] * len(items)
        inside = set(riding)
        due: dict[int, int] = {}  # the last window each may take: before its dependents'
        for j in reversed(self._order(riding)):
            limit = min((due[d] for d in items[j].after if d in inside), default=_OUT)
            options = [o for o in self.items[j].options if o <= limit]
            if not options:
                return False
            due[j] = options[-1]
        left = sorted(riding)
        for t, space in enumerate(room):
            if not left:
                break
            ready = [
                j for j in left if t in self._sets[j] and all(at[p] < t for p in items[j].before)
            ]
            must = [j for j in ready if due[j] == t]
            need = sum(items[j].size for j in must)
            if need > space or any(due[j] < t for j in left):
                return self._search(riding, due)
            rest = [j for j in ready if due[j] > t]
            cells = len(rest) * (space - need + 1)
            if self.work + cells > self.limit:
                return False  # out of budget: refused
            self.work += cells
            scale = 1024 * (len(rest) + 1)  # fill first; then the fewest windows left
            chosen = must + knapsack(
                rest,
                [items[j].size for j in rest],
                [
                    items[j].size * scale
                    + 1023
                    - sum(1 for o in self.items[j].options if t < o <= due[j])
                    for j in rest
                ],
                space - need,
            )
            for j in chosen:
                at[j] = t
                room[t] -= items[j].size
            gone = set(chosen)
            left = [j for j in left if j not in gone]
        if left:
            return self._search(riding, due)
        self.room, self.at, self.riding = room, at, list(riding)
        return True

    def _search(self, riding: list[int], due: dict[int, int]) -> bool:
        """Pack ``riding`` from empty windows, window by window in time order, trying for
        each the ways to fill it (bin completion): the items whose last window it is, and
        any of the others ready for it, fullest first; a branch ends when the room wasted so
        far is more than all the room left over at the end can be. At most ``_STEPS`` steps."""
        items = self.items
        room = list(self.full)
        at = [_OUT] * len(items)
        spare = sum(room) - sum(items[j].size for j in riding)
        if spare < 0:
            return False
        steps = max(0, min(self._STEPS, self.limit - self.work))
        allowed = steps
        width = len(room)

        def fill(t: int, left: list[int], wasted: int) -> bool:
            nonlocal steps
            if not left:
                return True
            if t == width or any(due[j] < t for j in left):
                return False
            waiting = set(left)
            ready = [  # a prerequisite in an earlier window, or one that may ride in this one
                j
                for j in left
                if t in self._sets[j]
                and all(at[p] < t or (p in waiting and t in self._sets[p]) for p in items[j].before)
            ]
            must = [j for j in ready if due[j] == t]
            space = room[t] - sum(items[j].size for j in must)
            if space < 0:
                return False
            rest = sorted(
                (j for j in ready if due[j] > t), key=lambda j: (-items[j].size, due[j], j)
            )
            least = space - (spare - wasted)  # the least this window must take of ``rest``
            chosen: list[int] = []

            def pick(i: int, free: int) -> bool:
                nonlocal steps
                steps -= 1
                if steps < 0:
                    return False
                if free <= space - least or i == len(rest):
                    if space - free < least:
                        return False
                    taken = set(chosen) | set(must)
                    if all(
                        at[p] < t or p in taken for j in taken for p in items[j].before
                    ) and not any(  # only a fill no other item ready can join: an item
                        # that rides later could as well ride here, and free room there
                        j not in taken
                        and items[j].size <= free
                        and all(at[p] < t or p in taken for p in items[j].before)
                        for j in rest
                    ):
                        for j in taken:
                            at[j] = t
                        if fill(t + 1, [j for j in left if j not in taken], wasted + free):
                            return True
                        for j in taken:
                            at[j] = _OUT
                    return steps >= 0 and free > 0 and i < len(rest) and pick_on(i, free)
                return pick_on(i, free)

            def pick_on(i: int, free: int) -> bool:
                skipped: set[object] = set()
                for k in range(i, len(rest)):
                    j = rest[k]
                    size = items[j].size
                    item = items[j]
                    alike = (
                        j
                        if item.before or item.after
                        else (size, due[j], *(o for o in self.items[j].options if o > t))
                    )
                    if size > free or alike in skipped:
                        continue
                    skipped.add(alike)  # the same room and windows after this one as one tried
                    chosen.append(j)
                    if pick(k + 1, free - size):
                        return True
                    chosen.pop()
                    if steps < 0:
                        return False
                return False

            return pick(0, space)

        found = fill(0, sorted(riding), 0)
        self.work += allowed - max(steps, 0)
        if not found:
            return False
        for j in riding:
            room[at[j]] -= items[j].size
        self.room, self.at, self.riding = room, at, list(riding)
        return True
