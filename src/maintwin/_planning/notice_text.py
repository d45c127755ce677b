"""A notice's words: the values of its placeholders, and the templates filled with them
(pure)."""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import timedelta
from string import Template

from .._model.change import Change
from .._model.notice import Audience, NoticeKind
from .._model.template import NoticeTemplate
from .._text import span_text

__all__ = ["Wording", "Words", "action", "client_line", "headline"]

Words = Mapping[str, str]
"""Placeholder -> value."""


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


_Line = tuple[str, tuple[str, ...]]
"""One template line as a :meth:`str.format_map` pattern, and the placeholders it names."""


def _parse(text: str) -> tuple[_Line, ...]:
    """``text`` split into lines, each a format pattern (``$$`` is ``$``) and its names."""
    out = []
    for line in text.splitlines(keepends=True):
        pattern, names, last = [], [], 0
        for match in Template.pattern.finditer(line):
            pattern.append(_braces(line[last : match.start()]))
            last = match.end()
            if match["escaped"] is not None:
                pattern.append("$")
                continue
            name = match["named"] or match["braced"]
            pattern.append("{" + name + "}")
            names.append(name)
        pattern.append(_braces(line[last:]))
        out.append(("".join(pattern), tuple(names)))
    return tuple(out)


def _braces(literal: str) -> str:
    return literal.replace("{", "{{").replace("}", "}}")


def escape(words: Words) -> dict[str, str]:
    """``words`` escaped for HTML."""
    return {k: html.escape(v) if v else v for k, v in words.items()}


class _Part:
    """One of a template's texts: its lines, and for each set of placeholders that come out
    empty, the pattern of the lines kept (notices of one audience mostly share one)."""

    def __init__(self, text: str) -> None:
        self._lines = _parse(text)
        self._names = tuple(dict.fromkeys(n for _, names in self._lines for n in names))
        self._kept: dict[tuple[bool, ...], str] = {}

    def fill(self, words: Words) -> str:
        given = tuple(map(bool, map(words.__getitem__, self._names)))
        pattern = self._kept.get(given)
        if pattern is None:
            pattern = self._kept[given] = "".join(
                line for line, names in self._lines if not names or any(words[n] for n in names)
            )
        return pattern.format_map(words)


class Wording:
    """A :class:`NoticeTemplate` parsed once, filled for many notices."""

    def __init__(self, template: NoticeTemplate) -> None:
        self._subject = _Part(template.subject)
        self._text = _Part(template.text)
        self._html = _Part(template.html)

    def fill(self, words: Words, escaped: Words | None = None) -> tuple[str, str, str]:
        """The subject, the plain text and the HTML fragment with ``words`` (every
        placeholder given; ``escaped``, the same escaped for HTML, when the caller has them).
        A line whose placeholders all come out empty is left out; in the HTML, values are
        escaped (quotes too, so that a value may sit in an attribute)."""
        if escaped is None:
            escaped = escape(words)
        return (
            " ".join(self._subject.fill(words).split()),
            self._text.fill(words),
            self._html.fill(escaped),
        )
