"""The month grids: per month of the horizon, a calendar grid whose days list what happens on
them (the blackouts, each release, each window with its hours and state), then the details of
each window that starts in the month and the blackouts that touch it."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from .._html import escape as _e
from .._model.blackout import BlackoutPeriod
from .facts import Event, Facts, Kind, Shown, blackout_label, days_text
from .parts import LETTERS, day_id, month_name, month_table, time_html, whose
from .window import window_html

__all__ = ["months_html"]

_Month = tuple[int, int]


def months_html(facts: Facts) -> list[str]:
    """A section per month of the horizon."""
    windows: dict[_Month, list[Shown]] = defaultdict(list)
    for shown in facts.windows:
        windows[shown.start.year, shown.start.month].append(shown)
    periods: dict[_Month, list[BlackoutPeriod]] = defaultdict(list)
    for period in facts.periods:
        touched = dict.fromkeys(
            (d.year, d.month) for d in facts.clock.covered(period.start, period.end)
        )
        for touched_month in touched:
            periods[touched_month].append(period)
    out = []
    for year, month in facts.clock.months():
        out += _month(facts, year, month, windows[year, month], periods[year, month])
    return out


def _month(
    facts: Facts,
    year: int,
    month: int,
    windows: list[Shown],
    periods: list[BlackoutPeriod],
) -> list[str]:
    key = f"month-{year}-{month:02d}"
    name = month_name(year, month)

    def day(d: date) -> str:
        items = "".join(_event(e) for e in facts.days.get(d, ()))
        listed = f'<ul class="events">{items}</ul>' if items else ""
        return f'<td class="d" id="{day_id(d)}"><div class="num">{_number(d)}</div>{listed}</td>'

    out = [
        f'<section class="month" id="{key}" aria-labelledby="{key}-title">',
        f'<h2 id="{key}-title">{name}</h2>',
        *month_table(
            facts.clock,
            year,
            month,
            css="grid",
            letters=3,
            day=day,
            out=lambda d: f'<td class="out"><div class="num">{_number(d)}</div></td>',
        ),
    ]
    clock = facts.clock
    if windows:
        out.append(f"<h3>Windows in {name}</h3>")
        for shown in windows:
            out += window_html(facts, shown)
    if periods:
        out += [f"<h3>Blackouts in {name}</h3>", '<ul class="blackouts">']
        for period in periods:
            when = days_text(clock.local(period.start), clock.local(period.end))
            scope = "" if period.scope is not None else " (all subsystems)"
            out.append(
                f'<li class="blackout"{whose(scope=period.scope)}>'
                f"<b>{_e(period.blackout)}</b>: {_e(blackout_label(period))}{scope}, {_e(when)}"
                "</li>"
            )
        out.append("</ul>")
    out.append("</section>")
    return out


def _number(day: date) -> str:
    return time_html(day, str(day.day))


def _event(event: Event) -> str:
    """A line of a day: its letter, its words (a link to a window's details), and a mark
    for a window in conflict."""
    letter = f'<span class="k {event.kind.value}">{LETTERS[event.kind]}</span>'
    text = _e(event.text)
    if event.link:
        text = f'<a href="#{_e(event.link)}">{text}</a>'
    if event.conflicts:
        plural = "s" if event.conflicts > 1 else ""
        text += (
            f' <span class="k {Kind.CONFLICT.value}" title="{event.conflicts} conflict{plural}">'
            f"{LETTERS[Kind.CONFLICT]}</span>"
        )
    attributes = whose(event.subsystem, event.scope)
    return f'<li class="ev {event.kind.value}"{attributes}>{letter} {text}</li>'
