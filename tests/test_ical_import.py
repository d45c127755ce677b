"""``blackouts_from_ical``: holidays, freezes and rotas read from small hand-written calendars.

Every calendar here is an inline .ics text, small enough to check by eye, and every test asserts
exact results: ids, titles, start and end values and their types, and counts. The round-trip
tests write a scenario's standing windows with ``series_to_ical`` and read them back.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter

from maintwin import (
    Blackout,
    BlackoutReason,
    CalendarError,
    ExpansionLimitError,
    InputError,
    MaintwinError,
    ReleaseTrain,
    Scenario,
    Schedule,
)
from maintwin._model.types import Id
from maintwin.ical import blackouts_from_ical, series_to_ical

BERLIN = ZoneInfo("Europe/Berlin")
AUCKLAND = ZoneInfo("Pacific/Auckland")
LOS_ANGELES = ZoneInfo("America/Los_Angeles")
TOKYO = ZoneInfo("Asia/Tokyo")
NOW = datetime(2027, 1, 1, tzinfo=UTC)
ID = TypeAdapter(Id)

Span = tuple[datetime, datetime]


# -- helpers ---------------------------------------------------------------------------------


def _vevent(uid: str | None, *properties: str) -> list[str]:
    """The lines of one VEVENT: ``uid`` (left out when ``None``), a DTSTAMP, ``properties``."""
    head = [f"UID:{uid}"] if uid is not None else []
    return ["BEGIN:VEVENT", *head, "DTSTAMP:20261201T000000Z", *properties, "END:VEVENT"]


def _ics(*events: list[str], head: Sequence[str] = (), newline: str = "\r\n") -> str:
    """A VCALENDAR holding ``events``, its lines ended by ``newline`` (CRLF, as RFC 5545 says)."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//maintwin tests//ical import//EN",
        *head,
        *(line for event in events for line in event),
        "END:VCALENDAR",
    ]
    return newline.join(lines) + newline


def _read(data: str | bytes, **overrides: Any) -> tuple[Blackout, ...]:
    """``blackouts_from_ical`` over 2027 in Berlin as holidays, unless ``overrides`` say else."""
    arguments: dict[str, Any] = {
        "reason": "holiday",
        "start": date(2027, 1, 1),
        "end": date(2028, 1, 1),
        "timezone": "Europe/Berlin",
    }
    arguments.update(overrides)
    return blackouts_from_ical(data, **arguments)


def _instant(value: date | datetime, zone_name: str | None) -> datetime:
    """A blackout bound as a UTC instant (a date is local midnight in the blackout's zone)."""
    if isinstance(value, datetime):
        return value.astimezone(UTC)
    assert zone_name is not None
    return datetime.combine(value, time(), ZoneInfo(zone_name)).astimezone(UTC)


def _spans(blackouts: Sequence[Blackout]) -> list[Span]:
    """Each blackout's ``[start, end)`` in UTC, in the order given."""
    out = []
    for blackout in blackouts:
        assert blackout.start is not None
        assert blackout.end is not None
        out.append(
            (
                _instant(blackout.start, blackout.timezone),
                _instant(blackout.end, blackout.timezone),
            )
        )
    return out


def _utc(*parts: int) -> datetime:
    """A UTC date-time from its fields."""
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


# -- single events ---------------------------------------------------------------------------


@pytest.mark.parametrize("newline", ["\r\n", "\n"], ids=["crlf", "lf"])
def test_timed_event_with_tzid(newline: str) -> None:
    """A DTSTART/DTEND with TZID is that wall-clock time there, with CRLF or bare LF lines."""
    data = _ics(
        _vevent(
            "vendor-upgrade-1",
            "SUMMARY:PACS vendor upgrade",
            "DTSTART;TZID=Europe/Berlin:20270310T100000",
            "DTEND;TZID=Europe/Berlin:20270310T123000",
        ),
        newline=newline,
    )
    (blackout,) = _read(data, reason="vendor")
    assert blackout.id == "ical-vendor-upgrade-1-2027-03-10T100000"
    assert blackout.title == "PACS vendor upgrade"
    assert blackout.reason is BlackoutReason.VENDOR
    assert blackout.scope is None
    assert blackout.timezone == "Europe/Berlin"
    assert blackout.schedule is None
    assert type(blackout.start) is datetime
    assert type(blackout.end) is datetime
    assert blackout.start == datetime(2027, 3, 10, 10, 0, tzinfo=BERLIN)
    assert blackout.end == datetime(2027, 3, 10, 12, 30, tzinfo=BERLIN)
    assert _spans([blackout]) == [(_utc(2027, 3, 10, 9, 0), _utc(2027, 3, 10, 11, 30))]


def test_timed_event_in_utc() -> None:
    """``...Z`` times are UTC instants; the id carries the start's local time in ``timezone``."""
    data = _ics(
        _vevent(
            "utc-1",
            "SUMMARY:Network change",
            "DTSTART:20270310T220000Z",
            "DTEND:20270311T010000Z",
        )
    )
    (blackout,) = _read(data)
    assert blackout.id == "ical-utc-1-2027-03-10T230000"
    assert blackout.title == "Network change"
    assert type(blackout.start) is datetime
    assert type(blackout.end) is datetime
    assert _spans([blackout]) == [(_utc(2027, 3, 10, 22, 0), _utc(2027, 3, 11, 1, 0))]
    assert blackout.start == datetime(2027, 3, 10, 23, 0, tzinfo=BERLIN)


def test_timed_event_with_duration() -> None:
    """DURATION instead of DTEND: the end is the start plus the duration."""
    data = _ics(
        _vevent(
            "duration-1",
            "SUMMARY:Storage firmware",
            "DTSTART;TZID=Europe/Berlin:20270310T200000",
            "DURATION:PT1H30M",
        )
    )
    (blackout,) = _read(data)
    assert blackout.id == "ical-duration-1-2027-03-10T200000"
    assert blackout.title == "Storage firmware"
    assert blackout.start == datetime(2027, 3, 10, 20, 0, tzinfo=BERLIN)
    assert blackout.end == datetime(2027, 3, 10, 21, 30, tzinfo=BERLIN)
    assert _spans([blackout]) == [(_utc(2027, 3, 10, 19, 0), _utc(2027, 3, 10, 20, 30))]


