"""Crews: who runs each open window, what a window is short of, and who could join it for a
change's own needs (pure).

The windows are crewed in the order they start. Each window of a train with ``[[staffing]]``
has seats: ``needs`` primaries and ``backups`` per role, all different people. A role with a
rotation takes the person on call (and, for a second primary, the next in line); any other
seat takes, of the people with the role who are free for the whole window and on duty in no
overlapping window, the one with the fewest duties so far in the horizon (ties by id). Roles
whose own people are away are seated last, so that the gap a window has is the gap its absences
cause. A window that cannot seat a primary, or a backup when ``Policy.missing_backup`` is
``error``, runs no change: it is blocked by a gap ``staffing-<role>-<date>``.

A change that needs people of its own (``needs``, ``backups``, ``owner``) is met by the
window's crew, or by people who join it from the window's *pool*: those with a role some change
of the subsystem needs (or its owners) who are free for the window, on no crew at the time,
and on standby for no earlier overlapping window (so nobody can be asked to be in two places).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .._model.change import Change
from .._model.crew import Duty, Missing, StaffingGap, Unavailability
from .._model.ids import dated_id
from .._model.people import Person, Staffing
from .._model.policy import Enforcement
from .._model.train import ReleaseTrain
from .._model.types import FrozenDict
from .._model.window import Window, local_day
from .inputs import Inputs
from .people import Diary, OnCall, diary, rotations
from .seats import seat

__all__ = [
    "Crewing",
    "Needs",
    "Roster",
    "Want",
    "crew",
    "crewless",
    "gap_text",
    "staffing_of",
    "want",
]


@dataclass(frozen=True, slots=True)
class Want:
    """What one change needs of people, on top of its train's crew."""

    change: str
    needs: Mapping[str, int]
    backups: Mapping[str, int]
    owner: str | None


def want(change: Change) -> Want | None:
    """What ``change`` needs of people (``None``: nothing of its own)."""
    needs = {r: n for r, n in change.needs.items() if n}
    backups = {r: n for r, n in change.backups.items() if n}
    if not needs and not backups and change.owner is None:
        return None
    return Want(change.id, needs, backups, change.owner)


@dataclass(slots=True)
class Crewing:
    """One open window as the crew rule sees it: its crew, its gaps and its pool."""

    window: str
    subsystem: str
    start: datetime
    end: datetime
    day: date
    duties: tuple[Duty, ...] = ()
    gaps: tuple[StaffingGap, ...] = ()
    blocking: bool = False
    """A gap keeps the window from running."""
    pool: tuple[str, ...] = ()


