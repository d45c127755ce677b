"""How many examples a property that sets its own count draws.

``make test`` runs the ``fast`` profile (tests/conftest.py): there a property draws the count it
names. ``HYPOTHESIS_PROFILE=thorough`` draws that many times more, as it does for the
properties that take the profile's count.
"""

from __future__ import annotations

from hypothesis import settings

FAST = 40  # the fast profile's examples a property (tests/conftest.py)


def draws(count: int, profile: settings | None = None) -> int:
    """``count`` under the fast profile, and as many times more as ``profile`` (the loaded
    one if ``None``) draws than it."""
    drawn = (profile or settings.default).max_examples
    return max(count, count * drawn // FAST)
