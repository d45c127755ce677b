"""``notices_json``: a plan's notices as one JSON document, for mail and chat integrations.

The document's shape is ``maintwin.notices/1``, described by the JSON Schema (draft 2020-12)
that :func:`notices_schema` gives (``maintwin/schemas/notices.schema.json`` in the package).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from ._planning.plan import Plan
from ._time import utc

__all__ = ["FORMAT", "notices_json", "notices_schema"]

FORMAT = "maintwin.notices/1"
"""The name and version of the document's shape."""

_SCHEMA = "schemas/notices.schema.json"


def notices_json(plan: Plan) -> str:
    """The notices of ``plan`` as a JSON document (see docs/notices-json.md).

    An object ``{"format": "maintwin.notices/1", "scenario": ..., "now": ..., "notices":
    [...]}``: ``now`` is the plan's clock as a UTC instant (``2026-11-22T15:00:00Z``), and each
    notice is :meth:`Notice.model_dump` in JSON mode (its times on the reader's clock, with
    their UTC offset; durations in ISO 8601), sorted by the instant it is due, then by id. The
    same plan always gives the same text: two-space indents, keys in the documented order,
    and a final newline.
    """
    notices = sorted(plan.notices, key=lambda n: (utc(n.due), n.id))
    document = {
        "format": FORMAT,
        "scenario": plan.scenario.name,
        "now": utc(plan.now).isoformat().replace("+00:00", "Z"),
        "notices": [n.model_dump(mode="json") for n in notices],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def notices_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the documents :func:`notices_json` writes, a fresh
    copy on each call."""
    text = resources.files("maintwin").joinpath(_SCHEMA).read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema
