"""The internal feed rings only where the plan has internal notices.

In the example (examples/teleradiology.toml, planned on 2026-11-22), the January RIS window
carries the short-notice CHG-1042, so the internal audience is told of it two weeks, one week
and at the point of service (``internal_notices``); the June window carries work planned in
time, and the other open windows carry none. With ``internal_notices_for = "all"`` every
window with work is told of.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

import maintwin
from maintwin import Plan, Scenario, Status
from maintwin.ical import person_to_ical, to_ical

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
START, END = date(2026, 12, 1), date(2027, 12, 1)
INTERNAL = [timedelta(days=-14), timedelta(days=-7), timedelta(0)]


def _plan(scenario: Scenario, **policy: object) -> Plan:
    if policy:
        scenario = scenario.model_copy(update={"policy": scenario.policy.model_copy(update=policy)})
    return maintwin.plan(scenario, START, END, now=NOW)


def triggers(data: bytes) -> dict[str, list[timedelta]]:
    """Each window event's VALARM triggers, by window id (blackouts left out)."""
    cal = icalendar.Calendar.from_ical(data)
    return {
        str(e["UID"]).split(".")[0]: [a.decoded("TRIGGER") for a in e.walk("VALARM")]
        for e in cal.walk("VEVENT")
        if ".blackout@" not in str(e["UID"])
    }


def told(plan: Plan) -> dict[str, list[timedelta]]:
    """The offsets of each window's internal notices, longest first, read from the plan."""
    found: dict[str, set[timedelta]] = {}
    for n in plan.notices:
        if n.audience == "internal" and n.offset is not None:
            found.setdefault(n.window, set()).add(n.offset)
    return {w: sorted(-o for o in offsets) for w, offsets in found.items()}


def test_only_the_short_notice_window_rings(example: Scenario) -> None:
    plan = _plan(example)
    rings = triggers(to_ical(plan, audience="internal"))
    assert rings.pop("ris-2027-01-13") == INTERNAL
    assert "ris-2027-06-09" in rings  # has work, planned in time: no internal notices
    assert "pacs-upgrade-fri" in rings  # the same
    assert len(rings) == 11
    assert all(found == [] for found in rings.values()), rings


def test_every_window_with_work_rings_when_the_policy_says_all(example: Scenario) -> None:
    plan = _plan(example, internal_notices_for="all")
    rings = triggers(to_ical(plan, audience="internal"))
    assert rings.pop("ris-2027-01-13") == INTERNAL
    assert rings.pop("ris-2027-06-09") == INTERNAL
    assert rings.pop("pacs-upgrade-fri") == INTERNAL
    assert all(found == [] for found in rings.values()), rings


@pytest.mark.parametrize("wide", ["short_notice", "all"])
def test_alarms_are_the_internal_notices_of_each_window(example: Scenario, wide: str) -> None:
    plan = _plan(example, internal_notices_for=wide)
    rings = triggers(to_ical(plan, audience="internal"))
    expected = told(plan)
    assert expected, "the example has internal notices either way"
    assert {w: found for w, found in rings.items() if found} == expected


def test_the_internal_offsets_of_the_policy_are_followed(example: Scenario) -> None:
    plan = _plan(example, internal_notices=(timedelta(days=3), timedelta(hours=2)))
    rings = triggers(to_ical(plan, audience="internal"))
    assert rings["ris-2027-01-13"] == [timedelta(days=-3), timedelta(hours=-2)]
    assert rings["ris-2027-06-09"] == []


def test_a_window_told_it_is_off_does_not_ring(example: Scenario) -> None:
    """On 2027-01-05 the January window's changes are cancelled: the internal audience, told
    two weeks before, gets a cancelled notice (due at once, no offset), and the window, still
    open, rings no more."""
    first = _plan(example)
    off = ("CHG-1042", "CHG-1017")
    changes = tuple(
        c.model_copy(update={"status": Status.CANCELLED}) if c.id in off else c
        for c in example.changes
    )
    later = datetime(2027, 1, 5, 9, 0, tzinfo=CHICAGO)
    plan = maintwin.plan(
        example.model_copy(update={"changes": changes}), START, END, now=later, previous=first
    )
    kinds = {n.kind.value for n in plan.notices if n.audience == "internal"}
    assert kinds == {"cancelled"}
    assert triggers(to_ical(plan, audience="internal"))["ris-2027-01-13"] == []


def test_the_client_feed_still_rings_on_every_window(example: Scenario) -> None:
    plan = _plan(example)
    rings = triggers(to_ical(plan))
    assert len(rings) == 12  # the open windows, the two PACS upgrade windows among them
    assert all(
        found == [timedelta(days=-14), timedelta(days=-1), timedelta(0)] for found in rings.values()
    )


def test_a_persons_feed_rings_at_the_crew_offsets_on_each_duty(example: Scenario) -> None:
    """A person's own feed rings when the crew hears of a window: the example's crew notices
    are a week and a day before."""
    plan = _plan(example)
    rings = triggers(person_to_ical(plan, "lee"))
    assert rings
    assert all(found == [timedelta(days=-7), timedelta(days=-1)] for found in rings.values())
