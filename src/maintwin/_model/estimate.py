"""`Estimate`: how long a change is planned to take, and which figure says so.

:func:`maintwin._planning.estimate.estimate` makes one from a change and the policy; the
runbook, the plan and the rules read it.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from .._text import span_text
from .base import Model
from .step import DryRun
from .types import Id, NonNegativeDuration, PositiveDuration

__all__ = ["Basis", "Estimate"]


class Basis(StrEnum):
    """Which figure a change's planned length comes from."""

    STATED = "stated"  # its duration
    STEPS = "steps"  # its timed steps added up
    REHEARSAL = "rehearsal"  # its longest dry run times the contingency factor


class Estimate(Model):
    """A change's planned length (``work``) and where it comes from (``basis``).

    ``stated`` is its duration, ``steps`` its timed steps added up, ``rehearsal`` its longest
    dry run (``dry_run``) times ``factor``; each ``None`` when the change has none.
    ``step_times`` is each step's planned length (``None``: untimed), ``rollback`` the
    rollback's (zero: none).
    """

    change: Id
    work: PositiveDuration
    basis: Basis
    stated: PositiveDuration | None = None
    steps: NonNegativeDuration | None = None
    rehearsal: PositiveDuration | None = None
    dry_run: DryRun | None = None
    factor: float = 1.5
    step_times: tuple[NonNegativeDuration | None, ...] = ()
    rollback: NonNegativeDuration = timedelta(0)

    @property
    def understated(self) -> bool:
        """Whether the change states a duration shorter than its rehearsals or its steps
        call for."""
        return self.stated is not None and self.stated < self.work

    def __str__(self) -> str:
        return f"{span_text(self.work)}, {self.source}"

    @property
    def source(self) -> str:
        """Where the planned length comes from, in words."""
        if self.basis is Basis.REHEARSAL and self.dry_run is not None:
            return (
                f"the longest dry run ({span_text(self.dry_run.total)} on {self.dry_run.on}) "
                f"times {self.factor:g}"
            )
        if self.basis is Basis.STEPS:
            return "its timed steps added up"
        return "its stated duration"
