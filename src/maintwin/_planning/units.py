"""Durations as the integers the solvers count in (pure)."""

from __future__ import annotations

from datetime import timedelta

__all__ = ["micro", "minutes"]

_MINUTE = timedelta(minutes=1)
_MICROSECOND = timedelta(microseconds=1)


def minutes(span: timedelta) -> int:
    """Whole minutes in ``span``, rounded down (the unit of the delay objective)."""
    return span // _MINUTE


def micro(span: timedelta) -> int:
    """Whole microseconds in ``span``: durations as integers for the solvers."""
    return span // _MICROSECOND
