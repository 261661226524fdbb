"""The ``betrokkenheid`` command: demo, frames, export, import, report, delete-participant."""

import csv
import io
import json
import re
import sys

import pytest

from betrokkenheid import Store
from betrokkenheid.cli import EXIT_BAD_INPUT, main
from betrokkenheid.demo import SCHOOL

CODE = re.compile(r"\b[A-HJ-NP-Z2-9]{6}\b")


def run(capsys, *argv):
    """Run the command; returns exit status, stdout and stderr."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_one_line_error(err: str, *words: str) -> None:
    """stderr is one line without a traceback, naming every one of ``words``."""
    assert len(err.splitlines()) == 1, err
    assert err.startswith("betrokkenheid: ")
    assert "Traceback" not in err
    for word in words:
        assert word in err


@pytest.fixture
def db(new_db):
    """A fresh database for the command: a SQLite file's path or a PostgreSQL URL."""
    return new_db("cli")


@pytest.fixture
def demo(db, capsys):
    """The demo school in ``db``; returns its two join codes."""
    status, out, _ = run(capsys, "demo", "--db", db)
    assert status == 0
    return CODE.findall(out)


class TestDemo:
    def test_prints_two_join_codes(self, db, capsys):
        """demo prints the school and two different join codes."""
        status, out, err = run(capsys, "demo", "--db", db)
        assert status == 0 and err == ""
        assert SCHOOL in out
        codes = CODE.findall(out)
        assert len(codes) == 2 and codes[0] != codes[1]

    def test_makes_at_least_twelve_people_per_session(self, db, demo):
        """Each demo session has at least 12 participants, with triangle answers."""
        store = Store(db)
        for code in demo:
            session = store.session(code)
            assert store.count_participants(session) >= 12
            assert store.session_answers(session, "triangle")
        assert {s.measurement for s in store.sessions()} == {"baseline", "later"}

    def test_prints_each_sessions_parents_code(self, db, capsys):
        """Under each join code a line "parents: CODE": the questionnaire code of that
        session, which opens it for parents and is not its join code."""
        status, out, _ = run(capsys, "demo", "--db", db)
        assert status == 0
        lines = out.splitlines()
        found = re.findall(r"^ +parents: ([A-HJ-NP-Z2-9]{7})$", out, flags=re.M)
        joins = CODE.findall(out)
        assert len(found) == 2 and len(set(found)) == 2
        store = Store(db)
        for join, parents in zip(joins, found, strict=True):
            assert store.audience_session(parents) == (store.session(join), "parent")
            below = lines.index(next(line for line in lines if line.endswith(join))) + 1
            assert lines[below].strip() == f"parents: {parents}"

    def test_about_forty_parents_in_three_languages_some_on_paper(self, db, demo):
        """Each demo session has at least 40 parents in at least 3 languages (Dutch and
        English among them), some on paper, with "don't know", chips and open answers; the
        team stays as it was (14)."""
        store = Store(db)
        for code in demo:
            session = store.session(code)
            counts = store.audience_counts(session)
            languages = {lang for lang, _ in counts}
            assert sum(counts.values()) >= 40
            assert len(languages) >= 3 and {"nl", "en"} <= languages
            paper = sum(n for (_, channel), n in counts.items() if channel == "paper")
            assert 0 < paper < sum(counts.values())
            given = store.session_answers(session, "parents", audience="parent")
            assert {a.role for a in given} == {"parent"}
            assert sum(a.text == "dont_know" for a in given) > 0
            assert sum(a.item.startswith("barriers.") and a.value == 1 for a in given) > 0
            assert sum(a.item == "open" for a in given) > 0
            assert store.count_participants(session) == 14

    def test_prints_each_sessions_childrens_code(self, db, capsys):
        """Under each session's parents' line a line "children: CODE": the code that opens
        that session's children's questionnaire, apart from the join and the parents' code."""
        status, out, _ = run(capsys, "demo", "--db", db)
        assert status == 0
        lines = out.splitlines()
        found = re.findall(r"^ +children: ([A-HJ-NP-Z2-9]{7})$", out, flags=re.M)
        parents = re.findall(r"^ +parents: ([A-HJ-NP-Z2-9]{7})$", out, flags=re.M)
        assert len(found) == 2 and len(set(found) | set(parents)) == 4
        store = Store(db)
        for join, children, theirs in zip(CODE.findall(out), found, parents, strict=True):
            assert store.audience_session(children) == (store.session(join), "child")
            below = lines.index(f"    parents: {theirs}") + 1
            assert lines[below] == f"    children: {children}"

    def test_about_twenty_five_children_answered(self, db, demo):
        """Each demo session has about 25 children, each answer passing the children's
        rules; the faces are not all the same, a few said "don't know", some stopped before
        the end; team and parents stay as they were."""
        from betrokkenheid import load_frame
        from betrokkenheid.questionnaire import check_answer

        frame = load_frame("betrokkenheidsboom")
        store = Store(db)
        for code in demo:
            session = store.session(code)
            assert 20 <= sum(store.audience_counts(session, "child").values()) <= 30
            given = store.session_answers(session, audience="child")
            assert {(a.role, a.exercise) for a in given} == {("child", "children")}
            for answer in given:
                assert check_answer(frame, answer.item, answer.value, answer.text, "child")
            faces = {a.value for a in given if a.value is not None}
            assert faces == {1.0, 2.0, 3.0}
            assert 0 < sum(a.text == "dont_know" for a in given) < len(given) / 10
            per_child = {}
            for a in given:
                per_child.setdefault(a.participant_id, []).append(a.value)
            assert any(len(v) < len(frame.children.items) for v in per_child.values())
            assert len({tuple(v) for v in per_child.values()}) > len(per_child) / 2
            assert store.count_participants(session) == 14
            assert sum(store.audience_counts(session).values()) == 40

    def test_the_children_are_the_same_each_time(self):
        """The children's answers follow the seed they are given (the demo's): the same
        seed, the same answers; another seed, others."""
        import random

        from betrokkenheid import load_frame
        from betrokkenheid.demo import answer_children

        frame = load_frame("betrokkenheidsboom")

        def children(seed):
            store = Store("sqlite://")
            session = store.create_session(SCHOOL, frame.id, "baseline")
            answer_children(store, session, frame, random.Random(seed))
            return [
                (a.participant_id, a.item, a.value, a.text)
                for a in store.session_answers(session, audience="child")
            ]

        assert children("children-7-baseline") == children("children-7-baseline")
        assert children("children-7-baseline") != children("children-8-baseline")

    def test_parents_say_what_the_team_does_not_expect(self, db, demo):
        """The demo parents feel more welcome than the team rates it, and hear less good
        news: the comparison shows something."""
        from betrokkenheid import load_frame

        store = Store(db)
        frame = load_frame("betrokkenheidsboom")
        session = store.session(demo[0])

        def mean(values):
            values = [v for v in values if v is not None]
            return sum(values) / len(values)

        parents = store.session_answers(session, "parents", audience="parent")
        team = store.session_answers(session, "perspectives")
        said = {i.id: mean(a.value for a in parents if a.item == i.id) for i in frame.parents.items}
        rated = mean(a.value for a in team if a.item == "parent_at_home_in_school.present")
        assert said["welcome"] - rated > 1
        assert said["good_news"] < said["welcome"] - 1.5


