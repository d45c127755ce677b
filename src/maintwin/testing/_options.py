"""Checks of the strategies' options: each bad option raises ``InvalidArgument`` naming it and
the value given, when the strategy is defined rather than when it is first drawn from."""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from datetime import date, datetime
from typing import TypeVar

from hypothesis.errors import InvalidArgument
from pydantic import TypeAdapter, ValidationError

from .._errors import MaintwinError
from .._model.policy import Policy
from .._model.types import Id
from .._time import zone

__all__ = [
    "MAX_SUBSYSTEMS",
    "Horizon",
    "Subsystems",
    "choices",
    "count",
    "flag",
    "horizon",
    "identifier",
    "ids",
    "names",
    "policy",
    "share",
    "some_ids",
    "subsystems",
    "zones",
]

T = TypeVar("T")
Horizon = tuple[date, date] | None
Subsystems = tuple[int, int] | tuple[str, ...]  # how many to draw, or the names themselves

MAX_SUBSYSTEMS = 12
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
_ID = TypeAdapter(Id)


def _bad(name: str, value: object, expected: str) -> InvalidArgument:
    return InvalidArgument(f"{name}={value!r}: expected {expected}")


def flag(name: str, value: object) -> bool:
    """A boolean option."""
    if not isinstance(value, bool):
        raise _bad(name, value, "True or False")
    return value


def share(name: str, value: object) -> float:
    """A share or density: a number from 0 to 1."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise _bad(name, value, "a number from 0 to 1")
    return float(value)


def count(name: str, value: object, *, most: int) -> int:
    """A whole number from 0 to ``most``."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= most:
        raise _bad(name, value, f"a whole number from 0 to {most}")
    return value


def choices(name: str, value: object, allowed: Sequence[T]) -> tuple[T, ...]:
    """A non-empty selection of ``allowed`` without repeats, in the order given."""
    shown = [str(a) for a in allowed]
    if isinstance(value, str) or not isinstance(value, Collection) or not value:
        raise _bad(name, value, f"a non-empty list drawn from {shown!r}")
    picked = []
    for item in value:
        if item not in allowed:
            raise InvalidArgument(f"{name}={value!r}: {item!r} is not one of {shown!r}")
        picked.append(allowed[list(allowed).index(item)])
    if len(set(picked)) != len(picked):
        raise _bad(name, value, "a list without repeats")
    return tuple(picked)


def ids(name: str, value: object) -> tuple[str, ...]:
    """A list of ids (letters, digits and ``. _ : @ + -``), possibly empty."""
    if isinstance(value, str) or not isinstance(value, Collection):
        raise _bad(name, value, "a list of ids")
    items = tuple(value)
    for item in items:
        try:
            _ID.validate_python(item, strict=True)
        except ValidationError:
            raise InvalidArgument(
                f"{name}={value!r}: {item!r} is not an id of letters, digits and . _ : @ + - "
                "starting with a letter or digit"
            ) from None
    return items


def identifier(name: str, value: object) -> str:
    """One id (letters, digits and ``. _ : @ + -``)."""
    try:
        return str(_ID.validate_python(value, strict=True))
    except ValidationError:
        raise _bad(
            name, value, "an id of letters, digits and . _ : @ + - starting with a letter or digit"
        ) from None


def some_ids(name: str, value: object) -> tuple[str, ...]:
    """A non-empty list of ids without repeats."""
    items = ids(name, value)
    if not items or len(set(items)) != len(items):
        raise _bad(name, value, "a non-empty list of ids without repeats")
    return items


def _strings(name: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, Collection) or not value:
        raise _bad(name, value, "a non-empty list of names")
    items = tuple(value)
    for item in items:
        if not isinstance(item, str):
            raise InvalidArgument(f"{name}={value!r}: {item!r} is not a string")
    if len(set(items)) != len(items):
        raise _bad(name, value, "a list without repeats")
    return items


def zones(name: str, value: object) -> tuple[str, ...]:
    """A non-empty list of IANA zone names."""
    items = _strings(name, value)
    for item in items:
        try:
            zone(item)
        except MaintwinError as exc:
            raise InvalidArgument(f"{name}={value!r}: {exc}") from None
    return items


def names(name: str, value: object) -> tuple[str, ...]:
    """A non-empty list of subsystem names: letters, digits, ``-`` and ``_``, starting with a
    letter or digit, different even ignoring case (train ids are the names in lower case)."""
    items = _strings(name, value)
    for item in items:
        if not _NAME.match(item):
            raise InvalidArgument(
                f"{name}={value!r}: {item!r} is not a subsystem name of letters, digits, '-' "
                "and '_' starting with a letter or digit"
            )
    if len({i.lower() for i in items}) != len(items):
        raise _bad(name, value, "names that differ even ignoring case")
    return items


def subsystems(name: str, value: object) -> Subsystems:
    """How many subsystems to draw (a number, or the least and most), or their names."""
    pair = (value, value) if isinstance(value, int) else value
    if (
        isinstance(pair, tuple)
        and len(pair) == 2
        and all(isinstance(v, int) and not isinstance(v, bool) for v in pair)
    ):
        lo, hi = pair
        if not 1 <= lo <= hi <= MAX_SUBSYSTEMS:
            raise _bad(
                name, value, f"a number or (least, most), 1 <= least <= most <= {MAX_SUBSYSTEMS}"
            )
        return (lo, hi)
    if isinstance(value, bool):
        raise _bad(name, value, "a number, (least, most), or a list of names")
    return names(name, value)


MAX_HORIZON_YEARS = 20


def horizon(name: str, value: object) -> Horizon:
    """``None`` (drawn for each example), or a pair of dates, the end after the start."""
    if value is None:
        return None
    if not (isinstance(value, Sequence) and not isinstance(value, str) and len(value) == 2):
        raise _bad(name, value, "None or a pair of dates (start, end)")
    start, end = value
    for day in (start, end):
        if not isinstance(day, date) or isinstance(day, datetime):
            raise InvalidArgument(f"{name}={value!r}: {day!r} is not a date")
    if not start < end:
        raise _bad(name, value, "an end after the start (the end is exclusive)")
    # Before 1970 some zones' offsets had seconds, which a JSON round trip of a plan drops;
    # longer horizons make a drawn plan too big for Hypothesis's health checks.
    if not (start.year >= 1970 and end.year <= 2200):
        raise _bad(name, value, "dates from 1970 to 2200")
    if (end - start).days > MAX_HORIZON_YEARS * 366:
        raise _bad(name, value, f"a horizon of at most {MAX_HORIZON_YEARS} years")
    return (start, end)


def policy(name: str, value: object) -> Policy | None:
    """``None`` (drawn for each example) or a :class:`~maintwin.Policy`."""
    if value is not None and not isinstance(value, Policy):
        raise _bad(name, value, "None or a maintwin.Policy")
    return value
