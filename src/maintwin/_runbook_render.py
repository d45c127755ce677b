"""How a runbook reads: as plain text (the internal feed), as Markdown, and as a printable HTML
checklist with a box per step. Pure and deterministic: the same runbook, the same bytes.

Times are on the window's clock, each with its zone's abbreviation (both named when the clocks
change inside a span); an owner whose clock reads differently gets the step's time on theirs.
Arithmetic on times is elapsed time (in UTC): subtracting two times of one zone in Python is
wall-clock arithmetic, wrong across a change of clocks.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from ._html import escape as _e
from ._html import page_head
from ._model.runbook_parts import OwnerTime, RunbookChange, RunbookStep
from ._model.step import StepKind
from ._model.window import Window
from ._text import at_text, clock, crew_text, planned_text, span_text
from ._time import utc, zone

__all__ = ["html_page", "markdown", "marks", "text", "text_lines"]

_DASH = "\N{EN DASH}"
_DOT = " \N{MIDDLE DOT} "


# -- times and owners ---------------------------------------------------------------------------


def _span(start: datetime, end: datetime, *, timed: bool = True) -> str:
    """``Fri 22:00-Sat 00:10 CDT``, ``Sun 00:30 CDT-01:30 CST``, or ``Sat 09:15 CDT`` for an
    untimed step."""
    if not timed:
        return f"{start:%a %H:%M %Z}"
    head = f"{start:%a %H:%M}"
    if start.tzname() != end.tzname():
        head += f" {start:%Z}"
    tail = f"{end:%H:%M %Z}" if end.date() == start.date() else f"{end:%a %H:%M %Z}"
    return f"{head}{_DASH}{tail}"


def _when(step: RunbookStep) -> str:
    return _span(step.start, step.end, timed=step.timed)


def _person(step: RunbookStep, who: OwnerTime) -> str:
    """``dana``, ``backup lee``, or ``kim 21:00-21:15 MDT`` when kim's clock reads
    differently from the window's."""
    name = f"backup {who.person}" if who.backup else who.person
    own = _span(who.start, who.end, timed=step.timed)
    return name if own == _when(step) else f"{name} {own}"


def _owner(step: RunbookStep) -> str:
    """``dba (dana, backup lee)``, ``lee``, ``network (kim 21:00-21:15 MDT)``, or ``""``."""
    if step.owner is None:
        return ""
    people = [_person(step, who) for who in step.owners]
    if len(step.owners) == 1 and step.owners[0].person == step.owner:
        return people[0]
    if not people:
        return f"{step.owner} (no one on the crew)"
    return f"{step.owner} ({', '.join(people)})"


def _deadline(step: RunbookStep) -> str:
    if step.deadline is None:
        return ""
    return f"GO/NO-GO by {at_text(step.deadline)} (point of no return)"


def _source(window: Window) -> str:
    """``RIS, train ris``, or ``PACS`` for a one-off window (its source is itself)."""
    if window.source == window.id:
        return window.subsystem
    return f"{window.subsystem}, from {window.source}"


def _window_line(window: Window) -> str:
    tz = zone(window.timezone)
    start, end = utc(window.start).astimezone(tz), utc(window.end).astimezone(tz)
    length = span_text(window.length)
    return f"{at_text(start)} to {at_text(end)} ({length}), times in {window.timezone}"


def _planned(window: Window, changes: Sequence[RunbookChange]) -> str:
    return planned_text(sum((c.estimate.work for c in changes), timedelta(0)), window.capacity)


def marks(change: RunbookChange) -> str:
    """`` [short notice; locked: pin]``: what sets a change of a runbook apart, or ``""``."""
    found = ["short notice"] if change.short_notice else []
    if change.lock is not None:
        found.append(f"locked: {change.lock}")
    return f" [{'; '.join(found)}]" if found else ""


def _slot(change: RunbookChange) -> str:
    return (
        f"{_span(change.start, change.end)}, {span_text(change.estimate.work)}: "
        f"{change.estimate.source}"
    )


def _contingency(change: RunbookChange) -> str:
    held = (utc(change.end) - change.contingency).astimezone(change.end.tzinfo)
    return (
        f"Contingency: {span_text(change.contingency)} held at the end of the slot "
        f"({_span(held, change.end)})"
    )


