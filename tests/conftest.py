"""Shared test set-up: Hypothesis profiles and the example scenario."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

import maintwin

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "teleradiology.toml"

# "fast" keeps `make test` quick; HYPOTHESIS_PROFILE=thorough runs many more examples.
settings.register_profile("fast", max_examples=60, deadline=None)
settings.register_profile("thorough", max_examples=2_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "fast"))


@pytest.fixture(scope="session")
def example() -> maintwin.Scenario:
    """The example scenario of examples/teleradiology.toml."""
    return maintwin.Scenario.load(EXAMPLE)
