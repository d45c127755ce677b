"""What a command reads before it answers: the scenario, the clock, the horizon, the plan.

The clock is read here, at the edge: ``--now`` defaults to the real time. A date-time given
without an offset is on the scenario's clock; the horizon defaults to the twelve months from
the day of ``--now``.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from dateutil.relativedelta import relativedelta

from .._config import load_file
from .._errors import MaintwinError
from .._planning.plan import Plan
from .._planning.planner import plan as make_plan
from .._scenario import Scenario
from .._time import localize
from .._zones import zone
from .progress import progress

__all__ = ["Clock", "clock", "instant", "planned", "read_plan", "read_scenario"]


@dataclass(frozen=True)
class Clock:
    """The horizon ``[start, end)`` (local days) and the planning clock ``now`` (aware)."""

    start: date
    end: date
    now: datetime


def read_scenario(path: Path, stderr: TextIO) -> Scenario:
    """The scenario in ``path``; a bad file raises the library's error, naming file and line."""
    with progress(stderr, f"reading {path}"):
        return Scenario.load(path)


def read_plan(path: Path, stderr: TextIO) -> Plan:
    """A plan written by ``maintwin plan --format json``."""
    if path.suffix.lower() == ".toml":
        raise MaintwinError(
            f"{path} is a scenario file; this takes a plan, as 'maintwin plan "
            f"{path} --format json --out plan.json' writes it"
        )
    with progress(stderr, f"reading {path}"):
        return load_file(path, Plan)


def instant(value: date | datetime | None, tz: ZoneInfo, stderr: TextIO) -> datetime:
    """``--now``/``--at`` as an aware instant: the real clock when absent, a naive date-time
    on ``tz``'s clock (a time in a spring-forward gap moves forward, and says so on
    ``stderr``; an ambiguous one is the first), a date as its local midnight."""
    if value is None:
        return datetime.now(UTC).astimezone(tz)
    if not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    if value.tzinfo is not None:
        return value
    aware, shifted = localize(value, tz)
    if shifted:
        stderr.write(
            f"maintwin: note: {value:%Y-%m-%d %H:%M} does not exist in {tz.key} (the clocks "
            f"skip it); read as {aware:%Y-%m-%d %H:%M %Z}\n"
        )
    return aware


def clock(args: argparse.Namespace, scenario: Scenario, stderr: TextIO) -> Clock:
    """The horizon and clock of a command's ``--from``, ``--to`` and ``--now``."""
    tz = zone(scenario.timezone)
    now = instant(args.now, tz, stderr)
    start: date = args.start or now.astimezone(tz).date()
    end: date = args.end or start + relativedelta(months=12)
    if end <= start:
        usage: argparse.ArgumentParser = args.usage
        begins = f"--from {start}" if args.start else f"the day of --now, {start}"
        usage.error(
            f"argument --to: {end} is not after {begins}; the horizon [--from, --to) "
            "includes --from and excludes --to, so give a later --to"
        )
    return Clock(start, end, now)


def planned(args: argparse.Namespace, scenario: Scenario, stderr: TextIO) -> Plan:
    """The plan a planning command asks for (``--previous`` and ``--solver`` included)."""
    when = clock(args, scenario, stderr)
    previous = read_plan(args.previous, stderr) if args.previous is not None else None
    with progress(stderr, "planning"):
        return make_plan(
            scenario, when.start, when.end, now=when.now, previous=previous, solver=args.solver
        )
