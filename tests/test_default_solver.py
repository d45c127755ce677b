"""The default solver against the one it was before issue 15, and its two additions.

The default solver now runs a second start (the changes with a deadline first) when the
first leaves a change late or out, and packs two windows at a time exactly (see
``_planning/solvers/greedy.py``). The property: on drawn planning cases it never scores below
the solver as it was (``greedy.solve(problem, reference=True)``), and its plans keep every
rule as the independent invariants state them. The examples state the better plan by hand.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from functools import partial
from typing import Any
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import maintwin
from maintwin import Change, OneOffWindow, Policy, ReleaseTrain, Scenario, Schedule
from maintwin._planning import rules
from maintwin._planning.problem import Problem
from maintwin._planning.rules import JUDGE
from maintwin._planning.solvers import fit, greedy, pairs
from maintwin._planning.solvers.values import totals
from maintwin._planning.state import Placement
from maintwin.testing.invariants import assert_plan_valid
from maintwin.testing.strategies import PlanningCase, planning_cases

from .draws import draws

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 12, 1, tzinfo=CHICAGO)


@contextmanager
def reference_solver() -> Iterator[None]:
    """`maintwin.plan` with the default solver as it was before issue 15."""
    with mock.patch.object(greedy, "solve", partial(greedy.solve, reference=True)):
        yield


def _cases(**options: Any) -> st.SearchStrategy[PlanningCase]:
    return planning_cases(**{"max_changes": 30, "dependency_density": 0.25, **options})


def _never_below(case: PlanningCase) -> None:
    default = case.plan()
    with reference_solver():
        before = case.plan()
    assert_plan_valid(default)
    assert maintwin.score(default).key() >= maintwin.score(before).key(), (
        maintwin.score(default),
        maintwin.score(before),
    )


@settings(max_examples=draws(60), deadline=None)
@given(_cases())
def test_the_default_never_scores_below_the_solver_it_was(case: PlanningCase) -> None:
    _never_below(case)


@settings(max_examples=draws(40), deadline=None)
@given(_cases(subsystems=1, blackout_density=0.0, staffing=0.0, change_needs=0.0))
def test_the_default_never_scores_below_the_solver_it_was_in_one_busy_lane(
    case: PlanningCase,
) -> None:
    _never_below(case)


@settings(max_examples=draws(40), deadline=None)
@given(_cases(slack=1.0))
def test_the_solvers_measure_of_a_placement_is_the_score_its_plan_gets(case: PlanningCase) -> None:
    """The default keeps the best of its starts by :func:`totals`; that must be the score the
    plan gets (slack judged where each change starts in its window, after the
    changes before it), or it keeps the worse plan. Hypothesis found it keeping a start
    whose slack, counted as if each change ran alone, was higher and whose plan was worse."""
    kept: list[Placement] = []
    solve = greedy.solve

    def captured(problem: Problem) -> Placement:
        kept.append(solve(problem))
        return kept[-1]

    with mock.patch.object(greedy, "solve", captured):
        plan = case.plan()
    assert totals(kept[0]) == maintwin.score(plan).key()


def test_two_changes_asking_for_slack_in_one_window_are_judged_in_their_order() -> None:
    """A 15-minute window and two 6-minute changes that each ask for 5 minutes after their
    work: the first (priority 1, weight 9) starts at 0 and leaves 9 minutes; the second
    (priority 4, weight 6) starts at 6 and leaves 3. Only the first's weight counts as
    slack; counted alone, each would leave 9."""
    scenario = _scenario([_change("A", 6, 1), _change("B", 6, 4)]).model_copy(
        update={
            "policy": Policy(lead_time_months=0, slack={"longer_than": "PT0M", "at_least": "PT5M"})
        }
    )
    windows = scenario.windows(date(2027, 1, 1), date(2027, 2, 1))
    problem = Problem(scenario.changes, scenario.policy, windows, now=NOW, judge=JUDGE)
    state = Placement(problem)
    slot = problem.slots["ris-2027-01-13"]
    state.put("A", slot)
    state.put("B", slot)
    assert totals(state)[:3] == (15, 15, 9)


def _scenario(changes: list[Change]) -> Scenario:
    train = ReleaseTrain(
        id="ris",
        subsystem="RIS",
        schedule=Schedule.nth_weekday(2, "WE", at="10:00"),  # 2027-01-13, 2027-02-10
        downtime="PT15M",
    )
    return Scenario(name="t", timezone="America/Chicago", trains=[train], changes=changes)


def _change(
    cid: str, minutes: int, priority: int, deadline: date | None = None, after: str = ""
) -> Change:
    return Change(
        id=cid,
        subsystem="RIS",
        duration=timedelta(minutes=minutes),
        requested_on=date(2026, 6, 1),
        priority=priority,
        deadline=deadline,
        depends_on=(after,) if after else (),
    )


def _windows(plan: maintwin.Plan) -> dict[str, list[str]]:
    """Each window's changes, by id."""
    found: dict[str, list[str]] = {}
    for a in plan.assignments:
        found.setdefault(a.window, []).append(a.change)
    return {w: sorted(cids) for w, cids in found.items()}


