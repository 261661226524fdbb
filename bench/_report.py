"""The figures of bench/pages.py: its measurements as printed tables, beside the bare page.

Nothing here measures; bench/pages.py calls these as its measurements come in.
"""

from __future__ import annotations

import statistics
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only for the annotations: pages.py imports this module
    from pages import Visit

GOAL_RATIO = 0.7  # issue 11: the first page at most 0.7x a bare Voila page


def seconds(value: float | None) -> str:
    return "   fail" if value is None else f"{value:6.2f}s"


def median(values: list[float | None]) -> float | None:
    got = [v for v in values if v is not None]
    return statistics.median(got) if got else None


def _ms(value: float | None) -> str:
    return "     -" if value is None else f"{value:6.0f}"


# the browser visits ---------------------------------------------------------------------------
def warm_up(warm: dict[str, Visit]) -> None:
    print(
        "  warm-up visit (not counted): "
        + ", ".join(
            f"{name} {seconds(v.ready)}" + (f" [{v.error}]" if v.error else "")
            for name, v in warm.items()
        )
    )


def servers_after(
    visits: dict[str, list[Visit]],
    kernels: list[tuple[str, int]],
    memory: list[tuple[str, list[int]]],
) -> None:
    """What the servers were left with after the rounds: beacons, kernels, their memory."""
    every = [v for runs in visits.values() for v in runs]
    print(
        f"  Voila's kernel-shutdown beacon refused (403, no _xsrf) after"
        f" {sum(v.beacon_refused for v in every)} of {len(every)} counted visits;"
        f" the bench shut {sum(v.kernel_shut for v in every)} of those kernels down itself"
    )
    print(f"  kernels still running: {', '.join(f'{name} {n}' for name, n in kernels)}")
    for name, sizes in memory:
        if sizes:
            print(f"  memory of the idle kernels of {name}: {sizes} MB (RSS)")


def table(visits: dict[str, list[Visit]], bare_name: str, title: str) -> dict[str, float | None]:
    """Each page's median figures beside the bare page's; returns page / bare per page."""
    print(f"\n{title}")
    print(
        f"  {'page':22} {'ready':>7} {'x bare':>7} {'picture':>8} | in the browser (median ms):"
        f" {'1st byte':>8} {'html':>6} {'DOM':>6} {'widget':>7} | fails busy"
    )
    bare = median([v.ready for v in visits[bare_name]])
    ratios = {}
    for name, runs in visits.items():
        ready = median([v.ready for v in runs])
        picture = median([v.picture for v in runs])
        ratio = ready / bare if ready and bare else None
        ratios[name] = ratio
        nav = {
            key: median([v.nav.get(key) for v in runs if v.nav]) for key in ("ttfb", "html", "dcl")
        }
        widget = median([v.widget_at for v in runs])
        fails = sum(1 for v in runs if v.error)
        busy = sum(1 for v in runs if v.busy)
        print(
            f"  {name:22} {seconds(ready)} {'' if ratio is None else f'{ratio:6.2f}x':>7}"
            f" {'' if picture is None else seconds(picture):>8} | {'':27}"
            f" {_ms(nav['ttfb']):>8} {_ms(nav['html'])} {_ms(nav['dcl'])} {_ms(widget):>7}"
            f" | {fails:5} {busy:4}"
        )
        readies = " ".join("fail" if v.ready is None else f"{v.ready:.2f}" for v in runs)
        print(f"  {'':22} runs: {readies}")
        for v in runs:
            if v.error:
                print(f"  {'':22} ! {v.error}")
        shown = runs[-1].shows if runs else {}
        if shown and (name.startswith("triangle") or shown.get("errors")):
            print(f"  {'':22} last visit showed: {shown}")
    return ratios


def preheat_beside_plain(
    hot: dict[str, list[Visit]], plain: dict[str, list[Visit]], hot_bare: str, plain_bare: str
) -> None:
    """Each preheated page beside the plain and the preheated bare page."""
    bare_hot = median([v.ready for v in hot[hot_bare]])
    bare_cold = median([v.ready for v in plain[plain_bare]])
    for name, runs in hot.items():
        got = median([v.ready for v in runs])
        if name != hot_bare and got and bare_cold and bare_hot:
            print(
                f"  {name:22} {got / bare_cold:.2f}x the plain bare page,"
                f" {got / bare_hot:.2f}x the preheated bare page"
            )
    print(
        "  note: with preheat the notebook ran before the request, so ?p=CODE is unknown"
        " to it;\n  triangle-preheat shows its code form (rating_buttons: 0), while"
        " *-wait notebooks (bench/pages.py WAIT_CELLS) import and warm up, then call"
        " voila.utils.wait_for_request()"
    )


def goal(ratios: dict[str, float | None], names: list[str]) -> None:
    print(f"\ngoal: page / bare <= {GOAL_RATIO} (kernels forked, as served)")
    for name in names:
        ratio = ratios.get(name)
        verdict = "fail" if ratio is None else ("ok" if ratio <= GOAL_RATIO else "MISSED")
        print(f"  {name:10} {'-' if ratio is None else f'{ratio:.2f}x'} {verdict}")


# the cells alone in a kernel ------------------------------------------------------------------
def cells_title(runs: int) -> None:
    print(
        f"\neach page's cell in a real kernel, without Voila or a browser (median of {runs});"
        "\n  then busy = the kernel's work scheduled after the cell (the browser's widget"
        " requests wait for it)"
    )


def cell_failed(name: str, exc: Exception) -> None:
    print(f"  {name:10} failed: {exc}")


def cell(name: str, got: list[tuple[float, float, float, int]]) -> None:
    """The medians of ``got``: (kernel start s, cell s, busy after it s, iopub messages)."""
    started, idle, busy, count = (statistics.median(g[i] for g in got) for i in range(4))
    print(
        f"  {name:10} kernel start {started:5.2f} s   cell {idle:6.3f} s"
        f"   then busy {busy:6.3f} s   {count:4.0f} messages"
    )


def imports(by_package: dict[str, int], top: int = 8) -> None:
    """Self import time (µs) by top-level package, the largest ``top`` named."""
    ranked = sorted(by_package.items(), key=lambda kv: -kv[1])
    shown = ", ".join(f"{name} {us / 1000:.0f}" for name, us in ranked[:top])
    total = sum(by_package.values()) / 1000
    print(f"  {'':10} imports {total:.0f} ms (-X importtime, self ms by package): {shown}")
