"""The iCalendar feeds by example: ``to_ical`` (client and internal) and ``series_to_ical``.

Each test builds a small scenario, plans it, parses the bytes back with icalendar and looks at
the properties a subscribed calendar reads: the calendar's head, the time zones, one event per
open window at the window's instants, the descriptions, the alarms, stable UIDs and DTSTAMPs,
SEQUENCE and STATUS:CANCELLED over a previous feed, and the recurring events of the series.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import recurring_ical_events
from icalendar import Calendar, Component, Event

import maintwin
from maintwin import (
    Blackout,
    CalendarError,
    Change,
    InputError,
    MaintwinError,
    OneOffWindow,
    Plan,
    Policy,
    ReleaseTrain,
    Scenario,
    Schedule,
    Window,
)
from maintwin.ical import series_to_ical, to_ical

from .ical_oracle import assert_vobject_agrees, vobject_occurrences

CHICAGO = ZoneInfo("America/Chicago")
LONDON = ZoneInfo("Europe/London")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
START, END = date(2026, 12, 1), date(2027, 7, 1)

# RIS: 2nd Wednesday 10:00 Chicago; PACS: 2nd Tuesday 22:00 London (its own zone).
RIS = ReleaseTrain(
    id="ris", subsystem="RIS", schedule=Schedule.nth_weekday(2, "WE", at="10:00"), downtime="PT15M"
)
PACS = ReleaseTrain(
    id="pacs",
    subsystem="PACS",
    schedule=Schedule.nth_weekday(2, "TU", at="22:00", timezone="Europe/London"),
    downtime="PT15M",
)
# Blocks ris-2026-12-09 and pacs-2026-12-08 (whole days).
FREEZE = Blackout(
    id="year-end",
    reason="freeze",
    title="Year-end freeze",
    start=date(2026, 12, 7),
    end=date(2027, 1, 4),
)
# Blocks pacs-2027-04-13 only (a timed blackout, scoped to PACS).
OUTAGE = Blackout(
    id="dc-move",
    reason="vendor",
    start=datetime(2027, 4, 13, 20, 0, tzinfo=LONDON),
    end=datetime(2027, 4, 14, 1, 0, tzinfo=LONDON),
    scope=("PACS",),
)
CHANGES = (
    Change(
        id="CHG-1",
        title="Schema migration",
        subsystem="RIS",
        duration="PT8M",
        requested_on=date(2026, 6, 1),
        priority=2,
        steps=("Stop the workers", "Run migrate.sql"),
    ),
    Change(
        id="CHG-2",
        title="Reindex worklist",
        subsystem="RIS",
        duration="PT4M",
        requested_on=date(2026, 6, 1),
        depends_on=("CHG-1",),
    ),
    Change(
        id="CHG-3",
        title="Firewall failover",
        subsystem="RIS",
        duration="PT5M",
        requested_on=date(2026, 11, 20),
        short_notice=True,
        deadline=date(2027, 1, 31),
        priority=1,
    ),
    Change(
        id="CHG-4",
        title="Certificate renewal",
        subsystem="PACS",
        duration="PT6M",
        requested_on=date(2026, 5, 1),
    ),
)
SCENARIO = Scenario(
    name="Teleradiology",
    timezone="America/Chicago",
    trains=(RIS, PACS),
    blackouts=(FREEZE, OUTAGE),
    changes=CHANGES,
)
BLOCKED = {"ris-2026-12-09", "pacs-2026-12-08", "pacs-2027-04-13"}

# The series tests put PACS in New York, a second zone with DST whose VTIMEZONE differs from
# UTC in every year; a series in Europe/London has a test of its own.
NEW_YORK = ZoneInfo("America/New_York")
PACS_EAST = PACS.model_copy(
    update={"schedule": PACS.schedule.model_copy(update={"timezone": "America/New_York"})}
)
PACS_DAY = Blackout(id="dc-move", reason="vendor", start=date(2027, 4, 13), scope=("PACS",))
SERIES = SCENARIO.model_copy(update={"trains": (RIS, PACS_EAST), "blackouts": (FREEZE, PACS_DAY)})


# -- helpers ----------------------------------------------------------------------------------


def plan_of(
    scenario: Scenario = SCENARIO,
    start: date = START,
    end: date = END,
    now: datetime = NOW,
) -> Plan:
    """``scenario`` planned over ``[start, end)`` at ``now``."""
    return maintwin.plan(scenario, start, end, now=now)


def parse(data: bytes) -> Calendar:
    """The feed read back by icalendar."""
    return Calendar.from_ical(data)


def events(data: bytes) -> dict[str, Event]:
    """The feed's events by UID (each UID once)."""
    found = parse(data).walk("VEVENT")
    uids = [str(e["UID"]) for e in found]
    assert len(uids) == len(set(uids)), f"repeated UIDs: {Counter(uids).most_common(3)}"
    return dict(zip(uids, found, strict=True))


def instant(value: date | datetime) -> datetime:
    """An aware date-time in UTC (a date counts from midnight UTC)."""
    if isinstance(value, datetime):
        assert value.tzinfo is not None, f"floating time {value}"
        return value.astimezone(UTC)
    return datetime.combine(value, time(), UTC)


def span(event: Component) -> tuple[datetime, datetime]:
    """The UTC instants an event begins and ends, as icalendar decodes them."""
    begin = instant(event.decoded("DTSTART"))
    if "DTEND" in event:
        return begin, instant(event.decoded("DTEND"))
    return begin, begin + event.decoded("DURATION")


def window_uid(window_id: str, audience: str = "client", scenario: str = "teleradiology") -> str:
    """The UID maintwin gives a window's event."""
    return f"{window_id}.{audience}@{scenario}.maintwin"


def open_windows(plan: Plan) -> list[Window]:
    """The plan's windows that are not blocked."""
    return [w for w in plan.windows if not w.blocked]


def window_events(data: bytes) -> dict[str, Event]:
    """The events of downtime windows (not blackouts)."""
    return {u: e for u, e in events(data).items() if "Downtime" in categories(e)}


def categories(event: Event) -> list[str]:
    """The event's CATEGORIES as strings."""
    value = event.get("CATEGORIES")
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [str(c) for v in values for c in v.cats]


def times(event: Component, name: str) -> list[datetime]:
    """Every value of a multi-valued date-time property (EXDATE, RDATE), in order."""
    value = event.get(name)
    if value is None:
        return []
    values = value if isinstance(value, list) else [value]
    return [d.dt for v in values for d in v.dts]


