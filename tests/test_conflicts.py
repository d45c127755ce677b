"""The planner's findings: every conflict code and unscheduled cause, by example.

Each test builds a small scenario (one monthly RIS train unless it says otherwise), plans it,
or edits a plan and checks it again, and looks at the conflicts that come out: code, severity,
the ids involved and the words a person reads.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import (
    Assignment,
    Blackout,
    BlackoutReason,
    Change,
    Conflict,
    ConflictCode,
    Lock,
    Plan,
    Policy,
    ReleaseTrain,
    SameDayReleases,
    Scenario,
    Schedule,
    Severity,
    Unscheduled,
    UnscheduledCause,
)

CHICAGO = ZoneInfo("America/Chicago")
# The freeze horizon (14 days) ends 2026-12-06 09:00: ris-2026-12-09 is open for new changes.
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
# Nine days later the freeze horizon ends 2026-12-15 09:00: ris-2026-12-09 is announced.
LATER = datetime(2026, 12, 1, 9, 0, tzinfo=CHICAGO)
START, END = date(2026, 12, 1), date(2027, 12, 1)
NO_LEAD = Policy(lead_time_months=0)

# RIS releases on the second Wednesday of each month, 10:00, with a 15-minute window.
DEC, JAN, FEB, MAR = "ris-2026-12-09", "ris-2027-01-13", "ris-2027-02-10", "ris-2027-03-10"
RIS_WINDOWS = 12  # ris-2026-12-09 .. ris-2027-11-10


def train(
    id: str,
    subsystem: str,
    rrule: str,
    *,
    at: time = time(10, 0),
    downtime: timedelta | None = timedelta(minutes=15),
) -> ReleaseTrain:
    return ReleaseTrain(
        id=id,
        subsystem=subsystem,
        schedule=Schedule(rrule=rrule, at=at, starts_on=date(2026, 1, 1)),
        downtime=downtime,
    )


RIS = train("ris", "RIS", "FREQ=MONTHLY;BYDAY=2WE")
# PACS on the second Tuesday (pacs-2026-12-08, pacs-2027-01-12, ...): never the RIS day.
PACS = train("pacs", "PACS", "FREQ=MONTHLY;BYDAY=2TU", at=time(9, 0))
PACS_NO_DOWNTIME = train("pacs", "PACS", "FREQ=MONTHLY;BYDAY=2TU", at=time(9, 0), downtime=None)
# Every day at 10:00 (window ids d-<date>).
DAILY = train("d", "RIS", "FREQ=DAILY")


def change(id: str, **fields: object) -> Change:
    fields.setdefault("subsystem", "RIS")
    fields.setdefault("duration", "PT5M")
    fields.setdefault("requested_on", date(2026, 1, 1))
    return Change(id=id, **fields)  # type: ignore[arg-type]


def scenario(
    *changes: Change,
    trains: Iterable[ReleaseTrain] = (RIS,),
    blackouts: Iterable[Blackout] = (),
    policy: Policy = NO_LEAD,
) -> Scenario:
    return Scenario(
        name="conflicts",
        timezone="America/Chicago",
        trains=tuple(trains),
        blackouts=tuple(blackouts),
        changes=changes,
        policy=policy,
    )


def freeze(id: str, start: date, end: date) -> Blackout:
    return Blackout(id=id, reason=BlackoutReason.FREEZE, start=start, end=end)


def make(
    s: Scenario,
    *,
    now: datetime = NOW,
    previous: Plan | None = None,
    start: date = START,
    end: date = END,
) -> Plan:
    return maintwin.plan(s, start, end, now=now, previous=previous)


def edited(p: Plan, *assignments: Assignment) -> Plan:
    return p.model_copy(update={"assignments": assignments})


def at(change_id: str, window: str, minutes: int = 0, lock: Lock | None = None) -> Assignment:
    return Assignment(change=change_id, window=window, offset=timedelta(minutes=minutes), lock=lock)


def of(found: Iterable[Conflict], code: ConflictCode) -> list[Conflict]:
    return [c for c in found if c.code is code]


def only(found: Iterable[Conflict], code: ConflictCode) -> Conflict:
    hits = of(found, code)
    assert len(hits) == 1, hits
    return hits[0]


def codes(found: Iterable[Conflict]) -> set[ConflictCode]:
    return {c.code for c in found}


def reason(p: Plan, change_id: str) -> Unscheduled:
    hits = [u for u in p.unscheduled if u.change == change_id]
    assert len(hits) == 1, p.unscheduled
    return hits[0]


def placed(p: Plan, change_id: str) -> Assignment:
    a = p.assignment(change_id)
    assert a is not None, (change_id, p.unscheduled)
    return a


# -- a clean plan -------------------------------------------------------------------------------


def clean_plan() -> Plan:
    """Lead time, an earliest date, a deadline, a dependency in one window and one across
    subsystems, a pin: every rule kept."""
    s = scenario(
        change("A", duration="PT8M"),
        change("B", depends_on=("A",)),
        change("C", earliest=date(2027, 2, 1), deadline=date(2027, 6, 30)),
        change("D", subsystem="PACS", depends_on=("B",)),
        change("E", pin=MAR, requested_on=date(2026, 5, 1)),
        trains=(RIS, PACS),
        policy=Policy(),
    )
    return make(s)


def test_the_clean_plan_places_everything_where_expected() -> None:
    p = clean_plan()
    assert [(a.change, a.window, a.offset, a.lock) for a in p.assignments] == [
        ("A", DEC, timedelta(0), None),
        ("B", DEC, timedelta(minutes=8), None),
        ("D", "pacs-2027-01-12", timedelta(0), None),
        ("C", FEB, timedelta(0), None),
        ("E", MAR, timedelta(0), Lock.PIN),
    ]
    assert p.unscheduled == ()
    assert p.conflicts == ()
    assert p.errors == []


@pytest.mark.parametrize("code", list(ConflictCode))
def test_a_clean_plan_has_no_conflict_of_any_code(code: ConflictCode) -> None:
    p = clean_plan()
    assert of(p.conflicts, code) == []
    assert of(maintwin.check(p), code) == []


# -- CAPACITY_EXCEEDED ------------------------------------------------------------------------


def test_capacity_exceeded_when_two_pins_share_a_window() -> None:
    p = make(
        scenario(change("P", duration="PT10M", pin=JAN), change("Q", duration="PT10M", pin=JAN))
    )
    assert [
        (c.change, p.runbook(JAN).window.id, c.offset, c.lock) for c in p.runbook(JAN).changes
    ] == [
        ("P", JAN, timedelta(0), Lock.PIN),
        ("Q", JAN, timedelta(minutes=10), Lock.PIN),
    ]
    c = only(p.conflicts, ConflictCode.CAPACITY_EXCEEDED)
    assert c.severity is Severity.ERROR
    assert c.changes == ("P", "Q")
    assert c.windows == (JAN,)
    assert "holds 0:20 of work in 0:15" in c.message
    assert c.message.startswith(f"window {JAN} (2027-01-13 10:00 CST)")
    assert c.hint == "move a change to another window; kept assignments are never moved for you"


def test_a_change_that_ran_is_not_checked_against_its_window_again() -> None:
    """A done change of 20 minutes in a 15-minute window: it ran, and it overran; nothing can
    move it, so the window is not reported over capacity and the change not as past its end.
    A change still to run pinned behind it is: the window has no room left for it."""
    ran = change("R", duration="PT20M", pin=JAN, status="done")
    after = datetime(2027, 1, 14, tzinfo=CHICAGO)  # the window is over
    alone = make(scenario(ran), now=after)
    assert placed(alone, "R") == at("R", JAN, lock=Lock.HISTORY)
    for code in (ConflictCode.CAPACITY_EXCEEDED, ConflictCode.NOT_IN_WINDOW):
        assert of(alone.conflicts, code) == []
        assert of(maintwin.check(alone), code) == []
    behind = make(scenario(ran, change("Q", duration="PT5M", pin=JAN)), now=after)
    c = only(behind.conflicts, ConflictCode.CAPACITY_EXCEEDED)
    assert (c.changes, c.windows) == (("R", "Q"), (JAN,))
    assert [x.changes for x in of(behind.conflicts, ConflictCode.NOT_IN_WINDOW)] == [("Q",)]


def test_capacity_exceeded_found_by_check_on_an_edited_plan() -> None:
    p = make(scenario(change("A", duration="PT8M"), change("B", duration="PT8M")))
    assert {placed(p, "A").window, placed(p, "B").window} == {DEC, JAN}
    found = maintwin.check(edited(p, at("A", DEC), at("B", DEC, 8)))
    c = only(found, ConflictCode.CAPACITY_EXCEEDED)
    assert c.severity is Severity.ERROR
    assert c.changes == ("A", "B")
    assert c.windows == (DEC,)
    assert "holds 0:16 of work in 0:15" in c.message
    assert c.hint == "move a change to another window"  # nothing kept


# -- IN_BLACKOUT ------------------------------------------------------------------------------


def test_in_blackout_found_by_check_after_a_blackout_is_added() -> None:
    s = scenario(change("X"))
    p = make(s)
    assert placed(p, "X").window == DEC
    assert ConflictCode.IN_BLACKOUT not in codes(maintwin.check(p))
    later = s.model_copy(
        update={"blackouts": (freeze("dec-freeze", date(2026, 12, 8), date(2026, 12, 10)),)}
    )
    c = only(maintwin.check(p.model_copy(update={"scenario": later})), ConflictCode.IN_BLACKOUT)
    assert c.severity is Severity.ERROR
    assert c.changes == ("X",)
    assert c.windows == (DEC,)
    assert c.blackouts == ("dec-freeze",)
    assert "which is blocked by dec-freeze" in c.message
    assert "kept" not in c.message
    assert c.hint == "move it to an open window and tell clients"


def test_in_blackout_for_a_pinned_change() -> None:
    s = scenario(
        change("P", pin=JAN),
        blackouts=(freeze("jan-freeze", date(2027, 1, 12), date(2027, 1, 14)),),
    )
    p = make(s)
    assert placed(p, "P") == at("P", JAN, lock=Lock.PIN)
    c = only(p.conflicts, ConflictCode.IN_BLACKOUT)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows, c.blackouts) == (("P",), (JAN,), ("jan-freeze",))
    assert c.message.endswith("(kept: it is pinned)")


# -- NOT_IN_WINDOW ----------------------------------------------------------------------------


def test_not_in_window_when_a_change_runs_past_the_end() -> None:
    p = make(scenario(change("X")))
    found = maintwin.check(edited(p, at("X", DEC, 12)))
    c = only(found, ConflictCode.NOT_IN_WINDOW)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("X",), (DEC,))
    assert "runs from +0:12 to +0:17, past the end of window ris-2026-12-09 (+0:15)" in c.message
    assert c.hint == "move it earlier in the window, or to another window"
    # Five minutes over the capacity in total is not reported as capacity: only one change.
    assert ConflictCode.CAPACITY_EXCEEDED not in codes(found)


def test_not_in_window_when_a_pinned_change_is_moved() -> None:
    p = make(scenario(change("X", pin=JAN)))
    assert placed(p, "X").window == JAN
    c = only(maintwin.check(edited(p, at("X", FEB, lock=Lock.PIN))), ConflictCode.NOT_IN_WINDOW)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("X",), (FEB,))
    assert f"is pinned to {JAN} but assigned to {FEB}" in c.message
    assert "pinned window" in c.hint


def test_not_in_window_when_two_changes_overlap() -> None:
    p = make(scenario(change("A"), change("B")))
    found = maintwin.check(edited(p, at("A", DEC), at("B", DEC, 2)))
    c = only(found, ConflictCode.NOT_IN_WINDOW)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("A", "B"), (DEC,))
    assert "change B starts at +0:02 while A still runs" in c.message
    assert c.hint == "fix the offsets"


# -- WRONG_SUBSYSTEM --------------------------------------------------------------------------


def test_wrong_subsystem() -> None:
    p = make(scenario(change("X"), trains=(RIS, PACS)))
    assert placed(p, "X").window == DEC
    c = only(maintwin.check(edited(p, at("X", "pacs-2026-12-08"))), ConflictCode.WRONG_SUBSYSTEM)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("X",), ("pacs-2026-12-08",))
    assert c.message == "change X for RIS is in window pacs-2026-12-08 of PACS"
    assert c.hint == "move it to a window of RIS"


# -- LEAD_TIME --------------------------------------------------------------------------------


def test_lead_time_warning_for_an_approved_short_notice_change() -> None:
    p = make(
        scenario(change("X", requested_on=date(2026, 11, 1), short_notice=True), policy=Policy())
    )
    assert placed(p, "X").window == DEC  # long before its lead-time date 2027-05-01
    c = only(p.conflicts, ConflictCode.LEAD_TIME)
    assert c.severity is Severity.WARNING
    assert (c.changes, c.windows) == (("X",), (DEC,))
    assert c.message == (
        "short-notice change X rides on 2026-12-09, before its lead-time date 2027-05-01 "
        "(requested 2026-11-01 + 6 months)"
    )
    assert "short-notice playbook" in c.hint
    assert p.errors == []


def test_lead_time_error_when_a_change_is_moved_before_its_lead_date() -> None:
    p = make(scenario(change("X", requested_on=date(2026, 11, 1)), policy=Policy()))
    assert placed(p, "X").window == "ris-2027-05-12"  # first window on or after 2027-05-01
    assert p.conflicts == ()
    c = only(maintwin.check(edited(p, at("X", FEB))), ConflictCode.LEAD_TIME)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("X",), (FEB,))
    assert "rides on 2027-02-10, before its lead-time date 2027-05-01" in c.message
    assert "approve it as short notice" in c.hint


def test_lead_time_error_when_a_new_change_is_put_inside_the_freeze_horizon() -> None:
    p = make(scenario(change("X")), now=LATER)
    assert placed(p, "X").window == JAN  # ris-2026-12-09 starts inside the freeze horizon
    c = only(maintwin.check(edited(p, at("X", DEC))), ConflictCode.LEAD_TIME)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("X",), (DEC,))
    assert "within the freeze horizon (P14D from now)" in c.message
    assert c.hint == "move it to a later window"
    # The same assignment, kept because it was announced, is no finding.
    assert maintwin.check(edited(p, at("X", DEC, lock=Lock.ANNOUNCED))) == []


# -- BEFORE_EARLIEST --------------------------------------------------------------------------


def test_before_earliest() -> None:
    p = make(scenario(change("X", earliest=date(2027, 3, 1))))
    assert placed(p, "X").window == MAR
    c = only(maintwin.check(edited(p, at("X", FEB))), ConflictCode.BEFORE_EARLIEST)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("X",), (FEB,))
    assert c.message == "change X rides on 2027-02-10, before its earliest date 2027-03-01"
    assert "earliest date" in c.hint


# -- DEADLINE_MISSED --------------------------------------------------------------------------


def test_deadline_before_lead_date_places_at_the_first_compliant_window() -> None:
    s = scenario(
        change("X", requested_on=date(2026, 11, 1), deadline=date(2027, 1, 31)), policy=Policy()
    )
    p = make(s)
    assert placed(p, "X").window == "ris-2027-05-12"
    c = only(p.conflicts, ConflictCode.DEADLINE_MISSED)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("X",), ("ris-2027-05-12",))
    assert c.message == "change X rides on 2027-05-12, after its deadline 2027-01-31"
    assert c.hint == (
        "its lead-time date 2027-05-01 is after its deadline; approving it as short notice "
        "would allow an earlier window"
    )
    assert ConflictCode.LEAD_TIME not in codes(p.conflicts)


def test_the_same_change_approved_as_short_notice_meets_its_deadline() -> None:
    s = scenario(
        change("X", requested_on=date(2026, 11, 1), deadline=date(2027, 1, 31), short_notice=True),
        policy=Policy(),
    )
    p = make(s)
    assert placed(p, "X").window == DEC
    # Both warnings: it rides early, and its short-notice record is empty.
    assert codes(p.conflicts) == {ConflictCode.LEAD_TIME, ConflictCode.SHORT_NOTICE}
    assert p.errors == []


def test_deadline_missed_when_no_window_by_the_deadline_has_room() -> None:
    s = scenario(
        change("X", duration="PT10M", deadline=date(2027, 1, 31), priority=1),
        change("Y", duration="PT10M", deadline=date(2027, 1, 31), priority=2),
        blackouts=(freeze("dec-freeze", date(2026, 12, 1), date(2027, 1, 1)),),
    )
    p = make(s)
    assert placed(p, "X").window == JAN  # the more urgent one gets the only window in time
    assert placed(p, "Y").window == FEB  # placed late rather than not at all
    c = only(p.conflicts, ConflictCode.DEADLINE_MISSED)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("Y",), (FEB,))
    assert "after its deadline 2027-01-31" in c.message
    assert c.hint.startswith("no window by the deadline had room")


# -- UNSCHEDULABLE and every UnscheduledCause -----------------------------------------------

HINTS = {
    UnscheduledCause.NO_WINDOW: "add a train with downtime or a one-off window for the subsystem",
    UnscheduledCause.TOO_LONG: "split the change, or agree a longer one-off window",
    UnscheduledCause.OUT_OF_HORIZON: (
        "plan a longer horizon, move its pin, or approve it as short notice if the lead time "
        "holds it back"
    ),
    UnscheduledCause.BLOCKED_OR_FULL: "move a lower-priority change, or add a window",
    UnscheduledCause.PREREQUISITE: "place or fix its prerequisite first",
    UnscheduledCause.CYCLE: "break the dependency cycle",
    UnscheduledCause.NOT_ASSIGNED: "assign it to a window, or plan again",
}


def unplaceable_plan() -> Plan:
    return make(
        scenario(
            change("NW", subsystem="PACS"),
            change("TL", duration="PT1H"),
            change("OH", requested_on=date(2027, 10, 1)),
            change("PR", depends_on=("TL",)),
            change("UK", depends_on=("NOPE",)),
            change("PO", pin="ris-2028-01-12"),
            trains=(RIS, PACS_NO_DOWNTIME),
            policy=Policy(),
        )
    )


@pytest.mark.parametrize(
    ("change_id", "cause", "detail"),
    [
        (
            "NW",
            UnscheduledCause.NO_WINDOW,
            "subsystem 'PACS' has no downtime window in the horizon",
        ),
        (
            "TL",
            UnscheduledCause.TOO_LONG,
            "it needs PT1H, longer than every window of RIS (the longest holds PT15M)",
        ),
        (
            "OH",
            UnscheduledCause.OUT_OF_HORIZON,
            "no window of RIS in the horizon on or after its lead-time date 2028-04-01 "
            f"(requested 2027-10-01 + 6 months); by rule: {RIS_WINDOWS} lead time",
        ),
        (
            "PO",
            UnscheduledCause.OUT_OF_HORIZON,
            "it is pinned to 'ris-2028-01-12', which is not a window in the horizon",
        ),
        ("PR", UnscheduledCause.PREREQUISITE, "its prerequisite 'TL' could not be placed"),
        ("UK", UnscheduledCause.PREREQUISITE, "its prerequisite 'NOPE' is unknown"),
    ],
)
def test_unschedulable_causes(change_id: str, cause: UnscheduledCause, detail: str) -> None:
    p = unplaceable_plan()
    assert p.assignments == ()
    u = reason(p, change_id)
    assert u.cause is cause
    assert u.detail == detail
    [c] = [c for c in of(p.conflicts, ConflictCode.UNSCHEDULABLE) if c.changes == (change_id,)]
    assert c.severity is Severity.ERROR
    assert c.message == f"change {change_id} could not be placed: {detail}"
    assert c.hint == HINTS[cause]
    assert c.windows == ()


def test_unschedulable_when_every_window_is_blocked() -> None:
    s = scenario(change("X"), blackouts=(freeze("forever", date(2026, 11, 1), date(2028, 1, 1)),))
    p = make(s)
    u = reason(p, "X")
    assert u.cause is UnscheduledCause.BLOCKED_OR_FULL
    assert u.detail == (
        f"all {RIS_WINDOWS} windows of RIS it may ride in are refused for its PT5M; by rule: "
        f"{RIS_WINDOWS} blackout"
    )
    c = only(p.conflicts, ConflictCode.UNSCHEDULABLE)
    assert c.changes == ("X",)
    assert c.hint == HINTS[UnscheduledCause.BLOCKED_OR_FULL]


def test_unschedulable_when_every_window_is_full() -> None:
    s = scenario(change("LOW", duration="PT10M"), change("HIGH", duration="PT10M", priority=1))
    p = make(s, end=date(2027, 1, 1))  # one window only: ris-2026-12-09
    assert placed(p, "HIGH").window == DEC
    u = reason(p, "LOW")
    assert u.cause is UnscheduledCause.BLOCKED_OR_FULL
    assert u.detail.endswith("are refused for its PT10M; by rule: 1 capacity")


def test_not_assigned_when_an_edited_plan_drops_a_change() -> None:
    p = make(scenario(change("A"), change("B")))
    assert p.conflicts == ()
    found = maintwin.check(edited(p, placed(p, "B")))
    c = only(found, ConflictCode.UNSCHEDULABLE)
    assert c.severity is Severity.ERROR
    assert c.changes == ("A",)
    assert c.message == "change A could not be placed: the plan does not assign it"
    assert c.hint == HINTS[UnscheduledCause.NOT_ASSIGNED]
    assert len(found) == 1


# -- DEPENDENCY_ORDER -------------------------------------------------------------------------


def dependent_plan() -> Plan:
    p = make(scenario(change("A"), change("B", depends_on=("A",), priority=1)))
    # B is more urgent, but its prerequisite runs first, in the same window.
    assert [(c.change, c.offset) for c in p.runbook(DEC).changes] == [
        ("A", timedelta(0)),
        ("B", timedelta(minutes=5)),
    ]
    return p


def test_dependency_order_in_one_window() -> None:
    p = dependent_plan()
    assert p.conflicts == ()
    c = only(
        maintwin.check(edited(p, at("B", DEC), at("A", DEC, 5))), ConflictCode.DEPENDENCY_ORDER
    )
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("B", "A"), (DEC,))
    assert c.message == f"change B in {DEC} does not run after its prerequisite A in {DEC}"
    assert c.hint == "move B to a later window, or after A in the same window"


def test_dependency_order_across_windows() -> None:
    p = dependent_plan()
    c = only(maintwin.check(edited(p, at("B", DEC), at("A", JAN))), ConflictCode.DEPENDENCY_ORDER)
    assert (c.changes, c.windows) == (("B", "A"), (DEC, JAN))
    assert f"change B in {DEC} does not run after its prerequisite A in {JAN}" == c.message


def test_dependency_order_when_the_prerequisite_is_dropped() -> None:
    p = dependent_plan()
    found = maintwin.check(edited(p, at("B", JAN)))
    c = only(found, ConflictCode.DEPENDENCY_ORDER)
    assert c.severity is Severity.ERROR
    assert (c.changes, c.windows) == (("B", "A"), (JAN,))
    assert c.message == "change B is planned but its prerequisite A is not"
    assert only(found, ConflictCode.UNSCHEDULABLE).changes == ("A",)


def test_dependency_across_subsystems_rides_in_a_later_window() -> None:
    s = scenario(
        change("A", subsystem="PACS", earliest=date(2027, 1, 13)),
        change("B", depends_on=("A",)),
        trains=(RIS, PACS),
    )
    p = make(s)
    assert placed(p, "A").window == "pacs-2027-02-09"
    assert placed(p, "B").window == FEB  # the day after: pacs-2027-02-09 ended before it
    assert p.conflicts == ()


def test_pinned_prerequisite_runs_first_in_a_shared_window() -> None:
    """Two changes pinned to one window, the first by id depending on the second: the window
    has room for both in dependency order, so the plan should run the prerequisite first."""
    p = make(scenario(change("A", depends_on=("B",), pin=JAN), change("B", pin=JAN)))
    assert [c.change for c in p.runbook(JAN).changes] == ["B", "A"]
    assert ConflictCode.DEPENDENCY_ORDER not in codes(p.conflicts)
    assert p.conflicts == ()


# -- DEPENDENCY_CYCLE -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("links", "cycle", "path"),
    [
        ({"A": ("B",), "B": ("A",)}, ("A", "B"), "A -> B -> A"),
        ({"A": ("C",), "C": ("B",), "B": ("A",)}, ("A", "C", "B"), "A -> C -> B -> A"),
    ],
)
def test_dependency_cycle(
    links: dict[str, tuple[str, ...]], cycle: tuple[str, ...], path: str
) -> None:
    s = scenario(
        *(change(cid, depends_on=deps) for cid, deps in links.items()),
        change("D", depends_on=("A",)),
        change("FREE"),
    )
    p = make(s)
    c = only(p.conflicts, ConflictCode.DEPENDENCY_CYCLE)
    assert c.severity is Severity.ERROR
    assert c.changes == cycle
    assert c.message == (
        f"dependency cycle: {path} (each depends on the next); none of them can run first"
    )
    assert c.hint == "remove one of the depends_on links in the cycle"
    for cid in cycle:
        u = reason(p, cid)
        assert u.cause is UnscheduledCause.CYCLE
        assert u.detail == f"cycle {path}"
    d = reason(p, "D")
    assert d.cause is UnscheduledCause.PREREQUISITE
    assert "'A'" in d.detail
    unschedulable = {c.changes[0]: c for c in of(p.conflicts, ConflictCode.UNSCHEDULABLE)}
    assert set(unschedulable) == {*cycle, "D"}
    assert unschedulable["A"].hint == HINTS[UnscheduledCause.CYCLE]
    assert unschedulable["D"].hint == HINTS[UnscheduledCause.PREREQUISITE]
    assert [a.change for a in p.assignments] == ["FREE"]  # the rest is still planned


# -- SAME_DAY_RELEASES ------------------------------------------------------------------------

PACS_ON_RIS_DAY = train("pacs", "PACS", "FREQ=MONTHLY;BYDAY=2WE", at=time(9, 0), downtime=None)


@pytest.mark.parametrize(
    ("rule", "severity"),
    [
        (SameDayReleases.ERROR, Severity.ERROR),
        (SameDayReleases.WARNING, Severity.WARNING),
        (SameDayReleases.ALLOW, None),
    ],
)
def test_same_day_releases(rule: SameDayReleases, severity: Severity | None) -> None:
    s = scenario(
        change("X"),
        trains=(RIS, PACS_ON_RIS_DAY),
        policy=Policy(lead_time_months=0, same_day_releases=rule),
    )
    p = make(s, end=date(2027, 1, 1))
    assert placed(p, "X").window == DEC  # a finding, not a reason to avoid the window
    found = of(p.conflicts, ConflictCode.SAME_DAY_RELEASES)
    if severity is None:
        assert found == []
        assert p.conflicts == ()
        return
    [c] = found
    assert c.severity is severity
    assert c.trains == ("pacs", "ris")
    assert c.windows == (DEC,)  # PACS opens no window
    assert c.changes == ()
    assert c.message == (
        "PACS and RIS all release on 2026-12-09; each subsystem should ship on its own day"
    )
    assert "policy.same_day_releases" in c.hint


# -- DST_SHIFTED ------------------------------------------------------------------------------


def test_dst_shifted_window_on_the_spring_forward_day() -> None:
    dst = train("dst", "DST", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", at=time(2, 30))
    p = make(scenario(change("X", subsystem="DST"), trains=(RIS, dst)))
    window = p.window("dst-2027-03-14")
    assert window.shifted
    assert window.start == datetime(2027, 3, 14, 3, 30, tzinfo=CHICAGO)
    assert window.start.utcoffset() == timedelta(hours=-5)
    assert placed(p, "X") == at("X", "dst-2027-03-14")
    c = only(p.conflicts, ConflictCode.DST_SHIFTED)
    assert c.severity is Severity.WARNING
    assert c.windows == ("dst-2027-03-14",)
    assert c.changes == ()
    assert c.message.startswith("window dst-2027-03-14 (2027-03-14 03:30 CDT) was moved forward")
    assert "daylight saving time begins" in c.message
    assert c.hint.startswith("tell clients the shifted time")


# -- UNKNOWN_REFERENCE ------------------------------------------------------------------------


def test_unknown_subsystem() -> None:
    p = make(scenario(change("X", subsystem="XYZ")))
    c = only(p.conflicts, ConflictCode.UNKNOWN_REFERENCE)
    assert c.severity is Severity.ERROR
    assert c.changes == ("X",)
    assert c.message == "change X names subsystem 'XYZ', which no train or window has"
    assert c.hint == "use one of RIS"
    assert reason(p, "X").cause is UnscheduledCause.NO_WINDOW


def test_unknown_prerequisite() -> None:
    p = make(scenario(change("X", depends_on=("CHG-404",))))
    c = only(p.conflicts, ConflictCode.UNKNOWN_REFERENCE)
    assert c.severity is Severity.ERROR
    assert c.changes == ("X",)
    assert "depends on 'CHG-404', which is not a change of the scenario" in c.message
    assert reason(p, "X").cause is UnscheduledCause.PREREQUISITE
    # Reported once, as the unknown reference, not again as an order problem.
    assert ConflictCode.DEPENDENCY_ORDER not in codes(p.conflicts)


def test_pin_to_no_window_id() -> None:
    p = make(scenario(change("X", pin="nowhere")))
    c = only(p.conflicts, ConflictCode.UNKNOWN_REFERENCE)
    assert c.severity is Severity.ERROR
    assert c.changes == ("X",)
    assert "is pinned to 'nowhere', which is no window id of the scenario" in c.message
    assert "<train>-<YYYY-MM-DD>" in c.hint
    assert reason(p, "X").cause is UnscheduledCause.OUT_OF_HORIZON


def test_pin_to_a_window_id_outside_the_horizon_is_no_unknown_reference() -> None:
    p = make(scenario(change("X", pin="ris-2028-01-12")))
    assert ConflictCode.UNKNOWN_REFERENCE not in codes(p.conflicts)
    assert reason(p, "X").cause is UnscheduledCause.OUT_OF_HORIZON


def test_edited_plan_with_an_unknown_change_and_an_unknown_window() -> None:
    p = make(scenario(change("X"), change("Y")))
    found = maintwin.check(edited(p, at("GHOST", DEC), at("X", "ris-2030-01-09"), at("Y", JAN)))
    ghost, gone = sorted(of(found, ConflictCode.UNKNOWN_REFERENCE), key=lambda c: c.changes)
    assert ghost.severity is gone.severity is Severity.ERROR
    assert (ghost.changes, ghost.windows) == (("GHOST",), (DEC,))
    assert ghost.message == "the plan assigns 'GHOST', which is not a change of the scenario"
    assert (gone.changes, gone.windows) == (("X",), ("ris-2030-01-09",))
    assert "is assigned to 'ris-2030-01-09', which is no window in the horizon" in gone.message
    assert ConflictCode.UNSCHEDULABLE not in codes(found)  # X is assigned, if badly


# -- check() agrees with plan() -----------------------------------------------------------------


def test_check_agrees_with_plan_for_the_example(example: Scenario) -> None:
    p = maintwin.plan(example, date(2026, 12, 1), date(2027, 12, 1), now=NOW)
    assert p.conflicts != ()
    assert maintwin.check(p) == list(p.conflicts)


def _stability_plans() -> tuple[Plan, Plan]:
    s = scenario(change("X"), change("Z", duration="PT8M"), change("Y", earliest=date(2027, 1, 1)))
    first = make(s)
    blackouts = (
        freeze("dec-freeze", date(2026, 12, 8), date(2026, 12, 10)),
        freeze("jan-freeze", date(2027, 1, 12), date(2027, 1, 14)),
    )
    second = make(s.model_copy(update={"blackouts": blackouts}), now=LATER, previous=first)
    return first, second


PLANS: dict[str, Callable[[], Plan]] = {
    "clean": clean_plan,
    "unplaceable": unplaceable_plan,
    "dependent": dependent_plan,
    "pins over capacity": lambda: make(
        scenario(change("P", duration="PT10M", pin=JAN), change("Q", duration="PT10M", pin=JAN))
    ),
    "cycle": lambda: make(scenario(change("A", depends_on=("B",)), change("B", depends_on=("A",)))),
    "deadline": lambda: make(
        scenario(
            change("X", requested_on=date(2026, 11, 1), deadline=date(2027, 1, 31)),
            change("S", requested_on=date(2026, 11, 1), short_notice=True),
            policy=Policy(),
        )
    ),
    "same day and dst": lambda: make(
        scenario(
            change("X"),
            trains=(
                RIS,
                PACS_ON_RIS_DAY,
                train("dst", "DST", "FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", at=time(2, 30)),
            ),
        )
    ),
    "announced and blacked out": lambda: _stability_plans()[1],
}


@pytest.mark.parametrize("name", list(PLANS))
def test_check_agrees_with_plan(name: str) -> None:
    p = PLANS[name]()
    assert maintwin.check(p) == list(p.conflicts)


# -- freeze horizon, lead-time dates ----------------------------------------------------------


def test_nothing_new_within_the_freeze_horizon() -> None:
    p = make(scenario(*(change(f"C{i}", duration="PT15M") for i in range(3))), now=LATER)
    freeze_end = LATER + timedelta(days=14)
    assert [a.window for a in p.assignments] == [JAN, FEB, MAR]  # not ris-2026-12-09
    assert all(p.window(a.window).start >= freeze_end for a in p.assignments)
    assert p.conflicts == ()


@pytest.mark.parametrize(
    ("now", "window"),
    [
        (datetime(2026, 11, 25, 10, 0, tzinfo=CHICAGO), DEC),  # starts exactly 14 days later
        (datetime(2026, 11, 25, 10, 1, tzinfo=CHICAGO), JAN),  # a minute too close
    ],
)
def test_freeze_horizon_boundary(now: datetime, window: str) -> None:
    assert placed(make(scenario(change("X")), now=now), "X").window == window


@pytest.mark.parametrize(
    ("requested_on", "start", "now", "window"),
    [
        (date(2026, 8, 31), date(2027, 2, 25), NOW, "d-2027-02-28"),
        (
            date(2027, 8, 31),
            date(2028, 2, 25),
            datetime(2027, 12, 1, tzinfo=CHICAGO),
            "d-2028-02-29",
        ),
    ],
)
def test_lead_time_clamps_to_the_end_of_the_month(
    requested_on: date, start: date, now: datetime, window: str
) -> None:
    s = scenario(change("X", requested_on=requested_on), trains=(DAILY,), policy=Policy())
    p = make(s, now=now, start=start, end=start + timedelta(days=7))
    assert placed(p, "X").window == window  # not a day earlier, not in March
    assert p.conflicts == ()
    assert f"requested {requested_on} + 6 months = {window[2:]}" in maintwin.explain(p, "X")
    # One window earlier is before the lead-time date.
    earlier = (date.fromisoformat(window[2:]) - timedelta(days=1)).isoformat()
    found = maintwin.check(edited(p, at("X", f"d-{earlier}")))
    assert f"before its lead-time date {window[2:]}" in only(found, ConflictCode.LEAD_TIME).message


def test_short_notice_rides_before_its_lead_date_in_the_first_open_window() -> None:
    s = scenario(
        change("N", requested_on=date(2026, 11, 20)),
        change("S", requested_on=date(2026, 11, 20), short_notice=True),
        policy=Policy(),
    )
    p = make(s)
    assert placed(p, "S").window == DEC
    assert placed(p, "N").window == "ris-2027-06-09"  # 2027-05-20 and after
    c = only(p.conflicts, ConflictCode.LEAD_TIME)
    assert (c.severity, c.changes) == (Severity.WARNING, ("S",))


# -- stability with previous= -------------------------------------------------------------------


def test_an_announced_assignment_stays_in_a_newly_blocked_window() -> None:
    first, second = _stability_plans()
    assert [(a.change, a.window) for a in first.assignments] == [("Z", DEC), ("X", DEC), ("Y", JAN)]
    for cid in ("X", "Z"):
        before, after = placed(first, cid), placed(second, cid)
        assert (after.window, after.offset) == (before.window, before.offset)
        assert after.lock is Lock.ANNOUNCED
    blocked = of(second.conflicts, ConflictCode.IN_BLACKOUT)
    assert [c.changes for c in blocked] == [("X",), ("Z",)]
    for c in blocked:
        assert c.severity is Severity.ERROR
        assert c.windows == (DEC,)
        assert c.blackouts == ("dec-freeze",)
        assert c.message.endswith("(kept: it was already announced)")
    assert "already announced" in maintwin.explain(second, "X")


def test_an_unannounced_assignment_is_planned_again() -> None:
    first, second = _stability_plans()
    assert placed(first, "Y").window == JAN
    y = placed(second, "Y")
    assert (y.window, y.lock) == (FEB, None)  # jan-freeze: moved, not kept
    assert not [c for c in second.conflicts if "Y" in c.changes]


def test_a_kept_change_that_grew_overfills_its_window() -> None:
    first, _ = _stability_plans()
    grown = first.scenario.model_copy(
        update={"changes": (change("X", duration="PT10M"), change("Z", duration="PT8M"))}
    )
    p = make(grown, now=LATER, previous=first)
    assert [(c.change, p.runbook(DEC).window.id, c.lock) for c in p.runbook(DEC).changes] == [
        ("Z", DEC, Lock.ANNOUNCED),
        ("X", DEC, Lock.ANNOUNCED),
    ]
    c = only(p.conflicts, ConflictCode.CAPACITY_EXCEEDED)
    assert (c.changes, c.windows) == (("Z", "X"), (DEC,))
    assert "holds 0:18 of work in 0:15" in c.message
    assert "kept assignments are never moved for you" in c.hint


def test_a_pinned_change_stays_in_its_window_over_capacity() -> None:
    s = scenario(change("BIG", duration="PT12M", pin=FEB), change("PIN", duration="PT6M", pin=FEB))
    p = make(s)
    assert {(a.change, a.window, a.lock) for a in p.assignments} == {
        ("BIG", FEB, Lock.PIN),
        ("PIN", FEB, Lock.PIN),
    }
    assert only(p.conflicts, ConflictCode.CAPACITY_EXCEEDED).windows == (FEB,)
    # Planned again with the first plan as the previous one, nothing moves.
    again = make(s, now=LATER, previous=p)
    assert again.assignments == p.assignments


def test_an_announced_change_removed_from_the_scenario_is_a_warning() -> None:
    first, _ = _stability_plans()
    p = make(
        first.scenario.model_copy(update={"changes": (change("Z", duration="PT8M"),)}),
        now=LATER,
        previous=first,
    )
    assert p.assignment("X") is None
    assert placed(p, "Z").lock is Lock.ANNOUNCED
    c = only(p.conflicts, ConflictCode.UNKNOWN_REFERENCE)
    assert c.severity is Severity.WARNING
    assert (c.changes, c.windows) == (("X",), (DEC,))
    assert c.message == f"change X was announced for window {DEC} but is no longer in the scenario"
    assert c.hint == "tell clients it will not happen"


def test_check_agrees_with_plan_when_an_announced_change_was_removed() -> None:
    """``check`` is meant to find every conflict ``plan`` reports, so that the two never
    disagree; the warning about a removed announced change is made outside the rule check."""
    first, _ = _stability_plans()
    p = make(
        first.scenario.model_copy(update={"changes": (change("Z", duration="PT8M"),)}),
        now=LATER,
        previous=first,
    )
    assert maintwin.check(p) == list(p.conflicts)


def test_an_announced_window_that_disappeared_is_reported() -> None:
    first = make(scenario(change("X")))
    thursday = train("ris", "RIS", "FREQ=MONTHLY;BYDAY=2TH")
    p = make(first.scenario.model_copy(update={"trains": (thursday,)}), now=LATER, previous=first)
    assert placed(p, "X") == at("X", DEC, lock=Lock.ANNOUNCED)
    c = only(p.conflicts, ConflictCode.UNKNOWN_REFERENCE)
    assert c.severity is Severity.ERROR
    assert c.windows == (DEC,)
    assert c.message.endswith("(kept: it was already announced)")


# -- explain ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_plan(example: Scenario) -> Plan:
    return maintwin.plan(example, date(2026, 12, 1), date(2027, 12, 1), now=NOW)


def test_explain_a_change_pushed_past_the_freeze(example_plan: Plan) -> None:
    assert placed(example_plan, "CHG-1017").window == JAN
    text = maintwin.explain(example_plan, "CHG-1017")
    assert "It rides in ris-2027-01-13" in text
    assert "ris-2026-12-09 (2026-12-09 10:00 CST): blocked by year-end-freeze" in text


def test_explain_a_change_that_could_not_be_placed(example_plan: Plan) -> None:
    assert example_plan.assignment("CHG-1060") is None
    assert reason(example_plan, "CHG-1060").cause is UnscheduledCause.TOO_LONG
    text = maintwin.explain(example_plan, "CHG-1060")
    assert "It could not be placed: it needs PT3H, longer than every window of RIS" in text
    assert "too short (15 min)" in text
    assert "UNSCHEDULABLE" in text


def test_explain_a_short_notice_change(example_plan: Plan) -> None:
    text = maintwin.explain(example_plan, "CHG-1042")
    assert "short-notice" in text.lower()
    assert "LEAD_TIME" in text
    assert "2027-05-20" in text  # its lead-time date


def test_explain_an_unknown_change_suggests_a_close_id(example_plan: Plan) -> None:
    with pytest.raises(maintwin.MaintwinError, match=r"did you mean 'CHG-1017'\?"):
        maintwin.explain(example_plan, "CHG-1071")


# -- JSON -------------------------------------------------------------------------------------


def test_the_example_plan_round_trips_through_json(example_plan: Plan) -> None:
    text = example_plan.model_dump_json()
    assert Plan.model_validate_json(text) == example_plan
    assert Plan.model_validate_json(text).model_dump_json() == text


def test_a_plan_with_kept_assignments_round_trips_through_json() -> None:
    _, second = _stability_plans()
    pinned = make(
        scenario(change("P", duration="PT10M", pin=JAN), change("Q", duration="PT10M", pin=JAN))
    )
    for p in (second, pinned):
        assert any(a.lock for a in p.assignments)
        assert p.conflicts
        again = Plan.model_validate_json(p.model_dump_json())
        assert again == p
        assert again.conflicts == p.conflicts
        assert again.assignments == p.assignments


def test_the_same_input_gives_byte_identical_json(example: Scenario) -> None:
    first = maintwin.plan(example, date(2026, 12, 1), date(2027, 12, 1), now=NOW)
    second = maintwin.plan(example, date(2026, 12, 1), date(2027, 12, 1), now=NOW)
    assert first.model_dump_json() == second.model_dump_json()
    assert _stability_plans()[1].model_dump_json() == _stability_plans()[1].model_dump_json()


def test_a_plan_refuses_a_change_assigned_twice() -> None:
    p = dependent_plan()
    data = p.model_dump()
    data["assignments"] = [*data["assignments"], {"change": "A", "window": JAN}]
    with pytest.raises(maintwin.InputError, match="assigned twice"):
        Plan.model_validate(data)


# -- arguments ---------------------------------------------------------------------------------


def test_exact_solver_without_ortools(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("ortools", "ortools.sat", "ortools.sat.python", "ortools.sat.python.cp_model"):
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(maintwin.SolverError, match=r"maintwin\[exact\]"):
        maintwin.plan(scenario(change("X")), START, END, now=NOW, solver="exact")


def test_unknown_solver() -> None:
    with pytest.raises(maintwin.MaintwinError, match="unknown solver 'magic'"):
        maintwin.plan(scenario(change("X")), START, END, now=NOW, solver="magic")  # type: ignore[arg-type]


def test_naive_now() -> None:
    with pytest.raises(maintwin.MaintwinError, match="is not an aware date-time"):
        maintwin.plan(scenario(change("X")), START, END, now=datetime(2026, 11, 22, 9, 0))


@pytest.mark.parametrize("now", [date(2026, 11, 22), "2026-11-22T09:00:00Z", None])
def test_now_that_is_no_date_time(now: object) -> None:
    with pytest.raises(maintwin.MaintwinError, match="give one with a zone"):
        maintwin.plan(scenario(change("X")), START, END, now=now)  # type: ignore[arg-type]
