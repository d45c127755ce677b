"""Headless Chromium for the tests that open maintwin's pages in a real browser.

CI installs Chromium itself (.ci/run); elsewhere, without it, such a test is skipped and says
how to install it. In CI (``CI=true``) a missing browser fails the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

__all__ = ["PNG", "chromium", "dump_dom", "screenshot"]

PNG = b"\x89PNG\r\n\x1a\n"
"""The first bytes of every PNG file."""


def chromium(purpose: str) -> str:
    """The path of the Chromium binary; skips (fails in CI) the test that wants it for
    ``purpose`` (``"check the runbook page"``) when there is none."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is not None:
        return found
    message = (
        "headless Chromium is not installed; install it (Debian/Ubuntu: "
        f"apt-get install -y chromium) to {purpose} in a browser"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}: CI must run this test, and .ci/run installs it")
    pytest.skip(message)


def _run(browser: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [browser, "--headless", "--no-sandbox", "--disable-gpu", *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )


def dump_dom(browser: str, url: str) -> str:
    """The DOM of the page at ``url`` once it has loaded and its scripts have run."""
    return _run(browser, "--dump-dom", url).stdout


def screenshot(browser: str, url: str, path: Path, *, size: str) -> bytes:
    """A screenshot of the page at ``url`` in a window of ``size`` (``"1280,2000"``), saved
    to ``path`` (an old one removed first); its bytes."""
    path.unlink(missing_ok=True)
    _run(browser, f"--screenshot={path}", f"--window-size={size}", url)
    return path.read_bytes()
