"""A change's stated duration is not shorter than its rehearsals (or its timed steps) show:
the plan works with the longer figure (:mod:`..estimate`), and says so (``UNDERSTATED_DURATION``,
a warning)."""

from __future__ import annotations

from collections.abc import Iterator

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._text import span_text
from ..estimate import Basis, estimate
from .base import Facts, Rule

__all__ = ["RehearsalRule"]


class RehearsalRule(Rule):
    name = "rehearsals"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        for cid in sorted(facts.changes):
            change = facts.changes[cid]
            if not change.status.planned or facts.work(cid) == change.duration:
                continue  # its stated duration is what it is planned at (or it states none)
            e = estimate(change, facts.scenario.policy)
            if not e.understated or e.stated is None:
                continue
            work = span_text(e.work)
            shown = (
                f"its rehearsal calls for (the dry run of {e.dry_run.on} took "
                f"{span_text(e.dry_run.total)}, times policy.contingency {e.factor:g})"
                if e.basis is Basis.REHEARSAL and e.dry_run is not None
                else "its timed steps add up to"
            )
            yield Conflict.trusted(
                code=ConflictCode.UNDERSTATED_DURATION,
                severity=Severity.WARNING,
                message=f"change {cid} states {span_text(e.stated)}, less than the {work} "
                f"{shown}; it is planned at {work}",
                hint="set its duration from the rehearsal, or rehearse again and record the dry run"
                if e.basis is Basis.REHEARSAL
                else "set its duration from its steps, or time its steps again",
                changes=(cid,),
            )
