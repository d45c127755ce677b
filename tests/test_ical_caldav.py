"""Our feeds on a real CalDAV server: Radicale stores them, gives them back, and answers queries.

Each test starts its own Radicale (``tests/radicale_server.py``: a subprocess on 127.0.0.1,
about 0.2 s to start) and stores the example plan's feeds with the caldav client, one calendar
object resource per UID (RFC 4791, 4.1), each with the VTIMEZONE it uses and without METHOD.
Radicale accepts every resource of every feed as it is.

The DST trap, as found with Radicale 3.9.0, vobject 0.9.9 and caldav 3.6.0
--------------------------------------------------------------------------
Radicale parses items with vobject, and vobject keeps one tzinfo per TZID for the whole process:
the first VTIMEZONE it reads for ``America/Chicago`` is used for every later item with that
TZID, whatever VTIMEZONE the item carries. Our feeds carry VTIMEZONEs that cover their own
horizon only (``_timezone`` in ``maintwin/ical/_calendar.py``): the client feed's covers
2027-01-12 to 2027-10-14 (CST, then CDT from 2027-03-14 and no later transition); the internal
feed's covers 2026-12-06 to 2027-11-28 (CST from 2027-11-07 on, nothing later); the series
feed's covers 2026-12-08 to 2037-12-09.

* Client feed stored first, then the series feed, in the same server process: the server's
  expansion (``REPORT`` with ``C:expand``) of the RIS series gives 2027-10-13 15:00Z (right),
  then 2027-12-08, 2028-01-12, 2028-02-09 and 2028-03-08 at 15:00Z: one hour early, as CDT
  never ends in the client feed's VTIMEZONE (right: 16:00Z, CST). A plain time-range query for
  2027-12-08 16:01Z to 16:02Z does not return the series at all.
* Internal feed first: the same series is right until 2028-03-08 and 2028-04-12 comes back at
  16:00Z, one hour late (right: 15:00Z, CDT), as CST never ends in that VTIMEZONE.
* Series feed first, or the series feed alone: every instant is right, and so is every client
  window (all inside the series feed's span).
* The stored data is not harmed: each resource comes back with its own VTIMEZONE and the same
  instants, and caldav's default (client-side) expansion of the returned data is right in every
  order. A new server process on the same storage that reads the series first is right again.

So it is the server's process-wide cache, not our feeds, that is an hour off: every feed we
write is valid on its own and reads back exactly. It does mean that a feed with a VTIMEZONE
cut to its horizon, stored on a shared vobject-based server, can shift other calendars'
recurrences for that TZID (and theirs ours), depending on which one the server read first.

How these tests stay honest about it: a fresh server per test, so no test depends on what
another stored; the readback tests compare the instants of the data we stored with the data
we got back (and the VTIMEZONEs); server-side expansion is checked exactly with the series feed
alone on its server; ``test_dst_trap`` stores two feeds on one server on purpose and accepts
for the server's own expansion only the right instants or exactly the shift predicted above.

Two more things found on the way
--------------------------------
* Radicale 3.9 expands only events with an RRULE. A series that ``series_to_ical`` writes as
  DTSTART plus an RDATE list is returned unexpanded by a ``C:expand`` query when its DTSTART
  is in the range, and not at all when it is not (``test_rdate_series``), although a plain
  time-range query finds it at every occurrence. caldav's ``search(expand=True,
  server_expand=True)`` quietly expands on the client what the server left unexpanded, so
  :func:`server_expanded` sends its own query to see the server's answer.
* caldav's ``add_event`` raises SEQUENCE by one on every save, even of a new object, unless
  ``increase_seqno=False``: a feed stored with the default comes back with SEQUENCE 1.

No warnings are filtered: caldav 3.6 and Radicale 3.9 emit none here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
from caldav.collection import Calendar, Principal
from caldav.davclient import DAVClient
from icalendar.prop import vCategory, vDDDLists, vDDDTypes, vRecur

import maintwin
from maintwin.ical import series_to_ical, to_ical

from .radicale_server import radicale_server

CHICAGO = ZoneInfo("America/Chicago")
START, END = date(2026, 12, 1), date(2027, 12, 1)
NOW = datetime(2026, 11, 22, 9, tzinfo=CHICAGO)
FEEDS = ("client", "internal", "series")
# Radicale with ``auth type = none`` takes any user name without a password check; naming one
# gives the client a principal to discover (Radicale has none for anonymous requests).
USER = "maintwin"

SERIES = "ris.series@teleradiology-platform.maintwin"
VENDOR = "ris-vendor-upgrade.series@teleradiology-platform.maintwin"
UPGRADE_FRI = "pacs-upgrade-fri.series@teleradiology-platform.maintwin"
UPGRADE_SAT = "pacs-upgrade-sat.series@teleradiology-platform.maintwin"
WINDOW = timedelta(minutes=15)

Occurrence = tuple[str, datetime, datetime]
ProbeResult = dict[datetime, set[str]]


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A UTC instant."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def ris(*starts: datetime) -> list[Occurrence]:
    """Occurrences of the RIS series (15 minutes each) starting at ``starts``."""
    return [(SERIES, s, s + WINDOW) for s in starts]


# Wide enough for every event of the client and internal feeds.
HORIZON = (at(2026, 1, 1), at(2029, 1, 1))
# The series feed over [2026-12-01, 2027-05-01): 2026-12-09 is an EXDATE (year-end freeze),
# DST starts on 2027-03-14; the one-off vendor window runs 22:00-24:00 CDT on 2027-03-20.
SPRING = (at(2026, 12, 1), at(2027, 5, 1))
SPRING_SERIES = sorted(
    [
        *ris(at(2027, 1, 13, 16), at(2027, 2, 10, 16), at(2027, 3, 10, 16), at(2027, 4, 14, 15)),
        (VENDOR, at(2027, 3, 21, 3), at(2027, 3, 21, 5)),
        # The PACS upgrade's two candidate windows, both to Monday 2027-04-19 06:00 CDT.
        (UPGRADE_FRI, at(2027, 4, 17, 3), at(2027, 4, 19, 11)),
        (UPGRADE_SAT, at(2027, 4, 17, 19), at(2027, 4, 19, 11)),
    ]
)
# Over [2027-10-01, 2028-05-01): 2027-11-10 is an EXDATE (Veterans Day), DST ends on
# 2027-11-07 and starts on 2028-03-12; from 2027-12-01 on, past the horizon, the rule runs on.
AUTUMN = (at(2027, 10, 1), at(2028, 5, 1))
AUTUMN_SERIES = ris(
    at(2027, 10, 13, 15),
    at(2027, 12, 8, 16),
    at(2028, 1, 12, 16),
    at(2028, 2, 9, 16),
    at(2028, 3, 8, 16),
    at(2028, 4, 12, 15),
)
# What a server that reads the series with the first feed's VTIMEZONE (see the docstring)
# expands over AUTUMN instead.
AUTUMN_SHIFTED = {
    "client": ris(
        at(2027, 10, 13, 15),
        at(2027, 12, 8, 15),
        at(2028, 1, 12, 15),
        at(2028, 2, 9, 15),
        at(2028, 3, 8, 15),
        at(2028, 4, 12, 15),
    ),
    "internal": ris(
        at(2027, 10, 13, 15),
        at(2027, 12, 8, 16),
        at(2028, 1, 12, 16),
        at(2028, 2, 9, 16),
        at(2028, 3, 8, 16),
        at(2028, 4, 12, 16),
    ),
}

# A train an RRULE cannot say (the last Friday of the month plus four days crosses month ends):
# series_to_ical writes it as DTSTART and an RDATE list. DST starts on 2027-03-14.
RDATE_TOML = """
name = "rdate-demo"
timezone = "America/Chicago"

