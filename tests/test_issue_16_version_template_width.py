"""Issue 16: a release version template with a huge width (``{date.year:>1000000000}``) was
accepted and then ran out of memory in ``releases()``; it is refused when the train is built,
naming the field and the widths accepted."""

from __future__ import annotations

from datetime import date

import pytest

from maintwin import InputError, ReleaseTrain, Scenario, Schedule

HUGE = [
    "{date.year:>1000000000}",
    "{date:%1000000000Y}",
    "v{subsystem:.>99999}",
    "{date.year:{date.year}}",  # a nested width: whatever it says, it is not a literal number
]


def _train(version: str) -> ReleaseTrain:
    return ReleaseTrain(id="ris", subsystem="RIS", schedule=Schedule.weekly("MO"), version=version)


@pytest.mark.parametrize("version", HUGE)
def test_a_huge_width_is_refused_naming_the_field(version: str) -> None:
    with pytest.raises(InputError) as caught:
        _train(version)
    [error] = caught.value.errors
    assert error.path == "version"
    assert "widths up to 64" in error.message


def test_a_usual_width_is_kept() -> None:
    train = _train("{date.year}.{date.month:02d}-{subsystem:>6}")
    assert train.version == "{date.year}.{date.month:02d}-{subsystem:>6}"
    scenario = Scenario(name="x", timezone="UTC", trains=[train])
    [release] = scenario.releases(date(2027, 1, 4), date(2027, 1, 5))
    assert release.version == "2027.01-   RIS"