def test_two_windows_packed_exactly_delay_the_least_weight() -> None:
    """Two 15-minute windows (January 13 and February 10) and 32 minutes of work: something is
    left out. Weights: priority 1 weighs 9, priority 4 weighs 6. C1 (5 min) is due in
    January; everything else can wait. Leaving out a 6-weight change is the least loss (C0 or
    C2; any other choice loses more, and C3 alone frees too little). Without C0 the best is
    January {C1, C4}, February {C2, C3}: 15 weight a month late. Without C2, January takes C0,
    C1 and C3 (14 minutes) and only C4 (9) waits a month: the optimum."""
    scenario = _scenario(
        [
            _change("C0", 6, 4),
            _change("C1", 5, 4, date(2027, 1, 28)),
            _change("C2", 10, 4),
            _change("C3", 3, 1, date(2027, 2, 28)),
            _change("C4", 8, 1),
        ]
    )
    span = (date(2027, 1, 1), date(2027, 3, 1))
    with reference_solver():
        before = maintwin.plan(scenario, *span, now=NOW)
    plan = maintwin.plan(scenario, *span, now=NOW)
    assert _windows(plan) == {"ris-2027-01-13": ["C0", "C1", "C3"], "ris-2027-02-10": ["C4"]}
    month = (datetime(2027, 2, 10) - datetime(2027, 1, 13)) // timedelta(minutes=1)
    assert maintwin.score(plan) == maintwin.PlanScore(30, 30, 0, 9 * month)
    assert maintwin.score(before).delay > 9 * month  # the solver as it was misses it


def test_the_second_start_puts_the_changes_with_a_deadline_first() -> None:
    """Three windows, 45 minutes of room, 45 of work, four changes due in January or February.
    Most urgent first, the first start ends with changes late (more weight placed, less of it
    on time); with the deadlines first, every change placed is on time, which counts first
    (the on-time weight) though more is left out. The
    default reaches what CP-SAT proves optimal; the first start alone does not."""
    pytest.importorskip("ortools")
    scenario = _scenario(
        [
            _change("C0", 7, 2, date(2027, 2, 28)),
            _change("C1", 4, 3, date(2027, 1, 28)),
            _change("C2", 4, 2),
            _change("C3", 8, 1, date(2027, 1, 28)),
            _change("C4", 8, 1, date(2027, 1, 28)),
            _change("C5", 7, 3, date(2027, 2, 28)),
            _change("C6", 7, 2),
        ]
    )
    span = (date(2027, 1, 1), date(2027, 4, 1))
    exact = maintwin.score(maintwin.plan(scenario, *span, now=NOW, solver="exact"))
    plan = maintwin.plan(scenario, *span, now=NOW)
    with mock.patch.object(greedy, "SECOND_START_LIMIT", -1):
        first = maintwin.score(maintwin.plan(scenario, *span, now=NOW))
    assert maintwin.score(plan) == exact
    assert first.on_time < exact.on_time
    assert not any(c.code is maintwin.ConflictCode.DEADLINE_MISSED for c in plan.conflicts)


