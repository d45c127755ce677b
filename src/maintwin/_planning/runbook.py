"""A window's runbook, laid out from the plan's own data (pure).

Each change starts at its assignment's offset; its steps run back to back from there, each
for its planned length (:attr:`Estimate.step_times`: the longer of its own estimate and the
most a dry run measured for it; an untimed step takes no time). All arithmetic is elapsed
time (UTC), shown on the window's clock and on each owner's. A gate's deadline is the point
of no return: the window's end minus the rollback, and no later than the next change's start
(and early enough for the steps after the gate); a change with a rollback and no gate of its
own gets one after its last timed step (at the end of its slot when no step is timed). The
rollback's steps are timed from the point of no return: the worst case, a "no" at the last
moment.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Protocol

from .._model.change import Change
from .._model.estimate import Estimate
from .._model.people import Person
from .._model.runbook import Runbook
from .._model.runbook_parts import ADDED_GATE, OwnerTime, RunbookChange, RunbookStep
from .._model.step import Step, StepKind
from .._model.window import Window
from .._time import point_of_no_return, utc, zone

__all__ = ["runbook"]


class Placed(Protocol):
    """What the runbook reads of an assignment (:class:`maintwin.Assignment`)."""

    @property
    def change(self) -> str: ...

    @property
    def offset(self) -> timedelta: ...

    @property
    def lock(self) -> StrEnum | None: ...


def runbook(
    window: Window,
    assignments: Iterable[Placed],
    *,
    changes: Mapping[str, Change],
    estimates: Mapping[str, Estimate],
    people: Mapping[str, Person],
    timezone: str,
    shown: str | None = None,
) -> Runbook:
    """The runbook of ``window`` for the ``assignments`` riding in it (those of changes not
    in ``changes`` are left out), with ``estimates`` of each change, ``people`` by id and the
    scenario's ``timezone`` (the clock of a person who has none of their own). Its times are
    on the window's clock, or on ``shown``'s (a reader's own feed)."""
    clocks = _Clocks(window, people, timezone, shown or window.timezone)
    riding = sorted(
        (a for a in assignments if a.change in changes and a.change in estimates),
        key=lambda a: (a.offset, a.change),
    )
    starts = [utc(window.start) + a.offset for a in riding]
    nexts: list[datetime | None] = [*starts[1:], None][: len(riding)]
    return Runbook.trusted(
        window=window,
        changes=tuple(
            _change(window, a, changes[a.change], estimates[a.change], clocks, after)
            for a, after in zip(riding, nexts, strict=True)
        ),
    )


class _Clocks:
    """Who owns a step, and the window's and each person's clock."""

    def __init__(
        self, window: Window, people: Mapping[str, Person], timezone: str, shown: str
    ) -> None:
        self.tz = zone(shown)
        self.crew = window.crew
        self.people = people
        self.timezone = timezone

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self.tz)

    def owners(self, owner: str | None, start: datetime, end: datetime) -> tuple[OwnerTime, ...]:
        """The named person, or the crew's people in role ``owner`` (primaries, then
        backups), each with ``start`` and ``end`` on their own clock."""
        if owner is None:
            return ()
        if owner in self.people:
            found = [(owner, False)]
        else:
            duties = sorted(
                (d for d in self.crew if d.role == owner), key=lambda d: d.backup
            )  # stable: the crew's order within primaries and within backups
            found = []
            for d in duties:
                if all(p != d.person for p, _ in found):
                    found.append((d.person, d.backup))
        out = []
        for person, backup in found:
            known = self.people.get(person)
            name = (known.timezone if known is not None else None) or self.timezone
            tz = zone(name)
            out.append(
                OwnerTime.trusted(
                    person=person,
                    timezone=name,
                    start=start.astimezone(tz),
                    end=end.astimezone(tz),
                    backup=backup,
                )
            )
        return tuple(out)


def _change(
    window: Window,
    a: Placed,
    change: Change,
    e: Estimate,
    clocks: _Clocks,
    after: datetime | None,
) -> RunbookChange:
    """One change's part of the runbook; ``after`` is when the next change in the window
    starts (``None``: it is the last).

    Its point of no return is the window's end less its rollback, and no later than the next
    change's start (a "no" after that would have that change to undo as well). A gate is
    decided by then, and early enough for the steps after it to end by the next change's start
    or the window's end."""
    start = utc(window.start) + a.offset
    end = start + e.work
    w_end = utc(window.end)
    bound = after if after is not None else w_end
    ponr = None
    if change.rollback is not None:
        ponr = min(point_of_no_return(w_end, e.rollback), bound)
    steps, done = _lay_out(change.steps, e.step_times, start, ponr, clocks, bound)
    timed = done - start
    if ponr is not None and not any(s.kind is StepKind.GATE for s in change.steps):
        at = clocks.local(done if timed else end)
        steps.append(
            RunbookStep.trusted(
                number=len(steps) + 1,
                title=ADDED_GATE,
                kind=StepKind.GATE,
                criteria="the work is done and its checks passed; otherwise start the rollback",
                start=at,
                end=at,
                timed=False,
                deadline=clocks.local(ponr),
                added=True,
            )
        )
    rollback: list[RunbookStep] = []
    if ponr is not None and change.rollback is not None:
        back = change.rollback.steps
        rollback, _ = _lay_out(back, [s.duration for s in back], ponr, None, clocks)
    return RunbookChange.trusted(
        change=change.id,
        title=change.title,
        short_notice=change.short_notice is not None,
        offset=a.offset,
        start=clocks.local(start),
        end=clocks.local(end),
        estimate=e,
        lock=a.lock.value if a.lock is not None else None,
        steps=tuple(steps),
        contingency=e.work - timed if timed else timedelta(0),
        point_of_no_return=clocks.local(ponr) if ponr is not None else None,
        rollback=tuple(rollback),
        slack=w_end - end - e.rollback,
    )


def _lay_out(
    steps: Sequence[Step],
    times: Sequence[timedelta | None],
    start: datetime,
    deadline: datetime | None,
    clocks: _Clocks,
    bound: datetime | None = None,
) -> tuple[list[RunbookStep], datetime]:
    """``steps`` back to back from ``start`` (UTC), each for its time in ``times``. A gate's
    deadline is ``deadline`` (the point of no return, ``None``: no rollback, no deadline), and
    no later than leaves the timed steps after it time to end by ``bound``. Returns the steps
    and when the last one ends."""
    out = []
    at = start
    lengths = [planned or timedelta(0) for planned in times]
    for number, (step, length) in enumerate(zip(steps, lengths, strict=True), 1):
        first, last = clocks.local(at), clocks.local(at + length)
        gate = step.kind is StepKind.GATE
        due = deadline
        if gate and bound is not None and due is not None:
            due = min(due, bound - sum(lengths[number:], timedelta(0)))
        out.append(
            RunbookStep.trusted(
                number=number,
                title=step.title,
                kind=step.kind,
                owner=step.owner,
                criteria=step.criteria,
                start=first,
                end=last,
                timed=bool(length),
                owners=clocks.owners(step.owner, first, last),
                deadline=clocks.local(due) if gate and due is not None else None,
            )
        )
        at += length
    return out, at
