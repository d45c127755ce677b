"""Strategies for the models that ``st.from_type`` resolves and the public strategies do not
draw directly: those that expansion and planning make (windows, releases, occurrences, blackout
periods, crews and staffing gaps, plans' parts: assignments, conflicts, notices, playbooks), and
the small parts of a scenario (clients, short-notice records, notice templates, runbook steps,
dry runs, rollbacks, room to recover) and a change's estimate."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from .. import (
    Approval,
    Assignment,
    Audience,
    BlackoutPeriod,
    CabMeeting,
    Change,
    Client,
    Conflict,
    ConflictCode,
    DateRange,
    DryRun,
    Duty,
    Estimate,
    HolidaySource,
    Lock,
    Missing,
    Notice,
    NoticeKind,
    NoticeStatus,
    NoticeTemplate,
    NoticeTemplates,
    Occurrence,
    OneOffWindow,
    Override,
    OwnerTime,
    Person,
    PersonHolidays,
    PlanScore,
    Playbook,
    Policy,
    Release,
    Rollback,
    Runbook,
    RunbookChange,
    RunbookStep,
    Severity,
    ShortNotice,
    Slack,
    StaffingGap,
    Step,
    StepKind,
    Task,
    Transition,
    Unavailability,
    Unscheduled,
    UnscheduledCause,
    Window,
    WindowState,
    window_state,
)
from .._model.types import iso_duration
from .._planning.estimate import estimate
from .._planning.notice_text import Wording, action, headline
from .._planning.playbook import playbook
from .._planning.runbook import runbook as _build_runbook
from .._text import clock, span_text, when_text
from .._time import add_duration
from . import _parts as parts
from . import _staffing as staff
from ._cases import Options, planning_case
from ._facts import instant
from .strategies import blackouts, changes, policies, schedules

__all__ = [
    "approvals",
    "assignments",
    "blackout_periods",
    "cab_meetings",
    "clients",
    "conflicts",
    "date_ranges",
    "dry_runs",
    "duties",
    "estimates",
    "holiday_sources",
    "missing",
    "notice_templates",
    "notices",
    "occurrences",
    "one_off_windows",
    "overrides",
    "owner_times",
    "person_holidays",
    "plan_scores",
    "playbooks",
    "releases",
    "rollbacks",
    "runbook_changes",
    "runbook_steps",
    "runbooks",
    "short_notices",
    "slacks",
    "staffing_gaps",
    "steps",
    "tasks",
    "templates",
    "transitions",
    "unscheduled",
    "window_states",
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
def window_states(draw: st.DrawFn) -> WindowState:
    """The state of a drawn scenario at an instant of its horizon: often in a window."""
    case = draw(planning_case(Options(max_changes=0)))
    found = case.scenario.windows(case.start, case.end)
    window = draw(st.sampled_from(found))
    start = window.start.astimezone(UTC)
    span = int((window.end.astimezone(UTC) - start).total_seconds())
    at = start + timedelta(seconds=draw(st.integers(-span, 2 * span)))
    return window_state(case.scenario, at)


@st.composite
def transitions(draw: st.DrawFn) -> Transition:
    """A change of state, as :func:`window_states` finds them next: a window opening or
    closing (sometimes a blocked one), a blackout period beginning or ending."""
    state = draw(window_states().filter(lambda s: bool(s.next)))
    return draw(st.sampled_from(state.next))


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
    """A weekly change-advisory meeting, in the scenario's zone or sometimes one of its own."""
    return parts.cab_meeting(draw, parts.ZONES)


def _requested(draw: st.DrawFn) -> date:
    return draw(st.dates(date(2026, 7, 1), date(2028, 6, 30)))


@st.composite
def approvals(draw: st.DrawFn) -> Approval:
    """An approval of a change raised in 2026 to 2028: mostly by the board at the first weekly
    change-advisory meeting after it, otherwise by a manager within a week."""
    cab = parts.cab_meeting(draw) if parts.likely(draw, 0.7) else None
    return parts.approval(draw, requested_on=_requested(draw), cab=cab)


@st.composite
def short_notices(draw: st.DrawFn) -> ShortNotice:
    """A short-notice record for a drawn policy: nothing on record yet, or mostly an approval,
    answers to all or some of the policy's review questions, a worst case and a rollback, and
    sometimes stakeholders and a client line."""
    policy = draw(policies())
    return parts.short_notice_record(draw, requested_on=_requested(draw), policy=policy)


@st.composite
def steps(draw: st.DrawFn) -> Step:
    """A runbook line: work of a few minutes (sometimes untimed), a check with what passes, or
    a go/no-go gate with what says go; owned by a role or a person more often than not."""
    kind = draw(st.sampled_from(StepKind))
    return parts.step(draw, owners=(*staff.ROLES, *staff.NAMES[:3]), kind=kind)


