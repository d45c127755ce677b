"""Reading calendars: each occurrence of each event over a horizon, and blackouts from them.

:func:`read_occurrences` is the importer that :func:`blackouts_from_ical` and
:func:`~maintwin.ical.leave_from_ical` share. The calendar is parsed with icalendar, Google's
X-WR-TIMEZONE is applied with x-wr-timezone, and recurrences (RRULE, RDATE, EXDATE,
RECURRENCE-ID) are expanded with recurring-ical-events.
Every event is checked before anything is expanded, so a calendar with one unreadable event
is refused whole: a partly readable file never gives a partial list of blackouts or absences.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import recurring_ical_events  # type: ignore[import-untyped]
import x_wr_timezone  # type: ignore[import-untyped]
from icalendar import Calendar, Component, Event

from .._errors import CalendarError, ExpansionLimitError, InputError, MaintwinError
from .._model.base import FIRST_YEAR, LAST_YEAR
from .._model.blackout import Blackout, BlackoutReason
from .._model.rrule import PERIOD, RRuleError, parse_rrule
from .._model.schedule import DEFAULT_MAX_OCCURRENCES
from .._time import day_start, horizon, localize, utc
from ._calendar import aware, slug

__all__ = ["Found", "blackouts_from_ical", "read_occurrences"]

_WHEN = "expected a date (20270113) or a date-time (20270113T100000, with Z or a TZID)"
_EXPECTED = {
    **dict.fromkeys(("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE"), _WHEN),
    "DURATION": "expected a duration such as PT15M or P1D",
    "RRULE": "expected a rule such as FREQ=WEEKLY;BYDAY=MO",
}
_SHARED = "two events share this UID; give each event its own UID, or a RECURRENCE-ID"
_ZONED = ("DTSTART", "DTEND", "RECURRENCE-ID", "EXDATE", "RDATE")
_ONCE = ("DTSTART", "DTEND", "RECURRENCE-ID")  # each a date or date-time, at most once
# Dates and floating times are read in ``timezone`` only after expansion, so the expansion
# looks this far beyond each end of the horizon (more than any two zones lie apart).
_SLACK = timedelta(days=2)

When = date | datetime


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
      in ``timezone``; a calendar with Google's X-WR-TIMEZONE is read in that zone instead.
    * An event's length is kept as RFC 5545 says: DTEND - DTSTART is elapsed time for every
      occurrence, and DURATION counts its days on the wall clock and its hours as elapsed time.
    * Cancelled events and occurrences (STATUS:CANCELLED) block nothing and are left out.
    * Each blackout has ``reason`` and ``scope``, the event's SUMMARY as its title, and the id
      ``<prefix>-<uid>-<scheduled start>``: the local date or time in ``timezone`` the
      occurrence was scheduled at, so the id stays the same when one occurrence is moved. A UID
      that is not already a plain id is followed by a short digest of it, so that distinct UIDs
      never share an id.

    ``start`` and ``end`` are dates (local midnight in ``timezone``) or aware date-times.
    ``source`` names the data in errors. A calendar that cannot be read, an event without a UID
    or a start, with an unknown TZID, an unusable RRULE or no length raise
    :class:`~maintwin.CalendarError`. The work is bounded before it starts: a rule that would
    step more than ``max_occurrences`` times from its DTSTART to ``end``, or more than that
    many occurrences in all, raise :class:`~maintwin.ExpansionLimitError`.
    """
    reason, scope = _checked_arguments(reason, scope)
    tz, found = read_occurrences(
        data,
        start=start,
        end=end,
        timezone=timezone,
        source=source,
        max_occurrences=max_occurrences,
        caller="blackouts_from_ical",
    )
    blackouts = [(_blackout(o, tz, reason, scope, prefix, source), o.first) for o in found]
    return tuple(b for b, _ in sorted(blackouts, key=lambda f: (f[1], f[0].id)))


def _checked_arguments(
    reason: BlackoutReason | str, scope: tuple[str, ...] | None
) -> tuple[BlackoutReason, tuple[str, ...] | None]:
    try:
        known = BlackoutReason(reason)
    except ValueError:
        choices = ", ".join(repr(r.value) for r in BlackoutReason)
        raise MaintwinError(f"reason {reason!r} is not known; expected one of {choices}") from None
    if scope is not None:
        Blackout.model_validate(
            {"id": "scope", "reason": known, "start": date(2000, 1, 1), "scope": scope}
        )
        scope = tuple(scope)
    return known, scope