class TestFrames:
    def test_lists_betrokkenheidsboom(self, capsys):
        """frames lists the shipped betrokkenheidsboom frame."""
        status, out, _ = run(capsys, "frames")
        assert status == 0
        assert "betrokkenheidsboom" in out


class TestExport:
    def test_json(self, db, demo, tmp_path, capsys):
        """export --format json writes the session as an export file."""
        target = tmp_path / "out.json"
        status, out, _ = run(capsys, "export", demo[0].lower(), "--db", db, "-o", target)
        assert status == 0
        assert str(target) in out
        data = json.loads(target.read_text("utf-8"))
        assert data["session"]["code"] == demo[0]
        assert len(data["participants"]) >= 12

    def test_csv_in_english(self, db, demo, tmp_path, capsys):
        """export --format csv --language en names roles and questions in English."""
        target = tmp_path / "out.csv"
        status, _, _ = run(
            capsys,
            "export",
            demo[0],
            "--format",
            "csv",
            "--language",
            "en",
            "--db",
            db,
            "-o",
            target,
        )
        assert status == 0
        rows = list(csv.DictReader(io.StringIO(target.read_text("utf-8"))))
        assert "Teacher" in {r["role_name"] for r in rows}
        assert "Parent and school — Trust and respect" in {r["question"] for r in rows}

    def test_json_is_shareable_without_codes(self, db, demo, tmp_path, capsys):
        """export --format json writes the shareable export: numbered, no personal code."""
        target = tmp_path / "out.json"
        status, _, err = run(capsys, "export", demo[0], "--db", db, "-o", target)
        assert status == 0 and err == ""
        data = json.loads(target.read_text("utf-8"))
        assert data["kind"] == "shareable"
        assert [p["number"] for p in data["participants"]] == list(
            range(1, len(data["participants"]) + 1)
        )
        store = Store(db)
        backup = tmp_path / "b.backup.json"
        run(capsys, "export", demo[0], "--db", db, "--backup", "-o", backup)
        codes = [p["code"] for p in json.loads(backup.read_text("utf-8"))["participants"]]
        session = store.session(demo[0])
        parents = sum(store.audience_counts(session).values())
        children = sum(store.audience_counts(session, "child").values())
        assert len(codes) == store.count_participants(session) + parents + children
        assert not any(code in target.read_text("utf-8") for code in codes)

    def test_backup_holds_codes_and_warns(self, db, demo, tmp_path, capsys):
        """export --backup writes a backup with the personal codes, and warns on stderr that
        the file must not be shared."""
        target = tmp_path / f"{demo[0]}.backup.json"
        status, out, err = run(capsys, "export", demo[0], "--db", db, "--backup", "-o", target)
        assert status == 0 and str(target) in out
        data = json.loads(target.read_text("utf-8"))
        assert data["kind"] == "backup" and all(len(p["code"]) == 8 for p in data["participants"])
        assert "warning" in err and "personal codes" in err and "do not share" in err
        assert len(err.splitlines()) == 1

    @pytest.mark.parametrize(
        "argv, words",
        [
            (["--backup", "-o", "linde.json"], [".backup.json", "-o"]),
            (["--backup", "--format", "csv", "-o", "linde.backup.json"], ["--backup", "json"]),
        ],
    )
    def test_backup_must_be_named_as_one(self, db, demo, tmp_path, capsys, argv, words):
        """A backup is refused to a name not ending in .backup.json, and as CSV or XLSX."""
        argv = [str(tmp_path / a) if a.startswith("linde") else a for a in argv]
        status, _, err = run(capsys, "export", demo[0], "--db", db, *argv)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, *words)
        assert list(tmp_path.glob("linde*")) == []

    def test_csv(self, db, demo, tmp_path, capsys):
        """export --format csv writes one row per answer under a header."""
        target = tmp_path / "out.csv"
        status, _, _ = run(capsys, "export", demo[1], "--db", db, "--format", "csv", "-o", target)
        assert status == 0
        rows = list(csv.reader(io.StringIO(target.read_text("utf-8"))))
        store = Store(db)
        assert rows[0][:2] == ["session", "school"]
        session = store.session(demo[1])
        team, parents, children = (
            store.session_answers(session, audience=a) for a in ("team", "parent", "child")
        )
        assert len(rows) - 1 == len(team) + len(parents) + len(children)
        assert team and parents and children
        assert {r[8] for r in rows[1:]} == {"team", "parent", "child"}  # the column audience

    def test_unknown_session(self, db, demo, tmp_path, capsys):
        """Exporting a join code of no session exits 2 naming the join code."""
        unknown = next(c for c in ("ZZZZZZ", "YYYYYY", "XXXXXX") if c not in demo)
        status, _, err = run(capsys, "export", unknown, "--db", db, "-o", tmp_path / "x.json")
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "join code")
        assert not (tmp_path / "x.json").exists()

    def test_unwritable_output(self, db, demo, tmp_path, capsys):
        """An output file in a folder that does not exist exits 2 naming the file."""
        target = tmp_path / "no" / "such" / "out.json"
        status, _, err = run(capsys, "export", demo[0], "--db", db, "-o", target)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, str(target), "cannot write")


