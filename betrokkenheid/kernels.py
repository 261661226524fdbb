"""Page kernels forked from one warm process: a page's kernel is ready at once and shares
the memory of what every page imports.

A plain kernel is a new Python process that imports ipykernel, ipywidgets, numpy,
matplotlib, pandas and the workbook before it can make its page: about 2 s, and about
100 MiB for each person with a page open. Under ``betrokkenheid serve`` (alone or under a
hub) a *fork server* imports all of that once, when the room starts (:data:`PRELOAD`), walks
a day page once (:func:`_rehearse`), and then only forks: a forked kernel begins
with everything imported, and the pages it never writes to stay shared with the fork server
and with the other kernels (copy-on-write; ``gc.freeze`` keeps Python's collector from
touching them).

* :class:`ForkProvisioner` is the room's kernel provisioner (jupyter_client's entry point
  ``betrokkenheid-fork``). It asks the fork server for a kernel with the arguments,
  environment and folder that Jupyter would give a new process, and manages the forked
  process by its PID (signals, interrupt, kill) like jupyter_client's own provisioner does.
  Where there is no fork server (another system than Linux, a server that did not start one,
  a kernel of another Python) it starts the kernel the usual way.
* The fork server listens on a Unix socket in a folder only this user may enter, and serves
  nobody else. It is started with the environment the kernels get (the hub's secrets were
  taken out before), since a forked kernel could read it. It stops when the room's server
  stops (its standard input closes); a kernel stops when the fork server does.
* In ``ps`` and ``top`` the fork server is named ``btk-forks``, each kernel ``btk-kernel``
  and the spare (below) ``btk-spare``; the room's log names each kernel's process.
* It is on by default (on Linux): ``BETROKKENHEID_FORKS=off`` in the room's environment
  turns it off, and kernels start the usual way.
* The fork server keeps one kernel forked and started ahead, a *spare*, listening on ports
  of its own: a page's first request takes it (its manager takes those ports), and a new spare
  starts behind it. A request that comes while none is ready gets a new fork; a restarted
  kernel too (it keeps the ports its page knows).
* The room's server waits for a page's kernel with :class:`QuickClient`; a forked kernel
  answers with its PID only once its sockets are bound, so that the server's client connects
  at the first try, and it greets every new listener on its output channel (ZeroMQ's
  ``XPUB_VERBOSE``), so that the server and the browser know at once that they hear it.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.connect import LocalPortCache, port_names
from jupyter_client.provisioning import LocalProvisioner

__all__ = [
    "FORKS_ENV",
    "PRELOAD",
    "ForkProvisioner",
    "Forks",
    "QuickClient",
    "start_forks",
    "stop_forks",
]

#: What the fork server imports before it forks (the modules of every page and its pictures).
PRELOAD = (
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.zmqshell",
    "ipykernel.debugger",  # debugpy, and what else a kernel imports as it starts
    "IPython.core.completerlib",
    "IPython.core.debugger",
    "IPython.core.oinspect",
    "IPython.extensions.storemagic",
    "psutil",
    "sqlite3",
    "tornado.platform.asyncio",
    "tornado.queues",
    "ipywidgets",
    "numpy",
    "pandas",
    "matplotlib.figure",
    "matplotlib.backends.backend_agg",
    "matplotlib.backends.backend_svg",
    "matplotlib_inline.backend_inline",
    "sqlalchemy",
    "networkx",
    "segno",
    "betrokkenheid.ui.day_page",
    "betrokkenheid.ui.start_page",
    "betrokkenheid.ui.dashboard_page",
    "betrokkenheid.ui.parents_page",
    "betrokkenheid.ui.children_page",
    "betrokkenheid.ui.paper_page",
)
FORKS_ENV = "BETROKKENHEID_FORKS"  # "off": kernels start the usual way; otherwise a fork server
LAUNCH_WAIT = 60  # seconds a kernel's request may wait for the fork server (busy at its start)
_NAME_SERVER, _NAME_KERNEL, _NAME_SPARE = b"btk-forks", b"btk-kernel", b"btk-spare"
_log = logging.getLogger(__name__)


class Forks:
    """The fork server of this room's server, seen from the server: start, ask, stop."""

    def __init__(self, env: dict[str, str] | None = None):
        self.folder = tempfile.mkdtemp(prefix="btk-forks-")  # mode 0700: this user only
        self.path = os.path.join(self.folder, "socket")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "betrokkenheid.kernels", self.path],
            stdin=subprocess.PIPE,  # closed when this process ends: the fork server stops
            env=dict(os.environ if env is None else env),
        )

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    async def fork(
        self, args: list[str], env: dict[str, str], cwd: str | None, spare: bool = True
    ) -> tuple[int, dict | None]:
        """A new kernel with ``args`` (ipykernel's, after ``-m ipykernel_launcher``): its PID,
        and its connection when it is the fork server's spare (``spare=False``: never that),
        which listens on ports of its own instead of those in ``args``' connection file."""
        request = {"args": args, "env": env, "cwd": cwd, "spare": spare}
        request = json.dumps(request).encode() + b"\n"

        async def ask() -> tuple[int, dict | None]:
            reader, writer = await asyncio.open_unix_connection(self.path)
            try:
                writer.write(request)
                await writer.drain()
                line = await reader.readline()
            finally:
                writer.close()
            answer = json.loads(line) if line else {"error": "the kernel ended as it started"}
            if "pid" not in answer:
                raise OSError(answer.get("error", "the fork server did not answer"))
            return int(answer["pid"]), answer.get("connection")

        deadline = asyncio.get_running_loop().time() + LAUNCH_WAIT
        while True:  # the socket is there a moment after the fork server started
            try:
                return await asyncio.wait_for(ask(), LAUNCH_WAIT)
            except (FileNotFoundError, ConnectionRefusedError):
                if not self.alive or asyncio.get_running_loop().time() > deadline:
                    raise
                await asyncio.sleep(0.05)

    def stop(self) -> None:
        if self.alive:
            self.process.stdin.close()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)  # its socket, a starting spare's file


