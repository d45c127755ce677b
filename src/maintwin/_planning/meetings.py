"""When a short-notice change is reviewed: the first change-advisory meeting after it was
raised, and the first moment its internal notices allow it to ride (pure)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .._model.change import Change
from .._model.policy import Policy
from .._model.schedule import WEEKDAYS
from .._time import add_duration, localize, utc, zone

__all__ = ["meeting_after", "notices_from", "reviewed_in_time"]


def meeting_after(day: date, policy: Policy) -> datetime | None:
    """The first change-advisory meeting on a day after ``day`` (``None``: no meeting)."""
    cab = policy.cab
    if cab is None:
        return None
    ahead = (WEEKDAYS.index(cab.weekday) - day.weekday() - 1) % 7 + 1
    tz = zone(cab.timezone or "UTC")
    return localize(datetime.combine(day + timedelta(days=ahead), cab.at), tz)[0]


def notices_from(change: Change, policy: Policy) -> datetime | None:
    """About the first moment a short-notice change may start: its review meeting plus the
    longest internal notice, on the meeting's clock (``None``: not short notice, or no meeting
    to wait for). :func:`reviewed_in_time` says exactly, on each window's clock."""
    if change.short_notice is None:
        return None
    meeting = meeting_after(change.requested_on, policy)
    if meeting is None:
        return None
    longest = max(policy.internal_notices, default=timedelta(0))
    return add_duration(meeting, longest, zone(str(meeting.tzinfo)))


def reviewed_in_time(change: Change, policy: Policy, start: datetime, tz: ZoneInfo) -> bool:
    """Whether a window starting at ``start`` (its zone ``tz``) leaves a short-notice change
    time for its review: the window's first internal notice (the longest, counted on the
    window's wall clock as every notice is) is due at or after the review meeting."""
    if change.short_notice is None:
        return True
    meeting = meeting_after(change.requested_on, policy)
    if meeting is None:
        return True
    longest = max(policy.internal_notices, default=timedelta(0))
    return utc(add_duration(start, -longest, tz)) >= utc(meeting)
