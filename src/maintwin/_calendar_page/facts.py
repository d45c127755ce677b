"""What the calendar page shows of a plan, looked up once and put on the page's clock: each
window with its runbook, blockers and conflicts; the releases and blackout periods; and what
happens on each day of the horizon.

Every lookup is a dictionary built in one pass (or a bisection), so that a page of hundreds of
windows costs what its parts cost, not their product.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import accumulate
from zoneinfo import ZoneInfo

from .._expansion.crews import gap_text
from .._model.blackout import BlackoutPeriod
from .._model.conflict import Conflict
from .._model.runbook_parts import RunbookChange
from .._model.train import Release
from .._model.window import Window
from .._planning.plan import Plan
from .._text import period_text, span_text
from .._time import utc

__all__ = ["Blocker", "Clock", "Event", "Facts", "Kind", "Shown", "blackout_label", "days_text"]

_DAY = timedelta(days=1)
_TICK = timedelta(microseconds=1)


class Kind(StrEnum):
    """What happens on a day. A day takes the colour of the last kind it has (a blocked
    window over an open one, over a release, over a blackout); conflicts only add a mark."""

    BLACKOUT = "blackout"
    RELEASE = "release"
    OPEN = "open"
    BLOCKED = "blocked"
    CONFLICT = "conflict"


@dataclass(frozen=True, slots=True)
class Event:
    """One thing a day shows: its kind, its words, whose it is (``subsystem``, or a blackout's
    ``scope``: ``None`` for every subsystem), the page id of its details, its conflicts."""

    kind: Kind
    text: str
    subsystem: str | None = None
    scope: tuple[str, ...] | None = None
    link: str = ""
    conflicts: int = 0


@dataclass(frozen=True, slots=True)
class Blocker:
    """Why a window is blocked: the id of the blackout or staffing gap, and why in words."""

    id: str
    why: str


@dataclass(frozen=True, slots=True)
class Shown:
    """A window as the page shows it: on the page's clock, with what it belongs to (a
    release, or a one-off window's title), its changes in runbook order, its blockers,
    staffing warnings, and the conflicts that concern it or its changes."""

    window: Window
    start: datetime
    end: datetime
    about: str
    changes: tuple[RunbookChange, ...]
    blockers: tuple[Blocker, ...]
    warnings: tuple[str, ...]
    conflicts: tuple[Conflict, ...]

    @property
    def kind(self) -> Kind:
        return Kind.BLOCKED if self.window.blocked else Kind.OPEN


@dataclass(frozen=True, slots=True)
class Clock:
    """The page's clock (``tz``, named ``name``) and the local days of the horizon, from
    ``first`` to ``last`` (the horizon ends on or before the end of ``last``)."""

    tz: ZoneInfo
    name: str
    first: date
    last: date

    def local(self, moment: datetime) -> datetime:
        """``moment`` on the page's clock."""
        return utc(moment).astimezone(self.tz)

    def covered(self, start: datetime, end: datetime) -> list[date]:
        """The local days of the horizon that ``[start, end)`` touches."""
        day = max(self.local(start).date(), self.first)
        until = min((utc(end) - _TICK).astimezone(self.tz).date(), self.last)
        return [day + n * _DAY for n in range((until - day).days + 1)]

    def months(self) -> list[tuple[int, int]]:
        """Each (year, month) of the horizon, in order."""
        out = []
        year, month = self.first.year, self.first.month
        while (year, month) <= (self.last.year, self.last.month):
            out.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return out


