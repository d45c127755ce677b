"""`Policy`: the organisation's planning rules."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, time, timedelta
from enum import StrEnum
from types import MappingProxyType
from typing import Annotated, Literal

from pydantic import AfterValidator, Field

from .._errors import LocatedProblem
from .._time import utc
from .base import Model
from .schedule import DEFAULT_MAX_OCCURRENCES, weekday_code
from .types import FrozenDict, LocalTime, NonNegativeDuration, PositiveDuration, ZoneName

__all__ = [
    "REVIEW_QUESTIONS",
    "CabMeeting",
    "Enforcement",
    "Policy",
    "SameDayReleases",
    "Slack",
]


class Enforcement(StrEnum):
    """What breaking a soft rule amounts to: an error, a warning, or nothing."""

    ERROR = "error"
    WARNING = "warning"
    ALLOW = "allow"


SameDayReleases = Enforcement
"""What two subsystems releasing on the same local day amounts to."""


class CabMeeting(Model):
    """The weekly change-advisory board meeting: a weekday (``TH``) and a local time, in
    ``timezone`` (the scenario's zone when ``None``)."""

    weekday: Annotated[str, AfterValidator(weekday_code)]
    at: LocalTime = time(14, 0)
    timezone: ZoneName | None = None


class Slack(Model):
    """Room to recover: a change whose work is longer than ``longer_than`` asks for at least
    ``at_least`` left in its window after its work and its rollback (a Friday-night start for
    a weekend upgrade, so that there is time to fix problems)."""

    longer_than: NonNegativeDuration
    at_least: PositiveDuration


_QUESTIONS: FrozenDict[str, str] = FrozenDict(
    tested="How have we tested this?",
    downtime="How long will the platform be down?",
    worst_case="If this goes wrong, what's the worst case scenario?",
    confidence="What is your projected confidence?",
    phones="Will this impact WebEx or telephones?",
    vpn="Could these cause interruptions in our VPN tunnels?",
    ingestion="Will image ingestion be impacted?",
)

REVIEW_QUESTIONS: Mapping[str, str] = MappingProxyType(dict(_QUESTIONS))
"""The questions the change-advisory meeting asks of a short-notice change, by key (the
default of ``Policy.review_questions``, from the teleradiology platform's playbook)."""


def _questions(value: dict[str, str]) -> FrozenDict[str, str]:
    for key, text in value.items():
        if not key.replace("_", "").isalnum() or not text.strip():
            raise LocatedProblem(
                (key,),
                "expected a key of letters, digits and _ with the question as text, e.g. "
                "tested = 'How have we tested this?'",
            )
    return FrozenDict(value)


Questions = Annotated[dict[str, str], AfterValidator(_questions)]


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
    * ``client_notices`` / ``internal_notices`` / ``crew_notices``: how long before a window
      each audience is told (``PT0S`` is at the point of service); kept longest first.
    * ``internal_notices_for``: which windows the internal audience hears of: those carrying
      a short-notice change (``short_notice``), or every window with work (``all``).
    * ``same_day_releases``: two subsystems releasing on one local day is an error, a warning, or
      allowed.
    * ``freeze_horizon``: assignments announced this close to ``now`` are not moved.
    * ``cab``: the weekly change-advisory meeting, if any; ``review_questions`` what it asks
      of a short-notice change (by key; the answers are recorded under the same keys).
    * ``missing_backup``: a window whose crew lacks a backup it needs is blocked (``error``),
      runs with a warning (``warning``), or runs (``allow``); a missing primary always blocks.
    * ``contingency``: a rehearsed change is planned at its longest dry run times this factor
      (when that is longer than its stated duration and its timed steps).
    * ``slack``: how much room to recover long changes ask for (``None``: none); among the
      windows that keep every rule, the planner prefers one that gives it.
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
    crew_notices: Notices = (timedelta(days=7), timedelta(days=1))
    internal_notices_for: Literal["short_notice", "all"] = "short_notice"
    same_day_releases: SameDayReleases = SameDayReleases.ERROR
    freeze_horizon: NonNegativeDuration = timedelta(days=14)
    cab: CabMeeting | None = None
    review_questions: Questions = Field(_QUESTIONS, repr=False)
    missing_backup: Enforcement = Enforcement.ERROR
    contingency: float = Field(1.5, ge=1.0, le=10.0)
    slack: Slack | None = None
    max_occurrences: int = Field(DEFAULT_MAX_OCCURRENCES, ge=1)

    def freeze_end(self, now: datetime) -> datetime:
        """The end of the freeze horizon seen from ``now``, in UTC: windows that start before
        it take no new changes, and what was announced for them stays."""
        return utc(now) + self.freeze_horizon
