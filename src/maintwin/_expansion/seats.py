"""Seating people in a window's seats (one role each, primary or backup): the most seats
filled, earlier seats first, and in each seat the first candidate that leaves the rest
fillable (pure).

Which seats can be filled together is a matroid (a transversal one), so taking the seats
greedily in order, each when it still fits with those taken, fills as many as possible and
prefers earlier seats (primaries before backups). Each candidate list is in order of
preference (fewest duties so far, then id), so the same seats and candidates always give the
same people.
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["seat"]


def _matchable(seats: Sequence[int], candidates: Sequence[Sequence[str]], fixed: set[str]) -> bool:
    """Whether every seat in ``seats`` can have its own person, none of them in ``fixed``."""
    owner: dict[str, int] = {}

    def place(s: int, seen: set[str]) -> bool:
        for person in candidates[s]:
            if person in fixed or person in seen:
                continue
            seen.add(person)
            if person not in owner or place(owner[person], seen):
                owner[person] = s
                return True
        return False

    return all(place(s, set()) for s in seats)


def seat(candidates: Sequence[Sequence[str]]) -> list[str | None]:
    """The person for each seat (``None``: left empty), seats given by their candidates."""
    picked: list[str | None] = []
    used: set[str] = set()
    for options in candidates:  # first, the plain greedy choice: usually it fills every seat
        person = next((p for p in options if p not in used), None)
        picked.append(person)
        if person is not None:
            used.add(person)
    if all(p is not None for p in picked):
        return picked
    filled: list[int] = []
    for s in range(len(candidates)):
        if _matchable([*filled, s], candidates, set()):
            filled.append(s)
    out: list[str | None] = [None] * len(candidates)
    taken: set[str] = set()
    for position, s in enumerate(filled):
        rest = filled[position + 1 :]
        for person in candidates[s]:
            if person not in taken and _matchable(rest, candidates, taken | {person}):
                out[s] = person
                taken.add(person)
                break
    return out
