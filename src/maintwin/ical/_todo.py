"""``notices_to_ical``: the notices a plan calls for, as the communications team's to-do list."""

from __future__ import annotations

from datetime import timedelta

from icalendar import Todo

from .._errors import MaintwinError
from .._model.notice import Audience, Notice, NoticeStatus
from .._planning.plan import Plan
from .._text import span_text
from .._time import utc, zone
from ._calendar import assemble, head, local, uid
from ._feed import DEFAULT_REFRESH

__all__ = ["notices_to_ical"]

_STATUS = {
    NoticeStatus.PENDING: "NEEDS-ACTION",
    NoticeStatus.LATE: "NEEDS-ACTION",
    NoticeStatus.SENT: "COMPLETED",
}


def notices_to_ical(
    plan: Plan, *, audience: Audience | str | None = None, refresh: timedelta = DEFAULT_REFRESH
) -> bytes:
    """The notices of ``plan`` as an iCalendar to-do list (RFC 5545 bytes, CRLF lines).

    One VTODO per notice of ``plan.notices`` (only those of ``audience``, ``client``,
    ``internal`` or ``crew``, when given). Each is due (DUE) when the notice is, on its
    reader's clock with a VTIMEZONE for that zone; a late notice is due at once (the plan's
    ``now``), at PRIORITY 1, and its description says when it was due and how late it is. The
    SUMMARY is ``Send the <audience> notice: <subject>``, the DESCRIPTION the notice's text,
    the STATUS NEEDS-ACTION (pending and late notices) or COMPLETED (sent ones), and the
    CATEGORIES the audience and the kind. UIDs are the notice's id with ``.`` for ``/``:
    ``client.lakeside.ris-2027-01-13.P14D.todo@<scenario>.maintwin``, stable across re-plans.

    The same plan always gives the same bytes: DTSTAMP is the plan's ``now``.
    """
    chosen = _audience(audience)
    scenario = plan.scenario
    todos = [_todo(plan, n) for n in plan.notices if chosen is None or n.audience is chosen]
    title = f"{scenario.name}: notices to send" + (f" ({chosen.value})" if chosen else "")
    home = zone(scenario.timezone)
    start, end, now = (utc(t).astimezone(home) for t in (plan.start, plan.end, plan.now))
    description = (
        f"The notices to send for the planned downtime of {scenario.name}, {start:%Y-%m-%d} to "
        f"{end:%Y-%m-%d} (planned {now:%Y-%m-%d %H:%M %Z}); each is due on its reader's clock."
    )
    return assemble(head(title, description, refresh), todos, tz=home)


def _audience(audience: Audience | str | None) -> Audience | None:
    if audience is None:
        return None
    try:
        return Audience(audience)
    except ValueError:
        known = ", ".join(repr(a.value) for a in Audience)
        raise MaintwinError(
            f"notices_to_ical(): audience {audience!r} is not known; expected one of {known}, "
            "or None for every notice"
        ) from None


def _todo(plan: Plan, notice: Notice) -> Todo:
    tz = zone(notice.timezone)
    late = notice.status is NoticeStatus.LATE
    due = utc(plan.now if late else notice.due).astimezone(tz)
    todo = Todo()
    todo.add("UID", uid(plan.scenario.name, *notice.id.split("/"), "todo"))
    todo.add("DTSTAMP", utc(plan.now))
    todo.add("SUMMARY", f"Send the {notice.audience.value} notice: {notice.subject or notice.id}")
    todo.add("DUE", local(due, due, notice.timezone)[0])
    description = _description(notice) if late else notice.text
    if description:
        todo.add("DESCRIPTION", description)
    todo.add("STATUS", _STATUS[notice.status])
    if late:
        todo.add("PRIORITY", 1)
    todo.add("CATEGORIES", [notice.audience.value, notice.kind.value])
    return todo


def _description(notice: Notice) -> str:
    """A late notice's text, after when it was due and how late it is."""
    due = utc(notice.due).astimezone(zone(notice.timezone))
    by = f" by {span_text(notice.late_by)}" if notice.late_by is not None else ""
    line = f"Late{by}: this notice was due {due:%a %Y-%m-%d %H:%M %Z} ({notice.timezone})."
    return f"{line}\n\n{notice.text}" if notice.text else line
