"""Every id a scenario or a plan names exists: subsystems, prerequisites, the changes and
windows of assignments. A name that is probably a typo says which known one is closest."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator

from ..._model.conflict import Conflict, ConflictCode, Severity
from .base import Facts, Rule, kept_note

__all__ = ["ReferencesRule"]


def _closest(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'PACS'?)`` when a known name is close to ``name``."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


class ReferencesRule(Rule):
    name = "references"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        scenario = facts.scenario
        known = set(scenario.subsystems)
        on_trains = {t.subsystem for t in scenario.trains}
        for window in scenario.one_off_windows:
            if on_trains and window.subsystem not in on_trains:
                yield Conflict.trusted(
                    code=ConflictCode.UNKNOWN_REFERENCE,
                    severity=Severity.WARNING,
                    message=f"one-off window {window.id} names subsystem {window.subsystem!r}, "
                    f"which no release train has{_closest(window.subsystem, on_trains)}",
                    hint="fix the subsystem if it is a typo; a subsystem with one-off windows "
                    "only is allowed",
                    windows=(window.id,),
                )
        for change in scenario.changes:
            if change.subsystem not in known:
                yield Conflict.trusted(
                    code=ConflictCode.UNKNOWN_REFERENCE,
                    severity=Severity.ERROR,
                    message=f"change {change.id} names subsystem {change.subsystem!r}, which no "
                    f"train or window has{_closest(change.subsystem, known)}",
                    hint=f"use one of {', '.join(sorted(known)) or '(none defined)'}",
                    changes=(change.id,),
                )
            for p in change.depends_on:
                if p not in facts.changes:
                    yield Conflict.trusted(
                        code=ConflictCode.UNKNOWN_REFERENCE,
                        severity=Severity.ERROR,
                        message=f"change {change.id} depends on {p!r}, which is not a change of "
                        f"the scenario{_closest(p, facts.changes)}",
                        hint="fix the id in depends_on, or add the change",
                        changes=(change.id,),
                    )
        for a in facts.assignments:
            if a.change not in facts.changes:
                yield Conflict.trusted(
                    code=ConflictCode.UNKNOWN_REFERENCE,
                    severity=Severity.ERROR,
                    message=f"the plan assigns {a.change!r}, which is not a change of the scenario",
                    hint="remove the assignment, or add the change to the scenario",
                    changes=(a.change,),
                    windows=(a.window,),
                )
            elif a.window not in facts.windows:
                yield Conflict.trusted(
                    code=ConflictCode.UNKNOWN_REFERENCE,
                    severity=Severity.ERROR,
                    message=f"change {a.change} is assigned to {a.window!r}, which is no window "
                    f"in the horizon{kept_note(a)}",
                    hint="move it to a window of the horizon and tell clients",
                    changes=(a.change,),
                    windows=(a.window,),
                )
