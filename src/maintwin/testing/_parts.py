"""Drawing each input model from valid parts (never by filtering), for checked options.

Each function takes Hypothesis's ``draw`` and returns one model. The values are realistic by
default: monthly trains on an n-th weekday, 15-minute windows, local times in the quiet hours
(where the DST changes are), whole-day freezes, changes of a few minutes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import strategies as st

from .. import (
    Approval,
    Blackout,
    BlackoutReason,
    CabMeeting,
    Change,
    Client,
    DryRun,
    Enforcement,
    HolidaySource,
    NoticeTemplate,
    NoticeTemplates,
    OneOffWindow,
    Policy,
    ReleaseTrain,
    Rollback,
    SameDayReleases,
    Schedule,
    ShortNotice,
    Slack,
    Step,
    StepKind,
)
from .._model.policy import REVIEW_QUESTIONS
from .._model.template import PLACEHOLDERS
from ._dst import dst_rule
from ._facts import add_months

__all__ = [
    "ANSWERS",
    "CLIENTS",
    "CLIENT_LINES",
    "FREQUENCIES",
    "HOLIDAY_COUNTRIES",
    "ROLLBACKS",
    "STAKEHOLDERS",
    "STEPS",
    "SUBSYSTEMS",
    "TITLES",
    "WEEKDAYS",
    "WORST_CASES",
    "ZONES",
    "approval",
    "blackout",
    "cab_meeting",
    "chance",
    "change",
    "client",
    "day_in",
    "draw_horizon",
    "dry_run",
    "holiday_source",
    "likely",
    "local_time",
    "meeting_day",
    "needs_of_a_change",
    "notice_template",
    "notice_templates",
    "one_off_window",
    "own_zone",
    "policy",
    "release_train",
    "rollback",
    "runbook",
    "schedule",
    "short_notice_record",
    "slack",
    "step",
]

ZONES = (
    "America/Chicago",
    "Europe/London",
    "America/St_Johns",  # UTC-03:30, DST
    "Africa/Casablanca",  # DST suspended in Ramadan: clocks go back and forward in spring
    "Asia/Kathmandu",  # UTC+05:45
    "Australia/Lord_Howe",  # a 30-minute DST change
    "Pacific/Chatham",  # UTC+12:45, DST at 02:45
)
SUBSYSTEMS = (
    "RIS",
    "PACS",
    "Biz",
    "EHR",
    "LIS",
    "Portal",
    "Billing",
    "Archive",
    "Dictation",
    "Viewer",
    "HL7",
    "Auth",
)
FREQUENCIES = ("monthly", "weekly")
HOLIDAY_COUNTRIES = ("US", "GB")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

_QUARTERS = tuple(time(h, m) for h in range(24) for m in (0, 15, 30, 45))
# The quiet night hours, in which the clocks of every zone in ZONES change.
_NIGHT = tuple(t for t in _QUARTERS if 1 <= t.hour < 4)
_LOCAL_TIMES = st.sampled_from(_NIGHT) | st.sampled_from(_QUARTERS)
TITLES = (
    "schema migration",
    "certificate renewal",
    "reindex worklist",
    "firewall HA interconnect",
    "OS patching",
    "storage firmware",
    "DNS cutover",
    "load balancer upgrade",
)
STEPS = ("announce", "stop service", "apply", "verify", "start service")
# The services a change may affect, and what a short-notice change keeps on record.
_SERVICES = ("WebEx", "telephones", "VPN tunnels", "image ingestion", "HL7 feeds")
ANSWERS = {
    "tested": "On the staging pair, twice, with a VPN and a WebEx session open",
    "downtime": "Nothing expected; at most a blip of a few seconds",
    "worst_case": "30 s without network connectivity",
    "confidence": "High: the team rates it low risk",
    "phones": "No: telephones are on another circuit",
    "vpn": "Tunnels may renegotiate once, within 30 s",
    "ingestion": "No: ingestion retries, and the gap is inside its retry window",
}
"""An answer to each of the default review questions, by key."""
WORST_CASES = (
    "30 s without network connectivity",
    "the service restarts and users log in again",
    "a failed migration, restored from the snapshot in 20 min",
)
ROLLBACKS = (
    "Restore the saved configuration (2 min)",
    "Fail back to the standby node",
    "Restore the database snapshot taken before the change",
)
STAKEHOLDERS = ("CIO", "Support", "Operations", "Client Services", "Marketing")
CLIENT_LINES = (
    "This release also includes network changes that may cause short interruptions; the "
    "expected impact is minimal.",
    "Logins may be refused for up to a minute while the service restarts.",
)
_DESCRIPTIONS = (
    "Remote staff may lose VPN for up to 30 s.",
    "The worklist is read-only while the index is rebuilt.",
)
_APPROVERS = ("Change Management", "Sr. Director of Engineering", "dana")
# Clients: (id, name).
CLIENTS = (
    ("lakeside", "Lakeside Imaging"),
    ("pacific-rad", "Pacific Radiology Group"),
    ("northwind", "Northwind Clinics"),
)
_SUBJECTS = ("$headline: $subsystem, $when", "[$subsystem] $headline ($when)", "Notice: $headline")
# An own review question a policy may ask too.
_OWN_QUESTION = {"rollback_tested": "Has the rollback been tested?"}
# Recurring blackouts: (rrule, at, duration, how many times a year, title).
_RECURRING = (
    ("FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-1", time(0), timedelta(days=1), 4, "quarter close"),
    ("FREQ=MONTHLY;BYMONTHDAY=-1", time(0), timedelta(days=1), 12, "month-end close"),
    ("FREQ=MONTHLY;BYDAY=1SA", time(0), timedelta(days=2), 12, "first-weekend batch"),
    ("FREQ=WEEKLY;BYDAY=FR", time(18), timedelta(hours=6), 52, "Friday evening peak"),
)


def chance(draw: st.DrawFn, p: float) -> bool:
    """True with probability about ``p`` (shrinks to False); draws nothing when p is 0 or 1."""
    if p <= 0 or p >= 1:
        return p >= 1
    return draw(st.integers(0, 999)) >= 1000 - round(p * 1000)


def likely(draw: st.DrawFn, p: float) -> bool:
    """True with probability close to ``p``, in twentieths (shrinks to False): unlike
    :func:`chance`, whose integers Hypothesis draws small far more often than uniformly, so
    that a share of 0.4 comes out nearer 0.05 inside a big composite draw."""
    if p <= 0 or p >= 1:
        return p >= 1
    return draw(st.sampled_from(range(20))) >= 20 - max(1, round(p * 20))


def local_time(draw: st.DrawFn) -> time:
    """A quarter-hour local time, half the time in the night hours when clocks change."""
    return draw(_LOCAL_TIMES)


def own_zone(draw: st.DrawFn, zones: tuple[str, ...]) -> str | None:
    """Mostly ``None`` (the scenario's zone); sometimes a zone of its own."""
    return draw(st.sampled_from(zones)) if chance(draw, 0.25) else None


def day_in(draw: st.DrawFn, first: date, last: date) -> date:
    """A date from ``first`` to ``last``, both included."""
    return first + timedelta(days=draw(st.integers(0, max(0, (last - first).days))))


def draw_horizon(draw: st.DrawFn, fixed: tuple[date, date] | None) -> tuple[date, date]:
    """``fixed``, or a start in 2027 and an end 3 to 15 calendar months later."""
    if fixed is not None:
        return fixed
    start = date(2027, 1, 1) + timedelta(days=draw(st.integers(0, 364)))
    return start, add_months(start, draw(st.integers(3, 15)))


# -- schedules and trains ----------------------------------------------------------------------


def _rrule(draw: st.DrawFn, frequency: str, weekday: str | None) -> tuple[str, int]:
    """An RRULE of ``frequency`` that names its days (``weekday`` when given), and a day
    offset for it."""
    if weekday is None and frequency == "weekly":
        days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=2, unique=True))
        return "FREQ=WEEKLY;BYDAY=" + ",".join(sorted(days, key=WEEKDAYS.index)), 0
    day = weekday or draw(st.sampled_from(WEEKDAYS))
    if frequency == "weekly":
        return f"FREQ=WEEKLY;BYDAY={day}", 0
    form = draw(st.integers(0, 2 if weekday else 3))
    if form <= 1:  # the n-th weekday: 2nd Tuesday
        rule = f"FREQ=MONTHLY;BYDAY={draw(st.integers(1, 4))}{day}"
    elif form == 2:  # the last weekday
        rule = f"FREQ=MONTHLY;BYDAY=-1{day}"
    else:  # a day of the month, counted from either end
        rule = f"FREQ=MONTHLY;BYMONTHDAY={draw(st.sampled_from((1, 15, 28, -1)))}"
    offset = draw(st.integers(-6, 6)) if chance(draw, 0.15) else 0  # Patch Tuesday + 2 days
    return rule, offset


