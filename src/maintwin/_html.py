"""HTML for maintwin's standalone pages (the runbook checklist, the calendar page): escaping,
and the head every page starts with."""

from __future__ import annotations

import html

__all__ = ["escape", "page_head"]


def escape(value: str) -> str:
    """``value`` as HTML text or as a quoted attribute's value (``&``, ``<``, ``>`` and both
    quotes escaped): every text a page shows goes through here."""
    return html.escape(value, quote=True)


def page_head(title: str, style: str) -> list[str]:
    """The lines of a standalone page up to ``<body>``: in English, UTF-8, titled ``title``,
    with ``style`` as its inline style sheet (nothing is fetched)."""
    return [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f"<style>\n{style}</style>",
        "</head>",
        "<body>",
    ]
