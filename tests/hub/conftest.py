"""A real JupyterHub with configurable-http-proxy and rooms on PostgreSQL, and Chromium."""

import os
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from ..helpers import CHROMIUM, CHROMIUM_ARGS, free_port, stop_group

START_TIMEOUT = 60  # seconds for the hub and its proxy to answer


def _missing(what: str, how: str):
    if os.environ.get("CI"):
        pytest.fail(f"{what} is missing; {how}")
    pytest.skip(f"{what} is missing ({how})")


class Hub:
    """``betrokkenheid hub`` in a process group of its own, on a free port of 127.0.0.1, with
    its state in a folder of its own."""

    def __init__(self, db: str, folder: Path, admin: str = "admin"):
        self.db = db
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.admin = admin
        env = dict(os.environ, XDG_DATA_HOME=str(folder / "data"))
        env.pop("BETROKKENHEID_DB", None)  # the rooms get the hub's --db, nothing else
        cli = Path(sys.executable).with_name("betrokkenheid")
        command = [
            str(cli),
            "hub",
            "--db",
            db,
            "--port",
            str(self.port),
            "--ip",
            "127.0.0.1",
            "--admin",
            admin,
            "--public-url",
            f"{self.url}/",
        ]
        self.log_path = folder / "hub.log"
        with open(self.log_path, "wb") as log:
            self.process = subprocess.Popen(
                command,
                cwd=folder,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def _wait(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with urllib.request.urlopen(f"{self.url}/hub/health", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)  # polling a port that is not open yet; bounded by the deadline
        self.stop()
        raise RuntimeError("the hub did not start:\n" + self.log()[-4000:])

    def stop(self) -> None:
        stop_group(self.process)


@pytest.fixture(scope="module")
def rooms_db(postgres_url):
    """A fresh, empty PostgreSQL schema for the hub's rooms; its URL."""
    from .. import postgres

    url = postgres.new_schema(postgres_url, "hub_rooms")
    yield url
    postgres.drop_schema(postgres_url, "hub_rooms")


@pytest.fixture(scope="module")
def hub(rooms_db, tmp_path_factory):
    from betrokkenheid.errors import InputError
    from betrokkenheid.hub import find_proxy

    try:
        find_proxy()
    except InputError:
        _missing("configurable-http-proxy", "make test runs npm ci")
    running = Hub(rooms_db, tmp_path_factory.mktemp("hub"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import expect

    expect.set_options(timeout=30_000)
    if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
        _missing("chromium", ".ci/run installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
