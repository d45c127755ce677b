"""Diagnosis agrees with the solvers: for every change left out and every window of its
subsystem, the rule explain names really refuses that window, and the counts in the unscheduled
detail are those of explain's reasons.

The judge is ``maintwin.testing._facts`` (it re-derives windows, days, blackouts and lead dates
from the scenario and shares no code with the planner's rules), so a rule that claimed a window
it does not refuse, or a solver that left a change out of a window every rule admits, fails
here.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from hypothesis import given, reject, settings
from hypothesis import strategies as st

import maintwin
from maintwin import Change, Plan, SolverError, UnscheduledCause, Window
from maintwin._planning.explain import refusals
from maintwin.testing._facts import Facts, instant, lead_date, review_allows, rollback_length
from maintwin.testing.strategies import PlanningCase, planning_cases

from .draws import draws

_COUNTS = re.compile(r"by rule: (.+)$")


def _cases(max_changes: int = 25) -> st.SearchStrategy[PlanningCase]:
    return planning_cases(
        max_changes=max_changes,
        dependency_density=0.3,
        short_notice=0.2,
        pinned=0.1,
        subsystems=(1, 2),
    )


def _used(facts: Facts, window: Window, cid: str) -> timedelta:
    """The work already in ``window`` (kept gaps included), without ``cid``."""
    runbook = [a for a in facts.runbooks().get(window.id, []) if a.change != cid]
    kept = [facts.slot_end(a) for a in runbook if a.lock is not None]
    new = [facts.work(a.change) for a in runbook if a.lock is None]
    return max(kept, default=timedelta(0)) + sum(new, timedelta(0))


def _has_its_people(facts: Facts, change: Change, window: Window) -> bool:
    """The window's crew (its train's and those already there for other changes) has the
    change's own roles, backups and owner: nobody needs to join for it, so the crew rule cannot
    refuse it there. (Where someone must join, whether someone can is the rule's to say.)"""
    crew = window.crew
    for backup, wanted in ((False, change.needs), (True, change.backups)):
        for role, n in wanted.items():
            if sum(1 for d in crew if d.role == role and d.backup == backup) < n:
                return False
    return change.owner is None or change.owner in {d.person for d in crew}


def _true_reasons(facts: Facts, cid: str, window: Window) -> set[str]:
    """Every rule that refuses ``window`` to ``cid`` in the plan, by the oracle's reading."""
    change = facts.changes[cid]
    day = facts.day(window)
    found = set()
    if change.pin is not None and change.pin != window.id:
        found.add("kept assignments")
    if instant(window.start) < facts.freeze_end:
        found.add("freeze horizon")
    first = change.requested_on if change.short_notice else lead_date(change, facts.policy)
    if day < first:
        found.add("lead time")
    if not review_allows(change, facts.policy, window):
        found.add("short-notice review")
    if change.earliest is not None and day < change.earliest:
        found.add("earliest date")
    if facts.blocking(window):
        found.add("blackout")
    if facts.staffing_blocks(window) or not _has_its_people(facts, change, window):
        found.add("crew")
    used = _used(facts, window, cid)
    if facts.work(cid) + used > facts.capacity(window):
        found.add("capacity")
    # The new changes of the window (and this one) all end by used + its work: a rollback can
    # be out of room only if it runs past the window's end from there.
    riders = [a.change for a in facts.runbooks().get(window.id, []) if a.lock is None]
    backs = [rollback_length(facts.changes[c]) for c in {*riders, cid}]
    length = instant(window.end) - instant(window.start)
    if any(b and used + facts.work(cid) + b > length for b in backs):
        found.add("rollback reserve")
    placed = facts.placed
    for p in change.depends_on:
        other = facts.windows.get(placed[p].window) if p in placed else None
        if other is None and p in placed:
            continue  # kept in a window outside the horizon: it ran before
        if other is None or (other.id != window.id and instant(other.end) > instant(window.start)):
            found.add("dependency order")
    for d, dependent in facts.changes.items():
        if cid not in dependent.depends_on or d not in placed:
            continue
        other = facts.windows.get(placed[d].window)
        if other is None:
            continue
        if other.id == window.id:
            if placed[d].lock is not None:
                found.add("dependency order")  # a kept dependent runs first in its window
        elif instant(window.end) > instant(other.start):
            found.add("dependency order")
    return found


def _judge(plan: Plan) -> None:
    facts = Facts(plan)
    for u in plan.unscheduled:
        if u.cause in (UnscheduledCause.CYCLE, UnscheduledCause.NOT_ASSIGNED):
            continue
        if u.cause is UnscheduledCause.PREREQUISITE and "is unknown" in u.detail:
            continue
        listed = refusals(plan, u.change)
        change = facts.changes[u.change]
        lane = [w for w in plan.windows if facts.subsystem(w) == change.subsystem]
        assert [w.id for w, _, _ in listed] == [
            w.id for w in sorted(lane, key=lambda w: (instant(w.start), instant(w.end), w.id))
        ]
        for window, rule, why in listed:
            assert rule, f"{u.change} left out of {window.id}, which every rule admits"
            truth = _true_reasons(facts, u.change, window)
            assert rule in truth, f"{u.change} in {window.id}: {rule} ({why}); truth {truth}"
        text = maintwin.explain(plan, u.change)
        lines = text.splitlines()
        for window, rule, why in listed[:8]:
            assert any(
                line.startswith(f"  - {window.id} (") and line.endswith(f": {why} [{rule}]")
                for line in lines
            ), text
        counts = _COUNTS.search(u.detail)
        if (
            u.cause
            in (
                UnscheduledCause.OUT_OF_HORIZON,
                UnscheduledCause.BLOCKED_OR_FULL,
                UnscheduledCause.DEPENDENCY_ORDER,
            )
            and "pinned to" not in u.detail
        ):
            assert counts is not None, u.detail
            stated = Counter(
                {name: int(n) for n, name in (part.split(" ", 1) for part in counts[1].split(", "))}
            )
            assert stated == Counter(rule for _, rule, _ in listed), u.detail


@settings(max_examples=draws(150), deadline=None)
@given(_cases())
def test_diagnosis_names_the_rule_that_refused_each_window(case: PlanningCase) -> None:
    _judge(case.plan())


@settings(max_examples=draws(40), deadline=None)
@given(_cases(max_changes=12))
def test_diagnosis_agrees_with_the_exact_solver(case: PlanningCase) -> None:
    # Cases of at most 12 changes, which CP-SAT proves within its budget. One it cannot prove
    # has no plan to judge: it is rejected, and Hypothesis fails the test (its filter_too_much
    # health check) if that happens to many of them, rather than letting them pass unjudged.
    try:
        plan = case.plan(solver="exact")
    except SolverError:
        reject()
    _judge(plan)
