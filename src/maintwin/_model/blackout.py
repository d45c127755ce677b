"""`Blackout`: a period with no downtime, one-off or recurring, for all subsystems or some."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Self
from zoneinfo import ZoneInfo

from pydantic import AwareDatetime, model_validator

from .._errors import LocatedProblem, MaintwinError
from .._time import FIRST_YEAR, LAST_YEAR, add_duration, day_start, horizon, utc, zone
from .base import Model
from .schedule import DEFAULT_MAX_OCCURRENCES, Schedule
from .types import DayOrInstant, Id, PositiveDuration, ZoneName

__all__ = ["Blackout", "BlackoutPeriod", "BlackoutReason"]


class BlackoutReason(StrEnum):
    """Why there is no downtime."""

    HOLIDAY = "holiday"
    STAFFING = "staffing"
    FREEZE = "freeze"
    VENDOR = "vendor"
    OTHER = "other"


def _in_scope(scope: tuple[str, ...] | None, subsystem: str) -> bool:
    return scope is None or subsystem in scope


class BlackoutPeriod(Model):
    """One concrete period of a blackout: ``[start, end)``, aware."""

    blackout: Id
    reason: BlackoutReason
    title: str = ""
    start: AwareDatetime
    end: AwareDatetime
    scope: tuple[str, ...] | None = None

    def applies_to(self, subsystem: str) -> bool:
        """True when this period blocks ``subsystem``."""
        return _in_scope(self.scope, subsystem)


class Blackout(Model):
    """A period with no downtime.

    One-off: ``start`` and ``end`` as dates (whole local days, ``end`` exclusive; without
    ``end``, the single day ``start``) or as aware date-times. Recurring: a ``schedule`` and a
    ``duration`` (a whole number of days counts in local calendar days). ``scope`` lists the
    subsystems it blocks; ``None`` blocks all. Dates are read in ``timezone``, or in the
    scenario's zone when it is ``None``.
    """

    id: Id
    reason: BlackoutReason
    title: str = ""
    start: DayOrInstant | None = None
    end: DayOrInstant | None = None
    schedule: Schedule | None = None
    duration: PositiveDuration | None = None
    scope: tuple[str, ...] | None = None
    timezone: ZoneName | None = None

    @model_validator(mode="after")
    def _check(self) -> Self:
        one_off = self.start is not None or self.end is not None
        recurring = self.schedule is not None or self.duration is not None
        if one_off and recurring:
            raise MaintwinError(
                "give either start/end (a one-off blackout) or schedule/duration (a recurring "
                "one), not both"
            )
        if recurring and (self.schedule is None or self.duration is None):
            missing = "schedule" if self.schedule is None else "duration"
            raise LocatedProblem(
                (missing,), "a recurring blackout needs both schedule and duration"
            )
        if not recurring:
            self._check_one_off()
        if self.scope is not None and (not self.scope or len(set(self.scope)) != len(self.scope)):
            raise LocatedProblem(
                ("scope",), "scope must list subsystems without repeats; leave it out to block all"
            )
        return self

    def _check_one_off(self) -> None:
        start, end = self.start, self.end
        if start is None:
            raise LocatedProblem(
                ("start",), "a blackout needs start (and end), or schedule and duration"
            )
        if end is None:
            if isinstance(start, datetime):
                raise LocatedProblem(
                    ("end",), f"start {start.isoformat()} is a date-time; give end too"
                )
            return
        if isinstance(start, datetime) != isinstance(end, datetime):
            raise LocatedProblem(
                ("end",),
                "start and end must both be dates (whole local days) or both be date-times",
            )
        if isinstance(start, datetime) and isinstance(end, datetime):
            backwards = utc(end) <= utc(start)
        else:
            backwards = end <= start
        if backwards:
            raise LocatedProblem(
                ("end",),
                f"end {end.isoformat()} is not after start {start.isoformat()} (end is exclusive)",
            )

    def applies_to(self, subsystem: str) -> bool:
        """True when this blackout blocks ``subsystem``."""
        return _in_scope(self.scope, subsystem)

    def periods(
        self,
        start: date | datetime,
        end: date | datetime,
        *,
        timezone: str | None = None,
        max_occurrences: int = DEFAULT_MAX_OCCURRENCES,
        owner: str | None = None,
    ) -> list[BlackoutPeriod]:
        """The periods of this blackout that overlap ``[start, end)``, in order.

        An ``end`` that is not after ``start`` raises :class:`InputError`.
        """
        where = f"Blackout.periods() of {self.id}"
        name, tz, start, end = horizon(self.timezone or timezone, start, end, where=where)
        spans: list[tuple[datetime, datetime]] = []
        if self.schedule is not None and self.duration is not None:
            lookback = self.duration + timedelta(days=1)
            # Whole days count on the wall clock of the schedule's own zone.
            schedule_tz = zone(self.schedule.timezone or name)
            for occ in self.schedule.occurrences(
                utc(start) - lookback,
                end,
                timezone=name,
                max_occurrences=max_occurrences,
                owner=owner or f"blackout {self.id!r}",
            ):
                spans.append((occ.start, add_duration(occ.start, self.duration, schedule_tz)))
        else:
            spans.append(self._one_off_span(tz))
        # Built from this blackout's own (validated) values without validating them again,
        # unless a span leaves the years maintwin plans in: validation then says so, as before.
        return [
            (
                BlackoutPeriod.trusted
                if e.year <= LAST_YEAR and s.year >= FIRST_YEAR
                else BlackoutPeriod
            )(
                blackout=self.id,
                reason=self.reason,
                title=self.title,
                start=s,
                end=e,
                scope=self.scope,
            )
            for s, e in spans
            if utc(s) < utc(end) and utc(start) < utc(e)
        ]

    def _one_off_span(self, tz: ZoneInfo) -> tuple[datetime, datetime]:
        start, end = self.start, self.end
        if isinstance(start, datetime) and isinstance(end, datetime):
            return start, end
        assert isinstance(start, date)
        last = end if isinstance(end, date) else start + timedelta(days=1)
        return day_start(start, tz), day_start(last, tz)