@dataclass(slots=True)
class Roster:
    """Everything the crew rule knows of a horizon: people, their diaries, the rotations, and
    each open window's :class:`Crewing` (windows blocked by blackouts have none)."""

    people: dict[str, Person]
    timezone: str
    max_occurrences: int
    lo: datetime
    hi: datetime
    oncall: dict[str, OnCall]
    windows: dict[str, Crewing] = field(default_factory=dict)
    by_role: dict[str, list[str]] = field(default_factory=dict)
    _diaries: dict[str, Diary] = field(default_factory=dict)
    on_duty: dict[str, list[tuple[datetime, datetime, str]]] = field(default_factory=dict)
    standby: dict[str, list[tuple[datetime, datetime, str]]] = field(default_factory=dict)
    count: dict[str, int] = field(default_factory=dict)

    def diary(self, person: str) -> Diary:
        found = self._diaries.get(person)
        if found is None:
            found = diary(
                self.people[person],
                self.lo,
                self.hi,
                timezone=self.timezone,
                max_occurrences=self.max_occurrences,
            )
            self._diaries[person] = found
        return found

    # -- what a change needs ------------------------------------------------------------------

    def join(self, window: str, wants: Sequence[Want]) -> tuple[Duty, ...] | None:
        """The duties people take in ``window`` on top of its crew so that every change of
        ``wants`` has its people (``()``: the crew has them); ``None`` when they cannot."""
        crewing = self.windows.get(window)
        if crewing is None:
            return None
        seats, changes = _extra_seats(crewing, wants)
        owners = [w.owner for w in wants if w.owner is not None]
        pool = crewing.pool
        first = [o for o in dict.fromkeys(owners) if o in pool]
        order = first + [p for p in pool if p not in first]
        candidates = [[p for p in order if role in self.people[p].roles] for role, _ in seats]
        picked = seat(candidates)
        if any(p is None for p in picked):
            return None
        extra = [
            Duty.trusted(person=p, role=role, backup=backup, changes=cids)
            for (role, backup), p, cids in zip(seats, picked, changes, strict=True)
            if p is not None
        ]
        present = {d.person for d in crewing.duties} | {d.person for d in extra}
        for owner in dict.fromkeys(owners):
            if owner in present:
                continue
            if owner not in pool or owner in picked:
                return None
            cids = tuple(w.change for w in wants if w.owner == owner)
            extra.append(Duty.trusted(person=owner, role="owner", backup=False, changes=cids))
            present.add(owner)
        return tuple(extra)

    def short(self, window: str, w: Want) -> str:
        """Why ``window`` cannot give the change of ``w`` its people, in words."""
        crewing = self.windows[window]
        if w.owner is not None and self.join(window, [Want(w.change, {}, {}, w.owner)]) is None:
            return f"its owner {self.why(crewing, w.owner, None)}"
        seats, _ = _extra_seats(crewing, [w])
        roles = dict.fromkeys(role for role, _ in seats)
        for role in roles:
            alone = Want(
                w.change, {role: w.needs.get(role, 0)}, {role: w.backups.get(role, 0)}, None
            )
            if self.join(window, [alone]) is not None:
                continue
            needed = w.needs.get(role, 0) + w.backups.get(role, 0)
            serving = [d.person for d in crewing.duties if d.role == role]
            free = [p for p in crewing.pool if role in self.people[p].roles]
            others = [
                self.why(crewing, p, role)
                for p in self.by_role.get(role, [])
                if p not in serving and p not in free
            ]
            return (
                f"it needs {_people(needed, w.backups.get(role, 0))} as {role}; "
                f"{_only(serving + free)}" + (f" ({', '.join(others)})" if others else "")
            )
        return "its people cannot all be on duty together there"

    def why(self, crewing: Crewing, person: str, role: str | None) -> str:
        """Why ``person`` is not free to join ``crewing``'s window, in words."""
        away = self.diary(person).away(crewing.start, crewing.end)
        if away is not None:
            return f"{person} {away.detail}"
        for d in crewing.duties:
            if d.person == person:
                return f"{person} serves as {d.role}" + (" backup" if d.backup else "")
        for s, e, wid in self.on_duty.get(person, ()):
            if s < crewing.end and crewing.start < e and wid != crewing.window:
                return f"{person} is on duty in window {wid}"
        for s, e, wid in self.standby.get(person, ()):
            if s < crewing.end and crewing.start < e and wid != crewing.window:
                return f"{person} is on standby for window {wid} at the same time"
        if role is not None and role not in self.people[person].roles:
            return f"{person} does not have the role {role}"
        return f"{person} is not free"


def _extra_seats(
    crewing: Crewing, wants: Sequence[Want]
) -> tuple[list[tuple[str, bool]], list[tuple[str, ...]]]:
    """The seats the changes of ``wants`` need beyond the window's crew (for each role, the
    most primaries and the most backups any of them needs), and which changes each is for."""
    have: dict[tuple[str, bool], int] = defaultdict(int)
    for d in crewing.duties:
        have[(d.role, d.backup)] += 1
    seats: list[tuple[str, bool]] = []
    changes: list[tuple[str, ...]] = []
    for backup in (False, True):
        most: dict[str, int] = defaultdict(int)
        for w in wants:
            for role, n in (w.backups if backup else w.needs).items():
                most[role] = max(most[role], n)
        for role in sorted(most):
            for k in range(have[(role, backup)], most[role]):
                seats.append((role, backup))
                changes.append(
                    tuple(
                        w.change
                        for w in wants
                        if (w.backups if backup else w.needs).get(role, 0) > k
                    )
                )
    return seats, changes


def _people(needed: int, backups: int) -> str:
    head = f"{needed} {'person' if needed == 1 else 'people'}"
    if backups == 1:
        return f"{head} (one a backup)"
    if backups > 1:
        return f"{head} ({backups} of them backups)"
    return head


def _only(found: Sequence[str]) -> str:
    if not found:
        return "nobody is available"
    if len(found) == 1:
        return f"only {found[0]} is available"
    return f"only {', '.join(found[:-1])} and {found[-1]} are available"