_forks: Forks | None = None


def start_forks(env: dict[str, str] | None = None) -> Forks | None:
    """Start this process's fork server (on Linux, unless ``$BETROKKENHEID_FORKS`` is
    ``off``; else ``None``: kernels start the usual way). ``env`` is the kernels'
    environment, by default this process's."""
    global _forks
    if not sys.platform.startswith("linux") or os.environ.get(FORKS_ENV) == "off":
        return None
    if _forks is None or not _forks.alive:
        _forks = Forks(env)
    return _forks


def stop_forks() -> None:
    global _forks
    if _forks is not None:
        _forks.stop()
        _forks = None


class _Forked:
    """A forked kernel, managed by its PID as ``subprocess.Popen`` manages its child (it is
    the fork server's child, which reaps it: a PID that is gone has ended)."""

    def __init__(self, pid: int):
        self.pid = pid
        self._started = _start_time(pid)
        self.returncode = None
        self.stdin = self.stdout = self.stderr = None

    def poll(self):
        if self.returncode is None and _start_time(self.pid) != self._started:
            self.returncode = -signal.SIGKILL if self._started is None else 0
        return self.returncode

    def wait(self, timeout=None):
        return self.poll()

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            os.kill(self.pid, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _start_time(pid: int) -> str | None:
    """When process ``pid`` started (from /proc), so that a PID used again is not taken for
    the kernel; ``None`` when there is no such process or it has ended."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return None if fields[0] in ("Z", "X") else fields[19]


def _kernel_args(cmd: list[str]) -> list[str] | None:
    """ipykernel's arguments in ``cmd`` when it starts this Python's ipykernel, else None."""
    if len(cmd) > 3 and cmd[1:3] == ["-m", "ipykernel_launcher"]:
        if os.path.realpath(cmd[0]) == os.path.realpath(sys.executable) or cmd[0] == "python":
            return cmd[3:]
    return None


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with kernels forked from the room's fork server."""

    spare = False  # whether its kernel was the fork server's spare (on ports of its own)
    _launched = False

    async def launch_kernel(self, cmd: list[str], **kwargs):
        args = _kernel_args(cmd)
        forks = _forks
        if forks is None or not forks.alive or args is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        first = not self._launched  # a restart keeps its ports: no spare
        self._launched = True
        try:
            pid, connection = await forks.fork(args, env, cwd, spare=first)
        except (OSError, ValueError, asyncio.TimeoutError) as error:
            self.log.warning("betrokkenheid: no kernel from the fork server (%s)", error)
            return await super().launch_kernel(cmd, **kwargs)
        self.spare = connection is not None
        if self.spare:  # the spare: its own ports, and those chosen for it are free again
            cache = LocalPortCache.instance()
            for name in port_names:
                cache.return_port(self.connection_info.get(name))
            self.connection_info = {**connection, "key": connection["key"].encode()}
        self.process = _Forked(pid)
        self.pid = self.pgid = pid  # the kernel leads a process group of its own
        self.cwd = cwd
        how = "the spare, " if self.spare else ""
        self.log.info(
            "betrokkenheid: kernel %s runs as process %d (%sforked)", self.kernel_id, pid, how
        )
        return self.connection_info


class QuickClient(AsyncKernelClient):
    """jupyter_client's client, ready as soon as the kernel has answered and its output is
    heard. jupyter_client then also listens until the kernel has been silent for 0.2 s: on
    every page, 0.2 s of the 0.45 s the server took before the browser could start. Here
    what came before is dropped at once; a page's outputs are told apart by the request they
    answer anyway (nbclient)."""

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            self.kernel_info()
            try:
                reply = await self.shell_channel.get_msg(timeout=1)
                if reply["msg_type"] == "kernel_info_reply":
                    await self.iopub_channel.get_msg(timeout=0.2)  # its output is heard too
                    self._handle_kernel_info_reply(reply)
                    break
            except Empty:
                pass
            if not await self._async_is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if deadline is not None and time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:.0f} seconds")
        while await self.iopub_channel.msg_ready():
            await self.iopub_channel.get_msg()


