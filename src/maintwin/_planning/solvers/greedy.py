"""The default solver: first fit by urgency, then passes that make room and cut the delay.

1. **On time, first fit.** Changes are taken most urgent first (the smallest priority number,
   then the earliest deadline; a prerequisite takes on the urgency of what waits for it), each
   after its prerequisites, and go in the first window that takes them by their deadline.
2. **Make room.** A change that found none goes in a window where another change makes room:
   one that another window takes on time, or else one of less weight, which then waits.
3. **Late, and pulled forward.** What still waits goes in the first window that takes it at all
   (it rides late and is reported); then each change moves to the earliest window with room
   that keeps its rules, most urgent first; again while anything moves.
4. **Small lanes.** Where a lane (the windows of one subsystem) is small enough for the work
   budget, its windows are packed again in time order (:mod:`.repack`), and a local search
   (:mod:`.search`) moves and swaps; a lane with a change that asks for room to recover
   (``policy.slack``) keeps first fit's choice, which judges the slack with the window's
   other changes.
5. **Two windows at a time.** In the same lanes, each pair of nearby windows is packed again
   exactly (:mod:`.pairs`), while that raises the objective and its budget lasts; a change
   moves with its prerequisites in the pair.
6. **The on-time level of a lane.** When the best of the starts (below) leaves a change late
   or out, each lane of at most ``DEADLINE_LANE`` changes and windows is searched for the
   most weight on time (:mod:`.deadlines`, branch and bound, within its budget); where it
   finds more, the lane takes that assignment, its other changes are placed after it by
   steps 3 to 5 (with budgets of their own), and the lane keeps the result when it scores
   better. The other lanes stay as they are; a change of the lane keeps its order with what
   it waits for there. Then, in each such lane where a change is still left out, the same
   search on the placed level: the changes on time stay so, any other may ride in any window
   that takes it, and the most weight riding wins (step 6b, kept on the same terms).
7. **The delay level of a lane.** In each such lane the changes placed there are assigned
   again with the least weighted delay (:mod:`.delays`, branch and bound, within its budget):
   the same changes, each on time that was; first the whole lane (its other changes then
   placed after it by steps 3 to 5), then, unless that settled the lane (the search went
   through every branch, and the lane has what it found best), each ``DELAY_SPAN``
   consecutive windows with the changes in them, half a span apart (the last span ending
   with the lane), then each two blocks of half a span that are not next to each other (on
   a smaller budget), while a sweep finds less. The whole lane's result is kept when the lane
   scores better; a span's only when, besides, the rules admit every change where the search
   put it.

Steps 6, 6b and 7 give each of up to ``FULL_LANES`` lanes the work it would have alone;
more lanes share that much equally (:func:`_share`), so that no lane goes without because the
lanes before it by name spent the plan's work.

The steps run once with the changes in processing order (most urgent first). When that leaves
a change late or out, they run again with the changes that have a deadline first, earliest
deadline first: a change with no deadline is on time in any window, so the first start may
give an early window to it that a change with a deadline needed. When a change that others
wait for can no longer keep its deadline in any window, they run a third time with that
change taking, in its turn, the first window that takes it late: run after everything else,
it may find no room, and its dependents (from whom it takes its urgency) none either. The
best of the placements is kept, by the score each plan gets (for plans of up to
``SECOND_START_LIMIT`` changes).

Whether a change may take a window is always the rules' answer (:func:`rules.admits`); the
lane positions and the room index only narrow where to ask. Steps 1 and 3 cost
O((n + w) log w) for n changes and w windows; step 2 looks at the changes in the windows a
waiting change may take; steps 4 to 7 are bounded by their budgets, so large plans get
steps 1 to 3 only.
"""

from __future__ import annotations

from collections.abc import Collection

from ..objective import baseline
from ..problem import Problem, Slot
from ..rules.deadline import on_time as keeps_deadline
from ..state import Placement
from .deadlines import LANE_WORK, best_on_time
from .delays import DELAY_WORK, least_delay
from .fit import (
    admits,
    bounds,
    dependents_admitted,
    fit,
    on_time,
    place_late,
    pull_forward,
    worth,
)
from .pairs import PAIRS_BUDGET, exchange
from .repack import REPACK_BUDGET, repack
from .search import SEARCH_BUDGET, improve
from .values import Values, totals

