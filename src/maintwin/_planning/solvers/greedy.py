"""The default solver: first fit by urgency, then passes that make room and cut the delay.

1. **On time, first fit.** Changes are taken most urgent first (the smallest priority number,
   then the earliest deadline; a prerequisite takes on the urgency of what waits for it), each
   after its prerequisites, and go in the first window that takes them by their deadline.
2. **Make room.** A change that found none goes in a window where another change makes room:
   one that another window takes on time, or else one of less weight, which then waits.
3. **Late, and pulled forward.** What still waits goes in the first window that takes it at all
   (it rides late and is reported); then each change moves to the earliest window with room
   that keeps its rules, most urgent first; again while anything moves.
4. **Small lanes.** Where a lane (the windows of one subsystem) is small enough for the work
   budget, its windows are packed again in time order, each with the heaviest set of changes
   that fits (a knapsack), with swaps against less urgent changes in earlier windows; that is
   kept if it lowers the delay. Then a local search (:mod:`maintwin._search`) moves and swaps.

Each lane keeps the room of its windows in a segment tree, so that "the first window between
two positions with this much room" costs O(log w). Steps 1 and 3 cost O((n + w) log w) for n
changes and w windows; step 2 looks at the changes in the windows a waiting change may take;
step 4 is bounded by its budget, so large plans get steps 1 to 3 only.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from math import gcd

from ..dependencies import micro
from ..plan import Unscheduled
from ..problem import Lane, Problem, Slot
from .search import Values, improve, total

__all__ = ["solve"]

_CLOSED = -1


class _Rooms:
    """The room left in each window of a lane, for first-fit queries."""

    def __init__(self, lane: Lane) -> None:
        self.size = 1
        while self.size < len(lane.slots):
            self.size *= 2
        self.tree = [_CLOSED] * (2 * self.size)
        for i, slot in enumerate(lane.slots):
            self.tree[self.size + i] = micro(slot.room) if slot.open else _CLOSED
        for node in range(self.size - 1, 0, -1):
            self.tree[node] = max(self.tree[2 * node], self.tree[2 * node + 1])

    def room(self, i: int) -> int:
        return self.tree[self.size + i]

    def add(self, i: int, delta: int) -> None:
        node = self.size + i
        self.tree[node] += delta
        node //= 2
        while node:
            self.tree[node] = max(self.tree[2 * node], self.tree[2 * node + 1])
            node //= 2

    def first(self, lo: int, hi: int, need: int) -> int:
        """The smallest position in ``[lo, hi]`` with at least ``need`` room, or -1."""
        return self._find(1, 0, self.size - 1, lo, hi, need)

    def _find(self, node: int, n_lo: int, n_hi: int, lo: int, hi: int, need: int) -> int:
        if n_hi < lo or n_lo > hi or self.tree[node] < need:
            return -1
        if n_lo == n_hi:
            return n_lo
        mid = (n_lo + n_hi) // 2
        found = self._find(2 * node, n_lo, mid, lo, hi, need)
        return found if found >= 0 else self._find(2 * node + 1, mid + 1, n_hi, lo, hi, need)


class _Greedy:
    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.rooms = {name: _Rooms(lane) for name, lane in problem.lanes.items()}
        self.need = {cid: micro(problem.changes[cid].duration) for cid in problem.order}
        self.placed: dict[str, Slot] = {}
        self._riders: dict[int, set[str]] = {}
        self.freed: set[str] = set()  # lanes where a change left a window

    def where(self, cid: str) -> Slot | None:
        """The window of a change placed or kept (``None``: neither, or kept in a window that
        is no longer in the horizon)."""
        return self.placed.get(cid) or self.problem.where.get(cid)

    def is_placed(self, cid: str) -> bool:
        return cid in self.placed or cid in self.problem.where

    def riders(self, slot: Slot) -> list[str]:
        """The changes this solver placed in ``slot``, by id."""
        return sorted(self._riders.get(id(slot), ()))

    def put(self, cid: str, slot: Slot) -> None:
        self.placed[cid] = slot
        self._riders.setdefault(id(slot), set()).add(cid)
        self.rooms[slot.window.subsystem].add(slot.position, -self.need[cid])

    def take(self, cid: str) -> Slot:
        slot = self.placed.pop(cid)
        self._riders[id(slot)].discard(cid)
        self.freed.add(slot.window.subsystem)
        self.rooms[slot.window.subsystem].add(slot.position, self.need[cid])
        return slot

    def bounds(self, cid: str, *, until: date | None) -> tuple[int, int, Callable[[Slot], bool]]:
        """The positions in the change's lane it may take, on or after its first day and on or
        before ``until``, and a test for the order with the changes placed around it."""
        change = self.problem.changes[cid]
        lane = self.problem.lanes[change.subsystem]
        first = self.problem.lower(cid)
        lo, hi = lane.reach(first), lane.last_by(until)
        dependents = self.problem.deps.dependents.get(cid, ())
        before = [w for p in change.depends_on if (w := self.placed.get(p)) is not None]
        after = [w for d in dependents if (w := self.placed.get(d)) is not None]
        # Narrow the search to the positions between prerequisites and dependents, placed or
        # kept, in the lane; in_order decides.
        for p in change.depends_on:
            if (w := self.where(p)) is not None and w.window.subsystem == change.subsystem:
                lo = max(lo, w.position)
        for d in dependents:
            if (w := self.where(d)) is not None and w.window.subsystem == change.subsystem:
                hi = min(hi, w.position)
        kept_order_allows = self.problem.kept_order_allows

        def in_order(slot: Slot) -> bool:
            return (
                (first is None or slot.day >= first)
                and (until is None or slot.day <= until)
                and all(p is slot or p.end <= slot.start for p in before)
                and all(d is slot or slot.end <= d.start for d in after)
                and kept_order_allows(cid, slot)
            )

        return lo, hi, in_order

    def fit(self, cid: str, *, until: date | None) -> Slot | None:
        """The first window the change may take, on or before ``until``, once every
        prerequisite is placed."""
        change = self.problem.changes[cid]
        lane = self.problem.lanes.get(change.subsystem)
        if lane is None or not all(self.is_placed(p) for p in change.depends_on):
            return None
        lo, hi, in_order = self.bounds(cid, until=until)
        rooms, need = self.rooms[change.subsystem], self.need[cid]
        while lo <= hi:
            i = rooms.first(lo, hi, need)
            if i < 0:
                return None
            if in_order(lane.slots[i]):
                return lane.slots[i]
            lo = i + 1
        return None


def solve(problem: Problem, unscheduled: dict[str, Unscheduled]) -> dict[str, Slot]:
    """Place the problem's changes; what cannot be placed is added to ``unscheduled``."""
    g = _Greedy(problem)
    rank = {cid: i for i, cid in enumerate(problem.order)}
    # 1. On time, earliest fit, most urgent first, prerequisites first.
    waiting: list[str] = []
    for cid in problem.order:
        slot = g.fit(cid, until=problem.changes[cid].deadline)
        if slot is None:
            waiting.append(cid)
        else:
            g.put(cid, slot)
    # 2. Make room on time for what waits by moving or bumping a less urgent change.
    for cid in list(waiting):
        if _bump(g, cid, waiting):
            waiting.remove(cid)
    # 3. What is left rides late, prerequisites first. 4. Pull forward into the room that is
    # left, most urgent first, and swap with less urgent changes in earlier windows. Again,
    # while that moves anything: moving may open room for a change still left out.
    pending = sorted(set(waiting), key=rank.__getitem__)
    for _ in range(_PASSES):
        pending = [cid for cid in pending if not _place_late(g, cid)]
        freed, g.freed = g.freed, set()  # only where room was freed can a change move up
        moved = [
            _pull_forward(g, cid)
            for cid in problem.order
            if cid in g.placed and problem.changes[cid].subsystem in freed
        ]
        if not any(moved):
            break
    # 5. Where a lane is small enough, pack its windows again in time order, each with the
    # heaviest set of changes that fits (a knapsack), and keep that if it lowers the delay;
    # then search locally (moves and swaps) while the objective improves.
    lanes: dict[str, list[str]] = {}
    for cid in problem.order:
        lanes.setdefault(problem.changes[cid].subsystem, []).append(cid)
    budget = _REPACK_BUDGET
    for name in sorted(set(lanes) & set(problem.lanes)):
        budget -= _repack(g, name, [c for c in lanes[name] if c in g.placed], budget)
    budget = _SEARCH_BUDGET
    for name in sorted(set(lanes) & set(problem.lanes)):
        budget -= improve(g, name, lanes[name], pending, budget)
    for cid in pending:
        if not _place_late(g, cid):
            unscheduled[cid] = problem.diagnose(cid, unscheduled)
    return g.placed


