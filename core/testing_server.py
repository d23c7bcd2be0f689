"""A gunicorn server for tests that need a real one (scale-out, crashes inside a served request, the
browser journeys, the load test), and a small HTTP client for it.

Standard library only and no Django import: the browser journeys run without Django's pytest
plugin, and loadtest/run.py outside pytest. Failures raise ``ServerError`` with the end of the
server's log.
"""

from __future__ import annotations

import contextlib
import io
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Sequence
from http.cookiejar import CookieJar
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
START_TIMEOUT = 180  # seconds; a busy 2-core machine boots Django slowly
REQUEST_TIMEOUT = 120


class ServerError(RuntimeError):
    """The server exited or did not answer in time."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(
    env: dict[str, str],
    log: Path,
    *,
    app: str = "koffset.wsgi",
    workers: int = 1,
    threads: int = 1,
    timeout: int = 300,
    port: int | None = None,
    options: Sequence[str] = (),
) -> tuple[subprocess.Popen, str]:
    """Start gunicorn on 127.0.0.1 (on a free port unless ``port`` is given); returns (the arbiter's
    process, the base URL). ``options`` are further gunicorn flags, e.g. ``--preload``.

    One thread means gunicorn's sync worker. Call ``wait_until_ready`` before the first request.
    """
    port = port or free_port()
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        str(timeout),
    ]
    if threads > 1:
        command += ["--threads", str(threads)]
    command += options
    with log.open("w") as log_file:
        process = subprocess.Popen(  # noqa: S603 - our own gunicorn, arguments built here
            command,
            cwd=PROJECT_DIR,
            env=env,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: `stop` ends the arbiter and its workers
        )
    return process, f"http://127.0.0.1:{port}"


def wait_until_ready(
    base_url: str, process: subprocess.Popen, log: Path, *, timeout: float = START_TIMEOUT
) -> None:
    """Poll /healthz until it answers 200."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"The server exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            # The test's own server on 127.0.0.1, over http.
            with urllib.request.urlopen(base_url + "/healthz", timeout=5) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.25)  # polling interval while the server boots
    raise ServerError(
        f"{base_url} did not answer /healthz within {timeout:.0f} s:\n{log.read_text()[-3000:]}"
    )


def stop(process: subprocess.Popen, *, graceful: bool = True) -> None:
    """Stop the arbiter and its workers: politely, then by force.

    ``graceful=False`` is gunicorn's quick shutdown (SIGINT), for a server with no request in flight.
    """
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM if graceful else signal.SIGINT)
        process.wait(timeout=30)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


class Browser:
    """urllib with a cookie jar (Django's test client cannot cross processes)."""

    def __init__(self):
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def request(self, method, url, *, data=None, headers=None):
        """(status, final URL, headers, body bytes); 4xx and 5xx answers are returned, not raised."""
        request = urllib.request.Request(  # noqa: S310 - URLs of the test's own server
            url, data=data, method=method, headers={"Accept-Language": "en", **(headers or {})}
        )
        try:
            with self.opener.open(request, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.geturl(), response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.geturl(), error.headers, error.read()


def multipart(fields: dict[str, str], files: dict[str, tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its Content-Type; ``files`` maps a field to (name, type, bytes)."""
    boundary = secrets.token_hex(16)
    body = io.BytesIO()
    for name, value in fields.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, (filename, content_type, content) in files.items():
        body.write(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
        )
        body.write(content + b"\r\n")
    body.write(f"--{boundary}--\r\n".encode())
    return body.getvalue(), f"multipart/form-data; boundary={boundary}"
