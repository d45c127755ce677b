"""`check`: every rule a plan must keep, as conflicts; `plan` reports the same of its own
result, so the two can never disagree about the rules (pure)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from .._expansion.crews import Roster
from .._expansion.windows import ReleaseDay, windows_and_days
from .._model.conflict import Conflict
from .._model.notice import Notice
from .._model.window import Window, local_day
from .._scenario import Scenario
from .._time import utc
from .dependencies import Dependencies
from .estimate import lengths
from .laps import Lap, no_lap
from .lifecycle import closed, standing
from .notices import Told, notices
from .plan import Assignment, Plan, Unscheduled
from .rules import conflicts
from .rules.base import Facts, Placed

__all__ = ["check", "evaluate"]


def check(plan: Plan, *, _lap: Lap = no_lap) -> list[Conflict]:
    """Re-validate ``plan`` (for instance after a person edited it) against every rule.

    The windows are expanded again from ``plan.scenario`` over the plan's horizon, so a
    blackout added to the scenario shows up. A change the plan neither assigns nor lists as
    unscheduled is reported as ``UNSCHEDULABLE`` with cause ``not_assigned``. The crews and
    staffing gaps are the plan's own (``plan.windows``), checked against the people's absences
    as they are now. The notices are those the plan's assignments call for (taken as sent
    where the plan says they were), with the plan's own moved and cancelled notices; of the
    advance notices only the late ones are kept, which are all the notice rule reports.

    ``_lap`` (private) is told the name of each phase as it ends ("expansion", "notices",
    "conflicts"): the benchmark times the phases so.
    """
    windows, spans, days, roster = windows_and_days(
        plan.scenario, plan.start, plan.end, crews=False
    )
    staffed = {w.id: w for w in plan.windows if w.crew or w.gaps}
    windows = [_staffed_as(w, staffed[w.id]) if w.id in staffed else w for w in windows]
    _lap("expansion")
    found = notices(
        plan.scenario,
        windows,
        plan.assignments,
        now=plan.now,
        told=Told.by(plan),
        start=plan.start,
        end=plan.end,
        late_only=True,
    )
    _lap("notices")
    out = evaluate(
        plan.scenario,
        windows,
        days,
        plan.assignments,
        plan.unscheduled,
        now=plan.now,
        withdrawn=plan.withdrawn,
        spans={w.id: span for w, span in zip(windows, spans, strict=True)},
        roster=roster,
        notices=found,
    )
    _lap("conflicts")
    return out


def _staffed_as(window: Window, planned: Window) -> Window:
    """``window`` with the crew and the staffing gaps the plan gave it."""
    gaps = tuple(g.id for g in planned.short_staffed)
    return Window.trusted(
        **{
            **window.__dict__,
            "blocked_by": window.blocked_by + gaps,
            "gaps": planned.gaps,
            "crew": planned.crew,
        }
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
    roster: Roster,
    notices: Sequence[Notice] = (),
) -> list[Conflict]:
    """The conflicts of ``assignments`` over ``windows``, sorted (errors first).

    ``withdrawn`` are announced assignments whose change left the scenario; ``deps`` and
    ``spans`` (each window's start and end in UTC), when given, were computed already.
    The crews and staffing gaps are those of ``windows``; ``roster`` says who is free when;
    ``notices`` are the plan's.
    """
    changes = {c.id: c for c in standing(scenario.changes)}
    by_id = {w.id: w for w in windows}
    placed = [
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
        deps=deps or Dependencies.of(changes, closed(scenario.changes)),
        changes=changes,
        placed={a.change: a for a in assignments},
        known=[p for p in placed if p.change.status.planned],
        history=[p for p in placed if p.change.status.history],
        spans=spans if spans is not None else {w.id: (utc(w.start), utc(w.end)) for w in windows},
        crews={w.id: w.crew for w in windows if w.crew},
        short={w.id: w.short_staffed for w in windows if w.short_staffed},
        roster=roster,
        notices=notices,
        lengths=lengths(changes.values(), scenario.policy),
    )
    return conflicts(facts)
