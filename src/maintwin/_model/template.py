"""`NoticeTemplate`: how one audience's notices are worded, with ``$placeholders``."""

from __future__ import annotations

from collections.abc import Mapping
from string import Template
from types import MappingProxyType
from typing import Annotated

from pydantic import AfterValidator

from .._errors import MaintwinError
from .base import Model

__all__ = ["PLACEHOLDERS", "NoticeTemplate", "NoticeTemplates"]

PLACEHOLDERS: Mapping[str, str] = MappingProxyType(
    {
        "headline": "what the notice says, e.g. 'Planned downtime in 2 weeks'",
        "subsystem": "the subsystem whose window it is",
        "when": "the window's start and end on the reader's clock, e.g. "
        "'Wed 2027-01-13 10:00-10:15 CST'",
        "zone": "the reader's time zone, e.g. 'America/Chicago'",
        "duration": "how long the window lasts, e.g. '15 min'",
        "what": "the work: the changes (internal, crew) or the subsystem's maintenance (client)",
        "affected": "the subsystems and services it may affect",
        "client_line": "the line a short-notice change adds to the client notice",
        "details": "internal descriptions, worst cases and rollbacks (internal, crew)",
        "update": "what changed since the window was announced (moved and cancelled notices)",
        "action": "what the reader should do",
        "reader": "the client's or person's name (empty for a whole audience)",
        "duty": "the reader's duty in the window (crew)",
        "window": "the window's id",
    }
)
"""The placeholders a template may use, and what each becomes."""


def _template(text: str) -> str:
    template = Template(text)
    if not template.is_valid():
        raise MaintwinError(
            "not a valid template: write a placeholder as $name or ${name}, and a dollar sign as $$"
        )
    unknown = sorted(set(template.get_identifiers()) - PLACEHOLDERS.keys())
    if unknown:
        raise MaintwinError(
            f"unknown placeholder {', '.join('$' + n for n in unknown)}; expected "
            + ", ".join(f"${n}" for n in PLACEHOLDERS)
        )
    return text


TemplateText = Annotated[str, AfterValidator(_template)]


class NoticeTemplate(Model):
    """One audience's wording: a ``subject`` line, a plain ``text`` and an ``html`` fragment.

    Each is a :class:`string.Template` over :data:`PLACEHOLDERS`; values are escaped in the
    HTML. A line whose placeholders all come out empty is left out.
    """

    subject: TemplateText = "$headline: $subsystem, $when"
    text: TemplateText = (
        "$headline\n"
        "$reader\n"
        "\n"
        "What: $what\n"
        "When: $when ($zone)\n"
        "How long: $duration\n"
        "Affected: $affected\n"
        "$client_line\n"
        "$update\n"
        "$duty\n"
        "$details\n"
        "What to do: $action\n"
    )
    html: TemplateText = (
        '<section class="maintwin-notice">\n'
        "<h2>$headline</h2>\n"
        "<p>$reader</p>\n"
        "<dl>\n"
        "<dt>What</dt><dd>$what</dd>\n"
        "<dt>When</dt><dd>$when ($zone)</dd>\n"
        "<dt>How long</dt><dd>$duration</dd>\n"
        "<dt>Affected</dt><dd>$affected</dd>\n"
        "</dl>\n"
        "<p>$client_line</p>\n"
        "<p>$update</p>\n"
        "<p>$duty</p>\n"
        "<p>$details</p>\n"
        "<p><strong>What to do:</strong> $action</p>\n"
        "</section>\n"
    )


class NoticeTemplates(Model):
    """The wording of each audience's notices (replace any of them in a scenario's
    ``[templates.client]``, ``[templates.internal]`` or ``[templates.crew]``)."""

    client: NoticeTemplate = NoticeTemplate()
    internal: NoticeTemplate = NoticeTemplate()
    crew: NoticeTemplate = NoticeTemplate()
