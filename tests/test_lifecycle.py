"""A change's life: scheduled, done, failed and retried, or cancelled (the hospital story).

A hospital's EHR upgrade runs in a holiday-weekend window agreed for it (Saturday 26 December
2026, 14:00, for 34 hours). It fails: the team restores from backup and tries again after the
first of the year, as a short-notice change reviewed at the next change-advisory meeting. The
re-plan keeps the failed attempt where it ran, places the retry in the first window it may
take, lets the work that waited for the upgrade wait for the retry instead, and leaves every
other announced assignment as it was.

The expected windows are worked out by hand from the calendar below, never read back from
the planner.

The hospital's calendar (America/New_York), 2026-12-01 to 2027-04-01:

* ``ehr``: the third Saturday of each month, 20:00, a 10-hour window: ehr-2026-12-19,
  ehr-2027-01-16, ehr-2027-02-20, ehr-2027-03-20 (EDT from 14 March 2027).
* ``ehr-holiday-weekend``: Saturday 2026-12-26 14:00 to Monday 00:00 (34 hours).
* The change-advisory meeting: Wednesdays 10:00 (the scenario's zone).
* Default policy otherwise: six months' lead time, a 14-day freeze horizon, internal notices
  14, 7 and 1 days before and at the point of service.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import (
    ConflictCode,
    InputError,
    Lock,
    MaintwinError,
    NoticeKind,
    Plan,
    Scenario,
    Severity,
    UnscheduledCause,
)

NEW_YORK = ZoneInfo("America/New_York")
START, END = date(2026, 12, 1), date(2027, 4, 1)
# Early December: the freeze horizon ends 2026-12-15 09:00, so ehr-2026-12-19 is open.
EARLY_DECEMBER = datetime(2026, 12, 1, 9, 0, tzinfo=NEW_YORK)
# After the failed weekend and the change-advisory meeting of Wednesday 30 December: the
# freeze horizon ends 2027-01-13 16:00, so ehr-2027-01-16 is still open to new changes.
AFTER_THE_MEETING = datetime(2026, 12, 30, 16, 0, tzinfo=NEW_YORK)

DEC, HOLIDAY, JAN, FEB = "ehr-2026-12-19", "ehr-holiday-weekend", "ehr-2027-01-16", "ehr-2027-02-20"

HOSPITAL = """
name = "community-hospital-ehr"
timezone = "America/New_York"

[policy]
cab = { weekday = "WE", at = "10:00" }

[policy.review_questions]
dry_run = "Was the upgrade rehearsed in a dry run?"
playbook = "Will the playbook be followed line by line, with a go/no-go point?"
restore = "Has the restore from backup been tested?"

[[trains]]
id = "ehr"
subsystem = "EHR"
schedule = { rrule = "FREQ=MONTHLY;BYDAY=3SA", at = "20:00", starts_on = 2026-01-01 }
downtime = "PT10H"

[[windows]]
id = "ehr-holiday-weekend"
subsystem = "EHR"
start = 2026-12-26T14:00:00
duration = "PT34H"
title = "Holiday-weekend upgrade window"

[[changes]]
id = "EHR-0100"
title = "Pre-upgrade database patches"
subsystem = "EHR"
duration = "PT2H"
requested_on = 2026-05-15
priority = 2

[[changes]]
id = "EHR-0101"
title = "Interface engine upgrade"
subsystem = "EHR"
duration = "PT1H"
requested_on = 2026-05-15

[[changes]]
id = "EHR-2000"
title = "EHR major upgrade"
subsystem = "EHR"
duration = "PT8H"
requested_on = 2026-04-01
earliest = 2026-12-20                # the week after the pre-upgrade patches
priority = 1
status = "scheduled"
affects = ["order entry", "results", "scheduling"]

