"""`Plan.explain`: why a change landed where it did, or why it could not be placed, in words."""

from __future__ import annotations

import difflib
from collections import defaultdict
from datetime import timedelta

from .._errors import MaintwinError
from .._model.change import Change
from .._text import clock, describe, minutes_text
from .dependencies import lead_date
from .plan import Lock, Plan
from .problem import Problem, Slot

__all__ = ["explain"]

_LISTED = 8  # windows listed one by one before the rest are counted


def explain(plan: Plan, change_id: str) -> str:
    changes = {c.id: c for c in plan.scenario.changes}
    change = changes.get(change_id)
    if change is None:
        close = difflib.get_close_matches(change_id, sorted(changes), n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        raise MaintwinError(f"no change {change_id!r} in this plan's scenario{hint}")
    problem = Problem(plan.scenario.changes, plan.scenario.policy, plan.windows, now=plan.now)
    used: dict[str, timedelta] = defaultdict(timedelta)
    where: dict[str, str] = {}
    for a in plan.assignments:
        if a.change in changes:
            used[a.window] += changes[a.change].duration
            where[a.change] = a.window
    head = (
        f"{change.id}{f' {change.title!r}' if change.title else ''} ({change.subsystem}, "
        f"{minutes_text(change.duration)}, priority {change.priority})"
    )
    lines = [head + "."]
    lines.append(_first_day(problem, change))
    assignment = plan.assignment(change.id)
    lane = problem.lanes.get(change.subsystem)
    slots = lane.slots if lane is not None else []
    if assignment is not None:
        slot = problem.slots.get(assignment.window)
        if slot is None:
            lines.append(f"It is assigned to {assignment.window!r}, which is not in the horizon.")
        else:
            lines.append(
                f"It rides in {describe(slot.window)} from +{clock(assignment.offset)} to "
                f"+{clock(assignment.offset + change.duration)}; the window holds "
                f"{minutes_text(used[slot.window.id])} of {minutes_text(slot.capacity)}."
            )
            slots = [s for s in slots if s.start < slot.start]
        if assignment.lock is Lock.PIN:
            lines.append("It is pinned to that window, so it was not planned afresh.")
        elif assignment.lock is Lock.ANNOUNCED:
            lines.append("It was already announced for that window, so it stays there.")
        elif slots:
            lines.append("Earlier windows of its subsystem were not used:")
        else:
            lines.append("That is the first window of its subsystem in the horizon.")
    else:
        reason = next((u for u in plan.unscheduled if u.change == change.id), None)
        detail = reason.detail if reason else "the plan does not assign it"
        lines.append(f"It could not be placed: {detail}.")
        if slots:
            lines.append("Windows of its subsystem in the horizon:")
    if assignment is None or assignment.lock is None:
        reasons = [
            f"  - {describe(s.window)}: {_why_not(problem, change, s, used, where)}" for s in slots
        ]
        if len(reasons) > _LISTED:
            reasons = [*reasons[:_LISTED], f"  - ... and {len(reasons) - _LISTED} more"]
        lines.extend(reasons)
    findings = [c for c in plan.conflicts if change.id in c.changes]
    if findings:
        lines.append("Findings:")
        lines.extend(f"  - {c}" for c in findings)
    return "\n".join(lines)


def _first_day(problem: Problem, change: Change) -> str:
    due = lead_date(change, problem.policy)
    months = problem.policy.lead_time_months
    lead = f"requested {change.requested_on} + {months} months = {due}"
    if change.short_notice:
        text = f"Approved short-notice change: the lead time ({lead}) does not hold it back"
    else:
        text = f"Lead time: {lead}"
    if change.earliest is not None:
        text += f"; earliest {change.earliest}"
    if change.deadline is not None:
        text += f"; deadline {change.deadline}"
    return text + "."


def _why_not(
    problem: Problem,
    change: Change,
    slot: Slot,
    used: dict[str, timedelta],
    where: dict[str, str],
) -> str:
    first = problem.lower(change.id)
    if slot.window.blocked_by:
        return f"blocked by {', '.join(slot.window.blocked_by)}"
    if slot.start < problem.freeze_end:
        return "starts within the freeze horizon (clients could not get their notice)"
    if first is not None and slot.day < first:
        return f"before its first allowed day {first}"
    if slot.capacity < change.duration:
        return f"too short ({minutes_text(slot.capacity)})"
    free = slot.capacity - used[slot.window.id]
    if free < change.duration:
        return f"full ({minutes_text(used[slot.window.id])} of {minutes_text(slot.capacity)} used)"
    for p in change.depends_on:
        other = problem.slots.get(where.get(p, ""))
        if other is None:
            return f"its prerequisite {p} is not placed"
        if other is not slot and other.end > slot.start:
            return f"its prerequisite {p} runs later, in {other.window.id}"
    if change.deadline is not None and slot.day > change.deadline:
        return f"after its deadline {change.deadline}"
    return "free, but taken by no rule: the plan was edited or made with other inputs"