@st.composite
def dry_runs(draw: st.DrawFn) -> DryRun:
    """A rehearsal of a drawn runbook in 2026 to 2028: its total, its step figures, or both."""
    owners = staff.ROLES
    lines = tuple(parts.step(draw, owners=owners) for _ in range(draw(st.integers(0, 4))))
    return parts.dry_run(draw, steps=lines, on=_requested(draw))


@st.composite
def rollbacks(draw: st.DrawFn) -> Rollback:
    """A way back of a few minutes: a duration, timed steps, or both."""
    return parts.rollback(draw, owners=staff.ROLES)


@st.composite
def slacks(draw: st.DrawFn) -> Slack:
    """Room to recover that a policy asks of long changes."""
    return parts.slack(draw)


@st.composite
def estimates(draw: st.DrawFn) -> Estimate:
    """The estimate of a drawn change with a runbook under a drawn policy, as a plan makes it:
    its stated duration, its timed steps or its longest dry run times the contingency."""
    change = draw(changes(subsystems=parts.SUBSYSTEMS[:3], runbooks=1))
    return estimate(change, draw(policies()))


@st.composite
def clients(draw: st.DrawFn) -> Client:
    """A client with a contact or two, on a clock of its own mostly, sometimes hearing only of
    some subsystems."""
    index = draw(st.integers(0, len(parts.CLIENTS) - 1))
    return parts.client(draw, index=index, subsystems=parts.SUBSYSTEMS[:3], zones=parts.ZONES)


@st.composite
def notice_templates(draw: st.DrawFn) -> NoticeTemplate:
    """One audience's wording: the default, or a terse one of its own over a few of the
    placeholders."""
    return parts.notice_template(draw)


@st.composite
def templates(draw: st.DrawFn) -> NoticeTemplates:
    """The default wording of each audience's notices, with one or more audiences' own."""
    return parts.notice_templates(draw)


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
    """A score: the weights placed on time, and with their slack, are among those placed."""
    placed = draw(st.integers(0, 9 * 200))
    on_time, slack = draw(st.integers(0, placed)), draw(st.integers(0, placed))
    return PlanScore(on_time, placed, slack, draw(st.integers(0, 10**7)))


# -- notices and playbooks -------------------------------------------------------------------

_CLIENT_IDS = tuple(cid for cid, _ in parts.CLIENTS)
_OFFSETS = (timedelta(days=14), timedelta(days=7), timedelta(days=1), timedelta(hours=4))
_SOURCES = (("ris", "RIS"), ("pacs", "PACS"), ("biz", "Biz"))
_DAYS = st.dates(date(2027, 1, 1), date(2028, 12, 31))


def _window(draw: st.DrawFn, subsystem: str | None = None) -> Window:
    """An open window of a train of ``_SOURCES`` (of ``subsystem``, when given) in 2027 or
    2028, 15 minutes to 2 hours long, at a quarter-hour local time (one that exists) in a zone
    of :data:`ZONES`."""
    trains = [t for t in _SOURCES if subsystem in (None, t[1])]
    train, subsystem = draw(st.sampled_from(trains))
    day = draw(_DAYS)
    home = ZoneInfo(draw(st.sampled_from(parts.ZONES)))
    start = instant(datetime.combine(day, parts.local_time(draw), home)).astimezone(home)
    length = timedelta(minutes=draw(st.sampled_from((15, 30, 60, 120))))
    return Window(
        id=f"{train}-{day.isoformat()}",
        subsystem=subsystem,
        start=start,
        end=start + length,
        timezone=home.key,
        capacity=length,
        source=train,
    )


