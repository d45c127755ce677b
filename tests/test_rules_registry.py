"""The rule registry: one module per rule, asked the same questions by every consumer; and the
defects found when the planner was tried as a new user would (issue 10), one test each."""

from __future__ import annotations

import ast
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

import maintwin
from maintwin import (
    Change,
    ConflictCode,
    MaintwinError,
    OneOffWindow,
    Plan,
    Policy,
    ReleaseTrain,
    Scenario,
    Schedule,
    Severity,
    UnscheduledCause,
)

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
START, END = date(2026, 12, 1), date(2027, 6, 1)
RIS = ReleaseTrain(
    id="ris",
    subsystem="RIS",
    schedule=Schedule(rrule="FREQ=MONTHLY;BYDAY=2WE", at="10:00", starts_on=date(2026, 1, 1)),
    downtime="PT15M",
)
PACS = ReleaseTrain(
    id="pacs",
    subsystem="PACS",
    schedule=Schedule(rrule="FREQ=MONTHLY;BYDAY=2TU", at="09:00", starts_on=date(2026, 1, 1)),
    downtime="PT15M",
)
SRC = Path(__file__).resolve().parents[1] / "src" / "maintwin"


def scenario(*changes: Change, **fields: object) -> Scenario:
    fields.setdefault("trains", (RIS,))
    fields.setdefault("policy", Policy(lead_time_months=0))
    return Scenario(
        name="rules",
        timezone="America/Chicago",
        changes=changes,
        **fields,  # type: ignore[arg-type]
    )


def change(id: str, **fields: object) -> Change:
    fields.setdefault("subsystem", "RIS")
    fields.setdefault("duration", "PT5M")
    fields.setdefault("requested_on", date(2026, 1, 1))
    return Change(id=id, **fields)  # type: ignore[arg-type]


def make(s: Scenario, *, now: datetime = NOW) -> Plan:
    return maintwin.plan(s, START, END, now=now)


# -- the reproduction the issue gives --------------------------------------------------------


def test_issue_10_prerequisite_held_back_by_a_pinned_dependent() -> None:
    """P may ride from 1 February; its dependent D is pinned to January. P cannot run before
    D, so it is left out: the detail and explain both say it is the dependency order, for each
    window from February on, and no window is "free, but taken by no rule"."""
    p = make(
        scenario(
            change("P", earliest=date(2027, 2, 1)),
            change("D", depends_on=("P",), pin="ris-2027-01-13"),
        )
    )
    [u] = p.unscheduled
    assert u.change == "P"
    assert u.cause is UnscheduledCause.DEPENDENCY_ORDER
    # December and January are before its earliest date; February to May break the order.
    assert u.detail.endswith("by rule: 2 earliest date, 4 dependency order"), u.detail
    text = maintwin.explain(p, "P")
    assert "free, but taken by no rule" not in text
    for month in ("2027-02-10", "2027-03-10", "2027-04-14", "2027-05-12"):
        assert (
            f"ris-{month} ({month} 10:00 CDT): its dependent D runs earlier, in ris-2027-01-13 "
            "(kept) [dependency order]"
            in text
            or f"ris-{month} ({month} 10:00 CST): its dependent D runs earlier, in ris-2027-01-13"
            " (kept) [dependency order]"
            in text
        ), text
    assert "ris-2026-12-09 (2026-12-09 10:00 CST): before its earliest date 2027-02-01" in text


# -- loose ends ------------------------------------------------------------------------------


def test_a_short_notice_change_never_rides_before_it_was_requested() -> None:
    late = change("LATE", short_notice=True, requested_on=date(2027, 1, 20))
    p = maintwin.plan(
        scenario(late, policy=Policy()), START, END, now=NOW
    )  # six months' lead time: the approval is what lets it ride early
    [a] = p.assignments
    assert a.window == "ris-2027-02-10"  # not ris-2026-12-09 or ris-2027-01-13
    assert "before it was requested (2027-01-20) [lead time]" in maintwin.explain(p, "LATE")


def test_check_reports_a_short_notice_change_before_its_request() -> None:
    late = change("LATE", short_notice=True, requested_on=date(2027, 1, 20))
    p = make(scenario(late))
    edited = p.model_copy(
        update={"assignments": (maintwin.Assignment(change="LATE", window="ris-2027-01-13"),)}
    )
    [c] = [c for c in maintwin.check(edited) if c.code is ConflictCode.LEAD_TIME]
    assert c.severity is Severity.ERROR
    assert c.message == (
        "short-notice change LATE rides on 2027-01-13, before it was requested on 2027-01-20"
    )