def test_utf8_bytes_are_read_as_utf8() -> None:
    """Bytes are UTF-8: an umlaut in a SUMMARY, folded across two lines, comes back whole."""
    data = _ics(
        _vevent(
            "bytes-1",
            "SUMMARY:Wartungsfenster für das ",
            " Büro",
            "DTSTART:20270310T100000Z",
            "DURATION:PT1H",
        )
    ).encode("utf-8")
    (blackout,) = _read(data)
    assert blackout.title == "Wartungsfenster für das Büro"


# -- all-day events --------------------------------------------------------------------------


def test_all_day_event_without_dtend_is_one_whole_day() -> None:
    """VALUE=DATE without DTEND: the single local day, as dates."""
    data = _ics(_vevent("waitangi", "SUMMARY:Waitangi Day", "DTSTART;VALUE=DATE:20270206"))
    (blackout,) = _read(data, timezone="Pacific/Auckland")
    assert blackout.id == "ical-waitangi-2027-02-06"
    assert blackout.title == "Waitangi Day"
    assert type(blackout.start) is date
    assert type(blackout.end) is date
    assert (blackout.start, blackout.end) == (date(2027, 2, 6), date(2027, 2, 7))
    assert blackout.timezone == "Pacific/Auckland"


def test_all_day_event_over_several_days() -> None:
    """VALUE=DATE with DTEND: the days from DTSTART up to DTEND, which is exclusive."""
    data = _ics(
        _vevent(
            "freeze",
            "SUMMARY:Year-end freeze",
            "DTSTART;VALUE=DATE:20271223",
            "DTEND;VALUE=DATE:20271228",
        )
    )
    (blackout,) = _read(data, reason="freeze", timezone="Pacific/Auckland")
    assert blackout.id == "ical-freeze-2027-12-23"
    assert type(blackout.start) is date
    assert type(blackout.end) is date
    assert (blackout.start, blackout.end) == (date(2027, 12, 23), date(2027, 12, 28))
    assert blackout.reason is BlackoutReason.FREEZE


def test_all_day_events_block_exactly_their_local_days_far_from_utc() -> None:
    """An all-day event in Auckland covers Auckland's midnight to midnight, not UTC's.

    Windows at 00:30 and 23:30 Auckland time each day: only those on the holiday (one day) and
    on the long weekend (two days) are blocked. Read as UTC days (13:00 to 13:00 in Auckland),
    the 00:30 window of each first day would be free and the 00:30 window of the day after
    blocked. The scenario is in UTC, so the blackouts must carry their own zone.
    """
    data = _ics(
        _vevent("holiday", "SUMMARY:Holiday", "DTSTART;VALUE=DATE:20270310"),
        _vevent(
            "long-weekend",
            "SUMMARY:Long weekend",
            "DTSTART;VALUE=DATE:20270313",
            "DTEND;VALUE=DATE:20270315",
        ),
    )
    blackouts = _read(
        data, start=date(2027, 3, 1), end=date(2027, 4, 1), timezone="Pacific/Auckland"
    )
    assert [b.id for b in blackouts] == ["ical-holiday-2027-03-10", "ical-long-weekend-2027-03-13"]
    assert _spans(blackouts) == [
        (_utc(2027, 3, 9, 11), _utc(2027, 3, 10, 11)),
        (_utc(2027, 3, 12, 11), _utc(2027, 3, 14, 11)),
    ]
    (period,) = blackouts[0].periods(date(2027, 3, 1), date(2027, 4, 1), timezone="UTC")
    assert period.start == datetime(2027, 3, 10, tzinfo=AUCKLAND)
    assert period.end == datetime(2027, 3, 11, tzinfo=AUCKLAND)

    trains = [
        ReleaseTrain(
            id=f"daily-{hour:02d}30",
            subsystem=f"S{hour}",
            schedule=Schedule(rrule="FREQ=DAILY", at=time(hour, 30), timezone="Pacific/Auckland"),
            downtime="PT15M",
        )
        for hour in (0, 23)
    ]
    scenario = Scenario(name="akl", timezone="UTC", trains=trains, blackouts=blackouts)
    windows = scenario.windows(
        datetime(2027, 3, 9, tzinfo=AUCKLAND), datetime(2027, 3, 16, tzinfo=AUCKLAND)
    )
    blocked = [
        (w.start.astimezone(AUCKLAND).replace(tzinfo=None), w.blocked_by)
        for w in windows
        if w.blocked
    ]
    assert blocked == [
        (datetime(2027, 3, 10, 0, 30), ("ical-holiday-2027-03-10",)),
        (datetime(2027, 3, 10, 23, 30), ("ical-holiday-2027-03-10",)),
        (datetime(2027, 3, 13, 0, 30), ("ical-long-weekend-2027-03-13",)),
        (datetime(2027, 3, 13, 23, 30), ("ical-long-weekend-2027-03-13",)),
        (datetime(2027, 3, 14, 0, 30), ("ical-long-weekend-2027-03-13",)),
        (datetime(2027, 3, 14, 23, 30), ("ical-long-weekend-2027-03-13",)),
    ]
    assert len(windows) == 14


# -- floating times --------------------------------------------------------------------------


def test_floating_times_are_read_in_the_given_zone() -> None:
    """A time without Z or TZID is wall-clock time in ``timezone``: two zones, two instants."""
    data = _ics(
        _vevent(
            "floating",
            "SUMMARY:Ward round",
            "DTSTART:20270310T100000",
            "DTEND:20270310T113000",
        )
    )
    (in_tokyo,) = _read(data, timezone="Asia/Tokyo")
    (in_la,) = _read(data, timezone="America/Los_Angeles")
    assert in_tokyo.id == in_la.id == "ical-floating-2027-03-10T100000"
    assert in_tokyo.start == datetime(2027, 3, 10, 10, 0, tzinfo=TOKYO)
    assert in_tokyo.end == datetime(2027, 3, 10, 11, 30, tzinfo=TOKYO)
    assert in_la.start == datetime(2027, 3, 10, 10, 0, tzinfo=LOS_ANGELES)
    assert in_la.end == datetime(2027, 3, 10, 11, 30, tzinfo=LOS_ANGELES)
    assert _spans([in_tokyo]) == [(_utc(2027, 3, 10, 1, 0), _utc(2027, 3, 10, 2, 30))]
    # 14 March 2027 is when Los Angeles goes to daylight time: on the 10th it is still UTC-8.
    assert _spans([in_la]) == [(_utc(2027, 3, 10, 18, 0), _utc(2027, 3, 10, 19, 30))]


# -- recurrences -----------------------------------------------------------------------------


