"""The planning problem as the solvers see it: windows as slots, grouped in lanes (one per
subsystem), the changes to place in a fixed order, and what was kept from before (pure).

Which slots are open and the first day each change may ride are the rules' answers
(:mod:`maintwin._planning.rules`); a :class:`Problem` asks them once, through its ``judge``,
and keeps them.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Protocol

from .._expansion.crews import Roster, Want, want
from .._model.change import Change
from .._model.policy import Policy
from .._model.window import Window, local_day
from .._time import utc
from .dependencies import Dependencies
from .estimate import lengths
from .plan import Assignment

__all__ = ["Judge", "Lane", "Problem", "Slot"]


@dataclass(eq=False, slots=True)
class Slot:
    """A window as the solvers fill it.

    ``open`` says the rules let it take new changes at all (not blocked, not too soon);
    ``kept_fill`` is the end of the kept assignments' timeline in it; ``position`` is its
    place in its lane.
    """

    window: Window
    start: datetime
    end: datetime
    day: date
    capacity: timedelta
    open: bool = True
    kept_fill: timedelta = timedelta(0)
    position: int = 0

    @property
    def room(self) -> timedelta:
        """The room the kept assignments leave."""
        return self.capacity - self.kept_fill

    @property
    def length(self) -> timedelta:
        """Elapsed time from the window's start to its end."""
        return self.end - self.start


@dataclass(eq=False, slots=True)
class Lane:
    """The slots of one subsystem, sorted by start.

    Windows of one subsystem may be in different zones, so their local days need not be in
    the order of their starts: ``reach`` and ``last_by`` bound the positions with a day in
    range by the running maximum and minimum of the days, and callers check each slot's day.
    """

    slots: list[Slot]
    _most: list[date] = field(default_factory=list)  # the latest day up to each position
    _least: list[date] = field(default_factory=list)  # the earliest day from each position on
    _starts: list[datetime] = field(default_factory=list)  # each slot's start, in order

    def __post_init__(self) -> None:
        most: list[date] = []
        for position, slot in enumerate(self.slots):
            slot.position = position
            most.append(max(most[-1], slot.day) if most else slot.day)
        least: list[date] = []
        for slot in reversed(self.slots):
            least.append(min(least[-1], slot.day) if least else slot.day)
        self._most, self._least = most, least[::-1]
        self._starts = [slot.start for slot in self.slots]

    def reach(self, day: date | None) -> int:
        """A position before which no slot has a local day on or after ``day``."""
        return 0 if day is None else bisect_left(self._most, day)

    def last_by(self, day: date | None) -> int:
        """A position after which every slot has a local day after ``day``."""
        if day is None:
            return len(self.slots) - 1
        return bisect_right(self._least, day) - 1

    def starting_from(self, moment: datetime) -> int:
        """The first position whose slot starts at or after ``moment`` (past the last: none
        does)."""
        return bisect_left(self._starts, moment)

    def from_day(self, day: date | None) -> list[Slot]:
        """The slots with a local day on or after ``day``, in order."""
        return [s for s in self.slots[self.reach(day) :] if day is None or s.day >= day]


class Judge(Protocol):
    """What a problem asks the rules once: which slots are open, and each change's first day."""

    def opens(self, problem: Problem, slot: Slot) -> bool: ...

    def first_day(self, problem: Problem, change: Change) -> date | None: ...


