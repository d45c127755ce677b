"""Two windows packed exactly: a knapsack over the room left in each, by groups (pure).

Each group is one change, or a change with its prerequisites (and theirs) among the others:
it offers options, each a way to put its changes in the first window, the second, or neither,
with the room each takes in each window and what it gains. The programme picks at most one
option per group (none: every change of it stays where it is) for the most gain in the room.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["Option", "best_options"]

_NONE = -(10**40)  # a room state no choice reaches


class Option(NamedTuple):
    """One way to place a group: the room units it takes in the first window and in the
    second, its gain, and each of its changes' choice (0: stays, 1: first, 2: second)."""

    room_a: int
    room_b: int
    gain: int
    picks: tuple[int, ...]


def best_options(
    groups: Sequence[Sequence[Option]], room_a: int, room_b: int
) -> tuple[int, list[Option | None]]:
    """The most total gain of at most one option per group within ``room_a`` and ``room_b``
    units, and each group's option (``None``: it stays); ties take the least room, then keep
    a group where it is, then its earlier option."""
    width = room_b + 1
    table = [[_NONE] * width for _ in range(room_a + 1)]
    table[0][0] = 0  # the room taken in each window so far: none
    tables = [table]
    for options in groups:
        rows = [row[:] for row in table]
        for da, db, gain, _ in options:
            if da > room_a or db > room_b:
                continue
            for r in range(da, room_a + 1):
                row, source = rows[r], table[r - da]
                # a conditional, not max(): this loop is most of the pairs step's time
                row[db:] = [
                    x if x >= (y := z + gain) else y
                    for x, z in zip(row[db:], source[: width - db], strict=True)
                ]
        table = rows
        tables.append(table)
    best = max(map(max, table))
    r = next(r for r, row in enumerate(table) if best in row)  # the least room: the first
    c = table[r].index(best)
    chosen: list[Option | None] = [None] * len(groups)
    for k in range(len(groups) - 1, -1, -1):
        here, before = tables[k + 1][r][c], tables[k]
        if before[r][c] == here:
            continue
        for option in groups[k]:
            da, db, gain, _ = option
            if da <= r and db <= c and before[r - da][c - db] + gain == here:
                chosen[k], r, c = option, r - da, c - db
                break
    return best, chosen
