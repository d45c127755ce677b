"""One window packed exactly: the items of most total value that fit in its room (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

__all__ = ["knapsack"]

T = TypeVar("T")


def knapsack(items: Sequence[T], sizes: Sequence[int], values: Sequence[int], room: int) -> list[T]:
    """The ``items`` of most total value whose ``sizes`` fit in ``room`` (ties: the earlier
    items), in their order."""
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
