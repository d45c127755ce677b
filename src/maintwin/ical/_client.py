"""One client's client feed: the windows it hears of, on its own clock.

A client (:class:`~maintwin.Client`) hears of the windows that the plan has client notices to
it for (those of its ``subsystems``, and those whose changes also affect them). A window that
has begun by the plan's ``now`` has no notices left; it is listed when its work is of the
client's subsystems, by the same rule the notices follow. A window it is told is off (a
cancelled notice) is not listed, so that a feed published over the previous one cancels it.
"""

from __future__ import annotations

from icalendar import Event

from .._model.client import Client
from .._model.notice import Audience, NoticeKind
from .._planning.notices import readers, work_of
from .._planning.plan import Plan
from .._time import utc
from ._calendar import known, uid

__all__ = ["client_event", "client_of", "heard"]


def client_of(plan: Plan, client_id: str) -> Client:
    """The client ``client_id`` of the plan's scenario; a :class:`MaintwinError` naming the
    clients there are when it has none of that id."""
    clients = {c.id: c for c in plan.scenario.clients}
    return known(
        clients, client_id, "client", plan.scenario.name, none="the scenario lists no clients"
    )


def heard(plan: Plan, client: Client) -> frozenset[str]:
    """The ids of the windows ``client`` hears of (see the module docstring)."""
    told = {
        n.window
        for n in plan.notices
        if n.audience is Audience.CLIENT
        and n.reader == client.id
        and n.kind is not NoticeKind.CANCELLED
    }
    work = work_of(plan.scenario, plan.assignments)
    now = utc(plan.now)
    for window in plan.windows:
        if utc(window.start) > now or window.id in told or window.id not in work:
            continue
        hear = readers(plan.scenario, window, work[window.id])
        if any(r.audience is Audience.CLIENT and r.id == client.id for r in hear):
            told.add(window.id)
    return frozenset(told)


def client_event(event: Event, scenario: str, window: str, client: Client, tz_name: str) -> Event:
    """The client feed's ``event`` of ``window`` as ``client``'s own: its UID
    ``<window>.client.<client id>@<scenario>.maintwin``, and a line naming the zone its times
    are in after the first of its description."""
    when, _, rest = str(event.pop("DESCRIPTION")).partition("\n")
    event.pop("UID")
    event.add("UID", uid(scenario, window, "client", client.id))
    lines = [when, f"Times are in {tz_name}.", *([rest] if rest else [])]
    event.add("DESCRIPTION", "\n".join(lines))
    return event