__all__ = ["solve"]

# The second and third starts (deadlines first; enabling changes in their turn) run for plans
# of at most this many changes to place: each costs as much as the first, and a large plan
# keeps the first (see docs/performance.md).
SECOND_START_LIMIT = 5_000
DELAY_LANE_WORK = 2_400_000  # step 7's work in one lane (all its searches; DELAY_WORK is one)
# Steps 6, 6b and 7 give each of up to this many lanes the work it would have alone (the
# on-time and placed searches LANE_WORK, the delay search DELAY_LANE_WORK); more lanes share
# that much work equally (what one leaves goes to those after it).
FULL_LANES = 8
DELAY_SPAN = 6  # the windows of a lane the delay search takes at a time, after the whole lane
DELAY_FAR_WORK = 50_000  # the delay search's work on two blocks of windows apart
_DELAY_SWEEPS = 2
DEADLINE_LANE = 120  # the most changes to place, and windows, a lane may have for it
_PASSES = 4  # each pass only ever lowers the delay; a few reach nearly all of it


def solve(problem: Problem, *, reference: bool = False) -> Placement:
    """Place the problem's changes; what cannot be placed is left out of the placement.

    The passes run once in processing order (most urgent first); when that leaves a change
    late or out, they run again with the changes that have a deadline first, earliest
    deadline first (a change with no deadline is on time in any window, and can leave the
    early ones to those that have to make it), and the best placement is kept.
    A third start runs when a change that others wait for can keep its deadline in no window
    (:func:`_enabling`). The kept placement then has its lanes searched: on the on-time
    level where a change is late or out (step 6), on the placed level where a change is out
    (step 6b), and on the delay level (step 7); all for
    plans of up to ``SECOND_START_LIMIT`` changes. ``reference=True`` is the solver as it was
    before these starts and the pairs step (the tests' reference: the default never scores
    below it)."""
    state = _passes(problem, problem.order, pairs=not reference)
    if reference or len(problem.order) > SECOND_START_LIMIT:
        return state
    if _short(state):
        starts = [state, _passes(problem, _deadlines_first(problem), pairs=True)]
        enabling = frozenset(cid for cid in problem.order if _enabling(problem, cid))
        if enabling:
            starts.append(_passes(problem, problem.order, pairs=True, enabling=enabling))
        scores = [totals(placement) for placement in starts]
        state = starts[scores.index(max(scores))]  # ties: the earlier start
        _on_time_lanes(state)
        _placed_lanes(state)
    _delay_lanes(state)
    return state


def _deadlines_first(problem: Problem) -> tuple[str, ...]:
    """The changes to place, each after its prerequisites, earliest (inherited) deadline
    first, then by processing order."""
    key = problem.key
    rank = problem.rank
    found = problem.deps.order(lambda cid: (key(cid)[1], rank.get(cid, -1)))
    return tuple(cid for cid in found if cid in rank)


def _short(state: Placement) -> bool:
    """Whether a change to place is left out, or rides after its deadline."""
    problem = state.problem
    return any(
        (slot := state.placed.get(cid)) is None or not on_time(state, cid, slot)
        for cid in problem.order
    )


def _passes(
    problem: Problem,
    order: tuple[str, ...],
    *,
    pairs: bool,
    enabling: frozenset[str] = frozenset(),
) -> Placement:
    """Steps 1 to 5, step 1 taking the changes in ``order``; a change of ``enabling`` that no
    window takes on time takes, in its turn, the first that takes it late."""
    state = Placement(problem)
    # 1. On time, earliest fit, in order (prerequisites first).
    waiting: list[str] = []
    for cid in order:
        slot = fit(state, cid, on_time=True)
        if slot is None and cid in enabling:
            slot = fit(state, cid, on_time=False)
        if slot is None:
            waiting.append(cid)
        else:
            state.put(cid, slot)
    # 2. Make room on time for what waits by moving or bumping a less urgent change.
    for cid in list(waiting):
        if _bump(state, cid, waiting):
            waiting.remove(cid)
    lanes, names = _lanes(problem)
    pending = sorted(set(waiting), key=problem.rank.__getitem__)
    _after(state, pending, lanes, names, _Budgets(pairs=PAIRS_BUDGET if pairs else 0))
    return state