@pytest.mark.parametrize(
    ("due", "short_window"),
    [
        (date(2026, 12, 20), False),  # due before the horizon
        (date(2027, 1, 8), True),  # the one window by its deadline is too short for it
    ],
)
def test_a_prerequisite_past_its_deadline_takes_its_turn_for_what_waits_for_it(
    due: date, short_window: bool
) -> None:
    """P (RIS, 8 minutes) cannot keep its deadline: it was due in December, or by 8 January,
    when the only RIS window is a 5-minute one. D (PACS,
    priority 1) waits for it. Three 15-minute changes of priority 9 fill the three RIS windows
    on time if P waits until everything else is placed; then P finds no room, and D cannot
    ride. The third start gives P its turn (it inherits D's urgency): P rides late on January
    13, one filler waits for February and one for March, the third is left out, and D rides on
    time on February 9, the first PACS window after P. On time: D (9) and two fillers (1
    each), against the three fillers (3)."""
    pacs = ReleaseTrain(
        id="pacs",
        subsystem="PACS",
        schedule=Schedule.nth_weekday(2, "TU", at="09:00"),  # 2027-01-12, 02-09, 03-09
        downtime="PT15M",
    )
    p = _change("P", 8, 6, due)
    d = Change(
        id="D",
        subsystem="PACS",
        duration=timedelta(minutes=5),
        requested_on=date(2026, 6, 1),
        priority=1,
        depends_on=("P",),
    )
    fillers = [_change(f"F{i}", 15, 9) for i in range(3)]
    short = OneOffWindow(
        id="ris-short", subsystem="RIS", start=datetime(2027, 1, 6, 10, 0), duration="PT5M"
    )
    scenario = _scenario([p, d, *fillers]).model_copy(
        update={
            "trains": (*_scenario([]).trains, pacs),
            "one_off_windows": (short,) if short_window else (),
        }
    )
    span = (date(2027, 1, 1), date(2027, 4, 1))
    plan = maintwin.plan(scenario, *span, now=NOW)
    where = {a.change: a.window for a in plan.assignments}
    assert where["P"] == "ris-2027-01-13"
    assert where["D"] == "pacs-2027-02-09"
    assert sorted(where[f] for f in ("F0", "F1", "F2") if f in where) == [
        "ris-2027-02-10",
        "ris-2027-03-10",
    ]
    score = maintwin.score(plan)
    assert (score.on_time, score.placed) == (9 + 1 + 1, 9 + 1 + 1 + 4)
    if importlib.util.find_spec("ortools") is not None:  # the optimum, where CP-SAT is
        assert score == maintwin.score(maintwin.plan(scenario, *span, now=NOW, solver="exact"))
    with mock.patch.object(greedy, "_enabling", return_value=False):
        without = maintwin.plan(scenario, *span, now=NOW)
    assert {a.change for a in without.assignments} == {"F0", "F1", "F2"}
    assert maintwin.score(without).on_time == 3


def test_the_pairs_step_runs_no_programme_larger_than_its_cap() -> None:
    """Windows of 20 hours, counted in minutes, have 1,201 room states each: packing two of
    them anew with eight changes of five to six hours would take 1,201 x 1,201 cells per
    change. The pairs step leaves such a programme out; a pair of 15-minute windows still
    runs."""
    long_train = ReleaseTrain(
        id="long", subsystem="RIS", schedule=Schedule.weekly("SA", at="02:00"), downtime="PT20H"
    )
    short_train = ReleaseTrain(
        id="short",
        subsystem="PACS",
        schedule=Schedule.nth_weekday(2, "WE", at="10:00"),
        downtime="PT15M",
    )
    hours = [
        Change(
            id=f"L{i}",
            subsystem="RIS",
            duration=timedelta(minutes=minutes),
            requested_on=date(2026, 6, 1),
            priority=1 + i % 4,
            deadline=date(2027, 1, 20) if i % 2 else None,
        )
        for i, minutes in enumerate((301, 307, 311, 313, 317, 331, 337, 347))
    ]
    short = [
        Change(
            id=f"S{i}",
            subsystem="PACS",
            duration=timedelta(minutes=(4, 6, 10)[i % 3]),
            requested_on=date(2026, 6, 1),
            priority=1 + i % 3,
            deadline=date(2027, 2, 28) if i % 2 else None,
        )
        for i in range(6)
    ]
    scenario = Scenario(
        name="t",
        timezone="America/Chicago",
        trains=[long_train, short_train],
        changes=hours + short,
    )
    sizes: list[int] = []
    solve = pairs.best_options

    def counted(groups: list[list[Any]], room_a: int, room_b: int) -> Any:
        sizes.append(sum(len(options) for options in groups) * (room_a + 1) * (room_b + 1))
        return solve(groups, room_a, room_b)

    with mock.patch.object(pairs, "best_options", counted):
        plan = maintwin.plan(scenario, date(2027, 1, 1), date(2027, 3, 1), now=NOW)
    assert_plan_valid(plan)
    assert sizes  # the short windows' pairs ran
    assert max(sizes) <= pairs._PAIR_CELLS


