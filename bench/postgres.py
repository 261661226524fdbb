"""Benchmark: PostgreSQL beside SQLite, and how many open pages one PostgreSQL server carries.

1. **Answers.** The room of ``bench/room.py`` (``--people`` processes, each a participant
   answering ``--answers`` times) on a SQLite file and on PostgreSQL, in the same run, twice:
   a burst (everyone as fast as they can, the worst case) and a room (a think time of 0 to
   2×``--think`` s between answers): answers per second, median and p95 of one answer saved
   (call to commit).
2. **Open pages.** ``--pages`` simulated open pages (default 500) on a server with
   ``max_connections=100`` (Debian's default). A page is what a kernel holds: one
   :class:`~betrokkenheid.store.Store` of its own. Each joins, then answers ``--page-answers``
   times with a think time of 0 to 2×``--page-think`` seconds, all pages at once (threads in
   a few processes, since 500 kernels do not fit one machine; the connections are real). Run
   twice: as the pages open their store (``pooled=False``: a connection per answer), and with
   a pool per page (``pooled=True``: each page keeps its connection, as before). Counted: the
   pages that could not join or lost an answer, the answers stored, and the most connections
   the server had at once (``pg_stat_activity``, sampled every 0.1 s).

Pages open over ``--ramp`` seconds (people do not all open theirs in the same instant). Last,
the same through Debian's pgbouncer (transaction pooling, 20 server connections), where it is
installed (``apt-get install pgbouncer``).

The server is a throwaway cluster (``tests/postgres.py``), or ``$BETROKKENHEID_TEST_POSTGRES``.
Goals (issue 14): the same answers stored on both; 500 open pages with max_connections=100.

Run: ``.venv/bin/python bench/postgres.py [--people 30] [--answers 60] [--pages 500]``
(about 2 to 3 minutes).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's package and its tests' cluster helper
sys.path.insert(0, str(ROOT / "bench"))

from room import answers_round, report_answers  # noqa: E402

TIMEOUT = 300.0  # s: bound on every wait for a process

PAGES = r"""
import json, random, sys, threading, time
sys.path.insert(0, sys.argv[1])
from betrokkenheid.store import Store
url, code, count, answers, think, pooled, seed, ramp = sys.argv[2:10]
count, answers, think, pooled = int(count), int(answers), float(think), pooled == "1"
results = []

def page(i):
    rng = random.Random(int(seed) * 1000 + i)
    stored, errors = 0, []
    time.sleep(rng.uniform(0, float(ramp)))  # people open their page over the first seconds
    try:
        store = Store(url, pooled=pooled)
        me = store.join(code, "teacher")
    except Exception as exc:
        error = type(exc).__name__ + ": " + str(exc)[:120]
        results.append({"joined": False, "stored": 0, "errors": [error]})
        return
    for n in range(answers):
        time.sleep(rng.uniform(0, 2 * think))  # a person reading and thinking
        try:
            store.save_answer(me, "triangle", f"item{n}", rng.randint(1, 5))
            stored += 1
        except Exception as exc:
            errors.append(type(exc).__name__ + ": " + str(exc)[:120])
    # the page stays open to the end: its store (and a pool's connection) lives on
    results.append({"joined": True, "stored": stored, "errors": errors, "store": store})

