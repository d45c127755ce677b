"""The fast feed writer and previous-feed reader give what icalendar gives.

maintwin writes a feed's content lines itself (escaping, dates, durations, folding) and reads
a plain previous feed line by line; icalendar is the oracle here: each value written is
compared with what icalendar writes for it, each event read with what icalendar reads, and a
previous feed that is not plain (other line ends, folds, case) must give the same feed as the
plain one. Bad previous feeds are refused with the errors icalendar's reading gives.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar, Event, vDDDTypes, vDuration

import maintwin
from maintwin import CalendarError
from maintwin.ical import person_to_ical, to_ical
from maintwin.ical._lines import duration, escape, fold, moment
from maintwin.ical._part import Part
from maintwin.ical._previous import read_previous

from .draws import draws

EXAMPLE = Path(__file__).parent.parent / "examples" / "teleradiology.toml"
ZONES = ("America/Chicago", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "UTC")


@pytest.fixture(scope="module")
def plan() -> maintwin.Plan:
    scenario = maintwin.Scenario.load(EXAMPLE)
    now = datetime(2026, 11, 22, 9, 0, tzinfo=ZoneInfo(scenario.timezone))
    return maintwin.plan(scenario, date(2026, 12, 1), date(2027, 12, 1), now=now)


def _icalendar_lines(event: Event) -> list[str]:
    """The lines icalendar writes for ``event``, folded, without BEGIN and END."""
    return bytes(event.to_ical()).decode().split("\r\n")[1:-2]


@settings(max_examples=draws(300), deadline=None)
@given(st.text(min_size=0, max_size=400), st.sampled_from(["SUMMARY", "DESCRIPTION", "UID"]))
def test_text_is_escaped_and_folded_as_icalendar_does(text: str, name: str) -> None:
    """Backslashes, commas, semicolons, line breaks (CR, LF, CRLF) and characters of several
    octets, at any place relative to the 75-octet fold."""
    theirs = Event()
    theirs.add(name, text)
    ours = Part("VEVENT")
    ours.text(name, text)
    assert ours.to_ical().split("\r\n")[1:-2] == _icalendar_lines(theirs)


@given(st.text(alphabet="ab\\^,;é€😀", min_size=60, max_size=200))
def test_folding_never_splits_an_escape_or_a_character(text: str) -> None:
    theirs = Event()
    theirs.add("DESCRIPTION", text)
    folded = fold("DESCRIPTION:" + escape(text))
    assert folded.split("\r\n") == _icalendar_lines(theirs)
    assert all(len(line.encode()) <= 75 for line in folded.split("\r\n"))


@given(
    st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2200, 1, 1)),
    st.sampled_from([*ZONES, None]),
    st.booleans(),
)
def test_dates_and_times_are_written_as_icalendar_does(
    when: datetime, tzid: str | None, whole_day: bool
) -> None:
    value: date | datetime = when.date() if whole_day else when.replace(microsecond=0)
    if isinstance(value, datetime) and tzid is not None:
        value = value.replace(tzinfo=UTC if tzid == "UTC" else ZoneInfo(tzid))
    theirs = Event()
    theirs.add("DTSTART", value)
    assert [moment("DTSTART", value)] == _icalendar_lines(theirs)


@given(st.timedeltas(min_value=timedelta(days=-400), max_value=timedelta(days=400)))
def test_durations_are_written_as_icalendar_does(span: timedelta) -> None:
    span = timedelta(seconds=int(span.total_seconds()))
    assert duration(span) == vDuration(span).to_ical().decode()
    assert duration(span) == vDDDTypes(span).to_ical().decode()


def _feeds(plan: maintwin.Plan) -> dict[str, bytes]:
    feeds = {a: to_ical(plan, audience=a) for a in ("internal", "client")}
    feeds |= {p.id: person_to_ical(plan, p.id) for p in plan.scenario.people}
    return feeds


def test_a_plain_feed_reads_as_icalendar_reads_it(plan: maintwin.Plan) -> None:
    """Each event's identity, SEQUENCE and content lines (as written) are those icalendar
    reads and writes again."""
    for feed in _feeds(plan).values():
        name = str(Calendar.from_ical(feed)["NAME"]).replace("\\,", ",")
        events, complete = read_previous(feed, name)
        theirs = Calendar.from_ical(feed).events
        assert len(events) == len(theirs) > 0
        complete(list(events.values()))
        for prior, event in zip(events.values(), theirs, strict=True):
            assert prior.content is not None, "a feed maintwin wrote is plain"
            assert prior.uid == str(event["UID"])
            assert prior.sequence == int(event.get("SEQUENCE", 0))
            written = bytes(event.to_ical()).replace(b"\r\n ", b"").decode()
            stamps = ("DTSTAMP", "SEQUENCE")
            expected = [line for line in written.split("\r\n") if line]
            assert prior.content == [line for line in expected if not line.startswith(stamps)]
            assert prior.event is not None
            assert prior.event.to_ical() == event.to_ical()


def _variants(feed: str) -> dict[str, str | bytes]:
    """The same feed as a person or another program might give it: read alike, not plain."""
    return {
        "LF line ends": feed.replace("\r\n", "\n"),
        "unfolded": feed.replace("\r\n ", ""),
        "folded with tabs": feed.replace("\r\n ", "\r\n\t"),
        "a lowercase property": feed.replace("\r\nSUMMARY:", "\r\nsummary:"),
        "a byte order mark": ("\ufeff" + feed).encode(),
    }


@pytest.mark.parametrize("audience", ["internal", "client"])
def test_a_previous_feed_that_is_not_plain_gives_the_same_feed(
    plan: maintwin.Plan, audience: str
) -> None:
    feed = to_ical(plan, audience=audience)  # type: ignore[arg-type]
    later = maintwin.plan(
        plan.scenario, date(2027, 2, 1), date(2028, 2, 1), now=plan.now + timedelta(days=60)
    )
    expected = to_ical(later, audience=audience, previous=feed)  # type: ignore[arg-type]
    assert b"STATUS:CANCELLED" in expected or b"SEQUENCE:1" in expected
    for what, variant in _variants(feed.decode()).items():
        got = to_ical(later, audience=audience, previous=variant)  # type: ignore[arg-type]
        assert got == expected, what


BAD = {
    "SEQUENCE:x": (
        lambda f: f.replace("SEQUENCE:0", "SEQUENCE:x", 1),
        "previous feed: VEVENT SEQUENCE cannot be read: Expected int, got: x",
    ),
    "two SEQUENCEs": (
        lambda f: f.replace("SEQUENCE:0", "SEQUENCE:0\r\nSEQUENCE:1", 1),
        "SEQUENCE [0, 1] is not a whole number",
    ),
    "no UID": (
        lambda f: f.replace("\r\nUID:", "\r\nX-UID:", 1),
        "previous feed: has an event without UID or DTSTART",
    ),
    "a bad date": (
        lambda f: f.replace("DTSTART;VALUE=DATE:2026", "DTSTART;VALUE=DATE:2026x", 1),
        "previous feed: VEVENT DTSTART cannot be read: Expected datetime, date, or time. "
        "Got: '2026x1207'",
    ),
    "a bad TRIGGER": (
        lambda f: f.replace("TRIGGER:-P", "TRIGGER:-Q", 1),
        "previous feed: is not an iCalendar file (Expected datetime, date, or time. Got: '-Q14D')",
    ),
    "another feed's NAME": (
        lambda f: f.replace("\r\nNAME:", "\r\nNAME:x", 1),
        "previous feed: is the feed 'xteleradiology-platform: planned downtime (internal)', "
        "not 'teleradiology-platform: planned downtime (internal)'",
    ),
    "cut short": (
        lambda f: f[: len(f) // 2],
        "previous feed: is not an iCalendar file (Found no components",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_previous_feed_is_refused_as_icalendar_refuses_it(
    plan: maintwin.Plan, case: str
) -> None:
    spoil, message = BAD[case]
    feed = to_ical(plan, audience="internal").decode()
    with pytest.raises(CalendarError) as caught:
        to_ical(plan, audience="internal", previous=spoil(feed))
    assert str(caught.value).startswith(message) or message in str(caught.value)
