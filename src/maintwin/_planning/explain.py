"""`maintwin.explain`: why a change landed where it did, or why it could not be placed."""

from __future__ import annotations

from datetime import timedelta

from .._expansion.windows import windows_and_days
from .._model.change import Change
from .._model.window import Window
from .._text import clock, describe, length_text, span_text
from .estimate import Basis, estimate
from .lifecycle import closed, standing
from .meetings import meeting_after, notices_from
from .plan import Lock, Plan
from .problem import Problem, Slot
from .rules import JUDGE, refusal
from .rules.lead_time import lead_date
from .rules.slack import SlackRule, gives_slack
from .state import Placement

__all__ = ["explain", "refusals"]

_LISTED = 8  # windows listed one by one before the rest are counted


def explain(plan: Plan, change_id: str) -> str:
    """Why ``change_id`` landed where it did in ``plan``, or why it could not be placed, in
    words: for each earlier window of its subsystem, the rule that refuses it, named in
    brackets (``[capacity]``); see docs/planning.md for the rules."""
    change = plan.change(change_id)
    problem, state = _judged(plan, change_id)
    head = (
        f"{change.id}{f' {change.title!r}' if change.title else ''} ({change.subsystem}, "
        f"{length_text(problem.work[change.id])}, priority {change.priority})"
    )
    lines = [head + ".", _first_day(plan, change)]
    e = estimate(change, plan.scenario.policy)
    if e.basis is not Basis.STATED or e.rollback:
        back = f"; its rollback takes {span_text(e.rollback)}" if e.rollback else ""
        lines.append(f"Planned at {e}{back}.")
    assignment = plan.assignment(change.id)
    lane = problem.lanes.get(change.subsystem)
    slots = lane.slots if lane is not None else []
    if assignment is not None:
        slot = problem.slots.get(assignment.window)
        if slot is None:
            lines.append(f"It is assigned to {assignment.window!r}, which is not in the horizon.")
        else:
            used = sum(
                (
                    problem.work[a.change]
                    for a in plan.assignments
                    if a.window == slot.window.id and a.change in problem.work
                ),
                timedelta(0),
            )
            lines.append(
                f"It rides in {describe(slot.window)} from +{clock(assignment.offset)} to "
                f"+{clock(assignment.offset + problem.work[change.id])}; the window holds "
                f"{length_text(used)} of {length_text(slot.capacity)}."
            )
            slots = [s for s in slots if s.start < slot.start]
        if assignment.lock is Lock.HISTORY:
            lines.append(
                f"It is {change.status.value}: it ran in that window, and is not planned again."
            )
        elif assignment.lock is Lock.PIN:
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
        if not change.status.planned:
            lines.append(f"It is not planned: {detail}.")
            slots = []
        else:
            lines.append(f"It could not be placed: {detail}.")
        if slots:
            lines.append("Windows of its subsystem in the horizon:")
    if assignment is None or assignment.lock is None:
        reasons = [
            f"  - {describe(w)}: {why} [{rule}]" if rule else f"  - {describe(w)}: {why}"
            for w, rule, why in _refusals(problem, state, change.id, slots)
        ]
        if len(reasons) > _LISTED:
            reasons = [*reasons[:_LISTED], f"  - ... and {len(reasons) - _LISTED} more"]
        lines.extend(reasons)
    findings = [c for c in plan.conflicts if change.id in c.changes]
    if findings:
        lines.append("Findings:")
        lines.extend(f"  - {c}" for c in findings)
    return "\n".join(lines)


def refusals(plan: Plan, change_id: str) -> list[tuple[Window, str, str]]:
    """For each window of the change's subsystem that starts before the one it rides in (every
    window, when it is not placed): the window, the name of the first rule that refuses it
    (``""``: none does) and the reason in words. What :func:`explain` lists."""
    plan.change(change_id)
    problem, state = _judged(plan, change_id)
    lane = problem.lanes.get(problem.changes[change_id].subsystem)
    slots = lane.slots if lane is not None else []
    assignment = plan.assignment(change_id)
    here = problem.slots.get(assignment.window) if assignment is not None else None
    if here is not None:
        slots = [s for s in slots if s.start < here.start]
    return _refusals(problem, state, change_id, slots)


def _judged(plan: Plan, change_id: str) -> tuple[Problem, Placement]:
    """The problem of ``plan`` and the placement of every change but ``change_id``."""
    changes = {c.id for c in plan.scenario.changes}
    others = [a for a in plan.assignments if a.change != change_id and a.change in changes]
    problem = Problem(
        standing(plan.scenario.changes),
        plan.scenario.policy,
        plan.windows,
        now=plan.now,
        judge=JUDGE,
        closed=closed(plan.scenario.changes),
        kept=[a for a in others if a.lock is not None],
        roster=windows_and_days(plan.scenario, plan.start, plan.end).roster
        if any(c.needs or c.backups or c.owner for c in plan.scenario.changes)
        else None,
    )
    return problem, Placement.of(problem, others)


def _refusals(
    problem: Problem, state: Placement, cid: str, slots: list[Slot]
) -> list[tuple[Window, str, str]]:
    out = []
    for slot in slots:
        found = refusal(problem, state, cid, slot)
        if found is None and not gives_slack(problem, cid, slot, state):
            asked = span_text(problem.slack[cid])
            why = f"open, but it leaves less than the {asked} of slack policy.slack asks for"
            out.append((slot.window, SlackRule.name, why))
        elif found is None:
            out.append((slot.window, "", _FREE))
        else:
            out.append((slot.window, found[0].name, found[1]))
    return out


_FREE = "free, but taken by no rule: the plan was edited or made with other inputs"


def _first_day(plan: Plan, change: Change) -> str:
    policy = plan.scenario.policy
    due = lead_date(change, policy)
    lead = f"requested {change.requested_on} + {policy.lead_time_months} months = {due}"
    if change.short_notice:
        text = f"Short-notice change: the lead time ({lead}) does not hold it back"
        meeting, bound = meeting_after(change.requested_on, policy), notices_from(change, policy)
        if meeting is not None and bound is not None:
            text += (
                f"; the change-advisory meeting of {meeting:%a %Y-%m-%d %H:%M %Z} reviews it, "
                f"and after the longest internal notice it rides from {bound:%Y-%m-%d %H:%M %Z}"
            )
    else:
        text = f"Lead time: {lead}"
    if change.earliest is not None:
        text += f"; earliest {change.earliest}"
    if change.deadline is not None:
        text += f"; deadline {change.deadline}"
    return text + "."
