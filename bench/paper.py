"""Benchmark: the letter to parents and the paper form as PDF, beside a bare WeasyPrint page.

In a temporary SQLite file a session is made; then, in this one run:

* command: ``betrokkenheid letter`` and ``betrokkenheid paper`` as a trainer runs them, each a
  new process (imports, fonts and all), the median of ``--repeat`` runs; beside them a new
  process that only imports WeasyPrint and writes a bare page of one paragraph (the least any
  PDF command pays);
* warm: in this process, after one first call, the median of ``--repeat`` calls of
  :func:`letter_pdf`, :func:`paper_pdf` and the bare page.

Both in Dutch and in Arabic (right to left: another script, other glyphs). Goal (issue 12):
the letter and the paper form ≤ 1 s each: what each command takes beyond the bare page's
command (which only starts Python and WeasyPrint), and each made again in a running process.

Run: ``.venv/bin/python bench/paper.py [--repeat 5]``
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # the checkout's package first

GOAL_SECONDS = 1.0
URL = "https://werkboek.school.example/"
BARE = (
    'import weasyprint, sys; weasyprint.HTML(string=\'<p style="font-family: DejaVu Sans">'
    "Beste ouder, dank u wel.</p>').write_pdf(sys.argv[1])"
)


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def median_of(action, repeat: int) -> float:
    return statistics.median(timed(action) for _ in range(repeat))


def command(argv: list[str]) -> None:
    done = subprocess.run(argv, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)

    from betrokkenheid import Store
    from betrokkenheid.languages import language
    from betrokkenheid.paper import letter_pdf, paper_pdf

    languages = ["nl"] + (["ar"] if _has("ar") else [])
    cli = str(Path(sys.executable).with_name("betrokkenheid"))
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "bench.sqlite"
        store = Store(db)
        code = store.create_session("Basisschool De Bench", "betrokkenheidsboom", "baseline").code
        out = str(Path(folder) / "out.pdf")
        bare = [sys.executable, "-c", BARE, out]
        rows["bare page"] = {
            "command": median_of(partial(command, bare), args.repeat),
            "warm": _warm_bare(args.repeat),
        }
        for lang in languages:
            name = language(lang).english
            letter = [cli, "letter", code, "--language", lang, "--url", URL, "-o", out]
            form = [cli, "paper", code, "--language", lang, "-o", out]
            for what, run, make in (
                ("letter", letter, partial(letter_pdf, store, code, lang, URL)),
                ("paper form", form, partial(paper_pdf, store, code, "parents", lang)),
            ):
                make()  # the first call in this process: imports, fonts
                rows[f"{what} ({name})"] = {
                    "command": median_of(partial(command, [*run, "--db", str(db)]), args.repeat),
                    "warm": median_of(make, args.repeat),
                }
    print(f"load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    print(f"median of {args.repeat} runs each")
    print(f"  {'':24}{'command':>10}{'- bare':>9}{'warm':>9}{'x bare':>8}")
    base = rows["bare page"]
    for name, row in rows.items():
        print(
            f"  {name:24}{row['command']:9.2f}s{row['command'] - base['command']:8.2f}s"
            f"{row['warm']:8.2f}s{row['warm'] / base['warm']:7.1f}x"
        )
    # what a letter or a form costs beyond the least a PDF command pays (Python, WeasyPrint's
    # import, its fonts: the bare page's command), and made again in a running process
    made = [row for name, row in rows.items() if name != "bare page"]
    worst = max(max(row["command"] - base["command"], row["warm"]) for row in made)
    verdict = "ok" if worst <= GOAL_SECONDS else "TOO SLOW"
    print(
        f"goal: each PDF ≤ {GOAL_SECONDS:.0f} s beyond the bare page's command, and warm "
        f"(worst {worst:.2f} s): {verdict}"
    )
    return 0 if worst <= GOAL_SECONDS else 1


def _warm_bare(repeat: int) -> float:
    import weasyprint

    def make():
        page = '<p style="font-family: DejaVu Sans">Beste ouder, dank u wel.</p>'
        return weasyprint.HTML(string=page).write_pdf()

    make()
    return median_of(make, repeat)


def _has(code: str) -> bool:
    from betrokkenheid import load_frame
    from betrokkenheid.languages import offered

    return code in [lang.code for lang in offered(load_frame("betrokkenheidsboom"))]


if __name__ == "__main__":
    sys.exit(main())
