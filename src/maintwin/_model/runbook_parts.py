"""The lines of a runbook: `OwnerTime`, `RunbookStep` and `RunbookChange`.

A runbook lays a window's changes out on the wall clock; :class:`maintwin.Runbook` gathers
them and renders them. These are data only: the plan builds them.
"""

from __future__ import annotations

from datetime import timedelta

from pydantic import AwareDatetime

from .._time import utc
from .base import Model
from .estimate import Estimate
from .step import StepKind
from .types import Id, NonNegativeDuration, ZoneName

__all__ = ["OwnerTime", "RunbookChange", "RunbookStep"]

ADDED_GATE = "Go/no-go: roll back if not"
"""The title of the gate a runbook adds to a change with a rollback and no gate of its own."""


class OwnerTime(Model):
    """A person who owns a step, and the step's planned ``start`` and ``end`` on that
    person's own clock (``timezone``); ``backup`` says the person is the role's backup in the
    window's crew."""

    person: Id
    timezone: ZoneName
    start: AwareDatetime
    end: AwareDatetime
    backup: bool = False


class RunbookStep(Model):
    """One line of a runbook, placed on the wall clock.

    ``number`` counts the change's steps from 1 (the rollback's steps count on their own);
    ``title``, ``kind``, ``owner`` and ``criteria`` are the step's; ``start`` and ``end`` its
    planned times in the window's zone (``timed`` false: the step takes no time, and
    ``start == end``). ``owners`` are the people behind ``owner``, each on their own clock:
    the named person, or the window crew's people in that role (primaries first, then
    backups). ``deadline`` is, for a gate, the point of no return: the decision must be taken
    by then. ``added`` marks the gate a runbook adds to a change that has a rollback and no
    gate of its own.
    """

    number: int
    title: str
    kind: StepKind = StepKind.STEP
    owner: Id | None = None
    criteria: str = ""
    start: AwareDatetime
    end: AwareDatetime
    timed: bool = True
    owners: tuple[OwnerTime, ...] = ()
    deadline: AwareDatetime | None = None
    added: bool = False

    @property
    def length(self) -> timedelta:
        """Elapsed time from start to end."""
        return utc(self.end) - utc(self.start)


class RunbookChange(Model):
    """One change of a window's runbook.

    It starts ``offset`` into the window (``start``) and its slot ends ``estimate.work`` later
    (``end``); ``lock`` says the assignment was kept. ``steps`` run back to back from
    ``start``; ``contingency`` is the time its slot holds after its timed steps (the slot's
    planned length minus the steps', zero when no step is timed). ``point_of_no_return`` is
    the window's end minus the rollback (``None``: no rollback); ``rollback`` its steps, timed
    from the point of no return (the worst case: a "no" at the last moment); ``slack`` what the
    window leaves after the work and the rollback (negative when they do not fit).
    """

    change: Id
    title: str = ""
    short_notice: bool = False
    offset: NonNegativeDuration
    start: AwareDatetime
    end: AwareDatetime
    estimate: Estimate
    lock: str | None = None
    steps: tuple[RunbookStep, ...] = ()
    contingency: NonNegativeDuration = timedelta(0)
    point_of_no_return: AwareDatetime | None = None
    rollback: tuple[RunbookStep, ...] = ()
    slack: timedelta = timedelta(0)

    @property
    def gates(self) -> tuple[RunbookStep, ...]:
        """The go/no-go gates among its steps (the added one too)."""
        return tuple(s for s in self.steps if s.kind is StepKind.GATE)
