"""One client's client feed: the windows it hears of, on its own clock.

A client (:class:`~maintwin.Client`) hears of the windows that run with work of its
``subsystems`` (all, when it names none), or work that also affects them: the rule the
notices follow (:func:`maintwin._planning.notices.readers`), also for windows that have begun
and for a policy with no client notices. A window left with no work (it is off) is not
listed, so that a feed published over the previous one cancels it.
"""

from __future__ import annotations

from .._model.client import Client
from .._model.notice import Audience
from .._planning.notices import readers, work_of
from .._planning.plan import Plan
from ._calendar import known, uid
from ._part import Part

__all__ = ["client_event", "client_of", "heard"]


def client_of(plan: Plan, client_id: str) -> Client:
    """The client ``client_id`` of the plan's scenario; a :class:`MaintwinError` naming the
    clients there are when it has none of that id."""
    clients = {c.id: c for c in plan.scenario.clients}
    return known(
        clients, client_id, "client", plan.scenario.name, none="the scenario lists no clients"
    )


def heard(plan: Plan, client: Client) -> frozenset[str]:
    """The ids of the windows ``client`` hears of: those that run (are not blocked) with work
    the client is told of, by the rule the notices follow (see the module docstring)."""
    work = work_of(plan.scenario, plan.assignments)
    people = {p.id: p for p in plan.scenario.people}
    return frozenset(
        w.id
        for w in plan.windows
        if w.id in work
        and not w.blocked
        and any(
            r.audience is Audience.CLIENT and r.id == client.id
            for r in readers(plan.scenario, w, work[w.id], people)
        )
    )


def client_event(event: Part, scenario: str, window: str, client: Client, tz_name: str) -> Part:
    """The client feed's ``event`` of ``window`` as ``client``'s own: its UID
    ``<window>.client.<client id>@<scenario>.maintwin``, and a line naming the zone its times
    are in after the first of its description."""
    when, _, rest = event.texts["DESCRIPTION"].partition("\n")
    event.pop("DESCRIPTION")
    event.pop("UID")
    event.text("UID", uid(scenario, window, "client", client.id))
    lines = [when, f"Times are in {tz_name}.", *([rest] if rest else [])]
    event.text("DESCRIPTION", "\n".join(lines))
    return event
