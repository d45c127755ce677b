"""maintwin.testing.invariants: a valid plan passes, and a plan broken on purpose is refused
with the broken invariant and the ids involved named."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import (
    Assignment,
    Blackout,
    Change,
    ConflictCode,
    Lock,
    Plan,
    ReleaseTrain,
    Scenario,
    Schedule,
)
from maintwin.testing import invariants
from maintwin.testing.invariants import PlanInvariantError, Violation, assert_plan_valid

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
FREEZE = Blackout(id="year-end", reason="freeze", start=date(2026, 12, 7), end=date(2027, 1, 4))
CHANGES = (
    Change(id="CHG-1", subsystem="RIS", duration="PT8M", requested_on=date(2026, 6, 1), priority=2),
    Change(
        id="CHG-2",
        subsystem="RIS",
        duration="PT4M",
        requested_on=date(2026, 6, 1),
        depends_on=["CHG-1"],
    ),
    Change(
        id="CHG-3",
        subsystem="RIS",
        duration="PT5M",
        requested_on=date(2026, 11, 20),
        short_notice=True,
        deadline=date(2027, 1, 31),
        priority=1,
    ),
    Change(id="CHG-4", subsystem="RIS", duration="PT1H", requested_on=date(2026, 6, 1)),
    Change(
        id="CHG-5",
        subsystem="PACS",
        duration="PT5M",
        requested_on=date(2026, 6, 1),
        earliest=date(2027, 2, 1),
    ),
    Change(id="CHG-6", subsystem="RIS", duration="PT2M", requested_on=date(2026, 10, 1)),
)
SCENARIO = Scenario(
    name="demo",
    timezone="America/Chicago",
    trains=[
        ReleaseTrain(
            id="ris",
            subsystem="RIS",
            schedule=Schedule.nth_weekday(2, "WE", at="10:00"),
            downtime="PT15M",
        ),
        ReleaseTrain(
            id="pacs",
            subsystem="PACS",
            schedule=Schedule.nth_weekday(1, "TH", at="09:00"),
            downtime="PT15M",
        ),
    ],
    blackouts=[FREEZE],
    changes=CHANGES,
)


@pytest.fixture(scope="module")
def plan() -> Plan:
    made = maintwin.plan(SCENARIO, date(2026, 12, 1), date(2027, 4, 1), now=NOW)
    # What the breakages below start from.
    assert [(a.window, a.change, a.offset.seconds // 60) for a in made.assignments] == [
        ("ris-2027-01-13", "CHG-3", 0),
        ("ris-2027-01-13", "CHG-1", 5),
        ("pacs-2027-02-04", "CHG-5", 0),
        ("ris-2027-02-10", "CHG-2", 0),
    ]
    assert [u.change for u in made.unscheduled] == ["CHG-4", "CHG-6"]
    assert made.window("ris-2026-12-09").blocked_by == ("year-end",)
    return made


def _moved(plan: Plan, *moves: tuple[str, str, int]) -> Plan:
    """``plan`` with each (change, window, offset in minutes) assigned there instead."""
    placed = {a.change: a for a in plan.assignments}
    for change, window, minutes in moves:
        placed[change] = Assignment(change=change, window=window, offset=timedelta(minutes=minutes))
    unscheduled = tuple(u for u in plan.unscheduled if u.change not in placed)
    return plan.model_copy(
        update={"assignments": tuple(placed.values()), "unscheduled": unscheduled}
    )


def _broken(plan: Plan) -> PlanInvariantError:
    with pytest.raises(PlanInvariantError) as caught:
        assert_plan_valid(plan)
    return caught.value


def test_the_planners_plan_is_valid(plan: Plan) -> None:
    assert_plan_valid(plan)
    assert invariants.violations(plan) == []
    for predicate in invariants.INVARIANTS:
        assert predicate(plan) == [], predicate.__name__


# -- the acceptance: over capacity, in a blackout, a dependency reversed ------------------------


def test_over_capacity_names_the_invariant_the_window_and_its_changes(plan: Plan) -> None:
    error = _broken(_moved(plan, ("CHG-2", "ris-2027-01-13", 13)))
    assert isinstance(error, AssertionError)
    assert {v.invariant for v in error.violations} == {"within_capacity"}
    assert (
        Violation(
            "within_capacity",
            ("CHG-3", "CHG-1", "CHG-2", "ris-2027-01-13"),
            "window ris-2027-01-13 holds 17 min of work in 15 min",
        )
        in error.violations
    )
    text = str(error)
    assert text.startswith("the plan breaks 1 invariant: within_capacity")
    assert "within_capacity [CHG-2, ris-2027-01-13]: change CHG-2 runs to +17 min" in text


def test_in_a_blackout_names_the_invariant_the_change_window_and_blackout(plan: Plan) -> None:
    error = _broken(_moved(plan, ("CHG-1", "ris-2026-12-09", 0), ("CHG-3", "ris-2027-01-13", 0)))
    assert error.violations == (
        Violation(
            "outside_blackouts",
            ("CHG-1", "ris-2026-12-09", "year-end"),
            "change CHG-1 rides in ris-2026-12-09, inside year-end",
        ),
    )
    assert "outside_blackouts [CHG-1, ris-2026-12-09, year-end]" in str(error)


def test_a_reversed_dependency_names_the_invariant_and_both_changes(plan: Plan) -> None:
    error = _broken(_moved(plan, ("CHG-1", "ris-2027-02-10", 0), ("CHG-2", "ris-2027-01-13", 5)))
    assert error.violations == (
        Violation(
            "dependencies_respected",
            ("CHG-2", "CHG-1", "ris-2027-01-13", "ris-2027-02-10"),
            "change CHG-2 in ris-2027-01-13 does not run after its prerequisite CHG-1 in "
            "ris-2027-02-10",
        ),
    )


def test_several_broken_invariants_are_all_named(plan: Plan) -> None:
    error = _broken(_moved(plan, ("CHG-2", "ris-2026-12-09", 0)))
    assert str(error).startswith(
        "the plan breaks 2 invariants: outside_blackouts, dependencies_respected\n"
    )


# -- each other invariant ------------------------------------------------------------------------


def _names(plan: Plan) -> set[str]:
    return {v.invariant for v in _broken(plan).violations}


def test_wrong_subsystem(plan: Plan) -> None:
    assert _names(_moved(plan, ("CHG-5", "ris-2027-03-10", 0))) == {"in_own_subsystem"}


def test_before_earliest(plan: Plan) -> None:
    assert _names(_moved(plan, ("CHG-5", "pacs-2027-01-07", 0))) == {"after_earliest"}


def test_before_the_lead_date(plan: Plan) -> None:
    # CHG-6 was requested on 1 October: not before 1 April without a short-notice approval.
    assert _names(_moved(plan, ("CHG-6", "ris-2027-03-10", 0))) == {"after_lead_time"}
    approved = [
        c.model_copy(update={"short_notice": True}) if c.id == "CHG-6" else c for c in CHANGES
    ]
    scenario = SCENARIO.model_copy(update={"changes": tuple(approved)})
    moved = _moved(plan, ("CHG-6", "ris-2027-03-10", 0)).model_copy(update={"scenario": scenario})
    assert invariants.after_lead_time(moved) == []
    assert _names(moved) == {"conflicts_reported"}  # no LEAD_TIME warning for it on record


def test_inside_the_freeze_horizon(plan: Plan) -> None:
    later = plan.model_copy(update={"now": datetime(2027, 1, 5, 9, 0, tzinfo=CHICAGO)})
    found = invariants.outside_freeze_horizon(later)
    assert [v.ids for v in found] == [("CHG-3", "ris-2027-01-13"), ("CHG-1", "ris-2027-01-13")]
    kept = later.model_copy(
        update={
            "assignments": tuple(
                a.model_copy(update={"lock": Lock.ANNOUNCED}) for a in later.assignments
            )
        }
    )
    assert invariants.outside_freeze_horizon(kept) == []


def test_overlapping_slots(plan: Plan) -> None:
    error = _broken(_moved(plan, ("CHG-1", "ris-2027-01-13", 3)))
    assert [(v.invariant, v.ids) for v in error.violations] == [
        ("runs_one_at_a_time", ("CHG-3", "CHG-1", "ris-2027-01-13"))
    ]


def test_not_in_the_pinned_window(plan: Plan) -> None:
    pinned = [
        c.model_copy(update={"pin": "ris-2027-02-10"}) if c.id == "CHG-1" else c for c in CHANGES
    ]
    edited = plan.model_copy(
        update={"scenario": SCENARIO.model_copy(update={"changes": tuple(pinned)})}
    )
    assert [v.ids for v in invariants.in_pinned_window(edited)] == [("CHG-1", "ris-2027-01-13")]


def test_an_unknown_window(plan: Plan) -> None:
    assert _names(_moved(plan, ("CHG-3", "ris-2027-01-14", 0))) == {"in_known_windows"}


def test_a_change_neither_assigned_nor_unscheduled(plan: Plan) -> None:
    dropped = tuple(a for a in plan.assignments if a.change != "CHG-2")
    error = _broken(plan.model_copy(update={"assignments": dropped}))
    assert [(v.invariant, v.ids) for v in error.violations] == [("accounted_for", ("CHG-2",))]


def test_a_change_assigned_twice(plan: Plan) -> None:
    twice = (*plan.assignments, Assignment(change="CHG-2", window="ris-2027-03-10"))
    assert "accounted_for" in _names(plan.model_copy(update={"assignments": twice}))


def test_a_window_blocked_by_the_wrong_blackouts(plan: Plan) -> None:
    windows = tuple(
        w.model_copy(update={"blocked_by": ()}) if w.blocked_by else w for w in plan.windows
    )
    error = _broken(plan.model_copy(update={"windows": windows}))
    assert [(v.invariant, v.ids) for v in error.violations] == [
        ("windows_match_scenario", ("ris-2026-12-09", "year-end"))
    ]


def test_a_window_moved_off_its_rule_time(plan: Plan) -> None:
    hour = timedelta(hours=1)
    windows = tuple(
        w.model_copy(update={"start": w.start + hour, "end": w.end + hour})
        if w.id == "ris-2027-03-10"
        else w
        for w in plan.windows
    )
    error = _broken(plan.model_copy(update={"windows": windows}))
    assert [(v.invariant, v.ids) for v in error.violations] == [
        ("starts_at_rule_time", ("ris-2027-03-10",))
    ]
    assert "2027-03-10 10:00 in America/Chicago" in str(error)


def test_a_window_falsely_marked_shifted(plan: Plan) -> None:
    windows = tuple(
        w.model_copy(update={"shifted": w.id == "ris-2027-03-10"}) for w in plan.windows
    )
    found = invariants.starts_at_rule_time(plan.model_copy(update={"windows": windows}))
    assert [v.message for v in found] == [
        "window ris-2027-03-10 has shifted=True, but 2027-03-10 10:00 in America/Chicago exists"
    ]


def test_conflicts_the_plan_does_not_report(plan: Plan) -> None:
    error = _broken(plan.model_copy(update={"conflicts": ()}))
    assert [(v.invariant, v.ids) for v in error.violations] == [
        ("conflicts_reported", ("CHG-4",)),
        ("conflicts_reported", ("CHG-6",)),
        ("conflicts_reported", ("CHG-3", "ris-2027-01-13")),
    ]


# -- kept assignments: broken rules the plan reports are excused --------------------------------


@pytest.fixture(scope="module")
def stormy(plan: Plan) -> Plan:
    """Planned again on 5 January with a storm on 13 January: the announced January changes
    stay in the now blocked window, and the plan reports it."""
    storm = Blackout(id="storm", reason="other", start=date(2027, 1, 13))
    scenario = SCENARIO.model_copy(update={"blackouts": (FREEZE, storm)})
    later = datetime(2027, 1, 5, 9, 0, tzinfo=CHICAGO)
    return maintwin.plan(scenario, date(2026, 12, 1), date(2027, 4, 1), now=later, previous=plan)


def test_a_kept_assignment_in_a_new_blackout_is_excused_when_reported(stormy: Plan) -> None:
    kept = [(a.change, a.lock) for a in stormy.assignments if a.window == "ris-2027-01-13"]
    assert kept == [("CHG-3", Lock.ANNOUNCED), ("CHG-1", Lock.ANNOUNCED)]
    assert [v.ids[0] for v in invariants.outside_blackouts(stormy)] == ["CHG-3", "CHG-1"]
    assert_plan_valid(stormy)


def test_a_kept_assignment_is_not_excused_when_the_plan_does_not_report_it(stormy: Plan) -> None:
    silent = tuple(c for c in stormy.conflicts if c.code != "IN_BLACKOUT")
    error = _broken(stormy.model_copy(update={"conflicts": silent}))
    assert [(v.invariant, v.ids[0]) for v in error.violations] == [
        ("outside_blackouts", "CHG-3"),
        ("outside_blackouts", "CHG-1"),
    ]


def test_a_new_assignment_is_never_excused(stormy: Plan) -> None:
    fresh = tuple(a.model_copy(update={"lock": None}) for a in stormy.assignments)
    names = _names(stormy.model_copy(update={"assignments": fresh}))
    assert names == {"outside_blackouts", "outside_freeze_horizon"}


def test_the_invariants_are_the_documented_predicates() -> None:
    names = [p.__name__ for p in invariants.INVARIANTS]
    assert names == list(invariants._CHECKS)  # assert_plan_valid runs each, in this order
    for name in names:
        assert getattr(invariants, name).__name__ == name
        assert name in invariants.__all__
        assert getattr(invariants, name).__doc__


def test_a_kept_change_whose_prerequisite_left_the_scenario_is_excused_when_reported() -> None:
    """B depends on A; both were announced for the March window. A leaves the scenario: the
    planner keeps B (announced), withdraws A and reports UNKNOWN_REFERENCE for B's missing
    prerequisite. That plan is valid; the break is locked and reported."""
    chicago = ZoneInfo("America/Chicago")
    ris = ReleaseTrain(
        id="ris",
        subsystem="RIS",
        schedule=Schedule.nth_weekday(2, "TU", at="02:00"),
        downtime="PT15M",
    )
    a = Change(id="A", subsystem="RIS", duration="PT5M", requested_on=date(2027, 1, 1))
    b = Change(
        id="B", subsystem="RIS", duration="PT5M", requested_on=date(2027, 1, 1), depends_on=["A"]
    )
    scenario = Scenario(
        name="x",
        timezone="America/Chicago",
        policy=maintwin.Policy(lead_time_months=0),
        trains=[ris],
        changes=[a, b],
    )
    horizon = (date(2027, 3, 1), date(2027, 6, 1))
    first = maintwin.plan(scenario, *horizon, now=datetime(2027, 2, 1, 9, tzinfo=chicago))
    assert {x.window for x in first.assignments} == {"ris-2027-03-09"}
    without_a = scenario.model_copy(update={"changes": (b,)})
    again = maintwin.plan(
        without_a, *horizon, now=datetime(2027, 3, 5, 9, tzinfo=chicago), previous=first
    )
    assert [(x.change, x.lock) for x in again.assignments] == [("B", Lock.ANNOUNCED)]
    assert invariants.dependencies_respected(again)  # the rule itself is broken ...
    assert_plan_valid(again)  # ... and excused: B is locked and the plan reports it


# -- people: crews, changes' own people, nobody in two places -----------------------------------

LEAVE = maintwin.DateRange(start=date(2027, 5, 10), end=date(2027, 5, 17))
PEOPLE = (
    maintwin.Person(id="dana", roles=["dba"], unavailable=[LEAVE]),
    maintwin.Person(id="lee", roles=["dba"]),
    maintwin.Person(id="kim", roles=["network", "dba"], timezone="America/Denver"),
    maintwin.Person(
        id="sam",
        roles=["network"],
        unavailable=[maintwin.DateRange(start=date(2027, 5, 12), end=date(2027, 5, 13))],
    ),
)
RIS_CREW = maintwin.Staffing(train="ris", needs={"dba": 1, "network": 1}, backups={"dba": 1})
# A vendor's hour of RIS from 09:30 on 10 March: it overlaps the 10:00 window and is crewed first.
VENDOR = maintwin.OneOffWindow(
    id="ris.x", subsystem="RIS", start=datetime(2027, 3, 10, 9, 30), duration="PT1H"
)
STAFFED = Scenario(
    name="crews",
    timezone="America/Chicago",
    trains=[SCENARIO.trains[0]],
    windows=[VENDOR],
    people=PEOPLE,
    staffing=[RIS_CREW],
    changes=[
        Change(
            id="CHG-1", subsystem="RIS", duration="PT5M", requested_on=date(2026, 6, 1), owner="lee"
        ),
        Change(
            id="CHG-2",
            subsystem="RIS",
            duration="PT5M",
            requested_on=date(2026, 6, 1),
            needs={"network": 1},
        ),
    ],
)


def _staffed(policy: maintwin.Policy | None = None) -> Plan:
    scenario = STAFFED if policy is None else STAFFED.model_copy(update={"policy": policy})
    return maintwin.plan(scenario, date(2027, 1, 1), date(2027, 7, 1), now=NOW)


@pytest.fixture(scope="module")
def staffed() -> Plan:
    made = _staffed()
    # What the breakages below start from, worked out by hand: each window needs a DBA, a
    # network engineer and a DBA backup, the fewest duties first, ties by id.
    crews = {w.id: [(d.person, d.role, d.backup) for d in w.crew] for w in made.windows}
    assert crews["ris-2027-01-13"] == [("dana", "dba", False), ("kim", "network", False),
                                       ("lee", "dba", True)]  # fmt: skip
    assert crews["ris-2027-02-10"] == [("dana", "dba", False), ("sam", "network", False),
                                       ("kim", "dba", True)]  # fmt: skip
    # lee, sam and dana run the vendor's hour; only kim is left for the 10:00 window.
    assert {p for p, _, _ in crews["ris.x"]} == {"lee", "sam", "dana"}
    assert made.window("ris-2027-03-10").blocked_by == ("staffing-dba-2027-03-10",)
    # 12 May: dana on leave, sam off that day: lee and kim run it, but there is no DBA backup.
    assert made.window("ris-2027-05-12").blocked_by == ("staffing-dba-2027-05-12",)
    assert [(a.change, a.window) for a in made.assignments] == [
        ("CHG-1", "ris-2027-01-13"),  # its owner lee is the DBA backup
        ("CHG-2", "ris-2027-01-13"),  # kim is the network engineer
    ]
    return made


def _crew(plan: Plan, window: str, crew: tuple[maintwin.Duty, ...], **more: object) -> Plan:
    windows = tuple(
        w.model_copy(update={"crew": crew, **more}) if w.id == window else w for w in plan.windows
    )
    return plan.model_copy(update={"windows": windows})


def _duty(person: str, role: str, backup: bool = False) -> maintwin.Duty:
    return maintwin.Duty(person=person, role=role, backup=backup)


def test_a_staffed_plan_is_valid(staffed: Plan) -> None:
    assert_plan_valid(staffed)
    for predicate in (
        invariants.windows_have_their_crew,
        invariants.changes_have_their_people,
        invariants.nobody_in_two_places,
    ):
        assert predicate(staffed) == [], predicate.__name__


def test_a_crew_member_without_the_role(staffed: Plan) -> None:
    crew = (_duty("sam", "dba"), _duty("kim", "network"), _duty("lee", "dba", True))
    found = invariants.windows_have_their_crew(_crew(staffed, "ris-2027-01-13", crew))
    assert [v.ids for v in found] == [("ris-2027-01-13", "sam")]
    assert "does not have the role (their roles: network)" in found[0].message


def test_a_crew_member_on_leave(staffed: Plan) -> None:
    # The June crew again on 12 May, when dana is on leave (and the window was blocked).
    crew = staffed.window("ris-2027-06-09").crew
    edited = _crew(staffed, "ris-2027-05-12", crew, blocked_by=(), gaps=())
    found = invariants.windows_have_their_crew(edited)
    assert [v.ids for v in found] == [("ris-2027-05-12",), ("ris-2027-05-12", "dana")]
    assert found[0].message.startswith("window ris-2027-05-12 is open without its crew: ")
    assert "is away (on leave 2027-05-10 to 2027-05-16)" in found[1].message


def test_an_open_window_without_its_crew(staffed: Plan) -> None:
    found = invariants.windows_have_their_crew(_crew(staffed, "ris-2027-04-14", ()))
    assert [v.message for v in found] == [
        "window ris-2027-04-14 has 0 primaries as dba (nobody), not 1",
        "window ris-2027-04-14 has 0 primaries as network (nobody), not 1",
        "window ris-2027-04-14 has 0 of the 3 people its train needs, where 3 could serve",
    ]


def test_a_window_blocked_by_a_gap_it_does_not_have(staffed: Plan) -> None:
    april = staffed.window("ris-2027-04-14")
    gap = maintwin.StaffingGap(
        id="staffing-dba-2027-04-14", role="dba", day=date(2027, 4, 14), needed=2, backups=1
    )
    edited = _crew(staffed, april.id, (), blocked_by=(gap.id,), gaps=(gap,))
    found = invariants.windows_have_their_crew(edited)
    assert [v.ids for v in found] == [("ris-2027-04-14", "staffing-dba-2027-04-14")]
    assert "but its crew could be found" in found[0].message
    assert _names(edited) == {"windows_have_their_crew"}


def test_a_gap_named_for_another_day(staffed: Plan) -> None:
    may = staffed.window("ris-2027-05-12")
    wrong = may.gaps[0].model_copy(update={"id": "staffing-dba-2027-05-13"})
    edited = _crew(staffed, may.id, (), blocked_by=(wrong.id,), gaps=(wrong,))
    assert [v.ids for v in invariants.windows_match_scenario(edited)] == [
        ("ris-2027-05-12", "staffing-dba-2027-05-13")
    ]


def test_a_missing_backup_that_is_only_a_warning_is_named_by_a_gap() -> None:
    plan = _staffed(maintwin.Policy(missing_backup="warning"))
    may = plan.window("ris-2027-05-12")
    assert may.blocked_by == ()
    assert {(d.person, d.role, d.backup) for d in may.crew} == {
        ("lee", "dba", False),
        ("kim", "network", False),
    }
    assert invariants.windows_have_their_crew(plan) == []
    silent = _crew(plan, may.id, may.crew, gaps=())
    assert [v.message for v in invariants.windows_have_their_crew(silent)] == [
        "window ris-2027-05-12 is short of a dba backup, and no gap says so"
    ]


def test_a_rotation_whose_person_on_call_is_not_the_primary() -> None:
    # lee and kim take the DBA pager in turns from Monday 4 January 2027, a week each.
    rotation = maintwin.Rotation(
        id="dba-on-call",
        role="dba",
        people=["lee", "kim"],
        handoff=Schedule.weekly("MO", at="09:00", starts_on=date(2027, 1, 4)),
    )
    scenario = STAFFED.model_copy(update={"rotations": (rotation,)})
    plan = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 3, 1), now=NOW)
    # 13 January is in the second week: kim's; 10 February in the sixth: kim's again.
    january = plan.window("ris-2027-01-13")
    assert [d.person for d in january.crew if d.role == "dba" and not d.backup] == ["kim"]
    assert invariants.windows_have_their_crew(plan) == []
    swapped = tuple(
        d.model_copy(update={"person": "dana"}) if d.person == "kim" else d for d in january.crew
    )
    found = invariants.windows_have_their_crew(_crew(plan, january.id, swapped))
    assert any("but the rotation has kim on call at its start" in v.message for v in found)


def test_a_change_without_its_owner(staffed: Plan) -> None:
    changes = tuple(
        c.model_copy(update={"owner": "sam"}) if c.id == "CHG-1" else c for c in STAFFED.changes
    )
    edited = staffed.model_copy(
        update={"scenario": STAFFED.model_copy(update={"changes": changes})}
    )
    found = invariants.changes_have_their_people(edited)
    assert [v.ids for v in found] == [("CHG-1", "ris-2027-01-13", "sam")]


def test_a_change_in_a_window_blocked_by_a_staffing_gap(staffed: Plan) -> None:
    moved = _moved(staffed, ("CHG-2", "ris-2027-05-12", 0))
    found = invariants.changes_have_their_people(moved)
    assert [v.ids for v in found] == [("CHG-2", "ris-2027-05-12", "staffing-dba-2027-05-12")]
    assert _names(moved) == {"changes_have_their_people"}


def test_someone_in_two_overlapping_windows(staffed: Plan) -> None:
    # lee runs the vendor's hour; give lee the 10:00 window too.
    crew = (_duty("lee", "dba"), _duty("kim", "network"), _duty("dana", "dba", True))
    edited = _crew(staffed, "ris-2027-03-10", crew, blocked_by=(), gaps=())
    found = invariants.nobody_in_two_places(edited)
    assert {v.ids for v in found} == {
        ("lee", "ris.x", "ris-2027-03-10"),
        ("dana", "ris.x", "ris-2027-03-10"),
    }
    twice = _crew(staffed, "ris-2027-04-14", (_duty("kim", "dba"), _duty("kim", "network")))
    assert [v.ids for v in invariants.nobody_in_two_places(twice)] == [("ris-2027-04-14", "kim")]


def test_a_kept_change_whose_owner_is_away_is_excused_when_reported() -> None:
    # CHG-1 is pinned to 12 May, which its owner lee could run, but the window is short of a
    # DBA backup: the planner keeps it there and reports it.
    changes = tuple(
        c.model_copy(update={"pin": "ris-2027-05-12"}) if c.id == "CHG-1" else c
        for c in STAFFED.changes
    )
    scenario = STAFFED.model_copy(update={"changes": changes})
    plan = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 7, 1), now=NOW)
    kept = {a.change: a for a in plan.assignments}["CHG-1"]
    assert (kept.window, kept.lock) == ("ris-2027-05-12", Lock.PIN)
    assert invariants.changes_have_their_people(plan)  # broken ...
    assert_plan_valid(plan)  # ... and excused: pinned, and reported
    silent = tuple(c for c in plan.conflicts if "CHG-1" not in c.changes)
    assert "changes_have_their_people" in _names(plan.model_copy(update={"conflicts": silent}))


def test_a_window_run_without_a_backup_is_reported_when_that_is_a_warning() -> None:
    plan = _staffed(maintwin.Policy(missing_backup="warning"))
    moved = _moved(plan, ("CHG-2", "ris-2027-05-12", 0))  # no DBA backup on 12 May
    assert [v.ids for v in invariants.conflicts_reported(moved)] == [("ris-2027-05-12", "CHG-2")]
    warned = maintwin.Conflict(
        code="MISSING_BACKUP",
        severity="warning",
        message="window ris-2027-05-12 carries CHG-2 without a dba backup",
        hint="find a backup",
        changes=("CHG-2",),
        windows=("ris-2027-05-12",),
    )
    reported = moved.model_copy(update={"conflicts": (*moved.conflicts, warned)})
    assert invariants.conflicts_reported(reported) == []
    # Reported with a missing primary, as one staffing gap, it is reported too.
    gap = warned.model_copy(update={"code": ConflictCode.STAFFING_GAP, "severity": "error"})
    reported = moved.model_copy(update={"conflicts": (*moved.conflicts, gap)})
    assert invariants.conflicts_reported(reported) == []


# -- rollbacks -----------------------------------------------------------------------------------


def _with_rollback() -> Plan:
    """CHG-R: 5 minutes of work (timed steps) and a 6-minute rollback, in the 15-minute January
    window, from its start."""
    change = Change(
        id="CHG-R",
        subsystem="RIS",
        requested_on=date(2026, 6, 1),
        steps=[{"title": "apply", "duration": "PT3M"}, {"title": "verify", "duration": "PT2M"}],
        rollback="PT6M",
    )
    scenario = SCENARIO.model_copy(update={"changes": (change,), "blackouts": ()})
    plan = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 2, 1), now=NOW)
    assert [(a.change, a.window, a.offset) for a in plan.assignments] == [
        ("CHG-R", "ris-2027-01-13", timedelta(0))
    ]
    return plan


def test_a_change_whose_rollback_runs_past_its_window_is_named() -> None:
    plan = _with_rollback()
    assert_plan_valid(plan)
    assert invariants.rollback_fits(plan) == []
    # From +5 its work ends at +10, inside the window: only the rollback (to +16) does not fit.
    late = _moved(plan, ("CHG-R", "ris-2027-01-13", 5))
    error = _broken(late)
    assert error.violations == (
        Violation(
            "rollback_fits",
            ("CHG-R", "ris-2027-01-13"),
            "change CHG-R ends its work at +10 min in window ris-2027-01-13; its 6 min rollback "
            "would end at +16 min, past the window's end (+15 min)",
        ),
    )
    # From +4 the rollback ends at +15, as the window does: that fits.
    assert invariants.rollback_fits(_moved(plan, ("CHG-R", "ris-2027-01-13", 4))) == []


def test_rollback_fits_judges_the_planned_work_not_the_stated_duration() -> None:
    plan = _with_rollback()
    # A dry run of 4 minutes plans CHG-R at 6 (4 x 1.5): from +4, its rollback ends at +16.
    rehearsed = plan.scenario.changes[0].model_copy(
        update={"dry_runs": (maintwin.DryRun(on=date(2026, 5, 1), duration="PT4M"),)}
    )
    scenario = plan.scenario.model_copy(update={"changes": (rehearsed,)})
    edited = _moved(plan, ("CHG-R", "ris-2027-01-13", 4)).model_copy(update={"scenario": scenario})
    assert [v.ids for v in invariants.rollback_fits(edited)] == [("CHG-R", "ris-2027-01-13")]
    # And within_capacity counts the 6 minutes too: from +10 it runs to +16.
    far = _moved(plan, ("CHG-R", "ris-2027-01-13", 10)).model_copy(update={"scenario": scenario})
    assert [v.ids for v in invariants.within_capacity(far)] == [("CHG-R", "ris-2027-01-13")]


def test_a_kept_change_without_room_for_its_rollback_is_not_the_planners() -> None:
    plan = _with_rollback()
    late = _moved(plan, ("CHG-R", "ris-2027-01-13", 5))
    kept = late.model_copy(
        update={
            "assignments": tuple(a.model_copy(update={"lock": Lock.PIN}) for a in late.assignments)
        }
    )
    assert invariants.rollback_fits(kept) == []
