"""Issue 16: the importer crashed on events with two DTSTARTs or DTENDs (``TypeError:
combine() argument 1 must be datetime.date, not list``), two RECURRENCE-IDs (``unhashable type:
'list'``), a duration in DTSTART or DTEND, a date in DURATION (AttributeError), and on two files
the icalendar package ships. Each is a CalendarError naming the file, the event and the
property, and what would be accepted."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import icalendar
import pytest

from maintwin import CalendarError
from maintwin.ical import blackouts_from_ical, leave_from_ical

HEAD = "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VEVENT\nUID:a\n"
TAIL = "END:VEVENT\nEND:VCALENDAR\n"
AT, LATER = "DTSTART:20270101T100000Z\n", "DTEND:20270101T110000Z\n"
SERIES = AT + LATER + "RRULE:FREQ=DAILY;COUNT=3\nEND:VEVENT\nBEGIN:VEVENT\nUID:a\n"
CASES = {
    "two DTSTARTs": (AT + "DTSTART:20270102T100000Z\n" + LATER, "has 2 DTSTART properties"),
    "two DTENDs": (AT + LATER + "DTEND:20270101T120000Z\n", "has 2 DTEND properties"),
    "two RECURRENCE-IDs": (
        SERIES + "RECURRENCE-ID:20270102T100000Z\nRECURRENCE-ID:20270103T100000Z\n"
        "DTSTART:20270102T120000Z\nDTEND:20270102T130000Z\n",
        "has 2 RECURRENCE-ID properties",
    ),
    "a duration in DTSTART": (
        "DTSTART;VALUE=DURATION:PT1H\n" + LATER,
        "DTSTART 'PT1H' is not a date or a date-time; expected a date (20270113)",
    ),
    "a duration in DTEND": (
        AT + "DTEND;VALUE=DURATION:PT1H\n",
        "DTEND 'PT1H' is not a date or a date-time; expected a date (20270113)",
    ),
    "a date in DURATION": (
        AT + "DURATION;VALUE=DATE:20270101\n",
        "DURATION '20270101' is not a duration; expected a duration such as PT15M",
    ),
}
SHIPPED = Path(icalendar.__file__).parent / "tests" / "calendars"


def _read(data: str | bytes, source: str) -> None:
    blackouts_from_ical(
        data,
        reason="other",
        start=date(2000, 1, 1),
        end=date(2030, 1, 1),
        timezone="UTC",
        source=source,
    )


@pytest.mark.parametrize("case", CASES)
def test_a_malformed_event_is_a_calendar_error(case: str) -> None:
    body, problem = CASES[case]
    with pytest.raises(CalendarError) as caught:
        _read(HEAD + body + TAIL, "rota.ics")
    assert str(caught.value).startswith("rota.ics, event 'a': ")
    assert problem in caught.value.problem
    with pytest.raises(CalendarError, match="event 'a'"):
        leave_from_ical(
            HEAD + body + TAIL, start=date(2027, 1, 1), end=date(2028, 1, 1), timezone="UTC"
        )


@pytest.mark.filterwarnings("ignore::UserWarning")  # icalendar guesses the vendor TZIDs
@pytest.mark.parametrize("name", ["america_new_york_forward_reference.ics", "pacific_fiji.ics"])
def test_the_files_icalendar_ships_that_crashed(name: str) -> None:
    with pytest.raises(CalendarError) as caught:
        _read((SHIPPED / name).read_bytes(), name)
    assert caught.value.uid == "noend123"
    assert "has 2 DTSTART properties; an event has at most one" in str(caught.value)


def test_a_time_zone_with_two_tzids_is_a_calendar_error() -> None:
    """Found by the fuzz run (tests/test_fuzz_inputs.py): icalendar fails on it with an
    AttributeError of its own."""
    zone = (
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\nBEGIN:VTIMEZONE\nTZID:Custom/A\n"
        "TZID:Custom/B\nBEGIN:STANDARD\nDTSTART:19700101T000000\nTZOFFSETFROM:+0100\n"
        "TZOFFSETTO:+0100\nEND:STANDARD\nEND:VTIMEZONE\nBEGIN:VEVENT\nUID:a\n"
        "DTSTART;TZID=Custom/A:20270101T100000\nDTEND;TZID=Custom/A:20270101T110000\n" + TAIL
    )
    with pytest.raises(CalendarError) as caught:
        _read(zone, "rota.ics")
    assert str(caught.value).startswith("rota.ics: ")
    assert "cannot be read" in caught.value.problem


@pytest.mark.parametrize("value", ["00010101", "99991231T235959Z"])
def test_a_date_at_the_ends_of_the_calendar_is_a_calendar_error(value: str) -> None:
    """Found by the fuzz run: a DTSTART in year 1 or 9999 overflowed (OverflowError)."""
    with pytest.raises(CalendarError, match="lies outside the years 1000 to 8999") as caught:
        _read(HEAD + f"DTSTART:{value}\nDURATION:PT1H\n" + TAIL, "rota.ics")
    assert caught.value.uid == "a"
