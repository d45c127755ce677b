"""VTIMEZONE truth: for every IANA zone, the VTIMEZONE maintwin writes gives the offset
zoneinfo gives at every change of offset in a feed's span plus ten years, and just before it.

Nothing here shares code with the writer (which looks at zoneinfo once a day and bisects):
the changes are read from the zone's TZif file, the one zoneinfo reads (its transitions, then
the POSIX TZ rule of its footer), and the VTIMEZONE is read back by the small parser below.
"""

from __future__ import annotations

import bisect
import random
import re
import struct
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path

import pytest

from maintwin.ical._vtimezone import vtimezone

SEED = 16
HOUR = 3600


# -- the changes of a zone, from its TZif file -------------------------------------------------


def _tzif(key: str) -> bytes:
    """The TZif data zoneinfo reads for ``key``: the first file on its TZPATH, else tzdata's."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / key
        if path.is_file():
            return path.read_bytes()
    package, _, name = f"tzdata.zoneinfo.{key}".replace("/", ".").rpartition(".")
    return resources.files(package).joinpath(name).read_bytes()


def _changes_in_file(data: bytes) -> tuple[list[tuple[int, int]], int, str]:
    """The (UTC second, offset after) transitions of the file's 64-bit part, the offset before
    the first, and the footer's TZ rule."""
    assert data[:4] == b"TZif"
    assert data[4] >= ord("2"), "a TZif file of version 2 or later"
    counts = struct.unpack(">6l", data[20:44])
    isut, isstd, leap, times, types, chars = counts
    skip = 44 + times * 5 + types * 6 + chars + leap * 8 + isstd + isut
    isut, isstd, leap, times, types, chars = struct.unpack(">6l", data[skip + 20 : skip + 44])
    at = skip + 44
    moments = struct.unpack(f">{times}q", data[at : at + 8 * times])
    at += 8 * times
    indices = data[at : at + times]
    at += times
    offsets = [struct.unpack(">lBB", data[at + 6 * i : at + 6 * i + 6])[0] for i in range(types)]
    at += types * 6 + chars + leap * 12 + isstd + isut
    footer = data[at:].strip(b"\n").decode()
    return [(m, offsets[i]) for m, i in zip(moments, indices, strict=True)], offsets[0], footer


_NAME = r"(?:<[^>]+>|[A-Za-z]+)"
_OFFSET = r"[+-]?\d+(?::\d+){0,2}"
_RULE = re.compile(
    rf"^{_NAME}(?P<std>{_OFFSET})(?:{_NAME}(?P<dst>{_OFFSET})?"
    r",(?P<on>[^,/]+)(?:/(?P<on_at>[^,]+))?,(?P<off>[^,/]+)(?:/(?P<off_at>[^,]+))?)?$"
)


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * HOUR + parts[1] * 60 + parts[2])


def _day(rule: str, year: int) -> date:
    """The day a POSIX TZ date (``Mm.w.d``, ``Jn`` or ``n``) names in ``year``."""
    if rule.startswith("M"):
        month, week, weekday = (int(p) for p in rule[1:].split("."))
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - (first.isoweekday() % 7)) % 7)
        day += timedelta(weeks=week - 1)
        while day.month != month:  # week 5: the last such weekday
            day -= timedelta(weeks=1)
        return day
    if rule.startswith("J"):  # 1-365, never counting 29 February
        n = int(rule[1:])
        leap = year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)
        return date(year, 1, 1) + timedelta(days=n - 1 + (leap and n >= 60))
    return date(year, 1, 1) + timedelta(days=int(rule))


def _rule_changes(footer: str, years: range) -> list[tuple[int, int]]:
    """The transitions the footer's rule gives in ``years``: (UTC second, offset after)."""
    match = _RULE.match(footer)
    assert match, f"a TZ rule this test reads: {footer!r}"
    if match["on"] is None:
        return []
    std = -_seconds(match["std"])
    dst = -_seconds(match["dst"]) if match["dst"] else std + HOUR
    found = []
    for year in years:
        for rule, at, before, after in (
            (match["on"], match["on_at"], std, dst),
            (match["off"], match["off_at"], dst, std),
        ):
            local = datetime.combine(_day(rule, year), datetime.min.time(), UTC)
            moment = local + timedelta(seconds=_seconds(at or "2") - before)
            found.append((int(moment.timestamp()), after))
    return sorted(found)


