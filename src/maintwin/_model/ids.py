"""The ids expansion gives what it generates: ``<prefix>-<local date>[T<hhmmss>]``."""

from __future__ import annotations

import re
from datetime import date, time

__all__ = ["dated_id", "is_dated_id"]

_DATED = re.compile(r"-\d{4}-\d{2}-\d{2}(T\d{6})?")


def dated_id(prefix: str, day: date, at: time | None = None) -> str:
    """``ris-2027-01-13``, or with a time of day ``ris-2027-01-13T100000``."""
    return f"{prefix}-{day.isoformat()}" + (f"T{at:%H%M%S}" if at is not None else "")


def is_dated_id(candidate: str, prefix: str, *, timed: bool = False) -> bool:
    """True when ``candidate`` has the form ``dated_id`` gives ids under ``prefix``.

    With ``timed``, ids carrying a time of day count too.
    """
    if not candidate.startswith(prefix):
        return False
    match = _DATED.fullmatch(candidate.removeprefix(prefix))
    return match is not None and (timed or match[1] is None)
