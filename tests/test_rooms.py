"""The room index: the first window between two lane positions with enough room, against a
scan of the rooms one by one."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace
from typing import Any, cast

from hypothesis import given
from hypothesis import strategies as st

from maintwin._planning.state import Rooms


def _lane(rooms: list[int | None]) -> Any:
    """A lane stand-in: a slot per room, closed where the room is ``None``."""
    return cast(
        Any,
        SimpleNamespace(
            slots=[
                SimpleNamespace(open=r is not None, room=timedelta(microseconds=r or 0))
                for r in rooms
            ]
        ),
    )


@given(
    st.lists(st.one_of(st.none(), st.integers(0, 50)), min_size=1, max_size=70),
    st.lists(st.tuples(st.integers(0, 69), st.integers(-30, 30)), max_size=20),
    st.integers(-3, 75),
    st.integers(-3, 75),
    st.integers(0, 60),
)
def test_the_first_window_with_room_is_what_a_scan_finds(
    rooms: list[int | None], moves: list[tuple[int, int]], lo: int, hi: int, need: int
) -> None:
    index = Rooms(_lane(rooms))
    left = [-1 if r is None else r for r in rooms]
    for i, delta in moves:  # work put in (or taken out of) open windows
        if i < len(left) and left[i] >= 0 and left[i] + delta >= 0:
            index.add(i, delta)
            left[i] += delta
    expected = next(
        (i for i in range(max(lo, 0), min(hi, len(left) - 1) + 1) if left[i] >= need), -1
    )
    assert index.first(lo, hi, need) == expected
    assert [index.room(i) for i in range(len(left))] == left
