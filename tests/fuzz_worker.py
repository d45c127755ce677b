"""The fuzz run of tests/test_fuzz_inputs.py, in a process of its own.

``python tests/fuzz_worker.py <seed> <cases>`` mutates scenario dicts, scenario TOML text and
iCalendar files (the real-world files icalendar and recurring-ical-events ship, and maintwin's
golden feeds), feeds each case to the library, and prints one JSON report: how many cases of
each kind were read, refused (a MaintwinError) or failed otherwise, with the failures. The
parent runs it under a memory limit (RLIMIT_AS); each case here has a time limit (an interval
timer), so a case that runs away is a failure too, and the process's peak memory is reported.
"""

from __future__ import annotations

import copy
import json
import random
import resource
import signal
import sys
import time
import tomllib
import traceback
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import icalendar
import recurring_ical_events

import maintwin
from maintwin import CalendarError, FileFormatError, InputError, MaintwinError, Scenario
from maintwin.ical import blackouts_from_ical, series_to_ical, to_ical

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "teleradiology.toml"
CASE_SECONDS = 5.0
NOW = datetime(2026, 12, 1, tzinfo=UTC)
START, END = date(2027, 1, 1), date(2027, 4, 1)

JUNK: list[Any] = [
    None,
    True,
    -1,
    0,
    7,
    10**30,
    -(10**30),
    1e308,
    float("nan"),
    "",
    "x" * 5000,
    "é\x00\u202e",
    "P1000000000D",
    "PT99999999999999999H",
    "-P1D",
    "PT0S",
    "P1Y",
    "{date.year:>1000000000}",
    "{date:%Y}{",
    "{0}",
    "{date.__class__}",
    "25:00",
    "24:00",
    "Mars/Olympus",
    "CET",
    "UTC",
    "0001-01-01",
    "9999-12-31",
    "9999-12-31T23:59:59",
    "2027-02-30",
    "FREQ=SECONDLY",
    "FREQ=MINUTELY;COUNT=100000000",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
    "FREQ=DAILY;INTERVAL=0",
    "FREQ=WEEKLY;BYDAY=XX",
    "FREQ=DAILY;UNTIL=1900",
    [],
    {},
    [1, 2],
    {"a": 1},
    ["P1D"] * 50,
    date(1, 1, 1),
    date(9999, 12, 31),
    datetime(9999, 12, 31, 23, 59),
    datetime(1, 1, 1),
    -6,
    6,
    1_000_000,
]
ICS_JUNK = [
    "",
    ":",
    "20270101",
    "20270101T250000",
    "99991231T235959Z",
    "00010101",
    "PT1H",
    "P1000000000D",
    "-PT1H",
    "FREQ=SECONDLY",
    "FREQ=DAILY;COUNT=999999999",
    "FREQ=YEARLY;BYSETPOS=0",
    "20270101T100000Z/PT1H",
    "Mars/Olympus",
    "x" * 3000,
    "\\",
    ";",
    "TZID=",
]
ICS_NAMES = [
    "DTSTART",
    "DTEND",
    "DURATION",
    "RRULE",
    "RDATE",
    "EXDATE",
    "RECURRENCE-ID",
    "UID",
    "TZID",
    "TZOFFSETFROM",
    "TZOFFSETTO",
    "BEGIN",
    "END",
    "STATUS",
    "X-WR-TIMEZONE",
]


class Slow(BaseException):
    """A case that ran longer than CASE_SECONDS. Not an ``Exception``: no ``except Exception``
    inside maintwin may turn it into a refusal."""


def _alarm(signum: int, frame: object) -> None:
    raise Slow(f"took longer than {CASE_SECONDS} s")


# -- the cases --------------------------------------------------------------------------------


def _places(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _places(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _places(item, (*path, index))


def _mutated_dict(rng: random.Random, base: dict[str, Any]) -> dict[str, Any]:
    data = copy.deepcopy(base)
    for _ in range(rng.randrange(1, 4)):
        path = rng.choice([p for p in _places(data) if p])
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        last = path[-1]
        move = rng.random()
        if move < 0.6:
            parent[last] = rng.choice(JUNK)
        elif move < 0.75 and isinstance(parent, dict):
            del parent[last]
        elif move < 0.85 and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[last]))  # a repeated id
        elif isinstance(parent, dict):
            parent[f"unknown_{rng.randrange(9)}"] = rng.choice(JUNK)
    return data


def _mutated_text(rng: random.Random, text: str) -> str:
    lines = text.splitlines()
    for _ in range(rng.randrange(1, 4)):
        index = rng.randrange(len(lines))
        move = rng.random()
        line = lines[index]
        if move < 0.25:
            del lines[index]
        elif move < 0.45:
            lines.insert(index, line)
        elif move < 0.75 and "=" in line:
            key = line.split("=", 1)[0]
            junk = rng.choice(JUNK)
            value = json.dumps(junk) if isinstance(junk, str) else str(junk).lower()
            lines[index] = f"{key}= {value}"
        else:
            cut = rng.randrange(len(line) + 1)
            lines[index] = line[:cut] + rng.choice(["", "\\", '"', "[", "{", "=", "\x00"])
    return "\n".join(lines)


