"""Serving the workbook to a room: Voila's options, the token, the join link and its QR code.

``betrokkenheid serve`` runs Voila inside its own process (no child process: Ctrl+C and
SIGTERM stop Voila, which shuts its kernels down). ``betrokkenheid serve --hub`` is the same
server as a JupyterHub single-user server, a trainer's room under ``/user/NAME/``: see
:mod:`betrokkenheid.hub`, which gives :func:`run` its plan and its extra handlers. The
choices:

* **localhost** by default (``127.0.0.1``, and only for requests that name localhost, so a web
  page elsewhere cannot reach it through DNS rebinding); with ``lan=True`` bound to the network
  (``0.0.0.0``) and protected by a random token: every page, kernel, API *and static file*
  needs it (a browser that opened the join link once keeps a login cookie, so the links between
  pages need no token). Voila itself leaves its static files open; ``RoomVoila`` closes them
  and answers every unknown path with a redirect to the login page (or 403). The kernels'
  websockets take no code (Voila passes on widget messages only); ``/api/kernels/ID`` tells
  a page its kernel's state (Voila's page asks it) but stops no kernel (DELETE is refused:
  a page's kernel stops with Voila's beacon when it is left, or is culled), and there is no
  list of kernels. Under a hub the room's token works the same way (its join link holds it),
  the trainer gets in through the hub's login instead, and the list of pages
  (``/voila/tree``) and their contents API are closed;
* the token is handed to Voila inside the process, never on a command line that ``ps`` shows;
* no tracebacks to visitors (``show_tracebacks=False``), no notebook sources;
* the pages ask no other site for anything: their template, ``betrokkenheid`` (in the package's
  Jupyter folder, put on ``JUPYTER_PATH`` by :func:`jupyter_env`), is Voila's lab template
  without its links to Font Awesome on a CDN, which would tell that site who visits (the icons
  come with the widgets' scripts);
* a page's kernel stops when the visitor leaves the page: Voila's page then sends a shutdown
  beacon, which plain Voila refuses for want of an ``_xsrf`` cookie (voila-dashboards/voila#1458);
  here every page gets that cookie;
* idle kernels are culled: a kernel that has had no browser connected to it and no activity
  for :data:`CULL_IDLE_TIMEOUT` seconds is stopped (a tab whose beacon never came: a browser
  that crashed, a laptop that went to sleep). A page that is open keeps its kernel. Answers are
  saved the moment they are given, so a culled kernel loses nothing: the visitor reloads the
  page, whose link holds their personal code;
* no preheated kernels: a preheated kernel runs the page before the request, so the pages
  would not see ``?p=CODE&lang=..`` (they read it when they run), and Voila's request-info
  websocket for preheated kernels asks no token. Instead each page's kernel is *forked* from
  a warm process that has imported what the pages need (:mod:`betrokkenheid.kernels`; off
  with ``BETROKKENHEID_FORKS=off``): ready at once, it runs the page for its own request and
  shares the memory of those imports;
* a browser connects to a page's kernel only once the kernel is idle: the pages make their
  questions right after their cell, with the kernel saying it is busy (``ui._common.soon``).
  Plain Voila connects a browser that asks during that time as soon as the kernel has answered
  it; the last new widgets may still be on their way then, and a browser that gets the last
  ones but not the first cannot draw the page ("widget model not found"). The idle status
  comes after all of them;
* the page's own scripts start only once its kernel is idle too: an empty picture after the
  last cell (:class:`Settled`) comes then, and Voila starts them at the load event, which
  waits for it. Voila's page waits two seconds for a widget it is to show; started earlier,
  while the questions were still being made, it said "model not found" and loaded again;
* a page's templates are compiled once per server: Voila makes a new Jinja environment for
  every request, which parsed and compiled the same templates again (about 170 ms of the
  server's time per page, more than half of it); :func:`_page_exporter` keeps their code;
* a page's head names the scripts its browser will need (``preload.txt`` beside the
  template, :func:`preload_scripts`), so that the browser fetches them while the server
  still runs the page; plain Voila's page asks for them only once it has come in whole.
  Those that are webpack chunks (84 of the 85) come as one script at the top of the page's
  body (:class:`Chunks`): one request instead of 84, each of which cost the browser and
  the one-threaded server their time while the page's kernel ran;
* the static files (a page's scripts: about 4.6 MB) go gzipped to a browser that takes it,
  each packed once per server (:class:`_Packed`): under 30% of the bytes over a room's
  wifi, and less for the server to write while it makes the pages.
"""

from __future__ import annotations

import asyncio
import hashlib
import ipaddress
import os
import re
import secrets
import socket
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "CHILDREN_PAGE",
    "CULL_IDLE_TIMEOUT",
    "CULL_INTERVAL",
    "LINK_ENV",
    "PARENTS_PAGE",
    "PIN_ENV",
    "START_PAGE",
    "ServePlan",
    "announce",
    "join_link",
    "join_pin",
    "jupyter_env",
    "lan_addresses",
    "make_plan",
    "new_token",
    "port_is_free",
    "qr_svg",
    "qr_text",
    "questionnaire_link",
    "room_pin",
    "run",
    "voila_argv",
]

