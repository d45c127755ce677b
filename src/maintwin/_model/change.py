"""`Change`: a unit of work that needs downtime."""

from __future__ import annotations

from datetime import date
from typing import Self

from pydantic import Field, model_validator

from .._errors import LocatedProblem
from .base import Model
from .types import Counts, FrozenDict, Id, PositiveDuration

__all__ = ["Change"]


class Change(Model):
    """A unit of work that needs downtime in a window of ``subsystem``.

    ``requested_on`` starts the lead-time clock; ``earliest`` and ``deadline`` bound the
    window's local date (both inclusive); ``priority`` 1 is the most urgent; ``depends_on``
    lists changes that must run first; ``short_notice`` marks an approved exception to the
    lead time; ``pin`` fixes the change to one window id; ``steps`` is its playbook.

    ``needs`` and ``backups`` are the people the change needs on top of its train's crew
    (people per role: the window's crew must have that many in the role), and ``owner`` the
    person who must be on duty in its window (in any role, or as ``owner``).
    """

    id: Id
    title: str = ""
    subsystem: str
    duration: PositiveDuration
    requested_on: date
    earliest: date | None = None
    deadline: date | None = None
    priority: int = Field(3, ge=1, le=9)
    depends_on: tuple[Id, ...] = ()
    short_notice: bool = False
    pin: Id | None = None
    steps: tuple[str, ...] = ()
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
        return self
