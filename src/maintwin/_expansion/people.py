"""Who is free when: each person's absences and each rotation's turns as instants (pure).

A person's days off (``unavailable``, holidays, whole-day absences) are whole days on the
person's own clock: a day off in Denver starts at Denver's midnight. Everything here is kept
in UTC and sorted, so that "is this person free for this window?" is one bisection.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import lru_cache

from .._model.crew import Unavailability
from .._model.holiday import holiday_blackouts
from .._model.people import Person, PersonHolidays
from .._model.rotation import Rotation
from .._model.schedule import matches
from .._time import day_start, localize, utc, zone

__all__ = ["Away", "Diary", "OnCall", "diary", "rotations"]

# How far beyond the horizon absences and hand-offs are read: a window that starts inside the
# horizon may end after it, and days are read in every zone.
_MARGIN = timedelta(days=3)


@dataclass(frozen=True, slots=True)
class Away:
    """One span a person is away, in UTC, with why (``reason``) and in words (``detail``:
    ``on leave 2027-05-10 to 2027-05-16``)."""

    start: datetime
    end: datetime
    reason: Unavailability
    detail: str


@dataclass(slots=True)
class Diary:
    """One person's absences over a horizon, sorted by start, in UTC."""

    person: Person
    spans: list[Away] = field(default_factory=list)
    _starts: list[datetime] = field(default_factory=list)
    _reach: list[datetime] = field(default_factory=list)  # the latest end up to each position

    def close(self) -> None:
        self.spans.sort(key=lambda a: (a.start, a.end, a.detail))
        self._starts = [a.start for a in self.spans]
        reach: list[datetime] = []
        for a in self.spans:
            reach.append(max(reach[-1], a.end) if reach else a.end)
        self._reach = reach

    def away(self, start: datetime, end: datetime) -> Away | None:
        """The first absence that overlaps ``[start, end)`` (UTC), or ``None``: free."""
        if not self.spans:
            return None
        last = bisect_left(self._starts, end)  # spans starting before the end
        first = bisect_right(self._reach, start, hi=last)  # and reaching past the start
        for a in self.spans[first:last]:
            if a.end > start:
                return a
        return None


def _days(start: date, end: date) -> str:
    """``2027-05-10 to 2027-05-16`` for the whole days ``[start, end)``; one day alone."""
    last = end - timedelta(days=1)
    return start.isoformat() if last == start else f"{start} to {last}"


@lru_cache(maxsize=256)
def _holidays(
    country: str, subdiv: str | None, observed: bool, years: tuple[int, ...]
) -> tuple[tuple[date, date, str], ...]:
    """The public holidays of a country for ``years``, as whole days (cached: many people
    share a country)."""
    found = holiday_blackouts(country, subdiv, years=years, observed=observed)
    return tuple((b.start, b.end, b.title) for b in found if isinstance(b.start, date))  # type: ignore[misc]


def _years(lo: datetime, hi: datetime) -> tuple[int, ...]:
    return tuple(range((lo - _MARGIN).year, (hi + _MARGIN).year + 1))


def diary(
    person: Person, lo: datetime, hi: datetime, *, timezone: str, max_occurrences: int
) -> Diary:
    """``person``'s absences that overlap ``[lo, hi)`` (widened a little)."""
    name = person.timezone or timezone
    tz = zone(name)
    start, end = utc(lo) - _MARGIN, utc(hi) + _MARGIN
    book = Diary(person)
    spans = book.spans
    for r in person.unavailable:
        s, e = utc(day_start(r.start, tz)), utc(day_start(r.end, tz))
        if s < end and start < e:
            spans.append(Away(s, e, Unavailability.LEAVE, f"on leave {_days(r.start, r.end)}"))
    if person.holidays is not None:
        spans.extend(_holiday_spans(person.holidays, tz, start, end))
    for index, absence in enumerate(person.away):
        recurring = absence.schedule is not None
        what = absence.title or ("away" if recurring else "on leave")
        for p in absence.periods(
            start,
            end,
            timezone=name,
            owner=f"people {person.id!r} away[{index}]",
            max_occurrences=max_occurrences,
        ):
            s, e = utc(p.start), utc(p.end)
            local_s, local_e = p.start.astimezone(tz), p.end.astimezone(tz)
            if recurring:
                detail = f"{what} ({local_s:%a %H:%M} to {local_e:%a %H:%M} {local_s:%Z})"
            elif local_s.time() == local_e.time() == datetime.min.time():
                detail = f"{what} {_days(local_s.date(), local_e.date())}"
            else:
                detail = f"{what} {local_s:%Y-%m-%d %H:%M} to {local_e:%Y-%m-%d %H:%M %Z}"
            reason = Unavailability.AWAY if recurring else Unavailability.LEAVE
            spans.append(Away(s, e, reason, detail))
    book.close()
    return book


def _holiday_spans(
    source: PersonHolidays, tz: object, start: datetime, end: datetime
) -> Iterable[Away]:
    for first, last, title in _holidays(
        source.country, source.subdiv, source.observed, _years(start, end)
    ):
        s, e = utc(day_start(first, tz)), utc(day_start(last, tz))  # type: ignore[arg-type]
        if s < end and start < e:
            yield Away(s, e, Unavailability.HOLIDAY, f"off on {title} {_days(first, last)}")


@dataclass(frozen=True, slots=True)
class OnCall:
    """A rotation's turns over a horizon: its hand-off instants (UTC) and overrides."""

    rotation: Rotation
    handoffs: tuple[datetime, ...]
    overrides: tuple[tuple[datetime, datetime, str], ...]

    def turn(self, at: datetime) -> int | None:
        """The number of the turn in force at ``at`` (UTC), counted from the first hand-off
        (``None``: before it)."""
        k = bisect_right(self.handoffs, at) - 1
        return None if k < 0 else k // self.rotation.turn

    def on_call(self, at: datetime, nth: int = 0) -> str | None:
        """Who is on call at ``at`` (``nth`` > 0: the one that many turns later, who is next
        in line); ``None`` before the first hand-off."""
        if nth == 0:
            for s, e, person in self.overrides:
                if s <= at < e:
                    return person
        turn = self.turn(at)
        if turn is None:
            return None
        people = self.rotation.people
        return people[(turn + nth) % len(people)]


def rotations(
    listed: Sequence[Rotation], hi: datetime, *, timezone: str, max_occurrences: int
) -> dict[str, OnCall]:
    """Each rotation's turns up to ``hi``, by role."""
    out: dict[str, OnCall] = {}
    for index, rotation in enumerate(listed):
        name = rotation.handoff.timezone or timezone
        tz = zone(name)
        first = rotation.handoff.starts_on
        assert first is not None  # a rotation's schedule has one
        handoffs = tuple(
            m[0]
            for m in matches(
                rotation.handoff,
                day_start(first, tz),
                max(utc(hi) + _MARGIN, utc(day_start(first, tz)) + timedelta(days=1)),
                timezone=name,
                max_occurrences=max_occurrences,
                owner=f"rotations[{index}] ({rotation.id}) handoff",
            )
        )
        overrides = tuple(
            (_instant(o.start, tz), _instant(o.end, tz), o.person) for o in rotation.overrides
        )
        out[rotation.role] = OnCall(rotation, handoffs, overrides)
    return out


def _instant(moment: datetime, tz: object) -> datetime:
    if moment.tzinfo is None:
        return utc(localize(moment, tz)[0])  # type: ignore[arg-type]
    return utc(moment)