# -- the fork server ------------------------------------------------------------------------
def _name(title: bytes) -> None:
    """The process's name in ``ps -o comm`` and ``top`` (Linux: prctl PR_SET_NAME)."""
    try:
        import ctypes

        ctypes.CDLL(None).prctl(15, ctypes.c_char_p(title), 0, 0, 0)
    except (OSError, AttributeError):  # pragma: no cover - not Linux
        pass


def _warm() -> None:
    """Import what pages need, then rehearse a day page (:func:`_rehearse`)."""
    import importlib

    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")  # debugpy: no frozen-module note
    for module in PRELOAD:
        try:
            importlib.import_module(module)
        except ImportError as error:  # pragma: no cover - an optional part not installed
            _log.warning("betrokkenheid fork server: %s not preloaded (%s)", module, error)
    try:
        _rehearse()
    except Exception:  # noqa: BLE001 - without it kernels are only slower to their first page
        _log.exception("betrokkenheid fork server: the rehearsal failed")


def _rehearse() -> None:
    """Walk a day page once, on a throwaway database: three people's answers, every step in
    Dutch and English, my picture and the team's.

    What a page runs for the first time (imports inside functions, fonts, matplotlib's caches,
    the interpreter's specialised bytecode) is then done here once, in memory every kernel
    shares, instead of in each kernel: its first page is quicker and it writes less of its own.
    Outside a kernel the widgets have no comm to speak through; they are closed afterwards,
    and the comm manager they used is dropped, so that a kernel starts with none of them.
    """
    import random

    import ipywidgets

    from . import Store, load_frame
    from .demo import answer_everything
    from .ui import DayPage

    store = Store("sqlite://")
    try:
        frame = load_frame("betrokkenheidsboom")
        session = store.create_session("-", frame.id, "baseline")
        people = [store.join(session.code, "teacher", "nl") for _ in range(3)]
        rng = random.Random(0)
        for number, me in enumerate(people):
            answer_everything(store, me, frame, rng, number)
        day = DayPage(store, people[0].code, "nl")
        for lang, step in (("nl", day.next), ("en", day.back)):
            day.model.language = lang
            while True:
                for view in ("team", "me"):
                    day.page.view = view
                    day.page.redraw()
                if not step():
                    break
    finally:
        ipywidgets.Widget.close_all()
        store.engine.dispose()
        ipkernel = sys.modules.get("ipykernel.ipkernel")
        if ipkernel is not None and hasattr(ipkernel, "_comm_manager"):
            ipkernel._comm_manager = None