[[changes]]
id = "EHR-2010"
title = "Turn on the new order sets"
subsystem = "EHR"
duration = "PT1H"
requested_on = 2026-04-01
earliest = 2027-01-02                # after the holidays, when the trainers are back
depends_on = ["EHR-2000"]
"""

RETRY: dict[str, Any] = {
    "id": "EHR-2001",
    "title": "EHR major upgrade, second attempt",
    "subsystem": "EHR",
    "duration": "PT8H",
    "requested_on": date(2026, 12, 28),  # the Monday of the post-mortem
    "earliest": date(2027, 1, 4),  # after the first of the year
    "priority": 1,
    "status": "approved",
    "short_notice": {
        "approval": {
            "by": "Change Advisory Board",
            "on": date(2026, 12, 30),
            "meeting": date(2026, 12, 30),
        },
        "answers": {
            "dry_run": "Yes, twice on the test system, the second time to the minute",
            "playbook": "Yes; the go/no-go is after the pre-upgrade scripts",
            "restore": "Yes: restored Sunday night in under three hours",
        },
        "worst_case": "Restore from the Saturday backup; users on downtime procedures",
        "rollback": "Restore from backup (3 h)",
    },
}


def hospital() -> Scenario:
    return Scenario.from_toml(HOSPITAL)


def revised(scenario: Scenario, *changes: dict[str, Any], **edits: dict[str, Any]) -> Scenario:
    """``scenario`` with fields of its changes replaced (``edits``: change id -> fields) and
    ``changes`` added, validated again as a whole."""
    rows = [
        {**c.model_dump(exclude_defaults=True), **edits.get(c.id.replace("-", "_"), {})}
        for c in scenario.changes
    ]
    data = {**dict(scenario), "changes": [*rows, *changes]}
    return Scenario.model_validate(data)


def plan(scenario: Scenario, now: datetime, previous: Plan | None = None) -> Plan:
    return maintwin.plan(scenario, START, END, now=now, previous=previous)


def placed(p: Plan) -> dict[str, tuple[str, timedelta, Lock | None]]:
    return {a.change: (a.window, a.offset, a.lock) for a in p.assignments}


# -- the story --------------------------------------------------------------------------------


def test_the_upgrade_is_first_planned_in_the_holiday_weekend_window() -> None:
    first = plan(hospital(), EARLY_DECEMBER)
    rides = {a.change: a.window for a in first.assignments}
    # The patches are due from 2026-11-15 (six months after 15 May): the first window after the
    # freeze horizon is 19 December. The upgrade may ride from 20 December: the holiday weekend
    # is the first window after that. The order sets wait for 2 January: ehr-2027-01-16.
    assert rides == {"EHR-0100": DEC, "EHR-0101": DEC, "EHR-2000": HOLIDAY, "EHR-2010": JAN}
    assert first.conflicts == ()


def test_the_retry_of_a_failed_upgrade_takes_the_first_window_after_new_year() -> None:
    first = plan(hospital(), EARLY_DECEMBER)
    # The weekend: the patches ran, the upgrade failed and was restored from backup. The
    # interface engine upgrade ran too, but nobody has marked it done yet: it stays announced.
    after = revised(
        hospital(),
        RETRY,
        EHR_0100={"status": "done"},
        EHR_2000={"status": "failed", "retried_by": "EHR-2001"},
    )
    again = plan(after, AFTER_THE_MEETING, previous=first)
    before = placed(first)
    now = placed(again)

    # The failed upgrade stays in the window it ran in, as history, at the offset it had.
    assert now["EHR-2000"] == (HOLIDAY, before["EHR-2000"][1], Lock.HISTORY)
    # The done patches too; the other announced change is kept exactly as it was.
    assert now["EHR-0100"] == (DEC, before["EHR-0100"][1], Lock.HISTORY)
    assert again.assignment("EHR-0101") == first.assignment("EHR-0101").model_copy(
        update={"lock": Lock.ANNOUNCED}
    )

    # The retry: its meeting is Wednesday 30 December 10:00 (the first after Monday 28
    # December), and the internal notices need 14 days after it: from 2027-01-13 10:00. Its
    # earliest date is 4 January; the freeze horizon ends 2027-01-13 16:00. The first window
    # after all three is Saturday 16 January 20:00.
    assert now["EHR-2001"] == (JAN, timedelta(0), None)
    # The order sets waited for the upgrade; now they wait for the retry, after it in the same
    # window (8 h of the 10).
    assert now["EHR-2010"] == (JAN, timedelta(hours=8), None)

    # What remains to say: the retry is inside its lead time (requested 28 December, six
    # months: 2027-06-28) but approved; nothing else.
    assert [(c.code, c.severity, c.changes) for c in again.conflicts] == [
        (ConflictCode.LEAD_TIME, Severity.WARNING, ("EHR-2001",))
    ]
    assert maintwin.check(again) == list(again.conflicts)
    # The holiday window is over, and the January one had not been told of yet (its first
    # notice is due 2 January): nobody hears of a move.
    kinds = {n.kind for n in again.notices}
    assert NoticeKind.MOVED not in kinds
    assert NoticeKind.CANCELLED not in kinds
    # The retry is short notice: the internal audience hears of its window.
    internal = sorted(n.due for n in again.notices if n.audience == "internal" and n.window == JAN)
    saturday = datetime(2027, 1, 16, 20, 0, tzinfo=NEW_YORK)
    assert internal == [
        saturday - timedelta(days=14),
        saturday - timedelta(days=7),
        saturday - timedelta(days=1),
        saturday,
    ]


def test_the_retrys_playbook_has_its_meeting_and_answers() -> None:
    first = plan(hospital(), EARLY_DECEMBER)
    after = revised(hospital(), RETRY, EHR_2000={"status": "failed", "retried_by": "EHR-2001"})
    book = plan(after, AFTER_THE_MEETING, previous=first).playbook("EHR-2001")
    meeting = next(t for t in book.tasks if t.kind == "meeting")
    assert meeting.due == datetime(2026, 12, 30, 10, 0, tzinfo=NEW_YORK)
    assert not meeting.open
    questions = [(t.title, t.detail, t.open) for t in book.tasks if t.kind == "question"]
    assert questions == [
        (
            "Was the upgrade rehearsed in a dry run?",
            RETRY["short_notice"]["answers"]["dry_run"],
            False,
        ),
        (
            "Will the playbook be followed line by line, with a go/no-go point?",
            RETRY["short_notice"]["answers"]["playbook"],
            False,
        ),
        (
            "Has the restore from backup been tested?",
            RETRY["short_notice"]["answers"]["restore"],
            False,
        ),
    ]
    assert book.window == JAN


# -- done, failed and cancelled -----------------------------------------------------------------


def test_a_done_change_is_never_planned_again_and_breaks_no_rule() -> None:
    # The upgrade ran early, on its own say-so: raised on 1 December (inside its lead time, not
    # short notice), past its deadline, pinned to a window a freeze blackout now covers. Done:
    # none of that is the plan's business any more.
    done = revised(
        hospital(),
        EHR_2000={
            "status": "done",
            "pin": HOLIDAY,
            "requested_on": date(2026, 12, 1),
            "deadline": date(2026, 12, 24),
        },
    )
    done = Scenario.model_validate(
        {
            **dict(done),
            "blackouts": [
                {
                    "id": "holiday-freeze",
                    "reason": "freeze",
                    "start": "2026-12-24",
                    "end": "2027-01-02",
                }
            ],
        }
    )
    p = plan(done, EARLY_DECEMBER)
    assert placed(p)["EHR-2000"] == (HOLIDAY, timedelta(0), Lock.HISTORY)
    assert "EHR-2000" not in {u.change for u in p.unscheduled}
    # No rule is checked against it any more; what is said is that it cannot have run yet
    # (planned on 1 December, its window is on 26 December).
    said = [c for c in p.conflicts if "EHR-2000" in c.changes]
    assert [(c.code, c.severity) for c in said] == [(ConflictCode.NOT_IN_WINDOW, Severity.WARNING)]
    assert "has not begun" in said[0].message
    assert [c for c in maintwin.check(p) if "EHR-2000" in c.changes] == said
    # A dependency on a done change is met: the order sets still take January.
    assert placed(p)["EHR-2010"] == (JAN, timedelta(0), None)


def test_a_done_change_with_no_window_on_record_is_not_placed() -> None:
    # Done, no pin, no previous plan: the planner does not know where it ran, and does not
    # put it anywhere (though ehr-holiday-weekend is free).
    p = plan(revised(hospital(), EHR_2000={"status": "done"}), EARLY_DECEMBER)
    assert p.assignment("EHR-2000") is None
    (u,) = [u for u in p.unscheduled if u.change == "EHR-2000"]
    assert u.cause is UnscheduledCause.HISTORY
    assert "pin" in u.detail


def test_a_done_change_stays_where_the_previous_plan_put_it_even_if_that_window_closes() -> None:
    first = plan(hospital(), EARLY_DECEMBER)
    # Marked done, and a blackout now covers the window it ran in.
    done = revised(hospital(), EHR_2000={"status": "done"})
    done = Scenario.model_validate(
        {
            **dict(done),
            "blackouts": [
                {"id": "outage", "reason": "other", "start": "2026-12-26", "end": "2026-12-28"}
            ],
        }
    )
    again = plan(done, AFTER_THE_MEETING, previous=first)
    assert placed(again)["EHR-2000"] == (HOLIDAY, timedelta(0), Lock.HISTORY)
    assert [c for c in again.conflicts if "EHR-2000" in c.changes] == []


def test_a_dependent_of_a_failed_change_waits_for_its_retry() -> None:
    # The retry may not ride before February: the order sets, which could take 16 January,
    # must wait for it (ehr-2027-02-20, after its 8 hours).
    late_retry = {**RETRY, "earliest": date(2027, 2, 1)}
    after = revised(hospital(), late_retry, EHR_2000={"status": "failed", "retried_by": "EHR-2001"})
    p = plan(after, AFTER_THE_MEETING, previous=plan(hospital(), EARLY_DECEMBER))
    assert placed(p)["EHR-2001"] == (FEB, timedelta(0), None)
    assert placed(p)["EHR-2010"] == (FEB, timedelta(hours=8), None)
    assert [c for c in p.errors if c.code is ConflictCode.DEPENDENCY_ORDER] == []


def test_a_dependent_announced_with_its_failed_prerequisite_follows_the_retry() -> None:
    # The order sets may ride from the start: the first plan puts them in the holiday weekend
    # too, after the upgrade, and announces them with it. The upgrade failed, so they did not
    # run either: waiting now for the retry, which was never announced, their announcement
    # no longer holds, and they follow the retry into January.
    s = revised(hospital(), EHR_2010={"earliest": None})
    first = plan(s, EARLY_DECEMBER)
    assert placed(first)["EHR-2010"][0] == HOLIDAY
    after = revised(s, RETRY, EHR_2000={"status": "failed", "retried_by": "EHR-2001"})
    again = plan(after, AFTER_THE_MEETING, previous=first)
    assert placed(again)["EHR-2001"] == (JAN, timedelta(0), None)
    assert placed(again)["EHR-2010"] == (JAN, timedelta(hours=8), None)
    assert again.errors == []
    # What else was announced stays: the patches in December.
    assert {c for c, (_, _, lock) in placed(again).items() if lock is Lock.ANNOUNCED} == {
        "EHR-0100",
        "EHR-0101",
    }


def test_a_dependent_of_a_failed_change_with_no_retry_is_held_back() -> None:
    after = revised(hospital(), EHR_2000={"status": "failed"})
    p = plan(after, AFTER_THE_MEETING, previous=plan(hospital(), EARLY_DECEMBER))
    assert p.assignment("EHR-2010") is None
    (u,) = [u for u in p.unscheduled if u.change == "EHR-2010"]
    assert u.cause is UnscheduledCause.PREREQUISITE
    assert "EHR-2000" in u.detail


def test_a_dependent_of_a_cancelled_change_is_unscheduled_naming_it() -> None:
    p = plan(revised(hospital(), EHR_2000={"status": "cancelled"}), EARLY_DECEMBER)
    causes = {u.change: u for u in p.unscheduled}
    assert causes["EHR-2000"].cause is UnscheduledCause.CANCELLED
    assert causes["EHR-2010"].cause is UnscheduledCause.PREREQUISITE
    assert "EHR-2000" in causes["EHR-2010"].detail
    assert {a.change for a in p.assignments} == {"EHR-0100", "EHR-0101"}


def test_a_cancelled_change_is_never_placed_even_with_a_pin() -> None:
    p = plan(revised(hospital(), EHR_2000={"status": "cancelled", "pin": HOLIDAY}), EARLY_DECEMBER)
    assert p.assignment("EHR-2000") is None
    assert not [n for n in p.notices if n.window == HOLIDAY]


def test_a_retry_chain_is_followed_to_the_last_retry() -> None:
    # The first retry failed as well; the second one (earliest March) is what the order sets
    # wait for: ehr-2027-03-20.
    second = {**RETRY, "id": "EHR-2002", "earliest": date(2027, 3, 1)}
    first_retry = {**RETRY, "status": "failed", "retried_by": "EHR-2002", "pin": JAN}
    after = revised(
        hospital(),
        first_retry,
        second,
        EHR_2000={"status": "failed", "retried_by": "EHR-2001"},
    )
    p = plan(after, AFTER_THE_MEETING)
    assert placed(p)["EHR-2002"] == ("ehr-2027-03-20", timedelta(0), None)
    assert placed(p)["EHR-2010"] == ("ehr-2027-03-20", timedelta(hours=8), None)


# -- bad input ----------------------------------------------------------------------------------


def _refused(scenario: Scenario, *changes: dict[str, Any], **edits: dict[str, Any]) -> InputError:
    with pytest.raises(MaintwinError) as caught:
        revised(scenario, *changes, **edits)
    assert isinstance(caught.value, InputError)
    return caught.value


def test_retried_by_on_a_change_that_did_not_fail_is_refused() -> None:
    error = _refused(hospital(), RETRY, EHR_2000={"retried_by": "EHR-2001"})
    (field,) = error.errors
    assert field.path == "changes[2].retried_by"
    assert "failed" in field.message  # what is accepted: a failed change names its retry
    assert "scheduled" in field.message  # and what it is


def test_retried_by_naming_an_unknown_change_is_refused() -> None:
    error = _refused(hospital(), EHR_2000={"status": "failed", "retried_by": "EHR-9999"})
    (field,) = error.errors
    assert field.path == "changes[2].retried_by"
    assert "EHR-9999" in field.message


def test_a_change_may_not_retry_itself() -> None:
    error = _refused(hospital(), EHR_2000={"status": "failed", "retried_by": "EHR-2000"})
    assert [e.path for e in error.errors] == ["changes[2].retried_by"]


def test_an_answer_to_a_question_the_policy_does_not_ask_is_refused() -> None:
    asked_elsewhere = {
        **RETRY,
        "short_notice": {**RETRY["short_notice"], "answers": {"confidence": "High"}},
    }
    error = _refused(hospital(), asked_elsewhere)
    (field,) = error.errors
    assert field.path == "changes[4].short_notice.answers.confidence"
    for key in ("dry_run", "playbook", "restore"):  # what the policy asks
        assert key in field.message
    assert "changes[4].short_notice.answers.confidence" in str(error)


def test_the_same_mistake_in_a_toml_file_names_the_field() -> None:
    text = HOSPITAL.replace('status = "scheduled"', 'status = "scheduled"\nretried_by = "EHR-2010"')
    with pytest.raises(InputError) as caught:
        Scenario.from_toml(text, source="hospital.toml")
    assert "hospital.toml" in str(caught.value)
    assert [e.path for e in caught.value.errors] == ["changes[2].retried_by"]


def test_a_stored_previous_plan_gives_the_same_re_plan() -> None:
    # Plans are kept between runs as JSON; the re-plan from the stored one is the same.
    first = plan(hospital(), EARLY_DECEMBER)
    stored = Plan.model_validate_json(first.model_dump_json())
    after = revised(hospital(), RETRY, EHR_2000={"status": "failed", "retried_by": "EHR-2001"})
    direct = plan(after, AFTER_THE_MEETING, previous=first)
    again = plan(after, AFTER_THE_MEETING, previous=stored)
    assert again.assignments == direct.assignments
    assert again.notices == direct.notices
    assert again.conflicts == direct.conflicts