@dataclass(frozen=True, slots=True)
class Facts:
    """A plan, read once for its page (see :meth:`of`)."""

    plan: Plan
    clock: Clock
    windows: tuple[Shown, ...]
    releases: tuple[Release, ...]
    periods: tuple[BlackoutPeriod, ...]
    subsystems: tuple[str, ...]
    change_subsystem: Mapping[str, str]
    change_title: Mapping[str, str]
    where: Mapping[str, str]
    """Each placed change's window, for the windows on the page."""
    window_ids: frozenset[str]
    unplaced: frozenset[str]
    """The changes the plan could not place."""
    days: Mapping[date, tuple[Event, ...]]
    """What happens on each day of the horizon that has anything."""

    @classmethod
    def of(cls, plan: Plan, tz: ZoneInfo, zone_name: str) -> Facts:
        """``plan``'s facts on the clock of ``tz`` (the zone named ``zone_name``)."""
        scenario = plan.scenario
        clock = Clock(
            tz,
            zone_name,
            first=utc(plan.start).astimezone(tz).date(),
            last=(utc(plan.end) - _TICK).astimezone(tz).date(),
        )
        releases = tuple(scenario.releases(plan.start, plan.end))
        periods = tuple(scenario.blackout_periods(plan.start, plan.end))
        on_page = {w.id for w in plan.windows}
        where = {a.change: a.window for a in plan.assignments if a.window in on_page}
        windows = _shown(plan, releases, periods, where, tz)
        subsystems = {*scenario.subsystems, *(w.subsystem for w in plan.windows)}
        subsystems |= {c.subsystem for c in scenario.changes}
        return cls(
            plan=plan,
            clock=clock,
            windows=windows,
            releases=releases,
            periods=periods,
            subsystems=tuple(sorted(subsystems)),
            change_subsystem={c.id: c.subsystem for c in scenario.changes},
            change_title={c.id: c.title for c in scenario.changes},
            where=where,
            window_ids=frozenset(on_page),
            unplaced=frozenset(u.change for u in plan.unscheduled),
            days=_days(clock, windows, releases, periods),
        )


def _shown(
    plan: Plan,
    releases: Sequence[Release],
    periods: Sequence[BlackoutPeriod],
    where: Mapping[str, str],
    tz: ZoneInfo,
) -> tuple[Shown, ...]:
    """Each window of ``plan`` as the page shows it."""
    runbooks = plan.runbooks()
    about = {w.id: w.title for w in plan.scenario.one_off_windows if w.title}
    for release in releases:
        if release.window is not None:
            about[release.window.id] = f"{release.subsystem} {release.version} release"
    concerns = _conflicts_by_window(plan.conflicts, where)
    blockers = _Blockers(periods, tz)
    return tuple(
        Shown(
            window=w,
            start=utc(w.start).astimezone(tz),
            end=utc(w.end).astimezone(tz),
            about=about.get(w.id, ""),
            changes=runbooks[w.id].changes,
            blockers=blockers.of(w),
            warnings=tuple(gap_text(g) for g in w.gaps if g.id not in w.blocked_by),
            conflicts=tuple(concerns.get(w.id, ())),
        )
        for w in plan.windows
    )


_OnDay = tuple[date, int, datetime, Event]
"""An event on a day, with its order there: blackouts (0) before the rest (1), by start."""


def _days(
    clock: Clock,
    windows: Sequence[Shown],
    releases: Sequence[Release],
    periods: Sequence[BlackoutPeriod],
) -> dict[date, tuple[Event, ...]]:
    """What happens on each day: the blackouts covering it first, then the releases and
    windows in the order they start (a window that began on an earlier day first)."""
    found: list[_OnDay] = []
    for period in periods:
        event = Event(Kind.BLACKOUT, blackout_label(period), scope=period.scope)
        found += [
            (day, 0, utc(period.start), event) for day in clock.covered(period.start, period.end)
        ]
    for release in releases:
        start = clock.local(release.start)
        label = f"{start:%H:%M} {release.subsystem} {release.version} release"
        event = Event(Kind.RELEASE, label, subsystem=release.subsystem)
        found += [(day, 1, utc(start), event) for day in clock.covered(start, start + _TICK)]
    for shown in windows:
        found += _window_events(clock, shown)
    ordered = sorted(enumerate(found), key=lambda x: (*x[1][:3], x[0]))
    days: dict[date, list[Event]] = defaultdict(list)
    for _, (day, _rank, _at, event) in ordered:
        days[day].append(event)
    return {day: tuple(events) for day, events in days.items()}


