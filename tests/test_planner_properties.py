"""Property tests of the planner: every plan keeps the rules, judged by an oracle of our own.

The scenarios are drawn directly (never filtered): one to three subsystems, each with a monthly
or weekly train and maybe a one-off window, whole-day blackouts, and a handful of changes with
lead times, earliest dates, deadlines, priorities and dependencies. The oracle below re-derives
each rule from the scenario itself (blocking, lead dates with ``calendar.monthrange``, local
days, capacities); it never calls ``maintwin.check`` or maintwin's internals to decide validity.
"""

from __future__ import annotations

import calendar
import random
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from hypothesis import example, given
from hypothesis import strategies as st

import maintwin
from maintwin import (
    Blackout,
    Change,
    ConflictCode,
    Lock,
    OneOffWindow,
    Plan,
    Policy,
    ReleaseTrain,
    Scenario,
    Schedule,
    UnscheduledCause,
    Window,
)

ZONES = ("America/Chicago", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
BASE = date(2027, 1, 1)


# -- drawing scenarios ----------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A drawn scenario and the arguments to plan it with."""

    scenario: Scenario
    start: date
    end: date
    now: datetime

    def plan(self, *, solver: str = "greedy", previous: Plan | None = None) -> Plan:
        return maintwin.plan(
            self.scenario,
            self.start,
            self.end,
            now=self.now,
            previous=previous,
            solver=solver,  # type: ignore[arg-type]
        )


def _add_months(day: date, months: int) -> date:
    """``day`` plus calendar months, clamped to the month's last day (the oracle's own)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def _time_of_day(draw: st.DrawFn) -> time:
    return time(draw(st.integers(0, 23)), draw(st.sampled_from((0, 15, 30, 45))))


def _maybe_zone(draw: st.DrawFn) -> str | None:
    """Mostly the scenario's zone; sometimes an item names its own."""
    return draw(st.one_of(st.none(), st.none(), st.sampled_from(ZONES)))


def _trains(draw: st.DrawFn, subsystems: list[str], mixed_zones: bool) -> list[ReleaseTrain]:
    out = []
    for index, name in enumerate(subsystems):
        weekday = draw(st.sampled_from(WEEKDAYS))
        at = _time_of_day(draw)
        tz = _maybe_zone(draw)
        if draw(st.booleans()):
            schedule = Schedule.nth_weekday(draw(st.integers(1, 4)), weekday, at=at, timezone=tz)
        else:
            schedule = Schedule.weekly(weekday, at=at, timezone=tz)
        out.append(
            ReleaseTrain(id=f"t{index}", subsystem=name, schedule=schedule, downtime="PT15M")
        )
        if mixed_zones and draw(st.booleans()):
            # A second weekly train in another zone: the subsystem's windows, in time order,
            # then need not be in the order of their local dates.
            other = draw(st.sampled_from([z for z in ZONES if z != tz]))
            weekly = Schedule.weekly(
                draw(st.sampled_from(WEEKDAYS)), at=_time_of_day(draw), timezone=other
            )
            out.append(
                ReleaseTrain(id=f"u{index}", subsystem=name, schedule=weekly, downtime="PT15M")
            )
    return out


def _one_offs(draw: st.DrawFn, subsystems: list[str], start: date, days: int) -> list[OneOffWindow]:
    out = []
    for index, name in enumerate(subsystems):
        if not draw(st.booleans()):
            continue
        day = start + timedelta(days=draw(st.integers(0, days - 1)))
        duration = timedelta(minutes=draw(st.sampled_from((30, 45, 60, 90, 120))))
        capacity = draw(st.one_of(st.none(), st.just(duration - timedelta(minutes=10))))
        out.append(
            OneOffWindow(
                id=f"x{index}",
                subsystem=name,
                start=datetime.combine(day, _time_of_day(draw)),
                duration=duration,
                capacity=capacity,
                timezone=_maybe_zone(draw),
            )
        )
    return out


def _blackouts(draw: st.DrawFn, subsystems: list[str], start: date, days: int) -> list[Blackout]:
    out = []
    for index in range(draw(st.integers(0, 4))):
        first = start + timedelta(days=draw(st.integers(-10, days)))
        length = draw(st.integers(1, 4))
        scope = draw(st.one_of(st.none(), st.sampled_from(subsystems).map(lambda s: (s,))))
        out.append(
            Blackout(
                id=f"b{index}",
                reason="freeze",
                start=first,
                end=None if length == 1 else first + timedelta(days=length),
                scope=scope,
                timezone=draw(st.one_of(st.none(), st.none(), st.none(), st.sampled_from(ZONES))),
            )
        )
    return out


def _changes(
    draw: st.DrawFn,
    subsystems: list[str],
    start: date,
    days: int,
    max_changes: int,
    cycles: bool,
) -> list[Change]:
    n = draw(st.integers(0, max_changes))
    # Ids in an order unrelated to the drawing order, so that ties broken by id are exercised.
    names = [f"c{k:02d}" for k in draw(st.permutations(range(n)))]
    out = []
    for index, cid in enumerate(names):
        earliest = deadline = None
        if draw(st.integers(0, 3)) == 0:
            earliest = start + timedelta(days=draw(st.integers(-30, days)))
        if draw(st.integers(0, 2)) == 0:
            base = earliest or start
            deadline = base + timedelta(days=draw(st.integers(0, days)))
        pool = [p for p in names if p != cid] if cycles else names[:index]
        depends_on: list[str] = []
        if pool and draw(st.integers(0, 2)) == 0:
            depends_on = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2, unique=True))
        out.append(
            Change(
                id=cid,
                subsystem=draw(st.sampled_from(subsystems)),
                duration=timedelta(minutes=draw(st.integers(1, 15))),
                requested_on=start - timedelta(days=draw(st.integers(0, 365))),
                earliest=earliest,
                deadline=deadline,
                priority=draw(st.integers(1, 9)),
                depends_on=tuple(depends_on),
                short_notice=draw(st.integers(0, 3)) == 0,
            )
        )
    return out


