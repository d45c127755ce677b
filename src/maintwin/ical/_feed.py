"""``to_ical``: a plan's downtime windows as a feed for clients or for staff."""

from __future__ import annotations

from calendar import day_name, month_name  # as strftime's %A and %B give them
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Literal, get_args

from .._errors import MaintwinError
from .._model.blackout import BlackoutPeriod
from .._model.change import Change
from .._model.client import Client
from .._model.conflict import Conflict
from .._model.estimate import Estimate
from .._model.notice import Audience as NoticeAudience
from .._model.people import Person
from .._model.train import ReleaseTrain, version_label
from .._model.window import Window
from .._planning.estimate import estimates
from .._planning.plan import Assignment, Plan
from .._planning.runbook import runbook as build_runbook
from .._runbook_render import text_lines
from .._text import clock, minutes_text
from .._time import utc, zone
from ._calendar import assemble, faithful, head, local, uid
from ._client import client_event, client_of, heard
from ._crew import attendees, crew_lines, gap_lines
from ._part import Part
from ._publish import publish

__all__ = ["Facts", "FeedAudience", "to_ical", "window_event"]

FeedAudience = Literal["client", "internal"]
"""Who a feed is for: ``client`` (when, how long, what is affected) or ``internal`` (all)."""

DEFAULT_REFRESH = timedelta(hours=6)
DEFAULT_HISTORY = timedelta(days=90)


def check_audience(audience: str) -> FeedAudience:
    """``audience`` itself when it is one maintwin knows; a :class:`MaintwinError` if not."""
    if audience not in get_args(FeedAudience):
        raise MaintwinError(f"audience {audience!r} is not known; expected 'client' or 'internal'")
    return audience  # type: ignore[return-value]


def to_ical(
    plan: Plan,
    *,
    audience: FeedAudience = "client",
    client: str | None = None,
    previous: bytes | str | None = None,
    refresh: timedelta = DEFAULT_REFRESH,
    history: timedelta = DEFAULT_HISTORY,
) -> bytes:
    """The downtime windows of ``plan`` as an iCalendar feed (RFC 5545 bytes, CRLF lines).

    One VEVENT per window that is not blocked, with the changes that ride in it in the order
    they run. ``audience="client"`` says when, how long and what is affected, and each window
    carries a VALARM per client notice offset of the policy; ``audience="internal"`` adds the
    change ids, the runbook timeline with each change's steps, the crew (one ATTENDEE per
    person, and a line per role), the conflicts, and one event per blackout period, and a
    window carries a VALARM per internal notice the plan has for it (only windows with
    internal notices: by default those carrying a short-notice change).

    ``client`` (the id of one of the scenario's clients, client feed only) makes the feed that
    client's own: only the windows it hears of (those the plan has client notices to it for),
    with times on its clock (its ``timezone``, or the scenario's), the zone named in each
    description, and UIDs ``<window id>.client.<client id>@<scenario>.maintwin``.

    ``previous`` is the feed published last time: an event whose content changed gets its
    SEQUENCE raised, and a window of it that is no longer in the plan (blocked, or gone) is
    published once more as STATUS:CANCELLED. Events of ``previous`` outside the plan's horizon
    are carried over unchanged, those that ended more than ``history`` before it are dropped.
    ``refresh`` is how often subscribers should fetch the feed again.

    The same plan (and ``previous``) always gives the same bytes: DTSTAMP is the plan's ``now``.
    """
    audience = check_audience(audience)
    scenario = plan.scenario
    internal = audience == "internal"
    reader = _reader(plan, audience, client)
    tz_name = (reader.timezone if reader is not None else None) or scenario.timezone
    facts = Facts.of(plan)
    events = _window_events(facts, audience, reader, tz_name)
    if internal:
        events += [
            _blackout_event(scenario.name, scenario.timezone, period)
            for period in scenario.blackout_periods(plan.start, plan.end)
        ]
    title = f"{scenario.name}: planned downtime" + (" (internal)" if internal else "")
    description = _calendar_description(plan, facts.conflicts.get("", []), internal)
    if reader is not None:
        title += f" for {reader.name or reader.id}"
        description += f"\nFor {reader.name or reader.id}; times are in {tz_name}."
    events = publish(
        events,
        name=title,
        tz=zone(tz_name),
        now=plan.now,
        previous=previous,
        start=plan.start,
        end=plan.end,
        history=history,
    )
    return assemble(head(title, description, refresh), events, tz=zone(tz_name))


