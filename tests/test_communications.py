"""Communications: the short-notice playbook, the notices a plan calls for, late, moved and
cancelled notices, and their words.

The expected dates are worked out by hand from the calendar and the rules (the comments say
how), never read back from the planner. The example's answers and lines are read from its
TOML file with ``tomllib``, not through maintwin.

The example (examples/teleradiology.toml, planned as `make demo` plans it): RIS has a
15-minute window on the second Wednesday of each month at 10:00 America/Chicago. Of its
changes, CHG-1017 (requested 2026-05-28, lead date 2026-11-28) and the short-notice CHG-1042
ride in ris-2027-01-13 (the December window is in the year-end freeze); CHG-1001 (requested
2026-11-02, lead date 2027-05-02) and its dependent CHG-1002 ride in ris-2027-06-09 (the May
window is short a DBA); CHG-1060 fits nowhere. So two windows carry work.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import (
    Approval,
    Audience,
    Change,
    Client,
    ConflictCode,
    InputError,
    Lock,
    MaintwinError,
    Notice,
    NoticeKind,
    NoticeStatus,
    NoticeTemplate,
    NoticeTemplates,
    Plan,
    ReleaseTrain,
    Scenario,
    Schedule,
    Severity,
)

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "teleradiology.toml"
RECORD = tomllib.loads(EXAMPLE.read_text())
CHG_1042 = next(c for c in RECORD["changes"] if c["id"] == "CHG-1042")

CHICAGO = ZoneInfo("America/Chicago")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
START, END = date(2026, 12, 1), date(2027, 12, 1)
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
JAN, JUN = "ris-2027-01-13", "ris-2027-06-09"
UPGRADE = "pacs-upgrade-fri"  # the PACS archive upgrade, Friday 2027-04-16 22:00 CDT


@pytest.fixture(scope="module")
def example_plan() -> Plan:
    return maintwin.plan(maintwin.Scenario.load(EXAMPLE), START, END, now=NOW)


def chicago(*args: int) -> datetime:
    return datetime(*args, tzinfo=CHICAGO)  # type: ignore[misc]


def of(plan: Plan, **match: object) -> list[Notice]:
    return [n for n in plan.notices if all(getattr(n, k) == v for k, v in match.items())]


# -- the example's short-notice playbook ------------------------------------------------------


def test_chg_1042_playbook_has_the_meeting_after_it_was_raised(example_plan: Plan) -> None:
    book = example_plan.playbook("CHG-1042")
    assert book.short_notice
    assert book.window == JAN
    (meeting,) = [t for t in book.tasks if t.kind == "meeting"]
    # Raised on Friday 2026-11-20: the next Thursday is 26 November, the meeting at 14:00.
    assert meeting.due == chicago(2026, 11, 26, 14, 0)
    assert meeting.due.tzinfo is not None
    assert meeting.due.utcoffset() == timedelta(hours=-6)
    # Planned on Sunday 22 November, before that meeting: the approval is still to come.
    assert meeting.open
    assert meeting.detail == "no approval on record"


def test_once_approved_at_that_meeting_the_playbooks_meeting_is_done() -> None:
    example = maintwin.Scenario.load(EXAMPLE)
    approval = Approval(by="Change Management", on=date(2026, 11, 26), meeting=date(2026, 11, 26))
    changes = tuple(
        c.model_copy(
            update={"short_notice": c.short_notice.model_copy(update={"approval": approval})}
        )
        if c.id == "CHG-1042" and c.short_notice is not None
        else c
        for c in example.changes
    )
    after = maintwin.plan(
        example.model_copy(update={"changes": changes}),
        date(2026, 12, 1),
        date(2027, 12, 1),
        now=chicago(2026, 11, 27, 9, 0),
    )
    (meeting,) = [t for t in after.playbook("CHG-1042").tasks if t.kind == "meeting"]
    assert not meeting.open
    assert meeting.detail == (
        "approved by Change Management on 2026-11-26 at the meeting of 2026-11-26"
    )
    assert [c for c in after.conflicts if c.code == "SHORT_NOTICE"] == []


def test_chg_1042_playbook_lists_the_seven_questions_with_their_answers(
    example_plan: Plan,
) -> None:
    # The change-advisory meeting's questions, as the vRad account asks them.
    questions = [
        ("tested", "How have we tested this?"),
        ("downtime", "How long will the platform be down?"),
        ("worst_case", "If this goes wrong, what's the worst case scenario?"),
        ("confidence", "What is your projected confidence?"),
        ("phones", "Will this impact WebEx or telephones?"),
        ("vpn", "Could these cause interruptions in our VPN tunnels?"),
        ("ingestion", "Will image ingestion be impacted?"),
    ]
    answers = CHG_1042["short_notice"]["answers"]
    book = example_plan.playbook("CHG-1042")
    asked = [(t.title, t.detail, t.open) for t in book.tasks if t.kind == "question"]
    assert asked == [(q, answers[key], False) for key, q in questions]


def test_chg_1042_playbook_has_internal_notices_on_three_dates(example_plan: Plan) -> None:
    # The window is Wed 2027-01-13 10:00 CST; internal notices P14D, P7D, PT0S before it.
    expected = [
        chicago(2026, 12, 30, 10, 0),
        chicago(2027, 1, 6, 10, 0),
        chicago(2027, 1, 13, 10, 0),
    ]
    book = example_plan.playbook("CHG-1042")
    internal = [t for t in book.tasks if t.kind == "notice" and "internal" in t.title]
    assert [t.due for t in internal] == expected
    # The plan's own notices agree: one internal notice per offset, for that window alone.
    notices = of(example_plan, audience=Audience.INTERNAL)
    assert sorted(n.due for n in notices) == expected
    assert {n.window for n in notices} == {JAN}
    assert sorted(n.offset for n in notices) == [
        timedelta(0),
        timedelta(days=7),
        timedelta(days=14),
    ]
    assert all(n.status is NoticeStatus.PENDING for n in notices)


def test_chg_1042_playbook_has_the_client_notice_line(example_plan: Plan) -> None:
    book = example_plan.playbook("CHG-1042")
    (line,) = [t for t in book.tasks if t.kind == "client_line"]
    assert line.detail == CHG_1042["short_notice"]["client_line"]
    # ... and the client notices of its window carry it.
    for n in of(example_plan, audience=Audience.CLIENT, window=JAN):
        assert CHG_1042["short_notice"]["client_line"] in n.text.splitlines()


def test_a_change_that_is_not_short_notice_has_no_review_in_its_playbook(
    example_plan: Plan,
) -> None:
    book = example_plan.playbook("CHG-1017")
    assert not book.short_notice
    assert not [t for t in book.tasks if t.kind in ("meeting", "question", "email", "plan")]
    # It rides in the same window as CHG-1042 and is told to clients with it.
    assert [t.due for t in book.tasks if t.kind == "notice" and "client" in t.title] == [
        chicago(2026, 12, 30, 10, 0),
        chicago(2027, 1, 12, 10, 0),
        chicago(2027, 1, 13, 10, 0),
    ]


def test_an_unknown_change_has_no_playbook(example_plan: Plan) -> None:
    with pytest.raises(MaintwinError, match="CHG-1042"):
        example_plan.playbook("CHG-9999")


# -- the example's client notices -------------------------------------------------------------

# Two weeks, a day and zero before each window with work, on the wall clock. Jan: CST (UTC-6);
# April (the PACS upgrade, Friday 22:00) and June: CDT (UTC-5); Los Angeles is two hours behind
# Chicago on every date.
CLIENT_DUE = {
    (UPGRADE, timedelta(days=14)): chicago(2027, 4, 2, 22, 0),
    (UPGRADE, timedelta(days=1)): chicago(2027, 4, 15, 22, 0),
    (UPGRADE, timedelta(0)): chicago(2027, 4, 16, 22, 0),
    (JAN, timedelta(days=14)): chicago(2026, 12, 30, 10, 0),
    (JAN, timedelta(days=1)): chicago(2027, 1, 12, 10, 0),
    (JAN, timedelta(0)): chicago(2027, 1, 13, 10, 0),
    (JUN, timedelta(days=14)): chicago(2027, 5, 26, 10, 0),
    (JUN, timedelta(days=1)): chicago(2027, 6, 8, 10, 0),
    (JUN, timedelta(0)): chicago(2027, 6, 9, 10, 0),
}


def test_every_window_with_work_has_each_clients_three_notices(example_plan: Plan) -> None:
    found = {(n.reader, n.window, n.offset): n for n in of(example_plan, audience=Audience.CLIENT)}
    expected = {
        (reader, window, offset)
        for reader in ("lakeside", "pacific-rad")
        for window, offset in CLIENT_DUE
    }
    assert len(found) == len(of(example_plan, audience=Audience.CLIENT))  # no duplicates
    assert set(found) == expected
    for (_, window, offset), n in found.items():
        assert n.due == CLIENT_DUE[(window, offset)]  # the same instant for both clients
        assert n.kind is (NoticeKind.POINT_OF_SERVICE if not offset else NoticeKind.ADVANCE)
        assert n.status is NoticeStatus.PENDING


def test_client_notices_are_on_each_clients_own_clock(example_plan: Plan) -> None:
    for n in of(example_plan, audience=Audience.CLIENT):
        zone = CHICAGO if n.reader == "lakeside" else LOS_ANGELES
        assert n.timezone == zone.key
        assert n.due.tzinfo == zone
        assert n.start.tzinfo == zone
    (pacific,) = of(example_plan, reader="pacific-rad", window=JAN, offset=timedelta(days=14))
    assert (pacific.due.hour, pacific.due.minute, pacific.due.tzname()) == (8, 0, "PST")
    assert (pacific.start.hour, pacific.start.tzname()) == (8, "PST")
    assert "Wed 2027-01-13 08:00-08:15 PST" in pacific.subject
    (lakeside,) = of(example_plan, reader="lakeside", window=JAN, offset=timedelta(days=14))
    assert (lakeside.due.hour, lakeside.due.tzname()) == (10, "CST")
    assert "Wed 2027-01-13 10:00-10:15 CST" in lakeside.subject


def test_without_clients_one_notice_goes_to_all_in_the_scenarios_zone() -> None:
    scenario = maintwin.Scenario.load(EXAMPLE).model_copy(update={"clients": ()})
    p = maintwin.plan(scenario, START, END, now=NOW)
    found = of(p, audience=Audience.CLIENT)
    assert {(n.reader, n.window, n.offset) for n in found} == {
        (None, window, offset) for window, offset in CLIENT_DUE
    }
    for n in found:
        assert n.timezone == "America/Chicago"
        assert n.due == CLIENT_DUE[(n.window, n.offset)]
        assert n.due.tzinfo == CHICAGO


def test_a_client_of_other_subsystems_hears_only_of_windows_that_touch_them() -> None:
    # CHG-1042 also affects PACS: a PACS-only client hears of January and of the PACS upgrade,
    # not of June.
    base = maintwin.Scenario.load(EXAMPLE)
    pacs = Client(id="pacs-only", timezone="Europe/London", subsystems=("PACS",))
    scenario = Scenario.model_validate({**dict(base), "clients": [pacs]})
    p = maintwin.plan(scenario, START, END, now=NOW)
    found = of(p, audience=Audience.CLIENT)
    assert {n.window for n in found} == {JAN, UPGRADE}
    found = [n for n in found if n.window == JAN]
    (two_weeks,) = [n for n in found if n.offset == timedelta(days=14)]
    # 10:00 CST is 16:00 GMT.
    assert (two_weeks.due.hour, two_weeks.due.tzname()) == (16, "GMT")


def test_issue_point_of_service_notice_in_a_repeated_hour_was_due_an_hour_early() -> None:
    # A window given in UTC at the second 01:30 of 2026-11-01 in Chicago (07:30 UTC; the first
    # 01:30 is 06:30 UTC). Its point-of-service notice was due at the first 01:30, an hour
    # before the window: the offset was taken off the wall clock, which cannot tell the two
    # 01:30s apart. Whole days before it land on ordinary days: 01:30 CDT.
    scenario = Scenario(
        name="repeated hour",
        timezone="America/Chicago",
        windows=[
            {
                "id": "ris.x",
                "subsystem": "RIS",
                "start": datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
                "duration": "PT15M",
            }
        ],
        changes=[
            Change(id="CHG-1", subsystem="RIS", duration="PT5M", requested_on=date(2026, 1, 1))
        ],
    )
    p = maintwin.plan(scenario, date(2026, 10, 1), date(2026, 12, 1), now=chicago(2026, 10, 1))
    due = {n.offset: n.due.astimezone(UTC) for n in p.notices}
    assert due == {
        timedelta(0): datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
        timedelta(days=1): datetime(2026, 10, 31, 6, 30, tzinfo=UTC),
        timedelta(days=14): datetime(2026, 10, 18, 6, 30, tzinfo=UTC),
    }


# -- late notices -------------------------------------------------------------------------------

RIS = ReleaseTrain(
    id="ris",
    subsystem="RIS",
    schedule=Schedule(rrule="FREQ=MONTHLY;BYDAY=2WE", at="10:00", starts_on=date(2026, 1, 1)),
    downtime="PT15M",
)
FEB = "ris-2027-02-10"  # Wed 2027-02-10 10:00 CST
APPROVED_ON = date(2027, 2, 1)  # nine days before the window
APPROVED_AT = chicago(2027, 2, 1, 10, 0)


@pytest.mark.parametrize(
    "how",
    [
        # The freeze horizon (14 days) keeps new changes out of windows within 14 days of now,
        # so on 1 February the change could not take the 10 February window of its own: a
        # person pins it there (a pin is kept, even inside the freeze horizon) ...
        {"pin": FEB},
        # ... or the organisation announces only a week ahead (freeze horizon 7 days: the
        # first open window is then the 10th).
        {"policy": maintwin.Policy(freeze_horizon="P7D")},
    ],
    ids=["pinned", "week-freeze"],
)
def test_a_change_approved_nine_days_before_is_five_days_late_for_two_weeks_notice(
    how: dict[str, Any],
) -> None:
    policy = how.get("policy")
    scenario = Scenario(
        name="late",
        timezone="America/Chicago",
        trains=(RIS,),
        changes=(
            Change(
                id="CHG-2001",
                subsystem="RIS",
                duration="PT5M",
                requested_on=APPROVED_ON,
                short_notice={"approval": {"by": "CAB", "on": APPROVED_ON}},
                pin=how.get("pin"),
            ),
        ),
        **({"policy": policy} if policy is not None else {}),
    )
    p = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 6, 1), now=APPROVED_AT)
    assert p.assignment("CHG-2001").window == FEB
    # Due 2027-01-27 10:00 (two weeks before 10 February), now 2027-02-01 10:00: 5 days late.
    (client,) = of(p, audience=Audience.CLIENT, offset=timedelta(days=14))
    assert client.due == chicago(2027, 1, 27, 10, 0)
    assert client.status is NoticeStatus.LATE
    assert client.late
    assert client.late_by == timedelta(days=5)
    # The day before and the point of service are still to come.
    for offset in (timedelta(days=1), timedelta(0)):
        (n,) = of(p, audience=Audience.CLIENT, offset=offset)
        assert n.status is NoticeStatus.PENDING
        assert n.late_by is None
    # The internal audience (a short-notice change): two weeks is late too; a week (due
    # 3 February) is not.
    (internal,) = of(p, audience=Audience.INTERNAL, offset=timedelta(days=14))
    assert internal.late_by == timedelta(days=5)
    (week,) = of(p, audience=Audience.INTERNAL, offset=timedelta(days=7))
    assert week.status is NoticeStatus.PENDING
    late = [c for c in p.conflicts if c.code is ConflictCode.LATE_NOTICE]
    assert len(late) == 2  # one for the clients, one for the internal audience
    for c in late:
        assert c.severity is Severity.WARNING
        assert c.windows == (FEB,)
        assert c.changes == ("CHG-2001",)
        assert "5 days short" in c.message
    assert {("client" in c.message), ("internal" in c.message)} == {True, False}


def test_with_the_default_freeze_horizon_the_change_waits_for_march() -> None:
    scenario = Scenario(
        name="late",
        timezone="America/Chicago",
        trains=(RIS,),
        changes=(
            Change(
                id="CHG-2001",
                subsystem="RIS",
                duration="PT5M",
                requested_on=APPROVED_ON,
                short_notice={"approval": {"by": "CAB", "on": APPROVED_ON}},
            ),
        ),
    )
    p = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 6, 1), now=APPROVED_AT)
    # The freeze horizon ends 15 February: the next window is Wed 2027-03-10, and two weeks
    # before it (24 February) is still to come.
    assert p.assignment("CHG-2001").window == "ris-2027-03-10"
    assert not [n for n in p.notices if n.late]
    assert not [c for c in p.conflicts if c.code is ConflictCode.LATE_NOTICE]


def test_a_notice_the_previous_plan_called_for_is_taken_as_sent() -> None:
    # Planned on 20 January (freeze horizon 7 days, window 10 February): the two weeks' notice
    # is due 27 January, still to come. Planned again on 1 February with that plan: it went.
    scenario = Scenario(
        name="sent",
        timezone="America/Chicago",
        policy=maintwin.Policy(freeze_horizon="P7D"),
        trains=(RIS,),
        changes=(
            Change(id="CHG-2002", subsystem="RIS", duration="PT5M", requested_on=date(2026, 6, 1)),
        ),
    )
    first = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 6, 1), now=chicago(2027, 1, 20, 9))
    assert first.assignment("CHG-2002").window == FEB
    (two_weeks,) = of(first, offset=timedelta(days=14))
    assert two_weeks.status is NoticeStatus.PENDING
    again = maintwin.plan(
        scenario, date(2027, 1, 1), date(2027, 6, 1), now=APPROVED_AT, previous=first
    )
    (two_weeks,) = of(again, offset=timedelta(days=14))
    assert two_weeks.status is NoticeStatus.SENT
    assert two_weeks.late_by is None
    assert not [c for c in again.conflicts if c.code is ConflictCode.LATE_NOTICE]


def test_a_late_notice_planned_again_at_the_same_moment_is_still_late() -> None:
    # Pinned on 1 February to the 10 February window: the two weeks' notice is 5 days late.
    # Planned again at once with that plan, the change is announced now (its window is inside
    # the freeze horizon), but the record says the notice has not gone out: it is still late.
    # (Hypothesis found this: the announcement used to stand for the late notice.)
    scenario = Scenario(
        name="late again",
        timezone="America/Chicago",
        trains=(RIS,),
        changes=(
            Change(
                id="CHG-2003", subsystem="RIS", duration="PT5M", requested_on=APPROVED_ON, pin=FEB
            ),
        ),
    )
    first = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 6, 1), now=APPROVED_AT)
    (two_weeks,) = of(first, audience=Audience.CLIENT, offset=timedelta(days=14))
    assert two_weeks.status is NoticeStatus.LATE
    again = maintwin.plan(
        scenario, date(2027, 1, 1), date(2027, 6, 1), now=APPROVED_AT, previous=first
    )
    assert again.assignment("CHG-2003").lock is Lock.ANNOUNCED
    (two_weeks,) = of(again, audience=Audience.CLIENT, offset=timedelta(days=14))
    assert two_weeks.status is NoticeStatus.LATE
    assert two_weeks.late_by == timedelta(days=5)
    late = [c for c in again.conflicts if c.code is ConflictCode.LATE_NOTICE]
    assert len(late) == 1
    assert Counter(maintwin.check(again)) == Counter(again.conflicts)
    # An hour later, the late notice went out when the first plan called for it.
    later = maintwin.plan(
        scenario,
        date(2027, 1, 1),
        date(2027, 6, 1),
        now=APPROVED_AT + timedelta(hours=1),
        previous=first,
    )
    (two_weeks,) = of(later, audience=Audience.CLIENT, offset=timedelta(days=14))
    assert two_weeks.status is NoticeStatus.SENT
    # An edited plan with no notices on record: its announcement stands for the notices due.
    edited = again.model_copy(update={"notices": ()})
    assert not [c for c in maintwin.check(edited) if c.code is ConflictCode.LATE_NOTICE]


# -- moved and cancelled ------------------------------------------------------------------------

# A weekly window, Wednesdays 10:00 America/Chicago: ..., 2027-02-03, -10, -17, -24, 03-03.
WEEKLY = ReleaseTrain(
    id="ris",
    subsystem="RIS",
    schedule=Schedule(rrule="FREQ=WEEKLY;BYDAY=WE", at="10:00", starts_on=date(2026, 1, 1)),
    downtime="PT15M",
)
W1, W2, W4 = "ris-2027-02-03", "ris-2027-02-10", "ris-2027-02-24"
CLIENTS = (
    Client(id="lakeside", name="Lakeside Imaging"),
    Client(id="pacific-rad", name="Pacific Radiology Group", timezone="America/Los_Angeles"),
)
OLD = date(2026, 6, 1)  # long before: the lead time is no concern
# The first plan: the freeze horizon ends 18 January 09:00; nothing is told yet.
PLANNED = chicago(2027, 1, 4, 9, 0)
# The re-plan: the two weeks' notices of 3 February (due 20 January) and of 10 February
# (due 27 January) went out, and so did the internal week's notice of 3 February (due
# 27 January). The freeze horizon ends 11 February 09:00: both windows are announced.
REPLANNED = chicago(2027, 1, 28, 9, 0)


def weekly(**edits: dict[str, Any]) -> Scenario:
    """A (short notice, 10 min) and B (4 min) from 3 February; C (10 min) from 10 February;
    ``edits`` replace fields of A, B or C."""
    changes = {
        "A": {
            "duration": "PT10M",
            "earliest": W1[4:],
            "short_notice": {"approval": {"by": "CAB", "on": "2026-12-20"}},
            "requested_on": "2026-12-20",
        },
        "B": {"duration": "PT4M", "earliest": W1[4:], "requested_on": OLD},
        "C": {"duration": "PT10M", "earliest": W2[4:], "requested_on": OLD},
    }
    return Scenario(
        name="weekly",
        timezone="America/Chicago",
        trains=(WEEKLY,),
        clients=CLIENTS,
        changes=[
            Change(id=f"CHG-{k}", subsystem="RIS", **{**v, **edits.get(k, {})})
            for k, v in changes.items()
        ],
    )


def weekly_plan(scenario: Scenario, now: datetime, previous: Plan | None = None) -> Plan:
    return maintwin.plan(scenario, date(2027, 1, 18), date(2027, 3, 8), now=now, previous=previous)


def test_notices_count_whole_days_on_the_wall_clock_across_a_clock_change() -> None:
    # Clocks go forward on Sunday 2027-03-14 in both zones. Wed 2027-03-17 10:00 CDT: two weeks
    # before on the wall clock is Wed 2027-03-03 10:00 CST (14 days less one hour elapsed).
    scenario = weekly(C={"earliest": "2027-03-17"}, A={"status": "cancelled"})
    p = maintwin.plan(scenario, date(2027, 1, 18), date(2027, 4, 1), now=PLANNED)
    assert p.assignment("CHG-C").window == "ris-2027-03-17"
    due = {n.reader: n.due for n in of(p, window="ris-2027-03-17", offset=timedelta(days=14))}
    assert due["lakeside"] == chicago(2027, 3, 3, 10, 0)
    assert due["lakeside"].utcoffset() == timedelta(hours=-6)
    assert due["pacific-rad"] == datetime(2027, 3, 3, 8, 0, tzinfo=LOS_ANGELES)
    assert (due["pacific-rad"].hour, due["pacific-rad"].tzname()) == (8, "PST")
    window = p.window("ris-2027-03-17")
    elapsed = window.start.astimezone(UTC) - due["lakeside"].astimezone(UTC)
    assert elapsed == timedelta(days=14) - timedelta(hours=1)


@pytest.fixture(scope="module")
def told() -> Plan:
    first = weekly_plan(weekly(), PLANNED)
    rides = {a.change: a.window for a in first.assignments}
    assert rides == {"CHG-A": W1, "CHG-B": W1, "CHG-C": W2}  # 14 of 15 minutes on 3 February
    assert not [n for n in first.notices if n.kind in (NoticeKind.MOVED, NoticeKind.CANCELLED)]
    return first


def changed(p: Plan) -> dict[str, NoticeKind]:
    """The moved and cancelled notices of ``p``, by id (and ``check`` agrees with the plan,
    reading them back from it)."""
    assert sorted(map(str, maintwin.check(p))) == sorted(map(str, p.conflicts))
    return {n.id: n.kind for n in p.notices if n.kind in (NoticeKind.MOVED, NoticeKind.CANCELLED)}


def test_re_planning_what_was_told_unchanged_tells_nobody_anything_new(told: Plan) -> None:
    again = weekly_plan(weekly(), REPLANNED, previous=told)
    assert [(a.change, a.window) for a in again.assignments] == [
        (a.change, a.window) for a in told.assignments
    ]
    assert changed(again) == {}


def test_moving_an_announced_change_tells_everyone_who_heard(told: Plan) -> None:
    again = weekly_plan(weekly(A={"pin": W4}), REPLANNED, previous=told)
    rides = {a.change: a.window for a in again.assignments}
    assert rides == {"CHG-A": W4, "CHG-B": W1, "CHG-C": W2}
    # 3 February loses A and keeps B: both clients and the internal audience (told of it,
    # A being short notice) hear it changed. 10 February is untouched; 24 February was never
    # told of (its first notice is due 10 February).
    assert changed(again) == {
        f"client/lakeside/{W1}/moved": NoticeKind.MOVED,
        f"client/pacific-rad/{W1}/moved": NoticeKind.MOVED,
        f"internal/all/{W1}/moved": NoticeKind.MOVED,
    }
    for n in again.notices:
        if n.kind is NoticeKind.MOVED:
            assert n.due == REPLANNED  # at once
            assert n.status is NoticeStatus.PENDING
            assert n.offset is None
    (pacific,) = of(again, reader="pacific-rad", kind=NoticeKind.MOVED)
    assert pacific.due.tzinfo == LOS_ANGELES
    assert "Wed 2027-02-24 08:00 PST" in pacific.text  # where the work went, on its clock
    (internal,) = of(again, audience=Audience.INTERNAL, kind=NoticeKind.MOVED)
    assert "CHG-A" in internal.text
    # The new window is told in the ordinary way: the internal audience now hears of
    # 24 February (two weeks before: 10 February 10:00), no longer of 3 February.
    internal_advance = of(again, audience=Audience.INTERNAL, kind=NoticeKind.ADVANCE)
    assert {n.window for n in internal_advance} == {W4}
    (two_weeks,) = of(again, audience=Audience.INTERNAL, window=W4, offset=timedelta(days=14))
    assert two_weeks.due == chicago(2027, 2, 10, 10, 0)


def test_cancelling_an_announced_change_cancels_a_window_left_without_work(told: Plan) -> None:
    again = weekly_plan(weekly(C={"status": "cancelled"}), REPLANNED, previous=told)
    assert again.assignment("CHG-C") is None
    # Only the clients had heard of 10 February (no short-notice change rides there).
    assert changed(again) == {
        f"client/lakeside/{W2}/cancelled": NoticeKind.CANCELLED,
        f"client/pacific-rad/{W2}/cancelled": NoticeKind.CANCELLED,
    }
    assert not [n for n in again.notices if n.window == W2 and n.kind is not NoticeKind.CANCELLED]
    for n in of(again, kind=NoticeKind.CANCELLED):
        assert n.changes == ("CHG-C",)


def test_cancelling_one_of_a_windows_changes_moves_it(told: Plan) -> None:
    again = weekly_plan(weekly(B={"status": "cancelled"}), REPLANNED, previous=told)
    # 3 February keeps A: it changed, it is not off.
    assert changed(again) == {
        f"client/lakeside/{W1}/moved": NoticeKind.MOVED,
        f"client/pacific-rad/{W1}/moved": NoticeKind.MOVED,
        f"internal/all/{W1}/moved": NoticeKind.MOVED,
    }
    (internal,) = of(again, audience=Audience.INTERNAL, kind=NoticeKind.MOVED)
    assert "CHG-B" in internal.text
    assert "cancelled" in internal.text


# -- the words ------------------------------------------------------------------------------


def test_each_reader_sees_their_own_zone(example_plan: Plan) -> None:
    for n in example_plan.notices:
        assert f"({n.timezone})" in n.text
        assert n.start.tzname() in n.text  # the window's time, on the reader's clock
    (pacific,) = of(example_plan, reader="pacific-rad", window=JAN, offset=timedelta(days=14))
    assert "When: Wed 2027-01-13 08:00-08:15 PST (America/Los_Angeles)" in pacific.text.splitlines()
    (kim,) = of(example_plan, reader="kim", window=JAN, offset=timedelta(days=7))
    # kim lives in Denver: 09:00 MST.
    assert "When: Wed 2027-01-13 09:00-09:15 MST (America/Denver)" in kim.text.splitlines()


def test_the_internal_description_is_not_for_clients(example_plan: Plan) -> None:
    secret = CHG_1042["internal_description"]
    internal = of(example_plan, audience=Audience.INTERNAL)
    clients = of(example_plan, audience=Audience.CLIENT)
    assert internal
    assert clients
    for n in internal:
        assert secret in n.text
        assert secret in n.html
    for n in clients:
        for words in (n.subject, n.text, n.html):
            assert secret not in words
            assert CHG_1042["short_notice"]["worst_case"] not in words
            assert CHG_1042["short_notice"]["rollback"] not in words
            assert "CHG-" not in words  # clients are not told change ids either


def test_affected_services_are_a_plain_line_of_the_client_notice(example_plan: Plan) -> None:
    services = CHG_1042["affects"]
    for n in of(example_plan, audience=Audience.CLIENT, window=JAN):
        lines = [line for line in n.text.splitlines() if all(s in line for s in services)]
        assert len(lines) == 1, n.text
        assert "PACS" in lines[0]  # the other subsystem it touches
    for n in of(example_plan, audience=Audience.CLIENT, window=JUN):
        assert not any(s in n.text for s in services)  # June's changes affect none


def test_a_short_notice_change_without_its_own_line_gets_one_from_its_services() -> None:
    scenario = Scenario(
        name="line",
        timezone="America/Chicago",
        policy=maintwin.Policy(freeze_horizon="P7D"),
        trains=(RIS,),
        changes=(
            Change(
                id="CHG-3001",
                subsystem="RIS",
                duration="PT5M",
                requested_on=APPROVED_ON,
                affects=("VPN tunnels", "image ingestion"),
                short_notice=True,
            ),
        ),
    )
    p = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 6, 1), now=APPROVED_AT)
    for n in of(p, audience=Audience.CLIENT):
        assert any(
            "VPN tunnels" in line and "image ingestion" in line and "Affected" not in line
            for line in n.text.splitlines()
        ), n.text
    assert [t.detail for t in p.playbook("CHG-3001").tasks if t.kind == "client_line"] != [""]


def test_a_replaced_template_words_the_notice() -> None:
    base = maintwin.Scenario.load(EXAMPLE)
    templates = NoticeTemplates(
        client=NoticeTemplate(
            subject="$subsystem down $when",
            text="Dear $reader,\n$subsystem is down $when ($zone), for $duration.\n",
            html="<p>$headline & more</p>\n",
        )
    )
    scenario = Scenario.model_validate({**dict(base), "templates": templates})
    p = maintwin.plan(scenario, START, END, now=NOW)
    (n,) = of(p, reader="pacific-rad", window=JAN, offset=timedelta(days=14))
    assert n.subject == "RIS down Wed 2027-01-13 08:00-08:15 PST"
    assert n.text == (
        "Dear Pacific Radiology Group,\n"
        "RIS is down Wed 2027-01-13 08:00-08:15 PST (America/Los_Angeles), for 15 min.\n"
    )
    assert n.html == "<p>Planned downtime in 2 weeks & more</p>\n"
    # The other audiences keep the default wording.
    (internal,) = of(p, audience=Audience.INTERNAL, offset=timedelta(days=14))
    assert internal.text.startswith("Planned downtime in 2 weeks\n")


def test_a_template_in_toml_words_the_notice() -> None:
    text = EXAMPLE.read_text() + '\n[templates.client]\ntext = "$headline for $reader\\n"\n'
    p = maintwin.plan(Scenario.from_toml(text), START, END, now=NOW)
    (n,) = of(p, reader="lakeside", window=JUN, offset=timedelta(days=1))
    assert n.text == "Planned downtime tomorrow for Lakeside Imaging\n"


def test_values_are_escaped_in_the_html() -> None:
    base = maintwin.Scenario.load(EXAMPLE)
    clients = [Client(id="ab", name="A & B <Imaging>")]
    p = maintwin.plan(
        Scenario.model_validate({**dict(base), "clients": clients}), START, END, now=NOW
    )
    (n,) = of(p, reader="ab", window=JAN, offset=timedelta(days=14))
    assert "A &amp; B &lt;Imaging&gt;" in n.html
    assert "A & B <Imaging>" in n.text


def test_an_unknown_placeholder_is_a_clear_error() -> None:
    with pytest.raises(MaintwinError) as caught:
        NoticeTemplate(text="When: $when\nWho: $audience\n")
    message = str(caught.value)
    assert "$audience" in message
    assert "$when" in message  # among the placeholders it may use
    assert "$reader" in message


def test_an_unknown_placeholder_in_toml_names_the_field() -> None:
    text = EXAMPLE.read_text() + '\n[templates.internal]\nsubject = "Heads up: $change"\n'
    with pytest.raises(InputError) as caught:
        Scenario.from_toml(text, source="teleradiology.toml")
    (field,) = caught.value.errors
    assert field.path == "templates.internal.subject"
    assert "$change" in field.message
    assert "teleradiology.toml" in str(caught.value)


def test_a_dollar_sign_without_a_name_is_refused() -> None:
    with pytest.raises(MaintwinError, match=r"\$\$"):
        NoticeTemplate(text="Costs $5 to fix\n")
