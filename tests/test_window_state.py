"""``maintwin.window_state``: at an instant, the windows open and blocked, the blackouts in force
and the next change of state; against a brute-force oracle over drawn scenarios, and on the
example (``maintwin open-now`` prints it; tests/test_cli.py runs the command)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import maintwin
from maintwin import Scenario, TransitionKind
from maintwin.testing import strategies as mst

from .draws import draws

CHICAGO = ZoneInfo("America/Chicago")
LOOKAHEAD = timedelta(days=731)  # two years, as documented


def test_in_the_upgrade_window_it_is_open_until_monday(example: Scenario) -> None:
    at = datetime(2027, 4, 17, 15, 0, tzinfo=CHICAGO)
    state = maintwin.window_state(example, at)
    # The Friday-night window and the Saturday-afternoon one overlap: both are running.
    assert [w.id for w in state.open] == ["pacs-upgrade-fri", "pacs-upgrade-sat"]
    assert state.state == "open"
    [closes, other] = state.next
    assert {closes.id, other.id} == {"pacs-upgrade-fri", "pacs-upgrade-sat"}
    assert closes.at == datetime(2027, 4, 19, 6, 0, tzinfo=CHICAGO)
    assert {t.kind for t in state.next} == {TransitionKind.WINDOW_CLOSES}


def test_a_window_is_not_running_at_its_end(example: Scenario) -> None:
    end = datetime(2027, 1, 13, 10, 15, tzinfo=CHICAGO)
    assert maintwin.window_state(example, end - timedelta(seconds=1)).state == "open"
    after = maintwin.window_state(example, end)
    assert after.state == "closed"
    assert after.open == ()


def test_subsystems_narrow_it_and_an_unknown_one_is_refused(example: Scenario) -> None:
    at = datetime(2027, 4, 17, 15, 0, tzinfo=CHICAGO)
    assert maintwin.window_state(example, at, subsystems=["RIS"]).open == ()
    with pytest.raises(maintwin.MaintwinError, match=r"unknown subsystem 'LIS'.*'PACS'"):
        maintwin.window_state(example, at, subsystems=["LIS"])


def test_the_second_pass_of_the_repeated_hour_is_its_own_instant(example: Scenario) -> None:
    # 01:30 CST on 2027-11-07, an hour after 01:30 CDT: a second later is still in CST.
    second = datetime(2027, 11, 7, 7, 30, tzinfo=UTC).astimezone(CHICAGO)
    assert second.fold == 1
    state = maintwin.window_state(example, second)
    assert state.at == second
    assert all(t.at.astimezone(UTC) > second.astimezone(UTC) for t in state.next)


def test_a_naive_instant_is_refused(example: Scenario) -> None:
    with pytest.raises(maintwin.InputError, match="naive date-time"):
        maintwin.window_state(example, datetime(2027, 1, 13, 10, 5))


def test_a_date_means_its_local_midnight(example: Scenario) -> None:
    state = maintwin.window_state(example, date(2027, 1, 20))
    assert state.at == datetime(2027, 1, 20, tzinfo=CHICAGO)


# -- against a brute-force oracle ---------------------------------------------------------------


@st.composite
def _asked(draw: st.DrawFn) -> tuple[Scenario, datetime]:
    case = draw(mst.planning_cases(max_changes=0, staffing=0.2))
    windows = case.scenario.windows(case.start, case.end)
    tz = ZoneInfo(case.scenario.timezone)
    start = datetime.combine(case.start, datetime.min.time(), tz).astimezone(UTC)
    span = int((datetime.combine(case.end, datetime.min.time(), tz) - start).total_seconds())
    # Half the time exactly at a window's start or end, where half-open intervals matter.
    edges = [e.astimezone(UTC) for w in windows for e in (w.start, w.end)]
    if edges and draw(st.booleans()):
        at = draw(st.sampled_from(edges))
    else:
        at = start + timedelta(seconds=draw(st.integers(0, span - 1)))
    # On the scenario's clock half the time, as the command gives it (fold=1 in a repeated
    # hour's second pass), else in UTC.
    return case.scenario, at.astimezone(tz) if draw(st.booleans()) else at


@settings(max_examples=draws(40))
@given(_asked())
def test_the_state_is_what_brute_force_finds(asked: tuple[Scenario, datetime]) -> None:
    scenario, at = asked
    state = maintwin.window_state(scenario, at)
    # Brute force: every window and blackout period of a wide span around the instant.
    lo, hi = at - timedelta(days=60), at + LOOKAHEAD + timedelta(days=60)
    windows = scenario.windows(lo, hi)
    periods = scenario.blackout_periods(lo, hi)
    u = at.astimezone(UTC)  # compared in UTC: same-zone datetimes compare on the wall clock
    running = [w for w in windows if w.start.astimezone(UTC) <= u < w.end.astimezone(UTC)]
    assert [w.id for w in state.open] == [w.id for w in running if not w.blocked_by]
    assert [w.id for w in state.blocked] == [w.id for w in running if w.blocked_by]
    assert {p.blackout for p in state.blackouts} == {
        p.blackout for p in periods if p.start.astimezone(UTC) <= u < p.end.astimezone(UTC)
    }
    instants = [t.astimezone(UTC) for w in windows for t in (w.start, w.end)]
    instants += [t.astimezone(UTC) for p in periods for t in (p.start, p.end)]
    later = [t for t in instants if u < t < u + LOOKAHEAD]
    if not later:
        assert state.next == ()
        return
    first = min(later)
    assert state.next, f"nothing found, but {first} changes the state"
    assert {t.at.astimezone(UTC) for t in state.next} == {first}
    # In UTC: == across zones is False for a local time in a repeated hour (PEP 495).
    expected = {w.id for w in windows if first in (w.start.astimezone(UTC), w.end.astimezone(UTC))}
    expected |= {
        p.blackout for p in periods if first in (p.start.astimezone(UTC), p.end.astimezone(UTC))
    }
    assert {t.id for t in state.next} == expected