def test_overlapping_windows_of_one_subsystem_that_both_carry_work_are_reported() -> None:
    vendor = OneOffWindow(
        id="ris-vendor", subsystem="RIS", start=datetime(2027, 1, 13, 9, 30), duration="PT1H"
    )
    work = (
        change("A", pin="ris-vendor"),
        change("B", pin="ris-2027-01-13"),
    )
    p = make(scenario(*work, one_off_windows=(vendor,)))
    [c] = [c for c in p.conflicts if c.code is ConflictCode.WINDOWS_OVERLAP]
    assert c.severity is Severity.WARNING
    assert c.windows == ("ris-vendor", "ris-2027-01-13")
    assert "overlap in time, and both carry work" in c.message
    assert maintwin.check(p) == list(p.conflicts)


def test_overlapping_windows_are_alternatives_while_only_one_carries_work() -> None:
    """A Friday-night and a Saturday-afternoon start for one upgrade: only the one used goes
    down, so the other overlapping it is no finding."""
    vendor = OneOffWindow(
        id="ris-vendor", subsystem="RIS", start=datetime(2027, 1, 13, 9, 30), duration="PT1H"
    )
    p = make(scenario(change("A", pin="ris-vendor"), one_off_windows=(vendor,)))
    assert [a.window for a in p.assignments] == ["ris-vendor"]
    assert not [c for c in p.conflicts if c.code is ConflictCode.WINDOWS_OVERLAP]


def test_windows_that_only_touch_do_not_overlap() -> None:
    before = OneOffWindow(
        id="ris-before", subsystem="RIS", start=datetime(2027, 1, 13, 9, 0), duration="PT1H"
    )
    p = make(scenario(one_off_windows=(before,)))  # ends 10:00, when ris-2027-01-13 starts
    assert not [c for c in p.conflicts if c.code is ConflictCode.WINDOWS_OVERLAP]


def test_a_one_off_window_with_a_typo_in_its_subsystem_says_so() -> None:
    typo = OneOffWindow(
        id="vendor", subsystem="PAC", start=datetime(2027, 3, 20, 22, 0), duration="PT2H"
    )
    p = make(scenario(one_off_windows=(typo,), trains=(RIS, PACS)))
    [c] = [c for c in p.conflicts if c.code is ConflictCode.UNKNOWN_REFERENCE]
    assert c.severity is Severity.WARNING
    assert c.windows == ("vendor",)
    assert c.message == (
        "one-off window vendor names subsystem 'PAC', which no release train has "
        "(did you mean 'PACS'?)"
    )


def test_a_change_with_a_typo_in_its_subsystem_names_the_closest() -> None:
    p = make(scenario(change("X", subsystem="PAC"), trains=(RIS, PACS)))
    [c] = [c for c in p.conflicts if c.code is ConflictCode.UNKNOWN_REFERENCE]
    assert c.severity is Severity.ERROR
    assert "(did you mean 'PACS'?)" in c.message


def test_a_runbook_of_no_window_raises_like_window() -> None:
    p = make(scenario(change("X")))
    with pytest.raises(MaintwinError, match="no window 'no-such-window' in this plan's horizon"):
        p.runbook("no-such-window")
    assert [c.change for c in p.runbook(p.assignments[0].window).changes] == ["X"]


def test_explain_an_edited_plan_with_an_unknown_change_in_the_window() -> None:
    p = make(scenario(change("A")))
    edited = p.model_copy(
        update={
            "assignments": (
                maintwin.Assignment(change="A", window="ris-2026-12-09"),
                maintwin.Assignment(change="GHOST", window="ris-2026-12-09", offset="PT5M"),
            )
        }
    )
    assert "the window holds 5 min of 15 min" in maintwin.explain(edited, "A")
    with pytest.raises(MaintwinError, match="no change 'B'"):
        maintwin.explain(edited, "B")


def test_a_change_pinned_outside_the_horizon_is_explained_window_by_window() -> None:
    p = make(scenario(change("A", pin="ris-2028-01-12")))
    text = maintwin.explain(p, "A")
    assert "free, but taken by no rule" not in text
    assert "ris-2027-02-10 (2027-02-10 10:00 CST): it is pinned to ris-2028-01-12 [kept " in text


