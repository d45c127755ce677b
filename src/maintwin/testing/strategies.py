"""Hypothesis strategies for maintwin: schedules, trains, blackouts, changes, people, their
absences and rotations, scenarios, plans.

Every value is built from valid parts, never filtered, so drawing is fast and keeps Hypothesis's
health checks happy; every value drawn validates and survives a JSON round trip (the same JSON
again, the same instants). The values are
realistic by default: mostly monthly trains with 15-minute windows, local times in the night
hours where clocks change, real IANA zones with unusual daylight saving (:data:`ZONES`), US and
UK holidays. Options are keyword-only and checked when the strategy is made: a bad one raises
``hypothesis.errors.InvalidArgument`` naming it and the value given.

``horizon`` is the planning period ``(start, end)`` the values are drawn around (dates, the end
exclusive); by default each example draws its own, starting in 2027 and 3 to 15 months long.

Needs the extra: ``pip install 'maintwin[testing]'``.
"""

from __future__ import annotations

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as exc:  # pragma: no cover - exercised in a subprocess by the tests
    raise ImportError(
        "maintwin.testing.strategies needs Hypothesis: pip install 'maintwin[testing]'"
    ) from exc

from collections.abc import Sequence
from datetime import date
from typing import Unpack

from .. import (
    Absence,
    Blackout,
    BlackoutReason,
    Change,
    Person,
    Plan,
    Policy,
    ReleaseTrain,
    Rotation,
    Scenario,
    Schedule,
    Staffing,
)
from . import _options as check
from . import _parts as parts
from . import _staffing as staff
from ._cases import Options, ScenarioOptions, planning_case
from ._parts import FREQUENCIES, SUBSYSTEMS, ZONES
from ._planning_case import PlanningCase, Solver
from ._staffing import NAMES, PEOPLE_ZONES, ROLES

__all__ = [
    "FREQUENCIES",
    "NAMES",
    "PEOPLE_ZONES",
    "ROLES",
    "SUBSYSTEMS",
    "ZONES",
    "PlanningCase",
    "ScenarioOptions",
    "absences",
    "blackouts",
    "changes",
    "people",
    "planning_cases",
    "plans",
    "policies",
    "release_trains",
    "rotations",
    "scenarios",
    "schedules",
    "staffing",
]


def schedules(
    *,
    frequencies: Sequence[str] = FREQUENCIES,
    zones: Sequence[str] = ZONES,
    horizon: tuple[date, date] | None = None,
) -> st.SearchStrategy[Schedule]:
    """Schedules in one of ``zones``, mostly of the first of ``frequencies``.

    ``"monthly"``: the n-th or last weekday of the month, or a day of the month, sometimes
    moved by a few days (Patch Tuesday + 2); ``"weekly"``: one or two weekdays. The local time
    is a quarter hour, often in the night hours where clocks change. Each schedule runs from
    before ``horizon`` through it and sometimes skips one of its dates there.
    """
    frequencies = check.choices("frequencies", frequencies, FREQUENCIES)
    zones = check.zones("zones", zones)
    fixed = check.horizon("horizon", horizon)

    @st.composite
    def one(draw: st.DrawFn) -> Schedule:
        zone = draw(st.sampled_from(zones))
        span = parts.draw_horizon(draw, fixed)
        return parts.schedule(draw, frequencies=frequencies, timezone=zone, zone=zone, horizon=span)

    return one()


def release_trains(
    *,
    subsystems: Sequence[str] = SUBSYSTEMS,
    frequencies: Sequence[str] = FREQUENCIES,
    zones: Sequence[str] = ZONES,
    horizon: tuple[date, date] | None = None,
    downtime: float = 0.75,
) -> st.SearchStrategy[ReleaseTrain]:
    """Release trains of one of ``subsystems`` (the id is its name in lower case), on a
    schedule as :func:`schedules` draws it; with probability ``downtime`` each release opens a
    window, 15 minutes long mostly."""
    names = check.names("subsystems", subsystems)
    share = check.share("downtime", downtime)
    on = schedules(frequencies=frequencies, zones=zones, horizon=horizon)

    @st.composite
    def one(draw: st.DrawFn) -> ReleaseTrain:
        name = draw(st.sampled_from(names))
        return parts.release_train(
            draw,
            train_id=name.lower(),
            subsystem=name,
            schedule_of=draw(on),
            downtime=parts.chance(draw, share),
        )

    return one()


