"""A window runs only with its crew, and a change rides only where its own people are on duty.

Expansion (:mod:`maintwin._expansion.crews`) crews every open window and blocks those it
cannot crew with a staffing gap. This rule closes those windows to new changes, lets a change
that needs people of its own (``needs``, ``backups``, ``owner``) ride only where they can be
on duty together with those of the changes already there, and checks the crews of a finished
plan: each person has the role and is free, nobody is in two overlapping windows, every
window carrying a change has its train's crew and backups, and every change its own people.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import datetime
from itertools import combinations
from typing import Any

from ..._errors import SolverError
from ..._expansion.crews import Want, gap_text
from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.crew import Duty
from ..._model.people import Person
from ..._model.policy import Enforcement
from ..._model.window import Window
from ..._text import describe
from ..problem import Problem, Slot
from ..state import Placement
from .base import Choices, Facts, Rule, kept_note

__all__ = ["MOST_COMPETING", "CrewRule"]

MOST_COMPETING = 12
"""The most changes with people of their own that the exact model lets compete for one
window whose crew cannot serve them all (it lists the sets that cannot ride together)."""


def _gaps(window: Window) -> str:
    return "; ".join(gap_text(g) for g in window.short_staffed)


def _served(problem: Problem, slot: Slot, wants: Sequence[Want]) -> bool:
    roster = problem.roster
    return roster is None or roster.join(slot.window.id, wants) is not None


class CrewRule(Rule):
    name = "crew"

    def opens(self, problem: Problem, slot: Slot) -> bool:
        return not slot.window.short_staffed

    def admits(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> bool:
        mine = problem.wants.get(cid)
        if mine is None:
            return True
        wants = problem.wants
        others = [wants[c] for c in state.riders(slot) if c in wants]
        return _served(problem, slot, [*problem.kept_wants(slot), *others, mine])

    def candidate(self, problem: Problem, cid: str, slot: Slot) -> bool:
        mine = problem.wants.get(cid)
        return mine is None or _served(problem, slot, [*problem.kept_wants(slot), mine])

    def constrain(self, model: Any, problem: Problem, choices: Choices) -> None:
        needy: dict[int, list[tuple[str, Any]]] = defaultdict(list)
        slots: dict[int, Slot] = {}
        for cid, options in choices.items():
            if cid in problem.wants:
                for slot, var in options:
                    needy[id(slot)].append((cid, var))
                    slots[id(slot)] = slot
        for key, inside in needy.items():
            slot = slots[key]
            kept = problem.kept_wants(slot)
            if len(inside) < 2 or _served(
                problem, slot, [*kept, *(problem.wants[c] for c, _ in inside)]
            ):
                continue
            if len(inside) > MOST_COMPETING:
                raise SolverError(
                    f"{len(inside)} changes that need people of their own compete for window "
                    f"{slot.window.id}, whose crew cannot serve them all; the exact model "
                    f"lists the sets that cannot ride together for at most {MOST_COMPETING}; "
                    "use solver='greedy'"
                )
            # Every smallest set that cannot ride together: at most all but one of it rides.
            found: list[frozenset[str]] = []
            for size in range(2, len(inside) + 1):
                for group in combinations(inside, size):
                    names = frozenset(c for c, _ in group)
                    if any(f <= names for f in found):
                        continue
                    if not _served(problem, slot, [*kept, *(problem.wants[c] for c in names)]):
                        found.append(names)
                        model.Add(sum(v for _, v in group) <= size - 1)

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        if slot.window.short_staffed:
            return _gaps(slot.window)
        roster = problem.roster
        mine = problem.wants[cid]
        assert roster is not None  # a change with people of its own was refused by them
        if roster.join(slot.window.id, [*problem.kept_wants(slot), mine]) is None and (
            roster.join(slot.window.id, [mine]) is None
        ):
            return roster.short(slot.window.id, mine)
        riders = [c for c in state.riders(slot) if c in problem.wants]
        kept = [
            a.change
            for a in problem.kept
            if a.window == slot.window.id and a.change in problem.wants
        ]
        return "its people cannot be on duty there together with those of " + ", ".join(
            sorted({*riders, *kept})
        )

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        people = {p.id: p for p in facts.scenario.people}
        books = _Books(facts, people)
        riders: dict[str, list[str]] = defaultdict(list)
        for a, change, window, _ in facts.known:
            riders[window.id].append(change.id)
            if window.short_staffed:
                yield Conflict.trusted(
                    code=ConflictCode.STAFFING_GAP,
                    severity=Severity.ERROR,
                    message=f"change {change.id} is in window {describe(window)}, which is "
                    f"short of staff: {_gaps(window)}{kept_note(a)}",
                    hint="move it to a window with its crew, or find a stand-in and tell clients",
                    changes=(change.id,),
                    windows=(window.id,),
                    people=tuple(m.person for g in window.short_staffed for m in g.missing),
                )
        yield from _duties(facts, books, people)
        yield from _double_booked(facts)
        for wid in sorted(riders, key=lambda w: (facts.spans[w][0], w)):
            window = facts.windows[wid]
            if window.short_staffed:
                continue
            yield from _train_crew(facts, window, riders[wid])
            for cid in sorted(riders[wid]):
                yield from _own_people(facts, window, facts.changes[cid], people)


class _Books:
    """Whether each person is free, from the roster's diaries."""

    def __init__(self, facts: Facts, people: dict[str, Person]) -> None:
        self.roster = facts.roster
        self.people = people

    def away(self, person: str, start: datetime, end: datetime) -> str | None:
        p = self.people[person]
        if not (p.unavailable or p.away or p.holidays):
            return None
        found = self.roster.diary(person).away(start, end)
        return None if found is None else found.detail


