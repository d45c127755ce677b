"""Drawing whole scenarios, with the horizon and clock to plan them: planning cases."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from typing import TypedDict
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from .. import (
    Blackout,
    BlackoutReason,
    Change,
    HolidaySource,
    OneOffWindow,
    Person,
    Policy,
    ReleaseTrain,
    Rotation,
    Scenario,
    Staffing,
    Window,
)
from . import _options as check
from . import _parts as parts
from . import _staffing as staff
from ._facts import instant
from ._planning_case import PlanningCase

__all__ = ["Options", "PlanningCase", "ScenarioOptions", "planning_case"]


class ScenarioOptions(TypedDict, total=False):
    """The options of :func:`~maintwin.testing.strategies.scenarios` (and of
    ``planning_cases`` and ``plans``); see there for what each means and its default."""

    subsystems: int | tuple[int, int] | Sequence[str]
    horizon: tuple[date, date] | None
    zones: Sequence[str]
    policy: Policy | None
    blackout_density: float
    dependency_density: float
    short_notice: float
    pinned: float
    holidays: bool
    max_changes: int
    cycles: bool
    staffing: float
    rotations: bool
    change_needs: float
    clients: float
    runbooks: float
    slack: float


@dataclass(frozen=True)
class Options:
    """The options, checked, with their defaults."""

    subsystems: check.Subsystems = (1, 3)
    horizon: check.Horizon = None
    zones: tuple[str, ...] = parts.ZONES
    policy: Policy | None = None
    blackout_density: float = 0.1
    dependency_density: float = 0.2
    short_notice: float = 0.2
    pinned: float = 0.05
    holidays: bool = True
    max_changes: int = 8
    cycles: bool = False
    staffing: float = 0.3
    rotations: bool = True
    change_needs: float = 0.2
    clients: float = 0.3
    runbooks: float = 0.15
    slack: float = 0.15

    @classmethod
    def of(cls, given: Mapping[str, object]) -> Options:
        """Check each option given; an unknown one is a :class:`TypeError`, as for any
        function, and a bad value an ``InvalidArgument`` naming it."""
        checks: dict[str, Callable[[str, object], object]] = {
            "subsystems": check.subsystems,
            "horizon": check.horizon,
            "zones": check.zones,
            "policy": check.policy,
            "blackout_density": check.share,
            "dependency_density": check.share,
            "short_notice": check.share,
            "pinned": check.share,
            "holidays": check.flag,
            "max_changes": lambda name, value: check.count(name, value, most=200),
            "cycles": check.flag,
            "staffing": check.share,
            "rotations": check.flag,
            "change_needs": check.share,
            "clients": check.share,
            "runbooks": check.share,
            "slack": check.share,
        }
        assert checks.keys() == {f.name for f in fields(cls)}
        for name in given:
            if name not in checks:
                close = difflib.get_close_matches(name, sorted(checks), n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise TypeError(f"unexpected option {name!r}{hint} (options: {', '.join(checks)})")
        return cls(**{name: checks[name](name, value) for name, value in given.items()})  # type: ignore[arg-type]


def _names(draw: st.DrawFn, subsystems: check.Subsystems) -> tuple[str, ...]:
    if isinstance(subsystems[0], str):
        return tuple(str(s) for s in subsystems)
    lo, hi = subsystems
    return parts.SUBSYSTEMS[: draw(st.integers(int(lo), int(hi)))]


def _trains(
    draw: st.DrawFn, names: tuple[str, ...], zone: str, horizon: tuple[date, date], o: Options
) -> tuple[list[ReleaseTrain], list[OneOffWindow]]:
    """A train for each subsystem, the first always with downtime; sometimes a second weekly
    train in another zone, or a one-off window."""
    trains, one_offs = [], []
    weekdays = draw(st.permutations(parts.WEEKDAYS))  # each subsystem on its own day
    for index, name in enumerate(names):
        slug = name.lower()
        downtime = index == 0 or parts.chance(draw, 0.5)
        own = parts.own_zone(draw, o.zones)
        schedule = parts.schedule(
            draw,
            frequencies=parts.FREQUENCIES,
            timezone=own,
            zone=own or zone,
            horizon=horizon,
            weekday=weekdays[index % len(weekdays)],
            retire=index > 0,
        )
        trains.append(
            parts.release_train(
                draw, train_id=slug, subsystem=name, schedule_of=schedule, downtime=downtime
            )
        )
        if downtime and parts.chance(draw, 0.15):  # its windows then lie in two zones
            other = draw(st.sampled_from(o.zones))
            weekly = parts.schedule(
                draw,
                frequencies=("weekly",),
                timezone=other,
                zone=other,
                horizon=horizon,
                weekday=weekdays[index % len(weekdays)],
            )
            trains.append(
                parts.release_train(
                    draw, train_id=f"{slug}.2", subsystem=name, schedule_of=weekly, downtime=True
                )
            )
        if parts.chance(draw, 0.2):
            one_offs.append(
                parts.one_off_window(
                    draw, window_id=f"{slug}.x", subsystem=name, zones=o.zones, horizon=horizon
                )
            )
    return trains, one_offs


def _blackouts(
    draw: st.DrawFn, names: tuple[str, ...], horizon: tuple[date, date], o: Options
) -> list[Blackout]:
    """Blackouts covering about ``blackout_density`` of the horizon's days at most."""
    budget = o.blackout_density * (horizon[1] - horizon[0]).days
    out: list[Blackout] = []
    for k in range(draw(st.integers(0, 6))):
        if budget <= 0:
            break
        made, cost = parts.blackout(
            draw,
            blackout_id=f"blackout-{k}",
            reasons=tuple(BlackoutReason),
            scope_from=names,
            zones=o.zones,
            horizon=horizon,
            budget=budget,
        )
        out.append(made)
        budget -= cost
    return out


