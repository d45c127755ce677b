"""The year at a glance: a small calendar of each month of the horizon, each day with a mark
per kind of thing that happens on it (its letter, coloured, with the details in its title),
and the legend.

A day's marks are grouped by kind and subsystem (a blackout by its scope), so that the filter
can hide a subsystem's marks and leave the others; the day takes the colour of the weightiest
mark left shown (the style sheet says which, with ``:has()``).
"""

from __future__ import annotations

from datetime import date

from .._html import escape as _e
from .facts import Event, Facts, Kind
from .parts import LABELS, LETTERS, day_id, month_name, month_table, whose

__all__ = ["legend_html", "year_html"]


def legend_html() -> list[str]:
    """What each mark means, in words and letters as well as colours."""
    meanings = {
        Kind.RELEASE: "a subsystem ships a release",
        Kind.OPEN: "an open downtime window (its changes, if any, are planned in it)",
        Kind.BLOCKED: "a blocked window: a blackout or a staffing gap keeps it from running",
        Kind.BLACKOUT: "a blackout: a holiday, a freeze, a vendor's or staff's time away",
        Kind.CONFLICT: "a conflict concerns the window (see its details)",
    }
    out = ['<ul class="legend" aria-label="Legend">']
    for kind, meaning in meanings.items():
        out.append(
            f'<li><span class="m {kind.value}">{LETTERS[kind]}</span> '
            f"<b>{LABELS[kind]}</b>: {meaning}</li>"
        )
    out.append("</ul>")
    out.append(
        '<p class="note">A day takes the colour of the first of: blocked window, open window, '
        "release, blackout; its letters list everything on it. Select a day to see it in its "
        "month.</p>"
    )
    return out


def year_html(facts: Facts) -> list[str]:
    """The section with the year at a glance."""
    out = [
        '<section id="year" class="year" aria-labelledby="year-title">',
        '<h2 id="year-title">The year at a glance</h2>',
        *legend_html(),
        '<div class="minis">',
    ]
    for year, month in facts.clock.months():
        out += _mini(facts, year, month)
    out += ["</div>", "</section>"]
    return out


def _mini(facts: Facts, year: int, month: int) -> list[str]:
    def day(d: date) -> str:
        marks = "".join(_marks(facts.days.get(d, ())))
        return f'<td class="d"><a href="#{day_id(d)}">{d.day}</a>{marks}</td>'

    return month_table(
        facts.clock,
        year,
        month,
        css="mini",
        caption=f'<a href="#month-{year}-{month:02d}">{month_name(year, month)}</a>',
        letters=2,
        day=day,
        out=lambda d: f'<td class="out">{d.day}</td>',
    )


def _marks(events: tuple[Event, ...]) -> list[str]:
    """A mark per kind and subsystem (a blackout: per scope), blackouts first, then a
    conflict mark per subsystem with a window in conflict; each says what it stands for in
    its title."""
    groups: dict[tuple[Kind, str | None, tuple[str, ...] | None], list[str]] = {}
    for event in events:
        groups.setdefault((event.kind, event.subsystem, event.scope), []).append(event.text)
        if event.conflicts:
            plural = "s" if event.conflicts > 1 else ""
            text = f"{event.text}: {event.conflicts} conflict{plural}"
            groups.setdefault((Kind.CONFLICT, event.subsystem, None), []).append(text)
    order = list(Kind)
    out = []
    for kind, subsystem, scope in sorted(groups, key=lambda k: order.index(k[0])):
        texts = groups[kind, subsystem, scope]
        title = "; ".join(dict.fromkeys(texts))
        out.append(
            f'<span class="m {kind.value}"{whose(subsystem, scope)} title="{_e(title)}">'
            f"{LETTERS[kind]}</span>"
        )
    return out
