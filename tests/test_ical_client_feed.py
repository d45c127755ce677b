"""A client's own feed: ``to_ical(plan, audience="client", client=...)``.

The example (examples/teleradiology.toml) has two clients: Lakeside Imaging on the scenario's
clock (America/Chicago) and Pacific Radiology Group in America/Los_Angeles. Planned on
2026-11-22, the plan has client notices for two windows, 2027-01-13 (CHG-1042, which also
affects PACS, and CHG-1017) and 2027-06-09 (CHG-1001 and CHG-1002); the other open windows
carry no work. Each feed is read back by icalendar, and by vobject (tests/conftest.py).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

import maintwin
from maintwin import CalendarError, Client, MaintwinError, NoticeKind, Plan, Scenario, Status
from maintwin.ical import to_ical

from .ical_oracle import _read_with_own_zones

CHICAGO = ZoneInfo("America/Chicago")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
START, END = date(2026, 12, 1), date(2027, 12, 1)
WITH_WORK = ["ris-2027-01-13", "pacs-upgrade-fri", "ris-2027-06-09"]


@pytest.fixture(scope="module")
def plan(example: Scenario) -> Plan:
    return maintwin.plan(example, START, END, now=NOW)


def events(data: bytes) -> dict[str, icalendar.Event]:
    found = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return {str(e["UID"]): e for e in found}


def uid(window: str, client: str) -> str:
    return f"{window}.client.{client}@teleradiology-platform.maintwin"


def heard_of(plan: Plan, client: str) -> set[str]:
    """The windows of the client's notices in the plan (the brief's definition)."""
    return {n.window for n in plan.notices if n.audience == "client" and n.reader == client}


# -- which windows ----------------------------------------------------------------------------


@pytest.mark.parametrize("client", ["lakeside", "pacific-rad"])
def test_only_the_windows_the_client_hears_of(plan: Plan, client: str) -> None:
    found = events(to_ical(plan, client=client))
    assert heard_of(plan, client) == set(WITH_WORK)
    assert set(found) == {uid(w, client) for w in WITH_WORK}
    everyone = events(to_ical(plan))
    assert len(everyone) > len(found)  # the client feed of all lists the windows without work


def test_a_client_of_some_subsystems_hears_of_their_windows_only(example: Scenario) -> None:
    """A client of PACS alone hears of the January RIS window (CHG-1042 also affects PACS) and
    of the PACS upgrade, not of the June RIS window."""
    pacs = Client(id="pacs-only", name="PACS Only", subsystems=("PACS",))
    scenario = example.model_copy(update={"clients": (*example.clients, pacs)})
    plan = maintwin.plan(scenario, START, END, now=NOW)
    heard = {"ris-2027-01-13", "pacs-upgrade-fri"}
    assert heard_of(plan, "pacs-only") == heard
    assert set(events(to_ical(plan, client="pacs-only"))) == {uid(w, "pacs-only") for w in heard}


def test_a_client_that_hears_of_nothing_gets_an_empty_feed(example: Scenario) -> None:
    biz = Client(id="biz-only", subsystems=("Biz",))
    plan = maintwin.plan(
        example.model_copy(update={"clients": (*example.clients, biz)}), START, END, now=NOW
    )
    data = to_ical(plan, client="biz-only")
    assert events(data) == {}
    assert b"BEGIN:VTIMEZONE" not in data


# -- the client's clock -----------------------------------------------------------------------


def test_times_are_on_the_clients_clock_with_its_zone(plan: Plan) -> None:
    data = to_ical(plan, client="pacific-rad")
    cal = icalendar.Calendar.from_ical(data)
    assert [str(z["TZID"]) for z in cal.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    for window_id in WITH_WORK:
        event = events(data)[uid(window_id, "pacific-rad")]
        window = plan.window(window_id)
        for name, instant in (("DTSTART", window.start), ("DTEND", window.end)):
            assert event[name].params["TZID"] == "America/Los_Angeles"
            value = event.decoded(name)
            assert value == instant
            assert value.utcoffset() == instant.astimezone(LOS_ANGELES).utcoffset()
    january = events(data)[uid("ris-2027-01-13", "pacific-rad")]
    assert january["DTSTART"].to_ical() == b"20270113T080000"  # 10:00 in Chicago
    june = events(data)[uid("ris-2027-06-09", "pacific-rad")]
    assert june["DTSTART"].to_ical() == b"20270609T080000"  # in PDT


def test_vobject_reads_the_clients_times(plan: Plan) -> None:
    cal = _read_with_own_zones(to_ical(plan, client="pacific-rad").decode())
    starts = {e.uid.value: e.dtstart.value for e in cal.vevent_list}
    january = starts[uid("ris-2027-01-13", "pacific-rad")]
    assert january.utcoffset() == timedelta(hours=-8)
    assert january.astimezone(UTC) == datetime(2027, 1, 13, 16, 0, tzinfo=UTC)
    assert starts[uid("ris-2027-06-09", "pacific-rad")].utcoffset() == timedelta(hours=-7)


@pytest.mark.parametrize(
    ("client", "zone", "first"),
    [
        (
            "pacific-rad",
            "America/Los_Angeles",
            "RIS is unavailable on Wednesday 13 January 2027 from 08:00 to 08:15 PST (15 min).",
        ),
        (
            "lakeside",
            "America/Chicago",
            "RIS is unavailable on Wednesday 13 January 2027 from 10:00 to 10:15 CST (15 min).",
        ),
    ],
)
def test_the_description_names_the_zone(plan: Plan, client: str, zone: str, first: str) -> None:
    event = events(to_ical(plan, client=client))[uid("ris-2027-01-13", client)]
    lines = str(event["DESCRIPTION"]).split("\n")
    assert lines[:3] == [first, f"Times are in {zone}.", "Release RIS 2027.01."]
    assert "- Renew PACS-RIS interface certificates" in lines
    cal = icalendar.Calendar.from_ical(to_ical(plan, client=client))
    assert f"times are in {zone}" in str(cal["DESCRIPTION"])


def test_alarms_at_the_policys_client_offsets(plan: Plan) -> None:
    policy = plan.scenario.policy
    for event in events(to_ical(plan, client="pacific-rad")).values():
        triggers = [a.decoded("TRIGGER") for a in event.walk("VALARM")]
        assert triggers == [-n for n in policy.client_notices]
        assert triggers == [timedelta(days=-14), timedelta(days=-1), timedelta(0)]


def test_no_staff_in_a_clients_feed(plan: Plan) -> None:
    data = to_ical(plan, client="lakeside")
    assert b"ATTENDEE" not in data
    assert b"CHG-" not in data


# -- refusals ---------------------------------------------------------------------------------


def test_an_unknown_client_is_refused_naming_the_clients(plan: Plan) -> None:
    with pytest.raises(MaintwinError) as info:
        to_ical(plan, client="pacific")
    message = str(info.value)
    assert "no client 'pacific' in scenario 'teleradiology-platform'" in message
    assert "expected one of 'lakeside', 'pacific-rad'" in message


def test_a_scenario_without_clients_says_so(example: Scenario) -> None:
    plan = maintwin.plan(example.model_copy(update={"clients": ()}), START, END, now=NOW)
    with pytest.raises(MaintwinError, match="none: the scenario lists no clients"):
        to_ical(plan, client="lakeside")


def test_client_with_the_internal_feed_is_refused(plan: Plan) -> None:
    with pytest.raises(MaintwinError) as info:
        to_ical(plan, audience="internal", client="lakeside")
    message = str(info.value)
    assert "client='lakeside' is for the client feed, not the internal one" in message
    assert "audience='client'" in message


# -- the feed without client= and publishing again --------------------------------------------


def test_without_client_the_feed_is_as_before(plan: Plan) -> None:
    data = to_ical(plan)
    assert to_ical(plan, client=None) == data
    found = events(data)
    assert set(found) == {
        f"{w.id}.client@teleradiology-platform.maintwin" for w in plan.windows if not w.blocked
    }
    assert all(e["DTSTART"].params["TZID"] == "America/Chicago" for e in found.values())
    assert b"Times are in" not in data.replace(b"\r\n ", b"")


def test_the_feeds_of_two_clients_are_two_feeds(plan: Plan) -> None:
    lakeside = to_ical(plan, client="lakeside")
    pacific = to_ical(plan, client="pacific-rad")
    assert not set(events(lakeside)) & set(events(pacific))
    with pytest.raises(CalendarError, match="Pacific Radiology Group"):
        to_ical(plan, client="lakeside", previous=pacific)


def test_a_window_the_client_no_longer_hears_of_is_cancelled(example: Scenario, plan: Plan) -> None:
    """Seven weeks on, CHG-1001 and CHG-1002 are withdrawn: the June window carries no work,
    so it leaves the client's feed, published once more as cancelled; the January window,
    past by then, stays as it was."""
    first = to_ical(plan, client="pacific-rad")
    later = datetime(2027, 1, 20, 9, 0, tzinfo=CHICAGO)
    kept = tuple(c for c in example.changes if c.id not in ("CHG-1001", "CHG-1002"))
    replanned = maintwin.plan(
        example.model_copy(update={"changes": kept}), START, END, now=later, previous=plan
    )
    again = events(to_ical(replanned, client="pacific-rad", previous=first))
    june = again[uid("ris-2027-06-09", "pacific-rad")]
    assert str(june["STATUS"]) == "CANCELLED"
    assert int(june["SEQUENCE"]) == 1
    january = again[uid("ris-2027-01-13", "pacific-rad")]
    assert str(january["STATUS"]) == "CONFIRMED"
    assert int(january["SEQUENCE"]) == 0


def test_a_past_window_stays_in_the_clients_feed(example: Scenario, plan: Plan) -> None:
    """A window that has begun by the plan's now has no notices left; the client heard of it,
    so it stays listed (and is not cancelled over the previous feed)."""
    later = datetime(2027, 1, 20, 9, 0, tzinfo=CHICAGO)
    replanned = maintwin.plan(example, START, END, now=later, previous=plan)
    assert "ris-2027-01-13" not in heard_of(replanned, "pacific-rad")
    first = to_ical(plan, client="pacific-rad")
    again = to_ical(replanned, client="pacific-rad", previous=first)
    assert set(events(again)) == {uid(w, "pacific-rad") for w in WITH_WORK}
    assert b"CANCELLED" not in again


def test_a_past_window_of_other_subsystems_is_not_listed(example: Scenario) -> None:
    biz = Client(id="biz-only", subsystems=("Biz",))
    scenario = example.model_copy(update={"clients": (*example.clients, biz)})
    later = datetime(2027, 1, 20, 9, 0, tzinfo=CHICAGO)
    previous = maintwin.plan(scenario, START, END, now=NOW)
    replanned = maintwin.plan(scenario, START, END, now=later, previous=previous)
    assert events(to_ical(replanned, client="biz-only")) == {}
    assert set(events(to_ical(replanned, client="lakeside"))) == {
        uid(w, "lakeside") for w in WITH_WORK
    }


def test_a_window_the_client_is_told_is_off_is_cancelled(example: Scenario, plan: Plan) -> None:
    """On 2027-01-05 both changes of the January window are cancelled: the clients had been
    told of it (the two-week notices went out on 2026-12-30) and are now told it is off. The
    window itself is still open, but it is not in the client's feed: published over the
    previous feed, it is cancelled."""
    first = to_ical(plan, client="pacific-rad")
    later = datetime(2027, 1, 5, 9, 0, tzinfo=CHICAGO)
    off = ("CHG-1042", "CHG-1017")
    changes = tuple(
        c.model_copy(update={"status": Status.CANCELLED}) if c.id in off else c
        for c in example.changes
    )
    replanned = maintwin.plan(
        example.model_copy(update={"changes": changes}), START, END, now=later, previous=plan
    )
    told = [n for n in replanned.notices if n.reader == "pacific-rad"]
    assert ("ris-2027-01-13", NoticeKind.CANCELLED) in {(n.window, n.kind) for n in told}
    assert not replanned.window("ris-2027-01-13").blocked
    again = events(to_ical(replanned, client="pacific-rad", previous=first))
    assert str(again[uid("ris-2027-01-13", "pacific-rad")]["STATUS"]) == "CANCELLED"
    assert str(again[uid("ris-2027-06-09", "pacific-rad")]["STATUS"]) == "CONFIRMED"
