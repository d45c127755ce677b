"""A property that names its own count draws it under ``make test`` and more under the
thorough profile."""

from __future__ import annotations

from hypothesis import settings

from .draws import draws


def test_a_count_is_kept_under_the_fast_profile() -> None:
    assert settings.get_profile("fast").max_examples == 40
    assert draws(150, settings.get_profile("fast")) == 150
    assert draws(15, settings.get_profile("fast")) == 15


def test_a_count_grows_with_the_thorough_profile() -> None:
    assert settings.get_profile("thorough").max_examples == 2_000
    assert draws(150, settings.get_profile("thorough")) == 7_500  # 2,000 / 40 = 50 times
    assert draws(15, settings.get_profile("thorough")) == 750
