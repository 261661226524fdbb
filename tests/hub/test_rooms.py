"""Rooms on JupyterHub, end to end, with nothing stood in for: PostgreSQL, ``betrokkenheid
hub`` (JupyterHub, configurable-http-proxy, NativeAuthenticator, the room server it spawns)
and Chromium, every request through the proxy.

A trainer signs up, an admin approves, the trainer logs in and the hub starts their room; they
get into it without its token, create a session and open the dashboard, which shows the join
link. Ten participants join with that link and answer; the answers are in PostgreSQL and on
the dashboard. The room is stopped and started again through the hub's REST API, and nothing
is lost. A participant reaches nothing but the pages.
"""

import json
import re
import urllib.request
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from ..helpers import is_kernel, wait_for

pytestmark = pytest.mark.hub

PASSWORD = "Een-lang-wachtwoord-2024!"  # NativeAuthenticator refuses short or common ones
TRAINER = "trainer"
PARTICIPANTS = 10
AT_ONCE = 5  # participants whose pages load at the same time (2 cores)
ROOM_TIMEOUT = 90_000  # ms for the hub to start a room and the start page to be usable
SHOTS = Path("/tmp/hub-shots")
CLOSED = [
    "lab",
    "lab/tree",
    "tree",
    "api/kernels",
    "api/contents",
    "api/contents/00_start.ipynb",
    "api/sessions",
    "api/terminals",
    "terminals/1",
    "voila/tree",
    "voila/api/contents/",
    "voila/render/",
    "api/kernels/0b0c2c2a-1111-4222-8333-444455556666",
]


# the status of each request a page made for its chunks script (serve.Chunks)
CHUNKS = """() => performance.getEntriesByType('resource')
    .filter(e => new URL(e.name).pathname.endsWith('/voila/btk-chunks.js'))
    .map(e => e.responseStatus)"""


def _sign_up(browser, hub, name: str) -> str:
    page = browser.new_page()
    try:
        page.goto(f"{hub.url}/hub/signup")
        page.fill("#username_input", name)
        page.fill("#password_input", PASSWORD)
        page.fill("#password_confirmation_input", PASSWORD)
        page.locator("form [type=submit]").click()
        return page.locator(".alert").first.inner_text()
    finally:
        page.close()


def _log_in(context, hub, name: str, next_url: str = ""):
    page = context.new_page()
    page.goto(f"{hub.url}/hub/login" + (f"?next={next_url}" if next_url else ""))
    page.fill("#username_input", name)
    page.fill("#password_input", PASSWORD)
    page.locator("#login_submit").click()
    return page


