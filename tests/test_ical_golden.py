"""Golden feeds: a few small feeds compared byte for byte with the files under tests/data.

The files were generated once and read by a person, as a calendar user would read them. When a
change to the feeds is intended, regenerate them and read the diff before committing it::

    MAINTWIN_REGENERATE_GOLDEN=1 pytest tests/test_ical_golden.py

While regenerating, every test writes its file and fails, so that it never passes silently.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import Blackout, Change, Person, Plan, ReleaseTrain, Scenario, Schedule, Staffing
from maintwin.ical import person_to_ical, series_to_ical, to_ical

DATA = Path(__file__).resolve().parent / "data"
REGENERATE = os.environ.get("MAINTWIN_REGENERATE_GOLDEN") == "1"

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=CHICAGO)
LATER = datetime(2027, 1, 20, 9, 0, tzinfo=CHICAGO)
START, END = date(2027, 1, 1), date(2027, 4, 1)

# RIS: 2nd Wednesday 10:00. OPS: 2nd Sunday 02:30, which does not exist on 2027-03-14 (the
# clocks go forward at 02:00): that window opens at 03:30 CDT. An ice storm blocks the
# February RIS window. Each RIS window needs a DBA and a backup: Dana (in Denver, with an
# e-mail) and Lee (without one); the OPS windows need nobody.
RIS = ReleaseTrain(
    id="ris", subsystem="RIS", schedule=Schedule.nth_weekday(2, "WE", at="10:00"), downtime="PT15M"
)
OPS = ReleaseTrain(
    id="ops", subsystem="OPS", schedule=Schedule.nth_weekday(2, "SU", at="02:30"), downtime="PT15M"
)
ICE = Blackout(id="ice-storm", reason="other", title="Ice storm", start=date(2027, 2, 10))
CHANGES = (
    Change(
        id="CHG-1",
        title="Schema migration",
        subsystem="RIS",
        duration="PT8M",
        requested_on=date(2026, 6, 1),
        steps=("Stop the workers", "Run migrate.sql", "Start the workers"),
    ),
    Change(
        id="CHG-2",
        title="Reindex worklist",
        subsystem="RIS",
        duration="PT4M",
        requested_on=date(2026, 6, 1),
        depends_on=("CHG-1",),
    ),
    Change(
        id="CHG-3",
        title="Rotate TLS certificates",
        subsystem="OPS",
        duration="PT5M",
        requested_on=date(2026, 11, 25),
        short_notice=True,
        priority=1,
    ),
)
PEOPLE = (
    Person(
        id="dana",
        name="Dana Park",
        roles=("dba",),
        timezone="America/Denver",
        email="dana@clinic.example",
    ),
    Person(id="lee", roles=("dba",)),
)
SCENARIO = Scenario(
    name="Golden Clinic",
    timezone="America/Chicago",
    trains=(RIS, OPS),
    blackouts=(ICE,),
    people=PEOPLE,
    staffing=(Staffing(train="ris", needs={"dba": 1}, backups={"dba": 1}),),
    changes=CHANGES,
)


def _plan() -> Plan:
    return maintwin.plan(SCENARIO, START, END, now=NOW)


def _republished() -> bytes:
    """The client feed again, seven weeks later: a network upgrade blocks the March RIS
    window (published as cancelled) and a new OPS change rides in February (SEQUENCE 1)."""
    upgrade = Blackout(
        id="network-upgrade", reason="vendor", title="Network upgrade", start=date(2027, 3, 10)
    )
    extra = Change(
        id="CHG-4",
        title="Patch the load balancers",
        subsystem="OPS",
        duration="PT6M",
        requested_on=date(2026, 6, 1),
        earliest=date(2027, 2, 1),
    )
    scenario = SCENARIO.model_copy(
        update={"blackouts": (ICE, upgrade), "changes": (*CHANGES, extra)}
    )
    plan = maintwin.plan(scenario, START, END, now=LATER, previous=_plan())
    return to_ical(plan, previous=to_ical(_plan()))


FEEDS: dict[str, Callable[[], bytes]] = {
    "golden_client.ics": lambda: to_ical(_plan()),
    "golden_internal.ics": lambda: to_ical(_plan(), audience="internal"),
    "golden_person.ics": lambda: person_to_ical(_plan(), "dana"),
    "golden_series.ics": lambda: series_to_ical(SCENARIO, START, END, now=NOW),
    "golden_republished.ics": _republished,
}


@pytest.mark.parametrize("name", sorted(FEEDS))
def test_feed_matches_its_golden_file(name: str) -> None:
    data = FEEDS[name]()
    path = DATA / name
    if REGENERATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        pytest.fail(f"regenerated {path}; read the diff, then run again without the switch")
    assert path.exists(), f"{path} is missing; generate it with MAINTWIN_REGENERATE_GOLDEN=1"
    expected = path.read_bytes()
    if data != expected:
        # Lines first, for a readable diff; then the bytes, for CRLF and folding.
        assert data.decode().split("\r\n") == expected.decode().split("\r\n")
    assert data == expected


def test_golden_files_are_what_a_calendar_reads() -> None:
    """The golden files themselves: CRLF lines, and the facts they were generated to show."""
    if REGENERATE:
        pytest.skip("the files are being regenerated")
    client = (DATA / "golden_client.ics").read_bytes()
    assert client.count(b"\n") == client.count(b"\r\n")
    assert b"UID:ris-2027-02-10.client@golden-clinic.maintwin" not in client  # blocked
    assert b"DTSTART;TZID=America/Chicago:20270314T033000" in client  # moved past the gap
    assert b"ATTENDEE" not in client  # clients never see the staff
    internal = (DATA / "golden_internal.ics").read_bytes()
    assert b"DTSTART;VALUE=DATE:20270210" in internal  # the ice storm, all day
    unfolded = internal.replace(b"\r\n ", b"")
    assert b'ATTENDEE;CN="Dana Park";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT' in unfolded
    assert b"RSVP=FALSE:mailto:dana@clinic.example" in unfolded
    assert b"ROLE=OPT-PARTICIPANT;RSVP=FALSE:urn:uuid:" in unfolded  # Lee, without e-mail
    person = (DATA / "golden_person.ics").read_bytes()
    assert b"DTSTART;TZID=America/Denver:20270113T090000" in person  # 10:00 in Chicago
    assert b"UID:ris-2027-01-13.duty.dana@golden-clinic.maintwin" in person
    assert b"TRANSP:OPAQUE" in person
    assert b"OPS" not in person  # the OPS windows need nobody
    series = (DATA / "golden_series.ics").read_bytes()
    assert b"RRULE:FREQ=MONTHLY;BYDAY=2WE" in series
    assert b"EXDATE;TZID=America/Chicago:20270210T100000" in series
    republished = (DATA / "golden_republished.ics").read_bytes()
    assert b"STATUS:CANCELLED" in republished
    assert b"SEQUENCE:1" in republished