class _Budgets:
    """What steps 4 and 5 may still spend (knapsack cells, local-search work, pair cells)."""

    def __init__(self, *, pairs: int = PAIRS_BUDGET) -> None:
        self.repack, self.search, self.pairs = REPACK_BUDGET, SEARCH_BUDGET, pairs


def _after(
    state: Placement,
    pending: list[str],
    lanes: dict[str, list[str]],
    names: list[str],
    budgets: _Budgets,
) -> None:
    """Steps 3 to 5 for the changes ``pending`` (not placed, in processing order) and the
    lanes ``names``, each spending from ``budgets``."""
    problem = state.problem
    # 3. What is left rides late, prerequisites first. Pull forward into the room that is
    # left, most urgent first; again, while that moves anything: moving may open room for a
    # change still left out.
    for _ in range(_PASSES):
        pending[:] = [cid for cid in pending if not place_late(state, cid)]
        freed, state.freed = state.freed, set()  # only where room was freed can a change move
        moved = [
            pull_forward(state, cid)
            for cid in problem.order
            if cid in state.placed and problem.changes[cid].subsystem in freed
        ]
        if not any(moved):
            break
    # 4. Where a lane is small enough, pack its windows again, then search locally.
    for name in names:
        placed = [c for c in lanes[name] if c in state.placed]
        budgets.repack -= repack(state, name, placed, budgets.repack)
    for name in names:
        budgets.search -= improve(state, name, lanes[name], pending, budgets.search)
    for name in names:  # 5. Two windows at a time.
        if budgets.pairs > 0:
            budgets.pairs -= exchange(state, name, lanes[name], pending, budgets.pairs)
    for cid in pending:
        place_late(state, cid)


def _lanes(problem: Problem) -> tuple[dict[str, list[str]], list[str]]:
    """Each lane's changes to place (in processing order), and the names of the lanes whose
    changes the later steps may move: those where no change asks for room to recover (the
    local moves judge slack for each change alone, first fit with the changes around it)."""
    lanes: dict[str, list[str]] = {}
    for cid in problem.order:
        lanes.setdefault(problem.changes[cid].subsystem, []).append(cid)
    names = sorted(
        name
        for name in set(lanes) & set(problem.lanes)
        if not any(cid in problem.slack for cid in lanes[name])
    )
    return lanes, names


def _on_time_lanes(state: Placement) -> None:
    """6. In each lane where a change is late or out, search the on-time level
    (:mod:`.deadlines`, within its budget); where it finds more on-time weight, put that
    assignment in, place the lane's other changes after it (late, pulled forward, moved and
    swapped, two windows at a time) and keep the lane so when it scores better."""
    _lane_levels(state, placed=False)


def _placed_lanes(state: Placement) -> None:
    """6b. The same in each lane where a change is left out, on the placed level (the changes
    on time kept so): where the search finds more weight riding, the lane takes it."""
    _lane_levels(state, placed=True)


def _lane_levels(state: Placement, *, placed: bool) -> None:
    """Steps 6 (the on-time level) and 6b (``placed``: the placed level) over the lanes, each
    lane with an equal share of the work left (:func:`_share`)."""
    problem = state.problem
    lanes, names = _lanes(problem)
    budgets = _Budgets()

    def riding(members: list[str]) -> tuple[frozenset[str], list[str]]:
        """The changes of a lane on time, and those that count as riding on this level."""
        keep = frozenset(
            cid
            for cid in members
            if (slot := state.placed.get(cid)) is not None and on_time(state, cid, slot)
        )
        return keep, [cid for cid in members if cid in (state.placed if placed else keep)]

    todo = [
        name
        for name in _small(problem, names, lanes)
        if len(riding(lanes[name])[1]) < len(lanes[name])
    ]  # the lanes with something to gain on this level
    work = LANE_WORK * min(len(todo), FULL_LANES)
    for k, name in enumerate(todo):
        if work <= 0:
            break
        members = lanes[name]
        keep, rides = riding(members)
        if len(rides) == len(members):
            continue  # nothing to gain on this level any longer
        before = {cid: state.placed.get(cid) for cid in members}
        for cid in members:
            if cid in state.placed:
                state.take(cid)
        into, spent = best_on_time(
            state,
            name,
            members,
            floor=sum(worth(state, cid) for cid in rides),
            budget=min(_share(work, len(todo) - k), LANE_WORK),
            keep=keep if placed else None,
        )
        work -= spent
        _try(state, name, lanes, before, into, budgets)