def _now(draw: st.DrawFn, start: date, zone: str) -> datetime:
    """Up to 45 days before the horizon or 10 days into it, in UTC or the scenario's zone."""
    tz = ZoneInfo(zone)
    midnight = instant(datetime.combine(start, datetime.min.time(), tz))
    now = midnight + timedelta(minutes=draw(st.integers(-45 * 24 * 60, 10 * 24 * 60)))
    return now.astimezone(tz) if parts.chance(draw, 0.5) else now


@dataclass(frozen=True)
class _Crews:
    """The people of a drawn scenario, what its trains need of them, and its rotations."""

    people: tuple[Person, ...] = ()
    staffing: tuple[Staffing, ...] = ()
    rotations: tuple[Rotation, ...] = ()


def _crews(
    draw: st.DrawFn,
    base: Scenario,
    windows: Sequence[Window],
    horizon: tuple[date, date],
    o: Options,
) -> _Crews:
    """Two to seven people (living in ``zones``, or in :data:`~._staffing.PEOPLE_ZONES` when
    ``zones`` is left as it is), away around the windows' starts; what the subsystems need of
    them; and, with ``rotations``, an on-call rotation for some roles.

    A subsystem's other trains (a weekly one) need the same crew as its first, or one of their
    own, or none (and are then crewed as its one-off windows are: by the most of each role any
    of its trains needs).
    """
    zones = staff.PEOPLE_ZONES if o.zones == parts.ZONES else o.zones
    open_ = [instant(w.start) for w in windows if not w.blocked_by]
    near = open_ or [instant(w.start) for w in windows]
    people = staff.people(
        draw, roles=staff.ROLES, zones=zones, home=base.timezone, horizon=horizon, near=near
    )
    held = tuple(r for r in staff.ROLES if any(r in p.roles for p in people))
    staffing: list[Staffing] = []
    for subsystem in base.subsystems:
        carrying = [
            t.id for t in base.trains if t.subsystem == subsystem and t.downtime is not None
        ]
        if carrying and parts.likely(draw, 0.8):
            need = staff.staffing(draw, train=carrying[0], roles=held)
            staffing.append(need)
            for train in carrying[1:]:  # the subsystem's other trains: the same, their own, none
                kind = draw(st.sampled_from(("same", "same", "own", "none")))
                if kind == "same":
                    staffing.append(need.model_copy(update={"train": train}))
                elif kind == "own":
                    staffing.append(staff.staffing(draw, train=train, roles=held))
    rotations: list[Rotation] = []
    if o.rotations:
        for role in held:
            if parts.likely(draw, 0.35):
                holders = tuple(p.id for p in people if role in p.roles)
                rotations.append(
                    staff.rotation(
                        draw,
                        rotation_id=f"{role}-on-call",
                        role=role,
                        holders=holders,
                        zone=base.timezone,
                        zones=zones,
                        horizon=horizon,
                        near=near,
                    )
                )
    return _Crews(people, tuple(staffing), tuple(rotations))


def _overlapping(
    draw: st.DrawFn, base: Scenario, windows: Sequence[Window], staffing: Sequence[Staffing]
) -> OneOffWindow | None:
    """Mostly, a one-off window of a vendor's, given in UTC, that overlaps one of
    ``windows`` that needs a crew, for a subsystem that needs one (the same or another):
    nobody can be on duty in both."""
    subsystem_of = {t.id: t.subsystem for t in base.trains}
    staffed = sorted({subsystem_of[s.train] for s in staffing})
    open_ = [w for w in windows if not w.blocked_by and w.subsystem in staffed]
    if not open_ or not parts.likely(draw, 0.6):
        return None
    other = draw(st.sampled_from(open_))
    subsystem = draw(st.sampled_from(staffed))
    start = instant(other.start) - timedelta(minutes=15 * draw(st.integers(0, 3)))
    return OneOffWindow(
        id=f"{subsystem.lower()}.overlap",
        subsystem=subsystem,
        start=start,
        duration=timedelta(minutes=draw(st.sampled_from((30, 60, 90)))),
        title=f"{subsystem} vendor maintenance",
    )