class TestImport:
    def test_round_trip(self, db, demo, tmp_path, capsys):
        """A session backed up from one database imports into another."""
        exported = tmp_path / "out.backup.json"
        run(capsys, "export", demo[0], "--db", db, "--backup", "-o", exported)
        other = tmp_path / "other.sqlite"
        status, out, _ = run(capsys, "import", exported, "--db", other)
        assert status == 0
        assert f"imported session {demo[0]}" in out
        assert Store(other).count_participants(Store(other).session(demo[0])) >= 12

    @pytest.mark.parametrize(
        "content, where",
        [
            (b"{not json", "line 1"),
            (b'{"format": "betrokkenheid-session"}', "key"),
            ('{"a": 1}'.encode("utf-16"), "byte 0"),
        ],
    )
    def test_broken_file_exits_2_with_one_line(self, db, tmp_path, capsys, content, where):
        """A broken file exits 2 with one line on stderr naming file and place."""
        path = tmp_path / "broken.json"
        path.write_bytes(content)
        status, out, err = run(capsys, "import", path, "--db", db)
        assert status == EXIT_BAD_INPUT
        assert out == ""
        assert_one_line_error(err, str(path), where)
        assert Store(db).sessions() == []

    def test_twice_is_refused(self, db, demo, tmp_path, capsys):
        """Importing a backup into the database it came from exits 2."""
        exported = tmp_path / "out.backup.json"
        run(capsys, "export", demo[0], "--db", db, "--backup", "-o", exported)
        status, _, err = run(capsys, "import", exported, "--db", db)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "exists already")

    def test_shareable_export_gets_new_codes_and_says_so(self, db, demo, tmp_path, capsys):
        """A shareable export imports, even where it came from, with a new join code, and
        the command says that it made new codes."""
        exported = tmp_path / "out.json"
        run(capsys, "export", demo[0], "--db", db, "-o", exported)
        status, out, err = run(capsys, "import", exported, "--db", db)
        assert status == 0 and err == ""
        code = re.search(r"imported session (\w+)", out).group(1)
        assert code != demo[0] and "from a shareable export" in out
        assert "made new codes" in out and f"new join code {code}" in out
        store = Store(db)
        assert store.count_participants(store.session(code)) >= 12
        new = re.search(r"new questionnaire code for parents: (\w+)", out).group(1)
        assert store.audience_session(new)[0].code == code  # the printed code opens it
        new = re.search(r"new questionnaire code for children: (\w+)", out).group(1)
        assert store.audience_session(new) == (store.session(code), "child")

    @pytest.mark.parametrize(
        "change, key",
        [
            (("session", "frame", "../../../../etc/passwd"), "session.frame"),
            (("session", "school", "   "), "session.school"),
            (("version", "2"), "version"),
        ],
    )
    def test_what_the_pages_refuse_exits_2(self, db, demo, tmp_path, capsys, change, key):
        """A file that names a path as its frame, a school of spaces or a version as text
        exits 2 naming file and key, and the database keeps what it had."""
        exported = tmp_path / "out.json"
        run(capsys, "export", demo[0], "--db", db, "-o", exported)
        data = json.loads(exported.read_text("utf-8"))
        *path, value = change
        target = data
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
        exported.write_text(json.dumps(data), "utf-8")
        status, out, err = run(capsys, "import", exported, "--db", db)
        assert status == EXIT_BAD_INPUT and out == ""
        assert_one_line_error(err, str(exported), f"key '{key}'")
        assert len(Store(db).sessions()) == 2

    def test_a_number_of_5000_digits_exits_2(self, db, tmp_path, capsys):
        """A number longer than Python reads is one line naming its key, not a traceback."""
        path = tmp_path / "digits.json"
        path.write_text('{"format": "betrokkenheid-session", "version": ' + "9" * 5000 + "}")
        status, _, err = run(capsys, "import", path, "--db", db)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, str(path), "key 'version'")

    def test_a_folder_exits_2_saying_so(self, db, tmp_path, capsys):
        """A folder given as the file is named a folder, not a missing file."""
        status, _, err = run(capsys, "import", tmp_path, "--db", db)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, str(tmp_path), "is a folder")


