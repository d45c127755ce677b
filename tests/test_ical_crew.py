"""Crews in the calendars: ATTENDEEs in the internal feed, and one person's own feed.

The scenario: a RIS window on the second Wednesday of each month at 10:00 Chicago time, which
needs a DBA with a backup and a network engineer. Dana (a DBA in Denver, with an e-mail), Lee
(a DBA without e-mail or zone) and Sam (network, with an e-mail) are all there is, so every
open window has all three. Crews the planner does not make yet (a change's own owner, a
missing backup) are put into the plan by hand.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

import maintwin
from maintwin import (
    Blackout,
    Change,
    DateRange,
    Duty,
    MaintwinError,
    Missing,
    Person,
    Plan,
    ReleaseTrain,
    Scenario,
    Schedule,
    Staffing,
    StaffingGap,
    Unavailability,
)
from maintwin.ical import person_to_ical, to_ical

CHICAGO = ZoneInfo("America/Chicago")
DENVER = ZoneInfo("America/Denver")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=CHICAGO)
START, END = date(2027, 1, 1), date(2027, 4, 1)

DANA = Person(
    id="dana",
    name="Dana Park",
    roles=("dba",),
    timezone="America/Denver",
    email="dana@clinic.example",
)
LEE = Person(id="lee", roles=("dba",))
SAM = Person(id="sam", name="Sam Ortiz", roles=("network",), email="sam@clinic.example")
RIS = ReleaseTrain(
    id="ris", subsystem="RIS", schedule=Schedule.nth_weekday(2, "WE", at="10:00"), downtime="PT15M"
)
SCENARIO = Scenario(
    name="Crew Clinic",
    timezone="America/Chicago",
    trains=(RIS,),
    # The February window is blocked: nobody is on duty in it.
    blackouts=(Blackout(id="ice-storm", reason="other", start=date(2027, 2, 10)),),
    people=(DANA, LEE, SAM),
    staffing=(Staffing(train="ris", needs={"dba": 1, "network": 1}, backups={"dba": 1}),),
    changes=(
        Change(
            id="CHG-1",
            title="Schema migration",
            subsystem="RIS",
            duration="PT8M",
            requested_on=date(2026, 6, 1),
        ),
    ),
)
OPEN = ("ris-2027-01-13", "ris-2027-03-10")
# Lee and Sam primaries, Dana the DBA backup and the owner of CHG-1: two duties of one person.
BACKUP_AND_OWNER = (
    Duty(person="lee", role="dba"),
    Duty(person="sam", role="network"),
    Duty(person="dana", role="dba", backup=True),
    Duty(person="dana", role="owner", changes=("CHG-1",)),
)


def _plan(scenario: Scenario = SCENARIO) -> Plan:
    return maintwin.plan(scenario, START, END, now=NOW)


def _with_crews(
    plan: Plan,
    crews: dict[str, tuple[Duty, ...]],
    gaps: dict[str, tuple[StaffingGap, ...]] | None = None,
) -> Plan:
    """``plan`` with the crews (and gaps) of some windows replaced by hand."""
    gaps = gaps or {}
    windows = tuple(
        w.model_copy(update={"crew": crews.get(w.id, w.crew), "gaps": gaps.get(w.id, w.gaps)})
        for w in plan.windows
    )
    return plan.model_copy(update={"windows": windows})


def _events(data: bytes) -> list[icalendar.Event]:
    return list(icalendar.Calendar.from_ical(data).events)


def _window_events(data: bytes) -> dict[str, icalendar.Event]:
    """The window events of a feed, by window id (the UID's first part)."""
    return {
        str(e["UID"]).split(".")[0]: e
        for e in _events(data)
        if "Downtime" in [str(c) for c in e["CATEGORIES"].cats]
    }


def _attendees(event: icalendar.Event) -> list[tuple[str, dict[str, str]]]:
    found = event.get("ATTENDEE", [])
    listed = found if isinstance(found, list) else [found]
    return [(str(a), {k.upper(): str(v) for k, v in a.params.items()}) for a in listed]


# -- the internal feed -----------------------------------------------------------------------


def test_every_open_window_of_the_internal_feed_lists_its_crew_as_attendees() -> None:
    plan = _plan()
    events = _window_events(to_ical(plan, audience="internal"))
    assert sorted(events) == list(OPEN)
    for window in plan.windows:
        if window.blocked:
            assert window.id not in events
            continue
        attendees = _attendees(events[window.id])
        assert {p["CN"] for _, p in attendees} == {"Dana Park", "lee", "Sam Ortiz"}
        by_name = {p["CN"]: (value, p) for value, p in attendees}
        for duty in window.crew:
            person = {"dana": DANA, "lee": LEE, "sam": SAM}[duty.person]
            value, params = by_name[person.name or person.id]
            expected = "OPT-PARTICIPANT" if duty.backup else "REQ-PARTICIPANT"
            assert params["ROLE"] == expected
            assert params["CUTYPE"] == "INDIVIDUAL"
            assert params["RSVP"] == "FALSE"
            if person.email:
                assert value == f"mailto:{person.email}"
            else:
                assert value.startswith("urn:uuid:")
                uuid.UUID(value.removeprefix("urn:uuid:"))  # a well-formed UUID
        # Primaries first: every REQ-PARTICIPANT comes before every OPT-PARTICIPANT.
        roles = [p["ROLE"] for _, p in attendees]
        assert roles == sorted(roles, key=lambda r: r != "REQ-PARTICIPANT")


def test_the_lines_of_the_feed_carry_role_cn_and_mailto() -> None:
    """The raw content lines, unfolded, as a calendar client reads them."""
    data = to_ical(_plan(), audience="internal").replace(b"\r\n ", b"").decode()
    lines = [line for line in data.split("\r\n") if line.startswith("ATTENDEE")]
    assert len(lines) == 3 * len(OPEN)
    dana = [line for line in lines if "mailto:dana@clinic.example" in line]
    assert len(dana) == len(OPEN)
    assert all('CN="Dana Park"' in line for line in dana)
    assert all("ROLE=REQ-PARTICIPANT" in line for line in dana)
    lee = [line for line in lines if "CN=lee" in line]
    assert all(re.search(r"ROLE=OPT-PARTICIPANT.*:urn:uuid:[0-9a-f-]{36}$", line) for line in lee)


def test_a_person_without_e_mail_keeps_one_address_in_every_feed_and_export() -> None:
    plan = _plan()
    internal = [_attendees(e) for e in _window_events(to_ical(plan, audience="internal")).values()]
    mine = [_attendees(e) for e in _window_events(person_to_ical(plan, "lee")).values()]
    again = [_attendees(e) for e in _window_events(to_ical(_plan(), audience="internal")).values()]
    addresses = {v for found in internal + mine + again for v, p in found if p["CN"] == "lee"}
    assert len(addresses) == 1
    # Another scenario's Lee is another calendar user.
    other = SCENARIO.model_copy(update={"name": "Other Clinic"})
    theirs = _window_events(to_ical(_plan(other), audience="internal"))
    assert not addresses & {v for e in theirs.values() for v, p in _attendees(e)}


def test_the_client_feed_never_lists_staff() -> None:
    data = to_ical(_plan())
    assert b"ATTENDEE" not in data
    for name in (b"Dana", b"lee", b"Sam", b"clinic.example", b"Crew:"):
        assert name not in data


def test_the_description_says_the_crew_per_role() -> None:
    plan = _plan()
    events = _window_events(to_ical(plan, audience="internal"))
    labels = {"dana": "Dana Park", "lee": "lee", "sam": "Sam Ortiz"}
    for window_id in OPEN:
        crew = {(d.role, d.backup): labels[d.person] for d in plan.window(window_id).crew}
        text = str(events[window_id]["DESCRIPTION"])
        lines = text.split("Crew:\n", 1)[1].splitlines()
        assert lines[:2] == [
            f"- dba: {crew['dba', False]}; backup {crew['dba', True]}",
            f"- network: {crew['network', False]}",
        ]


def test_a_person_with_two_duties_is_one_attendee_and_a_change_duty_is_its_own_line() -> None:
    plan = _with_crews(
        _plan(),
        {"ris-2027-01-13": BACKUP_AND_OWNER},
    )
    event = _window_events(to_ical(plan, audience="internal"))["ris-2027-01-13"]
    attendees = _attendees(event)
    assert [p["CN"] for _, p in attendees].count("Dana Park") == 1
    roles = {p["CN"]: p["ROLE"] for _, p in attendees}
    assert roles == {
        "lee": "REQ-PARTICIPANT",
        "Sam Ortiz": "REQ-PARTICIPANT",
        "Dana Park": "REQ-PARTICIPANT",  # a backup, but the owner of CHG-1 too
    }
    crew = str(event["DESCRIPTION"]).split("Crew:\n", 1)[1].splitlines()
    assert crew[:3] == [
        "- dba: lee; backup Dana Park",
        "- network: Sam Ortiz",
        "- owner of CHG-1: Dana Park",
    ]


def test_a_backup_only_is_an_optional_participant() -> None:
    plan = _with_crews(
        _plan(),
        {
            "ris-2027-03-10": (
                Duty(person="dana", role="dba"),
                Duty(person="lee", role="dba", backup=True),
            )
        },
    )
    event = _window_events(to_ical(plan, audience="internal"))["ris-2027-03-10"]
    assert {p["CN"]: p["ROLE"] for _, p in _attendees(event)} == {
        "Dana Park": "REQ-PARTICIPANT",
        "lee": "OPT-PARTICIPANT",
    }


def test_a_window_that_runs_short_of_a_backup_says_so() -> None:
    gap = StaffingGap(
        id="staffing-dba-2027-03-10",
        role="dba",
        day=date(2027, 3, 10),
        needed=2,
        backups=1,
        found=("dana",),
        missing=(Missing(person="lee", reason=Unavailability.LEAVE, detail="on leave 2027-03-10"),),
        backup_only=True,
    )
    plan = _with_crews(
        _plan(),
        {"ris-2027-03-10": (Duty(person="dana", role="dba"), Duty(person="sam", role="network"))},
        {"ris-2027-03-10": (gap,)},
    )
    text = str(_window_events(to_ical(plan, audience="internal"))["ris-2027-03-10"]["DESCRIPTION"])
    short = text.split("Short of staff:\n", 1)[1].splitlines()
    assert short[0].startswith("- dba: needs 2 (1 as backup), has dana")
    assert short[1].strip() == "lee: on leave 2027-03-10"


def test_a_window_without_a_crew_has_no_attendees_and_no_crew_line() -> None:
    bare = SCENARIO.model_copy(update={"staffing": ()})
    data = to_ical(_plan(bare), audience="internal")
    assert b"ATTENDEE" not in data
    assert b"Crew:" not in data.replace(b"\r\n ", b"")


def test_the_feeds_are_the_same_bytes_for_the_same_plan() -> None:
    assert to_ical(_plan(), audience="internal") == to_ical(_plan(), audience="internal")
    assert person_to_ical(_plan(), "dana") == person_to_ical(_plan(), "dana")


def test_a_changed_crew_raises_the_sequence_of_the_window() -> None:
    first = to_ical(_plan(), audience="internal")
    swapped = _with_crews(
        _plan(),
        {
            "ris-2027-01-13": (
                Duty(person="lee", role="dba"),
                Duty(person="sam", role="network"),
                Duty(person="dana", role="dba", backup=True),
            )
        },
    )
    again = _window_events(to_ical(swapped, audience="internal", previous=first))
    assert int(again["ris-2027-01-13"]["SEQUENCE"]) == 1
    assert int(again["ris-2027-03-10"]["SEQUENCE"]) == 0


# -- a person's own feed ---------------------------------------------------------------------


def test_a_person_in_denver_gets_their_duties_in_denver_time() -> None:
    plan = _plan()
    data = person_to_ical(plan, "dana")
    cal = icalendar.Calendar.from_ical(data)
    zones = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert zones == ["America/Denver"]
    events = _window_events(data)
    on_duty = [w for w in plan.windows if not w.blocked and any(d.person == "dana" for d in w.crew)]
    assert sorted(events) == sorted(w.id for w in on_duty) == list(OPEN)
    for window in on_duty:
        event = events[window.id]
        begins = event.decoded("DTSTART")
        assert event["DTSTART"].params["TZID"] == "America/Denver"
        assert begins.tzinfo is not None
        assert begins.astimezone(UTC) == window.start.astimezone(UTC)
        assert event.decoded("DTEND").astimezone(UTC) == window.end.astimezone(UTC)
        # 10:00 in Chicago is 09:00 in Denver, winter and summer alike.
        assert (begins.hour, begins.minute) == (9, 0)
        description = str(event["DESCRIPTION"])
        assert "09:00 to 09:15 M" in description.splitlines()[2]
        assert str(event["TRANSP"]) == "OPAQUE"
        assert str(event["SUMMARY"]) == "RIS downtime: dba"
        assert description.startswith("Dana Park is on duty: dba.")


def test_the_person_feed_says_backup_and_the_changes_a_duty_is_for() -> None:
    plan = _with_crews(
        _plan(),
        {
            "ris-2027-01-13": BACKUP_AND_OWNER,
            "ris-2027-03-10": (
                Duty(person="lee", role="dba"),
                Duty(person="sam", role="network"),
                Duty(person="dana", role="network", backup=True, changes=("CHG-1",)),
            ),
        },
    )
    events = _window_events(person_to_ical(plan, "dana"))
    assert str(events["ris-2027-01-13"]["SUMMARY"]) == "RIS downtime: backup dba, owner of CHG-1"
    assert str(events["ris-2027-03-10"]["SUMMARY"]) == "RIS downtime: backup network for CHG-1"
    lee = _window_events(person_to_ical(plan, "lee"))
    assert str(lee["ris-2027-01-13"]["SUMMARY"]) == "RIS downtime: dba"


def test_a_person_without_a_zone_gets_the_scenarios_and_only_their_own_windows() -> None:
    away = LEE.model_copy(
        update={"unavailable": (DateRange(start=date(2027, 3, 1), end=date(2027, 3, 31)),)}
    )
    scenario = SCENARIO.model_copy(
        update={"people": (DANA, away, SAM, Person(id="kim", roles=("dba",)))}
    )
    plan = _plan(scenario)
    assert "lee" not in {d.person for d in plan.window("ris-2027-03-10").crew}  # on leave
    serves = [w.id for w in plan.windows if not w.blocked and "lee" in {d.person for d in w.crew}]
    events = _window_events(person_to_ical(plan, "lee"))
    assert sorted(events) == serves
    assert "ris-2027-03-10" not in events
    for event in events.values():
        assert event["DTSTART"].params["TZID"] == "America/Chicago"
        assert event.decoded("DTSTART").hour == 10


def test_a_person_with_no_duty_gets_an_empty_feed() -> None:
    scenario = SCENARIO.model_copy(
        update={"people": (*SCENARIO.people, Person(id="pat", roles=("vendor",)))}
    )
    data = person_to_ical(_plan(scenario), "pat")
    assert _events(data) == []
    assert b"BEGIN:VCALENDAR" in data


def test_uids_are_stable_and_differ_between_people_and_from_the_other_feeds() -> None:
    plan = _plan()
    dana = {str(e["UID"]) for e in _events(person_to_ical(plan, "dana"))}
    lee = {str(e["UID"]) for e in _events(person_to_ical(plan, "lee"))}
    internal = {str(e["UID"]) for e in _events(to_ical(plan, audience="internal"))}
    assert dana == {str(e["UID"]) for e in _events(person_to_ical(_plan(), "dana"))}
    assert len(dana) == len(lee) == len(OPEN)
    assert not dana & lee
    assert not (dana | lee) & internal
    assert all("dana" in u and "@crew-clinic.maintwin" in u for u in dana)


def test_a_duty_that_goes_away_is_published_once_more_as_cancelled() -> None:
    first = person_to_ical(_plan(), "dana")
    relieved = _with_crews(
        _plan(),
        {"ris-2027-03-10": (Duty(person="lee", role="dba"), Duty(person="sam", role="network"))},
    )
    again = _window_events(person_to_ical(relieved, "dana", previous=first))
    assert str(again["ris-2027-03-10"]["STATUS"]) == "CANCELLED"
    assert str(again["ris-2027-01-13"]["STATUS"]) == "CONFIRMED"
    assert int(again["ris-2027-01-13"]["SEQUENCE"]) == 0
    # Another person's feed cannot follow Dana's.
    with pytest.raises(maintwin.CalendarError):
        person_to_ical(_plan(), "lee", previous=first)


def test_an_unknown_person_is_refused_naming_the_known_ones() -> None:
    with pytest.raises(MaintwinError) as info:
        person_to_ical(_plan(), "dna")
    message = str(info.value)
    assert "'dna'" in message
    for known in ("'dana'", "'lee'", "'sam'"):
        assert known in message
    nobody = SCENARIO.model_copy(update={"people": (), "staffing": ()})
    with pytest.raises(MaintwinError, match="has no people"):
        person_to_ical(_plan(nobody), "dana")


def test_the_person_feed_is_read_by_vobject_too(request: pytest.FixtureRequest) -> None:
    """The suite's autouse fixture records the person feed, so vobject reads it."""
    recorded: list[bytes] = request.getfixturevalue("_every_feed_read_by_vobject")
    data = person_to_ical(_plan(), "dana")
    assert data in recorded


def test_a_duty_in_the_persons_repeated_hour_keeps_its_instant() -> None:
    """02:30 in Chicago on 7 November 2027 is 01:30 in Denver the second time, after Denver's
    clocks went back: a local time with TZID would be read as the first 01:30 (RFC 5545), so
    Dana's event must still mean the window's instant."""
    late = ReleaseTrain(
        id="ris",
        subsystem="RIS",
        schedule=Schedule(rrule="FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", at="02:30"),
        downtime="PT15M",
    )
    scenario = SCENARIO.model_copy(update={"trains": (late,), "blackouts": (), "changes": ()})
    plan = maintwin.plan(scenario, date(2027, 10, 1), date(2027, 12, 1), now=NOW)
    (window,) = [w for w in plan.windows if not w.blocked]
    assert window.start.astimezone(DENVER).fold == 1
    for pid in ("dana", "lee"):
        (event,) = _window_events(person_to_ical(plan, pid)).values()
        assert event.decoded("DTSTART").astimezone(UTC) == window.start.astimezone(UTC)
        assert event.decoded("DTEND").astimezone(UTC) == window.end.astimezone(UTC)
        assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(minutes=15)
