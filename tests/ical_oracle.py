"""An independent reading of our feeds: vobject parses them and expands their recurrences.

vobject is a parser nobody here wrote. It must read every feed the tests produce without error
and see the same events at the same instants as icalendar with recurring-ical-events does.

vobject keeps one time zone per TZID for the whole process (the trap that makes Radicale's
server-side expansion an hour off across DST when two calendars carry differently bounded
VTIMEZONEs for one zone), and fills it from pytz when it meets a TZID before its VTIMEZONE.
Our feeds carry VTIMEZONEs that cover their own horizon only, so each feed is read with its
own VTIMEZONEs registered (see ``_read_with_own_zones``).
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import icalendar
import recurring_ical_events
import vobject
import vobject.icalendar

# How far recurrences are compared past each event's start.
SPAN = timedelta(days=3 * 366)


def _instant(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(), UTC)


Seen = Counter[tuple[str, datetime, datetime]]


def _length(vevent: Any) -> timedelta:
    if hasattr(vevent, "dtend"):
        return _instant(vevent.dtend.value) - _instant(vevent.dtstart.value)
    if hasattr(vevent, "duration"):
        return vevent.duration.value  # type: ignore[no-any-return]
    return timedelta(0) if isinstance(vevent.dtstart.value, datetime) else timedelta(days=1)


def _read_with_own_zones(text: str) -> Any:
    """vobject's reading of ``text``, with the feed's own VTIMEZONEs for its TZIDs.

    vobject looks a TZID up in its process-wide map, and when the map lacks it, asks pytz
    before it has read the feed's VTIMEZONE; expanded by dateutil, a pytz zone keeps the
    offset of DTSTART all year. So the map is emptied, the feed's VTIMEZONEs are registered,
    and the feed is read again.
    """
    tzids: dict[str, Any] = vobject.icalendar.__dict__["__tzidMap"]
    tzids.clear()
    for vtimezone in getattr(vobject.readOne(text), "vtimezone_list", []):
        vobject.icalendar.registerTzid(vtimezone.tzid.value, vtimezone.gettzinfo())
    return vobject.readOne(text)


def vobject_occurrences(data: bytes, lo: datetime, hi: datetime) -> Seen:
    """The occurrences vobject expands; an override (RECURRENCE-ID) replaces the occurrence of
    its series it names, which vobject itself leaves to the caller."""
    cal = _read_with_own_zones(data.decode("utf-8"))
    found: Seen = Counter()
    vevents = getattr(cal, "vevent_list", [])
    replaced = {
        (v.uid.value, _instant(v.recurrence_id.value))
        for v in vevents
        if hasattr(v, "recurrence_id")
    }
    excluded = {  # an override of an excluded occurrence overrides nothing
        (v.uid.value, _instant(moment))
        for v in vevents
        for exdate in getattr(v, "exdate_list", [])
        for moment in exdate.value
    }
    for vevent in vevents:
        uid, length = vevent.uid.value, _length(vevent)
        overrides = hasattr(vevent, "recurrence_id")
        if overrides and (uid, _instant(vevent.recurrence_id.value)) in excluded:
            continue
        if not overrides and (hasattr(vevent, "rrule") or hasattr(vevent, "rdate")):
            moments = iter(vevent.getrruleset(addRDate=True))
        else:
            moments = iter([vevent.dtstart.value])
        for moment in moments:
            instant = _instant(moment)
            if instant >= hi:
                break
            if instant >= lo and (overrides or (uid, instant) not in replaced):
                found[uid, instant, instant + length] += 1
    return found


def _icalendar_occurrences(data: bytes, lo: datetime, hi: datetime) -> Seen:
    """What icalendar and recurring-ical-events see. recurring-ical-events ends an occurrence
    on the wall clock, so across a DST change its DTEND is an hour off the exact length RFC
    5545 (3.8.5.3) gives every occurrence; the length is taken from the event as written."""
    cal = icalendar.Calendar.from_ical(data)
    lengths = {_written(e): _event_length(e) for e in cal.walk("VEVENT")}
    found: Seen = Counter()
    for event in recurring_ical_events.of(cal).between(lo, hi):
        instant = _instant(event.decoded("DTSTART"))
        length = lengths.get(_written(event), lengths[str(event["UID"]), None])
        if lo <= instant < hi:
            found[str(event["UID"]), instant, instant + length] += 1
    return found


def _written(event: Any) -> tuple[str, datetime | None]:
    """An event as written: its UID, and the instant its RECURRENCE-ID names (an override)."""
    rid = event.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in event else None
    return str(event["UID"]), _instant(rid) if rid is not None else None


def _event_length(event: Any) -> timedelta:
    if "DURATION" in event:
        return event.decoded("DURATION")  # type: ignore[no-any-return]
    return _instant(event.decoded("DTEND")) - _instant(event.decoded("DTSTART"))


def assert_vobject_agrees(data: bytes) -> None:
    """vobject reads ``data`` and sees the events and instants icalendar sees."""
    cal = icalendar.Calendar.from_ical(data)
    # From the first event to three years past the last (an override does not prolong a feed).
    masters = [e for e in cal.walk("VEVENT") if "RECURRENCE-ID" not in e]
    starts = [_instant(e.decoded("DTSTART")) for e in masters]
    if not starts:
        vobject.readOne(data.decode("utf-8"))
        return
    lo, hi = min(starts), max(starts) + SPAN
    theirs = vobject_occurrences(data, lo, hi)
    ours = _icalendar_occurrences(data, lo, hi)
    assert theirs == ours, (
        f"only vobject sees {sorted(theirs - ours)}; only icalendar sees {sorted(ours - theirs)}"
    )
