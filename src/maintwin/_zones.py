"""Time zones by IANA name, and the advice given for a name that is not one."""

from __future__ import annotations

import difflib
from datetime import datetime, timedelta
from functools import cache
from typing import NamedTuple
from zoneinfo import ZoneInfo, available_timezones

from ._errors import MaintwinError

__all__ = ["zone"]

_HOST_ZONES = frozenset({"localtime", "posixrules", "Factory"})


class _Advice(NamedTuple):
    """The zone an abbreviation most often means, where that is, and other common readings."""

    zone: str
    place: str
    other: str = ""


# Space-separated abbreviations, and the advice for each of them.
_ADVICE: tuple[tuple[str, _Advice], ...] = (
    ("CST CDT", _Advice("America/Chicago", "US Central time", "'Asia/Shanghai' for China")),
    ("EST EDT", _Advice("America/New_York", "US Eastern time")),
    ("MST MDT", _Advice("America/Denver", "US Mountain time", "'America/Phoenix' for Arizona")),
    ("PST PDT", _Advice("America/Los_Angeles", "US Pacific time")),
    ("AKST AKDT", _Advice("America/Anchorage", "Alaska time")),
    ("HST", _Advice("Pacific/Honolulu", "Hawaii time")),
    ("AST ADT", _Advice("America/Halifax", "Atlantic time")),
    ("NST NDT", _Advice("America/St_Johns", "Newfoundland time")),
    ("BRT BRST", _Advice("America/Sao_Paulo", "Brasilia time")),
    ("GMT", _Advice("Europe/London", "UK time", "'UTC' for UTC all year")),
    ("BST", _Advice("Europe/London", "UK time")),
    ("WET WEST", _Advice("Europe/Lisbon", "Western European time")),
    ("CET CEST MET MEST", _Advice("Europe/Berlin", "Central European time", "'Europe/Paris'")),
    ("EET EEST", _Advice("Europe/Athens", "Eastern European time", "'Europe/Helsinki'")),
    ("MSK", _Advice("Europe/Moscow", "Moscow time")),
    ("SAST", _Advice("Africa/Johannesburg", "South Africa")),
    (
        "IST",
        _Advice(
            "Asia/Kolkata", "India", "'Europe/Dublin' for Ireland, 'Asia/Jerusalem' for Israel"
        ),
    ),
    ("PKT", _Advice("Asia/Karachi", "Pakistan")),
    ("SGT", _Advice("Asia/Singapore", "Singapore")),
    ("HKT", _Advice("Asia/Hong_Kong", "Hong Kong")),
    ("JST", _Advice("Asia/Tokyo", "Japan")),
    ("KST", _Advice("Asia/Seoul", "Korea")),
    ("AWST", _Advice("Australia/Perth", "Western Australia")),
    (
        "ACST ACDT",
        _Advice(
            "Australia/Adelaide", "South Australia", "'Australia/Darwin' for the Northern Territory"
        ),
    ),
    (
        "AEST AEDT",
        _Advice("Australia/Sydney", "New South Wales", "'Australia/Brisbane' for Queensland"),
    ),
    ("NZST NZDT", _Advice("Pacific/Auckland", "New Zealand")),
)
_ABBREVIATIONS = {name: advice for names, advice in _ADVICE for name in names.split()}


@cache
def _zone_names() -> frozenset[str]:
    """IANA names, less those that stand for the host's own configuration."""
    names = available_timezones() - _HOST_ZONES
    return frozenset(n for n in names if not n.startswith(("posix/", "right/")))


@cache
def zone(name: str) -> ZoneInfo:
    """The :class:`ZoneInfo` for an IANA zone name, or a :class:`MaintwinError` that says why.

    Names that mean the host's own zone (``localtime``, ``posixrules``) are refused: results
    must not depend on the machine. So are abbreviations (``CST``, ``CET``), even the few that
    tzdata keeps as legacy names (``EST``, ``MST``, ``HST`` and ``GMT`` are fixed offsets there,
    which never change for daylight saving time): the message names the IANA zone to use.
    """
    if name.strip().upper() in _ABBREVIATIONS:
        raise MaintwinError(_abbreviation_problem(name))
    if name in _zone_names():
        return ZoneInfo(name)
    close = difflib.get_close_matches(name, sorted(_zone_names()), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    raise MaintwinError(
        f"unknown time zone {name!r}; expected an IANA name such as 'America/Chicago'{hint}"
    )


def _abbreviation_problem(name: str) -> str:
    """Why the abbreviation ``name`` is refused, and the IANA name to write instead."""
    advice = _ABBREVIATIONS[name.strip().upper()]
    if name in _zone_names() and (offset := _fixed_offset(ZoneInfo(name))) is not None:
        why = (
            f"tzdata keeps it as a fixed offset, UTC{offset} all year, so local times there "
            "never change for daylight saving time"
        )
    else:
        why = "abbreviations are ambiguous and do not say when daylight saving time starts"
    also = f" (or {advice.other})" if advice.other else ""
    return (
        f"time zone {name!r} is an abbreviation, not an IANA name: {why}; write the IANA name "
        f"of the place whose clocks you follow, e.g. {advice.zone!r} for {advice.place}{also}"
    )


def _fixed_offset(tz: ZoneInfo) -> str | None:
    """``tz``'s UTC offset as ``-05:00`` when it is the same in January and July, else None."""
    winter, summer = (datetime(2001, month, 1, tzinfo=tz).utcoffset() for month in (1, 7))
    if winter is None or winter != summer:
        return None
    sign = "-" if winter < timedelta(0) else "+"
    hours, rest = divmod(abs(winter), timedelta(hours=1))
    return f"{sign}{hours:02d}:{rest // timedelta(minutes=1):02d}"