threads = [threading.Thread(target=page, args=(i,)) for i in range(count)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps([{k: v for k, v in r.items() if k != "store"} for r in results]), flush=True)
"""


def open_pages(
    url: str, pages: int, answers: int, think: float, pooled: bool, ramp: float, watch_url=None
) -> dict:
    """``pages`` open pages answering at once; their failures and the server's peak
    (``watch_url``: the server itself, when ``url`` goes through pgbouncer)."""
    import sqlalchemy

    from betrokkenheid import Store

    code = Store(url).create_session("Bench school", "betrokkenheidsboom", "baseline").code
    watcher = sqlalchemy.create_engine(watch_url or url, poolclass=sqlalchemy.pool.NullPool)
    peak, stop = [0], threading.Event()

    def watch():
        with watcher.connect() as conn:
            while not stop.wait(0.1):
                count = conn.exec_driver_sql(
                    "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                ).scalar()
                peak[0] = max(peak[0], count - 1)  # not this watcher's own
                conn.rollback()  # the statistics are a snapshot per transaction

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    per_process = 50
    procs = []
    started = time.perf_counter()
    for start in range(0, pages, per_process):
        n = min(per_process, pages - start)
        argv = [str(ROOT), url, code, str(n), str(answers), str(think), "1" if pooled else "0"]
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", PAGES, *argv, str(start), str(ramp)],
                stdout=subprocess.PIPE,
                text=True,
            )
        )
    reports = []
    try:
        for proc in procs:
            out, _ = proc.communicate(timeout=TIMEOUT)
            reports += json.loads(out)
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        stop.set()
        thread.join(timeout=5)
        watcher.dispose()
    wall = time.perf_counter() - started
    session = Store(url).session(code)
    return {
        "pages": pages,
        "joined": sum(r["joined"] for r in reports),
        "lost": sum(answers - r["stored"] for r in reports if r["joined"]),
        "errors": [e for r in reports for e in r["errors"]],
        "stored": len(Store(url).session_answers(session)),
        "expected": pages * answers,
        "peak": peak[0],
        "wall": wall,
    }


class Bouncer:
    """Debian's pgbouncer in front of the cluster: transaction pooling, 20 server connections,
    up to 1000 clients; as the ``postgres`` user (it refuses root), removed by :meth:`stop`."""

    def __init__(self, server_url: str, database: str):
        import shutil
        import socket
        from urllib.parse import quote

        from sqlalchemy.engine import make_url

        binary = shutil.which("pgbouncer") or "/usr/sbin/pgbouncer"
        if not Path(binary).exists():
            raise FileNotFoundError("pgbouncer (apt-get install pgbouncer)")
        server = make_url(server_url)
        self.folder = Path(tempfile.mkdtemp(prefix="btk-bench-bouncer-"))
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        (self.folder / "pgbouncer.ini").write_text(
            f"[databases]\n{database} = host=127.0.0.1 port={server.port} dbname={database} "
            f"user={server.username} password={server.password}\n"
            "[pgbouncer]\nlisten_addr = 127.0.0.1\n"
            f"listen_port = {self.port}\nunix_socket_dir =\nauth_type = trust\n"
            f"auth_file = {self.folder / 'users.txt'}\npool_mode = transaction\n"
            "max_client_conn = 1000\ndefault_pool_size = 20\n"
            "ignore_startup_parameters = options\n"
        )
        (self.folder / "users.txt").write_text(f'"{server.username}" ""\n')
        as_user = []
        if os.geteuid() == 0:
            import pwd

            owner = pwd.getpwnam("postgres")
            for path in (self.folder, *self.folder.iterdir()):
                os.chown(path, owner.pw_uid, owner.pw_gid)
            as_user = ["runuser", "-u", "postgres", "--"]
        self.process = subprocess.Popen(  # it logs every login: not into a pipe nobody reads
            [*as_user, binary, "--quiet", str(self.folder / "pgbouncer.ini")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.url = f"postgresql://{server.username}@127.0.0.1:{self.port}/{quote(database)}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until it takes connections (bounded)
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("pgbouncer did not start")

    def stop(self) -> None:
        import shutil

        if self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=30)
        shutil.rmtree(self.folder, ignore_errors=True)


def _new_database(url: str, name: str) -> str:
    """A new, empty database ``name`` on the server of ``url``; its URL."""
    import sqlalchemy

    engine = sqlalchemy.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}"')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    return str(sqlalchemy.engine.make_url(url).set(database=name).render_as_string(False))


def report_pages(result: dict, title: str) -> None:
    print(f"\n{title}")
    print(
        f"  {result['joined']} of {result['pages']} pages joined; answers stored "
        f"{result['stored']} of {result['expected']} ({result['lost']} lost by pages that "
        f"joined); at most {result['peak']} connections at once; {result['wall']:.0f} s"
    )
    for error in sorted(set(result["errors"]))[:3]:
        print(f"    error: {error}")
    ok = result["stored"] == result["expected"]
    print(f"  {'meets' if ok else 'MISSES'} the goal: every page answers, nothing lost")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--people", type=int, default=30)
    parser.add_argument("--answers", type=int, default=60)
    parser.add_argument("--think", type=float, default=0.5, help="mean s between answers (room)")
    parser.add_argument("--pages", type=int, default=500)
    parser.add_argument("--page-answers", type=int, default=6)
    parser.add_argument("--page-think", type=float, default=2.0)
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which pages open")
    args = parser.parse_args(argv)
    from tests import postgres

    url, cluster = postgres.start_or_find()
    if url is None:
        print("PostgreSQL is not installed (apt-get install postgresql)")
        return 1
    print(f"bench/postgres.py: {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f} at start")
    try:
        for think, how in (
            (0.0, "burst, no think time"),
            (args.think, f"room, think {args.think}"),
        ):
            with tempfile.TemporaryDirectory(prefix="btk-bench-pg-") as tmp:
                sqlite = answers_round(Path(tmp) / "room.sqlite", args.people, args.answers, think)
                report_answers(sqlite, f"SQLite: {args.people} people × {args.answers} ({how})")
            pg_room = postgres.new_schema(url, "bench_room")
            result = answers_round(pg_room, args.people, args.answers, think)
            report_answers(result, f"PostgreSQL: {args.people} people × {args.answers} ({how})")
        for pooled in (False, True):
            schema = f"bench_pages_{int(pooled)}"
            pages = open_pages(
                postgres.new_schema(url, schema),
                args.pages,
                args.page_answers,
                args.page_think,
                pooled,
                args.ramp,
            )
            how = "a pool per page (each keeps a connection)" if pooled else "no pool (pages)"
            report_pages(pages, f"{args.pages} open pages, max_connections=100, {how}")
        for schema in ("bench_room", "bench_pages_0", "bench_pages_1"):
            postgres.drop_schema(url, schema)
        try:
            bounced = _new_database(url, "bench_bouncer")
            bouncer = Bouncer(bounced, "bench_bouncer")
        except (FileNotFoundError, RuntimeError) as exc:
            print(f"\npgbouncer: not measured ({exc})")
        else:
            try:
                result = answers_round(bouncer.url, args.people, args.answers, 0.0)
                title = f"PostgreSQL through pgbouncer: {args.people} people × {args.answers}"
                report_answers(result, title)
                pages = open_pages(
                    bouncer.url,
                    args.pages,
                    args.page_answers,
                    args.page_think,
                    False,
                    args.ramp,
                    watch_url=bounced,
                )
                report_pages(pages, f"{args.pages} open pages through pgbouncer (20 server conn.)")
            finally:
                bouncer.stop()
    finally:
        if cluster is not None:
            cluster.stop()
    print(f"  load average {os.getloadavg()[0]:.1f} at the end (other work on this machine)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
