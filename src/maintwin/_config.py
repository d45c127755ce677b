"""Reading scenarios from TOML and JSON (the I/O edge), with errors that name file and line."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path
from typing import Any, Literal, TypeVar

from ._errors import FileFormatError, InputError
from ._model import Model

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
        text = text.decode("utf-8")
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


def line_of(text: str, loc: tuple[str | int, ...]) -> int | None:
    """The 1-based line of a TOML file that holds the field at ``loc``, as well as it can tell.

    Follows ``[table]`` and ``[[array]]`` headers and ``key =`` lines; a field inside an inline
    table or array is reported at the line of its key.
    """
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if re.match(r"\s*\[", line)]
    lo, hi = 0, headers[0] if headers else len(lines)
    prefix: list[str] = []
    best: int | None = None
    parts = list(loc)
    i = 0
    while i < len(parts):
        key = parts[i]
        if not isinstance(key, str):
            return best
        dotted = re.escape(".".join([*prefix, key]))
        following = parts[i + 1] if i + 1 < len(parts) else None
        nth = following if isinstance(following, int) else None
        tables = [h for h in headers if re.match(rf"\s*\[\[\s*{dotted}\s*\]\]", lines[h])]
        if nth is not None and len(tables) > nth:
            start = tables[nth]
            lo, hi = start + 1, next((h for h in headers if h > start), len(lines))
            best = start + 1
            prefix.append(key)
            i += 2
            continue
        table = next((h for h in headers if re.match(rf"\s*\[\s*{dotted}\s*\]", lines[h])), None)
        if table is not None:
            lo, hi = table + 1, next((h for h in headers if h > table), len(lines))
            best = table + 1
            prefix.append(key)
            i += 1
            continue
        pattern = re.compile(rf"\s*{re.escape(key)}\s*=")
        hit = next((n for n in range(lo, hi) if pattern.match(lines[n])), None)
        return hit + 1 if hit is not None else best
    return best
