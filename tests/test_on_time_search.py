"""The on-time search of one lane (``_planning/solvers/deadlines.py``) against brute force.

The oracle tries every assignment of the drawn items to their windows (or to none), with the
room of each window and each prerequisite in its dependent's window or an earlier one; it
shares nothing with the search but the items it is given. Without dependencies, and small
enough that its packing search always finishes, the search is exact: it finds the oracle's
optimum when that beats the floor, and nothing when it does not. So it is with
prerequisites (riding in the dependent's window or an earlier one; a dependent rides only
with them), changes that can only ride late, and changes that have to ride. On any budget,
it spends no more than it, and what it returns keeps every rule.
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
    """One to three windows, one to six items. With ``dependencies``, some items wait for an
    earlier one, some can only ride late (weight 0 here, but what waits for them needs them),
    and some are forced (something outside the lane waits for them)."""
    width = draw(st.integers(1, 3))
    room = draw(st.lists(st.integers(0, 8), min_size=width, max_size=width))
    count = draw(st.integers(1, 6))
    items = []
    for k in range(count):
        windows = sorted(draw(st.sets(st.integers(0, width - 1), min_size=1, max_size=width)))
        late = dependencies and draw(st.integers(0, 3)) == 0
        item = _Item(
            f"C{k}",
            draw(st.integers(1, 6)),
            draw(st.integers(1, 9)),
            [] if late else windows,
            windows if late else [],
        )
        item.forced = dependencies and draw(st.integers(0, 4)) == 0
        items.append(item)
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
    if any(item.forced and where == _OUT for item, where in zip(items, at, strict=True)):
        return False
    return all(
        at[p] != _OUT and at[p] <= at[k]
        for k, item in enumerate(items)
        if at[k] != _OUT
        for p in item.before
    )


def _value(items: list[_Item], at: list[int]) -> int:
    return sum(item.weight for item, where in zip(items, at, strict=True) if where in item.slots)


def _optimum(items: list[_Item], room: list[int]) -> int | None:
    """The most on-time weight of a valid assignment (``None``: there is none)."""
    choices = [[_OUT, *item.slots, *item.late] for item in items]
    return max(
        (_value(items, list(at)) for at in product(*choices) if _valid(items, room, list(at))),
        default=None,
    )


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
    assert best is not None  # leaving everything out is valid
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
def test_with_dependencies_and_forced_items_the_search_finds_the_optimum(lane: Lane) -> None:
    items, room = lane
    best = _optimum(items, room)
    search = _search(items, room, -1)  # any valid assignment beats -1
    if best is None:
        assert search.best is None  # a forced item fits nowhere
        return
    assert search.best is not None
    assert _valid(items, room, search.best)
    assert _value(items, search.best) == search.best_value == best


@settings(max_examples=draws(100), deadline=None)
@given(lanes(dependencies=True), st.integers(0, 400))
def test_the_search_spends_no_more_than_its_budget(lane: Lane, budget: int) -> None:
    items, room = lane
    search = _Search(items, list(room), -1, budget)
    search.run()
    assert search.spent() <= budget
    if search.best is not None:
        assert _valid(items, room, search.best)
