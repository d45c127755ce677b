"""Wall-clock time helpers: IANA zones, local-to-aware conversion across DST, durations."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from ._errors import FieldError, InputError, MaintwinError
from ._zones import zone

FIRST_YEAR, LAST_YEAR = 1000, 8999
"""The years a date may fall in: room on either side for what is computed from it (a
lead time, a horizon's lookahead, ten years of a feed's time zones)."""

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "add_duration",
    "as_instant",
    "day_start",
    "horizon",
    "localize",
    "ordered",
    "point_of_no_return",
    "settle",
    "utc",
    "whole_days",
    "zone",
]


def localize(local: datetime, tz: ZoneInfo) -> tuple[datetime, bool]:
    """Attach ``tz`` to the naive wall-clock time ``local``.

    Returns the aware time and whether it was shifted. A local time that does not exist (it
    falls in a spring-forward gap) is moved forward by the length of the gap: 02:30 on a day
    when clocks jump from 02:00 to 03:00 becomes 03:30. An ambiguous local time (in a
    fall-back overlap) takes its first occurrence, the one before the clocks go back.
    """
    aware, _, shifted = settle(local, tz)
    return aware, shifted


def settle(local: datetime, tz: ZoneInfo) -> tuple[datetime, datetime, bool]:
    """:func:`localize`, with the instant in UTC as well: the aware time, that instant, and
    whether the time was shifted."""
    aware = local.replace(tzinfo=tz, fold=0)
    # Round-trip through UTC: a time in a gap comes back at the other side of the gap.
    instant = aware.astimezone(UTC)
    settled = instant.astimezone(tz)
    # settled's wall clock is local's moved by the difference of the two offsets: it moved
    # exactly when they differ (a gap).
    return settled, instant, settled.utcoffset() != aware.utcoffset()


def utc(moment: datetime) -> datetime:
    """``moment`` in UTC, for comparisons that must respect offsets (and PEP 495 folds)."""
    return moment.astimezone(UTC)


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The first instant of the local ``day`` (midnight, or the end of a gap at midnight)."""
    return localize(datetime.combine(day, time()), tz)[0]


def whole_days(duration: timedelta) -> bool:
    """True when ``duration`` is a whole number of days, which is counted on the wall clock."""
    return duration.seconds == 0 and duration.microseconds == 0


def add_duration(start: datetime, duration: timedelta, tz: ZoneInfo) -> datetime:
    """The end of a period of ``duration`` beginning at the aware ``start``.

    A whole number of days is counted in calendar days on the wall clock, as RFC 5545 does for
    ``P1D``: a one-day period from midnight ends at the next midnight even across a DST change.
    Any other duration is elapsed time: ``PT15M`` is fifteen real minutes. A zero duration ends
    at ``start`` itself, also when the clocks show that time twice (the wall clock alone would
    not say which of the two it is).
    """
    if not duration:
        return start.astimezone(tz)
    if whole_days(duration):
        local = start.astimezone(tz).replace(tzinfo=None) + duration
        return localize(local, tz)[0]
    return (utc(start) + duration).astimezone(tz)


def horizon(
    zone_name: str | None, start: date | datetime, end: date | datetime, *, where: str
) -> tuple[str, ZoneInfo, datetime, datetime]:
    """Resolve a query's zone and its ``[start, end)`` bounds to aware date-times.

    ``where`` names the query (``Schedule.occurrences()``) in the errors. An ``end`` that is
    not after ``start`` is refused (:func:`ordered`): every query answers the same way.
    """
    if zone_name is None:
        raise MaintwinError(f"{where}: no timezone is named here and none was given")
    tz = zone(zone_name)
    lo = as_instant(start, tz, name="start", where=where)
    hi = as_instant(end, tz, name="end", where=where)
    ordered(lo, hi, where=where)
    return zone_name, tz, lo, hi


def ordered(start: datetime, end: datetime, *, where: str) -> None:
    """Refuse a horizon ``[start, end)`` that holds no instant: ``end`` not after ``start``.

    An :class:`InputError` naming ``end``; ``where`` names the query.
    """
    if utc(end) <= utc(start):
        raise InputError(
            where,
            [
                FieldError(
                    ("end",),
                    f"end {end.isoformat()} is not after start {start.isoformat()}; the "
                    "horizon [start, end) includes start and excludes end, so give an end "
                    "later than start",
                    end,
                )
            ],
        )


def as_instant(value: date | datetime, tz: ZoneInfo, *, name: str, where: str) -> datetime:
    """An argument given as an aware date-time, or as a date meaning local midnight in ``tz``.

    A naive date-time is refused: it does not say which instant it means.
    """
    if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise InputError(
            where,
            [
                FieldError(
                    (name,),
                    f"{value.isoformat()} is out of range; give a date in the years "
                    f"{FIRST_YEAR} to {LAST_YEAR}",
                    value,
                )
            ],
        )
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InputError(
                where,
                [
                    FieldError(
                        (name,),
                        f"naive date-time {value.isoformat()}; give an aware date-time "
                        f"(e.g. tzinfo=ZoneInfo({tz.key!r})) or a date for local midnight",
                        value,
                    )
                ],
            )
        return value
    if isinstance(value, date):
        return day_start(value, tz)
    raise InputError(
        where, [FieldError((name,), f"expected a date or an aware date-time, got {value!r}", value)]
    )


def point_of_no_return(end: datetime, rollback: timedelta) -> datetime:
    """The last instant a rollback of ``rollback`` (elapsed time) may start and still end by
    ``end``, in ``end``'s zone (the wall clock on either side of a DST change is right)."""
    return (end.astimezone(UTC) - rollback).astimezone(end.tzinfo)