def test_a_change_moves_with_its_prerequisite_in_the_pair() -> None:
    """Two 15-minute windows (January 13 and February 10) and 26 minutes of work. C3 (4 min,
    priority 1, weight 9) is due in January; C2 (9 min, weight 9) needs C1 (4 min, weight 8)
    first; C0 (9 min, weight 6) has no deadline. Most urgent first, January takes C3 and C1
    (C1 inherits C2's urgency) and February C2: C0 fits in neither. Everything fits only as
    January {C0, C3} and February {C1, C2}: C1 has to move to February together with C2, which
    the pairs step sees only when it asks about C2 with its prerequisite C1 put back in the
    pair and keeps C1 no later than C2. All 32 weight on time, 17 of it a month late."""
    scenario = _scenario(
        [
            _change("C0", 9, 4),
            _change("C1", 4, 2),
            _change("C2", 9, 1, after="C1"),
            _change("C3", 4, 1, date(2027, 1, 28)),
        ]
    )
    span = (date(2027, 1, 1), date(2027, 3, 1))
    with reference_solver():
        before = maintwin.plan(scenario, *span, now=NOW)
    plan = maintwin.plan(scenario, *span, now=NOW)
    assert _windows(plan) == {"ris-2027-01-13": ["C0", "C3"], "ris-2027-02-10": ["C1", "C2"]}
    month = (datetime(2027, 2, 10) - datetime(2027, 1, 13)) // timedelta(minutes=1)
    assert maintwin.score(plan) == maintwin.PlanScore(32, 32, 0, 17 * month)
    assert maintwin.score(before).placed < 32  # the solver as it was leaves C0 out
    assert_plan_valid(plan)


@settings(max_examples=draws(25), deadline=None)
@given(_cases(max_changes=40, subsystems=(1, 2)))
def test_the_pairs_step_counts_every_question_it_asks_the_rules(case: PlanningCase) -> None:
    """The pairs step's budget bounds its time: each call reports as spent at least
    ``_ASK`` cells for every question it asked the rules (looking for the first other window
    of a change asks about every window it passes)."""
    calls: list[tuple[int, int]] = []  # (spent, questions asked)
    exchange = pairs.exchange

    def counted(state: Placement, *args: Any) -> int:
        before = state.asked
        spent = exchange(state, *args)
        calls.append((spent, state.asked - before))
        return spent

    with mock.patch.object(greedy, "exchange", counted):
        case.plan()
    for spent, asked in calls:
        assert spent >= asked * pairs._ASK, (spent, asked)


def _with_and_without(
    scenario: Scenario, span: tuple[date, date], step: str
) -> tuple[maintwin.Plan, maintwin.Plan]:
    """The default's plan (checked valid), and its plan with the solver step ``step`` (a
    function of :mod:`greedy`) left out."""
    plan = maintwin.plan(scenario, *span, now=NOW)
    with mock.patch.object(greedy, step, return_value=None):
        without = maintwin.plan(scenario, *span, now=NOW)
    assert_plan_valid(plan)
    return plan, without


