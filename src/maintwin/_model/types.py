"""Annotated field types shared by the models, each with an error that says what is accepted."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any, Literal, NoReturn, TypeVar

from pydantic import (
    AfterValidator,
    BeforeValidator,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
)

from .._errors import LocatedProblem, MaintwinError
from .._time import zone
from .ids import MAX_ID_LENGTH

__all__ = [
    "Counts",
    "DayOrInstant",
    "Downtime",
    "Duration",
    "Id",
    "LocalTime",
    "NonNegativeDuration",
    "PositiveDuration",
    "WallOrInstant",
    "ZoneName",
]

Id = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._:@+-]*$", max_length=MAX_ID_LENGTH),
]
"""An identifier: letters, digits and ``. _ : @ + -``, starting with a letter or digit; at most
200 characters."""

_ISO_DURATION = re.compile(
    r"^(?P<sign>-?)P(?!$)(?:(?P<w>\d+)W)?(?:(?P<d>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<h>\d+)H)?(?:(?P<m>\d+)M)?(?:(?P<s>\d+)(?:[.,](?P<f>\d{1,6}))?S)?)?$"
)


# The longest duration any field takes: a hundred years, far inside what date-times can reach
# from any date a plan uses, so no sum of a date and a duration overflows.
MAX_DURATION = timedelta(days=36525)
_TOO_LONG = "a duration of at most P36525D (100 years) in either direction"


def _parse_duration(value: Any) -> Any:
    if isinstance(value, timedelta):
        if abs(value) > MAX_DURATION:
            raise MaintwinError(f"{iso_duration(value)} is too long; expected {_TOO_LONG}")
        return value
    if isinstance(value, str):
        text = value.strip().upper()
        match = _ISO_DURATION.match(text)
        if match:
            n = {k: int(match[k] or 0) for k in "wdhms"}
            seconds = (((n["w"] * 7 + n["d"]) * 24 + n["h"]) * 60 + n["m"]) * 60 + n["s"]
            if seconds > MAX_DURATION.total_seconds() or len(text) > 100:
                shown = value if len(value) <= 40 else f"{value[:37]}..."
                raise MaintwinError(f"{shown!r} is too long; expected {_TOO_LONG}")
            fraction = int((match["f"] or "").ljust(6, "0"))  # exact microseconds
            found = timedelta(
                weeks=n["w"],
                days=n["d"],
                hours=n["h"],
                minutes=n["m"],
                seconds=n["s"],
                microseconds=fraction,
            )
            return -found if match["sign"] else found
        if re.match(r"^-?P(\d+Y|(\d+[YW])?\d+M)", text):
            raise MaintwinError(
                f"{value!r} uses years or months, which have no fixed length; give weeks, "
                "days, hours, minutes or seconds, e.g. 'P14D' or 'PT15M'"
            )
    raise MaintwinError(f"{value!r} is not an ISO 8601 duration; expected e.g. 'PT15M' or 'P14D'")


def iso_duration(value: timedelta) -> str:
    """``value`` as an ISO 8601 duration that parses back exactly: ``PT15M``, ``P1DT2H``."""
    if value < timedelta(0):
        return "-" + iso_duration(-value)
    hours, rest = divmod(value.seconds, 3600)
    minutes, secs = divmod(rest, 60)
    second = f"{secs}.{value.microseconds:06d}".rstrip("0") if value.microseconds else str(secs)
    units = ((hours, "H"), (minutes, "M"))
    time_part = "".join(f"{n}{u}" for n, u in units if n)
    time_part += f"{second}S" if secs or value.microseconds else ""
    out = "P" + (f"{value.days}D" if value.days else "") + (f"T{time_part}" if time_part else "")
    return out if out != "P" else "PT0S"


def _positive(value: timedelta) -> timedelta:
    if value <= timedelta(0):
        raise MaintwinError(f"must be longer than zero, got {iso_duration(value)}")
    return value


def _non_negative(value: timedelta) -> timedelta:
    if value < timedelta(0):
        raise MaintwinError(f"must not be negative, got {iso_duration(value)}")
    return value


_DURATION_SCHEMA = {
    "type": "string",
    "pattern": r"^\s*-?[Pp](?=[\dTt])(\d+[Ww])?(\d+[Dd])?"
    r"([Tt](?=\d)(\d+[Hh])?(\d+[Mm])?(\d+([.,]\d{1,6})?[Ss])?)?\s*$",
    "description": "an ISO 8601 duration without years or months, e.g. 'PT15M', 'P14D', 'P1W'",
}

Duration = Annotated[
    timedelta,
    BeforeValidator(_parse_duration),
    WithJsonSchema(_DURATION_SCHEMA),
    PlainSerializer(iso_duration, return_type=str, when_used="json"),
]
"""An ISO 8601 duration without years or months: ``PT15M``, ``P14D``, ``P1W``."""

PositiveDuration = Annotated[Duration, AfterValidator(_positive)]
NonNegativeDuration = Annotated[Duration, AfterValidator(_non_negative)]


def _downtime(value: Any) -> timedelta | Literal[True] | None:
    """A downtime as given: ``True`` (the policy's window length), none, or a duration."""
    if value is True:
        return True
    if value is None or value is False:
        return None
    try:
        length = _parse_duration(value)
    except MaintwinError as exc:
        raise MaintwinError(f"{exc}, or true for the policy's window length") from None
    return _positive(length)


def _written_downtime(value: timedelta | Literal[True] | None) -> str | bool | None:
    return iso_duration(value) if isinstance(value, timedelta) else value


Downtime = Annotated[
    timedelta | Literal[True] | None,
    PlainValidator(_downtime),
    WithJsonSchema(
        {
            "anyOf": [_DURATION_SCHEMA, {"type": "boolean"}, {"type": "null"}],
            "description": "a downtime window's length ('PT15M'), true for the policy's "
            "window length, or false for none",
        }
    ),
    PlainSerializer(_written_downtime, when_used="json"),
]
"""A positive duration; ``True`` for the policy's window length; ``None`` or ``False`` for none."""


K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A dict that cannot change after it is built, and so can be hashed."""

    def _refuse(self, *args: object, **kwargs: object) -> NoReturn:
        raise TypeError(f"{type(self).__name__} cannot be changed; build a new model instead")

    __setitem__ = __delitem__ = _refuse
    clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __hash__(self) -> int:  # type: ignore[override]
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (dict(self),))


_ROLE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:@+-]*$")


def _counts(value: dict[str, int]) -> FrozenDict[str, int]:
    for role, count in value.items():
        if not _ROLE.match(role):
            raise LocatedProblem(
                (role,),
                "not a role name; expected letters, digits and . _ : @ + -, starting with a "
                "letter or digit (e.g. 'dba')",
            )
        if count < 0:
            raise LocatedProblem((role,), f"{count}: expected 0 or more")
    return FrozenDict(value)


Counts = Annotated[dict[str, int], AfterValidator(_counts)]
"""Role -> number of people, none negative; immutable once validated."""


def _zone_name(value: Any) -> Any:
    if isinstance(value, str):
        zone(value)  # raises with a suggestion when unknown
    return value


ZoneName = Annotated[str, AfterValidator(_zone_name)]
"""An IANA time-zone name such as ``America/Chicago``, kept as the name."""


_TWELVE_HOUR = re.compile(
    r"^\s*(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?::(?P<s>\d{2}))?\s*(?P<half>[ap])\.?\s*m\.?\s*$",
    re.IGNORECASE,
)


def _clock_time(value: Any) -> Any:
    """Refuse the ways of writing a time of day that are not 24-hour text, saying how to."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise MaintwinError(
            f"{value!r} is a number, not a time of day; write a 24-hour local time as text, "
            "e.g. '10:00' or '14:30'"
        )
    if isinstance(value, str) and (match := _TWELVE_HOUR.match(value)):
        raise MaintwinError(_twelve_hour_problem(value, match))
    return value