def schedule(
    draw: st.DrawFn,
    *,
    frequencies: tuple[str, ...],
    timezone: str | None,
    zone: str,
    horizon: tuple[date, date],
    weekday: str | None = None,
    retire: bool = False,
) -> Schedule:
    """A schedule, mostly of the first of ``frequencies``, that runs from before ``horizon``.

    ``zone`` is the zone its dates are read in (its own ``timezone``, or the scenario's). With
    ``weekday`` it falls on that weekday (with an offset, sometimes not). A monthly schedule
    sometimes meets a clock change of ``zone`` in the horizon, at a local time that does not
    exist or occurs twice that day. It may skip one of its dates in the horizon; with
    ``retire`` it may end inside the horizon.
    """
    start, end = horizon
    frequency = frequencies[0]
    if len(frequencies) > 1 and chance(draw, 0.25):
        frequency = draw(st.sampled_from(frequencies[1:]))
    rule, offset = _rrule(draw, frequency, weekday)
    at = local_time(draw)
    if frequency == "monthly" and chance(draw, 0.2):
        meets = dst_rule(draw, zone, horizon)
        if meets is not None:
            (rule, at), offset = meets, 0
    fields: dict[str, Any] = {"rrule": rule, "at": at, "timezone": timezone}
    if offset:
        fields["offset_days"] = offset
    if chance(draw, 0.5):
        fields["starts_on"] = start - timedelta(days=draw(st.integers(0, 400)))
    if chance(draw, 0.1):
        last = start if retire else end
        fields["ends_on"] = last + timedelta(days=draw(st.integers(0, 400)))
    made = Schedule(**fields)
    if chance(draw, 0.1):
        days = [o.day for o in made.occurrences(start, end, timezone=zone)]
        if days:
            made = Schedule(**fields, exclude=(draw(st.sampled_from(days)),))
    return made


