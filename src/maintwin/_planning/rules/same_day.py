"""Each subsystem ships on its own local day: two subsystems releasing on one day is an error,
a warning, or allowed (``policy.same_day_releases``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date

from ..._expansion.windows import ReleaseDay
from ..._model.conflict import Conflict, ConflictCode, Severity
from .base import Facts, Rule

__all__ = ["SameDayRule"]


class SameDayRule(Rule):
    name = "same-day releases"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        rule = facts.scenario.policy.same_day_releases
        if rule == "allow":
            return
        by_day: dict[date, list[ReleaseDay]] = defaultdict(list)
        for release in facts.releases:
            by_day[release.day].append(release)
        for day in sorted(by_day):
            group = by_day[day]
            subsystems = sorted({r.subsystem for r in group})
            if len(subsystems) < 2:
                continue
            yield Conflict.trusted(
                code=ConflictCode.SAME_DAY_RELEASES,
                severity=Severity.ERROR if rule == "error" else Severity.WARNING,
                message=f"{' and '.join(subsystems)} all release on {day}; each subsystem should "
                "ship on its own day",
                hint="move one train's schedule to another day (or set policy.same_day_releases)",
                trains=tuple(sorted({r.train for r in group})),
                windows=tuple(sorted(r.window for r in group if r.window is not None)),
            )