# -- the layout ------------------------------------------------------------------------------


def _imports(path: Path) -> set[str]:
    """The maintwin modules ``path`` imports (relative imports resolved), inside functions
    and under TYPE_CHECKING too."""
    package = ["maintwin", *path.relative_to(SRC).parent.parts]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            out.add(".".join([*base, *(node.module or "").split(".")]).rstrip("."))
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names)
    return {m for m in out if m.startswith("maintwin")}


# The outputs built on a scenario or a plan: the core never reaches for them.
OUTPUTS = ("maintwin._calendar_page", "maintwin._window_state", "maintwin._scenario_schema")


@pytest.mark.parametrize(
    ("layer", "below"),
    [
        ("_model", ("maintwin._expansion", "maintwin._scenario", "maintwin._planning")),
        ("_expansion", ("maintwin._scenario", "maintwin._planning", "maintwin.ical")),
        ("_planning", ("maintwin.ical", "maintwin.testing", *OUTPUTS)),
        ("_model", OUTPUTS),
        ("_expansion", OUTPUTS),
        ("_calendar_page", ("maintwin.ical", "maintwin.testing")),
    ],
)
def test_data_flows_one_way(layer: str, below: tuple[str, ...]) -> None:
    """Nothing in a layer imports a layer that comes after it in the flow
    inputs -> occurrences -> plan -> outputs."""
    for path in sorted((SRC / layer).rglob("*.py")):
        wrong = {m for m in _imports(path) if m.startswith(below)}
        assert not wrong, f"{path.relative_to(SRC)} imports {sorted(wrong)}"


def test_nothing_below_the_command_imports_it() -> None:
    """The command line is the last layer: only ``python -m maintwin`` imports it."""
    for path in sorted(SRC.rglob("*.py")):
        if "_cli" in path.relative_to(SRC).parts or path.name == "__main__.py":
            continue
        wrong = {m for m in _imports(path) if m.startswith("maintwin._cli")}
        assert not wrong, f"{path.relative_to(SRC)} imports {sorted(wrong)}"


def test_the_plan_is_data() -> None:
    """`Plan` does not reach back into the solvers, the rules, explain or the objective: the
    planning modules it reads are views of its own data (the playbook, the estimates)."""
    found = _imports(SRC / "_planning" / "plan.py")
    assert {m for m in found if m.startswith("maintwin._planning.")} <= {
        "maintwin._planning.playbook",
        "maintwin._planning.estimate",
        "maintwin._planning.runbook",
    }, found
    assert not {m for m in _imports(SRC / "_planning" / "estimate.py") if "_planning" in m}
    behind = _imports(SRC / "_planning" / "playbook.py")
    views = {"maintwin._planning.meetings", "maintwin._planning.notice_text"}
    assert {m for m in behind if m.startswith("maintwin._planning.")} <= views, behind


def test_every_rule_is_registered_once() -> None:
    from maintwin._planning import rules

    modules = {p.stem for p in (SRC / "_planning" / "rules").glob("*.py")} - {"__init__", "base"}
    registered = [type(rule).__module__.rsplit(".", 1)[1] for rule in rules.RULES]
    assert sorted(registered) == sorted(modules)
    assert len({rule.name for rule in rules.RULES}) == len(rules.RULES)


def test_every_conflict_code_has_a_rule_that_reports_it() -> None:
    reported: set[str] = set()
    for path in (SRC / "_planning" / "rules").glob("*.py"):
        reported |= {
            node.attr
            for node in ast.walk(ast.parse(path.read_text()))
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "ConflictCode"
        }
    assert reported == {code.name for code in ConflictCode}


# -- no process-wide side effects ------------------------------------------------------------


def test_planning_and_checking_leave_the_garbage_collector_alone() -> None:
    """`plan()` and `check()` neither switch the cyclic collector off nor change its
    thresholds: it keeps collecting while they run."""
    import gc

    before = (gc.isenabled(), gc.get_threshold())
    collections: list[int] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    s = scenario(*(change(f"C{i}", duration="PT1M") for i in range(200)))
    gc.callbacks.append(seen)
    try:
        p = make(s)
        maintwin.check(p)
    finally:
        gc.callbacks.remove(seen)
    assert (gc.isenabled(), gc.get_threshold()) == before
    assert collections, "the collector did not run while planning 200 changes"