def release_train(
    draw: st.DrawFn,
    *,
    train_id: str,
    subsystem: str,
    schedule_of: Schedule,
    downtime: bool,
) -> ReleaseTrain:
    """A train of ``subsystem`` on ``schedule_of``, with a 15-minute window (mostly) or none."""
    window = None
    if downtime:
        minutes = draw(st.sampled_from((30, 60, 120))) if chance(draw, 0.2) else 15
        window = timedelta(minutes=minutes)
    version = "{subsystem}-{date:%Y.%m.%d}" if chance(draw, 0.1) else "{date:%Y.%m}"
    return ReleaseTrain(
        id=train_id, subsystem=subsystem, schedule=schedule_of, downtime=window, version=version
    )


def one_off_window(
    draw: st.DrawFn,
    *,
    window_id: str,
    subsystem: str,
    zones: tuple[str, ...],
    horizon: tuple[date, date],
) -> OneOffWindow:
    """An extra window of 30 minutes to 2 hours in ``horizon``, at a local or an aware time."""
    day = day_in(draw, horizon[0], horizon[1] - timedelta(days=1))
    start = datetime.combine(day, local_time(draw))
    if chance(draw, 0.2):  # agreed with a vendor in UTC
        start = start.replace(tzinfo=UTC)
    duration = timedelta(minutes=draw(st.sampled_from((30, 45, 60, 90, 120))))
    capacity = duration - timedelta(minutes=10) if chance(draw, 0.3) else None
    return OneOffWindow(
        id=window_id,
        subsystem=subsystem,
        start=start,
        duration=duration,
        capacity=capacity,
        timezone=own_zone(draw, zones),
        title=f"{subsystem} vendor upgrade",
    )


# -- blackouts ---------------------------------------------------------------------------------


def _yearly_days(entry: tuple[str, time, timedelta, int, str]) -> float:
    """How many days a year a recurring blackout of ``_RECURRING`` covers."""
    return entry[2] / timedelta(days=1) * entry[3]


