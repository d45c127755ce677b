"""The notices a plan calls for: who hears of each window with work, when, and what changed
since the previous plan told them (pure).

* **Clients** hear of every window that carries downtime work, at ``policy.client_notices``
  before it; each :class:`~maintwin.Client` on its own clock (one audience in the scenario's
  zone when the scenario lists none). A client that names ``subsystems`` hears of their windows
  and of the windows whose changes ``also_affect`` them.
* **Internal** notices, at ``policy.internal_notices``, are for the windows that carry a
  short-notice change (every window with work when ``policy.internal_notices_for = "all"``).
* **Crew** notices, at ``policy.crew_notices``, go to each person on the window's crew, on
  their own clock.

A notice whose due time is past at ``now`` went out already when the previous plan called for
it as well (due by ``now``, or late when it was made, earlier), or when its window carries
announced work and the record has no notices for it (an edited plan) (``sent``), and is
``late`` otherwise.
With the previous plan, a window that had been told of and now loses, gains or moves work
gives everyone who had been told a ``moved`` notice, and one with no work left (or gone) a
``cancelled`` one, both due at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from .._model.change import Change, Status
from .._model.notice import Audience, Notice, NoticeKind, NoticeStatus
from .._model.people import Person
from .._model.types import iso_duration
from .._model.window import Window
from .._scenario import Scenario
from .._text import describe, span_text, when_text
from .._time import add_duration, utc, zone
from .notice_text import Wording, action, client_line, escape, headline
from .plan import Assignment, Lock, Plan

__all__ = ["Reader", "Told", "notices", "readers", "work_of"]

_RANK = {a: i for i, a in enumerate(Audience)}


class Reader(NamedTuple):
    """Who a notice is for: an audience, the client or person (``None``: all of it), on
    whose clock, by which name."""

    audience: Audience
    id: str | None
    timezone: str
    name: str


@dataclass(frozen=True)
class Told:
    """What had been told before this plan.

    ``sent`` are the ids of the notices taken as sent; ``readers`` who had been told of each
    window, ``windows`` those windows as they were told and ``changes`` the changes they were
    told to carry. ``carried`` are moved and cancelled notices kept as they are (a plan's own,
    when :func:`maintwin.check` looks at it again). ``recorded`` are the windows the record
    has notices for, sent or not: for those, only ``sent`` says what went out.
    """

    sent: frozenset[str] = frozenset()
    recorded: frozenset[str] = frozenset()
    readers: Mapping[str, tuple[Reader, ...]] = field(default_factory=dict)
    windows: Mapping[str, Window] = field(default_factory=dict)
    changes: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    carried: tuple[Notice, ...] = ()

    @classmethod
    def before(cls, previous: Plan | None, now: datetime) -> Told:
        """What ``previous`` had told by ``now``: its notices due by then, and its late ones
        once ``now`` is past the moment it was made (they were to go out at once: planning
        again at the same moment, they are still late)."""
        if previous is None:
            return cls()
        moment = utc(now)
        later = moment > utc(previous.now)  # a late notice went out once time has passed
        told = [
            n
            for n in previous.notices
            if n.status is NoticeStatus.SENT
            or (n.status is NoticeStatus.LATE and later)
            or (n.status is NoticeStatus.PENDING and utc(n.due) <= moment)
        ]
        readers: dict[str, dict[Reader, None]] = {}
        for n in told:
            readers.setdefault(n.window, {})[Reader(n.audience, n.reader, n.timezone, "")] = None
        return cls(
            sent=frozenset(n.id for n in told),
            recorded=frozenset(n.window for n in previous.notices),
            readers={w: tuple(r) for w, r in readers.items()},
            windows={w.id: w for w in previous.windows if w.id in readers},
            changes={
                wid: tuple(sorted(c.id for c in riders))
                for wid, riders in _live(
                    previous.windows, work_of(previous.scenario, previous.assignments)
                ).items()
            },
        )

    @classmethod
    def by(cls, plan: Plan) -> Told:
        """What ``plan`` itself says was sent, and its moved and cancelled notices."""
        kinds = (NoticeKind.MOVED, NoticeKind.CANCELLED)
        return cls(
            sent=frozenset(n.id for n in plan.notices if n.status is NoticeStatus.SENT),
            recorded=frozenset(n.window for n in plan.notices),
            carried=tuple(n for n in plan.notices if n.kind in kinds),
        )


def notices(
    scenario: Scenario,
    windows: Sequence[Window],
    assignments: Sequence[Assignment],
    *,
    now: datetime,
    told: Told,
    start: datetime,
    end: datetime,
    late_only: bool = False,
) -> list[Notice]:
    """Every notice the plan calls for over ``[start, end)``, sorted by due time (see the
    module docstring). ``late_only=True`` keeps, of the advance notices, only the late ones
    (the moved and cancelled notices all stay), and leaves their words out: ``check`` needs
    only those (the notice rule reports them), and at scale the others would double what it
    holds."""
    changes = {c.id: c for c in scenario.changes}
    work = _live(windows, work_of(scenario, assignments))
    moment = utc(now)
    announced = {a.window for a in assignments if a.lock is Lock.ANNOUNCED}
    wording = {a: Wording(getattr(scenario.templates, a.value)) for a in Audience}
    memo = _Memo()
    people = {p.id: p for p in scenario.people}
    out: list[Notice] = []
    for w in windows:
        if w.id not in work or utc(w.start) <= moment:
            continue
        # With no record of the notices of an announced window (an edited plan), its
        # announcement stands for the notices due before now. A record that has them says
        # which went out: a notice that was late and has not gone out since is still late.
        assumed = w.id in announced and w.id not in told.recorded
        for reader in readers(scenario, w, work[w.id], people):
            for offset in _offsets(scenario, reader.audience):
                notice = _advance(
                    scenario,
                    w,
                    work[w.id],
                    reader,
                    offset,
                    now,
                    None if late_only else wording,
                    memo,
                    late_only=late_only,
                )
                if notice is None:
                    continue  # not late, and only the late ones are wanted
                if notice.late and (notice.id in told.sent or assumed):
                    notice = notice.model_copy(
                        update={"status": NoticeStatus.SENT, "late_by": None}
                    )
                if notice.late or not late_only:
                    out.append(notice)
    by_id = {w.id: w for w in windows}
    where = {a.change: a.window for a in assignments}
    lo, hi = utc(start), utc(end)
    for wid, told_of in told.readers.items():
        old = told.windows.get(wid)
        if old is None or utc(old.start) <= moment:
            continue
        new = by_id.get(wid)
        if new is None and not lo <= utc(old.start) < hi:
            continue  # outside this plan's horizon: nothing is known of it
        riders = work.get(wid, []) if new is not None else []
        was = told.changes.get(wid, ())
        if not riders and not was:
            continue  # it was off already, and was told so
        audience = told_of
        if new is not None and riders:
            same = (utc(new.start), utc(new.end)) == (utc(old.start), utc(old.end))
            if same and tuple(sorted(c.id for c in riders)) == was:
                crew = {d.person for d in new.crew}
                audience = tuple(
                    r for r in told_of if r.audience is Audience.CREW and r.id not in crew
                )  # the same work: only those taken off its crew hear of it
                if not audience:
                    continue
        update = _Update(old, new if riders else None, was, riders, where, by_id, changes)
        for reader in audience:
            out.append(_changed(scenario, update, _current(scenario, reader), now, wording))
    out.extend(told.carried)
    return sorted(
        out, key=lambda n: (utc(n.due), n.window, _RANK[n.audience], n.reader or "", n.id)
    )


def _live(windows: Iterable[Window], work: dict[str, list[Change]]) -> dict[str, list[Change]]:
    """``work`` of the windows that run (are not blocked): a blocked window has no downtime
    to tell of, whatever is still assigned to it (that is a conflict of its own)."""
    return {w.id: work[w.id] for w in windows if w.id in work and not w.blocked}


def work_of(scenario: Scenario, assignments: Iterable[Assignment]) -> dict[str, list[Change]]:
    """The changes each window carries that people hear of (all but cancelled ones), in the
    order they run."""
    changes = {c.id: c for c in scenario.changes}
    work: dict[str, list[Change]] = {}
    for a in sorted(assignments, key=lambda a: a.offset):
        change = changes.get(a.change)
        if change is not None and change.status is not Status.CANCELLED:
            work.setdefault(a.window, []).append(change)
    return work


def _offsets(scenario: Scenario, audience: Audience) -> tuple[timedelta, ...]:
    policy = scenario.policy
    if audience is Audience.CLIENT:
        return policy.client_notices
    if audience is Audience.INTERNAL:
        return policy.internal_notices
    return policy.crew_notices


def readers(
    scenario: Scenario,
    window: Window,
    work: Sequence[Change],
    people: Mapping[str, Person] | None = None,
) -> list[Reader]:
    """Who hears of ``window``, carrying ``work`` (``people``: the scenario's people by id,
    when the caller asks for many windows)."""
    tz = scenario.timezone
    touched = {window.subsystem, *(s for c in work for s in c.also_affects)}
    out = [
        Reader(Audience.CLIENT, c.id, c.timezone or tz, c.name or c.id)
        for c in scenario.clients
        if not c.subsystems or touched & set(c.subsystems)
    ]
    if not scenario.clients:
        out.append(Reader(Audience.CLIENT, None, tz, ""))
    wide = scenario.policy.internal_notices_for == "all"
    if wide or any(c.short_notice for c in work):
        out.append(Reader(Audience.INTERNAL, None, tz, ""))
    if people is None:
        people = {p.id: p for p in scenario.people}
    for pid in dict.fromkeys(d.person for d in window.crew):
        person = people.get(pid)
        zone_name = person.timezone if person is not None and person.timezone else tz
        out.append(Reader(Audience.CREW, pid, zone_name, (person.name if person else "") or pid))
    return out


def _current(scenario: Scenario, reader: Reader) -> Reader:
    """A reader told before, with their zone and name as the scenario has them now."""
    if reader.audience is Audience.CLIENT:
        found = next((c for c in scenario.clients if c.id == reader.id), None)
        if found is not None:
            return reader._replace(
                timezone=found.timezone or scenario.timezone, name=found.name or found.id
            )
    if reader.audience is Audience.CREW:
        person = next((p for p in scenario.people if p.id == reader.id), None)
        if person is not None:
            return reader._replace(
                timezone=person.timezone or scenario.timezone, name=person.name or person.id
            )
    return reader._replace(name=reader.name or reader.id or "")


def _notice_id(reader: Reader, window: str, what: str) -> str:
    return f"{reader.audience.value}/{reader.id or 'all'}/{window}/{what}"


def _advance(
    scenario: Scenario,
    window: Window,
    work: Sequence[Change],
    reader: Reader,
    offset: timedelta,
    now: datetime,
    wording: Mapping[Audience, Wording] | None,
    memo: _Memo,
    *,
    late_only: bool = False,
) -> Notice | None:
    """The notice ``offset`` before ``window`` to ``reader``; ``late`` when it was due by
    ``now``; without words when there is no ``wording``. With ``late_only``, ``None`` for
    one that is not late."""
    tz = zone(reader.timezone)
    due = add_duration(window.start, -offset, zone(window.timezone)).astimezone(tz)
    if late_only and utc(due) >= utc(now):
        return None
    label = memo.labels.get(offset)
    if label is None:
        label = memo.labels[offset] = iso_duration(offset)
    nid = _notice_id(reader, window.id, label)
    late = utc(due) < utc(now)
    status = NoticeStatus.LATE if late else NoticeStatus.PENDING
    late_by = utc(now) - utc(due) if late else None
    kind = NoticeKind.ADVANCE if offset else NoticeKind.POINT_OF_SERVICE
    if wording is None:
        subject = text = page = ""
        begins, ends = window.start.astimezone(tz), window.end.astimezone(tz)
    else:
        about, words, escaped = _words(window, work, reader, kind, offset, memo)
        subject, text, page = wording[reader.audience].fill(words, escaped)
        begins, ends = about.start, about.end
    return Notice.trusted(
        id=nid,
        audience=reader.audience,
        reader=reader.id,
        kind=kind,
        offset=offset,
        due=due,
        timezone=reader.timezone,
        window=window.id,
        subsystem=window.subsystem,
        start=begins,
        end=ends,
        changes=tuple(c.id for c in work),
        status=status,
        late_by=late_by,
        subject=subject,
        text=text,
        html=page,
    )


class _Update(NamedTuple):
    """A told window as it was (``old``) and is (``new``; ``None`` when it is off)."""

    old: Window
    new: Window | None
    was: tuple[str, ...]
    riders: Sequence[Change]
    where: Mapping[str, str]
    windows: Mapping[str, Window]
    changes: Mapping[str, Change]

    def lines(self, audience: Audience, tz: str) -> str:
        """What changed, in words for ``audience``."""
        out: list[str] = []
        new = self.new
        if new is not None and (utc(new.start), utc(new.end)) != (
            utc(self.old.start),
            utc(self.old.end),
        ):
            when = when_text(new.start.astimezone(zone(tz)), new.end.astimezone(zone(tz)))
            out.append(f"The window now runs {when}.")
        now_in = {c.id for c in self.riders}
        gone = [cid for cid in self.was if cid not in now_in]
        came = [c.id for c in self.riders if c.id not in self.was]
        if audience is Audience.CLIENT:
            if gone or came:
                out.append("The work planned for this window has changed.")
            for cid in gone:
                target = self.windows.get(self.where.get(cid, ""))
                if target is not None:
                    start = target.start.astimezone(zone(tz))
                    out.append(f"Some of it moves to the window of {start:%a %Y-%m-%d %H:%M %Z}.")
                    break
        else:
            for cid in gone:
                out.append(f"{cid} is no longer in this window: {self._fate(cid)}.")
            out.extend(f"{cid} is added to this window." for cid in came)
        if new is None:
            out.append("The downtime is off.")
        return " ".join(out)

    def _fate(self, cid: str) -> str:
        change = self.changes.get(cid)
        target = self.windows.get(self.where.get(cid, ""))
        if change is None:
            return "it was withdrawn"
        if change.status is Status.CANCELLED:
            return "it was cancelled"
        if target is not None:
            return f"it moves to {describe(target)}"
        return "it is not planned in this horizon"


def _changed(
    scenario: Scenario,
    update: _Update,
    reader: Reader,
    now: datetime,
    wording: Mapping[Audience, Wording],
) -> Notice:
    window = update.new or update.old
    tz = zone(reader.timezone)
    kind = NoticeKind.MOVED if update.new is not None else NoticeKind.CANCELLED
    work = list(update.riders) or [c for cid in update.was if (c := update.changes.get(cid))]
    about = tuple(dict.fromkeys([*(c.id for c in update.riders), *update.was]))
    _, words, _ = _words(window, work, reader, kind, None, _Memo())
    words = {**words, "update": update.lines(reader.audience, reader.timezone)}
    subject, text, page = wording[reader.audience].fill(words)
    return Notice.trusted(
        id=_notice_id(reader, window.id, kind.value),
        audience=reader.audience,
        reader=reader.id,
        kind=kind,
        offset=None,
        due=now.astimezone(tz),
        timezone=reader.timezone,
        window=window.id,
        subsystem=window.subsystem,
        start=window.start.astimezone(tz),
        end=window.end.astimezone(tz),
        changes=about,
        status=NoticeStatus.PENDING,
        late_by=None,
        subject=subject,
        text=text,
        html=page,
    )


class _About(NamedTuple):
    """What every notice of one window to one audience on one clock says alike: the words
    (plain and escaped for HTML), and the window's start and end on that clock."""

    words: dict[str, str]
    escaped: dict[str, str]
    start: datetime
    end: datetime


