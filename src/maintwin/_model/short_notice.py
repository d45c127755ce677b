"""`ShortNotice`: the record a short-notice change keeps, and its `Approval`."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field

from .._errors import LocatedProblem, MaintwinError
from .base import Model
from .types import FrozenDict

__all__ = ["Answers", "Approval", "ShortNotice", "ShortNoticeRecord"]


class Approval(Model):
    """Who approved a change (``by``: a name, a board, a person id), on which day (``on``), and
    at which change-advisory meeting (``meeting``, its date; ``None`` when it was approved
    outside one)."""

    by: str = Field(min_length=1)
    on: date
    meeting: date | None = None


def _answers(value: dict[str, str]) -> FrozenDict[str, str]:
    for key, text in value.items():
        if not text.strip():
            raise LocatedProblem(
                (key,), "the answer is empty; write the answer, or leave the question out"
            )
    return FrozenDict(value)


Answers = Annotated[dict[str, str], AfterValidator(_answers)]
"""Review question key -> the recorded answer; immutable once validated."""


class ShortNotice(Model):
    """What a change raised inside the lead time keeps on record for the short-notice playbook.

    ``approval`` is who approved it, when and at which meeting (``None``: not yet approved).
    ``answers`` maps the keys of ``Policy.review_questions`` to the answers recorded at the
    review; ``worst_case`` is the worst case planned for ("30 s without network") and
    ``rollback`` how it is undone. ``stakeholders`` are the people e-mailed first (names or
    addresses); ``client_line`` is the line it adds to the client notice (a line built from the
    services it affects when empty).
    """

    approval: Approval | None = None
    answers: Answers = FrozenDict()
    worst_case: str = ""
    rollback: str = ""
    stakeholders: tuple[str, ...] = ()
    client_line: str = ""


def _record(value: Any) -> Any:
    """``true`` is a short-notice change with nothing on record yet; ``false`` is none."""
    if value is True:
        return ShortNotice()
    if value is False:
        return None
    if value is not None and not isinstance(value, dict | ShortNotice):
        raise MaintwinError(
            f"{value!r} is not a short-notice record; give a table (approval, answers, "
            "worst_case, rollback, stakeholders, client_line), or true"
        )
    return value


ShortNoticeRecord = Annotated[
    ShortNotice | None, BeforeValidator(_record, json_schema_input_type=ShortNotice | bool | None)
]
"""A :class:`ShortNotice`, ``True`` (one with nothing on record) or ``None``/``False``."""
