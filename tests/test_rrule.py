"""RRULE parsing: what is accepted, what is refused (naming the bad part), and round trips."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator
from datetime import datetime, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

import maintwin
from maintwin._model.rrule import FREQUENCIES, WEEKDAYS, RRule, parse_rrule

# -- accepted rules ---------------------------------------------------------------------------


def test_parses_the_parts_of_a_monthly_rule() -> None:
    rule = parse_rrule("FREQ=MONTHLY;INTERVAL=2;COUNT=10;BYDAY=2TU,-1FR;BYMONTH=1,7;WKST=SU")
    assert rule.freq == "MONTHLY"
    assert rule.interval == 2
    assert rule.count == 10
    assert rule.byday == ((2, "TU"), (-1, "FR"))
    assert rule.ints == {"BYMONTH": (1, 7)}
    assert rule.wkst == "SU"


def test_defaults_when_parts_are_absent() -> None:
    rule = parse_rrule("FREQ=DAILY")
    assert (rule.interval, rule.count, rule.byday, rule.wkst, rule.ints) == (1, None, (), None, {})


def test_prefix_case_whitespace_and_trailing_semicolon_are_accepted() -> None:
    assert parse_rrule("  rrule:freq=monthly; byday = 2tu ;") == parse_rrule(
        "FREQ=MONTHLY;BYDAY=2TU"
    )


def test_plus_sign_on_an_ordinal_is_the_same_as_none() -> None:
    assert parse_rrule("FREQ=MONTHLY;BYDAY=+2TU") == parse_rrule("FREQ=MONTHLY;BYDAY=2TU")


def test_yearly_ordinals_go_up_to_53() -> None:
    assert parse_rrule("FREQ=YEARLY;BYDAY=53MO,-53FR").byday == ((53, "MO"), (-53, "FR"))


def test_february_29_is_possible() -> None:
    assert parse_rrule("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29").ints["BYMONTHDAY"] == (29,)


def test_a_day_that_only_some_listed_months_have_is_possible() -> None:
    # April has no 31st, but May has: the rule can occur.
    parse_rrule("FREQ=YEARLY;BYMONTH=4,5;BYMONTHDAY=31")


def test_str_is_the_canonical_form() -> None:
    text = "RRULE:byday=2tu;freq=monthly;interval=1"
    assert str(parse_rrule(text)) == "FREQ=MONTHLY;BYDAY=2TU"


# -- refused rules: the message names the bad part --------------------------------------------

MALFORMED = [
    # (rule, words the message must contain)
    ("FREQ=FORTNIGHTLY", ["FREQ", "FORTNIGHTLY"]),
    ("FREQ=DAILY;BYFOO=1", ["BYFOO"]),
    ("FREQ=DAILY;BYHOUR=1;BYHOUR=2", ["BYHOUR", "twice"]),
    ("FREQ=DAILY;FREQ=WEEKLY", ["FREQ", "twice"]),
    ("FREQ=WEEKLY;BYDAY=XX", ["BYDAY", "XX"]),
    ("FREQ=WEEKLY;BYDAY=MO,TUESDAY", ["BYDAY", "TUESDAY"]),
    ("FREQ=WEEKLY;BYDAY=2TU", ["BYDAY", "2TU", "MONTHLY"]),
    ("FREQ=DAILY;BYDAY=-1FR", ["BYDAY", "-1FR"]),
    ("FREQ=MONTHLY;BYDAY=6MO", ["BYDAY", "6MO"]),
    ("FREQ=MONTHLY;BYDAY=0MO", ["BYDAY", "0MO"]),
    ("FREQ=MONTHLY;BYDAY=MO,MO", ["BYDAY", "repeated"]),
    ("FREQ=MONTHLY;BYMONTH=13", ["BYMONTH", "13"]),
    ("FREQ=MONTHLY;BYMONTH=0", ["BYMONTH", "0"]),
    ("FREQ=MONTHLY;BYMONTHDAY=0", ["BYMONTHDAY", "0"]),
    ("FREQ=MONTHLY;BYMONTHDAY=32", ["BYMONTHDAY", "32"]),
    ("FREQ=MONTHLY;BYMONTHDAY=x", ["BYMONTHDAY", "'x'", "whole number"]),
    ("FREQ=DAILY;BYHOUR=24", ["BYHOUR", "24"]),
    ("FREQ=DAILY;BYMINUTE=60", ["BYMINUTE", "60"]),
    ("FREQ=DAILY;BYSECOND=60", ["BYSECOND", "60"]),
    ("FREQ=YEARLY;BYWEEKNO=1,1", ["BYWEEKNO", "repeated"]),
    ("FREQ=DAILY;UNTIL=20270101T000000Z", ["UNTIL"]),
    ("FREQ=DAILY;DTSTART=20270101T000000Z", ["DTSTART"]),
    ("", ["empty"]),
    ("   ", ["empty"]),
    ("RRULE:", ["empty"]),
    ("BYDAY=MO", ["FREQ", "missing"]),
    ("FREQ=MONTHLY;BYWEEKNO=10", ["BYWEEKNO", "YEARLY"]),
    ("FREQ=DAILY;BYYEARDAY=100", ["BYYEARDAY", "DAILY"]),
    ("FREQ=WEEKLY;BYMONTHDAY=1", ["BYMONTHDAY", "WEEKLY"]),
    ("FREQ=MONTHLY;BYSETPOS=1", ["BYSETPOS"]),
    ("FREQ=DAILY;INTERVAL=0", ["INTERVAL", "0"]),
    ("FREQ=DAILY;INTERVAL=two", ["INTERVAL", "two"]),
    ("FREQ=DAILY;COUNT=0", ["COUNT", "0"]),
    ("FREQ=DAILY;COUNT=-3", ["COUNT", "-3"]),
    ("FREQ=DAILY;WKST=XY", ["WKST", "XY"]),
    ("FREQ=DAILY;BYHOUR", ["BYHOUR"]),
    ("FREQ=DAILY;BYHOUR=", ["BYHOUR"]),
    ("FREQ=DAILY;;BYHOUR=1", ["NAME=VALUE"]),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", ["never", "BYMONTH=2", "BYMONTHDAY=30"]),
    ("FREQ=YEARLY;BYMONTH=4,6;BYMONTHDAY=31", ["never", "BYMONTHDAY=31"]),
    ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-30", ["never", "BYMONTHDAY=-30"]),
]


@pytest.mark.parametrize(("text", "words"), MALFORMED, ids=[t or "<empty>" for t, _ in MALFORMED])
def test_malformed_rule_is_refused_naming_the_bad_part(text: str, words: list[str]) -> None:
    with pytest.raises(maintwin.RRuleError) as caught:
        parse_rrule(text)
    # The message echoes the whole rule; the problem (the rest of it) must name the bad part.
    problem = caught.value.problem
    for word in words:
        assert word.casefold() in problem.casefold(), f"{word!r} not in {problem!r}"
    assert caught.value.rule == text
    assert problem in str(caught.value)


def test_rrule_error_is_a_maintwin_error_and_a_value_error() -> None:
    assert issubclass(maintwin.RRuleError, maintwin.MaintwinError)
    assert issubclass(maintwin.RRuleError, ValueError)


@pytest.mark.parametrize("text", ["FREQ=MONTHLY;BYDAY=-FR", "FREQ=MONTHLY;BYDAY=+FR"])
def test_a_sign_without_an_ordinal_is_refused(text: str) -> None:
    # RFC 5545: weekdaynum = [[plus / minus] ordwk] weekday -- a sign needs a number after it.
    # "-FR" is most likely a typo for "-1FR" (the last Friday); read as plain "FR" it would
    # silently mean every Friday.
    item = text.rsplit("=", 1)[1]
    with pytest.raises(maintwin.RRuleError, match=re.escape(item)):
        parse_rrule(text)


@pytest.mark.parametrize("text", ["FREQ=DAILY;INTERVAL=\u00b2", "FREQ=DAILY;COUNT=\u00b3"])
def test_a_digit_like_character_is_an_rrule_error_not_a_bare_value_error(text: str) -> None:
    # str.isdigit() is true for superscripts, but int() refuses them.
    with pytest.raises(maintwin.RRuleError):
        parse_rrule(text)


# -- round trip -------------------------------------------------------------------------------

_RANGES = {
    "BYSECOND": (0, 59),  # RFC 5545 allows 60 (a leap second); dateutil does not
    "BYMINUTE": (0, 59),
    "BYHOUR": (0, 23),
    "BYMONTHDAY": (-28, 28),  # days every month has, so any BYMONTH combination can occur
    "BYYEARDAY": (-366, 366),
    "BYWEEKNO": (-53, 53),
    "BYMONTH": (1, 12),
    "BYSETPOS": (-366, 366),
}
_NO_ZERO = {"BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "BYSETPOS"}


def _allowed(name: str, freq: str) -> bool:
    if name == "BYWEEKNO":
        return freq == "YEARLY"
    if name == "BYYEARDAY":
        return freq not in ("DAILY", "WEEKLY", "MONTHLY")
    if name == "BYMONTHDAY":
        return freq != "WEEKLY"
    return True


def _values(name: str) -> st.SearchStrategy[list[int]]:
    low, high = _RANGES[name]
    numbers = st.integers(low, high)
    if name in _NO_ZERO:
        numbers = numbers.filter(lambda n: n != 0)
    return st.lists(numbers, min_size=1, max_size=4, unique=True)


@st.composite
def rule_texts(draw: st.DrawFn) -> tuple[str, dict[str, object]]:
    """A valid RRULE text with its parts in random order and case, and what it should mean."""
    freq = draw(st.sampled_from(FREQUENCIES))
    parts: dict[str, str] = {"FREQ": freq}
    meant: dict[str, object] = {"freq": freq, "interval": 1, "count": None}
    if draw(st.booleans()):
        interval = draw(st.integers(1, 1000))
        parts["INTERVAL"] = str(interval)
        meant["interval"] = interval
    if draw(st.booleans()):
        count = draw(st.integers(1, 1000))
        parts["COUNT"] = str(count)
        meant["count"] = count
    if draw(st.booleans()):
        limit = {"MONTHLY": 5, "YEARLY": 53}.get(freq, 0)
        ordinals = st.just(0) if limit == 0 else st.integers(-limit, limit)
        days = draw(
            st.lists(st.tuples(ordinals, st.sampled_from(WEEKDAYS)), min_size=1, unique=True)
        )
        parts["BYDAY"] = ",".join(f"{n or ''}{d}" for n, d in days)
        meant["byday"] = tuple(days)
    if draw(st.booleans()):
        parts["WKST"] = draw(st.sampled_from(WEEKDAYS))
    for name in _RANGES:
        if _allowed(name, freq) and draw(st.booleans()):
            parts[name] = ",".join(map(str, draw(_values(name))))
    if "BYSETPOS" in parts and not any(p.startswith("BY") and p != "BYSETPOS" for p in parts):
        del parts["BYSETPOS"]  # BYSETPOS needs another BY part to select from
    items = draw(st.permutations([f"{k}={v}" for k, v in parts.items()]))
    text = ";".join(items)
    text = text.lower() if draw(st.booleans()) else text
    return text, meant


@given(rule_texts())
def test_str_parses_back_to_an_equal_rule(case: tuple[str, dict[str, object]]) -> None:
    text, meant = case
    rule = parse_rrule(text)
    for attribute, value in meant.items():
        assert getattr(rule, attribute) == value
    again = parse_rrule(str(rule))
    assert again == rule
    assert str(again) == str(rule)


@given(rule_texts())
def test_the_rrule_prefix_changes_nothing(case: tuple[str, dict[str, object]]) -> None:
    text, _ = case
    assert parse_rrule("RRULE:" + text) == parse_rrule(text)


def test_rrule_dataclass_equality_ignores_the_order_of_by_parts() -> None:
    a = parse_rrule("FREQ=YEARLY;BYMONTH=3;BYMONTHDAY=1")
    b = parse_rrule("FREQ=YEARLY;BYMONTHDAY=1;BYMONTH=3")
    assert a == b
    assert str(a) == str(b)
    assert isinstance(a, RRule)


# -- what the rule means: day naming ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("FREQ=MONTHLY;BYDAY=2TU", True),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", True),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29", True),
        ("FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO", True),
        ("FREQ=WEEKLY;BYDAY=MO", True),
        ("FREQ=DAILY", True),
        ("FREQ=MONTHLY", False),  # day of month taken from DTSTART
        ("FREQ=YEARLY;BYMONTH=3", False),  # day of month taken from DTSTART
        ("FREQ=WEEKLY", False),  # weekday taken from DTSTART
        ("FREQ=MONTHLY;INTERVAL=2;BYDAY=2TU", False),  # which months counts from DTSTART
        ("FREQ=DAILY;COUNT=3", False),
    ],
)
def test_names_its_day(text: str, names: bool) -> None:
    assert parse_rrule(text).names_its_day is names


def test_equal_rules_hash_alike() -> None:
    first = parse_rrule("FREQ=MONTHLY;BYMONTH=1,7;BYDAY=2TU")
    second = parse_rrule("FREQ=MONTHLY;BYDAY=2TU;BYMONTH=1,7")
    assert first == second
    assert len({first, second, parse_rrule("FREQ=MONTHLY;BYDAY=3TU")}) == 2


# -- stepping by date gives what dateutil gives ----------------------------------------------


@pytest.mark.parametrize(
    ("text", "by_date"),
    [
        ("FREQ=WEEKLY;BYDAY=MO,TH", True),
        ("FREQ=DAILY", True),
        ("FREQ=DAILY;BYDAY=SA,SU", True),
        ("FREQ=MONTHLY;BYDAY=2TU,-1FR", True),
        ("FREQ=WEEKLY", True),  # weekday taken from DTSTART
        ("FREQ=WEEKLY;BYDAY=MO;WKST=SU", True),
        ("FREQ=WEEKLY;INTERVAL=2;BYDAY=MO", True),
        ("FREQ=DAILY;COUNT=3", True),
        ("FREQ=DAILY;INTERVAL=3;BYDAY=MO", True),
        ("FREQ=MONTHLY;INTERVAL=2;COUNT=4;BYDAY=-1SU", True),
        ("FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=1,-1", True),
        ("FREQ=MONTHLY;BYDAY=2TU;BYSETPOS=1", False),  # positions among ordinals: dateutil
        ("FREQ=DAILY;WKST=SU", False),  # WKST is stepped with WEEKLY only
        ("FREQ=MONTHLY;COUNT=2", False),  # day of the month taken from DTSTART
        ("FREQ=DAILY;BYHOUR=1,2", False),
        ("FREQ=MONTHLY;BYDAY=TU", False),  # every Tuesday of the month: left to dateutil
        ("FREQ=MONTHLY;BYDAY=2TU;BYMONTH=1", False),
        ("FREQ=YEARLY;BYDAY=20MO", False),
        ("FREQ=HOURLY", False),
    ],
)
def test_which_rules_are_stepped_by_date(text: str, by_date: bool) -> None:
    assert parse_rrule(text).steps_by_date is by_date


def _first(matches: Iterator[datetime], count: int) -> list[object]:
    """The first ``count`` matches, and the error that ended them if any."""
    out: list[object] = []
    try:
        out.extend(itertools.islice(matches, count))
    except ValueError as exc:  # dateutil's ValueError, maintwin's RRuleError
        out.append(("error", str(exc).rsplit(": ", 1)[-1]))
    return out


@st.composite
def by_date_rules(draw: st.DrawFn) -> RRule:
    freq = draw(st.sampled_from(["DAILY", "WEEKLY", "MONTHLY"]))
    # No BYDAY: every day (DAILY), the weekday of DTSTART (WEEKLY).
    days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=freq == "MONTHLY", max_size=3))
    extra = ""
    if freq == "MONTHLY" and draw(st.booleans()):  # positions among plain weekdays
        parts = list(dict.fromkeys(days))
        positions = draw(st.lists(st.sampled_from([1, 2, 3, 5, 9, -1, -2, -7]), min_size=1))
        extra += ";BYSETPOS=" + ",".join(map(str, dict.fromkeys(positions)))
    elif freq == "MONTHLY":
        ordinals = st.sampled_from([1, 2, 3, 4, 5, -1, -2, -4, -5])
        parts = [f"{draw(ordinals)}{d}" for d in dict.fromkeys(days)]
    else:
        parts = list(dict.fromkeys(days))
    if draw(st.booleans()):
        extra += f";INTERVAL={draw(st.integers(1, 14))}"
    if draw(st.booleans()):
        extra += f";COUNT={draw(st.integers(1, 30))}"
    if freq == "WEEKLY" and draw(st.booleans()):
        extra += f";WKST={draw(st.sampled_from(WEEKDAYS))}"
    text = f"FREQ={freq}" + (f";BYDAY={','.join(parts)}" if parts else "") + extra
    rule = parse_rrule(text)
    assert rule.steps_by_date
    return rule


@given(
    rule=by_date_rules(),
    dtstart=st.datetimes(datetime(1, 1, 1), datetime(9999, 12, 31))
    | st.datetimes(datetime(9998, 11, 1), datetime(9999, 12, 31)),  # where the calendar ends
    at=st.none() | st.times(),
    count=st.sampled_from([3, 60, 2_000]),
)
def test_stepping_by_date_gives_the_matches_and_the_end_dateutil_gives(
    rule: RRule, dtstart: datetime, at: time | None, count: int
) -> None:
    stepped = _first(rule.iterate(dtstart, at), count)
    assert stepped == _first(iter(rule.to_dateutil(dtstart, at)), count)


def test_a_weekly_rule_still_ends_the_calendar_as_dateutil_does() -> None:
    # dateutil fails on a matching weekday after 9999-12-31 in the last week; that is kept.
    rule = parse_rrule("FREQ=WEEKLY;BYDAY=FR,SA")
    matches = rule.iterate(datetime(9999, 12, 1), time(10))
    assert next(matches) == datetime(9999, 12, 3, 10)
    with pytest.raises(maintwin.RRuleError, match="year 10000 is out of range"):
        list(matches)
