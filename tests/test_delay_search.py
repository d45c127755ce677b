"""The delay search of one lane (``_planning/solvers/delays.py``) against brute force.

The oracle tries every assignment of the drawn items to their windows, with the room of each
window and each prerequisite in its dependent's window or an earlier one, and keeps the least
weighted delay; it shares nothing with the search but the items it is given. Small enough
that the search finishes within its budget, the search is exact: it finds the oracle's
optimum when that is below its ceiling, and nothing when it is not. On any budget it spends
no more than the budget, what it returns keeps every rule, and when it says it went through
every branch, what it found is the oracle's optimum.
"""

from __future__ import annotations

from itertools import product

from hypothesis import given, settings
from hypothesis import strategies as st

from maintwin._planning.solvers.delays import _Item, _Search

from .draws import draws

Lane = tuple[list[_Item], list[int], list[int]]


@st.composite
def lanes(draw: st.DrawFn) -> Lane:
    """One to four windows (room and start in minutes), one to six items, each with the
    windows it may take and a delay that grows by its weight a minute from its first one;
    some wait for an earlier item."""
    width = draw(st.integers(1, 4))
    room = draw(st.lists(st.integers(0, 9), min_size=width, max_size=width))
    gaps = draw(st.lists(st.integers(1, 60), min_size=width, max_size=width))
    minute = [sum(gaps[:k]) for k in range(width)]
    count = draw(st.integers(1, 6))
    items = []
    for k in range(count):
        options = sorted(draw(st.sets(st.integers(0, width - 1), min_size=1, max_size=width)))
        weight = draw(st.integers(1, 9))
        early = draw(st.integers(0, 30))  # its baseline: this many minutes before its first
        cost = [0] * width
        for at in options:
            cost[at] = weight * (early + minute[at] - minute[options[0]])
        items.append(_Item(f"C{k}", draw(st.integers(1, 6)), weight, options, cost))
    for k in range(1, count):
        if draw(st.booleans()):
            p = draw(st.integers(0, k - 1))
            items[k].before.append(p)
            items[p].after.append(k)
    return items, room, minute


def _valid(items: list[_Item], room: list[int], at: list[int]) -> bool:
    used = [0] * len(room)
    for item, where in zip(items, at, strict=True):
        if where not in item.options:
            return False
        used[where] += item.size
    if any(u > r for u, r in zip(used, room, strict=True)):
        return False
    return all(at[p] <= at[k] for k, item in enumerate(items) for p in item.before)


def _delay(items: list[_Item], at: list[int]) -> int:
    return sum(item.cost[where] for item, where in zip(items, at, strict=True))


def _optimum(items: list[_Item], room: list[int]) -> int | None:
    """The least weighted delay of a valid assignment (``None``: there is none)."""
    choices = [sorted(item.options) for item in items]
    return min(
        (_delay(items, list(at)) for at in product(*choices) if _valid(items, room, list(at))),
        default=None,
    )


@settings(max_examples=draws(200), deadline=None)
@given(lanes(), st.integers(0, 40))
def test_the_search_finds_the_least_delay_below_its_ceiling(lane: Lane, above: int) -> None:
    items, room, minute = lane
    best = _optimum(items, room)
    ceiling = (best if best is not None else 0) + above
    search = _Search(items, list(room), minute, ceiling, budget=1_000_000)
    search.run()
    if best is not None and best < ceiling:
        assert search.best is not None
        assert _valid(items, room, search.best)
        assert _delay(items, search.best) == best == search.best_cost
    else:
        assert search.best is None  # nothing valid, or nothing below the ceiling


def test_the_search_tries_every_fill_of_a_window_before_it_says_it_went_through() -> None:
    """Two windows (11 and 13 units of room, 33 minutes apart) and five items that may take
    either: window 0 has four fills no other item could join, and the one of least delay
    ({5, 3, 3}: 12 weight waits 33 minutes, 396) is the last tried, densest first. A search
    that tried only as many fills of a window as there are windows said it had gone through
    with 495."""
    minute = [0, 33]
    items = [
        _Item(f"C{k}", size, weight, [0, 1], [0, 33 * weight])
        for k, (size, weight) in enumerate([(5, 7), (1, 4), (7, 8), (3, 9), (3, 9)])
    ]
    room = [11, 13]
    search = _Search(items, room, minute, 1 << 40, budget=1_000_000)
    search.run()
    assert search.proved
    assert search.best is not None
    assert search.best_cost == _optimum(items, room) == 396


@st.composite
def full_lanes(draw: st.DrawFn) -> Lane:
    """Two or three windows with much room, and five to eight items that may take any of
    them: many fills to each window."""
    width = draw(st.integers(2, 3))
    room = draw(st.lists(st.integers(4, 14), min_size=width, max_size=width))
    gaps = draw(st.lists(st.integers(1, 60), min_size=width, max_size=width))
    minute = [sum(gaps[:k]) for k in range(width)]
    items = []
    for k in range(draw(st.integers(5, 8))):
        weight = draw(st.integers(1, 9))
        cost = [weight * minute[at] for at in range(width)]
        items.append(_Item(f"C{k}", draw(st.integers(1, 7)), weight, list(range(width)), cost))
    return items, room, minute


@settings(max_examples=draws(100), deadline=None)
@given(full_lanes())
def test_with_many_fills_to_each_window_the_search_finds_the_least_delay(lane: Lane) -> None:
    items, room, minute = lane
    best = _optimum(items, room)
    search = _Search(items, list(room), minute, 1 << 40, budget=1_000_000)
    search.run()
    assert search.proved
    assert (search.best is None) == (best is None)
    assert best is None or search.best_cost == best


@settings(max_examples=draws(100), deadline=None)
@given(lanes(), st.integers(0, 300))
def test_the_search_spends_no_more_than_its_budget_and_proves_only_the_optimum(
    lane: Lane, budget: int
) -> None:
    items, room, minute = lane
    search = _Search(items, list(room), minute, 1 << 40, budget)
    search.run()
    assert search.work <= budget
    if search.best is not None:
        assert _valid(items, room, search.best)
        assert _delay(items, search.best) == search.best_cost
    if search.proved:
        best = _optimum(items, room)
        assert (search.best is None) == (best is None)
        assert best is None or search.best_cost == best
