"""Durations as the integers the solvers count in (pure)."""

from __future__ import annotations

from datetime import timedelta

__all__ = ["micro", "minutes"]


def minutes(span: timedelta) -> int:
    """Whole minutes in ``span``, rounded down (the unit of the delay objective)."""
    return span // timedelta(minutes=1)


def micro(span: timedelta) -> int:
    """Whole microseconds in ``span``: durations as integers for the solvers."""
    return span // timedelta(microseconds=1)