def gap_text(gap: StaffingGap) -> str:
    """``the dba role needs 2 people (one a backup); only lee is available (dana on leave
    2027-05-10 to 2027-05-16, kim serves as network)``."""
    why = ", ".join(f"{m.person} {m.detail}" for m in gap.missing)
    if not gap.found and not gap.missing:
        why = f"nobody has the role {gap.role}"
    return f"the {gap.role} role needs {_people(gap.needed, gap.backups)}; {_only(gap.found)}" + (
        f" ({why})" if why else ""
    )


@dataclass(frozen=True, slots=True)
class Needs:
    """What the windows of a scenario need of people: a train's windows, its own staffing; a
    one-off window, or a window of a train without staffing, the most of each role that any
    train of its subsystem needs (it carries the same subsystem's changes)."""

    trains: frozenset[str]
    by_train: Mapping[str, Staffing]
    by_subsystem: Mapping[str, Staffing]

    def of(self, window: Window) -> Staffing | None:
        """What ``window`` needs (``None``: nobody)."""
        if window.source in self.trains and window.source in self.by_train:
            return self.by_train[window.source]
        return self.by_subsystem.get(window.subsystem)


def staffing_of(staffing: Sequence[Staffing], trains: Sequence[ReleaseTrain]) -> Needs:
    """The :class:`Needs` of ``staffing`` for ``trains``."""
    by_train = {s.train: s for s in staffing}
    merged: dict[str, list[Staffing]] = {}
    for train in trains:
        found = by_train.get(train.id)
        if found is not None:
            merged.setdefault(train.subsystem, []).append(found)
    by_subsystem: dict[str, Staffing] = {}
    for subsystem, needs in merged.items():
        if len(needs) == 1:
            by_subsystem[subsystem] = needs[0]
            continue
        most: dict[str, int] = {}
        backups: dict[str, int] = {}
        for need in needs:
            for role, n in need.needs.items():
                most[role] = max(most.get(role, 0), n)
            for role, n in need.backups.items():
                backups[role] = max(backups.get(role, 0), n)
        by_subsystem[subsystem] = Staffing.trusted(
            train=min(n.train for n in needs),
            needs=FrozenDict(sorted(most.items())),
            backups=FrozenDict(sorted(backups.items())),
        )
    return Needs(frozenset(t.id for t in trains), by_train, by_subsystem)


def crewless(inputs: Inputs) -> bool:
    """Whether the scenario names nobody and no staffing: no window has a crew to find."""
    return not inputs.people and not inputs.staffing


def crew(
    inputs: Inputs,
    windows: Sequence[Window],
    spans: Sequence[tuple[datetime, datetime]],
    lo: datetime,
    hi: datetime,
) -> tuple[list[Window], Roster]:
    """Crew the ``windows`` (sorted by start, with their UTC ``spans``): the windows with
    their crews, gaps and staffing blocks, and the :class:`Roster` of the horizon."""
    policy = inputs.policy
    people = {p.id: p for p in inputs.people}
    roster = Roster(
        people=people,
        timezone=inputs.timezone,
        max_occurrences=policy.max_occurrences,
        lo=lo,
        hi=hi,
        oncall=rotations(
            inputs.rotations,
            hi,
            timezone=inputs.timezone,
            max_occurrences=policy.max_occurrences,
        ),
    )
    if crewless(inputs):
        for w, (s, e) in zip(windows, spans, strict=True):
            if not w.blocked:
                roster.windows[w.id] = Crewing(w.id, w.subsystem, s, e, local_day(w))
        return list(windows), roster
    for pid in sorted(people):
        for role in people[pid].roles:
            roster.by_role.setdefault(role, []).append(pid)
    needs = staffing_of(inputs.staffing, inputs.trains)
    roster.count = dict.fromkeys(people, 0)
    track = any(want(c) is not None for c in inputs.changes)
    sweep = _Sweep(roster, policy.missing_backup, track)
    out = list(windows)
    for index, (w, (start, end)) in enumerate(zip(windows, spans, strict=True)):
        if w.blocked:
            continue
        crewing = Crewing(w.id, w.subsystem, start, end, local_day(w))
        roster.windows[w.id] = crewing
        need = needs.of(w)
        if need is None:
            continue
        sweep.seat(crewing, need)
        if crewing.gaps or crewing.duties:
            blocks = tuple(g.id for g in crewing.gaps if crewing.blocking)
            out[index] = Window.trusted(
                **{
                    **w.__dict__,
                    "blocked_by": w.blocked_by + blocks,
                    "gaps": crewing.gaps,
                    "crew": crewing.duties,
                }
            )
            if crewing.blocking:
                del roster.windows[w.id]
    _pools(inputs, roster)
    return out, roster