def expanded(data: bytes, lo: datetime, hi: datetime) -> Counter[tuple[datetime, datetime]]:
    """The (start, end) instants recurring-ical-events expands from ``data`` in ``[lo, hi)``."""
    found: Counter[tuple[datetime, datetime]] = Counter()
    for event in recurring_ical_events.of(parse(data)).between(lo, hi):
        begin, finish = span(event)
        if lo <= begin < hi:
            found[begin, finish] += 1
    return found


def windows_counter(windows: Iterable[Window]) -> Counter[tuple[datetime, datetime]]:
    """The (start, end) instants of the windows that are not blocked."""
    return Counter((instant(w.start), instant(w.end)) for w in windows if not w.blocked)


def bounds(scenario: Scenario, start: date, end: date) -> tuple[datetime, datetime]:
    """``[start, end)`` as UTC instants: local midnights in the scenario's zone."""
    tz = ZoneInfo(scenario.timezone)
    return (
        datetime.combine(start, time(), tz).astimezone(UTC),
        datetime.combine(end, time(), tz).astimezone(UTC),
    )


def observance_starts(cal: Calendar, tzid: str) -> list[datetime]:
    """Every onset (DTSTART and RDATE) of every observance of one VTIMEZONE, sorted."""
    (timezone,) = [tz for tz in cal.walk("VTIMEZONE") if str(tz["TZID"]) == tzid]
    onsets: list[datetime] = []
    for observance in timezone.subcomponents:
        onsets.append(observance.decoded("DTSTART"))
        onsets += [t.replace(tzinfo=None) for t in times(observance, "RDATE")]
    return sorted(set(onsets))  # DTSTART is an RDATE too, for ical.js


# -- the calendar's head ----------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_head_has_every_property_a_subscribed_feed_needs(audience: str) -> None:
    cal = parse(to_ical(plan_of(), audience=audience))  # type: ignore[arg-type]
    assert str(cal["PRODID"]) == "-//maintwin//maintwin//EN"
    assert str(cal["VERSION"]) == "2.0"
    assert str(cal["CALSCALE"]) == "GREGORIAN"
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"])
    assert str(cal["NAME"]).startswith("Teleradiology")
    assert ("internal" in str(cal["NAME"])) == (audience == "internal")
    assert cal["REFRESH-INTERVAL"].params["VALUE"] == "DURATION"
    assert cal.decoded("REFRESH-INTERVAL") == timedelta(hours=6)
    assert cal["X-PUBLISHED-TTL"].to_ical() == b"PT6H"


def test_head_refresh_is_configurable_and_must_be_positive() -> None:
    cal = parse(to_ical(plan_of(), refresh=timedelta(hours=1)))
    assert cal.decoded("REFRESH-INTERVAL") == timedelta(hours=1)
    assert cal["X-PUBLISHED-TTL"].to_ical() == b"PT1H"
    with pytest.raises(MaintwinError, match="refresh"):
        to_ical(plan_of(), refresh=timedelta(0))


def test_series_head_has_the_same_properties() -> None:
    cal = parse(series_to_ical(SERIES, START, END, now=NOW))
    for name in ("PRODID", "VERSION", "CALSCALE", "METHOD", "NAME", "X-WR-CALNAME"):
        assert name in cal, name
    assert str(cal["METHOD"]) == "PUBLISH"
    assert str(cal["NAME"]) == str(cal["X-WR-CALNAME"])
    assert cal.decoded("REFRESH-INTERVAL") == timedelta(hours=6)
    assert cal["X-PUBLISHED-TTL"].to_ical() == b"PT6H"


@pytest.mark.parametrize("feed", ["client", "internal", "series"])
def test_lines_end_with_crlf_and_are_folded(feed: str) -> None:
    if feed == "series":
        data = series_to_ical(SERIES, START, END, now=NOW)
    else:
        data = to_ical(plan_of(), audience=feed)  # type: ignore[arg-type]
    assert data.endswith(b"END:VCALENDAR\r\n")
    assert data.count(b"\n") == data.count(b"\r\n")
    assert b"\r\r" not in data
    assert all(len(line) <= 75 for line in data.split(b"\r\n")), "a line longer than 75 octets"