def test_weekly_rota_with_rdate_and_exdate() -> None:
    """RRULE gives the weekly nights, RDATE adds one, EXDATE takes one away; DST is kept.

    The rota runs Monday 18:00 to Tuesday 08:00 Berlin time; Berlin goes to summer time on
    28 March 2027, so the UTC instants move by an hour while the wall-clock times stay.
    """
    data = _ics(
        _vevent(
            "on-call-rota",
            "SUMMARY:Night on-call",
            "DTSTART;TZID=Europe/Berlin:20270301T180000",
            "DTEND;TZID=Europe/Berlin:20270302T080000",
            "RRULE:FREQ=WEEKLY;BYDAY=MO;UNTIL=20270405T160000Z",
            "RDATE;TZID=Europe/Berlin:20270310T180000",
            "EXDATE;TZID=Europe/Berlin:20270315T180000",
        )
    )
    blackouts = _read(data, reason="staffing")
    nights = [date(2027, 3, d) for d in (1, 8, 10, 22, 29)] + [date(2027, 4, 5)]
    assert [b.id for b in blackouts] == [f"ical-on-call-rota-{night}T180000" for night in nights]
    assert {b.title for b in blackouts} == {"Night on-call"}
    assert {b.reason for b in blackouts} == {BlackoutReason.STAFFING}
    for blackout, night in zip(blackouts, nights, strict=True):
        assert type(blackout.start) is datetime
        assert blackout.start == datetime.combine(night, time(18), BERLIN)
        assert blackout.end == datetime.combine(night + timedelta(days=1), time(8), BERLIN)
    assert _spans(blackouts)[3:] == [
        (_utc(2027, 3, 22, 17), _utc(2027, 3, 23, 7)),
        (_utc(2027, 3, 29, 16), _utc(2027, 3, 30, 6)),
        (_utc(2027, 4, 5, 16), _utc(2027, 4, 6, 6)),
    ]


def test_recurrence_id_moves_one_occurrence_and_cancels_another() -> None:
    """An override moves the 8 March occurrence (its id stays that of 8 March); a cancelled
    override of 15 March leaves no blackout."""
    data = _ics(
        _vevent(
            "backup",
            "SUMMARY:Backup window",
            "DTSTART;TZID=Europe/Berlin:20270301T090000",
            "DURATION:PT2H",
            "RRULE:FREQ=WEEKLY;COUNT=4",
        ),
        _vevent(
            "backup",
            "SUMMARY:Backup window (moved)",
            "RECURRENCE-ID;TZID=Europe/Berlin:20270308T090000",
            "DTSTART;TZID=Europe/Berlin:20270309T140000",
            "DTEND;TZID=Europe/Berlin:20270309T153000",
        ),
        _vevent(
            "backup",
            "SUMMARY:Backup window",
            "RECURRENCE-ID;TZID=Europe/Berlin:20270315T090000",
            "DTSTART;TZID=Europe/Berlin:20270315T090000",
            "DURATION:PT2H",
            "STATUS:CANCELLED",
        ),
    )
    blackouts = _read(data)
    assert [(b.id, b.title, b.start, b.end) for b in blackouts] == [
        (
            "ical-backup-2027-03-01T090000",
            "Backup window",
            datetime(2027, 3, 1, 9, tzinfo=BERLIN),
            datetime(2027, 3, 1, 11, tzinfo=BERLIN),
        ),
        (
            "ical-backup-2027-03-08T090000",
            "Backup window (moved)",
            datetime(2027, 3, 9, 14, tzinfo=BERLIN),
            datetime(2027, 3, 9, 15, 30, tzinfo=BERLIN),
        ),
        (
            "ical-backup-2027-03-22T090000",
            "Backup window",
            datetime(2027, 3, 22, 9, tzinfo=BERLIN),
            datetime(2027, 3, 22, 11, tzinfo=BERLIN),
        ),
    ]


def test_google_calendar_in_utc_keeps_its_x_wr_timezone_wall_clock_across_dst() -> None:
    """Google writes times in UTC and names the calendar's zone in X-WR-TIMEZONE.

    A weekly 10:00 Berlin meeting written as 09:00Z must stay at 10:00 Berlin after the change
    to summer time on 28 March (08:00Z), not drift to 11:00 as a plain UTC expansion would.
    """
    data = _ics(
        _vevent(
            "cab@google.com",
            "SUMMARY:CAB freeze",
            "DTSTART:20270315T090000Z",
            "DTEND:20270315T100000Z",
            "RRULE:FREQ=WEEKLY;COUNT=4",
        ),
        _vevent(
            "one-off@google.com",
            "SUMMARY:Audit",
            "DTSTART:20270401T070000Z",
            "DTEND:20270401T080000Z",
        ),
        head=["X-WR-CALNAME:Change freezes", "X-WR-TIMEZONE:Europe/Berlin"],
    )
    for zone_name in ("Europe/Berlin", "UTC"):
        blackouts = _read(data, reason="freeze", timezone=zone_name)
        assert _spans(blackouts) == [
            (_utc(2027, 3, 15, 9), _utc(2027, 3, 15, 10)),
            (_utc(2027, 3, 22, 9), _utc(2027, 3, 22, 10)),
            (_utc(2027, 3, 29, 8), _utc(2027, 3, 29, 9)),
            (_utc(2027, 4, 1, 7), _utc(2027, 4, 1, 8)),
            (_utc(2027, 4, 5, 8), _utc(2027, 4, 5, 9)),
        ], zone_name
        assert [b.title for b in blackouts] == ["CAB freeze"] * 3 + ["Audit", "CAB freeze"]
        cab = [
            start
            for (start, _), b in zip(_spans(blackouts), blackouts, strict=True)
            if b.title == "CAB freeze"
        ]
        assert {start.astimezone(BERLIN).time() for start in cab} == {time(10)}
    in_berlin = _read(data, reason="freeze")
    assert [b.id for b in in_berlin] == [
        "ical-cab@google.com-2027-03-15T100000",
        "ical-cab@google.com-2027-03-22T100000",
        "ical-cab@google.com-2027-03-29T100000",
        "ical-one-off@google.com-2027-04-01T090000",
        "ical-cab@google.com-2027-04-05T100000",
    ]


# -- bounding --------------------------------------------------------------------------------