class TestReport:
    def test_html_with_school_name(self, db, demo, tmp_path, capsys):
        """report writes an HTML page that names the school and shows the triangle."""
        target = tmp_path / "report.html"
        status, out, _ = run(capsys, "report", demo[0], "--db", db, "-o", target)
        assert status == 0 and str(target) in out
        page = target.read_text("utf-8")
        assert page.startswith("<!DOCTYPE html>")
        assert "Basisschool De Vlinder (fictief)" in page
        assert "data:image/svg+xml;base64," in page

    def test_escapes_what_users_typed(self, db, tmp_path, capsys):
        """A school name with HTML in it appears escaped, never as a script."""
        store = Store(db)
        session = store.create_session("<script>alert(1)</script>", "betrokkenheidsboom", "later")
        for role in ("teacher", "director", "other"):
            me = store.join(session.code, role)
            store.save_answer(me, "triangle", "parent_school.communication", 3)
        target = tmp_path / "report.html"
        status, _, _ = run(
            capsys, "report", session.code, "--db", db, "-o", target, "--language", "en"
        )
        assert status == 0
        page = target.read_text("utf-8")
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
        assert "<script>alert" not in page

    def test_unknown_session(self, db, tmp_path, capsys):
        """A report of a join code of no session exits 2 and writes nothing."""
        target = tmp_path / "report.html"
        status, _, err = run(capsys, "report", "ZZZZZZ", "--db", db, "-o", target)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "join code")
        assert not target.exists()

    def test_compare_with_the_baseline(self, db, demo, tmp_path, capsys):
        """--compare BASELINE adds the section with both measurements and plain words."""
        baseline, later = demo
        target = tmp_path / "report.html"
        status, _, err = run(
            capsys, "report", later, "--compare", baseline, "--db", db, "-o", target
        )
        assert status == 0, err
        page = target.read_text("utf-8")
        assert 'id="change"' in page and "Hier zijn we gegroeid: " in page and " op 1–5)" in page

    @pytest.mark.parametrize(
        "school, frame, measurement, words",
        [
            ("Een andere school", "betrokkenheidsboom", "baseline", "another school"),
            (SCHOOL, "epstein", "baseline", "another frame"),
            (SCHOOL, "betrokkenheidsboom", "later", "not a baseline measurement"),
        ],
    )
    def test_compare_refuses_what_is_no_baseline_of_this_team(
        self, db, demo, tmp_path, capsys, school, frame, measurement, words
    ):
        """Another school's or frame's session, or a later one, is refused in one line, exit 2."""
        other = Store(db).create_session(school, frame, measurement)
        target = tmp_path / "report.html"
        status, _, err = run(
            capsys, "report", demo[1], "--compare", other.code, "--db", db, "-o", target
        )
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "--compare", other.code, words)
        assert not target.exists()