def _crew(facts: Facts, window: Window) -> tuple[Duty, ...]:
    return facts.crews.get(window.id, window.crew)


def _duties(facts: Facts, books: _Books, people: dict[str, Person]) -> Iterator[Conflict]:
    """Each duty's person exists, has the role, and is free for the window."""
    for wid in sorted(facts.crews, key=lambda w: (facts.spans.get(w, (datetime.max,))[0], w)):
        window = facts.windows.get(wid)
        if window is None:
            continue
        start, end = facts.spans[wid]
        for d in facts.crews[wid]:
            person = people.get(d.person)
            if person is None:
                problem = "is not one of the scenario's people"
            elif d.role != "owner" and d.role not in person.roles:
                problem = (
                    f"does not have the role {d.role} (their roles: {', '.join(person.roles)})"
                )
            else:
                away = books.away(d.person, start, end)
                if away is None:
                    continue
                problem = away
            yield Conflict.trusted(
                code=ConflictCode.STAFFING_GAP,
                severity=Severity.ERROR,
                message=f"{d.person} is on the crew of window {describe(window)} as {d.role}"
                f"{' backup' if d.backup else ''} but {problem}",
                hint="give the duty to someone free who has the role",
                windows=(wid,),
                changes=d.changes,
                people=(d.person,),
            )


def _double_booked(facts: Facts) -> Iterator[Conflict]:
    """Nobody is on duty in two windows that overlap in time."""
    duty: dict[str, list[str]] = defaultdict(list)
    for wid, crew in facts.crews.items():
        if wid in facts.spans:
            for person in dict.fromkeys(d.person for d in crew):
                duty[person].append(wid)
    for person in sorted(duty):
        wids = sorted(duty[person], key=lambda w: (*facts.spans[w], w))
        for i, first in enumerate(wids):
            for second in wids[i + 1 :]:
                if facts.spans[second][0] >= facts.spans[first][1]:
                    break
                a, b = facts.windows[first], facts.windows[second]
                yield Conflict.trusted(
                    code=ConflictCode.DOUBLE_BOOKED,
                    severity=Severity.ERROR,
                    message=f"{person} is on duty in windows {describe(a)} and {describe(b)}, "
                    "which overlap in time",
                    hint="give one of the duties to someone else, or move a window",
                    windows=(first, second),
                    people=(person,),
                )


def _train_crew(facts: Facts, window: Window, riders: list[str]) -> Iterator[Conflict]:
    """A window carrying changes has its train's primaries and backups."""
    need = next((s for s in facts.scenario.staffing if s.train == window.source), None)
    if need is None:
        trains = {t.id: t.subsystem for t in facts.scenario.trains}
        need = next(
            (s for s in facts.scenario.staffing if trains.get(s.train) == window.subsystem), None
        )
    if need is None:
        return
    crew = _crew(facts, window)
    policy = facts.scenario.policy.missing_backup
    for backup in (False, True):
        wanted = need.backups if backup else need.needs
        for role in sorted(wanted):
            have = len({d.person for d in crew if d.role == role and d.backup == backup})
            if have >= wanted[role]:
                continue
            if backup and policy is Enforcement.ALLOW:
                continue
            what = "backup" if backup else "primary"
            severity = (
                Severity.WARNING if backup and policy is Enforcement.WARNING else Severity.ERROR
            )
            yield Conflict.trusted(
                code=ConflictCode.MISSING_BACKUP if backup else ConflictCode.STAFFING_GAP,
                severity=severity,
                message=f"window {describe(window)} carries {', '.join(sorted(riders))} with "
                f"{have} {role} {what}{'s' if have != 1 else ''} of the {wanted[role]} its "
                f"train {need.train} needs",
                hint="add someone free who has the role to the crew, or move the changes",
                changes=tuple(sorted(riders)),
                windows=(window.id,),
                trains=(need.train,),
            )


def _own_people(
    facts: Facts, window: Window, change: Any, people: dict[str, Person]
) -> Iterator[Conflict]:
    """A change's owner is on duty in its window, and its own roles are on the crew."""
    crew = _crew(facts, window)
    if change.owner is not None and change.owner not in {d.person for d in crew}:
        yield Conflict.trusted(
            code=ConflictCode.OWNER_ABSENT,
            severity=Severity.ERROR,
            message=f"change {change.id} rides in window {describe(window)} without its owner "
            f"{change.owner} on duty",
            hint="move the change to a window its owner can be at, or name another owner",
            changes=(change.id,),
            windows=(window.id,),
            people=(change.owner,),
        )
    for backup in (False, True):
        wanted = change.backups if backup else change.needs
        for role in sorted(wanted):
            have = len({d.person for d in crew if d.role == role and d.backup == backup})
            if have >= wanted[role]:
                continue
            if backup and facts.scenario.policy.missing_backup is Enforcement.ALLOW:
                continue
            severity = (
                Severity.WARNING
                if backup and facts.scenario.policy.missing_backup is Enforcement.WARNING
                else Severity.ERROR
            )
            what = "backup" if backup else "primary"
            yield Conflict.trusted(
                code=ConflictCode.MISSING_BACKUP if backup else ConflictCode.STAFFING_GAP,
                severity=severity,
                message=f"change {change.id} needs {wanted[role]} {role} {what}"
                f"{'s' if wanted[role] != 1 else ''} in window {describe(window)}; the crew "
                f"has {have}",
                hint="add someone free who has the role to the crew, or move the change",
                changes=(change.id,),
                windows=(window.id,),
            )
