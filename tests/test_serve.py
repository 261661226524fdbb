"""Serving a room: what ``serve`` starts, and that LAN mode lets nobody in without the token."""

import gzip
import http.client
import json
import os
import queue
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from betrokkenheid import cli, serve
from betrokkenheid.errors import InputError
from betrokkenheid.serve import CULL_IDLE_TIMEOUT, CULL_INTERVAL, make_plan

from .helpers import free_port, stop_group, voila_roots

START_TIMEOUT = 60  # seconds for Voila to say it is running
UUID = "0b0c2c2a-1111-4222-8333-444455556666"


def _option(argv: list[str], name: str) -> str | None:
    values = [a.split("=", 1)[1] for a in argv if a.startswith(f"--{name}=")]
    assert len(values) <= 1
    return values[0] if values else None


class TestMakePlan:
    def test_localhost_by_default(self):
        """Plain serve listens on 127.0.0.1 only, with no token and a localhost link."""
        plan = make_plan("notebooks", 8866)
        assert _option(plan.argv, "Voila.ip") == "127.0.0.1"
        assert not any("0.0.0.0" in arg or "token" in arg for arg in plan.argv)
        assert plan.token is None and not plan.lan
        assert plan.link == "http://localhost:8866/voila/render/00_start.ipynb"

    def test_lan_binds_the_network_with_a_random_token(self):
        """--lan binds 0.0.0.0 and puts a fresh random token in the link, not in argv."""
        first = make_plan("notebooks", 8866, lan=True, addresses=["192.168.1.5"])
        second = make_plan("notebooks", 8866, lan=True, addresses=["192.168.1.5"])
        assert _option(first.argv, "Voila.ip") == "0.0.0.0"
        assert first.token != second.token and len(first.token) >= 20
        assert first.link == (
            f"http://192.168.1.5:8866/voila/render/00_start.ipynb?token={first.token}"
        )
        assert not any(first.token in arg for arg in first.argv)  # not visible in `ps`

    def test_lan_links_for_every_address(self):
        """With several networks the first address is the link, the others are listed."""
        plan = make_plan("nb", 9000, lan=True, token="t", addresses=["10.0.0.2", "192.168.1.5"])
        assert plan.link.startswith("http://10.0.0.2:9000/")
        assert plan.other_links == ["http://192.168.1.5:9000/voila/render/00_start.ipynb?token=t"]

    def test_safe_voila_options(self):
        """No tracebacks, no sources, files limited, and exactly the port asked for."""
        argv = make_plan("notebooks", 8866).argv
        assert argv[0] == "notebooks"
        assert _option(argv, "show_tracebacks") == "False"
        assert _option(argv, "strip_sources") == "True"
        assert _option(argv, "port") == "8866"
        assert _option(argv, "Voila.port_retries") == "0"
        assert _option(argv, "VoilaConfiguration.file_allowlist") == r".*\.(png|svg|css)"
        assert not any("preheat" in arg for arg in argv)

    def test_idle_kernels_are_culled(self):
        """Kernels idle with no browser connected are culled; connected ones are kept."""
        argv = make_plan("notebooks", 8866, cull_idle_timeout=90, cull_interval=5).argv
        assert _option(argv, "MappingKernelManager.cull_idle_timeout") == "90"
        assert _option(argv, "MappingKernelManager.cull_interval") == "5"
        assert _option(argv, "MappingKernelManager.cull_connected") == "False"
        assert _option(argv, "MappingKernelManager.cull_busy") == "False"
        defaults = make_plan("notebooks", 8866).argv
        assert _option(defaults, "MappingKernelManager.cull_idle_timeout") == str(CULL_IDLE_TIMEOUT)
        assert _option(defaults, "MappingKernelManager.cull_interval") == str(CULL_INTERVAL)

    def test_voila_takes_the_options(self):
        """Voila parses every option, and its kernel manager gets the cull settings."""
        from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

        app = serve._room_voila()()
        app.parse_command_line(make_plan("notebooks", 8866, lan=True, token="t").argv)
        config = app.config
        assert config.Voila.ip == "0.0.0.0" and config.Voila.port_retries == 0
        assert config.VoilaConfiguration.show_tracebacks is False
        manager = AsyncMappingKernelManager(config=config)
        assert (manager.cull_idle_timeout, manager.cull_interval) == (
            CULL_IDLE_TIMEOUT,
            CULL_INTERVAL,
        )
        assert manager.cull_connected is False and manager.cull_busy is False

    def test_bad_port(self):
        """A port out of range is bad input, named as --port."""
        with pytest.raises(InputError, match="--port"):
            make_plan("notebooks", 0)


