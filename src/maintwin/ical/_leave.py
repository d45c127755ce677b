"""``leave_from_ical``: a person's leave calendar (PTO, time off), as absences."""

from __future__ import annotations

from datetime import date, datetime

from .._errors import CalendarError, InputError
from .._model.people import Absence
from .._model.schedule import DEFAULT_MAX_OCCURRENCES
from ._read import read_occurrences

__all__ = ["leave_from_ical"]


def leave_from_ical(
    data: bytes | str,
    *,
    start: date | datetime,
    end: date | datetime,
    timezone: str,
    source: str = "<ical>",
    max_occurrences: int = DEFAULT_MAX_OCCURRENCES,
) -> tuple[Absence, ...]:
    """One :class:`~maintwin.Absence` per event occurrence of the calendar ``data`` that
    overlaps ``[start, end)``: a person's time off, for :attr:`Person.away
    <maintwin.Person.away>`.

    The calendar is read as :func:`blackouts_from_ical` reads it, and refused for the same
    reasons with the same errors:

    * All-day events become whole local days (``Absence(start=date, end=date)``, ``end``
      exclusive), which maintwin reads on the person's own clock; timed events become aware
      date-times in ``timezone``; floating times (no zone) are read in ``timezone``.
    * Recurring events are expanded within ``[start, end)`` (RRULE, RDATE, EXDATE, and
      occurrences moved or cancelled with RECURRENCE-ID); an occurrence that overlaps the
      horizon is kept whole.
    * Cancelled events and occurrences (STATUS:CANCELLED) are left out; every other event is
      time off, whatever its TRANSP or STATUS.
    * Each absence has the event's SUMMARY as its ``title``.

    ``timezone`` is the person's zone (their ``timezone``, or the scenario's); ``start`` and
    ``end`` are dates (local midnight there) or aware date-times. Absences are sorted by
    start, then end, then UID. ``source`` names the data in errors: a calendar that cannot be
    read raises :class:`~maintwin.CalendarError`, and one that would expand past
    ``max_occurrences`` raises :class:`~maintwin.ExpansionLimitError`.
    """
    return read_leave(
        data,
        start=start,
        end=end,
        timezone=timezone,
        source=source,
        max_occurrences=max_occurrences,
    )


def read_leave(
    data: bytes | str,
    *,
    start: date | datetime,
    end: date | datetime,
    timezone: str,
    source: str,
    max_occurrences: int,
    setting: str | None = None,
) -> tuple[Absence, ...]:
    """:func:`leave_from_ical`, naming ``setting`` as what allows more occurrences (a
    scenario file's ``policy.max_occurrences``)."""
    tz, found = read_occurrences(
        data,
        start=start,
        end=end,
        timezone=timezone,
        source=source,
        max_occurrences=max_occurrences,
        caller="leave_from_ical",
        setting=setting,
    )
    absences: list[Absence] = []
    for occurrence in sorted(found, key=lambda o: (o.first, o.last, o.uid, o.scheduled)):
        begin, finish = occurrence.span(tz)
        try:  # validated like any other input: it comes from a file
            absences.append(Absence(title=occurrence.title, start=begin, end=finish))
        except InputError as exc:
            problems = "; ".join(map(str, exc.errors))
            raise CalendarError(
                source, f"cannot become an absence: {problems}", uid=occurrence.uid
            ) from None
    return tuple(absences)
