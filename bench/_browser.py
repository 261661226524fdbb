"""What the browser benches share: headless Chromium as this project runs it, and a free port."""

from __future__ import annotations

import socket

CHROMIUM = "/usr/bin/chromium"  # Debian's; never a browser downloaded by Playwright
BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