class TestServeCommand:
    def test_lan_prints_link_and_qr_and_runs_voila(self, tmp_path, monkeypatch, capsys):
        """serve --lan prints the link with its token and a QR code, then runs the plan."""
        ran = []
        monkeypatch.setattr(serve, "run", lambda plan: ran.append(plan) or 0)
        monkeypatch.setattr(serve, "lan_addresses", lambda: ["192.168.7.7"])
        monkeypatch.delenv("BETROKKENHEID_DB", raising=False)
        port = free_port()
        db = tmp_path / "room" / "room.sqlite"
        assert cli.main(["serve", "--lan", "--port", str(port), "--db", str(db)]) == 0
        (plan,) = ran
        out = capsys.readouterr().out
        assert plan.lan and plan.link in out and plan.token in plan.link
        assert plan.link.startswith(f"http://192.168.7.7:{port}/")
        assert "█" in out or "▀" in out  # the QR code
        assert os.environ["BETROKKENHEID_DB"] == str(db)
        assert db.exists()

    def test_plain_serve_prints_no_token(self, tmp_path, monkeypatch, capsys):
        """Plain serve: a localhost link, no token and no QR code."""
        ran = []
        monkeypatch.setattr(serve, "run", lambda plan: ran.append(plan) or 0)
        monkeypatch.delenv("BETROKKENHEID_DB", raising=False)
        port = free_port()
        assert cli.main(["serve", "--port", str(port), "--db", str(tmp_path / "x.sqlite")]) == 0
        out = capsys.readouterr().out
        assert f"http://localhost:{port}/" in out and "token" not in out and "█" not in out
        assert ran[0].token is None

    def test_port_in_use_is_bad_input(self, tmp_path, monkeypatch, capsys):
        """A port that is taken: one line naming --port, exit status 2, Voila not started."""
        monkeypatch.setattr(serve, "run", lambda plan: pytest.fail("must not run"))
        monkeypatch.delenv("BETROKKENHEID_DB", raising=False)
        with socket.socket() as taken:
            taken.bind(("127.0.0.1", 0))
            taken.listen()
            port = taken.getsockname()[1]
            status = cli.main(["serve", "--port", str(port), "--db", str(tmp_path / "x.sqlite")])
        assert status == 2
        assert "--port" in capsys.readouterr().err

    def test_run_gives_the_token_inside_the_process(self, monkeypatch):
        """run() hands Voila the token as an argument list in this process, not a command."""
        seen = []

        class FakeVoila:
            @classmethod
            def launch_instance(cls, argv):
                seen.append(argv)

        monkeypatch.setattr(serve, "_room_voila", lambda hub=None: FakeVoila)
        monkeypatch.setenv(serve.LINK_ENV, "")  # restored afterwards
        plan = make_plan("notebooks", 8866, lan=True, token="s3cret", addresses=["10.1.1.1"])
        assert serve.run(plan) == 0
        assert seen[0][-1] == "--token=s3cret" and seen[0][:-1] == plan.argv
        assert serve.join_link() == plan.link  # for the pages' kernels: the dashboard

    def test_warns_about_a_folder_open_to_everyone(self, tmp_path, monkeypatch, capsys):
        """A database in a world-writable folder: served, with a warning on stderr."""
        monkeypatch.setattr(serve, "run", lambda plan: 0)
        monkeypatch.delenv("BETROKKENHEID_DB", raising=False)
        open_folder = tmp_path / "open"
        open_folder.mkdir()
        open_folder.chmod(0o777)
        db = open_folder / "x.sqlite"
        assert cli.main(["serve", "--port", str(free_port()), "--db", str(db)]) == 0
        assert "writable for everyone" in capsys.readouterr().err
        assert db.stat().st_mode & 0o777 == 0o600

    def test_lan_addresses_are_not_loopback(self):
        """The addresses for the link are real network addresses, never 127.x."""
        for address in serve.lan_addresses():
            assert not address.startswith(("127.", "169.254.", "0."))