# -- time zones -------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_one_vtimezone_per_zone_used(audience: str) -> None:
    cal = parse(to_ical(plan_of(), audience=audience))  # type: ignore[arg-type]
    tzids = [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")]
    assert sorted(tzids) == ["America/Chicago", "Europe/London"]
    used = {
        str(event[name].params["TZID"])
        for event in cal.walk("VEVENT")
        for name in ("DTSTART", "DTEND")
        if "TZID" in event[name].params
    }
    assert used == set(tzids)


def test_no_vtimezone_for_a_zone_no_window_uses() -> None:
    # PACS releases in London but opens no downtime window: London is not used.
    quiet = PACS.model_copy(update={"downtime": None})
    scenario = SCENARIO.model_copy(
        update={"trains": (RIS, quiet), "changes": CHANGES[:3], "blackouts": (FREEZE,)}
    )
    cal = parse(to_ical(plan_of(scenario)))
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["America/Chicago"]


def test_vtimezones_cover_the_horizon_only() -> None:
    plan = plan_of()
    cal = parse(to_ical(plan))
    first = min(instant(w.start) for w in open_windows(plan)).replace(tzinfo=None)
    for tzid, spring in (
        ("America/Chicago", date(2027, 3, 14)),
        ("Europe/London", date(2027, 3, 28)),
    ):
        onsets = observance_starts(cal, tzid)
        assert first - timedelta(days=3) <= onsets[0] <= first, (tzid, onsets[0])
        assert all(o >= datetime(2026, 1, 1) for o in onsets), tzid
        assert all(o <= datetime.combine(END, time()) + timedelta(days=7) for o in onsets), tzid
        # The spring transition inside the horizon is there, and no autumn one after it.
        assert any(o.date() == spring for o in onsets), (tzid, onsets)
        assert len(onsets) == 2, (tzid, onsets)


def test_series_refuses_an_end_that_is_not_after_the_start() -> None:
    with pytest.raises(InputError) as caught:
        series_to_ical(SERIES, END, START, now=NOW)
    assert caught.value.model == "series_to_ical()"
    assert [e.path for e in caught.value.errors] == ["end"]
    assert caught.value.errors[0].message.startswith(
        "end 2026-12-01T00:00:00-06:00 is not after start 2027-07-01T00:00:00-05:00;"
    )


def test_series_vtimezones_start_at_the_first_event_not_1970() -> None:
    cal = parse(series_to_ical(SERIES, START, END, now=NOW))
    first = min(instant(e.decoded("DTSTART")) for e in cal.walk("VEVENT")).replace(tzinfo=None)
    for tzid in ("America/Chicago", "America/New_York"):
        onsets = observance_starts(cal, tzid)
        assert first - timedelta(days=3) <= onsets[0] <= first
        assert onsets[-1] < datetime(2038, 1, 1)


# -- one event per open window ----------------------------------------------------------------


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_one_event_per_open_window_and_none_for_blocked_ones(audience: str) -> None:
    plan = plan_of()
    found = window_events(to_ical(plan, audience=audience))  # type: ignore[arg-type]
    expected = {window_uid(w.id, audience) for w in open_windows(plan)}
    assert set(found) == expected
    assert len(expected) == len(plan.windows) - len(BLOCKED)
    assert not {window_uid(w, audience) for w in BLOCKED} & set(found)


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_event_instants_are_the_windows(audience: str) -> None:
    plan = plan_of()
    found = window_events(to_ical(plan, audience=audience))  # type: ignore[arg-type]
    for window in open_windows(plan):
        event = found[window_uid(window.id, audience)]
        assert span(event) == (instant(window.start), instant(window.end)), window.id
        # Written in the window's own zone.
        assert str(event["DTSTART"].params["TZID"]) == window.timezone


def test_client_description_lists_titles_in_runbook_order_without_ids() -> None:
    plan = plan_of()
    found = window_events(to_ical(plan))
    text = str(found[window_uid("ris-2027-01-13")]["DESCRIPTION"])
    # CHG-3 (short notice, priority 1) runs first, then CHG-1.
    assert [c.change for c in plan.runbook("ris-2027-01-13").changes] == ["CHG-3", "CHG-1"]
    assert text.index("Firewall failover") < text.index("Schema migration")
    assert "Wednesday 13 January 2027" in text
    assert "10:00" in text
    assert "10:15" in text
    assert "15 min" in text
    assert "RIS" in text
    for uid, event in found.items():
        body = str(event["DESCRIPTION"]) + str(event["SUMMARY"])
        assert "CHG-" not in body, uid
        assert "+0:" not in body, uid
        assert "Stop the workers" not in body, uid  # steps are for staff
        assert "Conflict" not in body, uid
        assert "LEAD_TIME" not in body, uid
        assert str(event["CLASS"]) == "PUBLIC"


def test_internal_description_has_ids_offsets_steps_and_conflicts() -> None:
    plan = plan_of()
    found = window_events(to_ical(plan, audience="internal"))
    event = found[window_uid("ris-2027-01-13", "internal")]
    text = str(event["DESCRIPTION"])
    assert "CHG-3" in str(event["SUMMARY"])
    assert "CHG-1" in str(event["SUMMARY"])
    lines = text.splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("+0:00 CHG-3"))
    second = next(i for i, line in enumerate(lines) if line.startswith("+0:05 CHG-1"))
    assert first < second
    assert "Firewall failover" in lines[first]
    assert "short notice" in lines[first]
    assert "Schema migration" in lines[second]
    # Each change's slot, then its steps with a box each, on the window's clock.
    assert lines[second + 1].strip().startswith("Wed 10:05\N{EN DASH}10:13 CST, 8 min")
    assert lines[second + 2].strip() == "1. [ ] Wed 10:05 CST  step  Stop the workers"
    assert lines[second + 3].strip() == "2. [ ] Wed 10:05 CST  step  Run migrate.sql"
    # The window's conflict: the short-notice change rides before its lead-time date.
    assert "LEAD_TIME" in text
    assert "CHG-3" in text.split("LEAD_TIME", 1)[1]
    # Other windows carry no conflict of this one.
    feb = str(found[window_uid("ris-2027-02-10", "internal")]["DESCRIPTION"])
    assert "+0:00 CHG-2" in feb
    assert "LEAD_TIME" not in feb
    assert str(event["CLASS"]) == "PRIVATE"


def test_internal_feed_has_the_blackouts_and_the_client_feed_does_not() -> None:
    plan = plan_of()
    internal = events(to_ical(plan, audience="internal"))
    blackouts = {u: e for u, e in internal.items() if "Blackout" in categories(e)}
    assert len(blackouts) == 2
    (freeze,) = [e for u, e in blackouts.items() if u.startswith("year-end.")]
    (outage,) = [e for u, e in blackouts.items() if u.startswith("dc-move.")]
    # Whole local days are all-day events (VALUE=DATE), end exclusive.
    assert freeze["DTSTART"].params.get("VALUE") == "DATE"
    assert freeze.decoded("DTSTART") == date(2026, 12, 7)
    assert freeze.decoded("DTEND") == date(2027, 1, 4)
    assert "Year-end freeze" in str(freeze["SUMMARY"])
    # A timed blackout keeps its instants.
    assert span(outage) == (
        datetime(2027, 4, 13, 19, 0, tzinfo=UTC),
        datetime(2027, 4, 14, 0, 0, tzinfo=UTC),
    )
    assert "PACS" in str(outage["DESCRIPTION"])
    client = events(to_ical(plan))
    assert not [u for u, e in client.items() if "Blackout" in categories(e)]
    assert all("blackout" not in u for u in client)


# -- alarms -----------------------------------------------------------------------------------


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_alarms_at_the_policy_notice_offsets(audience: str) -> None:
    """Every client window rings at the client offsets; an internal window rings at the
    internal offsets only when it has internal notices (here the one with the short-notice
    CHG-3), and the others not at all."""
    plan = plan_of()
    policy = plan.scenario.policy
    notices = policy.client_notices if audience == "client" else policy.internal_notices
    rung = {n.window for n in plan.notices if n.audience == "internal"}
    assert rung == {"ris-2027-01-13"}
    for uid, event in window_events(to_ical(plan, audience=audience)).items():  # type: ignore[arg-type]
        alarms = event.walk("VALARM")
        expected = notices if audience == "client" or uid.split(".")[0] in rung else ()
        assert [a.decoded("TRIGGER") for a in alarms] == [-n for n in expected], uid
        assert all(str(a["ACTION"]) == "DISPLAY" and "DESCRIPTION" in a for a in alarms)
        assert all(a["TRIGGER"].params.get("RELATED", "START") == "START" for a in alarms)


