"""Rooms served by JupyterHub: the room under the hub, and ``betrokkenheid hub``.

A trainer logs in to the hub and starts a room: that trainer's single-user server, which is
the workbook's own hardened server (:mod:`betrokkenheid.serve`), never JupyterLab. Its
participants need no hub account: they join with the room's link or QR code, as in LAN mode.

**The room** (``betrokkenheid serve --hub``, the command the hub's spawner runs) reads what the
spawner sets in its environment:

* the address and prefix (``$JUPYTERHUB_SERVICE_URL``, ``$JUPYTERHUB_SERVICE_PREFIX``,
  ``/user/NAME/``): every page, template file, static file and kernel websocket is served
  under that prefix;
* the token: a participant's way in is the join link,
  ``PUBLIC_URL/user/NAME/voila/render/00_start.ipynb?token=...``, with the hub's public URL
  (``$JUPYTERHUB_PUBLIC_URL``), and afterwards the room's login cookie. The token and the
  secret that signs the cookie come from ``$BETROKKENHEID_ROOM_KEY`` (the hub gives each room a
  key of its own, :func:`room_key`), so they stay the same when the room is stopped and
  started again: printed links, QR codes and open browsers keep working. Without a key they
  are random at every start;
* the owner's way in: the room's default URL (``/user/NAME/``) sends the visitor through the
  hub's OAuth login (:mod:`jupyterhub.services.auth`); when the hub says this is the room's
  owner, the room gives them its login cookie and the start page. The dashboard then shows
  the join link and its QR code, as in LAN mode (``$BETROKKENHEID_JOIN_LINK``);
* what the hub expects of a single-user server: ``/api`` answers (the spawner waits for any
  answer that is not a server error), every answer names the hub's version
  (``X-JupyterHub-Version``), and the room tells ``$JUPYTERHUB_ACTIVITY_URL`` every
  ``$JUPYTERHUB_ACTIVITY_INTERVAL`` seconds (300) when it was last used: *now* while any
  page is open (a kernel with a browser connected), else the last page asked for or kernel
  message. An idle culler (Zero to JupyterHub's ``cull``) so stops a room only once no page
  has been open for its whole timeout; answers are saved when given, so that loses nothing;
* the hub's secrets (the room's API token and key) are taken out of the environment before
  any page's kernel starts; the kernels keep the database URL and the join link only.

Closed to everyone: JupyterLab (``/lab``: the room is no Jupyter server), the list of kernels
(``/api/kernels``; ``/api/kernels/ID`` only tells a page its own kernel's state and stops none),
contents (``/api/contents``), terminals and the list of pages (``/voila/tree``). A page's kernel
takes widget messages only, never code.

**The hub** (``betrokkenheid hub``): JupyterHub and configurable-http-proxy with the shipped
configuration (:func:`configure`, loaded by JupyterHub from ``hub_config.py``):
NativeAuthenticator (trainers sign up, an admin approves them; the first admin named by
``--admin``), ``SimpleLocalProcessSpawner`` running ``betrokkenheid serve --hub`` as the hub's
own user (a trial or a small installation; Zero to JupyterHub with KubeSpawner for more, see
``deploy/``), the database URL in each room's environment (never on a command line or in a
log), and the hub's state (its SQLite file, cookie secret, the rooms' secret) in the user's
data directory.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import random
import secrets
import shutil
import socket
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlparse

from .errors import InputError

__all__ = [
    "ACTIVITY_INTERVAL",
    "HubRoom",
    "ROOM_KEY_ENV",
    "SETTINGS_ENV",
    "configure",
    "find_proxy",
    "hub_dir",
    "room_key",
    "room_plan",
    "room_secrets",
    "run_hub",
]

ROOM_KEY_ENV = "BETROKKENHEID_ROOM_KEY"  # the room's key, from which its token and cookie secret
SETTINGS_ENV = "BETROKKENHEID_HUB_SETTINGS"  # what `betrokkenheid hub` tells hub_config.py
ACTIVITY_INTERVAL = 300  # seconds between reports to the hub, as jupyterhub-singleuser
HUB_SECRETS = ("JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN", ROOM_KEY_ENV)
PROXY = "configurable-http-proxy"
PROXY_MISSING = (
    "not found; install it with `npm install -g configurable-http-proxy` "
    "(or `npm ci` in the checkout)"
)
_CHECKOUT = Path(__file__).resolve().parents[1]


# -- the room --------------------------------------------------------------------------------
def room_secrets(key: str) -> tuple[str, bytes]:
    """The room's token and cookie secret, made from its key (the same key, the same ones).

    Examples
    --------
    >>> token, cookie = room_secrets("k" * 64)
    >>> token == room_secrets("k" * 64)[0], len(token), len(cookie)
    (True, 22, 32)
    >>> room_secrets("other")[0] == token
    False
    """
    raw = key.encode()
    token = hmac.new(raw, b"betrokkenheid room token", hashlib.sha256).digest()
    cookie = hmac.new(raw, b"betrokkenheid room cookie", hashlib.sha256).digest()
    return base64.urlsafe_b64encode(token).decode()[:22], cookie


def room_key(secret: bytes, user: str, server: str = "") -> str:
    """The key of ``user``'s room, for ``$BETROKKENHEID_ROOM_KEY``: the hub's secret and the
    room's name, hashed (so one room's key tells nothing of another's).

    Examples
    --------
    >>> room_key(b"s" * 32, "an") == room_key(b"s" * 32, "an") != room_key(b"s" * 32, "bo")
    True
    """
    name = f"{user}/{server}".encode()
    return hmac.new(secret, b"betrokkenheid room\0" + name, hashlib.sha256).hexdigest()


@dataclass
class HubRoom:
    """The room's side of JupyterHub: its owner, the hub's login, and activity reports.

    Made by :func:`room_plan`; :func:`betrokkenheid.serve.run` adds its handlers to Voila's.
    """

    owner: str
    server_name: str = ""
    api_token: str = field(default="", repr=False)
    activity_url: str = ""
    activity_interval: int = ACTIVITY_INTERVAL
    last_activity: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    def touch(self) -> None:
        """Note that the room was used just now (a page was asked for)."""
        self.last_activity = datetime.now(timezone.utc)

    def headers(self) -> dict[str, str]:
        """The headers every answer carries: the hub checks its version against them."""
        from jupyterhub import __version__

        return {"X-JupyterHub-Version": __version__}

    def used_at(self, kernel_manager=None) -> datetime:
        """When the room was last used: now while a page is open (a kernel with a browser
        connected), else the last page asked for or the last kernel message.

        Examples
        --------
        >>> room = HubRoom("an")
        >>> class Kernels:
        ...     _kernel_connections = {"k1": 1}
        >>> room.used_at(Kernels()) > room.last_activity
        True
        """
        connections = getattr(kernel_manager, "_kernel_connections", None) or {}
        if any(count > 0 for count in connections.values()):
            return datetime.now(timezone.utc)
        kernels = getattr(kernel_manager, "last_kernel_activity", None)
        return max(filter(None, (self.last_activity, kernels)))

    async def report(self, kernel_manager=None) -> bool:
        """Tell the hub when the room was last used (once); whether the hub took it."""
        from tornado.httpclient import AsyncHTTPClient, HTTPClientError

        moment = self.used_at(kernel_manager).isoformat().replace("+00:00", "Z")
        body = {"servers": {self.server_name: {"last_activity": moment}}, "last_activity": moment}
        try:
            await AsyncHTTPClient().fetch(
                self.activity_url,
                method="POST",
                headers={
                    "Authorization": f"token {self.api_token}",
                    "Content-Type": "application/json",
                },
                body=json.dumps(body),
                request_timeout=30,
            )
        except (HTTPClientError, OSError) as exc:  # the hub is away: the next report tries again
            _log().warning("could not tell the hub about the room's activity: %s", exc)
            return False
        return True

    def start_reporting(self, kernel_manager) -> None:
        """Report to the hub now and every :attr:`activity_interval` seconds (with 10 %
        jitter, so that many rooms do not report at once), in the running loop."""
        import asyncio

        from tornado.ioloop import IOLoop

        if not (self.activity_url and self.api_token and self.activity_interval > 0):
            return

        async def loop():
            while True:
                await self.report(kernel_manager)
                await asyncio.sleep(self.activity_interval * random.uniform(0.9, 1.1))

        IOLoop.current().add_callback(loop)

    def handlers(self, server_url: str, identity_provider) -> list:
        """The room's extra pages: its default URL (the owner's door), the hub's OAuth
        callback, and ``/api``."""
        from jupyter_server import __version__ as server_version
        from jupyter_server.auth.identity import User
        from jupyter_server.utils import url_path_join
        from jupyterhub.services.auth import (
            HubOAuth,
            HubOAuthCallbackHandler,
            HubOAuthenticated,
            UserNotAllowed,
        )
        from tornado import web

        from .serve import START_PAGE

        hub_auth = HubOAuth(api_token=self.api_token, cache_max_age=60)
        room = self
        start = url_path_join(server_url, START_PAGE)

        class _HubHeaders:
            def set_default_headers(self):
                super().set_default_headers()
                for name, value in room.headers().items():
                    self.set_header(name, value)

        class OwnerDoor(_HubHeaders, HubOAuthenticated, web.RequestHandler):
            """The room's default URL: the owner, logged in to the hub, gets the room's
            login cookie and the start page; anyone with that cookie the start page."""

            def initialize(self):
                self.hub_auth = hub_auth

            @property
            def base_url(self):  # where the room's login cookie applies
                return server_url

            def check_hub_user(self, model):
                model = super().check_hub_user(model)
                if model.get("kind", "user") != "user" or model.get("name") != room.owner:
                    raise UserNotAllowed(model)
                return model

            async def get(self):
                known = identity_provider.get_user_cookie(self)
                if hasattr(known, "__await__"):
                    known = await known
                if known is None:
                    model = await hub_auth.get_user(self, sync=False)
                    if not model:
                        return self.redirect(self.get_login_url())
                    try:
                        self.check_hub_user(model)
                    except UserNotAllowed:
                        raise web.HTTPError(403) from None
                    owner = User(username=f"hub-{room.owner}", name=room.owner)
                    identity_provider.set_login_cookie(self, owner)
                room.touch()
                self.redirect(start)

        class Callback(_HubHeaders, HubOAuthCallbackHandler):
            """Where the hub sends the owner back after logging in."""

            def initialize(self):
                self.hub_auth = hub_auth

        class Version(_HubHeaders, web.RequestHandler):
            """``/api``: the answer the hub's spawner waits for, as a Jupyter server gives."""

            def get(self):
                self.set_header("Content-Type", "application/json")
                self.finish(json.dumps({"version": server_version}))

        callback = urlparse(hub_auth.oauth_redirect_uri).path or url_path_join(
            server_url, "oauth_callback"
        )
        return [
            (server_url.rstrip("/") + "/?", OwnerDoor),
            (callback, Callback),
            (url_path_join(server_url, "api"), Version),
        ]