@st.composite
def cases(
    draw: st.DrawFn, *, max_changes: int = 25, cycles: bool = False, mixed_zones: bool = False
) -> Case:
    """A small scenario built directly, a horizon around 2027 and a ``now`` before it."""
    tz = draw(st.sampled_from(ZONES))
    start = BASE + timedelta(days=draw(st.integers(0, 180)))
    end = _add_months(start, draw(st.integers(6, 18)))
    days = (end - start).days
    subsystems = [f"S{k}" for k in range(draw(st.integers(1, 3)))]
    policy = Policy(
        lead_time_months=draw(st.sampled_from((0, 3, 6))),
        freeze_horizon=draw(st.sampled_from((timedelta(days=14), timedelta(days=7), timedelta()))),
    )
    scenario = Scenario(
        name="drawn",
        timezone=tz,
        policy=policy,
        trains=_trains(draw, subsystems, mixed_zones),
        windows=_one_offs(draw, subsystems, start, days),
        blackouts=_blackouts(draw, subsystems, start, days),
        changes=_changes(draw, subsystems, start, days, max_changes, cycles),
    )
    midnight = datetime.combine(start, time(), ZoneInfo(tz))
    now = midnight - timedelta(minutes=draw(st.integers(0, 21 * 24 * 60)))
    return Case(scenario, start, end, now.astimezone(UTC))


# -- the oracle -----------------------------------------------------------------------------


