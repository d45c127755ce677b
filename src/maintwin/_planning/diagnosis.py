"""Why a change found no window, from the rules that refused each window of its subsystem
(pure). The counts in the detail are those of explain's reasons, window by window."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import timedelta

from .._model.types import iso_duration
from .meetings import meeting_after, notices_from
from .plan import Unscheduled, UnscheduledCause
from .problem import Problem
from .rules import RULES, refusal
from .rules.capacity import long_enough
from .rules.earliest import EarliestRule
from .rules.freeze import FreezeRule
from .rules.lead_time import LeadTimeRule, lead_date
from .rules.order import OrderRule
from .rules.reserve import leaves_room
from .rules.review import ReviewRule
from .state import Placement

__all__ = ["diagnose"]

# The rules that refuse a window by its time alone: before the change may ride, or too soon.
_TOO_EARLY = frozenset({FreezeRule.name, LeadTimeRule.name, ReviewRule.name, EarliestRule.name})


def diagnose(
    problem: Problem, state: Placement, cid: str, unscheduled: Mapping[str, Unscheduled]
) -> Unscheduled:
    """Why ``cid`` is not placed in ``state`` (``unscheduled``: the changes already known not
    to be placed)."""
    change = problem.changes[cid]

    def result(cause: UnscheduledCause, detail: str) -> Unscheduled:
        return Unscheduled.trusted(change=cid, cause=cause, detail=detail)

    lane = problem.lane_of(cid)
    if lane is None:
        return result(
            UnscheduledCause.NO_WINDOW,
            f"subsystem {change.subsystem!r} has no downtime window in the horizon",
        )
    counts = Counter(
        found[0].name if (found := refusal(problem, state, cid, slot)) else "none"
        for slot in lane.slots
    )
    tally = _tally(counts)
    work, back = problem.work[cid], problem.rollback.get(cid)
    if not any(
        long_enough(work, s.capacity) and leaves_room(problem, cid, s, timedelta(0))
        for s in lane.slots
    ):
        longest = max(s.capacity for s in lane.slots)
        need = iso_duration(work) + (f" and {iso_duration(back)} for its rollback" if back else "")
        return result(
            UnscheduledCause.TOO_LONG,
            f"it needs {need}, longer than every window of "
            f"{change.subsystem} (the longest holds {iso_duration(longest)})",
        )
    missing = [p for p in change.depends_on if p in unscheduled or p not in problem.changes]
    if missing:
        why = problem.deps.closed.get(missing[0]) or (
            "is unknown" if missing[0] not in problem.changes else "could not be placed"
        )
        return result(UnscheduledCause.PREREQUISITE, f"its prerequisite {missing[0]!r} {why}")
    if set(counts) <= _TOO_EARLY:
        return result(
            UnscheduledCause.OUT_OF_HORIZON,
            f"no window of {change.subsystem} in the horizon on or after "
            f"{_first_day_reason(problem, cid)}; {tally}",
        )
    later = {name: n for name, n in counts.items() if name not in _TOO_EARLY}
    if set(later) == {OrderRule.name}:
        return result(
            UnscheduledCause.DEPENDENCY_ORDER,
            f"every window of {change.subsystem} it may ride in breaks the order with its "
            f"prerequisites or dependents; {tally}",
        )
    return result(
        UnscheduledCause.BLOCKED_OR_FULL,
        f"all {sum(later.values())} windows of {change.subsystem} it may ride in are refused "
        f"for its {iso_duration(work)}; {tally}",
    )


def _tally(counts: Counter[str]) -> str:
    """``by rule: 3 blackout, 9 capacity``: how many windows each rule refused, in the order
    of the rules."""
    order = {rule.name: i for i, rule in enumerate(RULES)}
    parts = [f"{counts[name]} {name}" for name in sorted(counts, key=lambda n: order.get(n, -1))]
    return "by rule: " + ", ".join(parts)


def _first_day_reason(problem: Problem, cid: str) -> str:
    change = problem.changes[cid]
    first = problem.first[cid]
    end = problem.freeze_end
    if first is None or first <= end.date():
        return f"the end of the freeze horizon ({end:%Y-%m-%d %H:%M} UTC)"
    if change.earliest == first:
        return f"its earliest date {first}"
    meeting, bound = (
        meeting_after(change.requested_on, problem.policy),
        notices_from(change, problem.policy),
    )
    if meeting is not None and bound is not None:
        return (
            f"its review: the change-advisory meeting of {meeting:%a %Y-%m-%d %H:%M %Z} and "
            f"the longest internal notice after it ({bound:%Y-%m-%d %H:%M %Z})"
        )
    if change.short_notice:
        return f"its request date {change.requested_on}"
    return (
        f"its lead-time date {lead_date(change, problem.policy)} "
        f"(requested {change.requested_on} + {problem.policy.lead_time_months} months)"
    )
