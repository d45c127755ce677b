"""A change's playbook, built from its record and the plan's notices (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .._model.change import Change
from .._model.notice import Notice, NoticeKind
from .._model.playbook import Playbook, Task, TaskKind
from .._model.policy import Policy
from .._model.window import Window
from .._text import span_text
from .meetings import meeting_after
from .notice_text import client_line

__all__ = ["playbook"]


def playbook(
    change: Change,
    policy: Policy,
    *,
    window: Window | None,
    offset_text: str,
    notices: Sequence[Notice],
    step_times: Sequence[datetime] = (),
) -> Playbook:
    """The playbook of ``change``, placed in ``window`` (``offset_text`` into it), with
    ``notices`` (the plan's); ``step_times`` are its steps' planned starts, from the window's
    runbook (none: not placed)."""
    tasks: list[Task] = []
    record = change.short_notice
    if record is not None:
        meeting = meeting_after(change.requested_on, policy)
        if record.stakeholders:
            to = f"the change-advisory meeting of {meeting:%a %Y-%m-%d}" if meeting else "review"
            tasks.append(
                Task(
                    kind=TaskKind.EMAIL,
                    title=f"E-mail the stakeholders the change, its risks and that it goes to {to}",
                    detail=", ".join(record.stakeholders),
                )
            )
        approval = record.approval
        approved = (
            f"approved by {approval.by} on {approval.on}"
            + (f" at the meeting of {approval.meeting}" if approval.meeting else "")
            if approval is not None
            else "no approval on record"
        )
        title = "Review at the change-advisory meeting" if meeting else "Get the change approved"
        tasks.append(
            Task(
                kind=TaskKind.MEETING,
                title=title,
                detail=approved,
                due=meeting,
                open=approval is None,
            )
        )
        for key, question in policy.review_questions.items():
            answer = record.answers.get(key)
            tasks.append(
                Task(
                    kind=TaskKind.QUESTION,
                    title=question,
                    detail=answer or "(no answer on record)",
                    open=answer is None,
                )
            )
        for what, text in (
            ("Worst case planned for", record.worst_case),
            ("Rollback", record.rollback),
        ):
            tasks.append(
                Task(
                    kind=TaskKind.PLAN, title=what, detail=text or "(none on record)", open=not text
                )
            )
    tasks.extend(_notice_tasks(change, notices))
    where = f" in {window.id} (the change starts at +{offset_text})" if window is not None else ""
    steps = len(change.steps)
    due: list[datetime | None] = [*step_times, *([None] * steps)][:steps]
    tasks.extend(
        Task(
            kind=TaskKind.STEP,
            title=f"Runbook step {i} of {steps}" + (where if i == 1 else ""),
            detail=step.title,
            due=at,
        )
        for i, (step, at) in enumerate(zip(change.steps, due, strict=True), 1)
    )
    line = client_line([change])
    if line:
        tasks.append(Task(kind=TaskKind.CLIENT_LINE, title="Add to the client notice", detail=line))
    return Playbook.trusted(
        change=change.id,
        title=change.title,
        short_notice=record is not None,
        window=window.id if window is not None else None,
        tasks=tuple(tasks),
    )


def _notice_tasks(change: Change, notices: Sequence[Notice]) -> list[Task]:
    """One task per audience and kind of notice about the change, with its readers."""
    groups: dict[tuple[str, str, str], list[Notice]] = {}
    for n in notices:
        if change.id in n.changes:
            lead = n.kind.value if n.offset is None else span_text(n.offset)
            groups.setdefault((n.audience.value, n.kind.value, lead), []).append(n)
    out = []
    for (audience, kind, lead), found in groups.items():
        first = min(found, key=lambda n: n.due)
        if kind in (NoticeKind.MOVED, NoticeKind.CANCELLED):
            title = f"Send the {audience} notice: {kind}"
        elif first.offset:
            title = f"Send the {audience} notice {lead} before"
        else:
            title = f"Send the {audience} notice at the point of service"
        readers = [f"{n.reader} ({n.timezone})" for n in found if n.reader]
        late = [n for n in found if n.late]
        detail = ", ".join(readers)
        if late:
            short = max(n.late_by for n in late if n.late_by is not None)
            detail = (detail + "\n" if detail else "") + f"LATE: {span_text(short)} short"
        out.append(
            Task(
                kind=TaskKind.NOTICE,
                title=title,
                detail=detail,
                due=first.due,
                open=bool(late),
            )
        )
    return sorted(out, key=lambda t: (t.due is None, t.due, t.title))
