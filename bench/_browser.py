"""What the browser benches share with the tests: headless Chromium as this project runs it,
a free port, and how to tell a page's kernel (one place: tests/helpers.py)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the checkout, for tests/

from tests.helpers import CHROMIUM, free_port, is_kernel  # noqa: E402
from tests.helpers import CHROMIUM_ARGS as BROWSER_ARGS  # noqa: E402

__all__ = ["BROWSER_ARGS", "CHROMIUM", "free_port", "is_kernel"]