def _serve(path: str) -> None:
    """Listen on ``path``; for each request hand over the spare kernel or fork one; stop when
    standard input closes."""
    _name(_NAME_SERVER)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)  # first, so that requests wait while the imports run
    listener.listen(64)
    _warm()
    gc.collect()
    gc.freeze()  # what is here now is never touched by the collector: it stays shared
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # ended kernels are reaped by the system
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is for the room's server
    if threading.active_count() > 1:  # pragma: no cover - a fork would lose those threads
        _log.warning("betrokkenheid fork server: threads running before forking")
    folder = os.path.dirname(path)
    spare: _Spare | None = _Spare(folder, listener)
    while True:
        waiting = [listener, sys.stdin]
        if spare is not None and spare.info is None:
            waiting.append(spare.line)
        ready, _, _ = select.select(waiting, [], [])
        if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1024):
            return  # the room's server has ended
        if spare is not None and spare.line in ready and not spare.listens():
            spare = None  # it ended as it started: the next request brings a new one
        if listener in ready:
            connection, _ = listener.accept()
            with connection:
                _answer(connection, listener, spare)
            if spare is None or spare.gone:  # handed over (or ended): the next one
                spare = _Spare(folder, listener)


class _Spare:
    """A kernel forked and started before anyone asked for it: it listens on ports of its own
    and waits for a page's environment and folder, so that a page's kernel is there the
    moment it is asked for (starting one takes about 0.07 s of the page's time)."""

    def __init__(self, folder: str, listener: socket.socket):
        self.line, theirs = socket.socketpair()
        self.info: dict | None = None  # its connection, once it listens
        self.gone = False
        self.pid = os.fork()
        if self.pid == 0:
            code = 1
            try:
                listener.close()  # (there is no other spare: one comes when one is gone)
                self.line.close()
                code = _spare_kernel(theirs, folder)
            finally:
                os._exit(code)
        theirs.close()

    def close(self) -> None:
        self.gone = True
        self.line.close()

    def listens(self) -> bool:
        """Read the spare's connection (it has bound its sockets); False if it has ended."""
        self.line.settimeout(10)
        try:
            with self.line.makefile("rb") as stream:
                text = stream.readline()
            self.info = json.loads(text) if text else None
        except (OSError, ValueError):
            self.info = None
        if self.info is None:
            self.close()
        return self.info is not None

    def hand_over(self, env: dict[str, str], cwd: str | None) -> dict | None:
        """Give the spare its page's environment and folder, so that it starts: the answer
        for its asker (PID and connection), or None if it has ended meanwhile."""
        try:
            self.line.sendall(json.dumps({"env": env, "cwd": cwd}).encode() + b"\n")
        except OSError:
            return None
        finally:
            self.close()
        return {"pid": self.pid, "connection": self.info}


def _answer(connection: socket.socket, listener: socket.socket, spare: _Spare | None) -> None:
    """Answer one request for a kernel: with the spare if it listens and the request may take
    it (a kernel's first start, with jupyter_client's usual arguments), else a new fork."""
    connection.settimeout(10)
    try:
        with connection.makefile("rb") as stream:
            request = json.loads(stream.readline())
        args, env, cwd = list(request["args"]), dict(request["env"]), request.get("cwd")
    except (OSError, ValueError, KeyError, TypeError) as error:
        connection.sendall(json.dumps({"error": f"bad request: {error}"}).encode() + b"\n")
        return
    fits = len(args) == 2 and args[0] == "-f" and request.get("spare", True)
    if spare is not None and spare.info is not None and fits:
        answer = spare.hand_over(env, cwd)
        if answer is not None:
            connection.sendall(json.dumps(answer).encode() + b"\n")
            return
    if os.fork() == 0:  # the kernel: it answers itself, once its sockets are bound
        code = 1
        try:
            listener.close()
            if spare is not None and not spare.gone:  # so that it still hears the server end
                spare.line.close()
            code = _kernel(args, env, cwd, connection)
        finally:
            os._exit(code)  # if it ends before it answered, its asker reads nothing