def _rollback_head(change: RunbookChange, window: Window) -> str:
    assert change.point_of_no_return is not None
    end = utc(window.end).astimezone(change.point_of_no_return.tzinfo)
    return (
        f"start the rollback by {at_text(change.point_of_no_return)} "
        f"(the point of no return); it ends by {at_text(end)} "
        f"({span_text(change.estimate.rollback)})"
    )


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _slack(change: RunbookChange) -> str:
    after = "the work and the rollback" if change.point_of_no_return else "the work"
    if change.slack < timedelta(0):
        return f"Slack: none; {after} run {span_text(-change.slack)} past the window's end"
    return f"Slack: {span_text(change.slack)} left in the window after {after}"


def _shows_slack(change: RunbookChange) -> bool:
    """Slack is told for a change with a rollback (its room to recover), and for any change
    that runs past the window's end."""
    return change.point_of_no_return is not None or change.slack < timedelta(0)


def _number(step: RunbookStep, rollback: bool) -> str:
    return f"R{step.number}" if rollback else str(step.number)


# -- plain text ---------------------------------------------------------------------------------


def text(window: Window, changes: Sequence[RunbookChange]) -> str:
    """The runbook as plain text: the window, its crew, and :func:`text_lines`."""
    lines = [
        f"Runbook of window {window.id} ({_source(window)})",
        _window_line(window),
    ]
    if window.crew:
        lines.append(f"Crew: {crew_text(window.crew)}")
    return "\n".join([*lines, *text_lines(window, changes)])


def text_lines(window: Window, changes: Sequence[RunbookChange]) -> list[str]:
    """The work planned in the window and each change, step by step, as plain text (the
    internal feed's event description shows these under its own lines on the window)."""
    if not changes:
        return ["No changes are planned in this window yet."]
    lines = [f"Work: {_planned(window, changes)}"]
    for change in changes:
        title = _line(change.title)
        lines += ["", f"+{clock(change.offset)} {change.change} {title}{marks(change)}"]
        lines.append(f"  {_slot(change)}")
        lines += _text_steps(change.steps, rollback=False)
        if change.contingency:
            lines.append(f"  {_contingency(change)}")
        if change.point_of_no_return is not None:
            lines.append(f"  If the gate says no: {_rollback_head(change, window)}")
            lines += _text_steps(change.rollback, rollback=True)
        if _shows_slack(change):
            lines.append(f"  {_slack(change)}")
    return lines


def _text_steps(steps: Sequence[RunbookStep], *, rollback: bool) -> list[str]:
    out = []
    indent = "    " if rollback else "  "
    for step in steps:
        kind = "GATE" if step.kind is StepKind.GATE else step.kind.value
        parts = [f"{_number(step, rollback)}. [ ] {_when(step)}", kind]
        if step.owner is not None:
            parts.append(_owner(step))
        parts.append(_line(step.title))
        out.append(indent + "  ".join(parts))
        if step.deadline is not None:
            out.append(f"{indent}     {_deadline(step)}")
        if step.criteria:
            out.append(f"{indent}     Criteria: {_line(step.criteria)}")
    return out


# -- Markdown -----------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = str.maketrans({c: f"\\{c}" for c in "\\`*_[]<>#|&"})


def _line(value: str) -> str:
    """``value`` on one line: a line break in a title or criteria would start a line of its
    own in the text (a heading, or a ticked box, in Markdown)."""
    return " ".join(value.split())


def _md(value: str) -> str:
    """``value`` on one line, with the characters Markdown would read as markup escaped."""
    return _line(value).translate(_MARKDOWN_SPECIAL)


def markdown(window: Window, changes: Sequence[RunbookChange]) -> str:
    """The runbook as Markdown: a task-list line (``- [ ]``) per step."""
    lines = [
        f"# Runbook: {_md(window.id)} ({_md(window.subsystem)})",
        "",
        f"Window: {_window_line(window)}.",
    ]
    if window.crew:
        lines += ["", f"Crew: {_md(crew_text(window.crew))}."]
    if not changes:
        return "\n".join([*lines, "", "No changes are planned in this window yet.", ""])
    lines += ["", f"Work: {_planned(window, changes)}."]
    for change in changes:
        lines += [
            "",
            f"## +{clock(change.offset)} {_md(change.change)} {_md(change.title)}"
            f"{_md(marks(change))}".rstrip(),
            "",
            f"{_md(_slot(change))}.",
        ]
        if change.steps:
            lines += ["", *_md_steps(change.steps, rollback=False)]
        if change.contingency:
            lines += ["", f"{_contingency(change)}."]
        if change.point_of_no_return is not None:
            lines += [
                "",
                "### If the gate says no",
                "",
                f"{_md(_cap(_rollback_head(change, window)))}.",
            ]
            if change.rollback:
                lines += ["", *_md_steps(change.rollback, rollback=True)]
        if _shows_slack(change):
            lines += ["", f"{_slack(change)}."]
    return "\n".join([*lines, ""])


