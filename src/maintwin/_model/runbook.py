"""`Runbook`: a window's changes laid out on the wall clock, step by step, with each gate's
point of no return and the rollback path; it renders as Markdown, HTML and plain text."""

from __future__ import annotations

from .. import _runbook_render as render
from .base import Model
from .runbook_parts import OwnerTime, RunbookChange, RunbookStep
from .window import Window

__all__ = ["OwnerTime", "Runbook", "RunbookChange", "RunbookStep"]


class Runbook(Model):
    """The runbook of one ``window``: its ``changes`` in the order they run, each with its
    steps on the window's clock (and each owner's), its checks, its go/no-go gate at the
    point of no return and its rollback path. :meth:`markdown` and :meth:`html` render it as
    a checklist with a box per step; ``str()`` as plain text."""

    window: Window
    changes: tuple[RunbookChange, ...] = ()

    def change(self, change_id: str) -> RunbookChange | None:
        """The runbook of change ``change_id`` in this window, or ``None``."""
        return next((c for c in self.changes if c.change == change_id), None)

    @property
    def steps(self) -> tuple[RunbookStep, ...]:
        """Every step of every change, in order (the rollback steps left out)."""
        return tuple(s for c in self.changes for s in c.steps)

    def markdown(self) -> str:
        """The runbook as Markdown, a task-list line (``- [ ]``) per step."""
        return render.markdown(self.window, self.changes)

    def html(self) -> str:
        """The runbook as a standalone, printable HTML page with a checkbox per step."""
        return render.html_page(self.window, self.changes)

    def __str__(self) -> str:
        return render.text(self.window, self.changes)
