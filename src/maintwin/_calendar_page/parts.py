"""Small pieces of the calendar page's HTML: times, the mark of each kind of day, the
attributes the subsystem filter reads, and a conflict with the ids it concerns.

Every text from the plan goes through :func:`maintwin._html.escape` here or in the module
that writes it.
"""

from __future__ import annotations

import calendar
import json
from collections.abc import Callable
from datetime import date, datetime

from .._html import escape as _e
from .._model.conflict import Conflict
from .._text import period_parts
from .facts import Clock, Facts, Kind

__all__ = [
    "LABELS",
    "LETTERS",
    "conflict_html",
    "day_id",
    "month_name",
    "month_table",
    "period_html",
    "time_html",
    "whose",
]

LETTERS = {
    Kind.BLACKOUT: "B",
    Kind.RELEASE: "R",
    Kind.OPEN: "W",
    Kind.BLOCKED: "X",
    Kind.CONFLICT: "!",
}
"""The letter of each kind: the page never says a thing by colour alone."""

LABELS = {
    Kind.BLACKOUT: "blackout",
    Kind.RELEASE: "release",
    Kind.OPEN: "open window",
    Kind.BLOCKED: "blocked window",
    Kind.CONFLICT: "conflict",
}

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""Written out, not from the locale: the page reads the same on every machine."""
_WEEKS = calendar.Calendar(firstweekday=calendar.MONDAY)


def month_name(year: int, month: int) -> str:
    """``January 2027``."""
    return f"{_MONTHS[month - 1]} {year}"


def month_table(
    clock: Clock,
    year: int,
    month: int,
    *,
    css: str,
    letters: int,
    day: Callable[[date], str],
    out: Callable[[date], str],
    caption: str = "",
) -> list[str]:
    """A month as a table of weeks, Monday first, its days named by their first ``letters``:
    ``day`` writes the cell of each day of the horizon, ``out`` that of each other day of the
    month; the days of the months around are empty cells."""
    head = "".join(f'<th scope="col" abbr="{d}">{d[:letters]}</th>' for d in _WEEKDAYS)
    lines = [f'<table class="{css}">']
    if caption:
        lines.append(f"<caption>{caption}</caption>")
    lines += [f"<thead><tr>{head}</tr></thead>", "<tbody>"]
    for week in _WEEKS.monthdatescalendar(year, month):
        cells = [
            '<td class="pad"></td>'
            if d.month != month
            else day(d)
            if clock.first <= d <= clock.last
            else out(d)
            for d in week
        ]
        lines.append(f"<tr>{''.join(cells)}</tr>")
    return [*lines, "</tbody>", "</table>"]


def time_html(moment: datetime | date, text: str) -> str:
    """``text`` in a ``<time>`` element whose ``datetime`` is ``moment`` (with its offset)."""
    return f'<time datetime="{moment.isoformat()}">{_e(text)}</time>'


def period_html(start: datetime, end: datetime) -> str:
    """A period as :func:`maintwin._text.period_text` reads, each end in a ``<time>``."""
    head, between, tail = period_parts(start, end)
    return f"{time_html(start, head)}{_e(between)}{time_html(end, tail)}"


def day_id(day: date) -> str:
    """The id of a day's cell in its month's grid: ``day-2027-01-13``."""
    return f"day-{day.isoformat()}"


def whose(subsystem: str | None = None, scope: tuple[str, ...] | None = None) -> str:
    """The attribute the filter reads: `` data-subsystem="RIS"`` for the things of one
    subsystem, `` data-scope="[...]"`` (a JSON list) for a blackout of some subsystems (hidden
    when all of them are), nothing for a blackout of all."""
    if subsystem is not None:
        return f' data-subsystem="{_e(subsystem)}"'
    if scope is not None:
        return f' data-scope="{_e(json.dumps(list(scope)))}"'
    return ""


def conflict_html(conflict: Conflict, facts: Facts, *, refs: bool) -> str:
    """A conflict as a list item: its severity and code as text, its message and hint, and
    with ``refs`` links to the windows and changes it concerns."""
    severity = conflict.severity.value
    parts = [
        f'<li class="conflict {_e(severity)}">',
        f'<span class="tag {_e(severity)}">{_e(severity)}</span> ',
        f"<code>{_e(conflict.code.value)}</code>: {_e(conflict.message)}",
    ]
    if conflict.hint:
        parts.append(f' <span class="hint">({_e(conflict.hint)})</span>')
    if refs:
        links = [_link(f"window-{w}", w, known=w in facts.window_ids) for w in conflict.windows]
        links += [_change_link(c, facts) for c in conflict.changes]
        if links:
            parts.append(f' <span class="refs">Concerns {", ".join(links)}.</span>')
    parts.append("</li>")
    return "".join(parts)


def _change_link(change: str, facts: Facts) -> str:
    if change in facts.where:
        return _link(f"change-{change}", change, known=True)
    return _link(f"unplaced-{change}", change, known=change in facts.unplaced)


def _link(target: str, text: str, *, known: bool) -> str:
    if not known:
        return f"<b>{_e(text)}</b>"
    return f'<a href="#{_e(target)}">{_e(text)}</a>'
