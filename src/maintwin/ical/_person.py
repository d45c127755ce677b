"""``person_to_ical``: one person's own downtime duties, the feed a team member subscribes to."""

from __future__ import annotations

from datetime import timedelta

from .._model.crew import Duty
from .._model.people import Person
from .._model.window import Window
from .._planning.plan import Plan
from .._time import utc, zone
from ._calendar import assemble, head, known, uid
from ._crew import duty_text
from ._feed import DEFAULT_HISTORY, DEFAULT_REFRESH, Facts, window_event
from ._part import Part
from ._publish import publish

__all__ = ["person_to_ical"]


def person_to_ical(
    plan: Plan,
    person_id: str,
    *,
    previous: bytes | str | None = None,
    refresh: timedelta = DEFAULT_REFRESH,
    history: timedelta = DEFAULT_HISTORY,
) -> bytes:
    """The windows of ``plan`` that ``person_id`` is on the crew of, as an iCalendar feed.

    One VEVENT per window that runs (is not blocked) with a duty of theirs: its SUMMARY and
    the first line of its DESCRIPTION say which (``dba``, ``backup dba``, ``owner of CHG-1``);
    the rest is the internal feed's: the runbook, the whole crew (as ATTENDEEs too) and the
    window's conflicts. Times are written in the person's own zone (their ``timezone``, or the
    scenario's), with its VTIMEZONE; the events are busy time (TRANSP:OPAQUE), since the
    person must keep them free, and carry the crew notices (``policy.crew_notices``) as
    alarms. UIDs are
    ``<window id>.duty.<person id>@<scenario>.maintwin``, stable across exports.

    ``previous``, ``refresh`` and ``history`` work as in :func:`maintwin.ical.to_ical`: a duty
    that the plan no longer gives the person is published once more as cancelled. An unknown
    ``person_id`` raises :class:`~maintwin.MaintwinError` naming the people there are.
    """
    scenario = plan.scenario
    person = _person(plan, person_id)
    tz_name = person.timezone or scenario.timezone
    tz = zone(tz_name)
    facts = Facts.of(plan)
    events: list[Part] = []
    for window in plan.windows:
        duties = [d for d in window.crew if d.person == person.id]
        if duties and not window.blocked:
            events.append(_duty_event(facts, window, person, duties, tz_name))
    title = f"{scenario.name}: downtime duties of {person.label}"
    home = zone(scenario.timezone)  # the horizon's dates are the plan's own
    start, end, now = (utc(t).astimezone(home) for t in (plan.start, plan.end, plan.now))
    description = (
        f"The downtime windows {person.label} ({person.id}) is on duty in, planned for "
        f"{scenario.name} from {start:%Y-%m-%d} to {end:%Y-%m-%d} (planned "
        f"{now:%Y-%m-%d %H:%M %Z}); times in {tz_name}."
    )
    events = publish(
        events,
        name=title,
        tz=tz,
        now=plan.now,
        previous=previous,
        start=plan.start,
        end=plan.end,
        history=history,
    )
    return assemble(head(title, description, refresh), events, tz=tz)


def _person(plan: Plan, person_id: str) -> Person:
    people = {p.id: p for p in plan.scenario.people}
    return known(people, person_id, "person", plan.scenario.name, none="the scenario has no people")


def _duty_event(
    facts: Facts, window: Window, person: Person, duties: list[Duty], tz_name: str
) -> Part:
    alarms = facts.plan.scenario.policy.crew_notices
    event = window_event(facts, window, "internal", tz_name=tz_name, alarms=alarms)
    scenario = facts.plan.scenario
    what = ", ".join(duty_text(d) for d in duties)
    lines = [f"{person.label} is on duty: {what}.", ""]
    description = event.texts["DESCRIPTION"]
    for name in ("DESCRIPTION", "UID", "SUMMARY", "TRANSP"):
        event.pop(name)
    event.text("UID", uid(scenario.name, window.id, "duty", person.id))
    event.text("SUMMARY", f"{window.subsystem} downtime: {what}")
    event.text("DESCRIPTION", "\n".join([*lines, description]))
    event.text("TRANSP", "OPAQUE")  # the person must keep it free
    return event
