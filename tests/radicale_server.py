"""A throw-away Radicale CalDAV server for tests: a subprocess on 127.0.0.1, stopped by its pid.

:func:`radicale_server` writes a config file into a temporary directory (filesystem storage
there, ``auth type = none``, a rights file that lets anybody, anonymous included, read and
write everything, warnings only in the log), starts ``python -m radicale --config FILE`` on a
free port, waits until it answers as a CalDAV server and yields its base URL. On exit the
process is sent SIGTERM, waited for, and killed if it does not stop. Every wait has a timeout,
so a server that does not come up (or does not go down) fails the test instead of hanging it.

Each server is its own process: Radicale's parser (vobject) keeps one VTIMEZONE per TZID for
the whole process, so a fresh server also means a fresh time-zone cache.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

__all__ = ["RadicaleError", "radicale_server"]

START_TIMEOUT = 15.0  # seconds for the server to answer its first request
STOP_TIMEOUT = 5.0  # seconds for it to exit after SIGTERM (and again after SIGKILL)
POLL_INTERVAL = 0.05


class RadicaleError(RuntimeError):
    """Radicale exited or did not answer in time; the message carries its log."""


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
            # A server error (5xx) is answered at once, not after the default 1 s delay.
            delay_on_error = 0

            [auth]
            type = none
            # caldav's first request carries no credentials; Radicale would answer its 401
            # after a 1 s delay.
            delay = 0

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


# Straight to 127.0.0.1, whatever HTTP_PROXY says.
_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _answers(url: str) -> bool:
    """Whether a CalDAV server answers ``url``: its OPTIONS reply announces ``calendar-access``
    (so some other server that happens to hold the port does not count)."""
    try:
        with _DIRECT.open(urllib.request.Request(url, method="OPTIONS"), timeout=1) as reply:
            return "calendar-access" in reply.headers.get("DAV", "")
    except OSError:  # refused, reset, timed out, or an HTTP error status
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop ``process`` by its pid: SIGTERM, wait, then SIGKILL and wait if it is still alive.

    (``Popen.terminate`` and ``kill`` signal ``process.pid``, and only while it has not been
    reaped, so a recycled pid is never hit.)
    """
    process.terminate()
    try:
        process.wait(timeout=STOP_TIMEOUT)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=STOP_TIMEOUT)


@contextlib.contextmanager
def radicale_server(directory: Path) -> Iterator[str]:
    """Run Radicale with its storage in ``directory``; yield its base URL, e.g. ``http://...:PORT/``.

    Raises :class:`RadicaleError` with the server's log if it exits early or does not
    answer within :data:`START_TIMEOUT` seconds.
    """
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    config = write_config(directory, port)
    url = f"http://127.0.0.1:{port}/"
    log = directory / "radicale.log"
    # The output goes to a file, not a pipe: nobody reads a pipe while tests run, and a full
    # pipe would block the server. --config replaces the default /etc and ~/.config files.
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "radicale", "--config", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=output,
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