def _reader(plan: Plan, audience: FeedAudience, client: str | None) -> Client | None:
    """The client whose own feed this is, if any."""
    if client is None:
        return None
    if audience != "client":
        raise MaintwinError(
            f"to_ical(): client={client!r} is for the client feed, not the {audience} one; "
            "give audience='client' with it, or leave client out"
        )
    return client_of(plan, client)


def _window_events(
    facts: Facts, audience: FeedAudience, reader: Client | None, tz_name: str
) -> list[Part]:
    """The events of the windows that are not blocked: all of them, each in its own zone, or
    those ``reader`` hears of, on its clock. An internal window rings at its internal
    notices' offsets (none when it has none); a client window at the policy's client ones."""
    plan = facts.plan
    shown = [w for w in plan.windows if not w.blocked]
    if reader is not None:
        hears = heard(plan, reader)
        return [
            client_event(
                window_event(facts, w, audience, tz_name=tz_name),
                plan.scenario.name,
                w.id,
                reader,
                tz_name,
            )
            for w in shown
            if w.id in hears
        ]
    if audience == "internal":
        rings = _internal_offsets(plan)
        return [window_event(facts, w, audience, alarms=rings.get(w.id, ())) for w in shown]
    return [window_event(facts, w, audience) for w in shown]


# -- windows -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the window events need of a plan, looked up once."""

    plan: Plan
    changes: dict[str, Change]
    runbooks: dict[str, list[Assignment]]
    withdrawn: dict[str, list[Assignment]]
    conflicts: dict[str, list[Conflict]]
    trains: dict[str, ReleaseTrain]
    titles: dict[str, str]
    people: dict[str, Person]
    estimates: dict[str, Estimate]

    @classmethod
    def of(cls, plan: Plan) -> Facts:
        runbooks: dict[str, list[Assignment]] = defaultdict(list)
        for a in plan.assignments:  # sorted by window start and offset
            runbooks[a.window].append(a)
        withdrawn: dict[str, list[Assignment]] = defaultdict(list)
        for a in plan.withdrawn:
            withdrawn[a.window].append(a)
        scenario = plan.scenario
        riding = {a.change for a in plan.assignments}
        return cls(
            plan=plan,
            changes={c.id: c for c in scenario.changes},
            runbooks=runbooks,
            withdrawn=withdrawn,
            conflicts=_conflicts_by_window(plan),
            trains={t.id: t for t in scenario.trains},
            titles={w.id: w.title for w in scenario.one_off_windows if w.title},
            people={p.id: p for p in scenario.people},
            estimates=estimates(  # of the changes that ride: the runbooks show them
                (c for c in scenario.changes if c.id in riding), scenario.policy
            ),
        )


def _conflicts_by_window(plan: Plan) -> dict[str, list[Conflict]]:
    """Each window's conflicts (by the windows they name, or their changes' windows); the
    conflicts that concern no published window are under ``""``."""
    where = {a.change: a.window for a in plan.assignments}
    published = {w.id for w in plan.windows if not w.blocked}
    found: dict[str, list[Conflict]] = defaultdict(list)
    for conflict in plan.conflicts:
        windows = set(conflict.windows) | {where[c] for c in conflict.changes if c in where}
        homes = sorted(windows & published) or [""]
        for home in homes:
            found[home].append(conflict)
    return found


