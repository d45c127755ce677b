"""The ids expansion gives what it generates: ``<prefix>-<local date>[T<hhmmss>]``."""

from __future__ import annotations

import re
from datetime import date, time

__all__ = ["MAX_ID_LENGTH", "dated_id", "is_dated_id", "longest_prefix", "prefix_problem"]

MAX_ID_LENGTH = 200
"""The most characters an id (``Id``) may have."""

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


def longest_prefix(*, timed: bool = False) -> int:
    """The longest prefix whose dated ids are still ids: 189 characters, 182 ``timed``."""
    return MAX_ID_LENGTH - len(dated_id("", date.max, time.max if timed else None))


def prefix_problem(prefix: str, *, timed: bool, owner: str, made: str) -> str | None:
    """Why ``prefix`` cannot prefix dated ids, or ``None`` when it can.

    ``owner`` names what has the id (``a train with downtime``), ``made`` what is given the
    dated ids (``its windows``); with ``timed`` the ids carry a time of day.
    """
    most = longest_prefix(timed=timed)
    if len(prefix) <= most:
        return None
    form = "<id>-YYYY-MM-DD" + ("THHMMSS" if timed else "")
    return (
        f"{len(prefix)} characters: too long for the id of {owner}; {made} get the ids {form} "
        f"and an id has at most {MAX_ID_LENGTH} characters, so this id may have at most {most}"
    )