def _window_events(clock: Clock, shown: Shown) -> list[_OnDay]:
    """A window on each day it touches: its times, id and state on its first (``10:00``, an
    en dash, ``10:15 RIS window ris-2027-01-13, 2 changes``), ``PACS window pacs-upgrade-fri
    continues`` on the others (``until 06:00`` on its last)."""
    w = shown.window
    count = len(shown.changes)
    what = f"{w.subsystem} window {w.id}"
    if shown.kind is Kind.BLOCKED:
        what += ", blocked"
    else:
        what += f", {count or 'no'} change" + ("" if count == 1 else "s")
    days = clock.covered(shown.start, shown.end)
    out = []
    for day in days:
        if day == shown.start.date():
            until = f"\N{EN DASH}{shown.end:%H:%M}" if len(days) == 1 else ""
            text = f"{shown.start:%H:%M}{until} {what}"
        else:
            until = f" until {shown.end:%H:%M}" if day == days[-1] else ""
            text = f"{w.subsystem} window {w.id} continues{until}"
        event = Event(
            shown.kind,
            text,
            subsystem=w.subsystem,
            link=f"window-{w.id}",
            conflicts=len(shown.conflicts),
        )
        out.append((day, 1, utc(shown.start), event))
    return out


def blackout_label(period: BlackoutPeriod) -> str:
    """``holiday: Veterans Day``, ``freeze: quarter-close (Biz only)``."""
    label = f"{period.reason.value}: {period.title or period.blackout}"
    if period.scope is not None:
        label += f" ({', '.join(period.scope)} only)"
    return label


def days_text(start: datetime, end: datetime) -> str:
    """A period on its clock: ``Wed 2027-11-10 to Fri 2027-11-12 (3 days)`` when it is whole
    local days (``Thu 2027-11-25`` for one), else its start and end with their times."""
    midnight = time()
    if start.time() == midnight and end.time() == midnight:
        last = end.date() - _DAY
        length = span_text(end.date() - start.date())
        if last == start.date():
            return f"{start:%a %Y-%m-%d}"
        return f"{start:%a %Y-%m-%d} to {last:%a %Y-%m-%d} ({length})"
    return period_text(start, end)


class _Blockers:
    """Why each window is blocked, from the blackout periods of the horizon (found by
    bisection among each blackout's periods) and the window's staffing gaps."""

    def __init__(self, periods: Sequence[BlackoutPeriod], tz: ZoneInfo) -> None:
        self.tz = tz
        by_id: dict[str, list[BlackoutPeriod]] = defaultdict(list)
        for period in periods:
            by_id[period.blackout].append(period)
        self.periods = {k: sorted(v, key=lambda p: utc(p.start)) for k, v in by_id.items()}
        self.starts = {k: [utc(p.start) for p in v] for k, v in self.periods.items()}
        self.reach = {
            k: list(accumulate((utc(p.end) for p in v), max)) for k, v in self.periods.items()
        }
        """The latest end of each blackout's periods up to each one."""

    def of(self, window: Window) -> tuple[Blocker, ...]:
        gaps = {g.id: g for g in window.gaps}
        out = []
        for bid in window.blocked_by:
            if bid in gaps:
                out.append(Blocker(bid, f"staffing: {gap_text(gaps[bid])}"))
                continue
            period = self._overlapping(bid, utc(window.start), utc(window.end))
            if period is None:
                out.append(Blocker(bid, "a blackout outside this page's horizon"))
                continue
            when = days_text(
                utc(period.start).astimezone(self.tz), utc(period.end).astimezone(self.tz)
            )
            out.append(Blocker(bid, f"{blackout_label(period)}, {when}"))
        return tuple(out)

    def _overlapping(self, bid: str, start: datetime, end: datetime) -> BlackoutPeriod | None:
        """The latest-starting period of blackout ``bid`` that overlaps ``[start, end)``:
        among those that start before ``end``, back until none before can reach ``start``."""
        periods = self.periods.get(bid, [])
        reach = self.reach.get(bid, [])
        index = bisect.bisect_left(self.starts.get(bid, []), end)
        while index > 0 and reach[index - 1] > start:
            index -= 1
            if utc(periods[index].end) > start:
                return periods[index]
        return None


def _conflicts_by_window(
    conflicts: Sequence[Conflict], where: Mapping[str, str]
) -> dict[str, list[Conflict]]:
    """Each window's conflicts: those that name it, or a change riding in it."""
    found: dict[str, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        windows = set(conflict.windows) | {where[c] for c in conflict.changes if c in where}
        for window in sorted(windows):
            found[window].append(conflict)
    return found
