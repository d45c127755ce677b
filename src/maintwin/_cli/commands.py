"""One function per subcommand: read what it needs, ask the library, write the answer.

Each returns the exit status: 0 when all is well, 1 when the answer is "no" (a plan or a
checked plan with error-level conflicts; no window open now). Errors of input are raised as
the library's :class:`~maintwin.MaintwinError` and become exit status 2 in :mod:`.main`.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from .._errors import CalendarError, MaintwinError
from .._notices_json import notices_json
from .._planning.check import check
from .._planning.explain import explain
from .._planning.plan import Plan
from .._scenario import Scenario
from .._scenario_schema import scenario_schema_text
from .._window_state import WindowState, window_state
from .._zones import zone
from ..ical import series_to_ical, to_ical
from ..ical._publish import PREVIOUS_FEED
from .inputs import clock, instant, planned, read_plan, read_scenario
from .plan_view import plan_text

__all__ = ["COMMANDS", "Streams"]


@dataclass(frozen=True)
class Streams:
    """Where a command writes: its answer (``stdout``), and progress and errors (``stderr``)."""

    stdout: TextIO
    stderr: TextIO

    def emit(self, args: argparse.Namespace, data: str | bytes, *, what: str = "") -> None:
        """Write ``data`` to ``--out`` (making its folder), saying so, or to standard output."""
        out: Path | None = getattr(args, "out", None)
        if out is None:
            raw = getattr(self.stdout, "buffer", None)
            if isinstance(data, bytes) and raw is not None:
                self.stdout.flush()
                raw.write(data)
                raw.flush()
            else:
                self.stdout.write(data.decode("utf-8") if isinstance(data, bytes) else data)
            return
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(data, bytes):
                out.write_bytes(data)
            else:
                out.write_text(data, encoding="utf-8")
        except OSError as exc:
            raise MaintwinError(f"cannot write {out}: {exc.strerror or exc}") from None
        self.stdout.write(f"wrote {out}{f' ({what})' if what else ''}\n")


Command = Callable[[argparse.Namespace, Streams], int]


def _shown(args: argparse.Namespace, scenario: Scenario) -> ZoneInfo:
    """The zone times are shown in: ``--tz``, else the scenario's."""
    return zone(args.tz or scenario.timezone)


