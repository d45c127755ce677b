"""How windows and spans of time are written in messages, explanations and the demo."""

from __future__ import annotations

from datetime import timedelta

from ._model.window import Window

__all__ = ["clock", "describe", "minutes_text"]


def describe(window: Window) -> str:
    """``ris-2027-01-13 (2027-01-13 10:00 CST)``: a window's id and local start."""
    return f"{window.id} ({window.start:%Y-%m-%d %H:%M %Z})"


def clock(span: timedelta) -> str:
    """``0:15`` for fifteen minutes, ``2:00`` for two hours (seconds shown when present)."""
    seconds = int(span.total_seconds())
    hours, rest = divmod(seconds, 3600)
    text = f"{hours}:{rest // 60:02d}"
    return text + (f":{rest % 60:02d}" if rest % 60 else "")


def minutes_text(span: timedelta) -> str:
    """``8 min``, or ``8 min 30 s``."""
    whole, rest = divmod(span, timedelta(minutes=1))
    return f"{whole} min" + (f" {rest.seconds} s" if rest else "")
