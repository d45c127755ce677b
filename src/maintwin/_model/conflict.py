"""`Conflict`: one finding of the planner or of `check`, with its code, severity and a hint."""

from __future__ import annotations

from enum import StrEnum

from .base import Model
from .types import Id

__all__ = ["Conflict", "ConflictCode", "Severity"]


class Severity(StrEnum):
    """How bad a finding is: an ``error`` breaks a rule; a ``warning`` needs a person's eye."""

    ERROR = "error"
    WARNING = "warning"


class ConflictCode(StrEnum):
    """What kind of finding a :class:`Conflict` is (see docs/planning.md for each one)."""

    CAPACITY_EXCEEDED = "CAPACITY_EXCEEDED"
    IN_BLACKOUT = "IN_BLACKOUT"
    NOT_IN_WINDOW = "NOT_IN_WINDOW"
    WRONG_SUBSYSTEM = "WRONG_SUBSYSTEM"
    LEAD_TIME = "LEAD_TIME"
    BEFORE_EARLIEST = "BEFORE_EARLIEST"
    DEADLINE_MISSED = "DEADLINE_MISSED"
    UNSCHEDULABLE = "UNSCHEDULABLE"
    DEPENDENCY_ORDER = "DEPENDENCY_ORDER"
    DEPENDENCY_CYCLE = "DEPENDENCY_CYCLE"
    SAME_DAY_RELEASES = "SAME_DAY_RELEASES"
    DST_SHIFTED = "DST_SHIFTED"
    UNKNOWN_REFERENCE = "UNKNOWN_REFERENCE"
    WINDOWS_OVERLAP = "WINDOWS_OVERLAP"
    STAFFING_GAP = "STAFFING_GAP"
    MISSING_BACKUP = "MISSING_BACKUP"
    DOUBLE_BOOKED = "DOUBLE_BOOKED"
    OWNER_ABSENT = "OWNER_ABSENT"
    SHORT_NOTICE = "SHORT_NOTICE"
    LATE_NOTICE = "LATE_NOTICE"
    NO_ROLLBACK_ROOM = "NO_ROLLBACK_ROOM"
    NO_SLACK = "NO_SLACK"
    UNDERSTATED_DURATION = "UNDERSTATED_DURATION"


_CODE_RANK = {code: rank for rank, code in enumerate(ConflictCode)}


class Conflict(Model):
    """One finding: what (``code``), how bad (``severity``), who is involved, and what to do.

    ``changes``, ``windows``, ``blackouts``, ``trains`` and ``people`` name the ids involved;
    ``message`` says what is wrong and ``hint`` what a person could do about it.
    """

    code: ConflictCode
    severity: Severity
    message: str
    hint: str = ""
    changes: tuple[Id, ...] = ()
    windows: tuple[Id, ...] = ()
    blackouts: tuple[Id, ...] = ()
    trains: tuple[Id, ...] = ()
    people: tuple[Id, ...] = ()

    def sort_key(self) -> tuple[int, int, tuple[str, ...], tuple[str, ...], str]:
        """Errors first, then by code, the ids involved, and the message."""
        return (
            0 if self.severity is Severity.ERROR else 1,
            _CODE_RANK[self.code],
            self.changes,
            self.windows,
            self.message,
        )

    def __str__(self) -> str:
        hint = f" ({self.hint})" if self.hint else ""
        return f"{self.severity.value} {self.code.value}: {self.message}{hint}"
