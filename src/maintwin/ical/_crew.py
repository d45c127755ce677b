"""Who runs a window, as calendars show it: ATTENDEE properties and a line per role.

Each person on a window's crew is one ATTENDEE (RFC 5545, 3.8.4.1): ``ROLE=REQ-PARTICIPANT``
when they have a primary duty there, ``ROLE=OPT-PARTICIPANT`` when they are only a backup,
``CN`` their name (or id), and as the address ``mailto:<email>`` when their e-mail is known.
An ATTENDEE must have an address (a URI); for a person without an e-mail it is
``urn:uuid:<uuid>`` (RFC 4122), the same for that person in every feed of the scenario, as
CalDAV servers address their principals: calendar clients show the CN and send nothing to it.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence

from .._model.crew import Duty, StaffingGap
from .._model.people import Person
from ._calendar import slug
from ._lines import address_line
from ._part import Part

__all__ = ["address", "attendees", "crew_lines", "duty_text", "gap_lines"]


def address(scenario: str, person_id: str, person: Person | None) -> str:
    """The calendar address of a person: ``mailto:`` their e-mail, or a stable ``urn:uuid:``."""
    if person is not None and person.email:
        return f"mailto:{person.email}"
    name = f"urn:maintwin:{slug(scenario)}:person:{person_id}"
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def attendees(
    event: Part, scenario: str, crew: Sequence[Duty], people: Mapping[str, Person]
) -> None:
    """Add one ATTENDEE per person of ``crew`` to ``event``: those with a primary duty first,
    then the backups, each group in the order of the crew."""
    order: dict[str, bool] = {}  # person -> only a backup
    for duty in crew:
        order[duty.person] = order.get(duty.person, True) and duty.backup
    for pid in sorted(order, key=lambda p: order[p]):  # stable: the crew's order within
        person = people.get(pid)
        parameters = (
            ("CUTYPE", "INDIVIDUAL"),
            ("ROLE", "OPT-PARTICIPANT" if order[pid] else "REQ-PARTICIPANT"),
            ("RSVP", "FALSE"),  # the plan says who serves; nobody is asked
            ("CN", person.label if person is not None else pid),
        )
        event.line("ATTENDEE", address_line("ATTENDEE", address(scenario, pid, person), parameters))


def duty_text(duty: Duty) -> str:
    """One duty in words: ``dba``, ``backup dba``, ``owner of CHG-1``, ``network for CHG-2``."""
    what = _what(duty)
    return f"backup {what}" if duty.backup else what


def _what(duty: Duty) -> str:
    changes = ", ".join(duty.changes)
    if duty.role == "owner" and changes:
        return f"owner of {changes}"
    return f"{duty.role} for {changes}" if changes else duty.role


def crew_lines(crew: Sequence[Duty], people: Mapping[str, Person]) -> list[str]:
    """``Crew:`` and a line per role, the train's roles first, then the changes' own:
    ``- dba: Dana Park; backup Lee``."""
    if not crew:
        return []
    groups: dict[tuple[bool, tuple[str, ...], str], list[Duty]] = {}
    for duty in crew:
        groups.setdefault((bool(duty.changes), duty.changes, duty.role), []).append(duty)
    lines = ["", "Crew:"]
    for key in sorted(groups):
        duties = groups[key]
        primaries = [_name(d.person, people) for d in duties if not d.backup]
        backups = [_name(d.person, people) for d in duties if d.backup]
        parts = [", ".join(primaries)] if primaries else ["no primary"]
        if backups:
            parts.append(f"backup{'s' if len(backups) > 1 else ''} {', '.join(backups)}")
        lines.append(f"- {_what(duties[0])}: {'; '.join(parts)}")
    return lines


def gap_lines(gaps: Sequence[StaffingGap]) -> list[str]:
    """What a window that still runs is short of (a missing backup the policy allows)."""
    if not gaps:
        return []
    lines = ["", "Short of staff:"]
    for gap in gaps:
        found = ", ".join(gap.found) or "nobody"
        lines.append(
            f"- {gap.role}: needs {gap.needed} ({gap.backups} as backup{'s' * (gap.backups != 1)})"
            f", has {found}"
        )
        lines += [f"    {m.person}: {m.detail}" for m in gap.missing]
    return lines


def _name(person_id: str, people: Mapping[str, Person]) -> str:
    person = people.get(person_id)
    return person.label if person is not None else person_id