class TestReportOfALinkedSession:
    """A later session linked to its baseline (issue 18): --compare stays explicit."""

    @pytest.fixture
    def linked(self, db, demo):
        """The demo's later session, linked to its baseline; and another baseline of the same
        school that it is not linked to."""
        store = Store(db)
        baseline, later = demo
        store.link_baseline(later, baseline)
        other = store.create_session(SCHOOL, "betrokkenheidsboom", "baseline")
        return baseline, later, other.code

    def test_without_compare_nothing_changes(self, db, linked, tmp_path, capsys):
        """report LATER of a linked session, without --compare, draws no comparison."""
        _, later, _ = linked
        target = tmp_path / "report.html"
        status, _, err = run(capsys, "report", later, "--db", db, "-o", target)
        assert status == 0, err
        assert 'id="change"' not in target.read_text("utf-8")

    def test_compare_with_the_linked_baseline(self, db, linked, tmp_path, capsys):
        """--compare naming the linked baseline (typed loosely) draws both measurements."""
        baseline, later, _ = linked
        target = tmp_path / "report.html"
        status, _, err = run(
            capsys, "report", later, "--compare", baseline.lower(), "--db", db, "-o", target
        )
        assert status == 0, err
        assert 'id="change"' in target.read_text("utf-8")

    def test_compare_with_another_baseline_is_refused(self, db, linked, tmp_path, capsys):
        """--compare naming another baseline than the linked one: one line naming both, exit
        2, no file."""
        baseline, later, other = linked
        target = tmp_path / "report.html"
        status, _, err = run(capsys, "report", later, "--compare", other, "--db", db, "-o", target)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "--compare", other, baseline, later, "not the baseline")
        assert not target.exists()

    def test_an_unlinked_session_takes_any_baseline_of_its_school(self, db, demo, capsys, tmp_path):
        """Without a link, --compare works as before with another baseline of the school."""
        Store(db).link_baseline(demo[1], None)  # the demo links its later session
        other = Store(db).create_session(SCHOOL, "betrokkenheidsboom", "baseline")
        target = tmp_path / "report.html"
        status, _, err = run(
            capsys, "report", demo[1], "--compare", other.code, "--db", db, "-o", target
        )
        assert status == 0, err


