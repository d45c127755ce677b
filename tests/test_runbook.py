"""The runbook as a document: `plan.runbook(window)` on the wall clock, its gates at the point
of no return, its rollback path, and its Markdown, HTML and plain text.

The expected times are worked out here from the scenario's own figures, with UTC arithmetic
(fixed offsets written out: CDT is UTC-5, CST UTC-6, MDT UTC-6), never from the runbook code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

import maintwin
from maintwin import Change, MaintwinError, OneOffWindow, Plan, Policy, Scenario, StepKind
from maintwin.ical import to_ical

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
UPGRADE = "pacs-upgrade-fri"
H, M = timedelta(hours=1), timedelta(minutes=1)


def u(moment: datetime | None) -> datetime:
    """``moment`` in UTC: an aware time inside a fall-back fold compares unequal to any time
    of another zone (PEP 495), so comparisons go through UTC."""
    assert moment is not None
    return moment.astimezone(UTC)


@pytest.fixture(scope="module")
def plan(example: Scenario) -> Plan:
    return maintwin.plan(example, date(2026, 12, 1), date(2027, 12, 1), now=NOW)


def _planned_step_times(change: Change) -> list[timedelta]:
    """Each step's planned length, by the rule docs state: the longest of its own estimate
    and every dry run's figure for it; nothing for an untimed step."""
    out = []
    for i, step in enumerate(change.steps):
        figures = [step.duration] + [r.steps[i] for r in change.dry_runs if len(r.steps) > i]
        out.append(max((f for f in figures if f), default=timedelta(0)))
    return out


# -- the timeline ---------------------------------------------------------------------------------


def test_step_times_add_up_from_the_window_start(plan: Plan, example: Scenario) -> None:
    runbook = plan.runbook(UPGRADE)
    [c] = runbook.changes
    change = next(x for x in example.changes if x.id == c.change)
    # Fri 2027-04-16 22:00 CDT is 03:00 UTC on the Saturday.
    placed = plan.assignment(c.change)
    assert placed is not None
    assert placed.window == UPGRADE
    at = datetime(2027, 4, 17, 3, 0, tzinfo=UTC) + placed.offset
    lengths = _planned_step_times(change)
    assert len(c.steps) == len(change.steps) == len(lengths)
    for step, length in zip(c.steps, lengths, strict=True):
        assert u(step.start) == at, step.title
        assert u(step.end) == at + length, step.title
        assert step.timed == (length > timedelta(0))
        assert step.start.tzinfo == CHICAGO
        at += length
    assert u(c.start) == datetime(2027, 4, 17, 3, 0, tzinfo=UTC) + placed.offset
    # The slot is the estimate's: the dry run (10 h 30 min) times 1.5.
    assert u(c.end) - u(c.start) == timedelta(hours=15, minutes=45) == plan.estimate(c.change).work
    assert c.contingency == u(c.end) - at == timedelta(hours=15, minutes=45) - sum(lengths, 0 * H)
    # The printed times follow: the first step, and the gate at the end of the step before it.
    assert f"{c.steps[0].start:%a %H:%M %Z}" == "Fri 22:00 CDT"
    gate = next(s for s in c.steps if s.kind is StepKind.GATE)
    assert f"{gate.start:%a %H:%M %Z}" == "Sat 07:55 CDT"


def test_each_change_starts_at_its_assignment_offset(plan: Plan) -> None:
    """A RIS window with two changes: each block starts at its own offset and ends its work
    later; the second starts where the plan's assignment says."""
    window = plan.window("ris-2027-01-13")
    runbook = plan.runbook(window.id)
    placed = sorted((a for a in plan.assignments if a.window == window.id), key=lambda a: a.offset)
    assert (
        [c.change for c in runbook.changes]
        == [a.change for a in placed]
        == [
            "CHG-1042",
            "CHG-1017",
        ]
    )
    opens = datetime(2027, 1, 13, 16, 0, tzinfo=UTC)  # 10:00 CST
    for c, a in zip(runbook.changes, placed, strict=True):
        assert c.offset == a.offset
        assert u(c.start) == opens + a.offset
        assert u(c.end) == u(c.start) + plan.estimate(c.change).work
    first, second = runbook.changes
    assert first.end <= second.start
    # Untimed steps take no time: each starts (and ends) when the change does.
    assert all(s.start == s.end == first.start and not s.timed for s in first.steps)