def _internal_offsets(plan: Plan) -> dict[str, tuple[timedelta, ...]]:
    """The offsets of each window's internal notices, longest first (moved and cancelled
    notices, due at once, have none)."""
    found: dict[str, set[timedelta]] = defaultdict(set)
    for notice in plan.notices:
        if notice.audience is NoticeAudience.INTERNAL and notice.offset is not None:
            found[notice.window].add(notice.offset)
    return {w: tuple(sorted(offsets, reverse=True)) for w, offsets in found.items()}


def window_event(
    facts: Facts,
    window: Window,
    audience: FeedAudience,
    *,
    tz_name: str | None = None,
    alarms: Sequence[timedelta] | None = None,
) -> Part:
    """The event of one window for ``audience``, its times written in ``tz_name`` (the
    window's own zone by default), with a VALARM at each of ``alarms`` before it (by default
    the policy's notice offsets for ``audience``)."""
    scenario = facts.plan.scenario
    internal = audience == "internal"
    runbook = [
        (a, facts.changes[a.change])
        for a in sorted(facts.runbooks.get(window.id, []), key=lambda a: a.offset)
        if a.change in facts.changes
    ]
    shown = tz_name or window.timezone
    span = utc(window.start), utc(window.end)
    start, end = (t.astimezone(zone(shown)) for t in span)
    if internal:
        ids = ", ".join(c.id for _, c in runbook)
        summary = f"{window.subsystem} downtime: {ids}" if ids else f"{window.subsystem} downtime"
    else:
        summary = f"{window.subsystem} planned downtime"
    lines = [_when(window.subsystem, start, end, window.length)]
    if window.shifted:
        train = facts.trains.get(window.source)
        usual = f" of {train.schedule.at:%H:%M}" if train is not None else ""
        lines.append(
            f"It starts later than usual: its usual time{usual} does not exist that day, "
            "as the clocks go forward."
        )
    lines += _release_lines(facts, window, span[0])
    lines += _runbook_lines(runbook, window, internal, facts, shown)
    if internal:
        lines += crew_lines(window.crew, facts.people)
        lines += gap_lines(window.gaps)
        withdrawn = facts.withdrawn.get(window.id, [])
        if withdrawn:
            lines += ["", "Withdrawn (announced, no longer in the scenario):"]
            lines += [f"- {a.change}" for a in withdrawn]
        conflicts = facts.conflicts.get(window.id, [])
        if conflicts:
            lines += ["", f"Conflicts ({len(conflicts)}):"] + [f"- {c}" for c in conflicts]
    event = Part("VEVENT")
    event.text("UID", uid(scenario.name, window.id, audience))
    event.text("SUMMARY", summary)
    first, last = faithful(start, end)
    event.when("DTSTART", first)
    event.when("DTEND", last)
    event.span = span
    event.text("DESCRIPTION", "\n".join(lines))
    event.texts_of("CATEGORIES", ["Downtime", window.subsystem])
    event.line("STATUS", "STATUS:CONFIRMED")
    event.line("TRANSP", "TRANSP:TRANSPARENT")  # downtime must not make a subscriber look busy
    event.line("CLASS", "CLASS:PRIVATE" if internal else "CLASS:PUBLIC")
    if internal:  # clients never see who is on staff
        attendees(event, scenario.name, window.crew, facts.people)
    if alarms is None:
        policy = scenario.policy
        alarms = policy.internal_notices if internal else policy.client_notices
    event.parts = [_alarm(f"{window.subsystem} downtime", notice) for notice in alarms]
    return event


def _when(subsystem: str, start: datetime, end: datetime, length: timedelta) -> str:
    # Both offsets are named when the clocks change inside the window.
    zone_name, end_zone = start.tzname() or "", end.tzname() or ""
    begins = _clock(start) if zone_name == end_zone else f"{_clock(start)} {zone_name}"
    until = f"{_clock(end)} {end_zone}"
    if end.date() != start.date():
        until += f" on {day_name[end.weekday()]} {end.day} {month_name[end.month]}"
    return (
        f"{subsystem} is unavailable on {day_name[start.weekday()]} {start.day} "
        f"{month_name[start.month]} {start.year} from {begins} to {until} "
        f"({minutes_text(length)})."
    )


