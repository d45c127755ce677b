"""People who run downtime, when they are away, and what each release train needs of them."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Self

from pydantic import AfterValidator, Field, model_validator

from .._errors import InputError, LocatedProblem, MaintwinError
from .base import Model
from .blackout import Blackout, BlackoutPeriod, BlackoutReason
from .holiday import HolidaySource
from .schedule import Schedule
from .types import Counts, DayOrInstant, FrozenDict, Id, PositiveDuration, ZoneName

__all__ = ["Absence", "DateRange", "Email", "Person", "PersonHolidays", "Staffing"]

_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")


def _email(value: str) -> str:
    if not _EMAIL.match(value):
        raise MaintwinError(
            f"{value!r} is not an e-mail address; expected one such as dana@example.org"
        )
    return value


Email = Annotated[str, AfterValidator(_email)]
"""An e-mail address, ``name@domain``: what calendars write as ``mailto:``."""


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


class Absence(Model):
    """Time a person is away, one-off or recurring, on the person's own clock.

    One-off: ``start`` and ``end`` as dates (whole local days, ``end`` exclusive; without
    ``end``, the single day ``start``) or as aware date-times (a timed appointment).
    Recurring: a ``schedule`` and a ``duration``: "never on Sundays" is a weekly schedule on
    Sunday at 00:00 lasting ``P1D``; working hours 08:00 to 18:00 are a daily schedule at
    18:00 lasting ``PT14H``. ``title`` says what it is ("PTO", "on call elsewhere").
    """

    title: str = ""
    start: DayOrInstant | None = None
    end: DayOrInstant | None = None
    schedule: Schedule | None = None
    duration: PositiveDuration | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        try:  # an absence is checked as the blackout it expands as
            Blackout(
                id="absence",
                reason=BlackoutReason.STAFFING,
                start=self.start,
                end=self.end,
                schedule=self.schedule,
                duration=self.duration,
            )
        except InputError as exc:
            first = exc.errors[0]
            raise LocatedProblem(first.loc, first.message) from None
        return self

    def periods(
        self,
        start: datetime,
        end: datetime,
        *,
        timezone: str,
        owner: str,
        max_occurrences: int,
    ) -> list[BlackoutPeriod]:
        """The periods of this absence that overlap ``[start, end)``; dates are read in
        ``timezone`` (the person's zone)."""
        blackout = Blackout.trusted(
            id="absence",
            reason=BlackoutReason.STAFFING,
            title=self.title,
            start=self.start,
            end=self.end,
            schedule=self.schedule,
            duration=self.duration,
            scope=None,
            timezone=timezone,
        )
        return blackout.periods(
            start, end, timezone=timezone, max_occurrences=max_occurrences, owner=owner
        )


class PersonHolidays(Model):
    """The public holidays a person has off: a country (and subdivision) of the holidays
    package, on the person's own days."""

    country: str
    subdiv: str | None = None
    observed: bool = True

    @model_validator(mode="after")
    def _check(self) -> Self:
        HolidaySource(country=self.country, subdiv=self.subdiv, observed=self.observed)
        return self

    def source(self, person: str) -> HolidaySource:
        """The holiday calendar, with ids ``holiday-<person>-<date>``."""
        return HolidaySource.trusted(
            id=f"holiday-{person}",
            country=self.country,
            subdiv=self.subdiv,
            days_before=0,
            days_after=0,
            observed=self.observed,
            scope=None,
        )


class Person(Model):
    """Someone who can run downtime: the roles they fill, their clock, and when they are away.

    ``timezone`` is the zone of the person's days (``None``: the scenario's): a day off is the
    whole day from the person's own midnight. A person is away on the days of ``unavailable``
    (whole days, ``end`` exclusive), in each ``away`` absence (one-off or recurring; a leave
    calendar read with :func:`maintwin.ical.leave_from_ical` gives these), and on the public
    holidays of ``holidays``. ``email`` is written in calendar invitations.
    """

    id: Id
    name: str = ""
    roles: tuple[Id, ...] = Field(min_length=1)
    timezone: ZoneName | None = None
    email: Email | None = None
    unavailable: tuple[DateRange, ...] = ()
    away: tuple[Absence, ...] = ()
    holidays: PersonHolidays | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        if len(set(self.roles)) != len(self.roles):
            raise LocatedProblem(("roles",), "roles lists a role twice")
        return self

    @property
    def label(self) -> str:
        """The name calendars and messages show: ``name``, or the id."""
        return self.name or self.id


class Staffing(Model):
    """Who a train's windows need: people per role, plus backups, all different people."""

    train: Id
    needs: Annotated[Counts, Field(min_length=1)]
    backups: Counts = FrozenDict()
