"""Staffing: crews, gaps, rotations, absences on each person's own clock, and every staffing
conflict, provoked and absent.

Each test builds a small scenario by hand and says, in its own terms, who should be on duty:
the expected crews are worked out here from the dates, never read back from the planner.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import (
    Absence,
    Change,
    ConflictCode,
    DateRange,
    Duty,
    InputError,
    Override,
    Person,
    PersonHolidays,
    Plan,
    Policy,
    ReleaseTrain,
    Rotation,
    Scenario,
    Schedule,
    Severity,
    Staffing,
    Unavailability,
    Window,
)

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
START, END = date(2026, 12, 1), date(2027, 12, 1)
NO_LEAD = Policy(lead_time_months=0)
# RIS: the second Wednesday of each month at 10:00 Chicago, 15 minutes.
RIS = ReleaseTrain(
    id="ris",
    subsystem="RIS",
    schedule=Schedule(rrule="FREQ=MONTHLY;BYDAY=2WE", at=time(10, 0), starts_on=date(2026, 1, 1)),
    downtime="PT15M",
)
JAN, FEB, MAR = "ris-2027-01-13", "ris-2027-02-10", "ris-2027-03-10"
ONE_DBA = Staffing(train="ris", needs={"dba": 1})
DBA_AND_BACKUP = Staffing(train="ris", needs={"dba": 1}, backups={"dba": 1})


def person(id: str, *roles: str, **fields: object) -> Person:
    return Person(id=id, roles=roles or ("dba",), **fields)  # type: ignore[arg-type]


def change(id: str, **fields: object) -> Change:
    fields.setdefault("subsystem", "RIS")
    fields.setdefault("duration", "PT5M")
    fields.setdefault("requested_on", date(2026, 1, 1))
    return Change(id=id, **fields)  # type: ignore[arg-type]


def scenario(
    *changes: Change,
    people: Iterable[Person] = (),
    staffing: Iterable[Staffing] = (ONE_DBA,),
    trains: Iterable[ReleaseTrain] = (RIS,),
    rotations: Iterable[Rotation] = (),
    policy: Policy = NO_LEAD,
    **fields: object,
) -> Scenario:
    return Scenario(
        name="staffing",
        timezone="America/Chicago",
        trains=tuple(trains),
        people=tuple(people),
        staffing=tuple(staffing),
        rotations=tuple(rotations),
        changes=changes,
        policy=policy,
        **fields,  # type: ignore[arg-type]
    )


def make(s: Scenario, *, solver: str = "greedy", end: date = END) -> Plan:
    return maintwin.plan(s, START, end, now=NOW, solver=solver)  # type: ignore[arg-type]


def window(p: Plan, wid: str) -> Window:
    return p.window(wid)


def crew(w: Window) -> set[tuple[str, str, bool]]:
    return {(d.person, d.role, d.backup) for d in w.crew}


def codes(p: Plan | list[maintwin.Conflict]) -> Counter[ConflictCode]:
    found = p.conflicts if isinstance(p, Plan) else p
    return Counter(c.code for c in found)


STAFFING_CODES = (
    ConflictCode.STAFFING_GAP,
    ConflictCode.MISSING_BACKUP,
    ConflictCode.DOUBLE_BOOKED,
    ConflictCode.OWNER_ABSENT,
)


def no_staffing_conflicts(found: Plan | list[maintwin.Conflict]) -> bool:
    return not any(codes(found)[c] for c in STAFFING_CODES)


# -- the example scenario -------------------------------------------------------------------


def test_the_example_blocks_the_may_window_for_a_dba_and_moves_the_migration(
    example: Scenario,
) -> None:
    p = maintwin.plan(example, START, END, now=NOW)
    may = p.window("ris-2027-05-12")
    assert may.blocked_by == ("staffing-dba-2027-05-12",)
    (gap,) = may.gaps
    assert (gap.role, gap.day, gap.needed, gap.backups, gap.found) == (
        "dba",
        date(2027, 5, 12),
        2,
        1,
        ("lee",),
    )
    reasons = {m.person: (m.reason, m.detail) for m in gap.missing}
    assert reasons == {
        "dana": (Unavailability.LEAVE, "on leave 2027-05-10 to 2027-05-16"),
        "kim": (Unavailability.SERVING, "serves as network"),
    }
    # CHG-1001 (lead time to 2027-05-02) and its reindex ride in June, with a full crew.
    assert {p.assignment(c).window for c in ("CHG-1001", "CHG-1002")} == {"ris-2027-06-09"}  # type: ignore[union-attr]
    june = p.window("ris-2027-06-09")
    roles = Counter((d.role, d.backup) for d in june.crew)
    assert roles == {
        ("dba", False): 1,
        ("dba", True): 1,
        ("network", False): 1,
        ("network", True): 1,
    }
    assert len({d.person for d in june.crew}) == 4
    # Every open RIS window lists its crew, and the PACS upgrade's window the people its change
    # needs (a DBA with a backup, a network engineer); no staffing conflict.
    assert all(w.crew for w in p.windows if not w.blocked and w.subsystem == "RIS")
    upgrade = Counter((d.role, d.backup) for d in p.window("pacs-upgrade-fri").crew)
    assert upgrade == {("dba", False): 1, ("dba", True): 1, ("network", False): 1}
    assert not p.window("pacs-upgrade-sat").crew  # the alternative no change uses
    assert no_staffing_conflicts(p)
    text = maintwin.explain(p, "CHG-1001")
    assert (
        "ris-2027-05-12 (2027-05-12 10:00 CDT): the dba role needs 2 people (one a backup); "
        "only lee is available (dana on leave 2027-05-10 to 2027-05-16, kim serves as network) "
        "[crew]"
    ) in text


# -- the train's crew -------------------------------------------------------------------------


def test_a_window_without_its_crew_is_blocked_and_listed() -> None:
    s = scenario(
        change("A"),
        people=[
            person("dana", unavailable=[DateRange(start=date(2027, 1, 1), end=date(2027, 2, 1))])
        ],
    )
    p = make(s)
    jan = window(p, JAN)
    assert jan.blocked
    assert jan.blocked_by == ("staffing-dba-2027-01-13",)
    assert jan.crew == ()
    assert "nobody is available (dana on leave 2027-01-01 to 2027-01-31)" in maintwin.gap_text(
        jan.gaps[0]
    )
    assert crew(window(p, FEB)) == {("dana", "dba", False)}
    # The change itself took the first window (December): nothing to report.
    assert p.assignment("A").window == "ris-2026-12-09"  # type: ignore[union-attr]
    assert no_staffing_conflicts(p)


def test_staffing_gap_when_a_pinned_change_is_in_a_short_staffed_window() -> None:
    away = [DateRange(start=date(2027, 1, 1), end=date(2027, 2, 1))]
    p = make(scenario(change("A", pin=JAN), people=[person("dana", unavailable=away)]))
    (found,) = [c for c in p.conflicts if c.code is ConflictCode.STAFFING_GAP]
    assert found.severity is Severity.ERROR
    assert found.changes == ("A",)
    assert found.windows == (JAN,)
    assert found.people == ("dana",)
    assert "short of staff: the dba role needs 1 person; nobody is available" in found.message
    assert "(kept: it is pinned)" in found.message
    # Absent: the same pin with dana at work.
    assert no_staffing_conflicts(make(scenario(change("A", pin=JAN), people=[person("dana")])))


def test_check_reports_a_crew_member_who_has_since_gone_on_leave() -> None:
    s = scenario(change("A", pin=JAN), people=[person("dana")])
    p = make(s)
    assert crew(window(p, JAN)) == {("dana", "dba", False)}
    assert no_staffing_conflicts(maintwin.check(p))
    leave = [DateRange(start=date(2027, 1, 11), end=date(2027, 1, 15))]
    later = s.model_copy(update={"people": (person("dana", unavailable=leave),)})
    found = [
        c
        for c in maintwin.check(p.model_copy(update={"scenario": later}))
        if c.code is ConflictCode.STAFFING_GAP
    ]
    assert any(
        c.people == ("dana",) and "but on leave 2027-01-11 to 2027-01-14" in c.message
        for c in found
    ), found


def test_a_duty_for_someone_without_the_role_is_a_staffing_gap() -> None:
    s = scenario(change("A", pin=JAN), people=[person("dana"), person("sam", "network")])
    p = make(s)
    wrong = tuple(
        Duty(person="sam", role="dba") if d.person == "dana" else d for d in window(p, JAN).crew
    )
    edited = p.model_copy(
        update={
            "windows": tuple(
                w.model_copy(update={"crew": wrong}) if w.id == JAN else w for w in p.windows
            )
        }
    )
    found = [c for c in maintwin.check(edited) if c.code is ConflictCode.STAFFING_GAP]
    assert [c.people for c in found] == [("sam",)]
    assert "as dba but does not have the role dba (their roles: network)" in found[0].message


@pytest.mark.parametrize(
    ("rule", "blocked", "severity"),
    [("error", True, None), ("warning", False, Severity.WARNING), ("allow", False, None)],
)
def test_a_missing_backup_follows_the_policy(
    rule: str, blocked: bool, severity: Severity | None
) -> None:
    s = scenario(
        change("A", earliest=date(2027, 1, 1), deadline=date(2027, 1, 31)),
        people=[person("dana")],
        staffing=[DBA_AND_BACKUP],
        policy=Policy(lead_time_months=0, missing_backup=rule),  # type: ignore[arg-type]
    )
    p = make(s)
    jan = window(p, JAN)
    assert jan.blocked is blocked
    found = [c for c in p.conflicts if c.code is ConflictCode.MISSING_BACKUP]
    if blocked:
        assert jan.gaps[0].backup_only
        assert p.assignment("A") is None
        assert (
            "the dba role needs 2 people (one a backup); only dana is available"
            in maintwin.gap_text(jan.gaps[0])
        )
    else:
        assert crew(jan) == {("dana", "dba", False)}
        assert p.assignment("A").window == JAN  # type: ignore[union-attr]
    if severity is None:
        assert found == []
    else:
        (one,) = found
        assert one.severity is severity
        assert one.changes == ("A",)
        assert (
            "its train ris needs 2 dba (the crew has 1 of 1 dba primaries and 0 of 1 backups)"
            in one.message
        )
        assert one.message.endswith("nobody else has the role dba")
    # Absent: with a second DBA every window has its backup.
    full = s.model_copy(update={"people": (person("dana"), person("lee"))})
    assert no_staffing_conflicts(make(full))


# -- fairness and determinism -------------------------------------------------------------------


def test_duty_is_spread_fairly_and_ties_go_by_id() -> None:
    people = [person(n) for n in ("cho", "ada", "bo")]
    p = make(scenario(people=people, staffing=[DBA_AND_BACKUP]))
    open_windows = [w for w in p.windows if not w.blocked]
    duties = Counter(d.person for w in open_windows for d in w.crew)
    assert max(duties.values()) - min(duties.values()) <= 1
    # The first window: nobody has served yet, so by id: ada primary, bo backup.
    assert crew(open_windows[0]) == {("ada", "dba", False), ("bo", "dba", True)}
    # The second: cho has served least.
    assert ("cho", "dba", False) in crew(open_windows[1])
    shuffled = make(scenario(people=people[::-1], staffing=[DBA_AND_BACKUP]))
    assert [w.crew for w in shuffled.windows] == [w.crew for w in p.windows]


# -- one person, one place -----------------------------------------------------------------------

PACS_SAME_TIME = ReleaseTrain(
    id="pacs",
    subsystem="PACS",
    schedule=Schedule(rrule="FREQ=MONTHLY;BYDAY=2WE", at=time(10, 5), starts_on=date(2026, 1, 1)),
    downtime="PT15M",
)


def test_nobody_is_on_duty_in_two_overlapping_windows() -> None:
    # RIS at 10:00 and PACS at 10:05 on the same days; one DBA between them.
    s = scenario(
        people=[person("dana")],
        staffing=[ONE_DBA, Staffing(train="pacs", needs={"dba": 1})],
        trains=[RIS, PACS_SAME_TIME],
        policy=Policy(lead_time_months=0, same_day_releases="allow"),
    )
    p = make(s)
    ris, pacs = window(p, JAN), window(p, "pacs-2027-01-13")
    assert crew(ris) == {("dana", "dba", False)}
    assert pacs.blocked_by == ("staffing-dba-2027-01-13",)
    (missing,) = pacs.gaps[0].missing
    assert missing.reason is Unavailability.DOUBLE_BOOKED
    assert missing.detail == f"is on duty in window {JAN}"
    assert no_staffing_conflicts(p)
    # An edited plan that puts dana in both is reported.
    both = p.model_copy(
        update={
            "windows": tuple(
                w.model_copy(update={"crew": ris.crew, "blocked_by": (), "gaps": ()})
                if w.id == pacs.id
                else w
                for w in p.windows
            )
        }
    )
    found = [c for c in maintwin.check(both) if c.code is ConflictCode.DOUBLE_BOOKED]
    assert [(c.people, c.windows) for c in found if c.windows == (JAN, pacs.id)] == [
        (("dana",), (JAN, pacs.id))
    ]


# -- a change's own people -----------------------------------------------------------------------


def test_a_change_rides_only_where_its_owner_is_on_duty() -> None:
    away = [DateRange(start=date(2026, 12, 1), end=date(2027, 1, 31))]
    s = scenario(
        change("NET", owner="sam"),
        people=[person("dana"), person("sam", "network", unavailable=away)],
    )
    p = make(s)
    a = p.assignment("NET")
    assert a is not None
    assert a.window == FEB
    assert ("sam", "owner", False) in crew(window(p, FEB))
    assert [d.changes for d in window(p, FEB).crew if d.person == "sam"] == [("NET",)]
    assert "its owner sam on leave 2026-12-01 to 2027-01-30 [crew]" in maintwin.explain(p, "NET")
    assert no_staffing_conflicts(p)
    pinned = make(scenario(change("NET", owner="sam", pin=JAN), people=s.people))
    (found,) = [c for c in pinned.conflicts if c.code is ConflictCode.OWNER_ABSENT]
    assert found.people == ("sam",)
    assert found.windows == (JAN,)


def test_a_change_that_needs_a_role_the_train_does_not_brings_someone_in() -> None:
    away = [DateRange(start=date(2026, 12, 1), end=date(2027, 1, 31))]
    s = scenario(
        change("STORE", needs={"storage": 1}),
        people=[
            person("dana"),
            person("ola", "storage", unavailable=away),
            person("pia", "storage"),
        ],
    )
    p = make(s)
    placed = p.assignment("STORE")
    assert placed is not None
    assert placed.window == "ris-2026-12-09"
    dec = window(p, "ris-2026-12-09")
    # ola is away; pia joins for the change.
    assert [(d.person, d.role, d.changes) for d in dec.crew if d.role == "storage"] == [
        ("pia", "storage", ("STORE",))
    ]
    assert crew(window(p, JAN)) == {("dana", "dba", False)}  # nobody joins a window without it
    assert no_staffing_conflicts(p)


def test_changes_that_need_the_same_role_share_the_person() -> None:
    s = scenario(
        change("S1", needs={"storage": 1}),
        change("S2", needs={"storage": 1}),
        people=[person("dana"), person("pia", "storage")],
    )
    p = make(s)
    assert {p.assignment(c).window for c in ("S1", "S2")} == {"ris-2026-12-09"}  # type: ignore[union-attr]
    storage = [d for d in window(p, "ris-2026-12-09").crew if d.role == "storage"]
    assert [(d.person, d.changes) for d in storage] == [("pia", ("S1", "S2"))]


@pytest.mark.parametrize("solver", ["greedy", "exact"])
def test_changes_whose_people_cannot_be_there_together_ride_apart(solver: str) -> None:
    # kim is the only one with both roles; S needs storage, N needs network, both on their own
    # and with a backup each: kim cannot be two people.
    s = scenario(
        change("S", needs={"storage": 1}, owner="kim"),
        change("N", needs={"network": 1}, owner="sam"),
        people=[person("dana"), person("kim", "storage"), person("sam", "network")],
    )
    p = make(s, solver=solver)
    assert p.assignment("S").window == p.assignment("N").window  # both fit: different people  # type: ignore[union-attr]
    tight = scenario(
        change("S", needs={"storage": 1, "network": 1}),
        change("N", needs={"network": 2}),
        people=[person("dana"), person("kim", "storage", "network"), person("sam", "network")],
    )
    p = make(tight, solver=solver)
    s_at, n_at = p.assignment("S"), p.assignment("N")
    assert s_at is not None
    assert n_at is not None
    assert s_at.window != n_at.window
    assert no_staffing_conflicts(p)


# -- absences on the person's own clock ----------------------------------------------------------


def _hourly(day: date, hours: Iterable[int]) -> tuple[maintwin.OneOffWindow, ...]:
    return tuple(
        maintwin.OneOffWindow(
            id=f"w{day:%d}-{h:02d}",
            subsystem="RIS",
            start=datetime.combine(day, time(h, 30)),
            duration="PT15M",
        )
        for h in hours
    )


def test_a_person_in_denver_is_off_from_their_own_midnight() -> None:
    # kim (Denver, an hour behind Chicago) is off on 2027-01-13. In Chicago, kim's day off runs
    # from 01:00 on the 13th to 01:00 on the 14th.
    kim = person(
        "kim",
        timezone="America/Denver",
        unavailable=[DateRange(start=date(2027, 1, 13), end=date(2027, 1, 14))],
    )
    s = scenario(
        people=[kim],
        trains=[RIS],
        windows=_hourly(date(2027, 1, 13), (0, 1)) + _hourly(date(2027, 1, 14), (0, 1)),
    )
    s = s.model_copy(update={"staffing": (Staffing(train="ris", needs={"dba": 1}),)})
    p = maintwin.plan(s, date(2027, 1, 12), date(2027, 1, 15), now=NOW)
    status = {w.id: bool(w.crew) for w in p.windows if w.source != "ris"}
    # 00:30 on the 13th in Chicago is 23:30 on the 12th in Denver: kim works; at 01:30
    # (00:30 in Denver) kim is off, until 01:00 on the 14th.
    assert status == {"w13-00": True, "w13-01": False, "w14-00": False, "w14-01": True}
    assert window(p, JAN).blocked_by == ("staffing-dba-2027-01-13",)  # 09:00 Denver, off


def test_a_person_is_off_on_their_own_countrys_holidays() -> None:
    # Early May bank holiday in the UK: Monday 2027-05-03. A Monday train at 10:00 Chicago.
    monday = ReleaseTrain(
        id="ris",
        subsystem="RIS",
        schedule=Schedule(rrule="FREQ=WEEKLY;BYDAY=MO", at=time(10, 0)),
        downtime="PT15M",
    )
    uk = person("ian", timezone="Europe/London", holidays=PersonHolidays(country="GB"))
    p = maintwin.plan(
        scenario(people=[uk], trains=[monday]), date(2027, 4, 26), date(2027, 5, 11), now=NOW
    )
    blocked = {w.id: w.gaps[0].missing[0] for w in p.windows if w.blocked}
    assert list(blocked) == ["ris-2027-05-03"]
    assert blocked["ris-2027-05-03"].reason is Unavailability.HOLIDAY
    assert "2027-05-03" in blocked["ris-2027-05-03"].detail


def test_never_on_sundays_and_working_hours_are_recurring_absences() -> None:
    never_sunday = Absence(
        title="never on Sundays",
        schedule=Schedule(rrule="FREQ=WEEKLY;BYDAY=SU", at=time(0, 0)),
        duration="P1D",
    )
    office = Absence(
        title="outside working hours",
        schedule=Schedule(rrule="FREQ=DAILY", at=time(18, 0), starts_on=date(2026, 1, 1)),
        duration="PT14H",
    )
    daily = ReleaseTrain(
        id="ris",
        subsystem="RIS",
        schedule=Schedule(rrule="FREQ=DAILY", at=time(10, 0), starts_on=date(2026, 1, 1)),
        downtime="PT15M",
    )
    evening = ReleaseTrain(
        id="eve",
        subsystem="EVE",
        schedule=Schedule(rrule="FREQ=DAILY", at=time(19, 0), starts_on=date(2026, 1, 1)),
        downtime="PT15M",
    )
    s = scenario(
        people=[person("dana", away=[never_sunday, office])],
        trains=[daily, evening],
        staffing=[ONE_DBA, Staffing(train="eve", needs={"dba": 1})],
        policy=Policy(lead_time_months=0, same_day_releases="allow"),
    )
    p = maintwin.plan(s, date(2027, 2, 1), date(2027, 2, 15), now=NOW)
    ris_blocked = [w.start.date() for w in p.windows if w.subsystem == "RIS" and w.blocked]
    assert ris_blocked == [date(2027, 2, 7), date(2027, 2, 14)]  # the Sundays
    assert all(w.blocked for w in p.windows if w.subsystem == "EVE")  # 19:00, after hours
    sunday = p.window("ris-2027-02-07").gaps[0].missing[0]
    assert sunday.reason is Unavailability.AWAY
    assert sunday.detail.startswith("never on Sundays (Sun 00:00")


# -- rotations -----------------------------------------------------------------------------------


def _mondays(first: date, count: int) -> list[date]:
    return [first + timedelta(weeks=k) for k in range(count)]


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [
        ("America/Chicago", date(2027, 3, 14), date(2027, 11, 7)),
        ("Europe/London", date(2027, 3, 28), date(2027, 10, 31)),
    ],
)
def test_a_rotation_hands_off_at_its_local_time_across_both_dst_changes(
    zone: str, spring: date, autumn: date
) -> None:
    tz = ZoneInfo(zone)
    first = date(2027, 1, 4)  # a Monday
    people = [person(n, "oncall", timezone=zone) for n in ("ann", "ben", "cat")]
    rotation = Rotation(
        id="pager",
        role="oncall",
        people=("ann", "ben", "cat"),
        handoff=Schedule(
            rrule="FREQ=WEEKLY;BYDAY=MO", at=time(9, 0), timezone=zone, starts_on=first
        ),
    )
    # Windows at 08:45 and 09:00 local time on the Monday after each DST change.
    mondays = [spring + timedelta(days=1), autumn + timedelta(days=1)]
    windows = tuple(
        maintwin.OneOffWindow(
            id=f"m{day:%m%d}-{hh}{mm}",
            subsystem="OPS",
            start=datetime.combine(day, time(hh, mm)),
            duration="PT10M",
            timezone=zone,
        )
        for day in mondays
        for hh, mm in ((8, 45), (9, 0))
    )
    s = Scenario(
        name="rota",
        timezone=zone,
        windows=windows,
        trains=[
            ReleaseTrain(
                id="ops",
                subsystem="OPS",
                schedule=Schedule(rrule="FREQ=YEARLY;BYMONTH=1;BYMONTHDAY=1", at=time(0, 0)),
                downtime=None,
            )
        ],
        people=people,
        staffing=[Staffing(train="ops", needs={"oncall": 1})],
        rotations=[rotation],
    )
    p = maintwin.plan(s, date(2027, 1, 1), date(2028, 1, 1), now=datetime(2026, 11, 1, tzinfo=tz))
    for day in mondays:
        weeks = (day - first).days // 7  # hand-offs before this Monday's, counting the first
        before, after = ("ann", "ben", "cat")[(weeks - 1) % 3], ("ann", "ben", "cat")[weeks % 3]
        early, on_time = p.window(f"m{day:%m%d}-845"), p.window(f"m{day:%m%d}-90")
        assert (
            early.start.utcoffset() != ZoneInfo(zone).utcoffset(datetime(2027, 1, 1))
            or day > autumn
        )
        assert crew(early) == {(before, "oncall", False)}, (day, early.crew)
        assert crew(on_time) == {(after, "oncall", False)}, (day, on_time.crew)


def test_an_override_swaps_who_is_on_call_and_a_gap_names_the_rotation() -> None:
    rota = Rotation(
        id="dba-pager",
        role="dba",
        people=("dana", "lee"),
        handoff=Schedule(rrule="FREQ=WEEKLY;BYDAY=MO", at=time(9, 0), starts_on=date(2026, 11, 30)),
    )
    # Weekly turns from Monday 2026-11-30: dana, lee, dana, ... 2027-01-13 is in the week of
    # 2027-01-11 (turn 6: dana), 2027-02-10 in that of 2027-02-08 (turn 10: dana).
    away = [DateRange(start=date(2027, 1, 11), end=date(2027, 1, 18))]
    s = scenario(people=[person("dana", unavailable=away), person("lee")], rotations=[rota])
    p = make(s)
    jan = window(p, JAN)
    assert jan.blocked
    reasons = {m.person: m.reason for m in jan.gaps[0].missing}
    assert reasons == {"dana": Unavailability.LEAVE, "lee": Unavailability.ROTATION}
    assert "lee is not on call (rotation dba-pager: dana is on call)" in maintwin.gap_text(
        jan.gaps[0]
    )
    assert crew(window(p, FEB)) == {("dana", "dba", False)}
    swap = Override(
        person="lee", start=datetime(2027, 1, 11, 9, 0), end=datetime(2027, 1, 18, 9, 0)
    )
    swapped = make(
        s.model_copy(update={"rotations": (rota.model_copy(update={"overrides": (swap,)}),)})
    )
    assert crew(window(swapped, JAN)) == {("lee", "dba", False)}


# -- validation ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "path", "words"),
    [
        (
            {
                "rotations": [
                    {
                        "id": "r",
                        "role": "dba",
                        "people": ["zed"],
                        "handoff": {"rrule": "FREQ=WEEKLY;BYDAY=MO", "starts_on": "2027-01-04"},
                    }
                ]
            },
            "rotations[0].people[0]",
            "unknown person 'zed'",
        ),
        (
            {
                "rotations": [
                    {
                        "id": "r",
                        "role": "network",
                        "people": ["dana"],
                        "handoff": {"rrule": "FREQ=WEEKLY;BYDAY=MO", "starts_on": "2027-01-04"},
                    }
                ]
            },
            "rotations[0].people[0]",
            "does not have the role 'network'",
        ),
        (
            {
                "rotations": [
                    {
                        "id": "r",
                        "role": "dba",
                        "people": ["dana"],
                        "handoff": {"rrule": "FREQ=WEEKLY;BYDAY=MO"},
                    }
                ]
            },
            "rotations[0].handoff.starts_on",
            "counts turns from its first hand-off",
        ),
        (
            {
                "changes": [
                    {
                        "id": "C",
                        "subsystem": "RIS",
                        "duration": "PT5M",
                        "requested_on": "2027-01-01",
                        "owner": "zed",
                    }
                ]
            },
            "changes[0].owner",
            "unknown person 'zed'",
        ),
        (
            {"staffing": [{"train": "ris", "needs": {"data base": 1}}]},
            "staffing[0].needs.data base",
            "not a role name",
        ),
        (
            {"people": [{"id": "dana", "roles": ["dba"], "email": "dana"}]},
            "people[0].email",
            "not an e-mail address",
        ),
        (
            {
                "people": [
                    {
                        "id": "dana",
                        "roles": ["dba"],
                        "away": [
                            {
                                "start": "2027-01-01",
                                "schedule": {"rrule": "FREQ=DAILY", "starts_on": "2027-01-01"},
                                "duration": "P1D",
                            }
                        ],
                    }
                ]
            },
            "people[0].away[0]",
            "not both",
        ),
    ],
)
def test_staffing_input_errors_name_the_field(
    fields: dict[str, object], path: str, words: str
) -> None:
    data: dict[str, object] = {
        "name": "t",
        "timezone": "America/Chicago",
        "trains": [
            {
                "id": "ris",
                "subsystem": "RIS",
                "schedule": {"rrule": "FREQ=MONTHLY;BYDAY=2WE"},
                "downtime": "PT15M",
            }
        ],
        "people": [{"id": "dana", "roles": ["dba"]}],
        **fields,
    }
    with pytest.raises(InputError) as caught:
        Scenario.model_validate(data)
    (error,) = caught.value.errors
    assert error.path == path
    assert words in error.message


def test_a_role_nobody_has_is_said_so_in_the_gap() -> None:
    s = scenario(people=[person("dana")], staffing=[Staffing(train="ris", needs={"network": 1})])
    jan = s.windows(date(2027, 1, 1), date(2027, 2, 1))[0]
    assert jan.blocked_by == ("staffing-network-2027-01-13",)
    assert maintwin.gap_text(jan.gaps[0]) == (
        "the network role needs 1 person; nobody is available (nobody has the role network)"
    )


def test_a_pin_in_a_blacked_out_window_is_not_also_a_staffing_gap() -> None:
    freeze = maintwin.Blackout(
        id="freeze", reason="freeze", start=date(2027, 1, 10), end=date(2027, 1, 20)
    )
    p = make(scenario(change("A", pin=JAN), people=[person("dana")], blackouts=[freeze]))
    assert codes(p)[ConflictCode.IN_BLACKOUT] == 1
    assert no_staffing_conflicts(p)
    assert maintwin.check(p) == list(p.conflicts)


def test_check_agrees_with_plan_on_every_staffing_conflict(example: Scenario) -> None:
    moved = example.model_copy(
        update={"changes": (*example.changes, change("PINNED", pin="ris-2027-05-12", owner="sam"))}
    )
    p = maintwin.plan(moved, START, END, now=NOW)
    assert codes(p)[ConflictCode.STAFFING_GAP] == 1
    assert maintwin.check(p) == list(p.conflicts)
