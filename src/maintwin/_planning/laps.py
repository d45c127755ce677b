"""`Lap`: how a benchmark times the phases of `plan` and `check` from outside (pure: nothing
here reads a clock; the caller's ``lap`` does)."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["Lap", "no_lap"]

Lap = Callable[[str], None]
"""Told the name of each phase as it ends."""


def no_lap(phase: str) -> None:
    """The default :data:`Lap`: nothing is timed."""