def blackouts(
    *,
    subsystems: Sequence[str] | None = None,
    zones: Sequence[str] = ZONES,
    horizon: tuple[date, date] | None = None,
    reasons: Sequence[str] = tuple(BlackoutReason),
) -> st.SearchStrategy[Blackout]:
    """Blackouts for one of ``reasons``: whole local days in or near ``horizon`` (a freeze), a
    few hours given in UTC (a vendor's maintenance), or a recurring period (quarter close).
    With ``subsystems``, some block only a few of them (``scope``); without, all block all.
    Dates are read in the scenario's zone, or sometimes in one of ``zones``."""
    scope_from = () if subsystems is None else check.names("subsystems", subsystems)
    zones = check.zones("zones", zones)
    fixed = check.horizon("horizon", horizon)
    picked = check.choices("reasons", reasons, tuple(BlackoutReason))

    @st.composite
    def one(draw: st.DrawFn) -> Blackout:
        made, _ = parts.blackout(
            draw,
            blackout_id=f"blackout-{draw(st.integers(1, 999))}",
            reasons=picked,
            scope_from=scope_from,
            zones=zones,
            horizon=parts.draw_horizon(draw, fixed),
        )
        return made

    return one()


def changes(
    *,
    subsystems: Sequence[str] = SUBSYSTEMS,
    horizon: tuple[date, date] | None = None,
    short_notice: float = 0.2,
    prerequisites: Sequence[str] = (),
    dependency_density: float = 0.2,
    roles: Sequence[str] = (),
    owners: Sequence[str] = (),
    needs: float = 0.2,
    policy: Policy | None = None,
    runbooks: float = 0.15,
) -> st.SearchStrategy[Change]:
    """Changes of one of ``subsystems``, 1 to 15 minutes long mostly, with ids ``CHG-<n>``.

    With probability ``short_notice`` a change is a short-notice change raised within the lead
    time of ``horizon``; otherwise it was raised up to 18 months before it or in its first
    half. Half the short-notice changes keep a record: mostly an approval (at the first
    meeting of ``policy.cab`` after the change was raised, when it has one), answers to all or
    some of ``policy.review_questions``, a worst case and a rollback, sometimes stakeholders
    and a client line (``policy``: the default :class:`~maintwin.Policy` when ``None``). Some
    have an earliest date, a deadline, steps; some also affect another of ``subsystems``
    (``also_affects``: put such changes in a scenario that has them), or services, or say
    more to the internal audience. With probability ``dependency_density`` a change depends on
    one or two of ``prerequisites`` (ids). With probability ``needs`` it needs people of its
    own: one of ``roles`` (sometimes with a backup), or one of ``owners`` (person ids) as its
    owner, or both; with neither given, none does. With probability ``runbooks`` it has a
    runbook: two to four timed steps mostly (some checks, sometimes a go/no-go gate), owned by
    one of ``roles`` or ``owners`` (nobody with neither), dry runs sometimes, a
    rollback mostly, and then at times no stated duration (``duration=None``: the steps or
    dry runs give its length). Every change is ``proposed`` (the default
    status). For lists of changes, draw with ``st.lists(changes(), unique_by=lambda c: c.id)``.
    """
    names = check.names("subsystems", subsystems)
    fixed = check.horizon("horizon", horizon)
    urgent = check.share("short_notice", short_notice)
    pool = check.ids("prerequisites", prerequisites)
    density = check.share("dependency_density", dependency_density)
    wanted = check.ids("roles", roles)
    named = check.ids("owners", owners)
    share = check.share("needs", needs)
    rules = check.policy("policy", policy)
    with_runbooks = check.share("runbooks", runbooks)
    step_owners = (*wanted, *named)

    @st.composite
    def one(draw: st.DrawFn) -> Change:
        cid = f"CHG-{draw(st.integers(1000, 9999))}"
        return parts.change(
            draw,
            change_id=cid,
            subsystems=names,
            horizon=parts.draw_horizon(draw, fixed),
            short_notice=urgent,
            prerequisites=tuple(p for p in pool if p != cid),
            dependency_density=density,
            roles=wanted,
            owners=named,
            needs=share,
            policy=rules,
            also_from=names,
            runbooks=with_runbooks,
            step_owners=step_owners,
        )

    return one()


