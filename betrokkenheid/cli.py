"""The ``betrokkenheid`` command: serve the workbook and manage its data.

Bad input gives one line on stderr that names what and where, and exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .errors import InputError

__all__ = ["main"]

EXIT_BAD_INPUT = 2


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    try:
        return args.run(args) or 0
    except InputError as exc:
        print(f"betrokkenheid: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except Exception as exc:  # a database that fails while it is used: damaged, full, locked
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(exc, SQLAlchemyError):
            raise
        from .store import database_problem

        problem = database_problem(exc, getattr(args, "db", None), doing="go on")
        print(f"betrokkenheid: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="betrokkenheid", description="Reflection workbook: from involvement to partnership."
    )
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name, run, help_text):
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(run=run)
        return sub

    def with_db(sub):
        sub.add_argument("--db", help="database file or URL (default: your data directory)")
        return sub

    serve = with_db(command("serve", _serve, "serve the workbook with Voila"))
    serve.add_argument("--lan", action="store_true", help="serve to the network, with a token")
    serve.add_argument("--port", type=int, default=8866)
    serve.add_argument("--no-browser", action="store_true", help=argparse.SUPPRESS)
    serve.add_argument("--cull-idle", type=int, help=argparse.SUPPRESS)  # seconds, for tests
    serve.add_argument(
        "--hub", action="store_true", help="be a JupyterHub room (the hub's spawner runs it so)"
    )
    hub = with_db(command("hub", _hub, "serve many rooms with JupyterHub and its proxy"))
    hub.add_argument("--port", default="8000", help="the hub's public port (default 8000)")
    hub.add_argument("--ip", default="", help="the address to listen on (default: all)")
    hub.add_argument("--admin", help="the hub's first admin, who approves trainers")
    hub.add_argument("--public-url", help="the address people use, e.g. https://hub.example/")
    hub.add_argument("--config", help="a JupyterHub config file of your own, read after ours")
    with_db(command("demo", _demo, "make a fictitious school with two measurements"))
    command("frames", _frames, "list the frames")
    validate = command("validate", _validate, "check a frame file")
    validate.add_argument("file")
    imp = with_db(command("import", _import, "import a session from a JSON export or backup"))
    imp.add_argument("file")
    exp = with_db(command("export", _export, "export a session (json: shareable, no codes)"))
    exp.add_argument("session", help="the session's join code")
    exp.add_argument("--format", choices=["json", "csv", "xlsx"], default="json")
    exp.add_argument(
        "--language",
        choices=["nl", "en"],
        default="nl",
        help="of the role names and questions beside their codes (csv, xlsx)",
    )
    exp.add_argument(
        "--backup",
        action="store_true",
        help="JSON with the personal codes, to FILE.backup.json: keep it, never share it",
    )
    exp.add_argument("-o", "--output", required=True, help="file to write")
    rep = with_db(command("report", _report, "make the team's report"))
    rep.add_argument("session", help="the session's join code")
    rep.add_argument(
        "--format", choices=["html", "pdf"], help="default: pdf when FILE ends in .pdf, else html"
    )
    rep.add_argument("--language", choices=["nl", "en"], default="nl")
    rep.add_argument(
        "--compare",
        metavar="BASELINE_SESSION",
        help="the join code of the same school's baseline: draw both measurements",
    )
    rep.add_argument("-o", "--output", required=True, help="file to write")
    letter = with_db(command("letter", _letter, "make the letter to parents: their link and QR"))
    letter.add_argument("session", help="the team's join code")
    letter.add_argument("--language", required=True, help="the parents' language: nl, en, ar, …")
    letter.add_argument(
        "--url", help="the address where parents reach the workbook (default: $BETROKKENHEID_URL)"
    )
    letter.add_argument("-o", "--output", required=True, help="PDF file to write")
    paper = with_db(command("paper", _paper, "make the questionnaire as a paper form"))
    paper.add_argument("session", help="the team's join code")
    paper.add_argument(
        "--audience",
        choices=["parents", "children"],
        default="parents",
        help="whose questionnaire: parents (children answer on tablets, not on paper)",
    )
    paper.add_argument("--language", required=True, help="the language of the form: nl, en, …")
    paper.add_argument("-o", "--output", required=True, help="PDF file to write")
    guide = command("guide", _guide, "make the trainer's guide: the steps, plans and glossary")
    # checked by _guide, not by argparse: a bad value is one line, as every bad input
    guide.add_argument("--language", default="nl", help="nl (default) or en")
    guide.add_argument("--format", help="html or pdf (default: pdf when FILE ends in .pdf)")
    guide.add_argument("-o", "--output", help="file to write")
    delete = with_db(command("delete-participant", _delete, "delete a participant's answers"))
    delete.add_argument("session", help="the session's join code")
    delete.add_argument("code", help="the participant's personal code")
    return parser


def _store(args):
    from .store import Store

    return Store(args.db)  # a bad path or URL, or a database it cannot use: an InputError


def _write(path: str, content: str | bytes) -> None:
    try:
        if isinstance(content, bytes):
            Path(path).write_bytes(content)
        else:
            Path(path).write_text(content, encoding="utf-8")
    except OSError as exc:
        raise InputError(path, f"cannot write: {exc.strerror}") from None
    print(f"written: {path}")


def _serve(args) -> int:
    from . import serve
    from ._paths import notebooks_dir
    from .store import DB_ENV, default_db, display_name

    db = args.db or default_db()
    _store(args).check()  # now: a bad or damaged --db fails here, not in a page
    cull = {}
    if args.cull_idle is not None:  # for tests: cull within seconds
        cull = {"cull_idle_timeout": args.cull_idle, "cull_interval": max(1, args.cull_idle // 4)}
    if args.hub:  # the hub's spawner chose the address and the prefix: the plan reads them
        from .hub import room_plan

        plan = room_plan(str(notebooks_dir()), **cull)
    else:
        plan = serve.make_plan(str(notebooks_dir()), args.port, args.lan, **cull)
        if not serve.port_is_free(args.port, args.lan):
            raise InputError("--port", f"port {args.port} is in use; choose another with --port N")
    _warn_open_folder(db)
    serve.announce(plan, display_name(db))
    os.environ[DB_ENV] = db  # every page's kernel opens this database
    return serve.run(plan)


def _hub(args) -> int:
    from .hub import run_hub
    from .store import default_db

    try:
        port = int(args.port)
    except ValueError:
        raise InputError("--port", f"{args.port!r} is not a port number (1 to 65535)") from None
    db = args.db or default_db()
    _store(args)  # a bad --db fails here, before the hub starts
    return run_hub(
        db, port, ip=args.ip, admin=args.admin, public_url=args.public_url, config=args.config
    )


def _warn_open_folder(db: str) -> None:
    """Say so when others on this computer may replace the database (a world-writable folder)."""
    if "://" in db:
        return
    folder = Path(db).expanduser().resolve().parent
    try:
        world_writable = bool(folder.stat().st_mode & 0o002)
    except OSError:  # pragma: no cover - the store made the folder a moment ago
        return
    if world_writable:
        print(
            f"betrokkenheid: warning: {folder} is writable for everyone on this computer; "
            "keep the database in a folder of your own",
            file=sys.stderr,
        )


def _demo(args) -> int:
    from .demo import SCHOOL, make_demo
    from .questionnaire import EXERCISE

    store = _store(args)
    codes = make_demo(store)
    print(f"{SCHOOL}")
    titles = {"baseline": "baseline (nulmeting):", "later": "later measurement:"}
    for measurement, title in titles.items():
        session = store.session(codes[measurement])
        print(f"  {title:21} {session.code}")
        questionnaires = store.audience_codes(session)
        for audience, name in EXERCISE.items():  # "parents: CODE", then "children: CODE"
            if code := questionnaires.get(audience):
                print(f"    {name}: {code}")
    return 0


def _frames(args) -> int:
    from .frames import frame_paths, load_frame

    for name, path in frame_paths().items():
        try:
            title = load_frame(path).title.nl
        except InputError as exc:
            title = f"(broken: {exc.problem})"
        print(f"{name:24} {title:36} {path}")
    return 0


def _validate(args) -> int:
    from .frames import load_frame

    frame = load_frame(
        args.file if os.sep in args.file or Path(args.file).exists() else Path(args.file)
    )
    parts = [f"{len(frame.triangle.relations)} relations"] if frame.triangle else []
    print(f"{args.file}: ok, frame '{frame.id}' version {frame.version} {', '.join(parts)}")
    return 0


def _import(args) -> int:
    from .exchange import import_session
    from .questionnaire import EXERCISE

    made = import_session(_store(args), args.file)
    source = "a shareable export" if made.new_codes else "a backup"
    print(
        f"imported session {made.code} ({made.participants} participants, "
        f"{made.answers} answers) from {source}"
    )
    if made.new_codes:
        print(
            f"made new codes: a shareable export holds none, so the session has the new join "
            f"code {made.code} and its {made.participants} participants have new personal "
            "codes (their old ones do not open it)"
        )
        for audience, code in sorted(made.audience_codes.items()):
            print(
                f"made a new questionnaire code for {EXERCISE.get(audience, audience)}: "
                f"{code} (letters, paper forms and notes made with the old one do not reach "
                "this session: make them again)"
            )
    if made.unlinked:
        print(f"note: {made.unlinked} (link it later with the start page or the API)")
    elif made.baseline:
        print(f"linked to its baseline {made.baseline}")
    return 0


def _export(args) -> int:
    import json

    from .exchange import BACKUP_SUFFIX, export_csv, export_json, export_xlsx, suggested_name

    if args.backup and args.format != "json":
        raise InputError("--backup", "a backup is JSON: use it with --format json")
    if args.backup and not str(args.output).endswith(BACKUP_SUFFIX):
        example = suggested_name(args.session.strip().upper(), backup=True)
        raise InputError(
            "-o",
            f"a backup's file name ends in {BACKUP_SUFFIX} (e.g. {example}), so that nobody "
            "shares it by mistake",
        )
    store = _store(args)
    if args.format == "json":
        data = export_json(store, args.session, backup=args.backup)
        content = json.dumps(data, ensure_ascii=False, indent=1)
    elif args.format == "xlsx":
        content = export_xlsx(store, args.session, args.language)
    else:
        content = export_csv(store, args.session, args.language)
    _write(args.output, content)
    if args.backup:
        print(
            f"betrokkenheid: warning: {args.output} holds the personal codes of "
            f"{len(data['participants'])} participants: with one, anybody can read and change "
            "that person's answers. Keep it safe and do not share it; to share, use "
            "export --format json without --backup",
            file=sys.stderr,
        )
    return 0


def _report(args) -> int:
    from .report import report_html, report_pdf

    make = report_pdf if _pdf(args) else report_html
    store = _store(args)
    _write(args.output, make(store, args.session, args.language, args.compare))
    return 0


def _letter(args) -> int:
    from .paper import URL_ENV, default_url, letter_pdf

    url = args.url or default_url()
    if not url:
        raise InputError(
            "--url",
            "give the address where parents reach the workbook, e.g. --url "
            f"https://workbook.school.example/ (or set {URL_ENV})",
        )
    _check_output(args.output)
    _write(args.output, _naming_options(letter_pdf, _store(args), args.session, args.language, url))
    return 0


def _paper(args) -> int:
    from .paper import paper_pdf

    _check_output(args.output)
    made = _naming_options(paper_pdf, _store(args), args.session, args.audience, args.language)
    _write(args.output, made)
    return 0


def _guide(args) -> int:
    from .guide import guide_html, guide_pdf

    if args.format not in (None, "html", "pdf"):
        raise InputError("--format", f"unknown format {args.format!r}: choose html or pdf")
    if not args.output:
        raise InputError("-o", "give the file to write, e.g. -o gids.pdf")
    _check_output(args.output)
    make = guide_pdf if _pdf(args) else guide_html
    _write(args.output, _naming_options(make, args.language))
    return 0


def _pdf(args) -> bool:
    """Whether to write PDF: ``--format pdf``, or no ``--format`` and a FILE ending in .pdf."""
    return args.format == "pdf" or (args.format is None and args.output.lower().endswith(".pdf"))


def _check_output(path: str) -> None:
    """Refuse an output file that cannot be written before anything is made or stored."""
    target = Path(path)
    problem = None
    if target.is_dir():
        problem = "is a folder"
    elif not target.parent.is_dir():
        problem = "no such folder"
    elif not os.access(target.parent, os.W_OK) or (
        target.exists() and not os.access(target, os.W_OK)
    ):
        problem = "permission denied"
    if problem:
        raise InputError(path, f"cannot write: {problem}")


def _naming_options(make, *arguments):
    """``make(*arguments)``, its error naming the command's option (``--language``)."""
    options = {"language": "--language", "audience": "--audience", "address": "--url"}
    try:
        return make(*arguments)
    except InputError as exc:
        if exc.source not in options:
            raise
        raise InputError(options[exc.source], exc.problem, exc.where) from None


def _delete(args) -> int:
    from .store import PARTICIPANT_CODE_LENGTH, normalise_code

    gone = _store(args).delete_participant(args.session, args.code)
    code = normalise_code(args.code, PARTICIPANT_CODE_LENGTH, "personal code")
    print(f"deleted participant {code} and {gone} answers")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