def _log():
    import logging

    return logging.getLogger("betrokkenheid.hub")


def room_plan(
    notebooks: str, environ=None, *, cull_idle_timeout: int | None = None, cull_interval=None
):
    """The plan of a room under JupyterHub, from the environment the hub's spawner set.

    Takes the hub's secrets (the API token and the room's key) out of ``environ`` (by default
    this process's), so that no page's kernel inherits them.

    Parameters
    ----------
    notebooks : str
        The folder of the pages.
    environ : dict, optional
        The environment to read (and take the secrets out of).
    cull_idle_timeout, cull_interval : int, optional
        As in :func:`betrokkenheid.serve.make_plan`.

    Returns
    -------
    betrokkenheid.serve.ServePlan
        With the room's token, its join link on the hub's public URL, and a :class:`HubRoom`.

    Examples
    --------
    >>> env = {"JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:8890/user/an/",
    ...        "JUPYTERHUB_SERVICE_PREFIX": "/user/an/", "JUPYTERHUB_USER": "an",
    ...        "JUPYTERHUB_PUBLIC_URL": "https://hub.example/user/an/",
    ...        "JUPYTERHUB_API_TOKEN": "secret", "BETROKKENHEID_ROOM_KEY": "k"}
    >>> plan = room_plan("notebooks", env)
    >>> plan.link == f"https://hub.example/user/an/voila/render/00_start.ipynb?token={plan.token}"
    True
    >>> "--Voila.base_url=/user/an/" in plan.argv, "JUPYTERHUB_API_TOKEN" in env
    (True, False)
    """
    from jupyter_server.utils import url_path_join

    from . import serve

    env = os.environ if environ is None else environ
    service = env.get("JUPYTERHUB_SERVICE_URL")
    if not service:
        raise InputError(
            "--hub", "is for JupyterHub's spawner ($JUPYTERHUB_SERVICE_URL is not set)"
        )
    try:
        import jupyterhub  # noqa: F401 - the room's login and version come from it
    except ImportError:
        raise InputError("--hub", "needs JupyterHub: pip install 'betrokkenheid[hub]'") from None
    address = urlparse(service)
    port = address.port or (443 if address.scheme == "https" else 80)
    prefix = env.get("JUPYTERHUB_SERVICE_PREFIX") or address.path or "/"
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    public = env.get("JUPYTERHUB_PUBLIC_URL") or (
        env["JUPYTERHUB_HOST"].rstrip("/") + prefix if env.get("JUPYTERHUB_HOST") else service
    )
    key = env.get(ROOM_KEY_ENV, "")
    token, cookie_secret = room_secrets(key) if key else (serve.new_token(), None)
    hub = HubRoom(
        owner=env.get("JUPYTERHUB_USER", ""),
        server_name=env.get("JUPYTERHUB_SERVER_NAME", ""),
        api_token=env.get("JUPYTERHUB_API_TOKEN", ""),
        activity_url=env.get("JUPYTERHUB_ACTIVITY_URL", ""),
        activity_interval=int(env.get("JUPYTERHUB_ACTIVITY_INTERVAL") or ACTIVITY_INTERVAL),
    )
    for name in HUB_SECRETS:
        env.pop(name, None)
    cull = {"cull_idle_timeout": cull_idle_timeout, "cull_interval": cull_interval}
    argv = serve.voila_argv(notebooks, port, **{k: v for k, v in cull.items() if v is not None})
    argv += [f"--Voila.ip={address.hostname or '0.0.0.0'}", f"--Voila.base_url={prefix}"]
    if public.startswith("https://"):
        argv.append("--IdentityProvider.secure_cookie=True")  # the browser sees https
    link = url_path_join(public, serve.START_PAGE) + f"?token={token}"
    return serve.ServePlan(
        argv,
        link,
        lan=True,
        token=token,
        base_url=prefix,
        hub=hub,
        cookie_secret=cookie_secret,
    )


