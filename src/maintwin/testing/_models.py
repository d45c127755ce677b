"""Strategies for the models that ``st.from_type`` resolves and the public strategies do not
draw directly: those that expansion and planning make (windows, releases, occurrences, blackout
periods, crews and staffing gaps, plans' parts), and the small parts of a scenario."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from hypothesis import strategies as st

from .. import (
    Assignment,
    BlackoutPeriod,
    CabMeeting,
    Conflict,
    ConflictCode,
    DateRange,
    Duty,
    HolidaySource,
    Lock,
    Missing,
    Occurrence,
    OneOffWindow,
    Override,
    PersonHolidays,
    PlanScore,
    Release,
    Severity,
    StaffingGap,
    Unavailability,
    Unscheduled,
    UnscheduledCause,
    Window,
)
from . import _parts as parts
from . import _staffing as staff
from ._cases import Options, planning_case
from .strategies import blackouts, schedules

__all__ = [
    "assignments",
    "blackout_periods",
    "cab_meetings",
    "conflicts",
    "date_ranges",
    "duties",
    "holiday_sources",
    "missing",
    "occurrences",
    "one_off_windows",
    "overrides",
    "person_holidays",
    "plan_scores",
    "releases",
    "staffing_gaps",
    "unscheduled",
    "windows",
]

_CHANGE_IDS = st.integers(1001, 1099).map(lambda n: f"CHG-{n}")
_WINDOW_IDS = st.builds(
    lambda train, day: f"{train}-{day.isoformat()}",
    st.sampled_from(("ris", "pacs", "biz")),
    st.dates(date(2027, 1, 1), date(2028, 12, 31)),
)


# -- made by expansion -------------------------------------------------------------------------


@st.composite
def windows(draw: st.DrawFn) -> Window:
    """A window of a drawn scenario's horizon: its first subsystem always has some."""
    case = draw(planning_case(Options(max_changes=0)))
    return draw(st.sampled_from(case.scenario.windows(case.start, case.end)))


@st.composite
def releases(draw: st.DrawFn) -> Release:
    """A release of a drawn scenario's horizon, with its window or without one."""
    case = draw(planning_case(Options(max_changes=0)))
    return draw(st.sampled_from(case.scenario.releases(case.start, case.end)))


@st.composite
def occurrences(draw: st.DrawFn) -> Occurrence:
    """An occurrence of a drawn schedule over a year from 2027 (every drawn rule has some)."""
    schedule = draw(schedules(horizon=(date(2027, 1, 1), date(2028, 1, 1))))
    found = schedule.occurrences(date(2027, 1, 1), date(2028, 1, 1))
    return draw(st.sampled_from(found))


@st.composite
def blackout_periods(draw: st.DrawFn) -> BlackoutPeriod:
    """A period of a drawn blackout, over a horizon that holds at least one."""
    blackout = draw(blackouts(subsystems=parts.SUBSYSTEMS[:3]))
    zone = draw(st.sampled_from(parts.ZONES))
    if blackout.schedule is not None:  # recurring: at least every quarter
        lo, hi = date(2027, 1, 1), date(2028, 1, 1)
    else:  # one-off: the days around it
        assert blackout.start is not None
        first = _day(blackout.start)
        last = first if blackout.end is None else _day(blackout.end)
        lo, hi = first - timedelta(days=2), last + timedelta(days=2)
    return draw(st.sampled_from(blackout.periods(lo, hi, timezone=zone)))


