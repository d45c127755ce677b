"""RFC 5545 RRULE parsing with errors that name the bad part, on top of dateutil.

dateutil's own parser accepts some malformed rules and explains others vaguely, so the rule text
is parsed here into :class:`RRule`, checked part by part, and only then turned into a
:class:`dateutil.rrule.rrule`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from dateutil import rrule as du

from .._errors import MaintwinError

__all__ = ["FREQUENCIES", "WEEKDAYS", "RRule", "RRuleError", "parse_rrule"]

FREQUENCIES = ("YEARLY", "MONTHLY", "WEEKLY", "DAILY", "HOURLY", "MINUTELY", "SECONDLY")
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")

# Rough length of one period of each FREQ, used to bound expansion before it starts.
PERIOD = {
    "YEARLY": timedelta(days=365),
    "MONTHLY": timedelta(days=28),
    "WEEKLY": timedelta(weeks=1),
    "DAILY": timedelta(days=1),
    "HOURLY": timedelta(hours=1),
    "MINUTELY": timedelta(minutes=1),
    "SECONDLY": timedelta(seconds=1),
}

_CYCLE_START = date(9599, 1, 1)  # one 400-year Gregorian cycle before the last year
_HANDOVER = date(9999, 1, 1)  # where stepping by date hands over to dateutil (see _by_date)

# The time parts dateutil takes from DTSTART when a rule of this FREQ leaves them out.
_TIME_FROM_DTSTART = {
    **dict.fromkeys(("YEARLY", "MONTHLY", "WEEKLY", "DAILY"), ("BYHOUR", "BYMINUTE", "BYSECOND")),
    "HOURLY": ("BYMINUTE", "BYSECOND"),
    "MINUTELY": ("BYSECOND",),
    "SECONDLY": (),
}

_INT_PARTS = {
    # name: (low, high, zero allowed)
    "BYSECOND": (0, 59, True),
    "BYMINUTE": (0, 59, True),
    "BYHOUR": (0, 23, True),
    "BYMONTHDAY": (-31, 31, False),
    "BYYEARDAY": (-366, 366, False),
    "BYWEEKNO": (-53, 53, False),
    "BYMONTH": (1, 12, True),
    "BYSETPOS": (-366, 366, False),
}
_KNOWN = ("FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "WKST", *_INT_PARTS)
_BYDAY = re.compile(r"^(?:([+-]?)([0-9]{1,2}))?(MO|TU|WE|TH|FR|SA|SU)$")
_DAYS_IN_MONTH = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)  # February: leap years


class RRuleError(MaintwinError):
    """A malformed or impossible RRULE; the message names the offending part."""

    __module__ = "maintwin"

    def __init__(self, rule: str, problem: str) -> None:
        self.rule = rule
        self.problem = problem
        super().__init__(f"malformed RRULE {rule!r}: {problem}")


@dataclass(frozen=True)
class RRule:
    """A parsed, validated RRULE (without DTSTART, which the schedule supplies)."""

    freq: str
    interval: int = 1
    count: int | None = None
    byday: tuple[tuple[int, str], ...] = ()  # (ordinal or 0, weekday code)
    wkst: str | None = None
    ints: dict[str, tuple[int, ...]] = field(default_factory=dict)

    def __hash__(self) -> int:
        parts = (self.freq, self.interval, self.count, self.byday, self.wkst)
        return hash((*parts, frozenset(self.ints.items())))

    def __str__(self) -> str:
        parts = [f"FREQ={self.freq}"]
        if self.interval != 1:
            parts.append(f"INTERVAL={self.interval}")
        if self.count is not None:
            parts.append(f"COUNT={self.count}")
        if self.byday:
            parts.append("BYDAY=" + ",".join(f"{n or ''}{d}" for n, d in self.byday))
        parts.extend(f"{name}={','.join(map(str, values))}" for name, values in self.ints.items())
        if self.wkst is not None:
            parts.append(f"WKST={self.wkst}")
        return ";".join(parts)

    @property
    def names_its_day(self) -> bool:
        """True when the rule's days do not depend on its DTSTART.

        dateutil (like RFC 5545) takes the missing day of a YEARLY, MONTHLY or WEEKLY rule from
        DTSTART, and INTERVAL and COUNT count from it too.
        """
        if self.interval != 1 or self.count is not None:
            return False
        if self.freq in ("YEARLY", "MONTHLY", "WEEKLY"):
            return bool(self.byday) or any(
                p in self.ints for p in ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO")
            )
        return True

    @property
    def several_a_day(self) -> bool:
        """True when the rule can match more than once on one local day."""
        return self.freq in ("HOURLY", "MINUTELY", "SECONDLY") or any(
            len(self.ints.get(p, ())) > 1 for p in ("BYHOUR", "BYMINUTE", "BYSECOND")
        )

    @property
    def sub_daily(self) -> bool:
        """True for FREQ=HOURLY, MINUTELY and SECONDLY."""
        return self.freq in ("HOURLY", "MINUTELY", "SECONDLY")

    def relaxed(self, first: date) -> RRule:
        """The same days without INTERVAL or COUNT, and with the day it took from ``first``.

        The result names its days, so it repeats with the 400-year Gregorian cycle: it matches
        ever only if it matches within one cycle. Used to prove a rule possible.
        """
        ints = dict(self.ints)
        byday = self.byday
        if not (byday or any(p in ints for p in ("BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"))):
            if self.freq == "YEARLY":
                ints.setdefault("BYMONTH", (first.month,))
                ints["BYMONTHDAY"] = (first.day,)
            elif self.freq == "MONTHLY":
                ints["BYMONTHDAY"] = (first.day,)
            elif self.freq == "WEEKLY":
                byday = ((0, WEEKDAYS[first.weekday()]),)
        return RRule(self.freq, 1, None, byday, self.wkst, ints)

    def to_dateutil(self, dtstart: datetime, at: time | None = None) -> du.rrule:
        """The dateutil rule starting at the naive local ``dtstart``.

        With ``at``, the time parts that the rule would take from DTSTART (the hour, minute and
        second of a daily or coarser rule) come from ``at`` instead, so that DTSTART can be
        midnight of the first date and every match of that date is kept.
        """
        weekday = {code: getattr(du, code) for code in WEEKDAYS}
        kwargs: dict[str, object] = {
            f"by{name[2:].lower()}": values for name, values in self.ints.items()
        }
        if at is not None:
            for part in _TIME_FROM_DTSTART[self.freq]:
                if part not in self.ints:
                    kwargs[f"by{part[2:].lower()}"] = (getattr(at, part[2:].lower()),)
        if self.byday:
            kwargs["byweekday"] = tuple(weekday[d](n) if n else weekday[d] for n, d in self.byday)
        if self.wkst is not None:
            kwargs["wkst"] = weekday[self.wkst]
        return du.rrule(
            getattr(du, self.freq),
            dtstart=dtstart,
            interval=self.interval,
            count=self.count,
            cache=False,
            **kwargs,  # type: ignore[arg-type]
        )

    def iterate(
        self, dtstart: datetime, at: time | None = None, *, by_date: bool = True
    ) -> Iterator[datetime]:
        """Naive local matches from ``dtstart`` on, in order (``at`` as in ``to_dateutil``).

        The common rules (every n-th day or week on some weekdays, the n-th weekdays of every
        n-th month, a position among a month's weekdays: one match a day at most, counted or
        not) are stepped through by date here, giving what dateutil gives
        (tests/test_rrule.py and tests/test_expansion_fast_path.py compare them); the others,
        the last year of the calendar, and every rule when ``by_date`` is false, go through
        dateutil.
        """
        try:
            if by_date and self.steps_by_date and dtstart.tzinfo is None:
                yield from _by_date(self, dtstart, at)
            else:
                yield from self.to_dateutil(dtstart, at)
        except ValueError as exc:  # dateutil's own checks, e.g. an INTERVAL that skips BYHOUR
            raise RRuleError(str(self), str(exc)) from None

    @property
    def steps_by_date(self) -> bool:
        """True when :meth:`iterate` steps through this rule by date rather than by dateutil:
        DAILY on plain weekdays (or none), WEEKLY on plain weekdays (or the day of DTSTART),
        MONTHLY on weekdays that all have an ordinal, or on plain weekdays with BYSETPOS; any
        INTERVAL and COUNT; WKST with WEEKLY only; no other BY part."""
        ints = set(self.ints)
        plain = all(n == 0 for n, _ in self.byday)
        if self.wkst is not None and self.freq != "WEEKLY":
            return False
        if self.freq in ("DAILY", "WEEKLY"):
            return not ints and plain
        if self.freq == "MONTHLY" and self.byday:
            if ints == {"BYSETPOS"}:
                return plain
            return not ints and all(n != 0 for n, _ in self.byday)
        return False

    def possible(self, first: date, at: time) -> bool:
        """True when the rule's BY parts can meet on some date.

        Tried over one whole 400-year Gregorian cycle (up to year 9999, where dateutil stops),
        with the day the rule takes from its first date. INTERVAL and COUNT are left out: they
        choose among the matches, and a rule they starve (INTERVAL=4 on 29 February from an odd
        year) is not caught here.
        """
        probe = self.relaxed(first).iterate(datetime.combine(_CYCLE_START, time()), at)
        return next(probe, None) is not None


def _by_date(rule: RRule, dtstart: datetime, at: time | None) -> Iterator[datetime]:
    """The matches of a rule that ``steps_by_date``, from the naive ``dtstart`` on, as dateutil
    makes them: one a matching date, at ``at`` (or at the time of ``dtstart``) to the second,
    none before ``dtstart`` to the second, INTERVAL periods counted from the period of
    ``dtstart``, the first COUNT of them. From the year 9999 on dateutil makes them, so that
    the calendar ends as it does there (a weekly rule can fail in the last week).
    """
    first = dtstart.replace(microsecond=0)
    if first.date() >= _HANDOVER:
        yield from rule.to_dateutil(dtstart, at)
        return
    source = at if at is not None else first.time()
    clock = time(source.hour, source.minute, source.second)
    interval, left = rule.interval, rule.count
    if rule.freq == "MONTHLY":
        days = _month_days(rule, first.year, first.month)
    elif rule.freq == "WEEKLY":
        weekdays = [WEEKDAYS.index(d) for _, d in rule.byday] or [first.weekday()]
        wkst = WEEKDAYS.index(rule.wkst or "MO")
        days = _weekdays(set(weekdays), first.date(), interval, wkst)
    else:
        weekdays = [WEEKDAYS.index(d) for _, d in rule.byday] or list(range(7))
        days = _daily(set(weekdays), first.date(), interval)
    combine = datetime.combine
    for day in days:
        if day >= _HANDOVER:
            break
        match = combine(day, clock)
        if match >= first:
            yield match
            if left is not None:
                left -= 1
                if not left:
                    return
    if rule.names_its_day:
        yield from rule.to_dateutil(datetime.combine(_HANDOVER, time()), clock)
        return
    # A rule that counts from DTSTART, or takes its weekday from it, goes on from it:
    # dateutil's matches from the handover on.
    handover = datetime.combine(_HANDOVER, time())
    yield from (match for match in rule.to_dateutil(dtstart, at) if match >= handover)


def _weekdays(weekdays: set[int], first: date, interval: int = 1, wkst: int = 0) -> Iterator[date]:
    """Every date from ``first`` on whose weekday (0 is Monday) is in ``weekdays``, in every
    ``interval``-th week (weeks begin on the weekday ``wkst``) from the week of ``first``, in
    order, until the calendar ends."""
    start = first.toordinal()
    week = start - (first.weekday() - wkst) % 7
    offsets = sorted((w - wkst) % 7 for w in weekdays)
    last = date.max.toordinal()
    step = 7 * interval
    while week <= last:
        for offset in offsets:
            if start <= week + offset <= last:
                yield date.fromordinal(week + offset)
        week += step


def _daily(weekdays: set[int], first: date, interval: int) -> Iterator[date]:
    """Every ``interval``-th date from ``first`` on whose weekday is in ``weekdays``, in order,
    until the calendar ends."""
    if interval == 1:
        yield from _weekdays(weekdays, first)
        return
    last = date.max.toordinal()
    for ordinal in range(first.toordinal(), last + 1, interval):
        if (ordinal + 6) % 7 in weekdays:  # ordinal 1, 1 January of year 1, is a Monday
            yield date.fromordinal(ordinal)


def _month_days(rule: RRule, year: int, month: int) -> Iterator[date]:
    """The dates of a MONTHLY rule that ``steps_by_date`` in every ``INTERVAL``-th month from
    ``year``-``month`` on, in order, until the calendar ends: its n-th weekdays (an ordinal the
    month does not have gives no date), or the BYSETPOS positions among its weekdays."""
    wanted = [(n, WEEKDAYS.index(d)) for n, d in rule.byday]
    positions = rule.ints.get("BYSETPOS")
    while year <= date.max.year:
        first_weekday, length = calendar.monthrange(year, month)
        last_weekday = (first_weekday + length - 1) % 7
        found: set[int] = set()
        if positions is not None:
            weekdays = {weekday for _, weekday in wanted}
            days = [d for d in range(1, length + 1) if (first_weekday + d - 1) % 7 in weekdays]
            for position in positions:
                index = position - 1 if position > 0 else position
                if -len(days) <= index < len(days):
                    found.add(days[index])
        for n, weekday in wanted if positions is None else ():
            if n > 0:
                day = 1 + (weekday - first_weekday) % 7 + (n - 1) * 7
            else:
                day = length - (last_weekday - weekday) % 7 + (n + 1) * 7
            if 1 <= day <= length:
                found.add(day)
        for day in sorted(found):
            yield date(year, month, day)
        months = year * 12 + month - 1 + rule.interval
        year, month = divmod(months, 12)
        month += 1


def _ints(rule: str, name: str, value: str) -> tuple[int, ...]:
    low, high, zero_ok = _INT_PARTS[name]
    out: list[int] = []
    for item in value.split(","):
        if not re.fullmatch(r"[+-]?[0-9]+", item):
            raise RRuleError(rule, f"{name}={value}: {item!r} is not a whole number")
        number = int(item)
        if not low <= number <= high or (number == 0 and not zero_ok):
            allowed = f"{low}..{high}" + ("" if zero_ok else ", not 0")
            raise RRuleError(rule, f"{name}={value}: {number} is out of range ({allowed})")
        out.append(number)
    if len(set(out)) != len(out):
        raise RRuleError(rule, f"{name}={value}: a value is repeated")
    return tuple(out)


def _positive(rule: str, name: str, value: str) -> int:
    if not re.fullmatch(r"[0-9]+", value) or int(value) < 1:
        raise RRuleError(rule, f"{name}={value}: expected a whole number of at least 1")
    return int(value)


def _weekday(rule: str, name: str, value: str) -> str:
    if value not in WEEKDAYS:
        raise RRuleError(rule, f"{name}={value}: expected one of {', '.join(WEEKDAYS)}")
    return value


def _byday(rule: str, freq: str, value: str) -> tuple[tuple[int, str], ...]:
    out: list[tuple[int, str]] = []
    for item in value.split(","):
        match = _BYDAY.match(item)
        if match is None:
            raise RRuleError(
                rule,
                f"BYDAY={value}: {item!r} is not a weekday with an optional ordinal "
                f"(e.g. MO, 2TU, -1FR; weekdays {', '.join(WEEKDAYS)})",
            )
        sign, digits, day = match.groups()
        ordinal = int(digits) * (-1 if sign == "-" else 1) if digits else 0
        if digits is not None:
            if freq not in ("MONTHLY", "YEARLY"):
                raise RRuleError(
                    rule, f"BYDAY={value}: an ordinal ({item}) needs FREQ=MONTHLY or YEARLY"
                )
            limit = 5 if freq == "MONTHLY" else 53
            if ordinal == 0 or abs(ordinal) > limit:
                raise RRuleError(
                    rule, f"BYDAY={value}: ordinal in {item!r} must be 1..{limit} or -{limit}..-1"
                )
        out.append((ordinal, day))
    if len(set(out)) != len(out):
        raise RRuleError(rule, f"BYDAY={value}: a day is repeated")
    return tuple(out)


def _check_combinations(rule: str, parsed: RRule) -> None:
    ints = parsed.ints
    freq = parsed.freq
    if "BYWEEKNO" in ints and freq != "YEARLY":
        raise RRuleError(rule, "BYWEEKNO needs FREQ=YEARLY")
    if "BYYEARDAY" in ints and freq in ("DAILY", "WEEKLY", "MONTHLY"):
        raise RRuleError(rule, f"BYYEARDAY cannot be used with FREQ={freq}")
    if "BYMONTHDAY" in ints and freq == "WEEKLY":
        raise RRuleError(rule, "BYMONTHDAY cannot be used with FREQ=WEEKLY")
    if "BYSETPOS" in ints and len(ints) == 1 and not parsed.byday:
        raise RRuleError(rule, "BYSETPOS needs another BY part to select from")
    if "BYMONTHDAY" in ints and "BYMONTH" in ints:
        months = ints["BYMONTH"]
        days = ints["BYMONTHDAY"]
        if not any(abs(d) <= _DAYS_IN_MONTH[m - 1] for m in months for d in days):
            raise RRuleError(
                rule,
                f"never occurs: no month in BYMONTH={','.join(map(str, months))} has a day "
                f"BYMONTHDAY={','.join(map(str, days))}",
            )


def parse_rrule(text: str) -> RRule:
    """Parse and check an RRULE such as ``FREQ=MONTHLY;BYDAY=2TU``.

    An optional ``RRULE:`` prefix is accepted. DTSTART and UNTIL are not: a schedule gives its
    first and last dates as ``starts_on`` and ``ends_on``.
    """
    rule = text.strip()
    body = rule[6:] if rule.upper().startswith("RRULE:") else rule
    if not body:
        raise RRuleError(text, "empty rule; expected e.g. 'FREQ=MONTHLY;BYDAY=2TU'")
    parts: dict[str, str] = {}
    for item in body.rstrip(";").split(";"):
        name, sep, value = item.partition("=")
        name = name.strip().upper()
        value = value.strip().upper()
        if not sep or not value:
            raise RRuleError(text, f"{item!r} is not NAME=VALUE")
        if name not in _KNOWN:
            raise RRuleError(
                text, f"unknown part {name!r}; expected one of {', '.join(sorted(_KNOWN))}"
            )
        if name in parts:
            raise RRuleError(text, f"{name} is given twice")
        parts[name] = value
    if "FREQ" not in parts:
        raise RRuleError(text, "FREQ is missing; expected e.g. FREQ=MONTHLY")
    freq = parts.pop("FREQ")
    if freq not in FREQUENCIES:
        raise RRuleError(text, f"FREQ={freq}: expected one of {', '.join(FREQUENCIES)}")
    if "UNTIL" in parts:
        raise RRuleError(text, "UNTIL is not accepted here; give the last date as ends_on")
    interval = _positive(text, "INTERVAL", parts.pop("INTERVAL")) if "INTERVAL" in parts else 1
    count = _positive(text, "COUNT", parts.pop("COUNT")) if "COUNT" in parts else None
    byday = _byday(text, freq, parts.pop("BYDAY")) if "BYDAY" in parts else ()
    wkst = _weekday(text, "WKST", parts.pop("WKST")) if "WKST" in parts else None
    ints = {name: _ints(text, name, parts[name]) for name in _INT_PARTS if name in parts}
    parsed = RRule(freq, interval, count, byday, wkst, ints)
    _check_combinations(text, parsed)
    return parsed
