"""Safety in a real browser: typed text stays text, failures stay calm, a room needs its token,
and a culled or killed kernel loses no answer."""

import os
import re
import signal
import sqlite3
from urllib.parse import parse_qs, urlparse

import pytest

from betrokkenheid import Store
from betrokkenheid.texts import tr

from ..helpers import wait_for

pytestmark = pytest.mark.browser

# Each one tries to run code: set window.__pwned, change the title or open a dialog. Short, so
# that they fit into few school names (200 characters each): a page and a kernel per name.
XSS_PAYLOADS = [
    "<script>__pwned=1</script>",
    "<img src=x onerror=__pwned=1>",
    "<svg onload=__pwned=1>",
    '<a href="javascript:__pwned=1">klik</a>',
    '"><img src=x onerror=__pwned=1>',
    "' onmouseover='__pwned=1' x='",
    "</h2></div><script>__pwned=1</script>",
    "${__pwned=1} `${document.title='pwned'}`",
    "{{7*7}} {{constructor.constructor('__pwned=1')()}}",
    '<iframe srcdoc="<script>parent.__pwned=1</script>">',
    "<details open ontoggle=__pwned=1>",
    "<input autofocus onfocus=document.title='pwned'>",
    "<math><mtext><table><mglyph><style><img src=x onerror=__pwned=1>",
    "&lt;script&gt;__pwned=1&lt;/script&gt; &#60;b&#62;",
    "<style>*{display:none}</style><b onmouseover=alert(1)>",
    "javascript:alert(document.domain)",
]
# What may be inside the card that shows the school: nothing a payload could have made.
FOREIGN = (
    "script, img, svg, iframe, details, input, math, style, b, [onerror], [onload], "
    "[onmouseover], [onfocus], [ontoggle], a[href^='javascript' i]"
)


def _not_pwned(page) -> None:
    pwned, title = page.evaluate("() => [window.__pwned, document.title]")
    assert pwned is None, "a payload ran"
    assert title != "pwned"


def _school_names(payloads, limit=200) -> list[str]:
    """The payloads packed into as few school names as fit (a name holds 200 characters)."""
    names = [""]
    for payload in payloads:
        joined = f"{names[-1]} | {payload}" if names[-1] else payload
        if len(joined) <= limit:
            names[-1] = joined
        else:
            names.append(payload)
    return names


def test_school_names_with_script_stay_text(server, browser):
    """Every payload, joined through the start page, is shown as its own literal text."""
    from playwright.sync_api import expect

    store = Store(server.db)
    names = _school_names(XSS_PAYLOADS)
    sessions = [store.create_session(name, "betrokkenheidsboom", "baseline") for name in names]
    context = browser.new_context()
    context.set_default_timeout(30_000)
    dialogs = []
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    try:
        # the first one through the form, as a visitor types it
        first = context.new_page()
        first.goto(server.page("00_start.ipynb"))
        first.get_by_placeholder("K7MQ2P").fill(sessions[0].code)
        first.get_by_text("Leerkracht").click()
        first.locator(".btk-primary", has_text="Meedoen").click()
        tabs = [first]
        # the others with a personal code in the link, side by side
        for session in sessions[1:]:
            me = store.join(session.code, "teacher")
            tab = context.new_page()
            tab.goto(server.page("00_start.ipynb", p=me.code), wait_until="commit")
            tabs.append(tab)
        for name, tab in zip(names, tabs, strict=True):
            joined = tab.locator(".btk-joined h2")
            expect(joined).to_contain_text(name, use_inner_text=True, timeout=90_000)
            for payload in name.split(" | "):
                assert payload in joined.inner_text()
            assert tab.locator(f".btk-joined :is({FOREIGN})").count() == 0
            joined.hover()  # give the mouse-over payloads their chance
            _not_pwned(tab)
            assert "49" not in joined.inner_text()
        assert dialogs == []
    finally:
        context.close()


def test_report_with_script_stays_text(tmp_path, page):
    """The team's report, opened in the browser, shows the payloads and runs none."""
    from playwright.sync_api import expect

    from betrokkenheid.report import report_html

    store = Store(tmp_path / "report.sqlite")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for name in _school_names(XSS_PAYLOADS):
        session = store.create_session(name, "betrokkenheidsboom", "baseline")
        page.set_content(report_html(store, session.code))
        school = page.locator(".btk-school")
        expect(school).to_have_text(name, use_inner_text=True)
        school.hover()
        _not_pwned(page)
    assert dialogs == []


def test_failing_callback_shows_no_traceback(own_server, page):
    """A save that fails for real (the answers table is gone) gives the calm message only."""
    from playwright.sync_api import expect

    store = Store(own_server.db)
    me = store.join(
        store.create_session("De Linde", "betrokkenheidsboom", "baseline").code, "teacher"
    )
    page.goto(own_server.page("02_driehoek.ipynb", p=me.code))
    quality = page.locator(".btk-quality").first
    expect(quality.locator("button")).to_have_count(5, timeout=60_000)
    with sqlite3.connect(own_server.db) as conn:
        conn.execute("DROP TABLE answers")
    quality.get_by_role("radio", name="Vaak").click()
    error = page.locator(".btk-message-error")
    expect(error).to_have_text(tr("error_generic", "nl"), timeout=30_000)
    text = page.locator("body").inner_text()
    for word in ("Traceback", "Error", "sqlite", "answers", 'File "'):
        assert word not in text