[[trains]]
id = "app"
subsystem = "App"
schedule = { rrule = "FREQ=MONTHLY;BYDAY=-1FR", at = "10:00", offset_days = 4 }
downtime = "PT30M"
"""
RDATE_UID = "app.series@rdate-demo.maintwin"
RDATE_SERIES = [
    (RDATE_UID, s, s + timedelta(minutes=30))
    for s in (
        at(2027, 2, 2, 16),
        at(2027, 3, 2, 16),
        at(2027, 3, 30, 15),
        at(2027, 5, 4, 15),
        at(2027, 6, 1, 15),
        at(2027, 6, 29, 15),
    )
]


# -- fixtures --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def example_plan(example: maintwin.Scenario) -> maintwin.Plan:
    """The example plan: December 2026 to December 2027, planned on 2026-11-22."""
    return maintwin.plan(example, START, END, now=NOW)


@pytest.fixture
def feeds(example: maintwin.Scenario, example_plan: maintwin.Plan) -> dict[str, bytes]:
    """The client, internal and series feeds of the example (made per test, so that the
    conftest's vobject check sees them too)."""
    return {
        "client": to_ical(example_plan),
        "internal": to_ical(example_plan, audience="internal"),
        "series": series_to_ical(example, START, END, now=NOW),
    }


@pytest.fixture
def principal(tmp_path: Path) -> Iterator[Principal]:
    """The principal of :data:`USER` on a fresh Radicale (with a fresh time-zone cache)."""
    with radicale_server(tmp_path / "radicale") as url, connect(url) as client:
        yield client.principal()


# -- helpers ---------------------------------------------------------------------------------


def connect(url: str) -> DAVClient:
    """A caldav client for the Radicale at ``url`` (straight to it, whatever HTTP_PROXY says)."""
    client = DAVClient(url=url, username=USER, password="unused")
    client.session.trust_env = False
    return client


def _tzids(component: icalendar.Component) -> set[str]:
    """The TZIDs that ``component`` (and its subcomponents) refer to."""
    found: set[str] = set()
    for sub in component.walk():
        for values in sub.values():
            for value in values if isinstance(values, list) else [values]:
                tzid = getattr(value, "params", {}).get("TZID")
                if tzid:
                    found.add(str(tzid))
    return found


def split_feed(data: bytes) -> dict[str, bytes]:
    """``data`` as calendar object resources: one VCALENDAR per UID, with its VTIMEZONEs.

    A CalDAV calendar object resource holds the components of one UID and no METHOD
    (RFC 4791, 4.1), so the feed's head keeps only VERSION, PRODID and CALSCALE.
    """
    feed = icalendar.Calendar.from_ical(data)
    zones = {str(z["TZID"]): z for z in feed.walk("VTIMEZONE")}
    resources: dict[str, icalendar.Calendar] = {}
    for event in feed.walk("VEVENT"):
        uid = str(event["UID"])
        if uid not in resources:
            resource = icalendar.Calendar()
            for name in ("VERSION", "PRODID", "CALSCALE"):
                resource[name] = feed[name]
            resources[uid] = resource
        resources[uid].add_component(event)
    for resource in resources.values():
        for tzid in sorted(_tzids(resource)):
            resource.subcomponents.insert(0, zones[tzid])
    return {uid: resource.to_ical() for uid, resource in resources.items()}


def store(principal: Principal, name: str, data: bytes) -> Calendar:
    """A new calendar ``name`` holding the feed ``data``, one resource per UID."""
    calendar = principal.make_calendar(name=name, cal_id=name)
    for resource in split_feed(data).values():
        # caldav raises SEQUENCE on every save unless told not to; we store the feed verbatim.
        calendar.add_event(resource.decode(), increase_seqno=False)
    return calendar


def _plain(value: Any) -> Any:
    """A property value as something to compare: local times become UTC instants."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value  # a date, a floating time (VTIMEZONE onsets), a timedelta


def _value(name: str, value: Any) -> Any:
    """A property as something to compare, however it was written (one line or several)."""
    if isinstance(value, list):
        parts = [_value(name, v) for v in value]
        if name in ("EXDATE", "RDATE"):
            return tuple(sorted(x for part in parts for x in part))
        return tuple(parts)
    if isinstance(value, vDDDLists):
        return tuple(sorted(_plain(v.dt) for v in value.dts))
    if isinstance(value, vDDDTypes):
        return _plain(value.dt)
    if isinstance(value, vCategory):
        return tuple(str(c) for c in value.cats)
    if isinstance(value, vRecur):
        return tuple(sorted((k, tuple(map(str, v))) for k, v in value.items()))
    return str(value)


def normal(component: icalendar.Component) -> Any:
    """``component`` with its properties and subcomponents as comparable values."""
    props = tuple(sorted((name, _value(name, value)) for name, value in component.items()))
    subs = tuple(sorted((normal(c) for c in component.subcomponents), key=repr))
    return component.name, props, subs


def parse(resource: Any) -> icalendar.Calendar:
    """A returned resource (caldav's :class:`CalendarObjectResource`), parsed by icalendar."""
    return icalendar.Calendar.from_ical(resource.data)


def components(resources: Any) -> list[icalendar.Calendar]:
    """The returned resources, parsed by icalendar."""
    return [parse(r) for r in resources]


def _instant(value: date | datetime) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(UTC) if value.tzinfo else value.replace(tzinfo=UTC)
    return datetime.combine(value, time(), UTC)  # a date counts from midnight UTC here


def span(event: icalendar.Component) -> tuple[datetime, datetime]:
    """The UTC instants ``event`` begins and ends."""
    begin = _instant(event.decoded("DTSTART"))
    if "DTEND" in event:
        return begin, _instant(event.decoded("DTEND"))
    return begin, begin + event.decoded("DURATION", timedelta(0))


def occurrences(returned: Any) -> list[Occurrence]:
    """(UID, start, end) of every VEVENT the server returned (caldav's resources, or them
    parsed), in order."""
    calendars = [r if isinstance(r, icalendar.Calendar) else parse(r) for r in returned]
    return sorted((str(e["UID"]), *span(e)) for cal in calendars for e in cal.walk("VEVENT"))


def expanded_locally(data: bytes, lo: datetime, hi: datetime) -> list[Occurrence]:
    """(UID, start, end) of the occurrences of ``data`` that overlap ``[lo, hi)``, expanded
    here by recurring-ical-events from the data we stored."""
    cal = icalendar.Calendar.from_ical(data)
    return sorted((str(e["UID"]), *span(e)) for e in recurring_ical_events.of(cal).between(lo, hi))


EXPAND_QUERY = """<?xml version="1.0" encoding="utf-8"?>
<C:calendar-query xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav">
  <D:prop><C:calendar-data><C:expand start="{lo}" end="{hi}"/></C:calendar-data></D:prop>
  <C:filter><C:comp-filter name="VCALENDAR"><C:comp-filter name="VEVENT">
    <C:time-range start="{lo}" end="{hi}"/>
  </C:comp-filter></C:comp-filter></C:filter>
</C:calendar-query>"""


def server_answer(calendar: Calendar, lo: datetime, hi: datetime) -> list[icalendar.Calendar]:
    """The server's answer to a calendar-query for the events in ``[lo, hi)``, expanded by the
    server (RFC 4791, 9.6.5).

    The query goes to the server as written here and its answer comes back as it is: caldav's
    own ``search(expand=True, server_expand=True)`` expands on the client whatever the server
    left unexpanded, which would hide what the server did.
    """
    stamp = "%Y%m%dT%H%M%SZ"
    query = EXPAND_QUERY.format(lo=lo.strftime(stamp), hi=hi.strftime(stamp))
    return components(calendar.search(xml=query, post_filter=False))


def server_expanded(calendar: Calendar, lo: datetime, hi: datetime) -> list[Occurrence]:
    """The occurrences in ``[lo, hi)`` as the server expands them (see :func:`server_answer`)."""
    return occurrences(server_answer(calendar, lo, hi))


def queried(calendar: Calendar, lo: datetime, hi: datetime) -> set[str]:
    """The UIDs of the events the server finds in ``[lo, hi)`` (a plain time-range query)."""
    found = calendar.search(start=lo, end=hi, event=True, post_filter=False)
    return {str(e["UID"]) for cal in components(found) for e in cal.walk("VEVENT")}


def probe_each_event(
    calendar: Calendar, data: bytes, within: tuple[datetime, datetime] = HORIZON
) -> tuple[ProbeResult, ProbeResult]:
    """What one-minute time-range queries at the edges of each occurrence of ``data``
    ``within`` a range find on the server, and what they should find (the events of ``data`` that
    overlap each minute).

    A timed occurrence is probed the minute before it starts, the minute after it starts and
    the minute after it ends; an all-day one at noon UTC of its first day, where every zone
    within 12 hours of UTC agrees that the day has begun.
    """
    overlapping = recurring_ical_events.of(icalendar.Calendar.from_ical(data))
    minute = timedelta(minutes=1)
    probes: set[datetime] = set()
    for event in overlapping.between(*within):
        begin, finish = span(event)
        if isinstance(event.decoded("DTSTART"), datetime):
            probes |= {begin - minute, begin + minute, finish}
        else:
            probes.add(begin + timedelta(hours=12))
    got = {p: queried(calendar, p, p + minute) for p in sorted(probes)}
    want = {p: {str(e["UID"]) for e in overlapping.between(p, p + minute)} for p in got}
    return got, want


# -- tests -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", FEEDS)
def test_feed_reads_back_as_written(
    principal: Principal, feeds: dict[str, bytes], name: str
) -> None:
    """Every event of the feed comes back, one resource per UID, with the same properties:
    UID, SUMMARY, SEQUENCE, the UTC instants of DTSTART, DTEND, EXDATE, the RRULE, the text,
    the alarms; and each resource carries the VTIMEZONE we wrote."""
    sent = icalendar.Calendar.from_ical(feeds[name])
    calendar = store(principal, name, feeds[name])

    returned = components(calendar.get_events())

    uids = [str(e["UID"]) for cal in returned for e in cal.walk("VEVENT")]
    assert sorted(uids) == sorted(str(e["UID"]) for e in sent.walk("VEVENT"))
    assert len(returned) == len(uids)  # one resource per UID
    got = {str(e["UID"]): e for cal in returned for e in cal.walk("VEVENT")}
    for event in sent.walk("VEVENT"):
        back = got[str(event["UID"])]
        assert (str(back["SUMMARY"]), back.decoded("SEQUENCE"), span(back)) == (
            str(event["SUMMARY"]),
            event.decoded("SEQUENCE"),
            span(event),
        )
        assert normal(back) == normal(event)
    zones = {str(z["TZID"]): normal(z) for z in sent.walk("VTIMEZONE")}
    assert zones, "every feed of the example has local times"
    for cal in returned:
        assert [normal(z) for z in cal.walk("VTIMEZONE")] == [zones[t] for t in _tzids(cal)]


def test_series_expanded_by_the_server(principal: Principal, feeds: dict[str, bytes]) -> None:
    """The server expands the RRULE over each range, leaves out the EXDATEs, keeps the local
    time across both DST changes, and includes the one-off window; the same instants as our
    own expansion of the data we stored."""
    calendar = store(principal, "series", feeds["series"])

    for (lo, hi), want in ((SPRING, SPRING_SERIES), (AUTUMN, AUTUMN_SERIES)):
        assert expanded_locally(feeds["series"], lo, hi) == want
        assert server_expanded(calendar, lo, hi) == want

    # Radicale writes each occurrence in UTC, with a RECURRENCE-ID.
    events = [e for cal in server_answer(calendar, *AUTUMN) for e in cal.walk("VEVENT")]
    assert len(events) == len(AUTUMN_SERIES)
    for event in events:
        assert "RRULE" not in event
        assert event["DTSTART"].to_ical().endswith(b"Z")
        assert event.decoded("RECURRENCE-ID") == event.decoded("DTSTART")


def test_time_range_query_finds_the_windows_in_range(
    principal: Principal, feeds: dict[str, bytes]
) -> None:
    """A time-range query over March to May 2027 returns exactly the windows in it, the two
    candidate windows of the PACS upgrade among them (the May window is short of a DBA, so
    clients are not told of it)."""
    calendar = store(principal, "client", feeds["client"])

    lo, hi = at(2027, 3, 1), at(2027, 6, 1)
    assert queried(calendar, lo, hi) == {
        f"{w}.client@teleradiology-platform.maintwin"
        for w in (
            "ris-2027-03-10",
            "ris-vendor-upgrade",
            "ris-2027-04-14",
            "pacs-upgrade-fri",
            "pacs-upgrade-sat",
        )
    }
    assert queried(calendar, lo, hi) == {u for u, _, _ in expanded_locally(feeds["client"], lo, hi)}


@pytest.mark.parametrize("name", ["client", "internal"])
def test_time_range_query_at_each_event(
    principal: Principal, feeds: dict[str, bytes], name: str
) -> None:
    """One-minute time-range queries at the edges of each event find exactly the events that
    overlap them (see :func:`probe_each_event`): the server has every window at its instant,
    in CST and in CDT, not an hour off."""
    calendar = store(principal, name, feeds[name])

    got, want = probe_each_event(calendar, feeds[name])
    assert got == want
    assert set().union(*got.values()) == {
        str(e["UID"]) for e in icalendar.Calendar.from_ical(feeds[name]).walk("VEVENT")
    }


@pytest.mark.parametrize("first", ["client", "internal"])
def test_dst_trap(tmp_path: Path, feeds: dict[str, bytes], first: str) -> None:
    """Radicale expands the series with the VTIMEZONE of the feed it read first (see the module
    docstring): the stored data stays right, the server's own expansion may be an hour off by
    exactly the shift that VTIMEZONE predicts, and a new server process reads it right."""
    storage = tmp_path / "radicale"
    with radicale_server(storage) as url, connect(url) as client:
        principal = client.principal()
        store(principal, first, feeds[first])  # its VTIMEZONE is read first
        calendar = store(principal, "series", feeds["series"])

        # The data is intact: same VTIMEZONE and instants back, right when expanded here.
        back = components(calendar.get_events())
        sent = icalendar.Calendar.from_ical(feeds["series"])
        assert {normal(z) for cal in back for z in cal.walk("VTIMEZONE")} == {
            normal(z) for z in sent.walk("VTIMEZONE")
        }
        found = calendar.search(start=AUTUMN[0], end=AUTUMN[1], event=True, expand=True)
        assert occurrences(found) == AUTUMN_SERIES  # caldav's client-side expansion

        # The server's own expansion: right, or shifted exactly as predicted.
        expanded = server_expanded(calendar, *AUTUMN)
        assert expanded in (AUTUMN_SERIES, AUTUMN_SHIFTED[first])
        # A plain time-range query agrees with the server's expansion at each true instant.
        for uid, begin, _ in AUTUMN_SERIES:
            probe = begin + timedelta(minutes=1)
            hit = any(s <= probe < e for _, s, e in expanded)
            assert queried(calendar, probe, probe + timedelta(minutes=1)) == (
                {uid} if hit else set()
            )

    # A new process on the same storage that reads the series first expands it right.
    with radicale_server(storage) as url, connect(url) as client:
        calendar = client.principal().calendar(cal_id="series")
        assert server_expanded(calendar, *AUTUMN) == AUTUMN_SERIES
        assert server_expanded(calendar, *SPRING) == SPRING_SERIES


def test_series_first_then_client(principal: Principal, feeds: dict[str, bytes]) -> None:
    """With the series feed's VTIMEZONE (which spans the others) read first, the server is right
    about both feeds: the series' occurrences and every client window."""
    series = store(principal, "series", feeds["series"])
    client = store(principal, "client", feeds["client"])

    assert server_expanded(series, *AUTUMN) == AUTUMN_SERIES
    assert server_expanded(series, *SPRING) == SPRING_SERIES
    got, want = probe_each_event(client, feeds["client"])
    assert got == want


def test_rdate_series(principal: Principal) -> None:
    """A series written as an RDATE list reads back as written, a time-range query finds it at
    every occurrence, and caldav's expansion of it is right. Radicale's own expansion is not:
    over a range that starts after DTSTART it returns nothing (see the module docstring)."""
    scenario = maintwin.Scenario.from_toml(RDATE_TOML)
    data = series_to_ical(scenario, date(2027, 1, 1), date(2027, 7, 1), now=NOW)
    [event] = icalendar.Calendar.from_ical(data).walk("VEVENT")
    assert "RDATE" in event
    assert "RRULE" not in event
    calendar = store(principal, "rdate", data)

    assert expanded_locally(data, at(2027, 1, 1), at(2027, 7, 1)) == RDATE_SERIES
    [back] = [e for cal in components(calendar.get_events()) for e in cal.walk("VEVENT")]
    assert normal(back) == normal(event)
    got, want = probe_each_event(calendar, data)
    assert got == want
    assert sum(1 for found in got.values() if found) == len(RDATE_SERIES)

    lo, hi = at(2027, 3, 15), at(2027, 7, 1)
    later = [o for o in RDATE_SERIES if o[1] >= lo]
    found = calendar.search(start=lo, end=hi, event=True, expand=True)
    assert occurrences(found) == later  # expanded by caldav
    assert server_expanded(calendar, lo, hi) in (later, [])  # Radicale 3.9: []
