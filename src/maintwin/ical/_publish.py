"""Publishing over a previous feed: SEQUENCE for changed events, CANCELLED for vanished ones.

Calendars that subscribe to a feed match events by UID. An event whose content changed must
carry a higher SEQUENCE, or some clients keep the old copy; an event that simply disappears
stays in some clients' caches, so a window that vanished is published once more, cancelled.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Event

from .._errors import CalendarError
from .._time import utc
from ._calendar import as_part, event_span
from ._lines import moment
from ._part import Part
from ._previous import PREVIOUS_FEED, STAMPS, Prior, key, read_previous, same_content

__all__ = ["PREVIOUS_FEED", "publish"]


def publish(
    events: Sequence[Event | Part],
    *,
    name: str,
    tz: ZoneInfo,
    now: datetime,
    previous: bytes | str | None,
    start: datetime,
    end: datetime,
    history: timedelta,
) -> list[Part]:
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
    stamp = moment("DTSTAMP", utc(now))
    prior, complete = read_previous(previous, name) if previous is not None else ({}, _none)
    parts = [as_part(event, tz) for event in events]
    found = [prior.pop(key(part.uid, part.rid), None) for part in parts]
    lines = [
        p.content(without=STAMPS) if f is not None else []
        for p, f in zip(parts, found, strict=True)
    ]
    # icalendar reads the events that changed or are gone, as publishing needs them whole
    changed = [f for f, c in zip(found, lines, strict=True) if f is not None and f.content != c]
    complete(changed + list(prior.values()))
    out: list[Part] = []
    for part, old, content in zip(parts, found, lines, strict=True):
        sequence = 0
        if old is not None:
            sequence = _sequence(old) + (0 if same_content(old, content, _event) else 1)
        out.append(_stamped(part, stamp, sequence))
    lo, hi = utc(start), utc(end)
    for entry in prior.values():
        gone = _event(entry)
        begin, finish = event_span(gone, tz)
        if "RECURRENCE-ID" in gone and not lo <= begin < hi:
            # An override past the horizon not written again: its series now gives that
            # occurrence as its rule does, or not at all. Kept, it would show beside the
            # rule's own (a rule moved to another time), or outlive a cancelled series.
            continue
        # A series (RRULE or RDATE) runs on past its DTSTART: missing now, it is cancelled.
        if lo <= begin < hi or "RRULE" in gone or "RDATE" in gone:
            if str(gone.get("STATUS", "")).upper() == "CANCELLED":
                out.append(_stamped(as_part(gone, tz), stamp, _sequence(entry)))
            else:
                out.append(_stamped(as_part(_cancelled(gone), tz), stamp, _sequence(entry) + 1))
        elif begin >= hi or finish > lo - history:
            out.append(_stamped(as_part(gone, tz), stamp, _sequence(entry)))
    return out


def _none(wanted: list[Prior]) -> None:
    """Nothing to complete: there is no previous feed."""


def _event(prior: Prior) -> Event:
    assert prior.event is not None, "completed before it is asked for"
    return prior.event


def _sequence(prior: Prior) -> int:
    if prior.sequence is not None:
        return prior.sequence
    event = _event(prior)
    try:
        return int(event.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        raise CalendarError(
            PREVIOUS_FEED,
            f"SEQUENCE {event.get('SEQUENCE')!r} is not a whole number",
            uid=str(event["UID"]),
        ) from None


def _stamped(part: Part, stamp: str, sequence: int) -> Part:
    """``part`` with the DTSTAMP line ``stamp`` and SEQUENCE ``sequence``."""
    for name in STAMPS:
        part.pop(name)
    part.line("DTSTAMP", stamp)
    part.line("SEQUENCE", f"SEQUENCE:{sequence}")
    return part


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