START_PAGE = "voila/render/00_start.ipynb"
PARENTS_PAGE = "voila/render/10_ouders.ipynb"
CHILDREN_PAGE = "voila/render/11_kinderen.ipynb"
#: The questionnaire page of each audience (see ``Store.audience_code``).
QUESTIONNAIRE_PAGES = {"parent": PARENTS_PAGE, "child": CHILDREN_PAGE}
#: The JupyterLab extensions a page's browser loads (Voila drops the manager of the other
#: ipywidgets version).
PAGE_EXTENSIONS = (
    "@jupyter-widgets/jupyterlab-manager",
    "@voila-dashboards/widgets-manager8",
    "@voila-dashboards/widgets-manager7",
)
IOPUB_TIMEOUT = 60  # seconds a page's output may come after its cell ran (see voila_argv)
LINK_ENV = "BETROKKENHEID_JOIN_LINK"  # the join link, for the pages (the trainer's dashboard)
PIN_ENV = "BETROKKENHEID_ROOM_PIN"  # the room's PIN, for the dashboard
PIN_LENGTH = 6
PIN_ATTEMPTS = 10  # wrong PINs a client may type per window
PIN_WINDOW = 600  # seconds
CULL_IDLE_TIMEOUT = 600  # seconds without activity and without a browser: the kernel goes
CULL_INTERVAL = 60  # seconds between checks
SETTLED_URL = "voila/btk-settled/"  # + a kernel's id: answered once it is idle (Settled)
BUSY_WAIT = 90  # seconds at most that a browser waits for its kernel to finish making a page
# (a room loading its pages together on a busy 2-core machine can take longer than 30 s)
_NOT_LAN_INTERFACES = ("lo", "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "tun", "tap")


@dataclass(frozen=True)
class ServePlan:
    """What ``serve`` will start: Voila's arguments and the link to give the room.

    ``argv`` never holds the token; :func:`run` passes it to Voila inside the process.
    """

    argv: list[str]
    link: str
    lan: bool
    token: str | None = field(default=None, repr=False)
    other_links: list[str] = field(default_factory=list)
    base_url: str = "/"
    hub: object | None = field(default=None, repr=False)  # a hub.HubRoom under JupyterHub
    cookie_secret: bytes | None = field(default=None, repr=False)


def new_token() -> str:
    """A fresh random token for the join link (128 bits, URL-safe)."""
    return secrets.token_urlsafe(16)


def lan_addresses() -> list[str]:
    """The IPv4 addresses of this computer on its networks, the most likely one first.

    Read from the network interfaces; nothing is sent anywhere. Private addresses (a school's
    wifi) come before public ones; loopback, link-local and virtual bridges are left out.

    Examples
    --------
    >>> all(not a.startswith("127.") for a in lan_addresses())
    True
    """
    found: list[str] = []
    try:
        import psutil  # installed with IPython; a fallback below if not
    except ImportError:  # pragma: no cover - depends on the environment
        psutil = None
    if psutil is not None:
        stats = psutil.net_if_stats()
        for name, addrs in psutil.net_if_addrs().items():
            if name.startswith(_NOT_LAN_INTERFACES) or (name in stats and not stats[name].isup):
                continue
            found += [a.address for a in addrs if a.family == socket.AF_INET]
    else:  # pragma: no cover
        try:
            infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
        except OSError:
            infos = []
        found = [info[4][0] for info in infos]
    usable = []
    for text in dict.fromkeys(found):
        try:
            address = ipaddress.IPv4Address(text)
        except ValueError:  # pragma: no cover - psutil gives valid addresses
            continue
        if not (address.is_loopback or address.is_link_local or address.is_unspecified):
            usable.append(address)
    usable.sort(key=lambda a: (not a.is_private, str(a)))
    return [str(a) for a in usable]


def port_is_free(port: int, lan: bool) -> bool:
    """Whether Voila can listen on ``port`` (bound here for a moment; nothing is connected)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("0.0.0.0" if lan else "127.0.0.1", port))
        except OSError:
            return False
    return True


def make_plan(
    notebooks: str,
    port: int,
    lan: bool = False,
    *,
    token: str | None = None,
    addresses: list[str] | None = None,
    cull_idle_timeout: int = CULL_IDLE_TIMEOUT,
    cull_interval: int = CULL_INTERVAL,
) -> ServePlan:
    """Voila's arguments and the join link for serving ``notebooks`` on ``port``.

    Parameters
    ----------
    notebooks : str
        The folder of the pages.
    port : int
        The port to listen on; Voila does not try another one (``port_retries=0``), so the
        printed link is always the right one.
    lan : bool
        Serve to the network with a token, instead of this computer only.
    token : str, optional
        The token for LAN mode; a new random one by default.
    addresses : list of str, optional
        This computer's network addresses for the link; :func:`lan_addresses` by default.
    cull_idle_timeout, cull_interval : int
        Seconds of inactivity (with no browser connected) before a kernel is stopped, and
        seconds between checks.

    Examples
    --------
    >>> plan = make_plan("notebooks", 8866)
    >>> "--Voila.ip=127.0.0.1" in plan.argv, plan.link
    (True, 'http://localhost:8866/voila/render/00_start.ipynb')
    >>> plan = make_plan("notebooks", 8866, lan=True, token="abc", addresses=["192.168.1.5"])
    >>> plan.link
    'http://192.168.1.5:8866/voila/render/00_start.ipynb?token=abc'
    >>> any("abc" in arg for arg in plan.argv)
    False
    """
    argv = voila_argv(notebooks, port, cull_idle_timeout, cull_interval)
    if not lan:
        argv.append("--Voila.ip=127.0.0.1")
        return ServePlan(argv, f"http://localhost:{port}/{START_PAGE}", lan=False)
    token = token or new_token()
    argv.append("--Voila.ip=0.0.0.0")
    hosts = addresses if addresses is not None else lan_addresses()
    links = [f"http://{host}:{port}/{START_PAGE}?token={token}" for host in hosts]
    if not links:  # no network: the link names this computer; it works once it is on one
        links = [f"http://{socket.gethostname()}:{port}/{START_PAGE}?token={token}"]
    return ServePlan(argv, links[0], lan=True, token=token, other_links=links[1:])


def voila_argv(
    notebooks: str,
    port: int,
    cull_idle_timeout: int = CULL_IDLE_TIMEOUT,
    cull_interval: int = CULL_INTERVAL,
) -> list[str]:
    """Voila's arguments that every room has, alone or under a hub (no address, no token).

    Examples
    --------
    >>> "--show_tracebacks=False" in voila_argv("notebooks", 8866)
    True
    """
    if not 0 < port < 65536:
        from .errors import InputError

        raise InputError("--port", f"{port} is not a port number (1 to 65535)")
    return [
        str(notebooks),
        f"--port={port}",
        "--Voila.port_retries=0",
        "--no-browser",
        "--show_tracebacks=False",
        "--strip_sources=True",
        "--template=betrokkenheid",  # lab, without a CDN: see jupyter_env()
        "--theme=light",
        "--VoilaConfiguration.file_allowlist=.*\\.(png|svg|css)",
        # the pages' browser loads the widgets' extensions only: not the code colours of
        # jupyterlab_pygments, nor what else a researcher installs into this environment
        *(f"--VoilaConfiguration.extension_allowlist={name}" for name in PAGE_EXTENSIONS),
        f"--MappingKernelManager.cull_idle_timeout={int(cull_idle_timeout)}",
        f"--MappingKernelManager.cull_interval={int(cull_interval)}",
        "--MappingKernelManager.cull_connected=False",
        "--MappingKernelManager.cull_busy=False",
        # a busy machine (a room clicking Next together) may send a page's widgets later than
        # nbclient's 4 s after its cell; past that they were dropped, and the page came empty
        f"--VoilaExecutor.iopub_timeout={IOPUB_TIMEOUT}",
        # page kernels forked from one warm process: ready at once, memory shared (kernels.py)
        "--KernelProvisionerFactory.default_provisioner_name=betrokkenheid-fork",
        "--KernelManager.client_factory=betrokkenheid.kernels.QuickClient",
    ]


def qr_text(link: str) -> str:
    """The QR code of ``link`` as text for a terminal (two rows of modules per line).

    Examples
    --------
    >>> "█" in qr_text("http://192.168.1.5:8866/")
    True
    """
    import io

    import segno

    out = io.StringIO()
    segno.make(link, error="m").terminal(out, compact=True)
    return out.getvalue()


def qr_svg(link: str, scale: int = 6) -> str:
    """The QR code of ``link`` as an inline SVG element, for a page (the dashboard).

    It has a ``viewBox`` and no fixed size, so the page's CSS scales it whole to any size
    (a fixed size with a smaller box showed a clipped, unscannable corner); the quiet zone
    of four modules around it is part of the picture.

    Examples
    --------
    >>> svg = qr_svg("http://192.168.1.5:8866/")
    >>> svg.startswith("<svg viewBox="), "width=" in svg.split(">", 1)[0]
    (True, False)
    """
    import segno

    code = segno.make(link, error="m")
    return code.svg_inline(scale=scale, border=4, omitsize=True, title="QR code")


def join_link() -> str | None:
    """The join link of the server this kernel runs under (with its token in LAN mode).

    ``betrokkenheid serve`` hands it to every page's kernel as ``$BETROKKENHEID_JOIN_LINK``;
    outside it there is none.
    """
    return os.environ.get(LINK_ENV) or None


def questionnaire_link(
    code: str, base: str | None = None, page: str | None = None, audience: str = "parent"
) -> str:
    """The link a parent (``audience="parent"``) or a class's tablet (``"child"``) opens for
    the questionnaire ``code`` (see ``Store.audience_code``): that audience's page, unless
    ``page`` names another.

    ``base`` is the room's join link (what :func:`join_link` gives: the link keeps its token)
    or the address where the workbook is served (``https://workbook.school.example/``); by
    default the join link of the server this kernel runs under. An :class:`InputError` when
    there is none, or ``base`` is not a web address.

    Examples
    --------
    >>> questionnaire_link("K7MQ2PA", "http://192.168.1.5:8866/voila/render/00_start.ipynb?token=t")
    'http://192.168.1.5:8866/voila/render/10_ouders.ipynb?s=K7MQ2PA&token=t'
    >>> questionnaire_link("K7MQ2PA", "https://workbook.school.example/user/anna/")
    'https://workbook.school.example/user/anna/voila/render/10_ouders.ipynb?s=K7MQ2PA'
    >>> questionnaire_link("Q4TR8WZ", "https://workbook.school.example/", audience="child")
    'https://workbook.school.example/voila/render/11_kinderen.ipynb?s=Q4TR8WZ'
    """
    from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

    from .errors import InputError

    if page is None and audience not in QUESTIONNAIRE_PAGES:
        raise InputError("audience", f"no questionnaire for '{str(audience)[:20]}'")
    page = page or QUESTIONNAIRE_PAGES[audience]
    base = base if base is not None else join_link()
    if not base:
        who = "parents reach" if audience == "parent" else "the class's tablet reaches"
        raise InputError("address", f"give the address where {who} the workbook (--url)")
    parts = urlsplit(str(base).strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        shown = str(base).strip()[:60]
        raise InputError("address", f"'{shown}' is not a web address (http:// or https://)")
    path = parts.path.removesuffix(START_PAGE)
    path = path if path.endswith("/") else path + "/"
    keep = [(k, v) for k, v in parse_qsl(parts.query) if k == "token"]
    query = urlencode([("s", code), *keep])
    return urlunsplit((parts.scheme, parts.netloc, path + page, query, ""))


def announce(plan: ServePlan, db: str, out=None) -> None:
    """Print the join link (and in LAN mode its QR code) for the trainer.

    Under a hub this goes to the hub's log, so it names the room without its token: the
    trainer finds the join link and its QR code on the dashboard.
    """
    out = out or sys.stdout
    if plan.hub is not None:
        room = plan.link.split("?", 1)[0].removesuffix(START_PAGE)
        _write(out, f"betrokkenheid: room {room} ready (database: {db})\n")
        return
    lines = ["", "  Het werkboek staat klaar / the workbook is ready:", "", f"    {plan.link}", ""]
    if plan.lan:
        address = plan.link.split("?", 1)[0].removesuffix(START_PAGE)
        lines += [
            "  Alleen wie deze link (met het token) heeft, kan binnen.",
            "  Only people with this link (with its token) can get in.",
            "",
            f"  Of typ / or type:  {address}   pincode / PIN:  {room_pin(plan.token)}",
        ]
        if plan.other_links:
            lines += ["  Andere adressen van deze computer / other addresses of this computer:"]
            lines += [f"    {link}" for link in plan.other_links]
        lines.append("")
    _write(out, "\n".join(lines) + "\n")
    if plan.lan:
        _write(out, qr_text(plan.link))
    _write(out, f"  database: {db}\n  stop: Ctrl+C\n\n")


def _write(out, text: str) -> None:
    try:
        out.write(text)
    except UnicodeEncodeError:  # a console that cannot show the QR code's blocks
        out.write(text.encode(out.encoding or "ascii", "replace").decode(out.encoding or "ascii"))
    out.flush()


def _both(key: str, tag: str = "p") -> str:
    """Text ``key`` in Dutch, then in English beside it, each in its own ``tag``."""
    import html as html_module

    from .texts import tr

    nl, en = html_module.escape(tr(key, "nl")), html_module.escape(tr(key, "en"))
    return f'<{tag}>{nl}</{tag}><{tag} lang="en" class="en">{en}</{tag}>'


def jupyter_env(environ=None) -> dict[str, str]:
    """``environ`` (by default this process's) with the package's Jupyter data folder first on
    ``JUPYTER_PATH``, where Voila finds the pages' template, ``betrokkenheid``: the lab
    template without its links to a CDN."""
    from ._paths import jupyter_dir

    env = dict(os.environ if environ is None else environ)
    paths = [str(jupyter_dir()), *filter(None, env.get("JUPYTER_PATH", "").split(os.pathsep))]
    env["JUPYTER_PATH"] = os.pathsep.join(paths)
    return env


def run(plan: ServePlan) -> int:
    """Run Voila with the plan in this process, until Ctrl+C or SIGTERM; its exit status."""
    argv = list(plan.argv)
    if plan.token:
        argv.append(f"--token={plan.token}")
    os.environ.update(jupyter_env())
    os.environ[LINK_ENV] = plan.link  # kernels inherit it: the dashboard shows link and QR
    if plan.token:  # and the PIN to type, for whoever cannot scan
        os.environ[PIN_ENV] = room_pin(plan.token)
    RoomVoila = _room_voila(plan.hub)
    settings = {"cookie_secret": plan.cookie_secret} if plan.cookie_secret else {}
    from .kernels import start_forks, stop_forks

    start_forks(dict(os.environ))  # with the kernels' environment: the hub's secrets are out
    try:
        RoomVoila.launch_instance(argv=argv, **settings)
    finally:
        stop_forks()
    return 0


def room_pin(token: str) -> str:
    """The room's PIN: six characters made from its token, easy to read aloud and type (no
    0/O or 1/I), for whoever cannot scan the QR code.

    Examples
    --------
    >>> pin = room_pin("abc")
    >>> len(pin), pin == room_pin("abc") != room_pin("abd")
    (6, True)
    """
    import hashlib
    import hmac

    from .store import ALPHABET

    digest = hmac.new(token.encode(), b"betrokkenheid room pin", hashlib.sha256).digest()
    return "".join(ALPHABET[b % len(ALPHABET)] for b in digest[:PIN_LENGTH])


def join_pin() -> tuple[str, str] | None:
    """``(address, PIN)`` to type into a browser, for the dashboard (LAN mode and hub rooms).

    Examples
    --------
    >>> import os
    >>> os.environ[LINK_ENV] = "http://192.168.1.5:8866/voila/render/00_start.ipynb?token=t"
    >>> os.environ[PIN_ENV] = "K7MQ2P"
    >>> join_pin()
    ('192.168.1.5:8866', 'K7MQ2P')
    >>> del os.environ[LINK_ENV], os.environ[PIN_ENV]
    """
    pin = os.environ.get(PIN_ENV)
    link = join_link()
    if not (pin and link):
        return None
    room = link.split("?", 1)[0].removesuffix(START_PAGE)  # e.g. http://192.168.1.5:8866/
    address = room.split("://", 1)[-1].rstrip("/")  # what a person types: 192.168.1.5:8866
    if "/" in address:  # a room under a hub: its own address is the trainer's door
        address += "/login"
    return address, pin


def _page(title_key: str, body: str) -> str:
    """A small page of our own (login, logout): Dutch, with English beside it."""
    import html as html_module

    from .texts import tr

    title = f"{tr(title_key, 'nl')} / {tr(title_key, 'en')}"
    return _PAGE.format(title=html_module.escape(title), heading=_both(title_key, "h1"), body=body)


_PAGE = """<!doctype html>
<html lang="nl"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body {{ font: 18px/1.5 "DejaVu Sans", system-ui, sans-serif; color: #1f2328; margin: 0; }}
main {{ max-width: 30rem; margin: 0 auto; padding: 1.5rem 1rem; }}
.brand {{ color: #004b87; font-weight: 700; font-size: 15px; margin: 0; }}
h1 {{ font-size: 26px; margin: .2rem 0 0; line-height: 1.25; }}
h1.en {{ font-size: 18px; color: #555; font-weight: 400; margin: 0 0 1rem; }}
p.en, .en {{ color: #555; }}
label {{ display: block; font-weight: 700; margin-top: 1rem; }}
input {{ font: 700 32px/1.2 "DejaVu Sans Mono", monospace; letter-spacing: .25em;
  width: 100%; box-sizing: border-box; padding: 10px 12px; border: 2px solid #555;
  border-radius: 8px; text-transform: uppercase; }}
input:focus, button:focus {{ outline: 3px solid #004b87; outline-offset: 2px; }}
button {{ font: 700 20px/1 "DejaVu Sans", sans-serif; margin-top: 1rem; min-height: 48px;
  width: 100%; color: #fff; background: #004b87; border: 0; border-radius: 8px; }}
.error {{ border-left: 5px solid #b3261e; background: #fbeaea; padding: .5rem .8rem; }}
</style></head><body><main>
<p class="brand">Werkboek betrokkenheid</p>
{heading}
{body}
</main></body></html>
"""


def preload_file() -> Path:
    """``preload.txt`` beside the pages' template: the scripts to name in a page's head."""
    from ._paths import jupyter_dir

    return jupyter_dir() / "voila" / "templates" / "betrokkenheid" / "preload.txt"


def preload_scripts(path: Path | None = None) -> list[str]:
    """The scripts a page's browser loads, from ``path`` (by default :func:`preload_file`):
    addresses below the server's base URL. None at all when the file was made for other
    versions of Voila or the widgets than those installed (its names would be wrong): the
    pages then load as plain Voila's do.

    Examples
    --------
    >>> "voila/static/voila.js" in preload_scripts()
    True
    """
    from importlib.metadata import PackageNotFoundError, version

    path = path or preload_file()
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError:
        return []
    made_for = [line.split(":", 1)[1].split() for line in lines if line.startswith("# for:")]
    for package, wanted in made_for:
        try:
            if version(package) != wanted:
                return []
        except PackageNotFoundError:
            return []
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


# a webpack (or rspack) chunk: it only adds its modules to its bundle's list, under a
# license comment or not, strict or not
_CHUNK = re.compile(
    rb'\A(/\*!.*?\*/\s*)?("use strict";)?\(self\.([\w$]+)=self\.\3\|\|\[\]\)\.push\(\[\[', re.S
)
_SCRIPT_ROOTS = (("voila/static/", "static"), ("voila/labextensions/", "labextensions"))


@dataclass(frozen=True)
class Chunks:
    """The webpack chunks of a page's scripts (Voila's and the widgets' extensions'), in
    one script at ``voila/btk-chunks.js?v=VERSION``.

    Each chunk only adds its modules to its bundle's list (``self.webpackChunk…``); a
    bundle's runtime takes what is on that list when it starts, and asks for no chunk it
    finds there. So the page's body names this script before its cells, and voila.js, at
    the end, finds its chunks (and those of the widgets' extensions) there already. A
    strict chunk goes inside a function of its own (strict for itself only).
    """

    files: tuple[Path, ...]
    version: str  # from the files' names, sizes and times: another file, another address

    URL = "voila/btk-chunks.js"

    @classmethod
    def of(cls, scripts: list[str], roots: dict[str, list[str]]) -> tuple[Chunks | None, list[str]]:
        """The chunks among ``scripts`` (below the base URL, as :func:`preload_scripts`)
        and the scripts left to preload; ``roots``: the folders of Voila's ``static`` and
        ``labextensions`` addresses, searched in order as Voila's handlers do.

        Examples
        --------
        A script that is not found (or is no chunk) is left to preload:

        >>> Chunks.of(["voila/static/voila.js"], {"static": []})
        (None, ['voila/static/voila.js'])
        """
        files, rest, seen = [], [], hashlib.sha256()
        for script in scripts:
            path, start, stat = _script_file(script, roots), b"", None
            if path is not None:
                try:
                    with open(path, "rb") as file:
                        start, stat = file.read(512), os.fstat(file.fileno())
                except OSError:
                    pass
            if stat is None or not _CHUNK.match(start):
                rest.append(script)
                continue
            files.append(path)
            seen.update(f"{script} {stat.st_size} {stat.st_mtime_ns}\n".encode())
        if not files:
            return None, rest
        return cls(tuple(files), seen.hexdigest()[:16]), rest

    @property
    def address(self) -> str:
        return f"{self.URL}?v={self.version}"

    def build(self) -> tuple[bytes, bytes]:
        """The script, and the same gzipped."""
        parts = []
        for path in self.files:
            body = re.sub(rb"\n//# sourceMappingURL=\S*\s*\Z", b"", path.read_bytes().rstrip())
            found = _CHUNK.match(body)
            if found is None:  # changed since: this chunk comes as Voila would send it
                raise OSError(f"{path} is no chunk any more")
            if found.group(2):
                notice = found.group(1) or b""
                body = notice + b"!function(){" + body[len(notice) :] + b"\n}();"
            parts.append(body + b"\n;")
        script = b"\n".join(parts)
        return script, _gzip(script)


def _gzip(data: bytes) -> bytes:
    """``data`` gzipped as the room sends its scripts (the same bytes every time)."""
    import gzip

    return gzip.compress(data, compresslevel=6, mtime=0)


def _takes_gzip(request) -> bool:
    return "gzip" in request.headers.get("Accept-Encoding", "")


def _script_file(script: str, roots: dict[str, list[str]]) -> Path | None:
    for prefix, kind in _SCRIPT_ROOTS:
        if script.startswith(prefix):
            name = script[len(prefix) :].split("?", 1)[0]
            for root in roots.get(kind, []):
                if (Path(root) / name).is_file():
                    return Path(root) / name
    return None


def _page_exporter(exporter, head: dict):
    """``exporter`` (Voila's exporter class) with one store of compiled template code for
    all its instances (Jinja still reads each template and compares its checksum, so an
    edited template is compiled again), and ``head`` for the template: ``preload``, the
    scripts its head names, and ``chunks``, the address of :class:`Chunks` (or None)."""
    import jinja2

    class Compiled(jinja2.BytecodeCache):
        def __init__(self):
            self.code = {}

        def load_bytecode(self, bucket):
            checksum, code = self.code.get(bucket.key, (None, None))
            if checksum == bucket.checksum:
                bucket.code = code

        def dump_bytecode(self, bucket):
            self.code[bucket.key] = (bucket.checksum, bucket.code)

    compiled = Compiled()

    class PageExporter(exporter):
        made_here = True

        @property
        def environment(self):
            environment = super().environment
            environment.bytecode_cache = compiled
            environment.globals.update(head)
            return environment

    return PageExporter


# for the pages' template (_page_exporter); a room's server adds its own addresses
_page_head: dict = {"preload": [], "chunks": None, "settled": SETTLED_URL}
_EMPTY_GIF = bytes.fromhex(
    "47494638396101000100800000000000ffffff21f90401000000002c00000000010001000002024401003b"
)


async def _until_idle(kernel) -> None:
    """Until ``kernel`` (the server's record of it) is no longer busy, at most
    :data:`BUSY_WAIT` seconds."""
    deadline = time.monotonic() + BUSY_WAIT
    while kernel.execution_state == "busy" and time.monotonic() < deadline:
        await asyncio.sleep(0.02)


_chunk_builds: dict[str, Future] = {}  # Chunks.version -> (script, gzipped), per server

_PACKED_TYPES = ("javascript", "css", "json", "svg", "text/")  # compressible files
_PACK_FROM = 1024  # bytes: smaller files go as they are
_packs: dict[tuple[str, int, int], bytes] = {}  # (path, mtime, size) -> gzipped, per server


class _Packed:
    """Static files, gzipped (once per server, then from memory) for a browser that takes it.

    A page's scripts are about 4.6 MB, gzipped 1.3 MB: thirty phones opening their first
    page on a room's wifi fetch 39 MB instead of 138 (at 5 MB/s, 8 s instead of 28), and the
    server has fewer bytes to write while it makes the pages. A request for a part of a file
    (``Range``) gets the file as it is.
    """

    def _packed(self) -> bytes | None:
        if hasattr(self, "_pack"):
            return self._pack
        self._pack = None
        kind = self.get_content_type() or ""
        if not any(part in kind for part in _PACKED_TYPES):
            return None
        self.set_header("Vary", "Accept-Encoding")
        if not _takes_gzip(self.request) or "Range" in self.request.headers:
            return None
        stat = os.stat(self.absolute_path)
        if stat.st_size < _PACK_FROM:
            return None
        key = (self.absolute_path, stat.st_mtime_ns, stat.st_size)
        if key not in _packs:
            with open(self.absolute_path, "rb") as file:
                _packs[key] = _gzip(file.read())
        self._pack = _packs[key]
        return self._pack

    def compute_etag(self):
        etag = super().compute_etag()
        if etag and self._packed() is not None:  # another body, another tag
            etag = etag[:-1] + '-gz"'
        return etag

    def set_extra_headers(self, path):
        super().set_extra_headers(path)
        if self._packed() is not None:
            self.set_header("Content-Encoding", "gzip")

    def get_content_size(self):
        packed = self._packed()
        return super().get_content_size() if packed is None else len(packed)

    def get_content(self, abspath, start=None, end=None):  # an instance's, not the class's
        packed = self._packed()
        return super().get_content(abspath, start, end) if packed is None else packed

    @classmethod
    def get_content_version(cls, abspath):
        """The file's hash for its ``?v=`` (tornado reads the file through the class here,
        where :meth:`get_content` is an instance's)."""
        from tornado import web

        return web.StaticFileHandler.get_content_version.__func__(web.StaticFileHandler, abspath)


def _room_voila(hub=None):
    """Voila with its static files and unknown paths behind the login too, no kernels' REST
    API, and pages that carry the _xsrf cookie their shutdown beacon needs; with ``hub`` (a
    :class:`betrokkenheid.hub.HubRoom`), a room under JupyterHub."""
    from jupyter_server.auth.decorator import allow_unauthenticated
    from jupyter_server.base.handlers import JupyterHandler
    from jupyter_server.services.kernels.handlers import KernelHandler
    from jupyter_server.services.kernels.websocket import KernelWebsocketHandler
    from jupyter_server.utils import url_path_join
    from tornado import web
    from voila import notebook_renderer
    from voila.app import Voila
    from voila.handler import VoilaHandler
    from voila.tornado.contentshandler import VoilaContentsHandler
    from voila.treehandler import VoilaTreeHandler

    exporter = notebook_renderer.VoilaExporter  # what makes each page's HTML
    if not getattr(exporter, "made_here", False):  # not yet, by a room before in this process
        notebook_renderer.VoilaExporter = _page_exporter(exporter, _page_head)

    class _XsrfCookie:
        """Give a page the ``_xsrf`` cookie: Voila's page sends it with the beacon that shuts
        its kernel down when the visitor leaves; without it that is refused (403,
        voila-dashboards/voila#1458) and the kernel lingers until it is culled."""

        async def prepare(self):
            await super().prepare()
            if self.current_user:
                self.xsrf_token  # noqa: B018 - reading it sets the cookie
                if hub is not None:
                    hub.touch()  # a page was asked for: the room is in use

    class _WhenIdle:
        """Connect a browser to its kernel only once the kernel is idle, waiting at most
        :data:`BUSY_WAIT` seconds (see the module's notes)."""

        async def pre_get(self):
            await super().pre_get()
            await _until_idle(self.kernel_manager.get_kernel(self.kernel_id))

    class _ReadOnlyKernel:
        """``/api/kernels/ID``: a page reads its kernel's state there, but nobody stops a
        kernel through it (a page's kernel stops with Voila's beacon, or is culled)."""

        def delete(self, *_args, **_kwargs):
            raise web.HTTPError(405)

    def harden(rule, server_url):
        pattern, handler, *rest = rule
        if pattern == "/logout":  # Jupyter's logout page needs files Voila has not got
            return (url_path_join(server_url, pattern), Logout)
        if pattern == "/login":  # ours, and Voila adds its login page without its prefix
            return (url_path_join(server_url, pattern), RoomLogin)
        if isinstance(handler, type) and issubclass(handler, KernelHandler):
            return (pattern, type(handler.__name__, (_ReadOnlyKernel, handler), {}), *rest)
        if isinstance(handler, type) and issubclass(
            handler, (VoilaTreeHandler, VoilaContentsHandler)
        ):
            return None  # no list of the pages: the start page links every step
        if isinstance(handler, type) and issubclass(handler, VoilaHandler):
            return (pattern, type(handler.__name__, (_XsrfCookie, handler), {}), *rest)
        if isinstance(handler, type) and issubclass(handler, KernelWebsocketHandler):
            return (pattern, type(handler.__name__, (_WhenIdle, handler), {}), *rest)
        if isinstance(handler, type) and issubclass(handler, web.StaticFileHandler):
            bases = (handler,) if issubclass(handler, JupyterHandler) else (JupyterHandler, handler)
            bases = (_Packed, *bases)
            guarded = type(
                f"LoginRequired{handler.__name__}",
                bases,
                {"get": web.authenticated(handler.get), "__module__": __name__},
            )
            return (pattern, guarded, *rest)
        return rule

    class Settled(JupyterHandler):
        """``voila/btk-settled/KERNEL``: an empty picture at the end of a page's cells, sent
        once the page's kernel is idle (at most :data:`BUSY_WAIT` seconds). Voila's page
        starts its scripts at the ``load`` event, which waits for this picture: so they
        start once the questions made after the cell are there. Started earlier, the page
        gives up on a widget it waited two seconds for ("model not found") and loads again,
        as a page whose questions took longer to make (a busy room) did."""

        @web.authenticated
        async def get(self, kernel_id):
            try:
                kernel = self.kernel_manager.get_kernel(kernel_id)
            except (KeyError, web.HTTPError):  # gone already: nothing to wait for
                kernel = None
            if kernel is not None:
                await _until_idle(kernel)
            self.set_header("Content-Type", "image/gif")
            self.set_header("Cache-Control", "no-store")
            self.finish(_EMPTY_GIF)

    class ChunksScript(JupyterHandler):
        """``voila/btk-chunks.js``: the pages' webpack chunks in one script (:class:`Chunks`),
        made in a thread when the room starts, then from memory; gzipped for a browser that
        takes it. Its address carries its version, so a browser keeps it."""

        def initialize(self, chunks: Chunks):
            self.chunks = chunks

        @web.authenticated
        async def get(self):
            try:
                script, packed = await asyncio.wrap_future(_chunk_builds[self.chunks.version])
            except OSError as error:  # the page's scripts then come one by one, as in Voila
                self.log.warning("betrokkenheid: no chunks script (%s)", error)
                raise web.HTTPError(404) from None
            self.set_header("Content-Type", "text/javascript; charset=utf-8")
            self.set_header("Cache-Control", "max-age=31536000, immutable")
            self.set_header("Vary", "Accept-Encoding")
            self.set_header("ETag", f'"{self.chunks.version}"')
            if self.check_etag_header():  # the browser has it
                self.set_status(304)
                return self.finish()
            if _takes_gzip(self.request):
                self.set_header("Content-Encoding", "gzip")
                script = packed
            self.finish(script)

    class Logout(JupyterHandler):
        """``/logout``: forget the login cookie and say so, in Dutch and English."""

        def get(self):
            self.identity_provider.clear_login_cookie(self)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.finish(_page("logged_out_title", _both("logged_out")))

    failures: dict[str, list[float]] = {}  # wrong PINs per client, in this window

    class RoomLogin(JupyterHandler):
        """The login page of our own: the room's PIN (or its token), in Dutch and English.

        Each client has :data:`PIN_ATTEMPTS` wrong tries per :data:`PIN_WINDOW` seconds;
        then it waits (six characters of 32: a guess is one in a billion).
        """

        def _next(self) -> str:
            start = url_path_join(self.settings.get("server_url", "/"), START_PAGE)
            wanted = self.get_argument("next", default="")
            prefix = self.settings.get("server_url", "/")
            inside = wanted.startswith(prefix) and not wanted.startswith("//")
            if inside and "\\" not in wanted and wanted.rstrip("/") != prefix.rstrip("/"):
                return wanted
            return start  # the room's own address, or anything else: the start page

        def _show(self, problem: str | None = None, status: int = 200):
            import html as html_module

            from .texts import tr

            self.set_status(status)
            self.set_header("Content-Type", "text/html; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            # the form's POST must name its origin (no-referrer would send "null", which the
            # server refuses as another site's); still nothing goes to other sites
            self.set_header("Referrer-Policy", "same-origin")
            error = ""
            if problem:
                error = (
                    f'<p class="error" role="alert">{html_module.escape(tr(problem, "nl"))}<br>'
                    f'<span lang="en" class="en">{html_module.escape(tr(problem, "en"))}'
                    "</span></p>"
                )
            form = (
                f"{_both('pin_intro')}{error}"
                f'<form method="post" action="{html_module.escape(self.request.path)}">'
                f"{self.xsrf_form_html()}"
                f'<input type="hidden" name="next" value="{html_module.escape(self._next())}">'
                f'<label for="pin">{tr("pin_label", "nl")} / '
                f'<span lang="en">{tr("pin_label", "en")}</span></label>'
                '<input id="pin" name="pin" autocomplete="off" autocapitalize="characters" '
                'spellcheck="false" maxlength="24" required autofocus>'
                f'<button type="submit">{tr("pin_button", "nl")} / '
                f'<span lang="en">{tr("pin_button", "en")}</span></button></form>'
            )
            self.finish(_page("pin_title", form))

        @allow_unauthenticated
        def get(self):
            if self.current_user:
                return self.redirect(self._next())
            self._show()

        @allow_unauthenticated
        def post(self):
            now = time.monotonic()
            client = self.request.remote_ip or "?"
            recent = [t for t in failures.get(client, []) if now - t < PIN_WINDOW]
            failures[client] = recent
            if len(recent) >= PIN_ATTEMPTS:
                return self._show("pin_too_many", status=429)
            typed = self.get_argument("pin", default="")
            token = self.identity_provider.token
            pin = "".join(typed.split()).replace("-", "").upper()
            if token and (
                secrets.compare_digest(pin, room_pin(token))
                or secrets.compare_digest(typed.strip(), token)
            ):
                failures.pop(client, None)
                user = self.identity_provider.generate_anonymous_user(self)
                self.identity_provider.set_login_cookie(self, user)
                return self.redirect(self._next())
            recent.append(now)
            self._show("pin_wrong", status=403)

    class NotFound(JupyterHandler):
        """Any other path: the login page (or 403) without the token, 404 with it."""

        @web.authenticated
        def get(self, path):
            if not path and self.request.method == "GET":  # the room's address: its start page
                return self.redirect(url_path_join(self.settings["server_url"], START_PAGE))
            raise web.HTTPError(404)

        def write_error(self, status_code, **kwargs):
            # Jupyter's error page needs a static_path Voila has not got: a plain answer
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(f"{status_code} {self._reason}\n")

        post = put = patch = delete = options = get

    class RoomVoila(Voila):
        """Voila that lets nobody without the token see anything but the login page, and
        that, on localhost, answers only requests for localhost (no DNS rebinding)."""

        def init_settings(self):
            settings = super().init_settings()
            # no page address (which may carry ?token= or ?p=CODE) ever goes to another site,
            # and no cookie is sent with a request that another site starts
            headers = {**settings.get("headers", {}), "Referrer-Policy": "no-referrer"}
            settings["headers"] = headers
            settings["xsrf_cookie_kwargs"] = {
                **settings.get("xsrf_cookie_kwargs", {}),
                "path": self.server_url or "/",
                "samesite": "Lax",  # not HttpOnly: Voila's page reads it for its beacon
            }
            self.identity_provider.cookie_options = {
                **self.identity_provider.cookie_options,
                "samesite": "Lax",  # and HttpOnly, as Jupyter sets it
            }
            if hub is not None:  # requests come through the hub's proxy, with its Host
                settings["headers"] = {**settings["headers"], **hub.headers()}
            elif self.ip in ("127.0.0.1", "localhost", "::1"):
                settings["allow_remote_access"] = False  # Host must be localhost or 127.x
            return settings

        def init_handlers(self):
            handlers = [harden(rule, self.server_url) for rule in super().init_handlers()]
            handlers = [rule for rule in handlers if rule is not None]
            if hub is not None:
                handlers = hub.handlers(self.server_url, self.identity_provider) + handlers
            settled = url_path_join(self.server_url, "/" + SETTLED_URL, r"([\w-]+)")
            handlers = [(settled, Settled), *handlers]
            roots = {"static": self.static_paths, "labextensions": self.labextensions_path}
            chunks, preload = Chunks.of(preload_scripts(), roots)
            _page_head.update(preload=preload, chunks=chunks and chunks.address)
            if chunks is not None:
                if chunks.version not in _chunk_builds:  # its gzip takes about 0.1 s
                    builder = ThreadPoolExecutor(1, thread_name_prefix="btk-chunks")
                    _chunk_builds[chunks.version] = builder.submit(chunks.build)
                    builder.shutdown(wait=False)  # its thread ends once the script is made
                address = url_path_join(self.server_url, "/" + Chunks.URL)
                handlers = [(address, ChunksScript, {"chunks": chunks}), *handlers]
            return handlers + [(url_path_join(self.server_url, r"/(.*)"), NotFound)]

        def listen(self):
            if hub is not None:  # tell the hub, now and then, that the room is in use
                hub.start_reporting(self.kernel_manager)
            super().listen()

    return RoomVoila
