"""A dependent runs after its prerequisites: in a later window (the prerequisite's window ends
before the dependent's starts), or after it in the same window. A change in a dependency cycle,
or waiting for an unknown change or for one that cannot be placed, is not placed at all."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._time import utc
from ..plan import Unscheduled, UnscheduledCause
from ..problem import Problem, Slot
from ..state import Placement
from .base import Choices, Facts, Rule

__all__ = ["OrderRule", "keeps_order", "unplaceable"]


def _ends_before(end: datetime, start: datetime) -> bool:
    """Whether a window ending at ``end`` is over before one starting at ``start``."""
    return utc(end) <= utc(start)


def _refusal(
    problem: Problem,
    cid: str,
    slot: Slot,
    placed: Callable[[str], bool],
    at: Callable[[str], Slot | None],
) -> str | None:
    """Why ``slot`` breaks the order of ``cid`` with its prerequisites and dependents, or
    ``None``; ``placed`` says whether a change is placed or kept, ``at`` where (``None``: in no
    window of the horizon). Kept changes (``problem.where``) run first in their window."""
    for p in problem.changes[cid].depends_on:
        if not placed(p):
            return f"its prerequisite {p} is not placed"
        where = at(p)
        if where is not None and where is not slot and not _ends_before(where.end, slot.start):
            return f"its prerequisite {p} runs later, in {where.window.id}"
    for d in problem.deps.dependents.get(cid, ()):
        where = at(d) if placed(d) else None
        if where is None:
            continue
        if where is slot:
            if d in problem.where:  # new changes run after the kept ones in a window
                return f"its dependent {d} is kept in this window and runs first"
        elif not _ends_before(slot.end, where.start):
            held = " (kept)" if d in problem.where else ""
            return f"its dependent {d} runs earlier, in {where.window.id}{held}"
    return None


def keeps_order(
    problem: Problem,
    cid: str,
    slot: Slot,
    placed: Callable[[str], bool],
    at: Callable[[str], Slot | None],
) -> bool:
    """Whether ``cid`` in ``slot`` keeps the order with its prerequisites and dependents, as
    ``placed`` and ``at`` say where they are (``at`` ``None``: in no window to compare with,
    e.g. one a solver has yet to place)."""
    return _refusal(problem, cid, slot, placed, at) is None


class OrderRule(Rule):
    name = "dependency order"

    def admits(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> bool:
        return keeps_order(problem, cid, slot, state.is_placed, state.where)

    def candidate(self, problem: Problem, cid: str, slot: Slot) -> bool:
        # Before any new placement only the kept changes are placed; where a prerequisite to
        # place goes is left to ``constrain``.
        return keeps_order(problem, cid, slot, problem.changes.__contains__, problem.where.get)

    def constrain(self, model: Any, problem: Problem, choices: Choices) -> None:
        for cid, options in choices.items():
            for p in problem.changes[cid].depends_on:
                if p not in choices:
                    if p not in problem.where:  # neither kept nor to place: it cannot run first
                        for _, var in options:
                            model.Add(var == 0)
                    continue  # kept: the candidates already respect it
                for slot, var in options:
                    allowed = [
                        v for s, v in choices[p] if s is slot or _ends_before(s.end, slot.start)
                    ]
                    model.Add(var <= sum(allowed))

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        return _refusal(problem, cid, slot, state.is_placed, state.where) or self.name

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        for cycle in facts.deps.cycles:
            path = " -> ".join((*cycle, cycle[0]))
            yield Conflict.trusted(
                code=ConflictCode.DEPENDENCY_CYCLE,
                severity=Severity.ERROR,
                message=f"dependency cycle: {path} (each depends on the next); none of them can "
                "run first",
                hint="remove one of the depends_on links in the cycle",
                changes=cycle,
            )
        for a, change, window, _ in facts.known:
            for p in change.depends_on:
                if p not in facts.changes:
                    continue  # reported once, as an unknown reference
                before = facts.placed.get(p)
                if before is None:
                    yield Conflict.trusted(
                        code=ConflictCode.DEPENDENCY_ORDER,
                        severity=Severity.ERROR,
                        message=f"change {change.id} is planned but its prerequisite {p} is not",
                        hint=f"plan {p} first, or take {change.id} out of the plan",
                        changes=(change.id, p),
                        windows=(window.id,),
                    )
                    continue
                other = facts.windows.get(before.window)
                if other is None:
                    continue  # reported as an unknown window
                if other.id == window.id:
                    ok = before.offset + facts.work(p) <= a.offset
                else:
                    ok = _ends_before(other.end, window.start)
                if not ok:
                    yield Conflict.trusted(
                        code=ConflictCode.DEPENDENCY_ORDER,
                        severity=Severity.ERROR,
                        message=f"change {change.id} in {window.id} does not run after its "
                        f"prerequisite {p} in {other.id}",
                        hint=f"move {change.id} to a later window, or after {p} in the same window",
                        changes=(change.id, p),
                        windows=tuple(dict.fromkeys((window.id, other.id))),
                    )


def unplaceable(problem: Problem, skip: Iterable[str] = ()) -> list[Unscheduled]:
    """The changes no solver may place: in a dependency cycle, or waiting for one or for an
    unknown change (``skip``: changes already accounted for)."""
    skipped = set(skip)
    in_cycle = {c: cycle for cycle in problem.deps.cycles for c in cycle}
    out = []
    for cid in sorted(problem.deps.blocked):
        if cid in problem.where or cid in skipped:
            continue
        if cid in in_cycle:
            path = " -> ".join((*in_cycle[cid], in_cycle[cid][0]))
            out.append(
                Unscheduled(change=cid, cause=UnscheduledCause.CYCLE, detail=f"cycle {path}")
            )
            continue
        change = problem.changes[cid]
        closed = problem.deps.closed
        missing = next(
            (p for p in change.depends_on if p not in problem.changes or p in closed), None
        ) or next(p for p in change.depends_on if p in problem.deps.blocked)
        known = "is unknown" if missing not in problem.changes else "cannot be placed"
        why = closed.get(missing, known)
        out.append(
            Unscheduled(
                change=cid,
                cause=UnscheduledCause.PREREQUISITE,
                detail=f"its prerequisite {missing!r} {why}",
            )
        )
    return out
