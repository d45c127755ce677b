"""The command line's grammar: subcommands, their options, and how argument text is read.

A bad argument (a date that is not one, an unknown zone) is a usage error: argparse prints the
usage and the message, and the command exits with 2.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

if TYPE_CHECKING:
    from _typeshed import SupportsWrite

from .. import __version__
from .._errors import MaintwinError
from .._time import FIRST_YEAR, LAST_YEAR
from .._zones import zone

__all__ = ["Parser", "day", "moment", "parser", "zone_name"]

FORMATS = ("text", "json")
TZ_HELP = "show times in this IANA zone (default: the scenario's)"


YEARS = range(FIRST_YEAR, LAST_YEAR + 1)
"""The years a date argument may name, as the library takes them."""


def _in_range(text: str, value: date) -> None:
    if value.year not in YEARS:
        raise argparse.ArgumentTypeError(
            f"{text!r} is out of range; expected a year from {YEARS[0]} to {YEARS[-1]}"
        )


def day(text: str) -> date:
    """A ``--from``/``--to`` argument: an ISO date, ``2027-01-01``."""
    try:
        value = date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date; expected YYYY-MM-DD, e.g. 2027-01-01"
        ) from None
    _in_range(text, value)
    return value


def moment(text: str) -> date | datetime:
    """A ``--now``/``--at`` argument: an ISO date-time, with a UTC offset or on the scenario's
    clock (``2026-11-22T09:00``), or a date (its local midnight)."""
    value = text.strip()
    try:
        read = date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a date-time; expected ISO 8601, e.g. 2026-11-22T09:00 (on the "
            "scenario's clock), 2026-11-22T15:00Z or 2026-11-22T09:00-06:00"
        ) from None
    _in_range(text, read)
    return read


def zone_name(text: str) -> str:
    """A ``--tz`` argument: an IANA zone name."""
    try:
        zone(text)
    except MaintwinError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


class Parser(argparse.ArgumentParser):
    """An argument parser that writes help to ``out`` and usage errors to ``err`` (the
    process's streams unless set), so that :func:`maintwin._cli.main` can be given its own."""

    out: TextIO | None = None
    err: TextIO | None = None

    def _print_message(self, message: str, file: SupportsWrite[str] | None = None) -> None:
        if message:
            errors = file is sys.stderr
            stream = (self.err or sys.stderr) if errors else (self.out or sys.stdout)
            stream.write(message)

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            self._print_message(message, sys.stderr)
        raise SystemExit(status)


def parser(stdout: TextIO | None = None, stderr: TextIO | None = None) -> Parser:
    """The ``maintwin`` parser, with every subcommand; help goes to ``stdout`` and usage errors
    to ``stderr`` (default: the process's)."""
    top = Parser(
        prog="maintwin",
        description="Plan maintenance downtime for systems that must stay up around the clock.",
        epilog="Run 'maintwin COMMAND --help' for a command's options; docs/cli.md has them all.",
    )
    top.add_argument("--version", action="version", version=f"maintwin {__version__}")
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)

    scenario = Parser(add_help=False)
    scenario.add_argument("file", type=Path, metavar="FILE", help="the scenario (.toml or .json)")

    clock = Parser(add_help=False)
    clock.add_argument(
        "--from",
        dest="start",
        type=day,
        metavar="DATE",
        help="first day of the horizon (default: the day of --now)",
    )
    clock.add_argument(
        "--to",
        dest="end",
        type=day,
        metavar="DATE",
        help="day after the horizon's last (default: 12 months after --from)",
    )
    clock.add_argument(
        "--now",
        type=moment,
        metavar="DATETIME",
        help="the planning clock, on the scenario's clock unless it has an offset "
        "(default: the real clock)",
    )

    planning = Parser(add_help=False, parents=[scenario, clock])
    planning.add_argument(
        "--previous",
        type=Path,
        metavar="PLAN.json",
        help="the plan published last time (from 'plan --format json'): what it announced stays",
    )
    planning.add_argument(
        "--solver", choices=("greedy", "exact"), default="greedy", help="default: greedy"
    )

    shown = Parser(add_help=False)
    shown.add_argument(
        "--tz",
        type=zone_name,
        metavar="ZONE",
        help=TZ_HELP,
    )

    out = Parser(add_help=False)
    out.add_argument("--out", type=Path, metavar="F", help="write to F (default: standard output)")

    def command(name: str, text: str, *parents: Parser) -> Parser:
        sub: Parser = commands.add_parser(name, help=text, description=text, parents=[*parents])
        sub.set_defaults(usage=sub)  # a usage error found later names the command's usage
        return sub

    command("validate", "Check a scenario file; errors name the line and field.", scenario)

    p = command(
        "plan", "Plan the horizon: each window's runbook, then the conflicts.", planning, shown, out
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="default: text")

    p = command("explain", "Why a change is where it is, or why it is not placed.", planning)
    p.add_argument("change", metavar="CHANGE", help="the change's id")

    p = command("check", "Check a plan a person edited (a 'plan --format json' file).")
    p.add_argument("plan", type=Path, metavar="PLAN.json")
    p.add_argument("--format", choices=FORMATS, default="text", help="default: text")

    p = command("feed", "Write the plan's calendar feed for clients or for staff.", planning, out)
    p.add_argument("--audience", choices=("client", "internal"), required=True)
    p.add_argument("--client", metavar="ID", help="one client's own feed (client audience)")
    p.add_argument(
        "--previous-feed",
        type=Path,
        metavar="F.ics",
        help="the feed published last time (default: the --out file, when it exists)",
    )

    command(
        "series", "Write each release train as one recurring calendar event.", scenario, clock, out
    )

    p = command(
        "open-now", "Is a downtime window open now, and what changes next.", scenario, shown
    )
    p.add_argument(
        "--at", type=moment, metavar="DATETIME", help="the instant to ask about (default: now)"
    )
    p.add_argument(
        "--subsystem",
        action="append",
        metavar="NAME",
        help="only this subsystem's windows and blackouts (repeat for more)",
    )
    p.add_argument("--format", choices=FORMATS, default="text", help="default: text")

    p = command("calendar", "Write the year as one HTML page.", planning, shown)
    p.add_argument("--out", type=Path, metavar="F.html", required=True)

    p = command("runbook", "A window's runbook: steps, owners, gate and rollback.", planning, out)
    p.add_argument("window", metavar="WINDOW", help="the window's id")
    p.add_argument("--format", choices=("text", "markdown", "html"), default="text")

    p = command("playbook", "A short-notice change's checklist.", planning, out)
    p.add_argument("change", metavar="CHANGE", help="the change's id")

    p = command("notices", "Every notice the plan calls for, by due time.", planning, shown, out)
    p.add_argument("--format", choices=FORMATS, default="text", help="default: text")

    command("schema", "Write the scenario file's JSON Schema (for editors).", out)
    for each in (top, *commands.choices.values()):
        each.out, each.err = stdout, stderr
    return top