def test_only_occurrences_overlapping_the_horizon_are_returned() -> None:
    """``[start, end)`` is half-open: touching either end is outside, overlapping is inside."""
    data = _ics(
        _vevent("before", "SUMMARY:before", "DTSTART:20270227T100000Z", "DURATION:PT1H"),
        _vevent("ends-at-start", "SUMMARY:x", "DTSTART:20270228T230000Z", "DTEND:20270301T000000Z"),
        _vevent("over-start", "SUMMARY:x", "DTSTART:20270228T230000Z", "DTEND:20270301T010000Z"),
        _vevent("inside", "SUMMARY:x", "DTSTART:20270315T120000Z", "DURATION:PT1H"),
        _vevent("over-end", "SUMMARY:x", "DTSTART:20270331T233000Z", "DTEND:20270401T003000Z"),
        _vevent("at-end", "SUMMARY:x", "DTSTART:20270401T000000Z", "DURATION:PT1H"),
        _vevent("day-before", "SUMMARY:x", "DTSTART;VALUE=DATE:20270228"),
        _vevent("last-day", "SUMMARY:x", "DTSTART;VALUE=DATE:20270331"),
        _vevent("day-after", "SUMMARY:x", "DTSTART;VALUE=DATE:20270401"),
        _vevent(
            "daily",
            "SUMMARY:x",
            "DTSTART:20270225T120000Z",
            "DURATION:PT1H",
            "RRULE:FREQ=DAILY;COUNT=6",
        ),
    )
    blackouts = _read(data, start=date(2027, 3, 1), end=date(2027, 4, 1), timezone="UTC")
    assert [b.id for b in blackouts] == [
        "ical-over-start-2027-02-28T230000",
        "ical-daily-2027-03-01T120000",
        "ical-daily-2027-03-02T120000",
        "ical-inside-2027-03-15T120000",
        "ical-last-day-2027-03-31",
        "ical-over-end-2027-03-31T233000",
    ]
    assert _spans(blackouts)[0] == (_utc(2027, 2, 28, 23), _utc(2027, 3, 1, 1))


def test_an_empty_or_reversed_horizon_is_refused_as_every_query_refuses_it() -> None:
    data = _ics(_vevent("day", "SUMMARY:x", "DTSTART;VALUE=DATE:20270301"))
    for end in (date(2027, 3, 1), date(2027, 2, 1)):
        with pytest.raises(InputError) as caught:
            _read(data, start=date(2027, 3, 1), end=end, timezone="UTC")
        assert caught.value.model == "blackouts_from_ical()"
        (error,) = caught.value.errors
        assert error.path == "end"
        assert error.message.startswith(
            f"end {end.isoformat()}T00:00:00+00:00 is not after start 2027-03-01T00:00:00+00:00;"
        )


def test_an_infinite_rule_stops_at_the_horizon() -> None:
    """An RRULE without COUNT or UNTIL, from years back, gives the occurrences in range only."""
    data = _ics(
        _vevent(
            "forever",
            "SUMMARY:Nightly batch",
            "DTSTART;TZID=Europe/Berlin:20200101T010000",
            "DURATION:PT2H",
            "RRULE:FREQ=DAILY",
        )
    )
    blackouts = _read(data, start=date(2027, 3, 1), end=date(2027, 3, 8))
    assert [b.id for b in blackouts] == [
        f"ical-forever-2027-03-0{day}T010000" for day in range(1, 8)
    ]
    assert blackouts[0].start == datetime(2027, 3, 1, 1, tzinfo=BERLIN)
    assert blackouts[-1].end == datetime(2027, 3, 7, 3, tzinfo=BERLIN)


def test_a_cancelled_fine_grained_rule_is_bounded_too() -> None:
    """Cancelled occurrences block nothing but still cost work: a cancelled secondly rule over
    a day is refused at once rather than expanded 86,400 times."""
    data = _ics(
        _vevent(
            "tick",
            "DTSTART:20270101T000000Z",
            "DURATION:PT1S",
            "STATUS:CANCELLED",
            "RRULE:FREQ=SECONDLY",
        )
    )
    with pytest.raises(ExpansionLimitError) as info:
        _read(data, start=date(2027, 1, 1), end=date(2027, 1, 2), max_occurrences=1000)
    assert info.value.count > 1000


def test_more_than_max_occurrences_raises_expansion_limit_error() -> None:
    """A daily rule from 1 March, read for March, steps 31 times: a limit of 31 is enough, a
    limit of 30 is an error. The same rule from 1 January steps 90 times to reach April, and
    is refused at 31 even though only 31 of its occurrences are in the horizon: the work is
    bounded before it starts, however far the rule's DTSTART lies before the horizon."""

    def daily(first: str) -> str:
        return _ics(
            _vevent("daily", "SUMMARY:x", f"DTSTART:{first}", "DURATION:PT1H", "RRULE:FREQ=DAILY")
        )

    march: dict[str, Any] = {"start": date(2027, 3, 1), "end": date(2027, 4, 1), "timezone": "UTC"}
    assert len(_read(daily("20270301T120000Z"), max_occurrences=31, **march)) == 31
    for first, limit in (("20270301T120000Z", 30), ("20270101T120000Z", 31)):
        with pytest.raises(ExpansionLimitError) as info:
            _read(daily(first), max_occurrences=limit, **march)
        assert isinstance(info.value, MaintwinError)
        assert info.value.limit == limit
        assert "blackouts_from_ical(max_occurrences=" in str(info.value)
        assert "'daily'" in str(info.value)


# -- arguments -------------------------------------------------------------------------------


def test_reason_and_scope_are_applied_to_every_blackout() -> None:
    """``reason`` as a string or enum member and ``scope`` reach every blackout."""
    data = _ics(
        _vevent("a", "SUMMARY:A", "DTSTART:20270310T100000Z", "DURATION:PT1H"),
        _vevent("b", "SUMMARY:B", "DTSTART;VALUE=DATE:20270311"),
    )
    as_text = _read(data, reason="freeze", scope=("RIS", "PACS"))
    as_member = _read(data, reason=BlackoutReason.FREEZE, scope=("RIS", "PACS"))
    assert as_text == as_member
    assert [(b.reason, b.scope) for b in as_text] == [
        (BlackoutReason.FREEZE, ("RIS", "PACS")),
        (BlackoutReason.FREEZE, ("RIS", "PACS")),
    ]
    assert as_text[0].applies_to("RIS")
    assert not as_text[0].applies_to("EMR")
    assert all(b.scope is None for b in _read(data))


ONE_EVENT = _ics(_vevent("a", "SUMMARY:A", "DTSTART:20270310T100000Z", "DURATION:PT1H"))
NO_EVENT = _ics()


