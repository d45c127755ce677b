"""Progress on standard error, for work that takes more than a moment, when a person watches.

Nothing is written unless the stream is a terminal, and nothing before ``after`` seconds: a
quick command stays silent, a long plan says what it is doing and for how long.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["progress"]

AFTER = 1.5
"""Seconds of work before the first progress line."""


@contextmanager
def progress(stream: TextIO, what: str, *, after: float = AFTER) -> Iterator[None]:
    """Say ``maintwin: <what>... N s`` on ``stream`` (a terminal) once a second while the body
    runs longer than ``after`` seconds, and clear the line when it is done."""
    if not _is_terminal(stream):
        yield
        return
    done = threading.Event()
    began = time.monotonic()
    shown = threading.Event()

    def tick() -> None:
        wait = after
        while not done.wait(wait):
            seconds = time.monotonic() - began
            stream.write(f"\rmaintwin: {what}... {seconds:.0f} s")
            stream.flush()
            shown.set()
            wait = 1.0

    ticker = threading.Thread(target=tick, name="maintwin-progress", daemon=True)
    ticker.start()
    try:
        yield
    finally:
        done.set()
        ticker.join()
        if shown.is_set():
            stream.write("\r\033[K")
            stream.flush()


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