_Own = tuple[dict[str, str], dict[str, str]]
"""A notice's own words (those its window's other notices to the same audience and clock need
not share), plain and escaped."""


@dataclass(eq=False)
class _Memo:
    """What one call of :func:`notices` words once and uses again: what each window's notices
    to one audience on one clock share (``about``), each set of a notice's own words (few:
    the headline, action, reader's name and duty repeat across windows), and each offset's ISO
    label. Local to the call, so it never outgrows one plan."""

    about: dict[tuple[str, Audience, str], _About] = field(default_factory=dict)
    own: dict[tuple[NoticeKind, timedelta | None, Audience, str, str], _Own] = field(
        default_factory=dict
    )
    labels: dict[timedelta, str] = field(default_factory=dict)


def _words(
    window: Window,
    work: Sequence[Change],
    reader: Reader,
    kind: NoticeKind,
    offset: timedelta | None,
    memo: _Memo,
) -> tuple[_About, dict[str, str], dict[str, str]]:
    """The shared part of the notice's words, and all its words, plain and escaped."""
    audience = reader.audience
    key = (window.id, audience, reader.timezone)
    about = memo.about.get(key)
    if about is None:
        words = _about(window, work, audience, reader.timezone)
        clock = zone(reader.timezone)
        about = memo.about[key] = _About(
            words, escape(words), window.start.astimezone(clock), window.end.astimezone(clock)
        )
    duty = ""
    if audience is Audience.CREW:
        mine = [d for d in window.crew if d.person == reader.id]
        duty = (
            "You are on duty: "
            + ", ".join(d.role + (" (backup)" if d.backup else "") for d in mine)
            if mine
            else "You are no longer on this window's crew."
        )
    mine_key = (kind, offset, audience, reader.name, duty)
    found = memo.own.get(mine_key)
    if found is None:
        own = {
            "headline": headline(kind, offset),
            "update": "",
            "action": action(audience, kind),
            "reader": reader.name,
            "duty": duty,
        }
        found = memo.own[mine_key] = (own, escape(own))
    own, escaped = found
    return about, {**about.words, **own}, {**about.escaped, **escaped}