def _md_steps(steps: Sequence[RunbookStep], *, rollback: bool) -> list[str]:
    out = []
    for step in steps:
        gate = step.kind is StepKind.GATE
        kind = "**gate**" if gate else step.kind.value
        parts = [f"- [ ] {_number(step, rollback)}. {_when(step)}", kind]
        if step.owner is not None:
            parts.append(_md(_owner(step)))
        what = _md(step.title) + (f" {_DASH} {_md(step.criteria)}" if step.criteria else "")
        parts.append(what)
        if step.deadline is not None:
            parts.append(f"**{_deadline(step)}**")
        out.append(_DOT.join(parts))
    return out


# -- HTML ---------------------------------------------------------------------------------------

_STYLE = """\
body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #111; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; } h3 { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #888; padding: 0.3rem 0.45rem; text-align: left; vertical-align: top; }
th { background: #eee; }
td.box { text-align: center; width: 2rem; }
input[type=checkbox] { width: 1.2rem; height: 1.2rem; }
tr.gate td { background: #fff3cd; font-weight: 600; }
.deadline { color: #a00000; font-weight: 700; }
.rollback th { background: #f6dede; }
@media print {
  body { margin: 0; font-size: 10pt; }
  th, tr.gate td, .rollback th { background: none; }
  tr, .note { break-inside: avoid; }
  h2, h3 { break-after: avoid; }
}
"""


def html_page(window: Window, changes: Sequence[RunbookChange]) -> str:
    """The runbook as a standalone, printable HTML page: a table per change and per rollback,
    a checkbox per step."""
    title = f"Runbook: {window.id} ({window.subsystem})"
    out = [
        *page_head(title, _STYLE),
        f"<h1>{_e(title)}</h1>",
        f'<p class="window">Window: {_e(_window_line(window))}.</p>',
    ]
    if window.crew:
        out.append(f'<p class="crew">Crew: {_e(crew_text(window.crew))}.</p>')
    if not changes:
        out.append("<p>No changes are planned in this window yet.</p>")
    else:
        out.append(f'<p class="work">Work: {_e(_planned(window, changes))}.</p>')
    zone_name = window.timezone
    for change in changes:
        head = f"+{clock(change.offset)} {change.change} {change.title}{marks(change)}".rstrip()
        out += [
            f'<section class="change" id="{_e(change.change)}">',
            f"<h2>{_e(head)}</h2>",
            f'<p class="slot">{_e(_slot(change))}.</p>',
        ]
        if change.steps:
            out += _html_table(change.steps, zone_name, rollback=False)
        if change.contingency:
            out.append(f'<p class="note contingency">{_e(_contingency(change))}.</p>')
        if change.point_of_no_return is not None:
            out += [
                "<h3>If the gate says no</h3>",
                f'<p class="note ponr">{_e(_cap(_rollback_head(change, window)))}.</p>',
            ]
            if change.rollback:
                out += _html_table(change.rollback, zone_name, rollback=True)
        if _shows_slack(change):
            out.append(f'<p class="note slack">{_e(_slack(change))}.</p>')
        out.append("</section>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def _html_table(steps: Sequence[RunbookStep], zone_name: str, *, rollback: bool) -> list[str]:
    cls = ' class="rollback"' if rollback else ""
    out = [
        f"<table{cls}>",
        "<thead><tr><th>Done</th><th>#</th>"
        f"<th>Time ({_e(zone_name)})</th><th>Owner (own time)</th><th>Kind</th>"
        "<th>Step</th><th>Criteria</th></tr></thead>",
        "<tbody>",
    ]
    for step in steps:
        number = _number(step, rollback)
        what = _e(step.title)
        if step.deadline is not None:
            what += f'<br><span class="deadline">{_e(_deadline(step))}</span>'
        out.append(
            f'<tr class="{step.kind.value}">'
            f'<td class="box"><input type="checkbox" aria-label="{_e(number)} done"></td>'
            f"<td>{_e(number)}</td>"
            f"<td>{_e(_when(step))}</td>"
            f"<td>{_e(_owner(step))}</td>"
            f"<td>{_e(step.kind.value)}</td>"
            f"<td>{what}</td>"
            f"<td>{_e(step.criteria)}</td>"
            "</tr>"
        )
    out += ["</tbody>", "</table>"]
    return out
