"""`Policy`: the organisation's planning rules."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, Field

from .._time import utc
from .base import Model
from .schedule import DEFAULT_MAX_OCCURRENCES, weekday_code
from .types import LocalTime, NonNegativeDuration, PositiveDuration

__all__ = ["CabMeeting", "Enforcement", "Policy", "SameDayReleases"]


class Enforcement(StrEnum):
    """What breaking a soft rule amounts to: an error, a warning, or nothing."""

    ERROR = "error"
    WARNING = "warning"
    ALLOW = "allow"


SameDayReleases = Enforcement
"""What two subsystems releasing on the same local day amounts to."""


class CabMeeting(Model):
    """The weekly change-advisory board meeting: a weekday and a local time."""

    weekday: Annotated[str, AfterValidator(weekday_code)]
    at: LocalTime = time(14, 0)


def _notices(values: tuple[timedelta, ...]) -> tuple[timedelta, ...]:
    """Notice offsets, longest first, without repeats."""
    return tuple(sorted(set(values), reverse=True))


Notices = Annotated[tuple[NonNegativeDuration, ...], AfterValidator(_notices)]


class Policy(Model):
    """The planning rules.

    * ``lead_time_months``: downtime changes are planned this many calendar months ahead.
    * ``window``: the length (and capacity) of the downtime window of each train that carries
      downtime without giving its length (``downtime = true``). Trains that give a length, and
      one-off windows (which always give their ``duration``), keep their own.
    * ``client_notices`` / ``internal_notices``: how long before a window people are told
      (``PT0S`` is at the point of service); kept longest first.
    * ``same_day_releases``: two subsystems releasing on one local day is an error, a warning, or
      allowed.
    * ``freeze_horizon``: assignments announced this close to ``now`` are not moved.
    * ``cab``: the weekly change-advisory meeting, if any.
    * ``missing_backup``: a window whose crew lacks a backup it needs is blocked (``error``),
      runs with a warning (``warning``), or runs (``allow``); a missing primary always blocks.
    * ``max_occurrences``: the most matches one recurrence may step through in one query, so
      that a runaway rule fails fast instead of running for minutes.
    """

    lead_time_months: int = Field(6, ge=0, le=120)
    window: PositiveDuration = timedelta(minutes=15)
    client_notices: Notices = (timedelta(days=14), timedelta(days=1), timedelta(0))
    internal_notices: Notices = (
        timedelta(days=14),
        timedelta(days=7),
        timedelta(days=1),
        timedelta(0),
    )
    same_day_releases: SameDayReleases = SameDayReleases.ERROR
    freeze_horizon: NonNegativeDuration = timedelta(days=14)
    cab: CabMeeting | None = None
    missing_backup: Enforcement = Enforcement.ERROR
    max_occurrences: int = Field(DEFAULT_MAX_OCCURRENCES, ge=1)

    def freeze_end(self, now: datetime) -> datetime:
        """The end of the freeze horizon seen from ``now``, in UTC: windows that start before
        it take no new changes, and what was announced for them stays."""
        return utc(now) + self.freeze_horizon
