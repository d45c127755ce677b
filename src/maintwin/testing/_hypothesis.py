"""Hypothesis's entry point: a strategy for every public model, for ``st.from_type``.

Hypothesis calls :func:`_hypothesis_setup_hook` when it is imported (the ``hypothesis`` entry
point in maintwin's package metadata), so ``st.from_type(maintwin.Change)`` works once maintwin
is installed with the ``testing`` extra. Each strategy is made only when its type is first
resolved, so importing Hypothesis stays cheap.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import maintwin

from ._planning_case import PlanningCase

if TYPE_CHECKING:  # imported where used: Hypothesis imports this module as it loads
    from hypothesis import strategies as st

__all__ = ["STRATEGIES"]

# Each public model (and PlanningCase): the module under maintwin.testing and the function
# there that makes its strategy.
STRATEGIES: dict[type, tuple[str, str]] = {
    maintwin.Schedule: ("strategies", "schedules"),
    maintwin.ReleaseTrain: ("strategies", "release_trains"),
    maintwin.Blackout: ("strategies", "blackouts"),
    maintwin.Change: ("strategies", "changes"),
    maintwin.Policy: ("strategies", "policies"),
    maintwin.Scenario: ("strategies", "scenarios"),
    maintwin.Plan: ("strategies", "plans"),
    PlanningCase: ("strategies", "planning_cases"),
    maintwin.Window: ("_models", "windows"),
    maintwin.Release: ("_models", "releases"),
    maintwin.Occurrence: ("_models", "occurrences"),
    maintwin.BlackoutPeriod: ("_models", "blackout_periods"),
    maintwin.OneOffWindow: ("_models", "one_off_windows"),
    maintwin.HolidaySource: ("_models", "holiday_sources"),
    maintwin.CabMeeting: ("_models", "cab_meetings"),
    maintwin.DateRange: ("_models", "date_ranges"),
    maintwin.Person: ("strategies", "people"),
    maintwin.Absence: ("strategies", "absences"),
    maintwin.PersonHolidays: ("_models", "person_holidays"),
    maintwin.Rotation: ("strategies", "rotations"),
    maintwin.Override: ("_models", "overrides"),
    maintwin.Staffing: ("strategies", "staffing"),
    maintwin.Duty: ("_models", "duties"),
    maintwin.Missing: ("_models", "missing"),
    maintwin.StaffingGap: ("_models", "staffing_gaps"),
    maintwin.Assignment: ("_models", "assignments"),
    maintwin.Unscheduled: ("_models", "unscheduled"),
    maintwin.Conflict: ("_models", "conflicts"),
    maintwin.PlanScore: ("_models", "plan_scores"),
    maintwin.Approval: ("_models", "approvals"),
    maintwin.ShortNotice: ("_models", "short_notices"),
    maintwin.Step: ("_models", "steps"),
    maintwin.DryRun: ("_models", "dry_runs"),
    maintwin.Rollback: ("_models", "rollbacks"),
    maintwin.Slack: ("_models", "slacks"),
    maintwin.Estimate: ("_models", "estimates"),
    maintwin.Client: ("_models", "clients"),
    maintwin.NoticeTemplate: ("_models", "notice_templates"),
    maintwin.NoticeTemplates: ("_models", "templates"),
    maintwin.Notice: ("_models", "notices"),
    maintwin.Playbook: ("_models", "playbooks"),
    maintwin.Task: ("_models", "tasks"),
    maintwin.Runbook: ("_models", "runbooks"),
    maintwin.RunbookChange: ("_models", "runbook_changes"),
    maintwin.RunbookStep: ("_models", "runbook_steps"),
    maintwin.OwnerTime: ("_models", "owner_times"),
    maintwin.WindowState: ("_models", "window_states"),
    maintwin.Transition: ("_models", "transitions"),
}


def _resolver(module: str, function: str) -> Callable[[type], st.SearchStrategy[Any]]:
    def resolve(_: type) -> st.SearchStrategy[Any]:
        found = importlib.import_module(f"maintwin.testing.{module}")
        made: st.SearchStrategy[Any] = getattr(found, function)()
        return made

    return resolve


def _hypothesis_setup_hook() -> None:
    """Register the strategy of each type in :data:`STRATEGIES` with Hypothesis."""
    from hypothesis import strategies as st

    for model, (module, function) in STRATEGIES.items():
        st.register_type_strategy(model, _resolver(module, function))
