"""maintwin.testing.strategies: everything drawn is valid and survives a JSON round trip, every
public model resolves with st.from_type, and bad options are refused up front."""

from __future__ import annotations

import importlib.metadata
import itertools
import pkgutil
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from pydantic import BaseModel

import maintwin
import maintwin.testing
from maintwin._planning.estimate import estimate
from maintwin.testing import strategies as mst
from maintwin.testing._hypothesis import STRATEGIES

PUBLIC_MODELS = [
    obj
    for name in maintwin.__all__
    if isinstance(obj := getattr(maintwin, name), type) and issubclass(obj, BaseModel)
]
# Public classes that are not pydantic models but that users draw too.
OTHER_TYPES = [maintwin.Occurrence, maintwin.PlanScore, mst.PlanningCase]


def _instants(value: Any) -> Any:
    """``value`` with every aware date-time in UTC: what a JSON round trip must keep."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    if isinstance(value, dict):
        return {k: _instants(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_instants(v) for v in value]
    return value


def assert_round_trips(model: BaseModel) -> None:
    """``model`` validates again from its JSON and from its Python dump, and keeps its value.

    Read back from JSON, an aware date-time has a fixed UTC offset instead of its zone; Python
    then calls it unequal to the original when the local time occurs twice (PEP 495), so the
    JSON round trip compares instants, and the text written again.
    """
    cls = type(model)
    text = model.model_dump_json()
    again = cls.model_validate_json(text)
    assert again.model_dump_json() == text
    assert _instants(again.model_dump()) == _instants(model.model_dump())
    assert cls.model_validate(model.model_dump()) == model


# -- everything drawn is valid ------------------------------------------------------------------


@given(mst.schedules())
def test_drawn_schedules_are_valid(schedule: maintwin.Schedule) -> None:
    assert_round_trips(schedule)
    assert schedule.timezone in mst.ZONES


@given(mst.release_trains(subsystems=["RIS", "PACS"], downtime=1))
def test_drawn_release_trains_are_valid(train: maintwin.ReleaseTrain) -> None:
    assert_round_trips(train)
    assert train.subsystem in ("RIS", "PACS")
    assert train.id == train.subsystem.lower()
    assert train.downtime is not None


@given(mst.blackouts(subsystems=["RIS", "PACS"], reasons=["freeze", "vendor"]))
def test_drawn_blackouts_are_valid(blackout: maintwin.Blackout) -> None:
    assert_round_trips(blackout)
    assert blackout.reason in ("freeze", "vendor")
    assert set(blackout.scope or ()) <= {"RIS", "PACS"}


@given(mst.changes(subsystems=["RIS"], prerequisites=["CHG-1", "CHG-2"], dependency_density=1))
def test_drawn_changes_are_valid(change: maintwin.Change) -> None:
    assert_round_trips(change)
    assert change.subsystem == "RIS"
    assert change.depends_on
    assert set(change.depends_on) <= {"CHG-1", "CHG-2"}


@given(mst.policies())
def test_drawn_policies_are_valid(policy: maintwin.Policy) -> None:
    assert_round_trips(policy)


@given(mst.scenarios())
def test_drawn_scenarios_are_valid(scenario: maintwin.Scenario) -> None:
    assert_round_trips(scenario)
    # (Compared as JSON: PEP 495 makes a time in a repeated hour unequal to the same instant
    # in another zone, which is what the JSON of an aware time reads back in.)
    dumped = scenario.model_dump_json(by_alias=True)
    assert maintwin.Scenario.from_json(dumped).model_dump_json(by_alias=True) == dumped


@given(mst.planning_cases(subsystems=["RIS", "PACS"], horizon=(date(2027, 1, 1), date(2028, 1, 1))))
def test_options_shape_the_drawn_cases(case: mst.PlanningCase) -> None:
    assert (case.start, case.end) == (date(2027, 1, 1), date(2028, 1, 1))
    assert case.scenario.subsystems == ("PACS", "RIS")
    assert case.now.tzinfo is not None
    assert all(c.subsystem in ("RIS", "PACS") for c in case.scenario.changes)


@given(
    mst.planning_cases(
        subsystems=3,
        zones=["Asia/Kathmandu"],
        policy=maintwin.Policy(lead_time_months=1),
        short_notice=0,
        pinned=1,
        holidays=False,
        max_changes=3,
    )
)
def test_more_options_shape_the_drawn_scenarios(case: mst.PlanningCase) -> None:
    scenario = case.scenario
    assert len(scenario.subsystems) == 3
    assert scenario.timezone == "Asia/Kathmandu"
    assert scenario.policy == maintwin.Policy(lead_time_months=1)
    assert not scenario.holidays
    assert len(scenario.changes) <= 3
    windows = scenario.windows(case.start, case.end)
    for change in scenario.changes:
        assert not change.short_notice
        mine = {w.id for w in windows if w.subsystem == change.subsystem}
        assert change.pin in mine if mine else change.pin is None


@given(mst.scenarios(blackout_density=0, dependency_density=0, max_changes=30))
def test_densities_of_zero_draw_no_blackouts_and_no_dependencies(
    scenario: maintwin.Scenario,
) -> None:
    assert scenario.blackouts == ()
    assert all(not c.depends_on for c in scenario.changes)


# -- people, absences, rotations, staffing --------------------------------------------------------


@given(mst.people(roles=["dba", "network"], zones=["America/Denver", "Europe/London"]))
def test_drawn_people_are_valid(person: maintwin.Person) -> None:
    assert_round_trips(person)
    assert person.id in mst.NAMES
    assert set(person.roles) <= {"dba", "network"}
    assert person.timezone in (None, "America/Denver", "Europe/London")
    assert person.email is None or person.email == f"{person.id}@example.org"


@given(mst.people(away=False))
def test_people_drawn_without_time_away_are_never_away(person: maintwin.Person) -> None:
    assert (person.unavailable, person.away, person.holidays) == ((), (), None)


@given(mst.absences(horizon=(date(2027, 1, 1), date(2027, 7, 1))))
def test_drawn_absences_are_valid(absence: maintwin.Absence) -> None:
    assert_round_trips(absence)
    if absence.schedule is not None:
        assert absence.duration is not None
    else:
        assert absence.start is not None
        first = absence.start.date() if isinstance(absence.start, datetime) else absence.start
        assert date(2026, 12, 1) <= first <= date(2027, 7, 1)  # in it, or a few hours off


@given(mst.rotations(role="network", people=["sam", "kim", "ash"]))
def test_drawn_rotations_are_valid(rotation: maintwin.Rotation) -> None:
    assert_round_trips(rotation)
    assert rotation.role == "network"
    assert set(rotation.people) <= {"sam", "kim", "ash"}
    assert rotation.handoff.starts_on is not None
    assert {o.person for o in rotation.overrides} <= {"sam", "kim", "ash"}
    aware = [o for o in rotation.overrides if o.start.tzinfo is not None]
    for first, second in itertools.pairwise(aware):
        assert first.end.astimezone(UTC) <= second.start.astimezone(UTC)  # no two at once


@given(mst.staffing(trains=["ris", "pacs"], roles=["dba"]))
def test_drawn_staffing_is_valid(staffing: maintwin.Staffing) -> None:
    assert_round_trips(staffing)
    assert staffing.train in ("ris", "pacs")
    assert set(staffing.needs) == {"dba"}
    assert set(staffing.backups) <= {"dba"}


@given(mst.changes(roles=["dba"], owners=["dana", "lee"], needs=1))
def test_changes_drawn_with_needs_need_people_of_their_own(change: maintwin.Change) -> None:
    assert_round_trips(change)
    assert change.needs or change.owner
    assert set(change.needs) | set(change.backups) <= {"dba"}
    assert change.owner in (None, "dana", "lee")


@given(mst.planning_cases(staffing=1, change_needs=1))
def test_scenarios_drawn_with_staffing_have_people_and_crews(case: mst.PlanningCase) -> None:
    scenario = case.scenario
    # Cross-checked again: rotations and owners name people who have the role.
    # (Compared as JSON: PEP 495 makes a time in a repeated hour unequal to the same instant
    # in another zone, which is what the JSON of an aware time reads back in.)
    dumped = scenario.model_dump_json(by_alias=True)
    assert maintwin.Scenario.from_json(dumped).model_dump_json(by_alias=True) == dumped
    assert 2 <= len(scenario.people) <= 7
    held = {r for p in scenario.people for r in p.roles}
    carrying = {t.id for t in scenario.trains if t.downtime is not None}
    for s in scenario.staffing:
        assert s.train in carrying
        assert set(s.needs) | set(s.backups) <= held
    for r in scenario.rotations:
        assert all(r.role in p.roles for p in scenario.people if p.id in r.people)
    for c in scenario.changes:
        assert c.needs or c.owner
        assert set(c.needs) <= held


@given(mst.scenarios(staffing=0, change_needs=1))
def test_scenarios_drawn_without_staffing_have_no_people(scenario: maintwin.Scenario) -> None:
    assert (scenario.people, scenario.staffing, scenario.rotations) == ((), (), ())
    assert all(not c.needs and not c.backups and c.owner is None for c in scenario.changes)


@given(mst.scenarios(staffing=1, rotations=False, change_needs=0))
def test_the_staffing_options_switch_rotations_and_change_needs_off(
    scenario: maintwin.Scenario,
) -> None:
    assert scenario.people
    assert scenario.rotations == ()
    assert all(not c.needs and not c.backups and c.owner is None for c in scenario.changes)


def _found(strategy: st.SearchStrategy[Any], condition: Callable[[Any], bool]) -> Any:
    """The first value drawn that meets ``condition`` (not shrunk; the same every run)."""
    once = settings(max_examples=1_000, database=None, derandomize=True, phases=[Phase.generate])
    return find(strategy, condition, settings=once)


def test_the_people_strategies_reach_the_hard_cases() -> None:
    # Someone in Denver, whose day off starts at Denver's midnight.
    _found(mst.people(), lambda p: p.timezone == "America/Denver" and p.unavailable)
    _found(mst.people(), lambda p: p.holidays is not None and p.holidays.subdiv is not None)
    _found(mst.absences(), lambda a: isinstance(a.start, datetime))  # an appointment
    _found(mst.absences(), lambda a: a.schedule is not None and a.duration < timedelta(days=1))
    # A rotation handing off at a local time that occurs twice or not at all.
    _found(mst.rotations(zones=["America/Chicago"]), _hands_off_in_a_clock_change)
    _found(mst.rotations(), lambda r: any(o.start.tzinfo is None for o in r.overrides))
    _found(mst.rotations(), lambda r: r.turn == 7 and "DAILY" in r.handoff.rrule)


def _hands_off_in_a_clock_change(rotation: maintwin.Rotation) -> bool:
    zone = ZoneInfo(rotation.handoff.timezone or "America/Chicago")
    at = rotation.handoff.at
    for day in (date(2027, 3, 14), date(2027, 11, 7), date(2028, 3, 12), date(2028, 11, 5)):
        local = datetime.combine(day, at)
        fold0, fold1 = local.replace(tzinfo=zone), local.replace(tzinfo=zone, fold=1)
        if fold0.utcoffset() != fold1.utcoffset() and "BYDAY=SU" in rotation.handoff.rrule:
            return True
    return False


def test_the_drawn_scenarios_reach_every_kind_of_crewing() -> None:
    def windows(case: mst.PlanningCase) -> list[maintwin.Window]:
        return case.scenario.windows(case.start, case.end)

    cases = mst.planning_cases(staffing=1)
    _found(cases, lambda c: any(w.crew for w in windows(c)))
    _found(cases, lambda c: any(w.gaps and w.blocked_by for w in windows(c)))
    _found(cases, lambda c: any(w.gaps and not w.blocked_by for w in windows(c)))  # a warning
    for reason in maintwin.Unavailability:
        _found(
            cases,
            lambda c, reason=reason: any(
                m.reason is reason for w in windows(c) for g in w.gaps for m in g.missing
            ),
        )


# -- clients, short-notice records, notices ---------------------------------------------------

QUESTIONS = maintwin.Policy().review_questions


def _full_record(change: maintwin.Change) -> bool:
    record = change.short_notice
    return (
        record is not None
        and record.approval is not None
        and bool(record.answers)
        and bool(record.worst_case and record.rollback)
    )


@given(mst.scenarios(clients=1, short_notice=1, max_changes=6))
def test_drawn_clients_and_short_notice_records_fit_their_scenario(
    scenario: maintwin.Scenario,
) -> None:
    # Cross-checked again: client subsystems, also_affects and answer keys name what exists.
    dumped = scenario.model_dump_json(by_alias=True)
    assert maintwin.Scenario.from_json(dumped).model_dump_json(by_alias=True) == dumped
    assert 1 <= len(scenario.clients) <= 2
    assert len({c.id for c in scenario.clients}) == len(scenario.clients)
    known = set(scenario.subsystems)
    for client in scenario.clients:
        assert set(client.subsystems) <= known
        assert client.timezone is None or client.timezone in mst.ZONES
        assert client.contacts
    for change in scenario.changes:
        assert change.status is maintwin.Status.PROPOSED  # the invariants plan every change
        assert change.retried_by is None
        assert change.short_notice is not None
        assert set(change.short_notice.answers) <= set(scenario.policy.review_questions)
        assert set(change.also_affects) <= known - {change.subsystem}


@given(mst.scenarios(clients=0))
def test_scenarios_drawn_without_clients_have_none(scenario: maintwin.Scenario) -> None:
    assert scenario.clients == ()
    assert all(c.status is maintwin.Status.PROPOSED for c in scenario.changes)


ASKING = maintwin.Policy(
    review_questions={"tested": "How was it tested?", "owner": "Who owns it?"},
    cab=maintwin.CabMeeting(weekday="TH"),
)


@given(mst.changes(short_notice=1, policy=ASKING, subsystems=["RIS", "PACS"]))
def test_short_notice_records_answer_the_policys_questions(change: maintwin.Change) -> None:
    assert_round_trips(change)
    record = change.short_notice
    assert record is not None
    assert set(record.answers) <= {"tested", "owner"}
    assert all(text.strip() for text in record.answers.values())
    approval = record.approval
    if approval is not None:
        assert approval.on > change.requested_on  # at, or after, the next Thursday's meeting
        assert approval.meeting is None or approval.meeting.weekday() == 3
    assert set(change.also_affects) <= {"RIS", "PACS"} - {change.subsystem}


@given(st.from_type(maintwin.Notice))
def test_drawn_notices_keep_their_own_rules(notice: maintwin.Notice) -> None:
    start, due = notice.start.astimezone(UTC), notice.due.astimezone(UTC)
    assert str(notice.start.tzinfo) == str(notice.due.tzinfo) == notice.timezone
    assert start < notice.end.astimezone(UTC)
    assert notice.window.startswith(notice.subsystem.lower() + "-")
    assert notice.changes
    assert notice.subject
    assert notice.text
    assert notice.html
    assert (notice.late_by is not None) == notice.late
    if notice.kind in (maintwin.NoticeKind.MOVED, maintwin.NoticeKind.CANCELLED):
        assert notice.offset is None
        assert notice.status is maintwin.NoticeStatus.PENDING
        assert due < start
    elif notice.kind is maintwin.NoticeKind.POINT_OF_SERVICE:
        assert notice.offset == timedelta(0)
        assert (due, notice.status) == (start, maintwin.NoticeStatus.PENDING)
    else:
        assert notice.offset is not None
        assert notice.offset > timedelta(0)
        assert due < start
        if notice.late_by is not None:  # now is after it was due, and before the window
            assert due + notice.late_by < start
    if notice.audience is maintwin.Audience.INTERNAL:
        assert notice.reader is None
    if notice.audience is maintwin.Audience.CREW:
        assert notice.reader in mst.NAMES


@given(st.from_type(maintwin.Playbook))
def test_drawn_playbooks_list_their_tasks_in_order(playbook: maintwin.Playbook) -> None:
    kinds = [t.kind for t in playbook.tasks]
    review = {maintwin.TaskKind.EMAIL, maintwin.TaskKind.MEETING, maintwin.TaskKind.QUESTION}
    assert playbook.short_notice == (maintwin.TaskKind.MEETING in kinds)
    assert playbook.short_notice or not review & set(kinds)
    if playbook.window is None:
        assert maintwin.TaskKind.NOTICE not in kinds
    order = list(maintwin.TaskKind)  # the order a playbook is worked in
    assert kinds == sorted(kinds, key=order.index)
    dues = [t.due for t in playbook.tasks if t.kind is maintwin.TaskKind.NOTICE]
    assert dues == sorted(dues)
    for task in playbook.tasks:
        if task.kind in (maintwin.TaskKind.QUESTION, maintwin.TaskKind.PLAN):
            assert task.open == task.detail.startswith("(no")


def test_the_drawn_inputs_reach_the_communications_cases() -> None:
    urgent = mst.scenarios(short_notice=1)
    _found(urgent, lambda s: any(_full_record(c) for c in s.changes))
    _found(urgent, lambda s: any(c.short_notice == maintwin.ShortNotice() for c in s.changes))
    _found(
        urgent,
        lambda s: any(
            c.short_notice
            and c.short_notice.answers
            and len(c.short_notice.answers) < len(QUESTIONS)
            for c in s.changes
        ),
    )
    _found(mst.scenarios(), lambda s: any(c.also_affects for c in s.changes))
    _found(mst.scenarios(), lambda s: any(c.affects for c in s.changes))
    _found(mst.scenarios(), lambda s: any(c.timezone for c in s.clients))
    _found(mst.scenarios(), lambda s: any(c.subsystems for c in s.clients))
    _found(mst.scenarios(), lambda s: s.templates != maintwin.NoticeTemplates())
    _found(mst.policies(), lambda p: p.internal_notices_for == "all")
    _found(mst.policies(), lambda p: p.review_questions != QUESTIONS)
    _found(mst.policies(), lambda p: p.cab is not None and p.cab.timezone is not None)
    notices = st.from_type(maintwin.Notice)
    for kind in maintwin.NoticeKind:
        _found(notices, lambda n, kind=kind: n.kind is kind)
    for status in maintwin.NoticeStatus:
        _found(notices, lambda n, status=status: n.status is status)
    tasks = st.from_type(maintwin.Task)
    for task_kind in maintwin.TaskKind:
        _found(tasks, lambda t, task_kind=task_kind: t.kind is task_kind)
    _found(tasks, lambda t: t.open)


# -- runbooks -------------------------------------------------------------------------------


@given(mst.changes(subsystems=["RIS"], runbooks=1, roles=["dba"], owners=["dana"]))
def test_changes_drawn_with_runbooks_are_valid_and_timed(change: maintwin.Change) -> None:
    assert_round_trips(change)
    # Every change can be planned: a stated duration, timed steps or a dry run gives its length.
    assert change.duration or any(s.duration for s in change.steps) or change.dry_runs
    owners = {s.owner for s in change.steps} | {
        s.owner for s in (change.rollback.steps if change.rollback else ())
    }
    assert owners <= {None, "dba", "dana"}
    for run in change.dry_runs:
        assert not run.steps or len(run.steps) == len(change.steps)


@given(mst.changes(runbooks=1))
def test_changes_drawn_without_roles_or_owners_have_unowned_steps(change: maintwin.Change) -> None:
    # So that they can join any scenario: with people, a step's owner must be one of them.
    rollback = change.rollback.steps if change.rollback else ()
    assert all(s.owner is None for s in (*change.steps, *rollback))


@given(mst.scenarios(runbooks=0, slack=0))
def test_scenarios_drawn_without_runbooks_have_none(scenario: maintwin.Scenario) -> None:
    assert scenario.policy.slack is None
    for change in scenario.changes:
        assert change.duration is not None
        assert not change.dry_runs
        assert change.rollback is None
        assert all(s.duration is None for s in change.steps)


@given(mst.planning_cases(runbooks=1, staffing=1, max_changes=4))
def test_scenarios_drawn_with_runbooks_name_their_step_owners(case: mst.PlanningCase) -> None:
    scenario = case.scenario
    # Valid again from its JSON: the step owners are roles somebody has, or people.
    dumped = scenario.model_dump_json(by_alias=True)
    assert maintwin.Scenario.from_json(dumped).model_dump_json(by_alias=True) == dumped
    accepted = {p.id for p in scenario.people} | {r for p in scenario.people for r in p.roles}
    for change in scenario.changes:
        assert {s.owner for s in change.steps} <= accepted | {None}


def _policy_estimates(s: maintwin.Scenario) -> list[maintwin.Estimate]:
    return [estimate(c, s.policy) for c in s.changes]


def test_the_drawn_runbooks_reach_every_kind_of_step_and_figure() -> None:
    rich = mst.scenarios(runbooks=1, slack=1)
    kinds = maintwin.StepKind
    for kind in kinds:
        _found(rich, lambda s, kind=kind: any(x.kind is kind for c in s.changes for x in c.steps))
    _found(rich, lambda s: any(c.duration is None for c in s.changes))
    _found(rich, lambda s: any(r.steps for c in s.changes for r in c.dry_runs))
    _found(rich, lambda s: any(r.steps == () for c in s.changes for r in c.dry_runs))
    _found(rich, lambda s: any(c.rollback and c.rollback.steps for c in s.changes))
    _found(rich, lambda s: s.policy.slack is not None)
    for basis in maintwin.Basis:
        _found(rich, lambda s, basis=basis: any(e.basis is basis for e in _policy_estimates(s)))
    _found(rich, lambda s: any(e.understated for e in _policy_estimates(s)))
    # The default draws some runbooks and some room to recover too.
    _found(mst.scenarios(), lambda s: any(c.rollback for c in s.changes))
    _found(mst.scenarios(), lambda s: s.policy.slack is not None)


# -- st.from_type -------------------------------------------------------------------------------


def test_the_hypothesis_entry_point_is_installed() -> None:
    found = importlib.metadata.entry_points(group="hypothesis")
    values = [e.value for e in found if e.value.startswith("maintwin")]
    assert values == ["maintwin.testing._hypothesis:_hypothesis_setup_hook"]


def test_each_testing_module_imports_first_in_a_fresh_interpreter() -> None:
    """Importing a module of maintwin.testing imports Hypothesis, whose entry point imports
    maintwin.testing._hypothesis: that must not need the module still loading (importing
    _cases first once failed with a circular import)."""
    names = sorted(
        m.name for m in pkgutil.iter_modules(maintwin.testing.__path__, "maintwin.testing.")
    )
    assert "maintwin.testing._cases" in names
    for name in names:
        run = subprocess.run(
            [sys.executable, "-c", f"import {name}"], capture_output=True, text=True, check=False
        )
        assert run.returncode == 0, f"import {name}: {run.stderr}"


@pytest.mark.parametrize("cls", PUBLIC_MODELS + OTHER_TYPES, ids=lambda cls: cls.__name__)
def test_every_public_model_has_a_strategy(cls: type) -> None:
    assert cls in STRATEGIES


@pytest.mark.parametrize("cls", PUBLIC_MODELS + OTHER_TYPES, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_from_type_draws_valid_values_of_every_public_model(cls: type, data: st.DataObject) -> None:
    value = data.draw(st.from_type(cls))
    assert type(value) is cls
    if isinstance(value, BaseModel):
        assert_round_trips(value)


@given(st.from_type(maintwin.Change))
def test_from_type_uses_maintwins_own_strategy(change: maintwin.Change) -> None:
    assert change.id.startswith("CHG-")  # pydantic's fields alone would draw any id
    assert change.subsystem in mst.SUBSYSTEMS


# -- bad options -------------------------------------------------------------------------------

BAD_OPTIONS: list[tuple[Callable[..., object], dict[str, Any], str]] = [
    (mst.scenarios, {"zones": ["Mars/Olympus_Mons"]}, "zones=['Mars/Olympus_Mons']"),
    (mst.scenarios, {"zones": "Europe/London"}, "zones='Europe/London'"),
    (mst.scenarios, {"zones": []}, "zones=[]"),
    (mst.scenarios, {"subsystems": 0}, "subsystems=0"),
    (mst.scenarios, {"subsystems": (3, 1)}, "subsystems=(3, 1)"),
    (mst.scenarios, {"subsystems": 13}, "subsystems=13"),
    (mst.scenarios, {"subsystems": True}, "subsystems=True"),
    (mst.scenarios, {"subsystems": ["RIS", "ris"]}, "subsystems=['RIS', 'ris']"),
    (mst.scenarios, {"subsystems": ["Radiology IS"]}, "'Radiology IS' is not a subsystem name"),
    (mst.scenarios, {"subsystems": [1, 2, 3]}, "1 is not a string"),
    (
        mst.scenarios,
        {"horizon": (date(2027, 2, 1), date(2027, 1, 1))},
        "horizon=(datetime.date(2027, 2, 1), datetime.date(2027, 1, 1))",
    ),
    (mst.scenarios, {"horizon": (datetime(2027, 1, 1), date(2027, 3, 1))}, "is not a date"),
    (mst.scenarios, {"horizon": date(2027, 1, 1)}, "horizon=datetime.date(2027, 1, 1)"),
    (mst.scenarios, {"horizon": (date(1969, 1, 1), date(1970, 1, 1))}, "from 1970 to 2200"),
    (mst.scenarios, {"horizon": (date(2027, 1, 1), date(2077, 1, 1))}, "at most 20 years"),
    (mst.scenarios, {"blackout_density": 1.5}, "blackout_density=1.5"),
    (mst.scenarios, {"dependency_density": -0.1}, "dependency_density=-0.1"),
    (mst.scenarios, {"short_notice": "lots"}, "short_notice='lots'"),
    (mst.scenarios, {"pinned": True}, "pinned=True"),
    (mst.scenarios, {"max_changes": -1}, "max_changes=-1"),
    (mst.scenarios, {"max_changes": 1000}, "max_changes=1000"),
    (mst.scenarios, {"holidays": "yes"}, "holidays='yes'"),
    (mst.scenarios, {"cycles": 1}, "cycles=1"),
    (mst.scenarios, {"policy": {"lead_time_months": 6}}, "policy={'lead_time_months': 6}"),
    (mst.planning_cases, {"short_notice": 2}, "short_notice=2"),
    (mst.plans, {"solver": "fast"}, "solver='fast'"),
    (mst.plans, {"zones": ["UTC", "Nowhere"]}, "unknown time zone 'Nowhere'"),
    (mst.schedules, {"frequencies": ["daily"]}, "'daily' is not one of ['monthly', 'weekly']"),
    (mst.schedules, {"frequencies": "monthly"}, "frequencies='monthly'"),
    (mst.schedules, {"frequencies": ["weekly", "weekly"]}, "without repeats"),
    (mst.schedules, {"horizon": (date(2027, 1, 1),)}, "horizon=(datetime.date(2027, 1, 1),)"),
    (mst.release_trains, {"downtime": 2}, "downtime=2"),
    (mst.release_trains, {"subsystems": []}, "subsystems=[]"),
    (mst.blackouts, {"reasons": ["party"]}, "'party' is not one of"),
    (mst.blackouts, {"subsystems": "RIS"}, "subsystems='RIS'"),
    (mst.changes, {"prerequisites": ["CHG 1"]}, "'CHG 1' is not an id"),
    (mst.changes, {"prerequisites": "CHG-1"}, "prerequisites='CHG-1'"),
    (mst.changes, {"subsystems": ("RIS", "RIS")}, "without repeats"),
    (mst.changes, {"roles": ["d b"]}, "'d b' is not an id"),
    (mst.changes, {"owners": "dana"}, "owners='dana'"),
    (mst.changes, {"needs": 2}, "needs=2"),
    (mst.changes, {"policy": "strict"}, "policy='strict'"),
    (mst.scenarios, {"clients": 2}, "clients=2"),
    (mst.scenarios, {"staffing": 1.5}, "staffing=1.5"),
    (mst.scenarios, {"rotations": "yes"}, "rotations='yes'"),
    (mst.scenarios, {"change_needs": -1}, "change_needs=-1"),
    (mst.scenarios, {"runbooks": 1.5}, "runbooks=1.5"),
    (mst.planning_cases, {"slack": "some"}, "slack='some'"),
    (mst.changes, {"runbooks": -0.5}, "runbooks=-0.5"),
    (mst.people, {"roles": []}, "roles=[]"),
    (mst.people, {"roles": ["dba", "dba"]}, "without repeats"),
    (mst.people, {"zones": ["America/Denvre"]}, "did you mean 'America/Denver'?"),
    (mst.people, {"away": 1}, "away=1"),
    (mst.absences, {"zones": []}, "zones=[]"),
    (mst.rotations, {"role": "on call"}, "role='on call'"),
    (mst.rotations, {"people": []}, "people=[]"),
    (mst.rotations, {"people": ["sam", "sam"]}, "without repeats"),
    (mst.staffing, {"trains": []}, "trains=[]"),
    (mst.staffing, {"roles": ["dba", 7]}, "7 is not an id"),
]


@pytest.mark.parametrize(("strategy", "options", "named"), BAD_OPTIONS)
def test_bad_options_raise_invalid_argument_naming_the_value(
    strategy: Callable[..., object], options: dict[str, Any], named: str
) -> None:
    # Raised when the strategy is made, before anything is drawn.
    with pytest.raises(InvalidArgument) as caught:
        strategy(**options)
    assert named in str(caught.value)


def test_an_unknown_option_is_a_type_error_with_a_suggestion() -> None:
    with pytest.raises(
        TypeError, match=r"unexpected option 'max_change'; did you mean 'max_changes'"
    ):
        mst.scenarios(max_change=3)  # type: ignore[call-arg]


def test_without_hypothesis_the_strategies_say_how_to_install_it() -> None:
    script = (
        "import sys\n"
        "sys.modules['hypothesis'] = None\n"
        "import maintwin.testing.invariants\n"  # the invariants need no Hypothesis
        "try:\n"
        "    import maintwin.testing.strategies\n"
        "except ImportError as exc:\n"
        "    print(exc)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert "pip install 'maintwin[testing]'" in result.stdout