def test_owners_are_shown_on_their_own_clock(plan: Plan) -> None:
    """Kim (network, America/Denver) sees each network step an hour earlier than the window's
    clock; a DBA step lists the crew's DBAs, primary first, then the backup; the gate's owner
    is the person it names."""
    [c] = plan.runbook(UPGRADE).changes
    stop = next(s for s in c.steps if s.title == "Stop PACS services and block logins")
    [kim] = stop.owners
    assert (kim.person, kim.timezone, kim.backup) == ("kim", "America/Denver", False)
    assert (u(kim.start), u(kim.end)) == (u(stop.start), u(stop.end))  # the same instants
    assert (kim.start.utcoffset(), stop.start.utcoffset()) == (-6 * H, -5 * H)
    assert kim.start.replace(tzinfo=None) == stop.start.replace(tzinfo=None) - H
    backup = next(s for s in c.steps if s.title == "Backup taken and verified restorable")
    assert [(o.person, o.backup) for o in backup.owners] == [("dana", False), ("lee", True)]
    gate = next(s for s in c.steps if s.kind is StepKind.GATE)
    assert [(o.person, o.timezone) for o in gate.owners] == [("lee", "America/Chicago")]
    text = str(plan.runbook(UPGRADE))
    assert "network (kim Fri 23:50\N{EN DASH}Sat 00:05 MDT)  Stop PACS services" in text
    assert "dba (dana, backup lee)  Backup taken and verified restorable" in text


def test_the_gate_is_at_the_point_of_no_return_and_the_rollback_follows_it(plan: Plan) -> None:
    [c] = plan.runbook(UPGRADE).changes
    window_end = datetime(2027, 4, 19, 11, 0, tzinfo=UTC)  # Mon 06:00 CDT
    ponr = window_end - 8 * H
    assert u(c.point_of_no_return) == ponr
    [gate] = c.gates
    assert u(gate.deadline) == ponr
    assert not gate.added
    assert u(gate.start) <= ponr
    # The rollback's steps run back to back from the point of no return (the worst case).
    at = ponr
    for step, length in zip(c.rollback, (15 * M, 5 * H, H, 45 * M), strict=True):
        assert (u(step.start), u(step.end)) == (at, at + length)
        at += length
    assert at <= window_end
    assert c.slack == window_end - (u(c.end) + 8 * H)
    assert [s.number for s in c.rollback] == [1, 2, 3, 4]


# -- the point of no return across a DST change -------------------------------------------------


def _weekend(start: str, duration: str, **change: object) -> Plan:
    """A one-off PACS window at local ``start`` (America/Chicago) and one change in it."""
    fields: dict[str, object] = {
        "id": "CHG-7",
        "title": "Archive upgrade",
        "subsystem": "PACS",
        "requested_on": date(2026, 1, 1),
        "steps": [
            {"title": "Back up", "kind": "check", "duration": "PT1H", "criteria": "restorable"},
            {"title": "Upgrade", "duration": "PT2H"},
            {"title": "Decide", "kind": "gate", "owner": "lee"},
        ],
        "rollback": "PT8H",
    }
    fields.update(change)
    scenario = Scenario(
        name="dst",
        timezone="America/Chicago",
        windows=[OneOffWindow(id="wknd", subsystem="PACS", start=start, duration=duration)],
        changes=[Change(**fields)],  # type: ignore[arg-type]
        policy=Policy(lead_time_months=0),
    )
    return maintwin.plan(scenario, date(2027, 1, 1), date(2028, 1, 1), now=NOW)


