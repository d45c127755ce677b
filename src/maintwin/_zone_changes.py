"""A zone's changes of state (offset, name, daylight saving) over a span, found to the second;
and :class:`LocalClock`, which turns local wall-clock times into instants with them.

The zone is looked at once a day and each change between two looks is found by bisection, so
every period of a day or more is exact; tzdata has none shorter in the years maintwin plans in.
The iCal feeds (their VTIMEZONE components) and expansion's fast path both use these changes.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from ._time import settle

__all__ = ["DAY", "LocalClock", "Onset", "State", "changes", "span_seconds", "state"]

DAY = 86_400
# The seconds fromtimestamp reaches on every platform, kept clear of year 1 and year 9999.
_EARLIEST = int(datetime(2, 1, 1, tzinfo=UTC).timestamp())
_LATEST = int(datetime(9998, 1, 1, tzinfo=UTC).timestamp())
_EPOCH = datetime(1970, 1, 1)  # naive: a UTC second counted from here is a naive UTC time


@dataclass(frozen=True)
class State:
    """What a zone says at some instant: its UTC offset, its name, whether it is daylight
    saving time."""

    offset: timedelta
    name: str
    daylight: bool


@dataclass(frozen=True)
class Onset:
    """The zone's state changing at ``second`` (UTC, counted from 1970) from ``before`` to
    ``after``."""

    second: int
    before: State
    after: State


def span_seconds(lo: float, hi: float) -> tuple[int, int]:
    """The UTC seconds ``lo`` and ``hi`` held within the seconds every platform's
    ``fromtimestamp`` reaches, ``hi`` not before ``lo``."""
    first = max(_EARLIEST, min(_LATEST, int(lo)))
    return first, min(_LATEST, max(first, int(hi)))


def state(tz: ZoneInfo, second: int) -> State:
    """The zone's state at the UTC ``second``."""
    there = datetime.fromtimestamp(second, tz)
    offset, daylight = there.utcoffset(), there.dst()
    assert offset is not None
    return State(offset, there.tzname() or "", daylight is not None and daylight > timedelta(0))


def changes(tz: ZoneInfo, lo: int, hi: int) -> list[Onset]:
    """Every change of the zone's state in ``(lo, hi]`` (UTC seconds, as
    :func:`span_seconds` gives them): looked at once a day, each change between two looks
    found by bisection (and any second one after it, the same way)."""
    seconds = [*range(lo, hi, DAY), hi]
    looks = [_look(tz, second) for second in seconds]
    found: list[Onset] = []
    for index in range(1, len(seconds)):
        at, look = seconds[index - 1], looks[index - 1]
        while look != looks[index]:
            a, b = at, seconds[index]  # ``look`` at a, another at b: a change in (a, b]
            while b - a > 1:
                middle = (a + b) // 2
                if _look(tz, middle) == look:
                    a = middle
                else:
                    b = middle
            found.append(Onset(b, state(tz, at), state(tz, b)))
            at, look = b, _look(tz, b)
    return found


def _look(tz: ZoneInfo, second: int) -> tuple[timedelta | None, str | None, timedelta | None]:
    """What the zone says at ``second``: its offset, name and daylight saving."""
    there = datetime.fromtimestamp(second, tz)
    return there.utcoffset(), there.tzname(), there.dst()


_MARGIN = timedelta(days=1)  # around each change of offset, and inside the span's ends


class LocalClock:
    """Local wall-clock times of one zone turned into instants, as :func:`settle` does, from
    the zone's changes of offset over a span found once.

    Away from every change of offset (more than a day from it on the wall clock) a local time
    has one meaning, the offset in force there: it becomes its instant by subtraction. A time
    within a day of a change, or outside the span, goes to :func:`settle` itself, so the gaps
    and repeated hours of the clock changes are treated exactly as everywhere else.
    """

    __slots__ = ("_anchor", "_aware", "_edges", "_instants", "_tz")

    def __init__(self, tz: ZoneInfo, lo: datetime, hi: datetime) -> None:
        """The clock of ``tz`` for the instants ``[lo, hi]`` (aware)."""
        self._tz = tz
        first, last = span_seconds(lo.timestamp(), hi.timestamp())
        offsets = [state(tz, first).offset]
        # Wall-clock ranges where a local time is left to settle(): around each change.
        unsafe: list[list[datetime]] = []
        for onset in changes(tz, first, last):
            before, after = onset.before.offset, onset.after.offset
            if before == after:
                continue
            moment = _EPOCH + timedelta(seconds=onset.second)
            start = moment + min(before, after) - _MARGIN
            stop = moment + max(before, after) + _MARGIN
            if unsafe and start <= unsafe[-1][1]:  # overlaps the last one: one range
                unsafe[-1][1] = max(unsafe[-1][1], stop)
                offsets[-1] = after
            else:
                unsafe.append([start, stop])
                offsets.append(after)
        # edges: the span's start, each unsafe range's start and stop, the span's end. A time
        # t is safe when bisect_right(edges, t) is odd and not past the end.
        # A range reaching past the span's ends is cut there, which keeps the edges in order.
        begin = _EPOCH + timedelta(seconds=first) + _MARGIN
        end = max(begin, _EPOCH + timedelta(seconds=last) - _MARGIN)
        inner = (min(max(edge, begin), end) for pair in unsafe for edge in pair)
        self._edges = [begin, *inner, end]
        # Arithmetic on an aware time keeps its zone and its wall clock: a local time is the
        # anchor moved by its distance from it, and its instant is the anchor's instant under
        # the offset in force moved by the same distance (building aware times costs more).
        self._anchor = begin
        self._aware = begin.replace(tzinfo=tz)
        self._instants = [(begin - offset).replace(tzinfo=UTC) for offset in offsets]

    def settle(self, local: datetime) -> tuple[datetime, datetime, bool]:
        """What :func:`settle` gives for the naive ``local``: the aware time, its instant in
        UTC, and whether it was shifted."""
        edges = self._edges
        position = bisect_right(edges, local)
        if position % 2 == 0 or position == len(edges):
            return settle(local, self._tz)
        distance = local - self._anchor
        return self._aware + distance, self._instants[position >> 1] + distance, False