def _place_late(g: _Greedy, cid: str) -> bool:
    slot = g.fit(cid, until=None)
    if slot is not None:
        g.put(cid, slot)
    return slot is not None


_PASSES = 4  # each pass only ever lowers the delay; a few reach nearly all of it


def _pull_forward(g: _Greedy, cid: str) -> bool:
    """Move ``cid`` to the earliest window with room that keeps its rules."""
    lane = g.problem.changes[cid].subsystem
    freed_before = lane in g.freed
    current = g.take(cid)
    slot = g.fit(cid, until=current.day)
    better = slot is not None and slot.start < current.start
    g.put(cid, slot if slot is not None and better else current)
    if not better and not freed_before:
        g.freed.discard(lane)  # it went back where it was: no room was freed
    return better


def _swap_earlier(g: _Greedy, cid: str) -> bool:
    """Swap ``cid`` with a change of less weight in an earlier window of its lane when both
    keep their rules and their deadline status. Returns whether it swapped."""
    problem = g.problem
    change = problem.changes[cid]
    here = g.placed[cid]
    worth = problem.weight(cid)
    lo, _, in_order = g.bounds(cid, until=None)
    lane = problem.lanes[change.subsystem]
    rooms = g.rooms[change.subsystem]
    best: tuple[int, str] | None = None
    for there in lane.slots[lo : here.position]:
        if not in_order(there) or problem.on_time(cid, there) < problem.on_time(cid, here):
            continue
        position = there.position
        for other in g.riders(there):
            gain = (problem.weight(cid) - problem.weight(other)) * (here.start - there.start)
            if problem.weight(other) >= worth or (best and gain <= best[0] * _MINUTE):
                continue
            if (
                rooms.room(position) + g.need[other] < g.need[cid]
                or rooms.room(here.position) + g.need[cid] < g.need[other]
                or problem.on_time(other, there) != problem.on_time(other, here)
                or other in change.depends_on
            ):
                continue
            g.take(other)
            g.take(cid)
            fits = g.bounds(other, until=None)[2](here)
            g.put(cid, here)
            g.put(other, there)
            if fits:
                best = (gain // _MINUTE, other)
    if best is None:
        return False
    other = best[1]
    there = g.take(other)
    g.take(cid)
    g.put(cid, there)
    g.put(other, here)
    return True


_MINUTE = timedelta(minutes=1)


def _bump(g: _Greedy, cid: str, waiting: list[str]) -> bool:
    """Place ``cid`` on time in a window where another change makes room for it: one that
    another window takes on time, or else one of less weight, which goes back to ``waiting``.
    Returns whether ``cid`` was placed."""
    problem = g.problem
    change = problem.changes[cid]
    lane = problem.lanes.get(change.subsystem)
    if lane is None or not all(g.is_placed(p) for p in change.depends_on):
        return False
    worth = problem.weight(cid)
    lo, hi, in_order = g.bounds(cid, until=change.deadline)
    rooms = g.rooms[change.subsystem]
    best: tuple[int, int, str, Slot] | None = None  # (loss, position, bumped, slot)
    for slot in lane.slots[lo : hi + 1]:
        if not in_order(slot):
            continue
        position = slot.position
        for other in g.riders(slot):
            if (
                rooms.room(position) + g.need[other] < g.need[cid]
                or problem.deps.dependents.get(other)
                or other in change.depends_on
            ):
                continue
            g.take(other)
            g.put(cid, slot)
            moved = g.fit(other, until=problem.changes[other].deadline)
            g.take(cid)
            g.put(other, slot)
            loss = 0 if moved is not None else problem.weight(other)
            if loss >= worth:
                continue  # bumping it out would lose more than placing cid gains
            option = (loss, position, other, slot)
            if best is None or option[:3] < best[:3]:
                best = option
    if best is None:
        return False
    loss, _, other, slot = best
    g.take(other)
    g.put(cid, slot)
    moved = g.fit(other, until=problem.changes[other].deadline)
    if moved is not None:
        g.put(other, moved)
    else:
        waiting.append(other)
    return True


# Knapsack cells (windows x changes x room units) the repacking may spend on one plan: small
# plans get it in full, large ones keep the passes above (see docs/performance.md).
_REPACK_BUDGET = 200_000
_SEARCH_BUDGET = 100_000  # (changes x (windows + changes) x passes) per plan
_MUST = 10**6  # the value of a change in its last window by its deadline: it goes first


def _repack(g: _Greedy, name: str, members: list[str], budget: int) -> int:
    """Repack lane ``name`` window by window (``members``: the changes placed in it, in
    order); returns the cells spent (0 when over budget)."""
    problem = g.problem
    lane = problem.lanes[name]
    movable = [
        cid
        for cid in members
        if all(problem.changes[p].subsystem == name for p in problem.changes[cid].depends_on)
        and all(problem.changes[d].subsystem == name for d in problem.deps.dependents[cid])
    ]
    if not movable:
        return 0
    sizes = [g.need[cid] for cid in movable]
    unit = gcd(*sizes, *(g.rooms[name].room(s.position) for s in lane.slots if s.open))
    unit = unit if unit > 0 else 1
    widest = max((g.rooms[name].room(s.position) + sum(sizes)) // unit for s in lane.slots)
    cost = len(lane.slots) * len(movable) * min(widest, sum(sizes) // unit)
    if cost > budget:
        return 0
    before = {cid: g.placed[cid] for cid in members}  # the swaps below may move any of them
    on_time = {cid for cid in movable if problem.on_time(cid, before[cid])}
    for cid in movable:
        g.take(cid)
    last = {cid: _last_chance(g, cid, cid in on_time) for cid in movable}
    left = list(movable)
    for slot in lane.slots:
        room = g.rooms[name].room(slot.position)
        if not left or room <= 0:
            continue
        ready = [cid for cid in left if _may_ride(g, cid, slot, cid in on_time)]
        values = [_MUST if last[cid] is slot else problem.weight(cid) for cid in ready]
        for cid in _knapsack(ready, [g.need[c] // unit for c in ready], values, room // unit):
            g.put(cid, slot)
            left.remove(cid)
    if not left:
        for _ in range(_PASSES):
            moved = [_pull_forward(g, cid) for cid in movable]
            moved += [_swap_earlier(g, cid) for cid in movable]
            if not any(moved):
                break
    value = Values(g, members)  # the objective: on time, placed, then the weighted delay
    after = {cid: g.placed.get(cid) for cid in members}
    worse = bool(left) or total(value, after) <= total(value, before)
    if worse:
        for cid in members:
            if cid in g.placed:
                g.take(cid)
        for cid, slot in before.items():
            g.put(cid, slot)
    return cost


def _may_ride(g: _Greedy, cid: str, slot: Slot, on_time: bool) -> bool:
    if g.rooms[slot.window.subsystem].room(slot.position) < g.need[cid]:
        return False
    prerequisites = g.problem.changes[cid].depends_on
    if not all(g.is_placed(p) for p in prerequisites) or any(
        g.placed.get(p) is slot for p in prerequisites
    ):
        return False  # a prerequisite not placed yet, or in this very window
    _, _, in_order = g.bounds(cid, until=g.problem.changes[cid].deadline if on_time else None)
    return in_order(slot)


def _last_chance(g: _Greedy, cid: str, on_time: bool) -> Slot | None:
    """The last open window the change may take by its deadline (``None``: no deadline)."""
    change = g.problem.changes[cid]
    if not on_time or change.deadline is None:
        return None
    lane = g.problem.lanes[change.subsystem]
    first = g.problem.lower(cid)
    for slot in reversed(lane.slots[: lane.last_by(change.deadline) + 1]):
        if (
            slot.open
            and slot.day <= change.deadline
            and (first is None or slot.day >= first)
            and slot.capacity >= change.duration
        ):
            return slot
    return None


def _knapsack(items: list[str], sizes: list[int], values: list[int], room: int) -> list[str]:
    """The items of most total value that fit in ``room`` (ties: the earlier items)."""
    if not items or room <= 0:
        return []
    best = [[0] * (room + 1) for _ in range(len(items) + 1)]
    for i in range(len(items) - 1, -1, -1):
        size, value = sizes[i], values[i]
        row, below = best[i], best[i + 1]
        for r in range(room + 1):
            row[r] = below[r]
            if size <= r and below[r - size] + value > row[r]:
                row[r] = below[r - size] + value
    chosen, r = [], room
    for i, item in enumerate(items):
        if best[i][r] != best[i + 1][r]:
            chosen.append(item)
            r -= sizes[i]
    return chosen
