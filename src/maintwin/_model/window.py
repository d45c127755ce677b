"""`Window`: one concrete downtime window; `OneOffWindow`: an extra window in a scenario."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Self

from pydantic import AwareDatetime, model_validator

from .._errors import LocatedProblem
from .._time import utc, zone
from .base import Model
from .crew import Duty, StaffingGap
from .types import Id, PositiveDuration, WallOrInstant, ZoneName, iso_duration

__all__ = ["OneOffWindow", "Window", "local_day"]


class Window(Model):
    """One concrete downtime window ``[start, end)``.

    ``capacity`` is how much work fits (the changes inside run one after another);
    ``source`` is the release train or one-off window it comes from; ``shifted`` says its local
    start time did not exist and was moved forward; ``blocked_by`` names the blackouts that
    overlap it and the staffing gaps that keep it from running (a blocked window is still
    listed, never dropped); ``gaps`` says what each staffing gap is short of; ``crew`` is who
    runs it, primaries and backups.
    """

    id: Id
    subsystem: str
    start: AwareDatetime
    end: AwareDatetime
    timezone: ZoneName
    capacity: PositiveDuration
    source: Id
    shifted: bool = False
    blocked_by: tuple[Id, ...] = ()
    gaps: tuple[StaffingGap, ...] = ()
    crew: tuple[Duty, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Self:
        if utc(self.end) <= utc(self.start):
            raise LocatedProblem(
                ("end",), f"end {self.end.isoformat()} is not after start {self.start.isoformat()}"
            )
        return self

    @property
    def blocked(self) -> bool:
        """True when a blackout or a staffing gap keeps this window from running."""
        return bool(self.blocked_by)

    @property
    def blackouts(self) -> tuple[str, ...]:
        """The blackouts that block this window (``blocked_by`` without staffing gaps)."""
        if not self.gaps:
            return self.blocked_by
        gaps = {g.id for g in self.gaps}
        return tuple(b for b in self.blocked_by if b not in gaps)

    @property
    def short_staffed(self) -> tuple[StaffingGap, ...]:
        """The staffing gaps that block this window (a gap that is only a warning does not)."""
        return tuple(g for g in self.gaps if g.id in self.blocked_by)

    @property
    def length(self) -> timedelta:
        """Elapsed time from start to end."""
        return utc(self.end) - utc(self.start)


class OneOffWindow(Model):
    """An extra downtime window agreed once, e.g. for a vendor upgrade.

    ``start`` is a local wall-clock date-time in ``timezone`` (the scenario's zone when
    ``None``), or an aware date-time. ``capacity`` defaults to ``duration``.
    """

    id: Id
    subsystem: str
    start: WallOrInstant
    duration: PositiveDuration
    timezone: ZoneName | None = None
    capacity: PositiveDuration | None = None
    title: str = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.capacity is not None and self.capacity > self.duration:
            raise LocatedProblem(
                ("capacity",),
                f"capacity {iso_duration(self.capacity)} is more than the window's duration "
                f"{iso_duration(self.duration)}; the work inside must fit in the window",
            )
        return self


def local_day(window: Window) -> date:
    """The local date on which ``window`` starts, in the window's own zone."""
    tz = zone(window.timezone)
    if window.start.tzinfo is tz:  # as expansion makes them
        return window.start.date()
    return utc(window.start).astimezone(tz).date()