def _twelve_hour_problem(value: str, match: re.Match[str]) -> str:
    """What to write instead of the 12-hour time ``value``."""
    hour, minute, second = (int(match[k] or 0) for k in "hms")
    seconds = f":{second:02d}" if match["s"] else ""
    if 1 <= hour <= 12 and minute < 60 and second < 60:
        hour24 = hour % 12 + (12 if match["half"].lower() == "p" else 0)
        written = f"{hour24:02d}:{minute:02d}{seconds}"
        return f"{value!r} is a 12-hour time; times of day are 24-hour: write it as {written!r}"
    return (
        f"{value!r} is not a time of day (a 12-hour time has hours 1 to 12 and minutes 00 to "
        "59); times of day are 24-hour, e.g. '14:30'"
    )


def _local_time(value: time) -> time:
    if value.tzinfo is not None:
        raise MaintwinError(
            f"{value.isoformat()} carries a UTC offset; give a local wall-clock time such as "
            "'10:00' and the zone separately"
        )
    if value.microsecond:
        raise MaintwinError(
            f"{value.isoformat()} has a fraction of a second; give whole seconds, e.g. '10:00'"
        )
    return value


LocalTime = Annotated[
    time,
    BeforeValidator(_clock_time),
    AfterValidator(_local_time),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$",
            "description": "a 24-hour local time of day, e.g. '10:00' or '14:30'",
        }
    ),
]
"""A local wall-clock time of day in 24-hour form, such as ``10:00`` or ``14:30``."""


def _day_or_instant(value: Any) -> Any:
    if isinstance(value, str):
        text = value.strip()
        try:
            value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
        except ValueError:
            raise MaintwinError(
                f"{value!r} is neither a date (2026-12-15) nor a date-time with a UTC offset "
                "(2026-12-15T22:00:00-06:00)"
            ) from None
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise MaintwinError(
                f"{value.isoformat()} is a naive date-time; give a UTC offset "
                f"({value.isoformat()}-06:00 or Z) or a whole date ({value.date().isoformat()})"
            )
        return value
    if isinstance(value, date):
        return value
    raise MaintwinError(f"{value!r} is not a date or a date-time")


DayOrInstant = Annotated[date | datetime, BeforeValidator(_day_or_instant)]
"""A whole local day (a date) or an aware instant (a date-time with a UTC offset)."""

WallOrInstant = Annotated[
    datetime,
    WithJsonSchema(
        {
            "type": "string",
            "pattern": r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?"
            r"([Zz]|[+-]\d{2}:\d{2})?$",
            "description": "a local date-time on the item's clock (2027-03-20T22:00), or one "
            "with a UTC offset",
        }
    ),
]
"""A local wall-clock date-time (read on the clock of the item it belongs to), or an aware
one; the schema says so, where a plain ``datetime`` would ask for an offset."""
