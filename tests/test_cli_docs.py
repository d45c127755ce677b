"""Every ``console`` example in README.md and docs/ is run, and its output compared.

A block holds commands (``$ maintwin ...``, run beside the repository's ``examples/``,
through the same ``main`` the installed command calls, standard output and error together as a
terminal shows them) each followed by what it prints. ``$ echo $?`` prints the exit status of
the command before it; a command that exits with another status than 0 must be followed by
one. A line ``...`` stands for any number of lines. ``python -m maintwin`` and the ``maintwin``
script themselves are run in tests/test_cli.py.
"""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import pytest

from maintwin._cli import main

ROOT = Path(__file__).resolve().parent.parent
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"^```console\n(.*?)^```", re.MULTILINE | re.DOTALL)


def _blocks(page: Path) -> list[tuple[int, str]]:
    """The console blocks of ``page``, each with the line it starts on."""
    text = page.read_text(encoding="utf-8")
    return [(text.count("\n", 0, m.start()) + 1, m[1]) for m in BLOCK.finditer(text)]


PAGES_WITH_EXAMPLES = [page for page in PAGES if _blocks(page)]


def _steps(block: str) -> list[tuple[str, list[str]]]:
    steps: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        elif steps:
            steps[-1][1].append(line)
        else:
            raise AssertionError(f"output before any command: {line!r}")
    return steps


def _matches(expected: list[str], got: list[str]) -> bool:
    """``expected`` against ``got``, line by line; a line ``...`` takes any number of lines."""
    if not expected:
        return not got
    if expected[0] == "...":
        return any(_matches(expected[1:], got[n:]) for n in range(len(got) + 1))
    return bool(got) and expected[0] == got[0] and _matches(expected[1:], got[1:])


class _Terminal(io.TextIOWrapper):
    """Text and bytes written to one place, in order, as on a terminal."""

    def __init__(self) -> None:
        super().__init__(io.BytesIO(), encoding="utf-8", write_through=True)

    def text(self) -> str:
        self.flush()
        raw = self.buffer
        assert isinstance(raw, io.BytesIO)
        return raw.getvalue().decode("utf-8")


def test_the_docs_have_console_examples() -> None:
    assert ROOT / "docs" / "cli.md" in PAGES_WITH_EXAMPLES


@pytest.mark.parametrize(
    "page", PAGES_WITH_EXAMPLES, ids=[p.relative_to(ROOT).as_posix() for p in PAGES_WITH_EXAMPLES]
)
def test_console_examples(page: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The blocks of one page, in order: a later one may read what an earlier one wrote. They
    run in a folder of their own (``examples/`` as in the repository), so that no file left by
    an earlier run changes what a command says."""
    (tmp_path / "examples").symlink_to(ROOT / "examples", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    for line, block in _blocks(page):
        _run(page.relative_to(ROOT).as_posix(), line, block)


def _run(page: str, line: int, block: str) -> None:
    status = 0
    steps = _steps(block)
    for n, (command, expected) in enumerate(steps):
        words = shlex.split(command)
        terminal = _Terminal()
        if words == ["echo", "$?"]:
            terminal.write(f"{status}\n")
        else:
            assert words[0] == "maintwin", f"{page}:{line}: only maintwin commands run: {command}"
            status = main(words[1:], stdout=terminal, stderr=terminal)
            shown = n + 1 < len(steps) and steps[n + 1][0] == "echo $?"
            assert status == 0 or shown, (
                f"{page}:{line}: $ {command} exits {status}: show it with '$ echo $?'"
            )
        got = [g.rstrip() for g in terminal.text().splitlines()]
        want = [w.rstrip() for w in expected]
        assert _matches(want, got), (
            f"{page}:{line}: $ {command}\n--- expected\n"
            + "\n".join(want)
            + "\n--- got\n"
            + "\n".join(got)
        )