def test_client_alarms_by_default_are_two_weeks_one_day_and_at_the_start() -> None:
    event = next(iter(window_events(to_ical(plan_of())).values()))
    triggers = [a.decoded("TRIGGER") for a in event.walk("VALARM")]
    assert triggers == [timedelta(days=-14), timedelta(days=-1), timedelta(0)]


def test_alarms_follow_a_custom_policy() -> None:
    policy = Policy(client_notices=("P7D", "PT1H"), internal_notices=("P3D",))
    plan = plan_of(SCENARIO.model_copy(update={"policy": policy}))
    client = next(iter(window_events(to_ical(plan)).values()))
    assert [a.decoded("TRIGGER") for a in client.walk("VALARM")] == [
        timedelta(days=-7),
        timedelta(hours=-1),
    ]
    internal = window_events(to_ical(plan, audience="internal"))
    short = internal[window_uid("ris-2027-01-13", "internal")]  # carries the short-notice CHG-3
    assert [a.decoded("TRIGGER") for a in short.walk("VALARM")] == [timedelta(days=-3)]


# -- identity and determinism -----------------------------------------------------------------


def test_uids_are_stable_across_horizons_and_clocks() -> None:
    one = window_events(to_ical(plan_of()))
    later = datetime(2027, 1, 20, 8, 0, tzinfo=CHICAGO)
    other = window_events(
        to_ical(plan_of(start=date(2027, 2, 1), end=date(2027, 12, 1), now=later))
    )
    shared = set(one) & set(other)
    # Feb .. Jun 2027: both RIS and PACS, less the blocked pacs-2027-04-13.
    assert len(shared) == 9
    assert window_uid("ris-2027-03-10") in shared
    for uid in shared:
        assert span(one[uid]) == span(other[uid])
    assert all(
        re.fullmatch(r"[a-z]+-\d{4}-\d\d-\d\d\.client@teleradiology\.maintwin", u) for u in one
    )


def test_client_and_internal_uids_differ() -> None:
    plan = plan_of()
    client = set(window_events(to_ical(plan)))
    internal = set(window_events(to_ical(plan, audience="internal")))
    assert not client & internal


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_dtstamp_is_the_plans_now_in_utc(audience: str) -> None:
    data = to_ical(plan_of(), audience=audience)  # type: ignore[arg-type]
    for uid, event in events(data).items():
        assert event.decoded("DTSTAMP") == datetime(2026, 11, 22, 15, 0, tzinfo=UTC), uid
        assert event["DTSTAMP"].to_ical() == b"20261122T150000Z"
    assert b"DTSTAMP:20261122T150000Z\r\n" in series_to_ical(SERIES, START, END, now=NOW)


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_same_plan_gives_the_same_bytes(audience: str) -> None:
    first = to_ical(plan_of(), audience=audience)  # type: ignore[arg-type]
    assert to_ical(plan_of(), audience=audience) == first  # type: ignore[arg-type]
    assert series_to_ical(SERIES, START, END, now=NOW) == series_to_ical(
        SERIES, START, END, now=NOW
    )


def _reordered(scenario: Scenario) -> Scenario:
    fields = ("trains", "changes", "blackouts", "one_off_windows", "people", "staffing")
    update = {name: tuple(reversed(getattr(scenario, name))) for name in fields}
    update["holidays"] = tuple(reversed(scenario.holidays))
    return scenario.model_copy(update=update)


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_shuffled_scenario_gives_the_same_bytes(audience: str) -> None:
    shuffled = _reordered(SCENARIO)
    assert shuffled.trains != SCENARIO.trains
    assert shuffled.changes != SCENARIO.changes
    assert to_ical(plan_of(shuffled), audience=audience) == to_ical(  # type: ignore[arg-type]
        plan_of(),
        audience=audience,  # type: ignore[arg-type]
    )
    assert series_to_ical(_reordered(SERIES), START, END, now=NOW) == series_to_ical(
        SERIES, START, END, now=NOW
    )


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_shuffled_example_scenario_gives_the_same_bytes(example: Scenario, audience: str) -> None:
    end = date(2027, 12, 1)
    one = to_ical(plan_of(example, end=end), audience=audience)  # type: ignore[arg-type]
    two = to_ical(plan_of(_reordered(example), end=end), audience=audience)  # type: ignore[arg-type]
    assert one == two


def test_bad_audience_names_the_accepted_values() -> None:
    with pytest.raises(MaintwinError) as info:
        to_ical(plan_of(), audience="staff")  # type: ignore[arg-type]
    message = str(info.value)
    assert "'staff'" in message
    assert "'client'" in message
    assert "'internal'" in message


# -- publishing over a previous feed ----------------------------------------------------------


def sequences(data: bytes) -> dict[str, int]:
    return {u: int(e.get("SEQUENCE", 0)) for u, e in events(data).items()}


@pytest.mark.parametrize("audience", ["client", "internal"])
def test_previous_unchanged_gives_the_same_bytes_and_sequence_zero(audience: str) -> None:
    plan = plan_of()
    first = to_ical(plan, audience=audience)  # type: ignore[arg-type]
    again = to_ical(plan, audience=audience, previous=first)  # type: ignore[arg-type]
    assert again == first
    assert set(sequences(again).values()) == {0}
    assert to_ical(plan, audience=audience, previous=first.decode()) == first  # type: ignore[arg-type]


def test_previous_a_change_added_raises_sequence_of_its_window_only() -> None:
    first = to_ical(plan_of())
    extra = Change(
        id="CHG-5",
        title="Kernel patch",
        subsystem="RIS",
        duration="PT3M",
        requested_on=date(2026, 6, 1),
        earliest=date(2027, 3, 1),
        deadline=date(2027, 3, 31),
    )
    plan = plan_of(SCENARIO.model_copy(update={"changes": (*CHANGES, extra)}))
    assert plan.assignment("CHG-5").window == "ris-2027-03-10"  # type: ignore[union-attr]
    again = to_ical(plan, previous=first)
    raised = {u for u, s in sequences(again).items() if s}
    assert raised == {window_uid("ris-2027-03-10")}
    assert sequences(again)[window_uid("ris-2027-03-10")] == 1
    assert "Kernel patch" in str(events(again)[window_uid("ris-2027-03-10")]["DESCRIPTION"])


