"""`Schedule`: a recurrence in local wall-clock time, and its expansion into occurrences."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache, partial
from typing import Annotated, ClassVar, Self

from pydantic import AfterValidator, Field, model_validator

from .._errors import ExpansionLimitError, LocatedProblem, MaintwinError
from .._time import horizon, settle, utc
from .._zone_changes import LocalClock
from .base import Model
from .rrule import PERIOD, WEEKDAYS, RRule, RRuleError, parse_rrule
from .types import LocalTime, ZoneName

__all__ = ["DEFAULT_MAX_OCCURRENCES", "WEEKDAYS", "Match", "Occurrence", "Schedule", "matches"]

DEFAULT_MAX_OCCURRENCES = 100_000
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@cache
def _parsed(rule: str) -> RRule:
    return parse_rrule(rule)


def _normalized_rrule(value: str) -> str:
    return str(_parsed(value))


def weekday_code(day: str) -> str:
    """The RFC 5545 code of a weekday written ``TU``, ``tue`` or ``Tuesday``."""
    if not isinstance(day, str):
        raise MaintwinError(f"{day!r} is not a weekday; expected one of {', '.join(WEEKDAYS)}")
    text = day.strip().lower()
    for code, full in zip(WEEKDAYS, _FULL_NAMES, strict=True):
        if text in (code.lower(), full, full[:3]):
            return code
    raise MaintwinError(
        f"{day!r} is not a weekday; expected one of {', '.join(WEEKDAYS)} or a weekday name"
    )


def _shifted(day: date, days: int) -> date:
    """``day`` moved by ``days``, held within the dates Python can represent."""
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of a schedule.

    ``start`` is aware, in the schedule's zone. ``nominal`` is the naive local wall-clock time the
    rule asked for; it differs from ``start`` only when that local time did not exist (a
    spring-forward gap), in which case ``shifted`` is true and ``start`` is later by the gap.
    """

    start: datetime
    nominal: datetime
    shifted: bool

    @property
    def day(self) -> date:
        """The local date the rule asked for."""
        return self.nominal.date()