class TestExportAndImportOfALink:
    def test_backup_of_a_linked_session_carries_the_link(self, db, demo, tmp_path, capsys):
        """export --backup names the baseline; import into an empty database without it
        still imports every participant (the link is left out)."""
        baseline, later = demo
        Store(db).link_baseline(later, baseline)
        target = tmp_path / "later.backup.json"
        status, _, _ = run(capsys, "export", later, "--backup", "--db", db, "-o", target)
        assert status == 0
        assert json.loads(target.read_text("utf-8"))["session"]["baseline"] == baseline
        shared = tmp_path / "later.json"
        assert run(capsys, "export", later, "--db", db, "-o", shared)[0] == 0
        assert json.loads(shared.read_text("utf-8"))["session"]["baseline"] == baseline
        empty = tmp_path / "empty.sqlite"
        status, out, err = run(capsys, "import", target, "--db", empty)
        assert status == 0, err
        assert Store(empty).session(later).baseline is None
        assert Store(empty).count_participants(Store(empty).session(later)) >= 12


class TestDeleteParticipant:
    def test_delete_then_again(self, db, capsys):
        """delete-participant deletes once; the second time exits 2 naming the personal code."""
        store = Store(db)
        session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        me, you = store.join(session.code, "teacher"), store.join(session.code, "teacher")
        store.save_answer(me, "triangle", "parent_school.communication", 4)
        store.save_answer(me, "triangle", "parent_school.equality", 2)
        status, out, _ = run(capsys, "delete-participant", session.code, me.code, "--db", db)
        assert status == 0
        assert f"deleted participant {me.code} and 2 answers" in out
        assert store.count_participants(session) == 1
        status, _, err = run(capsys, "delete-participant", session.code, me.code, "--db", db)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "personal code")
        assert store.participant(you.code) == you


