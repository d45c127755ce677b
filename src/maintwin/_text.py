"""How windows and spans of time are written in messages, explanations and the demo."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from ._model.crew import Duty
from ._model.window import Window

__all__ = [
    "at_text",
    "clock",
    "crew_text",
    "describe",
    "length_text",
    "minutes_text",
    "period_parts",
    "period_text",
    "planned_text",
    "span_text",
    "when_text",
]

_DASH = "\N{EN DASH}"


def describe(window: Window) -> str:
    """``ris-2027-01-13 (2027-01-13 10:00 CST)``: a window's id and local start."""
    return f"{window.id} ({window.start:%Y-%m-%d %H:%M %Z})"


def at_text(moment: datetime) -> str:
    """``Sun 2027-04-18 22:00 CDT``: an instant on its own clock, with its day."""
    return f"{moment:%a %Y-%m-%d %H:%M %Z}"


def period_parts(start: datetime, end: datetime, *, dash: str = _DASH) -> tuple[str, str, str]:
    """How a period reads, as its start, what stands between (an en dash, with spaces when it
    ends on another day), and its end, both ends on one clock: ``Wed 2027-01-13 10:00`` and
    ``10:15 CST`` within a day; both dates, ``Fri 2027-04-16 22:00`` and
    ``Sun 2027-04-18 06:00 CDT``, across days; the zone named at both ends when its
    abbreviation changes in between, ``Sun 2027-11-07 01:30 CDT`` and ``01:45 CST``."""
    head = f"{start:%a %Y-%m-%d %H:%M}"
    if start.tzname() != end.tzname():
        head += f" {start:%Z}"
    if end.date() == start.date():
        return head, dash, f"{end:%H:%M %Z}"
    return head, f" {dash} ", f"{end:%a %Y-%m-%d %H:%M %Z}"


def period_text(start: datetime, end: datetime) -> str:
    """:func:`period_parts` as one text (``Wed 2027-01-13 10:00``, an en dash, ``10:15 CST``)."""
    return "".join(period_parts(start, end))


def planned_text(work: timedelta, capacity: timedelta) -> str:
    """``11 min planned of 15 min``: how much of a window's capacity its work takes."""
    return f"{span_text(work)} planned of {span_text(capacity)}"


def when_text(start: datetime, end: datetime) -> str:
    """:func:`period_text` on ``start``'s clock with a plain hyphen, as notices write it:
    ``Wed 2027-01-13 10:00-10:15 CST``, ``Fri 2027-04-16 22:00 - Mon 2027-04-19 06:00 CDT``."""
    return "".join(period_parts(start, end.astimezone(start.tzinfo), dash="-"))


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
