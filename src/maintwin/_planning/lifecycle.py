"""A change's life as the planner reads it: done and failed changes are history, cancelled ones
are off, and a dependency on a failed change waits for the change that retries it (pure)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .._model.change import Change, Status

__all__ = ["closed", "standing"]


def _retry(cid: str, changes: Mapping[str, Change]) -> str | None:
    """The change a dependency on ``cid`` waits for: ``cid`` itself, the last retry of a
    failed one, or ``None`` when it is done (the dependency is met)."""
    seen = {cid}
    while cid in changes:
        change = changes[cid]
        if change.status is Status.DONE:
            return None
        if change.status is not Status.FAILED or change.retried_by is None:
            return cid
        if change.retried_by in seen:  # retries in a ring: wait for the first
            return cid
        seen.add(change.retried_by)
        cid = change.retried_by
    return cid


def standing(changes: Iterable[Change]) -> list[Change]:
    """The changes with their dependencies as the rules read them.

    A done or failed change depends on nothing any more (it ran); a dependency on a done
    change is met and dropped; one on a failed change moves to the change that retries it
    (followed to the last retry). A dependency on a cancelled change, or on a failed one that
    names no retry, stays: its dependents cannot run (see :func:`closed`).
    """
    given = list(changes)
    by_id = {c.id: c for c in given}
    out: list[Change] = []
    for change in given:
        if change.status.history:
            after: tuple[str, ...] = ()
        else:
            waits = (_retry(p, by_id) for p in change.depends_on)
            after = tuple(dict.fromkeys(p for p in waits if p is not None and p != change.id))
        out.append(
            change
            if after == change.depends_on
            else change.model_copy(update={"depends_on": after})
        )
    return out


def closed(changes: Iterable[Change]) -> dict[str, str]:
    """The changes that will never run again, and why in words: cancelled ones, and failed
    ones that name no retry. A change that depends on one of them cannot be placed."""
    out: dict[str, str] = {}
    for c in changes:
        if c.status is Status.CANCELLED:
            out[c.id] = "was cancelled"
        elif c.status is Status.FAILED and c.retried_by is None:
            out[c.id] = "failed and names no retry (retried_by)"
    return out
