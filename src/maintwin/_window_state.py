"""`WindowState`: at one instant, which downtime windows are open or blocked, which blackouts
are in force, and the next change of state (``maintwin open-now`` answers with it)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import AwareDatetime

from ._errors import MaintwinError
from ._model.base import Model
from ._model.blackout import BlackoutPeriod
from ._model.types import Id
from ._model.window import Window
from ._scenario import Scenario
from ._time import as_instant, utc
from ._zones import zone

__all__ = ["Transition", "TransitionKind", "WindowState", "window_state"]

LOOKAHEAD = timedelta(days=731)
"""How far :func:`window_state` looks for the next change of state: two years."""

_FIRST_STEP = timedelta(days=31)
_TICK = timedelta(seconds=1)


class TransitionKind(StrEnum):
    """What changes at a :class:`Transition`."""

    WINDOW_OPENS = "window_opens"
    WINDOW_CLOSES = "window_closes"
    BLACKOUT_BEGINS = "blackout_begins"
    BLACKOUT_ENDS = "blackout_ends"


class Transition(Model):
    """One change of state: a window opens or closes (``blocked`` says it is a blocked one),
    or a blackout begins or ends. ``id`` is the window's or the blackout's id."""

    at: AwareDatetime
    kind: TransitionKind
    id: Id
    subsystem: str | None = None
    blocked: bool = False

    def __str__(self) -> str:
        if self.kind in (TransitionKind.WINDOW_OPENS, TransitionKind.WINDOW_CLOSES):
            what = "blocked window" if self.blocked else "window"
            verb = "opens" if self.kind is TransitionKind.WINDOW_OPENS else "closes"
            return f"{what} {self.id} ({self.subsystem}) {verb}"
        verb = "begins" if self.kind is TransitionKind.BLACKOUT_BEGINS else "ends"
        return f"blackout {self.id} {verb}"


class WindowState(Model):
    """The state at ``at``: the downtime windows running then (``open`` ones may carry work,
    ``blocked`` ones may not), the blackout periods in force, and ``next``, everything that
    changes at the first instant after ``at`` when something does (empty: nothing changes
    within :data:`LOOKAHEAD`)."""

    at: AwareDatetime
    open: tuple[Window, ...] = ()
    blocked: tuple[Window, ...] = ()
    blackouts: tuple[BlackoutPeriod, ...] = ()
    next: tuple[Transition, ...] = ()

    @property
    def state(self) -> Literal["open", "blocked", "blackout", "closed"]:
        """``open`` when a window is open; else ``blocked`` when a blocked window is running;
        else ``blackout`` when a blackout is in force; else ``closed``."""
        if self.open:
            return "open"
        if self.blocked:
            return "blocked"
        return "blackout" if self.blackouts else "closed"


def window_state(
    scenario: Scenario, at: datetime, *, subsystems: Iterable[str] | None = None
) -> WindowState:
    """Which windows of ``scenario`` are open or blocked at the aware instant ``at``, which
    blackouts are in force, and what changes next.

    ``subsystems`` narrows it to their windows and the blackouts that apply to one of them.
    Intervals are half-open: a window is running from its start up to, not at, its end.
    """
    tz = zone(scenario.timezone)
    at = as_instant(at, tz, name="at", where="maintwin.window_state()")
    wanted = _subsystems(scenario, subsystems)
    # Arithmetic on UTC: on the wall clock, a second after the repeated hour's second pass
    # would land in its first.
    moment = utc(at)
    back = _longest_window(scenario)
    running = [
        w
        for w in scenario.windows(moment - back, moment + _TICK)
        if w.subsystem in wanted and utc(w.start) <= moment < utc(w.end)
    ]
    periods = [
        p
        for p in scenario.blackout_periods(moment, moment + _TICK)
        if _applies(p, wanted) and utc(p.start) <= moment < utc(p.end)
    ]
    return WindowState(
        at=at,
        open=tuple(w for w in running if not w.blocked),
        blocked=tuple(w for w in running if w.blocked),
        blackouts=tuple(periods),
        next=_next(scenario, moment, wanted, running, periods),
    )


def _next(
    scenario: Scenario,
    at: datetime,
    wanted: frozenset[str],
    running: list[Window],
    periods: list[BlackoutPeriod],
) -> tuple[Transition, ...]:
    """The transitions at the first instant after ``at`` (UTC), looking ahead in growing
    steps."""
    step = _FIRST_STEP
    while True:
        until = at + min(step, LOOKAHEAD)
        found = _ends(running, periods)
        for w in scenario.windows(at, until):
            if w.subsystem in wanted and utc(w.start) > utc(at):
                found += _window_events(w)
        for p in scenario.blackout_periods(at, until):
            if _applies(p, wanted) and utc(p.start) > utc(at):
                found += _blackout_events(p)
        found = [t for t in found if utc(at) < utc(t.at) < utc(until)]
        if found:
            first = min(utc(t.at) for t in found)
            same = [t for t in found if utc(t.at) == first]
            return tuple(sorted(same, key=lambda t: (t.kind.value, t.id)))
        if step >= LOOKAHEAD:
            return ()
        step *= 2


def _ends(running: list[Window], periods: list[BlackoutPeriod]) -> list[Transition]:
    """The ends of what is running at the instant asked about."""
    return [*(_window_events(w)[1] for w in running), *(_blackout_events(p)[1] for p in periods)]


def _window_events(w: Window) -> list[Transition]:
    return [
        Transition.trusted(at=moment, kind=kind, id=w.id, subsystem=w.subsystem, blocked=w.blocked)
        for moment, kind in (
            (w.start, TransitionKind.WINDOW_OPENS),
            (w.end, TransitionKind.WINDOW_CLOSES),
        )
    ]


def _blackout_events(p: BlackoutPeriod) -> list[Transition]:
    return [
        Transition.trusted(at=moment, kind=kind, id=p.blackout, subsystem=None, blocked=False)
        for moment, kind in (
            (p.start, TransitionKind.BLACKOUT_BEGINS),
            (p.end, TransitionKind.BLACKOUT_ENDS),
        )
    ]


def _applies(period: BlackoutPeriod, wanted: frozenset[str]) -> bool:
    return any(period.applies_to(s) for s in wanted)


def _subsystems(scenario: Scenario, subsystems: Iterable[str] | None) -> frozenset[str]:
    known = scenario.subsystems
    if subsystems is None:
        return frozenset(known)
    asked = tuple(subsystems)
    unknown = [s for s in asked if s not in known]
    if unknown:
        raise MaintwinError(
            f"maintwin.window_state(): unknown subsystem {unknown[0]!r}; the scenario's "
            f"subsystems are {', '.join(map(repr, known)) or 'none'}"
        )
    return frozenset(asked)


def _longest_window(scenario: Scenario) -> timedelta:
    """The longest any window of the scenario lasts: how far back one still running began."""
    lengths = [t.downtime for t in scenario.trains if isinstance(t.downtime, timedelta)]
    lengths += [w.duration for w in scenario.one_off_windows]
    # A length in whole days is kept on the local calendar: a day is 25 hours at most.
    return max(lengths, default=timedelta(0)) + timedelta(days=1)