@pytest.mark.parametrize("data", [ONE_EVENT, NO_EVENT], ids=["one-event", "no-event"])
def test_bad_reason_is_refused_naming_the_value(data: str) -> None:
    """An unknown reason is an argument error, whatever the calendar holds, naming the value.

    It must not depend on there being an event in range, and it is not the event's fault.
    """
    with pytest.raises(MaintwinError) as info:
        _read(data, reason="party")
    assert "party" in str(info.value)
    assert getattr(info.value, "uid", None) is None


@pytest.mark.parametrize("data", [ONE_EVENT, NO_EVENT], ids=["one-event", "no-event"])
def test_bad_scope_is_refused_whatever_the_calendar_holds(data: str) -> None:
    """A scope that lists a subsystem twice is an argument error, with or without events."""
    with pytest.raises(MaintwinError) as info:
        _read(data, scope=("RIS", "RIS"))
    assert "scope" in str(info.value)
    assert getattr(info.value, "uid", None) is None


@pytest.mark.parametrize("data", [ONE_EVENT, NO_EVENT], ids=["one-event", "no-event"])
def test_bad_timezone_is_refused_naming_the_value(data: str) -> None:
    """An unknown zone name is an error naming it (with a suggestion)."""
    with pytest.raises(MaintwinError) as info:
        _read(data, timezone="Europe/Berln")
    assert "Europe/Berln" in str(info.value)
    assert "Europe/Berlin" in str(info.value)


@pytest.mark.parametrize("which", ["start", "end"])
def test_naive_bounds_are_refused(which: str) -> None:
    """A naive date-time does not say which instant it means."""
    with pytest.raises(MaintwinError) as info:
        _read(ONE_EVENT, **{which: datetime(2027, 6, 1)})
    assert "naive" in str(info.value)
    assert which in str(info.value)


# -- malformed input -------------------------------------------------------------------------

_GOOD = _vevent("good", "SUMMARY:Fine", "DTSTART:20270310T100000Z", "DURATION:PT1H")

# (test id, calendar, fragments the message must hold, UID of the event at fault)
_MALFORMED: list[tuple[str, str | bytes, tuple[str, ...], str | None]] = [
    ("not-icalendar", "hello, this is a CSV file\r\nid,date\r\n", ("icalendar",), None),
    ("empty", "", ("vcalendar",), None),
    (
        "two-vcalendars",
        _ics(_vevent("one", "DTSTART:20270310T100000Z", "DURATION:PT1H"))
        + _ics(_vevent("two", "DTSTART:20270311T100000Z", "DURATION:PT1H")),
        ("vcalendar",),
        None,
    ),
    (
        "truncated",
        _ics(_GOOD).removesuffix("END:VCALENDAR\r\n") + "BEGIN:VEVENT\r\nUID:cut\r\nDTSTA",
        ("vcalendar",),
        None,
    ),
    (
        "not-utf-8",
        _ics(_vevent("cafe", "SUMMARY:Café", "DTSTART:20270310T100000Z", "DURATION:PT1H")).encode(
            "latin-1"
        ),
        ("utf-8",),
        None,
    ),
    (
        "no-dtstart",
        _ics(_vevent("no-start", "SUMMARY:x", "DURATION:PT1H")),
        ("dtstart",),
        "no-start",
    ),
    (
        "broken-dtstart",
        _ics(_vevent("bad-start", "DTSTART:2027zz", "DTEND:20270310T110000Z")),
        ("dtstart", "2027zz"),
        "bad-start",
    ),
    (
        "bad-rrule-freq",
        _ics(_vevent("bad-rule", "DTSTART:20270310T100000Z", "DURATION:PT1H", "RRULE:FREQ=FOO")),
        ("rrule", "foo"),
        "bad-rule",
    ),
    (
        "rrule-without-freq",
        _ics(_vevent("no-freq", "DTSTART:20270310T100000Z", "DURATION:PT1H", "RRULE:COUNT=3")),
        ("rrule", "freq"),
        "no-freq",
    ),
    *(
        (
            f"rrule-{part.lower()}",
            _ics(_vevent("bad", "DTSTART:20270310T100000Z", "DURATION:PT1H", f"RRULE:{rule}")),
            ("rrule", part.lower()),
            "bad",
        )
        # Rules that hung (INTERVAL=0), gave only DTSTART (COUNT=0, BYMONTHDAY=40) or failed
        # with another library's message before every RRULE was checked part by part.
        for rule, part in (
            ("FREQ=DAILY;INTERVAL=0", "INTERVAL=0"),
            ("FREQ=DAILY;INTERVAL=-1", "INTERVAL=-1"),
            ("FREQ=DAILY;COUNT=0", "COUNT=0"),
            ("FREQ=MONTHLY;BYMONTHDAY=40", "BYMONTHDAY=40"),
            ("FREQ=DAILY;BYHOUR=25", "BYHOUR=25"),
        )
    ),
    (
        "two-events-one-uid",
        _ics(
            _vevent("twin", "DTSTART:20270310T100000Z", "DURATION:PT1H"),
            _vevent("twin", "DTSTART:20270311T100000Z", "DURATION:PT1H"),
        ),
        ("share this uid",),
        "twin",
    ),
    (
        "rdate-period",
        _ics(
            _vevent(
                "period",
                "DTSTART:20270310T100000Z",
                "DURATION:PT1H",
                "RDATE;VALUE=PERIOD:20270312T090000Z/20270312T170000Z",
            )
        ),
        ("rdate;value=period",),
        "period",
    ),
    (
        "timed-without-end",
        _ics(_vevent("no-end", "DTSTART:20270310T100000Z")),
        ("dtend", "duration"),
        "no-end",
    ),
    (
        "dtend-equals-dtstart",
        _ics(_vevent("zero", "DTSTART:20270310T100000Z", "DTEND:20270310T100000Z")),
        ("dtend",),
        "zero",
    ),
    (
        "dtend-before-dtstart",
        _ics(_vevent("backwards", "DTSTART:20270310T100000Z", "DTEND:20270310T090000Z")),
        ("dtend",),
        "backwards",
    ),
    (
        "negative-duration",
        _ics(_vevent("negative", "DTSTART:20270310T100000Z", "DURATION:-PT1H")),
        ("duration",),
        "negative",
    ),
    (
        "all-day-dtend-before-dtstart",
        _ics(_vevent("days-backwards", "DTSTART;VALUE=DATE:20270310", "DTEND;VALUE=DATE:20270308")),
        ("dtend",),
        "days-backwards",
    ),
    (
        "unknown-tzid",
        _ics(
            _vevent(
                "mars",
                "DTSTART;TZID=Mars/Olympus_Mons:20270310T100000",
                "DTEND;TZID=Mars/Olympus_Mons:20270310T110000",
            )
        ),
        ("mars/olympus_mons",),
        "mars",
    ),
]