def _clock(moment: datetime) -> str:
    """``09:05``: as ``%H:%M`` gives it."""
    return f"{moment.hour:02}:{moment.minute:02}"


def _release_lines(facts: Facts, window: Window, begin: datetime) -> list[str]:
    train = facts.trains.get(window.source)
    if train is None:
        title = facts.titles.get(window.source)
        return [f"{title}."] if title else []
    day = begin.astimezone(zone(window.timezone)).date()
    return [f"Release {window.subsystem} {version_label(train.version, day, train.subsystem)}."]


def _runbook_lines(
    runbook: list[tuple[Assignment, Change]],
    window: Window,
    internal: bool,
    facts: Facts,
    shown: str,
) -> list[str]:
    """The work in the window: its titles for clients; for staff the window's runbook, each
    step on the wall clock (``shown``'s) and on its owners', with the gates' points of no
    return and the rollback paths."""
    if not runbook:
        return ["", "No changes are planned in this window yet."]
    if not internal:
        return ["", "Work in this window:"] + [f"- {c.title or 'Maintenance'}" for _, c in runbook]
    book = build_runbook(
        window,
        [a for a, _ in runbook],
        changes=facts.changes,
        estimates=facts.estimates,
        people=facts.people,
        timezone=facts.plan.scenario.timezone,
        shown=shown,
    )
    head = f"Runbook of window {window.id} ({window.source}), times in {shown}:"
    return ["", head, *text_lines(window, book.changes)]


def _alarm(what: str, notice: timedelta) -> Part:
    alarm = Part("VALARM")
    alarm.text("ACTION", "DISPLAY")
    alarm.text(
        "DESCRIPTION",
        f"{what} starts in {_notice_text(notice)}" if notice else f"{what} starts now",
    )
    alarm.lasting("TRIGGER", -notice)
    return alarm


def _notice_text(notice: timedelta) -> str:
    if notice.seconds == 0 and notice.microseconds == 0:
        return "1 day" if notice.days == 1 else f"{notice.days} days"
    return minutes_text(notice) if notice < timedelta(hours=1) else clock(notice) + " h"


# -- blackouts and the calendar --------------------------------------------------------------


def _blackout_event(scenario: str, tz_name: str, period: BlackoutPeriod) -> Part:
    tz = zone(tz_name)
    start, end = utc(period.start).astimezone(tz), utc(period.end).astimezone(tz)
    scope = ", ".join(period.scope) if period.scope else "any subsystem"
    event = Part("VEVENT")
    stamp = f"{utc(period.start):%Y%m%dT%H%M%SZ}"
    event.text("UID", uid(scenario, period.blackout, stamp, "blackout"))
    event.text("SUMMARY", f"Blackout ({period.reason}): {period.title or period.blackout}")
    if start.time() == time() and end.time() == time():  # whole local days
        event.when("DTSTART", start.date())
        event.when("DTEND", end.date())
    else:
        first, last = local(start, end, tz_name)
        event.when("DTSTART", first)
        event.when("DTEND", last)
    event.text(
        "DESCRIPTION",
        f"No downtime for {scope}: blackout {period.blackout} ({period.reason}).",
    )
    event.texts_of("CATEGORIES", ["Blackout", str(period.reason)])
    event.text("TRANSP", "TRANSPARENT")
    event.text("CLASS", "PRIVATE")
    return event


def _calendar_description(plan: Plan, loose: list[Conflict], internal: bool) -> str:
    tz = zone(plan.scenario.timezone)  # a plan read from JSON carries fixed offsets
    start, end, now = (utc(t).astimezone(tz) for t in (plan.start, plan.end, plan.now))
    text = (
        f"Planned downtime of {plan.scenario.name}, {start:%Y-%m-%d} to {end:%Y-%m-%d} "
        f"(planned {now:%Y-%m-%d %H:%M %Z})."
    )
    if internal and loose:
        text += "\nConflicts outside any window:\n" + "\n".join(f"- {c}" for c in loose)
    return text
