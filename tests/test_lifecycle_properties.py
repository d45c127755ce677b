"""A change's life over drawn plans: a drawn plan's changes are marked done, failed or
cancelled, some pinned to the window they rode in, and the scenario is planned again, with and
without the first plan as ``previous``.

Whatever the statuses: a cancelled change is never assigned; a done or failed one is assigned
only where it ran (kept as history) or not at all; every change still to plan is placed or
says why; the greedy and exact solvers and ``check`` agree about the rules; the exact solver
places no less than the greedy one; notice ids are unique.
"""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

import maintwin
from maintwin import Lock, Scenario, Status
from maintwin.testing.strategies import PlanningCase, planning_cases

_STATUSES = (None, None, Status.DONE, Status.FAILED, Status.CANCELLED)


@st.composite
def lived(draw: st.DrawFn) -> tuple[PlanningCase, maintwin.Plan, Scenario]:
    """A planning case, its plan, and its scenario with some changes done, failed (some
    pinned to the window they rode in) or cancelled."""
    case = draw(planning_cases(max_changes=8, dependency_density=0.4, short_notice=0.3))
    first = case.plan()
    rode = {a.change: a.window for a in first.assignments}
    changes = []
    for change in case.scenario.changes:
        status = draw(st.sampled_from(_STATUSES))
        if status is None:
            changes.append(change.model_dump())
            continue
        fields = {**change.model_dump(), "status": status.value}
        if status.history and change.id in rode and draw(st.booleans()):
            fields["pin"] = rode[change.id]
        changes.append(fields)
    scenario = Scenario.model_validate({**dict(case.scenario), "changes": changes})
    return case, first, scenario


@given(lived())
def test_statuses_are_kept_by_every_solver_and_by_check(
    drawn: tuple[PlanningCase, maintwin.Plan, Scenario],
) -> None:
    case, first, scenario = drawn
    status = {c.id: c.status for c in scenario.changes}
    for previous in (None, first):
        plans = {
            solver: maintwin.plan(
                scenario, case.start, case.end, now=case.now, previous=previous, solver=solver
            )
            for solver in ("greedy", "exact")
        }
        for plan in plans.values():
            assigned = {a.change: a for a in plan.assignments}
            for cid, a in assigned.items():
                assert status[cid] is not Status.CANCELLED, cid
                if status[cid].history:
                    assert a.lock is Lock.HISTORY, a
            unscheduled = {u.change for u in plan.unscheduled}
            assert set(assigned) | unscheduled == set(status)
            assert not set(assigned) & unscheduled
            assert Counter(maintwin.check(plan)) == Counter(plan.conflicts)
            ids = [n.id for n in plan.notices]
            assert len(ids) == len(set(ids))
        greedy, exact = (maintwin.score(plans[s]) for s in ("greedy", "exact"))
        assert (exact.on_time, exact.placed) >= (greedy.on_time, greedy.placed)


@given(lived())
def test_a_pinned_done_or_failed_change_stays_where_it_ran(
    drawn: tuple[PlanningCase, maintwin.Plan, Scenario],
) -> None:
    case, _, scenario = drawn
    plan = maintwin.plan(scenario, case.start, case.end, now=case.now)
    windows = {w.id for w in plan.windows}
    for change in scenario.changes:
        if change.status.history and change.pin in windows:
            a = plan.assignment(change.id)
            assert a is not None
            assert (a.window, a.lock) == (change.pin, Lock.HISTORY)
        if change.status.history:  # no rule is checked against it any more
            history = {c.id for c in scenario.changes if c.status.history}
            # A finding about other changes may name it with them (it takes room in its
            # window: a pinned change that overfills that window is reported with it).
            said = [
                c for c in plan.conflicts if change.id in c.changes and set(c.changes) <= history
            ]
            # What may still be said of it alone: it is marked as run in a window that has not
            # begun, and the notices of that window (which still carries it) are late.
            assert all(
                "has not begun" in c.message or c.code is maintwin.ConflictCode.LATE_NOTICE
                for c in said
            ), [str(c) for c in said]
