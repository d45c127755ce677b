"""The scenario file's JSON Schema, built from the models, for editors that check TOML and JSON
as it is typed (a ``#:schema`` line at the top of a TOML file; see docs/cli.md)."""

from __future__ import annotations

import json
from typing import Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaWarningKind

from ._config import LeaveCalendar
from ._scenario import Scenario

__all__ = ["scenario_schema", "scenario_schema_text"]

DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _Quiet(GenerateJsonSchema):
    """Pydantic's generator, without the warning for a default it cannot write as JSON (an
    empty frozen mapping): the schema then leaves that default out, which is all it can do."""

    def emit_warning(self, kind: JsonSchemaWarningKind, detail: str) -> None:
        if kind != "non-serializable-default":
            super().emit_warning(kind, detail)


def scenario_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) a scenario file keeps to, as a dict.

    It is the models' own schema, in the form a file is written (every shorthand a model reads
    is accepted: a plain string for a step, ``"PT8H"`` for a rollback, ``true`` for a
    short-notice record), plus what only the file reader takes: a person's
    ``leave_calendar``, and a field by its name where a file may also write its alias
    (``windows`` or ``one_off_windows``). Durations, dates and times are strings, as TOML
    editors see them.
    """
    schema = Scenario.model_json_schema(schema_generator=_Quiet)
    definitions = schema["$defs"]
    calendar = LeaveCalendar.model_json_schema(schema_generator=_Quiet)
    definitions["LeaveCalendar"] = {k: v for k, v in calendar.items() if k != "$defs"}
    reference = {"$ref": "#/$defs/LeaveCalendar"}
    definitions["Person"]["properties"]["leave_calendar"] = {
        "anyOf": [reference, {"type": "array", "items": reference}],
        "description": "an iCalendar file of the person's leave, read relative to the scenario "
        "file, with the horizon [start, end) to expand it over; or a list of them",
    }
    for name, field in Scenario.model_fields.items():  # the loader reads a field by either name
        if field.alias and field.alias != name:
            schema["properties"][name] = schema["properties"][field.alias]
    return {"$schema": DIALECT, "title": "maintwin scenario", **schema}


def scenario_schema_text() -> str:
    """:func:`scenario_schema` as JSON text, the same bytes every time (keys sorted)."""
    return json.dumps(scenario_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