@st.composite
def planning_case(draw: st.DrawFn, o: Options) -> PlanningCase:
    """A scenario built from valid parts, and a horizon and clock to plan it with."""
    zone = draw(st.sampled_from(o.zones))
    horizon = parts.draw_horizon(draw, o.horizon)
    names = _names(draw, o.subsystems)
    trains, one_offs = _trains(draw, names, zone, horizon, o)
    holidays: tuple[HolidaySource, ...] = ()
    if o.holidays and parts.chance(draw, 0.6):
        countries = st.sampled_from(parts.HOLIDAY_COUNTRIES)
        picked = draw(st.lists(countries, min_size=1, max_size=2, unique=True))
        holidays = tuple(parts.holiday_source(draw, scope_from=names, country=c) for c in picked)
    base = Scenario(
        name=draw(st.sampled_from(("teleradiology-platform", "hospital-ehr", "lab-network"))),
        timezone=zone,
        policy=o.policy
        if o.policy is not None
        else parts.policy(draw, o.zones, slack_share=o.slack),
        trains=tuple(trains),
        one_off_windows=tuple(one_offs),
        blackouts=tuple(_blackouts(draw, names, horizon, o)),
        holidays=holidays,
    )
    windows: list[Window] | None = None
    crews = _Crews()
    if parts.likely(draw, o.staffing):
        windows = base.windows(*horizon)
        crews = _crews(draw, base, windows, horizon, o)
        extra = _overlapping(draw, base, windows, crews.staffing)
        if extra is not None:
            base = base.model_copy(update={"one_off_windows": (*base.one_off_windows, extra)})
        # Made from validated parts; the scenario's cross-checks hold by construction (and
        # the strategies' tests validate every drawn scenario again).
        base = base.model_copy(
            update={
                "people": crews.people,
                "staffing": crews.staffing,
                "rotations": crews.rotations,
            }
        )
    changes = _changes(draw, base, windows, horizon, o)
    scenario = base.model_copy(update={"changes": changes, **_audience(draw, base, o)})
    return PlanningCase(scenario, horizon[0], horizon[1], _now(draw, horizon[0], zone))


def _audience(draw: st.DrawFn, base: Scenario, o: Options) -> dict[str, object]:
    """Who hears of the downtime, and in which words, as ``Scenario`` fields: with
    probability ``clients``, one or two clients, on clocks of their own mostly, some hearing
    only of some subsystems; rarely, wording of the scenario's own for some audiences."""
    out: dict[str, object] = {}
    if parts.likely(draw, o.clients):
        count = draw(st.integers(1, 2))
        out["clients"] = tuple(
            parts.client(draw, index=i, subsystems=base.subsystems, zones=o.zones)
            for i in range(count)
        )
    if parts.likely(draw, 0.1):
        out["templates"] = parts.notice_templates(draw)
    return out


def _changes(
    draw: st.DrawFn,
    base: Scenario,
    windows: list[Window] | None,
    horizon: tuple[date, date],
    o: Options,
) -> tuple[Change, ...]:
    """Up to ``max_changes`` changes, mostly of subsystems that have windows, with ids in an
    order unrelated to the order they are drawn in (ties broken by id get exercised). In a
    scenario with people, some need people of their own (``change_needs``). Short-notice
    records answer the policy's review questions; some changes also affect other subsystems
    of the scenario; some (``runbooks``) have timed steps, dry runs and a rollback."""
    count = draw(st.integers(0, o.max_changes))
    if not count:
        return ()
    if windows is None:
        windows = base.windows(*horizon)
    served = tuple(sorted({w.subsystem for w in windows}))
    subsystems = base.subsystems if not served or parts.chance(draw, 0.05) else served
    pins: dict[str, tuple[str, ...]] = {}
    for w in windows:
        pins[w.subsystem] = (*pins.get(w.subsystem, ()), w.id)
    roles = tuple(sorted({r for p in base.people for r in p.roles}))
    owners = tuple(p.id for p in base.people)
    # Runbook steps are owned by a role somebody has or by a person (any role without people).
    step_owners = (*roles, *owners) if base.people else staff.ROLES
    ids = [f"CHG-{1001 + k}" for k in draw(st.permutations(range(count)))]
    return tuple(
        parts.change(
            draw,
            change_id=cid,
            subsystems=subsystems,
            horizon=horizon,
            short_notice=o.short_notice,
            prerequisites=tuple(c for c in ids if c != cid) if o.cycles else tuple(ids[:index]),
            dependency_density=o.dependency_density,
            pins=pins,
            pinned=o.pinned,
            roles=roles,
            owners=owners,
            needs=o.change_needs,
            policy=base.policy,
            also_from=base.subsystems,
            runbooks=o.runbooks,
            step_owners=step_owners,
        )
        for index, cid in enumerate(ids)
    )