def blackout(
    draw: st.DrawFn,
    *,
    blackout_id: str,
    reasons: tuple[BlackoutReason, ...],
    scope_from: tuple[str, ...],
    zones: tuple[str, ...],
    horizon: tuple[date, date],
    budget: float | None = None,
) -> tuple[Blackout, float]:
    """Whole local days (a freeze), a few hours given in UTC (a vendor's maintenance), or a
    recurring period (quarter close), blocking all subsystems or some of ``scope_from``.

    Returns the blackout and about how many days of ``horizon`` it covers: with ``budget``, at
    most that many, or one hour when the budget is smaller than that.
    """
    start, end = horizon
    span = (end - start).days
    limit = float("inf") if budget is None else budget
    recurring = [r for r in _RECURRING if _yearly_days(r) * span / 365 <= limit]
    kinds = ("days",) * (limit >= 1) + ("hours",) + ("recurring",) * bool(recurring)
    kind = draw(st.sampled_from(kinds))
    fields: dict[str, Any] = {"id": blackout_id, "reason": draw(st.sampled_from(reasons))}
    if scope_from and chance(draw, 0.3):
        picked = draw(st.lists(st.sampled_from(scope_from), min_size=1, unique=True))
        fields["scope"] = tuple(sorted(picked, key=scope_from.index))
    if kind == "days":
        first = day_in(draw, start - timedelta(days=7), end)
        length = draw(st.integers(1, int(min(14, limit))))
        last = first + timedelta(days=length) if length > 1 else None
        fields.update(start=first, end=last, timezone=own_zone(draw, zones))
        cost = float(length)
    elif kind == "hours":
        first = datetime.combine(day_in(draw, start, end), local_time(draw), UTC)
        hours = draw(st.integers(1, max(1, int(min(8, limit * 24)))))
        fields.update(start=first, end=first + timedelta(hours=hours))
        cost = hours / 24
    else:
        entry = draw(st.sampled_from(recurring))
        rule, at, duration, _, title = entry
        fields.update(schedule=Schedule(rrule=rule, at=at), duration=duration, title=title)
        fields["timezone"] = own_zone(draw, zones)
        cost = _yearly_days(entry) * span / 365
    return Blackout(**fields), cost


def holiday_source(draw: st.DrawFn, *, scope_from: tuple[str, ...], country: str) -> HolidaySource:
    """A holiday calendar of ``country``, maybe widened by a day, maybe for some subsystems."""
    scope = None
    if scope_from and chance(draw, 0.2):
        scope = (draw(st.sampled_from(scope_from)),)
    return HolidaySource(
        country=country,
        days_before=draw(st.integers(0, 1)),
        days_after=draw(st.integers(0, 1)),
        observed=not chance(draw, 0.1),
        scope=scope,
    )


# -- changes -----------------------------------------------------------------------------------


def needs_of_a_change(
    draw: st.DrawFn, *, roles: tuple[str, ...], owners: tuple[str, ...]
) -> dict[str, Any]:
    """The people a change needs of its own, as ``Change`` fields: a role (sometimes with a
    backup), or a named owner, or both."""
    kinds = ("role",) * bool(roles) + ("owner",) * bool(owners) + ("both",) * bool(roles and owners)
    kind = draw(st.sampled_from(kinds))
    out: dict[str, Any] = {}
    if kind in ("role", "both"):
        role = draw(st.sampled_from(roles))
        out["needs"] = {role: 1}
        if likely(draw, 0.3):
            out["backups"] = {role: 1}
    if kind in ("owner", "both"):
        out["owner"] = draw(st.sampled_from(owners))
    return out


