"""An independent reading of who can run each window, checked against maintwin's crews.

Availability is worked out here by brute force, minute by minute: a person is away at an
instant when its local date, on the person's own clock, is a day off (``unavailable``, a
whole-day absence, a public holiday read straight from the ``holidays`` package), or when a
timed or recurring absence covers it. Recurring absences and rotation hand-offs are expanded
with ``dateutil.rrule`` and ``zoneinfo`` (a local time that does not exist is moved forward by
the gap, one that occurs twice is its first), never with maintwin's own recurrence code. Every
instant maintwin and the drawn scenarios deal in is on the whole minute, so checking each
minute of a window is checking all of it.

Then, window by window in the order they are crewed (UTC start, end, subsystem, id):

* an open window that needs a crew has a valid one (each duty's person has the role, is free,
  is on duty in no overlapping window crewed before, all different; a rotated role's
  primaries are the person on call and the next in line), as many of its seats filled as can
  be, and fairly chosen: nobody free who has fewer duties so far (ties by id) could take a
  seat of someone on it;
* a window blocked by a staffing gap could not have had one: every assignment of the people
  free for it (``itertools.product``) leaves a primary empty, or, when a missing backup is an
  error, a backup; and each gap names a role that one of the best assignments leaves short.

With a plan, its windows have the same crews plus duties for changes' own people, each free,
nobody in two overlapping windows, and every placed change has its people. Nothing here
imports ``maintwin._expansion`` or ``maintwin._planning``.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import holidays
from dateutil.rrule import rrulestr

import maintwin
from maintwin import Absence, Duty, Person, Rotation, Scenario, StaffingGap, Unavailability, Window

MINUTE = timedelta(minutes=1)
MARGIN = timedelta(days=3)


def utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def settle(local: datetime, tz: ZoneInfo) -> datetime:
    """The instant a naive local time names: the first when it occurs twice; one that does not
    exist moves forward by the gap (PEP 495: read with the offset before the change)."""
    return utc(local.replace(tzinfo=tz, fold=0))


def whole_minutes(moment: datetime) -> bool:
    return moment.second == 0 and moment.microsecond == 0


@cache
def _holidays(
    country: str, subdiv: str | None, observed: bool, years: tuple[int, ...]
) -> frozenset[date]:
    return frozenset(
        holidays.country_holidays(country, subdiv=subdiv, years=years, observed=observed)
    )


def _recurrences(
    rule: str, at: datetime, lo: datetime, hi: datetime, tz: ZoneInfo
) -> Iterator[datetime]:
    """The naive local starts of ``rule`` (naming its days: no INTERVAL or COUNT) from ``at``
    (naive) whose instants lie in ``[lo, hi)``, nearly: a day either side."""
    assert "INTERVAL" not in rule, rule
    assert "COUNT" not in rule, rule
    hi_local = hi.astimezone(tz).replace(tzinfo=None) + timedelta(days=1)
    for local in rrulestr(f"RRULE:{rule}", dtstart=at):
        if local > hi_local:
            return
        yield local


@dataclass
class Diary:
    """One person's time away: days off (local dates) and timed spans (UTC)."""

    zone: ZoneInfo
    days: dict[date, set[Unavailability]] = field(default_factory=dict)
    spans: list[tuple[datetime, datetime, Unavailability]] = field(default_factory=list)

    def reasons(self, start: datetime, end: datetime) -> set[Unavailability]:
        """Why the person is away at some minute of ``[start, end)``; empty: free."""
        found: set[Unavailability] = set()
        near = [(s, e, why) for s, e, why in self.spans if s < end + MINUTE and start < e + MINUTE]
        moment = start
        while moment < end:
            found |= self.days.get(moment.astimezone(self.zone).date(), set())
            found |= {why for s, e, why in near if s <= moment < e}
            moment += MINUTE
        return found