class TestBadDatabase:
    @pytest.mark.parametrize(
        "argv",
        [
            ["demo"],
            ["export", "ABCDEF", "-o", "out.json"],
            ["report", "ABCDEF", "-o", "out.html"],
            ["import", "in.json"],
            ["delete-participant", "ABCDEF", "ABCDEFGH"],
        ],
    )
    def test_directory_as_db(self, tmp_path, capsys, monkeypatch, argv):
        """A --db that is a folder exits 2 with a one-line message, no traceback."""
        monkeypatch.chdir(tmp_path)
        (tmp_path / "in.json").write_text("{}", "utf-8")
        folder = tmp_path / "a folder"
        folder.mkdir()
        status, out, err = run(capsys, *argv, "--db", folder)
        assert status == EXIT_BAD_INPUT
        assert out == ""
        assert_one_line_error(err, str(folder), "folder")
        assert list(folder.iterdir()) == []

    def test_not_a_database_file(self, tmp_path, capsys):
        """A --db that is some other file exits 2 and leaves the file alone."""
        path = tmp_path / "notes.txt"
        path.write_text("not a database\n" * 100, "utf-8")
        status, _, err = run(capsys, "demo", "--db", path)
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, str(path), "cannot open")
        assert path.read_text("utf-8") == "not a database\n" * 100

    def test_unknown_kind_of_database(self, capsys):
        """A database URL of a kind SQLAlchemy does not know exits 2, no traceback."""
        status, _, err = run(capsys, "demo", "--db", "nosuchdb+nodriver://host/db")
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "cannot open")

    def test_url_without_driver(self, capsys, monkeypatch):
        """A database URL whose driver is not installed exits 2, no traceback."""
        monkeypatch.setitem(sys.modules, "psycopg2", None)  # as if it were not installed
        status, _, err = run(capsys, "demo", "--db", "postgresql+psycopg2://me@localhost/db")
        assert status == EXIT_BAD_INPUT
        assert_one_line_error(err, "postgresql", "cannot open")


class TestBinaryFormats:
    def test_report_pdf_and_export_xlsx(self, tmp_path, capsys):
        """report --format pdf writes a PDF; export --format xlsx a workbook."""
        from betrokkenheid import Store
        from betrokkenheid.cli import main

        db = tmp_path / "d.sqlite"
        store = Store(db)
        session = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
        me = store.join(session.code, "teacher")
        store.save_answer(me, "triangle", "parent_school.equality", 3)
        pdf, xlsx = tmp_path / "r.pdf", tmp_path / "a.xlsx"
        assert (
            main(["report", session.code, "--format", "pdf", "-o", str(pdf), "--db", str(db)]) == 0
        )
        assert pdf.read_bytes().startswith(b"%PDF")
        assert (
            main(["export", session.code, "--format", "xlsx", "-o", str(xlsx), "--db", str(db)])
            == 0
        )
        assert xlsx.read_bytes().startswith(b"PK")

    def test_the_report_file_name_decides_without_format(self, tmp_path):
        """report -o verslag.pdf writes PDF, -o verslag.html HTML; --format wins over the
        name."""
        from betrokkenheid import Store
        from betrokkenheid.cli import main

        db = tmp_path / "d.sqlite"
        session = Store(db).create_session("De Linde", "betrokkenheidsboom", "baseline")
        made = {}
        for name, extra in (("a.PDF", []), ("b.html", []), ("c.pdf", ["--format", "html"])):
            target = tmp_path / name
            assert main(["report", session.code, "-o", str(target), "--db", str(db), *extra]) == 0
            made[name] = target.read_bytes()[:5]
        assert made == {"a.PDF": b"%PDF-", "b.html": b"<!DOC", "c.pdf": b"<!DOC"}


class TestPostgresqlUrl:
    def test_password_never_printed(self, db, backend, capsys):
        """No output of any command shows a database URL's password."""
        from sqlalchemy.engine import make_url

        if backend == "sqlite":
            pytest.skip("a file has no password")
        password = make_url(str(db)).password
        status, out, err = run(capsys, "demo", "--db", db)
        assert status == 0 and password not in out + err
        wrong = str(db).replace(password, "wrong-" + password)
        status, out, err = run(capsys, "demo", "--db", wrong)
        assert status == EXIT_BAD_INPUT and out == ""
        assert_one_line_error(err, "password is wrong")
        assert password not in err