class Schedule(Model):
    """A recurrence in local wall-clock time.

    The RRULE (RFC 5545, without DTSTART or UNTIL) picks local dates; ``at`` is the local time
    of day; ``timezone`` is an IANA zone name (``None``: the scenario's zone). Each match is then
    moved by ``offset_days`` whole calendar days ("Patch Tuesday + 2 days"), which may carry it
    into the next or previous month or year. ``starts_on``, ``ends_on`` (both inclusive) and
    ``exclude`` apply to the dates after that offset.
    """

    rrule: Annotated[str, AfterValidator(_normalized_rrule)] = Field(
        description="RFC 5545 RRULE, e.g. FREQ=MONTHLY;BYDAY=2TU"
    )
    at: LocalTime = time(0, 0)
    timezone: ZoneName | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    offset_days: int = Field(0, ge=-6, le=6)
    exclude: tuple[date, ...] = ()

    # From date(1, 1, 1) to date(9999, 12, 31): its expansion stays in range itself.
    _every_date: ClassVar[bool] = True

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise LocatedProblem(
                ("ends_on",),
                f"ends_on {self.ends_on} is before starts_on {self.starts_on}; "
                "ends_on is the last date, inclusive",
            )
        rule = self.rule
        if self.starts_on is None and not rule.names_its_day:
            raise LocatedProblem(
                ("starts_on",),
                f"rrule {self.rrule!r} counts from its first date (INTERVAL, COUNT, or a day "
                "taken from DTSTART); give starts_on, or name the day with BYDAY or BYMONTHDAY",
            )
        try:
            possible = rule.possible(self.starts_on or date(2000, 1, 1), self.at)
        except RRuleError as exc:
            raise LocatedProblem(("rrule",), str(exc)) from None
        if not possible:
            # The relaxed rule depends on its anchor only when it took its day from it.
            took = rule.relaxed(date.min) != rule.relaxed(date.max)
            raise LocatedProblem(
                ("rrule",),
                f"rrule {self.rrule!r} never occurs: its BY parts never meet on one date "
                + (f"(with the day it takes from starts_on {self.starts_on})" if took else "")
                + "; e.g. BYMONTHDAY=1 and BYDAY=5MO never meet",
            )
        if not rule.names_its_day:
            try:  # dateutil checks that INTERVAL, counted from the start, reaches the BY times
                rule.to_dateutil(self._first_match(datetime.min), self.at)
            except ValueError as exc:
                raise LocatedProblem(
                    ("rrule",),
                    f"rrule {self.rrule!r} never occurs: counted from {self.at} on starts_on, "
                    f"INTERVAL={rule.interval} never reaches its BY times (dateutil: {exc})",
                ) from None
        return self

    @property
    def rule(self) -> RRule:
        """The parsed RRULE."""
        return _parsed(self.rrule)

    def _first_match(self, local_start: datetime) -> datetime:
        """Where to start iterating the rule (its DTSTART) for a query from ``local_start``.

        A rule that names its days matches the same whatever its DTSTART, so it starts at the
        query (or at ``starts_on`` less the offset, if later). A rule that counts from its
        first date (INTERVAL, COUNT, a day taken from DTSTART) starts at ``starts_on``. Daily
        and coarser rules start at midnight, their time of day coming from ``at``, so every
        match of the first date is kept; finer rules start at ``at``, which sets their phase.
        """
        rule = self.rule
        if rule.names_its_day:
            first = local_start
            if self.starts_on is not None:
                starts = _shifted(self.starts_on, -self.offset_days)
                first = max(first, datetime.combine(starts, time()))
            return first if rule.sub_daily else datetime.combine(first.date(), time())
        assert self.starts_on is not None, "validated: a rule that counts needs starts_on"
        return datetime.combine(self.starts_on, self.at if rule.sub_daily else time())

    # -- helper constructors -------------------------------------------------------------

    @classmethod
    def nth_weekday(cls, n: int, weekday: str, *, at: time | str = time(0), **kw: object) -> Self:
        """The ``n``-th ``weekday`` of every month: ``nth_weekday(2, "TU")`` is the 2nd Tuesday.

        ``n`` is 1 to 5, or -1 to -5 counting from the end (``-1`` is the last). A month without
        a 5th such weekday has no occurrence.
        """
        if n == 0 or not -5 <= n <= 5:
            raise MaintwinError(f"n={n}: expected 1..5, or -1..-5 counting from the month's end")
        return cls.model_validate(
            {"rrule": f"FREQ=MONTHLY;BYDAY={n}{weekday_code(weekday)}", "at": at, **kw}
        )

    @classmethod
    def last_weekday(cls, weekday: str, *, at: time | str = time(0), **kw: object) -> Self:
        """The last ``weekday`` of every month: ``last_weekday("FR")``."""
        return cls.nth_weekday(-1, weekday, at=at, **kw)

    @classmethod
    def weekly(cls, *weekdays: str, at: time | str = time(0), **kw: object) -> Self:
        """Every week on the given weekdays: ``weekly("TU", "TH", at="22:00")``."""
        if not weekdays:
            raise MaintwinError("weekly() needs at least one weekday, e.g. weekly('TU')")
        days = ",".join(weekday_code(d) for d in weekdays)
        return cls.model_validate({"rrule": f"FREQ=WEEKLY;BYDAY={days}", "at": at, **kw})

    @classmethod
    def once(cls, day: date, *, at: time | str = time(0), **kw: object) -> Self:
        """A single occurrence on ``day`` (give the day itself: no ``offset_days``)."""
        if kw.get("offset_days"):
            raise MaintwinError("once() takes the day itself; move `day` instead of offset_days")
        return cls.model_validate(
            {"rrule": "FREQ=DAILY;COUNT=1", "at": at, "starts_on": day, "ends_on": day, **kw}
        )

    # -- expansion -----------------------------------------------------------------------

    def occurrences(
        self,
        start: date | datetime,
        end: date | datetime,
        *,
        timezone: str | None = None,
        max_occurrences: int = DEFAULT_MAX_OCCURRENCES,
        owner: str = "schedule",
    ) -> list[Occurrence]:
        """The occurrences whose (aware) start lies in ``[start, end)``, in order.

        ``start`` and ``end`` are aware date-times, or dates meaning local midnight; an
        ``end`` that is not after ``start`` raises :class:`InputError`.

        ``timezone`` is used when the schedule names none. The work is bounded: a rule that
        would step through, or produce, more than ``max_occurrences`` matches raises
        :class:`ExpansionLimitError` before running for long. ``owner`` names the schedule in
        that error (e.g. ``trains[2]``).
        """
        rows = matches(
            self, start, end, timezone=timezone, max_occurrences=max_occurrences, owner=owner
        )
        return [Occurrence(aware, nominal, shifted) for _, aware, nominal, _, shifted in rows]


