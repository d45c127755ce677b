"""Where each change is while a solver works, and how much room each window has left (pure).

A :class:`Placement` is what the rules judge a slot in: the kept assignments of the
:class:`~maintwin._planning.problem.Problem` and the new ones a solver has made so far. Each
lane keeps the room of its windows in a segment tree, so that "the first window between two
positions with this much room" costs O(log w); that is an index for the capacity rule, which
decides.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .._model.change import Change
from .plan import Assignment
from .problem import Lane, Problem, Slot
from .units import micro

__all__ = ["Placement", "Rooms"]

_CLOSED = -1


class Rooms:
    """The room left in each window of a lane (microseconds; closed windows count -1)."""

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
        tree = self.tree
        node = self.size + i
        tree[node] += delta
        node >>= 1
        while node:
            left, right = tree[2 * node], tree[2 * node + 1]
            most = left if left >= right else right
            if tree[node] == most:
                return  # the maxima above are as they were
            tree[node] = most
            node >>= 1

    def first(self, lo: int, hi: int, need: int) -> int:
        """The smallest position in ``[lo, hi]`` with at least ``need`` room, or -1.

        From the leaf at ``lo``, climb while the subtree at hand has too little room (to the
        next subtree on its right, each time), then descend to its leftmost leaf with room."""
        if lo > hi or lo >= self.size:
            return -1
        tree, size = self.tree, self.size
        node = size + max(lo, 0)
        while tree[node] < need:
            while node & 1:  # a right child: its parent's right end is reached as well
                node >>= 1
            if not node:
                return -1
            node += 1
        while node < size:
            node *= 2
            if tree[node] < need:
                node += 1
        found = node - size
        return found if found <= hi else -1


class Placement:
    """The kept assignments and the solver's new ones, with each window's room."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        self.rooms = {name: Rooms(lane) for name, lane in problem.lanes.items()}
        self.need = {cid: micro(work) for cid, work in problem.work.items()}
        self.placed: dict[str, Slot] = {}
        self._riders: dict[int, set[str]] = {}
        self.freed: set[str] = set()  # lanes where a change left a window
        self.asked = 0  # how many times the solvers asked the rules (their budgets count it)

    @classmethod
    def of(cls, problem: Problem, assignments: Iterable[Assignment]) -> Placement:
        """The placement a finished plan describes: ``problem`` keeps its locked assignments;
        the others are put in their windows (those naming no known change or window are
        left out)."""
        state = cls(problem)
        for a in assignments:
            slot = problem.slots.get(a.window)
            if a.lock is None and slot is not None and a.change in problem.changes:
                state.put(a.change, slot)
        return state

    def change(self, cid: str) -> Change:
        return self.problem.changes[cid]

    def where(self, cid: str) -> Slot | None:
        """The window of a change placed or kept (``None``: neither, or kept in a window that
        is no longer in the horizon)."""
        return self.placed.get(cid) or self.problem.where.get(cid)

    def is_placed(self, cid: str) -> bool:
        """Placed by the solver, or kept."""
        return cid in self.placed or cid in self.problem.where

    def is_kept(self, cid: str) -> bool:
        return cid in self.problem.where

    def room(self, slot: Slot) -> int:
        """The room left in ``slot`` (microseconds; -1 when it is closed)."""
        return self.rooms[slot.window.subsystem].room(slot.position)

    def riders(self, slot: Slot) -> list[str]:
        """The changes the solver placed in ``slot``, by id."""
        return sorted(self._riders.get(id(slot), ()))

    def put(self, cid: str, slot: Slot) -> None:
        self.placed[cid] = slot
        self._riders.setdefault(id(slot), set()).add(cid)
        self.rooms[slot.window.subsystem].add(slot.position, -self.need[cid])

    def restore(self, before: Mapping[str, Slot | None]) -> None:
        """Put each change of ``before`` back where it was (``None``: left out)."""
        for cid in before:
            if cid in self.placed:
                self.take(cid)
        for cid, slot in before.items():
            if slot is not None:
                self.put(cid, slot)

    def take(self, cid: str) -> Slot:
        slot = self.placed.pop(cid)
        self._riders[id(slot)].discard(cid)
        self.freed.add(slot.window.subsystem)
        self.rooms[slot.window.subsystem].add(slot.position, self.need[cid])
        return slot
