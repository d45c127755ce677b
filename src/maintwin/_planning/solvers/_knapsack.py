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
    # best[i][r]: the most value of the items from i on within room r; the rows are built
    # from the last item back, then put in order
    best = [[0] * (room + 1)]
    for i in range(len(items) - 1, -1, -1):
        size, value, below = sizes[i], values[i], best[-1]
        # room r takes the item when that is worth strictly more than leaving it out
        taken = zip(below[size:], below[: max(room + 1 - size, 0)], strict=True)
        best.append(below[:size] + [b if b >= (v := c + value) else v for b, c in taken])
    best.reverse()
    chosen, r = [], room
    for i, item in enumerate(items):
        if best[i][r] != best[i + 1][r]:
            chosen.append(item)
            r -= sizes[i]
    return chosen
