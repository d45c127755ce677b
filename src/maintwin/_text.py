"""How windows and spans of time are written in messages, explanations and the demo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from ._model.crew import Duty
from ._model.window import Window

__all__ = [
    "clock",
    "crew_text",
    "describe",
    "length_text",
    "minutes_text",
    "span_text",
    "when_text",
]


def describe(window: Window) -> str:
    """``ris-2027-01-13 (2027-01-13 10:00 CST)``: a window's id and local start."""
    return f"{window.id} ({window.start:%Y-%m-%d %H:%M %Z})"


def when_text(start: datetime, end: datetime) -> str:
    """When a window runs, on the clock of ``start``'s zone.

    ``Wed 2027-01-13 10:00-10:15 CST``; with the end's date when it ends on another day,
    ``Fri 2027-04-16 22:00-Mon 2027-04-19 06:00 CDT``; with both zone names when the clocks
    change in between, ``Sat 2027-03-13 22:00 CST-Sun 2027-03-14 10:00 CDT``.
    """
    end = end.astimezone(start.tzinfo)
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %Y-%m-%d %H:%M}"
    if end.tzname() != start.tzname():
        return f"{start:%a %Y-%m-%d %H:%M %Z}-{until} {end.tzname()}"
    return f"{start:%a %Y-%m-%d %H:%M}-{until} {start.tzname() or ''}".rstrip()


def clock(span: timedelta) -> str:
    """``0:15`` for fifteen minutes, ``2:00`` for two hours (seconds shown when present)."""
    seconds = int(span.total_seconds())
    hours, rest = divmod(seconds, 3600)
    text = f"{hours}:{rest // 60:02d}"
    return text + (f":{rest % 60:02d}" if rest % 60 else "")


def minutes_text(span: timedelta) -> str:
    """``8 min``, or ``8 min 30 s``."""
    whole, rest = divmod(span, timedelta(minutes=1))
    return f"{whole} min" + (f" {rest.seconds} s" if rest else "")


def length_text(span: timedelta) -> str:
    """``8 min 30 s`` under an hour, ``15 h 45 min`` from one on: how long a change takes."""
    return minutes_text(span) if span < timedelta(hours=1) else span_text(span)


def span_text(span: timedelta) -> str:
    """``2 weeks``, ``1 week``, ``5 days``, ``1 day 2 h``, ``3 h``, ``15 min``."""
    days, rest = span.days, span - timedelta(days=span.days)
    if days and not rest and days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week" + ("s" if weeks > 1 else "")
    parts = [f"{days} day" + ("s" if days > 1 else "")] if days else []
    hours, minutes = divmod(int(rest.total_seconds()) // 60, 60)
    if hours:
        parts.append(f"{hours} h")
    if minutes or not parts:
        parts.append(minutes_text(timedelta(minutes=minutes)))
    return " ".join(parts)


def crew_text(crew: Sequence[Duty]) -> str:
    """``dba dana (backup lee), network kim (backup sam)``: a crew, role by role.

    >>> from maintwin import Duty
    >>> crew_text([Duty(person="dana", role="dba"), Duty(person="lee", role="dba", backup=True)])
    'dba dana (backup lee)'
    """
    roles: dict[str, tuple[list[str], list[str]]] = {}
    for d in crew:
        primaries, backups = roles.setdefault(d.role, ([], []))
        (backups if d.backup else primaries).append(d.person)
    parts = []
    for role, (primaries, backups) in roles.items():
        text = f"{role} {' and '.join(primaries) or '(no primary)'}"
        if backups:
            text += f" (backup {' and '.join(backups)})"
        parts.append(text)
    return ", ".join(parts)
