"""``blackouts_from_ical``: holidays, freezes and rotas kept in a calendar, as blackouts.

The calendar is parsed with icalendar, Google's X-WR-TIMEZONE is applied with x-wr-timezone,
and recurrences (RRULE, RDATE, EXDATE, RECURRENCE-ID) are expanded with recurring-ical-events.
Anything icalendar could not read is an error: a partly readable file never gives a partial
list of blackouts.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from typing import Any

import recurring_ical_events  # type: ignore[import-untyped]
import x_wr_timezone  # type: ignore[import-untyped]
from icalendar import Calendar, Component, Event

from .._blackout import Blackout, BlackoutReason
from .._errors import CalendarError, ExpansionLimitError
from .._schedule import DEFAULT_MAX_OCCURRENCES
from .._time import day_start, horizon, localize, utc, zone
from ._calendar import slug

__all__ = ["blackouts_from_ical"]

_WHEN = "expected a date (20270113) or a date-time (20270113T100000, with Z or a TZID)"
_EXPECTED = {
    **dict.fromkeys(("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"), _WHEN),
    "DURATION": "expected a duration such as PT15M or P1D",
    "RRULE": "expected a rule such as FREQ=WEEKLY;BYDAY=MO",
}


def blackouts_from_ical(
    data: bytes | str,
    *,
    reason: BlackoutReason | str,
    scope: tuple[str, ...] | None = None,
    start: date | datetime,
    end: date | datetime,
    timezone: str,
    prefix: str = "ical",
    source: str = "<ical>",
    max_occurrences: int = DEFAULT_MAX_OCCURRENCES,
) -> tuple[Blackout, ...]:
    """One blackout per event occurrence of the calendar ``data`` that overlaps ``[start, end)``.

    * Recurring events are expanded (RRULE, RDATE, EXDATE, and moved or cancelled occurrences
      with RECURRENCE-ID), within ``[start, end)`` only.
    * All-day events become whole local days in ``timezone``; floating times (no zone) are read
      in ``timezone``; a calendar with Google's X-WR-TIMEZONE is read in that zone.
    * Cancelled events (STATUS:CANCELLED) block nothing and are left out.
    * Each blackout has ``reason`` and ``scope``, the event's SUMMARY as its title, and the id
      ``<prefix>-<uid>-<local start>`` (the start the occurrence was scheduled at, so the id
      stays the same when one occurrence is moved).

    ``start`` and ``end`` are dates (local midnight in ``timezone``) or aware date-times.
    ``source`` names the data in errors. A calendar that cannot be read, an event without a
    start or with no length, and more than ``max_occurrences`` occurrences each raise a
    :class:`~maintwin.CalendarError` (or :class:`~maintwin.ExpansionLimitError`).
    """
    _, tz, lo, hi = horizon(timezone, start, end, where="blackouts_from_ical()")
    cal = _parse(data, source)
    found: dict[str, Blackout] = {}
    for count, event in enumerate(_occurrences(cal, source, lo, hi), start=1):
        if count > max_occurrences:
            raise ExpansionLimitError(
                source, "its events", count, max_occurrences, "occur at least"
            )
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        blackout = _blackout(event, source, tz.key, reason, scope, prefix)
        first, last = _span(blackout, tz.key)
        if utc(first) < utc(hi) and utc(lo) < utc(last):
            found.setdefault(blackout.id, blackout)
    return tuple(sorted(found.values(), key=lambda b: (_span(b, tz.key)[0], b.id)))


def _parse(data: bytes | str, source: str) -> Calendar:
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, UnicodeDecodeError) as exc:
        raise CalendarError(source, f"is not an iCalendar file: {exc}") from None
    if len(calendars) != 1 or calendars[0].name != "VCALENDAR":
        names = ", ".join(c.name for c in calendars) or "nothing"
        raise CalendarError(source, f"holds {names}; expected exactly one VCALENDAR")
    cal = calendars[0]
    for component in cal.walk():
        for name, problem in component.errors:
            what = f"property {name}" if name else "a line"
            raise CalendarError(
                source,
                f"{component.name} {what} cannot be read ({problem}); "
                + _EXPECTED.get((name or "").upper(), "see RFC 5545 for the values it takes"),
                uid=_uid(component),
            )
    for index, event in enumerate(cal.walk("VEVENT")):
        if "DTSTART" not in event:
            raise CalendarError(
                source, f"VEVENT number {index + 1} has no DTSTART", uid=_uid(event)
            )
    try:
        standard: Calendar = x_wr_timezone.to_standard(cal)
    except Exception as exc:  # the library raises what its parsers raise
        raise CalendarError(source, f"X-WR-TIMEZONE cannot be applied: {exc}") from None
    return standard


def _occurrences(cal: Calendar, source: str, lo: datetime, hi: datetime) -> Iterator[Event]:
    """The occurrences that may overlap ``[lo, hi)``, in order of start."""
    query = recurring_ical_events.of(cal)
    after = query.after(lo)
    while True:
        try:
            event: Event = next(after)
        except StopIteration:
            return
        except Exception as exc:  # recurring-ical-events raises several types of its own
            raise CalendarError(source, f"its events cannot be expanded: {exc}") from None
        if _begins_after(event.decoded("DTSTART"), hi):
            return
        yield event


def _begins_after(value: date | datetime, hi: datetime) -> bool:
    if isinstance(value, datetime):
        moment = value if value.tzinfo is not None else localize(value, hi.tzinfo)[0]  # type: ignore[arg-type]
        return utc(moment) >= utc(hi)
    return value > utc(hi).astimezone(hi.tzinfo).date()


def _blackout(
    event: Event,
    source: str,
    tz_name: str,
    reason: BlackoutReason | str,
    scope: tuple[str, ...] | None,
    prefix: str,
) -> Blackout:
    event_uid = _uid(event) or "event"
    begin = event.decoded("DTSTART")
    finish = event.decoded("DTEND") if "DTEND" in event else None
    if finish is None and "DURATION" in event:
        finish = begin + event.decoded("DURATION")
    if finish is None and not isinstance(begin, datetime):
        finish = begin + timedelta(days=1)  # an all-day event without an end is one day
    if finish is not None and (isinstance(begin, datetime) or isinstance(finish, datetime)):
        begin, finish = _aware(begin, tz_name), _aware(finish, tz_name)
    if finish is None or _order(finish, tz_name) <= _order(begin, tz_name):
        raise CalendarError(
            source,
            f"the occurrence at {begin} has no length; give it a DTEND or DURATION after DTSTART",
            uid=event_uid,
        )
    scheduled = event.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in event else begin
    fields: dict[str, Any] = {
        "id": f"{slug(prefix)}-{slug(event_uid)}-{_stamp(scheduled, tz_name)}",
        "reason": reason,
        "title": str(event.get("SUMMARY", "")),
        "start": begin,
        "end": finish,
        "scope": scope,
        "timezone": tz_name,
    }
    try:
        return Blackout.model_validate(fields)
    except ValueError as exc:
        raise CalendarError(source, f"cannot be a blackout: {exc}", uid=event_uid) from None


def _aware(value: date | datetime, tz_name: str) -> datetime:
    tz = zone(tz_name)
    if not isinstance(value, datetime):
        return day_start(value, tz)
    if value.tzinfo is None:
        return localize(value, tz)[0]
    return utc(value).astimezone(tz)


def _order(value: date | datetime, tz_name: str) -> datetime:
    return utc(_aware(value, tz_name))


def _stamp(value: date | datetime, tz_name: str) -> str:
    if isinstance(value, datetime):
        return f"{_aware(value, tz_name):%Y-%m-%dT%H%M%S}"
    return value.isoformat()


def _span(blackout: Blackout, tz_name: str) -> tuple[datetime, datetime]:
    assert blackout.start is not None
    assert blackout.end is not None
    return _aware(blackout.start, tz_name), _aware(blackout.end, tz_name)


def _uid(component: Component) -> str | None:
    value = component.get("UID")
    return str(value) if value is not None else None