def _assert_optimal_where_cp_sat_is(
    plan: maintwin.Plan, scenario: Scenario, span: tuple[date, date]
) -> None:
    """``plan`` scores what CP-SAT's optimum does, where OR-Tools is installed."""
    if importlib.util.find_spec("ortools") is not None:
        assert maintwin.score(plan) == maintwin.score(
            maintwin.plan(scenario, *span, now=NOW, solver="exact")
        )


def test_the_on_time_search_of_a_lane_finds_the_packing_the_other_steps_miss() -> None:
    """Four 15-minute windows (the second Wednesday of January to April) and 50 minutes of
    work, every change able to keep its deadline. C5 (8 minutes, priority 1) can only ride in
    January; C0 (10) by February; C1, C3, C4 and C6 by March; C2 any time. The steps before
    the on-time search leave one change late (on-time weight 21 of 22). Everything is on time
    only so: January C5 with C4 (C1 and C6 would fit there too, but then C4 fits with neither
    C0 nor C3), February C0 with C1 or C6, March C3 with the other, April C2 (8 minutes: no
    earlier window has that much left). The search over the lane (step 6) finds it, as
    CP-SAT does."""
    scenario = _scenario(
        [
            _change("C0", 10, 9, date(2027, 2, 28)),
            _change("C1", 5, 4, date(2027, 3, 28)),
            _change("C2", 8, 9),
            _change("C3", 10, 9, date(2027, 3, 28)),
            _change("C4", 7, 7, date(2027, 3, 28)),
            _change("C5", 8, 1, date(2027, 1, 28)),
            _change("C6", 2, 9, date(2027, 3, 28)),
        ]
    )
    span = (date(2027, 1, 1), date(2027, 5, 1))
    plan, without = _with_and_without(scenario, span, "_on_time_lanes")
    assert maintwin.score(plan).on_time == 22 == maintwin.score(plan).placed
    assert maintwin.score(without).on_time == 21
    assert not any(c.code is maintwin.ConflictCode.DEADLINE_MISSED for c in plan.conflicts)
    where = {a.change: a.window for a in plan.assignments}
    assert where["C5"] == "ris-2027-01-13"
    assert where["C2"] == "ris-2027-04-14"
    assert where["C4"] == "ris-2027-01-13"
    assert {where["C0"], where["C3"]} == {"ris-2027-02-10", "ris-2027-03-10"}
    _assert_optimal_where_cp_sat_is(plan, scenario, span)


def test_the_delay_search_of_a_lane_finds_the_least_delay_the_other_steps_miss() -> None:
    """Three 15-minute windows (January 13, February 10, March 10, four weeks apart) and 34
    minutes of work: something rides in March. Priority 3 weighs 7, priority 5 weighs 5; C4
    is due in February. The weighted delay is (34 - January's weight + March's weight) times
    the four weeks' 40,320 minutes. January holds at most 17 weight (C1 with two changes of
    weight 5 in 10 minutes), March at least 5: at least 22 times 40,320. The steps before the
    delay search put C1, C2 and C3 in January, which leaves C0 (weight 7) for March, as C4 has
    to ride in February and does not fit there with C0: 24. The only plans of 22 put C1 and
    C4 in January with C3 or C5, C0 in February with the other, and C2 in March; the search
    over the lane (step 7) finds one."""
    scenario = _scenario(
        [
            _change("C0", 10, 3),
            _change("C1", 5, 3),
            _change("C2", 7, 5),
            _change("C3", 3, 5),
            _change("C4", 6, 5, date(2027, 2, 28)),
            _change("C5", 3, 5, date(2027, 3, 28)),
        ]
    )
    span = (date(2027, 1, 1), date(2027, 4, 1))
    plan, without = _with_and_without(scenario, span, "_delay_lanes")
    weeks = 4 * 7 * 24 * 60
    assert maintwin.score(plan) == maintwin.PlanScore(34, 34, 0, 22 * weeks)
    assert maintwin.score(without) == maintwin.PlanScore(34, 34, 0, 24 * weeks)
    where = _windows(plan)
    assert where["ris-2027-03-10"] == ["C2"]
    assert {"C1", "C4"} <= set(where["ris-2027-01-13"])
    _assert_optimal_where_cp_sat_is(plan, scenario, span)


