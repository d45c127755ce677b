"""The exception hierarchy: one root, :class:`MaintwinError`, a :class:`ValueError`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

__all__ = [
    "CalendarError",
    "ExpansionLimitError",
    "FieldError",
    "FileFormatError",
    "InputError",
    "LocatedProblem",
    "MaintwinError",
]


class MaintwinError(ValueError):
    """Root of every error maintwin raises on purpose.

    It subclasses :class:`ValueError`, so ``except ValueError`` keeps working.
    """

    __module__ = "maintwin"


def format_loc(loc: Sequence[str | int]) -> str:
    """Render a field path the way users write it: ``trains[2].schedule.rrule``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "<root>"


@dataclass(frozen=True)
class FieldError:
    """One invalid field: where it is, what was wrong, and what was given."""

    loc: tuple[str | int, ...]
    message: str
    input: Any = None
    line: int | None = None

    @property
    def path(self) -> str:
        """The field path, e.g. ``trains[2].schedule.rrule``."""
        return format_loc(self.loc)

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line is not None else ""
        return f"{self.path}{where}: {self.message}"


class InputError(MaintwinError):
    """Input that does not describe a valid model.

    ``errors`` lists every invalid field with its path; ``source`` names the file the input came
    from, when it came from one; ``model`` is the name of the model being built.
    """

    __module__ = "maintwin"

    def __init__(
        self, model: str, errors: Sequence[FieldError], *, source: str | None = None
    ) -> None:
        self.model = model
        self.errors = tuple(errors)
        self.source = source
        where = f"{source}: " if source else ""
        count = len(self.errors)
        head = f"{where}{count} invalid field{'s' if count != 1 else ''} in {model}"
        super().__init__("\n  ".join([head, *map(str, self.errors)]))

    def with_source(self, source: str, lines: Sequence[int | None] | None = None) -> InputError:
        """The same error, naming the file it came from (and, where known, each field's line)."""
        errors = self.errors
        if lines is not None:
            errors = tuple(
                FieldError(e.loc, e.message, e.input, line)
                for e, line in zip(self.errors, lines, strict=True)
            )
        return InputError(self.model, errors, source=source)


class ExpansionLimitError(MaintwinError):
    """A recurrence would expand past ``Policy.max_occurrences`` for one query."""

    __module__ = "maintwin"

    def __init__(
        self,
        owner: str,
        rule: str,
        count: int,
        limit: int,
        what: str,
        *,
        setting: str = "Policy.max_occurrences",
        advice: str = "query a shorter horizon, move starts_on closer to it, use a coarser FREQ",
    ) -> None:
        self.owner = owner
        self.rule = rule
        self.count = count
        self.limit = limit
        super().__init__(
            f"{owner}: rule {rule!r} would {what} {count:,} times, more than "
            f"{setting}={limit:,}; {advice}, or raise max_occurrences"
        )


class LocatedProblem(MaintwinError):
    """Raised inside a validator to name the field below the validated model that is wrong."""

    def __init__(self, loc: Sequence[str | int], message: str) -> None:
        self.loc = tuple(loc)
        self.message = message
        super().__init__(f"{format_loc(self.loc)}: {message}")


class FileFormatError(MaintwinError):
    """A scenario file that is not valid TOML or JSON, or cannot be read."""

    __module__ = "maintwin"

    def __init__(
        self, source: str, problem: str, *, line: int | None = None, column: int | None = None
    ) -> None:
        self.source = source
        self.problem = problem
        self.line = line
        self.column = column
        where = source + (f", line {line}" if line else "")
        where += f", column {column}" if column else ""
        super().__init__(f"{where}: {problem}")


class CalendarError(MaintwinError):
    """An iCalendar file that cannot be read, or an event in it that cannot be used.

    ``source`` names the file or stream; ``uid`` the event, when one is at fault; ``problem``
    says what is wrong and what would be accepted.
    """

    __module__ = "maintwin"

    def __init__(self, source: str, problem: str, *, uid: str | None = None) -> None:
        self.source = source
        self.problem = problem
        self.uid = uid
        where = source + (f", event {uid!r}" if uid else "")
        super().__init__(f"{where}: {problem}")


class SolverError(MaintwinError):
    """The exact solver is not installed, or could not prove a plan optimal."""

    __module__ = "maintwin"
