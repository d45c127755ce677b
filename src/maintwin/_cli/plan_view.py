"""The plan as a person reads it at a terminal: each window with its time, what it carries in
order and how much of its room that takes, what could not be placed, and the conflicts."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from .._expansion.crews import gap_text
from .._planning.plan import Lock, Plan
from .._text import clock, crew_text, length_text, period_text, planned_text
from .._zones import zone

__all__ = ["plan_text", "why_blocked"]

_LOCKS = {Lock.PIN: "pinned", Lock.ANNOUNCED: "announced", Lock.HISTORY: "ran here"}


def plan_text(plan: Plan, tz: ZoneInfo) -> str:
    """The runbook view of ``plan``, times on ``tz``'s clock."""
    scenario = plan.scenario
    windows = plan.windows
    blocked = sum(w.blocked for w in windows)
    planned = [c for c in scenario.changes if plan.assignment(c.id) is not None]
    days = zone(scenario.timezone)
    shown = f"times in {tz.key}" if tz.key == days.key else f"days in {days.key}, times in {tz.key}"
    lines = [
        f"{scenario.name}: {plan.start.astimezone(days):%Y-%m-%d} to "
        f"{plan.end.astimezone(days):%Y-%m-%d} (end exclusive), {shown}",
        f"planned {plan.now.astimezone(tz):%Y-%m-%d %H:%M %Z} with the {plan.solver} solver: "
        f"{len(planned)} of {len(scenario.changes)} changes placed in {len(windows)} windows "
        f"({blocked} blocked)",
        "",
    ]
    why = why_blocked(plan)
    locks = {a.change: a.lock for a in plan.assignments}
    for window in windows:
        start = window.start.astimezone(tz)
        runbook = plan.runbook(window.id).changes
        used = sum((c.estimate.work for c in runbook), timedelta(0))
        if window.blocked:
            status = "BLOCKED by " + "; ".join(f"{b} ({why[b]})" for b in window.blocked_by)
        else:
            status = planned_text(used, window.capacity)
        shifted = " (start moved past a DST gap)" if window.shifted else ""
        lines.append(
            f"{window.id}  {period_text(start, window.end.astimezone(tz))}  {window.subsystem}"
        )
        lines.append(f"    {status}{shifted}")
        if window.crew and not window.blocked:
            lines.append(f"    crew: {crew_text(window.crew)}")
        for c in runbook:
            lock = locks.get(c.change)
            kept = f" [{_LOCKS[lock]}]" if lock is not None else ""
            lines.append(
                f"    +{clock(c.offset)}  {c.change}  {length_text(c.estimate.work)}  "
                f"{c.title}{kept}"
            )
    if plan.unscheduled:
        lines += ["", f"Not placed ({len(plan.unscheduled)})"]
        lines += [f"  {u.change}: {u.cause.value}: {u.detail}" for u in plan.unscheduled]
    if plan.withdrawn:
        lines += ["", f"Withdrawn, announced before ({len(plan.withdrawn)})"]
        lines += [f"  {a.change} from {a.window}" for a in plan.withdrawn]
    errors = len(plan.errors)
    lines += ["", f"Conflicts ({len(plan.conflicts)}, {errors} error{'' if errors == 1 else 's'})"]
    lines += [f"  {conflict}" for conflict in plan.conflicts]
    return "\n".join(lines) + "\n"


def why_blocked(plan: Plan) -> dict[str, str]:
    """Each blackout and staffing gap that blocks a window of ``plan``, in words."""
    end = max([plan.end, *(w.end for w in plan.windows)])  # a window may run past the horizon
    periods = plan.scenario.blackout_periods(plan.start, end)
    why = {p.blackout: p.reason.value + (f": {p.title}" if p.title else "") for p in periods}
    for window in plan.windows:
        why.update({g.id: gap_text(g) for g in window.gaps})
    return why