def _api(hub, token: str, method: str, path: str):
    """One request to the hub's REST API with ``token``: (status, JSON body or None)."""
    request = urllib.request.Request(
        f"{hub.url}/hub/api/{path}",
        method=method,
        headers={"Authorization": f"token {token}"},
        data=b"" if method == "POST" else None,
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        body = answer.read()
        return answer.status, (json.loads(body) if body else None)


def _screenshots(page, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    for width, height in ((1280, 800), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(300)  # let the layout settle before the picture (not a sync)
        page.screenshot(path=str(SHOTS / f"{name}-{width}x{height}.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 800})


def _join(context, link: str, session_code: str):
    """Open the join link in ``context`` (a participant's browser): the start page."""
    tab = context.new_page()
    tab.goto(link, wait_until="commit")
    return tab


def _personal_code(tab, session_code: str, role: str) -> str:
    from playwright.sync_api import expect

    tab.get_by_placeholder("K7MQ2P").fill(session_code)
    tab.get_by_text(role, exact=True).click()
    tab.locator(".btk-primary", has_text="Meedoen").click()
    go = tab.locator(".btk-go")
    expect(go).to_be_visible()
    return parse_qs(urlparse(go.get_attribute("href")).query)["p"][0]


def _answers_in_postgres(url: str, session_code: str) -> list[tuple[str, str, float]]:
    import sqlalchemy

    engine = sqlalchemy.create_engine(url, poolclass=sqlalchemy.pool.NullPool)
    query = sqlalchemy.text(
        "SELECT p.code, a.item, a.value FROM answers a"
        " JOIN participants p ON p.id = a.participant_id"
        " JOIN sessions s ON s.id = p.session_id"
        " WHERE s.code = :code AND a.exercise = 'triangle' ORDER BY p.code"
    )
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(query, {"code": session_code})]
    finally:
        engine.dispose()


def _kernel_environments(db_url: str) -> list[dict]:
    """The environments of the page kernels that run for this test's rooms."""
    import psutil

    found = []
    for process in psutil.process_iter():
        try:
            if not is_kernel(process.pid):
                continue
            env = process.environ()  # a forked kernel's: what its fork server was started with
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
        if env.get("BETROKKENHEID_DB") == db_url:
            found.append(env)
    return found


def test_a_room_on_the_hub(hub, browser, rooms_db):
    """Sign-up and approval, the trainer's room without its token, ten participants through
    the proxy, answers in PostgreSQL and on the dashboard, a restart that loses nothing, and
    nothing but the pages for a participant."""
    from playwright.sync_api import expect

    room = f"{hub.url}/user/{TRAINER}/"

    # -- a trainer signs up; the admin (who signs up first) approves ---------------------------
    assert "successful" in _sign_up(browser, hub, hub.admin)
    assert "admin" in _sign_up(browser, hub, TRAINER)  # "...sent to the admin"
    early = browser.new_context()
    page = _log_in(early, hub, TRAINER)
    expect(page.locator("#login_submit")).to_be_visible()  # not approved yet: the login again
    early.close()
    admin = browser.new_context()
    page = _log_in(admin, hub, hub.admin, next_url="/hub/authorize")
    row = page.locator("tr", has_text=TRAINER)
    row.get_by_role("button", name="Authorize", exact=True).click()
    expect(page.locator("tr", has_text=TRAINER)).to_contain_text("Yes")

    # -- the trainer logs in: the hub starts the room, its door lets the owner in --------------
    trainer = browser.new_context(viewport={"width": 1280, "height": 800})
    trainer.set_default_timeout(30_000)
    start = _log_in(trainer, hub, TRAINER)
    start.wait_for_url(
        re.compile(r"/user/trainer/voila/render/00_start\.ipynb"), timeout=ROOM_TIMEOUT
    )
    assert "token" not in start.url
    start.get_by_role("tab", name="Nieuwe sessie").click()
    start.get_by_label("Naam van de school").fill("Basisschool De Hub")
    start.locator(".btk-primary", has_text="Sessie maken").click()
    message = start.locator(".btk-message")
    expect(message).to_contain_text("deelcode", timeout=30_000)
    code = re.search(r"deelcode aan je team: (\w+)", message.inner_text()).group(1)
    _screenshots(start, "start")

    dashboard = trainer.new_page()
    dashboard.goto(f"{room}voila/render/06_dashboard.ipynb?s={code}")
    expect(dashboard.locator(".btk-info")).to_contain_text("0 mensen doen mee", timeout=60_000)
    link = dashboard.locator(".btk-link").inner_text().strip()
    assert link.startswith(f"{room}voila/render/00_start.ipynb?token=")
    assert dashboard.locator(".btk-join svg").count() == 1  # its QR code
    _screenshots(dashboard, "dashboard-empty")

    # -- whoever cannot scan types the room's address and its PIN (no hub account) -------------
    address = dashboard.locator(".btk-address").inner_text().strip()
    pin = dashboard.locator(".btk-pin").inner_text().strip()
    assert address == room.split("://", 1)[1] + "login" and len(pin) == 6
    typing = browser.new_context()
    try:
        typed = typing.new_page()
        typed.goto(room.split("://", 1)[0] + "://" + address)
        typed.get_by_label("Pincode").fill(pin.lower())
        typed.get_by_role("button", name="Meedoen").click()
        expect(typed.get_by_placeholder("K7MQ2P")).to_be_visible(timeout=60_000)
        assert "/user/trainer/voila/render/00_start.ipynb" in typed.url
    finally:
        typing.close()

    # -- the admin is no owner: the trainer's room does not let them in ------------------------
    stranger = admin.new_page()
    stranger.goto(room)
    assert "00_start" not in stranger.url and stranger.locator(".btk-page").count() == 0
    admin.close()

    # -- ten participants join with the link, a few at a time, and rate the triangle ----------
    people, codes = [], []
    roles = ["Leerkracht", "Directie", "Brugfiguur of ouderconsulent", "Andere rol"]
    for first in range(0, PARTICIPANTS, AT_ONCE):
        batch = [browser.new_context() for _ in range(min(AT_ONCE, PARTICIPANTS - first))]
        for context in batch:
            context.set_default_timeout(60_000)
        tabs = [_join(context, link, code) for context in batch]
        for i, tab in enumerate(tabs):
            codes.append(_personal_code(tab, code, roles[(first + i) % len(roles)]))
            tab.goto(f"{room}voila/render/02_driehoek.ipynb?p={codes[-1]}", wait_until="commit")
        for i, tab in enumerate(tabs):
            rating = "Vaak" if (first + i) % 2 else "Soms"
            quality = tab.locator(".btk-relation").first.locator(".btk-quality").first
            try:
                quality.get_by_role("radio", name=rating).click()
            except Exception as failed:  # what the page showed and what the room said
                tab.screenshot(path=str(SHOTS / "stuck.png"), full_page=True)
                said = [
                    line
                    for line in hub.log().splitlines()
                    if re.search(r"Kernel|ERROR|WARNING|Traceback|Error", line)
                ]
                raise AssertionError(
                    f"{failed}\npage: {tab.url}\nits text: {tab.inner_text('body')[:800]!r}"
                    "\nthe hub's log:\n" + "\n".join(said[-60:])
                ) from None
            expect(tab.locator(".btk-status")).to_contain_text("Opgeslagen")
            assert tab.evaluate(CHUNKS) == [200]  # one script for the chunks, through the proxy
            tab.close()  # its kernel stops (Voila's beacon): the next batch has the room
        people += batch
    assert len(set(codes)) == PARTICIPANTS

    stored = _answers_in_postgres(rooms_db, code)
    assert sorted(c for c, _, _ in stored) == sorted(codes)
    assert {item for _, item, _ in stored} == {"parent_school.communication"}
    assert sorted(v for _, _, v in stored) == [3.0] * 5 + [4.0] * 5

    expect(dashboard.locator(".btk-info")).to_contain_text("10 mensen doen mee")
    dashboard.locator(".widget-toggle-button", has_text="driehoek").click()
    expect(dashboard.locator(".btk-caption")).to_contain_text("10 mensen gaven antwoord")
    _screenshots(dashboard, "dashboard")

    # -- the kernels have the database, but none of the hub's secrets ---------------------------
    kernels = _kernel_environments(rooms_db)
    assert kernels, "no page kernel of the room was found"
    for env in kernels:
        assert "JUPYTERHUB_API_TOKEN" not in env and "BETROKKENHEID_ROOM_KEY" not in env
        assert env["BETROKKENHEID_JOIN_LINK"] == link
    dashboard.close()
    start.close()

    # -- stop and start the room through the hub's REST API (a token of the trainer's own) ----
    # asked for with the trainer's login cookie, as the hub's token page does, but without
    # waiting for that page's scripts to load (a click before them does nothing)
    tokens = trainer.new_page()
    tokens.goto(f"{hub.url}/hub/token")
    xsrf = tokens.evaluate("window.jhdata.xsrf_token")  # the page's own, set before scripts
    answer = tokens.request.post(
        f"{hub.url}/hub/api/users/{TRAINER}/tokens",
        headers={"X-XSRFToken": xsrf, "Referer": f"{hub.url}/hub/token"},
        data={"note": "rooms test", "expires_in": 3600},
    )
    assert answer.status == 201, answer.text()
    token = answer.json()["token"]
    tokens.close()
    status, _ = _api(hub, token, "DELETE", f"users/{TRAINER}/server")
    assert status in (202, 204)
    wait_for(
        lambda: not _api(hub, token, "GET", f"users/{TRAINER}")[1]["servers"],
        timeout=60,
        what="the room to stop",
    )
    status, _ = _api(hub, token, "POST", f"users/{TRAINER}/server")
    assert status in (201, 202)
    wait_for(
        lambda: _api(hub, token, "GET", f"users/{TRAINER}")[1]["servers"].get("", {}).get("ready"),
        timeout=90,
        what="the room to start again",
    )

    # nothing lost: the answers, and a participant's page with ?p=CODE (the same cookie works)
    assert _answers_in_postgres(rooms_db, code) == stored
    back = people[1].new_page()
    back.goto(f"{room}voila/render/02_driehoek.ipynb?p={codes[1]}&lang=en")
    chosen = back.locator(".btk-relation").first.locator(".btk-quality").first
    expect(chosen.get_by_role("radio", name="Often")).to_have_class(
        re.compile("mod-active"), timeout=60_000
    )
    back.close()
    again = trainer.new_page()
    again.goto(f"{room}voila/render/06_dashboard.ipynb?s={code}")
    expect(again.locator(".btk-info")).to_contain_text("10 mensen doen mee", timeout=60_000)
    assert again.locator(".btk-link").inner_text().strip() == link  # the same link and QR
    again.close()

    # -- a participant (the room's cookie, no hub account) gets nothing but the pages ----------
    participant = people[0]
    for path in CLOSED:
        answer = participant.request.get(room + path, max_redirects=0)
        body = answer.text()
        assert answer.status != 200, path
        assert "00_start.ipynb" not in body and '"kernels"' not in body, path
        assert "btk-" not in body and "jupyterlab" not in body.lower(), path
    home = participant.request.get(f"{hub.url}/hub/home", max_redirects=0)
    assert home.status == 302 and "/hub/login" in home.headers["location"]
    door = participant.new_page()  # the room's own address leads a participant to the start
    door.goto(room)
    expect(door.locator(".btk-primary").first).to_be_visible(timeout=60_000)
    assert "/user/trainer/voila/render/00_start.ipynb" in door.url
    door.close()

    for context in people:
        context.close()
    trainer.close()