def _mutated_ics(rng: random.Random, text: str) -> str:
    lines = text.replace("\r\n", "\n").split("\n")
    for _ in range(rng.randrange(1, 4)):
        index = rng.randrange(len(lines))
        move = rng.random()
        if move < 0.2:
            del lines[index]
        elif move < 0.45:
            lines.insert(index, lines[index])  # twice the same property, or component
        elif move < 0.8 and ":" in lines[index]:
            name = lines[index].split(":", 1)[0]
            lines[index] = f"{name}:{rng.choice(ICS_JUNK)}"
        else:
            lines.insert(index, f"{rng.choice(ICS_NAMES)}:{rng.choice(ICS_JUNK)}")
    return "\r\n".join(lines)


def _scenario_case(scenario: Scenario) -> None:
    scenario.windows(START, END)
    scenario.releases(START, END)
    series_to_ical(scenario, START, END, now=NOW)
    plan = maintwin.plan(scenario, START, END, now=NOW)
    to_ical(plan)
    to_ical(plan, audience="internal")


def _from_dict(data: dict[str, Any]) -> None:
    _scenario_case(Scenario.model_validate(data))


def _from_toml(text: str) -> None:
    _scenario_case(Scenario.from_toml(text, source="fuzz.toml"))


_READ: dict[str, Any] = {
    "reason": "other",
    "start": date(2010, 1, 1),
    "end": date(2020, 1, 1),
    "timezone": "Europe/Berlin",
    "source": "fuzz.ics",
    "max_occurrences": 20_000,
}


def _from_ics(data: str) -> None:
    # leave_from_ical reads a calendar as blackouts_from_ical does (read_occurrences)
    blackouts_from_ical(data, **_READ)


def _calendars() -> list[Path]:
    folders = [Path(icalendar.__file__).parent, Path(recurring_ical_events.__file__).parent]
    files = [p for folder in folders for p in sorted(folder.rglob("*.ics"))]
    return files + sorted((ROOT / "tests" / "data").glob("*.ics"))


# -- judging a case ---------------------------------------------------------------------------


def _located(exc: MaintwinError) -> bool:
    """Whether the error says where: the fields of an InputError, the file (and line) of a
    file's error, the file and event or property of a calendar's."""
    if isinstance(exc, InputError):
        return bool(exc.errors) and all(e.loc for e in exc.errors)
    if isinstance(exc, FileFormatError):
        return exc.source == "fuzz.toml"
    if isinstance(exc, CalendarError):
        return exc.source == "fuzz.ics"
    return True  # an error about one of the call's own arguments names it


def _run(kind: str, call: Callable[[], None], report: dict[str, Any], shown: str) -> None:
    outcome = "read"
    signal.setitimer(signal.ITIMER_REAL, CASE_SECONDS)
    began = time.perf_counter()
    try:
        call()
    except MaintwinError as exc:
        outcome = "refused"
        if not _located(exc):
            report["failures"].append(f"{kind}: no place in {type(exc).__name__}: {exc}: {shown}")
    except Slow as exc:
        outcome = "slow"
        report["failures"].append(f"{kind}: {exc}: {shown}")
    except BaseException as exc:  # anything else escaping is the finding
        outcome = "crashed"
        where = " <- ".join(f"{Path(f.filename).name}:{f.lineno}" for f in _frames(exc))
        report["failures"].append(
            f"{kind}: {type(exc).__name__}: {exc!s:.300} (at {where}): {shown}"
        )
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    took = time.perf_counter() - began
    report["slowest"] = max(report["slowest"], took)
    report["seconds"][kind] = report["seconds"].get(kind, 0.0) + took
    report["counts"][kind][outcome] += 1


def _frames(exc: BaseException) -> list[traceback.FrameSummary]:
    return list(reversed(traceback.extract_tb(exc.__traceback__)))[:4]


def main(seed: int, cases: int) -> dict[str, Any]:
    rng = random.Random(seed)
    signal.signal(signal.SIGALRM, _alarm)
    warnings.simplefilter("ignore")  # this process's own: icalendar warns about odd files
    report: dict[str, Any] = {
        "counts": {k: Counter() for k in ("dict", "toml", "ics", "ics-original")},
        "failures": [],
        "slowest": 0.0,
        "seconds": {},
    }
    text = EXAMPLE.read_text()
    base = tomllib.loads(text)
    for _ in range(cases):
        data = _mutated_dict(rng, base)
        _run("dict", lambda d=data: _from_dict(d), report, f"{str(data)[:300]}")
    for _ in range(cases):
        mutated = _mutated_text(rng, text)
        _run("toml", lambda t=mutated: _from_toml(t), report, repr(mutated[-300:]))
    files = _calendars()
    for path in files:
        original = path.read_bytes().decode("utf-8", "replace")
        _run("ics-original", lambda t=original: _from_ics(t), report, path.name)
    for _ in range(2 * cases):
        path = rng.choice(files)
        mutated = _mutated_ics(rng, path.read_bytes().decode("utf-8", "replace"))
        _run("ics", lambda t=mutated: _from_ics(t), report, f"mutated {path.name}")
    report["counts"] = {k: dict(v) for k, v in report["counts"].items()}
    report["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    report["files"] = len(files)
    return report


if __name__ == "__main__":
    print(json.dumps(main(int(sys.argv[1]), int(sys.argv[2]))))
