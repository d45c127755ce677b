"""maintwin: plan maintenance downtime for systems that must stay up around the clock.

The public names live here; the modules behind them are private.
"""

from ._blackout import Blackout, BlackoutPeriod, BlackoutReason
from ._change import Change
from ._check import check
from ._conflict import Conflict, ConflictCode, Severity
from ._errors import (
    CalendarError,
    ExpansionLimitError,
    FieldError,
    FileFormatError,
    InputError,
    MaintwinError,
)
from ._exact import SolverError
from ._holidays import HolidaySource, holiday_blackouts
from ._people import DateRange, Person, Staffing
from ._plan import Assignment, Lock, Plan, PlanScore, Unscheduled, UnscheduledCause
from ._planner import plan
from ._policy import CabMeeting, Policy, SameDayReleases
from ._rrule import RRuleError
from ._scenario import Scenario
from ._schedule import Occurrence, Schedule
from ._train import Release, ReleaseTrain
from ._window import OneOffWindow, Window

__version__ = "0.1.0"

__all__ = [
    "Assignment",
    "Blackout",
    "BlackoutPeriod",
    "BlackoutReason",
    "CabMeeting",
    "CalendarError",
    "Change",
    "Conflict",
    "ConflictCode",
    "DateRange",
    "ExpansionLimitError",
    "FieldError",
    "FileFormatError",
    "HolidaySource",
    "InputError",
    "Lock",
    "MaintwinError",
    "Occurrence",
    "OneOffWindow",
    "Person",
    "Plan",
    "PlanScore",
    "Policy",
    "RRuleError",
    "Release",
    "ReleaseTrain",
    "SameDayReleases",
    "Scenario",
    "Schedule",
    "Severity",
    "SolverError",
    "Staffing",
    "Unscheduled",
    "UnscheduledCause",
    "Window",
    "__version__",
    "check",
    "holiday_blackouts",
    "plan",
]
