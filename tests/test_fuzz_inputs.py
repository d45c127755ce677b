"""Bad input never crashes: mutated scenario dicts, scenario TOML text and iCalendar files
(the real-world files icalendar and recurring-ical-events ship, unmutated and mutated, and
maintwin's golden feeds) are each read, planned and published, or refused with a MaintwinError
that says where (the field, the file and line, the event or property).

The run is tests/fuzz_worker.py in a process of its own, with an address-space limit of 1.5 GB
for the whole run and an interval timer of 5 s for each case: a case that runs away, in time or
memory, fails. The figures go to ``build/fuzz.json``.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKER = Path(__file__).resolve().parent / "fuzz_worker.py"
SUMMARY = ROOT / "build" / "fuzz.json"
SEED, CASES = 16, 150
MEMORY = 1536 * 2**20


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def test_no_bad_input_escapes_as_a_crash() -> None:
    done = subprocess.run(
        [sys.executable, str(WORKER), str(SEED), str(CASES)],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limited,
        cwd=ROOT,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    SUMMARY.parent.mkdir(exist_ok=True)
    SUMMARY.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    counts = report["counts"]
    print(f"fuzz: {counts}, slowest case {report['slowest']:.2f} s, peak {report['peak_mb']} MB")
    assert report["failures"] == []
    assert sum(counts["ics-original"].values()) == report["files"] > 250
    for kind in ("dict", "toml", "ics"):
        assert sum(counts[kind].values()) >= CASES
        assert counts[kind].get("read", 0) > 0, f"no {kind} case was read: mutations too wild"
        assert counts[kind].get("refused", 0) > 0, f"no {kind} case was refused"
    assert report["peak_mb"] < MEMORY // 2**20
