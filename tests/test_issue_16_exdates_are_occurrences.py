"""Issue 16: ``exclude`` dates that are not occurrences were written as EXDATEs, after which
ical.js skipped a later, real one: a Friday train excluding Saturday 2027-01-02 and Sunday
2027-01-03, with a blackout on Friday 2027-01-15, showed the 15th as open in ical.js. Only
EXDATEs that are occurrences of the rule are written."""

from __future__ import annotations

from datetime import UTC, date, datetime

import icalendar

from maintwin import Blackout, ReleaseTrain, Scenario, Schedule
from maintwin.ical import series_to_ical

from .icaljs import icaljs_occurrences

NOW = datetime(2026, 12, 1, tzinfo=UTC)
START, END = date(2027, 1, 1), date(2027, 3, 1)
TRAIN = ReleaseTrain(
    id="ris",
    subsystem="RIS",
    schedule=Schedule.weekly(
        "FR", at="10:00", exclude=[date(2027, 1, 2), date(2027, 1, 3), date(2027, 1, 29)]
    ),
    downtime="PT15M",
)
SCENARIO = Scenario(
    name="x",
    timezone="Europe/London",
    trains=[TRAIN],
    blackouts=[Blackout(id="audit", reason="other", start=date(2027, 1, 15))],
)


def _feed() -> bytes:
    return series_to_ical(SCENARIO, START, END, now=NOW)


def test_only_occurrences_are_exdates() -> None:
    [event] = icalendar.Calendar.from_ical(_feed()).events
    exdates = sorted(d.dt.date() for prop in [event["EXDATE"]] for d in prop.dts)
    assert exdates == [date(2027, 1, 15), date(2027, 1, 29)]


def test_icaljs_leaves_out_the_blocked_and_excluded_fridays() -> None:
    read = icaljs_occurrences(
        {"series": _feed()}, datetime(2027, 1, 1, tzinfo=UTC), datetime(2027, 3, 1, tzinfo=UTC)
    )["series"]
    assert not isinstance(read, str), read
    ours = [w.start.astimezone(UTC) for w in SCENARIO.windows(START, END) if not w.blocked]
    assert date(2027, 1, 15) not in {w.date() for w in ours}
    assert sorted(start for _, start, _ in read) == ours
