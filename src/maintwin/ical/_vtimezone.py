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

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

__all__ = ["vtimezone"]

_DAY = 86_400
# The seconds fromtimestamp reaches on every platform, kept clear of year 1 and year 9999.
_EARLIEST = int(datetime(2, 1, 1, tzinfo=UTC).timestamp())
_LATEST = int(datetime(9998, 1, 1, tzinfo=UTC).timestamp())


@dataclass(frozen=True)
class _State:
    offset: timedelta
    name: str
    daylight: bool


@dataclass(frozen=True)
class _Onset:
    """The zone's state changing at ``second`` (UTC) from ``before`` to ``after``."""

    second: int
    before: _State
    after: _State


def vtimezone(tzid: str, first: date, last: date) -> Timezone:
    """The VTIMEZONE of the IANA zone ``tzid`` for the days ``first`` to ``last``: the offset
    in force at their start, and every change of it until their end."""
    tz = ZoneInfo(tzid)
    lo = max(_EARLIEST, _second(first))
    hi = min(_LATEST, max(lo, _second(last) + _DAY))
    opening = _state(tz, lo)
    onsets = [_Onset(lo, opening, opening), *_changes(tz, lo, hi)]
    groups: dict[tuple[_State, _State], list[_Onset]] = {}
    for onset in onsets:
        groups.setdefault((onset.before, onset.after), []).append(onset)
    timezone = Timezone()
    timezone.add("TZID", tzid)
    for (before, after), listed in sorted(groups.items(), key=lambda g: g[1][0].second):
        timezone.add_component(_observance(before, after, listed))
    return timezone


def offset_changes(tzid: str, lo: datetime, hi: datetime) -> list[datetime]:
    """The instants (UTC) in ``(lo, hi]`` at which the zone's UTC offset changes."""
    tz = ZoneInfo(tzid)
    first = max(_EARLIEST, int(lo.timestamp()))
    last = min(_LATEST, max(first, int(hi.timestamp())))
    return [
        datetime.fromtimestamp(onset.second, UTC)
        for onset in _changes(tz, first, last)
        if onset.before.offset != onset.after.offset
    ]


def _second(day: date) -> int:
    return int(datetime.combine(day, time(), UTC).timestamp())


def _state(tz: ZoneInfo, second: int) -> _State:
    there = datetime.fromtimestamp(second, tz)
    offset, daylight = there.utcoffset(), there.dst()
    assert offset is not None
    return _State(offset, there.tzname() or "", daylight is not None and daylight > timedelta(0))


def _changes(tz: ZoneInfo, lo: int, hi: int) -> list[_Onset]:
    """Every change of the zone's state in ``(lo, hi]``: looked at once a day, each change
    between two looks found by bisection (and any second one after it, the same way)."""
    seconds = [*range(lo, hi, _DAY), hi]
    looks = [_look(tz, second) for second in seconds]
    found: list[_Onset] = []
    for index in range(1, len(seconds)):
        at, look = seconds[index - 1], looks[index - 1]
        while look != looks[index]:
            a, b = at, seconds[index]  # ``look`` at a, another at b: a change in (a, b]
            while b - a > 1:
                middle = (a + b) // 2
                if _look(tz, middle) == look:
                    a = middle
                else:
                    b = middle
            found.append(_Onset(b, _state(tz, at), _state(tz, b)))
            at, look = b, _look(tz, b)
    return found


def _look(tz: ZoneInfo, second: int) -> tuple[timedelta | None, str | None, timedelta | None]:
    """What the zone says at ``second``: its offset, name and daylight saving."""
    there = datetime.fromtimestamp(second, tz)
    return there.utcoffset(), there.tzname(), there.dst()


def _observance(
    before: _State, after: _State, onsets: list[_Onset]
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


def _local(onset: _Onset) -> datetime:
    """The onset on the wall clock in force before it, as RFC 5545 writes it (naive)."""
    return datetime(1970, 1, 1) + timedelta(seconds=onset.second) + onset.before.offset
