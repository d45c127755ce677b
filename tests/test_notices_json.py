"""``notices_json`` and its JSON Schema: the document mail and chat integrations read.

The schema (src/maintwin/schemas/notices.schema.json) is written by hand; jsonschema, a
validator nobody here wrote, checks the example plan's document against it, and documents
with a field wrong, missing, extra or out of its enum against it too, so that the schema is
not vacuous. Its fields are compared with :class:`maintwin.Notice`'s, so that the model and
the schema cannot drift apart unnoticed.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest

import maintwin
from maintwin import Notice, Plan, Scenario

CHICAGO = ZoneInfo("America/Chicago")
NOW = datetime(2026, 11, 22, 9, 0, tzinfo=CHICAGO)
LATER = datetime(2027, 1, 5, 9, 0, tzinfo=CHICAGO)
START, END = date(2026, 12, 1), date(2027, 12, 1)

Document = dict[str, Any]


@pytest.fixture(scope="module")
def plan(example: Scenario) -> Plan:
    return maintwin.plan(example, START, END, now=NOW)


@pytest.fixture(scope="module")
def late_plan(example: Scenario) -> Plan:
    """Made on 2027-01-05 with a freeze horizon of a day: three notices are late."""
    policy = example.policy.model_copy(update={"freeze_horizon": timedelta(days=1)})
    return maintwin.plan(example.model_copy(update={"policy": policy}), START, END, now=LATER)


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = maintwin.notices_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


def document(plan: Plan) -> Document:
    loaded: Document = json.loads(maintwin.notices_json(plan))
    return loaded


def problems(validator: jsonschema.Draft202012Validator, doc: Document) -> list[str]:
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(doc)]


# -- the document -----------------------------------------------------------------------------


def test_the_example_validates(validator: jsonschema.Draft202012Validator, plan: Plan) -> None:
    doc = document(plan)
    assert problems(validator, doc) == []
    # 31 for the RIS windows, and the PACS upgrade's: 2 clients x 3, its crew of 3 x 2
    assert len(doc["notices"]) == len(plan.notices) == 31 + 6 + 6


def test_a_document_with_late_notices_validates(
    validator: jsonschema.Draft202012Validator, late_plan: Plan
) -> None:
    doc = document(late_plan)
    assert problems(validator, doc) == []
    late = [n for n in doc["notices"] if n["status"] == "late"]
    assert [n["late_by"] for n in late] == ["P5DT23H"] * 3


def test_the_head_of_the_document(plan: Plan) -> None:
    doc = document(plan)
    assert list(doc) == ["format", "scenario", "now", "notices"]
    assert doc["format"] == "maintwin.notices/1"
    assert doc["scenario"] == "teleradiology-platform"
    assert doc["now"] == "2026-11-22T15:00:00Z"


def test_each_notice_is_its_model_dump(plan: Plan) -> None:
    doc = document(plan)
    by_id = {n.id: n for n in plan.notices}
    for dumped in doc["notices"]:
        notice = by_id[dumped["id"]]
        assert dumped == notice.model_dump(mode="json")
        assert Notice.model_validate(dumped) == notice  # and reads back as the same notice


def test_times_are_on_the_readers_clock(plan: Plan) -> None:
    doc = document(plan)
    pacific = next(n for n in doc["notices"] if n["id"] == "client/pacific-rad/ris-2027-01-13/P14D")
    assert pacific["due"] == "2026-12-30T08:00:00-08:00"
    assert pacific["start"] == "2027-01-13T08:00:00-08:00"
    assert pacific["timezone"] == "America/Los_Angeles"
    assert pacific["offset"] == "P14D"


def test_notices_are_sorted_by_due_instant_then_id(plan: Plan) -> None:
    notices = document(plan)["notices"]
    keys = [(datetime.fromisoformat(n["due"]).astimezone(UTC), n["id"]) for n in notices]
    assert keys == sorted(keys)
    shuffled = plan.model_copy(update={"notices": tuple(reversed(plan.notices))})
    assert maintwin.notices_json(shuffled) == maintwin.notices_json(plan)


def test_the_same_plan_gives_the_same_text(example: Scenario, plan: Plan) -> None:
    again = maintwin.plan(example, START, END, now=NOW)
    text = maintwin.notices_json(plan)
    assert maintwin.notices_json(again) == text
    assert text.endswith("}\n")
    assert text.startswith('{\n  "format": "maintwin.notices/1",\n')


def test_a_plan_without_notices(plan: Plan, validator: jsonschema.Draft202012Validator) -> None:
    empty = plan.model_copy(update={"notices": ()})
    doc = document(empty)
    assert doc["notices"] == []
    assert problems(validator, doc) == []


# -- the schema is not vacuous ----------------------------------------------------------------


def _first(change: Callable[[Document], None]) -> Callable[[Document], None]:
    return lambda doc: change(doc["notices"][0])


MUTATIONS: dict[str, Callable[[Document], None]] = {
    "an unknown notice field": _first(lambda n: n.update(urgent=True)),
    "a misspelt notice field": _first(lambda n: n.update(readr=n.pop("reader"))),
    "a missing due": _first(lambda n: n.pop("due")),
    "a missing html": _first(lambda n: n.pop("html")),
    "a missing late_by (null must be written)": _first(lambda n: n.pop("late_by")),
    "an unknown audience": _first(lambda n: n.update(audience="clients")),
    "an unknown kind": _first(lambda n: n.update(kind="reminder")),
    "an unknown status": _first(lambda n: n.update(status="done")),
    "a naive due": _first(lambda n: n.update(due="2026-12-30T10:00:00")),
    "a due that is a date": _first(lambda n: n.update(due="2026-12-30")),
    "an offset that is not ISO 8601": _first(lambda n: n.update(offset="14 days")),
    "a negative offset": _first(lambda n: n.update(offset="-P14D")),
    "a change id with a space": _first(lambda n: n.update(changes=["CHG 1"])),
    "changes as a string": _first(lambda n: n.update(changes="CHG-1042")),
    "a window that is null": _first(lambda n: n.update(window=None)),
    "a subject that is a number": _first(lambda n: n.update(subject=3)),
    "another format": lambda doc: doc.update(format="maintwin.notices/2"),
    "now with an offset": lambda doc: doc.update(now="2026-11-22T09:00:00-06:00"),
    "a missing scenario": lambda doc: doc.pop("scenario"),
    "an extra top-level field": lambda doc: doc.update(plan={}),
    "notices as an object": lambda doc: doc.update(notices={}),
}


@pytest.mark.parametrize("name", sorted(MUTATIONS))
def test_a_wrong_document_fails(
    validator: jsonschema.Draft202012Validator, plan: Plan, name: str
) -> None:
    doc = copy.deepcopy(document(plan))
    MUTATIONS[name](doc)
    assert problems(validator, doc), f"{name} passed the schema"


def test_nulls_are_accepted_only_where_the_model_has_them(
    validator: jsonschema.Draft202012Validator, plan: Plan
) -> None:
    nullable = {
        name
        for name, field in Notice.model_fields.items()
        if not field.is_required() and field.default is None
    }
    assert nullable == {"reader", "offset", "late_by"}
    for name in Notice.model_fields:
        doc = copy.deepcopy(document(plan))
        doc["notices"][0][name] = None
        assert bool(problems(validator, doc)) == (name not in nullable), name


# -- the schema and the model -----------------------------------------------------------------


def test_the_schema_requires_every_field_of_notice_and_no_other() -> None:
    notice = maintwin.notices_schema()["$defs"]["notice"]
    fields = list(Notice.model_fields)
    assert sorted(notice["required"]) == sorted(fields)
    assert sorted(notice["properties"]) == sorted(fields)
    assert notice["additionalProperties"] is False


def test_the_schemas_enums_are_the_models() -> None:
    properties = maintwin.notices_schema()["$defs"]["notice"]["properties"]
    assert properties["audience"]["enum"] == [a.value for a in maintwin.Audience]
    assert properties["kind"]["enum"] == [k.value for k in maintwin.NoticeKind]
    assert properties["status"]["enum"] == [s.value for s in maintwin.NoticeStatus]


def test_the_schema_requires_the_whole_head() -> None:
    schema = maintwin.notices_schema()
    assert sorted(schema["required"]) == sorted(schema["properties"])
    assert schema["properties"]["format"]["const"] == "maintwin.notices/1"
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_each_call_gives_a_fresh_schema() -> None:
    schema = maintwin.notices_schema()
    schema["$defs"].clear()
    assert maintwin.notices_schema()["$defs"]
