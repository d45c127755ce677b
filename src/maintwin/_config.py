"""Reading scenarios from TOML and JSON (the I/O edge), with errors that name file and line."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any, Literal, TypeVar

from ._errors import FileFormatError, InputError
from ._model.base import Model

__all__ = ["line_of", "load_file", "parse_text"]

M = TypeVar("M", bound=Model)
Format = Literal["toml", "json"]


def load_file(path: str | Path, model: type[M]) -> M:
    """Read ``path`` (``.toml`` or ``.json``) into ``model``."""
    path = Path(path)
    kind: Format
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
    return parse_text(text, kind, str(path), model)


def parse_text(text: str | bytes, kind: Format, source: str, model: type[M]) -> M:
    """Parse TOML or JSON ``text`` into ``model``; ``source`` names it in errors."""
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
    try:
        return model.model_validate(data)
    except InputError as exc:
        lines = [line_of(text, e.loc) for e in exc.errors] if kind == "toml" else None
        raise exc.with_source(source, lines) from None


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
