"""Shared test set-up: Hypothesis profiles and the example scenario."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import maintwin
from maintwin.ical import _feed, _person, _series, _todo

from .draws import FAST
from .ical_oracle import assert_vobject_agrees

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "teleradiology.toml"

# "fast" keeps `make test` quick; HYPOTHESIS_PROFILE=thorough runs many more examples.
settings.register_profile("fast", max_examples=FAST, deadline=None)
settings.register_profile("thorough", max_examples=2_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


@pytest.fixture(scope="session")
def example() -> maintwin.Scenario:
    """The example scenario of examples/teleradiology.toml."""
    return maintwin.Scenario.load(EXAMPLE)


@pytest.fixture(autouse=True)
def _every_feed_read_by_vobject(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[bytes]]:
    """Every feed a test produces is read by vobject, which must see what icalendar sees."""
    feeds: list[bytes] = []

    def recording(*args: Any, **kwargs: Any) -> bytes:
        data = assemble(*args, **kwargs)
        feeds.append(data)
        return data

    assemble = _feed.assemble
    monkeypatch.setattr(_feed, "assemble", recording)
    monkeypatch.setattr(_series, "assemble", recording)
    monkeypatch.setattr(_person, "assemble", recording)
    monkeypatch.setattr(_todo, "assemble", recording)
    yield feeds
    for data in dict.fromkeys(feeds):  # a feed drawn again is read once
        assert_vobject_agrees(data)
