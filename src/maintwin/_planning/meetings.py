"""When a short-notice change is reviewed: the first change-advisory meeting after it was
raised, and the first moment its internal notices allow it to ride (pure)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .._model.change import Change
from .._model.policy import Policy
from .._model.schedule import WEEKDAYS
from .._time import add_duration, localize, utc, zone

__all__ = ["longest_internal", "meeting_after", "notices_from", "reviewed_in_time"]


def meeting_after(day: date, policy: Policy) -> datetime | None:
    """The first change-advisory meeting on a day after ``day`` (``None``: no meeting)."""
    cab = policy.cab
    if cab is None:
        return None
    ahead = (WEEKDAYS.index(cab.weekday) - day.weekday() - 1) % 7 + 1
    tz = zone(cab.timezone or "UTC")
    return localize(datetime.combine(day + timedelta(days=ahead), cab.at), tz)[0]


def longest_internal(policy: Policy) -> timedelta:
    """The longest internal notice: how long before a window its first internal notice is
    due."""
    return max(policy.internal_notices, default=timedelta(0))


def _review(change: Change, policy: Policy) -> datetime | None:
    """The meeting that reviews ``change`` when it is short notice (``None``: no meeting to
    wait for)."""
    if change.short_notice is None:
        return None
    return meeting_after(change.requested_on, policy)


def notices_from(change: Change, policy: Policy) -> datetime | None:
    """About the first moment a short-notice change may start: its review meeting plus the
    longest internal notice, on the meeting's clock (``None``: not short notice, or no meeting
    to wait for). :func:`reviewed_in_time` says exactly, on each window's clock."""
    meeting = _review(change, policy)
    if meeting is None:
        return None
    return add_duration(meeting, longest_internal(policy), zone(str(meeting.tzinfo)))


def reviewed_in_time(change: Change, policy: Policy, start: datetime, tz: ZoneInfo) -> bool:
    """Whether a window starting at ``start`` (its zone ``tz``) leaves a short-notice change
    time for its review: the window's first internal notice (the longest, counted on the
    window's wall clock as every notice is) is due at or after the review meeting."""
    meeting = _review(change, policy)
    if meeting is None:
        return True
    return utc(add_duration(start, -longest_internal(policy), tz)) >= utc(meeting)