@pytest.mark.parametrize(
    ("data", "fragments", "uid"),
    [pytest.param(data, fragments, uid, id=name) for name, data, fragments, uid in _MALFORMED],
)
def test_malformed_calendar_raises_calendar_error_saying_what_is_wrong(
    data: str | bytes, fragments: tuple[str, ...], uid: str | None
) -> None:
    """Each malformed calendar is a CalendarError (a MaintwinError) naming the problem and,
    when one event is at fault, its UID."""
    with pytest.raises(CalendarError) as info:
        _read(data)
    error = info.value
    assert isinstance(error, MaintwinError)
    assert error.source == "<ical>"
    assert error.uid == uid
    message = str(error).lower()
    for fragment in fragments:
        assert fragment in message, (fragment, str(error))
    if uid is not None:
        assert repr(uid) in str(error)


def test_source_names_the_calendar_in_errors() -> None:
    """``source`` is how the error names the data."""
    with pytest.raises(CalendarError) as info:
        _read("", source="rota.ics")
    assert info.value.source == "rota.ics"
    assert str(info.value).startswith("rota.ics: ")


@pytest.mark.parametrize(
    "broken",
    [
        pytest.param(_vevent("broken", "DTSTART:2027zz", "DURATION:PT1H"), id="broken-dtstart"),
        pytest.param(_vevent("broken", "SUMMARY:x", "DURATION:PT1H"), id="no-dtstart"),
        pytest.param(
            _vevent("broken", "DTSTART:20270311T100000Z", "DURATION:PT1H", "RRULE:FREQ=FOO"),
            id="bad-rrule",
        ),
        pytest.param(
            _vevent("broken", "DTSTART:20270311T100000Z", "DURATION:PT1H", "RRULE:INTERVAL=2"),
            id="rrule-without-freq",
        ),
        pytest.param(_vevent("broken", "DTSTART:20270311T100000Z"), id="no-length"),
        pytest.param(
            _vevent("broken", "DTSTART:20270311T100000Z", "DTEND:20270311T080000Z"),
            id="dtend-before-dtstart",
        ),
    ],
)
def test_one_broken_event_refuses_the_whole_calendar(broken: list[str]) -> None:
    """A good event and a broken one: an error naming the broken one, never the good one alone."""
    data = _ics(_GOOD, broken)
    with pytest.raises(CalendarError) as info:
        _read(data)
    assert info.value.uid == "broken"


def test_a_broken_event_outside_the_horizon_is_refused_too() -> None:
    """Whether a calendar is accepted must not depend on the horizon asked for.

    A rota file that reads today and fails next month (when its broken event comes into
    range) is worse than one refused at once: the file is wrong either way.
    """
    data = _ics(_GOOD, _vevent("broken", "SUMMARY:x", "DTSTART:20300311T100000Z"))
    with pytest.raises(CalendarError) as info:
        _read(data)
    assert info.value.uid == "broken"


# -- ids -------------------------------------------------------------------------------------

_AWKWARD_UIDS = (
    "plain",
    "with spaces and / slashes",
    "Büro-Wartung ☃",
    "日本の祝日",
    "x" * 300,
    "040000008200E00074C5B7101A82E008000000005C8A@outlook",
)


def test_ids_are_valid_unique_stable_and_in_order_of_start() -> None:
    """Ids are maintwin Ids even for awkward UIDs, are unique, and are the same on every import;
    the blackouts come sorted by start whatever the order in the file."""
    events = [
        _vevent(uid, "SUMMARY:x", f"DTSTART:202703{20 - index:02d}T100000Z", "DURATION:PT1H")
        for index, uid in enumerate(_AWKWARD_UIDS)
    ]
    first = _read(_ics(*events))
    again = _read(_ics(*events))
    assert first == again
    ids = [b.id for b in first]
    assert len(ids) == len(set(ids)) == len(_AWKWARD_UIDS)
    for blackout_id in ids:
        assert ID.validate_python(blackout_id) == blackout_id
        assert len(blackout_id) <= 200
    starts = [b.start for b in first]
    assert starts == sorted(starts)  # type: ignore[type-var]
    assert ids[-1] == "ical-plain-2027-03-20T110000"
    assert ids[-2].startswith("ical-with-spaces-and-slashes-")
    assert ids[-2].endswith("-2027-03-19T110000")


def test_distinct_uids_never_share_an_id() -> None:
    """UIDs that differ only in case, punctuation or non-ASCII letters are different events.

    They must give different blackouts: dropping all but one of them would be a silently
    partial result.
    """
    uids = ("Team A", "team-a", "TEAM/A", "日本の祝日", "中国节日")
    events = [
        _vevent(uid, f"SUMMARY:{uid}", "DTSTART:20270310T100000Z", f"DURATION:PT{n + 1}H")
        for n, uid in enumerate(uids)
    ]
    blackouts = _read(_ics(*events))
    assert sorted(b.title for b in blackouts) == sorted(uids)
    assert len({b.id for b in blackouts}) == len(uids)


def test_events_without_uid_are_refused_or_all_kept() -> None:
    """Two events without UID (RFC 5545 requires one) at one start: either an error naming the
    problem, or two blackouts; never one of them dropped."""
    data = _ics(
        _vevent(None, "SUMMARY:short", "DTSTART:20270310T100000Z", "DURATION:PT1H"),
        _vevent(None, "SUMMARY:long", "DTSTART:20270310T100000Z", "DURATION:PT3H"),
    )
    refusal = ""
    blackouts: tuple[Blackout, ...] = ()
    try:
        blackouts = _read(data)
    except CalendarError as error:
        refusal = str(error)
    if refusal:
        assert "uid" in refusal.lower()
    else:
        assert sorted(b.title for b in blackouts) == ["long", "short"]
        assert len({b.id for b in blackouts}) == 2


