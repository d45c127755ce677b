"""``calendar_html``: the whole page, from its head to its script."""

from __future__ import annotations

from datetime import datetime, time
from functools import cache
from importlib.resources import files

from .._errors import MaintwinError
from .._html import escape as _e
from .._html import page_head
from .._planning.plan import Plan
from .._text import at_text
from .._zones import zone
from .facts import Facts
from .month import months_html
from .parts import conflict_html, time_html, whose
from .year import year_html

__all__ = ["calendar_html"]


@cache
def _asset(name: str) -> str:
    """The style sheet or the script, shipped beside this module."""
    return files("maintwin._calendar_page").joinpath(name).read_text(encoding="utf-8")


def calendar_html(plan: Plan, *, tz: str | None = None) -> str:
    """The plan's horizon as one self-contained HTML page: the year at a glance, a grid and
    the window details per month, the conflicts, and a subsystem filter.

    Times are on the scenario's clock, or on that of ``tz`` (an IANA zone name; another raises
    :class:`MaintwinError`). The page fetches nothing (its style and its small script are
    inline), prints readably, and is the same bytes for the same plan; every text from the
    plan is escaped.
    """
    name = plan.scenario.timezone if tz is None else tz
    try:
        page_zone = zone(name)
    except MaintwinError as error:
        raise MaintwinError(f"calendar_html(tz={tz!r}): {error}") from None
    facts = Facts.of(plan, page_zone, name)
    title = f"{plan.scenario.name}: downtime calendar"
    out = [
        *page_head(title, _asset("calendar.css")),
        *_header(facts, title),
        *_filter(facts),
        "<main>",
        *year_html(facts),
        *_conflicts(facts),
        *_unplaced(facts),
        *months_html(facts),
        "</main>",
        f"<script>\n{_asset('filter.js')}</script>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(out)


def _day_or_time(moment: datetime) -> str:
    """``Tue 2026-12-01`` at local midnight, else with its time and zone."""
    return f"{moment:%a %Y-%m-%d}" if moment.time() == time() else at_text(moment)


def _header(facts: Facts, title: str) -> list[str]:
    plan = facts.plan
    start, end, now = (facts.clock.local(t) for t in (plan.start, plan.end, plan.now))
    windows = len(plan.windows)
    blocked = sum(w.blocked for w in plan.windows)
    errors, conflicts = len(plan.errors), len(plan.conflicts)
    changes = len(plan.scenario.changes)
    return [
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="horizon">From {time_html(start, _day_or_time(start))} to '
        f"{time_html(end, _day_or_time(end))} (end exclusive), planned on "
        f"{time_html(now, at_text(now))}.</p>",
        f'<p class="zone">All times are in <strong>{_e(facts.clock.name)}</strong>.</p>',
        f'<p class="summary">{windows} downtime window{_s(windows)} ({blocked} blocked); '
        f"{len(plan.assignments)} of {changes} change{_s(changes)} placed; "
        f"{conflicts} conflict{_s(conflicts)} ({errors} error{_s(errors)}).</p>",
        "</header>",
    ]


def _s(count: int) -> str:
    return "" if count == 1 else "s"


def _filter(facts: Facts) -> list[str]:
    """The subsystem checkboxes; hidden until the script runs (without it they would do
    nothing), and never printed. The line after them says what is hidden, in print too."""
    out = [
        '<nav id="filter" class="filter" aria-label="Subsystem filter" hidden>',
        "<fieldset>",
        "<legend>Subsystems shown</legend>",
    ]
    for index, name in enumerate(facts.subsystems):
        out.append(
            f'<label><input type="checkbox" id="subsystem-{index}" value="{_e(name)}" checked>'
            f" {_e(name)}</label>"
        )
    out += [
        "</fieldset>",
        '<p class="note">Unchecking a subsystem hides its windows, releases and changes, and '
        "blackouts of it alone. The page's address then ends in <code>#hide=</code> and the "
        "hidden names: a link to it opens with the same subsystems hidden.</p>",
        "</nav>",
        '<p id="filter-state" class="filter-state">Showing every subsystem: '
        f"{_e(', '.join(facts.subsystems)) or '(none)'}.</p>",
    ]
    return out


def _conflicts(facts: Facts) -> list[str]:
    conflicts = facts.plan.conflicts
    out = [
        '<section id="conflicts" aria-labelledby="conflicts-title">',
        f'<h2 id="conflicts-title">Conflicts ({len(conflicts)})</h2>',
    ]
    if not conflicts:
        return [*out, "<p>The plan has no conflicts.</p>", "</section>"]
    out.append('<ul class="conflicts">')
    out += [conflict_html(c, facts, refs=True) for c in conflicts]
    return [*out, "</ul>", "</section>"]


def _unplaced(facts: Facts) -> list[str]:
    unscheduled = facts.plan.unscheduled
    if not unscheduled:
        return []
    out = [
        '<section id="unplaced" aria-labelledby="unplaced-title">',
        f'<h2 id="unplaced-title">Changes not placed ({len(unscheduled)})</h2>',
        '<ul class="unplaced">',
    ]
    for u in unscheduled:
        subsystem = facts.change_subsystem.get(u.change)
        title = facts.change_title.get(u.change, "")
        out.append(
            f'<li id="unplaced-{_e(u.change)}" data-change="{_e(u.change)}"{whose(subsystem)}>'
            f'<b class="cid">{_e(u.change)}</b> <span class="title">{_e(title)}</span>'
            f"{f' ({_e(subsystem)})' if subsystem else ''}: {_e(u.detail)}</li>"
        )
    return [*out, "</ul>", "</section>"]