def test_the_placed_search_of_a_lane_finds_room_for_a_change_the_other_steps_leave_out() -> None:
    """Three 15-minute windows (January 13, February 10, March 10) and 42 minutes of work.
    Priority p weighs 10 - p: C0 3, C1 5, C2 1, C3 1, C4 4, C5 4, 18 in all. C4 is due in
    January but waits for C2, and the two take 20 minutes, more than a window: C4 rides late,
    in a later window than C2, and everything else can be on time (14). All 18 ride only
    if, with 3 minutes to spare in all, C2 leaves a later window 10 minutes for C4. The steps
    before the placed search put C0 and C1 in January, C2 and C5 in February and C3 in March,
    which leaves C4 out (placed weight 14). The search over the lane (step 6b) keeps the
    on-time changes on time and finds January C0 and C2, February C1 and C3, March C4 and C5,
    as CP-SAT does."""
    scenario = _scenario(
        [
            _change("C0", 3, 7, date(2027, 1, 28)),
            _change("C1", 9, 5, date(2027, 2, 28)),
            _change("C2", 10, 9),
            _change("C3", 6, 9),
            _change("C4", 10, 6, date(2027, 1, 28), after="C2"),
            _change("C5", 4, 6),
        ]
    )
    span = (date(2027, 1, 1), date(2027, 4, 1))
    plan, without = _with_and_without(scenario, span, "_placed_lanes")
    assert maintwin.score(plan)[:2] == (14, 18)
    assert maintwin.score(without)[:2] == (14, 14)
    assert _windows(plan) == {
        "ris-2027-01-13": ["C0", "C2"],
        "ris-2027-02-10": ["C1", "C3"],
        "ris-2027-03-10": ["C4", "C5"],
    }
    _assert_optimal_where_cp_sat_is(plan, scenario, span)


def test_the_delay_step_searches_runs_of_windows_then_blocks_apart() -> None:
    """Twelve windows and spans of six: 0-5, 3-8 and 6-11 on the search's full budget; then
    the blocks 0-2, 3-5, 6-8 and 9-11 two at a time where they are not next to each other
    (0-2 with 6-8, 0-2 with 9-11, 3-5 with 9-11), on the smaller budget. Fourteen windows:
    the last six (8-13) have a span of their own, and the last block is 12-13."""
    assert greedy.DELAY_SPAN == 6
    near, far = greedy.DELAY_WORK, greedy.DELAY_FAR_WORK
    assert [(list(s), w) for s, w in greedy._spans(12)] == [
        ([0, 1, 2, 3, 4, 5], near),
        ([3, 4, 5, 6, 7, 8], near),
        ([6, 7, 8, 9, 10, 11], near),
        ([0, 1, 2, 6, 7, 8], far),
        ([0, 1, 2, 9, 10, 11], far),
        ([3, 4, 5, 9, 10, 11], far),
    ]
    spans = [list(s) for s, _ in greedy._spans(14)]
    assert spans[3] == [8, 9, 10, 11, 12, 13]
    assert [9, 10, 11, 12, 13] not in spans  # blocks next to each other: a run covers them
    assert [0, 1, 2, 12, 13] in spans
    assert len(spans) == 4 + 6


