"""maintwin: plan maintenance downtime for systems that must stay up around the clock.

The public names live here; the modules behind them are private.
"""

from ._calendar_page import calendar_html
from ._errors import (
    CalendarError,
    ExpansionLimitError,
    FieldError,
    FileFormatError,
    InputError,
    MaintwinError,
    SolverError,
)
from ._expansion.crews import gap_text
from ._model.blackout import Blackout, BlackoutPeriod, BlackoutReason
from ._model.change import Change, Status
from ._model.client import Client
from ._model.conflict import Conflict, ConflictCode, Severity
from ._model.crew import Duty, Missing, StaffingGap, Unavailability
from ._model.estimate import Basis, Estimate
from ._model.holiday import HolidaySource, holiday_blackouts
from ._model.notice import Audience, Notice, NoticeKind, NoticeStatus
from ._model.people import Absence, DateRange, Person, PersonHolidays, Staffing
from ._model.playbook import Playbook, Task, TaskKind
from ._model.policy import (
    REVIEW_QUESTIONS,
    CabMeeting,
    Enforcement,
    Policy,
    SameDayReleases,
    Slack,
)
from ._model.rotation import Override, Rotation
from ._model.rrule import RRuleError
from ._model.runbook import OwnerTime, Runbook, RunbookChange, RunbookStep
from ._model.schedule import Occurrence, Schedule
from ._model.short_notice import Approval, ShortNotice
from ._model.step import DryRun, Rollback, Step, StepKind
from ._model.template import PLACEHOLDERS, NoticeTemplate, NoticeTemplates
from ._model.train import Release, ReleaseTrain
from ._model.window import OneOffWindow, Window
from ._notices_json import notices_json, notices_schema
from ._planning.check import check
from ._planning.explain import explain
from ._planning.objective import score
from ._planning.plan import Assignment, Lock, Plan, PlanScore, Unscheduled, UnscheduledCause
from ._planning.planner import plan
from ._scenario import Scenario
from ._scenario_schema import scenario_schema
from ._text import crew_text
from ._window_state import Transition, TransitionKind, WindowState, window_state

__version__ = "0.1.0"

__all__ = [
    "PLACEHOLDERS",
    "REVIEW_QUESTIONS",
    "Absence",
    "Approval",
    "Assignment",
    "Audience",
    "Basis",
    "Blackout",
    "BlackoutPeriod",
    "BlackoutReason",
    "CabMeeting",
    "CalendarError",
    "Change",
    "Client",
    "Conflict",
    "ConflictCode",
    "DateRange",
    "DryRun",
    "Duty",
    "Enforcement",
    "Estimate",
    "ExpansionLimitError",
    "FieldError",
    "FileFormatError",
    "HolidaySource",
    "InputError",
    "Lock",
    "MaintwinError",
    "Missing",
    "Notice",
    "NoticeKind",
    "NoticeStatus",
    "NoticeTemplate",
    "NoticeTemplates",
    "Occurrence",
    "OneOffWindow",
    "Override",
    "OwnerTime",
    "Person",
    "PersonHolidays",
    "Plan",
    "PlanScore",
    "Playbook",
    "Policy",
    "RRuleError",
    "Release",
    "ReleaseTrain",
    "Rollback",
    "Rotation",
    "Runbook",
    "RunbookChange",
    "RunbookStep",
    "SameDayReleases",
    "Scenario",
    "Schedule",
    "Severity",
    "ShortNotice",
    "Slack",
    "SolverError",
    "Staffing",
    "StaffingGap",
    "Status",
    "Step",
    "StepKind",
    "Task",
    "TaskKind",
    "Transition",
    "TransitionKind",
    "Unavailability",
    "Unscheduled",
    "UnscheduledCause",
    "Window",
    "WindowState",
    "__version__",
    "calendar_html",
    "check",
    "crew_text",
    "explain",
    "gap_text",
    "holiday_blackouts",
    "notices_json",
    "notices_schema",
    "plan",
    "scenario_schema",
    "score",
    "window_state",
]