def _order(roster: Roster, pids: Iterable[str]) -> list[str]:
    """``pids`` by the fewest duties so far, ties by id."""
    return sorted(pids, key=lambda p: (roster.count.get(p, 0), p))


class _Sweep:
    """What the crewing of one horizon keeps from window to window."""

    def __init__(self, roster: Roster, missing_backup: Enforcement, track: bool) -> None:
        self.roster = roster
        self.missing_backup = missing_backup
        self.track = track  # keep each person's duties (for the pools of changes' needs)
        self.until: dict[str, datetime] = {}  # person -> the end of their last duty
        self.where: dict[str, str] = {}  # person -> the window of their last duty
        self.absent = {
            pid for pid, p in roster.people.items() if p.unavailable or p.away or p.holidays
        }
        self.layouts: dict[int, tuple[tuple[str, ...], list[tuple[str, bool, int]]]] = {}
        self.duty: dict[tuple[str, str, bool], Duty] = {}  # duties are values: shared

    def free(self, role: str, start: datetime, end: datetime) -> list[str]:
        """The people with ``role`` free for ``[start, end)`` and on no crew then, by the
        fewest duties so far (ties by id)."""
        until, absent, roster = self.until, self.absent, self.roster
        out = [
            pid
            for pid in roster.by_role.get(role, ())
            if until.get(pid, start) <= start
            and (pid not in absent or roster.diary(pid).away(start, end) is None)
        ]
        out.sort(key=roster.count.__getitem__)  # stable: ties stay in id order
        return out

    def layout(self, need: Staffing) -> tuple[tuple[str, ...], list[tuple[str, bool, int]]]:
        """The roles of ``need`` (by name) and its seats: primaries, then backups, each role
        in that order, with the seat's place among the role's seats."""
        found = self.layouts.get(id(need))
        if found is None:
            roles = tuple(sorted(set(need.needs) | set(need.backups)))
            found = self.layouts[id(need)] = (roles, _seats(roles, need))
        return found

    def seat(self, crewing: Crewing, need: Staffing) -> None:
        """Crew one window of a train that needs ``need``."""
        roster = self.roster
        start, end = crewing.start, crewing.end
        roles, layout = self.layout(need)
        available = {r: self.free(r, start, end) for r in roles}
        if len(roles) > 1:  # roles whose people are away are seated last
            by_role = roster.by_role
            short = {r: len(by_role.get(r, ())) - len(available[r]) for r in roles}
            if any(short.values()):
                roles = tuple(sorted(roles, key=lambda r: (short[r], r)))
                layout = _seats(roles, need)
        oncall = roster.oncall
        candidates: list[list[str]] = []
        for role, backup, nth in layout:
            rotation = None if backup else oncall.get(role)
            if rotation is None:
                candidates.append(available[role])
            else:
                person = rotation.on_call(start, nth)
                candidates.append([person] if person in available[role] else [])
        picked = seat(candidates)
        seats = [(role, backup) for role, backup, _ in layout]
        if None in picked:
            self._gaps(crewing, need, roles, seats, picked)
            if crewing.blocking:
                return
        duties = []
        count, until, where, cache = roster.count, self.until, self.where, self.duty
        for (role, backup), pid in zip(seats, picked, strict=True):
            if pid is None:
                continue
            duty = cache.get((pid, role, backup))
            if duty is None:
                duty = cache[(pid, role, backup)] = Duty.trusted(
                    person=pid, role=role, backup=backup, changes=()
                )
            duties.append(duty)
            count[pid] += 1
            if until.get(pid, end) <= end:  # the duty that ends last is the one in the way
                until[pid] = end
                where[pid] = crewing.window
            if self.track:
                roster.on_duty.setdefault(pid, []).append((start, end, crewing.window))
        crewing.duties = tuple(duties)

    def _gaps(
        self,
        crewing: Crewing,
        need: Staffing,
        roles: tuple[str, ...],
        seats: list[tuple[str, bool]],
        picked: list[str | None],
    ) -> None:
        gaps: list[StaffingGap] = []
        blocking = False
        for role in roles:
            mine = [(backup, p) for (r, backup), p in zip(seats, picked, strict=True) if r == role]
            primaries_short = any(p is None for b, p in mine if not b)
            backups_short = any(p is None for b, p in mine if b)
            if not primaries_short and not backups_short:
                continue
            if not primaries_short and self.missing_backup is Enforcement.ALLOW:
                continue
            blocking = blocking or primaries_short or self.missing_backup is Enforcement.ERROR
            found = [p for _, p in mine if p is not None]
            gaps.append(_gap(self, crewing, need, role, found, seats, picked))
        crewing.gaps = tuple(gaps)
        crewing.blocking = blocking


