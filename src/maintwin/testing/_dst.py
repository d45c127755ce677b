"""Rules that meet a daylight-saving change: a monthly n-th weekday at a local time that, on the
day the clocks change, does not exist (spring forward) or occurs twice (fall back)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from hypothesis import strategies as st

__all__ = ["clock_change", "dst_rule"]

_WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_QUARTER = timedelta(minutes=15)


@cache
def _changes(zone: str, year: int) -> tuple[tuple[datetime, timedelta, timedelta], ...]:
    """Each change of UTC offset in ``zone`` during ``year``: the UTC instant, and the offsets
    before and after it."""
    tz = ZoneInfo(zone)
    out = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        before, after = day.astimezone(tz).utcoffset(), (day + timedelta(days=1)).astimezone(tz)
        assert before is not None
        if after.utcoffset() != before:
            lo, hi = 0, 24 * 60  # the offset changes in (lo, hi], minutes into the day
            while hi - lo > 1:
                mid = (lo + hi) // 2
                same = (day + timedelta(minutes=mid)).astimezone(tz).utcoffset() == before
                lo, hi = (mid, hi) if same else (lo, mid)
            moment = day + timedelta(minutes=hi)
            changed = moment.astimezone(tz).utcoffset()
            assert changed is not None
            out.append((moment, before, changed))
        day += timedelta(days=1)
    return tuple(out)


def clock_change(draw: st.DrawFn, zone: str, horizon: tuple[date, date]) -> datetime | None:
    """A naive local time that does not exist (spring forward) or occurs twice (fall back) on
    a day the clocks of ``zone`` change in ``horizon``, on the quarter hour; ``None`` when the
    clocks do not change there (Asia/Kathmandu)."""
    found = [
        c
        for year in range(horizon[0].year, horizon[1].year + 1)
        for c in _changes(zone, year)
        if horizon[0] <= c[0].date() < horizon[1]
    ]
    if not found:
        return None
    moment, before, after = draw(st.sampled_from(found))
    first = (moment + min(before, after)).replace(tzinfo=None)
    count = abs(after - before) // _QUARTER
    return first + _QUARTER * draw(st.integers(0, max(0, count - 1)))


def dst_rule(draw: st.DrawFn, zone: str, horizon: tuple[date, date]) -> tuple[str, time] | None:
    """A monthly rule and a local time that meet a clock change of ``zone`` in ``horizon``:
    the time falls in the gap or in the repeated hour. ``None`` when the clocks do not change
    there (Asia/Kathmandu)."""
    local = clock_change(draw, zone, horizon)
    if local is None:
        return None
    day = local.date()
    nth = "-1" if (day + timedelta(days=7)).month != day.month else str((day.day - 1) // 7 + 1)
    return f"FREQ=MONTHLY;BYDAY={nth}{_WEEKDAYS[day.weekday()]}", local.time()