def test_previous_a_change_moved_raises_sequence_of_both_windows() -> None:
    first = to_ical(plan_of(), audience="internal")
    moved = tuple(
        c.model_copy(update={"pin": "ris-2027-04-14"}) if c.id == "CHG-2" else c for c in CHANGES
    )
    plan = plan_of(SCENARIO.model_copy(update={"changes": moved}))
    assert plan.assignment("CHG-2").window == "ris-2027-04-14"  # type: ignore[union-attr]
    again = to_ical(plan, audience="internal", previous=first)
    raised = {u for u, s in sequences(again).items() if s}
    assert raised == {
        window_uid("ris-2027-02-10", "internal"),
        window_uid("ris-2027-04-14", "internal"),
    }
    # And once more from that feed: nothing changed, nothing is raised again.
    assert to_ical(plan, audience="internal", previous=again) == again


def test_previous_a_window_that_became_blocked_is_cancelled_once() -> None:
    plan = plan_of()
    first = to_ical(plan)
    ice = Blackout(id="ice-storm", reason="other", start=date(2027, 3, 10))
    stormy = plan_of(SCENARIO.model_copy(update={"blackouts": (FREEZE, OUTAGE, ice)}))
    assert stormy.window("ris-2027-03-10").blocked
    second = to_ical(stormy, previous=first)
    found = events(second)
    gone = found[window_uid("ris-2027-03-10")]
    assert str(gone["STATUS"]) == "CANCELLED"
    assert int(gone["SEQUENCE"]) == 1
    assert str(gone["SUMMARY"]).startswith("Cancelled: ")
    assert not gone.walk("VALARM"), "a cancelled window must not ring"
    assert span(gone) == span(events(first)[window_uid("ris-2027-03-10")])
    # Every other event is unchanged.
    assert {u for u, s in sequences(second).items() if s} == {window_uid("ris-2027-03-10")}
    assert all(
        str(e["STATUS"]) == "CONFIRMED"
        for u, e in found.items()
        if u != window_uid("ris-2027-03-10")
    )
    # A third export over the second keeps it cancelled without raising SEQUENCE again.
    third = to_ical(stormy, previous=second)
    kept = events(third)[window_uid("ris-2027-03-10")]
    assert str(kept["STATUS"]) == "CANCELLED"
    assert int(kept["SEQUENCE"]) == 1
    assert str(kept["SUMMARY"]).count("Cancelled:") == 1
    assert third == second
    # And when the blackout is lifted, the window is back, newer than the cancellation.
    back = events(to_ical(plan, previous=third))[window_uid("ris-2027-03-10")]
    assert str(back["STATUS"]) == "CONFIRMED"
    assert int(back["SEQUENCE"]) == 2


def test_previous_events_after_the_new_horizon_are_carried_unchanged() -> None:
    first = to_ical(plan_of())
    shorter = to_ical(plan_of(end=date(2027, 3, 1)), previous=first)
    old, new = events(first), events(shorter)
    assert set(new) == set(old)
    for uid in (window_uid("ris-2027-04-14"), window_uid("pacs-2027-06-08")):
        assert str(new[uid]["STATUS"]) == "CONFIRMED"
        assert int(new[uid]["SEQUENCE"]) == 0
        assert str(new[uid]["DESCRIPTION"]) == str(old[uid]["DESCRIPTION"])
        assert span(new[uid]) == span(old[uid])


def test_previous_events_before_the_new_horizon_are_carried_within_history() -> None:
    first = to_ical(plan_of())
    later = datetime(2027, 4, 1, 9, 0, tzinfo=CHICAGO)
    # From 2027-04-20, history 90 days reaches back to 2027-01-20: the January windows are
    # dropped, February and March are carried unchanged.
    moved = to_ical(
        plan_of(start=date(2027, 4, 20), end=date(2027, 9, 1), now=later), previous=first
    )
    found = events(moved)
    assert window_uid("ris-2027-01-13") not in found
    assert window_uid("pacs-2027-01-12") not in found
    for uid in (window_uid("ris-2027-02-10"), window_uid("pacs-2027-03-09")):
        assert uid in found
        assert str(found[uid]["STATUS"]) == "CONFIRMED"
        assert str(found[uid]["DESCRIPTION"]) == str(events(first)[uid]["DESCRIPTION"])
    # A shorter history (back to 2027-03-06) drops February too.
    short = events(
        to_ical(
            plan_of(start=date(2027, 4, 20), end=date(2027, 9, 1), now=later),
            previous=first,
            history=timedelta(days=45),
        )
    )
    assert window_uid("ris-2027-02-10") not in short
    assert window_uid("ris-2027-03-10") in short


def test_previous_a_whole_day_blackout_removed_on_the_first_day_is_cancelled() -> None:
    """An all-day event of the previous feed on the horizon's first day starts inside it.

    In a zone west of UTC the event's date, counted from midnight UTC, falls before the
    horizon's start (local midnight): the removed blackout is then carried on as history,
    never cancelled.
    """
    storm = Blackout(id="storm", reason="other", start=date(2027, 1, 13))
    scenario = SCENARIO.model_copy(update={"blackouts": (storm,)})
    start = date(2027, 1, 13)
    first = to_ical(plan_of(scenario, start=start), audience="internal")
    uid = next(u for u in events(first) if u.startswith("storm."))
    cleared = scenario.model_copy(update={"blackouts": ()})
    again = events(to_ical(plan_of(cleared, start=start), audience="internal", previous=first))
    assert str(again[uid].get("STATUS")) == "CANCELLED"
    assert int(again[uid]["SEQUENCE"]) == 1


def test_previous_a_whole_day_blackout_on_the_new_end_day_is_carried_not_cancelled() -> None:
    """A blackout on the day the shorter horizon ends still exists: it is after the horizon
    and must be carried unchanged, not published as cancelled."""
    holiday = Blackout(id="holiday", reason="holiday", start=date(2027, 3, 1))
    scenario = SCENARIO.model_copy(update={"blackouts": (holiday,)})
    first = to_ical(plan_of(scenario), audience="internal")
    uid = next(u for u in events(first) if u.startswith("holiday."))
    again = events(
        to_ical(plan_of(scenario, end=date(2027, 3, 1)), audience="internal", previous=first)
    )
    assert str(again[uid].get("STATUS", "")) != "CANCELLED"
    assert int(again[uid]["SEQUENCE"]) == 0


def test_previous_feed_of_the_other_audience_is_refused() -> None:
    plan = plan_of()
    internal = to_ical(plan, audience="internal")
    with pytest.raises(CalendarError, match="internal"):
        to_ical(plan, previous=internal)
    with pytest.raises(CalendarError):
        to_ical(plan, audience="internal", previous=to_ical(plan))


