"""Small pieces that several test files and the benches share (bench/_browser.py)."""

import os
import signal
import socket
import subprocess
import time

CHROMIUM = "/usr/bin/chromium"  # Debian's; never a browser downloaded by Playwright
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STOP_TIMEOUT = 15  # seconds for a server's process group to end, after SIGTERM, then SIGKILL

# The columns of the tidy CSV and XLSX exports, as the issue names them (a literal on purpose:
# the exports must keep them, whatever the code says).
TIDY_HEADER = [
    "session",
    "school",
    "frame",
    "measurement",
    "baseline",
    "participant",
    "role",
    "role_name",
    "exercise",
    "item",
    "question",
    "value",
    "text",
    "answered_at",
]


def stop_group(process: subprocess.Popen) -> None:
    """Stop a server started in a session of its own, with everything it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 15.0, what: str = "condition", every: float = 0.05):
    """Poll ``condition`` until it gives something true (bounded by ``timeout`` seconds);
    return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def sqlite_only(backend: str, why: str) -> None:
    """Skip a test that checks what only SQLite has (a file, a PRAGMA) on PostgreSQL."""
    import pytest

    if backend != "sqlite":
        pytest.skip(f"SQLite only: {why}")
