"""`Step`: one line of a change's runbook; `DryRun`: a rehearsal; `Rollback`: the way back."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated, Any, Self

from pydantic import BeforeValidator, Field, model_validator

from .._errors import LocatedProblem, MaintwinError
from .base import Model
from .types import Duration, Id, NonNegativeDuration, PositiveDuration, iso_duration

__all__ = ["DryRun", "Rollback", "RollbackRecord", "Step", "StepKind", "StepRecord"]


class StepKind(StrEnum):
    """What a runbook step is: work to do (``step``), a verification that must pass before
    the runbook goes on (``check``: "backup verified restorable"), or a go/no-go decision
    (``gate``), taken by the point of no return."""

    STEP = "step"
    CHECK = "check"
    GATE = "gate"


class Step(Model):
    """One line of a runbook.

    ``title`` says what to do; ``kind`` is a step, a check or a gate; ``duration`` is the
    estimate (``None``: untimed, it takes no time on the timeline); ``owner`` is the role
    (``dba``) or the person who does it; ``criteria`` what must hold: for a check, what passes;
    for a gate, what says go.
    """

    title: str = Field(min_length=1)
    kind: StepKind = StepKind.STEP
    duration: NonNegativeDuration | None = None
    owner: Id | None = None
    criteria: str = ""


def _step(value: Any) -> Any:
    """A plain string is an untimed step with that title."""
    if isinstance(value, str):
        return {"title": value}
    return value


StepRecord = Annotated[Step, BeforeValidator(_step, json_schema_input_type=str | Step)]
"""A :class:`Step`, or a plain string (an untimed step with that title)."""


class DryRun(Model):
    """A rehearsal of a change: the day it ran (``on``) and what it measured, in total
    (``duration``) and/or per step (``steps``: one figure per step of the change, in order).
    A dry run's ``total`` is its ``duration``, else the sum of its step figures."""

    on: date
    duration: PositiveDuration | None = None
    steps: tuple[NonNegativeDuration, ...] = ()
    note: str = ""

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.duration is None and not any(self.steps):
            raise LocatedProblem(
                ("duration",),
                "a dry run records what it measured: its duration (e.g. 'PT4H30M'), or one "
                "figure per step (steps = ['PT20M', 'PT2H', ...])",
            )
        measured = sum(self.steps, timedelta(0))
        if self.duration is not None and measured > self.duration:
            raise LocatedProblem(
                ("steps",),
                f"the step figures add up to {iso_duration(measured)}, more than the dry run's "
                f"duration {iso_duration(self.duration)}",
            )
        return self

    @property
    def total(self) -> timedelta:
        """What the dry run took from start to end."""
        return self.duration if self.duration is not None else sum(self.steps, timedelta(0))


class Rollback(Model):
    """How a change is undone if its go/no-go gate says no: how long it takes (``duration``,
    e.g. a restore from backup) and its ``steps`` (timed or not). The rollback's planned
    length is the longer of ``duration`` and its steps' durations added up."""

    duration: PositiveDuration | None = None
    steps: tuple[StepRecord, ...] = ()

    @model_validator(mode="after")
    def _check(self) -> Self:
        if self.duration is None and not any(s.duration for s in self.steps):
            raise LocatedProblem(
                ("duration",),
                "a rollback says how long it takes: its duration (e.g. 'PT6H'), or timed steps",
            )
        for index, step in enumerate(self.steps):
            if step.kind is StepKind.GATE:
                raise LocatedProblem(
                    ("steps", index, "kind"),
                    "a rollback has no go/no-go gate: it runs once the change's gate says no; "
                    "give the step kind 'step' or 'check', and the gate to the change's steps",
                )
        return self

    @property
    def length(self) -> timedelta:
        """The rollback's planned length."""
        timed = sum((s.duration for s in self.steps if s.duration is not None), timedelta(0))
        return max(self.duration or timedelta(0), timed)


def _rollback(value: Any) -> Any:
    """A duration alone (``"PT6H"``) is a rollback of that length with no steps."""
    if isinstance(value, str | timedelta):
        return {"duration": value}
    if value is not None and not isinstance(value, dict | Rollback):
        raise MaintwinError(
            f"{value!r} is not a rollback; give its duration ('PT6H') or a table (duration, steps)"
        )
    return value


RollbackRecord = Annotated[
    Rollback | None, BeforeValidator(_rollback, json_schema_input_type=Rollback | Duration | None)
]
"""A :class:`Rollback`, a duration (a rollback of that length), or ``None``."""