def _day(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


# -- parts of a scenario -------------------------------------------------------------------------


def _horizon(draw: st.DrawFn) -> tuple[date, date]:
    return parts.draw_horizon(draw, None)


@st.composite
def one_off_windows(draw: st.DrawFn) -> OneOffWindow:
    """An extra window of 30 minutes to 2 hours."""
    name = draw(st.sampled_from(parts.SUBSYSTEMS))
    return parts.one_off_window(
        draw,
        window_id=f"{name.lower()}.x",
        subsystem=name,
        zones=parts.ZONES,
        horizon=_horizon(draw),
    )


@st.composite
def holiday_sources(draw: st.DrawFn) -> HolidaySource:
    """A US or UK holiday calendar."""
    country = draw(st.sampled_from(parts.HOLIDAY_COUNTRIES))
    return parts.holiday_source(draw, scope_from=parts.SUBSYSTEMS[:3], country=country)


@st.composite
def cab_meetings(draw: st.DrawFn) -> CabMeeting:
    """A weekly change-advisory meeting."""
    return parts.cab_meeting(draw)


@st.composite
def date_ranges(draw: st.DrawFn) -> DateRange:
    """A few days or weeks away."""
    return staff.date_range(draw, _horizon(draw))


@st.composite
def person_holidays(draw: st.DrawFn) -> PersonHolidays:
    """The public holidays of a person's country, by the zone they live in."""
    return staff.person_holidays(draw, draw(st.sampled_from(staff.PEOPLE_ZONES)))


@st.composite
def overrides(draw: st.DrawFn) -> Override:
    """A swap of a few hours or days, in local wall-clock time or aware."""
    found = staff.overrides(
        draw,
        holders=staff.NAMES[:3],
        zone=draw(st.sampled_from(parts.ZONES)),
        horizon=_horizon(draw),
        near=(),
        least=1,
    )
    return draw(st.sampled_from(found))


# -- crews -------------------------------------------------------------------------------------

_DETAILS = {
    Unavailability.LEAVE: "on leave 2027-05-10 to 2027-05-16",
    Unavailability.HOLIDAY: "off on Memorial Day 2027-05-31",
    Unavailability.AWAY: "never on Sundays (Sun 00:00 to Mon 00:00 CDT)",
    Unavailability.ROTATION: "is not on call (rotation dba-on-call: lee is on call)",
    Unavailability.DOUBLE_BOOKED: "is on duty in window pacs-2027-05-12",
    Unavailability.SERVING: "serves as network",
}


@st.composite
def duties(draw: st.DrawFn) -> Duty:
    """A duty in a window's crew: a role as primary or backup, for the train or for a change
    (its own role, or its named owner)."""
    person = draw(st.sampled_from(staff.NAMES))
    if parts.chance(draw, 0.2):
        changes = tuple(sorted(draw(st.lists(_CHANGE_IDS, min_size=1, max_size=2, unique=True))))
        if parts.chance(draw, 0.5):
            return Duty(person=person, role="owner", changes=changes)
        role = draw(st.sampled_from(staff.ROLES))
        return Duty(person=person, role=role, backup=draw(st.booleans()), changes=changes)
    return Duty(person=person, role=draw(st.sampled_from(staff.ROLES)), backup=draw(st.booleans()))


def _missing(draw: st.DrawFn, person: str) -> Missing:
    reason = draw(st.sampled_from(Unavailability))
    return Missing(person=person, reason=reason, detail=_DETAILS[reason])


@st.composite
def missing(draw: st.DrawFn) -> Missing:
    """Someone with a role who cannot take it, and why."""
    return _missing(draw, draw(st.sampled_from(staff.NAMES)))


@st.composite
def staffing_gaps(draw: st.DrawFn) -> StaffingGap:
    """A role a window cannot fill: who was found, who is missing and why."""
    role = draw(st.sampled_from(staff.ROLES))
    day = draw(st.dates(date(2027, 1, 1), date(2028, 12, 31)))
    backups = draw(st.integers(0, 2))
    needed = backups + draw(st.integers(1, 2))
    names = draw(st.permutations(staff.NAMES))
    found = tuple(sorted(names[: draw(st.integers(0, needed - 1))]))
    away = names[len(found) : len(found) + draw(st.integers(0, 3))]
    return StaffingGap(
        id=f"staffing-{role}-{day.isoformat()}",
        role=role,
        day=day,
        needed=needed,
        backups=backups,
        found=found,
        missing=tuple(_missing(draw, p) for p in away),
        backup_only=len(found) >= needed - backups and backups > 0,
    )


# -- parts of a plan ------------------------------------------------------------------------------


@st.composite
def assignments(draw: st.DrawFn) -> Assignment:
    """A change in a window at a whole-minute offset, mostly planned, sometimes kept."""
    lock = draw(st.sampled_from(Lock)) if parts.chance(draw, 0.2) else None
    offset = timedelta(minutes=draw(st.integers(0, 14)))
    return Assignment(change=draw(_CHANGE_IDS), window=draw(_WINDOW_IDS), offset=offset, lock=lock)


@st.composite
def unscheduled(draw: st.DrawFn) -> Unscheduled:
    """A change left out, with its cause."""
    cause = draw(st.sampled_from(UnscheduledCause))
    detail = f"no window takes it ({cause.value.replace('_', ' ')})"
    return Unscheduled(change=draw(_CHANGE_IDS), cause=cause, detail=detail)


@st.composite
def conflicts(draw: st.DrawFn) -> Conflict:
    """A finding naming a change and a window, or a window alone."""
    code = draw(st.sampled_from(ConflictCode))
    severity = draw(st.sampled_from(Severity))
    change = draw(_CHANGE_IDS) if code is not ConflictCode.DST_SHIFTED else None
    window = draw(_WINDOW_IDS)
    about = f"change {change} in window {window}" if change else f"window {window}"
    return Conflict(
        code=code,
        severity=severity,
        message=f"{about}: {code.value.lower().replace('_', ' ')}",
        hint="move it to another window",
        changes=(change,) if change else (),
        windows=(window,),
    )


@st.composite
def plan_scores(draw: st.DrawFn) -> PlanScore:
    """A score: the weights placed on time are among those placed."""
    placed = draw(st.integers(0, 9 * 200))
    return PlanScore(draw(st.integers(0, placed)), placed, draw(st.integers(0, 10**7)))
