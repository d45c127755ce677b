"""The ``depends_on`` graph among a scenario's changes: cycles, what they block, and an order
with every change after its prerequisites (pure)."""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .._model.change import Change

__all__ = ["Dependencies"]


@dataclass(frozen=True)
class Dependencies:
    """The ``depends_on`` graph among known changes.

    ``cycles`` lists each cycle as the ids along it, each depending on the next (the first id
    repeated at the end is left out); ``blocked`` holds the changes in a cycle, or depending,
    directly or not, on one, on an unknown change or on a ``closed`` one (a change that will
    never run, with why in words); ``dependents`` maps each change to the changes that depend
    on it directly.
    """

    changes: Mapping[str, Change]
    cycles: tuple[tuple[str, ...], ...]
    blocked: frozenset[str]
    dependents: Mapping[str, tuple[str, ...]]
    closed: Mapping[str, str]

    @classmethod
    def of(
        cls, changes: Mapping[str, Change], closed: Mapping[str, str] | None = None
    ) -> Dependencies:
        closed = closed or {}
        cycles = _cycles(changes)
        dependents: dict[str, list[str]] = {cid: [] for cid in changes}
        for cid in sorted(changes):
            for p in changes[cid].depends_on:
                if p in changes:
                    dependents[p].append(cid)
        blocked = {c for cycle in cycles for c in cycle} | {
            cid
            for cid, c in changes.items()
            if any(p not in changes or p in closed for p in c.depends_on)
        }
        stack = sorted(blocked)
        while stack:
            for d in dependents[stack.pop()]:
                if d not in blocked:
                    blocked.add(d)
                    stack.append(d)
        return cls(
            changes,
            cycles,
            frozenset(blocked),
            {k: tuple(v) for k, v in dependents.items()},
            closed,
        )

    def order(
        self, key: Callable[[str], tuple[Any, ...]], *, reverse: bool = False
    ) -> tuple[str, ...]:
        """The changes not ``blocked``, each after its prerequisites (``reverse``: each after
        the changes that depend on it); among those ready, the smallest ``key`` first."""
        free = sorted((cid for cid in self.changes if cid not in self.blocked), key=key)
        rank = {cid: i for i, cid in enumerate(free)}  # a heap of ints compares fast
        before = [  # for each change, the changes that must come before it
            [rank[d] for d in self.dependents[cid] if d in rank]
            if reverse
            else [rank[p] for p in self.changes[cid].depends_on if p in rank]
            for cid in free
        ]
        after: list[list[int]] = [[] for _ in free]
        for i, earlier in enumerate(before):
            for j in earlier:
                after[j].append(i)
        waiting = [len(earlier) for earlier in before]
        ready = [i for i, n in enumerate(waiting) if n == 0]
        heapq.heapify(ready)
        out: list[str] = []
        while ready:
            i = heapq.heappop(ready)
            out.append(free[i])
            for j in after[i]:
                waiting[j] -= 1
                if waiting[j] == 0:
                    heapq.heappush(ready, j)
        return tuple(out)

    def upstream_first(self) -> tuple[str, ...]:
        """The changes not ``blocked``, each after its prerequisites, ties by id."""
        return self.order(lambda cid: (cid,))


def _cycles(changes: Mapping[str, Change]) -> tuple[tuple[str, ...], ...]:
    """Every strongly connected group of two or more changes, as one cycle through its
    smallest id (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[list[str]] = []

    def edges(cid: str) -> Iterable[str]:
        return (p for p in changes[cid].depends_on if p in changes)

    for root in sorted(changes):
        if root in index:
            continue
        work = [(root, iter(edges(root)))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, successors = work[-1]
            advanced = False
            for nxt in successors:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(edges(nxt))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return tuple(sorted(_walk(set(g), changes) for g in groups))


def _walk(group: set[str], changes: Mapping[str, Change]) -> tuple[str, ...]:
    """The shortest cycle through the smallest id of a strongly connected ``group`` (ties
    broken by id), as the ids along it."""
    start = min(group)
    parent: dict[str, str] = {}
    frontier = [start]
    while frontier:
        following: list[str] = []
        for node in frontier:
            for nxt in sorted(p for p in changes[node].depends_on if p in group):
                if nxt == start:
                    path = [node]
                    while path[-1] != start:
                        path.append(parent[path[-1]])
                    return tuple(reversed(path))
                if nxt not in parent:
                    parent[nxt] = node
                    following.append(nxt)
        frontier = following
    raise AssertionError("a strongly connected group always has a cycle")  # pragma: no cover