def _offset_changes(key: str, lo: int, hi: int) -> list[int]:
    """The seconds in ``(lo, hi]`` at which the zone's UTC offset changes."""
    listed, offset, footer = _changes_in_file(_tzif(key))
    last = listed[-1][0] if listed else lo
    start = datetime.fromtimestamp(max(last, lo) - 400 * 86400, UTC).year
    end = datetime.fromtimestamp(hi, UTC).year + 1
    later = [c for c in _rule_changes(footer, range(start, end + 1)) if c[0] > last]
    found = []
    for moment, after in [*listed, *later]:
        if after != offset and lo < moment <= hi:
            found.append(moment)
        offset = after
    return found


# -- the VTIMEZONE, read back --------------------------------------------------------------


@dataclass(frozen=True)
class _Onset:
    second: int
    before: int
    after: int


def _read(text: str) -> list[_Onset]:
    """The onsets of a VTIMEZONE's text: each DTSTART and RDATE, at TZOFFSETFROM."""
    onsets = []
    text = text.replace("\r\n ", "").replace("\r\n\t", "")  # unfolded
    for block in re.findall(r"BEGIN:(?:STANDARD|DAYLIGHT)\r\n(.*?)END:", text, re.S):
        fields: dict[str, list[str]] = {}
        for line in block.split("\r\n"):
            if line:
                name, _, value = line.partition(":")
                fields.setdefault(name, []).append(value)
        assert "RRULE" not in fields, "maintwin lists each onset"
        before, after = (
            _seconds(fields[n][0][:3] + ":" + fields[n][0][3:])
            for n in ("TZOFFSETFROM", "TZOFFSETTO")
        )
        listed = [v for values in fields.get("RDATE", []) for v in values.split(",")]
        for value in fields["DTSTART"] + listed:
            local = datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=UTC)
            onsets.append(_Onset(int(local.timestamp()) - before, before, after))
    return sorted(onsets, key=lambda o: o.second)


def _offset_at(onsets: list[_Onset], second: int) -> int:
    """The offset in force at ``second``: that of the last onset at or before it."""
    index = bisect.bisect_right([o.second for o in onsets], second)
    return onsets[index - 1].after if index else onsets[0].before


def _zoneinfo_offset(tz: zoneinfo.ZoneInfo, second: int) -> int:
    offset = datetime.fromtimestamp(second, tz).utcoffset()
    assert offset is not None
    return int(offset.total_seconds())


def test_every_zone_gives_zoneinfo_s_offset_at_every_change() -> None:
    rng = random.Random(SEED)
    zones = sorted(zoneinfo.available_timezones())
    checked = changes = 0
    wrong: list[str] = []
    for key in zones:
        year = rng.randrange(1995, 2045)
        first, last = date(year, 1, 1), date(year + 2 + 10, 1, 1)  # the span, then ten years
        text = vtimezone(key, first, last).to_ical().decode()
        onsets = _read(text)
        tz = zoneinfo.ZoneInfo(key)
        lo = int(datetime.combine(first, datetime.min.time(), UTC).timestamp())
        hi = int(datetime.combine(last, datetime.min.time(), UTC).timestamp())
        moments = _offset_changes(key, lo, hi)
        for moment in moments:  # the file's changes are zoneinfo's
            assert _zoneinfo_offset(tz, moment - 1) != _zoneinfo_offset(tz, moment), (key, moment)
        for moment in [lo, *moments, *(o.second for o in onsets)]:
            for second in (moment - 1, moment):
                if lo <= second <= hi:
                    ours, theirs = _offset_at(onsets, second), _zoneinfo_offset(tz, second)
                    if ours != theirs:
                        wrong.append(
                            f"{key} at {datetime.fromtimestamp(second, UTC)}: {ours} != {theirs}"
                        )
        checked += 1
        changes += len(moments)
    print(f"VTIMEZONE truth: {checked} zones, {changes} changes of offset")
    assert checked == len(zones) > 590
    assert changes > 4_000
    assert wrong == [], "\n".join(wrong[:20])


@pytest.mark.parametrize(
    ("key", "day"),
    [("Africa/Casablanca", date(2027, 2, 7)), ("Europe/London", date(2027, 3, 28))],
)
def test_the_oracle_finds_known_changes(key: str, day: date) -> None:
    lo = int(datetime(2027, 1, 1, tzinfo=UTC).timestamp())
    hi = int(datetime(2028, 1, 1, tzinfo=UTC).timestamp())
    days = {datetime.fromtimestamp(m, UTC).date() for m in _offset_changes(key, lo, hi)}
    assert day in days or day - timedelta(days=1) in days
