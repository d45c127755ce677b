"""The invariants' own reading of people and crews (pure): when each person is away, who is on
call, what each window needs, and how many of a window's seats can be filled at most.

All re-derived here from the scenario's fields. Only the models' own expansions are used (an
absence's periods, a schedule's occurrences, a country's holidays); nothing of maintwin's
crewing, so that the invariants can judge it.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cache, cached_property
from zoneinfo import ZoneInfo

from .. import Person, Rotation, Scenario, Staffing, Window
from .._model.holiday import holiday_blackouts

__all__ = ["Need", "People", "Seat", "most_filled", "seats"]

# Absences and hand-offs are read this far beyond the windows: days are read in every zone.
_MARGIN = timedelta(days=3)


def _instant(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _midnight(day: date, tz: ZoneInfo) -> datetime:
    """The instant the local ``day`` starts (a midnight that does not exist: PEP 495 reads it
    with the offset before the change, which is the instant the clocks change)."""
    return _instant(datetime.combine(day, time(), tzinfo=tz))


@cache
def _holidays(
    country: str, subdiv: str | None, observed: bool, years: tuple[int, ...]
) -> tuple[tuple[date, date, str], ...]:
    found = holiday_blackouts(country, subdiv, years=years, observed=observed)
    return tuple((b.start, b.end, b.title) for b in found)  # type: ignore[misc]


@dataclass(frozen=True)
class Need:
    """What a window needs: primaries and backups per role."""

    needs: Mapping[str, int]
    backups: Mapping[str, int]

    @property
    def roles(self) -> tuple[str, ...]:
        return tuple(
            sorted(
                {r for r, n in self.needs.items() if n} | {r for r, n in self.backups.items() if n}
            )
        )


@dataclass(frozen=True)
class Seat:
    """One seat of a window: a role, primary or backup, and who may take it."""

    role: str
    backup: bool
    candidates: frozenset[str]


def seats(
    need: Need, eligible: Mapping[str, frozenset[str]], fixed: Mapping[str, list[str | None]]
) -> list[Seat]:
    """The seats of ``need``, primaries first; ``eligible[role]`` are the people free to take
    the role; ``fixed[role]`` the person each primary seat of a rotated role must have (the one
    on call, the next in line, ...)."""
    out = []
    for backup in (False, True):
        for role in need.roles:
            count = (need.backups if backup else need.needs).get(role, 0)
            for k in range(count):
                free = eligible.get(role, frozenset())
                if not backup and role in fixed:
                    who = fixed[role][k]
                    free = frozenset({who}) & free if who is not None else frozenset()
                out.append(Seat(role, backup, free))
    return out


def most_filled(seats: Sequence[Seat]) -> tuple[int, int]:
    """How many of the primary seats, and then of all seats, distinct people can fill at most
    (a bipartite matching, primaries first: augmenting never empties a filled seat)."""
    holder: dict[str, int] = {}

    def place(s: int, seen: set[str]) -> bool:
        for person in sorted(seats[s].candidates):
            if person in seen:
                continue
            seen.add(person)
            if person not in holder or place(holder[person], seen):
                holder[person] = s
                return True
        return False

    primaries = total = 0
    for s, seat in enumerate(seats):
        if place(s, set()):
            total += 1
            primaries += not seat.backup
    return primaries, total


@dataclass
class _OnCall:
    rotation: Rotation
    handoffs: list[datetime]
    overrides: list[tuple[datetime, datetime, str]]

    def at(self, moment: datetime, nth: int = 0) -> str | None:
        if nth == 0:
            for start, end, person in self.overrides:
                if start <= moment < end:
                    return person
        count = bisect_right(self.handoffs, moment)
        if not count:
            return None
        people = self.rotation.people
        return people[((count - 1) // self.rotation.turn + nth) % len(people)]


@dataclass
class People:
    """The people of a scenario over the instants ``[lo, hi)`` (UTC): when each is away, who
    is on call for each rotated role, and what each window needs."""

    scenario: Scenario
    lo: datetime
    hi: datetime
    _away: dict[str, list[tuple[datetime, datetime, str]]] = field(default_factory=dict)
    _oncall: dict[str, _OnCall] | None = None

    @cached_property
    def people(self) -> dict[str, Person]:
        """The scenario's people, by id."""
        return {p.id: p for p in self.scenario.people}

    @cached_property
    def _staffing(self) -> dict[str, Staffing]:
        return {s.train: s for s in self.scenario.staffing}

    def zone(self, person: Person) -> ZoneInfo:
        return ZoneInfo(person.timezone or self.scenario.timezone)

    def _spans(self, person: Person) -> list[tuple[datetime, datetime, str]]:
        tz = self.zone(person)
        lo, hi = self.lo - _MARGIN, self.hi + _MARGIN
        out = [
            (_midnight(r.start, tz), _midnight(r.end, tz), f"on leave {_days(r.start, r.end)}")
            for r in person.unavailable
        ]
        if person.holidays is not None:
            h = person.holidays
            years = tuple(range(lo.year, hi.year + 1))
            for first, last, title in _holidays(h.country, h.subdiv, h.observed, years):
                why = f"off on {title} {_days(first, last)}"
                out.append((_midnight(first, tz), _midnight(last, tz), why))
        for index, absence in enumerate(person.away):
            for p in absence.periods(
                lo,
                hi,
                timezone=tz.key,
                owner=f"people {person.id!r} away[{index}]",
                max_occurrences=self.scenario.policy.max_occurrences,
            ):
                what = absence.title or "away"
                out.append((_instant(p.start), _instant(p.end), f"{what} {p.start} to {p.end}"))
        return out

    def away(self, person: str, start: datetime, end: datetime) -> str | None:
        """Why ``person`` is away at some instant of ``[start, end)`` (UTC), or ``None``."""
        found = self._away.get(person)
        if found is None:
            found = self._away[person] = self._spans(self.people[person])
        for s, e, why in found:
            if s < end and start < e:
                return why
        return None

    def _rotations(self) -> dict[str, _OnCall]:
        if self._oncall is None:
            self._oncall = {}
            for r in self.scenario.rotations:
                zone = r.handoff.timezone or self.scenario.timezone
                tz = ZoneInfo(zone)
                assert r.handoff.starts_on is not None  # a rotation's schedule has one
                first = _midnight(r.handoff.starts_on, tz)
                handoffs = [
                    _instant(o.start)
                    for o in r.handoff.occurrences(
                        first,
                        max(self.hi + _MARGIN, first + timedelta(days=1)),
                        timezone=zone,
                        max_occurrences=self.scenario.policy.max_occurrences,
                    )
                ]
                overrides = [
                    (_local(o.start, tz), _local(o.end, tz), o.person) for o in r.overrides
                ]
                self._oncall[r.role] = _OnCall(r, handoffs, overrides)
        return self._oncall

    def rotated(self, role: str) -> bool:
        return role in self._rotations()

    def on_call(self, role: str, at: datetime, nth: int = 0) -> str | None:
        """Who is on call for ``role`` at ``at`` (UTC), or ``nth`` turns later (the next in
        line, who does not swap); ``None`` before the first hand-off."""
        return self._rotations()[role].at(at, nth)

    def need(self, window: Window) -> Need | None:
        """What ``window`` needs: its train's ``[[staffing]]``; for a one-off window, or a
        train without one, its subsystem's (the most of each role any of the subsystem's
        trains needs, whatever the order they are listed in); ``None``: nothing."""
        by_train = self._staffing
        found = by_train.get(window.source)
        if found is not None:
            return Need(dict(found.needs), dict(found.backups))
        mine = [
            by_train[t.id]
            for t in self.scenario.trains
            if t.subsystem == window.subsystem and t.id in by_train
        ]
        if not mine:
            return None
        return Need(_most(s.needs for s in mine), _most(s.backups for s in mine))


def _days(first: date, end: date) -> str:
    """``2027-05-10 to 2027-05-16`` for the whole days ``[first, end)``; one day alone."""
    last = end - timedelta(days=1)
    return str(first) if last == first else f"{first} to {last}"


def _most(counts: Iterable[Mapping[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for c in counts:
        for role, n in c.items():
            out[role] = max(out.get(role, 0), n)
    return out


def _local(moment: datetime, tz: ZoneInfo) -> datetime:
    """An override's bound: aware, or a local wall-clock time in ``tz`` (a time that occurs
    twice: its first; one that does not exist: PEP 495 moves it forward)."""
    return _instant(moment if moment.tzinfo is not None else moment.replace(tzinfo=tz, fold=0))
