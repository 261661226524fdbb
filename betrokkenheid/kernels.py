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
* In ``ps`` and ``top`` the fork server is named ``btk-forks`` and each kernel
  ``btk-kernel``; the room's log names each kernel's process.
* It is on by default (on Linux): ``BETROKKENHEID_FORKS=off`` in the room's environment
  turns it off, and kernels start the usual way.
* The room's server waits for a page's kernel with :class:`QuickClient`; a forked kernel
  greets every new listener on its output channel (ZeroMQ's ``XPUB_VERBOSE``), so that the
  server and the browser know at once that they hear it.
"""

from __future__ import annotations

import asyncio
import gc
import json
import logging
import os
import select
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
_NAME_SERVER, _NAME_KERNEL = b"btk-forks", b"btk-kernel"
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

    async def fork(self, args: list[str], env: dict[str, str], cwd: str | None) -> int:
        """The PID of a new kernel with ``args`` (ipykernel's, after ``-m ipykernel_launcher``)."""
        request = json.dumps({"args": args, "env": env, "cwd": cwd}).encode() + b"\n"

        async def ask() -> int:
            reader, writer = await asyncio.open_unix_connection(self.path)
            try:
                writer.write(request)
                await writer.drain()
                answer = json.loads(await reader.readline())
            finally:
                writer.close()
            if "pid" not in answer:
                raise OSError(answer.get("error", "the fork server did not answer"))
            return int(answer["pid"])

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
        for remove, name in ((os.unlink, self.path), (os.rmdir, self.folder)):
            try:
                remove(name)
            except OSError:
                pass


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

    async def launch_kernel(self, cmd: list[str], **kwargs):
        args = _kernel_args(cmd)
        forks = _forks
        if forks is None or not forks.alive or args is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        cwd = str(kwargs.get("cwd") or os.getcwd())
        try:
            pid = await forks.fork(args, env, cwd)
        except (OSError, ValueError, asyncio.TimeoutError) as error:
            self.log.warning("betrokkenheid: no kernel from the fork server (%s)", error)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = _Forked(pid)
        self.pid = self.pgid = pid  # the kernel leads a process group of its own
        self.cwd = cwd
        self.log.info("betrokkenheid: kernel %s runs as process %d", self.kernel_id, pid)
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
    """Listen on ``path``; for each request fork a kernel; stop when standard input closes."""
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
    while True:
        ready, _, _ = select.select([listener, sys.stdin], [], [])
        if sys.stdin in ready and not os.read(sys.stdin.fileno(), 1024):
            return  # the room's server has ended
        if listener in ready:
            connection, _ = listener.accept()
            with connection:
                _answer(connection, listener)


def _answer(connection: socket.socket, listener: socket.socket) -> None:
    connection.settimeout(10)
    try:
        with connection.makefile("rb") as stream:
            request = json.loads(stream.readline())
        args, env, cwd = list(request["args"]), dict(request["env"]), request.get("cwd")
    except (OSError, ValueError, KeyError, TypeError) as error:
        connection.sendall(json.dumps({"error": f"bad request: {error}"}).encode() + b"\n")
        return
    pid = os.fork()
    if pid == 0:  # the kernel
        code = 1
        try:
            listener.close()
            connection.close()
            code = _kernel(args, env, cwd)
        finally:
            os._exit(code)
    connection.sendall(json.dumps({"pid": pid}).encode() + b"\n")


def _kernel(args: list[str], env: dict[str, str], cwd: str | None) -> int:
    """Run ipykernel in this forked process, as ``python -m ipykernel_launcher ARGS`` would."""
    os.setsid()
    _name(_NAME_KERNEL)
    for signum in (signal.SIGCHLD, signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, signal.SIG_DFL)
    with open(os.devnull, "rb") as nothing:
        os.dup2(nothing.fileno(), 0)
    if cwd:
        os.chdir(cwd)
        sys.path.insert(0, cwd)
    os.environ.clear()
    os.environ.update(env)
    sys.argv = ["ipykernel_launcher", *args]
    if "matplotlib" in sys.modules:  # read at its import: the backend a new kernel would have
        backend = env.get("MPLBACKEND") or "module://matplotlib_inline.backend_inline"
        sys.modules["matplotlib"].rcParams["backend"] = backend
    import zmq
    from ipykernel.kernelapp import IPKernelApp

    class KernelApp(IPKernelApp):
        def _bind_socket(self, s, port):
            if s.socket_type == zmq.XPUB:  # a welcome for each listener, not only the first
                s.setsockopt(zmq.XPUB_VERBOSE, 1)
            return super()._bind_socket(s, port)

    app = KernelApp.instance()
    # stop when the fork server stops (it stops with the room's server)
    app.initialize([*args, f"--IPKernelApp.parent_handle={os.getppid()}"])
    if "ipywidgets" in sys.modules:
        # imported where there was no kernel, ipywidgets registered no comm targets: without
        # them a browser asks for each widget's state on its own (83 round trips on the
        # triangle page) instead of all of them in one message
        sys.modules["ipywidgets"].register_comm_target()
    app.start()
    return 0


if __name__ == "__main__":
    _serve(sys.argv[1])