def test_a_change_followed_by_another_must_be_decided_before_the_next_starts() -> None:
    """A 10 h window: A (2 h of work, a 3 h rollback) and then B (4 h, 3 h). A "no" on A once
    B has started would leave B to undo too: A's point of no return is B's start, not the
    window's end less A's rollback (found in review), and its gate is decided by then."""
    opens = datetime(2027, 5, 1, 20, 0, tzinfo=CHICAGO)
    scenario = Scenario(
        name="two",
        timezone="America/Chicago",
        windows=[
            OneOffWindow(
                id="w", subsystem="PACS", start=opens.replace(tzinfo=None), duration="PT10H"
            )
        ],
        changes=[
            Change(
                id="A",
                subsystem="PACS",
                duration="PT2H",
                rollback="PT3H",
                priority=1,
                requested_on=date(2026, 1, 1),
            ),
            Change(
                id="B",
                subsystem="PACS",
                duration="PT4H",
                rollback="PT3H",
                priority=2,
                requested_on=date(2026, 1, 1),
            ),
        ],
        policy=Policy(lead_time_months=0),
    )
    p = maintwin.plan(scenario, date(2027, 1, 1), date(2028, 1, 1), now=NOW)
    a, b = p.runbook("w").changes
    assert (a.change, b.change) == ("A", "B")
    start = opens.astimezone(UTC)
    assert b.start.astimezone(UTC) == start + timedelta(hours=2)
    assert a.point_of_no_return is not None
    assert b.point_of_no_return is not None
    assert a.point_of_no_return.astimezone(UTC) == start + timedelta(hours=2)  # B's start
    assert b.point_of_no_return.astimezone(UTC) == start + timedelta(hours=10 - 3)
    [gate] = [s for s in a.steps if s.kind is StepKind.GATE]  # added: A has none of its own
    assert gate.added
    assert gate.deadline is not None
    assert gate.deadline.astimezone(UTC) == start + timedelta(hours=2)
    assert a.rollback == ()  # a duration alone: no steps to time


def test_point_of_no_return_across_the_fall_back_is_the_first_one_oclock() -> None:
    """Sat 2027-11-06 20:00 CDT to Sun 2027-11-07 08:00 CST: 13 hours, the clocks go back at
    02:00 CDT. Eight hours before the end is 06:00 UTC: 01:00 CDT, the first 01:00 of the night
    (not 00:00, which subtracting on the wall clock would give)."""
    p = _weekend("2027-11-06T20:00", "PT13H")
    window = p.window("wknd")
    end = datetime(2027, 11, 7, 14, 0, tzinfo=UTC)  # 08:00 CST
    assert u(window.end) == end
    assert u(window.start) == datetime(2027, 11, 7, 1, 0, tzinfo=UTC)
    [c] = p.runbook("wknd").changes
    ponr = c.point_of_no_return
    assert ponr is not None
    assert u(ponr) == end - 8 * H == datetime(2027, 11, 7, 6, 0, tzinfo=UTC)
    assert (ponr.hour, ponr.minute, ponr.fold, ponr.tzname()) == (1, 0, 0, "CDT")
    assert ponr.utcoffset() == -5 * H
    [gate] = c.gates
    assert u(gate.deadline) == u(ponr)
    assert u(gate.start) == datetime(2027, 11, 7, 4, 0, tzinfo=UTC) <= u(ponr)  # after 3 h of steps
    assert "GO/NO-GO by Sun 2027-11-07 01:00 CDT (point of no return)" in str(p.runbook("wknd"))
    # The rollback runs through the change of clocks and ends by the window's end.
    assert c.rollback == ()
    assert "it ends by Sun 2027-11-07 08:00 CST" in p.runbook("wknd").markdown()


def test_point_of_no_return_across_the_spring_forward() -> None:
    """Sat 2027-03-13 20:00 CST to Sun 2027-03-14 08:00 CDT: 11 hours, the clocks skip
    02:00-03:00. Eight hours before the end is 05:00 UTC: Sat 23:00 CST (not 00:00)."""
    p = _weekend("2027-03-13T20:00", "PT11H")
    end = datetime(2027, 3, 14, 13, 0, tzinfo=UTC)  # 08:00 CDT
    assert u(p.window("wknd").end) == end
    [c] = p.runbook("wknd").changes
    ponr = c.point_of_no_return
    assert u(ponr) == end - 8 * H == datetime(2027, 3, 14, 5, 0, tzinfo=UTC)
    assert f"{ponr:%a %H:%M %Z}" == "Sat 23:00 CST"
    assert "GO/NO-GO by Sat 2027-03-13 23:00 CST (point of no return)" in str(p.runbook("wknd"))


def test_steps_across_the_fall_back_keep_elapsed_time() -> None:
    """A two-hour step from 00:30 CDT ends at 01:30 CST (the second 01:30), two hours
    later; the printed span names both offsets."""
    p = _weekend(
        "2027-11-07T00:30",
        "PT12H",
        steps=[{"title": "Long job", "duration": "PT2H"}],
        rollback=None,
    )
    [c] = p.runbook("wknd").changes
    [step] = c.steps
    assert u(step.start) == datetime(2027, 11, 7, 5, 30, tzinfo=UTC)
    assert u(step.end) == datetime(2027, 11, 7, 7, 30, tzinfo=UTC)
    assert step.length == 2 * H
    assert (step.end.hour, step.end.minute, step.end.tzname()) == (1, 30, "CST")
    assert "Sun 00:30 CDT\N{EN DASH}01:30 CST" in str(p.runbook("wknd"))