Match = tuple[datetime, datetime, datetime, date, bool]
"""One occurrence as plain values: its instant in UTC, its aware start, its nominal local time,
the local date the rule asked for, and whether it was shifted (see :class:`Occurrence`)."""


def matches(
    schedule: Schedule,
    start: date | datetime,
    end: date | datetime,
    *,
    timezone: str | None,
    max_occurrences: int,
    owner: str,
    clock: LocalClock | None = None,
    fast: bool = True,
) -> list[Match]:
    """What :meth:`Schedule.occurrences` gives, as plain tuples sorted by instant: expansion
    makes hundreds of thousands, and plain tuples of atomic values cost the garbage collector
    nothing once it has seen them.

    ``clock``, when given, is the :class:`LocalClock` of the schedule's zone over the horizon:
    local times become instants through it, the same instants :func:`settle` gives. With
    ``fast=False`` the general path alone is taken (dateutil for the dates, :func:`settle` for
    every time), which the tests compare the fast path with."""
    where = "Schedule.occurrences()"
    _, tz, start, end = horizon(schedule.timezone or timezone, start, end, where=where)
    rule = schedule.rule
    offset = timedelta(days=schedule.offset_days)
    # Matches are naive local times before the offset. The margin covers the offset and
    # the distance between a local time and the instant it becomes (a DST gap, at most 2h).
    slack = timedelta(hours=3) if rule.sub_daily else timedelta(days=1)
    margin = timedelta(days=abs(schedule.offset_days)) + slack
    local_start = utc(start).astimezone(tz).replace(tzinfo=None) - margin
    local_end = utc(end).astimezone(tz).replace(tzinfo=None) + margin
    if schedule.ends_on is not None:
        last = _shifted(schedule.ends_on, 1 - schedule.offset_days)
        local_end = min(local_end, datetime.combine(last, time()))
    dtstart = schedule._first_match(local_start)
    if dtstart >= local_end:
        return []
    steps = (local_end - dtstart) / (PERIOD[rule.freq] * rule.interval)
    if rule.count is not None:  # COUNT stops the rule however fine its FREQ
        steps = min(steps, rule.count)
    if steps > max_occurrences:
        raise ExpansionLimitError(owner, schedule.rrule, int(steps), max_occurrences, "step about")
    found: dict[datetime, Match] = {}
    first_day = schedule.starts_on or date.min
    excluded = frozenset(schedule.exclude)
    lo, hi = utc(start), utc(end)
    to_instant = clock.settle if clock is not None and fast else partial(settle, tz=tz)
    for produced, match in enumerate(rule.iterate(dtstart, schedule.at, by_date=fast), start=1):
        if match >= local_end:
            break
        if produced > max_occurrences:
            raise ExpansionLimitError(
                owner, schedule.rrule, produced, max_occurrences, "occur at least"
            )
        nominal = match + offset if offset else match
        day = nominal.date()
        if match < local_start or day < first_day or day in excluded:
            continue
        aware, instant, shifted = to_instant(nominal)
        # A shifted time can land on a real one (sub-daily rules): keep the real one.
        if lo <= instant < hi and (instant not in found or found[instant][4]):
            found[instant] = (instant, aware, nominal, day, shifted)
    return [found[k] for k in sorted(found)]