def test_both_occurrences_in_the_repeated_hour_are_kept() -> None:
    """An hourly rule across Berlin's fall-back: 00:30Z and 01:30Z are both 02:30 local.

    Two instants, two blackouts, two ids.
    """
    data = _ics(
        _vevent(
            "hourly",
            "SUMMARY:Hourly check",
            "DTSTART:20271031T003000Z",
            "DURATION:PT20M",
            "RRULE:FREQ=HOURLY;COUNT=2",
        )
    )
    blackouts = _read(data, start=date(2027, 10, 30), end=date(2027, 11, 1))
    assert _spans(blackouts) == [
        (_utc(2027, 10, 31, 0, 30), _utc(2027, 10, 31, 0, 50)),
        (_utc(2027, 10, 31, 1, 30), _utc(2027, 10, 31, 1, 50)),
    ]
    assert len({b.id for b in blackouts}) == 2


def test_an_occurrence_keeps_its_id_whatever_the_horizon() -> None:
    """Two imports with different horizons give the same id for each shared occurrence."""
    data = _ics(
        _vevent(
            "weekly",
            "SUMMARY:x",
            "DTSTART;TZID=Europe/Berlin:20261230T220000",
            "DURATION:PT3H",
            "RRULE:FREQ=WEEKLY",
        ),
        _vevent("ooo", "SUMMARY:y", "DTSTART;VALUE=DATE:20270301", "DTEND;VALUE=DATE:20270401"),
    )
    early = {b.id: b for b in _read(data, start=date(2027, 1, 1), end=date(2027, 4, 1))}
    late = {b.id: b for b in _read(data, start=date(2027, 3, 10), end=date(2027, 7, 1))}
    shared = early.keys() & late.keys()
    assert "ical-ooo-2027-03-01" in shared
    assert "ical-weekly-2027-03-10T220000" in shared
    assert "ical-weekly-2027-03-31T220000" in shared
    assert len(shared) == 5
    for blackout_id in shared:
        assert early[blackout_id] == late[blackout_id]


# -- durations and DST -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("properties", "expected"),
    [
        pytest.param(
            ("DTSTART;TZID=Europe/London:20270328T003000", "DURATION:PT2H"),
            (_utc(2027, 3, 28, 0, 30), _utc(2027, 3, 28, 2, 30)),
            id="spring-forward-PT2H",
        ),
        pytest.param(
            ("DTSTART;TZID=Europe/London:20271031T003000", "DURATION:PT2H"),
            (_utc(2027, 10, 30, 23, 30), _utc(2027, 10, 31, 1, 30)),
            id="fall-back-PT2H",
        ),
        pytest.param(
            ("DTSTART;TZID=Europe/London:20270328T013000", "DURATION:PT45M"),
            (_utc(2027, 3, 28, 1, 30), _utc(2027, 3, 28, 2, 15)),
            id="start-in-the-gap-PT45M",
        ),
        pytest.param(
            ("DTSTART;TZID=Europe/London:20270327T120000", "DURATION:P1D"),
            (_utc(2027, 3, 27, 12), _utc(2027, 3, 28, 11)),
            id="P1D-is-a-calendar-day",
        ),
        pytest.param(
            (
                "DTSTART;TZID=Europe/London:20270321T003000",
                "DTEND;TZID=Europe/London:20270321T023000",
                "RRULE:FREQ=WEEKLY;COUNT=2",
                "EXDATE;TZID=Europe/London:20270321T003000",
            ),
            (_utc(2027, 3, 28, 0, 30), _utc(2027, 3, 28, 2, 30)),
            id="recurring-DTEND-keeps-its-exact-length",
        ),
    ],
)
def test_durations_are_exact_hours_and_nominal_days_across_dst(
    properties: tuple[str, ...], expected: Span
) -> None:
    """RFC 5545 (3.3.6, 3.8.5.3): hours, minutes and seconds are exact, days are calendar days;
    a recurring event with DTEND keeps the exact length of its first instance. So is
    maintwin's own rule for durations. London changes clocks on 28 March and 31 October 2027.
    """
    data = _ics(_vevent("dst", "SUMMARY:x", *properties))
    blackouts = _read(data, timezone="Europe/London")
    assert _spans(blackouts) == [expected]


# -- the zone of the bounds ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("event", "zone_name", "start", "end"),
    [
        pytest.param(
            ("DTSTART;VALUE=DATE:20270310",),
            "America/Los_Angeles",
            _utc(2027, 3, 11, 2),  # 19:00 on 10 March in Los Angeles
            _utc(2027, 4, 1),
            id="all-day-start-in-utc",
        ),
        pytest.param(
            ("DTSTART:20270310T200000", "DTEND:20270310T210000"),
            "America/Los_Angeles",
            _utc(2027, 3, 11, 4, 30),  # 20:30 on 10 March in Los Angeles
            _utc(2027, 4, 1),
            id="floating-start-in-utc",
        ),
        pytest.param(
            ("DTSTART;VALUE=DATE:20270310",),
            "Pacific/Auckland",
            _utc(2027, 3, 1),
            _utc(2027, 3, 9, 12),  # 01:00 on 10 March in Auckland
            id="all-day-end-in-utc",
        ),
    ],
)
def test_bounds_are_instants_whatever_zone_they_are_written_in(
    event: tuple[str, ...], zone_name: str, start: datetime, end: datetime
) -> None:
    """``start`` and ``end`` are instants: written in UTC or in ``timezone`` they give the same
    blackouts. Each event here overlaps the horizon by some hours."""
    data = _ics(_vevent("e", "SUMMARY:x", *event))
    zone = ZoneInfo(zone_name)
    local = _read(data, start=start.astimezone(zone), end=end.astimezone(zone), timezone=zone_name)
    assert [b.id for b in local] == ["ical-e-2027-03-10" + ("T200000" if len(event) > 1 else "")]
    assert _read(data, start=start, end=end, timezone=zone_name) == local


def test_floating_and_utc_events_together_far_from_utc() -> None:
    """In Auckland (UTC+13), a floating event at 20:00 on 9 March is before the end of the day;
    a UTC event at 01:00 on 10 March local time is after it. Only the first is in range."""
    data = _ics(
        _vevent("floating", "SUMMARY:F", "DTSTART:20270309T200000", "DTEND:20270309T210000"),
        _vevent("utc", "SUMMARY:U", "DTSTART:20270309T120000Z", "DURATION:PT1H"),
    )
    blackouts = _read(
        data, start=date(2027, 3, 8), end=date(2027, 3, 10), timezone="Pacific/Auckland"
    )
    assert [b.id for b in blackouts] == ["ical-floating-2027-03-09T200000"]
    assert _spans(blackouts) == [(_utc(2027, 3, 9, 7), _utc(2027, 3, 9, 8))]