# -- the hub ---------------------------------------------------------------------------------
def hub_dir() -> Path:
    """Where ``betrokkenheid hub`` keeps the hub's state: a ``hub`` folder in the user's data
    directory (beside the default database)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("betrokkenheid", appauthor=False)) / "hub"


def find_proxy(environ=None) -> str:
    """The path of configurable-http-proxy: on ``PATH``, or in the checkout's
    ``node_modules/.bin`` (``npm ci``); an :class:`InputError` saying how to install it."""
    env = os.environ if environ is None else environ
    found = shutil.which(PROXY, path=env.get("PATH"))
    if found is None:
        local = _CHECKOUT / "node_modules" / ".bin" / PROXY
        found = str(local) if os.access(local, os.X_OK) else None
    if found is None:
        raise InputError(PROXY, PROXY_MISSING)
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _bindable(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((ip or "0.0.0.0", port))
        except OSError:
            return False
    return True


def _secret_file(path: Path, size: int = 32) -> bytes:
    """The secret in ``path``, made (random, readable by its owner only) if it is not there."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as out:
            out.write(secrets.token_hex(size))
    return bytes.fromhex(path.read_text().strip())


def configure(c, environ=None) -> None:
    """Fill JupyterHub's config ``c`` with the shipped choices, from what ``betrokkenheid hub``
    put in ``$BETROKKENHEID_HUB_SETTINGS`` (JSON) and ``$BETROKKENHEID_DB``.

    The settings: ``ip``, ``port`` (the proxy's public address), ``public_url``, ``admin``,
    ``proxy`` (the path of configurable-http-proxy), ``data_dir``, ``hub_port`` and
    ``api_port`` (the hub's and the proxy's own, on 127.0.0.1).
    """
    from .store import DB_ENV, default_db

    env = os.environ if environ is None else environ
    settings = json.loads(env.get(SETTINGS_ENV) or "{}")
    data = Path(settings.get("data_dir") or hub_dir())
    data.mkdir(parents=True, exist_ok=True)
    os.chmod(data, 0o700)
    port = int(settings.get("port", 8000))
    c.JupyterHub.bind_url = f"http://{settings.get('ip', '')}:{port}/"
    if settings.get("public_url"):
        c.JupyterHub.public_url = settings["public_url"]
    c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings.get('hub_port') or _free_port()}"
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings.get('api_port') or _free_port()}"
    c.ConfigurableHTTPProxy.command = [settings.get("proxy") or find_proxy(env)]
    c.ConfigurableHTTPProxy.pid_file = str(data / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{data / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(data / "jupyterhub_cookie_secret")
    c.JupyterHub.allow_named_servers = False

    # trainers: sign up, an admin approves (OAuth instead: see the README)
    c.JupyterHub.authenticator_class = "native"
    c.NativeAuthenticator.open_signup = False
    c.NativeAuthenticator.check_common_password = True
    c.NativeAuthenticator.minimum_password_length = 10
    c.NativeAuthenticator.allowed_failed_logins = 5
    c.Authenticator.allow_all = True  # whoever an admin approved (NativeAuthenticator checks)
    if settings.get("admin"):
        c.Authenticator.admin_users = {settings["admin"]}

    # rooms: the workbook's server, as the hub's user, in a folder of its own
    secret = _secret_file(data / "rooms_secret")
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(data / "rooms" / "{username}")
    c.Spawner.cmd = [sys.executable, "-m", "betrokkenheid.cli", "serve", "--hub"]
    c.Spawner.args = []
    c.Spawner.default_url = ""
    c.Spawner.environment = {
        DB_ENV: env.get(DB_ENV) or default_db(),  # in the environment: never in `ps` or a log
        ROOM_KEY_ENV: lambda spawner: room_key(secret, spawner.user.name, spawner.name),
    }
    c.Spawner.server_token_scopes = ["users:activity!user"]  # to report activity, no more
    c.Spawner.http_timeout = 90
    c.Spawner.start_timeout = 90


def run_hub(
    db: str,
    port: int = 8000,
    *,
    ip: str = "",
    admin: str | None = None,
    public_url: str | None = None,
    config: str | None = None,
    data_dir: str | os.PathLike | None = None,
    out=None,
) -> int:
    """Start JupyterHub and its proxy in this process with the shipped configuration, until
    Ctrl+C or SIGTERM (which stop the rooms and the proxy too); the exit status.

    Parameters
    ----------
    db : str
        The database every room writes to (a PostgreSQL URL for real use).
    port : int
        The proxy's public port.
    ip : str
        The address to listen on; all of this computer's by default.
    admin : str, optional
        The hub's first admin, who signs up first and approves the trainers.
    public_url : str, optional
        The address people use (``https://...`` behind TLS); it is in the join links.
    config : str, optional
        A JupyterHub configuration file of the deployment's own, read after the shipped one
        (e.g. an OAuth authenticator).
    data_dir : path, optional
        The hub's state; :func:`hub_dir` by default.
    """
    from . import serve
    from .store import DB_ENV, display_name

    out = out or sys.stdout
    if not 0 < port < 65536:
        raise InputError("--port", f"{port} is not a port number (1 to 65535)")
    proxy = find_proxy()
    try:
        import jupyterhub  # noqa: F401
        import nativeauthenticator  # noqa: F401
    except ImportError:
        raise InputError("hub", "needs JupyterHub: pip install 'betrokkenheid[hub]'") from None
    if not _bindable(ip, port):
        raise InputError("--port", f"port {port} is in use; choose another with --port N")
    if config and not Path(config).is_file():
        raise InputError(config, "no such configuration file")
    if public_url is None:
        host = ip if ip not in ("", "0.0.0.0") else (serve.lan_addresses() or ["localhost"])[0]
        public_url = f"http://{host}:{port}/"
    settings = {
        "ip": ip,
        "port": port,
        "public_url": public_url,
        "admin": admin or os.environ.get("BETROKKENHEID_HUB_ADMIN") or "",
        "proxy": proxy,
        "data_dir": str(data_dir or hub_dir()),
        "hub_port": _free_port(),
        "api_port": _free_port(),
        "config": str(Path(config).resolve()) if config else "",
    }
    os.environ[SETTINGS_ENV] = json.dumps(settings)
    os.environ[DB_ENV] = db
    signup = f"{public_url.rstrip('/')}/hub/signup"
    lines = [
        "",
        "  JupyterHub voor het werkboek / JupyterHub for the workbook:",
        "",
        f"    {public_url.rstrip('/')}/hub/",
        "",
        f"  trainers: sign up at {signup}; an admin approves them at .../hub/authorize",
    ]
    if settings["admin"]:
        lines.append(f"  admin: {settings['admin']} (signs up first, with that name)")
    else:
        lines.append("  no admin: name one with --admin NAME, or nobody can approve a trainer")
    lines += [f"  database: {display_name(db)}", f"  state: {settings['data_dir']}", ""]
    out.write("\n".join(lines) + "\n")
    out.flush()

    from jupyterhub.app import JupyterHub

    JupyterHub.launch_instance(argv=["-f", str(Path(__file__).with_name("hub_config.py"))])
    return 0
