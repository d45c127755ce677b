"""Downtime changes are planned ``policy.lead_time_months`` calendar months ahead: a change
rides on or after its lead-time date, unless it is an approved short-notice change, which
rides early but is flagged. No change rides before it was requested."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from ..._model.change import Change
from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.policy import Policy
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule, kept_note

__all__ = ["LeadTimeRule", "add_months", "lead_date"]


def add_months(day: date, months: int) -> date:
    """``day`` plus whole calendar months; a day past the month's end clamps to its last day.

    31 August + 6 months is 28 February (29 in a leap year). Past year 9999 gives ``date.max``.
    """
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if year > date.max.year:
        return date.max
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def lead_date(change: Change, policy: Policy) -> date:
    """The first local day a change may ride without a short-notice approval."""
    return add_months(change.requested_on, policy.lead_time_months)


def _first(change: Change, policy: Policy) -> date:
    """The first local day the rule lets ``change`` ride: its request date when it is an
    approved short-notice change, its lead-time date otherwise."""
    return change.requested_on if change.short_notice else lead_date(change, policy)


class LeadTimeRule(Rule):
    name = "lead time"

    def first_day(self, problem: Problem, change: Change) -> date:
        return _first(change, problem.policy)

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        change = problem.changes[cid]
        if change.short_notice:
            return f"before it was requested ({change.requested_on})"
        months = problem.policy.lead_time_months
        return (
            f"before its lead-time date {lead_date(change, problem.policy)} (requested "
            f"{change.requested_on} + {months} months)"
        )

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        policy = facts.scenario.policy
        months = policy.lead_time_months
        for a, change, window, day in facts.known:
            due = lead_date(change, policy)
            ids = {"changes": (change.id,), "windows": (window.id,)}
            if day >= due:
                continue
            if not change.short_notice:
                yield Conflict.trusted(
                    code=ConflictCode.LEAD_TIME,
                    severity=Severity.ERROR,
                    message=f"change {change.id} rides on {day}, before its lead-time date "
                    f"{due} (requested {change.requested_on} + {months} months){kept_note(a)}",
                    hint="move it to a window on or after its lead-time date, or approve it "
                    "as short notice",
                    **ids,
                )
            elif day < _first(change, policy):
                yield Conflict.trusted(
                    code=ConflictCode.LEAD_TIME,
                    severity=Severity.ERROR,
                    message=f"short-notice change {change.id} rides on {day}, before it was "
                    f"requested on {change.requested_on}{kept_note(a)}",
                    hint=f"move it to a window on or after {change.requested_on}",
                    **ids,
                )
            else:
                yield Conflict.trusted(
                    code=ConflictCode.LEAD_TIME,
                    severity=Severity.WARNING,
                    message=f"short-notice change {change.id} rides on {day}, before its "
                    f"lead-time date {due} (requested {change.requested_on} + {months} months)",
                    hint=(
                        "approved: follow the short-notice playbook and send the internal notices"
                        if change.short_notice.approval is not None
                        else "follow the short-notice playbook: get it approved, and send the "
                        "internal notices"
                    ),
                    **ids,
                )
