"""Every rule a plan must keep, as conflicts; shared by `plan` and by `check` (pure).

`plan` reports what this finds in its own result; `check` runs it again on a plan a person
edited, so the two can never disagree about the rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, datetime, timedelta

from .._expansion.windows import ReleaseDay, windows_and_days
from .._model.change import Change
from .._model.conflict import Conflict, ConflictCode, Severity
from .._model.ids import is_dated_id
from .._model.types import iso_duration
from .._model.window import Window
from .._scenario import Scenario
from .._text import clock, describe
from .._time import utc
from .dependencies import Dependencies, lead_date, local_day
from .plan import Assignment, Lock, Plan, Unscheduled, UnscheduledCause

__all__ = ["check", "evaluate"]

E, W = Severity.ERROR, Severity.WARNING
C = ConflictCode


def check(plan: Plan) -> list[Conflict]:
    """Re-validate ``plan`` (for instance after a person edited it) against every rule.

    The windows are expanded again from ``plan.scenario`` over the plan's horizon, so a
    blackout added to the scenario shows up. A change the plan neither assigns nor lists as
    unscheduled is reported as ``UNSCHEDULABLE`` with cause ``not_assigned``.
    """
    windows, days = windows_and_days(plan.scenario, plan.start, plan.end)
    return evaluate(
        plan.scenario,
        windows,
        days,
        plan.assignments,
        plan.unscheduled,
        now=plan.now,
        withdrawn=plan.withdrawn,
    )


def evaluate(
    scenario: Scenario,
    windows: Sequence[Window],
    releases: Sequence[ReleaseDay],
    assignments: Sequence[Assignment],
    unscheduled: Sequence[Unscheduled],
    *,
    now: datetime,
    withdrawn: Sequence[Assignment] = (),
    deps: Dependencies | None = None,
) -> list[Conflict]:
    """The conflicts of ``assignments`` over ``windows``, sorted (errors first).

    ``withdrawn`` are announced assignments whose change left the scenario; ``deps``, when
    given, is the dependency graph of the scenario's changes, already built.
    """
    finder = _Finder(scenario, windows, assignments, now, deps)
    finder.withdrawn(withdrawn)
    finder.scenario_rules()
    finder.same_day(releases)
    finder.assignment_rules()
    finder.window_rules()
    finder.unplaced(unscheduled)
    return sorted(finder.found, key=Conflict.sort_key)


class _Finder:
    def __init__(
        self,
        scenario: Scenario,
        windows: Sequence[Window],
        assignments: Sequence[Assignment],
        now: datetime,
        deps: Dependencies | None,
    ) -> None:
        self.scenario = scenario
        self.policy = scenario.policy
        self.changes = {c.id: c for c in scenario.changes}
        self.deps = deps or Dependencies.of(self.changes)
        self.windows = {w.id: w for w in windows}
        self.assignments = assignments
        self.placed = {a.change: a for a in assignments}
        self.freeze_end = utc(now) + self.policy.freeze_horizon
        self.found: list[Conflict] = []

    def add(self, code: ConflictCode, severity: Severity, message: str, **kw: object) -> None:
        self.found.append(Conflict.trusted(code=code, severity=severity, message=message, **kw))

    # -- the scenario itself ---------------------------------------------------------------

    def scenario_rules(self) -> None:
        known = set(self.scenario.subsystems)
        for change in self.scenario.changes:
            if change.subsystem not in known:
                self.add(
                    C.UNKNOWN_REFERENCE,
                    E,
                    f"change {change.id} names subsystem {change.subsystem!r}, which no train "
                    "or window has",
                    hint=f"use one of {', '.join(sorted(known)) or '(none defined)'}",
                    changes=(change.id,),
                )
            for p in change.depends_on:
                if p not in self.changes:
                    self.add(
                        C.UNKNOWN_REFERENCE,
                        E,
                        f"change {change.id} depends on {p!r}, which is not a change of the "
                        "scenario",
                        hint="fix the id in depends_on, or add the change",
                        changes=(change.id,),
                    )
            if change.pin is not None and not self._could_be_window(change.pin):
                self.add(
                    C.UNKNOWN_REFERENCE,
                    E,
                    f"change {change.id} is pinned to {change.pin!r}, which is no window id of "
                    "the scenario",
                    hint="pin to a window id such as <train>-<YYYY-MM-DD> or a one-off window",
                    changes=(change.id,),
                )
        for cycle in self.deps.cycles:
            path = " -> ".join((*cycle, cycle[0]))
            self.add(
                C.DEPENDENCY_CYCLE,
                E,
                f"dependency cycle: {path} (each depends on the next); none of them can run first",
                hint="remove one of the depends_on links in the cycle",
                changes=cycle,
            )
        for window in self.windows.values():
            if window.shifted and not window.blocked_by:
                self.add(
                    C.DST_SHIFTED,
                    W,
                    f"window {describe(window)} was moved forward: its local start time does "
                    "not exist that day (daylight saving time begins)",
                    hint="tell clients the shifted time, or move the train's time of day",
                    windows=(window.id,),
                )

    def _could_be_window(self, window_id: str) -> bool:
        if window_id in self.windows:
            return True
        return any(w.id == window_id for w in self.scenario.one_off_windows) or any(
            is_dated_id(window_id, t.id, timed=True) for t in self.scenario.trains
        )

    def same_day(self, releases: Iterable[ReleaseDay]) -> None:
        rule = self.policy.same_day_releases
        if rule == "allow":
            return
        by_day: dict[date, list[ReleaseDay]] = defaultdict(list)
        for release in releases:
            by_day[release.day].append(release)
        for day in sorted(by_day):
            group = by_day[day]
            subsystems = sorted({r.subsystem for r in group})
            if len(subsystems) < 2:
                continue
            self.add(
                C.SAME_DAY_RELEASES,
                E if rule == "error" else W,
                f"{' and '.join(subsystems)} all release on {day}; each subsystem should ship "
                "on its own day",
                hint="move one train's schedule to another day (or set policy.same_day_releases)",
                trains=tuple(sorted({r.train for r in group})),
                windows=tuple(sorted(r.window for r in group if r.window is not None)),
            )

    def withdrawn(self, withdrawn: Sequence[Assignment]) -> None:
        for a in withdrawn:
            self.add(
                C.UNKNOWN_REFERENCE,
                W,
                f"change {a.change} was announced for window {a.window} but is no longer in "
                "the scenario",
                hint="tell clients it will not happen",
                changes=(a.change,),
                windows=(a.window,),
            )

    # -- each assignment --------------------------------------------------------------------

    def assignment_rules(self) -> None:
        for a in self.assignments:
            change = self.changes.get(a.change)
            window = self.windows.get(a.window)
            if change is None:
                self.add(
                    C.UNKNOWN_REFERENCE,
                    E,
                    f"the plan assigns {a.change!r}, which is not a change of the scenario",
                    hint="remove the assignment, or add the change to the scenario",
                    changes=(a.change,),
                    windows=(a.window,),
                )
                continue
            if window is None:
                self.add(
                    C.UNKNOWN_REFERENCE,
                    E,
                    f"change {change.id} is assigned to {a.window!r}, which is no window in the "
                    f"horizon{_kept(a)}",
                    hint="move it to a window of the horizon and tell clients",
                    changes=(change.id,),
                    windows=(a.window,),
                )
                continue
            self._in_window(a, change, window)
            self._timing(a, change, window)
            self._order(a, change, window)

    def _in_window(self, a: Assignment, change: Change, window: Window) -> None:
        ids = {"changes": (change.id,), "windows": (window.id,)}
        if change.subsystem != window.subsystem:
            self.add(
                C.WRONG_SUBSYSTEM,
                E,
                f"change {change.id} for {change.subsystem} is in window {window.id} of "
                f"{window.subsystem}",
                hint=f"move it to a window of {change.subsystem}",
                **ids,
            )
        if window.blocked_by:
            self.add(
                C.IN_BLACKOUT,
                E,
                f"change {change.id} is in window {describe(window)}, which is blocked by "
                f"{', '.join(window.blocked_by)}{_kept(a)}",
                hint="move it to an open window and tell clients",
                blackouts=window.blocked_by,
                **ids,
            )
        if a.offset + change.duration > window.capacity:
            self.add(
                C.NOT_IN_WINDOW,
                E,
                f"change {change.id} runs from +{clock(a.offset)} to "
                f"+{clock(a.offset + change.duration)}, past the end of window {window.id} "
                f"(+{clock(window.capacity)})",
                hint="move it earlier in the window, or to another window",
                **ids,
            )
        if change.pin is not None and change.pin != window.id:
            self.add(
                C.NOT_IN_WINDOW,
                E,
                f"change {change.id} is pinned to {change.pin} but assigned to {window.id}",
                hint="move it to its pinned window, or change the pin",
                **ids,
            )

    def _timing(self, a: Assignment, change: Change, window: Window) -> None:
        ids = {"changes": (change.id,), "windows": (window.id,)}
        day = local_day(window)
        due = lead_date(change, self.policy)
        if day < due:
            months = self.policy.lead_time_months
            if change.short_notice:
                self.add(
                    C.LEAD_TIME,
                    W,
                    f"short-notice change {change.id} rides on {day}, before its lead-time date "
                    f"{due} (requested {change.requested_on} + {months} months)",
                    hint="approved: follow the short-notice playbook and send the internal notices",
                    **ids,
                )
            else:
                self.add(
                    C.LEAD_TIME,
                    E,
                    f"change {change.id} rides on {day}, before its lead-time date {due} "
                    f"(requested {change.requested_on} + {months} months){_kept(a)}",
                    hint="move it to a window on or after its lead-time date, or approve it as "
                    "short notice",
                    **ids,
                )
        if a.lock is None and utc(window.start) < self.freeze_end:
            self.add(
                C.LEAD_TIME,
                E,
                f"change {change.id} was added to window {describe(window)}, which starts "
                f"within the freeze horizon ({iso_duration(self.policy.freeze_horizon)} from "
                "now): clients cannot get their notice",
                hint="move it to a later window",
                **ids,
            )
        if change.earliest is not None and day < change.earliest:
            self.add(
                C.BEFORE_EARLIEST,
                E,
                f"change {change.id} rides on {day}, before its earliest date {change.earliest}",
                hint="move it to a window on or after its earliest date",
                **ids,
            )
        if change.deadline is not None and day > change.deadline:
            hint = "no window by the deadline had room: move or drop another change, or add a "
            hint += "window"
            if not change.short_notice and due > change.deadline:
                hint = (
                    f"its lead-time date {due} is after its deadline; approving it as short "
                    "notice would allow an earlier window"
                )
            self.add(
                C.DEADLINE_MISSED,
                E,
                f"change {change.id} rides on {day}, after its deadline {change.deadline}",
                hint=hint,
                **ids,
            )

    def _order(self, a: Assignment, change: Change, window: Window) -> None:
        for p in change.depends_on:
            if p not in self.changes:
                continue  # reported once, as an unknown reference
            before = self.placed.get(p)
            if before is None:
                self.add(
                    C.DEPENDENCY_ORDER,
                    E,
                    f"change {change.id} is planned but its prerequisite {p} is not",
                    hint=f"plan {p} first, or take {change.id} out of the plan",
                    changes=(change.id, p),
                    windows=(window.id,),
                )
                continue
            other = self.windows.get(before.window)
            if other is None:
                continue  # reported as an unknown window
            if other.id == window.id:
                ok = before.offset + self.changes[p].duration <= a.offset
            else:
                ok = utc(other.end) <= utc(window.start)
            if not ok:
                self.add(
                    C.DEPENDENCY_ORDER,
                    E,
                    f"change {change.id} in {window.id} does not run after its prerequisite "
                    f"{p} in {other.id}",
                    hint=f"move {change.id} to a later window, or after {p} in the same window",
                    changes=(change.id, p),
                    windows=tuple(dict.fromkeys((window.id, other.id))),
                )

    # -- each window ----------------------------------------------------------------------

    def window_rules(self) -> None:
        inside: dict[str, list[Assignment]] = defaultdict(list)
        for a in self.assignments:
            if a.change in self.changes and a.window in self.windows:
                inside[a.window].append(a)
        for wid in sorted(inside, key=lambda w: (utc(self.windows[w].start), w)):
            window = self.windows[wid]
            runbook = sorted(inside[wid], key=lambda a: (a.offset, a.change))
            total = sum((self.changes[a.change].duration for a in runbook), timedelta(0))
            if total > window.capacity:
                self.add(
                    C.CAPACITY_EXCEEDED,
                    E,
                    f"window {describe(window)} holds {clock(total)} of work in "
                    f"{clock(window.capacity)}",
                    hint="move a change to another window" + _kept_hint(runbook),
                    changes=tuple(a.change for a in runbook),
                    windows=(wid,),
                )
            running = runbook[0]  # the change whose slot reaches furthest so far
            for second in runbook[1:]:
                first = running
                if self._slot_end(second) > self._slot_end(running):
                    running = second
                if self._slot_end(first) > second.offset:
                    self.add(
                        C.NOT_IN_WINDOW,
                        E,
                        f"in window {wid}, change {second.change} starts at "
                        f"+{clock(second.offset)} while {first.change} still runs; the "
                        "changes in a window run one after another",
                        hint="fix the offsets",
                        changes=(first.change, second.change),
                        windows=(wid,),
                    )

    def _slot_end(self, a: Assignment) -> timedelta:
        return a.offset + self.changes[a.change].duration

    def unplaced(self, unscheduled: Sequence[Unscheduled]) -> None:
        reasons = {u.change: u for u in unscheduled}
        for change in self.scenario.changes:
            if change.id in self.placed:
                continue
            reason = reasons.get(change.id) or Unscheduled(
                change=change.id,
                cause=UnscheduledCause.NOT_ASSIGNED,
                detail="the plan does not assign it",
            )
            self.add(
                C.UNSCHEDULABLE,
                E,
                f"change {change.id} could not be placed: {reason.detail}",
                hint=_HINTS[reason.cause],
                changes=(change.id,),
            )


_HINTS = {
    UnscheduledCause.NO_WINDOW: "add a train with downtime or a one-off window for the subsystem",
    UnscheduledCause.TOO_LONG: "split the change, or agree a longer one-off window",
    UnscheduledCause.OUT_OF_HORIZON: "plan a longer horizon, move its pin, or approve it as "
    "short notice if the lead time holds it back",
    UnscheduledCause.BLOCKED_OR_FULL: "move a lower-priority change, or add a window",
    UnscheduledCause.PREREQUISITE: "place or fix its prerequisite first",
    UnscheduledCause.CYCLE: "break the dependency cycle",
    UnscheduledCause.NOT_ASSIGNED: "assign it to a window, or plan again",
}


def _kept(a: Assignment) -> str:
    if a.lock is Lock.ANNOUNCED:
        return " (kept: it was already announced)"
    if a.lock is Lock.PIN:
        return " (kept: it is pinned)"
    return ""


def _kept_hint(runbook: Sequence[Assignment]) -> str:
    return "; kept assignments are never moved for you" if any(a.lock for a in runbook) else ""
