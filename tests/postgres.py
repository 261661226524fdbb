"""A throwaway PostgreSQL cluster for the tests.

``BETROKKENHEID_TEST_POSTGRES`` may name a server to use instead (a URL of a database the tests
may fill and empty). Otherwise, where Debian's PostgreSQL is installed (``.ci/run`` installs
it), one cluster is made for the run: ``initdb`` in a temporary folder (as the ``postgres``
user when the tests run as root, since PostgreSQL refuses to run as root), on a free port of
127.0.0.1, with a password, and removed when the run ends.

Each test gets a schema of its own in that database, named in its URL (``search_path``), so
tests start empty without the cost of a new database.

``python tests/postgres.py`` starts a cluster, prints its URL and keeps it until Ctrl+C.
"""

from __future__ import annotations

import glob
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

URL_ENV = "BETROKKENHEID_TEST_POSTGRES"
START_TIMEOUT = 60  # seconds for a new cluster to accept connections
USER = "btk"


def _binaries() -> Path | None:
    """The folder of ``initdb`` and ``postgres``: Debian's newest, or the ones on PATH."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _version(path: str) -> int:
    try:
        return int(Path(path).parts[-3])
    except ValueError:
        return 0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster of its own in a temporary folder; :meth:`stop` removes it."""

    def __init__(self, binaries: Path):
        self.folder = Path(tempfile.mkdtemp(prefix="btk-postgres-"))
        self.port = _free_port()
        self.password = secrets.token_urlsafe(12)
        self.as_user: list[str] = []
        if os.geteuid() == 0:  # PostgreSQL will not run as root
            import pwd

            owner = pwd.getpwnam("postgres")
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
            self.as_user = ["runuser", "-u", "postgres", "--"]
        data = self.folder / "data"
        secret = self.folder / "password"
        secret.write_text(self.password)
        if self.as_user:
            os.chown(secret, owner.pw_uid, owner.pw_gid)
        self._run(
            binaries / "initdb",
            "-D",
            data,
            "-U",
            USER,
            "--pwfile",
            secret,
            "--auth=scram-sha-256",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        secret.unlink()
        command = [
            *self.as_user,
            str(binaries / "postgres"),
            "-D",
            str(data),
            "-p",
            str(self.port),
            "-k",
            str(self.folder),  # its socket stays in our folder, never in /var/run
            "-c",
            "listen_addresses=127.0.0.1",
            "-c",
            "fsync=off",
            "-c",
            "max_connections=100",  # Debian's default: the tests must live within it
        ]
        self.log = open(self.folder / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            command, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.url = f"postgresql://{USER}:{quote(self.password)}@127.0.0.1:{self.port}/postgres"
        self._wait()

    def _run(self, *command) -> None:
        subprocess.run(
            [*self.as_user, *map(str, command)],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            timeout=120,
        )

    def _wait(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                break
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
            except OSError:
                time.sleep(0.1)  # polling a port that is not open yet; bounded by the deadline
                continue
            if _accepts(self.url):
                return
            time.sleep(0.1)
        log = (self.folder / "server.log").read_text(errors="replace")[-3000:]
        self.stop()
        raise RuntimeError(f"PostgreSQL did not start:\n{log}")

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        if self.process.poll() is None:
            self.process.terminate()  # smart shutdown: fast enough for a test cluster
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _accepts(url: str) -> bool:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    try:
        with engine.connect():
            return True
    except sqlalchemy.exc.OperationalError:  # still starting up
        return False
    finally:
        engine.dispose()


def new_schema(url: str, name: str) -> str:
    """Make an empty schema ``name`` in the database of ``url``; the URL that uses it."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        conn.exec_driver_sql(f'CREATE SCHEMA "{name}"')
    engine.dispose()
    joiner = "&" if "?" in url else "?"
    return f"{url}{joiner}options={quote(f'-csearch_path={name}')}"


def drop_schema(url: str, name: str) -> None:
    """Remove a schema that :func:`new_schema` made, with its tables."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    with engine.begin() as conn:
        conn.exec_driver_sql(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
    engine.dispose()


def start_or_find():
    """``(url, cluster)``: the server named in the environment (cluster ``None``), a new
    throwaway cluster, or ``(None, None)`` where PostgreSQL is not installed."""
    if os.environ.get(URL_ENV):
        return os.environ[URL_ENV], None
    binaries = _binaries()
    if binaries is None:
        return None, None
    cluster = Cluster(binaries)
    return cluster.url, cluster


if __name__ == "__main__":  # pragma: no cover - a developer's tool
    url, cluster = start_or_find()
    if url is None:
        raise SystemExit("PostgreSQL is not installed (apt-get install postgresql)")
    print(url, flush=True)
    try:
        if cluster:
            cluster.process.wait()
    except KeyboardInterrupt:
        pass
    finally:
        if cluster:
            cluster.stop()
