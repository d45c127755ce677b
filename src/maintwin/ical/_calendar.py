"""What every feed shares: its head, identities, local times, time zones and bytes."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import TypeVar
from zoneinfo import ZoneInfo

from icalendar import Calendar, Component, vDuration, vText

from .._errors import MaintwinError
from .._time import day_start, localize, utc, zone
from ._part import Part
from ._vtimezone import vtimezone

__all__ = [
    "PRODID",
    "ambiguous",
    "as_part",
    "assemble",
    "aware",
    "event_span",
    "faithful",
    "head",
    "known",
    "local",
    "part_span",
    "slug",
    "uid",
]

PRODID = "-//maintwin//maintwin//EN"
_UNSAFE = re.compile(r"[^A-Za-z0-9._:@+-]+")
_T = TypeVar("_T")


@lru_cache(maxsize=256)
def slug(text: str, *, limit: int = 80) -> str:
    """``text`` made safe for ids and UIDs: ``Teleradiology (EU)`` gives ``teleradiology-eu``.

    Letters, digits and ``. _ : @ + -`` are kept; anything else becomes ``-``. A text longer
    than ``limit`` keeps its start and a short digest of the whole, so distinct texts stay
    distinct.
    """
    cleaned = _UNSAFE.sub("-", text.strip().lower()).strip("-._:@+") or "x"
    if len(cleaned) <= limit:
        return cleaned
    digest = hashlib.sha256(text.encode()).hexdigest()[:12]
    return f"{cleaned[: limit - 13]}-{digest}"


def uid(scenario: str, *parts: str) -> str:
    """A stable UID: ``ris-2027-01-13.client@teleradiology.maintwin``.

    The same scenario name and parts always give the same UID, so a subscribed calendar
    updates an event instead of adding a copy of it.
    """
    return f"{'.'.join(parts)}@{slug(scenario)}.maintwin"


def known(found: Mapping[str, _T], wanted: str, what: str, scenario: str, *, none: str) -> _T:
    """``found[wanted]``, the ``what`` (``person``, ``client``) a feed is for; when there is
    none of that id, a :class:`MaintwinError` naming those there are (or saying ``none``)."""
    if wanted in found:
        return found[wanted]
    listing = ", ".join(repr(k) for k in sorted(found)) or f"none: {none}"
    raise MaintwinError(f"no {what} {wanted!r} in scenario {scenario!r}; expected one of {listing}")


def local(start: datetime, end: datetime, tzid: str) -> tuple[datetime, datetime]:
    """``start`` and ``end`` as local times in ``tzid``, or both in UTC when either local time
    would not be faithful (see :func:`faithful`)."""
    tz = zone(tzid)
    return faithful(utc(start).astimezone(tz), utc(end).astimezone(tz))


def faithful(start: datetime, end: datetime) -> tuple[datetime, datetime]:
    """``start`` and ``end``, local times of one zone (as ``astimezone`` gives them), or both
    in UTC when either would not be faithful.

    A local time the clock shows twice (in the repeated hour after a fall-back) is read as its
    first occurrence by RFC 5545 (3.3.5) and as its second by ical.js, so neither pass can be
    written that way; and an event with one end in UTC and one local is read an hour off by
    some calendars.
    """
    if ambiguous(start) or ambiguous(end):
        return utc(start), utc(end)
    return start, end


def ambiguous(there: datetime) -> bool:
    """Whether the aware local time ``there`` is one the clock shows twice."""
    return there.utcoffset() != there.replace(fold=1 - there.fold).utcoffset()


def head(name: str, description: str, refresh: timedelta) -> Calendar:
    """A VCALENDAR with the properties a subscribed feed needs, and no events yet."""
    if refresh <= timedelta(0):
        raise MaintwinError(f"refresh {refresh} must be positive, e.g. timedelta(hours=6)")
    cal = Calendar()
    cal.add("PRODID", PRODID)
    cal.add("VERSION", "2.0")
    cal.add("CALSCALE", "GREGORIAN")
    cal.add("METHOD", "PUBLISH")
    cal.add("NAME", vText(name))
    cal.add("X-WR-CALNAME", vText(name))
    if description:
        cal.add("DESCRIPTION", description)
        cal.add("X-WR-CALDESC", vText(description))
    cal.add("REFRESH-INTERVAL", vDuration(refresh), parameters={"VALUE": "DURATION"})
    cal.add("X-PUBLISHED-TTL", vDuration(refresh))
    return cal


def event_span(event: Component, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The UTC instants an event begins and ends (a to-do without DTSTART: its DUE, twice);
    dates and floating times are read in ``tz``, the feed's own zone."""
    if "DTSTART" not in event and "DUE" in event:
        due = _instant(event.decoded("DUE"), tz)
        return due, due
    begin = _instant(event.decoded("DTSTART"), tz)
    if "DTEND" in event:
        return begin, _instant(event.decoded("DTEND"), tz)
    if "DURATION" in event:
        return begin, begin + event.decoded("DURATION")
    return begin, begin


def _instant(value: date | datetime, tz: ZoneInfo) -> datetime:
    return utc(aware(value, tz))


def aware(value: date | datetime, tz: ZoneInfo) -> datetime:
    """``value`` as an aware date-time in ``tz``: a date at local midnight, a floating time
    read in ``tz``."""
    if not isinstance(value, datetime):
        return day_start(value, tz)
    if value.tzinfo is None:
        return localize(value, tz)[0]
    return utc(value).astimezone(tz)


def as_part(component: Component | Part, tz: ZoneInfo) -> Part:
    """``component`` as a :class:`Part` (one built with icalendar is written by icalendar),
    with its beginning and end as instants; dates and floating times read in ``tz``."""
    if isinstance(component, Part):
        return component
    part = Part.of(component)
    part.begin, part.finish = event_span(component, tz)
    return part


def part_span(part: Part, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """When ``part`` begins and ends, as UTC instants; dates and floating times read in
    ``tz``, the feed's own zone."""
    if part.span is not None:
        return part.span
    assert part.begin is not None
    assert part.finish is not None
    return _instant(part.begin, tz), _instant(part.finish, tz)


_END = b"END:VCALENDAR\r\n"


def assemble(
    cal: Calendar,
    events: Sequence[Component | Part],
    *,
    tz: ZoneInfo,
    until: date | None = None,
) -> bytes:
    """The feed's bytes: ``cal``'s head, a VTIMEZONE per zone used, then ``events`` in order.

    Events are sorted by start (a to-do by its DUE), then UID. Each VTIMEZONE covers the days
    from the first event to the last (or to ``until``, for rules that run on), not 1970 to
    2038. The bytes are those icalendar writes for the same calendar.
    """
    parts = [as_part(e, tz) for e in events]
    spans = [part_span(p, tz) for p in parts]
    chunks = [bytes(cal.to_ical()).removesuffix(_END)]
    if spans:
        first = min(s for s, _ in spans).date() - timedelta(days=1)
        last = max(max(e for _, e in spans).date(), until or date.min) + timedelta(days=1)
        for tzid in sorted(set().union(*(p.zones for p in parts))):
            chunks.append(bytes(vtimezone(tzid, first, last).to_ical()))
    order = sorted(range(len(parts)), key=lambda i: (spans[i][0], parts[i].uid))
    chunks.append("".join(parts[i].to_ical() for i in order).encode())
    chunks.append(_END)
    return b"".join(chunks)