@settings(max_examples=draws(40), deadline=None)
@given(_cases(max_changes=25, subsystems=(2, 3), dependency_density=0.5))
def test_first_fit_looks_only_past_windows_the_rules_refuse(case: PlanningCase) -> None:
    """First fit searches a change's lane between the bounds of :func:`fit.bounds`: its
    first day and deadline, and the windows of its prerequisites and dependents, in its lane
    or in another (from the first window starting after a prerequisite's ends, up to the last
    starting before a dependent's starts). Every window left outside is one the rules refuse
    the change (or, on time, one after its deadline): the bounds only save asking. Checked
    with the change taken out of the plan as made, and with only its prerequisites and
    dependents where the plan put them (room everywhere else)."""
    plan = case.plan()
    problem = Problem(
        plan.scenario.changes, plan.scenario.policy, plan.windows, now=plan.now, judge=JUDGE
    )
    made = Placement.of(problem, plan.assignments)
    for cid in problem.order:
        lane = problem.lane_of(cid)
        if lane is None:
            continue
        near = Placement(problem)
        for other in (*problem.changes[cid].depends_on, *problem.deps.dependents[cid]):
            if (where := made.placed.get(other)) is not None:
                near.put(other, where)
        slot = made.placed.get(cid)
        if slot is not None:
            made.take(cid)
        for state in (made, near):
            for in_time in (False, True):
                lo, hi = fit.bounds(state, cid, on_time=in_time)
                outside = [s for s in lane.slots if not lo <= s.position <= hi]
                assert not [
                    s.window.id
                    for s in outside
                    if rules.admits(problem, state, cid, s)
                    and (not in_time or fit.on_time(state, cid, s))
                ], (cid, lo, hi)
        if slot is not None:
            made.put(cid, slot)


def _lanes_scenario(count: int, changes: int = 2) -> Scenario:
    """``count`` subsystems, each with a monthly window over 2027 and ``changes`` changes of
    5 minutes (three fit in a window)."""
    trains = [
        ReleaseTrain(
            id=f"t{k}",
            subsystem=f"S{k:02d}",
            schedule=Schedule.nth_weekday(2, "WE", at="10:00"),
            downtime="PT15M",
        )
        for k in range(count)
    ]
    changes = [
        Change(
            id=f"C{k:02d}-{i}",
            subsystem=f"S{k:02d}",
            duration=timedelta(minutes=5),
            requested_on=date(2026, 6, 1),
            priority=3,
        )
        for k in range(count)
        for i in range(changes)
    ]
    return Scenario(name="lanes", timezone="America/Chicago", trains=trains, changes=changes)


def _lanes_state(count: int, changes: int) -> Placement:
    scenario = _lanes_scenario(count, changes)
    windows = scenario.windows(date(2027, 1, 1), date(2028, 1, 1))
    problem = Problem(scenario.changes, scenario.policy, windows, now=NOW, judge=JUDGE)
    return greedy.solve(problem, reference=True)


@pytest.mark.parametrize("count", [3, greedy.FULL_LANES, 2 * greedy.FULL_LANES])
def test_every_lane_gets_its_share_of_the_delay_search(count: int) -> None:
    """Step 7 with every search spending all it may (and keeping what it found, so that the
    sweeps go on): up to ``FULL_LANES`` lanes, each lane gets the work it would have alone
    (``DELAY_LANE_WORK``); with more, an equal share of that much per ``FULL_LANES`` lanes. No
    lane goes without because lanes before it by name spent the plan's work (before, a
    plan's first lane could take all of it)."""
    state = _lanes_state(count, changes=2)
    given: dict[str, int] = {}

    def spends_all(
        state: Placement, name: str, lanes: Any, span: Any, budget: int, budgets: Any
    ) -> tuple[bool, int, bool]:
        given[name] = given.get(name, 0) + budget
        return True, budget, False  # kept, so that each sweep goes on

    with mock.patch.object(greedy, "_least_delay", spends_all):
        greedy._delay_lanes(state)
    assert sorted(given) == [f"S{k:02d}" for k in range(count)]
    whole = greedy.DELAY_LANE_WORK * min(count, greedy.FULL_LANES)
    assert sum(given.values()) == whole
    assert max(given.values()) - min(given.values()) <= count  # equal, but for rounding


def test_what_a_lane_leaves_of_the_delay_search_goes_to_the_lanes_after_it() -> None:
    """Twice ``FULL_LANES`` lanes; all but the last two settle at once, spending nothing:
    the last two get the work, each as much as it would have alone, no more."""
    count = 2 * greedy.FULL_LANES
    state = _lanes_state(count, changes=2)
    given: dict[str, int] = {}

    def first_half_settle(
        state: Placement, name: str, lanes: Any, span: Any, budget: int, budgets: Any
    ) -> tuple[bool, int, bool]:
        if int(name[1:]) < count - 2:
            return False, 0, True  # settled: nothing spent
        given[name] = given.get(name, 0) + budget
        return True, budget, False

    with mock.patch.object(greedy, "_least_delay", first_half_settle):
        greedy._delay_lanes(state)
    assert given == {f"S{k:02d}": greedy.DELAY_LANE_WORK for k in range(count - 2, count)}