def _notice(draw: st.DrawFn, window: Window, changes: tuple[str, ...]) -> Notice:
    """A notice of ``window``, carrying ``changes``, as :func:`notices` draws it."""
    audience = draw(st.sampled_from(Audience))
    reader: str | None = None
    if audience is Audience.CLIENT:
        reader = draw(st.sampled_from((None, *_CLIENT_IDS)))
    elif audience is Audience.CREW:
        reader = draw(st.sampled_from(staff.NAMES))
    zone_name = draw(st.sampled_from(parts.ZONES))
    tz = ZoneInfo(zone_name)
    start, end = window.start.astimezone(tz), window.end.astimezone(tz)
    kind = draw(st.sampled_from(NoticeKind))
    offset: timedelta | None = None
    status, late_by = NoticeStatus.PENDING, None
    if kind is NoticeKind.ADVANCE:
        offset = draw(st.sampled_from(_OFFSETS))
        due = add_duration(start, -offset, ZoneInfo(window.timezone)).astimezone(tz)
        status = draw(st.sampled_from(NoticeStatus))
        if status is NoticeStatus.LATE:  # due before now, and now before the window
            lead = (instant(start) - instant(due)) // timedelta(minutes=1)
            late_by = timedelta(minutes=draw(st.integers(1, lead - 1)))
    elif kind is NoticeKind.POINT_OF_SERVICE:
        offset, due = timedelta(0), start
    else:  # due at once, some time before the window
        due = start - timedelta(minutes=draw(st.integers(1, 30 * 24 * 60)))
    subsystem = window.subsystem
    what, duty = f"{subsystem} maintenance", ""
    if audience is not Audience.CLIENT:
        titles = [f"{cid} {subsystem} {draw(st.sampled_from(parts.TITLES))}" for cid in changes]
        what = "; ".join(titles)
    if audience is Audience.CREW:
        duty = f"You are on duty: {draw(st.sampled_from(staff.ROLES))}"
    update = ""
    if kind is NoticeKind.MOVED:
        update = f"The window now runs {when_text(start, end)}."
    elif kind is NoticeKind.CANCELLED:
        update = "The downtime is off."
    words = {
        "headline": headline(kind, offset),
        "subsystem": subsystem,
        "when": when_text(start, end),
        "zone": zone_name,
        "duration": span_text(end - start),
        "what": what,
        "affected": subsystem,
        "client_line": "",
        "details": "",
        "update": update,
        "action": action(audience, kind),
        "reader": dict(parts.CLIENTS).get(reader or "", reader or ""),
        "duty": duty,
        "window": window.id,
    }
    subject, text, page = Wording(NoticeTemplate()).fill(words)
    lead_text = kind.value if offset is None else iso_duration(offset)
    return Notice(
        id=f"{audience.value}/{reader or 'all'}/{window.id}/{lead_text}",
        audience=audience,
        reader=reader,
        kind=kind,
        offset=offset,
        due=due,
        timezone=zone_name,
        window=window.id,
        subsystem=subsystem,
        start=start,
        end=end,
        changes=changes,
        status=status,
        late_by=late_by,
        subject=subject,
        text=text,
        html=page,
    )


@st.composite
def notices(draw: st.DrawFn) -> Notice:
    """A notice of a window with work (15 minutes to 2 hours, in 2027 or 2028), worded by the
    default templates: to a client on its own clock or to clients as a whole, to the internal
    audience, or to a person on the window's crew, in the reader's zone. It is ahead of the
    window (2 weeks, a week, a day or 4 hours; pending, or due already and sent, or late by up
    to all of that), at the point of service (pending), or says that the window moved or is
    off (due at once, before the window)."""
    changes = tuple(draw(st.lists(_CHANGE_IDS, min_size=1, max_size=3, unique=True)))
    return _notice(draw, _window(draw), changes)


def _playbook(draw: st.DrawFn, *, short_notice: float) -> Playbook:
    """The playbook a plan gives a drawn change (short notice with probability
    ``short_notice``, for a drawn policy), placed in a window with a few notices about it
    (mostly), or not placed."""
    policy = draw(policies())
    subsystems = tuple(name for _, name in _SOURCES)
    change = parts.change(
        draw,
        change_id=draw(_CHANGE_IDS),
        subsystems=subsystems,
        horizon=_horizon(draw),
        short_notice=short_notice,
        policy=policy,
        also_from=subsystems,
    )
    window = _window(draw, change.subsystem) if parts.likely(draw, 0.8) else None
    found: list[Notice] = []
    offset = timedelta(0)
    if window is not None:
        found = [_notice(draw, window, (change.id,)) for _ in range(draw(st.integers(0, 4)))]
        offset = timedelta(minutes=draw(st.integers(0, 14)))
    return playbook(
        change,
        policy,
        window=window,
        offset_text=clock(offset),
        notices=found,
    )


@st.composite
def playbooks(draw: st.DrawFn) -> Playbook:
    """The checklist of a drawn change, built as a plan builds it: for a short-notice change
    (half of them), the stakeholders to e-mail, the change-advisory meeting, the policy's
    review questions with the answers on record, the worst case and the rollback; the notices
    about its window with their due times (the late ones open), mostly, or none when it is not
    placed; its runbook steps; the line it adds to the client notice."""
    return _playbook(draw, short_notice=0.5)


@st.composite
def tasks(draw: st.DrawFn) -> Task:
    """A task of a short-notice change's playbook as :func:`playbooks` draws it: an e-mail,
    the review meeting, a question, the worst case or rollback, a notice, a runbook step or
    the client line."""
    return draw(st.sampled_from(_playbook(draw, short_notice=1).tasks))


# -- runbooks ----------------------------------------------------------------------------------

_RUNBOOK_PEOPLE = staff.NAMES[:4]