def test_previous_works_for_a_scenario_name_with_a_comma() -> None:
    """X-WR-CALNAME is written escaped (``Acme\\, Inc.``); the previous feed must still be
    recognised as the same feed."""
    scenario = SCENARIO.model_copy(update={"name": "Acme, Inc."})
    plan = plan_of(scenario)
    first = to_ical(plan)
    assert to_ical(plan, previous=first) == first


def test_previous_that_is_not_a_calendar_raises_calendar_error() -> None:
    with pytest.raises(CalendarError):
        to_ical(plan_of(), previous=b"this is not a calendar")


# -- daylight saving time ---------------------------------------------------------------------

SPRING = ReleaseTrain(
    id="spring",
    subsystem="RIS",
    schedule=Schedule(rrule="FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", at="02:30"),
    downtime="PT15M",
)
# 01:30 on the first Sunday of November, for 45 minutes: it ends in the repeated hour.
AUTUMN = ReleaseTrain(
    id="autumn",
    subsystem="RIS",
    schedule=Schedule(rrule="FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", at="01:30"),
    downtime="PT45M",
)
YEAR = (date(2027, 1, 1), date(2028, 1, 1))


def dst_scenario(*trains: ReleaseTrain, windows: tuple[OneOffWindow, ...] = ()) -> Scenario:
    return Scenario(name="dst", timezone="America/Chicago", trains=trains, windows=windows)


def test_dst_shifted_window_is_written_at_its_instant_and_says_it_starts_later() -> None:
    plan = plan_of(dst_scenario(SPRING), *YEAR)
    (window,) = plan.windows
    assert window.shifted
    assert instant(window.start) == datetime(2027, 3, 14, 8, 30, tzinfo=UTC)  # 03:30 CDT
    (event,) = events(to_ical(plan)).values()
    assert span(event) == (instant(window.start), instant(window.end))
    assert "later" in str(event["DESCRIPTION"])
    assert "03:30" in str(event["DESCRIPTION"])
    lo, hi = bounds(plan.scenario, *YEAR)
    assert expanded(to_ical(plan), lo, hi) == windows_counter(plan.windows)


def test_window_ending_in_the_repeated_hour_keeps_its_instants() -> None:
    plan = plan_of(dst_scenario(AUTUMN), *YEAR)
    (window,) = plan.windows
    assert instant(window.start) == datetime(2027, 11, 7, 6, 30, tzinfo=UTC)  # 01:30 CDT
    assert instant(window.end) == datetime(2027, 11, 7, 7, 15, tzinfo=UTC)  # 01:15 CST
    (event,) = events(to_ical(plan)).values()
    assert span(event) == (instant(window.start), instant(window.end))


def test_window_ending_in_the_repeated_hour_is_expanded_at_its_instants() -> None:
    """A calendar (recurring-ical-events) must see the window end at 07:15 UTC.

    DTSTART is written with a TZID and DTEND in UTC; recurring-ical-events turns that into a
    duration and adds it on the local wall clock, and sees the window end an hour late.
    Written with both ends in UTC, the window would be read right by every reader.
    """
    plan = plan_of(dst_scenario(AUTUMN), *YEAR)
    lo, hi = bounds(plan.scenario, *YEAR)
    assert expanded(to_ical(plan), lo, hi) == windows_counter(plan.windows)


def test_window_across_fall_back_says_both_offsets() -> None:
    """ "from 01:30 to 01:15 CST" reads as a window that ends before it begins, at 01:30 CST
    (an hour late); the start's own offset (CDT) must be named."""
    plan = plan_of(dst_scenario(AUTUMN), *YEAR)
    (event,) = events(to_ical(plan)).values()
    text = str(event["DESCRIPTION"])
    assert "01:30 CDT" in text, text.splitlines()[0]


def test_one_off_in_the_repeated_hour_is_written_in_utc() -> None:
    second = datetime(2027, 11, 7, 1, 10, fold=1, tzinfo=CHICAGO)  # 01:10 CST, 07:10 UTC
    one_off = OneOffWindow(id="vendor", subsystem="RIS", start=second, duration="PT30M")
    plan = plan_of(dst_scenario(windows=(one_off,)), *YEAR)
    (event,) = events(to_ical(plan)).values()
    assert span(event) == (
        datetime(2027, 11, 7, 7, 10, tzinfo=UTC),
        datetime(2027, 11, 7, 7, 40, tzinfo=UTC),
    )
    # A TZID local time 01:10 would be read as the first 01:10 (CDT): it must not be used.
    assert "TZID" not in event["DTSTART"].params
    assert event["DTSTART"].to_ical() == b"20271107T071000Z"
    lo, hi = bounds(plan.scenario, *YEAR)
    assert expanded(to_ical(plan), lo, hi) == windows_counter(plan.windows)


# -- the standing series ----------------------------------------------------------------------


def series_event(scenario: Scenario, train: str, start: date, end: date) -> Event:
    """The train's recurring event (not the overrides of its occurrences)."""
    data = series_to_ical(scenario, start, end, now=NOW)
    wanted = f"{train}.series@{scenario.name.lower()}.maintwin"
    [master] = [
        e for e in parse(data).walk("VEVENT") if e["UID"] == wanted and "RECURRENCE-ID" not in e
    ]
    return master


def assert_series_expands_to_windows(scenario: Scenario, start: date, end: date) -> None:
    data = series_to_ical(scenario, start, end, now=NOW)
    lo, hi = bounds(scenario, start, end)
    assert expanded(data, lo, hi) == windows_counter(scenario.windows(start, end))


def one_train(schedule: Schedule, **update: object) -> Scenario:
    """A scenario in Chicago with one RIS train of 15-minute windows on ``schedule``."""
    train = ReleaseTrain(id="t", subsystem="RIS", schedule=schedule, downtime="PT15M")
    return Scenario(name="s", timezone="America/Chicago", trains=(train,), **update)  # type: ignore[arg-type]


