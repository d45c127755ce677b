"""`check`: every rule a plan must keep, as conflicts; `plan` reports the same of its own
result, so the two can never disagree about the rules (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta

from .._expansion.crews import Roster, crew
from .._expansion.windows import ReleaseDay, windows_and_days
from .._model.conflict import Conflict
from .._model.crew import Duty, StaffingGap
from .._model.window import Window, local_day
from .._scenario import Scenario
from .._time import utc
from .dependencies import Dependencies
from .plan import Assignment, Plan, Unscheduled
from .rules import conflicts
from .rules.base import Facts, Placed

__all__ = ["check", "evaluate"]


def check(plan: Plan) -> list[Conflict]:
    """Re-validate ``plan`` (for instance after a person edited it) against every rule.

    The windows are expanded again from ``plan.scenario`` over the plan's horizon, so a
    blackout added to the scenario shows up. A change the plan neither assigns nor lists as
    unscheduled is reported as ``UNSCHEDULABLE`` with cause ``not_assigned``. The crews
    checked are the plan's own (``plan.windows``), against the people's absences now.
    """
    windows, spans, days, roster = windows_and_days(
        plan.scenario, plan.start, plan.end, crews=False
    )
    return evaluate(
        plan.scenario,
        windows,
        days,
        plan.assignments,
        plan.unscheduled,
        now=plan.now,
        withdrawn=plan.withdrawn,
        spans={w.id: span for w, span in zip(windows, spans, strict=True)},
        crews={w.id: w.crew for w in plan.windows if w.crew},
        short={w.id: w.short_staffed for w in plan.windows if w.short_staffed},
        roster=roster,
    )


def evaluate(
    scenario: Scenario,
    windows: Sequence[Window],
    releases: Sequence[ReleaseDay],
    assignments: Sequence[Assignment],
    unscheduled: Sequence[Unscheduled],
    *,
    now: datetime,
    withdrawn: Sequence[Assignment] = (),
    deps: Dependencies | None = None,
    spans: Mapping[str, tuple[datetime, datetime]] | None = None,
    crews: Mapping[str, tuple[Duty, ...]] | None = None,
    short: Mapping[str, tuple[StaffingGap, ...]] | None = None,
    roster: Roster | None = None,
) -> list[Conflict]:
    """The conflicts of ``assignments`` over ``windows``, sorted (errors first).

    ``withdrawn`` are announced assignments whose change left the scenario; ``deps`` and
    ``spans`` (each window's start and end in UTC), when given, were computed already.
    ``crews`` are the plan's crews and ``short`` its staffing gaps (by default, those of
    ``windows``); ``roster`` who is free when (expanded again when not given).
    """
    changes = {c.id: c for c in scenario.changes}
    by_id = {w.id: w for w in windows}
    known = [
        Placed(a, changes[a.change], by_id[a.window], local_day(by_id[a.window]))
        for a in assignments
        if a.change in changes and a.window in by_id
    ]
    facts = Facts(
        scenario=scenario,
        windows=by_id,
        releases=releases,
        assignments=assignments,
        unscheduled=unscheduled,
        withdrawn=withdrawn,
        now=now,
        deps=deps or Dependencies.of(changes),
        changes=changes,
        placed={a.change: a for a in assignments},
        known=known,
        spans=spans if spans is not None else {w.id: (utc(w.start), utc(w.end)) for w in windows},
        crews=crews if crews is not None else {w.id: w.crew for w in windows if w.crew},
        short=short
        if short is not None
        else {w.id: w.short_staffed for w in windows if w.short_staffed},
        roster=roster if roster is not None else _roster(scenario, windows),
    )
    return conflicts(facts)


def _roster(scenario: Scenario, windows: Sequence[Window]) -> Roster:
    """The roster of ``windows`` (sorted by start), for a caller that has none."""
    spans = [(utc(w.start), utc(w.end)) for w in windows]
    lo = min((s for s, _ in spans), default=datetime(2000, 1, 1, tzinfo=UTC))
    hi = max((e for _, e in spans), default=lo + timedelta(days=1))
    order = sorted(
        range(len(windows)), key=lambda i: (*spans[i], windows[i].subsystem, windows[i].id)
    )
    return crew(scenario, [windows[i] for i in order], [spans[i] for i in order], lo, hi)[1]