def people(
    *,
    roles: Sequence[str] = ROLES,
    zones: Sequence[str] = PEOPLE_ZONES,
    horizon: tuple[date, date] | None = None,
    away: bool = True,
) -> st.SearchStrategy[Person]:
    """People with one or two of ``roles``, named from :data:`NAMES`, mostly in the scenario's
    zone (``timezone`` unset) and sometimes in one of ``zones`` of their own (by default
    America/Denver or a zone of :data:`ZONES`), an e-mail address half the time. With ``away``,
    some are away in ``horizon``: leave of a few days (``unavailable``), absences as
    :func:`absences` draws them, the public holidays of their zone's country. For lists, draw
    with ``st.lists(people(), unique_by=lambda p: p.id)``.
    """
    picked = check.some_ids("roles", roles)
    zones = check.zones("zones", zones)
    fixed = check.horizon("horizon", horizon)
    with_time_away = check.flag("away", away)

    @st.composite
    def one(draw: st.DrawFn) -> Person:
        return staff.person(
            draw,
            person_id=draw(st.sampled_from(NAMES)),
            roles=picked,
            zones=zones,
            home=draw(st.sampled_from(zones)),
            horizon=parts.draw_horizon(draw, fixed),
            away=with_time_away,
        )

    return one()


def absences(
    *, zones: Sequence[str] = PEOPLE_ZONES, horizon: tuple[date, date] | None = None
) -> st.SearchStrategy[Absence]:
    """Time away in ``horizon``, on the clock of a person in one of ``zones``: whole days (one
    or several), a timed appointment of a quarter hour to six hours (given in UTC or in the
    person's zone), or a recurring absence ("never on Sundays", "weekends off", night backups
    of two hours across a clock change, rarely "outside working hours")."""
    zones = check.zones("zones", zones)
    fixed = check.horizon("horizon", horizon)

    @st.composite
    def one(draw: st.DrawFn) -> Absence:
        zone = draw(st.sampled_from(zones))
        return staff.absence(draw, zone=zone, horizon=parts.draw_horizon(draw, fixed))

    return one()


def rotations(
    *,
    role: str = "dba",
    people: Sequence[str] = NAMES[:4],
    zones: Sequence[str] = ZONES,
    horizon: tuple[date, date] | None = None,
) -> st.SearchStrategy[Rotation]:
    """On-call rotations of ``role`` among some of ``people`` (ids, who must have the role in
    a scenario), in a drawn order. Hand-offs are weekly on Monday at 09:00, daily at 08:00 in
    week-long turns, or weekly at a local time that does not exist or occurs twice on a day
    the clocks change, in the scenario's zone or one of ``zones``; the first hand-off is
    before ``horizon`` mostly, sometimes in it. Up to two overrides, by any of ``people``, do
    not overlap."""
    name = check.identifier("role", role)
    holders = check.some_ids("people", people)
    zones = check.zones("zones", zones)
    fixed = check.horizon("horizon", horizon)

    @st.composite
    def one(draw: st.DrawFn) -> Rotation:
        return staff.rotation(
            draw,
            rotation_id=f"{name}-on-call",
            role=name,
            holders=holders,
            zone=draw(st.sampled_from(zones)),
            zones=zones,
            horizon=parts.draw_horizon(draw, fixed),
        )

    return one()


def staffing(
    *, trains: Sequence[str] = ("ris",), roles: Sequence[str] = ROLES
) -> st.SearchStrategy[Staffing]:
    """What the windows of one of ``trains`` (ids) need: one or two of ``roles``, one person
    each (sometimes two), with a backup for some."""
    ids = check.some_ids("trains", trains)
    picked = check.some_ids("roles", roles)

    @st.composite
    def one(draw: st.DrawFn) -> Staffing:
        return staff.staffing(draw, train=draw(st.sampled_from(ids)), roles=picked)

    return one()


def policies() -> st.SearchStrategy[Policy]:
    """Policies: six months' lead time and two weeks' notice mostly; sometimes shorter or longer,
    other notices (to clients, internally, to crews), internal notices of every window with
    work, another same-day rule, a weekly CAB meeting (sometimes in a zone of its own), other
    review questions, another contingency factor for rehearsed changes, room to recover for
    long changes (``slack``)."""
    return st.composite(parts.policy)()


