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
    with progress(stderr, f"reading {path}"):
        return load_file(path, Plan)


def instant(value: date | datetime | None, tz: ZoneInfo) -> datetime:
    """``--now``/``--at`` as an aware instant: the real clock when absent, a naive date-time
    on ``tz``'s clock (a time in a spring-forward gap moves forward, an ambiguous one is the
    first), a date as its local midnight."""
    if value is None:
        return datetime.now(UTC).astimezone(tz)
    if not isinstance(value, datetime):
        value = datetime.combine(value, datetime.min.time())
    if value.tzinfo is None:
        return localize(value, tz)[0]
    return value


def clock(args: argparse.Namespace, scenario: Scenario) -> Clock:
    """The horizon and clock of a command's ``--from``, ``--to`` and ``--now``."""
    tz = zone(scenario.timezone)
    now = instant(args.now, tz)
    start: date = args.start or now.astimezone(tz).date()
    end: date = args.end or start + relativedelta(months=12)
    if end <= start:
        usage: argparse.ArgumentParser = args.usage
        usage.error(
            f"argument --to: {end} is not after --from {start}; the horizon [--from, --to) "
            "includes --from and excludes --to, so give a later --to"
        )
    return Clock(start, end, now)


def planned(args: argparse.Namespace, scenario: Scenario, stderr: TextIO) -> Plan:
    """The plan a planning command asks for (``--previous`` and ``--solver`` included)."""
    when = clock(args, scenario)
    previous = read_plan(args.previous, stderr) if args.previous is not None else None
    with progress(stderr, "planning"):
        return make_plan(
            scenario, when.start, when.end, now=when.now, previous=previous, solver=args.solver
        )