class Problem:
    """Slots, lanes, the changes to place and the assignments kept, for one plan.

    ``kept`` are assignments no solver moves (pinned, or announced before); ``where`` maps each
    kept change to its slot (``None``: its window is not in the horizon). ``freeze_end`` is
    the end of the freeze horizon (UTC). ``spans``, when given, are the windows' starts and
    ends in UTC, in the order of ``windows`` (expansion has them). ``roster`` is who is free and
    on duty when (``None``: no change needs people of its own, or nobody asks); ``wants`` what
    each change needs of people on top of its train's crew. ``closed`` are the changes that
    will never run (cancelled, failed without a retry), with why: their dependents cannot run.
    ``work`` is each change's planned length (:mod:`.estimate`), ``rollback`` that of each
    change's rollback (the changes that have one), and ``slack`` the room to recover each long
    change asks for (``policy.slack``).
    """

    def __init__(
        self,
        changes: Sequence[Change],
        policy: Policy,
        windows: Iterable[Window],
        *,
        now: datetime,
        judge: Judge,
        kept: Sequence[Assignment] = (),
        spans: Sequence[tuple[datetime, datetime]] | None = None,
        roster: Roster | None = None,
        closed: Mapping[str, str] | None = None,
    ) -> None:
        self.policy = policy
        self.roster = roster
        self.now = now
        self.freeze_end = policy.freeze_end(now)
        self.changes = {c.id: c for c in changes}
        self.work, self.rollback = lengths(changes, policy)
        asked = policy.slack
        self.slack = (
            {cid: asked.at_least for cid, work in self.work.items() if work > asked.longer_than}
            if asked is not None
            else {}
        )
        self.wants: dict[str, Want] = {
            c.id: found for c in changes if (found := want(c)) is not None
        }
        self.slots: dict[str, Slot] = {}
        by_subsystem: dict[str, list[Slot]] = {}
        for i, w in enumerate(windows):
            start, end = spans[i] if spans is not None else (utc(w.start), utc(w.end))
            slot = Slot(w, start, end, local_day(w), w.capacity)
            self.slots[w.id] = slot
            by_subsystem.setdefault(w.subsystem, []).append(slot)
        for slot in self.slots.values():
            slot.open = judge.opens(self, slot)
        self.lanes = {
            name: Lane(sorted(slots, key=lambda s: (s.start, s.end, s.window.id)))
            for name, slots in by_subsystem.items()
        }
        self.deps = Dependencies.of(self.changes, closed)
        self.first = {cid: judge.first_day(self, c) for cid, c in self.changes.items()}
        self.where: dict[str, Slot | None] = {}
        self.kept: list[Assignment] = []
        self._kept_wants: dict[str, list[Want]] = {}
        self._served: dict[str, list[Want]] = {}
        for a in kept:
            self.keep(a)
        self.key = self._inherited().__getitem__
        self.order = tuple(cid for cid in self.deps.order(self.key) if cid not in self.where)
        self.rank = {cid: i for i, cid in enumerate(self.order)}

    def keep(self, a: Assignment) -> None:
        """Keep ``a`` where it is: no solver moves it, and new changes run after it."""
        slot = self.slots.get(a.window)
        if slot is not None:
            slot.kept_fill = max(slot.kept_fill, a.offset + self.work[a.change])
        self.where[a.change] = slot
        self.kept.append(a)
        if a.change in self.wants:
            self._kept_wants.setdefault(a.window, []).append(self.wants[a.change])

    def kept_wants(self, slot: Slot) -> list[Want]:
        """What the changes kept in ``slot`` need of people, of those whose people can be
        there together (in the order they were kept): a kept change whose people cannot be
        there is reported, and does not keep other changes out."""
        wid = slot.window.id
        found = self._served.get(wid)
        if found is None:
            found = []
            for w in self._kept_wants.get(wid, []):
                if self.roster is not None and self.roster.join(wid, [*found, w]) is not None:
                    found.append(w)
            self._served[wid] = found
        return found

    def hold(self, cids: Iterable[str]) -> None:
        """Take ``cids`` out of the changes to place (they are kept, or cannot be placed)."""
        held = set(cids)
        self.order = tuple(c for c in self.order if c not in self.where and c not in held)
        self.rank = {cid: i for i, cid in enumerate(self.order)}

    def timeline(self, slot: Slot, riders: Iterable[str]) -> list[tuple[str, timedelta]]:
        """New changes ``riders`` in ``slot`` in the order they run (processing order, after
        the kept ones), each with the offset it starts at: :meth:`assignments` lays them out so,
        and the rules judge a slot by it (a change not to place, asked about by explain, goes
        last)."""
        at = slot.kept_fill
        out = []
        last = len(self.rank)
        for cid in sorted(riders, key=lambda c: (self.rank.get(c, last), c)):
            out.append((cid, at))
            at += self.work[cid]
        return out

    def laid_out(self, placed: Mapping[str, Slot]) -> Iterator[tuple[str, Slot, timedelta]]:
        """The new ``placed`` changes, each with its slot and the offset it starts at there
        (:meth:`timeline` of each slot's changes)."""
        riders: dict[int, tuple[Slot, list[str]]] = {}
        for cid, slot in placed.items():
            riders.setdefault(id(slot), (slot, []))[1].append(cid)
        for slot, cids in riders.values():
            for cid, at in self.timeline(slot, cids):
                yield cid, slot, at

    def lane_of(self, cid: str) -> Lane | None:
        """The lane of the change's subsystem (``None``: its subsystem has no window)."""
        return self.lanes.get(self.changes[cid].subsystem)

    def _inherited(self) -> dict[str, tuple[int, date, date, timedelta, str]]:
        """Each change's processing key; a prerequisite takes on the urgency of the changes
        waiting for it (the smallest priority number and the earliest deadline)."""
        own = {cid: (c.priority, c.deadline or date.max) for cid, c in self.changes.items()}
        for cid in reversed(self.deps.upstream_first()):
            for d in self.deps.dependents[cid]:
                if d in own:
                    p, dl = own[cid]
                    own[cid] = (min(p, own[d][0]), min(dl, own[d][1]))
        return {
            cid: (own[cid][0], own[cid][1], self.first[cid] or date.min, -self.work[cid], cid)
            for cid in self.changes
        }

    # -- results ------------------------------------------------------------------------------

    def assignments(self, placed: dict[str, Slot]) -> list[Assignment]:
        """The kept assignments and the new ``placed`` ones, new ones appended in each window
        in processing order (prerequisites first), sorted by window start and offset."""
        out = list(self.kept)
        out.extend(
            Assignment.trusted(change=cid, window=slot.window.id, offset=at, lock=None)
            for cid, slot, at in self.laid_out(placed)
        )
        start = {wid: s.start for wid, s in self.slots.items()}
        far = datetime.max.replace(tzinfo=self.freeze_end.tzinfo)
        out.sort(key=lambda a: (start.get(a.window, far), a.window, a.offset, a.change))
        return out
