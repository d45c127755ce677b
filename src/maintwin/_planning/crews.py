"""The crews of a plan's windows: the train's crew, and who joins it for the changes that
ride there (pure)."""

from __future__ import annotations

from collections.abc import Sequence

from .._model.window import Window
from .problem import Problem
from .state import Placement

__all__ = ["crewed"]


def crewed(problem: Problem, state: Placement, windows: Sequence[Window]) -> list[Window]:
    """``windows`` with each crew completed by the people the changes riding there need.

    The solvers placed each change only where its people can be on duty with those of the
    others; a kept change whose people cannot be there too is left out of the crew (and
    reported by the crew rule's check).
    """
    roster = problem.roster
    if roster is None or not problem.wants:
        return list(windows)
    inside: dict[str, list[str]] = {}
    for cid, slot in state.placed.items():
        if cid in problem.wants:
            inside.setdefault(slot.window.id, []).append(cid)
    kept: dict[str, list[str]] = {}
    for a in problem.kept:
        if a.change in problem.wants:
            kept.setdefault(a.window, []).append(a.change)
    out = list(windows)
    for index, window in enumerate(windows):
        placed = sorted(inside.get(window.id, ()))
        held = sorted(kept.get(window.id, ()))
        if not placed and not held:
            continue
        # The kept changes whose people can be there (the solvers placed the others with
        # them), then every other kept change whose people can be there too.
        served = problem.kept_wants(problem.slots[window.id]) if window.id in problem.slots else []
        wants = [*served, *(problem.wants[c] for c in placed)]
        extra = roster.join(window.id, wants) or ()
        for cid in held:
            if problem.wants[cid] in served:
                continue
            more = roster.join(window.id, [*wants, problem.wants[cid]])
            if more is not None:
                wants.append(problem.wants[cid])
                extra = more
        if extra:
            out[index] = Window.trusted(**{**window.__dict__, "crew": window.crew + extra})
    return out
