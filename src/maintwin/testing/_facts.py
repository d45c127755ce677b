"""The invariants' own reading of a plan's scenario (pure).

What each window must be, which blackouts cover it, the first day each change may ride, who is
free for it (``_crewing``): all re-derived here from the scenario's fields. Only the expansion
of blackouts (explicit and holidays) into periods, and the models' own expansions of absences
and schedules, are taken from maintwin; no planning rule is, nor its crewing.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

from .. import Assignment, Change, Plan, Policy, Window
from ._crewing import People

__all__ = [
    "Expected",
    "Facts",
    "add_months",
    "first_day",
    "instant",
    "lead_date",
    "local_day",
    "planned_work",
    "review_allows",
    "rollback_length",
]

# Window ids of release trains: <train id>-<local date>, with the time for several a day.
_DATED = re.compile(r"^(?P<train>.+)-(?P<day>\d{4}-\d{2}-\d{2})(?:T(?P<at>\d{6}))?$")


def planned_work(change: Change, policy: Policy) -> timedelta:
    """The length the plan must give ``change`` (see :meth:`Facts.work`)."""
    minute = timedelta(minutes=1)
    best = change.duration or timedelta(0)
    per_step = timedelta(0)
    for i, step in enumerate(change.steps):
        seen = [run.steps[i] for run in change.dry_runs if run.steps]
        per_step += max([step.duration or timedelta(0), *seen])
    best = max(best, per_step)
    for run in change.dry_runs:
        total = run.duration if run.duration is not None else sum(run.steps, timedelta(0))
        scaled = total * policy.contingency
        whole = -(-scaled // minute)  # minutes, rounded up
        best = max(best, whole * minute)
    return best


def rollback_length(change: Change) -> timedelta:
    """How long undoing ``change`` takes: its rollback's duration or its timed steps added
    up, whichever is longer (zero: it has none)."""
    if change.rollback is None:
        return timedelta(0)
    steps = [s.duration for s in change.rollback.steps if s.duration is not None]
    return max(change.rollback.duration or timedelta(0), sum(steps, timedelta(0)))


def instant(moment: datetime) -> datetime:
    """``moment`` in UTC: aware date-times sharing a zone compare by wall clock otherwise."""
    return moment.astimezone(UTC)


def add_months(day: date, months: int) -> date:
    """``day`` plus calendar months, clamped to the month's last day (``date.max`` past 9999)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if year > date.max.year:
        return date.max
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def lead_date(change: Change, policy: Policy) -> date:
    """The first local day ``change`` may ride without a short-notice approval:
    ``requested_on`` plus ``policy.lead_time_months`` calendar months."""
    return add_months(change.requested_on, policy.lead_time_months)


def first_day(change: Change, policy: Policy) -> date:
    """The first local day ``change`` may ride: its earliest date and its lead date, or for an
    approved short-notice change its request date (no change rides before it was asked for)."""
    bounds = [change.earliest or date.min]
    bounds.append(change.requested_on if change.short_notice else lead_date(change, policy))
    return max(bounds)


_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


def review_allows(change: Change, policy: Policy, window: Window) -> bool:
    """Whether ``window`` leaves a short-notice change time for its review, when the policy
    has a change-advisory meeting: the window's first internal notice (the longest offset
    before its start, whole days on the window's wall clock) is due at or after the first
    meeting on a day after the change's request. Always true for other changes."""
    cab = policy.cab
    if change.short_notice is None or cab is None:
        return True
    day = change.requested_on + timedelta(days=1)
    while _WEEKDAYS[day.weekday()] != cab.weekday:
        day += timedelta(days=1)
    meeting, _ = _settle(datetime.combine(day, cab.at), ZoneInfo(cab.timezone or "UTC"))
    longest = max(policy.internal_notices, default=timedelta(0))
    start = instant(window.start)
    if not longest:
        return start >= meeting
    if longest.seconds or longest.microseconds:
        return start - longest >= meeting
    tz = ZoneInfo(window.timezone)
    wall = start.astimezone(tz).replace(tzinfo=None) - longest
    return _settle(wall, tz)[0] >= meeting


def local_day(window: Window) -> date:
    """The local date on which ``window`` starts, in the window's own zone."""
    return window.start.astimezone(ZoneInfo(window.timezone)).date()


@dataclass(frozen=True)
class Expected:
    """What the scenario says one window must be.

    ``nominal`` is the local wall-clock start the rule asks for (``None`` when the window's
    start is an aware instant); ``start`` is the instant it must start at: the nominal time, or
    past the gap when that time does not exist; ``shifted`` says it did not exist.
    """

    subsystem: str
    zone: str
    capacity: timedelta
    nominal: datetime | None
    start: datetime
    shifted: bool


def _settle(nominal: datetime, tz: ZoneInfo) -> tuple[datetime, bool]:
    """The instant a local wall-clock time names (its first, when it occurs twice), and
    whether it does not exist (a spring-forward gap, which PEP 495 moves forward)."""
    aware = nominal.replace(tzinfo=tz, fold=0)
    back = instant(aware).astimezone(tz).replace(tzinfo=None)
    return instant(aware), back != nominal


