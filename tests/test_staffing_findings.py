"""Defects the staffing oracle and strategies found in crewing and checking, each as the
smallest scenario that shows it; each is fixed, and stays fixed."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import maintwin
from maintwin import Change, OneOffWindow, Person, ReleaseTrain, Scenario, Schedule, Staffing

CHICAGO = ZoneInfo("America/Chicago")
RIS = ReleaseTrain(
    id="ris", subsystem="RIS", schedule=Schedule.nth_weekday(2, "WE", at="10:00"), downtime="PT15M"
)
RIS_WEEKLY = ReleaseTrain(
    id="ris.2",
    subsystem="RIS",
    schedule=Schedule.nth_weekday(3, "WE", at="10:00"),
    downtime="PT15M",
)
# A vendor's hour of RIS on 3 March: no train of its own, so crewed by RIS's staffing, but
# the two trains of RIS need different people.
VENDOR = OneOffWindow(
    id="ris.x", subsystem="RIS", start=datetime(2027, 3, 3, 10, 0), duration="PT1H"
)
PEOPLE = (Person(id="dana", roles=["dba"]), Person(id="sam", roles=["network"]))
NEEDS = (Staffing(train="ris.2", needs={"network": 1}), Staffing(train="ris", needs={"dba": 1}))
HORIZON = (date(2027, 3, 1), date(2027, 3, 8))
NOW = datetime(2027, 1, 1, tzinfo=CHICAGO)


def _scenario(trains: tuple[ReleaseTrain, ...], **fields: object) -> Scenario:
    return Scenario(
        name="findings",
        timezone="America/Chicago",
        policy=maintwin.Policy(lead_time_months=0),
        trains=trains,
        windows=[VENDOR],
        people=PEOPLE,
        staffing=NEEDS,
        **fields,  # type: ignore[arg-type]
    )


def _crew(scenario: Scenario) -> list[tuple[str, str]]:
    vendor = next(w for w in scenario.windows(*HORIZON) if w.id == "ris.x")
    return [(d.person, d.role) for d in vendor.crew]


def test_a_one_off_windows_crew_does_not_depend_on_the_order_of_the_trains() -> None:
    # Expansion crewed ris.x by the first train of RIS in `trains` that has [[staffing]]:
    # dana (dba) with ris first, sam (network) with ris.2 first. Since 282ab03 it needs the
    # most of each role any train of RIS needs: both.
    assert _crew(_scenario((RIS, RIS_WEEKLY))) == [("dana", "dba"), ("sam", "network")]
    assert _crew(_scenario((RIS_WEEKLY, RIS))) == [("dana", "dba"), ("sam", "network")]


def test_check_judges_a_one_off_window_by_the_needs_it_was_crewed_by() -> None:
    # Expansion crews ris.x by ris (first in `trains`): dana as DBA. The crew rule's check
    # looked the window's needs up by the first entry of `staffing` whose train is of RIS
    # (ris.2: a network engineer) and reported a staffing gap in the plan the planner made;
    # fixed on main by 2a28b64 (check reads the plan's own crews and gaps).
    pinned = Change(
        id="CHG-1", subsystem="RIS", duration="PT5M", requested_on=date(2026, 1, 1), pin="ris.x"
    )
    plan = maintwin.plan(_scenario((RIS, RIS_WEEKLY), changes=[pinned]), *HORIZON, now=NOW)
    assert [c.code for c in plan.conflicts] == []


# check() expanded the windows again without crewing them (``crews=False``), so a window that
# plan() found blocked by a staffing gap was open to the rules that read ``blocked_by``: the
# overlap rule and the DST rule reported it in check() but not in plan(). Fixed by 282ab03.
PACS = ReleaseTrain(
    id="pacs",
    subsystem="PACS",
    schedule=Schedule.nth_weekday(2, "WE", at="10:00"),
    downtime="PT15M",
)


def test_check_does_not_report_overlap_with_a_window_blocked_by_a_staffing_gap() -> None:
    # Only ash can run PACS; the vendor's hour overlaps the 10:00 window, which ash runs: the
    # vendor's hour is blocked (ash is on duty), so nothing of PACS runs twice at once.
    vendor = OneOffWindow(
        id="pacs.x", subsystem="PACS", start=datetime(2027, 3, 10, 10, 0), duration="PT1H"
    )
    scenario = Scenario(
        name="findings",
        timezone="America/Chicago",
        trains=[PACS],
        windows=[vendor],
        people=[Person(id="ash", roles=["app"])],
        staffing=[Staffing(train="pacs", needs={"app": 1})],
    )
    plan = maintwin.plan(scenario, date(2027, 3, 1), date(2027, 4, 1), now=NOW)
    assert plan.window("pacs.x").blocked_by == ("staffing-app-2027-03-10",)
    assert plan.conflicts == ()
    assert maintwin.check(plan) == list(plan.conflicts)


def test_check_does_not_report_a_dst_shift_of_a_window_blocked_by_a_staffing_gap() -> None:
    # 02:30 on Sunday 14 March 2027 does not exist in Chicago: the window moves to 03:30, but
    # dana, its only DBA, is off that day, so it does not run and nobody need be told.
    ris = ReleaseTrain(
        id="ris",
        subsystem="RIS",
        schedule=Schedule(rrule="FREQ=MONTHLY;BYDAY=2SU", at="02:30"),
        downtime="PT15M",
    )
    off = maintwin.DateRange(start=date(2027, 3, 14), end=date(2027, 3, 15))
    scenario = Scenario(
        name="findings",
        timezone="America/Chicago",
        trains=[ris],
        people=[Person(id="dana", roles=["dba"], unavailable=[off])],
        staffing=[Staffing(train="ris", needs={"dba": 1})],
    )
    plan = maintwin.plan(scenario, date(2027, 3, 1), date(2027, 4, 1), now=NOW)
    window = plan.window("ris-2027-03-14")
    assert (window.shifted, window.blocked_by) == (True, ("staffing-dba-2027-03-14",))
    assert plan.conflicts == ()
    assert maintwin.check(plan) == list(plan.conflicts)


# Expansion's needs (``staffing_of``) are one dict keyed by train ids and by subsystem names
# both: a train whose id is a subsystem's name shadows that subsystem's needs.
RIS_NAMED_LIKE_ITS_SUBSYSTEM = RIS.model_copy(update={"id": "RIS"})


def test_a_train_named_like_its_subsystem_does_not_hide_the_subsystems_other_needs() -> None:
    # Train RIS needs a DBA, ris.2 a network engineer: the vendor's hour of RIS needs both.
    scenario = Scenario(
        name="findings",
        timezone="America/Chicago",
        trains=[RIS_NAMED_LIKE_ITS_SUBSYSTEM, RIS_WEEKLY],
        windows=[VENDOR],
        people=PEOPLE,
        staffing=[
            Staffing(train="RIS", needs={"dba": 1}),
            Staffing(train="ris.2", needs={"network": 1}),
        ],
    )
    assert _crew(scenario) == [("dana", "dba"), ("sam", "network")]


def test_a_train_named_like_another_subsystem_does_not_crew_that_subsystems_windows() -> None:
    # Train "PACS" runs RIS; PACS itself has only a vendor's window and no train with
    # [[staffing]], so that window needs nobody.
    train = RIS.model_copy(update={"id": "PACS"})
    vendor = OneOffWindow(
        id="pacs.x", subsystem="PACS", start=datetime(2027, 3, 3, 10, 0), duration="PT1H"
    )
    scenario = Scenario(
        name="findings",
        timezone="America/Chicago",
        trains=[train],
        windows=[vendor],
        people=PEOPLE,
        staffing=[Staffing(train="PACS", needs={"dba": 1})],
    )
    window = next(w for w in scenario.windows(*HORIZON) if w.id == "pacs.x")
    assert window.crew == ()


def test_a_kept_change_without_its_owner_does_not_shut_its_window_to_the_others() -> None:
    # CHG-A is pinned to 10 March, but its owner ari is on leave that day: it stays there and
    # is reported. CHG-B needs an app engineer: dana, the window's own crew, is one. The crew
    # rule's admits asks for the people of CHG-A together with CHG-B's, finds ari cannot come,
    # and refuses CHG-B ("its people cannot be on duty there together with those of CHG-A").
    leave = maintwin.DateRange(start=date(2027, 3, 10), end=date(2027, 3, 11))
    scenario = Scenario(
        name="findings",
        timezone="America/Chicago",
        policy=maintwin.Policy(lead_time_months=0),
        trains=[RIS],
        people=[
            Person(id="dana", roles=["app"]),
            Person(id="ari", roles=["app"], unavailable=[leave]),
        ],
        staffing=[Staffing(train="ris", needs={"app": 1})],
        changes=[
            Change(
                id="CHG-A",
                subsystem="RIS",
                duration="PT5M",
                requested_on=date(2026, 1, 1),
                pin="ris-2027-03-10",
                owner="ari",
            ),
            Change(
                id="CHG-B",
                subsystem="RIS",
                duration="PT5M",
                requested_on=date(2026, 1, 1),
                needs={"app": 1},
            ),
        ],
    )
    plan = maintwin.plan(scenario, date(2027, 3, 1), date(2027, 4, 1), now=NOW)
    assert plan.window("ris-2027-03-10").crew == (maintwin.Duty(person="dana", role="app"),)
    assert {a.change: a.window for a in plan.assignments} == {
        "CHG-A": "ris-2027-03-10",
        "CHG-B": "ris-2027-03-10",
    }
