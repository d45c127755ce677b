"""Kept assignments stay where they are: a pinned change rides in its pinned window, and with
``previous=`` a change already announced (its window starts before the end of the freeze
horizon) stays in its window. A kept assignment that breaks a rule is reported, not moved."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import NamedTuple

from ..._model.change import Status
from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.ids import is_dated_id
from ..._scenario import Scenario
from ..._text import describe
from ..._time import utc
from ..lifecycle import standing
from ..plan import Assignment, Lock, Plan, Unscheduled, UnscheduledCause
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule

__all__ = ["Announced", "KeptRule", "announced", "keep_history", "keep_pins"]


def keep_history(problem: Problem, scenario: Scenario, previous: Plan | None) -> list[Unscheduled]:
    """Keep every done or failed change in the window it ran in (its pin, else the window the
    previous plan gave it), and take cancelled ones out. What is not kept comes back as
    unscheduled (cancelled, or history outside this horizon) and is held out of the changes
    to place."""
    out: list[Unscheduled] = []
    for change in scenario.changes:
        status = change.status
        if status.planned:
            continue
        if not status.history:
            out.append(
                Unscheduled(
                    change=change.id,
                    cause=UnscheduledCause.CANCELLED,
                    detail="it was cancelled",
                )
            )
            continue
        before = previous.assignment(change.id) if previous is not None else None
        window = change.pin or (before.window if before is not None else None)
        slot = problem.slots.get(window) if window is not None else None
        if window is None or slot is None:
            where = (
                f"it ran in window {window}, outside this horizon"
                if window is not None
                else "no window is on record (pin it to the window it ran in)"
            )
            out.append(
                Unscheduled(
                    change=change.id,
                    cause=UnscheduledCause.HISTORY,
                    detail=f"it is {status.value}; {where}",
                )
            )
            continue
        offset = before.offset if before is not None and before.window == window else None
        problem.keep(
            Assignment(
                change=change.id,
                window=window,
                offset=slot.kept_fill if offset is None else offset,
                lock=Lock.HISTORY,
            )
        )
    problem.hold(u.change for u in out)
    return out


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
    horizon: clients have heard of them.

    A change that is no longer planned (done, failed or cancelled: see :func:`keep_history`)
    is not kept, nor one that is now pinned to another window (a person moved it), nor one
    that now waits for a change that was not announced, such as the retry of a failed
    prerequisite; the window it leaves is told (see :mod:`maintwin._planning.notices`).
    """
    kept: list[Assignment] = []
    withdrawn: list[Assignment] = []
    earlier: list[Assignment] = []
    if previous is not None:
        end = scenario.policy.freeze_end(now)
        known = {c.id: c for c in scenario.changes}
        starts = {w.id: utc(w.start) for w in previous.windows}
        for a in previous.assignments:
            began = starts.get(a.window)
            if began is None or began >= end:
                continue
            held = a.model_copy(update={"lock": Lock.ANNOUNCED})
            change = known.get(a.change)
            if change is not None and (
                not change.status.planned or change.pin not in (None, a.window)
            ):
                continue
            if change is None:
                withdrawn.append(held)
            elif began < utc(start):
                earlier.append(held)
            else:
                kept.append(held)
        kept = _waiting_for_none(scenario, kept, earlier)
    return Announced(kept, withdrawn, earlier)


def _waiting_for_none(
    scenario: Scenario, kept: list[Assignment], earlier: list[Assignment]
) -> list[Assignment]:
    """The announced assignments whose prerequisites (as :func:`standing` reads them) are
    kept too, or ran before the horizon. One that waits for a change that was not announced
    (the retry of a failed prerequisite) or never runs (a cancelled one) is planned again:
    its announcement no longer holds, and its window hears it moved."""
    changes = {c.id: c for c in standing(scenario.changes)}
    held = {a.change for a in kept}
    ran = {a.change for a in earlier}
    while True:
        void = {
            cid
            for cid in held
            if cid in changes
            and any(
                p in changes and p not in held and p not in ran for p in changes[cid].depends_on
            )
        }
        if not void:
            return [a for a in kept if a.change in held]
        held -= void


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
        for placed in facts.history:
            if facts.spans[placed.window.id][0] > utc(facts.now):
                yield Conflict.trusted(
                    code=ConflictCode.NOT_IN_WINDOW,
                    severity=Severity.WARNING,
                    message=f"change {placed.change.id} is {placed.change.status.value}, but "
                    f"its window {describe(placed.window)} has not begun",
                    hint="pin it to the window it ran in, or set its status back",
                    changes=(placed.change.id,),
                    windows=(placed.window.id,),
                )
        for placed in (*facts.known, *facts.history):
            change, window = placed.change, placed.window
            if change.pin is not None and change.pin != window.id:
                yield _pinned_elsewhere(change.id, change.pin, window.id)
        for a in facts.assignments:
            off = facts.changes.get(a.change)
            if off is not None and off.status is Status.CANCELLED:
                yield Conflict.trusted(
                    code=ConflictCode.NOT_IN_WINDOW,
                    severity=Severity.ERROR,
                    message=f"change {off.id} is cancelled but assigned to {a.window}",
                    hint="take it out of the window, or set its status back",
                    changes=(off.id,),
                    windows=(a.window,),
                )
        yield from _withdrawn(facts.withdrawn)


def _pinned_elsewhere(cid: str, pin: str, window: str) -> Conflict:
    return Conflict.trusted(
        code=ConflictCode.NOT_IN_WINDOW,
        severity=Severity.ERROR,
        message=f"change {cid} is pinned to {pin} but assigned to {window}",
        hint="move it to its pinned window, or change the pin",
        changes=(cid,),
        windows=(window,),
    )


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
