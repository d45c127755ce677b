"""Mozilla ical.js (the parser of Thunderbird and many web calendars) as a reader of our feeds.

``tests/readers`` pins ical.js in its ``package.json`` and ``package-lock.json``; ``make test``
installs it there with ``npm ci`` when npm is on the machine. ``tests/readers/expand.mjs``
expands each file's events; one Node process reads a whole batch of files.

Without Node or the installed package a test that needs ical.js is skipped, saying how to
install it; under CI (``CI=true``) it fails instead: CI must run it (``.ci/run`` installs npm).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

READERS = Path(__file__).resolve().parent / "readers"
SCRIPT = READERS / "expand.mjs"
PACKAGE = READERS / "node_modules" / "ical.js" / "package.json"

Seen = Counter[tuple[str, datetime | date, datetime | date]]


def require_icaljs() -> str:
    """The path of ``node``, when ical.js can run; else skip (or, under CI, fail) the test."""
    node = shutil.which("node")
    if node is not None and PACKAGE.exists():
        return node
    message = (
        "Mozilla ical.js is not installed: install Node.js and npm, then run `make test` "
        "(or `npm ci --prefix tests/readers`) to read the feeds with ical.js"
    )
    if os.environ.get("CI") == "true":
        pytest.fail(f"{message}: CI must run this test, and .ci/run installs npm")
    pytest.skip(message)


def icaljs_occurrences(
    feeds: Mapping[str, bytes], lo: datetime, hi: datetime
) -> dict[str, Seen | str]:
    """What ical.js sees in each feed: every occurrence starting in ``[lo, hi)`` as
    (UID, start, end) in UTC (the days of an all-day event as dates), or the error it raised
    for that feed."""
    node = require_icaljs()
    with tempfile.TemporaryDirectory(prefix="maintwin-icaljs-") as folder:
        paths = {}
        for index, (name, data) in enumerate(feeds.items()):
            path = Path(folder) / f"{index}.ics"
            path.write_bytes(data)
            paths[str(path)] = name
        request = {"start": lo.timestamp(), "end": hi.timestamp(), "files": list(paths)}
        done = subprocess.run(
            [node, str(SCRIPT)],
            input=json.dumps(request),
            capture_output=True,
            text=True,
            check=True,
            timeout=300,
        )
    answer = json.loads(done.stdout)
    found: dict[str, Seen | str] = {}
    for path, name in paths.items():
        read = answer[path]
        if isinstance(read, dict):
            found[name] = str(read["error"])
            continue
        found[name] = Counter((uid, _when(a), _when(b)) for uid, a, b in read)
    return found


def _when(value: float | str) -> datetime | date:
    if isinstance(value, str):
        return date.fromisoformat(value)
    return datetime.fromtimestamp(value, UTC)