def _gap(
    sweep: _Sweep,
    crewing: Crewing,
    need: Staffing,
    role: str,
    found: list[str],
    seats: list[tuple[str, bool]],
    picked: list[str | None],
) -> StaffingGap:
    roster = sweep.roster
    start, end = crewing.start, crewing.end
    serving = {p: (r, b) for (r, b), p in zip(seats, picked, strict=True) if p is not None}
    primaries = need.needs.get(role, 0)
    backup_only = (
        sum(1 for (r, b), p in zip(seats, picked, strict=True) if r == role and not b and p)
        == primaries
    )
    rotation = roster.oncall.get(role)
    missing: list[Missing] = []
    for pid in roster.by_role.get(role, ()):
        if pid in found:
            continue
        away = roster.diary(pid).away(start, end)
        if away is not None:
            detail = away.detail
            if rotation is not None and not backup_only and rotation.on_call(start) == pid:
                detail = f"on call but {detail}"
            missing.append(Missing.trusted(person=pid, reason=away.reason, detail=detail))
        elif sweep.until.get(pid, start) > start:
            missing.append(
                Missing.trusted(
                    person=pid,
                    reason=Unavailability.DOUBLE_BOOKED,
                    detail=f"is on duty in window {sweep.where[pid]}",
                )
            )
        elif pid in serving:
            r, b = serving[pid]
            missing.append(
                Missing.trusted(
                    person=pid,
                    reason=Unavailability.SERVING,
                    detail=f"serves as {r}" + (" backup" if b else ""),
                )
            )
        elif rotation is not None and not backup_only:
            on = rotation.on_call(start)
            detail = f"is not on call (rotation {rotation.rotation.id}: " + (
                f"{on} is on call)" if on else "nobody is on call yet)"
            )
            missing.append(
                Missing.trusted(person=pid, reason=Unavailability.ROTATION, detail=detail)
            )
    return StaffingGap.trusted(
        id=dated_id(f"staffing-{role}", crewing.day),
        role=role,
        day=crewing.day,
        needed=primaries + need.backups.get(role, 0),
        backups=need.backups.get(role, 0),
        found=tuple(found),
        missing=tuple(missing),
        backup_only=backup_only,
    )


def _seats(roles: tuple[str, ...], need: Staffing) -> list[tuple[str, bool, int]]:
    """The seats of ``need`` with its roles in the order of ``roles``."""
    return [
        (role, backup, nth)
        for backup in (False, True)
        for role in roles
        for nth in range((need.backups if backup else need.needs).get(role, 0))
    ]


def _pools(inputs: Inputs, roster: Roster) -> None:
    """Each open window's pool: who could join it for its subsystem's changes."""
    wanted: dict[str, set[str]] = defaultdict(set)  # subsystem -> people who could be wanted
    for change in inputs.changes:
        w = want(change)
        if w is None:
            continue
        for role in (*w.needs, *w.backups):
            wanted[change.subsystem].update(roster.by_role.get(role, ()))
        if w.owner is not None and w.owner in roster.people:
            wanted[change.subsystem].add(w.owner)
    if not wanted:
        return
    claimed: dict[str, datetime] = {}
    for crewing in sorted(roster.windows.values(), key=lambda c: (c.start, c.end, c.window)):
        pids = wanted.get(crewing.subsystem)
        if not pids:
            continue
        crewed = {d.person for d in crewing.duties}
        pool = []
        for pid in _order(roster, pids):
            if pid in crewed or claimed.get(pid, crewing.start) > crewing.start:
                continue
            if roster.diary(pid).away(crewing.start, crewing.end) is not None:
                continue
            if any(
                s < crewing.end and crewing.start < e and wid != crewing.window
                for s, e, wid in roster.on_duty.get(pid, ())
            ):
                continue
            pool.append(pid)
            claimed[pid] = max(claimed.get(pid, crewing.end), crewing.end)
            roster.standby.setdefault(pid, []).append((crewing.start, crewing.end, crewing.window))
        crewing.pool = tuple(pool)