def diary(person: Person, scenario: Scenario, lo: datetime, hi: datetime) -> Diary:
    """``person``'s time away around ``[lo, hi)``, read from their fields alone."""
    tz = ZoneInfo(person.timezone or scenario.timezone)
    book = Diary(tz)

    def off(day: date, why: Unavailability) -> None:
        book.days.setdefault(day, set()).add(why)

    for r in person.unavailable:
        for k in range((r.end - r.start).days):
            off(r.start + timedelta(days=k), Unavailability.LEAVE)
    if person.holidays is not None:
        h = person.holidays
        years = tuple(range((lo - MARGIN).year, (hi + MARGIN).year + 1))
        for day in _holidays(h.country, h.subdiv, h.observed, years):
            off(day, Unavailability.HOLIDAY)
    for absence in person.away:
        _absence(book, absence, tz, lo, hi)
    return book


def _absence(book: Diary, a: Absence, tz: ZoneInfo, lo: datetime, hi: datetime) -> None:
    if a.schedule is None:
        if isinstance(a.start, datetime):
            assert isinstance(a.end, datetime)
            assert whole_minutes(a.start), a
            assert whole_minutes(a.end), a
            book.spans.append((utc(a.start), utc(a.end), Unavailability.LEAVE))
            return
        assert isinstance(a.start, date)
        last = a.end if isinstance(a.end, date) else a.start + timedelta(days=1)
        for k in range((last - a.start).days):
            book.days.setdefault(a.start + timedelta(days=k), set()).add(Unavailability.LEAVE)
        return
    s, duration = a.schedule, a.duration
    assert duration is not None
    assert (s.offset_days, s.exclude, s.ends_on) == (0, (), None), s
    zone = ZoneInfo(s.timezone) if s.timezone else tz
    first = (lo - MARGIN - duration).astimezone(zone).date()
    if s.starts_on is not None:
        first = max(first, s.starts_on)
    anchor = datetime.combine(first, s.at)
    whole_days = duration % timedelta(days=1) == timedelta(0)
    for local in _recurrences(s.rrule, anchor, lo - MARGIN, hi + MARGIN, zone):
        start = settle(local, zone)
        # Whole days count on the wall clock (P1D from midnight ends at the next midnight);
        # anything else is elapsed time.
        end = settle(local + duration, zone) if whole_days else start + duration
        book.spans.append((start, end, Unavailability.AWAY))


