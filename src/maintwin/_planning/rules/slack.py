"""Room to recover: a change whose work is longer than ``policy.slack.longer_than`` asks for
``policy.slack.at_least`` left in its window after its work and its rollback (so that there is
time to fix problems: a Friday-night start for a weekend upgrade).

It is a preference, not a rule a solver must keep: among the windows that keep every rule the
planner prefers one that gives the slack (first fit looks for one first, and the objective
counts it above the delay, see :mod:`..objective`); ``check`` says when a change's window does
not give it (``NO_SLACK``, a warning).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.window import local_day
from ..._text import describe, span_text
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule
from .capacity import long_enough

__all__ = ["SlackRule", "gives_slack", "slack_left"]


def slack_left(
    length: timedelta, start: timedelta, work: timedelta, rollback: timedelta
) -> timedelta:
    """What a window of ``length`` leaves after a change that starts ``start`` into it, its
    ``work`` and its ``rollback``."""
    return length - start - work - rollback


def gives_slack(
    problem: Problem,
    cid: str,
    slot: Slot,
    state: Placement | None = None,
    *,
    start: timedelta | None = None,
) -> bool:
    """Whether ``slot`` gives ``cid`` the slack it asks for (``True`` when it asks none):
    starting at ``start`` into it, or joining the solver's changes of ``state`` in it, or
    alone after the kept ones."""
    asked = problem.slack.get(cid)
    if asked is None:
        return True
    if start is None:
        start = slot.kept_fill
        if state is not None:
            start = dict(problem.timeline(slot, [*state.riders(slot), cid]))[cid]
    back = problem.rollback.get(cid, timedelta(0))
    return slack_left(slot.length, start, problem.work[cid], back) >= asked


class SlackRule(Rule):
    name = "room to recover"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        asked = facts.scenario.policy.slack
        if asked is None:
            return
        for a, change, window, _ in facts.known:
            work, back = facts.work(change.id), facts.rollback(change.id)
            if work <= asked.longer_than:
                continue
            start, end = facts.spans[window.id]
            left = slack_left(end - start, a.offset, work, back)
            if left >= asked.at_least:
                continue
            roomy = sorted(
                w.id
                for w in facts.windows.values()
                if w.subsystem == change.subsystem
                and not w.blocked
                and w.id != window.id
                and long_enough(work, w.capacity)
                and (change.earliest is None or local_day(w) >= change.earliest)
                and slack_left(w.length, timedelta(0), work, back) >= asked.at_least
            )
            where = (
                f"longer windows of {change.subsystem}, if its other rules allow them: "
                f"{', '.join(roomy[:3])}" + (" ..." if len(roomy) > 3 else "")
                if roomy
                else f"no open window of {change.subsystem} in the horizon gives it"
            )
            yield Conflict.trusted(
                code=ConflictCode.NO_SLACK,
                severity=Severity.WARNING,
                message=f"window {describe(window)} leaves {_signed(left)} after change "
                f"{change.id}'s work{' and rollback' if back else ''}; policy.slack asks for "
                f"{span_text(asked.at_least)} for changes longer than "
                f"{span_text(asked.longer_than)}",
                hint=f"start earlier or choose a longer window to have time to fix problems "
                f"({where})",
                changes=(change.id,),
                windows=(window.id,),
            )


def _signed(span: timedelta) -> str:
    return span_text(span) if span >= timedelta(0) else f"nothing (it is {span_text(-span)} short)"