# -- round trip: series_to_ical, then blackouts_from_ical ------------------------------------


def _round_trip(scenario: Scenario, start: date, end: date) -> tuple[list[Span], list[Span]]:
    """The instants imported back from the scenario's series feed, and those of its unblocked
    windows, both sorted (two trains may open windows at the same instant)."""
    feed = series_to_ical(scenario, start, end, now=NOW)
    imported = blackouts_from_ical(
        feed, reason="other", start=start, end=end, timezone=scenario.timezone
    )
    assert len({b.id for b in imported}) == len(imported)
    windows = [
        (w.start.astimezone(UTC), w.end.astimezone(UTC))
        for w in scenario.windows(start, end)
        if not w.blocked
    ]
    return sorted(_spans(imported)), sorted(windows)


def test_series_round_trip_gives_exactly_the_unblocked_windows() -> None:
    """A monthly train, a weekly train with ``offset_days``, two blocked occurrences and the
    change to summer time on 28 March: the feed read back gives the unblocked windows."""
    scenario = Scenario(
        name="Round trip",
        timezone="Europe/London",
        trains=[
            ReleaseTrain(
                id="ris",
                subsystem="RIS",
                schedule=Schedule.nth_weekday(2, "TU", at="22:00"),
                downtime="PT2H",
            ),
            ReleaseTrain(
                id="pacs",
                subsystem="PACS",
                schedule=Schedule.weekly("FR", at="03:00", offset_days=2),
                downtime="PT45M",
            ),
        ],
        blackouts=[
            Blackout(id="freeze", reason="freeze", start=date(2027, 3, 9), scope=("RIS",)),
            Blackout(id="vendor", reason="vendor", start=date(2027, 4, 11), scope=("PACS",)),
        ],
    )
    start, end = date(2027, 2, 1), date(2027, 5, 1)
    windows = scenario.windows(start, end)
    assert [w.id for w in windows if w.blocked] == ["ris-2027-03-09", "pacs-2027-04-11"]
    assert {w.start.utcoffset() for w in windows} == {timedelta(0), timedelta(hours=1)}
    imported, expected = _round_trip(scenario, start, end)
    assert len(expected) == 3 + 12 - 2  # 2nd Tuesdays Feb to Apr, Sundays 7 Feb to 25 Apr
    assert imported == expected


def test_series_round_trip_across_the_clock_change_itself() -> None:
    """Windows that span the change to summer time, or start in its gap, come back intact.

    Sunday 00:30 for two hours ends at 03:30 BST (two real hours); Sunday 01:30 does not exist
    on 28 March and is moved to 02:30 BST, its 45 minutes ending at 03:15.
    """
    scenario = Scenario(
        name="Clock change",
        timezone="Europe/London",
        trains=[
            ReleaseTrain(
                id="across",
                subsystem="RIS",
                schedule=Schedule.weekly("SU", at="00:30"),
                downtime="PT2H",
            ),
            ReleaseTrain(
                id="gap",
                subsystem="PACS",
                schedule=Schedule.weekly("FR", at="01:30", offset_days=2),
                downtime="PT45M",
            ),
        ],
    )
    start, end = date(2027, 3, 15), date(2027, 4, 10)
    assert [w.id for w in scenario.windows(start, end) if w.shifted] == ["gap-2027-03-28"]
    imported, expected = _round_trip(scenario, start, end)
    assert expected[2:4] == [
        (_utc(2027, 3, 28, 0, 30), _utc(2027, 3, 28, 2, 30)),
        (_utc(2027, 3, 28, 1, 30), _utc(2027, 3, 28, 2, 15)),
    ]
    assert imported == expected


_ZONES = ("America/Chicago", "Europe/London", "Australia/Lord_Howe")
_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@st.composite
def _trains_and_horizons(draw: st.DrawFn) -> tuple[Scenario, date, date]:
    """A scenario with a monthly and a weekly train (offset by a few days) and maybe a
    blackout, in a zone with DST, and a horizon of two weeks to four months."""
    zone_name = draw(st.sampled_from(_ZONES))
    # Times around 01:00-02:30 often, so that windows meet the clock changes (at 01:00 in
    # London, 02:00 in Chicago and at Lord Howe, all on Sundays).
    times = st.one_of(
        st.builds(time, st.integers(0, 23), st.sampled_from((0, 15, 30, 45))),
        st.sampled_from((time(0, 30), time(1, 0), time(1, 30), time(2, 0), time(2, 15))),
    )
    downtimes = st.builds(lambda quarters: timedelta(minutes=15 * quarters), st.integers(1, 12))
    monthly = ReleaseTrain(
        id="monthly",
        subsystem="RIS",
        schedule=Schedule.nth_weekday(
            draw(st.sampled_from((1, 2, 3, 4, -1))),
            draw(st.sampled_from(_WEEKDAYS)),
            at=draw(times),
        ),
        downtime=draw(downtimes),
    )
    weekly = ReleaseTrain(
        id="weekly",
        subsystem="PACS",
        schedule=Schedule.weekly(
            *draw(
                st.one_of(
                    st.lists(st.sampled_from(_WEEKDAYS), min_size=1, max_size=3, unique=True),
                    st.just(["SU"]),
                )
            ),
            at=draw(times),
            offset_days=draw(st.integers(-3, 3)),
        ),
        downtime=draw(downtimes),
    )
    start = date(2026, 1, 1) + timedelta(days=draw(st.integers(0, 3 * 365)))
    end = start + timedelta(days=draw(st.integers(14, 120)))
    blackouts = []
    if draw(st.booleans()):
        first = start + timedelta(days=draw(st.integers(0, (end - start).days)))
        blackouts.append(
            Blackout(
                id="drawn",
                reason="freeze",
                start=first,
                end=first + timedelta(days=draw(st.integers(1, 4))),
                scope=draw(st.sampled_from((None, ("RIS",), ("PACS",)))),
            )
        )
    scenario = Scenario(
        name="drawn", timezone=zone_name, trains=[monthly, weekly], blackouts=blackouts
    )
    return scenario, start, end


@given(_trains_and_horizons())
def test_series_round_trip_property(drawn: tuple[Scenario, date, date]) -> None:
    """For drawn trains in zones with DST (Lord Howe's is half an hour), the series feed read
    back as blackouts gives exactly the instants of the unblocked windows."""
    scenario, start, end = drawn
    imported, expected = _round_trip(scenario, start, end)
    assert imported == expected