def _runbook_step(draw: st.DrawFn, kind: StepKind, *, owned: bool) -> Step:
    """A step of ``kind``: untimed or up to 20 minutes (a gate is untimed), owned by a person
    (always when ``owned``), the crew's DBAs, or nobody."""
    owners = (*_RUNBOOK_PEOPLE, "dba", None)
    owner = draw(st.sampled_from(_RUNBOOK_PEOPLE if owned else owners))
    minutes = None if kind is StepKind.GATE else draw(st.none() | st.integers(0, 20))
    return Step(
        title=f"{kind.value} {draw(st.sampled_from(parts.TITLES))}",
        kind=kind,
        duration=timedelta(minutes=minutes) if minutes is not None else None,
        owner=owner,
        criteria=draw(st.sampled_from(("", "it passes", "no errors <or> warnings & more"))),
    )


def _runbook_change(draw: st.DrawFn, change_id: str, subsystem: str, *, owned: bool) -> Change:
    """A change of 1 to 5 steps (a gate among them, or none), with a rollback mostly."""
    kinds = draw(st.lists(st.sampled_from(StepKind), min_size=1, max_size=5))
    steps = [_runbook_step(draw, k, owned=owned and i == 0) for i, k in enumerate(kinds)]
    rollback = None
    if draw(st.integers(0, 3)):
        back = [
            _runbook_step(draw, StepKind.STEP, owned=False) for _ in range(draw(st.integers(0, 3)))
        ]
        rollback = Rollback(duration=timedelta(minutes=draw(st.integers(1, 60))), steps=tuple(back))
    stated = None  # with timed steps, often none: their sum is the work
    if not any(s.duration for s in steps) or draw(st.booleans()):
        stated = timedelta(minutes=draw(st.integers(1, 30)))
    return Change(
        id=change_id,
        title=draw(st.sampled_from(parts.TITLES)),
        subsystem=subsystem,
        requested_on=date(2026, 6, 1),
        duration=stated,
        steps=tuple(steps),
        rollback=rollback,
    )


def _runbook(draw: st.DrawFn, *, changes: int = 0, owned: bool = False) -> Runbook:
    """The runbook of a drawn window (with a crew of DBAs, mostly) and at least ``changes``
    changes laid end to end, built as a plan builds it; the first step of each is owned by
    a person when ``owned``."""
    window = _window(draw)
    people = {
        p: Person(id=p, roles=("dba",), timezone=draw(st.none() | st.sampled_from(parts.ZONES)))
        for p in _RUNBOOK_PEOPLE
    }
    if draw(st.integers(0, 3)):
        primary, backup = draw(st.permutations(_RUNBOOK_PEOPLE))[:2]
        window = window.model_copy(
            update={
                "crew": (
                    Duty(person=primary, role="dba"),
                    Duty(person=backup, role="dba", backup=True),
                )
            }
        )
    ids = draw(st.lists(_CHANGE_IDS, min_size=changes, max_size=max(changes, 3), unique=True))
    made = [_runbook_change(draw, cid, window.subsystem, owned=owned) for cid in ids]
    policy = Policy()
    estimates = {c.id: estimate(c, policy) for c in made}
    placed, offset = [], timedelta(0)
    for c in made:
        placed.append(Assignment(change=c.id, window=window.id, offset=offset))
        offset += estimates[c.id].work
    return _build_runbook(
        window,
        placed,
        changes={c.id: c for c in made},
        estimates=estimates,
        people=people,
        timezone=draw(st.sampled_from(parts.ZONES)),
    )


@st.composite
def runbooks(draw: st.DrawFn) -> Runbook:
    """The runbook of a window of 15 minutes to 2 hours with up to three changes (or none),
    each of a few steps, checks and gates owned by people in the zones of :data:`ZONES` or by
    the crew's DBAs, most with a rollback; the work may run past the window's end (the slack
    is then negative), as in a plan a person edited."""
    return _runbook(draw)


@st.composite
def runbook_changes(draw: st.DrawFn) -> RunbookChange:
    """A change of a runbook as :func:`runbooks` draws it."""
    return draw(st.sampled_from(_runbook(draw, changes=1).changes))


@st.composite
def runbook_steps(draw: st.DrawFn) -> RunbookStep:
    """A step of a runbook as :func:`runbooks` draws it: of a change, or of its rollback."""
    found = [s for c in _runbook(draw, changes=1).changes for s in (*c.steps, *c.rollback)]
    return draw(st.sampled_from(found))


@st.composite
def owner_times(draw: st.DrawFn) -> OwnerTime:
    """An owner of a step of a runbook as :func:`runbooks` draws it, on their own clock."""
    book = _runbook(draw, changes=1, owned=True)
    return draw(st.sampled_from([o for c in book.changes for s in c.steps for o in s.owners]))
