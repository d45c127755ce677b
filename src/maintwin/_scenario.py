"""`Scenario`: everything maintwin knows about one organisation."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Self

from pydantic import Field, ValidationInfo, field_validator, model_validator

from ._errors import LocatedProblem
from ._expansion.windows import all_blackouts, blackout_periods, expand, expand_windows
from ._model.base import Model
from ._model.blackout import Blackout, BlackoutPeriod
from ._model.change import Change
from ._model.client import Client
from ._model.holiday import HolidaySource
from ._model.ids import is_dated_id
from ._model.people import Person, Staffing
from ._model.policy import Policy
from ._model.rotation import Rotation
from ._model.template import NoticeTemplates
from ._model.train import Release, ReleaseTrain
from ._model.types import ZoneName
from ._model.window import OneOffWindow, Window
from ._time import horizon

__all__ = ["Scenario"]


def _unique_ids(field: str, items: Sequence[object], attr: str = "id") -> None:
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        key = getattr(item, attr)
        if key in seen:
            raise LocatedProblem(
                (field, index, attr),
                f"duplicate {attr} {key!r}; {field}[{seen[key]}] has it already",
            )
        seen[key] = index


class Scenario(Model):
    """Release trains, windows, blackouts, people, changes and clients for one organisation.

    ``clients`` are who hears of downtime, each on its own clock (one audience in the
    scenario's zone when there are none); ``templates`` word the notices.

    ``timezone`` is the zone in which dates and local times are read unless an item names its
    own. In TOML or JSON the one-off windows are listed under ``windows``; in Python the field is
    ``one_off_windows`` (``windows()`` expands the scenario).
    """

    name: str
    timezone: ZoneName
    policy: Policy = Policy()
    trains: tuple[ReleaseTrain, ...] = ()
    one_off_windows: tuple[OneOffWindow, ...] = Field((), alias="windows")
    blackouts: tuple[Blackout, ...] = ()
    holidays: tuple[HolidaySource, ...] = ()
    people: tuple[Person, ...] = ()
    staffing: tuple[Staffing, ...] = ()
    rotations: tuple[Rotation, ...] = ()
    changes: tuple[Change, ...] = ()
    clients: tuple[Client, ...] = ()
    templates: NoticeTemplates = Field(NoticeTemplates(), repr=False)

    @field_validator("policy")
    @classmethod
    def _meeting_zone(cls, policy: Policy, info: ValidationInfo) -> Policy:
        """The change-advisory meeting is in the scenario's zone unless it names its own."""
        tz = info.data.get("timezone")
        if policy.cab is None or policy.cab.timezone is not None or tz is None:
            return policy
        cab = policy.cab.model_copy(update={"timezone": tz})
        return policy.model_copy(update={"cab": cab})

    @field_validator("trains")
    @classmethod
    def _policy_window(
        cls, trains: tuple[ReleaseTrain, ...], info: ValidationInfo
    ) -> tuple[ReleaseTrain, ...]:
        """Give the trains with ``downtime=True`` the policy's window length."""
        policy = info.data.get("policy")
        if policy is None:  # the policy is invalid: that is reported, and no scenario is made
            return trains
        return tuple(t.with_window(policy.window) for t in trains)

    @model_validator(mode="after")
    def _check(self) -> Self:
        _unique_ids("trains", self.trains)
        _unique_ids("windows", self.one_off_windows)
        _unique_ids("blackouts", self.blackouts)
        _unique_ids("people", self.people)
        _unique_ids("changes", self.changes)
        _unique_ids("staffing", self.staffing, "train")
        trains = {t.id for t in self.trains}
        for index, window in enumerate(self.one_off_windows):
            clash = next(
                (
                    t
                    for t in sorted(trains)
                    if window.id == t or is_dated_id(window.id, t, timed=True)
                ),
                None,
            )
            if clash is not None:
                raise LocatedProblem(
                    ("windows", index, "id"),
                    f"{window.id!r} is the train id {clash!r} or the id of one of its "
                    f"windows ({clash}-<date>); give the one-off window another id",
                )
        self._check_holiday_ids()
        for index, need in enumerate(self.staffing):
            if need.train not in trains:
                raise LocatedProblem(
                    ("staffing", index, "train"),
                    f"unknown train {need.train!r}; expected one of {_listing(trains)}",
                )
        self._check_scopes()
        self._check_people()
        self._check_changes()
        return self

    def _check_changes(self) -> None:
        """Retries, review answers and affected subsystems name things that exist."""
        _unique_ids("clients", self.clients)
        ids = {c.id for c in self.changes}
        questions = self.policy.review_questions
        retries = {c.id: c.retried_by for c in self.changes}  # once: a loop per change is n²
        for index, change in enumerate(self.changes):
            if change.retried_by is not None and change.retried_by not in ids:
                raise LocatedProblem(
                    ("changes", index, "retried_by"),
                    f"unknown change {change.retried_by!r}; add the change that retries it, "
                    f"or leave retried_by out",
                )
            ring = _retry_ring(change.id, retries)
            if ring:
                raise LocatedProblem(
                    ("changes", index, "retried_by"),
                    f"the retries go round in a ring ({' -> '.join(ring)}); the last retry is "
                    "a change still to run, so it names no retry",
                )
            record = change.short_notice
            for key in record.answers if record is not None else ():
                if key not in questions:
                    raise LocatedProblem(
                        ("changes", index, "short_notice", "answers", key),
                        f"no review question {key!r}; the policy asks {_listing(questions)}",
                    )
        named = [
            (("changes", i, "also_affects", j), name)
            for i, c in enumerate(self.changes)
            for j, name in enumerate(c.also_affects)
        ] + [
            (("clients", i, "subsystems", j), name)
            for i, c in enumerate(self.clients)
            for j, name in enumerate(c.subsystems)
        ]
        known = self.subsystems
        for where, name in named:
            if name not in known:
                raise LocatedProblem(
                    where, f"unknown subsystem {name!r}; expected one of {_listing(known)}"
                )

    def _check_people(self) -> None:
        """Rotations and owners name people who exist and have the role."""
        _unique_ids("rotations", self.rotations)
        roles = {p.id: p.roles for p in self.people}
        seen: dict[str, int] = {}
        for index, rotation in enumerate(self.rotations):
            if rotation.role in seen:
                raise LocatedProblem(
                    ("rotations", index, "role"),
                    f"rotations[{seen[rotation.role]}] already rotates role {rotation.role!r}; "
                    "one rotation per role says who is on call",
                )
            seen[rotation.role] = index
            named = [(("people", i), p) for i, p in enumerate(rotation.people)] + [
                (("overrides", i, "person"), o.person) for i, o in enumerate(rotation.overrides)
            ]
            for where, person in named:
                if person not in roles:
                    raise LocatedProblem(
                        ("rotations", index, *where),
                        f"unknown person {person!r}; expected one of {_listing(roles)}",
                    )
                if rotation.role not in roles[person]:
                    raise LocatedProblem(
                        ("rotations", index, *where),
                        f"{person!r} does not have the role {rotation.role!r} (their roles: "
                        f"{', '.join(roles[person])}); add it to their roles or leave them out",
                    )
        for index, change in enumerate(self.changes):
            if change.owner is not None and change.owner not in roles:
                raise LocatedProblem(
                    ("changes", index, "owner"),
                    f"unknown person {change.owner!r}; expected one of {_listing(roles)}",
                )
        self._check_step_owners(roles)

    def _check_step_owners(self, roles: Mapping[str, tuple[str, ...]]) -> None:
        """With people, each runbook step (of a change and of its rollback) is owned by a role
        somebody has or by a person."""
        if not self.people:
            return
        accepted = {r for held in roles.values() for r in held} | set(roles)
        for index, change in enumerate(self.changes):
            named: list[tuple[tuple[str | int, ...], str | None]] = [
                (("steps", j), s.owner) for j, s in enumerate(change.steps)
            ]
            if change.rollback is not None:
                named += [
                    (("rollback", "steps", j), s.owner) for j, s in enumerate(change.rollback.steps)
                ]
            for where, owner in named:
                if owner is not None and owner not in accepted:
                    raise LocatedProblem(
                        ("changes", index, *where, "owner"),
                        f"unknown owner {owner!r}: a step is owned by a role somebody has or "
                        f"by a person; expected one of {_listing(accepted)}",
                    )

    def _check_holiday_ids(self) -> None:
        seen: dict[str, int] = {}
        for index, source in enumerate(self.holidays):
            if source.prefix in seen:
                raise LocatedProblem(
                    ("holidays", index, "id"),
                    f"holidays[{seen[source.prefix]}] already makes blackout ids "
                    f"{source.prefix}-<date>; give this calendar its own id",
                )
            seen[source.prefix] = index
        for index, blackout in enumerate(self.blackouts):
            for prefix in seen:
                if is_dated_id(blackout.id, prefix):
                    raise LocatedProblem(
                        ("blackouts", index, "id"),
                        f"{blackout.id!r} could be the id of a holiday of {prefix}-<date>; "
                        "give it an id that does not start with that",
                    )

    def _check_scopes(self) -> None:
        known = self.subsystems
        scoped: list[tuple[str, int, tuple[str, ...] | None]] = [
            ("blackouts", i, b.scope) for i, b in enumerate(self.blackouts)
        ] + [("holidays", i, h.scope) for i, h in enumerate(self.holidays)]
        for field, index, scope in scoped:
            for position, name in enumerate(scope or ()):
                if name not in known:
                    raise LocatedProblem(
                        (field, index, "scope", position),
                        f"unknown subsystem {name!r}; expected one of {_listing(known)}",
                    )

    @property
    def subsystems(self) -> tuple[str, ...]:
        """Every subsystem that has a release train or a one-off window, sorted."""
        return tuple(
            sorted({t.subsystem for t in self.trains} | {w.subsystem for w in self.one_off_windows})
        )

    # -- loading ----------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path) -> Self:
        """Read a scenario from a ``.toml`` or ``.json`` file; errors name the file and line.

        A person's ``leave_calendar`` files are read relative to the scenario file's folder.
        """
        from ._config import load_file

        return load_file(path, cls)

    @classmethod
    def from_toml(
        cls, text: str, *, source: str = "<toml>", directory: str | Path | None = None
    ) -> Self:
        """Read a scenario from TOML text.

        A person's ``leave_calendar`` files are read relative to ``directory``; without it,
        only absolute paths can be read (never the current directory, which would make the
        scenario depend on where the program runs).
        """
        from ._config import parse_text

        return parse_text(text, "toml", source, cls, directory=directory)

    @classmethod
    def from_json(
        cls, text: str | bytes, *, source: str = "<json>", directory: str | Path | None = None
    ) -> Self:
        """Read a scenario from JSON text; ``directory`` as for :meth:`from_toml`."""
        from ._config import parse_text

        return parse_text(text, "json", source, cls, directory=directory)

    # -- expansion ------------------------------------------------------------------------

    def all_blackouts(self, years: Iterable[int]) -> tuple[Blackout, ...]:
        """The explicit blackouts followed by the holiday blackouts of ``years``."""
        return all_blackouts(self, years)

    def _range(
        self, start: date | datetime, end: date | datetime, where: str
    ) -> tuple[datetime, datetime]:
        """The aware bounds of a query; a naive date-time, or an end that is not after the
        start, raises :class:`InputError` as :func:`maintwin.plan` does."""
        _, _, lo, hi = horizon(self.timezone, start, end, where=where)
        return lo, hi

    def releases(self, start: date | datetime, end: date | datetime) -> list[Release]:
        """Every release starting in ``[start, end)``, sorted by instant.

        ``start`` and ``end`` are aware date-times, or dates meaning local midnight in the
        scenario's zone; ``end`` must be after ``start``. Each release of a train with
        downtime carries its window, blocked by the blackouts that overlap it.
        """
        lo, hi = self._range(start, end, "Scenario.releases()")
        return expand(self, lo, hi)[0]

    def windows(self, start: date | datetime, end: date | datetime) -> list[Window]:
        """Every downtime window starting in ``[start, end)``, sorted by instant.

        Windows come from the trains that carry downtime and from the one-off windows. A window
        that overlaps a blackout which applies to its subsystem is kept, with ``blocked_by``
        naming the blackouts. Each open window of a train with ``staffing`` has its ``crew``;
        one that cannot have it is kept too, blocked by a staffing gap (``gaps`` says what it
        is short of; see docs/staffing.md).
        """
        lo, hi = self._range(start, end, "Scenario.windows()")
        return expand_windows(self, lo, hi)

    def blackout_periods(
        self, start: date | datetime, end: date | datetime
    ) -> list[BlackoutPeriod]:
        """Every blackout period, explicit or holiday, that overlaps ``[start, end)``."""
        lo, hi = self._range(start, end, "Scenario.blackout_periods()")
        return blackout_periods(self, lo, hi)


def _retry_ring(first: str, retries: dict[str, str | None]) -> list[str]:
    """The ring of retries through ``first`` (each id then its ``retried_by``), or ``[]``."""
    path, cid = [first], retries.get(first)
    while cid is not None and cid not in path:
        path.append(cid)
        cid = retries.get(cid)
    return [*path, cid] if cid == first else []


def _listing(names: Iterable[str]) -> str:
    items = sorted(names)
    return ", ".join(repr(n) for n in items) if items else "(none defined)"
