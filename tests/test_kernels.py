"""Page kernels forked from one warm process (betrokkenheid/kernels.py): a real fork server,
real kernels through jupyter_client's own kernel manager, code run in them."""

import json
import os
import signal
import socket
import sys
from pathlib import Path

import pytest
from jupyter_client import KernelManager
from jupyter_client.provisioning import KernelProvisionerFactory
from traitlets.config import Config, LoggingConfigurable

from betrokkenheid import kernels
from tests.helpers import wait_for

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux forks")


@pytest.fixture(scope="module", autouse=True)
def _secret():
    """This process has a secret the kernels' environment leaves out; no fork server stays."""
    clean = dict(os.environ)
    os.environ["BTK_TEST_SECRET"] = "not for kernels"
    before = os.environ.get(kernels.FORKS_ENV)
    os.environ[kernels.FORKS_ENV] = "on"  # whatever the machine says
    try:
        yield clean
    finally:
        kernels.stop_forks()
        os.environ.pop("BTK_TEST_SECRET", None)
        if before is None:
            os.environ.pop(kernels.FORKS_ENV, None)
        else:
            os.environ[kernels.FORKS_ENV] = before


@pytest.fixture
def forks(_secret):
    """The fork server (started with the kernels' environment; kept between tests)."""
    return kernels.start_forks(_secret)


@pytest.fixture
def manager():
    """Kernel managers as a room's server has them: with the workbook's provisioner."""
    KernelProvisionerFactory.clear_instance()
    config = Config()
    config.KernelProvisionerFactory.default_provisioner_name = "betrokkenheid-fork"
    room = LoggingConfigurable(config=config)  # the configured parent, as Voila is
    made = []

    def make(**start):
        km = KernelManager(kernel_name="python3", parent=room)
        km.start_kernel(**start)
        client = km.client()
        client.start_channels()
        client.wait_for_ready(timeout=60)
        made.append((km, client))
        return km, client

    yield make
    for km, client in made:
        client.stop_channels()
        if km.has_kernel:
            km.shutdown_kernel(now=True)
    KernelProvisionerFactory.clear_instance()


def run(client, code: str, timeout: float = 30):
    """What ``code`` printed in the kernel, and the reply's status."""
    out = []

    def hook(message):
        if message["msg_type"] == "stream":
            out.append(message["content"]["text"])

    reply = client.execute_interactive(code, timeout=timeout, output_hook=hook)
    return "".join(out), reply["content"]


def from_spare(manager, **start):
    """A kernel (manager and client) that was the fork server's spare: kernels are started
    until one is (a request while the spare still starts gets a new fork)."""

    def started():
        km, client = manager(**start)
        return (km, client) if km.provisioner.spare else None

    return wait_for(started, timeout=30, what="a kernel from the spare")