def _on_time_budgets(state: Placement, placed: bool, every: bool) -> list[int]:
    """The budget step 6 (6b with ``placed``) gives each lane's search, in lane order, when
    every search spends all it is given (``every``), or only those of every other lane."""
    given: dict[str, int] = {}

    def search(
        state: Placement, name: str, members: list[str], *, floor: int, budget: int, keep: Any
    ) -> tuple[None, int]:
        given[name] = budget
        return None, budget if every or int(name[1:]) % 2 == 0 else 0

    with mock.patch.object(greedy, "best_on_time", search):
        (greedy._placed_lanes if placed else greedy._on_time_lanes)(state)
    return [given[name] for name in sorted(given)]


@pytest.mark.parametrize("placed", [False, True])
@pytest.mark.parametrize("count", [3, greedy.FULL_LANES, 2 * greedy.FULL_LANES])
def test_every_lane_with_a_change_left_out_gets_its_share_of_the_on_time_search(
    count: int, placed: bool
) -> None:
    """Steps 6 and 6b the same way: 40 changes to a lane of 12 windows that hold 36 leave
    some out in every lane. With every search spending all it may, each lane gets
    ``LANE_WORK`` (up to ``FULL_LANES`` lanes) or an equal share of ``FULL_LANES`` times
    that; when the searches of every other lane spend nothing, the lanes after them get
    more, up to ``LANE_WORK``."""
    state = _lanes_state(count, changes=40)
    assert all(sum(c.startswith(f"C{k:02d}") for c in state.placed) == 36 for k in range(count))
    for every in (True, False):
        budgets = _on_time_budgets(state, placed, every)
        assert len(budgets) == count
        assert max(budgets) <= greedy.LANE_WORK
        if count <= greedy.FULL_LANES:
            assert budgets == [greedy.LANE_WORK] * count
        elif every:
            assert sum(budgets) == greedy.LANE_WORK * greedy.FULL_LANES
            assert max(budgets) - min(budgets) <= count
        else:
            assert budgets == sorted(budgets)  # each lane gets what the ones before it left
            assert budgets[-1] == greedy.LANE_WORK > budgets[0]


@pytest.mark.parametrize(("at", "first"), [("10:15", 0), ("10:14", 1)])
def test_first_fit_takes_the_window_starting_as_a_prerequisites_window_ends(
    at: str, first: int
) -> None:
    """Y rides in RIS's window of 13 January, 10:00 to 10:15; X, in PACS, waits for it. A
    PACS window that starts at 10:15 that day is X's first (the order rule admits a window
    starting as the prerequisite's ends); one starting at 10:14 is not, and February's is."""
    trains = [
        ReleaseTrain(
            id=name.lower(),
            subsystem=name,
            schedule=Schedule.nth_weekday(2, "WE", at=start),
            downtime="PT15M",
        )
        for name, start in (("RIS", "10:00"), ("PACS", at))
    ]
    changes = [
        _change("Y", 5, 1),
        _change("X", 5, 1, after="Y").model_copy(update={"subsystem": "PACS"}),
    ]
    scenario = Scenario(name="t", timezone="America/Chicago", trains=trains, changes=changes)
    windows = scenario.windows(date(2027, 1, 1), date(2027, 3, 1))
    problem = Problem(scenario.changes, scenario.policy, windows, now=NOW, judge=JUDGE)
    state = Placement(problem)
    state.put("Y", problem.slots["ris-2027-01-13"])
    assert fit.bounds(state, "X", on_time=False)[0] == first
    slot = fit.fit(state, "X", on_time=False)
    assert slot is not None
    assert slot.window.id == ("pacs-2027-01-13", "pacs-2027-02-10")[first]
