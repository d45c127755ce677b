"""The planning rules as invariants of a plan, stated independently of the planner.

Each predicate takes a :class:`~maintwin.Plan` and returns the :class:`Violation` s of one rule
(an empty list when it holds). They re-derive what they need from ``plan.scenario`` (each
window's source, lead dates, the blackout periods) and never ask ``maintwin.check`` or the
planner's rule modules, so they can judge both. :func:`assert_plan_valid` runs them all.

A plan may keep assignments it did not choose: pinned changes and, with ``previous=``, those
already announced (``Assignment.lock``). Such an assignment can break a rule (a blackout added
since, a change that grew); the planner then reports it in ``plan.conflicts`` instead of moving
it. :func:`violations` excuses exactly those breaks: a violation whose assigned changes are all
locked and that a conflict of the matching code names. What the planner placed itself keeps
every rule; ``outside_freeze_horizon`` applies to new assignments only.

Plain Python: importing this module does not need Hypothesis.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from .. import ConflictCode, Duty, Enforcement, Plan, Window
from ._crewing import Need, most_filled, seats
from ._facts import (
    Expected,
    Facts,
    first_day,
    instant,
    lead_date,
    local_day,
    planned_work,
    review_allows,
    rollback_length,
)

__all__ = [
    "INVARIANTS",
    "PlanInvariantError",
    "Violation",
    "accounted_for",
    "after_earliest",
    "after_lead_time",
    "after_review",
    "assert_plan_valid",
    "changes_have_their_people",
    "conflicts_reported",
    "dependencies_respected",
    "first_day",
    "in_known_windows",
    "in_own_subsystem",
    "in_pinned_window",
    "lead_date",
    "local_day",
    "nobody_in_two_places",
    "outside_blackouts",
    "outside_freeze_horizon",
    "review_allows",
    "rollback_fits",
    "runs_one_at_a_time",
    "starts_at_rule_time",
    "violations",
    "windows_have_their_crew",
    "windows_match_scenario",
    "within_capacity",
]


@dataclass(frozen=True)
class Violation:
    """One break of one rule: the rule (``invariant``, a predicate's name), the ids of the
    changes, windows, blackouts and people involved, and what is wrong, in words."""

    invariant: str
    ids: tuple[str, ...]
    message: str

    def __str__(self) -> str:
        return f"{self.invariant} [{', '.join(self.ids)}]: {self.message}"


class PlanInvariantError(AssertionError):
    """A plan breaks planning rules; ``violations`` lists each break."""

    def __init__(self, found: Sequence[Violation]) -> None:
        self.violations = tuple(found)
        names = list(dict.fromkeys(v.invariant for v in found))
        head = f"the plan breaks {len(names)} invariant{'s' if len(names) != 1 else ''}: "
        super().__init__("\n  ".join([head + ", ".join(names), *map(str, found)]))


Predicate = Callable[[Plan], list[Violation]]
Found = Iterator[tuple[tuple[str, ...], str]]  # (ids, message) for each break
Check = Callable[[Facts], Found]
_CHECKS: dict[str, Check] = {}  # every invariant, in the order they are defined and reported


def _found(name: str, check: Check, facts: Facts) -> list[Violation]:
    return [Violation(name, ids, message) for ids, message in check(facts)]


def _invariant(check: Check) -> Predicate:
    """A public predicate over a plan from a check over its facts, named after the check."""
    name = check.__name__
    _CHECKS[name] = check

    def predicate(plan: Plan) -> list[Violation]:
        return _found(name, check, Facts(plan))

    predicate.__name__ = predicate.__qualname__ = name
    predicate.__doc__ = check.__doc__
    return predicate


def _span(value: timedelta) -> str:
    minutes, rest = divmod(value, timedelta(minutes=1))
    return str(value) if rest else f"{minutes} min"


# -- what is assigned, and where ------------------------------------------------------------


@_invariant
def accounted_for(facts: Facts) -> Found:
    """Each change of the scenario is assigned once or listed unscheduled once, not both; no
    assignment names an unknown change; withdrawn assignments name changes that left."""
    plan = facts.plan
    assigned = Counter(a.change for a in plan.assignments)
    unscheduled = Counter(u.change for u in plan.unscheduled)
    for cid in sorted((assigned | unscheduled).keys() - facts.changes.keys()):
        yield (cid,), f"{cid} is assigned or unscheduled but is no change of the scenario"
    for cid in sorted(facts.changes):
        times, listed = assigned[cid], unscheduled[cid]
        if times > 1 or listed > 1:
            yield (cid,), f"change {cid} is assigned {times} and unscheduled {listed} times"
        elif times and listed:
            yield (cid,), f"change {cid} is both assigned and unscheduled"
        elif not times and not listed:
            yield (cid,), f"change {cid} is neither assigned nor unscheduled"
    for a in plan.withdrawn:
        if a.change in facts.changes:
            yield (a.change,), f"change {a.change} is withdrawn but still in the scenario"


@_invariant
def in_known_windows(facts: Facts) -> Found:
    """Every assignment names a window of the plan."""
    for a in facts.plan.assignments:
        if a.window not in facts.windows:
            yield (a.change, a.window), f"change {a.change} is in {a.window}, no window of the plan"


def _placed(facts: Facts) -> Iterator[tuple[str, str]]:
    """(change id, window id) of the assignments of known changes to known windows."""
    for a in facts.plan.assignments:
        if a.change in facts.changes and a.window in facts.windows:
            yield a.change, a.window


@_invariant
def in_own_subsystem(facts: Facts) -> Found:
    """A change rides only in windows of its own subsystem."""
    for cid, wid in _placed(facts):
        mine, theirs = facts.changes[cid].subsystem, facts.subsystem(facts.windows[wid])
        if mine != theirs:
            yield (cid, wid), f"change {cid} for {mine} rides in window {wid} of {theirs}"


@_invariant
def in_pinned_window(facts: Facts) -> Found:
    """A pinned change rides in the window it is pinned to."""
    for cid, wid in _placed(facts):
        pin = facts.changes[cid].pin
        if pin is not None and pin != wid:
            yield (cid, wid), f"change {cid} is pinned to {pin} but rides in {wid}"


@_invariant
def outside_blackouts(facts: Facts) -> Found:
    """No change rides in a window that a blackout applying to its subsystem overlaps."""
    for cid, wid in _placed(facts):
        blockers = facts.blocking(facts.windows[wid])
        if blockers:
            yield (
                (cid, wid, *blockers),
                f"change {cid} rides in {wid}, inside {', '.join(blockers)}",
            )


@_invariant
def within_capacity(facts: Facts) -> Found:
    """Each change runs inside its window, and a window's changes add up to its capacity at most."""
    for wid, runbook in facts.runbooks().items():
        capacity = facts.capacity(facts.windows[wid])
        for a in runbook:
            if facts.slot_end(a) > capacity:
                yield (
                    (a.change, wid),
                    f"change {a.change} runs to +{_span(facts.slot_end(a))}, past the end of "
                    f"window {wid} (+{_span(capacity)})",
                )
        total = sum((facts.work(a.change) for a in runbook), timedelta(0))
        if total > capacity:
            yield (
                (*(a.change for a in runbook), wid),
                f"window {wid} holds {_span(total)} of work in {_span(capacity)}",
            )


@_invariant
def runs_one_at_a_time(facts: Facts) -> Found:
    """The changes in a window run one after another: their slots do not overlap."""
    for wid, runbook in facts.runbooks().items():
        for i, first in enumerate(runbook):
            for second in runbook[i + 1 :]:
                if second.offset < facts.slot_end(first):
                    yield (
                        (first.change, second.change, wid),
                        f"in window {wid}, change {second.change} starts at +{_span(second.offset)}"
                        f" while {first.change} runs until +{_span(facts.slot_end(first))}",
                    )


@_invariant
def rollback_fits(facts: Facts) -> Found:
    """A change the planner placed (not kept) that has a rollback ends its work with room for
    the rollback before its window ends: offset + planned work + rollback is at most the
    window's length (elapsed time, start to end in UTC)."""
    for a in facts.plan.assignments:
        change, window = facts.changes.get(a.change), facts.windows.get(a.window)
        if a.lock is not None or change is None or window is None:
            continue
        back = rollback_length(change)
        if not back:
            continue
        length = instant(window.end) - instant(window.start)
        done = a.offset + planned_work(change, facts.policy)
        if done + back > length:
            yield (
                (a.change, a.window),
                f"change {a.change} ends its work at +{_span(done)} in window {a.window}; its "
                f"{_span(back)} rollback would end at +{_span(done + back)}, past the window's "
                f"end (+{_span(length)})",
            )


# -- when ------------------------------------------------------------------------------------


@_invariant
def after_lead_time(facts: Facts) -> Found:
    """A change rides on or after its lead date (requested_on + lead_time_months), unless it is
    an approved short-notice change; even then, not before it was requested."""
    for cid, wid in _placed(facts):
        change = facts.changes[cid]
        day, due = facts.day(facts.windows[wid]), lead_date(change, facts.policy)
        if not change.short_notice and day < due:
            yield (cid, wid), f"change {cid} rides on {day}, before its lead date {due}"
        if change.short_notice and day < change.requested_on:
            yield (cid, wid), f"change {cid} rides on {day}, before its request date"


@_invariant
def after_review(facts: Facts) -> Found:
    """With a change-advisory meeting, a short-notice change rides only in a window whose
    first internal notice is due at or after the first meeting after its request."""
    for cid, wid in _placed(facts):
        if not review_allows(facts.changes[cid], facts.policy, facts.windows[wid]):
            yield (
                (cid, wid),
                (
                    f"short-notice change {cid} rides in {wid}, whose first internal notice is "
                    "due before its review meeting"
                ),
            )


@_invariant
def after_earliest(facts: Facts) -> Found:
    """A change rides on or after its earliest date."""
    for cid, wid in _placed(facts):
        earliest, day = facts.changes[cid].earliest, facts.day(facts.windows[wid])
        if earliest is not None and day < earliest:
            yield (cid, wid), f"change {cid} rides on {day}, before its earliest date {earliest}"


@_invariant
def outside_freeze_horizon(facts: Facts) -> Found:
    """A new (not locked) assignment is to a window starting at least ``policy.freeze_horizon``
    after ``plan.now``: clients get their notice."""
    for a in facts.plan.assignments:
        window = facts.windows.get(a.window)
        if a.lock is None and window is not None and instant(window.start) < facts.freeze_end:
            yield (
                (a.change, a.window),
                f"change {a.change} was added to {a.window}, which starts {window.start} before "
                f"the freeze horizon ends at {facts.freeze_end}",
            )


@_invariant
def dependencies_respected(facts: Facts) -> Found:
    """A placed change has each prerequisite placed, finished before it starts: in an earlier
    window, or earlier in the same one."""
    for cid, wid in _placed(facts):
        window, mine = facts.windows[wid], facts.placed[cid]
        for p in facts.changes[cid].depends_on:
            before = facts.placed.get(p)
            if p not in facts.changes or before is None or before.window not in facts.windows:
                yield (cid, p, wid), f"change {cid} is placed but its prerequisite {p} is not"
            elif before.window == wid:
                if facts.slot_end(before) > mine.offset:
                    yield (cid, p, wid), f"in window {wid}, change {cid} starts before {p} ends"
            elif instant(facts.windows[before.window].end) > instant(window.start):
                yield (
                    (cid, p, wid, before.window),
                    f"change {cid} in {wid} does not run after its prerequisite {p} in "
                    f"{before.window}",
                )


# -- the windows -------------------------------------------------------------------------------


@_invariant
def windows_match_scenario(facts: Facts) -> Found:
    """Each window comes from a train with downtime or a one-off window of the scenario, starts
    in the plan's horizon, has its source's subsystem, zone and capacity, and ``blocked_by``
    names exactly the blackouts that overlap it and apply to its subsystem, and besides them
    only staffing gaps of its own (``gaps``), each ``staffing-<role>-<local date>`` of a role
    its crew needs (whether the gap is real, ``windows_have_their_crew`` says)."""
    plan = facts.plan
    ids = Counter(w.id for w in plan.windows)
    for wid in sorted(w for w, n in ids.items() if n > 1):
        yield (wid,), f"window id {wid} is listed {ids[wid]} times"
    lo, hi = instant(plan.start), instant(plan.end)
    for wid, w in facts.windows.items():
        found = facts.expected[wid]
        if not isinstance(found, Expected):
            yield (wid,), f"window {wid}: {found}"
            continue
        if not lo <= instant(w.start) < hi:
            yield (wid,), f"window {wid} starts at {w.start}, outside the plan's horizon"
        given = (w.subsystem, w.timezone, w.capacity)
        if given != (found.subsystem, found.zone, found.capacity):
            yield (
                (wid,),
                f"window {wid} has subsystem, zone and capacity {given}, its source "
                f"{(found.subsystem, found.zone, found.capacity)}",
            )
        blocking = facts.blocking(w)
        staffing = facts.staffing_blocks(w)
        blackouts = tuple(sorted(b for b in w.blocked_by if b not in staffing))
        if blackouts != blocking:
            yield (wid, *blocking), f"window {wid} is blocked by {w.blocked_by}, not {blocking}"
        need = facts.people.need(w)
        for gap in w.gaps:
            wanted = f"staffing-{gap.role}-{facts.day(w).isoformat()}"
            if gap.id != wanted or need is None or gap.role not in need.roles:
                yield (
                    (wid, gap.id),
                    f"window {wid} has a staffing gap {gap.id}, not a gap {wanted} of a role "
                    f"its crew needs ({', '.join(need.roles) if need else 'it needs none'})",
                )


@_invariant
def starts_at_rule_time(facts: Facts) -> Found:
    """Each window starts at its rule's local time in its zone (a time that occurs twice: the
    first), or, when that time does not exist that day, later by the gap and marked shifted."""
    for wid, w in facts.windows.items():
        found = facts.expected[wid]
        if not isinstance(found, Expected):
            continue  # windows_match_scenario says why
        nominal = f"{found.nominal:%Y-%m-%d %H:%M} in {found.zone}" if found.nominal else "-"
        if instant(w.start) != found.start:
            yield (wid,), f"window {wid} starts at {w.start}, not at {found.start} ({nominal})"
        if w.shifted != found.shifted:
            really = "does not exist" if found.shifted else "exists"
            yield (wid,), f"window {wid} has shifted={w.shifted}, but {nominal} {really}"


# -- people --------------------------------------------------------------------------------------


def _people(count: int, what: str) -> str:
    """``1 primary``, ``2 primaries``, ``0 backups``."""
    if count == 1:
        return f"{count} {what}"
    return f"{count} {what[:-1]}ies" if what.endswith("y") else f"{count} {what}s"


def _names(found: frozenset[str] | set[str]) -> str:
    return ", ".join(sorted(found)) or "nobody"


_Busy = dict[str, list[tuple[datetime, datetime, str]]]


def _overlapping(busy: _Busy, person: str, start: datetime, end: datetime) -> str | None:
    """The window ``person`` is on duty in that overlaps ``[start, end)``, if any."""
    return next((wid for s, e, wid in busy.get(person, ()) if s < end and start < e), None)


@_invariant
def windows_have_their_crew(facts: Facts) -> Found:
    """Each open window of a train with ``[[staffing]]`` has its crew: for each role, the
    primaries and backups it needs, all different people who have the role, are free for the
    whole window (no leave, absence or public holiday of theirs, on their own clock, overlaps
    it) and are on duty in no overlapping window crewed before it (windows are crewed in order
    of start); the primaries of a rotated role are the person on call at the window's start,
    then the next in line. A backup may be missing only where ``Policy.missing_backup`` is not
    ``error``, and then only when no one else could be it (under ``warning`` a gap names the
    role). A window blocked by a staffing gap could not have had its primaries (or, under
    ``error``, its backups); a window blocked by a blackout, or that needs nobody, has no crew
    of its train and no gaps."""
    people = facts.people
    known = people.people
    enforce = facts.policy.missing_backup
    busy: _Busy = {}  # who is on duty in the windows crewed so far, and when
    for w in facts.crew_order:
        start, end = instant(w.start), instant(w.end)
        own = [d for d in w.crew if not d.changes]
        need = None if facts.blocking(w) else people.need(w)
        if need is None:
            if own or w.gaps:
                why = "is blocked by a blackout" if facts.blocking(w) else "needs no crew"
                yield (w.id,), f"window {w.id} {why} but has a crew or staffing gaps"
            continue

        def free(pid: str, start: datetime = start, end: datetime = end) -> bool:
            return people.away(pid, start, end) is None and not _overlapping(busy, pid, start, end)

        eligible = {
            r: frozenset(p for p, who in known.items() if r in who.roles and free(p))
            for r in need.roles
        }
        fixed = {
            r: [people.on_call(r, start, k) for k in range(need.needs.get(r, 0))]
            for r in need.roles
            if people.rotated(r)
        }
        table = seats(need, eligible, fixed)
        primaries, total = most_filled(table)
        short = primaries < sum(not s.backup for s in table)
        must_block = short or (enforce is Enforcement.ERROR and total < len(table))
        blocks = facts.staffing_blocks(w)
        if blocks:
            if not must_block:
                yield (
                    (w.id, *blocks),
                    f"window {w.id} is blocked by {', '.join(blocks)}, but its crew could be "
                    f"found ({_need_text(need, eligible, fixed)})",
                )
            if own:
                yield (w.id,), f"window {w.id} is blocked by {', '.join(blocks)} but has a crew"
            continue
        if w.blocked_by:
            continue  # blocked by something that is neither: windows_match_scenario says so
        if must_block:
            yield (
                (w.id,),
                f"window {w.id} is open without its crew: {_need_text(need, eligible, fixed)}",
            )
        yield from _crew_of(facts, w, need, own, eligible, fixed, total, len(table))
        for d in own:
            busy.setdefault(d.person, []).append((start, end, w.id))


def _need_text(
    need: Need, eligible: dict[str, frozenset[str]], fixed: dict[str, list[str | None]]
) -> str:
    parts = []
    for role in need.roles:
        wanted = _people(need.needs.get(role, 0), "primary")
        if need.backups.get(role):
            wanted += f" and {_people(need.backups[role], 'backup')}"
        on_call = f", on call: {_names({p for p in fixed[role] if p})}" if role in fixed else ""
        parts.append(f"{role} needs {wanted}, free: {_names(eligible[role])}{on_call}")
    return "; ".join(parts)


def _crew_of(
    facts: Facts,
    w: Window,
    need: Need,
    own: list[Duty],
    eligible: dict[str, frozenset[str]],
    fixed: dict[str, list[str | None]],
    most: int,
    wanted: int,
) -> Found:
    """The breaks of an open window's own crew ``own``."""
    enforce = facts.policy.missing_backup
    for d in own:
        if d.role not in need.roles:
            yield (
                (w.id, d.person),
                f"{d.person} serves as {d.role} in {w.id}, a role it does not need",
            )
        elif d.person not in eligible[d.role]:
            yield (
                (w.id, d.person),
                f"{d.person} serves as {d.role} in {w.id} but {_why_not(facts, w, d)}",
            )
    for role in need.roles:
        primaries = [d.person for d in own if d.role == role and not d.backup]
        backups = [d.person for d in own if d.role == role and d.backup]
        if len(primaries) != need.needs.get(role, 0):
            yield (
                (w.id,),
                f"window {w.id} has {_people(len(primaries), 'primary')} as {role} "
                f"({_names(set(primaries))}), not {need.needs.get(role, 0)}",
            )
        if role in fixed and primaries != fixed[role][: len(primaries)]:
            yield (
                (w.id, *primaries),
                f"window {w.id} has {_names(set(primaries))} as {role}, but the rotation has "
                f"{', '.join(p or 'nobody' for p in fixed[role])} on call at its start",
            )
        expected = need.backups.get(role, 0)
        if len(backups) > expected:
            yield (w.id,), f"window {w.id} has {len(backups)} {role} backups, not {expected}"
        elif len(backups) < expected:
            if enforce is Enforcement.ERROR:
                continue  # the window should have been blocked, said above
            if enforce is Enforcement.WARNING and not any(g.role == role for g in w.gaps):
                yield (
                    (w.id,),
                    f"window {w.id} is short of a {role} backup, and no gap says so",
                )
    if len(own) < min(most, wanted):
        yield (
            (w.id,),
            f"window {w.id} has {len(own)} of the {wanted} people its train needs, where "
            f"{most} could serve",
        )
    for g in w.gaps:
        if enforce is not Enforcement.WARNING or not g.backup_only:
            yield (
                (w.id, g.id),
                f"window {w.id} is open with staffing gap {g.id} (missing_backup "
                f"{enforce.value}, backup only: {g.backup_only})",
            )
        elif len([d for d in own if d.role == g.role and d.backup]) >= need.backups.get(g.role, 0):
            yield (w.id, g.id), f"window {w.id} has gap {g.id}, but all its {g.role} backups"


def _why_not(facts: Facts, w: Window, d: Duty) -> str:
    person = facts.people.people.get(d.person)
    if person is None:
        return "is no person of the scenario"
    if d.role not in person.roles:
        return f"does not have the role (their roles: {', '.join(person.roles)})"
    away = facts.people.away(d.person, instant(w.start), instant(w.end))
    if away is not None:
        return f"is away ({away})"
    return "is on duty in an overlapping window crewed before it"


@_invariant
def changes_have_their_people(facts: Facts) -> Found:
    """A change rides only in a window its train's crew can run (not blocked by a staffing
    gap), and the window's crew has the people the change needs of its own: ``needs`` of each
    role as primaries, ``backups`` as backups (unless ``Policy.missing_backup`` allows a
    missing one), and its ``owner`` in any role. A duty there for changes (``Duty.changes``)
    is for changes that ride in that window and need it: its person has the role (or, as
    ``owner``, owns them) and is free for the window."""
    enforce = facts.policy.missing_backup
    for cid, wid in _placed(facts):
        change, w = facts.changes[cid], facts.windows[wid]
        blocks = facts.staffing_blocks(w)
        if blocks:
            yield (
                (cid, wid, *blocks),
                f"change {cid} rides in {wid}, blocked by {', '.join(blocks)}",
            )
            continue
        primaries = Counter(d.role for d in w.crew if not d.backup)
        backups = Counter(d.role for d in w.crew if d.backup)
        for role, n in sorted(change.needs.items()):
            if primaries[role] < n:
                yield (
                    (cid, wid),
                    f"change {cid} needs {_people(n, role)} in {wid}, whose crew has "
                    f"{primaries[role]}",
                )
        for role, n in sorted(change.backups.items()):
            if backups[role] < n and enforce is Enforcement.ERROR:
                yield (
                    (cid, wid),
                    f"change {cid} needs {_people(n, role + ' backup')} in {wid}, whose crew "
                    f"has {backups[role]}",
                )
        if change.owner is not None and change.owner not in {d.person for d in w.crew}:
            yield (
                (cid, wid, change.owner),
                f"change {cid} rides in {wid} without its owner {change.owner}",
            )
    for w in facts.crew_order:
        for d in w.crew:
            if d.changes:
                yield from _for_changes(facts, w, d)


def _for_changes(facts: Facts, w: Window, d: Duty) -> Found:
    """The breaks of one duty that is there for changes."""
    for cid in d.changes:
        change, placed = facts.changes.get(cid), facts.placed.get(cid)
        if change is None or placed is None or placed.window != w.id:
            yield (w.id, cid, d.person), f"{d.person} is in {w.id} for {cid}, which is not there"
        elif d.role == "owner":
            if change.owner != d.person:
                yield (w.id, cid, d.person), f"{d.person} is in {w.id} as the owner of {cid}"
        elif not (change.backups if d.backup else change.needs).get(d.role):
            yield (
                (w.id, cid, d.person),
                f"{d.person} is in {w.id} as {d.role}{' backup' if d.backup else ''} for "
                f"{cid}, which needs no such person",
            )
    person = facts.people.people.get(d.person)
    if person is None or (d.role != "owner" and d.role not in person.roles):
        yield (
            (w.id, d.person),
            f"{d.person} serves as {d.role} in {w.id} but {_why_not(facts, w, d)}",
        )
    elif (away := facts.people.away(d.person, instant(w.start), instant(w.end))) is not None:
        yield (w.id, d.person), f"{d.person} serves in {w.id} but is away ({away})"


@_invariant
def nobody_in_two_places(facts: Facts) -> Found:
    """Nobody is on duty twice in one window, or in two windows that overlap (of any
    subsystems, for the train or for a change)."""
    busy: _Busy = {}
    for w in facts.crew_order:
        start, end = instant(w.start), instant(w.end)
        listed = Counter(d.person for d in w.crew)
        for person in sorted(p for p, n in listed.items() if n > 1):
            yield (w.id, person), f"{person} is on the crew of {w.id} {listed[person]} times"
        for person in sorted(listed):
            other = _overlapping(busy, person, start, end)
            if other is not None:
                yield (
                    (person, other, w.id),
                    f"{person} is on duty in {other} and in {w.id}, which overlap",
                )
            busy.setdefault(person, []).append((start, end, w.id))


# -- what the plan reports ---------------------------------------------------------------------


@_invariant
def conflicts_reported(facts: Facts) -> Found:
    """The plan reports what needs a person: each unscheduled change (UNSCHEDULABLE), each
    change past its deadline (DEADLINE_MISSED), each short-notice change before its lead date
    (LEAD_TIME), each open window moved by a DST gap (DST_SHIFTED), and, when a missing backup
    is a warning, each window carrying changes without all its backups, and each change
    without its own (MISSING_BACKUP, or STAFFING_GAP when a primary is missing too)."""
    named: dict[ConflictCode, set[str]] = {}
    for c in facts.plan.conflicts:
        named.setdefault(c.code, set()).update(c.changes, c.windows)

    def missing(code: ConflictCode, ids: tuple[str, ...], what: str) -> Found:
        # A missing backup reported together with a missing primary is a STAFFING_GAP.
        codes = (
            (code, ConflictCode.STAFFING_GAP) if code is ConflictCode.MISSING_BACKUP else (code,)
        )
        if not any(ids[0] in named.get(c, set()) for c in codes):
            yield ids, f"{what}, but no {code.value} conflict names it"

    for u in facts.plan.unscheduled:
        yield from missing(ConflictCode.UNSCHEDULABLE, (u.change,), f"{u.change} is unscheduled")
    for cid, wid in _placed(facts):
        change, day = facts.changes[cid], facts.day(facts.windows[wid])
        if change.deadline is not None and day > change.deadline:
            yield from missing(
                ConflictCode.DEADLINE_MISSED, (cid, wid), f"{cid} rides after its deadline"
            )
        if change.short_notice and day < lead_date(change, facts.policy):
            yield from missing(
                ConflictCode.LEAD_TIME, (cid, wid), f"short-notice {cid} rides before its lead date"
            )
    for wid, w in facts.windows.items():
        if w.shifted and not w.blocked_by:
            yield from missing(ConflictCode.DST_SHIFTED, (wid,), f"window {wid} is shifted")
    if facts.policy.missing_backup is Enforcement.WARNING:
        yield from _backups_reported(facts, missing)


def _backups_reported(
    facts: Facts, missing: Callable[[ConflictCode, tuple[str, ...], str], Found]
) -> Found:
    """Under ``missing_backup = "warning"``: the windows carrying changes without all the
    backups their train needs, and the changes without their own backups."""
    code = ConflictCode.MISSING_BACKUP
    carrying: dict[str, list[str]] = {}
    for cid, wid in _placed(facts):
        carrying.setdefault(wid, []).append(cid)
    for wid, cids in carrying.items():
        w = facts.windows[wid]
        if w.blocked_by:
            continue
        backups = Counter(d.role for d in w.crew if d.backup)
        need = facts.people.need(w)
        if need is not None and any(backups[r] < n for r, n in need.backups.items()):
            yield from missing(code, (wid, *cids), f"window {wid} runs without all its backups")
        for cid in cids:
            if any(backups[r] < n for r, n in facts.changes[cid].backups.items()):
                yield from missing(code, (cid, wid), f"{cid} runs without its own backups")


INVARIANTS: tuple[Predicate, ...] = (
    accounted_for,
    in_known_windows,
    in_own_subsystem,
    in_pinned_window,
    outside_blackouts,
    within_capacity,
    runs_one_at_a_time,
    rollback_fits,
    after_lead_time,
    after_review,
    after_earliest,
    outside_freeze_horizon,
    dependencies_respected,
    windows_match_scenario,
    starts_at_rule_time,
    windows_have_their_crew,
    changes_have_their_people,
    nobody_in_two_places,
    conflicts_reported,
)
"""Every predicate :func:`assert_plan_valid` runs, in the order it reports them."""

# The conflict codes by which the planner reports a kept assignment that breaks each rule.
_REPORTED_AS = {
    "in_known_windows": {ConflictCode.UNKNOWN_REFERENCE},
    "in_own_subsystem": {ConflictCode.WRONG_SUBSYSTEM},
    "in_pinned_window": {ConflictCode.NOT_IN_WINDOW},
    "outside_blackouts": {ConflictCode.IN_BLACKOUT},
    "within_capacity": {ConflictCode.CAPACITY_EXCEEDED, ConflictCode.NOT_IN_WINDOW},
    "runs_one_at_a_time": {ConflictCode.NOT_IN_WINDOW},
    "after_lead_time": {ConflictCode.LEAD_TIME},
    "after_review": {ConflictCode.SHORT_NOTICE},
    "after_earliest": {ConflictCode.BEFORE_EARLIEST},
    # A kept change whose prerequisite left the scenario is reported as an unknown reference.
    "dependencies_respected": {ConflictCode.DEPENDENCY_ORDER, ConflictCode.UNKNOWN_REFERENCE},
    # A kept change in a window its people left since: its own people, or the train's crew.
    "changes_have_their_people": {
        ConflictCode.STAFFING_GAP,
        ConflictCode.MISSING_BACKUP,
        ConflictCode.OWNER_ABSENT,
        ConflictCode.IN_BLACKOUT,
    },
}


def _excused(plan: Plan, facts: Facts, violation: Violation) -> bool:
    """True when the violation involves only locked assignments and the plan reports it."""
    codes = _REPORTED_AS.get(violation.invariant, set())
    assigned = {i for i in violation.ids if i in facts.placed}
    if not codes or not assigned or not assigned <= facts.locked:
        return False
    return any(c.code in codes and assigned & set(c.changes) for c in plan.conflicts)


def violations(plan: Plan) -> list[Violation]:
    """The violations of every invariant that ``plan`` breaks and does not report as the
    planner should for a kept (locked) assignment; empty for a valid plan."""
    facts = Facts(plan)
    found = [v for name, check in _CHECKS.items() for v in _found(name, check, facts)]
    return [v for v in found if not _excused(plan, facts, v)]


def assert_plan_valid(plan: Plan) -> None:
    """Raise :class:`PlanInvariantError` (an :class:`AssertionError`) naming each broken
    invariant and the ids involved, unless ``plan`` keeps every rule (see :func:`violations`)."""
    found = violations(plan)
    if found:
        raise PlanInvariantError(found)
