"""A throw-away Radicale CalDAV server for tests: a subprocess on 127.0.0.1, stopped by its pid.

:func:`radicale_server` writes a config file into a temporary directory (filesystem storage
there, ``auth type = none``, a rights file that lets anybody, anonymous included, read and
write everything, warnings only in the log), starts ``python -m radicale --config FILE`` on a
free port, waits until it answers HTTP and yields its base URL. On exit the process is sent
SIGTERM, waited for, and killed if it does not stop. Every wait has a timeout, so a server that
does not come up (or does not go down) fails the test instead of hanging it.

Each server is its own process: Radicale's parser (vobject) keeps one VTIMEZONE per TZID for
the whole process, so a fresh server also means a fresh time-zone cache.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

__all__ = ["RadicaleError", "radicale_server"]

START_TIMEOUT = 15.0  # seconds for the server to answer its first request
STOP_TIMEOUT = 5.0  # seconds for it to exit after SIGTERM (and again after SIGKILL)
POLL_INTERVAL = 0.05


class RadicaleError(RuntimeError):
    """Radicale did not start (or answer) in time; the message carries its stderr."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago (the OS picks it for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def write_config(directory: Path, port: int) -> Path:
    """Radicale's config (and rights file) for a server on ``port`` that stores in ``directory``.

    Option names are Radicale 3.9's (``radicale --help`` lists them as ``--section-option``).
    """
    rights = directory / "rights"
    rights.write_text(
        textwrap.dedent(
            """\
            # Anybody, anonymous users included (".*" matches ""), may read and write anything.
            [anybody]
            user: .*
            collection: .*
            permissions: RrWw
            """
        )
    )
    config = directory / "config"
    config.write_text(
        textwrap.dedent(
            f"""\
            [server]
            hosts = 127.0.0.1:{port}
            # A rejected request is answered at once, not after the default 1 s delay.
            delay_on_error = 0

            [auth]
            type = none

            [rights]
            type = from_file
            file = {rights}

            [storage]
            filesystem_folder = {directory / "collections"}

            [web]
            type = none

            [logging]
            level = warning
            """
        )
    )
    return config


def _answers(url: str) -> bool:
    """Whether an HTTP server answers ``url`` at all (any status counts as an answer)."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, method="OPTIONS"), timeout=1):
            return True
    except urllib.error.HTTPError:
        return True
    except OSError:
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop ``process`` by its pid: SIGTERM, wait, then SIGKILL and wait if it is still alive."""
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def radicale_server(directory: Path) -> Iterator[str]:
    """Run Radicale with its storage in ``directory``; yield its base URL, e.g. ``http://...:PORT/``.

    Raises :class:`RadicaleError` with the server's stderr if it exits early or does not
    answer within :data:`START_TIMEOUT` seconds.
    """
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = write_config(directory, port)
    url = f"http://127.0.0.1:{port}/"
    log = directory / "radicale.log"
    # stderr goes to a file, not a pipe: nobody reads a pipe while tests run, and a full pipe
    # would block the server.
    with log.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=stderr,
            stderr=stderr,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while not _answers(url):
            if process.poll() is not None:
                raise RadicaleError(
                    f"Radicale exited with {process.returncode} before answering {url}:\n"
                    + log.read_text(errors="replace")
                )
            if time.monotonic() > deadline:
                raise RadicaleError(
                    f"Radicale did not answer {url} within {START_TIMEOUT:.0f} s:\n"
                    + log.read_text(errors="replace")
                )
            time.sleep(POLL_INTERVAL)
        yield url
    finally:
        _stop(process)
