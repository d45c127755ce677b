"""Kept assignments stay where they are: a pinned change rides in its pinned window, and with
``previous=`` a change already announced (its window starts before the end of the freeze
horizon) stays in its window. A kept assignment that breaks a rule is reported, not moved."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.ids import is_dated_id
from ..._scenario import Scenario
from ..._time import utc
from ..plan import Assignment, Lock, Plan, Unscheduled, UnscheduledCause
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule

__all__ = ["Announced", "KeptRule", "announced", "keep_pins"]


def keep_pins(problem: Problem) -> list[Unscheduled]:
    """Keep every pinned change not kept already in its window; the pins that name no window
    in the horizon come back as unscheduled (and are held out of the changes to place)."""
    out: list[Unscheduled] = []
    for cid in problem.order:  # prerequisites first: they run first in a shared window
        change = problem.changes[cid]
        if change.pin is None:
            continue
        slot = problem.slots.get(change.pin)
        if slot is None:
            out.append(
                Unscheduled(
                    change=cid,
                    cause=UnscheduledCause.OUT_OF_HORIZON,
                    detail=f"it is pinned to {change.pin!r}, which is not a window in the horizon",
                )
            )
            continue
        problem.keep(
            Assignment(change=cid, window=slot.window.id, offset=slot.kept_fill, lock=Lock.PIN)
        )
    problem.hold(u.change for u in out)
    return out


class Announced(NamedTuple):
    """The previous plan's announced assignments: ``kept`` (in this horizon, they stay),
    ``withdrawn`` (their change left the scenario) and ``earlier`` (in windows before this
    horizon, not planned again)."""

    kept: list[Assignment]
    withdrawn: list[Assignment]
    earlier: list[Assignment]


def announced(
    scenario: Scenario, previous: Plan | None, start: datetime, now: datetime
) -> Announced:
    """The previous plan's assignments to windows that start before the end of the freeze
    horizon: clients have heard of them."""
    kept: list[Assignment] = []
    withdrawn: list[Assignment] = []
    earlier: list[Assignment] = []
    if previous is not None:
        end = scenario.policy.freeze_end(now)
        known = {c.id for c in scenario.changes}
        starts = {w.id: utc(w.start) for w in previous.windows}
        for a in previous.assignments:
            began = starts.get(a.window)
            if began is None or began >= end:
                continue
            held = a.model_copy(update={"lock": Lock.ANNOUNCED})
            if a.change not in known:
                withdrawn.append(held)
            elif began < utc(start):
                earlier.append(held)
            else:
                kept.append(held)
    return Announced(kept, withdrawn, earlier)


def _could_be_window(facts: Facts, window_id: str) -> bool:
    if window_id in facts.windows:
        return True
    scenario = facts.scenario
    return any(w.id == window_id for w in scenario.one_off_windows) or any(
        is_dated_id(window_id, t.id, timed=True) for t in scenario.trains
    )


class KeptRule(Rule):
    name = "kept assignments"

    def admits(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> bool:
        return self.candidate(problem, cid, slot)

    def candidate(self, problem: Problem, cid: str, slot: Slot) -> bool:
        pin = problem.changes[cid].pin  # a pinned change rides in its window or nowhere
        return pin is None or pin == slot.window.id

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        return f"it is pinned to {problem.changes[cid].pin}"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        for change in facts.scenario.changes:
            if change.pin is not None and not _could_be_window(facts, change.pin):
                yield Conflict.trusted(
                    code=ConflictCode.UNKNOWN_REFERENCE,
                    severity=Severity.ERROR,
                    message=f"change {change.id} is pinned to {change.pin!r}, which is no window "
                    "id of the scenario",
                    hint="pin to a window id such as <train>-<YYYY-MM-DD> or a one-off window",
                    changes=(change.id,),
                )
        for _, change, window, _ in facts.known:
            if change.pin is not None and change.pin != window.id:
                yield Conflict.trusted(
                    code=ConflictCode.NOT_IN_WINDOW,
                    severity=Severity.ERROR,
                    message=f"change {change.id} is pinned to {change.pin} but assigned to "
                    f"{window.id}",
                    hint="move it to its pinned window, or change the pin",
                    changes=(change.id,),
                    windows=(window.id,),
                )
        yield from _withdrawn(facts.withdrawn)


def _withdrawn(withdrawn: Sequence[Assignment]) -> Iterator[Conflict]:
    for a in withdrawn:
        yield Conflict.trusted(
            code=ConflictCode.UNKNOWN_REFERENCE,
            severity=Severity.WARNING,
            message=f"change {a.change} was announced for window {a.window} but is no longer "
            "in the scenario",
            hint="tell clients it will not happen",
            changes=(a.change,),
            windows=(a.window,),
        )