# -- the occurrences of a calendar ---------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """One occurrence of an event that overlaps the horizon and is not cancelled.

    ``begin`` and ``end`` are as the calendar gives them (dates for an all-day occurrence,
    date-times otherwise; floating times are still naive); ``first`` and ``last`` are the same
    instants in UTC; ``scheduled`` is the local date or time in the reader's zone that the
    occurrence was scheduled at (its RECURRENCE-ID when it was moved), as an id part.
    """

    event: Event
    uid: str
    begin: When
    end: When
    first: datetime
    last: datetime
    scheduled: str

    def span(self, tz: ZoneInfo) -> tuple[When, When]:
        """``begin`` and ``end``: two dates for whole days, else two aware date-times in
        ``tz`` (a floating time read there)."""
        if isinstance(self.begin, datetime) or isinstance(self.end, datetime):
            return aware(self.begin, tz), aware(self.end, tz)
        return self.begin, self.end

    @property
    def title(self) -> str:
        return str(self.event.get("SUMMARY", ""))


def read_occurrences(
    data: bytes | str,
    *,
    start: date | datetime,
    end: date | datetime,
    timezone: str,
    source: str,
    max_occurrences: int,
    caller: str,
    setting: str | None = None,
) -> tuple[ZoneInfo, list[Found]]:
    """The zone ``timezone`` and every occurrence of ``data`` that overlaps ``[start, end)``
    and is not cancelled, each once, in the order recurring-ical-events gives them.

    ``caller`` names the public function in errors about its arguments; ``setting`` is what
    the user raises to allow more occurrences (``caller(max_occurrences=...)`` by default).
    """
    _, tz, lo, hi = horizon(timezone, start, end, where=f"{caller}()")
    lo, hi = lo.astimezone(tz), hi.astimezone(tz)
    limit = _Limit(max_occurrences, setting or f"{caller}(max_occurrences=...)")
    cal = _parse(data, source)
    sources = _Sources.of(cal, source, tz)
    found: dict[tuple[str, str], Found] = {}
    count = 0
    for event in _occurrences(cal, source, lo, hi, tz, limit):
        begin, finish = sources.span(event)
        first, last = (utc(aware(v, tz)) for v in (begin, finish))
        if not (first < utc(hi) and utc(lo) < last):
            continue
        count += 1
        if count > limit.count:
            raise limit.exceeded(source, "its events", count, "occur at least")
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        uid = str(event["UID"])
        scheduled = _stamp(
            event.decoded("RECURRENCE-ID") if "RECURRENCE-ID" in event else begin, tz
        )
        key = (uid, scheduled)
        if key in found:
            if (found[key].first, found[key].last) != (first, last):
                raise CalendarError(
                    source,
                    f"two occurrences were both scheduled at {scheduled}; give the events "
                    "distinct UIDs",
                    uid=uid,
                )
            continue
        found[key] = Found(event, uid, begin, finish, first, last, scheduled)
    return tz, list(found.values())


# -- reading -----------------------------------------------------------------------------------


def _parse(data: bytes | str, source: str) -> Calendar:
    """The one VCALENDAR of ``data``, read completely, with X-WR-TIMEZONE applied."""
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise CalendarError(
                source, f"is not UTF-8 text (byte {exc.start}); iCalendar files are UTF-8"
            ) from None
    text = data.strip()
    if not text:
        raise CalendarError(source, "is empty; expected BEGIN:VCALENDAR ... END:VCALENDAR")
    if not text.upper().endswith("END:VCALENDAR"):
        raise CalendarError(
            source, "does not end with END:VCALENDAR; the file seems cut short or is not iCalendar"
        )
    try:
        calendars = Calendar.from_ical(text, multiple=True)
    except ValueError as exc:
        raise CalendarError(source, f"is not an iCalendar file: {exc}") from None
    except Exception as exc:  # icalendar's parts raise what they raise (two TZIDs in a zone)
        raise CalendarError(
            source,
            f"cannot be read ({type(exc).__name__}: {exc}); check that each component has "
            "each property RFC 5545 allows once (TZID, DTSTART, UID) only once",
        ) from None
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
    try:
        standard: Calendar = x_wr_timezone.to_standard(cal)
    except Exception as exc:  # the library raises what its parsers raise
        raise CalendarError(source, f"X-WR-TIMEZONE cannot be applied: {exc}") from None
    return standard


@dataclass(frozen=True)
class _Length:
    """How long each occurrence of an event lasts: ``days`` on the wall clock, then
    ``elapsed`` real time (RFC 5545, 3.3.6 and 3.8.5.3)."""

    days: int
    elapsed: timedelta

    def after(self, begin: When, tz: ZoneInfo) -> When:
        if not isinstance(begin, datetime):
            if not self.elapsed:
                return begin + timedelta(days=self.days)
            begin = day_start(begin, tz)
        zone_of = begin.tzinfo if begin.tzinfo is not None else tz
        wall = begin.replace(tzinfo=None) + timedelta(days=self.days)
        moved = (
            localize(wall, zone_of)[0]
            if isinstance(zone_of, ZoneInfo)
            else wall.replace(tzinfo=zone_of)
        )
        if begin.tzinfo is None:
            return utc(moved) + self.elapsed
        return (utc(moved) + self.elapsed).astimezone(begin.tzinfo)


@dataclass(frozen=True)
class _Sources:
    """The events as written, checked, with their lengths: by UID, and by UID and
    RECURRENCE-ID for the occurrences that were moved or changed."""

    tz: ZoneInfo
    masters: dict[str, _Length]
    overrides: dict[tuple[str, datetime | date], _Length]

    @classmethod
    def of(cls, cal: Calendar, source: str, tz: ZoneInfo) -> _Sources:
        masters: dict[str, _Length] = {}
        overrides: dict[tuple[str, datetime | date], _Length] = {}
        for index, event in enumerate(cal.events):
            uid = _uid(event)
            if uid is None:
                raise CalendarError(
                    source, f"VEVENT number {index + 1} has no UID; every event needs one"
                )
            length = _checked(event, source, uid, tz)
            if "RECURRENCE-ID" in event:
                key = (uid, _key(event.decoded("RECURRENCE-ID"), tz))
                if key in overrides:
                    raise CalendarError(source, _SHARED + " and RECURRENCE-ID", uid=uid)
                overrides[key] = length
            else:
                if uid in masters:
                    raise CalendarError(source, _SHARED, uid=uid)
                masters[uid] = length
        return cls(tz, masters, overrides)

    def span(self, occurrence: Event) -> tuple[When, When]:
        """When ``occurrence`` begins and ends, its length taken from the event as written."""
        uid = str(occurrence["UID"])
        begin: When = occurrence.decoded("DTSTART")
        length = self.masters.get(uid)
        if "RECURRENCE-ID" in occurrence:
            rid = _key(occurrence.decoded("RECURRENCE-ID"), self.tz)
            length = self.overrides.get((uid, rid), length)
        assert length is not None, "every occurrence comes from an event that was checked"
        return begin, length.after(begin, self.tz)


def _checked(event: Event, source: str, uid: str, tz: ZoneInfo) -> _Length:
    """The length of ``event``, once it is known to be usable; a CalendarError if not."""
    if "DTSTART" not in event:
        raise CalendarError(source, "has no DTSTART", uid=uid)
    _single_values(event, source, uid)
    for name in _ZONED:
        for prop in _listed(event.get(name)):
            tzid = prop.params.get("TZID")
            values = [d.dt for d in prop.dts] if hasattr(prop, "dts") else [prop.dt]
            for value in values:
                if isinstance(value, date) and not FIRST_YEAR <= value.year <= LAST_YEAR:
                    raise CalendarError(
                        source,
                        f"{name} {value.isoformat()} lies outside the years {FIRST_YEAR} to "
                        f"{LAST_YEAR}, which maintwin reads; {_WHEN}",
                        uid=uid,
                    )
            if tzid and any(isinstance(v, datetime) and v.tzinfo is None for v in values):
                raise CalendarError(
                    source,
                    f"{name} names the time zone {tzid!r}, which is neither in the file "
                    "(VTIMEZONE) nor a known zone name; add its VTIMEZONE or use an IANA name",
                    uid=uid,
                )
    for rule in _listed(event.get("RRULE")):
        text = ";".join(
            part for part in rule.to_ical().decode().split(";") if not part.startswith("UNTIL=")
        )
        try:
            parse_rrule(text)
        except RRuleError as exc:
            raise CalendarError(source, f"RRULE cannot be used: {exc.problem}", uid=uid) from None
    for rdate in _listed(event.get("RDATE")):
        if str(rdate.params.get("VALUE", "")).upper() == "PERIOD":
            raise CalendarError(
                source,
                "RDATE;VALUE=PERIOD is not supported; give each such occurrence its own event "
                "with DTSTART and DTEND",
                uid=uid,
            )
    begin: When = event.decoded("DTSTART")
    if "DTEND" in event:
        finish: When = event.decoded("DTEND")
        if isinstance(begin, datetime) or isinstance(finish, datetime):
            length = _Length(0, utc(aware(finish, tz)) - utc(aware(begin, tz)))
        else:
            length = _Length((finish - begin).days, timedelta(0))
    elif "DURATION" in event:
        duration: timedelta = event.decoded("DURATION")
        length = _Length(duration.days, duration - timedelta(days=duration.days))
        if duration <= timedelta(0):
            length = _Length(0, timedelta(0))
    elif isinstance(begin, datetime):
        length = _Length(0, timedelta(0))
    else:
        length = _Length(1, timedelta(0))  # an all-day event without an end is one day
    if timedelta(days=length.days) + length.elapsed <= timedelta(0):
        raise CalendarError(
            source,
            f"has no length (DTSTART {begin}); give it a DTEND after DTSTART or a positive "
            "DURATION",
            uid=uid,
        )
    return length


def _single_values(event: Event, source: str, uid: str) -> None:
    """Refuse an event with two of a property RFC 5545 allows once, or a value of the wrong
    kind in one (a duration in DTSTART, a date in DURATION)."""
    for name in ("UID", *_ONCE, "DURATION"):
        found = event.get(name)
        if isinstance(found, list):
            raise CalendarError(
                source,
                f"has {len(found)} {name} properties; an event has at most one",
                uid=uid,
            )
    for name, kinds, expected in _SINGLE:
        value = event.get(name)
        if value is not None and not isinstance(event.decoded(name), kinds):
            given = str(value.to_ical().decode() if hasattr(value, "to_ical") else value)
            raise CalendarError(
                source, f"{name} {given!r} is not {expected}; {_EXPECTED[name]}", uid=uid
            )


_SINGLE = (
    *((name, (date, datetime), "a date or a date-time") for name in _ONCE),
    ("DURATION", (timedelta,), "a duration"),
)


def _listed(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@dataclass(frozen=True)
class _Limit:
    """How many occurrences a read may give, and what the user raises to allow more."""

    count: int
    setting: str

    def exceeded(self, owner: str, rule: str, count: int, what: str) -> ExpansionLimitError:
        return ExpansionLimitError(
            owner,
            rule,
            count,
            self.count,
            what,
            setting=self.setting,
            advice="import a shorter horizon, or move the event's DTSTART closer to it",
        )


def _occurrences(
    cal: Calendar, source: str, lo: datetime, hi: datetime, tz: ZoneInfo, limit: _Limit
) -> list[Event]:
    """The occurrences that may overlap ``[lo, hi)``; the work is bounded before it starts."""
    for event in cal.events:
        _bounded(event, source, hi, tz, limit)
    try:
        found: list[Event] = recurring_ical_events.of(cal).between(lo - _SLACK, hi + _SLACK)
    except Exception as exc:  # recurring-ical-events raises several types of its own
        raise CalendarError(source, f"its events cannot be expanded: {exc}") from None
    return found


def _bounded(event: Event, source: str, hi: datetime, tz: ZoneInfo, limit: _Limit) -> None:
    """Refuse a rule that would step more than ``limit`` times from its DTSTART to ``hi``."""
    begin = utc(aware(event.decoded("DTSTART"), tz))
    for rule in _listed(event.get("RRULE")):
        freq, interval = rule.get("FREQ")[0], (rule.get("INTERVAL") or [1])[0]
        steps = (utc(hi) - begin) / (PERIOD[str(freq).upper()] * int(interval))
        if rule.get("COUNT"):
            steps = min(steps, int(rule["COUNT"][0]))
        if steps > limit.count:
            owner = f"{source}, event {str(event['UID'])!r}"
            raise limit.exceeded(owner, rule.to_ical().decode(), int(steps), "step about")


# -- blackouts ---------------------------------------------------------------------------------


def _blackout(
    found: Found,
    tz: ZoneInfo,
    reason: BlackoutReason,
    scope: tuple[str, ...] | None,
    prefix: str,
    source: str,
) -> Blackout:
    """The blackout of one occurrence, validated like any other input: it comes from a file."""
    begin, finish = found.span(tz)
    try:
        return Blackout(
            id=f"{slug(prefix)}-{_uid_part(found.uid)}-{found.scheduled}",
            reason=reason,
            title=found.title,
            start=begin,
            end=finish,
            scope=scope,
            timezone=tz.key,
        )
    except InputError as exc:
        problems = "; ".join(map(str, exc.errors))
        raise CalendarError(
            source, f"cannot become a blackout: {problems}", uid=found.uid
        ) from None


def _uid_part(uid: str) -> str:
    """The UID as an id; a digest follows when making it one changed it, so that ``Team A``,
    ``team-a`` and ``TEAM/A`` stay apart."""
    part = slug(uid, limit=60)
    if part == uid:
        return part
    return f"{part}-{hashlib.sha256(uid.encode()).hexdigest()[:8]}"


def _stamp(value: When, tz: ZoneInfo) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    there = aware(value, tz)
    return f"{there:%Y-%m-%dT%H%M%S}" + ("+1" if there.fold else "")  # the repeated hour


def _key(value: When, tz: ZoneInfo) -> datetime | date:
    """A RECURRENCE-ID as something to look up: its instant, or its date."""
    return utc(aware(value, tz)) if isinstance(value, datetime) else value


def _uid(component: Component) -> str | None:
    value = component.get("UID")
    return str(value) if value is not None else None