# -- the gate a runbook adds --------------------------------------------------------------------


def test_a_change_with_a_rollback_and_no_gate_gets_one_after_its_last_step() -> None:
    p = _weekend(
        "2027-05-01T20:00",
        "PT12H",
        steps=[{"title": "Back up", "duration": "PT1H"}, {"title": "Upgrade", "duration": "PT2H"}],
        rollback="PT4H",
    )
    [c] = p.runbook("wknd").changes
    *work, gate = c.steps
    assert [s.title for s in work] == ["Back up", "Upgrade"]
    assert gate.added
    assert (gate.kind, gate.number) == (StepKind.GATE, 3)
    start = datetime(2027, 5, 2, 1, 0, tzinfo=UTC)  # 20:00 CDT
    assert u(gate.start) == u(gate.end) == start + 3 * H
    assert u(gate.deadline) == u(c.point_of_no_return) == start + 12 * H - 4 * H
    assert "Go/no-go: roll back if not" in c.steps[-1].title
    assert "GO/NO-GO by Sun 2027-05-02 04:00 CDT" in p.runbook("wknd").markdown()


def test_a_change_without_a_rollback_has_no_point_of_no_return() -> None:
    p = _weekend("2027-05-01T20:00", "PT12H", rollback=None)
    [c] = p.runbook("wknd").changes
    assert c.point_of_no_return is None
    assert c.rollback == ()
    assert all(s.deadline is None and not s.added for s in c.steps)
    assert "If the gate says no" not in p.runbook("wknd").markdown()


# -- rendering ----------------------------------------------------------------------------------


def test_markdown_has_a_box_per_step_the_gate_and_the_rollback_path(plan: Plan) -> None:
    runbook = plan.runbook(UPGRADE)
    text = runbook.markdown()
    lines = text.splitlines()
    assert lines[0] == "# Runbook: pacs-upgrade-fri (PACS)"
    boxes = [line for line in lines if line.startswith("- [ ] ")]
    [c] = runbook.changes
    assert len(boxes) == len(c.steps) + len(c.rollback) == 9 + 4
    assert boxes[0] == (
        "- [ ] 1. Fri 22:00\N{EN DASH}Sat 00:10 CDT \N{MIDDLE DOT} check \N{MIDDLE DOT} "
        "dba (dana, backup lee) \N{MIDDLE DOT} Backup taken and verified restorable "
        "\N{EN DASH} A test restore of the backup to the standby host opens; row counts match"
    )
    [gate] = [line for line in boxes if "**gate**" in line]
    assert gate.endswith("**GO/NO-GO by Sun 2027-04-18 22:00 CDT (point of no return)**")
    assert "### If the gate says no" in lines
    assert (
        "Start the rollback by Sun 2027-04-18 22:00 CDT (the point of no return); it ends by "
        "Mon 2027-04-19 06:00 CDT (8 h)." in lines
    )
    assert "Contingency: 5 h 15 min held at the end of the slot" in text
    assert any(line.startswith("Slack: 1 day 8 h 15 min left") for line in lines)


def test_html_is_a_standalone_printable_checklist(plan: Plan) -> None:
    page = plan.runbook(UPGRADE).html()
    assert page.startswith("<!doctype html>\n")
    assert '<meta charset="utf-8">' in page
    assert "@media print" in page
    assert page.count('<input type="checkbox"') == 9 + 4
    assert page.count('<tr class="gate">') == 1
    assert "GO/NO-GO by Sun 2027-04-18 22:00 CDT (point of no return)" in page
    assert "<th>Time (America/Chicago)</th>" in page


def test_titles_are_escaped_in_html_and_markdown() -> None:
    p = _weekend(
        "2027-05-01T20:00",
        "PT12H",
        title="Fix <b>all</b> & more",
        steps=[
            {"title": "<script>alert('x')</script>", "duration": "PT1H", "criteria": "a < b"},
            {"title": "Decide", "kind": "gate"},
        ],
    )
    runbook = p.runbook("wknd")
    page = runbook.html()
    assert "<script>" not in page
    assert "<b>" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "Fix &lt;b&gt;all&lt;/b&gt; &amp; more" in page
    assert "a &lt; b" in page
    assert "\\<script\\>" in runbook.markdown()


