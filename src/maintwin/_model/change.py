"""`Change`: a unit of work that needs downtime."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Self

from pydantic import Field, model_validator

from .._errors import LocatedProblem
from .base import Model
from .short_notice import ShortNoticeRecord
from .step import DryRun, RollbackRecord, StepRecord
from .types import Counts, FrozenDict, Id, PositiveDuration

__all__ = ["Change", "Status"]


class Status(StrEnum):
    """Where a change is in its life.

    ``proposed``, ``approved`` and ``scheduled`` changes are planned; ``done`` and ``failed``
    ones are history (they keep the window they ran in and are never planned again); a
    ``cancelled`` one is not planned, and if it had been announced its window hears so.
    """

    PROPOSED = "proposed"
    APPROVED = "approved"
    SCHEDULED = "scheduled"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"

    @property
    def planned(self) -> bool:
        """Whether the planner places changes of this status."""
        return self in (Status.PROPOSED, Status.APPROVED, Status.SCHEDULED)

    @property
    def history(self) -> bool:
        """Whether a change of this status ran (done or failed) and stays where it ran."""
        return self in (Status.DONE, Status.FAILED)


class Change(Model):
    """A unit of work that needs downtime in a window of ``subsystem``.

    ``duration`` is the time the change is stated to take; the plan works with its estimate,
    the longest of ``duration``, its timed ``steps`` added up and its longest ``dry_runs``
    times ``policy.contingency`` (see docs/runbooks.md); one of the three must be given.
    ``rollback`` is how it is undone (how long a restore takes, and its steps): the plan
    keeps room for it before the window ends.

    ``requested_on`` starts the lead-time clock; ``earliest`` and ``deadline`` bound the
    window's local date (both inclusive); ``priority`` 1 is the most urgent; ``depends_on``
    lists changes that must run first; ``pin`` fixes the change to one window id; ``steps``
    are its runbook: steps, checks and go/no-go gates, with owners and estimates (a plain
    string is an untimed step).

    ``short_notice`` marks an exception to the lead time and keeps its record: the approval,
    the review's answers, the worst case and the rollback (``true`` when nothing is recorded
    yet; see docs/communications.md). ``status`` is where the change is in its life: a
    ``done`` or ``failed`` change stays in the window it ran in (its ``pin``, or the window the
    previous plan gave it) and a failed one may name the change that retries it
    (``retried_by``). ``affects`` lists the services it may affect (WebEx, telephones, VPN)
    and ``also_affects`` the other subsystems; ``internal_description`` is said to the
    internal audience only.

    ``needs`` and ``backups`` are the people the change needs on top of its train's crew
    (people per role: the window's crew must have that many in the role), and ``owner`` the
    person who must be on duty in its window (in any role, or as ``owner``).
    """

    id: Id
    title: str = ""
    subsystem: str
    duration: PositiveDuration | None = None
    requested_on: date
    earliest: date | None = None
    deadline: date | None = None
    priority: int = Field(3, ge=1, le=9)
    depends_on: tuple[Id, ...] = ()
    short_notice: ShortNoticeRecord = None
    status: Status = Status.PROPOSED
    retried_by: Id | None = None
    affects: tuple[str, ...] = ()
    also_affects: tuple[str, ...] = ()
    internal_description: str = ""
    pin: Id | None = None
    steps: tuple[StepRecord, ...] = ()
    dry_runs: tuple[DryRun, ...] = ()
    rollback: RollbackRecord = None
    needs: Counts = FrozenDict()
    backups: Counts = FrozenDict()
    owner: Id | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.earliest and self.deadline and self.deadline < self.earliest:
            raise LocatedProblem(
                ("deadline",), f"deadline {self.deadline} is before earliest {self.earliest}"
            )
        if self.id in self.depends_on:
            raise LocatedProblem(("depends_on",), f"change {self.id!r} depends on itself")
        if len(set(self.depends_on)) != len(self.depends_on):
            raise LocatedProblem(("depends_on",), "depends_on lists a change twice")
        if self.retried_by is not None:
            if self.status is not Status.FAILED:
                raise LocatedProblem(
                    ("retried_by",),
                    f"only a failed change names its retry; this one is {self.status.value} "
                    "(set status = 'failed', or leave retried_by out)",
                )
            if self.retried_by == self.id:
                raise LocatedProblem(("retried_by",), f"change {self.id!r} retries itself")
        timed = any(s.duration for s in self.steps)
        if self.duration is None and not timed and not self.dry_runs:
            raise LocatedProblem(
                ("duration",),
                "the change needs a duration: give duration (e.g. 'PT15M'), time its steps, "
                "or record a dry run",
            )
        for index, run in enumerate(self.dry_runs):
            if run.steps and len(run.steps) != len(self.steps):
                given, have = len(run.steps), len(self.steps)
                raise LocatedProblem(
                    ("dry_runs", index, "steps"),
                    f"the dry run gives {given} step figure{'s' * (given != 1)} and the change "
                    f"has {have} step{'s' * (have != 1)}; give one figure per step, in order "
                    "(PT0S for a step it did not time), or only the dry run's duration",
                )
        if self.subsystem in self.also_affects:
            raise LocatedProblem(
                ("also_affects",),
                f"{self.subsystem!r} is the change's own subsystem; also_affects lists the others",
            )
        return self