@dataclass
class OnCall:
    """A rotation's hand-offs (UTC, sorted) and its overrides, from its own fields."""

    rotation: Rotation
    handoffs: list[datetime]
    overrides: list[tuple[datetime, datetime, str]]

    def at(self, moment: datetime, nth: int = 0) -> str | None:
        if nth == 0:
            for start, end, person in self.overrides:  # the first that covers it wins
                if start <= moment < end:
                    return person
        done = sum(1 for h in self.handoffs if h <= moment)
        if not done:
            return None
        people = self.rotation.people
        return people[((done - 1) // self.rotation.turn + nth) % len(people)]


def on_call(rotation: Rotation, scenario: Scenario, hi: datetime) -> OnCall:
    s = rotation.handoff
    tz = ZoneInfo(s.timezone or scenario.timezone)
    assert s.starts_on is not None, s
    assert (s.offset_days, s.exclude) == (0, ()), s
    anchor = datetime.combine(s.starts_on, s.at)
    handoffs = []
    for local in _recurrences(s.rrule, anchor, utc(anchor.replace(tzinfo=tz)), hi + MARGIN, tz):
        if s.ends_on is not None and local.date() > s.ends_on:
            break
        handoffs.append(settle(local, tz))
    overrides = [
        (
            settle(o.start, tz) if o.start.tzinfo is None else utc(o.start),
            settle(o.end, tz) if o.end.tzinfo is None else utc(o.end),
            o.person,
        )
        for o in rotation.overrides
    ]
    return OnCall(rotation, sorted(handoffs), overrides)


@dataclass(frozen=True)
class Need:
    needs: dict[str, int]
    backups: dict[str, int]

    @property
    def roles(self) -> list[str]:
        return sorted({r for r, n in (*self.needs.items(), *self.backups.items()) if n})


def need_of(window: Window, scenario: Scenario) -> Need | None:
    """A window's own train's ``[[staffing]]``; for a one-off window or a train without one,
    the most of each role any train of its subsystem needs."""
    by_train = {s.train: s for s in scenario.staffing}
    if window.source in by_train:
        own = by_train[window.source]
        return Need(dict(own.needs), dict(own.backups))
    theirs = [
        by_train[t.id]
        for t in scenario.trains
        if t.subsystem == window.subsystem and t.id in by_train
    ]
    if not theirs:
        return None
    needs: Counter[str] = Counter()
    backups: Counter[str] = Counter()
    for s in theirs:
        needs |= Counter(s.needs)
        backups |= Counter(s.backups)
    return Need(dict(needs), dict(backups))


@dataclass(frozen=True)
class Seat:
    role: str
    backup: bool
    candidates: tuple[str, ...]  # sorted


def assignments(seats: Sequence[Seat]) -> Iterator[tuple[str | None, ...]]:
    """Every assignment of one of its candidates, or nobody, to each seat, all different
    people: the product of the seats' choices without the picks that repeat someone."""

    def rest(index: int, used: frozenset[str]) -> Iterator[tuple[str | None, ...]]:
        if index == len(seats):
            yield ()
            return
        for person in (*seats[index].candidates, None):
            if person is None:
                for tail in rest(index + 1, used):
                    yield (None, *tail)
            elif person not in used:
                for tail in rest(index + 1, used | {person}):
                    yield (person, *tail)

    return rest(0, frozenset())


def best_assignments(
    seats: Sequence[Seat],
) -> tuple[tuple[int, int], list[tuple[str | None, ...]]]:
    """By brute force over :func:`assignments`: the best score (primaries filled, then seats
    filled) and every assignment that reaches it."""
    best = (-1, -1)
    found: list[tuple[str | None, ...]] = []
    for pick in assignments(seats):
        score = (
            sum(1 for s, p in zip(seats, pick, strict=True) if p is not None and not s.backup),
            sum(1 for p in pick if p is not None),
        )
        if score > best:
            best, found = score, [pick]
        elif score == best:
            found.append(pick)
    return best, found


class Disagreement(AssertionError):
    """The oracle and maintwin disagree about a window."""


def _fail(window: Window, message: str) -> None:
    raise Disagreement(f"window {window.id}: {message}")


@dataclass
class Oracle:
    """The oracle's reading of one scenario over the windows it is given."""

    scenario: Scenario
    windows: Sequence[Window]
    diaries: dict[str, Diary] = field(default_factory=dict)
    rotas: dict[str, OnCall] = field(default_factory=dict)
    counts: Counter[str] = field(default_factory=Counter)
    checked: Counter[str] = field(default_factory=Counter)

    def __post_init__(self) -> None:
        if not self.windows:
            return
        lo = min(utc(w.start) for w in self.windows)
        hi = max(utc(w.end) for w in self.windows)
        self.people = {p.id: p for p in self.scenario.people}
        self.diaries = {p.id: diary(p, self.scenario, lo, hi) for p in self.scenario.people}
        self.rotas = {r.role: on_call(r, self.scenario, hi) for r in self.scenario.rotations}

    def order(self) -> list[Window]:
        return sorted(self.windows, key=lambda w: (utc(w.start), utc(w.end), w.subsystem, w.id))

    def blackouts(self, window: Window) -> tuple[str, ...]:
        gaps = {g.id for g in window.gaps}
        return tuple(b for b in window.blocked_by if b not in gaps)

    def check(self) -> None:
        """Raise :class:`Disagreement` at the first window maintwin crewed otherwise."""
        busy: list[tuple[datetime, datetime, str]] = []  # (start, end, person) on train duty
        for w in self.order():
            start, end = utc(w.start), utc(w.end)
            assert whole_minutes(start), w
            assert whole_minutes(end), w
            own = [d for d in w.crew if not d.changes]
            need = need_of(w, self.scenario)
            if self.blackouts(w) or need is None:
                if own or w.gaps:
                    _fail(w, "blocked by a blackout or needing nobody, yet crewed or with gaps")
                self.checked["no crew needed"] += 1
                continue
            taken = {p for s, e, p in busy if s < end and start < e}
            eligible = {
                r: tuple(
                    sorted(
                        pid
                        for pid, person in self.people.items()
                        if r in person.roles
                        and pid not in taken
                        and not self.diaries[pid].reasons(start, end)
                    )
                )
                for r in need.roles
            }
            seats = self.seats(need, eligible, start)
            self.window(w, need, seats, eligible, taken, own)
            for d in own:
                busy.append((start, end, d.person))
                self.counts[d.person] += 1

    def seats(self, need: Need, eligible: dict[str, tuple[str, ...]], at: datetime) -> list[Seat]:
        out = []
        for backup in (False, True):
            for role in need.roles:
                for k in range((need.backups if backup else need.needs).get(role, 0)):
                    candidates = eligible[role]
                    if not backup and role in self.rotas:
                        who = self.rotas[role].at(at, k)
                        candidates = (who,) if who in candidates else ()
                    out.append(Seat(role, backup, candidates))
        return out

    def window(
        self,
        w: Window,
        need: Need,
        seats: list[Seat],
        eligible: dict[str, tuple[str, ...]],
        taken: set[str],
        own: list[Duty],
    ) -> None:
        policy = self.scenario.policy.missing_backup
        primaries = sum(1 for s in seats if not s.backup)
        staffing = [b for b in w.blocked_by if b in {g.id for g in w.gaps}]
        fits = self._fits(seats, own) if not staffing else None
        if fits is not None:  # a full crew, checked: no need to search
            best: tuple[int, int] = (primaries, len(seats))
            found: list[tuple[str | None, ...]] = [fits]
        else:
            best, found = best_assignments(seats)
        blocks = best[0] < primaries or (
            policy is maintwin.Enforcement.ERROR and best[1] < len(seats)
        )
        if staffing:
            if not blocks:
                _fail(w, f"blocked by {staffing}, but {found[0]} crews it ({seats})")
            if own:
                _fail(w, "blocked by a staffing gap, yet crewed")
            self.checked["blocked, no crew exists"] += 1
        else:
            if blocks:
                _fail(w, f"open, but no crew exists: at best {best} of {seats}")
            self._crew(w, seats, own, best, eligible)
            self.checked["crewed"] += 1
        self._gaps(w, need, seats, found, eligible, taken, staffing)

    def _fits(self, seats: list[Seat], own: list[Duty]) -> tuple[str | None, ...] | None:
        """``own`` as an assignment filling every seat, when it is one."""
        if len(own) != len(seats):
            return None
        pick: list[str | None] = []
        pool = list(own)
        for s in seats:
            d = next(
                (d for d in pool if d.role == s.role and d.backup == s.backup),
                None,
            )
            if d is None or d.person not in s.candidates:
                return None
            pool.remove(d)
            pick.append(d.person)
        return tuple(pick) if len(set(pick)) == len(pick) else None

    def _crew(
        self,
        w: Window,
        seats: list[Seat],
        own: list[Duty],
        best: tuple[int, int],
        eligible: dict[str, tuple[str, ...]],
    ) -> None:
        persons = [d.person for d in own]
        if len(set(persons)) != len(persons):
            _fail(w, f"someone serves twice: {persons}")
        if len(own) != best[1]:
            _fail(w, f"{len(own)} on the crew where {best[1]} of {len(seats)} seats can be filled")
        wanted = Counter((s.role, s.backup) for s in seats)
        have = Counter((d.role, d.backup) for d in own)
        if have - wanted:
            _fail(w, f"seats no one asked for: {have - wanted}")
        for d in own:
            if d.person not in eligible.get(d.role, ()):
                _fail(w, f"{d.person} is not free to serve as {d.role}")
        for role, oncall in self.rotas.items():
            mine = [d.person for d in own if d.role == role and not d.backup]
            for k, person in enumerate(mine):
                if person != oncall.at(utc(w.start), k):
                    _fail(w, f"{person} is {role} primary, not the one on call ({k})")
        # Fair: nobody free with fewer duties so far (ties by id) could take someone's seat.
        for d in own:
            if not d.backup and d.role in self.rotas:
                continue
            rank = (self.counts[d.person], d.person)
            for q in eligible[d.role]:
                if q not in persons and (self.counts[q], q) < rank:
                    _fail(w, f"{q} ({self.counts[q]} duties) could serve as {d.role} for {rank}")

    def _gaps(
        self,
        w: Window,
        need: Need,
        seats: list[Seat],
        found: list[tuple[str | None, ...]],
        eligible: dict[str, tuple[str, ...]],
        taken: set[str],
        staffing: list[str],
    ) -> None:
        policy = self.scenario.policy.missing_backup
        day = w.start.astimezone(ZoneInfo(w.timezone)).date()

        ids = [g.id for g in w.gaps]
        if len(set(ids)) != len(ids):
            _fail(w, f"gaps listed twice: {ids}")
        if staffing and not any(
            not g.backup_only or policy is maintwin.Enforcement.ERROR
            for g in w.gaps
            if g.id in staffing
        ):
            _fail(w, f"blocked by {staffing}, none of which is a missing primary or error")
        if not staffing and any(not g.backup_only for g in w.gaps):
            _fail(w, "open with a gap of primaries")
        if not staffing and w.gaps and policy is not maintwin.Enforcement.WARNING:
            _fail(w, f"open with gaps under missing_backup={policy.value}")
        for g in w.gaps:
            short = _short(seats, found, g.role, g.backup_only)
            self._gap(w, g, need, day, short, eligible, taken)
        self.checked["gaps"] += len(w.gaps)

    def _gap(
        self,
        w: Window,
        g: StaffingGap,
        need: Need,
        day: date,
        short: bool,
        eligible: dict[str, tuple[str, ...]],
        taken: set[str],
    ) -> None:
        role = g.role
        if role not in need.roles:
            _fail(w, f"gap {g.id} of a role it does not need")
        if g.id != f"staffing-{role}-{day.isoformat()}" or g.day != day:
            _fail(w, f"gap {g.id} on {g.day}, not staffing-{role}-{day}")
        wanted = need.needs.get(role, 0) + need.backups.get(role, 0)
        if (g.needed, g.backups) != (wanted, need.backups.get(role, 0)):
            _fail(w, f"gap {g.id} says {g.needed} ({g.backups} backups), the train {need}")
        if not short:
            kind = "backup" if g.backup_only else "primary"
            _fail(w, f"gap {g.id}: no best crew leaves a {role} {kind} seat empty")
        if len(g.found) >= g.needed or not set(g.found) <= set(eligible[role]):
            _fail(w, f"gap {g.id} found {g.found}, of the free {eligible[role]}")
        holders = {p for p, person in self.people.items() if role in person.roles}
        for m in g.missing:
            if m.person not in holders or m.person in g.found:
                _fail(w, f"gap {g.id}: {m.person} is missing, but is found or lacks the role")
            why = self.diaries[m.person].reasons(utc(w.start), utc(w.end))
            if m.reason in (Unavailability.LEAVE, Unavailability.HOLIDAY, Unavailability.AWAY):
                if m.reason not in why:
                    _fail(w, f"gap {g.id}: {m.person} is {m.reason.value}, the oracle: {why}")
            elif m.reason is Unavailability.DOUBLE_BOOKED and m.person not in taken:
                _fail(w, f"gap {g.id}: {m.person} is on no overlapping crew")
            elif m.reason is Unavailability.ROTATION and role not in self.rotas:
                _fail(w, f"gap {g.id}: {m.person} is not on call, but {role} has no rotation")


def _short(
    seats: Sequence[Seat], found: Sequence[tuple[str | None, ...]], role: str, backup: bool
) -> bool:
    """Some best assignment leaves a seat of ``role`` empty: a primary, or (``backup``) a
    backup while the role's primaries are all filled."""
    for pick in found:
        mine = [(s, p) for s, p in zip(seats, pick, strict=True) if s.role == role]
        primaries_full = all(p is not None for s, p in mine if not s.backup)
        if not backup and not primaries_full:
            return True
        if backup and primaries_full and any(p is None for s, p in mine if s.backup):
            return True
    return False


def check_windows(scenario: Scenario, windows: Sequence[Window]) -> Counter[str]:
    """Check ``scenario.windows()`` (or a plan's windows) against the oracle; what it checked."""
    oracle = Oracle(scenario, windows)
    oracle.check()
    return oracle.checked


# The conflicts by which a plan reports a kept change whose people are not there.
_KEPT_CODES = {
    maintwin.ConflictCode.STAFFING_GAP,
    maintwin.ConflictCode.MISSING_BACKUP,
    maintwin.ConflictCode.OWNER_ABSENT,
    maintwin.ConflictCode.IN_BLACKOUT,
}


def check_plan(plan: maintwin.Plan, expanded: Sequence[Window]) -> None:
    """A plan's windows: the crews of ``expanded`` (the scenario's windows) plus duties for
    changes' own people, each free, nobody in two overlapping windows; and every placed
    change has its people."""
    scenario = plan.scenario
    oracle = Oracle(scenario, plan.windows)
    mine = {w.id: w for w in expanded}
    spans = []
    for w in plan.windows:
        train = tuple(d for d in w.crew if not d.changes)
        if train != mine[w.id].crew or w.blocked_by != mine[w.id].blocked_by:
            _fail(w, f"the plan's crew {train} is not expansion's {mine[w.id].crew}")
        start, end = utc(w.start), utc(w.end)
        for d in w.crew:
            spans.append((start, end, d.person, w.id))
            if d.changes and oracle.diaries[d.person].reasons(start, end):
                _fail(w, f"{d.person} joins for {d.changes} but is away")
            if d.changes and d.role != "owner" and d.role not in oracle.people[d.person].roles:
                _fail(w, f"{d.person} joins as {d.role} without the role")
    for (s1, e1, p1, w1), (s2, e2, p2, w2) in itertools.combinations(spans, 2):
        if p1 == p2 and s1 < e2 and s2 < e1:
            raise Disagreement(f"{p1} is in {w1} and {w2} at once")
    windows = {w.id: w for w in plan.windows}
    changes = {c.id: c for c in scenario.changes}
    reported = {
        cid
        for c in plan.conflicts
        if c.code in _KEPT_CODES and c.severity is maintwin.Severity.ERROR
        for cid in c.changes
    }
    for a in plan.assignments:
        change, w = changes[a.change], windows[a.window]
        if a.lock is not None and a.change in reported:
            continue  # kept where it was pinned or announced, and reported
        if w.blocked_by:
            _fail(w, f"{change.id} rides in it, blocked by {w.blocked_by}")
        crew = w.crew
        for role, n in change.needs.items():
            if sum(1 for d in crew if d.role == role and not d.backup) < n:
                _fail(w, f"{change.id} rides without {n} {role}")
        if scenario.policy.missing_backup is maintwin.Enforcement.ERROR:
            for role, n in change.backups.items():
                if sum(1 for d in crew if d.role == role and d.backup) < n:
                    _fail(w, f"{change.id} rides without {n} {role} backup")
        if change.owner is not None and change.owner not in {d.person for d in crew}:
            _fail(w, f"{change.id} rides without its owner {change.owner}")
