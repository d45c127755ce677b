"""Every notice goes out on time: one whose due time is past at ``now``, and that had not been
called for before, is late, by the time it is short."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.notice import Notice
from ..._text import describe, span_text
from .base import Facts, Rule

__all__ = ["NoticeRule"]


class NoticeRule(Rule):
    name = "notices"

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        late: dict[tuple[str, str, timedelta | None], list[Notice]] = {}
        for n in facts.notices:
            if n.late:
                late.setdefault((n.audience.value, n.window, n.offset), []).append(n)
        for (audience, wid, offset), found in late.items():
            first = found[0]
            short = max(n.late_by or timedelta(0) for n in found)
            window = facts.windows.get(wid)
            where = describe(window) if window is not None else wid
            readers = [n.reader for n in found if n.reader]
            to = f" to {', '.join(readers)}" if readers else ""
            lead = span_text(offset) + " before" if offset else "at the point of service for"
            yield Conflict.trusted(
                code=ConflictCode.LATE_NOTICE,
                severity=Severity.WARNING,
                message=f"the {audience} notice {lead} window {where}{to} was due "
                f"{first.due:%Y-%m-%d %H:%M %Z}: it is {span_text(short)} short",
                hint="send it at once (the notice calendar lists it), or move the work to a "
                "later window",
                changes=first.changes,
                windows=(wid,),
                people=tuple(n.reader for n in found if n.reader and audience == "crew"),
            )