def _comm(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _children(forks) -> list[str]:
    """The names of the fork server's children (its kernels and its spare)."""
    import psutil

    return [_comm(child.pid) for child in psutil.Process(forks.process.pid).children()]


def gone(pid: int) -> bool:
    return kernels._start_time(pid) is None


class TestForkedKernel:
    def test_a_kernel_is_a_child_of_the_fork_server_with_the_pages_modules_loaded(
        self, forks, manager
    ):
        """The kernel is forked (its parent is the fork server), named btk-kernel, and finds
        the pages' modules imported already."""
        km, client = manager()
        pid = km.provisioner.pid
        said, reply = run(client, "import os, sys\nprint(os.getppid(), sorted(sys.modules))")
        ppid, loaded = said.split(" ", 1)
        assert reply["status"] == "ok" and int(ppid) == forks.process.pid
        assert "betrokkenheid.ui.day_page" in loaded and "numpy" in loaded
        assert Path(f"/proc/{pid}/comm").read_text().strip() == "btk-kernel"
        assert Path(f"/proc/{forks.process.pid}/comm").read_text().strip() == "btk-forks"

    def test_the_rehearsal_leaves_the_kernel_warm_and_with_no_widget_of_its_own(
        self, forks, manager
    ):
        """The fork server walked a day page before it forked: the kernel has drawn (no
        warm-up thread of its own), imported the exercises' pictures and the debugger, and
        starts with no widget, no comm and no database of that walk."""
        km, client = manager()
        said, reply = run(
            client,
            "import sys, comm\n"
            "from ipywidgets.widgets import widget\n"
            "from betrokkenheid import pictures\n"
            "print(pictures._warmed, 'betrokkenheid.plots.radar' in sys.modules,"
            " 'debugpy' in sys.modules, len(widget._instances),"
            " len(comm.get_comm_manager().comms))",
        )
        assert reply["status"] == "ok"
        assert said.split() == ["True", "True", "True", "0", "0"]

    def test_a_browser_gets_every_widget_in_one_message(self, forks, manager):
        """As a page's browser does: open ipywidgets' control comm and ask for all states; the
        kernel answers with one update_states message. (The fork server imported ipywidgets
        before there was a kernel, so the kernel registers its comm targets itself; without
        them the browser asked for each widget on its own: 83 round trips on the triangle.)"""
        km, client = manager()
        code = "import ipywidgets as w\nb = w.Button(description='ok')\nprint(b.model_id)"
        model_id = run(client, code)[0].strip()
        session, comm_id = client.session, "control-comm-of-this-test"
        opened = {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}}
        client.shell_channel.send(session.msg("comm_open", opened, metadata={"version": "1.0.0"}))
        asked = {"comm_id": comm_id, "data": {"method": "request_states"}}
        client.shell_channel.send(session.msg("comm_msg", asked))
        while True:  # bounded by get_iopub_msg's timeout
            message = client.get_iopub_msg(timeout=20)
            if message["msg_type"] == "comm_msg":
                data = message["content"]["data"]
                if data.get("method") == "update_states":
                    break
        assert data["states"][model_id]["model_name"] == "ButtonModel"

    def test_every_listener_is_greeted(self, forks, manager):
        """A forked kernel greets each new listener on its output channel, not only the
        first (the room's server listens first): the page's own client and the browser then
        know at once that they hear the kernel."""
        km, _first = manager()
        second = km.client()
        second.start_channels()
        try:
            while True:  # bounded by get_iopub_msg's timeout
                message = second.get_iopub_msg(timeout=10)
                if message["msg_type"] == "iopub_welcome":
                    break
        finally:
            second.stop_channels()

    def test_the_quick_client_waits_for_no_silence(self, forks, manager):
        """jupyter_client's client is ready only after 0.2 s in which the kernel said
        nothing: it never is while the kernel keeps printing. The page's client is ready as
        soon as the kernel answers."""
        import asyncio
        import time

        km, client = manager()
        chatter = (
            "import threading, time\n"
            "def talk():\n"
            "    for _ in range(120):\n"
            "        print('.', end='', flush=True); time.sleep(0.05)\n"
            "threading.Thread(target=talk, daemon=True).start()"
        )
        run(client, chatter)

        async def ready() -> float:
            quick = kernels.QuickClient(parent=km, **km.get_connection_info(session=True))
            quick.start_channels()
            start = time.monotonic()
            try:
                await quick.wait_for_ready(timeout=30)
                return time.monotonic() - start
            finally:
                quick.stop_channels()

        assert asyncio.run(ready()) < 3  # the kernel talks for 6 s

    def test_the_kernel_gets_its_own_environment_and_folder(
        self, forks, manager, tmp_path, _secret
    ):
        """What Jupyter gives a new kernel (the request's QUERY_STRING, the page's folder) is
        what the forked kernel sees; a secret of the room's server is in neither its
        environment nor the environment it was started with."""
        env = {**_secret, "QUERY_STRING": "p=K7MQ2PA&lang=en"}
        km, client = manager(env=env, cwd=str(tmp_path))
        said, _ = run(
            client,
            "import os\nprint(os.environ['QUERY_STRING'], os.getcwd(),"
            " 'BTK_TEST_SECRET' in os.environ,"
            " b'BTK_TEST_SECRET' in open('/proc/self/environ', 'rb').read())",
        )
        assert said.split() == ["p=K7MQ2PA&lang=en", str(tmp_path), "False", "False"]

    def test_the_spare_takes_its_pages_environment_and_folder(
        self, forks, manager, tmp_path, _secret
    ):
        """The spare kernel started before its page was asked for: it still runs with what
        Jupyter gives that page's kernel (QUERY_STRING, the folder, the session's name, no
        secret of the room's server) and answers on the ports its manager took from it."""
        env = {**_secret, "QUERY_STRING": "p=SPARE77&lang=en", "JPY_SESSION_NAME": "page"}
        km, client = from_spare(manager, env=env, cwd=str(tmp_path))
        said, reply = run(
            client,
            "import os\nprint(os.environ['QUERY_STRING'], os.getcwd(), __session__,"
            " 'BTK_TEST_SECRET' in os.environ, os.environ['PAGER'])",
        )
        assert reply["status"] == "ok"
        assert said.split() == ["p=SPARE77&lang=en", str(tmp_path), "page", "False", "cat"]
        info = json.loads(Path(km.connection_file).read_text())
        assert info["shell_port"] == km.provisioner.connection_info["shell_port"]

    def test_a_kernel_can_be_interrupted_and_shut_down(self, forks, manager):
        """Interrupt stops a running cell (and the kernel goes on); shutdown ends the process."""
        km, client = manager()
        pid = km.provisioner.pid
        # not stop_on_error: the kernel would abort what comes in right after the interrupt
        # (before its own callback ends the aborting), as a loaded machine showed
        code = "import time\nprint('running', flush=True)\ntime.sleep(120)"
        msg_id = client.execute(code, stop_on_error=False)
        while True:  # until the cell runs (execute_input comes before it does); bounded by
            message = client.get_iopub_msg(timeout=20)  # get_iopub_msg's timeout
            if message["msg_type"] == "stream" and "running" in message["content"]["text"]:
                break
        km.interrupt_kernel()
        reply = client.get_shell_msg(timeout=20)
        assert reply["parent_header"]["msg_id"] == msg_id
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        said, reply = run(client, "print(6 * 7)")
        assert (said.strip(), reply["status"]) == ("42", "ok")
        km.shutdown_kernel()
        wait_for(lambda: gone(pid), timeout=20, what="the kernel to end")
        assert not km.is_alive()

    def test_a_killed_kernel_is_seen_as_ended(self, forks, manager):
        """kill -9 of a kernel: its manager sees it as ended (its PID is not taken for it)."""
        km, _ = manager()
        os.kill(km.provisioner.pid, signal.SIGKILL)
        wait_for(lambda: not km.is_alive(), timeout=20, what="the manager to see it ended")

    def test_without_a_fork_server_a_kernel_starts_the_usual_way(self, manager):
        """No fork server (stopped): the kernel is a plain child of this process."""
        kernels.stop_forks()
        km, client = manager()
        said, _ = run(client, "import os\nprint(os.getppid())")
        assert int(said) == os.getpid()


