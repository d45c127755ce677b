"""First fit: the earliest window the rules let a change take, found fast (pure).

The lane positions between a change's first day and its deadline, and between its placed
prerequisites and dependents, narrow the search; the room index finds the next window with
room; :func:`maintwin._planning.rules.admits` decides.
"""

from __future__ import annotations

from ..objective import weight
from ..problem import Slot
from ..rules import admits as rules_admit
from ..rules.deadline import on_time as keeps_deadline
from ..rules.slack import gives_slack
from ..state import Placement

__all__ = [
    "admits",
    "admitted",
    "bounds",
    "dependents_admitted",
    "first_other",
    "fit",
    "on_time",
    "place_late",
    "pull_forward",
    "worth",
]


def admits(state: Placement, cid: str, slot: Slot) -> bool:
    """Whether every rule lets ``cid`` (not placed) take ``slot`` in ``state`` (counted in
    ``state.asked``)."""
    state.asked += 1
    return rules_admit(state.problem, state, cid, slot)


def admitted(state: Placement, cid: str, slot: Slot) -> bool:
    """Whether ``cid``, placed in ``slot``, is still admitted there (taken out, asked again
    and put back)."""
    state.take(cid)
    ok = admits(state, cid, slot)
    state.put(cid, slot)
    return ok


def on_time(state: Placement, cid: str, slot: Slot) -> bool:
    return keeps_deadline(state.problem.changes[cid], slot.day)


def worth(state: Placement, cid: str) -> int:
    return weight(state.problem.changes[cid].priority)


def bounds(state: Placement, cid: str, *, on_time: bool) -> tuple[int, int]:
    """The lane positions where ``cid`` may ride: from its first day, up to its deadline
    (``on_time``), between its prerequisites and dependents (placed or kept): from the window
    of a prerequisite in the lane, or the first window starting at or after the end of that
    of one in another lane; up to the window of a dependent in the lane, or the last window
    starting before that of one in another lane (the order rule refuses every window outside,
    see :mod:`..rules.order`)."""
    problem = state.problem
    change = problem.changes[cid]
    lane = problem.lanes[change.subsystem]
    lo = lane.reach(problem.first[cid])
    hi = lane.last_by(change.deadline if on_time else None)
    for p in change.depends_on:
        if (w := state.where(p)) is not None:
            same = w.window.subsystem == change.subsystem
            lo = max(lo, w.position if same else lane.starting_from(w.end))
    for d in problem.deps.dependents.get(cid, ()):
        if (w := state.where(d)) is not None:
            same = w.window.subsystem == change.subsystem
            hi = min(hi, w.position if same else lane.starting_from(w.start) - 1)
    return lo, hi


def fit(state: Placement, cid: str, *, on_time: bool) -> Slot | None:
    """The first window ``cid`` may take (by its deadline, with ``on_time``), once every
    prerequisite is placed; for a change that asks for room to recover (``policy.slack``),
    the first that gives it, if any does."""
    problem = state.problem
    change = problem.changes[cid]
    lane = problem.lanes.get(change.subsystem)
    if lane is None or not all(state.is_placed(p) for p in change.depends_on):
        return None
    if cid in problem.slack:
        roomy = _first(state, cid, on_time=on_time, roomy=True)
        if roomy is not None:
            return roomy
    return _first(state, cid, on_time=on_time, roomy=False)


def first_other(state: Placement, cid: str, skip: tuple[Slot, ...]) -> Slot | None:
    """The first window other than those of ``skip`` that ``cid`` (not placed) may take."""
    return _first(state, cid, on_time=False, roomy=False, skip=skip)


def _first(
    state: Placement, cid: str, *, on_time: bool, roomy: bool, skip: tuple[Slot, ...] = ()
) -> Slot | None:
    """The first window ``cid`` may take (that gives it its slack, with ``roomy``), other than
    those of ``skip``."""
    problem = state.problem
    change = problem.changes[cid]
    lane = problem.lanes[change.subsystem]
    lo, hi = bounds(state, cid, on_time=on_time)
    rooms, need = state.rooms[change.subsystem], state.need[cid]
    while lo <= hi:
        i = rooms.first(lo, hi, need)
        if i < 0:
            return None
        slot = lane.slots[i]
        if (
            slot not in skip
            and (not on_time or keeps_deadline(change, slot.day))
            and (not roomy or gives_slack(problem, cid, slot, state))
            and admits(state, cid, slot)
        ):
            return slot
        lo = i + 1
    return None


def place_late(state: Placement, cid: str) -> bool:
    """Put ``cid`` in the first window that takes it at all; returns whether one did."""
    slot = fit(state, cid, on_time=False)
    if slot is not None:
        state.put(cid, slot)
    return slot is not None


def pull_forward(state: Placement, cid: str) -> bool:
    """Move ``cid`` to the earliest window with room that keeps its rules."""
    lane = state.problem.changes[cid].subsystem
    freed_before = lane in state.freed
    current = state.take(cid)
    slot = fit(state, cid, on_time=False)
    better = slot is not None and slot.start < current.start
    state.put(cid, slot if slot is not None and better else current)
    if not better and not freed_before:
        state.freed.discard(lane)  # it went back where it was: no room was freed
    return better


def dependents_admitted(state: Placement, moved: list[str]) -> bool:
    """Whether each placed dependent of a change in ``moved`` is still admitted where it is
    (taken out and asked again); a kept dependent of a moved change refuses the move."""
    problem = state.problem
    for cid in moved:
        for d in problem.deps.dependents.get(cid, ()):
            if state.is_kept(d):
                return False
            slot = state.placed.get(d)
            if slot is not None and not admitted(state, d, slot):
                return False
    return True
