"""Pausing Python's cyclic garbage collector while planning builds many objects."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

__all__ = ["paused_gc"]

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def _paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def paused_gc(function: Callable[P, R]) -> Callable[P, R]:
    """Run ``function`` with the cyclic collector paused, and restore it afterwards.

    Planning a large scenario builds hundreds of thousands of objects, none of them in
    reference cycles; the collector would walk all of them again and again as they pile up
    (about a third of the time at 300,000 windows, see docs/performance.md). Reference
    counting still frees everything as usual.
    """

    @wraps(function)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        with _paused():
            return function(*args, **kwargs)

    return paused
