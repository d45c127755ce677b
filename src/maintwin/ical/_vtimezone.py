"""A zone's VTIMEZONE over a span of days, with every change of offset in it, to the second.

icalendar's ``Timezone.from_tzinfo`` looks at the zone every 64 days and misses any shorter
period (Casablanca's Ramadan months, Gaza's weeks). Here the zone is looked at once a day, and
each change between two looks is found to the second by bisection, so every period of a day or
more is exact; tzdata has none shorter in the years a feed covers.

Each kind of change (the offsets before and after, the name and whether it is daylight time)
is one STANDARD or DAYLIGHT sub-component: DTSTART, its first onset, and one RDATE line per
onset. The first onset is listed as an RDATE as well: RFC 5545 counts DTSTART as an onset
either way, while ical.js ignores the DTSTART of a sub-component that has RDATEs; and one value
per RDATE line, since vobject (dateutil's ``tzical``) reads only the first value of a list.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

from .._zone_changes import DAY, Onset, State, changes, span_seconds, state

__all__ = ["vtimezone"]


def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """The VTIMEZONE of the IANA zone ``tzid`` for the days ``first`` to ``last``: the offset
    in force at their start, and every change of it until their end."""
    tz = ZoneInfo(tzid)
    lo, hi = span_seconds(_second(first), _second(last) + DAY)
    opening = state(tz, lo)
    onsets = [Onset(lo, opening, opening), *changes(tz, lo, hi)]
    groups: dict[tuple[State, State], list[Onset]] = {}
    for onset in onsets:
        groups.setdefault((onset.before, onset.after), []).append(onset)
    timezone = Timezone()
    timezone.add("TZID", tzid)
    for (before, after), listed in sorted(groups.items(), key=lambda g: g[1][0].second):
        timezone.add_component(_observance(before, after, listed))
    return timezone


def offset_changes(tzid: str, lo: datetime, hi: datetime) -> list[datetime]:
    """The instants (UTC) in ``(lo, hi]`` at which the zone's UTC offset changes."""
    first, last = span_seconds(lo.timestamp(), hi.timestamp())
    return [
        datetime.fromtimestamp(onset.second, UTC)
        for onset in changes(ZoneInfo(tzid), first, last)
        if onset.before.offset != onset.after.offset
    ]


def _second(day: date) -> int:
    return int(datetime.combine(day, time(), UTC).timestamp())


def _observance(
    before: State, after: State, onsets: list[Onset]
) -> TimezoneDaylight | TimezoneStandard:
    kind: TimezoneDaylight | TimezoneStandard = (
        TimezoneDaylight() if after.daylight else TimezoneStandard()
    )
    local = [_local(onset) for onset in onsets]
    kind.add("DTSTART", local[0])
    kind.add("TZOFFSETFROM", before.offset)
    kind.add("TZOFFSETTO", after.offset)
    if after.name:
        kind.add("TZNAME", after.name)
    for moment in local:  # DTSTART again first: ical.js reads only the RDATEs
        kind.add("RDATE", moment)
    return kind


def _local(onset: Onset) -> datetime:
    """The onset on the wall clock in force before it, as RFC 5545 writes it (naive)."""
    return datetime(1970, 1, 1) + timedelta(seconds=onset.second) + onset.before.offset
