"""maintwin: plan maintenance downtime for systems that must stay up around the clock.

The public names live here; the modules behind them are private.
"""

from ._blackout import Blackout, BlackoutPeriod, BlackoutReason
from ._change import Change
from ._errors import (
    ExpansionLimitError,
    FieldError,
    FileFormatError,
    InputError,
    MaintwinError,
)
from ._holidays import HolidaySource, holiday_blackouts
from ._people import DateRange, Person, Staffing
from ._policy import CabMeeting, Policy, SameDayReleases
from ._rrule import RRuleError
from ._scenario import Scenario
from ._schedule import Occurrence, Schedule
from ._train import Release, ReleaseTrain
from ._window import OneOffWindow, Window

__version__ = "0.1.0"

__all__ = [
    "Blackout",
    "BlackoutPeriod",
    "BlackoutReason",
    "CabMeeting",
    "Change",
    "DateRange",
    "ExpansionLimitError",
    "FieldError",
    "FileFormatError",
    "HolidaySource",
    "InputError",
    "MaintwinError",
    "Occurrence",
    "OneOffWindow",
    "Person",
    "Policy",
    "RRuleError",
    "Release",
    "ReleaseTrain",
    "SameDayReleases",
    "Scenario",
    "Schedule",
    "Staffing",
    "Window",
    "__version__",
    "holiday_blackouts",
]