def _about(window: Window, work: Sequence[Change], audience: Audience, tz: str) -> dict[str, str]:
    """What every notice of ``window`` to ``audience`` on the clock of ``tz`` says alike."""
    clock = zone(tz)
    others = list(dict.fromkeys(s for c in work for s in c.also_affects))
    services = list(dict.fromkeys(s for c in work for s in c.affects))
    affected = window.subsystem + (f"; may also affect {', '.join(others)}" if others else "")
    if services:
        affected += f". Services that may be affected: {', '.join(services)}"
    if audience is Audience.CLIENT:
        what = f"{window.subsystem} maintenance"
        details = ""
    else:
        what = "; ".join(f"{c.id} {c.title}".strip() for c in work)
        details = " ".join(found for c in work if (found := _details(c)))
    return {
        "subsystem": window.subsystem,
        "when": when_text(window.start.astimezone(clock), window.end.astimezone(clock)),
        "zone": tz,
        "duration": span_text(utc(window.end) - utc(window.start)),
        "what": what,
        "affected": affected,
        "client_line": client_line(work) if audience is Audience.CLIENT else "",
        "details": details,
        "window": window.id,
    }


def _details(change: Change) -> str:
    parts = [change.internal_description.strip()] if change.internal_description.strip() else []
    record = change.short_notice
    if record is not None and record.worst_case:
        parts.append(f"Worst case: {record.worst_case}.")
    if record is not None and record.rollback:
        parts.append(f"Rollback: {record.rollback}.")
    return f"{change.id}: {' '.join(parts)}" if parts else ""