def change(
    draw: st.DrawFn,
    *,
    change_id: str,
    subsystems: tuple[str, ...],
    horizon: tuple[date, date],
    short_notice: float,
    prerequisites: tuple[str, ...] = (),
    dependency_density: float = 0.0,
    pins: dict[str, tuple[str, ...]] | None = None,
    pinned: float = 0.0,
    roles: tuple[str, ...] = (),
    owners: tuple[str, ...] = (),
    needs: float = 0.0,
    policy: Policy | None = None,
    also_from: tuple[str, ...] = (),
    runbooks: float = 0.0,
    step_owners: tuple[str, ...] = (),
) -> Change:
    """A change of a few minutes (sometimes one too long for a 15-minute window).

    With probability ``short_notice`` it is a short-notice change, raised within the lead time,
    with a record as :func:`short_notice_record` draws it for ``policy`` (the default policy when
    ``None``); otherwise it was raised up to 18 months before the horizon or in its first half.
    With probability ``dependency_density`` it depends on one or two of ``prerequisites``;
    with probability ``pinned`` it is pinned to one of ``pins[subsystem]``, window ids. With
    probability ``needs`` it needs people of its own: one of ``roles`` (sometimes with a
    backup), or one of ``owners`` (person ids) as its owner, or both. Some also affect one or
    two of ``also_from`` besides their own subsystem, or services (WebEx, VPN tunnels), or
    say more to the internal audience. With probability ``runbooks`` it has a runbook as
    :func:`runbook` draws it (timed steps owned by ``step_owners``, dry runs, a rollback),
    and perhaps no stated duration. Its status is always the default, ``proposed``.
    """
    start, end = horizon
    span = (end - start).days
    subsystem = draw(st.sampled_from(subsystems))
    minutes = draw(st.sampled_from((20, 30, 60, 180))) if chance(draw, 0.1) else None
    duration = timedelta(minutes=minutes or draw(st.integers(1, 15)))
    urgent = chance(draw, short_notice)
    if urgent:
        requested = start + timedelta(days=draw(st.integers(-150, span // 3)))
    else:
        requested = start + timedelta(days=draw(st.integers(-540, span // 2)))
    earliest = day_in(draw, start - timedelta(days=30), end) if chance(draw, 0.25) else None
    deadline = None
    if chance(draw, 0.3):
        deadline = day_in(draw, earliest or start, end + timedelta(days=30))
    depends_on: list[str] = []
    if prerequisites and chance(draw, dependency_density):
        pool = st.sampled_from(prerequisites)
        depends_on = draw(st.lists(pool, min_size=1, max_size=2, unique=True))
    choices = (pins or {}).get(subsystem, ())
    pin = draw(st.sampled_from(choices)) if choices and chance(draw, pinned) else None
    titles = STEPS[: draw(st.integers(2, len(STEPS)))] if chance(draw, 0.3) else ()
    work: dict[str, Any] = {"duration": duration, "steps": tuple(Step(title=t) for t in titles)}
    if likely(draw, runbooks):
        work = runbook(draw, owners=step_owners, requested_on=requested)
    people: dict[str, Any] = {}
    if (roles or owners) and likely(draw, needs):
        people = needs_of_a_change(draw, roles=roles, owners=owners)
    title = f"{subsystem} {draw(st.sampled_from(TITLES))}"
    priority = draw(st.sampled_from((3, 1, 2, 4, 5, 6, 7, 8, 9)))
    record = None
    if urgent:
        record = short_notice_record(draw, requested_on=requested, policy=policy or Policy())
    return Change(
        id=change_id,
        title=title,
        subsystem=subsystem,
        requested_on=requested,
        earliest=earliest,
        deadline=deadline,
        priority=priority,
        depends_on=tuple(depends_on),
        short_notice=record,
        pin=pin,
        **work,
        **people,
        **_reach(draw, subsystem, also_from),
    )


def _reach(draw: st.DrawFn, subsystem: str, also_from: tuple[str, ...]) -> dict[str, Any]:
    """What a change affects beyond its window, as ``Change`` fields: sometimes one or two of
    ``also_from`` (not ``subsystem``), services, an internal description."""
    out: dict[str, Any] = {}
    others = tuple(s for s in also_from if s != subsystem)
    if others and likely(draw, 0.15):
        picked = draw(st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True))
        out["also_affects"] = tuple(sorted(picked, key=others.index))
    if likely(draw, 0.2):
        services = st.sampled_from(_SERVICES)
        out["affects"] = tuple(draw(st.lists(services, min_size=1, max_size=3, unique=True)))
    if likely(draw, 0.15):
        out["internal_description"] = draw(st.sampled_from(_DESCRIPTIONS))
    return out


# -- runbooks ---------------------------------------------------------------------------------

_CHECKS = ("backup verified restorable", "service answers its health check", "integrity clean")
_GATE = "go/no-go"


def step(draw: st.DrawFn, *, owners: tuple[str, ...], kind: StepKind | None = None) -> Step:
    """A runbook line of ``kind`` (drawn when ``None``: mostly work, sometimes a check): work
    of 1 to 4 minutes (sometimes untimed), a check of a minute or two with what passes, or a
    go/no-go gate (untimed mostly) with what says go; owned by one of ``owners`` (roles or
    person ids) more often than not."""
    if kind is None:
        kind = draw(st.sampled_from((StepKind.STEP, StepKind.STEP, StepKind.CHECK)))
    duration: timedelta | None
    if kind is StepKind.GATE:
        title, criteria = _GATE, "every check passed and no severity-1 issue is open"
        duration = timedelta(minutes=1) if likely(draw, 0.2) else None
    elif kind is StepKind.CHECK:
        title, criteria = draw(st.sampled_from(_CHECKS)), "it passes"
        duration = timedelta(minutes=draw(st.integers(1, 2)))
    else:
        title, criteria = draw(st.sampled_from(STEPS)), ""
        duration = timedelta(minutes=draw(st.integers(1, 4))) if likely(draw, 0.85) else None
    owner = draw(st.sampled_from(owners)) if owners and likely(draw, 0.6) else None
    return Step(title=title, kind=kind, duration=duration, owner=owner, criteria=criteria)


def dry_run(draw: st.DrawFn, *, steps: tuple[Step, ...], on: date) -> DryRun:
    """A rehearsal on ``on`` of a change with ``steps``: what it took in total, or per step (a
    figure for each, near the step's estimate; PT0S for some it did not time), or both (the
    total at least the figures added up). Whole minutes."""
    minute = timedelta(minutes=1)
    kinds = ("total",) + ("steps", "both") * bool(steps)
    kind = draw(st.sampled_from(kinds))
    figures: tuple[timedelta, ...] = ()
    if kind != "total":
        out = []
        for s in steps:
            if s.duration:
                out.append(max(minute, s.duration + minute * draw(st.integers(-1, 2))))
            else:
                out.append(minute * draw(st.integers(0, 1)))
        if not any(out):
            out[0] = minute
        figures = tuple(out)
    total: timedelta | None = None
    if kind == "both":
        total = sum(figures, timedelta(0)) + minute * draw(st.integers(0, 2))
    elif kind == "total":
        planned = sum((s.duration for s in steps if s.duration), timedelta(0))
        base = planned if planned else minute * draw(st.integers(3, 12))
        total = max(minute, base + minute * draw(st.integers(-2, 3)))
    return DryRun(on=on, duration=total, steps=figures)


def rollback(draw: st.DrawFn, *, owners: tuple[str, ...]) -> Rollback:
    """A way back of 1 to 8 minutes: a duration, timed steps, or both (its length is the
    longer)."""
    kind = draw(st.sampled_from(("duration", "steps", "both")))
    duration = timedelta(minutes=draw(st.integers(1, 8))) if kind != "steps" else None
    steps: tuple[Step, ...] = ()
    if kind != "duration":
        steps = tuple(
            step(draw, owners=owners, kind=StepKind.STEP) for _ in range(draw(st.integers(1, 3)))
        )
        if duration is None and not any(s.duration for s in steps):
            steps = (steps[0].model_copy(update={"duration": timedelta(minutes=1)}), *steps[1:])
    return Rollback(duration=duration, steps=steps)


def runbook(draw: st.DrawFn, *, owners: tuple[str, ...], requested_on: date) -> dict[str, Any]:
    """A change's runbook as ``Change`` fields: mostly two to four steps (some checks, a
    go/no-go gate before the last one sometimes), sometimes dry runs (one or two, in the two
    months before ``requested_on``) and mostly a rollback. Its stated ``duration`` is left out
    sometimes when the steps or dry runs give its length, and is otherwise a few minutes:
    below what the rehearsals call for at times, above at others."""
    steps: tuple[Step, ...] = ()
    if likely(draw, 0.8):
        steps = tuple(step(draw, owners=owners) for _ in range(draw(st.integers(2, 4))))
        if likely(draw, 0.4):
            gate = step(draw, owners=owners, kind=StepKind.GATE)
            steps = (*steps[:-1], gate, steps[-1])
    runs: tuple[DryRun, ...] = ()
    if likely(draw, 0.5):
        days = draw(st.lists(st.integers(1, 60), min_size=1, max_size=2))
        runs = tuple(dry_run(draw, steps=steps, on=requested_on - timedelta(days=d)) for d in days)
    fields: dict[str, Any] = {"steps": steps, "dry_runs": runs}
    if likely(draw, 0.7):
        fields["rollback"] = rollback(draw, owners=owners)
    timed = any(s.duration for s in steps)
    if not (timed or runs) or not likely(draw, 0.4):
        fields["duration"] = timedelta(minutes=draw(st.integers(1, 15)))
    return fields


def slack(draw: st.DrawFn) -> Slack:
    """Room to recover: changes longer than none, 5 or 10 minutes ask for 5 minutes to an
    hour after their work and rollback."""
    longer = timedelta(minutes=draw(st.sampled_from((5, 0, 10))))
    return Slack(
        longer_than=longer, at_least=timedelta(minutes=draw(st.sampled_from((5, 10, 30, 60))))
    )


def meeting_day(day: date, weekday: str) -> date:
    """The first ``weekday`` (``TH``) after ``day``: the day of the first change-advisory
    meeting after a change raised on ``day``."""
    return day + timedelta(days=(WEEKDAYS.index(weekday) - day.weekday() - 1) % 7 + 1)


def approval(draw: st.DrawFn, *, requested_on: date, cab: CabMeeting | None) -> Approval:
    """An approval of a change raised on ``requested_on``: mostly by the board at the first
    meeting of ``cab`` after it; otherwise by a manager, within a week of it, or of that
    meeting."""
    if cab is not None and likely(draw, 0.8):
        day = meeting_day(requested_on, cab.weekday)
        return Approval(by="Change Advisory Board", on=day, meeting=day)
    first = meeting_day(requested_on, cab.weekday) if cab is not None else requested_on
    on = first + timedelta(days=draw(st.integers(0, 7)))
    return Approval(by=draw(st.sampled_from(_APPROVERS)), on=on)


def short_notice_record(draw: st.DrawFn, *, requested_on: date, policy: Policy) -> ShortNotice:
    """The record of a short-notice change raised on ``requested_on``: half the time nothing
    yet; otherwise mostly an approval (as :func:`approval` draws it for ``policy.cab``),
    answers to all or some of ``policy.review_questions`` (by key), a worst case and a
    rollback, and sometimes the stakeholders and a line for the client notice."""
    if not likely(draw, 0.5):
        return ShortNotice()
    fields: dict[str, Any] = {}
    if likely(draw, 0.8):
        fields["approval"] = approval(draw, requested_on=requested_on, cab=policy.cab)
    keys = tuple(policy.review_questions)
    if keys and likely(draw, 0.8):
        picked = keys
        if not likely(draw, 0.5):
            some = draw(st.lists(st.sampled_from(keys), min_size=1, unique=True))
            picked = tuple(k for k in keys if k in some)
        fields["answers"] = {k: ANSWERS.get(k, "Yes, as the runbook says") for k in picked}
    if likely(draw, 0.8):
        fields["worst_case"] = draw(st.sampled_from(WORST_CASES))
        fields["rollback"] = draw(st.sampled_from(ROLLBACKS))
    if likely(draw, 0.4):
        picked_people = st.lists(st.sampled_from(STAKEHOLDERS), min_size=1, max_size=3, unique=True)
        fields["stakeholders"] = tuple(draw(picked_people))
    if likely(draw, 0.3):
        fields["client_line"] = draw(st.sampled_from(CLIENT_LINES))
    return ShortNotice(**fields)


# -- clients and notices ---------------------------------------------------------------------


def client(
    draw: st.DrawFn, *, index: int, subsystems: tuple[str, ...], zones: tuple[str, ...]
) -> Client:
    """Client ``index`` of :data:`CLIENTS`, mostly on a clock of its own (one of ``zones``),
    with a contact or two; sometimes it hears only of one or two of ``subsystems``."""
    cid, name = CLIENTS[index]
    timezone = draw(st.sampled_from(zones)) if likely(draw, 0.6) else None
    contacts: tuple[str, ...] = (f"it-ops@{cid}.example",)
    if likely(draw, 0.3):
        contacts += (f"on-call@{cid}.example",)
    scope: tuple[str, ...] = ()
    if subsystems and likely(draw, 0.3):
        picked = draw(st.lists(st.sampled_from(subsystems), min_size=1, max_size=2, unique=True))
        scope = tuple(sorted(picked, key=subsystems.index))
    return Client(id=cid, name=name, timezone=timezone, contacts=contacts, subsystems=scope)


def notice_template(draw: st.DrawFn) -> NoticeTemplate:
    """The default wording, or a terse one of its own: a subject, and text and HTML that show
    a few of the placeholders (and a dollar sign, written ``$$``, sometimes)."""
    if not likely(draw, 0.5):
        return NoticeTemplate()
    placeholders = st.sampled_from(tuple(PLACEHOLDERS))
    names = draw(st.lists(placeholders, min_size=1, max_size=6, unique=True))
    text = "".join(f"{name}: ${name}\n" for name in names)
    page = "<ul>\n" + "".join(f"<li>${{{name}}}</li>\n" for name in names) + "</ul>\n"
    if likely(draw, 0.2):
        text += "No charge: $$0\n"
    return NoticeTemplate(subject=draw(st.sampled_from(_SUBJECTS)), text=text, html=page)


def notice_templates(draw: st.DrawFn) -> NoticeTemplates:
    """The default wording of every audience's notices, with that of one or more replaced as
    :func:`notice_template` draws it."""
    audiences = ("client", "internal", "crew")
    picked = draw(st.lists(st.sampled_from(audiences), min_size=1, unique=True))
    return NoticeTemplates(**{a: notice_template(draw) for a in audiences if a in picked})


# -- policy -------------------------------------------------------------------------


def cab_meeting(draw: st.DrawFn, zones: tuple[str, ...] = ()) -> CabMeeting:
    """A weekly change-advisory meeting on a working day, sometimes in one of ``zones``."""
    return CabMeeting(
        weekday=draw(st.sampled_from(WEEKDAYS[:5])),
        at=time(draw(st.integers(8, 16))),
        timezone=own_zone(draw, zones) if zones else None,
    )


def policy(draw: st.DrawFn, zones: tuple[str, ...] = ZONES, *, slack_share: float = 0.15) -> Policy:
    """The default six months' lead time and two weeks' notice, mostly; sometimes shorter or
    longer, other notices (to clients, internally, to crews), internal notices of every window
    with work, another same-day rule, a CAB meeting (in one of ``zones`` sometimes) that asks
    other review questions, a missing backup that is only a warning or allowed; another
    contingency factor for rehearsed changes sometimes, and with probability ``slack_share``
    room to recover for long changes (:func:`slack`)."""
    days = st.sampled_from((14, 7, 1, 0)).map(lambda n: timedelta(days=n))
    fields: dict[str, Any] = {
        "lead_time_months": draw(st.sampled_from((6, 3, 0, 1, 12))),
        "freeze_horizon": draw(days),
        "same_day_releases": draw(st.sampled_from(tuple(SameDayReleases))),
    }
    if chance(draw, 0.2):
        fields["client_notices"] = draw(st.lists(days, min_size=1, max_size=3))
        fields["internal_notices"] = draw(st.lists(days, max_size=4))
    if chance(draw, 0.3):
        fields["cab"] = cab_meeting(draw, zones)
    if likely(draw, 0.5):
        fields["missing_backup"] = draw(st.sampled_from(tuple(Enforcement)))
    if likely(draw, 0.15):
        fields["crew_notices"] = draw(st.lists(days, max_size=3))
    if likely(draw, 0.15):
        fields["internal_notices_for"] = "all"
    if likely(draw, 0.15):
        asked = draw(st.lists(st.sampled_from(tuple(REVIEW_QUESTIONS)), unique=True))
        questions = {k: v for k, v in REVIEW_QUESTIONS.items() if k in asked}
        fields["review_questions"] = questions | (_OWN_QUESTION if likely(draw, 0.5) else {})
    if likely(draw, 0.15):
        fields["contingency"] = draw(st.sampled_from((1.0, 1.25, 2.0)))
    if likely(draw, slack_share):
        fields["slack"] = slack(draw)
    return Policy(**fields)
