"""People who run downtime, and what each release train needs of them."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Self

from pydantic import Field, model_validator

from .._errors import LocatedProblem
from .base import Model
from .types import Counts, FrozenDict, Id, ZoneName

__all__ = ["DateRange", "Person", "Staffing"]


class DateRange(Model):
    """Whole local days ``[start, end)``: ``end`` is exclusive."""

    start: date
    end: date

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.end <= self.start:
            raise LocatedProblem(
                ("end",), f"end {self.end} is not after start {self.start} (exclusive)"
            )
        return self


class Person(Model):
    """Someone who can run downtime: the roles they fill and when they are away."""

    id: Id
    name: str = ""
    roles: tuple[str, ...] = Field(min_length=1)
    timezone: ZoneName | None = None
    unavailable: tuple[DateRange, ...] = ()


class Staffing(Model):
    """Who a train's windows need: people per role, plus backups, all different people."""

    train: Id
    needs: Annotated[Counts, Field(min_length=1)]
    backups: Counts = FrozenDict()