def test_lan_needs_the_token_and_then_works(lan_server, browser):
    """Without the token only the login page; with it the start page, and links between
    pages work without it (the login cookie). A page left stops its kernel."""
    from playwright.sync_api import expect

    store = Store(lan_server.db)
    session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    stranger = browser.new_context()
    try:
        tab = stranger.new_page()
        tab.goto(lan_server.page("00_start.ipynb"))
        assert "/login" in tab.url
        assert tab.locator(".btk-page").count() == 0
    finally:
        stranger.close()

    member = browser.new_context()
    member.set_default_timeout(30_000)
    try:
        tab = member.new_page()
        since = len(lan_server.log)
        tab.goto(lan_server.page("00_start.ipynb", token=lan_server.token))
        start_kernel = _kernel_started(lan_server, since)
        tab.get_by_placeholder("K7MQ2P").fill(session.code)
        tab.get_by_text("Directie").click()
        tab.locator(".btk-primary", has_text="Meedoen").click()
        tab.locator(".btk-go").click()  # a plain relative link: no token in it
        tab.wait_for_url(lambda url: "00_start" not in url)
        # the next page's widgets show: its kernel's websocket got in with the cookie
        # (the day page: its step shown, and maybe the next one built ahead, hidden)
        expect(tab.locator(".btk-header:visible").first).to_be_visible(timeout=60_000)
        assert "/login" not in tab.url and "token" not in tab.url
        code = parse_qs(urlparse(tab.url).query)["p"][0]
        assert store.participant(code).role == "director"
        # the start page's kernel stopped when the page was left (its beacon got through)
        wait_for(
            lambda: any(f"Kernel shutdown: {start_kernel}" in line for line in lan_server.log),
            what="the start page's kernel to stop",
        )
    finally:
        member.close()


def _kernel_started(server, since: int) -> str:
    """The id of the first kernel the server started after log line ``since``."""

    def find():
        for line in server.log[since:]:
            if found := re.search(r"Kernel started: ([0-9a-f-]{36})", line):
                return found.group(1)
        return None

    return wait_for(find, what="a kernel to start")


def _kernel_process(server, kernel: str) -> int:
    """The process of kernel ``kernel``: forked, the room's log names it (kernels.py);
    started the usual way, its command line names its connection file."""
    import psutil

    def find():
        for line in server.log:
            if found := re.search(rf"kernel {kernel} runs as process (\d+)", line):
                return int(found.group(1))
        for p in psutil.Process(server.process.pid).children(recursive=True):
            try:
                if any(kernel in part for part in p.cmdline()):
                    return p.pid
            except psutil.Error:
                continue
        return None

    return wait_for(find, what=f"the process of kernel {kernel} in the log")


def _rate_three(page, store, code) -> dict:
    """Give three ratings on the triangle page; return them once all three are saved."""
    from playwright.sync_api import expect

    from betrokkenheid import load_frame

    qualities = page.locator(".btk-quality")
    expect(qualities.first.locator("button")).to_have_count(5, timeout=60_000)
    for i in range(3):
        qualities.nth(i).locator("button").nth(i + 1).click()
    me = store.participant(code)
    wait_for(lambda: len(store.answers_of(me, "triangle")) == 3, what="three answers saved")
    items = load_frame("betrokkenheidsboom").triangle.item_ids()[:3]
    given = store.answers_of(me, "triangle")
    assert given == {item: float(i + 2) for i, item in enumerate(items)}
    return given


def _shown_again(page, server, code, given) -> None:
    """Open the triangle page with the personal code: every saved rating is chosen again."""
    from playwright.sync_api import expect

    page.goto(server.page("02_driehoek.ipynb", p=code))
    qualities = page.locator(".btk-quality")
    expect(qualities.first.locator("button")).to_have_count(5, timeout=60_000)
    for i in range(3):
        expect(qualities.nth(i).locator("button").nth(i + 1)).to_have_class(
            re.compile("mod-active")
        )
    assert Store(server.db).answers_of(Store(server.db).participant(code), "triangle") == given


def test_killed_or_culled_kernel_loses_nothing(culling_server, browser):
    """Three answers, then ``kill -9`` of the page's kernel: all three are shown again on
    return. Then that tab is closed: its kernel is culled, and still nothing is lost."""
    import psutil

    server = culling_server
    store = Store(server.db)
    session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    me = store.join(session.code, "teacher")
    context = browser.new_context()
    context.set_default_timeout(60_000)
    try:
        tab = context.new_page()
        since = len(server.log)
        tab.goto(server.page("02_driehoek.ipynb", p=me.code))
        kernel = _kernel_started(server, since)
        given = _rate_three(tab, store, me.code)

        process = psutil.Process(_kernel_process(server, kernel))
        assert process in psutil.Process(server.process.pid).children(recursive=True)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
        again = context.new_page()
        since = len(server.log)
        try:
            _shown_again(again, server, me.code, given)
        except AssertionError as failed:  # say whether the culler took the page's kernel
            said = [  # the dead kernel's tab keeps asking for it: leave that out
                line
                for line in server.log[since:]
                if not line.startswith(" ") and kernel not in line
            ]
            again.screenshot(path="/tmp/killed-kernel-page.png", full_page=True)
            raise AssertionError(
                f"{failed}\nthe page (screenshot /tmp/killed-kernel-page.png): "
                f"{again.inner_text('body')[:600]!r}\nthe server's log since, without the "
                "dead kernel:\n" + "".join(said[-40:])
            ) from None

        kernel = _kernel_started(server, since)
        again.close()  # the browser leaves: the kernel has no connection any more
        tab.close()
        wait_for(
            lambda: any("Culling" in line and kernel in line for line in server.log),
            timeout=server.cull_idle + 45,  # idle, the culler's next look, and a busy machine
            what="the kernel to be culled",
        )
        fresh = Store(server.db)  # as the next page's kernel opens it
        assert fresh.answers_of(fresh.participant(me.code), "triangle") == given
    finally:
        context.close()
