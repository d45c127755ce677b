"""`Playbook`: the checklist a change follows, step by step, with the dates that matter."""

from __future__ import annotations

from enum import StrEnum

from pydantic import AwareDatetime

from .base import Model
from .types import Id

__all__ = ["Playbook", "Task", "TaskKind"]


class TaskKind(StrEnum):
    """What a playbook task is: an e-mail to stakeholders, the review meeting, a review
    question, the worst case or rollback on record, a notice to send, a runbook step, or the
    line for the client notice."""

    EMAIL = "email"
    MEETING = "meeting"
    QUESTION = "question"
    PLAN = "plan"
    NOTICE = "notice"
    STEP = "step"
    CLIENT_LINE = "client_line"


class Task(Model):
    """One line of a playbook: ``title`` says what to do, ``detail`` the answer, reader list
    or text that goes with it, ``due`` when (``None``: as soon as possible), and ``open`` that
    it still lacks something on record (an answer, an approval)."""

    kind: TaskKind
    title: str
    detail: str = ""
    due: AwareDatetime | None = None
    open: bool = False


class Playbook(Model):
    """A change's checklist, in the order it is worked: the stakeholders to e-mail, the
    change-advisory meeting, the review questions with their answers, the worst case and the
    rollback, the notices with their dates, the runbook steps it adds to its window, and the
    line it adds to the client notice (the short-notice items only for a short-notice
    change). ``window`` is where the plan put it (``None``: not placed)."""

    change: Id
    title: str = ""
    short_notice: bool = False
    window: Id | None = None
    tasks: tuple[Task, ...] = ()

    def __str__(self) -> str:
        head = f"Playbook of {self.change}" + (f" ({self.title})" if self.title else "")
        where = f"in window {self.window}" if self.window else "not placed"
        lines = [f"{head}, {where}" + (", short notice" if self.short_notice else "")]
        for number, task in enumerate(self.tasks, 1):
            when = f" [{task.due:%a %Y-%m-%d %H:%M %Z}]" if task.due is not None else ""
            mark = " (OPEN)" if task.open else ""
            lines.append(f"{number:3}. {task.title}{when}{mark}")
            lines.extend(f"       {part}" for part in task.detail.splitlines() if part)
        return "\n".join(lines)
