"""The runbook's gates never lie after the point of no return, on drawn plans.

Each case is a long PACS window (one-off, or a train's, often on a day the clocks change in a
zone of ``maintwin.testing``'s) and a few changes with timed and untimed steps, checks, a gate
or none, dry runs and a rollback or none. Whatever the planner places, for every change of a
window's runbook with a rollback: the point of no return is the window's end minus the
rollback in elapsed time; every gate (its own, or the one the runbook adds) starts by then; the
rollback path ends by the window's end. The expectations come from the scenario's own figures
and UTC arithmetic, not from the runbook's code.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from hypothesis import Phase, event, find, given, settings
from hypothesis import strategies as st

import maintwin
from maintwin import Change, OneOffWindow, Plan, Policy, ReleaseTrain, Scenario, Schedule, StepKind
from maintwin.testing import strategies as mst

START, END = date(2027, 1, 1), date(2028, 1, 1)
NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
# Days the clocks change in one zone or another of mst.ZONES (and the days either side).
DST_DAYS = tuple(
    date(2027, month, day) + timedelta(days=shift)
    for month, day in ((3, 14), (3, 28), (4, 4), (10, 3), (10, 31), (11, 7))
    for shift in (-1, 0)
)


def _minutes(draw: st.DrawFn, low: int, high: int) -> timedelta:
    return timedelta(minutes=draw(st.integers(low, high)))


def _step(draw: st.DrawFn, kind: str) -> dict[str, Any]:
    step: dict[str, Any] = {"title": f"{kind} {draw(st.integers(1, 99))}", "kind": kind}
    if kind != "gate" and draw(st.integers(0, 4)):  # mostly timed
        step["duration"] = _minutes(draw, 0, 180)
    if draw(st.booleans()):
        step["owner"] = draw(st.sampled_from(["dba", "lee"]))
    return step


def _change(draw: st.DrawFn, number: int) -> Change:
    kinds = draw(st.lists(st.sampled_from(["step", "check"]), min_size=1, max_size=6))
    steps = [_step(draw, kind) for kind in kinds]
    if draw(st.booleans()):  # a gate of its own somewhere (else the runbook adds one)
        steps.insert(draw(st.integers(0, len(steps))), _step(draw, "gate"))
    fields: dict[str, Any] = {
        "id": f"CHG-{number}",
        "subsystem": "PACS",
        "requested_on": date(2026, 1, 1),
        "steps": steps,
    }
    if not any(s.get("duration") for s in steps) or draw(st.booleans()):
        fields["duration"] = _minutes(draw, 1, 12 * 60)
    if draw(st.booleans()):
        figures = [_minutes(draw, 0, 200) for _ in steps]
        if any(figures):
            fields["dry_runs"] = [{"on": date(2026, 11, 1), "steps": figures}]
    if draw(st.integers(0, 3)):  # mostly a rollback
        back: dict[str, Any] = {"duration": _minutes(draw, 10, 10 * 60)}
        if draw(st.booleans()):
            back["steps"] = [
                {"title": f"undo {n}", "duration": _minutes(draw, 0, 120)}
                for n in range(draw(st.integers(1, 4)))
            ]
        fields["rollback"] = back
    return Change(**fields)


@st.composite
def upgrade_plans(draw: st.DrawFn) -> Plan:
    """A plan of a few upgrades in long PACS windows (4 to 60 hours)."""
    zone = draw(st.sampled_from(mst.ZONES))
    at = time(draw(st.integers(0, 23)), draw(st.sampled_from([0, 15, 30, 45])))
    length = timedelta(hours=draw(st.integers(4, 60)), minutes=draw(st.sampled_from([0, 30])))
    windows: list[OneOffWindow] = []
    trains: list[ReleaseTrain] = []
    if draw(st.booleans()):
        day = draw(st.sampled_from(DST_DAYS) | st.dates(START, date(2027, 12, 20)))
        windows = [
            OneOffWindow(
                id="pacs-upgrade",
                subsystem="PACS",
                start=datetime.combine(day, at),
                timezone=zone,
                duration=length,
            )
        ]
    else:
        trains = [
            ReleaseTrain(
                id="pacs",
                subsystem="PACS",
                schedule=Schedule(
                    rrule=draw(
                        st.sampled_from(["FREQ=MONTHLY;BYDAY=1SA", "FREQ=MONTHLY;BYDAY=-1SA"])
                    ),
                    at=at,
                    timezone=zone,
                    starts_on=START,
                ),
                downtime=length,
            )
        ]
    changes = [_change(draw, n) for n in range(1, draw(st.integers(1, 4)) + 1)]
    scenario = Scenario(
        name="upgrades",
        timezone=zone,
        trains=trains,
        windows=windows,
        changes=changes,
        people=[{"id": "lee", "roles": ["dba"]}, {"id": "dana", "roles": ["dba"]}],
        policy=Policy(lead_time_months=0),
    )
    return maintwin.plan(scenario, START, END, now=NOW)


def _rollback_length(change: Change) -> timedelta:
    """A rollback is planned at the longer of its duration and its timed steps."""
    assert change.rollback is not None
    timed = sum((s.duration or timedelta(0) for s in change.rollback.steps), timedelta(0))
    return max(change.rollback.duration or timedelta(0), timed)


@given(upgrade_plans())
def test_the_gate_never_lies_after_the_point_of_no_return(plan: Plan) -> None:
    changes = {c.id: c for c in plan.scenario.changes}
    placed = {a.window for a in plan.assignments}
    checked = 0
    for window in plan.windows:
        if window.id not in placed:
            continue
        end = window.end.astimezone(UTC)
        opens = window.start.astimezone(UTC)
        offsets = sorted(a.offset for a in plan.assignments if a.window == window.id)
        for c in plan.runbook(window.id).changes:
            change = changes[c.change]
            later = [o for o in offsets if o > c.offset]
            bound = opens + later[0] if later else end  # the next change starts, or it ends
            if change.rollback is None:
                assert c.point_of_no_return is None
                assert not any(s.deadline or s.added for s in c.steps)
                continue
            ponr = c.point_of_no_return
            assert ponr is not None
            # The window's end less the rollback, and no later than the next change's start.
            assert ponr.astimezone(UTC) == min(end - _rollback_length(change), bound)
            assert str(ponr.tzinfo) == window.timezone  # on the window's clock
            assert ponr.astimezone(UTC) <= end
            gates = [s for s in c.steps if s.kind is StepKind.GATE]
            assert len(gates) == max(1, sum(s.kind is StepKind.GATE for s in change.steps))
            for gate in gates:
                assert gate.deadline is not None
                due = gate.deadline.astimezone(UTC)
                assert due <= ponr.astimezone(UTC)
                assert gate.start.astimezone(UTC) <= due, gate.title
                # A "go" at the deadline leaves the steps after the gate time to end by then.
                after = c.steps[gate.number :]
                rest = sum(
                    (s.end.astimezone(UTC) - s.start.astimezone(UTC) for s in after), timedelta(0)
                )
                assert due + rest <= bound
            # The work ends by the point of no return, and the rollback by the window's end.
            assert c.end.astimezone(UTC) <= ponr.astimezone(UTC)
            for step in c.rollback:
                assert ponr.astimezone(UTC) <= step.start.astimezone(UTC)
                assert step.end.astimezone(UTC) <= end
            checked += 1
    event(f"changes with a rollback in a runbook: {min(checked, 3)}{'+' if checked > 2 else ''}")


def _reaches(plan: Plan, *, added: bool) -> bool:
    """Whether ``plan`` has a runbook change with a rollback whose gate is the runbook's own
    (``added``) or the change's, and the window has a change of clocks."""
    for window in plan.windows:
        if window.start.utcoffset() == window.end.utcoffset():
            continue
        for c in plan.runbook(window.id).changes:
            if c.point_of_no_return is not None and any(g.added is added for g in c.gates):
                return True
    return False


def test_the_drawn_plans_reach_the_property() -> None:
    """The strategy draws what the property is about: placed changes with a rollback, with a
    gate of their own and with the one the runbook adds, in windows with a change of clocks."""
    for added in (True, False):
        found = find(
            upgrade_plans(),
            lambda plan, added=added: _reaches(plan, added=added),
            settings=settings(
                max_examples=2_000, database=None, derandomize=True, phases=[Phase.generate]
            ),
        )
        assert _reaches(found, added=added)
