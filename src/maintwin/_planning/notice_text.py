"""A notice's words: the values of its placeholders, and the templates filled with them
(pure)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from string import Template

from .._model.change import Change
from .._model.notice import Audience, NoticeKind
from .._model.template import NoticeTemplate
from .._text import span_text

__all__ = ["Words", "action", "client_line", "fill", "headline", "when_text"]

Words = Mapping[str, str]
"""Placeholder -> value."""


def when_text(start: datetime, end: datetime) -> str:
    """``Wed 2027-01-13 10:00-10:15 CST``, or with the end's date when it is another day."""
    until = f"{end:%H:%M}" if end.date() == start.date() else f"{end:%a %Y-%m-%d %H:%M}"
    zone = start.tzname() or ""
    return f"{start:%a %Y-%m-%d %H:%M}-{until} {zone}".rstrip()


def headline(kind: NoticeKind, offset: timedelta | None) -> str:
    """What a notice says, in a few words."""
    if kind is NoticeKind.MOVED:
        return "Change to planned downtime"
    if kind is NoticeKind.CANCELLED:
        return "Planned downtime cancelled"
    if kind is NoticeKind.POINT_OF_SERVICE or not offset:
        return "Planned downtime starting now"
    if offset == timedelta(days=1):
        return "Planned downtime tomorrow"
    return f"Planned downtime in {span_text(offset)}"


def client_line(changes: Sequence[Change]) -> str:
    """The line the window's short-notice changes add to the client notice: each change's own
    ``client_line``, or one built from the services they may affect."""
    own = [
        c.short_notice.client_line for c in changes if c.short_notice and c.short_notice.client_line
    ]
    if own:
        return " ".join(dict.fromkeys(own))
    if not any(c.short_notice for c in changes):
        return ""
    services = list(dict.fromkeys(s for c in changes if c.short_notice for s in c.affects))
    touched = f" ({', '.join(services)})" if services else ""
    return (
        f"This window also carries additional changes that may cause short interruptions"
        f"{touched}; the expected impact is minimal."
    )


_ACTION = {
    Audience.CLIENT: "plan around the window; during it, follow your downtime procedure for "
    "anything urgent.",
    Audience.INTERNAL: "expect the interruptions above, and raise any concern with the release "
    "manager before the window.",
    Audience.CREW: "be ready at the start of the window; if you cannot be there, tell the "
    "release manager now, so that your backup can take over.",
}


def action(audience: Audience, kind: NoticeKind) -> str:
    """What the reader should do."""
    if kind is NoticeKind.CANCELLED:
        return "nothing: the downtime will not take place."
    return _ACTION[audience]


def fill(template: NoticeTemplate, words: Words) -> tuple[str, str, str]:
    """The subject, the plain text and the HTML fragment of ``template`` with ``words``.

    A line whose placeholders all come out empty is left out; values are escaped in the HTML.
    """
    escaped = {k: html.escape(v, quote=False) for k, v in words.items()}
    subject = " ".join(_lines(template.subject, words).split())
    return subject, _lines(template.text, words), _lines(template.html, escaped)


def _lines(text: str, words: Words) -> str:
    kept = []
    for line in text.splitlines(keepends=True):
        names = Template(line).get_identifiers()
        if names and all(not words.get(n, "") for n in names):
            continue
        kept.append(Template(line).substitute({n: words.get(n, "") for n in names}))
    return "".join(kept)