def _instant(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def _blackout_span(scenario: Scenario, blackout: Blackout) -> tuple[datetime, datetime]:
    tz = ZoneInfo(blackout.timezone or scenario.timezone)
    assert isinstance(blackout.start, date)
    assert not isinstance(blackout.start, datetime)
    last = blackout.end if isinstance(blackout.end, date) else blackout.start + timedelta(days=1)
    # Midnight exists every day in the drawn zones (their DST changes are at 01:00 or later).
    return (
        datetime.combine(blackout.start, time(), tz).astimezone(UTC),
        datetime.combine(last, time(), tz).astimezone(UTC),
    )


def _blocking(scenario: Scenario, window: Window) -> set[str]:
    """The ids of the blackouts that overlap ``window`` and apply to its subsystem."""
    out = set()
    for b in scenario.blackouts:
        lo, hi = _blackout_span(scenario, b)
        applies = b.scope is None or window.subsystem in b.scope
        if applies and lo < _instant(window.end) and _instant(window.start) < hi:
            out.add(b.id)
    return out


def _window_facts(scenario: Scenario, window: Window) -> tuple[str, str, timedelta]:
    """The subsystem, zone and capacity ``window`` must have, from the scenario."""
    trains = {t.id: t for t in scenario.trains}
    if window.source in trains:
        t = trains[window.source]
        assert t.downtime is not None
        return t.subsystem, t.schedule.timezone or scenario.timezone, t.downtime
    (spec,) = [w for w in scenario.one_off_windows if w.id == window.source]
    return spec.subsystem, spec.timezone or scenario.timezone, spec.capacity or spec.duration


def _local_day(window: Window, tz_name: str) -> date:
    return window.start.astimezone(ZoneInfo(tz_name)).date()


def _lead_date(change: Change, policy: Policy) -> date:
    return _add_months(change.requested_on, policy.lead_time_months)


def _first_day(change: Change, policy: Policy) -> date:
    bounds = [change.earliest or date.min]
    if not change.short_notice:
        bounds.append(_lead_date(change, policy))
    return max(bounds)


def violations(plan: Plan) -> list[str]:
    """Every rule ``plan`` breaks, by the oracle's own reading of the rules.

    Kept (locked) assignments are exempt from the freeze horizon only.
    """
    scenario, policy = plan.scenario, plan.scenario.policy
    changes = {c.id: c for c in scenario.changes}
    windows = {w.id: w for w in plan.windows}
    freeze_end = _instant(plan.now) + policy.freeze_horizon
    out: list[str] = []
    facts = {wid: _window_facts(scenario, w) for wid, w in windows.items()}
    for wid, w in windows.items():
        subsystem, tz_name, capacity = facts[wid]
        if (w.subsystem, w.timezone, w.capacity) != (subsystem, tz_name, capacity):
            out.append(f"window {wid} has wrong subsystem, zone or capacity")
        if set(w.blocked_by) != _blocking(scenario, w):
            out.append(f"window {wid} blocked_by {w.blocked_by}, expected {_blocking(scenario, w)}")
    seen = Counter(a.change for a in plan.assignments)
    out += [f"{cid} assigned {n} times" for cid, n in seen.items() if n > 1]
    where = {a.change: a for a in plan.assignments}
    runbooks: dict[str, list[maintwin.Assignment]] = {}
    for a in plan.assignments:
        if a.change not in changes or a.window not in windows:
            out.append(f"{a.change} in {a.window}: unknown change or window")
            continue
        c, w = changes[a.change], windows[a.window]
        subsystem, tz_name, capacity = facts[w.id]
        runbooks.setdefault(w.id, []).append(a)
        day = _local_day(w, tz_name)
        if c.subsystem != subsystem:
            out.append(f"{c.id} ({c.subsystem}) rides in {w.id} of {subsystem}")
        if _blocking(scenario, w):
            out.append(f"{c.id} rides in blocked window {w.id}")
        if a.lock is None and _instant(w.start) < freeze_end:
            out.append(f"{c.id} rides in {w.id}, which starts before the freeze ends")
        if a.offset < timedelta(0) or a.offset + c.duration > capacity:
            out.append(f"{c.id} runs outside {w.id}: offset {a.offset}")
        if not c.short_notice and day < _lead_date(c, policy):
            out.append(f"{c.id} rides on {day}, before its lead date {_lead_date(c, policy)}")
        if c.earliest is not None and day < c.earliest:
            out.append(f"{c.id} rides on {day}, before its earliest {c.earliest}")
        for p in c.depends_on:
            before = where.get(p)
            if before is None:
                out.append(f"{c.id} is placed but its prerequisite {p} is not")
            elif before.window == a.window:
                if before.offset + changes[p].duration > a.offset:
                    out.append(f"{c.id} starts before {p} ends in {w.id}")
            elif _instant(windows[before.window].end) > _instant(w.start):
                out.append(f"{c.id} in {w.id} is not after {p} in {before.window}")
    for wid, runbook in runbooks.items():
        capacity = facts[wid][2]
        runbook.sort(key=lambda a: a.offset)
        total = sum((changes[a.change].duration for a in runbook), timedelta(0))
        if total > capacity:
            out.append(f"window {wid} holds {total} of work in {capacity}")
        at = timedelta(0)
        for a in runbook:
            # Without kept assignments the runbook is packed from the start, back to back.
            if a.offset < at or (not any(r.lock for r in runbook) and a.offset != at):
                out.append(f"{a.change} in {wid} starts at {a.offset}, expected {at}")
            at = max(at, a.offset + changes[a.change].duration)
    return out


def bookkeeping(plan: Plan) -> list[str]:
    """Every change assigned or unscheduled (not both), and the conflicts that must follow."""
    scenario, policy = plan.scenario, plan.scenario.policy
    changes = {c.id: c for c in scenario.changes}
    windows = {w.id: w for w in plan.windows}
    assigned = {a.change for a in plan.assignments}
    unscheduled = [u.change for u in plan.unscheduled]
    out: list[str] = []
    if len(set(unscheduled)) != len(unscheduled):
        out.append(f"unscheduled lists a change twice: {unscheduled}")
    if assigned & set(unscheduled):
        out.append(f"assigned and unscheduled: {sorted(assigned & set(unscheduled))}")
    if assigned | set(unscheduled) != set(changes):
        out.append(f"neither assigned nor unscheduled: {set(changes) - assigned}")

    def involved(code: ConflictCode) -> Counter[tuple[str, ...]]:
        return Counter(c.changes for c in plan.conflicts if c.code is code)

    expected_unschedulable = Counter((cid,) for cid in unscheduled)
    if involved(ConflictCode.UNSCHEDULABLE) != expected_unschedulable:
        out.append(f"UNSCHEDULABLE {involved(ConflictCode.UNSCHEDULABLE)} for {unscheduled}")
    late, short = [], []
    for a in plan.assignments:
        c, w = changes[a.change], windows[a.window]
        day = _local_day(w, _window_facts(scenario, w)[1])
        if c.deadline is not None and day > c.deadline:
            late.append((c.id,))
        if c.short_notice and day < _lead_date(c, policy):
            short.append((c.id,))
    if involved(ConflictCode.DEADLINE_MISSED) != Counter(late):
        out.append(f"DEADLINE_MISSED {involved(ConflictCode.DEADLINE_MISSED)}, expected {late}")
    if involved(ConflictCode.LEAD_TIME) != Counter(short):
        out.append(f"LEAD_TIME {involved(ConflictCode.LEAD_TIME)}, expected {short}")
    allowed = {
        ConflictCode.UNSCHEDULABLE,
        ConflictCode.DEADLINE_MISSED,
        ConflictCode.SAME_DAY_RELEASES,
        ConflictCode.DEPENDENCY_CYCLE,
    }
    out += [f"unexpected error {c}" for c in plan.errors if c.code not in allowed]
    return out


def missed_room(plan: Plan) -> list[str]:
    """Unscheduled changes (not held up by a cycle) that would still fit in a window they may
    ride in: the result of first fit, and of an optimal solver, leaves none."""
    scenario, policy = plan.scenario, plan.scenario.policy
    changes = {c.id: c for c in scenario.changes}
    freeze_end = _instant(plan.now) + policy.freeze_horizon
    where = {a.change: a for a in plan.assignments}
    used: Counter[str] = Counter()
    for a in plan.assignments:
        used[a.window] = max(
            used[a.window], (a.offset + changes[a.change].duration) // timedelta(seconds=1)
        )
    out = []
    for u in plan.unscheduled:
        c = changes[u.change]
        if any(p not in where for p in c.depends_on):
            continue  # held up by a prerequisite: no claim
        if u.cause in (UnscheduledCause.CYCLE, UnscheduledCause.PREREQUISITE):
            out.append(f"{c.id} is unscheduled for {u.cause} though its prerequisites are placed")
            continue
        for w in plan.windows:
            subsystem, tz_name, capacity = _window_facts(scenario, w)
            room = capacity - timedelta(seconds=used[w.id])
            fits = (
                subsystem == c.subsystem
                and not _blocking(scenario, w)
                and _instant(w.start) >= freeze_end
                and _local_day(w, tz_name) >= _first_day(c, policy)
                and room >= c.duration
                and all(
                    where[p].window == w.id
                    or _instant(plan.window(where[p].window).end) <= _instant(w.start)
                    for p in c.depends_on
                )
            )
            if fits:
                out.append(f"{c.id} ({u.cause}: {u.detail}) would fit in {w.id}")
                break
    return out


# -- the properties -------------------------------------------------------------------------


def _key(plan: Plan) -> tuple[list[str], list[str], list[str]]:
    """What a plan decided, as JSON (the plan also embeds its scenario, left out here)."""
    return (
        [a.model_dump_json() for a in plan.assignments],
        [u.model_dump_json() for u in plan.unscheduled],
        [c.model_dump_json() for c in plan.conflicts],
    )


@given(cases())
def test_greedy_plans_keep_every_rule(case: Case) -> None:
    plan = case.plan()
    assert violations(plan) == []


@given(cases())
def test_greedy_plans_account_for_every_change(case: Case) -> None:
    plan = case.plan()
    assert bookkeeping(plan) == []


def _late_swap_case() -> Case:
    """Three first-Monday windows (4 January, 1 February, 1 March 2027). d (deadline 4
    January) bumps x out of January into March; z (lead date 1 March, deadline 15 February,
    so late anyway) then finds March full and is left unscheduled; the last pass then swaps x
    with y into February and pulls them forward, which empties March, but z is never retried."""
    old = date(2026, 10, 1)
    changes = [
        Change(id="x", subsystem="S0", duration="PT13M", requested_on=old, priority=1),
        Change(
            id="d",
            subsystem="S0",
            duration="PT4M",
            requested_on=old,
            priority=2,
            deadline=date(2027, 1, 4),
        ),
        Change(id="y", subsystem="S0", duration="PT9M", requested_on=old, priority=3),
        Change(
            id="z",
            subsystem="S0",
            duration="PT3M",
            requested_on=date(2027, 1, 1),
            priority=1,
            deadline=date(2027, 2, 15),
        ),
    ]
    train = ReleaseTrain(
        id="t0", subsystem="S0", schedule=Schedule.nth_weekday(1, "MO"), downtime="PT15M"
    )
    scenario = Scenario(
        name="late swap",
        timezone="America/Chicago",
        policy=Policy(lead_time_months=2),
        trains=(train,),
        changes=changes,
    )
    return Case(scenario, date(2027, 1, 1), date(2027, 4, 1), datetime(2026, 12, 1, tzinfo=UTC))


@given(cases())
@example(_late_swap_case())
def test_greedy_plans_leave_no_usable_room(case: Case) -> None:
    plan = case.plan()
    assert missed_room(plan) == []


def test_greedy_does_not_leave_a_change_out_of_an_empty_window() -> None:
    plan = _late_swap_case().plan()
    rides = {a.change: a.window for a in plan.assignments}
    # z may ride only in March, and nothing else needs March in the end.
    assert rides.get("z") == "t0-2027-03-01"
    assert plan.score.placed == _late_swap_case().plan(solver="exact").score.placed


@given(cases())
def test_check_finds_exactly_the_plans_conflicts(case: Case) -> None:
    plan = case.plan()
    found = maintwin.check(plan)
    assert set(found) <= set(plan.conflicts)
    assert Counter(found) == Counter(plan.conflicts)


@given(cases(), st.randoms(use_true_random=False))
def test_order_of_the_scenario_does_not_matter(case: Case, rnd: random.Random) -> None:
    s = case.scenario

    def shuffled(items: tuple[object, ...]) -> tuple[object, ...]:
        out = list(items)
        rnd.shuffle(out)
        return tuple(out)

    other = s.model_copy(
        update={
            "trains": shuffled(s.trains),
            "blackouts": shuffled(s.blackouts),
            "one_off_windows": shuffled(s.one_off_windows),
            "changes": shuffled(s.changes),
        }
    )
    a = case.plan()
    b = Case(other, case.start, case.end, case.now).plan()
    assert [w.model_dump_json() for w in a.windows] == [w.model_dump_json() for w in b.windows]
    assert _key(a) == _key(b)


@given(cases(max_changes=12))
def test_exact_solver_keeps_the_rules_and_beats_greedy(case: Case) -> None:
    greedy = case.plan()
    exact = case.plan(solver="exact")
    assert violations(exact) == []
    assert bookkeeping(exact) == []
    assert missed_room(exact) == []
    assert exact.score.key() >= greedy.score.key()
    assert _key(case.plan(solver="exact")) == _key(exact)
    assert _key(case.plan()) == _key(greedy)


@given(cases(), st.integers(1, 90 * 24 * 60))
def test_planning_again_keeps_the_plan_and_locks_what_was_announced(case: Case, later: int) -> None:
    first = case.plan()
    again = case.plan(previous=first)
    assert again.assignments == first.assignments  # nothing new is frozen yet: no locks
    assert _key(again) == _key(first)

    now = case.now + timedelta(minutes=later)
    replanned = Case(case.scenario, case.start, case.end, now).plan(previous=first)
    freeze_end = _instant(now) + case.scenario.policy.freeze_horizon
    starts = {w.id: _instant(w.start) for w in first.windows}
    announced = {a.change: a for a in first.assignments if starts[a.window] < freeze_end}
    locked = {a.change: a for a in replanned.assignments if a.lock is not None}
    assert locked == {
        cid: a.model_copy(update={"lock": Lock.ANNOUNCED}) for cid, a in announced.items()
    }
    assert violations(replanned) == []
    assert bookkeeping(replanned) == []


def _reaches(changes: dict[str, Change]) -> dict[str, set[str]]:
    """For each change, the changes it waits for, directly or not."""
    out = {}
    for cid in changes:
        seen: set[str] = set()
        stack = list(changes[cid].depends_on)
        while stack:
            p = stack.pop()
            if p not in seen:
                seen.add(p)
                stack.extend(changes[p].depends_on)
        out[cid] = seen
    return out


def test_a_cycle_member_with_an_outside_prerequisite_is_held_back() -> None:
    # c00 and c01 wait for each other; c01 also waits for c02, which is free. plan() raised
    # KeyError in Dependencies.order: c02's dependent c01 is blocked, so has no waiting count.
    changes = [
        Change(id="c00", subsystem="S0", duration="PT1M", requested_on=BASE, depends_on=["c01"]),
        Change(
            id="c01", subsystem="S0", duration="PT1M", requested_on=BASE, depends_on=["c00", "c02"]
        ),
        Change(id="c02", subsystem="S0", duration="PT1M", requested_on=BASE, short_notice=True),
    ]
    scenario = Scenario(
        name="cycle", timezone="America/Chicago", trains=TWO_ZONE_TRAINS[:1], changes=changes
    )
    plan = Case(scenario, BASE, date(2027, 7, 1), datetime(2026, 12, 1, tzinfo=UTC)).plan()
    assert {u.change: u.cause for u in plan.unscheduled} == {
        "c00": UnscheduledCause.CYCLE,
        "c01": UnscheduledCause.CYCLE,
    }
    assert [a.change for a in plan.assignments] == ["c02"]


@given(cases(max_changes=8, cycles=True))
def test_dependency_cycles_are_reported_and_held_back(case: Case) -> None:
    plan = case.plan()
    changes = {c.id: c for c in case.scenario.changes}
    reach = _reaches(changes)
    in_cycle = {cid for cid in changes if cid in reach[cid]}
    held = in_cycle | {cid for cid in changes if reach[cid] & in_cycle}
    causes = {u.change: u.cause for u in plan.unscheduled}
    assert violations(plan) == []
    assert bookkeeping(plan) == []
    assert missed_room(plan) == []

    reported = [c.changes for c in plan.conflicts if c.code is ConflictCode.DEPENDENCY_CYCLE]
    groups = {
        frozenset(x for x in in_cycle if x in reach[cid] and cid in reach[x]) for cid in in_cycle
    }
    assert sorted(min(g) for g in groups) == sorted(r[0] for r in reported)
    on_a_cycle = set()
    for cycle in reported:
        (group,) = [g for g in groups if cycle[0] in g]
        assert cycle[0] == min(group)
        assert set(cycle) <= group
        for here, there in zip(cycle, cycle[1:] + cycle[:1], strict=True):
            assert there in changes[here].depends_on
        on_a_cycle |= set(cycle)
    for cid in held:
        assert causes.get(cid) in (UnscheduledCause.CYCLE, UnscheduledCause.PREREQUISITE)
        assert (causes[cid] is UnscheduledCause.CYCLE) == (cid in on_a_cycle)
    assert not {cid for cid, cause in causes.items() if cause is UnscheduledCause.CYCLE} - held


# Found by reasoning about the bisection on local days, then confirmed: Hypothesis rarely hits
# it unaided. S0 has a Wednesday 15:00 Chicago window and a Thursday 01:00 Kathmandu window; the
# Kathmandu one starts first (Wednesday 19:15 UTC, before 21:00 UTC) though its local date is a
# day later, so the lane's local dates are not sorted and ``bisect_left`` on them is unsound.
TWO_ZONE_TRAINS = (
    ReleaseTrain(
        id="t0", subsystem="S0", schedule=Schedule.weekly("WE", at="15:00"), downtime="PT15M"
    ),
    ReleaseTrain(
        id="u0",
        subsystem="S0",
        schedule=Schedule.weekly("TH", at="01:00", timezone="Asia/Kathmandu"),
        downtime="PT15M",
    ),
)


def _two_zone_case(earliest: date, n: int) -> Case:
    changes = [
        Change(
            id=f"c{k}",
            subsystem="S0",
            duration="PT15M",
            requested_on=date(2026, 1, 1),
            earliest=earliest,
        )
        for k in range(n)
    ]
    scenario = Scenario(
        name="two zones", timezone="America/Chicago", trains=TWO_ZONE_TRAINS, changes=changes
    )
    return Case(scenario, date(2027, 1, 1), date(2027, 3, 1), datetime(2026, 12, 1, tzinfo=UTC))


@given(cases(mixed_zones=True))
@example(_two_zone_case(date(2027, 1, 14), 2))
def test_windows_of_one_subsystem_in_several_zones(case: Case) -> None:
    plan = case.plan()
    assert violations(plan) == []
    assert missed_room(plan) == []


def test_full_window_with_a_later_local_date_does_not_let_a_change_ride_early() -> None:
    # c0 takes u0-2027-01-14 (local Thursday 14 January); c1, earliest 14 January, is then put
    # in t0-2027-01-13, a Wednesday: BEFORE_EARLIEST in a plan that should break no rule.
    plan = _two_zone_case(date(2027, 1, 14), 2).plan()
    rides = {a.change: a.window for a in plan.assignments}
    assert rides["c1"] != "t0-2027-01-13"
    assert not [c for c in plan.errors if c.code is ConflictCode.BEFORE_EARLIEST]


@given(cases(mixed_zones=True), st.data())
@example(_two_zone_case(date(2027, 1, 7), 1), None)
def test_a_lone_change_takes_the_first_window_it_may_ride_in(
    case: Case, data: st.DataObject | None
) -> None:
    scenario = case.scenario
    if scenario.changes:
        index = 0 if data is None else data.draw(st.integers(0, len(scenario.changes) - 1))
        lone = scenario.changes[index].model_copy(update={"depends_on": ()})
    else:
        lone = Change(id="lone", subsystem="S0", duration="PT5M", requested_on=case.start)
    case = Case(scenario.model_copy(update={"changes": (lone,)}), case.start, case.end, case.now)
    plan = case.plan()
    freeze_end = _instant(case.now) + scenario.policy.freeze_horizon
    eligible = []
    for w in plan.windows:
        subsystem, tz_name, capacity = _window_facts(scenario, w)
        if (
            subsystem == lone.subsystem
            and not _blocking(scenario, w)
            and _instant(w.start) >= freeze_end
            and _local_day(w, tz_name) >= _first_day(lone, scenario.policy)
            and capacity >= lone.duration
        ):
            eligible.append(_instant(w.start))
    if not eligible:
        assert plan.assignments == ()
        assert [u.change for u in plan.unscheduled] == [lone.id]
    else:
        (a,) = plan.assignments
        assert _instant(plan.window(a.window).start) == min(eligible)