def scenarios(**options: Unpack[ScenarioOptions]) -> st.SearchStrategy[Scenario]:
    """Whole scenarios, each planned over its own horizon by :func:`planning_cases`.

    Options (all keyword-only):

    * ``subsystems``: how many subsystems, a number or ``(least, most)`` (default ``(1, 3)``),
      named from :data:`SUBSYSTEMS`; or the names themselves. Each has a release train
      (mostly monthly), the first always with a downtime window, the others half the time;
      sometimes a second, weekly train in another zone, or a one-off window.
    * ``horizon``: the planning period ``(start, end)``, or ``None`` (default) to draw one.
    * ``zones``: the IANA zones for the scenario and the items that name their own
      (default :data:`ZONES`).
    * ``policy``: a :class:`~maintwin.Policy` to use, or ``None`` (default) to draw one as
      :func:`policies` does.
    * ``blackout_density``: about the share of the horizon's days that explicit blackouts
      cover, at most (default 0.1).
    * ``dependency_density``: the probability that a change depends on others (default 0.2).
    * ``short_notice``: the share of short-notice changes (default 0.2), half of them with a
      record (an approval, review answers, a worst case and a rollback) as :func:`changes`
      draws it.
    * ``pinned``: the probability that a change is pinned to a window of its subsystem
      (default 0.05).
    * ``holidays``: whether scenarios may have US or UK holiday calendars (default True).
    * ``max_changes``: the most changes in a scenario, 0 to 200 (default 8).
    * ``cycles``: whether dependencies may form cycles (default False), which the planner
      reports and holds back.
    * ``staffing``: the probability that a scenario has people (two to seven, as :func:`people`
      draws them, away around its windows' starts) and that its subsystems' windows need a
      crew of them (default 0.3; 0 never, 1 always). A subsystem's second train needs the
      same crew as its first, one of its own, or none.
    * ``rotations``: whether roles may have an on-call rotation (default True), as
      :func:`rotations` draws them.
    * ``change_needs``: in a scenario with people, the probability that a change needs people
      of its own, a role or a named owner (default 0.2).
    * ``clients``: the probability that a scenario has one or two clients (default 0.3), each
      mostly on a clock of its own (one of ``zones``) and sometimes hearing only of some
      subsystems; without clients, one audience in the scenario's zone hears of every window.
    * ``runbooks``: the probability that a change has a runbook (default 0.15): timed steps
      (some checks, sometimes a go/no-go gate) owned by a role somebody has or a person (any
      of :data:`ROLES` without people), dry runs sometimes, a rollback mostly; such a change
      may state no duration.
    * ``slack``: the probability that a drawn policy asks for room to recover
      (``Policy.slack``: changes longer than 0 to 10 minutes want 5 minutes to an hour left
      in their window; default 0.15); ignored with ``policy``.

    Changes are drawn as :func:`changes` draws them, for the scenario's policy: short-notice
    records answer its review questions, and ``also_affects`` names other subsystems of the
    scenario. Every change is ``proposed``; none is done, failed or cancelled. Rarely, a
    scenario words some audiences' notices its own way.
    """
    return planning_cases(**options).map(lambda case: case.scenario)


def planning_cases(**options: Unpack[ScenarioOptions]) -> st.SearchStrategy[PlanningCase]:
    """A scenario as :func:`scenarios` draws it (same options), with the horizon ``start`` and
    ``end`` and a clock ``now`` (up to 45 days before the horizon, or 10 days into it): all
    that :func:`maintwin.plan` needs. ``case.plan()`` plans it."""
    return planning_case(Options.of(options))


def plans(
    *, solver: Solver = "greedy", **options: Unpack[ScenarioOptions]
) -> st.SearchStrategy[Plan]:
    """Plans of the cases :func:`planning_cases` draws (same options), made by ``solver``
    (``"exact"`` needs ``pip install 'maintwin[exact]'``)."""
    if solver not in ("greedy", "exact"):
        raise InvalidArgument(f"solver={solver!r}: expected 'greedy' or 'exact'")
    return planning_cases(**options).map(lambda case: case.plan(solver=solver))
