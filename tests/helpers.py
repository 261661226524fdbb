"""Small pieces that several test files share."""

import os
import signal
import subprocess

import pytest

STOP_TIMEOUT = 15  # seconds for a server's process group to end, after SIGTERM, then SIGKILL

# The columns of the tidy CSV and XLSX exports, as the issue names them (a literal on purpose:
# the exports must keep them, whatever the code says).
TIDY_HEADER = [
    "session",
    "school",
    "frame",
    "measurement",
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


def sqlite_only(backend: str, why: str) -> None:
    """Skip a test that checks what only SQLite has (a file, a PRAGMA) on PostgreSQL."""
    if backend != "sqlite":
        pytest.skip(f"SQLite only: {why}")
