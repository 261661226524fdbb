"""Small pieces that several test files and the benches share (bench/_browser.py)."""

import os
import signal
import socket
import subprocess
import time

CHROMIUM = "/usr/bin/chromium"  # Debian's; never a browser downloaded by Playwright
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
STOP_TIMEOUT = 15  # seconds for a server's process group to end, after SIGTERM, then SIGKILL

# The columns of the tidy CSV and XLSX exports, as the issue names them (a literal on purpose:
# the exports must keep them, whatever the code says).
TIDY_HEADER = [
    "session",
    "school",
    "frame",
    "measurement",
    "baseline",
    "participant",
    "role",
    "role_name",
    "audience",
    "channel",
    "language",
    "exercise",
    "item",
    "question",
    "value",
    "text",
    "answered_at",
]


def stop_group(process: subprocess.Popen) -> None:
    """Stop a server started in a session of its own, with everything it started."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=STOP_TIMEOUT)


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, timeout: float = 15.0, what: str = "condition", every: float = 0.05):
    """Poll ``condition`` until it gives something true (bounded by ``timeout`` seconds);
    return that value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def voila_roots() -> dict[str, list[str]]:
    """The folders of Voila's static and labextensions addresses as a room has them (for
    betrokkenheid.serve.Chunks)."""
    from voila.paths import collect_static_paths
    from voila.utils import get_voila_labextensions_path

    static = collect_static_paths(["voila", "nbconvert"], "betrokkenheid")
    return {"static": static, "labextensions": get_voila_labextensions_path()}


def is_kernel(pid: int) -> bool:
    """Whether process ``pid`` is a page's kernel: forked by a room's fork server (named
    ``btk-kernel``, see betrokkenheid/kernels.py) or started the usual way (ipykernel)."""
    from pathlib import Path

    try:
        if Path(f"/proc/{pid}/comm").read_text().strip() == "btk-kernel":
            return True
        return b"ipykernel" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


def sqlite_only(backend: str, why: str) -> None:
    """Skip a test that checks what only SQLite has (a file, a PRAGMA) on PostgreSQL."""
    import pytest

    if backend != "sqlite":
        pytest.skip(f"SQLite only: {why}")


def language_folder(folder):
    """A folder with one more language file, Esperanto (``eo``, not shipped): a copy of the
    English one. Put it in ``$BETROKKENHEID_LANGUAGES`` to make the language known."""
    from pathlib import Path

    from betrokkenheid.languages import LANGUAGES_DIR

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    text = (LANGUAGES_DIR / "en.yaml").read_text("utf-8")
    text = text.replace("code: en", "code: eo", 1).replace("name: English", "name: Esperanto", 1)
    (folder / "eo.yaml").write_text(text, encoding="utf-8")
    return folder


def add_parents(store, session):
    """Three parents of ``session`` (one team member beside them): answers in Dutch
    online, in English on paper, in Esperanto (needs :func:`language_folder`) online, with
    a rating, "don't know", "rather not say", chips (one taken back) and an open answer.
    Returns the questionnaire code."""
    teacher = store.join(session.code, "teacher")
    store.save_answer(teacher, "triangle", "parent_school.trust_respect", 3)
    code = store.audience_code(session)
    nl = store.join_audience(code, "nl", "online")
    store.save_answer(nl, "parents", "welcome", 4)
    store.save_answer(nl, "parents", "know_whom_to_ask", text="dont_know")
    store.save_answer(nl, "parents", "barriers.time", 1)
    store.save_answer(nl, "parents", "open", text="Dank u wel, juf!")
    en = store.join_audience(code, "en", "paper")
    store.save_answer(en, "parents", "welcome", 2)
    store.save_answer(en, "parents", "respected", text="rather_not")
    store.save_answer(en, "parents", "barriers.costs", 0)
    eo = store.join_audience(code, "eo", "online")
    store.save_answer(eo, "parents", "welcome", 5)
    return code


def add_children(store, session):
    """Three children of ``session`` (issue 13), on a class's tablets: two in Dutch, one in
    English who stopped after the first statement; ratings on the three faces and "don't
    know". Returns the children's questionnaire code. Their answers, in the order a dump
    gives them (by item): 1. dare_to_say "dont_know", like_school 3, teacher_listens 2;
    2. like_school 1, same_message 3; 3. like_school 2."""
    code = store.audience_code(session, "child")
    first = store.join_audience(code, "nl")
    store.save_answer(first, "children", "like_school", 3)
    store.save_answer(first, "children", "teacher_listens", 2)
    store.save_answer(first, "children", "dare_to_say", text="dont_know")
    second = store.join_audience(code, "nl")
    store.save_answer(second, "children", "like_school", 1)
    store.save_answer(second, "children", "same_message", 3)
    third = store.join_audience(code, "en")
    store.save_answer(third, "children", "like_school", 2)
    return code
