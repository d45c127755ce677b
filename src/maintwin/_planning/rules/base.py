"""What a planning rule is: the questions every consumer asks of it, with their defaults.

A rule answers, in one module:

* **for the solvers**, whether a change may take a slot, in one of three forms, the cheapest
  that fits the rule: ``opens`` (the slot alone: blackouts, the freeze horizon), ``first_day``
  (the change alone: lead time, earliest date; slots on earlier local days are refused) or
  ``admits`` (the change in the slot, given the placements so far: capacity, order);
* **for the exact model**, ``candidate`` (what ``admits`` says before any new placement, with
  only the kept assignments) and ``constrain`` (the rest of ``admits`` as CP-SAT constraints);
* **for explain and the unscheduled detail**, ``why_not``: the reason, in words, for a slot the
  rule refuses;
* **for check**, ``conflicts``: what a finished plan breaks, as :class:`Conflict` s.

A rule overrides only what it has to say; the defaults admit everything and find nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, ClassVar, NamedTuple

from ..._expansion.crews import Roster
from ..._expansion.windows import ReleaseDay
from ..._model.change import Change
from ..._model.conflict import Conflict
from ..._model.crew import Duty, StaffingGap
from ..._model.notice import Notice
from ..._model.window import Window
from ..._scenario import Scenario
from ..dependencies import Dependencies
from ..estimate import Lengths
from ..plan import Assignment, Lock, Unscheduled
from ..problem import Problem, Slot
from ..state import Placement

__all__ = ["Choices", "Facts", "Placed", "Rule", "by_slot", "kept_note"]

Choices = Mapping[str, Sequence[tuple[Slot, Any]]]
"""The exact model's booleans: for each change, its candidate slots and their variables."""


def by_slot(choices: Choices) -> list[tuple[Slot, list[tuple[str, Any]]]]:
    """The exact model's booleans the other way round: each slot some change may take, with
    those changes and their variables (slots and changes in the order first met)."""
    found: dict[int, tuple[Slot, list[tuple[str, Any]]]] = {}
    for cid, options in choices.items():
        for slot, var in options:
            found.setdefault(id(slot), (slot, []))[1].append((cid, var))
    return list(found.values())


class Placed(NamedTuple):
    """One assignment of a finished plan whose change and window are both known, with the
    window's local day."""

    assignment: Assignment
    change: Change
    window: Window
    day: date


@dataclass(frozen=True)
class Facts:
    """A finished plan as the rules check it."""

    scenario: Scenario
    windows: Mapping[str, Window]
    releases: Sequence[ReleaseDay]
    assignments: Sequence[Assignment]
    unscheduled: Sequence[Unscheduled]
    withdrawn: Sequence[Assignment]
    now: datetime
    deps: Dependencies
    changes: Mapping[str, Change]
    placed: Mapping[str, Assignment]
    known: Sequence[Placed]
    """The assignments of changes still planned (not done, failed or cancelled)."""
    history: Sequence[Placed]
    """The assignments of done and failed changes: they ran, and only take room."""
    spans: Mapping[str, tuple[datetime, datetime]]
    """Each window's start and end in UTC."""
    crews: Mapping[str, tuple[Duty, ...]]
    """The plan's crew of each window that has one."""
    short: Mapping[str, tuple[StaffingGap, ...]]
    """The staffing gaps that block each window short of staff, as the plan has them."""
    roster: Roster
    """Who is free and on duty when, over the plan's horizon."""
    notices: Sequence[Notice]
    """The notices the plan calls for; in ``check``, of the advance notices only the late
    ones (all the notice rule reads: a rule that needs the others must have ``check``
    derive them too)."""
    lengths: Lengths
    """Each change's planned length (its work) and its rollback's."""

    def work(self, cid: str) -> timedelta:
        """The planned length of change ``cid``."""
        return self.lengths.work[cid]

    def rollback(self, cid: str) -> timedelta:
        """The planned length of change ``cid``'s rollback (zero: it has none)."""
        return self.lengths.rollback.get(cid, timedelta(0))


class Rule:
    """One planning rule (see the module docstring for what each method answers)."""

    name: ClassVar[str]
    """The rule's name, as explain and the unscheduled detail show it: ``lead time``."""

    def opens(self, problem: Problem, slot: Slot) -> bool:
        """Whether ``slot`` may take new changes at all."""
        return True

    def first_day(self, problem: Problem, change: Change) -> date | None:
        """The first local day ``change`` may ride (``None``: no bound)."""
        return None

    def admits(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> bool:
        """Whether ``cid`` (not placed in ``state``) may take ``slot``."""
        return True

    def candidate(self, problem: Problem, cid: str, slot: Slot) -> bool:
        """What :meth:`admits` says before any new placement (kept assignments only)."""
        return True

    def constrain(self, model: Any, problem: Problem, choices: Choices) -> None:
        """Add to the CP-SAT ``model`` what :meth:`candidate` leaves out of :meth:`admits`."""

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        """Why the rule refuses ``slot`` to ``cid``, in words."""
        return self.name

    def conflicts(self, facts: Facts) -> Iterable[Conflict]:
        """What a finished plan breaks of this rule."""
        return ()

    @property
    def places(self) -> bool:
        """Whether the rule has a say in where a change may ride."""
        kind = type(self)
        return any(
            getattr(kind, hook) is not getattr(Rule, hook)
            for hook in ("opens", "first_day", "admits")
        )


def kept_note(a: Assignment) -> str:
    """`` (kept: ...)`` for a kept assignment, said in each conflict it has."""
    if a.lock is Lock.ANNOUNCED:
        return " (kept: it was already announced)"
    if a.lock is Lock.PIN:
        return " (kept: it is pinned)"
    if a.lock is Lock.HISTORY:
        return " (kept: it ran there)"
    return ""
