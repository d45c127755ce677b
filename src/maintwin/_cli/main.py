"""``maintwin``'s entry point: parse, run the subcommand, turn errors into messages.

Exit status: 0 all is well; 1 the answer is "no" (error-level conflicts, no window open); 2 a
usage error or bad input (the message says what, where, and what would be accepted). The
library's errors are printed as their messages, never as tracebacks.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TextIO

from .._errors import MaintwinError
from .commands import COMMANDS, Streams
from .parser import parser

__all__ = ["main"]


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run ``maintwin`` with ``argv`` (default: the process's arguments); the exit status."""
    io = Streams(stdout or sys.stdout, stderr or sys.stderr)
    grammar = parser(io.stdout, io.stderr)
    try:
        args = grammar.parse_args(argv, namespace=None)
    except SystemExit as exc:  # usage errors (2), --help and --version (0)
        return exc.code if isinstance(exc.code, int) else 2
    try:
        return COMMANDS[args.command](args, io)
    except SystemExit as exc:  # a usage error found once the scenario is read
        return exc.code if isinstance(exc.code, int) else 2
    except MaintwinError as exc:
        io.stderr.write(f"maintwin {args.command}: error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        io.stderr.write("\nmaintwin: interrupted\n")
        return 130
    except BrokenPipeError:  # the reader went away (| head): nothing more to say
        _quiet(io.stdout)
        return 141  # as a shell reports a command stopped by SIGPIPE
    except OSError as exc:  # standard output cannot be written (a full disk, a closed file)
        io.stderr.write(f"maintwin {args.command}: error: cannot write the output: {exc}\n")
        return 2


def _quiet(stdout: TextIO) -> None:
    """Point the process's standard output at the null device, when ``stdout`` is it, so that
    the flush at exit does not complain of the pipe a second time."""
    if stdout is not sys.__stdout__:
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stdout.fileno())
    except (OSError, ValueError):
        pass