# -- a real server -----------------------------------------------------------------------------
class _Room:
    """``betrokkenheid serve [--lan]`` in a process group of its own; reached on 127.0.0.1
    only (never on the machine's network address)."""

    def __init__(self, db: Path, lan: bool = True):
        self.port = free_port()
        cli_path = Path(sys.executable).with_name("betrokkenheid")
        lan_option = ["--lan"] if lan else []
        self.process = subprocess.Popen(
            [str(cli_path), "serve", *lan_option, "--port", str(self.port), "--db", str(db)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        self.out: list[str] = []
        self.log: list[str] = []
        ready: queue.Queue = queue.Queue()

        def read(stream, lines, needle):
            for line in stream:
                lines.append(line)
                if needle in line:
                    ready.put(needle)
            ready.put(None)

        threading.Thread(target=read, args=(self.process.stdout, self.out, "Ctrl+C")).start()
        threading.Thread(target=read, args=(self.process.stderr, self.log, "running at")).start()
        seen = set()
        while seen != {"Ctrl+C", "running at"}:
            try:
                what = ready.get(timeout=START_TIMEOUT)
            except queue.Empty:
                what = None
            if what is None:
                self.stop()
                raise RuntimeError("serve did not start:\n" + "".join(self.out + self.log))
            seen.add(what)
        found = re.search(r"token=([\w-]+)", "".join(self.out))
        self.token = found.group(1) if found else None

    def listening(self) -> set[str]:
        """The addresses the server listens on (from the process table, no connection)."""
        import psutil

        sockets = psutil.Process(self.process.pid).net_connections(kind="tcp")
        return {c.laddr.ip for c in sockets if c.status == psutil.CONN_LISTEN}

    def get(self, path: str, method: str = "GET", headers: dict | None = None):
        """One request to 127.0.0.1 (never the LAN address); redirects are not followed."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, headers=headers or {})
            response = conn.getresponse()
            return response.status, response.headers, response.read()
        finally:
            conn.close()

    def stop(self):
        stop_group(self.process)


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    running = _Room(tmp_path_factory.mktemp("room") / "room.sqlite")
    yield running
    running.stop()


@pytest.fixture(scope="module")
def local(tmp_path_factory):
    running = _Room(tmp_path_factory.mktemp("local") / "local.sqlite", lan=False)
    yield running
    running.stop()


def test_plain_serve_listens_on_localhost_only(local):
    """Plain serve listens on 127.0.0.1 and answers only requests that name localhost:
    a page elsewhere cannot reach it by pointing its own name at 127.0.0.1 (DNS rebinding)."""
    assert local.listening() == {"127.0.0.1"}
    assert local.token is None
    for host in ("localhost", "127.0.0.1"):
        status, _, _ = local.get("/voila/static/voila.js", headers={"Host": f"{host}:{local.port}"})
        assert status == 200
    for path in ("/voila/static/voila.js", "/voila/tree", "/voila/render/00_start.ipynb"):
        status, _, _ = local.get(path, headers={"Host": f"evil.example:{local.port}"})
        assert status == 403


def test_scripts_go_gzipped_to_a_browser_that_takes_it(local):
    """A page's scripts (about 4.6 MB, gzipped 1.3 MB) go gzipped to a browser that
    says it takes gzip, and as they are to one that does not, or that asks for a part of the
    file, and when they are small; unpacked they are the same file."""

    asked = {"Host": f"127.0.0.1:{local.port}"}
    path = "/voila/static/voila.js"
    status, plain_headers, plain = local.get(path, headers=asked)
    assert status == 200 and plain_headers.get("Content-Encoding") is None
    takes = {**asked, "Accept-Encoding": "gzip, deflate, br"}
    for _ in range(2):  # packed once, then from memory: the same
        status, headers, packed = local.get(path, headers=takes)
        assert status == 200 and headers["Content-Encoding"] == "gzip"
        assert "Accept-Encoding" in headers["Vary"]
        assert int(headers["Content-Length"]) == len(packed)
        assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 2
    status, headers, part = local.get(path, headers={**takes, "Range": "bytes=0-99"})
    assert status == 206 and headers.get("Content-Encoding") is None and part == plain[:100]
    widgets = "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json"
    status, headers, packed = local.get(widgets, headers=takes)
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(packed))["name"] == "@jupyter-widgets/jupyterlab-manager"
    small_file = "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/install.json"
    status, headers, small = local.get(small_file, headers=takes)
    assert status == 200 and headers.get("Content-Encoding") is None and small
    status, _, _ = local.get("/voila/render/00_start.ipynb", headers=asked)  # names voila.js
    assert status == 200
    assert not [line for line in local.log if "Could not open static file" in line]


def test_a_pages_chunks_come_as_one_script(local):
    """A page names one script for the webpack chunks at the top of its body and preloads
    none of them; that script comes whole, gzipped if the browser takes it, with its
    version in its address (kept by the browser: 304 for a tag it has)."""
    asked = {"Host": f"127.0.0.1:{local.port}"}
    status, _, page = local.get("/voila/render/00_start.ipynb", headers=asked)
    assert status == 200
    head, body = page.decode().split("<body", 1)
    found = re.findall(r'<script src="(/voila/btk-chunks\.js\?v=\w+)"></script>', body)
    assert len(found) == 1 and "btk-chunks" not in head
    address = found[0]
    assert body.index(address) < body.index("jp-Cell")  # before the cells: ready for voila.js
    preloaded = re.findall(r'<link rel="preload" as="script" href="/([^"]+)">', head)
    chunks, rest = serve.Chunks.of(serve.preload_scripts(), voila_roots())
    assert preloaded == rest and "voila/static/voila.js" in rest
    assert len(chunks.files) > 50  # Voila's and the widgets' extensions' chunks
    status, headers, plain = local.get(address, headers=asked)
    assert status == 200 and headers.get("Content-Encoding") is None
    assert headers["Content-Type"].startswith("text/javascript")
    assert "immutable" in headers["Cache-Control"]
    assert plain == chunks.build()[0]
    status, headers, packed = local.get(address, headers={**asked, "Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed) == plain and len(packed) < len(plain) / 3
    tag = {**asked, "If-None-Match": headers["ETag"], "Accept-Encoding": "gzip"}
    status, _, nothing = local.get(address, headers=tag)
    assert status == 304 and nothing == b""


def test_a_page_ends_with_a_picture_that_waits_for_its_kernel(local):
    """After the page's last cell: an empty picture from the page's own kernel's address
    (the browser's load event waits for it; test_after_the_cell.py shows why). For a kernel
    that is not there it comes at once."""
    asked = {"Host": f"127.0.0.1:{local.port}"}
    status, _, page = local.get("/voila/render/00_start.ipynb", headers=asked)
    assert status == 200
    html = page.decode()
    kernel = json.loads(
        re.search(r'id="jupyter-config-data" type="application/json">(.*?)</script>', html, re.S)[1]
    )["kernelId"]
    pictures = re.findall(r'<img src="/voila/btk-settled/([\w-]+)" alt="" hidden>', html)
    assert pictures == [kernel]
    assert html.index("btk-settled") > html.rindex('cell-index="')  # after the last cell
    for who in (kernel, UUID):
        status, headers, body = local.get(f"/voila/btk-settled/{who}", headers=asked)
        assert status == 200 and headers["Content-Type"] == "image/gif"
        assert body == serve._EMPTY_GIF and headers["Cache-Control"] == "no-store"


def test_lan_listens_on_the_network(room):
    """serve --lan listens on every network of the machine (and asks a token, below)."""
    assert room.listening() == {"0.0.0.0"}


PATHS = [
    "/",
    "/voila/render/00_start.ipynb",
    "/voila/render/02_driehoek.ipynb?p=ABCDEFGH&lang=nl",
    "/voila/tree",
    "/voila/render/00_start.ipynb?token=wrong",
    "/api/kernels",
    f"/api/kernels/{UUID}",
    f"/api/kernels/{UUID}/channels",
    "/api/contents",
    "/voila/api/contents/",
    f"/voila/api/shutdown/{UUID}",
    "/voila/static/voila.js",
    "/voila/btk-chunks.js",
    f"/voila/btk-settled/{UUID}",
    "/voila/static/",
    "/voila/templates/lab/static/index.css",
    "/voila/files/workbook.css",
    "/voila/labextensions/@jupyter-widgets/jupyterlab-manager/package.json",
    "/voila/api/themes/@jupyterlab/theme-light-extension/index.css",
    "/terminals/1",
    "/nothing/here",
]


@pytest.mark.parametrize("path", PATHS)
def test_lan_without_token_only_login(room, path):
    """Without the token every path answers 403 or a redirect to the login page."""
    status, headers, body = room.get(path)
    if status in (301, 302, 303, 307):
        assert re.match(r"(http://127\.0\.0\.1:\d+)?/login\?next=", headers["Location"])
    else:
        assert status == 403, (status, body[:200])
    assert b"btk-" not in body and b"ipywidgets" not in body


def test_lan_post_without_token_is_refused(room):
    """A POST without the token is refused as well."""
    status, _, _ = room.get("/voila/render/00_start.ipynb", method="POST")
    assert status == 403


def test_lan_with_token_serves_the_page_and_a_cookie(room):
    """With ?token= the start page serves; its login cookie opens the other files, and it
    brings an _xsrf cookie too."""
    status, headers, body = room.get(f"/voila/render/00_start.ipynb?token={room.token}")
    assert status == 200 and b"<html" in body.lower()
    cookies = dict(c.split(";", 1)[0].split("=", 1) for c in headers.get_all("Set-Cookie"))
    assert "_xsrf" in cookies  # for the page's shutdown beacon when it is left
    login = "; ".join(f"{k}={v}" for k, v in cookies.items() if k.startswith("username-"))
    status, _, body = room.get("/voila/static/voila.js", headers={"Cookie": login})
    assert status == 200 and body
    status, _, body = room.get("/voila/btk-chunks.js", headers={"Cookie": login})
    assert status == 200 and b"webpackChunk" in body
    status, _, _ = room.get(
        "/voila/static/voila.js", headers={"Authorization": f"token {room.token}"}
    )
    assert status == 200


def test_a_page_loads_the_widgets_extensions_only(room):
    """The page's browser is told to load the widgets' JupyterLab extensions and no other
    (not jupyterlab_pygments' code colours, nor anything else installed here)."""
    status, _, body = room.get(f"/voila/render/00_start.ipynb?token={room.token}")
    config = re.search(
        rb'id="jupyter-config-data" type="application/json">(.*?)</script>', body, re.S
    )
    assert status == 200 and config
    loaded = {
        extension["name"] for extension in json.loads(config.group(1))["federated_extensions"]
    }
    assert loaded and loaded <= set(serve.PAGE_EXTENSIONS)
    assert "@jupyter-widgets/jupyterlab-manager" in loaded


def test_lan_kernels_can_be_read_but_not_stopped_or_listed(room):
    """With the token a page's kernel tells its state (Voila's page asks it) but nobody stops
    it through the REST API, and there is no list of kernels."""
    status, _, body = room.get(f"/voila/render/00_start.ipynb?token={room.token}")
    assert status == 200
    kernel = re.search(rb'"kernelId": "([0-9a-f-]{36})"', body).group(1).decode()
    auth = {"Authorization": f"token {room.token}"}
    assert room.get(f"/api/kernels/{kernel}", headers=auth)[0] == 200
    assert room.get(f"/api/kernels/{kernel}", method="DELETE", headers=auth)[0] == 405
    assert room.get("/api/kernels", headers=auth)[0] == 404
    assert room.get(f"/api/kernels/{kernel}", headers=auth)[0] == 200  # it still runs


def test_lan_token_not_in_log_or_command_line(room):
    """Neither Voila's log nor the command line (``ps``) shows the token."""
    assert room.token not in "".join(room.log)
    cmdline = Path(f"/proc/{room.process.pid}/cmdline")
    if cmdline.exists():
        assert room.token not in cmdline.read_text()


def test_browser_cannot_run_code_in_the_kernel(room, tmp_path):
    """Even with the token, a page's kernel takes no code: Voila drops execute_request.

    The shell channel is handled in order, so when the kernel_info_reply sent after the
    execute_request arrives without any reply to the execute_request, the code never ran.
    """
    import asyncio
    import json
    import uuid

    from tornado.websocket import websocket_connect

    status, _, body = room.get(f"/voila/render/00_start.ipynb?token={room.token}")
    assert status == 200
    kernel = re.search(rb'"kernelId": "([0-9a-f-]{36})"', body).group(1).decode()
    marker = tmp_path / "ran"

    def message(msg_type, content):
        return json.dumps(
            {
                "header": {
                    "msg_id": uuid.uuid4().hex,
                    "msg_type": msg_type,
                    "session": "test",
                    "username": "",
                    "version": "5.3",
                },
                "parent_header": {},
                "metadata": {},
                "content": content,
                "channel": "shell",
                "buffers": [],
            }
        )

    async def talk():
        url = f"ws://127.0.0.1:{room.port}/api/kernels/{kernel}/channels?token={room.token}"
        ws = await asyncio.wait_for(websocket_connect(url), timeout=30)
        code = f"open({str(marker)!r}, 'w').write('pwned')"
        await ws.write_message(message("execute_request", {"code": code, "silent": False}))
        await ws.write_message(message("kernel_info_request", {}))
        seen = []
        while True:
            raw = await asyncio.wait_for(ws.read_message(), timeout=30)
            assert raw is not None, "the kernel's websocket closed"
            msg = json.loads(raw)
            seen.append(msg["header"]["msg_type"])
            if seen[-1] == "kernel_info_reply":
                ws.close()
                return seen

    seen = asyncio.run(talk())
    assert "execute_reply" not in seen and "execute_input" not in seen
    assert not marker.exists()
    refused = '"execute_request", which is not allowed'
    deadline = time.monotonic() + 10  # the log reader thread may be a line behind
    while not any(refused in line for line in room.log):
        assert time.monotonic() < deadline, "Voila did not say it refused the code"
        time.sleep(0.05)


def test_pages_template_is_found_first():
    """serve puts the package's Jupyter folder, with the pages' template, first on
    JUPYTER_PATH and keeps what was there."""
    from betrokkenheid._paths import jupyter_dir
    from betrokkenheid.serve import jupyter_env

    paths = jupyter_env({"JUPYTER_PATH": "/elsewhere"})["JUPYTER_PATH"].split(os.pathsep)
    assert paths == [str(jupyter_dir()), "/elsewhere"]
    template = jupyter_dir() / "voila" / "templates" / "betrokkenheid" / "index.html.j2"
    assert "http" not in template.read_text("utf-8")  # it links nothing elsewhere
    assert _option(make_plan("notebooks", 8866).argv, "template") == "betrokkenheid"


def _cookies(headers) -> dict[str, str]:
    """Each Set-Cookie header by the cookie's name."""
    return {value.split("=", 1)[0]: value for value in headers.get_all("Set-Cookie") or []}


def test_cookies_are_same_site_and_the_login_cookie_http_only(room):
    """Every cookie is SameSite=Lax; the login cookie is HttpOnly (the page's scripts need
    only the _xsrf cookie, for the beacon that stops its kernel)."""
    status, headers, _ = room.get(f"/voila/render/00_start.ipynb?token={room.token}")
    assert status == 200
    cookies = _cookies(headers)
    login = [value for name, value in cookies.items() if name.startswith("username-")]
    assert len(login) == 1 and "_xsrf" in cookies
    for value in cookies.values():
        assert "samesite=lax" in value.lower(), value
    assert "httponly" in login[0].lower()
    assert "httponly" not in cookies["_xsrf"].lower()


def test_no_address_is_sent_to_another_site(room):
    """No address goes to another site: the first page's address carries the token, and a
    page's the personal code (Referrer-Policy: no-referrer; same-origin on the login form)."""
    for path in (
        f"/voila/render/00_start.ipynb?token={room.token}",
        "/voila/render/00_start.ipynb",
        f"/voila/static/voila.js?token={room.token}",
    ):
        _, headers, _ = room.get(path)
        assert headers.get("Referrer-Policy") == "no-referrer", path
    # the login form's post must name its own origin (no-referrer would send "null")
    assert room.get("/login")[1].get("Referrer-Policy") == "same-origin"


def test_logout_forgets_the_login(room):
    """/logout answers with a page (no error, no traceback in the log), clears the login
    cookie, and the pages ask for the token again."""
    status, headers, _ = room.get(f"/voila/render/00_start.ipynb?token={room.token}")
    login = next(v for n, v in _cookies(headers).items() if n.startswith("username-"))
    cookie = login.split(";", 1)[0]
    logged = len(room.log)
    status, headers, body = room.get("/logout", headers={"Cookie": cookie})
    assert status == 200
    assert "afgemeld" in body.decode() and "logged out" in body.decode()
    cleared = next(v for n, v in _cookies(headers).items() if n.startswith("username-"))
    assert cleared.split(";", 1)[0].endswith('=""')
    assert "Traceback" not in "".join(room.log[logged:])
    status, headers, _ = room.get("/voila/render/00_start.ipynb")  # no cookie any more
    assert status == 302 and "/login" in headers["Location"]


def test_no_list_of_pages_even_with_the_token(room):
    """Nobody needs the list of pages: /voila/tree is not there, also with the token."""
    status, _, body = room.get(f"/voila/tree?token={room.token}")
    assert status == 404
    assert b"00_start" not in body


class _Form:
    """A browser's visit to the login page: its _xsrf cookie and field, then posts."""

    def __init__(self, room, path="/login?next=%2Fvoila%2Frender%2F02_driehoek.ipynb"):
        import http.client

        self.room = room
        status, headers, body = room.get(path)
        assert status == 200
        self.page = body.decode()
        self.cookie = _cookies(headers)["_xsrf"].split(";", 1)[0]
        self.xsrf = re.search(r'name="_xsrf" value="([^"]+)"', self.page).group(1)
        self.action = re.search(r'action="([^"]+)"', self.page).group(1)
        self.next = re.search(r'name="next" value="([^"]*)"', self.page).group(1)
        self.http = http.client

    def post(self, pin: str, next_url: str | None = None):
        from urllib.parse import urlencode

        fields = {
            "_xsrf": self.xsrf,
            "pin": pin,
            "next": self.next if next_url is None else next_url,
        }
        conn = self.http.HTTPConnection("127.0.0.1", self.room.port, timeout=30)
        try:
            conn.request(
                "POST",
                self.action,
                body=urlencode(fields),
                headers={
                    "Cookie": self.cookie,
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Origin": f"http://127.0.0.1:{self.room.port}",
                    "Host": f"127.0.0.1:{self.room.port}",
                },
            )
            response = conn.getresponse()
            return response.status, response.headers, response.read().decode()
        finally:
            conn.close()


def test_the_login_page_is_ours_and_asks_the_pin(room):
    """Without the token a visitor gets the workbook's own page in Dutch and English that asks
    for the room's PIN only (not Jupyter's page with its advice for developers)."""
    status, headers, body = room.get("/")
    assert status == 302 and "/login" in headers["Location"]
    page = _Form(room).page
    assert "Pincode" in page and "PIN" in page and 'lang="en"' in page
    assert "jupyter" not in page.lower() and "password" not in page.lower()
    assert room.token not in page


def test_the_pin_lets_a_person_in(room):
    """The PIN (typed in lower case, with a space) gives the login cookie and the page asked
    for; the room's address itself leads to the start page."""
    from betrokkenheid.serve import room_pin

    pin = room_pin(room.token)
    status, headers, _ = _Form(room).post(f" {pin[:3].lower()} {pin[3:]}")
    assert status == 302 and headers["Location"] == "/voila/render/02_driehoek.ipynb"
    login = next(v for n, v in _cookies(headers).items() if n.startswith("username-"))
    cookie = login.split(";", 1)[0]
    assert room.get("/voila/render/00_start.ipynb", headers={"Cookie": cookie})[0] == 200
    status, headers, _ = room.get("/", headers={"Cookie": cookie})
    assert status == 302 and headers["Location"] == "/voila/render/00_start.ipynb"


def test_the_token_works_in_the_form_too_and_next_stays_inside(room):
    """Typing the token works as well; a next address elsewhere leads to the start page."""
    status, headers, _ = _Form(room).post(room.token, next_url="//evil.example/x")
    assert status == 302 and headers["Location"] == "/voila/render/00_start.ipynb"


def test_wrong_pins_are_refused_and_then_limited(room):
    """A wrong PIN: the page again with a message (403). After ten wrong tries the client
    waits, even with the right PIN (429): guessing six characters of 32 is hopeless."""
    from betrokkenheid.serve import PIN_ATTEMPTS, room_pin

    form = _Form(room)
    for _ in range(PIN_ATTEMPTS):
        status, _, body = form.post("AAAAAA")
        assert status == 403 and "klopt niet" in body and 'role="alert"' in body
    status, _, body = form.post(room_pin(room.token))
    assert status == 429 and "Te veel pogingen" in body


def test_the_pages_templates_are_compiled_once(tmp_path, monkeypatch):
    """Voila makes a new exporter, with a new Jinja environment, for every page; the room's
    exporters share the templates' compiled code, and compile a template again only once it
    was changed."""
    import jinja2
    from voila.exporter import VoilaExporter

    exporter = serve._page_exporter(VoilaExporter, {})
    template = tmp_path / "page.j2"
    template.write_text("{{ 6 * 7 }}", "utf-8")
    compiled = []
    compile_ = jinja2.Environment.compile

    def counting(self, source, *args, **kwargs):
        compiled.append(source)
        return compile_(self, source, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)

    def render() -> str:
        environment = exporter(template_paths=[str(tmp_path)]).environment
        return environment.get_template("page.j2").render()

    assert [render(), render()] == ["42", "42"]
    assert len(compiled) == 1
    template.write_text("{{ 6 * 8 }}", "utf-8")
    assert render() == "48" and len(compiled) == 2


def test_the_scripts_to_preload_are_used_only_with_their_versions(tmp_path):
    """preload.txt names Voila's and the widgets' files as they are in the versions it was
    made for; with other versions installed the pages preload nothing."""
    from importlib.metadata import version

    listed = tmp_path / "preload.txt"
    listed.write_text(f"# a list\n# for: voila {version('voila')}\nvoila/static/voila.js\n")
    assert serve.preload_scripts(listed) == ["voila/static/voila.js"]
    listed.write_text("# for: voila 0.0.1\nvoila/static/voila.js\n")
    assert serve.preload_scripts(listed) == []
    listed.write_text("# for: no-such-package 1.0\nvoila/static/voila.js\n")
    assert serve.preload_scripts(listed) == []
    assert serve.preload_scripts(tmp_path / "missing.txt") == []


class TestChunks:
    """A page's webpack chunks in one script (serve.Chunks): what goes in, and that a
    JavaScript engine finds every chunk on its bundle's list, each as strict as it was."""

    SLOPPY = (
        "(self.webpackChunk_a=self.webpackChunk_a||[]).push([[1],{11:function(){return this}}]);"
    )
    STRICT = (
        '"use strict";(self.rspackChunk_b=self.rspackChunk_b||[]).push([[2],'
        "{22:function(){return this}}]);"
    )
    NOTICE = "/*! For license information please see 3.js.LICENSE.txt */\n"

    @pytest.fixture
    def roots(self, tmp_path):
        static, first, second = (tmp_path / name for name in ("static", "lab1", "lab2"))
        for folder in (static, first, second / "@w" / "m" / "static"):
            folder.mkdir(parents=True)
        (static / "voila.js").write_text("var entry = 1;\n")  # an entry, no chunk
        (static / "1.js").write_text(self.SLOPPY + "\n//# sourceMappingURL=1.js.map\n")
        third = self.STRICT.replace("[[2]", "[[3]").replace("22:", "33:")
        (static / "3.js").write_text(self.NOTICE + third)
        (second / "@w" / "m" / "static" / "2.js").write_text(self.STRICT)
        return {"static": [str(static)], "labextensions": [str(first), str(second)]}

    SCRIPTS = [
        "voila/static/voila.js",
        "voila/static/3.js",
        "voila/static/1.js",
        "voila/labextensions/@w/m/static/2.js?v=abc",
        "voila/static/missing.js",
    ]

    def test_the_chunks_go_in_one_script_and_the_rest_is_preloaded(self, roots):
        """The chunks (found in the roots, in order) go into the script; the entry and a
        missing file are preloaded as they were."""
        chunks, rest = serve.Chunks.of(self.SCRIPTS, roots)
        assert rest == ["voila/static/voila.js", "voila/static/missing.js"]
        assert [path.name for path in chunks.files] == ["3.js", "1.js", "2.js"]
        assert chunks.address == f"voila/btk-chunks.js?v={chunks.version}"
        script, packed = chunks.build()
        assert gzip.decompress(packed) == script
        assert script.startswith(self.NOTICE.encode())  # the license notice stays
        assert b"sourceMappingURL" not in script  # it would name another file's map

    def test_a_changed_chunk_gets_another_address(self, roots):
        before, _ = serve.Chunks.of(self.SCRIPTS, roots)
        Path(roots["static"][0], "1.js").write_text(self.SLOPPY.replace("11:", "12:"))
        after, _ = serve.Chunks.of(self.SCRIPTS, roots)
        assert before.version != after.version

    def test_no_chunk_no_script(self, roots):
        assert serve.Chunks.of(["voila/static/voila.js"], roots) == (
            None,
            ["voila/static/voila.js"],
        )

    def test_an_engine_finds_every_chunk_each_as_strict_as_it_was(self, roots, tmp_path):
        """Run in Node: each chunk is on its bundle's list; a strict chunk's function gets
        no ``this``, a sloppy one after it still gets the global object."""
        chunks, _ = serve.Chunks.of(self.SCRIPTS, roots)
        script, _ = chunks.build()
        page = tmp_path / "page.js"
        page.write_text(
            "globalThis.self = globalThis;\n" + script.decode() + "\n;const seen = {};"
            "for (const name of ['webpackChunk_a', 'rspackChunk_b']) {"
            "  for (const [ids, modules] of self[name]) {"
            "    for (const [id, make] of Object.entries(modules)) {"
            "      seen[id] = [ids[0], make() === globalThis ? 'sloppy' : 'strict'];"
            "} } }"
            "console.log(JSON.stringify(seen));"
        )
        done = subprocess.run(["node", str(page)], capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout) == {
            "33": [3, "strict"],  # under its license notice
            "11": [1, "sloppy"],  # after a strict chunk
            "22": [2, "strict"],
        }