def counted(n: int, noun: str, plural: str = "") -> str:
    """``1 train``, ``3 trains``; ``plural`` when it is not ``noun`` with an s."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def _validate(args: argparse.Namespace, io: Streams) -> int:
    s = read_scenario(args.file, io.stderr)
    parts = [
        counted(len(s.trains), "train"),
        counted(len(s.one_off_windows), "one-off window"),
        counted(len(s.blackouts), "blackout"),
        counted(len(s.changes), "change"),
    ]
    if s.people:
        parts.append(counted(len(s.people), "person", "people"))
    io.stdout.write(f"{args.file}: valid scenario {s.name!r} in {s.timezone}: {', '.join(parts)}\n")
    return 0


def _plan(args: argparse.Namespace, io: Streams) -> int:
    scenario = read_scenario(args.file, io.stderr)
    result = planned(args, scenario, io.stderr)
    if args.format == "json":
        io.emit(args, result.model_dump_json(indent=2) + "\n", what="the plan as JSON")
    else:
        io.emit(args, plan_text(result, _shown(args, scenario)))
    return 1 if result.errors else 0


def _explain(args: argparse.Namespace, io: Streams) -> int:
    scenario = read_scenario(args.file, io.stderr)
    io.stdout.write(explain(planned(args, scenario, io.stderr), args.change) + "\n")
    return 0


def _check(args: argparse.Namespace, io: Streams) -> int:
    edited = read_plan(args.plan, io.stderr)
    found = check(edited)
    errors = sum(c.severity == "error" for c in found)
    if args.format == "json":
        rows = [c.model_dump(mode="json") for c in found]
        io.stdout.write(json.dumps(rows, indent=2, ensure_ascii=False) + "\n")
    else:
        said = f"{counted(len(found), 'conflict')}, {counted(errors, 'error')}"
        io.stdout.write(f"{args.plan}: {said}\n")
        io.stdout.writelines(f"  {c}\n" for c in found)
    return 1 if errors else 0


def _feed(args: argparse.Namespace, io: Streams) -> int:
    scenario = read_scenario(args.file, io.stderr)
    result = planned(args, scenario, io.stderr)
    if args.client is not None and args.audience != "client":
        args.usage.error(
            "argument --client: a client's own feed is a client feed; add --audience client"
        )
    before: Path | None = args.previous_feed
    why = "given as --previous-feed"
    if before is None and args.out is not None and args.out.exists():
        before = args.out  # republishing: SEQUENCE goes on, dropped windows are cancelled
        why = "read as the feed published last time, because --out names it"
    previous = _read_bytes(before) if before is not None else None
    try:
        data = to_ical(result, audience=args.audience, client=args.client, previous=previous)
    except CalendarError as exc:
        if before is None or exc.source != PREVIOUS_FEED:
            raise
        raise MaintwinError(
            f"{before} ({why}): {exc.problem}; give the feed published last time with "
            "--previous-feed, or remove the file to publish afresh"
        ) from None
    io.emit(args, data, what=_events(data))
    return 0


def _series(args: argparse.Namespace, io: Streams) -> int:
    scenario = read_scenario(args.file, io.stderr)
    when = clock(args, scenario, io.stderr)
    data = series_to_ical(scenario, when.start, when.end, now=when.now)
    io.emit(args, data, what=_events(data))
    return 0


def _open_now(args: argparse.Namespace, io: Streams) -> int:
    scenario = read_scenario(args.file, io.stderr)
    at = instant(args.at, zone(scenario.timezone), io.stderr)
    unknown = [s for s in args.subsystem or () if s not in scenario.subsystems]
    if unknown:
        known = ", ".join(scenario.subsystems) or "none"
        args.usage.error(
            f"argument --subsystem: {unknown[0]!r} is not a subsystem of {args.file}; "
            f"its subsystems are {known}"
        )
    state = window_state(scenario, at, subsystems=args.subsystem)
    if args.format == "json":
        data = {"state": state.state, **state.model_dump(mode="json")}
        io.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    else:
        io.stdout.write(_state_text(state, _shown(args, scenario)))
    return 0 if state.state == "open" else 1


def _state_text(state: WindowState, tz: ZoneInfo) -> str:
    def at(moment: datetime) -> str:
        return f"{moment.astimezone(tz):%a %Y-%m-%d %H:%M %Z}"

    lines = [f"{at(state.at)}: {state.state}"]
    for w in state.open:
        lines.append(f"  window {w.id} ({w.subsystem}) is open until {at(w.end)}")
    for w in state.blocked:
        lines.append(
            f"  window {w.id} ({w.subsystem}) is blocked by {', '.join(w.blocked_by)}, "
            f"until {at(w.end)}"
        )
    for p in state.blackouts:
        title = f": {p.title}" if p.title else ""
        lines.append(f"  blackout {p.blackout} ({p.reason.value}{title}) until {at(p.end)}")
    if state.next:
        lines.append(f"next, {at(state.next[0].at)}:")
        lines += [f"  {t}" for t in state.next]
    else:
        lines.append("next: nothing changes in the next two years")
    return "\n".join(lines) + "\n"


def _calendar(args: argparse.Namespace, io: Streams) -> int:
    from .._calendar_page import calendar_html

    scenario = read_scenario(args.file, io.stderr)
    result = planned(args, scenario, io.stderr)
    io.emit(args, calendar_html(result, tz=args.tz), what=f"{len(result.windows)} windows")
    return 0


def _runbook(args: argparse.Namespace, io: Streams) -> int:
    scenario = read_scenario(args.file, io.stderr)
    book = planned(args, scenario, io.stderr).runbook(args.window)
    text = {"text": str(book), "markdown": book.markdown(), "html": book.html()}[args.format]
    io.emit(args, text if text.endswith("\n") else text + "\n")
    return 0


def _playbook(args: argparse.Namespace, io: Streams) -> int:
    scenario = read_scenario(args.file, io.stderr)
    io.emit(args, str(planned(args, scenario, io.stderr).playbook(args.change)) + "\n")
    return 0


def _notices(args: argparse.Namespace, io: Streams) -> int:
    scenario = read_scenario(args.file, io.stderr)
    result = planned(args, scenario, io.stderr)
    if args.format == "json":
        io.emit(args, notices_json(result))
    else:
        io.emit(args, _notices_text(result, _shown(args, scenario)))
    return 0


def _notices_text(plan: Plan, tz: ZoneInfo) -> str:
    """One line per notice to send: when, about which window, what, to whom (each reader, or
    ``all`` for a whole audience), ``LATE`` when its time had passed."""
    lines = [f"{len(plan.notices)} notices, times in {tz.key}"]
    rows = [
        (
            f"{n.due.astimezone(tz):%a %Y-%m-%d %H:%M}",
            n.window,
            n.label,
            n.audience.value,
            (n.reader or "all") + ("  LATE" if n.late else ""),
        )
        for n in plan.notices
    ]
    widths = [max((len(row[i]) for row in rows), default=0) for i in range(4)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        lines.append("  " + "  ".join([*cells, row[-1]]))
    return "\n".join(lines) + "\n"


def _schema(args: argparse.Namespace, io: Streams) -> int:
    io.emit(args, scenario_schema_text(), what="the scenario's JSON Schema")
    return 0


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise MaintwinError(f"cannot read {path}: {exc.strerror or exc}") from None


def _events(feed: bytes) -> str:
    count = feed.count(b"\r\nBEGIN:VEVENT\r\n")
    return f"{count} event" + ("" if count == 1 else "s")


COMMANDS: dict[str, Command] = {
    "validate": _validate,
    "plan": _plan,
    "explain": _explain,
    "check": _check,
    "feed": _feed,
    "series": _series,
    "open-now": _open_now,
    "calendar": _calendar,
    "runbook": _runbook,
    "playbook": _playbook,
    "notices": _notices,
    "schema": _schema,
}
