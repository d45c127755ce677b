"""The planning rules, one module each, and the registry every consumer goes through.

The solvers ask :func:`admits` (may this change take this slot, given the placements so far?),
the exact model takes :func:`candidates` and each rule's constraints, explain and the
unscheduled detail ask :func:`refusal` (which rule refuses, and why?), and `check` collects
:func:`conflicts`. Adding a rule is one module with a :class:`Rule` subclass and one entry in
``RULES`` (see docs/architecture.md).

``RULES`` is in the order a person looks: the first rule that refuses a slot is the one
explain names.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from ..._model.change import Change
from ..._model.conflict import Conflict
from ..problem import Problem, Slot
from ..state import Placement
from .base import Choices, Facts, Rule
from .blackout import BlackoutRule
from .capacity import CapacityRule, long_enough
from .crew import CrewRule
from .deadline import DeadlineRule
from .dst import DstRule
from .earliest import EarliestRule
from .freeze import FreezeRule
from .kept import KeptRule
from .lead_time import LeadTimeRule
from .notices import NoticeRule
from .order import OrderRule
from .overlap import OverlapRule
from .references import ReferencesRule
from .rehearsal import RehearsalRule
from .reserve import ReserveRule, leaves_room
from .review import ReviewRule
from .same_day import SameDayRule
from .slack import SlackRule
from .subsystem import SubsystemRule
from .unplaced import UnplacedRule

__all__ = [
    "JUDGE",
    "RULES",
    "Rule",
    "admits",
    "alone",
    "candidates",
    "conflicts",
    "constrain",
    "refusal",
]

RULES: tuple[Rule, ...] = (
    SubsystemRule(),
    KeptRule(),
    FreezeRule(),
    LeadTimeRule(),
    ReviewRule(),
    EarliestRule(),
    BlackoutRule(),
    CrewRule(),
    CapacityRule(),
    ReserveRule(),
    OrderRule(),
    DeadlineRule(),
    ReferencesRule(),
    SameDayRule(),
    DstRule(),
    OverlapRule(),
    NoticeRule(),
    RehearsalRule(),
    SlackRule(),
    UnplacedRule(),
)

_PLACING = tuple(r for r in RULES if r.places)
_OPENING = tuple(r for r in RULES if type(r).opens is not Rule.opens)
_BOUNDING = tuple(r for r in RULES if type(r).first_day is not Rule.first_day)
_PAIRING = tuple(r for r in RULES if type(r).admits is not Rule.admits)


class _Judge:
    """What a :class:`Problem` asks the rules once (see :class:`~..problem.Judge`)."""

    def opens(self, problem: Problem, slot: Slot) -> bool:
        for rule in _OPENING:  # noqa: SIM110 (a loop: asked once per window, no generator)
            if not rule.opens(problem, slot):
                return False
        return True

    def first_day(self, problem: Problem, change: Change) -> date | None:
        days = [d for rule in _BOUNDING if (d := rule.first_day(problem, change)) is not None]
        return max(days) if days else None


JUDGE = _Judge()


def admits(problem: Problem, state: Placement, cid: str, slot: Slot) -> bool:
    """Whether every rule lets ``cid`` (not placed in ``state``) take ``slot``.

    The answers of ``opens`` and ``first_day`` were asked once, when the problem was built.
    """
    if not slot.open:
        return False
    first = problem.first[cid]
    if first is not None and slot.day < first:
        return False
    for rule in _PAIRING:  # noqa: SIM110 (a loop, not all(): the solvers ask this most)
        if not rule.admits(problem, state, cid, slot):
            return False
    return True


def alone(problem: Problem, cid: str, slot: Slot) -> bool:
    """Whether the rules would let ``cid`` take ``slot`` were the slot empty and nothing else
    placed: open, on or after its first day, and long enough for its work and rollback."""
    first = problem.first[cid]
    return (
        slot.open
        and (first is None or slot.day >= first)
        and long_enough(problem.work[cid], slot.capacity)
        and leaves_room(problem, cid, slot, timedelta(0))
    )


def refusal(problem: Problem, state: Placement, cid: str, slot: Slot) -> tuple[Rule, str] | None:
    """The first rule (in the order of ``RULES``) that refuses ``slot`` to ``cid``, and its
    reason in words; ``None`` when every rule admits it."""
    change = problem.changes[cid]
    for rule in _PLACING:
        first = rule.first_day(problem, change)
        if (
            not rule.opens(problem, slot)
            or (first is not None and slot.day < first)
            or not rule.admits(problem, state, cid, slot)
        ):
            return rule, rule.why_not(problem, state, cid, slot)
    return None


def candidates(problem: Problem, cid: str) -> list[Slot]:
    """The slots ``cid`` may take by every rule before any new placement: open, on or after
    its first day, and each rule's ``candidate`` (room and order next to the kept ones)."""
    lane = problem.lane_of(cid)
    if lane is None:
        return []
    return [
        slot
        for slot in lane.from_day(problem.first[cid])
        if slot.open and all(rule.candidate(problem, cid, slot) for rule in _PAIRING)
    ]


def constrain(model: Any, problem: Problem, choices: Choices) -> None:
    """Add every rule's constraints on the exact model's ``choices``."""
    for rule in _PAIRING:
        rule.constrain(model, problem, choices)


def conflicts(facts: Facts) -> list[Conflict]:
    """Every conflict of a finished plan, sorted (errors first)."""
    found = [c for rule in RULES for c in rule.conflicts(facts)]
    return sorted(found, key=Conflict.sort_key)
