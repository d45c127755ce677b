"""Publishing over a previous feed: SEQUENCE for changed events, CANCELLED for vanished ones.

Calendars that subscribe to a feed match events by UID. An event whose content changed must
carry a higher SEQUENCE, or some clients keep the old copy; an event that simply disappears
stays in some clients' caches, so a window that vanished is published once more, cancelled.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from .._errors import CalendarError
from .._time import utc
from ._calendar import event_span

__all__ = ["PREVIOUS_FEED", "publish"]

# Properties that say when and how often an event was published, not what it is.
_STAMPS = frozenset({"DTSTAMP", "SEQUENCE", "LAST-MODIFIED", "CREATED"})
PREVIOUS_FEED = "previous feed"
"""How errors name the ``previous`` feed (``CalendarError.source``)."""
_SOURCE = PREVIOUS_FEED


def publish(
    events: list[Event],
    *,
    name: str,
    tz: ZoneInfo,
    now: datetime,
    previous: bytes | str | None,
    start: datetime,
    end: datetime,
    history: timedelta,
) -> list[Event]:
    """``events`` stamped for publishing at ``now``, merged with the ``previous`` feed.

    * Every event gets DTSTAMP ``now`` and a SEQUENCE: 0 when new, the previous one when its
      content is unchanged, one more when it changed.
    * An event of ``previous`` that is missing now and starts in ``[start, end)``, or is a
      series (RRULE or RDATE), is published as STATUS:CANCELLED (its SEQUENCE raised once; an
      already cancelled one is kept as it was).
    * An event of ``previous`` outside ``[start, end)`` is kept unchanged: before ``start``
      while it ended less than ``history`` before it, after ``end`` always.
    * An override of ``previous`` (an event with a RECURRENCE-ID) that is missing now and
      starts outside ``[start, end)`` is dropped: its series is republished (or cancelled)
      without it. One in ``[start, end)`` is cancelled, as any event there.

    Dates and floating times of ``previous`` are read in ``tz``, the feed's own zone.
    ``previous`` must be a feed of the same ``name`` (NAME): the client feed cannot
    follow the internal one, nor one scenario's feed another's.
    """
    stamp = utc(now)
    prior = _read(previous, name) if previous is not None else {}
    out: list[Event] = []
    for event in events:
        old = prior.pop(_identity(event), None)
        sequence = 0
        if old is not None:
            sequence = _sequence(old) + (0 if _content(old) == _content(event) else 1)
        out.append(_stamped(event, stamp, sequence))
    lo, hi = utc(start), utc(end)
    for old in prior.values():
        begin, finish = event_span(old, tz)
        if "RECURRENCE-ID" in old and not lo <= begin < hi:
            # An override past the horizon not written again: its series now gives that
            # occurrence as its rule does, or not at all. Kept, it would show beside the
            # rule's own (a rule moved to another time), or outlive a cancelled series.
            continue
        # A series (RRULE or RDATE) runs on past its DTSTART: missing now, it is cancelled.
        if lo <= begin < hi or "RRULE" in old or "RDATE" in old:
            if str(old.get("STATUS", "")).upper() == "CANCELLED":
                out.append(_stamped(old, stamp, _sequence(old)))
            else:
                out.append(_stamped(_cancelled(old), stamp, _sequence(old) + 1))
        elif begin >= hi or finish > lo - history:
            out.append(_stamped(old, stamp, _sequence(old)))
    return out


def _read(data: bytes | str, name: str) -> dict[str, Event]:
    try:
        cal = Calendar.from_ical(data)
    except ValueError as exc:
        raise CalendarError(_SOURCE, f"is not an iCalendar file ({exc})") from None
    except Exception as exc:  # icalendar's parts raise what they raise
        raise CalendarError(
            _SOURCE, f"cannot be read ({type(exc).__name__}: {exc}); give the feed as published"
        ) from None
    published = _unescaped(str(cal.get("NAME", "")))
    if published != name:
        raise CalendarError(
            _SOURCE,
            f"is the feed {published!r}, not {name!r}; give the feed published last time for "
            "this audience (a renamed scenario starts a new feed)",
        )
    for component in cal.walk():
        for prop, problem in component.errors:
            raise CalendarError(_SOURCE, f"{component.name} {prop} cannot be read: {problem}")
    found: dict[str, Event] = {}
    for event in cal.events:
        if "UID" not in event or "DTSTART" not in event:
            raise CalendarError(
                _SOURCE,
                "has an event without UID or DTSTART; give the feed maintwin published last time",
            )
        found[_identity(event)] = event
    return found


def _identity(event: Event) -> str:
    """What a calendar matches an event by: its UID, and the RECURRENCE-ID of an override
    (one occurrence of a series, written once more as it is)."""
    rid = event.get("RECURRENCE-ID")
    return str(event["UID"]) + (f" {rid.to_ical().decode()}" if rid is not None else "")


def _unescaped(value: str) -> str:
    """A TEXT value without its escapes: icalendar leaves them in place in a property it has
    no type for, such as NAME."""
    return _ESCAPE.sub(lambda m: "\n" if m[1] in "nN" else m[1], value)


_ESCAPE = re.compile(r"\\([\\;,nN])")


def _sequence(event: Event) -> int:
    try:
        return int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        raise CalendarError(
            _SOURCE,
            f"SEQUENCE {event.get('SEQUENCE')!r} is not a whole number",
            uid=str(event["UID"]),
        ) from None


def _content(event: Event) -> list[bytes]:
    """The event's content lines, unfolded, without the publishing stamps."""
    unfolded = bytes(event.to_ical()).replace(b"\r\n ", b"").replace(b"\r\n\t", b"")
    return [line for line in unfolded.split(b"\r\n") if _name(line) not in _STAMPS]


def _name(line: bytes) -> str:
    return line.split(b":", 1)[0].split(b";", 1)[0].decode("ascii", "replace").upper()


def _stamped(event: Event, stamp: datetime, sequence: int) -> Event:
    for name in _STAMPS:
        event.pop(name, None)
    event.add("DTSTAMP", stamp)
    event.add("SEQUENCE", sequence)
    return event


def _cancelled(event: Event) -> Event:
    """A copy of ``event`` saying it is off: STATUS:CANCELLED, no alarms."""
    copy = Event()
    for name, value in event.items():
        if name not in ("STATUS", "SUMMARY", "DESCRIPTION"):
            copy[name] = value
    was = str(event.get("DESCRIPTION", ""))
    copy.add(
        "DESCRIPTION", "Cancelled: this no longer takes place." + (f"\n\n{was}" if was else "")
    )
    summary = str(event.get("SUMMARY", ""))
    copy.add("SUMMARY", summary if summary.startswith("Cancelled: ") else f"Cancelled: {summary}")
    copy.add("STATUS", "CANCELLED")
    return copy
