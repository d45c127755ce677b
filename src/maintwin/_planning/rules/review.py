"""The short-notice playbook's rules: a short-notice change is reviewed at the first
change-advisory meeting after it was raised, and rides no sooner than the internal notices can
go out after that meeting; its approval and its answers to the review questions are on
record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

from ..._model.change import Change
from ..._model.conflict import Conflict, ConflictCode, Severity
from ..._model.policy import Policy
from ..._model.schedule import WEEKDAYS
from ..._model.short_notice import ShortNotice
from ..._text import describe
from ..._time import zone
from ..meetings import longest_internal, meeting_after, notices_from, reviewed_in_time
from ..problem import Problem, Slot
from ..state import Placement
from .base import Facts, Rule, kept_note

__all__ = ["ReviewRule"]


def _when(moment: datetime) -> str:
    return f"{moment:%a %Y-%m-%d %H:%M %Z}"


class ReviewRule(Rule):
    name = "short-notice review"

    def first_day(self, problem: Problem, change: Change) -> date | None:
        bound = notices_from(change, problem.policy)
        # Zones differ by up to 26 hours, so a window's local day may be two days before the
        # bound's day in the meeting's zone: the exact moment is checked in ``admits``.
        return None if bound is None else bound.date() - timedelta(days=2)

    def admits(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> bool:
        return self.candidate(problem, cid, slot)

    def candidate(self, problem: Problem, cid: str, slot: Slot) -> bool:
        change = problem.changes[cid]
        if change.short_notice is None or problem.policy.cab is None:
            return True
        return reviewed_in_time(change, problem.policy, slot.start, zone(slot.window.timezone))

    def why_not(self, problem: Problem, state: Placement, cid: str, slot: Slot) -> str:
        return _too_soon(problem.changes[cid], problem.policy)

    def conflicts(self, facts: Facts) -> Iterator[Conflict]:
        policy = facts.scenario.policy
        for a, change, window, _ in facts.known:
            start = facts.spans[window.id][0]
            bound = notices_from(change, policy)
            if bound is not None and not reviewed_in_time(
                change, policy, start, zone(window.timezone)
            ):
                yield Conflict.trusted(
                    code=ConflictCode.SHORT_NOTICE,
                    severity=Severity.ERROR,
                    message=f"short-notice change {change.id} rides in {describe(window)}, "
                    f"{_too_soon(change, policy)}{kept_note(a)}",
                    hint=f"move it to a window from {_when(bound)} on",
                    changes=(change.id,),
                    windows=(window.id,),
                )
        for change in facts.scenario.changes:
            if change.short_notice is not None and change.status.planned:
                yield from _record(change, policy, facts.now)


def _too_soon(change: Change, policy: Policy) -> str:
    meeting = meeting_after(change.requested_on, policy)
    bound = notices_from(change, policy)
    if meeting is None or bound is None:
        return "too soon"
    longest = longest_internal(policy)
    return (
        f"before its internal notices can go out: the change-advisory meeting of "
        f"{_when(meeting)} reviews it, and the first internal notice is due {longest.days} "
        f"days ahead, so it rides from {_when(bound)}"
    )


def _record(change: Change, policy: Policy, now: datetime) -> Iterator[Conflict]:
    """What the change's short-notice record lacks or gets wrong."""
    record = change.short_notice
    assert record is not None
    ids = {"changes": (change.id,)}
    meeting = meeting_after(change.requested_on, policy)
    if record == ShortNotice():  # ``short_notice = true``: one finding says what to record
        at = f" after the change-advisory meeting of {_when(meeting)}" if meeting else ""
        yield Conflict.trusted(
            code=ConflictCode.SHORT_NOTICE,
            severity=Severity.WARNING,
            message=f"short-notice change {change.id} has nothing on record: no approval, no "
            f"answers to the {len(policy.review_questions)} review questions, no worst case "
            "and no rollback",
            hint=f"record them in its short_notice table{at}",
            **ids,
        )
        return
    approval = record.approval
    if approval is None:
        when = f"the change-advisory meeting of {_when(meeting)}" if meeting else "the approver"
        yield Conflict.trusted(
            code=ConflictCode.SHORT_NOTICE,
            severity=Severity.WARNING,
            message=f"short-notice change {change.id} has no approval on record",
            hint=f"take it to {when} and record who approved it, when and at which meeting "
            "(short_notice.approval)",
            **ids,
        )
    else:
        wrong = []
        today = now.astimezone(meeting.tzinfo).date() if meeting is not None else now.date()
        if approval.on > today:
            wrong.append(f"approved on {approval.on}, after the plan's now ({today})")
        if approval.on < change.requested_on:
            wrong.append(
                f"approved on {approval.on}, before it was raised on {change.requested_on}"
            )
        elif meeting is not None and approval.on < meeting.date():
            wrong.append(
                f"approved on {approval.on}, before the first change-advisory meeting after it "
                f"was raised ({_when(meeting)})"
            )
        cab = policy.cab
        day = approval.meeting
        if cab is not None and day is not None and WEEKDAYS[day.weekday()] != cab.weekday:
            wrong.append(
                f"approved at a meeting on {day}, a {day:%A}: not a meeting day ({cab.weekday})"
            )
        for what in wrong:
            yield Conflict.trusted(
                code=ConflictCode.SHORT_NOTICE,
                severity=Severity.WARNING,
                message=f"short-notice change {change.id} was {what}",
                hint="record the approval of the change-advisory meeting that reviewed it",
                **ids,
            )
    open_questions = [k for k in policy.review_questions if k not in record.answers]
    if open_questions:
        listed = "; ".join(f"{policy.review_questions[k]!r} ({k})" for k in open_questions)
        yield Conflict.trusted(
            code=ConflictCode.SHORT_NOTICE,
            severity=Severity.WARNING,
            message=f"short-notice change {change.id} has no recorded answer to {listed}",
            hint="record the review's answers in short_notice.answers, by question key",
            **ids,
        )
    lacking = [
        name
        for name, text in (("worst case", record.worst_case), ("rollback", record.rollback))
        if not text
    ]
    if lacking:
        yield Conflict.trusted(
            code=ConflictCode.SHORT_NOTICE,
            severity=Severity.WARNING,
            message=f"short-notice change {change.id} records no {' and no '.join(lacking)}",
            hint="plan for the worst case and say how the change is undone "
            "(short_notice.worst_case, short_notice.rollback)",
            **ids,
        )
