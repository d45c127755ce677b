"""The on-time search of one lane (``_planning/solvers/deadlines.py``) against brute force.

The oracle tries every assignment of the drawn items to their windows (or to none), with the
room of each window and each prerequisite in its dependent's window or an earlier one; it
shares nothing with the search but the items it is given. Without dependencies, and small
enough that its packing search always finishes, the search is exact: it finds the oracle's
optimum when that beats the floor, and nothing when it does not. With dependencies it may
miss the optimum (a dependent is on time there only with its prerequisites riding, packed in
an earlier window), but what it returns always keeps every rule of the oracle.
"""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from maintwin._planning.solvers.deadlines import _OUT, _Item, _Search

from .draws import draws

Lane = tuple[list[_Item], list[int]]


@st.composite
def lanes(draw: st.DrawFn, *, dependencies: bool) -> Lane:
    width = draw(st.integers(1, 3))
    room = draw(st.lists(st.integers(0, 8), min_size=width, max_size=width))
    count = draw(st.integers(1, 6))
    items = []
    for k in range(count):
        slots = sorted(draw(st.sets(st.integers(0, width - 1), max_size=width)))
        late = sorted(draw(st.sets(st.integers(0, width - 1), max_size=width)) - set(slots))
        if not (dependencies and k) or not slots:
            late = []
        if not slots and not late:
            slots = [draw(st.integers(0, width - 1))]
        items.append(_Item(f"C{k}", draw(st.integers(1, 6)), draw(st.integers(1, 9)), slots, late))
    if dependencies:
        for k in range(1, count):
            if draw(st.booleans()):
                p = draw(st.integers(0, k - 1))
                items[k].before.append(p)
                items[p].after.append(k)
    return items, room


def _valid(items: list[_Item], room: list[int], at: list[int]) -> bool:
    used = [0] * len(room)
    for item, where in zip(items, at, strict=True):
        if where == _OUT:
            continue
        if where not in item.slots and where not in item.late:
            return False
        used[where] += item.size
    if any(u > r for u, r in zip(used, room, strict=True)):
        return False
    return all(
        at[p] != _OUT and at[p] <= at[k]
        for k, item in enumerate(items)
        if at[k] != _OUT
        for p in item.before
    )


def _value(items: list[_Item], at: list[int]) -> int:
    return sum(item.weight for item, where in zip(items, at, strict=True) if where in item.slots)


def _optimum(items: list[_Item], room: list[int]) -> int:
    choices = [[_OUT, *item.slots, *item.late] for item in items]
    return max(_value(items, list(at)) for at in product(*choices) if _valid(items, room, list(at)))


def _search(items: list[_Item], room: list[int], floor: int) -> _Search:
    search = _Search(items, list(room), floor, budget=100_000)
    search.run()
    return search


@settings(max_examples=draws(150), deadline=None)
@given(lanes(dependencies=False), st.integers(0, 3))
def test_without_dependencies_the_search_finds_the_optimum_above_its_floor(
    lane: Lane, below: int
) -> None:
    items, room = lane
    best = _optimum(items, room)
    floor = max(best - below, 0)
    search = _search(items, room, floor)
    if best > floor:
        assert search.best is not None
        assert _valid(items, room, search.best)
        assert _value(items, search.best) == best == search.best_value
    else:
        assert search.best is None


@settings(max_examples=draws(150), deadline=None)
@given(lanes(dependencies=True))
def test_with_dependencies_what_the_search_returns_keeps_every_rule(lane: Lane) -> None:
    items, room = lane
    best = _optimum(items, room)
    search = _search(items, room, 0)
    if search.best is None:
        return  # nothing above nothing on time
    assert _valid(items, room, search.best)
    assert _value(items, search.best) == search.best_value <= best
