"""The delay level of one lane, by branch and bound over the windows in time order (pure,
deterministic).

Once a plan's changes keep their deadlines and ride where they do, what is left is the fourth
level: their weighted delay. This search keeps the set of a lane's changes that ride, and
which of them ride by their deadline, and looks for the assignment to windows with the least
weighted delay (:func:`maintwin._planning.objective.contribution`). Each change may take its
candidate windows (:func:`.deadlines.lane_options`), those by its deadline when it keeps it
now; each window holds what its room allows; a prerequisite rides in its dependent's window
or an earlier one.

The windows are filled in time order. A window takes the changes whose last window it is and
a fill of the others that are ready for it; only fills that no other ready change could still
join are tried (a change that would fit rides no worse here than later, and leaves room
later), the densest first (weight per unit of room), and two changes alike in everything are
taken in order. A branch is cut when the changes left cannot fit (those due by a window
need more room than the windows up to it have, or more windows than are left: the
bin-packing bound L2 of Martello and Toth), or when its delay so far and the bound of what
is left reach the best found. The bound is the fractional optimum of the changes left: each
window, in time order, takes the densest changes that may ride there (from their first
window on, splitting them), which is optimal when the deadlines are dropped (the exchange
argument of the preemptive weighted-shortest-first rule for the mean busy time).

Given a set of windows (step 7 searches a few at a time), the others take nothing, and
the search steps over them.

The search goes depth first with half its budget; when that stops short, it searches again
with at most 0, 1, 2, ... windows filled otherwise than with their densest fill (limited
discrepancy), while the budget lasts. It stops before it would spend more than ``budget``
units of work with the best it found, and says whether it went through every branch. What it
returns is only an assignment to try: :mod:`.greedy` puts it in a placement, asking the rules
about each change, and keeps it only when the lane scores better.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from itertools import accumulate
from math import gcd

from ..objective import baseline, contribution
from ..problem import Slot
from ..state import Placement
from ..units import minutes
from .deadlines import ROOM_UNITS, lane_options, link
from .fit import on_time, worth

__all__ = ["DELAY_WORK", "least_delay"]

DELAY_WORK = 400_000  # the work the search may do in one lane (see _Search.work)


class _Item:
    __slots__ = (
        "after",
        "before",
        "cid",
        "cost",
        "density",
        "first",
        "key",
        "last",
        "options",
        "size",
        "weight",
    )

    def __init__(self, cid: str, size: int, weight: int, options: list[int], cost: list[int]):
        self.cid = cid
        self.options = set(options)
        self.first, self.last = options[0], options[-1]
        self.cost = cost  # the weighted delay in each window of the lane (where it may ride)
        self.weight = weight
        self.density = weight / size
        self.before: list[int] = []  # the items that ride in this one's window or earlier
        self.after: list[int] = []  # the items that ride in this one's window or later
        self.key: tuple[object, ...] = (size, weight, tuple(options), tuple(cost))
        self.size = size


def least_delay(
    state: Placement,
    name: str,
    members: list[str],
    placed: dict[str, Slot],
    *,
    budget: int,
    windows: frozenset[int] | None = None,
) -> tuple[dict[str, Slot] | None, int, bool]:
    """An assignment of lane ``name``'s changes ``members`` (none of them placed in
    ``state``; the lane's other changes stay where they are) to windows with less weighted
    delay than they have in ``placed`` (where each rides now), keeping each change that is
    on time there on time (``None``: the search found none better); the work spent; and
    whether the search went through (what it found, or ``placed``, has the least delay).
    With ``windows`` (lane positions), only those windows."""
    problem = state.problem
    lane = problem.lanes[name]
    rooms = state.rooms[name]
    room = [
        max(rooms.room(s.position), 0) if windows is None or s.position in windows else 0
        for s in lane.slots
    ]  # a window outside ``windows`` takes nothing here
    unit = gcd(*(state.need[cid] for cid in members), *room) or 1
    room = [r // unit for r in room]
    if not members or max(room, default=0) > ROOM_UNITS:
        return None, 0, False
    inside = set(members)
    minute = [minutes(s.start - lane.slots[0].start) for s in lane.slots]
    items: list[_Item] = []
    now = 0
    for cid in members:
        slot = placed[cid]
        first = baseline(problem, cid)
        on, late = lane_options(state, problem, cid, inside, windows)
        options = on if on_time(state, cid, slot) else sorted(on + late)
        if slot.position not in options:
            return None, 0, False  # where it rides now is not a window the search may use
        cost = [0] * len(lane.slots)
        for at in options:
            cost[at] = contribution(problem, cid, lane.slots[at], first).delay
        weight = worth(state, cid)
        # the bound counts on the delay growing with the start, by the weight a minute
        if any(
            cost[at] != cost[options[0]] + weight * (minute[at] - minute[options[0]])
            for at in options
        ):
            return None, 0, False
        now += cost[slot.position]
        items.append(_Item(cid, state.need[cid] // unit, weight, options, cost))
    link(problem, items)
    search = _Search(items, room, minute, now, budget)
    search.run()
    if search.best is None:
        return None, search.work, search.proved
    into = {items[k].cid: lane.slots[at] for k, at in enumerate(search.best)}
    return into, search.work, search.proved


_NONE = -1
_EVERY = 1 << 30  # turns enough for every fill of every window


class _Search:
    """Fill the windows in time order, each with a fill no ready item could still join,
    bounded by the fractional optimum of what is left."""

    _STEP = 1  # the work of one step of the fills of a window; a node's bounds cost more

    def __init__(
        self, items: list[_Item], room: list[int], minute: list[int], ceiling: int, budget: int
    ) -> None:
        self.items = items
        self.minute = minute  # each window's start, in minutes from the lane's first
        self.room = room
        self.best_cost = ceiling
        self.best: list[int] | None = None
        self.budget = budget
        self.work = 0  # fill steps, and the bounds by their size (about 16 operations a unit)
        self.cut = False  # whether the budget stopped a branch: then nothing is proved
        self.at = [_NONE] * len(items)
        self.dense = sorted(range(len(items)), key=lambda j: (-items[j].density, j))
        self.bound_cost = (len(room) * len(items) + len(items) ** 2) // 16 + 1
        # the first window from each on that some item may take (the others are skipped)
        usable = {at for item in items for at in item.options}
        self.next = [len(room)] * (len(room) + 1)
        for t in range(len(room) - 1, -1, -1):
            self.next[t] = t if t in usable else self.next[t + 1]

    def run(self) -> None:
        """Search depth first with half the budget; when that stops short, with at most 0,
        1, 2, ... turns away from the densest fill of a window (limited discrepancy) while
        the rest lasts."""
        every = list(range(len(self.items)))
        budget, self.budget = self.budget, self.budget // 2
        self._fill(0, every, 0, _EVERY)
        self.budget = budget
        if not self.cut:
            return  # searched through: the best found is the least delay there is
        for turns in range(len(self.room) + 1):
            if self.work + self.bound_cost > self.budget:
                break
            self._fill(0, every, 0, turns)

    @property
    def proved(self) -> bool:
        """Whether the search went through every branch it did not bound away."""
        return not self.cut

    def _fits(self, t: int, left: list[int]) -> bool:
        """Whether the items ``left`` may still fit in the windows from ``t`` on: by each
        window, those whose last window it is at the latest need no more room than the
        windows up to it have; and no more windows than are left (the bin-packing bound
        L2 of Martello and Toth, with every window as roomy as the roomiest)."""
        items, room = self.items, self.room
        due = [0] * len(room)
        for j in left:
            due[items[j].last] += items[j].size
        need = have = 0
        for s in range(t, len(room)):
            need += due[s]
            have += room[s]
            if need > have:
                return False
        roomy = max(room[t:])
        if roomy <= 0:
            return not left
        bins = sum(1 for r in room[t:] if r > 0)
        sizes = sorted(items[j].size for j in left)
        total = list(accumulate(sizes, initial=0))
        half = bisect_right(sizes, roomy // 2)  # sizes[half:] cannot share a window
        for k in {0, *sizes[:half]}:
            wide = bisect_right(sizes, roomy - k)  # sizes[wide:] leave less than k beside them
            mid = max(wide - half, 0)  # each with its own window, room left beside it
            spare = mid * roomy - (total[max(wide, half)] - total[half])
            small = total[half] - total[bisect_left(sizes, k)]  # from k to half a window
            if (len(sizes) - max(wide, half)) + mid + max(0, -(-(small - spare) // roomy)) > bins:
                return False
        return True

    def _bound(self, t: int, left: list[int]) -> float:
        """The least delay the items ``left`` can add from window ``t`` on, fractionally
        (deadlines dropped); infinite when they cannot fit."""
        items, room, minute = self.items, self.room, self.minute
        need = {j: float(items[j].size) for j in left}
        order = [j for j in self.dense if j in need]
        total = 0.0
        for s in range(t, len(room)):
            space = float(room[s])
            for j in order:
                if space <= 0:
                    break
                item = items[j]
                if need[j] <= 0 or s < item.first:
                    continue
                # the delay grows with the window's start: from its first window on
                cost = item.cost[item.first] + item.weight * (minute[s] - minute[item.first])
                part = min(need[j], space)
                need[j] -= part
                space -= part
                total += cost * part / item.size
        if any(v > 1e-9 for v in need.values()):
            return float("inf")
        return total

    def _fill(self, t: int, left: list[int], cost: int, turns: int) -> None:
        """Fill window ``t`` and those after it with the items ``left``; ``turns``: how many
        times the fills below may leave the first (densest) fill of a window."""
        items, at = self.items, self.at
        if not left:
            if cost < self.best_cost:
                self.best_cost = cost
                self.best = list(at)
            return
        t = self.next[t]  # a window no item may take stays empty
        if t == len(self.room):
            return
        if self.work + self.bound_cost > self.budget:
            self.cut = True
            return
        if any(items[j].last < t for j in left):
            return
        self.work += self.bound_cost
        if not self._fits(t, left) or cost + self._bound(t, left) >= self.best_cost - 1e-9:
            return
        for k, taken in enumerate(self._fills(t, left)):
            if k > turns:
                break
            for j in taken:
                at[j] = t
            added = sum(items[j].cost[t] for j in taken)
            gone = set(taken)
            self._fill(t + 1, [j for j in left if j not in gone], cost + added, turns - (k > 0))
            for j in taken:
                at[j] = _NONE

    def _fills(self, t: int, left: list[int]) -> Iterator[list[int]]:
        """The ways to fill window ``t`` from ``left``: the items whose last window it is, and
        a set of those ready that no other ready item could still join, densest first."""
        items, at = self.items, self.at
        waiting = set(left)
        ready = [
            j
            for j in left
            if t in items[j].options
            and all(
                at[p] != _NONE or (p in waiting and t in items[p].options) for p in items[j].before
            )
        ]
        must = [j for j in left if items[j].last == t]
        if any(j not in ready for j in must):
            return
        space = self.room[t] - sum(items[j].size for j in must)
        if space < 0:
            return
        rest = sorted((j for j in ready if items[j].last > t), key=lambda j: (-items[j].density, j))
        chosen: list[int] = list(must)

        def complete(free: int) -> bool:
            taken = set(chosen)
            if any(at[p] == _NONE and p not in taken for j in taken for p in items[j].before):
                return False  # a prerequisite neither earlier nor here
            return not any(
                j not in taken
                and items[j].size <= free
                and all(at[p] != _NONE or p in taken for p in items[j].before)
                for j in rest
            )  # else another ready item could still join this fill

        def pick(i: int, free: int) -> Iterator[list[int]]:
            if self.work + self._STEP > self.budget:
                self.cut = True
                return
            self.work += self._STEP
            skipped: set[tuple[object, ...]] = set()
            for k in range(i, len(rest)):
                j = rest[k]
                item = items[j]
                if item.size > free:
                    continue
                alike = (j,) if item.before or item.after else item.key
                if alike in skipped:
                    continue  # alike in everything to one tried at this point
                skipped.add(alike)
                chosen.append(j)
                yield from pick(k + 1, free - item.size)
                chosen.pop()
            if complete(free):
                yield list(chosen)

        yield from pick(0, space)
