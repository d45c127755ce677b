"""Reading scenarios from TOML and JSON (the I/O edge), with errors that name file and line.

A person in a scenario file may name leave calendars (``leave_calendar = { file = ...,
start = ..., end = ... }``, or a list of such tables): each is read here with
:func:`maintwin.ical.leave_from_ical` and its absences are added to the person's ``away``
before the scenario is validated, so that the model never holds a file name.
"""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any, Literal, TypeVar

from ._errors import FieldError, FileFormatError, InputError, MaintwinError
from ._model.base import Model
from ._model.schedule import DEFAULT_MAX_OCCURRENCES
from ._model.types import DayOrInstant
from ._zones import zone
from .ical._leave import read_leave

__all__ = ["line_of", "load_file", "parse_text"]

M = TypeVar("M", bound=Model)
Format = Literal["toml", "json"]


def load_file(path: str | Path, model: type[M]) -> M:
    """Read ``path`` (``.toml`` or ``.json``) into ``model``."""
    path = Path(path)
    kind: Format
    if path.is_dir():
        raise FileFormatError(str(path), "is a folder; expected a .toml or .json file")
    if path.suffix.lower() == ".toml":
        kind = "toml"
    elif path.suffix.lower() == ".json":
        kind = "json"
    else:
        raise FileFormatError(str(path), "unknown file type; expected a .toml or .json file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(str(path), f"cannot be read: {exc}") from None
    return parse_text(text, kind, str(path), model, directory=path.parent)


def parse_text(
    text: str | bytes,
    kind: Format,
    source: str,
    model: type[M],
    *,
    directory: str | Path | None = None,
) -> M:
    """Parse TOML or JSON ``text`` into ``model``; ``source`` names it in errors.

    Relative file names in the text (leave calendars) are read from ``directory``; without
    one, only absolute file names can be read.
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise FileFormatError(source, f"not UTF-8 text: {exc}") from None
    data: Any
    if kind == "toml":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            found = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
            problem = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc))
            line, column = (int(found[1]), int(found[2])) if found else (None, None)
            raise FileFormatError(
                source, f"invalid TOML: {problem}", line=line, column=column
            ) from None
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileFormatError(
                source, f"invalid JSON: {exc.msg}", line=exc.lineno, column=exc.colno
            ) from None
    if not isinstance(data, dict):
        raise FileFormatError(source, f"expected a table of fields at the top, got {data!r}")
    problems: list[FieldError] = []
    if "people" in model.model_fields:
        folder = Path(directory) if directory is not None else None
        problems = _read_leave_calendars(data, folder)
    try:
        result = model.model_validate(data)
    except InputError as exc:
        problems += exc.errors
    if not problems:
        return result
    lines = [line_of(text, e.loc) for e in problems] if kind == "toml" else None
    raise InputError(model.__name__, problems).with_source(source, lines) from None


# -- leave calendars -------------------------------------------------------------------------

_LEAVE = "leave_calendar"
_LEAVE_FORM = (
    'expected a table such as { file = "pto/dana.ics", start = 2027-01-01, '
    "end = 2028-01-01 }, or a list of such tables"
)


class LeaveCalendar(Model):
    """A person's leave calendar in a scenario file: an iCalendar file, and the horizon
    ``[start, end)`` over which its recurring events are expanded."""

    file: str
    start: DayOrInstant
    end: DayOrInstant


def _read_leave_calendars(data: dict[str, Any], folder: Path | None) -> list[FieldError]:
    """Replace each person's ``leave_calendar`` by the absences it holds, added to the
    person's ``away``; the problems found, as field errors."""
    people = data.get("people")
    if not isinstance(people, list):
        return []
    tz_name = data.get("timezone")
    policy = data.get("policy")
    limit = policy.get("max_occurrences") if isinstance(policy, dict) else None
    if not isinstance(limit, int) or isinstance(limit, bool) or limit < 1:
        limit = DEFAULT_MAX_OCCURRENCES
    problems: list[FieldError] = []
    for index, person in enumerate(people):
        if not isinstance(person, dict) or _LEAVE not in person:
            continue
        given = person.pop(_LEAVE)
        loc: tuple[str | int, ...] = ("people", index, _LEAVE)
        tables = given if isinstance(given, list) else [given]
        where = [(*loc, n) for n in range(len(tables))] if isinstance(given, list) else [loc]
        own = person.get("timezone", tz_name)
        try:
            timezone = zone(own).key if isinstance(own, str) else None
        except MaintwinError:
            timezone = None  # validation names the zone that is wrong
        absences: list[Any] = []
        for table, at in zip(tables, where, strict=True):
            found = _leave(table, at, timezone, folder, limit)
            if isinstance(found, FieldError):
                problems.append(found)
            else:
                absences += found
        away = person.get("away", [])
        if absences and isinstance(away, list):
            person["away"] = [*away, *absences]
    return problems


def _leave(
    table: Any, loc: tuple[str | int, ...], timezone: str | None, folder: Path | None, limit: int
) -> list[Any] | FieldError:
    """The absences of one leave calendar, or what is wrong with it."""
    if not isinstance(table, dict):
        return FieldError(loc, f"got {table!r}; {_LEAVE_FORM}", table)
    for key in ("file", "start", "end"):
        if key not in table:
            why = (
                "the iCalendar file to read"
                if key == "file"
                else "the calendar's recurring events are read over [start, end) only, so "
                "both are needed (dates, or date-times with a UTC offset)"
            )
            return FieldError((*loc, key), f"required field is missing: {why}", table)
    try:
        calendar = LeaveCalendar.model_validate(table)
    except InputError as exc:
        first = exc.errors[0]
        return FieldError((*loc, *first.loc), first.message, first.input)
    at = (*loc, "file")
    path = Path(calendar.file)
    if not path.is_absolute():
        if folder is None:
            return FieldError(
                at,
                f"{calendar.file!r} is a relative path, and this scenario was not read from a "
                "file; load the file with Scenario.load(path), give the folder to read it from "
                "(Scenario.from_toml(text, directory=...)), or give an absolute path",
                calendar.file,
            )
        path = folder / path
    try:
        data = path.read_bytes()
    except OSError as exc:
        return FieldError(
            at,
            f"cannot read {str(path)!r} ({exc.strerror or exc}); expected an iCalendar (.ics) "
            "file, its path relative to the folder of the scenario file",
            calendar.file,
        )
    if timezone is None:
        return []  # the scenario's or the person's zone is wrong, and validation says so
    try:
        absences = read_leave(
            data,
            start=calendar.start,
            end=calendar.end,
            timezone=timezone,
            source=calendar.file,
            max_occurrences=limit,
            setting="policy.max_occurrences",
        )
    except InputError as exc:  # the horizon: end not after start
        first = exc.errors[0]
        return FieldError((*loc, *first.loc), first.message, first.input)
    except MaintwinError as exc:  # the calendar cannot be read, or expands too far
        return FieldError(at, str(exc), calendar.file)
    return list(absences)


def _names(parts: list[str | int]) -> list[str]:
    """The leading names of ``parts``, up to the first index."""
    out: list[str] = []
    for part in parts:
        if not isinstance(part, str):
            break
        out.append(part)
    return out


def _key_line(lines: list[str], span: tuple[int, int], path: list[str]) -> int | None:
    """The line in ``span`` that sets the longest leading part of the dotted ``path``."""
    for length in range(len(path), 0, -1):
        names = [re.escape(n) for n in path[:length]]
        dotted = r"\s*\.\s*".join(rf"""(?:{n}|"{n}"|'{n}')""" for n in names)
        pattern = re.compile(rf"\s*{dotted}\s*" + ("=" if length == len(path) else "[=.]"))
        hit = next((n for n in range(*span) if pattern.match(lines[n])), None)
        if hit is not None:
            return hit + 1
    return None


_HEADER = re.compile(r"\s*(\[\[?)\s*([^\]]+?)\s*\]")


# What can open a multi-line string, skip a one-line string, or end the line's content.
_TOKEN = re.compile(r""""{3}|'{3}|"(?:[^"\\]|\\.)*"|'[^']*'|#""")


def _in_multiline_strings(lines: list[str]) -> list[int]:
    """The indices of lines that lie inside a TOML multi-line string (after its first line)."""
    inside: list[int] = []
    quote: str | None = None
    for index, line in enumerate(lines):
        if quote is not None:
            inside.append(index)
        pos = 0
        while pos < len(line):
            if quote is not None:  # look for the end of the multi-line string
                end = line.find(quote, pos)
                if end < 0:
                    break
                quote, pos = None, end + 3
                continue
            token = _TOKEN.search(line, pos)
            if token is None or token[0] == "#":
                break
            if token[0] in ('"""', "'''"):
                quote = token[0]
            pos = token.end()
    return inside


def _only_implied(headers: list[tuple[int, bool, str]], table: str, name: str) -> bool:
    """True when no header opens ``table`` but one opens its sub-table ``name`` or below."""
    inner = f"{table}.{name}"
    opened = {h[2] for h in headers}
    return table not in opened and any(h == inner or h.startswith(inner + ".") for h in opened)


def line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The 1-based line of a TOML file that holds the field at ``loc``, as well as it can tell.

    Follows ``[table]`` and ``[[array]]`` headers (sub-tables included) and ``key =`` lines
    (bare, quoted or dotted keys), skipping multi-line strings; a field inside an inline table
    or array is reported at the line of its key.
    """
    lines = text.splitlines()
    for index in _in_multiline_strings(lines):
        lines[index] = ""  # neither a header nor a key
    headers: list[tuple[int, bool, str]] = []  # (line index, is an array, dotted name)
    for index, line in enumerate(lines):
        match = _HEADER.match(line)
        if match:
            name = re.sub(r"\s*\.\s*", ".", match[2]).replace('"', "").replace("'", "")
            headers.append((index, match[1] == "[[", name))
    # The headers that belong to the current table, and the lines of its own keys.
    scope = headers
    own = (0, headers[0][0] if headers else len(lines))
    prefix = ""
    best: int | None = None
    parts = list(loc)
    while parts:
        key = parts.pop(0)
        if not isinstance(key, str):
            return best
        names = [key]
        dotted = f"{prefix}.{key}" if prefix else key
        # A table given only by its sub-tables' headers ([policy.cab] without [policy]).
        while parts and isinstance(inner := parts[0], str) and _only_implied(scope, dotted, inner):
            names.append(inner)
            dotted = f"{dotted}.{parts.pop(0)}"
        following = parts[0] if parts else None
        nth = following if isinstance(following, int) else None
        if nth is not None:
            parts.pop(0)
        wanted = [h for h in scope if h[2] == dotted and (nth is None or h[1])]
        if nth is not None and len(wanted) > nth:
            found = wanted[nth]
        elif nth is None and wanted:
            found = wanted[0]
        else:
            return _key_line(lines, own, [*names, *_names(parts)]) or best
        # The table runs to the next header that is neither inside it nor a sibling element.
        after = [h for h in scope if h[0] > found[0]]
        inside = []
        for header in after:
            if not header[2].startswith(dotted + "."):
                break
            inside.append(header)
        scope = inside
        own = (found[0] + 1, after[0][0] if after else len(lines))
        prefix = dotted
        best = found[0] + 1
    return best