class TestForkServer:
    def test_a_bad_request_gets_an_answer_and_the_server_goes_on(self, forks, manager):
        """A request that is not JSON is answered with an error; the next kernel still comes."""
        wait_for(lambda: os.path.exists(forks.path), what="the socket")
        with socket.socket(socket.AF_UNIX) as ask:
            ask.settimeout(60)
            ask.connect(forks.path)
            ask.sendall(b"no json\n")
            answer = json.loads(ask.makefile("rb").readline())
        assert "bad request" in answer["error"]
        assert manager()[0].provisioner.pid

    def test_a_kernel_listens_before_its_pid_comes(self, forks, tmp_path, _secret):
        """The kernel answers with its PID once its sockets are bound: a client that connects
        at once finds them (before, the PID came at the fork, and ZeroMQ tried again only
        after 0.1 s)."""
        import asyncio

        from jupyter_client.connect import write_connection_file

        connection, info = write_connection_file(str(tmp_path / "kernel.json"))
        pid, spare = asyncio.run(forks.fork(["-f", connection], _secret, str(tmp_path), False))
        assert spare is None  # a new fork, on the ports jupyter_client chose
        try:
            for port in ("shell_port", "control_port", "iopub_port", "hb_port"):
                with socket.create_connection(("127.0.0.1", info[port]), timeout=5):
                    pass  # refused, if the kernel had not bound it yet
        finally:
            os.kill(pid, signal.SIGKILL)

    def test_a_kernel_that_cannot_start_says_so(self, forks, manager, tmp_path, _secret):
        """A kernel that ends before it listens (here: its connection file is not JSON) gives
        its asker an error, not a PID; the next kernel still comes."""
        import asyncio

        broken = tmp_path / "kernel.json"
        broken.write_text("no json")
        with pytest.raises(OSError, match="ended as it started"):
            asyncio.run(forks.fork(["-f", str(broken)], _secret, str(tmp_path), False))
        assert manager()[0].provisioner.pid

    def test_the_spare_kernel_listens_already_and_another_waits_after_it(
        self, forks, tmp_path, _secret
    ):
        """The fork server keeps a kernel started and listening on ports of its own: a
        request gets it with those ports at once, and a later request a new spare."""
        import asyncio

        from jupyter_client.connect import write_connection_file

        pids = []

        def spare():
            """The spare's PID and connection, or None for a new fork (the spare was still
            starting, as after a request before)."""
            asked, _ = write_connection_file(str(tmp_path / f"kernel{len(pids)}.json"))
            pid, connection = asyncio.run(forks.fork(["-f", asked], _secret, str(tmp_path)))
            pids.append(pid)
            return (pid, connection) if connection else None

        try:
            spares = [wait_for(spare, timeout=30, what="a spare kernel") for _ in range(2)]
            for pid, connection in spares:
                assert connection["key"] and connection["transport"] == "tcp"
                for port in ("shell_port", "control_port", "iopub_port", "hb_port"):
                    with socket.create_connection(("127.0.0.1", connection[port]), timeout=5):
                        pass
                # named as a page's kernel once handed over
                wait_for(lambda p=pid: _comm(p) == "btk-kernel", timeout=10, what="its new name")
            assert spares[0][1]["shell_port"] != spares[1][1]["shell_port"]
            wait_for(lambda: "btk-spare" in _children(forks), timeout=30, what="the next spare")
        finally:
            for pid in pids:
                os.kill(pid, signal.SIGKILL)

    def test_a_restarted_kernel_keeps_its_ports(self, forks, manager):
        """A kernel restarted by its manager (a new process) is no spare: the page's clients
        keep the ports they know, those the spare had."""
        km, client = from_spare(manager)
        ports = km.get_connection_info()["shell_port"], km.get_connection_info()["iopub_port"]
        before = km.provisioner.pid
        km.restart_kernel(now=True)
        client.wait_for_ready(timeout=60)
        assert km.provisioner.pid != before and not km.provisioner.spare
        assert (
            km.get_connection_info()["shell_port"],
            km.get_connection_info()["iopub_port"],
        ) == ports
        assert run(client, "print(6 * 7)")[0].strip() == "42"

    def test_its_socket_is_for_this_user_only(self, forks):
        """The socket's folder can be entered by this user only."""
        assert os.stat(forks.folder).st_mode & 0o777 == 0o700

    def test_when_the_fork_server_stops_its_kernels_stop(self, forks, manager):
        """Stopping the fork server (its room's server ended) ends its kernels too."""
        km, _ = manager()
        pid = km.provisioner.pid
        assert not gone(pid)
        kernels.stop_forks()
        wait_for(lambda: gone(pid), timeout=20, what="the kernel to stop with its fork server")
        assert not forks.alive and not os.path.exists(forks.folder)