def _share(work: int, lanes: int) -> int:
    """A lane's part of the ``work`` left to ``lanes`` lanes: an equal one (what a lane
    leaves unspent goes to the lanes after it), so that no lane's search goes without because
    the lanes before it by name spent the plan's work. (The budgets of steps 3 to 5 that run
    after a search is tried, :class:`_Budgets`, are still the plan's, spent in lane order.)"""
    return work // max(lanes, 1)


def _delay_lanes(state: Placement) -> None:
    """7. In each lane, search the delay level of the changes placed there
    (:mod:`.delays`, within its budget): the same changes, those on time kept on time; first
    the whole lane, then, unless that settled it, the windows of each of :func:`_spans` in
    turn with the changes in them, while a sweep finds less. Each lane spends at most an
    equal share of the work left (:func:`_share`)."""
    problem = state.problem
    lanes, names = _lanes(problem)
    budgets = _Budgets()
    small = _small(problem, names, lanes)
    work = DELAY_LANE_WORK * min(len(small), FULL_LANES)
    for k, name in enumerate(small):
        if work <= 0:
            return
        share = min(_share(work, len(small) - k), DELAY_LANE_WORK)
        work -= share - _delay_lane(state, name, lanes, share, budgets)


def _delay_lane(
    state: Placement, name: str, lanes: dict[str, list[str]], work: int, budgets: _Budgets
) -> int:
    """Step 7 in lane ``name`` within ``work``; returns the work it left."""
    width = len(state.problem.lanes[name].slots)
    _, spent, settled = _least_delay(
        state, name, lanes, range(width), min(work, DELAY_WORK), budgets
    )
    work -= spent
    if settled or width <= DELAY_SPAN:
        return work  # settled, or one span would be the whole lane again
    spans = _spans(width)
    for _ in range(_DELAY_SWEEPS):
        moved = False
        for span, budget in spans:
            if work <= 0:
                return work
            kept, spent, _ = _least_delay(state, name, lanes, span, min(work, budget), None)
            work -= spent
            moved = moved or kept
        if not moved:
            break
    return work


def _spans(width: int) -> list[tuple[range | list[int], int]]:
    """The windows step 7 searches at a time in a lane of ``width`` windows, each with the
    work it may spend: every ``DELAY_SPAN`` consecutive windows, half a span apart (the last
    ones too); then each two blocks of half a span that are not next to each other, with
    ``DELAY_FAR_WORK``, so that changes at the two ends of a lane can trade places."""
    step = DELAY_SPAN // 2
    starts = list(range(0, max(width - DELAY_SPAN, 0) + 1, step))
    if starts[-1] + DELAY_SPAN < width:
        starts.append(width - DELAY_SPAN)  # the last windows too
    near: list[tuple[range | list[int], int]] = [
        (range(a, a + DELAY_SPAN), DELAY_WORK) for a in starts
    ]
    blocks = [range(a, min(a + step, width)) for a in range(0, width, step)]
    far: list[tuple[range | list[int], int]] = [
        ([*blocks[i], *blocks[j]], DELAY_FAR_WORK)
        for i in range(len(blocks))
        for j in range(i + 2, len(blocks))
    ]
    return near + far


def _least_delay(
    state: Placement,
    name: str,
    lanes: dict[str, list[str]],
    span: Collection[int],
    budget: int,
    budgets: _Budgets | None,
) -> tuple[bool, int, bool]:
    """Search the delay level of the changes placed in the windows ``span`` (lane positions)
    of lane ``name``, and try what it finds (:func:`_try`, ``budgets`` for steps 3 to 5
    after it). Returns whether the lane kept it, the work spent, and whether that settled the
    lane: the search went through every branch, and what it found is kept, or it found
    nothing with less delay."""
    windows = frozenset(span)
    before = {cid: state.placed.get(cid) for cid in lanes[name]}
    placed = {
        cid: slot for cid, slot in before.items() if slot is not None and slot.position in windows
    }
    if not placed:
        return False, 0, True
    for cid in placed:
        state.take(cid)
    into, spent, proved = least_delay(
        state, name, list(placed), placed, budget=budget, windows=windows
    )
    kept = _try(state, name, lanes, before, into, budgets)
    if into is None:
        return kept, spent, proved
    found = all(state.placed.get(cid) is slot for cid, slot in into.items())
    return kept, spent, proved and kept and found  # what was kept is what it proved best


