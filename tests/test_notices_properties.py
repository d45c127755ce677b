"""Properties of the notices of drawn plans.

The cases come from ``maintwin.testing.strategies.planning_cases``; each gets a few clients of
its own, in drawn zones, some hearing only of some subsystems, and some changes touch other
subsystems too (``also_affects``). The expected notices are worked out by :func:`expected`, an
oracle written here from the rules in docs (who hears of which window, at which offsets,
counted in whole days on the window's wall clock): it uses only the standard library's
``zoneinfo`` and shares no code with maintwin.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from hypothesis import event, example, given
from hypothesis import strategies as st

import maintwin
from maintwin import (
    Change,
    Client,
    NoticeKind,
    NoticeStatus,
    NoticeTemplates,
    OneOffWindow,
    Plan,
    ReleaseTrain,
    Scenario,
    Schedule,
    Status,
)
from maintwin._planning.notices import Told, notices
from maintwin.testing.strategies import ZONES, PlanningCase, planning_cases

CLIENT_ZONES = (*ZONES, "America/Los_Angeles", "UTC")


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC)


def wall_clock(naive: datetime, tz: ZoneInfo) -> datetime:
    """The instant the wall-clock time ``naive`` reads in ``tz``: its first occurrence when the
    clocks go back, and moved forward by the gap when it does not exist."""
    candidates = {
        (naive - naive.replace(tzinfo=tz, fold=fold).utcoffset()).replace(tzinfo=UTC)  # type: ignore[operator]
        for fold in (0, 1)
    }
    exact = [u for u in candidates if u.astimezone(tz).replace(tzinfo=None) == naive]
    return min(exact) if exact else max(candidates)


def due_before(start: datetime, offset: timedelta, zone: str) -> datetime:
    """``offset`` (whole days) before ``start`` on the wall clock of ``zone``; no offset is the
    start itself."""
    if not offset:
        return _utc(start)
    assert offset % timedelta(days=1) == timedelta(0), offset
    local = start.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
    return wall_clock(local - offset, ZoneInfo(zone))


class Due(NamedTuple):
    audience: str
    reader: str | None
    window: str
    offset: timedelta
    due: datetime  # UTC
    timezone: str


def expected(plan: Plan) -> Counter[Due]:
    """The advance and point-of-service notices ``plan`` must call for (with no previous plan):
    for every window that runs (is not blocked), starts after ``now`` and carries work, each of
    its readers once per offset of their audience."""
    scenario, policy = plan.scenario, plan.scenario.policy
    changes = {c.id: c for c in scenario.changes}
    people = {p.id: p for p in scenario.people}
    work: dict[str, list[Change]] = {}
    for a in plan.assignments:
        if changes[a.change].status != "cancelled":
            work.setdefault(a.window, []).append(changes[a.change])
    out: Counter[Due] = Counter()
    for w in plan.windows:
        if w.id not in work or w.blocked or _utc(w.start) <= _utc(plan.now):
            continue
        touched = {w.subsystem} | {s for c in work[w.id] for s in c.also_affects}
        readers: list[tuple[str, str | None, str, tuple[timedelta, ...]]] = []
        if scenario.clients:
            readers += [
                ("client", c.id, c.timezone or scenario.timezone, policy.client_notices)
                for c in scenario.clients
                if not c.subsystems or touched & set(c.subsystems)
            ]
        else:
            readers.append(("client", None, scenario.timezone, policy.client_notices))
        if policy.internal_notices_for == "all" or any(c.short_notice for c in work[w.id]):
            readers.append(("internal", None, scenario.timezone, policy.internal_notices))
        for pid in sorted({d.person for d in w.crew}):
            zone = people[pid].timezone if pid in people else None
            readers.append(("crew", pid, zone or scenario.timezone, policy.crew_notices))
        for audience, reader, zone, offsets in readers:
            for offset in set(offsets):
                due = due_before(w.start, offset, w.timezone)
                out[Due(audience, reader, w.id, offset, due, zone)] += 1
    return out


def found(plan: Plan) -> Counter[Due]:
    return Counter(
        Due(n.audience.value, n.reader, n.window, n.offset, _utc(n.due), n.timezone)
        for n in plan.notices
        if n.kind in (NoticeKind.ADVANCE, NoticeKind.POINT_OF_SERVICE) and n.offset is not None
    )


@st.composite
def told_cases(draw: st.DrawFn) -> PlanningCase:
    """A planning case with up to three clients, in zones of their own or the scenario's, some
    hearing only of a few subsystems; some changes also affect another subsystem."""
    case = draw(planning_cases(max_changes=10, staffing=0.5))
    scenario = case.scenario
    names = scenario.subsystems
    clients = []
    for k in range(draw(st.integers(0, 3))):
        zone = draw(st.none() | st.sampled_from(CLIENT_ZONES))
        only = draw(st.lists(st.sampled_from(names), unique=True, max_size=len(names)))
        if len(only) == len(names) or not draw(st.booleans()):
            only = []
        clients.append(Client(id=f"client-{k}", name=f"Client {k}", timezone=zone, subsystems=only))
    changes = []
    for c in scenario.changes:
        others = [s for s in names if s != c.subsystem]
        also = draw(st.lists(st.sampled_from(others), unique=True, max_size=2)) if others else []
        changes.append(c.model_copy(update={"also_affects": tuple(also)}))
    # Built from valid parts: the cross-checks (known subsystems) hold by construction.
    scenario = scenario.model_copy(update={"clients": tuple(clients), "changes": tuple(changes)})
    return PlanningCase(scenario, case.start, case.end, case.now)


# A window given in UTC at the second 01:30 of the night the clocks go back in Chicago
# (07:30 UTC; the first 01:30 is 06:30 UTC): its point-of-service notice is due at its start.
REPEATED_HOUR = PlanningCase(
    Scenario(
        name="repeated hour",
        timezone="America/Chicago",
        trains=(
            ReleaseTrain(
                id="ris",
                subsystem="RIS",
                schedule=Schedule(rrule="FREQ=MONTHLY;BYDAY=2WE", at="10:00"),
                downtime="PT15M",
            ),
        ),
        windows=(
            OneOffWindow(
                id="ris.x",
                subsystem="RIS",
                start=datetime(2026, 11, 1, 7, 30, tzinfo=UTC),
                duration="PT15M",
            ),
        ),
        changes=(
            Change(
                id="CHG-1",
                subsystem="RIS",
                duration="PT5M",
                requested_on=date(2026, 1, 1),
                pin="ris.x",
            ),
        ),
    ),
    date(2026, 10, 1),
    date(2026, 12, 1),
    datetime(2026, 10, 1, tzinfo=UTC),
)


@given(told_cases())
@example(REPEATED_HOUR)
def test_every_window_with_work_has_exactly_the_notices_the_policy_asks_for(
    case: PlanningCase,
) -> None:
    plan = case.plan()
    want = expected(plan)
    assert found(plan) == want
    for audience in sorted({d.audience for d in want}):
        event(f"{audience} notices")
    event(f"{len(plan.scenario.clients)} clients")
    # With no previous plan nothing is moved or cancelled, and a notice due by now is late
    # unless its window carries announced work (none without a previous plan).
    assert [n for n in plan.notices if n.offset is None] == []
    for n in plan.notices:
        is_late = _utc(n.due) < _utc(plan.now)
        assert n.status is (NoticeStatus.LATE if is_late else NoticeStatus.PENDING), n
        assert n.late_by == (_utc(plan.now) - _utc(n.due) if is_late else None), n


@given(told_cases())
@example(REPEATED_HOUR)
def test_no_notice_is_due_after_its_window_starts(case: PlanningCase) -> None:
    plan = case.plan()
    windows = {w.id: w for w in plan.windows}
    for n in plan.notices:
        w = windows[n.window]
        assert _utc(n.start) == _utc(w.start), n.id
        assert _utc(n.end) == _utc(w.end), n.id
        assert _utc(n.due) <= _utc(w.start), n.id
        assert n.due.tzinfo == ZoneInfo(n.timezone)
        if plan.scenario.templates == NoticeTemplates():  # the default wording names the zone
            assert f"({n.timezone})" in n.text


@given(told_cases(), st.integers(0, 60 * 24 * 60))
def test_re_planning_an_unchanged_scenario_tells_of_no_move(case: PlanningCase, later: int) -> None:
    first = case.plan()
    again = case.plan(previous=first)
    assert [n for n in again.notices if n.kind in (NoticeKind.MOVED, NoticeKind.CANCELLED)] == []
    # The notices are the same; planned again at the same moment, nothing has gone out since,
    # so a late notice is still late.
    assert [(n.id, n.status) for n in again.notices] == [(n.id, n.status) for n in first.notices]

    # Later, with what the first plan had told by then: the scenario is the same, so the
    # plan keeps the told work where it was (what is announced is kept, and the rest packs as
    # before), and nobody hears of a move.
    now = case.now + timedelta(minutes=later)
    replan = PlanningCase(case.scenario, case.start, case.end, now).plan(previous=first)
    assert [n for n in replan.notices if n.kind in (NoticeKind.MOVED, NoticeKind.CANCELLED)] == []
    # check() reads which notices went out from the plan itself, and agrees about the late ones.
    assert Counter(maintwin.check(replan)) == Counter(replan.conflicts)


@given(told_cases(), st.data())
def test_a_cancelled_change_is_told_to_everyone_who_heard_of_its_window(
    case: PlanningCase, data: st.DataObject
) -> None:
    first = case.plan()
    if not first.assignments:
        return
    gone = data.draw(st.sampled_from([a.change for a in first.assignments]))
    was = first.assignment(gone)
    assert was is not None
    # Mostly a moment after the first notice of its window went out (or after the first plan's
    # now, if later) and before the window starts.
    start = _utc(first.window(was.window).start)
    dues = [_utc(n.due) for n in first.notices if n.window == was.window]
    now = case.now + timedelta(minutes=data.draw(st.integers(0, 30 * 24 * 60)))
    first_due = max(min(dues), _utc(case.now)) if dues else None  # told by then
    if first_due is not None and first_due < start and data.draw(st.integers(0, 3)):
        span = int((start - first_due).total_seconds() // 60)
        now = first_due + timedelta(minutes=data.draw(st.integers(0, max(span - 1, 0))))
    cancelled = case.scenario.model_copy(
        update={
            "changes": tuple(
                c.model_copy(update={"status": Status.CANCELLED}) if c.id == gone else c
                for c in case.scenario.changes
            )
        }
    )
    replan = PlanningCase(cancelled, case.start, case.end, now).plan(previous=first)
    assert replan.assignment(gone) is None
    ids = [n.id for n in replan.notices]
    assert len(ids) == len(set(ids))

    def told(window: str) -> set[tuple[str, str | None]]:
        return {
            (n.audience.value, n.reader)
            for n in first.notices
            if n.window == window
            and (
                n.status is NoticeStatus.SENT
                or (n.status is NoticeStatus.LATE and _utc(now) > _utc(first.now))
                or (n.status is NoticeStatus.PENDING and _utc(n.due) <= _utc(now))
            )
        }

    def riders(p: Plan, window: str) -> set[str]:
        return {a.change for a in p.assignments if a.window == window}

    news = [n for n in replan.notices if n.kind in (NoticeKind.MOVED, NoticeKind.CANCELLED)]
    starts = {w.id: _utc(w.start) for w in first.windows}
    if starts[was.window] > _utc(now):  # its window is still to come: who heard of it hears
        left = riders(replan, was.window)
        kind = NoticeKind.MOVED if left else NoticeKind.CANCELLED
        heard = {(n.audience.value, n.reader) for n in news if n.window == was.window}
        assert heard == told(was.window)
        assert all(n.kind is kind for n in news if n.window == was.window)
    for n in news:  # and nobody else hears of anything but a window whose work changed
        assert (n.audience.value, n.reader) in told(n.window), n.id
        assert riders(first, n.window) != riders(replan, n.window), n.id
        assert _utc(n.due) == _utc(now)
        event(f"{n.kind.value} notices")


@given(told_cases())
def test_notice_ids_are_unique(case: PlanningCase) -> None:
    plan = case.plan()
    ids = [n.id for n in plan.notices]
    assert len(ids) == len(set(ids))
    again = case.plan(previous=plan)
    ids = [n.id for n in again.notices]
    assert len(ids) == len(set(ids))


@given(told_cases())
def test_the_same_input_gives_identical_notices(case: PlanningCase) -> None:
    plan = case.plan()
    same = case.plan()
    assert [n.model_dump_json() for n in same.notices] == [
        n.model_dump_json() for n in plan.notices
    ]
    # The scenario read back from its JSON gives the same notices too.
    text = case.scenario.model_dump_json(by_alias=True)
    reread = PlanningCase(Scenario.from_json(text), case.start, case.end, case.now).plan()
    assert [n.model_dump_json() for n in reread.notices] == [
        n.model_dump_json() for n in plan.notices
    ]
    # And the notices are in due order.
    assert [_utc(n.due) for n in plan.notices] == sorted(_utc(n.due) for n in plan.notices)


def test_the_oracle_reads_the_wall_clock_as_documented() -> None:
    chicago = ZoneInfo("America/Chicago")
    # A gap: 02:30 on 2027-03-14 does not exist; it is 03:30 CDT (08:30 UTC).
    assert wall_clock(datetime(2027, 3, 14, 2, 30), chicago) == datetime(
        2027, 3, 14, 8, 30, tzinfo=UTC
    )
    # Twice: 01:30 on 2026-11-01 is first 01:30 CDT (06:30 UTC).
    assert wall_clock(datetime(2026, 11, 1, 1, 30), chicago) == datetime(
        2026, 11, 1, 6, 30, tzinfo=UTC
    )
    # Two weeks before 10:00 CDT on 17 March is 10:00 CST on 3 March.
    start = datetime(2027, 3, 17, 10, 0, tzinfo=chicago)
    assert due_before(start, timedelta(days=14), chicago.key) == datetime(
        2027, 3, 3, 16, 0, tzinfo=UTC
    )


@given(told_cases(), st.integers(0, 60 * 24 * 60))
def test_check_derives_the_late_notices_of_a_plan_and_no_other_advance_notice(
    case: PlanningCase, later: int
) -> None:
    """``check`` asks for the late notices alone (``late_only``): they are exactly the late
    ones among every notice, the same moved and cancelled ones beside them, with the same
    status (those the earlier plan had already sent are sent, not late)."""
    first = case.plan()
    now = case.now + timedelta(minutes=later)
    plan = PlanningCase(case.scenario, case.start, case.end, now).plan(previous=first)
    told = Told.by(plan)
    args = (plan.scenario, plan.windows, plan.assignments)
    every = notices(*args, now=plan.now, told=told, start=plan.start, end=plan.end)
    late = notices(*args, now=plan.now, told=told, start=plan.start, end=plan.end, late_only=True)

    def key(n: maintwin.Notice) -> tuple[object, ...]:
        return n.id, n.due, n.status, n.late_by

    advance = (NoticeKind.ADVANCE, NoticeKind.POINT_OF_SERVICE)
    assert [key(n) for n in late] == [key(n) for n in every if n.late or n.kind not in advance]
    assert all(n.text == "" for n in late if n.kind in advance)
    event(f"{sum(n.late for n in late)} late")
