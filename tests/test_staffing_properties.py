"""The staffing properties, over scenarios drawn by ``maintwin.testing`` with people, rotations,
absences and changes that need people of their own: no change rides without its crew and its
backups, nobody is in two places at once, and the crews do not depend on the order people are
listed in."""

from __future__ import annotations

import random
from collections import Counter
from datetime import UTC, datetime

from hypothesis import event, given
from hypothesis import strategies as st

import maintwin
from maintwin import Duty, Enforcement, Plan, Window
from maintwin.testing import invariants
from maintwin.testing.strategies import PlanningCase, planning_cases, plans

STAFFED = {"staffing": 1.0, "change_needs": 0.5, "max_changes": 10}


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _needs(plan: Plan, window: Window) -> tuple[Counter[str], Counter[str]]:
    """What the window's train needs; a one-off window, or a train without ``[[staffing]]``,
    needs the most of each role any train of its subsystem needs."""
    scenario = plan.scenario
    subsystem = {t.id: t.subsystem for t in scenario.trains}
    mine = [s for s in scenario.staffing if s.train == window.source] or [
        s for s in scenario.staffing if subsystem[s.train] == window.subsystem
    ]
    needs: Counter[str] = Counter()
    backups: Counter[str] = Counter()
    for s in mine:
        needs |= Counter(s.needs)
        backups |= Counter(s.backups)
    return needs, backups


def _count(crew: tuple[Duty, ...], role: str, *, backup: bool) -> int:
    return len({d.person for d in crew if d.role == role and d.backup == backup})


@given(plans(**STAFFED))  # type: ignore[arg-type]
def test_no_change_rides_without_its_crew_and_backups(plan: Plan) -> None:
    changes = {c.id: c for c in plan.scenario.changes}
    people = {p.id: p for p in plan.scenario.people}
    strict = plan.scenario.policy.missing_backup is Enforcement.ERROR
    for a in plan.assignments:
        if a.lock is not None:
            continue  # kept where it was pinned or announced; the planner reports what broke
        window, change = plan.window(a.window), changes[a.change]
        assert not window.blocked_by, (a, window.blocked_by)
        crew = window.crew
        assert len({d.person for d in crew}) == len(crew), crew  # all different people
        for d in crew:
            assert d.role == "owner" or d.role in people[d.person].roles, d
        needs, backups = _needs(plan, window)
        for role, n in needs.items():
            assert _count(crew, role, backup=False) >= n, (a, role, crew)
        for role, n in backups.items():
            assert _count(crew, role, backup=True) >= n or not strict, (a, role, crew)
        for role, n in change.needs.items():
            assert _count(crew, role, backup=False) >= n, (a, role, crew)
        for role, n in change.backups.items():
            assert _count(crew, role, backup=True) >= n or not strict, (a, role, crew)
        if change.owner is not None:
            assert change.owner in {d.person for d in crew}, (a, change.owner, crew)
        if change.needs or change.owner:
            event("a change with people of its own rides")
    # The invariants judge the same plans so too (excusing kept changes the plan reports).
    judged = {"windows_have_their_crew", "changes_have_their_people"}
    assert [v for v in invariants.violations(plan) if v.invariant in judged] == []


@given(plans(**STAFFED))  # type: ignore[arg-type]
def test_nobody_is_in_two_overlapping_windows(plan: Plan) -> None:
    crewed = [w for w in plan.windows if w.crew]
    for w in crewed:
        listed = Counter(d.person for d in w.crew)
        assert max(listed.values()) == 1, (w.id, listed)
    for i, first in enumerate(crewed):
        for second in crewed[i + 1 :]:
            if _utc(first.start) < _utc(second.end) and _utc(second.start) < _utc(first.end):
                event("two crewed windows overlap")
                both = {d.person for d in first.crew} & {d.person for d in second.crew}
                assert not both, (first.id, second.id, both)
    assert [v for v in invariants.violations(plan) if v.invariant == "nobody_in_two_places"] == []


def _crews(plan: Plan) -> list[tuple[str, tuple[Duty, ...], tuple[str, ...], object]]:
    return [(w.id, w.crew, w.blocked_by, w.gaps) for w in plan.windows]


@given(planning_cases(**STAFFED), st.randoms(use_true_random=False))  # type: ignore[arg-type]
def test_crews_do_not_depend_on_the_order_of_the_people(
    case: PlanningCase, rnd: random.Random
) -> None:
    s = case.scenario
    people = list(s.people)
    rnd.shuffle(people)
    shuffled = []
    for p in people:
        roles = list(p.roles)
        rnd.shuffle(roles)
        shuffled.append(p.model_copy(update={"roles": tuple(roles)}))
    rotations, staffing = list(s.rotations), list(s.staffing)
    rnd.shuffle(rotations)
    rnd.shuffle(staffing)
    other = s.model_copy(
        update={
            "people": tuple(shuffled),
            "rotations": tuple(rotations),
            "staffing": tuple(staffing),
        }
    )
    first = case.plan()
    again = maintwin.plan(other, case.start, case.end, now=case.now)
    if [p.id for p in shuffled] != [p.id for p in s.people]:
        event("people listed in another order")
    assert _crews(again) == _crews(first)
    assert again.model_dump_json(exclude={"scenario"}) == first.model_dump_json(
        exclude={"scenario"}
    )