def _small(problem: Problem, names: list[str], lanes: dict[str, list[str]]) -> list[str]:
    """The lanes of ``names`` small enough for steps 6, 6b and 7: at most ``DEADLINE_LANE``
    changes to place and windows."""
    return [
        name
        for name in names
        if len(lanes[name]) <= DEADLINE_LANE and len(problem.lanes[name].slots) <= DEADLINE_LANE
    ]


def _try(
    state: Placement,
    name: str,
    lanes: dict[str, list[str]],
    before: dict[str, Slot | None],
    into: dict[str, Slot] | None,
    budgets: _Budgets | None,
) -> bool:
    """Put the changes of lane ``name`` (taken out; they were ``before``) ``into`` the windows
    a search proposes, each only where the rules admit it, place the lane's other changes
    after them (steps 3 to 5, with ``budgets``; with ``None``, every change of ``into`` has
    to be admitted where it goes) and keep the lane so when it scores better and every
    dependent elsewhere is still admitted; else put it back as it was. Returns whether the
    lane kept it."""
    if into is None:
        state.restore(before)
        return False
    members = lanes[name]
    value = Values(state, members)
    for cid in members:  # processing order: prerequisites first
        slot = into.get(cid)
        if slot is not None and admits(state, cid, slot):
            state.put(cid, slot)
    after = {cid: state.placed.get(cid) for cid in members}
    if budgets is None and any(after[cid] is not slot for cid, slot in into.items()):
        state.restore(before)  # a change the rules refused where the search put it
        return False
    if budgets is not None:
        state.freed = {name}
        pending = [cid for cid in members if cid not in state.placed]
        _after(state, pending, lanes, [name], budgets)
        after = {cid: state.placed.get(cid) for cid in members}
    moved = [cid for cid in members if after[cid] is not before[cid]]
    if value.total(after) <= value.total(before) or not dependents_admitted(state, moved):
        state.restore(before)  # a dependent elsewhere may have lost what it waits for
        return False
    return True


def _enabling(problem: Problem, cid: str) -> bool:
    """Whether ``cid`` has changes waiting for it and no open window of its lane keeps its
    deadline: it rides late wherever it goes, and its dependents can ride only after it, so
    it takes its turn (by the urgency it inherits from them) in the first window that takes
    it, rather than what the others leave after them."""
    change = problem.changes[cid]
    if problem.lane_of(cid) is None or change.deadline is None:
        return False
    if not problem.deps.dependents.get(cid):
        return False
    first = baseline(problem, cid)  # its earliest window: if that misses the deadline, all do
    return first is None or not keeps_deadline(change, first.day)


def _bump(state: Placement, cid: str, waiting: list[str]) -> bool:
    """Place ``cid`` on time in a window where another change makes room for it: one that
    another window takes on time, or else one of less weight, which goes back to ``waiting``.
    Returns whether ``cid`` was placed."""
    problem = state.problem
    change = problem.changes[cid]
    lane = problem.lane_of(cid)
    if lane is None or not all(state.is_placed(p) for p in change.depends_on):
        return False
    gain = worth(state, cid)
    lo, hi = bounds(state, cid, on_time=True)
    best: tuple[int, int, str, Slot] | None = None  # (loss, position, bumped, slot)
    for slot in lane.slots[lo : hi + 1]:
        if not slot.open or not on_time(state, cid, slot):
            continue
        for other in state.riders(slot):
            if problem.deps.dependents.get(other) or other in change.depends_on:
                continue
            state.take(other)
            fits = admits(state, cid, slot)
            moved = None
            if fits:
                state.put(cid, slot)
                moved = fit(state, other, on_time=True)
                state.take(cid)
            state.put(other, slot)
            if not fits:
                continue
            loss = 0 if moved is not None else worth(state, other)
            if loss >= gain:
                continue  # bumping it out would lose more than placing cid gains
            option = (loss, slot.position, other, slot)
            if best is None or option[:3] < best[:3]:
                best = option
    if best is None:
        return False
    _, _, other, slot = best
    state.take(other)
    state.put(cid, slot)
    moved = fit(state, other, on_time=True)
    if moved is not None:
        state.put(other, moved)
    else:
        waiting.append(other)
    return True
