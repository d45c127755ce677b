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
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime
from itertools import combinations
from typing import Any

from ..._errors import SolverError
from ..._expansion.crews import Want, gap_text, staffing_of
from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.crew import Duty, StaffingGap
from ..._model.people import Person
from ..._model.policy import Enforcement
from ..._model.window import Window
from ..._text import describe
from ..problem import Problem, Slot
from ..state import Placement
from .base import Choices, Facts, Placed, Rule, by_slot, kept_note

__all__ = ["MOST_COMPETING", "CrewRule"]

MOST_COMPETING = 12
"""The most changes with people of their own that the exact model lets compete for one
window whose crew cannot serve them all (it lists the sets that cannot ride together)."""


def _gaps(gaps: Sequence[StaffingGap]) -> str:
    return "; ".join(gap_text(g) for g in gaps)


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
        needy = {cid: options for cid, options in choices.items() if cid in problem.wants}
        for slot, inside in by_slot(needy):
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
            return _gaps(slot.window.short_staffed)
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
        riders: dict[str, list[Placed]] = defaultdict(list)
        for placed in facts.known:
            riders[placed.window.id].append(placed)
        yield from _duties(facts, books, people)
        yield from _double_booked(facts)
        needs = staffing_of(facts.scenario.staffing, facts.scenario.trains)
        for wid in sorted(riders, key=lambda w: (facts.spans[w][0], w)):
            window = facts.windows[wid]
            inside = sorted(riders[wid], key=lambda p: p.change.id)
            gaps = facts.short.get(wid)
            if gaps:  # the plan says why it has no crew
                for a, change, _, _ in inside:
                    yield Conflict.trusted(
                        code=ConflictCode.STAFFING_GAP,
                        severity=Severity.ERROR,
                        message=f"change {change.id} is in window {describe(window)}, which is "
                        f"short of staff: {_gaps(gaps)}{kept_note(a)}",
                        hint="move it to a window with its crew, or find a stand-in and tell "
                        "clients",
                        changes=(change.id,),
                        windows=(wid,),
                        people=tuple(m.person for g in gaps for m in g.missing),
                    )
                continue
            if window.blackouts:  # no crew runs it: the blackout rule reports it
                continue
            need = needs.of(window)
            if need is not None:
                names = ", ".join(p.change.id for p in inside)
                kept = "".join(dict.fromkeys(kept_note(p.assignment) for p in inside))
                yield from _short(
                    facts,
                    books,
                    window,
                    need.needs,
                    need.backups,
                    f"window {describe(window)} carries {names}{kept}: its train {need.train}",
                    tuple(p.change.id for p in inside),
                )
            for p in inside:
                yield from _own_people(facts, books, window, p)


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
    return facts.crews.get(window.id, ())


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


def _overlapping(facts: Facts, window: Window, person: str) -> str | None:
    """A window other than ``window`` whose crew has ``person`` at the same time."""
    start, end = facts.spans[window.id]
    for wid, crew in facts.crews.items():
        if wid != window.id and wid in facts.spans:
            s, e = facts.spans[wid]
            if s < end and start < e and any(d.person == person for d in crew):
                return wid
    return None


def _short(
    facts: Facts,
    books: _Books,
    window: Window,
    needs: Mapping[str, int],
    backups: Mapping[str, int],
    who: str,
    changes: tuple[str, ...],
) -> Iterator[Conflict]:
    """A conflict per role of which the window's crew has fewer primaries or backups than
    ``needs`` and ``backups`` say (``who`` needs them), with why the others are not there."""
    crew = _crew(facts, window)
    policy = facts.scenario.policy.missing_backup
    for role in sorted(set(needs) | set(backups)):
        primaries = {d.person for d in crew if d.role == role and not d.backup}
        standby = {d.person for d in crew if d.role == role and d.backup}
        want_p, want_b = needs.get(role, 0), backups.get(role, 0)
        if len(primaries) >= want_p and (len(standby) >= want_b or policy is Enforcement.ALLOW):
            continue
        backup_only = len(primaries) >= want_p
        start, end = facts.spans[window.id]
        why: list[tuple[str, str]] = []
        for p in sorted(facts.scenario.people, key=lambda p: p.id):  # not input order
            if role not in p.roles or p.id in primaries or p.id in standby:
                continue
            away = books.away(p.id, start, end)
            elsewhere = None if away is not None else _overlapping(facts, window, p.id)
            serving = [d.role for d in crew if d.person == p.id]
            if away is not None:
                why.append((p.id, f"{p.id} {away}"))
            elif elsewhere is not None:
                why.append((p.id, f"{p.id} is on duty in window {elsewhere}"))
            elif serving:
                why.append((p.id, f"{p.id} serves as {serving[0]}"))
            else:
                why.append((p.id, f"{p.id} is free"))
        has = f"{len(primaries)} of {want_p} {role} primaries"
        if want_b:
            has += f" and {len(standby)} of {want_b} backups"
        yield Conflict.trusted(
            code=ConflictCode.MISSING_BACKUP if backup_only else ConflictCode.STAFFING_GAP,
            severity=Severity.WARNING
            if backup_only and policy is Enforcement.WARNING
            else Severity.ERROR,
            message=f"{who} needs {want_p + want_b} {role} (the crew has {has})"
            + (
                f": {', '.join(text for _, text in why)}"
                if why
                else f"; nobody {'else ' if primaries or standby else ''}has the role {role}"
            ),
            hint="move the changes to a window with its crew, or add someone free who has the "
            "role to the crew",
            changes=changes,
            windows=(window.id,),
            people=tuple(person for person, _ in why),
        )


def _own_people(facts: Facts, books: _Books, window: Window, placed: Placed) -> Iterator[Conflict]:
    """A change's owner is on duty in its window, and its own roles are on the crew."""
    change = placed.change
    crew = _crew(facts, window)
    note = kept_note(placed.assignment)
    if change.owner is not None and change.owner not in {d.person for d in crew}:
        start, end = facts.spans[window.id]
        away = books.away(change.owner, start, end) if change.owner in books.people else None
        yield Conflict.trusted(
            code=ConflictCode.OWNER_ABSENT,
            severity=Severity.ERROR,
            message=f"change {change.id} rides in window {describe(window)} without its owner "
            f"{change.owner} on duty" + (f" ({change.owner} {away})" if away else "") + note,
            hint="move the change to a window its owner can be at, or name another owner",
            changes=(change.id,),
            windows=(window.id,),
            people=(change.owner,),
        )
    if change.needs or change.backups:
        yield from _short(
            facts,
            books,
            window,
            change.needs,
            change.backups,
            f"change {change.id} in window {describe(window)}{note}",
            (change.id,),
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
