"""``betrokkenheid hub`` and ``serve --hub`` without a hub: their plans, checks and messages."""

import json
import os
from pathlib import Path
from types import SimpleNamespace

import pytest

from betrokkenheid import cli, hub

ROOM_ENV = {
    "JUPYTERHUB_SERVICE_URL": "http://127.0.0.1:8890/user/an/",
    "JUPYTERHUB_SERVICE_PREFIX": "/user/an/",
    "JUPYTERHUB_USER": "an",
    "JUPYTERHUB_PUBLIC_URL": "http://hub.example:8000/user/an/",
    "JUPYTERHUB_API_TOKEN": "the-rooms-api-token",
    "JPY_API_TOKEN": "the-rooms-api-token",
    "JUPYTERHUB_ACTIVITY_URL": "http://127.0.0.1:8081/hub/api/users/an/activity",
    "BETROKKENHEID_ROOM_KEY": "a-key",
}


class TestRoomPlan:
    def test_under_the_hubs_prefix_with_a_stable_token(self):
        """The room listens where the spawner said, under its prefix, and the same key gives
        the same token (links and cookies survive a restart)."""
        first = hub.room_plan("notebooks", dict(ROOM_ENV))
        second = hub.room_plan("notebooks", dict(ROOM_ENV))
        assert "--Voila.base_url=/user/an/" in first.argv
        assert "--Voila.ip=127.0.0.1" in first.argv and "--port=8890" in first.argv
        assert first.token == second.token and first.cookie_secret == second.cookie_secret
        assert first.link == (
            f"http://hub.example:8000/user/an/voila/render/00_start.ipynb?token={first.token}"
        )
        assert not any(first.token in arg for arg in first.argv)
        assert first.hub.owner == "an" and first.hub.api_token == "the-rooms-api-token"

    def test_takes_the_hubs_secrets_out_of_the_environment(self):
        """No page's kernel inherits the room's API token or key."""
        env = dict(ROOM_ENV)
        hub.room_plan("notebooks", env)
        assert not {"JUPYTERHUB_API_TOKEN", "JPY_API_TOKEN", "BETROKKENHEID_ROOM_KEY"} & set(env)
        assert env["JUPYTERHUB_USER"] == "an"  # the rest stays, for the hub's login

    def test_without_a_key_a_random_token(self):
        """Without a room key the token is new at every start."""
        env = {k: v for k, v in ROOM_ENV.items() if k != "BETROKKENHEID_ROOM_KEY"}
        assert hub.room_plan("notebooks", dict(env)).token != hub.room_plan("nb", dict(env)).token

    def test_https_cookies_are_secure(self):
        """Behind https the room's login cookie is marked secure."""
        env = dict(ROOM_ENV, JUPYTERHUB_PUBLIC_URL="https://hub.example/user/an/")
        assert "--IdentityProvider.secure_cookie=True" in hub.room_plan("nb", env).argv

    def test_outside_a_hub_is_bad_input(self, tmp_path, monkeypatch, capsys):
        """serve --hub without the spawner's environment: one line, exit 2."""
        monkeypatch.delenv("JUPYTERHUB_SERVICE_URL", raising=False)
        assert cli.main(["serve", "--hub", "--db", str(tmp_path / "room.sqlite")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "JUPYTERHUB_SERVICE_URL" in err


class TestActivity:
    def test_open_pages_count_as_now(self):
        """While a page is open the room is in use; otherwise its last request counts."""
        room = hub.HubRoom("an")
        idle = SimpleNamespace(_kernel_connections={"k": 0}, last_kernel_activity=None)
        busy = SimpleNamespace(_kernel_connections={"k": 2}, last_kernel_activity=None)
        assert room.used_at(idle) == room.last_activity
        assert room.used_at(busy) > room.last_activity


class TestHubCommand:
    @pytest.mark.parametrize("port", ["abc", "0", "70000"])
    def test_bad_port(self, port, capsys):
        """A port that is no port: one line, exit 2."""
        assert cli.main(["hub", "--port", port]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "--port" in err and "Traceback" not in err

    def test_missing_proxy_says_how_to_install_it(self, tmp_path, monkeypatch, capsys):
        """No configurable-http-proxy on PATH or in node_modules: how to install it, exit 2."""
        monkeypatch.setenv("PATH", str(tmp_path))
        monkeypatch.setattr(hub, "_CHECKOUT", tmp_path)
        assert cli.main(["hub", "--db", str(tmp_path / "rooms.sqlite")]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "npm install -g configurable-http-proxy" in err

    def test_finds_the_proxy_in_the_checkout(self, tmp_path, monkeypatch):
        """npm ci puts the proxy in node_modules/.bin: found there when not on PATH."""
        proxy = tmp_path / "node_modules" / ".bin" / "configurable-http-proxy"
        proxy.parent.mkdir(parents=True)
        proxy.write_text("#!/bin/sh\n")
        proxy.chmod(0o755)
        monkeypatch.setattr(hub, "_CHECKOUT", tmp_path)
        assert hub.find_proxy({"PATH": str(tmp_path / "nowhere")}) == str(proxy)


class TestConfigure:
    def _config(self, tmp_path, **settings):
        from traitlets.config import Config

        c = Config()
        env = {
            hub.SETTINGS_ENV: json.dumps(
                {"port": 8123, "proxy": "/bin/true", "data_dir": str(tmp_path), **settings}
            ),
            "BETROKKENHEID_DB": "postgresql://trainer:geheim@db.example/rooms",
        }
        hub.configure(c, env)
        return c

    def test_rooms_run_the_workbook_with_the_database_in_their_environment(self, tmp_path):
        """The spawner runs serve --hub; the database URL is in the room's environment only,
        never on its command line (the hub logs that)."""
        c = self._config(tmp_path, admin="beheer")
        assert c.Spawner.cmd[-3:] == ["betrokkenheid.cli", "serve", "--hub"]
        assert not any("geheim" in part for part in c.Spawner.cmd)
        env = c.Spawner.environment
        assert env["BETROKKENHEID_DB"] == "postgresql://trainer:geheim@db.example/rooms"
        spawner = SimpleNamespace(user=SimpleNamespace(name="an"), name="")
        other = SimpleNamespace(user=SimpleNamespace(name="bo"), name="")
        assert env["BETROKKENHEID_ROOM_KEY"](spawner) != env["BETROKKENHEID_ROOM_KEY"](other)
        assert c.JupyterHub.authenticator_class == "native"
        assert c.Authenticator.admin_users == {"beheer"}
        assert c.NativeAuthenticator.open_signup is False
        assert c.JupyterHub.bind_url == "http://:8123/"
        assert c.Spawner.server_token_scopes == ["users:activity!user"]

    def test_state_in_its_own_folder(self, tmp_path):
        """The hub's database, cookie secret and the rooms' secret stay in the data folder,
        the secret readable by its owner only and the same at the next start."""
        c = self._config(tmp_path)
        assert c.JupyterHub.db_url == f"sqlite:///{tmp_path / 'jupyterhub.sqlite'}"
        assert Path(c.JupyterHub.cookie_secret_file).parent == tmp_path
        secret = tmp_path / "rooms_secret"
        assert secret.stat().st_mode & 0o777 == 0o600
        spawner = SimpleNamespace(user=SimpleNamespace(name="an"), name="")
        key = c.Spawner.environment["BETROKKENHEID_ROOM_KEY"](spawner)
        again = self._config(tmp_path).Spawner.environment["BETROKKENHEID_ROOM_KEY"]
        assert again(spawner) == key
        assert os.stat(tmp_path).st_mode & 0o077 == 0


def test_hub_prints_no_password(tmp_path, monkeypatch, capsys):
    """The banner names the database without its password."""
    from jupyterhub.app import JupyterHub

    monkeypatch.setattr(hub, "find_proxy", lambda: "/bin/true")
    monkeypatch.setattr(JupyterHub, "launch_instance", classmethod(lambda cls, argv: None))
    monkeypatch.setenv("BETROKKENHEID_DB", "")  # run_hub sets both: restored afterwards
    monkeypatch.delenv(hub.SETTINGS_ENV, raising=False)
    hub.run_hub("postgresql://trainer:geheim@db.example/rooms", 18123, data_dir=tmp_path)
    out = capsys.readouterr().out
    assert "geheim" not in out and "postgresql://trainer:***@db.example/rooms" in out