class Facts:
    """Everything the invariants look up about one plan, computed once."""

    def __init__(self, plan: Plan) -> None:
        self.plan = plan
        self.scenario = plan.scenario
        self.policy = plan.scenario.policy
        self.changes = {c.id: c for c in plan.scenario.changes}
        self.windows: dict[str, Window] = {}
        for w in plan.windows:
            self.windows.setdefault(w.id, w)
        self.placed: dict[str, Assignment] = {}
        for a in plan.assignments:
            self.placed.setdefault(a.change, a)
        self.locked = frozenset(a.change for a in plan.assignments if a.lock is not None)
        self.freeze_end = instant(plan.now) + self.policy.freeze_horizon
        self._trains = {t.id: t for t in plan.scenario.trains}
        self._one_offs = {w.id: w for w in plan.scenario.one_off_windows}

    @cached_property
    def expected(self) -> dict[str, Expected | str]:
        """For each window id, what it must be, or why it matches nothing in the scenario."""
        return {wid: self._expect(w) for wid, w in self.windows.items()}

    def _expect(self, window: Window) -> Expected | str:
        trains = self._trains
        one_offs = self._one_offs
        if window.source in trains:
            train = trains[window.source]
            length = train.window_length
            if length is None:
                return f"its source train {train.id} carries no downtime"
            match = _DATED.match(window.id)
            if match is None or match["train"] != train.id:
                return f"its id is not {train.id}-<local date> of its source train"
            zone = train.schedule.timezone or self.scenario.timezone
            at = train.schedule.at
            if match["at"]:
                at = time.fromisoformat(match["at"])
            nominal = datetime.combine(date.fromisoformat(match["day"]), at)
            start, shifted = _settle(nominal, ZoneInfo(zone))
            return Expected(train.subsystem, zone, length, nominal, start, shifted)
        if window.source in one_offs and window.id == window.source:
            spec = one_offs[window.source]
            zone = spec.timezone or self.scenario.timezone
            capacity = spec.capacity or spec.duration
            if spec.start.tzinfo is not None:
                return Expected(spec.subsystem, zone, capacity, None, instant(spec.start), False)
            start, shifted = _settle(spec.start, ZoneInfo(zone))
            return Expected(spec.subsystem, zone, capacity, spec.start, start, shifted)
        return f"its source {window.source!r} is no train or one-off window of the scenario"

    def subsystem(self, window: Window) -> str:
        """The subsystem the scenario gives the window (its own field when it has no source)."""
        found = self.expected[window.id]
        return found.subsystem if isinstance(found, Expected) else window.subsystem

    def capacity(self, window: Window) -> timedelta:
        """The capacity the scenario gives the window (its own field when it has no source)."""
        found = self.expected[window.id]
        return found.capacity if isinstance(found, Expected) else window.capacity

    def day(self, window: Window) -> date:
        """The local date the window starts on, in the zone the scenario gives it."""
        found = self.expected[window.id]
        zone = found.zone if isinstance(found, Expected) else window.timezone
        return window.start.astimezone(ZoneInfo(zone)).date()

    @cached_property
    def _periods(self) -> list[tuple[datetime, datetime, str, tuple[str, ...] | None]]:
        if not self.windows:
            return []
        lo = min(instant(w.start) for w in self.windows.values())
        hi = max(instant(w.end) for w in self.windows.values())
        return [
            (instant(p.start), instant(p.end), p.blackout, p.scope)
            for p in self.scenario.blackout_periods(lo, hi)
        ]

    @cached_property
    def _blocking(self) -> dict[str, tuple[str, ...]]:
        out = {}
        for wid, w in self.windows.items():
            start, end, subsystem = instant(w.start), instant(w.end), self.subsystem(w)
            found = (
                blackout
                for lo, hi, blackout, scope in self._periods
                if lo < end and start < hi and (scope is None or subsystem in scope)
            )
            out[wid] = tuple(sorted(set(found)))
        return out

    def blocking(self, window: Window) -> tuple[str, ...]:
        """The ids of the blackouts that overlap ``window`` and apply to its subsystem."""
        return self._blocking[window.id]

    def staffing_blocks(self, window: Window) -> tuple[str, ...]:
        """The ids in ``window.blocked_by`` that name one of its own staffing gaps."""
        gaps = {g.id for g in window.gaps}
        return tuple(b for b in window.blocked_by if b in gaps)

    @cached_property
    def people(self) -> People:
        """Who is free when, and who is on call, over the plan's windows."""
        if not self.windows:
            return People(self.scenario, instant(self.plan.start), instant(self.plan.end))
        lo = min(instant(w.start) for w in self.windows.values())
        hi = max(instant(w.end) for w in self.windows.values())
        return People(self.scenario, lo, hi)

    @cached_property
    def crew_order(self) -> list[Window]:
        """The windows in the order they are crewed: by UTC start, end, subsystem and id."""
        return sorted(
            self.windows.values(),
            key=lambda w: (instant(w.start), instant(w.end), w.subsystem, w.id),
        )

    def work(self, cid: str) -> timedelta:
        """How long change ``cid`` is planned to take: its stated duration, its timed steps
        (each at the longer of its estimate and the most a dry run measured for it) and its
        longest dry run times the policy's contingency (to the next whole minute), whichever is
        most."""
        return planned_work(self.changes[cid], self.scenario.policy)

    def slot_end(self, a: Assignment) -> timedelta:
        """Where the assigned change's slot ends, from the window's opening."""
        return a.offset + self.work(a.change)

    def runbooks(self) -> dict[str, list[Assignment]]:
        """The assignments of known changes to known windows, by window, in offset order."""
        out: dict[str, list[Assignment]] = {}
        for a in self.plan.assignments:
            if a.change in self.changes and a.window in self.windows:
                out.setdefault(a.window, []).append(a)
        for runbook in out.values():
            runbook.sort(key=lambda a: (a.offset, a.change))
        return out
