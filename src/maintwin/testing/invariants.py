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
from datetime import timedelta

from .. import ConflictCode, Plan
from ._facts import Expected, Facts, first_day, instant, lead_date, local_day

__all__ = [
    "INVARIANTS",
    "PlanInvariantError",
    "Violation",
    "accounted_for",
    "after_earliest",
    "after_lead_time",
    "assert_plan_valid",
    "conflicts_reported",
    "dependencies_respected",
    "first_day",
    "in_known_windows",
    "in_own_subsystem",
    "in_pinned_window",
    "lead_date",
    "local_day",
    "outside_blackouts",
    "outside_freeze_horizon",
    "runs_one_at_a_time",
    "starts_at_rule_time",
    "violations",
    "windows_match_scenario",
    "within_capacity",
]


@dataclass(frozen=True)
class Violation:
    """One break of one rule: the rule (``invariant``, a predicate's name), the ids of the
    changes, windows and blackouts involved, and what is wrong, in words."""

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
        total = sum((facts.changes[a.change].duration for a in runbook), timedelta(0))
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
    names exactly the blackouts that overlap it and apply to its subsystem."""
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
        if tuple(sorted(w.blocked_by)) != blocking:
            yield (wid, *blocking), f"window {wid} is blocked by {w.blocked_by}, not {blocking}"


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


# -- what the plan reports ---------------------------------------------------------------------


@_invariant
def conflicts_reported(facts: Facts) -> Found:
    """The plan reports what needs a person: each unscheduled change (UNSCHEDULABLE), each
    change past its deadline (DEADLINE_MISSED), each short-notice change before its lead date
    (LEAD_TIME) and each open window moved by a DST gap (DST_SHIFTED)."""
    named: dict[ConflictCode, set[str]] = {}
    for c in facts.plan.conflicts:
        named.setdefault(c.code, set()).update(c.changes, c.windows)

    def missing(code: ConflictCode, ids: tuple[str, ...], what: str) -> Found:
        if ids[0] not in named.get(code, set()):
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


INVARIANTS: tuple[Predicate, ...] = (
    accounted_for,
    in_known_windows,
    in_own_subsystem,
    in_pinned_window,
    outside_blackouts,
    within_capacity,
    runs_one_at_a_time,
    after_lead_time,
    after_earliest,
    outside_freeze_horizon,
    dependencies_respected,
    windows_match_scenario,
    starts_at_rule_time,
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
    "after_earliest": {ConflictCode.BEFORE_EARLIEST},
    # A kept change whose prerequisite left the scenario is reported as an unknown reference.
    "dependencies_respected": {ConflictCode.DEPENDENCY_ORDER, ConflictCode.UNKNOWN_REFERENCE},
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
