"""`Plan`: which change rides in which window, what could not be placed, and every conflict."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal, NamedTuple, Self

from pydantic import AwareDatetime, Field, model_validator

from .._errors import LocatedProblem, MaintwinError
from .._model.base import Model
from .._model.change import Change
from .._model.conflict import Conflict
from .._model.notice import Notice
from .._model.playbook import Playbook
from .._model.runbook import Runbook
from .._model.types import Id, NonNegativeDuration
from .._model.window import Window
from .._scenario import Scenario
from .._text import clock
from .estimate import Estimate, estimate
from .playbook import playbook
from .runbook import runbook

__all__ = ["Assignment", "Lock", "Plan", "PlanScore", "Unscheduled", "UnscheduledCause"]


class Lock(StrEnum):
    """Why an assignment was kept rather than planned: a pin, an announcement to clients, or
    history (the change is done or failed, and stays in the window it ran in)."""

    PIN = "pin"
    ANNOUNCED = "announced"
    HISTORY = "history"


class UnscheduledCause(StrEnum):
    """Why a change could not be placed in any window."""

    NO_WINDOW = "no_window"  # its subsystem has no window in the horizon
    TOO_LONG = "too_long"  # longer than every window of its subsystem
    OUT_OF_HORIZON = "out_of_horizon"  # no window between the first day it may ride and the end
    BLOCKED_OR_FULL = "blocked_or_full"  # every candidate window is blocked or full
    DEPENDENCY_ORDER = "dependency_order"  # its dependents run before every window it could take
    PREREQUISITE = "prerequisite"  # a prerequisite is unschedulable or unknown
    CYCLE = "cycle"  # it is part of a dependency cycle
    NOT_ASSIGNED = "not_assigned"  # an edited plan leaves it out, with no reason on record
    CANCELLED = "cancelled"  # its status is cancelled: it is not planned
    HISTORY = "history"  # done or failed, and the window it ran in is not in this horizon


class Assignment(Model):
    """One change riding in one window, ``offset`` after the window opens.

    The changes in a window run one after another; the offsets are the window's runbook
    timeline. ``lock`` says the assignment was kept (pinned, or already announced) rather than
    planned afresh.
    """

    change: Id
    window: Id
    offset: NonNegativeDuration = timedelta(0)
    lock: Lock | None = None


class Unscheduled(Model):
    """A change the plan could not place, with the cause and the details in words."""

    change: Id
    cause: UnscheduledCause
    detail: str


class PlanScore(NamedTuple):
    """The objective, compared lexicographically (bigger is better, delay counts negative).

    * ``on_time``: priority weights (priority 1 weighs 9 ... priority 9 weighs 1) of the changes
      placed by their deadline;
    * ``placed``: priority weights of all the changes placed;
    * ``slack``: priority weights of the changes that ask for room to recover
      (``policy.slack``) and ride in a window that gives it;
    * ``delay``: priority-weighted minutes between each placed change's earliest allowed window
      and the window it got.

    Kept (pinned or announced) assignments are left out: no solver can change them.
    """

    on_time: int
    placed: int
    slack: int
    delay: int

    def key(self) -> tuple[int, int, int, int]:
        """A key for ``max()``: the better plan has the bigger key."""
        return (self.on_time, self.placed, self.slack, -self.delay)


class Plan(Model):
    """The result of :func:`maintwin.plan`.

    ``windows`` are every downtime window in ``[start, end)``, blocked or not; ``assignments``
    are sorted by window start and offset; ``unscheduled`` lists what could not be placed and
    why; ``withdrawn`` lists the assignments of the previous plan that had been announced but
    whose change is no longer in the scenario (clients must hear it is off); ``conflicts``
    lists every finding, errors first; ``notices`` every message the plan calls for, by due
    time (see docs/communications.md). ``now`` is the clock the plan was made with
    (announcements and notices count from it).
    """

    scenario: Scenario
    start: AwareDatetime
    end: AwareDatetime
    now: AwareDatetime
    solver: Literal["greedy", "exact"] = "greedy"
    windows: tuple[Window, ...] = ()
    assignments: tuple[Assignment, ...] = ()
    unscheduled: tuple[Unscheduled, ...] = ()
    withdrawn: tuple[Assignment, ...] = ()
    conflicts: tuple[Conflict, ...] = ()
    notices: tuple[Notice, ...] = Field((), repr=False)

    @model_validator(mode="after")
    def _check(self) -> Self:
        seen: dict[str, int] = {}
        for index, a in enumerate(self.assignments):
            if a.change in seen:
                raise LocatedProblem(
                    ("assignments", index, "change"),
                    f"change {a.change!r} is assigned twice (assignments[{seen[a.change]}] "
                    "has it); a change rides in one window",
                )
            seen[a.change] = index
        return self

    # -- lookups ------------------------------------------------------------------------------

    def assignment(self, change_id: str) -> Assignment | None:
        """The assignment of ``change_id``, or ``None`` when it is not placed."""
        return next((a for a in self.assignments if a.change == change_id), None)

    def window(self, window_id: str) -> Window:
        """The window with id ``window_id``; :class:`MaintwinError` when there is none (it
        names the closest id and the windows the plan has)."""
        found = next((w for w in self.windows if w.id == window_id), None)
        if found is None:
            known = _known([w.id for w in self.windows], window_id, "windows")
            raise MaintwinError(f"no window {window_id!r} in this plan's horizon{known}")
        return found

    def runbook(self, window_id: str) -> Runbook:
        """The runbook of window ``window_id``: its changes in the order they run, each step
        with its planned start and end on the window's clock and on each owner's, the checks,
        each go/no-go gate with its point of no return, and the rollback path; it renders as
        Markdown (:meth:`Runbook.markdown`), a printable HTML checklist (:meth:`Runbook.html`)
        and plain text (``str()``). :class:`MaintwinError` when the plan has no such window."""
        return self._runbooks((self.window(window_id),))[window_id]

    def runbooks(self) -> dict[str, Runbook]:
        """The runbook of every window of the plan, by window id, in the order of
        :attr:`windows`: the same as :meth:`runbook` for each, in one pass over the
        assignments (a page or a report of every window asks for them all)."""
        return self._runbooks(self.windows)

    def _runbooks(self, windows: Sequence[Window]) -> dict[str, Runbook]:
        scenario = self.scenario
        changes = {c.id: c for c in scenario.changes}
        riding: dict[str, list[Assignment]] = {w.id: [] for w in windows}
        for a in self.assignments:
            if a.window in riding and a.change in changes:
                riding[a.window].append(a)
        estimates = {
            a.change: estimate(changes[a.change], scenario.policy)
            for found in riding.values()
            for a in found
        }
        people = {p.id: p for p in scenario.people}
        return {
            w.id: runbook(
                w,
                riding[w.id],
                changes=changes,
                estimates=estimates,
                people=people,
                timezone=scenario.timezone,
            )
            for w in windows
        }

    def estimate(self, change_id: str) -> Estimate:
        """How long change ``change_id`` is planned to take, and which figure says so (its
        stated duration, its timed steps, or its longest dry run times
        ``policy.contingency``); :class:`MaintwinError` when the scenario has no such change."""
        return estimate(self.change(change_id), self.scenario.policy)

    def change(self, change_id: str) -> Change:
        """The change ``change_id`` of the plan's scenario; a :class:`MaintwinError` naming the
        closest id and the known ones when there is none."""
        change = next((c for c in self.scenario.changes if c.id == change_id), None)
        if change is None:
            known = _known(sorted(c.id for c in self.scenario.changes), change_id, "changes")
            raise MaintwinError(f"no change {change_id!r} in this plan's scenario{known}")
        return change

    def playbook(self, change_id: str) -> Playbook:
        """The checklist of change ``change_id``, in the order it is worked (for a
        short-notice change: the stakeholders to e-mail, the change-advisory meeting, the
        review questions with their answers, the worst case and rollback; for every change:
        its notices with their dates, its runbook steps (each with its planned start, when
        the change is placed), the client-notice line);
        :class:`MaintwinError` when the scenario has no such change."""
        change = self.change(change_id)
        placed = self.assignment(change_id)
        window = None
        times: list[datetime] = []
        if placed is not None:
            window = next((w for w in self.windows if w.id == placed.window), None)
        if window is not None:
            laid = self.runbook(window.id).change(change_id)
            times = [s.start for s in laid.steps if not s.added] if laid is not None else []
        return playbook(
            change,
            self.scenario.policy,
            window=window,
            offset_text=clock(placed.offset) if placed is not None else "",
            notices=self.notices,
            step_times=times,
        )

    @property
    def errors(self) -> list[Conflict]:
        """The conflicts of severity ``error``."""
        return [c for c in self.conflicts if c.severity == "error"]


def _known(ids: Sequence[str], wanted: str, what: str, shown: int = 12) -> str:
    """`` (did you mean 'x'?); its windows are a, b, ...``: what a missing id could have
    been, among the ``what`` (``windows``, ``changes``) there are."""
    if not ids:
        return f"; it has no {what}"
    close = difflib.get_close_matches(wanted, ids, n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    listed = ", ".join(ids[:shown])
    more = f" and {len(ids) - shown} more" if len(ids) > shown else ""
    return f"{hint}; its {what} are {listed}{more}"