def _kernel_app():
    """ipykernel's application as a forked kernel has it: the same, but greeting every
    listener on its output channel (ZeroMQ's XPUB_VERBOSE), not only the first."""
    import zmq
    from ipykernel.kernelapp import IPKernelApp

    class KernelApp(IPKernelApp):
        def _bind_socket(self, s, port):
            if s.socket_type == zmq.XPUB:
                s.setsockopt(zmq.XPUB_VERBOSE, 1)
            return super()._bind_socket(s, port)

    return KernelApp.instance()


def _become_kernel(name: bytes = _NAME_KERNEL) -> None:
    """The first steps of a forked kernel: a session and a name of its own, the usual
    signals, nothing on standard input."""
    os.setsid()
    _name(name)
    for signum in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    with open(os.devnull, "rb") as nothing:
        os.dup2(nothing.fileno(), 0)


def _settle(env: dict[str, str], cwd: str | None) -> None:
    """Take the page's environment and folder, as a new kernel process would have them."""
    if cwd:
        os.chdir(cwd)
        sys.path.insert(0, cwd)
    os.environ.clear()
    os.environ.update(env)
    if "matplotlib" in sys.modules:  # read at its import: the backend a new kernel would have
        backend = env.get("MPLBACKEND") or "module://matplotlib_inline.backend_inline"
        sys.modules["matplotlib"].rcParams["backend"] = backend


def _run(app) -> int:
    if "ipywidgets" in sys.modules:
        # imported where there was no kernel, ipywidgets registered no comm targets: without
        # them a browser asks for each widget's state on its own (83 round trips on the
        # triangle page) instead of all of them in one message
        sys.modules["ipywidgets"].register_comm_target()
    app.start()
    return 0


def _kernel(args: list[str], env: dict[str, str], cwd: str | None, asker: socket.socket) -> int:
    """Run ipykernel in this forked process, as ``python -m ipykernel_launcher ARGS`` would.

    Its PID goes to ``asker`` once its sockets are bound, not at the fork: a client that
    connected before then would find no socket, and ZeroMQ tries again only after 0.1 s: a
    page's kernel was ready 0.15-0.24 s after it was asked for, now 0.10-0.13 s."""
    _become_kernel()
    _settle(env, cwd)
    sys.argv = ["ipykernel_launcher", *args]
    app = _kernel_app()
    # stop when the fork server stops (it stops with the room's server)
    app.initialize([*args, f"--IPKernelApp.parent_handle={os.getppid()}"])
    with asker:
        asker.sendall(json.dumps({"pid": os.getpid()}).encode() + b"\n")
    return _run(app)


def _spare_kernel(line: socket.socket, folder: str) -> int:
    """Start ipykernel on ports of its own, tell the fork server its connection on ``line``,
    then wait there for a page's environment and folder (or the fork server's end)."""
    _become_kernel(_NAME_SPARE)  # in ps: no page's kernel yet
    server = os.getppid()
    connection_file = os.path.join(folder, f"spare-{os.getpid()}.json")
    sys.argv = ["ipykernel_launcher", "-f", connection_file]
    app = _kernel_app()
    app.initialize([*sys.argv[1:], f"--IPKernelApp.parent_handle={server}"])
    with open(connection_file, encoding="utf-8") as file:
        line.sendall(file.read().replace("\n", " ").encode() + b"\n")
    os.unlink(connection_file)  # its manager writes its own
    stream = line.makefile("rb")
    while not select.select([line], [], [], 1.0)[0]:
        if os.getppid() != server:  # pragma: no cover - the fork server was killed
            return 0
    text = stream.readline()
    line.close()
    if not text:
        return 0  # the fork server has ended
    page = json.loads(text)
    _name(_NAME_KERNEL)
    _settle(page["env"], page.get("cwd"))
    app.shell.init_environment()  # what ipykernel sets in a kernel's environment at its start
    os.environ.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
    if os.environ.get("JPY_SESSION_NAME"):
        app.shell.user_ns["__session__"] = os.environ["JPY_SESSION_NAME"]
    return _run(app)


if __name__ == "__main__":
    _serve(sys.argv[1])
