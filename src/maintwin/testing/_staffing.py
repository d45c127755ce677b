"""Drawing people, their absences and rotations, and what trains and changes need of them, from
valid parts (never by filtering).

People are named (``dana``, ``lee``, ...) in an order unrelated to the order they are drawn in,
so that the tie by id in the fair choice of a crew gets exercised. Their time away is realistic
and often meets a window: leave of a few days, an appointment of a few hours around a window's
start (sometimes ending exactly as it opens), "never on Sundays", a public holiday of their own
country. Rotations hand off weekly, daily in week-long turns, at a window's own local time, or
at a local time that does not exist or occurs twice when the clocks change; overrides cover a
window's start.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

from .. import Absence, DateRange, Override, Person, PersonHolidays, Rotation, Schedule, Staffing
from ._dst import clock_change
from ._parts import WEEKDAYS, ZONES, day_in, likely

__all__ = [
    "NAMES",
    "PEOPLE_ZONES",
    "ROLES",
    "absence",
    "date_range",
    "overrides",
    "people",
    "person",
    "person_holidays",
    "rotation",
    "staffing",
]

ROLES = ("dba", "network", "app")
# Denver: a day off there starts an hour after Chicago's and two after the 10:00 Chicago window's
# day begins in St John's; the zones of ZONES have unusual daylight saving.
PEOPLE_ZONES = ("America/Denver", *ZONES)
NAMES = ("dana", "lee", "sam", "kim", "ash", "rio", "jo", "max", "ari", "noor", "eli", "sky")

# Where someone living in each zone takes their public holidays: country and subdivision.
_HOMES: dict[str, tuple[str, str | None]] = {
    "America/Denver": ("US", "CO"),
    "America/Chicago": ("US", "IL"),
    "Europe/London": ("GB", "ENG"),
    "America/St_Johns": ("CA", "NL"),
    "Africa/Casablanca": ("MA", None),
    "Asia/Kathmandu": ("NP", None),
    "Australia/Lord_Howe": ("AU", "NSW"),
    "Pacific/Chatham": ("NZ", "CIT"),
}
# Recurring time away: (rrule, local time, duration, title). Whole days count on the person's
# wall clock; the night backups last two hours of elapsed time, across a clock change too.
_RECURRING = (
    ("FREQ=WEEKLY;BYDAY=SU", time(0), timedelta(days=1), "never on Sundays"),
    ("FREQ=WEEKLY;BYDAY=SA,SU", time(0), timedelta(days=1), "weekends off"),
    ("FREQ=MONTHLY;BYDAY=1MO", time(0), timedelta(days=1), "first Monday off"),
    ("FREQ=WEEKLY;BYDAY=TU,TH", time(1, 30), timedelta(hours=2), "night backups"),
)
# Rarely: away every night, so a night window never has this person.
_WORKING_HOURS = ("FREQ=DAILY", time(18), timedelta(hours=14), "outside working hours")
_QUARTER = timedelta(minutes=15)


def date_range(draw: st.DrawFn, horizon: tuple[date, date]) -> DateRange:
    """One day to three weeks away, starting in ``horizon``."""
    first = day_in(draw, horizon[0], horizon[1])
    return DateRange(start=first, end=first + timedelta(days=draw(st.integers(1, 21))))


def _anchor(draw: st.DrawFn, near: Sequence[datetime], horizon: tuple[date, date]) -> datetime:
    """An instant (UTC) to draw a timed absence or an override around: a window's start when
    there are windows, else a quarter hour in the horizon."""
    if near:
        return draw(st.sampled_from(near))
    day = day_in(draw, horizon[0], horizon[1] - timedelta(days=1))
    return datetime.combine(day, time(), UTC) + _QUARTER * draw(st.integers(0, 95))


def absence(
    draw: st.DrawFn,
    *,
    zone: str,
    horizon: tuple[date, date],
    near: Sequence[datetime] = (),
) -> Absence:
    """Whole days off (a single day, or a few), a timed appointment around one of ``near``
    (instants, UTC) given in UTC or in ``zone``, or a recurring absence."""
    kind = draw(st.sampled_from(("days", "timed", "recurring")))
    if kind == "days":
        first = day_in(draw, horizon[0] - timedelta(days=3), horizon[1])
        length = draw(st.integers(1, 10))
        last = first + timedelta(days=length) if length > 1 or likely(draw, 0.5) else None
        return Absence(title="PTO", start=first, end=last)
    if kind == "timed":
        start = _anchor(draw, near, horizon) + _QUARTER * draw(st.integers(-12, 8))
        end = start + _QUARTER * draw(st.integers(1, 24))
        tz = UTC if likely(draw, 0.4) else ZoneInfo(zone)
        return Absence(title="appointment", start=start.astimezone(tz), end=end.astimezone(tz))
    rule, at, duration, title = (
        _WORKING_HOURS if likely(draw, 0.05) else draw(st.sampled_from(_RECURRING))
    )
    return Absence(title=title, schedule=Schedule(rrule=rule, at=at), duration=duration)


def person_holidays(draw: st.DrawFn, zone: str) -> PersonHolidays:
    """The public holidays of the country of ``zone`` (US or UK for a zone not in
    :data:`PEOPLE_ZONES`), with its subdivision mostly."""
    country, subdiv = _HOMES.get(zone) or (draw(st.sampled_from(("US", "GB"))), None)
    if subdiv is not None and likely(draw, 0.3):
        subdiv = None
    return PersonHolidays(country=country, subdiv=subdiv, observed=not likely(draw, 0.2))


def person(
    draw: st.DrawFn,
    *,
    person_id: str,
    roles: tuple[str, ...],
    zones: tuple[str, ...],
    home: str,
    horizon: tuple[date, date],
    near: Sequence[datetime] = (),
    away: bool = True,
) -> Person:
    """One or two of ``roles``; mostly in ``home`` (the scenario's zone, ``timezone`` unset),
    sometimes in a zone of ``zones`` of their own; an e-mail address half the time; with
    ``away``, a few date ranges, absences and sometimes their country's holidays."""
    mine = draw(st.lists(st.sampled_from(roles), min_size=1, max_size=2, unique=True))
    zone = draw(st.sampled_from(zones)) if likely(draw, 0.35) else None
    fields: dict[str, Any] = {
        "id": person_id,
        "name": person_id.title() if likely(draw, 0.5) else "",
        "roles": tuple(mine),
        "timezone": zone,
        "email": f"{person_id}@example.org" if likely(draw, 0.5) else None,
    }
    if away:
        fields["unavailable"] = tuple(
            date_range(draw, horizon) for _ in range(draw(st.integers(0, 2)))
        )
        fields["away"] = tuple(
            absence(draw, zone=zone or home, horizon=horizon, near=near)
            for _ in range(draw(st.integers(0, 2)))
        )
        if likely(draw, 0.25):
            fields["holidays"] = person_holidays(draw, zone or home)
    return Person(**fields)


def people(
    draw: st.DrawFn,
    *,
    roles: tuple[str, ...],
    zones: tuple[str, ...],
    home: str,
    horizon: tuple[date, date],
    near: Sequence[datetime] = (),
    least: int = 2,
    most: int = 7,
) -> tuple[Person, ...]:
    """``least`` to ``most`` people as :func:`person` draws them, named from :data:`NAMES` in
    an order unrelated to the order they are drawn in."""
    count = draw(st.integers(least, most))
    names = draw(st.permutations(NAMES))[:count]
    return tuple(
        person(
            draw,
            person_id=name,
            roles=roles,
            zones=zones,
            home=home,
            horizon=horizon,
            near=near,
        )
        for name in names
    )


def _handoff(
    draw: st.DrawFn,
    *,
    own: str | None,
    zone: str,
    horizon: tuple[date, date],
    near: Sequence[datetime],
) -> tuple[Schedule, int]:
    """A hand-off schedule in ``own`` (``None``: the scenario's ``zone``) and a turn length:
    weekly on Monday at 09:00; daily at 08:00 in week-long turns; weekly at a window's own local
    time (the pager changes hands as the window opens); or weekly at a local time that does not
    exist or occurs twice on a day the clocks change."""
    kind = draw(st.sampled_from(("monday", "daily", "window", "dst")))
    tz = ZoneInfo(own or zone)
    rule, at, turn = "FREQ=WEEKLY;BYDAY=MO", time(9), draw(st.sampled_from((1, 2)))
    if kind == "daily":
        rule, at, turn = "FREQ=DAILY", time(8), 7
    elif kind == "window" and near:
        local = draw(st.sampled_from(near)).astimezone(tz)
        rule, at = f"FREQ=WEEKLY;BYDAY={WEEKDAYS[local.weekday()]}", local.time()
    elif kind == "dst":
        moment = clock_change(draw, own or zone, horizon)
        if moment is not None:
            rule, at = f"FREQ=WEEKLY;BYDAY={WEEKDAYS[moment.weekday()]}", moment.time()
    if likely(draw, 0.85):  # under way when the horizon starts
        first = horizon[0] - timedelta(days=draw(st.integers(0, 60)))
    else:  # nobody is on call in the horizon's first days
        first = day_in(draw, horizon[0], horizon[0] + timedelta(days=60))
    return Schedule(rrule=rule, at=at, timezone=own, starts_on=first), turn


def overrides(
    draw: st.DrawFn,
    *,
    holders: tuple[str, ...],
    zone: str,
    horizon: tuple[date, date],
    near: Sequence[datetime],
    least: int = 0,
) -> tuple[Override, ...]:
    """``least`` to two swaps that do not overlap, each covering the start of a window of ``near``
    (or an instant in the horizon) for a few hours or days, as local times in ``zone`` or
    aware ones."""
    out: list[Override] = []
    earliest: datetime | None = None
    for _ in range(draw(st.integers(least, 2))):
        start = _anchor(draw, near, horizon) - _QUARTER * draw(st.integers(0, 4 * 24))
        if earliest is not None and start < earliest:
            start = earliest
        length = timedelta(hours=draw(st.sampled_from((2, 4, 12, 24, 72))))
        who = draw(st.sampled_from(holders))
        if likely(draw, 0.5):  # local wall-clock times: the end is the start plus the length
            local = start.astimezone(ZoneInfo(zone)).replace(tzinfo=None)
            out.append(Override(person=who, start=local, end=local + length))
            # Local times read back at their first occurrence: leave a margin of a day.
            earliest = start + length + timedelta(days=1)
        else:
            out.append(Override(person=who, start=start, end=start + length))
            earliest = start + length + timedelta(hours=1)
    return tuple(out)


def rotation(
    draw: st.DrawFn,
    *,
    rotation_id: str,
    role: str,
    holders: tuple[str, ...],
    zone: str,
    zones: tuple[str, ...],
    horizon: tuple[date, date],
    near: Sequence[datetime] = (),
) -> Rotation:
    """A rotation of ``role`` among some of ``holders`` (the people with it), in turn order,
    handing off as :func:`_handoff` draws it, with overrides by any of ``holders``. ``zone``
    is the scenario's; the hand-offs are sometimes in a zone of ``zones`` of their own."""
    order = draw(st.permutations(holders))
    members = tuple(order[: draw(st.integers(1, len(order)))])
    own = draw(st.sampled_from(zones)) if likely(draw, 0.25) else None
    handoff, turn = _handoff(draw, own=own, zone=zone, horizon=horizon, near=near)
    swaps = overrides(draw, holders=holders, zone=own or zone, horizon=horizon, near=near)
    return Rotation(
        id=rotation_id, role=role, people=members, handoff=handoff, turn=turn, overrides=swaps
    )


def staffing(draw: st.DrawFn, *, train: str, roles: tuple[str, ...]) -> Staffing:
    """What ``train``'s windows need: one or two of ``roles``, one person each (sometimes
    two), with a backup for some."""
    picked = draw(st.lists(st.sampled_from(roles), min_size=1, max_size=2, unique=True))
    needs = {r: 2 if likely(draw, 0.1) else 1 for r in picked}
    backups = {r: 1 for r in picked if likely(draw, 0.4)}
    return Staffing(train=train, needs=needs, backups=backups)