def test_series_monthly_train_is_one_rrule_with_exdates_for_blocked_windows() -> None:
    data = series_to_ical(SERIES, START, END, now=NOW)
    found = events(data)
    assert set(found) == {"ris.series@teleradiology.maintwin", "pacs.series@teleradiology.maintwin"}
    ris = found["ris.series@teleradiology.maintwin"]
    assert ris["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=2WE"
    assert ris.decoded("DTSTART") == datetime(2026, 12, 9, 10, 0, tzinfo=CHICAGO)
    assert ris.decoded("DURATION") == timedelta(minutes=15)
    assert times(ris, "EXDATE") == [datetime(2026, 12, 9, 10, 0, tzinfo=CHICAGO)]
    pacs = found["pacs.series@teleradiology.maintwin"]
    assert pacs["RRULE"].to_ical() == b"FREQ=MONTHLY;BYDAY=2TU"
    assert str(pacs["DTSTART"].params["TZID"]) == "America/New_York"
    assert times(pacs, "EXDATE") == [
        datetime(2026, 12, 8, 22, 0, tzinfo=NEW_YORK),
        datetime(2027, 4, 13, 22, 0, tzinfo=NEW_YORK),
    ]
    assert_series_expands_to_windows(SERIES, START, END)
    # Beyond the horizon the pattern runs on.
    lo, _ = bounds(SERIES, START, END)
    later = expanded(data, lo, datetime(2028, 1, 1, tzinfo=UTC))
    assert (
        datetime(2027, 12, 8, 16, 0, tzinfo=UTC),
        datetime(2027, 12, 8, 16, 15, tzinfo=UTC),
    ) in later


def test_series_offset_days_become_weekday_and_month_days() -> None:
    scenario = one_train(Schedule.nth_weekday(2, "TU", at="22:00", offset_days=2))
    event = series_event(scenario, "t", date(2027, 1, 1), date(2027, 7, 1))
    rule = event["RRULE"]
    assert rule["FREQ"] == ["MONTHLY"]
    assert rule["BYDAY"] == ["TH"]
    assert rule["BYMONTHDAY"] == list(range(10, 17))
    assert "RDATE" not in event
    assert_series_expands_to_windows(scenario, date(2027, 1, 1), date(2027, 7, 1))


def test_series_offset_across_the_month_end_falls_back_to_rdates() -> None:
    scenario = one_train(Schedule.last_weekday("FR", at="22:00", offset_days=3))
    start, end = date(2027, 1, 1), date(2027, 7, 1)
    event = series_event(scenario, "t", start, end)
    assert "RRULE" not in event
    nominal = times(event, "RDATE")  # DTSTART among them: ical.js needs it there
    assert nominal[0] == event.decoded("DTSTART")
    windows = scenario.windows(start, end)
    assert [instant(t) for t in nominal] == [instant(w.start) for w in windows]
    assert len(windows) == 6
    assert_series_expands_to_windows(scenario, start, end)


def test_series_interval_counts_from_starts_on() -> None:
    schedule = Schedule(
        rrule="FREQ=WEEKLY;INTERVAL=2;BYDAY=TU", at="22:00", starts_on=date(2026, 12, 1)
    )
    scenario = one_train(schedule)
    start, end = date(2027, 1, 1), date(2027, 4, 1)
    event = series_event(scenario, "t", start, end)
    assert event["RRULE"]["INTERVAL"] == [2]
    assert event.decoded("DTSTART") == datetime(2026, 12, 1, 22, 0, tzinfo=CHICAGO)
    assert_series_expands_to_windows(scenario, start, end)


def test_series_count_with_starts_on() -> None:
    schedule = Schedule(
        rrule="FREQ=MONTHLY;COUNT=3;BYDAY=1MO", at="22:00", starts_on=date(2027, 1, 1)
    )
    scenario = one_train(schedule)
    start, end = date(2027, 1, 1), date(2027, 12, 1)
    event = series_event(scenario, "t", start, end)
    assert event["RRULE"]["COUNT"] == [3]
    assert event.decoded("DTSTART") == datetime(2027, 1, 4, 22, 0, tzinfo=CHICAGO)
    data = series_to_ical(scenario, start, end, now=NOW)
    assert sum(expanded(data, *bounds(scenario, start, date(2030, 1, 1))).values()) == 3
    assert_series_expands_to_windows(scenario, start, end)


def test_series_ends_on_gives_until() -> None:
    scenario = one_train(Schedule.nth_weekday(1, "MO", at="22:00", ends_on=date(2027, 4, 30)))
    start, end = date(2027, 1, 1), date(2027, 12, 1)
    event = series_event(scenario, "t", start, end)
    (until,) = event["RRULE"]["UNTIL"]
    # The end of 2027-04-30 in Chicago (CDT), in UTC as RFC 5545 asks with a TZID DTSTART.
    assert until == datetime(2027, 5, 1, 4, 59, 59, tzinfo=UTC)
    data = series_to_ical(scenario, start, end, now=NOW)
    found = expanded(data, *bounds(scenario, start, date(2029, 1, 1)))
    assert max(s for s, _ in found) == datetime(2027, 4, 6, 3, 0, tzinfo=UTC)  # 5 Apr 22:00 CDT
    assert_series_expands_to_windows(scenario, start, end)


def test_series_exclude_dates_are_exdates() -> None:
    schedule = Schedule.nth_weekday(1, "MO", at="22:00", exclude=(date(2027, 2, 1),))
    scenario = one_train(schedule)
    start, end = date(2027, 1, 1), date(2027, 6, 1)
    event = series_event(scenario, "t", start, end)
    assert datetime(2027, 2, 1, 22, 0, tzinfo=CHICAGO) in times(event, "EXDATE")
    assert_series_expands_to_windows(scenario, start, end)


def test_series_one_off_windows_are_single_events() -> None:
    open_one = OneOffWindow(
        id="vendor", subsystem="RIS", start=datetime(2027, 2, 20, 23, 0), duration="PT1H"
    )
    blocked_one = OneOffWindow(
        id="vendor-2", subsystem="RIS", start=datetime(2027, 3, 20, 23, 0), duration="PT1H"
    )
    rain = Blackout(id="rain", reason="other", start=date(2027, 3, 20))
    scenario = one_train(
        Schedule.nth_weekday(1, "MO", at="22:00"),
        windows=(open_one, blocked_one),
        blackouts=(rain,),
    )
    start, end = date(2027, 1, 1), date(2027, 6, 1)
    found = events(series_to_ical(scenario, start, end, now=NOW))
    assert "vendor-2.series@s.maintwin" not in found
    single = found["vendor.series@s.maintwin"]
    assert "RRULE" not in single
    assert "RDATE" not in single
    assert span(single) == (
        datetime(2027, 2, 21, 5, 0, tzinfo=UTC),
        datetime(2027, 2, 21, 6, 0, tzinfo=UTC),
    )
    assert_series_expands_to_windows(scenario, start, end)


def test_series_dst_shifted_and_blocked_occurrences() -> None:
    # 2nd Sunday of each month at 02:30: on 2027-03-14 it does not exist (03:30 CDT).
    schedule = Schedule.nth_weekday(2, "SU", at="02:30")
    scenario = one_train(schedule)
    start, end = date(2027, 1, 1), date(2027, 7, 1)
    assert_series_expands_to_windows(scenario, start, end)
    # Blocking the shifted occurrence gives an EXDATE that removes it.
    blocked = one_train(
        schedule, blackouts=(Blackout(id="b", reason="other", start=date(2027, 3, 14)),)
    )
    assert_series_expands_to_windows(blocked, start, end)
    event = series_event(blocked, "t", start, end)
    assert len(times(event, "EXDATE")) == 1


def test_series_across_fall_back_is_expanded_at_its_instants() -> None:
    """The DURATION of a recurring window is exact time (RFC 5545, 3.3.6): 01:30 CDT plus 45
    minutes is 01:15 CST, and vobject reads it so. recurring-ical-events 3.8 adds a DURATION
    on the wall clock instead and ends that occurrence an hour late (docs/ical.md records it):
    its starts are right, its end of that one occurrence is not."""
    scenario = dst_scenario(AUTUMN)
    data = series_to_ical(scenario, *YEAR, now=NOW)
    lo, hi = bounds(scenario, *YEAR)
    wanted = windows_counter(scenario.windows(*YEAR))
    seen = vobject_occurrences(data, lo, hi)
    assert Counter((begin, end) for _, begin, end in seen.elements()) == wanted
    starts = Counter(begin for begin, _ in expanded(data, lo, hi).elements())
    assert starts == Counter(begin for begin, _ in wanted.elements())


def test_series_in_london_is_read_by_vobject_at_the_same_instants() -> None:
    """A recurring window in Europe/London (UTC+0 in winter, BST in summer) expands to its
    instants, and vobject, reading the feed with its own VTIMEZONE, agrees all year."""
    scenario = Scenario(name="london", timezone="Europe/London", trains=(PACS,))
    data = series_to_ical(scenario, START, END, now=NOW)
    assert_series_expands_to_windows(scenario, START, END)
    assert_vobject_agrees(data)


def test_series_count_and_ends_on_never_give_both_count_and_until() -> None:
    """RFC 5545 (3.3.10): UNTIL and COUNT MUST NOT occur in the same RRULE; dateutil warns
    (and will refuse) when it reads one, so recurring-ical-events and vobject fail on it."""
    schedule = Schedule(
        rrule="FREQ=WEEKLY;COUNT=3;BYDAY=MO",
        at="22:00",
        starts_on=date(2027, 1, 1),
        ends_on=date(2027, 6, 30),
    )
    scenario = one_train(schedule)
    start, end = date(2027, 1, 1), date(2027, 7, 1)
    rule = series_event(scenario, "t", start, end).get("RRULE")
    if rule is not None:
        assert not ("COUNT" in rule and "UNTIL" in rule), rule.to_ical()
    assert_series_expands_to_windows(scenario, start, end)


@pytest.mark.parametrize("audience", ["client", "internal"])
@pytest.mark.parametrize("case", ["example", "autumn"])
def test_a_plan_read_back_from_json_gives_the_same_feed(
    example: Scenario, case: str, audience: str
) -> None:
    """A plan saved as JSON carries fixed UTC offsets instead of zones (and a window in the
    repeated hour no longer compares equal to itself); its feed is still the same bytes."""
    if case == "example":
        plan = maintwin.plan(example, date(2026, 12, 1), date(2027, 12, 1), now=NOW)
    else:
        plan = plan_of(dst_scenario(AUTUMN), *YEAR)
    again = Plan.model_validate_json(plan.model_dump_json())
    assert to_ical(again, audience=audience) == to_ical(plan, audience=audience)  # type: ignore[arg-type]


def test_series_keeps_its_rrule_when_an_occurrence_follows_the_horizon_closely() -> None:
    """A weekly Wednesday train over a horizon ending on a Tuesday: the next occurrence, one
    day after the end, must not push the rule into the RDATE form (which stops at the end)."""
    scenario = one_train(Schedule.weekly("WE", at="10:00"))
    start, end = date(2027, 1, 1), date(2027, 2, 2)
    event = series_event(scenario, "t", start, end)
    assert event["RRULE"].to_ical() == b"FREQ=WEEKLY;BYDAY=WE"
    assert "RDATE" not in event
    assert_series_expands_to_windows(scenario, start, end)


def test_series_counting_back_before_starts_on_leaves_out_what_the_schedule_does() -> None:
    """COUNT=5 from Tuesday 5 January, moved a day back: the schedule drops Monday 4 January
    (before ``starts_on``) yet counts it, as dateutil does; the feed's first match is an EXDATE
    so that both give the same four windows."""
    schedule = Schedule(
        rrule="FREQ=WEEKLY;COUNT=5;BYDAY=TU", at="10:00", starts_on=date(2027, 1, 5), offset_days=-1
    )
    scenario = one_train(schedule)
    start, end = date(2027, 1, 1), date(2027, 3, 1)
    event = series_event(scenario, "t", start, end)
    assert event.decoded("DTSTART") == datetime(2027, 1, 4, 10, 0, tzinfo=CHICAGO)
    assert times(event, "EXDATE") == [datetime(2027, 1, 4, 10, 0, tzinfo=CHICAGO)]
    assert len(scenario.windows(start, end)) == 4
    assert_series_expands_to_windows(scenario, start, end)


def test_series_of_a_removed_train_is_cancelled_even_when_it_began_before_the_horizon() -> None:
    """A series runs on past its DTSTART, so a train removed from the scenario is published as
    cancelled, not carried over as past history (and not dropped, which some calendars would
    never notice)."""
    ris = one_train(Schedule.nth_weekday(2, "TU", at="10:00")).trains[0]
    pacs = ris.model_copy(update={"id": "pacs", "subsystem": "PACS"})
    both = Scenario(name="s", timezone="America/Chicago", trains=(ris, pacs))
    first = series_to_ical(both, date(2027, 1, 1), date(2027, 7, 1), now=NOW)
    later = date(2027, 6, 1)  # long after the removed series' DTSTART
    only = both.model_copy(update={"trains": (pacs,)})
    again = events(series_to_ical(only, later, date(2027, 12, 1), now=NOW, previous=first))
    assert str(again["t.series@s.maintwin"]["STATUS"]) == "CANCELLED"
    assert again["t.series@s.maintwin"]["SEQUENCE"] == 1
    assert str(again["pacs.series@s.maintwin"]["STATUS"]) == "CONFIRMED"