def test_a_line_break_in_a_title_or_criteria_stays_on_its_step_line() -> None:
    """A criteria with a line break and a box of its own would read, in Markdown, as a step
    already done; a title with one as a heading (found in review)."""
    p = _weekend(
        "2027-05-01T20:00",
        "PT12H",
        title="Upgrade\n# not a heading",
        steps=[
            {"title": "Check", "kind": "check", "duration": "PT1H", "criteria": "a\n- [x] fake"},
            {"title": "Decide", "kind": "gate"},
        ],
    )
    runbook = p.runbook("wknd")
    lines = runbook.markdown().splitlines()
    assert not [line for line in lines if line.startswith(("- [x]", "# not"))]
    assert sum(line.startswith("- [ ]") for line in lines) == 2  # the check and the gate
    assert any("a - \\[x\\] fake" in line for line in lines)
    assert not [line for line in str(runbook).splitlines() if line.strip().startswith("- [x]")]


def test_a_window_without_changes_says_so(plan: Plan) -> None:
    runbook = plan.runbook("pacs-upgrade-sat")
    assert runbook.changes == ()
    assert str(runbook).endswith("No changes are planned in this window yet.")
    assert '<input type="checkbox"' not in runbook.html()


def test_same_plan_same_bytes(example: Scenario) -> None:
    first, second = (
        maintwin.plan(example, date(2026, 12, 1), date(2027, 12, 1), now=NOW) for _ in range(2)
    )
    a, b = first.runbook(UPGRADE), second.runbook(UPGRADE)
    assert a.html().encode() == b.html().encode()
    assert (a.markdown(), str(a)) == (b.markdown(), str(b))
    assert a.model_dump_json() == b.model_dump_json()


def test_an_unknown_window_is_an_error_that_names_the_closest(plan: Plan) -> None:
    with pytest.raises(MaintwinError) as caught:
        plan.runbook("pacs-upgrade-fr")
    message = str(caught.value)
    assert message.startswith(
        "no window 'pacs-upgrade-fr' in this plan's horizon (did you mean 'pacs-upgrade-fri'?);"
        " its windows are "
    )
    assert "ris-2027-01-13" in message


def test_the_internal_feed_describes_the_window_with_its_runbook(plan: Plan) -> None:
    cal = icalendar.Calendar.from_ical(to_ical(plan, audience="internal"))
    [event] = [e for e in cal.walk("VEVENT") if UPGRADE in str(e["UID"])]
    text = str(event["DESCRIPTION"])
    runbook = str(plan.runbook(UPGRADE)).splitlines()
    assert runbook[2].startswith("Crew: ")  # the feed has crew lines of its own
    assert "\n".join(runbook[3:]) in text
    assert "Runbook of window pacs-upgrade-fri (pacs-upgrade-fri), times in America/Chicago:" in (
        text
    )
    assert "GO/NO-GO by Sun 2027-04-18 22:00 CDT (point of no return)" in text
    # Clients see what is affected, never the runbook.
    client = icalendar.Calendar.from_ical(to_ical(plan, audience="client"))
    [seen] = [e for e in client.walk("VEVENT") if UPGRADE in str(e["UID"])]
    assert "GO/NO-GO" not in str(seen["DESCRIPTION"])


def test_the_playbook_steps_are_due_when_the_runbook_starts_them(plan: Plan) -> None:
    [c] = plan.runbook(UPGRADE).changes
    tasks = [t for t in plan.playbook(c.change).tasks if t.kind == "step"]
    assert [t.detail for t in tasks] == [s.title for s in c.steps]
    assert [u(t.due) for t in tasks] == [u(s.start) for s in c.steps]
    assert "Runbook step 5 of 9 [Sat 2027-04-17 01:05 CDT]" in str(plan.playbook(c.change))
    # Not placed, no times.
    p = _weekend("2027-05-01T20:00", "PT1H")  # too short for its 3 hours of steps
    assert p.assignment("CHG-7") is None
    steps = [t for t in p.playbook("CHG-7").tasks if t.kind == "step"]
    assert len(steps) == 3
    assert all(t.due is None for t in steps)


def test_every_runbook_at_once_is_each_window_s_runbook(plan: Plan) -> None:
    every = plan.runbooks()
    assert list(every) == [w.id for w in plan.windows]
    for window in plan.windows:
        assert every[window.id] == plan.runbook(window.id)
    assert [c.change for c in every["ris-2027-01-13"].changes] == ["CHG-1042", "CHG-1017"]
