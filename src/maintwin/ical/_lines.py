"""Content lines written directly: TEXT escaping, dates and times, durations, folding.

Each function gives exactly the text the icalendar library writes for the same value (RFC
5545: TEXT escaped as in 3.3.11, lines folded before 75 octets, without splitting an escape),
at a fraction of its cost: a feed of thousands of events is written line by line. What is
rare or intricate (a TZID, an ATTENDEE's parameters) is asked of the library once per value
and remembered in a small bounded cache.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, tzinfo
from functools import lru_cache

from icalendar import vCalAddress
from icalendar.parser import Contentline, Parameters
from icalendar.timezone.tzid import tzid_from_tzinfo

__all__ = ["address_line", "duration", "escape", "fold", "moment", "tzid_of"]

_SPECIAL = re.compile(r"[\\;,\n\r]")
_FOLD = 74  # octets on a line before the next character is folded onto the following one


def escape(text: str) -> str:
    """``text`` as a TEXT value (RFC 5545, 3.3.11), as icalendar escapes it."""
    if _SPECIAL.search(text) is None:
        return text
    return (
        text.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def fold(line: str) -> str:
    """``line`` folded as icalendar folds it: a line break and a space before the character
    that would make a line reach 75 octets, moved one earlier when the last one kept is the
    start of an escape (``\\`` or ``^``)."""
    if len(line) <= _FOLD and (line.isascii() or len(line.encode()) <= _FOLD):
        return line
    if line.isascii():
        pieces, begin, size = [], 0, len(line)
        while size - begin > _FOLD:
            end = begin + _FOLD
            if line[end - 1] in "\\^":
                end -= 1
            pieces.append(line[begin:end])
            begin = end
        pieces.append(line[begin:])
        return "\r\n ".join(pieces)
    return _fold_octets(line)


def _fold_octets(line: str) -> str:
    """:func:`fold` for a line with characters of more than one octet."""
    pieces: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        octets = len(char.encode())
        if current and count + octets > _FOLD:
            if len(current) > 1 and current[-1] in "\\^":
                kept = current.pop()
                pieces.append("".join(current))
                current, count = [kept], len(kept.encode())
            else:
                pieces.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += octets
    if current:
        pieces.append("".join(current))
    return "\r\n ".join(pieces)


@lru_cache(maxsize=64)
def tzid_of(zone: tzinfo) -> str | None:
    """The TZID icalendar writes for times in ``zone``; ``None`` for UTC (written with Z)."""
    tzid = tzid_from_tzinfo(zone)
    return None if tzid in (None, "UTC") else tzid


@lru_cache(maxsize=64)
def _zone_parameters(tzid: str) -> str:
    text: bytes = Parameters({"TZID": tzid}).to_ical()
    return text.decode()


def moment(name: str, value: date | datetime) -> str:
    """The content line of the date or date-time property ``name``: a date with
    ``VALUE=DATE``, a UTC time with ``Z``, another aware time with its ``TZID``, a naive one
    floating."""
    if not isinstance(value, datetime):
        return f"{name};VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"
    text = "%04d%02d%02dT%02d%02d%02d" % (  # noqa: UP031 (the fastest way)
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
    )
    if value.tzinfo is None:
        return f"{name}:{text}"
    tzid = tzid_of(value.tzinfo)
    if tzid is None:
        return f"{name}:{text}Z"
    return f"{name};{_zone_parameters(tzid)}:{text}"


def duration(value: timedelta) -> str:
    """A DURATION value as icalendar writes it: ``PT15M``, ``-P1D``, ``P0D``."""
    sign = ""
    if value.days < 0:
        sign, value = "-", -value
    part = ""
    if value.seconds:
        hours, minutes, seconds = (
            value.seconds // 3600,
            value.seconds % 3600 // 60,
            value.seconds % 60,
        )
        part = "T" + (f"{hours}H" if hours else "")
        if minutes or (hours and seconds):
            part += f"{minutes}M"
        if seconds:
            part += f"{seconds}S"
    if value.days == 0 and part:
        return f"{sign}P{part}"
    return f"{sign}P{value.days}D{part}"


@lru_cache(maxsize=1024)
def address_line(name: str, uri: str, parameters: tuple[tuple[str, str], ...]) -> str:
    """The content line of a calendar address (an ATTENDEE) with ``parameters``, written by
    icalendar itself: parameter quoting has many cases."""
    value = vCalAddress(uri)
    for key, given in parameters:
        value.params[key] = given
    return str(Contentline.from_parts(name, value.params, value))
