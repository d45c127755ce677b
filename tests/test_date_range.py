"""The years a date may fall in (1000 to 8999) hold for a query's horizon and clock too, not
only for the models' fields: out of them is an InputError naming the argument, never an
OverflowError from deep inside."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

import maintwin
from maintwin import InputError, Scenario
from maintwin.ical import series_to_ical


@pytest.mark.parametrize(
    ("call", "name"),
    [
        (lambda s: s.windows(date(9999, 12, 1), date(9999, 12, 31)), "start"),
        (lambda s: s.releases(date(2027, 1, 1), date(9999, 1, 1)), "end"),
        (lambda s: s.blackout_periods(date(1, 1, 1), date(2027, 1, 1)), "start"),
        (
            lambda s: maintwin.plan(
                s, date(2027, 1, 1), date(2028, 1, 1), now=datetime(9999, 1, 1, tzinfo=UTC)
            ),
            "now",
        ),
        (
            lambda s: series_to_ical(
                s, date(8999, 6, 1), date(9000, 1, 2), now=datetime(2027, 1, 1, tzinfo=UTC)
            ),
            "end",
        ),
        (lambda s: maintwin.window_state(s, datetime(1, 1, 1, tzinfo=UTC)), "at"),
    ],
)
def test_a_date_out_of_range_is_refused_naming_it(
    call: object, name: str, example: Scenario
) -> None:
    with pytest.raises(InputError) as caught:
        call(example)  # type: ignore[operator]
    [error] = caught.value.errors
    assert error.path == name
    assert "give a date in the years 1000 to 8999" in error.message
