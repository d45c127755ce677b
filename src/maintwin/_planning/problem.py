"""The planning problem as the solvers see it: windows as slots with their fill, the changes to
place in a fixed order, and what was kept from before (pure: no clock, no I/O)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from .._model.change import Change
from .._model.policy import Policy
from .._model.types import iso_duration
from .._model.window import Window
from .._time import utc
from .dependencies import Dependencies, lead_date, local_day, lower_bound, weight
from .plan import Assignment, Lock, Unscheduled, UnscheduledCause

__all__ = ["Lane", "Problem", "Slot"]


@dataclass(eq=False, slots=True)
class Slot:
    """A window as the solvers fill it.

    ``open`` says it may take new changes: it is not blocked and starts no earlier than the end
    of the freeze horizon. ``fill`` is the end of its runbook timeline so far.
    """

    window: Window
    start: datetime
    end: datetime
    day: date
    capacity: timedelta
    open: bool
    fill: timedelta = timedelta(0)
    position: int = 0  # in its lane

    @property
    def room(self) -> timedelta:
        return self.capacity - self.fill


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

    def __post_init__(self) -> None:
        most: list[date] = []
        for position, slot in enumerate(self.slots):
            slot.position = position
            most.append(max(most[-1], slot.day) if most else slot.day)
        least: list[date] = []
        for slot in reversed(self.slots):
            least.append(min(least[-1], slot.day) if least else slot.day)
        self._most, self._least = most, least[::-1]

    def reach(self, day: date | None) -> int:
        """A position before which no slot has a local day on or after ``day``."""
        return 0 if day is None else bisect_left(self._most, day)

    def last_by(self, day: date | None) -> int:
        """A position after which every slot has a local day after ``day``."""
        if day is None:
            return len(self.slots) - 1
        # _least is sorted ascending; count the positions whose suffix minimum is <= day.
        return bisect_right(self._least, day) - 1

    def from_day(self, day: date | None) -> list[Slot]:
        """The slots with a local day on or after ``day``, in order."""
        return [s for s in self.slots[self.reach(day) :] if day is None or s.day >= day]


class Problem:
    """Slots, lanes, the changes to place and the assignments kept, for one plan."""

    def __init__(
        self,
        changes: Sequence[Change],
        policy: Policy,
        windows: Iterable[Window],
        *,
        now: datetime,
        kept: Sequence[Assignment] = (),
    ) -> None:
        self.policy = policy
        self.now = now
        self.freeze_end = utc(now) + policy.freeze_horizon
        self.changes = {c.id: c for c in changes}
        self.slots: dict[str, Slot] = {}
        by_subsystem: dict[str, list[Slot]] = {}
        for w in windows:
            start = utc(w.start)
            slot = Slot(
                w,
                start,
                utc(w.end),
                local_day(w),
                w.capacity,
                not w.blocked_by and start >= self.freeze_end,
            )
            self.slots[w.id] = slot
            by_subsystem.setdefault(w.subsystem, []).append(slot)
        self.lanes = {
            name: Lane(sorted(slots, key=lambda s: (s.start, s.end, s.window.id)))
            for name, slots in by_subsystem.items()
        }
        self.deps = Dependencies.of(self.changes)
        self._lower = {cid: lower_bound(c, policy) for cid, c in self.changes.items()}
        # Where each change is: its slot, or None for a kept assignment whose window is gone.
        self.where: dict[str, Slot | None] = {}
        self.kept: list[Assignment] = []
        for a in kept:
            self._keep(a)
        self.key = self._inherited().__getitem__
        self.order = tuple(cid for cid in self.deps.order(self.key) if cid not in self.where)
        self.rank = {cid: i for i, cid in enumerate(self.order)}

    # -- kept assignments -----------------------------------------------------------------

    def _keep(self, a: Assignment) -> None:
        slot = self.slots.get(a.window)
        change = self.changes[a.change]
        if slot is not None:
            slot.fill = max(slot.fill, a.offset + change.duration)
        self.where[a.change] = slot
        self.kept.append(a)

    def keep_pins(self) -> list[Unscheduled]:
        """Place every pinned change not kept already in its window; the pins that name no
        window in the horizon come back as unscheduled."""
        out: list[Unscheduled] = []
        for cid in self.order:  # prerequisites first: they run first in a shared window
            change = self.changes[cid]
            if change.pin is None:
                continue
            slot = self.slots.get(change.pin)
            if slot is None:
                out.append(
                    Unscheduled(
                        change=cid,
                        cause=UnscheduledCause.OUT_OF_HORIZON,
                        detail=f"it is pinned to {change.pin!r}, which is not a window in the "
                        "horizon",
                    )
                )
                continue
            self._keep(
                Assignment(change=cid, window=slot.window.id, offset=slot.fill, lock=Lock.PIN)
            )
        self.hold(u.change for u in out)
        return out

    def hold(self, cids: Iterable[str]) -> None:
        """Take ``cids`` out of the changes to place (they are kept, or cannot be placed)."""
        held = set(cids)
        self.order = tuple(c for c in self.order if c not in self.where and c not in held)
        self.rank = {cid: i for i, cid in enumerate(self.order)}

    # -- the rules as the solvers need them -------------------------------------------------

    def lower(self, cid: str) -> date | None:
        """The first local day ``cid`` may ride (earliest, and lead time unless approved)."""
        return self._lower[cid]

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
            cid: (
                own[cid][0],
                own[cid][1],
                self._lower[cid] or date.min,
                -c.duration,
                cid,
            )
            for cid, c in self.changes.items()
        }

    def candidates(self, cid: str) -> list[Slot]:
        """The slots ``cid`` may ride in, by the rules that do not depend on other new
        placements: open, its subsystem, on or after its first day, room enough next to the
        kept assignments, and in order with kept prerequisites and dependents."""
        change = self.changes[cid]
        lane = self.lanes.get(change.subsystem)
        if lane is None:
            return []
        out = []
        for slot in lane.from_day(self.lower(cid)):
            if slot.open and slot.room >= change.duration and self.kept_order_allows(cid, slot):
                out.append(slot)
        return out

    def kept_order_allows(self, cid: str, slot: Slot) -> bool:
        """Whether ``slot`` keeps ``cid`` after its kept prerequisites and before its kept
        dependents (new changes run after the kept ones in a window)."""
        for p in self.changes[cid].depends_on:
            where = self.where.get(p)
            if (
                p in self.where
                and where is not None
                and where is not slot
                and where.end > slot.start
            ):
                return False
        for d in self.deps.dependents.get(cid, ()):
            where = self.where.get(d)
            if where is not None and slot.end > where.start:
                return False
        return True

    def on_time(self, cid: str, slot: Slot) -> bool:
        deadline = self.changes[cid].deadline
        return deadline is None or slot.day <= deadline

    def baseline(self, cid: str) -> Slot | None:
        """The change's earliest allowed window: the first open slot of its subsystem on or after
        its first day that is long enough, whatever else rides there."""
        change = self.changes[cid]
        lane = self.lanes.get(change.subsystem)
        if lane is None:
            return None
        for slot in lane.from_day(self.lower(cid)):
            if slot.open and slot.capacity >= change.duration:
                return slot
        return None

    def weight(self, cid: str) -> int:
        return weight(self.changes[cid].priority)

    # -- results ------------------------------------------------------------------------------

    def assignments(self, placed: dict[str, Slot]) -> list[Assignment]:
        """The kept assignments and the new ``placed`` ones, new ones appended in each window
        in processing order (prerequisites first), sorted by window start and offset."""
        fill: dict[int, timedelta] = {}
        for a in self.kept:
            slot = self.slots.get(a.window)
            if slot is not None:
                end = a.offset + self.changes[a.change].duration
                fill[id(slot)] = max(fill.get(id(slot), end), end)
        rank = {cid: i for i, cid in enumerate(self.order)}
        out = list(self.kept)
        for cid in sorted(placed, key=rank.__getitem__):
            slot = placed[cid]
            offset = fill.get(id(slot), timedelta(0))
            out.append(
                Assignment.trusted(change=cid, window=slot.window.id, offset=offset, lock=None)
            )
            fill[id(slot)] = offset + self.changes[cid].duration
        start = {wid: s.start for wid, s in self.slots.items()}
        far = datetime.max.replace(tzinfo=self.freeze_end.tzinfo)
        out.sort(key=lambda a: (start.get(a.window, far), a.window, a.offset, a.change))
        return out

    def diagnose(self, cid: str, unscheduled: dict[str, Unscheduled]) -> Unscheduled:
        """Why ``cid`` found no window (checked in the order a person would look)."""
        change = self.changes[cid]

        def result(cause: UnscheduledCause, detail: str) -> Unscheduled:
            return Unscheduled.trusted(change=cid, cause=cause, detail=detail)

        lane = self.lanes.get(change.subsystem)
        if lane is None:
            return result(
                UnscheduledCause.NO_WINDOW,
                f"subsystem {change.subsystem!r} has no downtime window in the horizon",
            )
        longest = max(s.capacity for s in lane.slots)
        if change.duration > longest:
            return result(
                UnscheduledCause.TOO_LONG,
                f"it needs {iso_duration(change.duration)}, longer than every window of "
                f"{change.subsystem} (the longest holds {iso_duration(longest)})",
            )
        missing = [p for p in change.depends_on if p in unscheduled or p not in self.changes]
        if missing:
            return result(
                UnscheduledCause.PREREQUISITE,
                f"its prerequisite {missing[0]!r} "
                + ("is unknown" if missing[0] not in self.changes else "could not be placed"),
            )
        first = self.lower(cid)
        reachable = [s for s in lane.from_day(first) if s.start >= self.freeze_end]
        if not reachable:
            why = self._first_day_reason(change)
            return result(
                UnscheduledCause.OUT_OF_HORIZON,
                f"no window of {change.subsystem} in the horizon on or after {why}",
            )
        blocked = sum(1 for s in reachable if s.window.blocked_by)
        return result(
            UnscheduledCause.BLOCKED_OR_FULL,
            f"all {len(reachable)} windows of {change.subsystem} it may ride in are blocked "
            f"({blocked}) or too full for its {iso_duration(change.duration)} "
            f"({len(reachable) - blocked})",
        )

    def _first_day_reason(self, change: Change) -> str:
        first = self.lower(change.id)
        freeze = self.freeze_end.date()
        if first is None or first <= freeze:
            return f"the end of the freeze horizon ({self.freeze_end:%Y-%m-%d %H:%M} UTC)"
        if change.earliest == first:
            return f"its earliest date {first}"
        return (
            f"its lead-time date {lead_date(change, self.policy)} "
            f"(requested {change.requested_on} + {self.policy.lead_time_months} months)"
        )
