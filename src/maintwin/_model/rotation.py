"""`Rotation`: an on-call rotation of one role, with hand-offs on a schedule and overrides."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from .._errors import LocatedProblem
from .._time import utc
from .base import Model
from .schedule import Schedule
from .types import Id, WallOrInstant

__all__ = ["Override", "Rotation"]


class Override(Model):
    """A swap: ``person`` is on call instead of the rotation's turn in ``[start, end)``.

    ``start`` and ``end`` are local wall-clock date-times in the rotation's zone (its
    schedule's, or the scenario's), or aware date-times.
    """

    person: Id
    start: WallOrInstant
    end: WallOrInstant

    @model_validator(mode="after")
    def _check(self) -> Self:
        if (self.start.tzinfo is None) != (self.end.tzinfo is None):
            raise LocatedProblem(
                ("end",), "start and end must both be local date-times or both carry an offset"
            )
        if self.start.tzinfo is None:
            backwards = self.end <= self.start
        else:
            backwards = utc(self.end) <= utc(self.start)
        if backwards:
            raise LocatedProblem(
                ("end",), f"end {self.end.isoformat()} is not after start {self.start.isoformat()}"
            )
        return self


class Rotation(Model):
    """Who is on call for ``role``: ``people`` take turns in order.

    The pager changes hands at each occurrence of ``handoff`` (a :class:`Schedule`, so a
    hand-off at Monday 09:00 stays at 09:00 local time across DST); each person keeps it for
    ``turn`` hand-offs. ``people[0]`` takes it at the first hand-off on or after the
    schedule's ``starts_on``; before that first hand-off nobody is on call. ``overrides`` put
    someone else on call for a while (a swap). The person on call is the role's primary in
    every window of a train that needs the role; backups are chosen as for any role.
    """

    id: Id
    role: Id
    people: tuple[Id, ...] = Field(min_length=1)
    handoff: Schedule
    turn: int = Field(1, ge=1, le=1000)
    overrides: tuple[Override, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Self:
        seen: dict[str, int] = {}
        for index, person in enumerate(self.people):
            if person in seen:
                raise LocatedProblem(
                    ("people", index),
                    f"{person!r} is listed twice (people[{seen[person]}] has it); a rotation "
                    "lists each person once, in the order they take turns",
                )
            seen[person] = index
        if self.handoff.starts_on is None:
            raise LocatedProblem(
                ("handoff", "starts_on"),
                "a rotation counts turns from its first hand-off; give the date of it, e.g. "
                "starts_on = 2026-01-05",
            )
        return self
