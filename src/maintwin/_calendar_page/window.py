"""One window's details on the calendar page: when it is (both dates and hours when it spans
days), what it belongs to, whether it is open or blocked and by what (the blackouts with their
reasons, staffing gaps in words), its crew, how much of it the work takes, its changes in the
order they run (id, title, planned length), and the conflicts that concern it."""

from __future__ import annotations

from datetime import timedelta

from .._html import escape as _e
from .._model.runbook_parts import RunbookChange
from .._runbook_render import marks
from .._text import clock, crew_text, length_text, period_text, planned_text, span_text
from .._time import zone
from .facts import Facts, Kind, Shown
from .parts import LETTERS, conflict_html, period_html, whose

__all__ = ["window_html"]


def window_html(facts: Facts, shown: Shown) -> list[str]:
    """The ``<article id="window-…">`` of a window."""
    w = shown.window
    kind = shown.kind
    state = "blocked" if kind is Kind.BLOCKED else "open"
    out = [
        f'<article class="window {state}" id="window-{_e(w.id)}"{whose(w.subsystem)}>',
        f'<h4><span class="tag {kind.value}">{LETTERS[kind]} {state}</span> '
        f'<span class="wid">{_e(w.id)}</span> <span class="sub">{_e(w.subsystem)}</span></h4>',
        f'<p class="when">{period_html(shown.start, shown.end)} ({_e(span_text(w.length))})</p>',
    ]
    if shown.about:
        out.append(f'<p class="about">{_e(shown.about)}</p>')
    if w.timezone != facts.clock.name:
        tz = zone(w.timezone)
        own = period_text(shown.start.astimezone(tz), shown.end.astimezone(tz))
        out.append(f'<p class="own">On its own clock ({_e(w.timezone)}): {_e(own)}</p>')
    if w.shifted:
        out.append('<p class="shifted">Its start was moved past a daylight-saving gap.</p>')
    if shown.blockers:
        out.append('<p class="blocked-by">No downtime: it is blocked by</p>')
        out.append('<ul class="blockers">')
        out += [f"<li><b>{_e(b.id)}</b>: {_e(b.why)}</li>" for b in shown.blockers]
        out.append("</ul>")
    out += [f'<p class="warning">Short of staff: {_e(text)}</p>' for text in shown.warnings]
    if w.crew:
        out.append(f'<p class="crew">Crew: {_e(crew_text(w.crew))}</p>')
    out += _changes(facts, shown)
    if shown.conflicts:
        out.append('<ul class="conflicts">')
        out += [conflict_html(c, facts, refs=False) for c in shown.conflicts]
        out.append("</ul>")
    out.append("</article>")
    return out


def _changes(facts: Facts, shown: Shown) -> list[str]:
    w = shown.window
    if not shown.changes:
        return ['<p class="work">No changes are planned in it.</p>'] if not w.blocked else []
    used = sum((c.estimate.work for c in shown.changes), timedelta(0))
    out = [
        f'<p class="work">Work: {_e(planned_text(used, w.capacity))}</p>',
        '<ol class="changes">',
    ]
    out += [_change(facts, c, w.subsystem) for c in shown.changes]
    out.append("</ol>")
    return out


def _change(facts: Facts, change: RunbookChange, subsystem: str) -> str:
    """A change in its window: its offset, its times, id, title, planned length, marks."""
    cid = change.change
    own = facts.change_subsystem.get(cid, subsystem)
    when = period_html(facts.clock.local(change.start), facts.clock.local(change.end))
    return (
        f'<li class="change" id="change-{_e(cid)}" data-change="{_e(cid)}"{whose(own)}>'
        f'<span class="offset">+{clock(change.offset)}</span> {when} '
        f'<b class="cid">{_e(cid)}</b> <span class="title">{_e(change.title)}</span> '
        f'(<span class="len">{_e(length_text(change.estimate.work))}</span>)'
        f"{_e(marks(change))}</li>"
    )
