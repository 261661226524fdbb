"""Answers as a tidy DataFrame: from a store, a database file or URL, or JSON exports."""

import csv
import io
import json

import numpy as np
import pandas as pd
import pytest

from betrokkenheid import InputError, Store, answers_frame, check_answers
from betrokkenheid.data import COLUMNS
from betrokkenheid.exchange import export_csv, export_json


def fill(store, school="De Linde", measurement="baseline", values=(2, 3, 4), role="teacher"):
    """A session in which each value is one person's rating of one item; returns the code."""
    code = store.create_session(school, "betrokkenheidsboom", measurement).code
    for value in values:
        me = store.join(code, role)
        store.save_answer(me, "triangle", "parent_child.communication", value)
    return code


def write_export(store, code, path):
    """The session exported as JSON into ``path``."""
    path.write_text(json.dumps(export_json(store, code)), encoding="utf-8")
    return path


@pytest.fixture
def two_sessions(store):
    """A school with a baseline of three people and a later measurement of two."""
    base = fill(store, values=(2, 3, 4))
    later = fill(store, measurement="later", values=(4, 5))
    return store, base, later


class TestAnswersFrame:
    def test_one_answer_a_row_with_the_documented_columns(self, two_sessions):
        """Every answer is a row; the columns are those of COLUMNS, in that order."""
        store, base, later = two_sessions
        answers = answers_frame(store)
        assert list(answers.columns) == list(COLUMNS)
        assert len(answers) == 5
        assert answers["session"].tolist() == [base] * 3 + [later] * 2
        assert answers["value"].tolist() == [2.0, 3.0, 4.0, 4.0, 5.0]
        assert set(answers["school"]) == {"De Linde"}
        assert set(answers["frame"]) == {"betrokkenheidsboom"}

    def test_dtypes(self, two_sessions):
        """Labels are categorical, participant int64, value float64, text string, time UTC."""
        answers = answers_frame(two_sessions[0])
        for name in ("session", "school", "measurement", "role", "frame", "exercise", "item"):
            assert isinstance(answers[name].dtype, pd.CategoricalDtype), name
        assert answers["participant"].dtype == np.int64
        assert answers["value"].dtype == np.float64
        assert answers["text"].dtype == pd.StringDtype()
        assert str(answers["answered_at"].dt.tz) == "UTC"

    def test_measurement_is_ordered_baseline_first(self, two_sessions):
        """The measurement column sorts baseline before later."""
        measurement = answers_frame(two_sessions[0])["measurement"]
        assert measurement.cat.ordered
        assert list(measurement.cat.categories[:2]) == ["baseline", "later"]

    def test_participants_are_numbers_within_their_session_never_codes(self, store):
        """Participants are 1, 2, ... per session in join order; no personal code appears."""
        code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
        people = [store.join(code, "teacher") for _ in range(3)]
        store.save_answer(people[0], "triangle", "parent_child.communication", 1)
        store.save_answer(people[2], "triangle", "parent_child.communication", 3)  # 2nd: nothing
        answers = answers_frame(store)
        assert answers["participant"].tolist() == [1, 3]
        text = answers.astype(str).to_csv()
        assert not any(person.code in text for person in people)

    def test_numbers_match_the_csv_export(self, store):
        """The participant numbers are those of ``betrokkenheid export --format csv``."""
        import csv
        import io

        code = fill(store, values=(1, 2, 3))
        csv_rows = list(csv.DictReader(io.StringIO(export_csv(store, code))))
        numbers = [int(r["participant"]) for r in csv_rows]
        assert answers_frame(store)["participant"].tolist() == numbers == [1, 2, 3]

    def test_text_answers_have_text_and_no_value(self, store):
        """A text answer has NaN as value and its text; a rating has <NA> as text."""
        code = store.create_session("De Linde", "betrokkenheidsboom", "baseline").code
        me = store.join(code, "director")
        store.save_answer(me, "barriers", "barrier.language", text="Veel talen")
        store.save_answer(me, "triangle", "parent_child.communication", 4)
        answers = answers_frame(store).set_index("exercise")
        assert np.isnan(answers.loc["barriers", "value"])
        assert answers.loc["barriers", "text"] == "Veel talen"
        assert answers.loc["triangle", "text"] is pd.NA

    @pytest.mark.parametrize("kind", ["path", "str", "url"])
    def test_reads_a_database_by_path_or_url(self, two_sessions, tmp_path, kind, backend):
        """A SQLite path (as Path or str) or a URL gives the same table as the Store."""
        store, _, _ = two_sessions
        path = tmp_path / "test.sqlite"
        source = {"path": path, "str": str(path), "url": f"sqlite:///{path}"}[kind]
        if backend != "sqlite":  # the same table from the PostgreSQL database's URL
            if kind != "url":
                pytest.skip("a path is a SQLite file")
            source = store.url
        pd.testing.assert_frame_equal(answers_frame(source), answers_frame(store))

    def test_reads_a_json_export_like_the_database(self, two_sessions, tmp_path):
        """An export file gives exactly the rows and types that the database gives."""
        store, base, _ = two_sessions
        path = write_export(store, base, tmp_path / "base.json")
        pd.testing.assert_frame_equal(answers_frame(path), answers_frame(store, sessions=[base]))

    def test_reads_an_export_already_loaded(self, two_sessions):
        """An export as a dict is read too."""
        store, base, _ = two_sessions
        answers = answers_frame(export_json(store, base))
        assert answers["value"].tolist() == [2.0, 3.0, 4.0]

    def test_many_schools_from_many_files(self, tmp_path):
        """A list of sources is read into one table: many schools at once."""
        paths = []
        for i, school in enumerate(["De Linde", "De Vlinder", "Het Anker"]):
            store = Store(tmp_path / f"{i}.sqlite")
            code = fill(store, school=school, values=(i + 1, i + 2, i + 3))
            paths.append(write_export(store, code, tmp_path / f"{i}.json"))
        answers = answers_frame(paths)
        assert len(answers) == 9
        assert answers.groupby("school", observed=True)["value"].mean().to_dict() == {
            "De Linde": 2.0,
            "De Vlinder": 3.0,
            "Het Anker": 4.0,
        }
        assert isinstance(answers["school"].dtype, pd.CategoricalDtype)

    def test_sessions_and_exercise_filters(self, two_sessions):
        """``sessions`` keeps those join codes (typed loosely); ``exercise`` one exercise."""
        store, base, later = two_sessions
        only = answers_frame(store, sessions=[later.lower()])
        assert set(only["session"]) == {later}
        assert answers_frame(store, sessions=later)["participant"].tolist() == [1, 2]
        assert answers_frame(store, exercise="climate").empty
        assert len(answers_frame(store, exercise="triangle")) == 5

    def test_unknown_session_code(self, two_sessions):
        """A session code that is not there is an InputError naming it."""
        with pytest.raises(InputError, match="no session with code ABCDEF"):
            answers_frame(two_sessions[0], sessions=["ABCDEF"])

    def test_malformed_session_code(self, two_sessions):
        """A code that cannot be a join code is refused."""
        with pytest.raises(InputError, match="join code"):
            answers_frame(two_sessions[0], sessions=["no!"])

    def test_empty_store_gives_an_empty_table_with_the_columns(self, store):
        """No answers: no rows, but every column and type."""
        answers = answers_frame(store)
        assert answers.empty and list(answers.columns) == list(COLUMNS)
        check_answers(answers, list(COLUMNS))


class TestBaselineColumn:
    """The column ``baseline``: a later session's link to its baseline (issue 18)."""

    @pytest.fixture
    def linked(self, store):
        """A baseline of three people, a later session linked to it, and one not linked."""
        base = fill(store, values=(2, 3, 4))
        code = store.create_session("De Linde", "betrokkenheidsboom", "later", baseline=base).code
        for value in (4, 5):
            store.save_answer(
                store.join(code, "teacher"), "triangle", "parent_child.communication", value
            )
        alone = fill(store, measurement="later", values=(1,))
        return store, base, code, alone

    def test_next_to_the_session_columns(self):
        """COLUMNS puts baseline right after the session's own columns."""
        assert list(COLUMNS)[:4] == ["session", "school", "measurement", "baseline"]

    def test_the_baseline_code_or_empty(self, linked):
        """A linked later session's rows hold the baseline's code; other rows are empty
        (<NA>, never the text 'None'); the column is categorical."""
        store, base, later, alone = linked
        answers = answers_frame(store)
        by_session = answers.groupby("session", observed=True)["baseline"].first()
        assert by_session[later] == base
        assert pd.isna(answers.loc[answers["session"] == base, "baseline"]).all()
        assert pd.isna(answers.loc[answers["session"] == alone, "baseline"]).all()
        assert isinstance(answers["baseline"].dtype, pd.CategoricalDtype)
        assert list(answers["baseline"].cat.categories) == [base]
        check_answers(answers, ["baseline"])

    def test_exports_give_the_same_column(self, linked, tmp_path):
        """The JSON exports (files or dicts) give exactly the table of the database."""
        store, base, later, alone = linked
        paths = [write_export(store, code, tmp_path / f"{code}.json") for code in (base, later)]
        exports = [export_json(store, code) for code in (base, later, alone)]
        pd.testing.assert_frame_equal(
            answers_frame(paths), answers_frame(store, sessions=[base, later])
        )
        pd.testing.assert_frame_equal(answers_frame(exports), answers_frame(store))

    def test_an_old_export_has_an_empty_column(self, linked):
        """An export of version 2 (before the link) reads with an empty baseline."""
        store, _, later, _ = linked
        data = export_json(store, later)
        data["version"] = 2
        del data["session"]["baseline"]
        answers = answers_frame(data)
        assert len(answers) == 2 and answers["baseline"].isna().all()

    def test_check_answers_allows_empty_cells_but_not_numbers(self):
        """check_answers takes empty cells in baseline, and refuses numbers there."""
        check_answers(pd.DataFrame({"baseline": ["ABCDEF", None]}), ["baseline"])
        with pytest.raises(InputError, match="column 'baseline': holds .*, not text labels"):
            check_answers(pd.DataFrame({"baseline": [1, 2]}), ["baseline"])


class TestAnswersFrameBadInput:
    def test_missing_file_is_not_created(self, tmp_path):
        """A mistyped database path is an error, and no empty database appears."""
        path = tmp_path / "typo.sqlite"
        with pytest.raises(InputError, match="file not found"):
            answers_frame(path)
        assert not path.exists()

    def test_a_file_that_is_neither(self, tmp_path):
        """A file that is not a database nor an export is named."""
        path = tmp_path / "notes.txt"
        path.write_text("hello", encoding="utf-8")
        with pytest.raises(InputError, match="notes.txt: is neither a SQLite database"):
            answers_frame(path)

    @pytest.mark.parametrize("content", ["", "tables of another program"])
    def test_another_sqlite_database_is_left_alone(self, tmp_path, content):
        """A SQLite file of another program (or an empty file) is refused and not changed."""
        import sqlite3

        path = tmp_path / "other.sqlite"
        if content:
            with sqlite3.connect(path) as conn:
                conn.execute("CREATE TABLE notes (text TEXT)")
            conn.close()
        else:
            path.write_bytes(b"")
        before = path.read_bytes()
        with pytest.raises(InputError, match="other.sqlite: is (not a betrokkenheid|neither)"):
            answers_frame(path)
        assert path.read_bytes() == before

    def test_broken_json_names_the_line(self, tmp_path):
        """Broken JSON is an InputError with the file and line."""
        path = tmp_path / "x.json"
        path.write_text('{\n"format": ', encoding="utf-8")
        with pytest.raises(InputError, match=r"x.json, line 2: not valid JSON"):
            answers_frame(path)

    def test_json_that_is_not_an_export_names_the_key(self, tmp_path):
        """A JSON file of another shape names the key that is wrong."""
        path = tmp_path / "x.json"
        path.write_text(json.dumps({"format": "betrokkenheid-session", "version": 1}), "utf-8")
        with pytest.raises(InputError, match=r"x.json, key 'session': not a valid export"):
            answers_frame(path)

    def test_other_objects(self):
        """Something that is not a source says what it takes."""
        with pytest.raises(InputError, match="cannot read answers from a int"):
            answers_frame(42)


class TestCheckAnswers:
    def table(self, **changes):
        base = {
            "session": ["A", "A"],
            "participant": [1, 2],
            "item": ["x.y", "x.z"],
            "value": [1.0, 2.0],
        }
        base.update(changes)
        return pd.DataFrame(base)

    def test_a_good_table_passes(self):
        """Strings, categories, ints and floats in the right columns pass."""
        check_answers(self.table(), ["session", "participant", "item", "value"])
        check_answers(self.table(session=pd.Categorical(["A", "A"])), ["session"])
        check_answers(self.table(value=[1, 2]), ["value"])
        check_answers(self.table(value=[1.0, np.nan]), ["value"])

    def test_missing_column_is_named(self):
        """A missing column is named, with the columns the table has."""
        with pytest.raises(InputError, match=r"column 'role': missing column \(the table has"):
            check_answers(self.table(), ["session", "role"])

    @pytest.mark.parametrize(
        "column, bad, expected",
        [
            ("value", ["4", "5"], "column 'value': holds string, not numbers"),
            ("value", [True, False], "column 'value': holds bool, not numbers"),
            ("participant", [1.0, 2.0], "column 'participant': holds float64, not whole numbers"),
            ("participant", ["1", "2"], "column 'participant': holds .*, not whole numbers"),
            ("session", [1, 2], "column 'session': holds .*, not text labels"),
            ("session", ["A", None], r"column 'session': has an empty cell \(row 1\)"),
            ("item", ["x.y", np.nan], r"column 'item': has an empty cell \(row 1\)"),
        ],
    )
    def test_wrong_type_is_named(self, column, bad, expected):
        """A column of the wrong type, or an empty label, is named."""
        with pytest.raises(InputError, match=expected):
            check_answers(self.table(**{column: bad}), [column])

    def test_not_a_dataframe(self):
        """A list of rows is not taken for a table."""
        with pytest.raises(InputError, match="must be a pandas DataFrame, not list"):
            check_answers([{"session": "A"}], ["session"])

    def test_only_the_named_columns_are_checked(self):
        """Other columns may hold anything."""
        check_answers(self.table(extra=[object(), None]), ["session"])


class TestStatisticsOnEveryDatabase:
    def test_statistics_of_the_database_equal_those_of_its_exports(self, store, tmp_path):
        """The demo school read from the database (SQLite or PostgreSQL) gives the statistics
        that its JSON exports give, to the last digit."""
        import betrokkenheid as btk
        from betrokkenheid.demo import make_demo

        codes = make_demo(store)
        exports = [export_json(store, code) for code in codes.values()]
        from_db, from_files = answers_frame(store), answers_frame(exports)
        pd.testing.assert_frame_equal(from_db, from_files)
        for statistic in (
            lambda a: btk.scale_scores(a, by="measurement"),
            btk.cronbach_alpha,
            btk.rwg,
            btk.change,
            btk.role_differences,
            lambda a: btk.scale_scores(a, by="session", audience="parent"),
            lambda a: btk.scale_scores(a, by="session", audience="child"),
        ):
            pd.testing.assert_frame_equal(statistic(from_db), statistic(from_files))
        assert len(from_db) > 1000


@pytest.fixture
def with_parents(store, session, monkeypatch, tmp_path):
    """``session`` with a teacher and three parents (nl online, en on paper, eo online: a
    language file of the test's own)."""
    from betrokkenheid.languages import LANGUAGES_ENV

    from .helpers import add_parents, language_folder

    monkeypatch.setenv(LANGUAGES_ENV, str(language_folder(tmp_path / "languages")))
    add_parents(store, session)
    return store, session


class TestWhoAnswered:
    """The columns audience, channel and language (issue 12): the team and parents in one
    table, told apart."""

    def test_columns_after_role(self):
        """COLUMNS puts audience, channel and language right after role."""
        names = list(COLUMNS)
        at = names.index("role")
        assert names[at : at + 4] == ["role", "audience", "channel", "language"]

    def test_team_and_parents(self, with_parents):
        """Each row says who answered (team, parent), how (online, paper) and in which
        language; parents are numbered among the team in joining order, as role parent."""
        store, session = with_parents
        answers = answers_frame(store)
        assert list(answers.columns) == list(COLUMNS)
        people = answers.drop_duplicates("participant")
        who = people[["participant", "role", "audience", "channel", "language"]]
        assert who.astype(str).values.tolist() == [
            ["1", "teacher", "team", "online", "nl"],
            ["2", "parent", "parent", "online", "nl"],
            ["3", "parent", "parent", "paper", "en"],
            ["4", "parent", "parent", "online", "eo"],
        ]
        for name in ("audience", "channel", "language"):
            assert isinstance(answers[name].dtype, pd.CategoricalDtype), name
        check_answers(answers, list(COLUMNS))
        mine = answers[answers["participant"] == 2]
        assert mine[["exercise", "item"]].values.tolist() == [
            ["parents", "barriers.time"],
            ["parents", "know_whom_to_ask"],
            ["parents", "open"],
            ["parents", "welcome"],
        ]
        assert mine["text"].tolist()[1:3] == ["dont_know", "Dank u wel, juf!"]

    def test_filtered_by_audience(self, with_parents):
        """audience= keeps the team's or the parents' rows; the numbers stay."""
        store, session = with_parents
        team = answers_frame(store, audience="team")
        parents = answers_frame(store, audience="parent")
        assert team["participant"].tolist() == [1]
        assert sorted(set(parents["participant"])) == [2, 3, 4]
        assert set(parents["exercise"]) == {"parents"} and len(parents) == 8
        assert answers_frame(store, audience="child").empty
        assert list(answers_frame(store, audience="child").columns) == list(COLUMNS)

    def test_unknown_audience(self, with_parents):
        """An audience that is none is refused, naming the parameter."""
        with pytest.raises(InputError, match="audience: unknown audience 'ouders'"):
            answers_frame(with_parents[0], audience="ouders")

    def test_the_export_gives_the_same_table(self, with_parents):
        """A JSON export (shareable or backup) gives exactly the database's table."""
        store, session = with_parents
        for backup in (False, True):
            pd.testing.assert_frame_equal(
                answers_frame(export_json(store, session.code, backup=backup)),
                answers_frame(store),
            )

    def test_an_older_export_is_the_team_online(self, with_parents):
        """An export of version 3 (before parents answered) reads as the team, online."""
        store, _ = with_parents
        code = fill(store, values=(2, 3))
        data = export_json(store, code)
        data["version"] = 3
        del data["session"]["audience_codes"]
        for person in data["participants"]:
            del person["audience"], person["channel"]
        answers = answers_frame(data)
        assert set(answers["audience"]) == {"team"} and set(answers["channel"]) == {"online"}
        assert set(answers["language"]) == {"nl"}

    def test_the_csv_has_the_columns(self, with_parents):
        """The tidy CSV carries audience, channel and language beside the role."""
        store, session = with_parents
        text = export_csv(store, session.code, "en")
        rows = list(csv.DictReader(io.StringIO(text)))
        who = {(r["participant"], r["audience"], r["channel"], r["language"]) for r in rows}
        assert who == {
            ("1", "team", "online", "nl"),
            ("2", "parent", "online", "nl"),
            ("3", "parent", "paper", "en"),
            ("4", "parent", "online", "eo"),
        }


@pytest.fixture
def with_children(with_parents):
    """``with_parents``' session with three children too (participants 5 to 7)."""
    from .helpers import add_children

    store, session = with_parents
    add_children(store, session)
    return store, session


class TestChildren:
    """Children's answers in the tidy table (issue 13): audience and role ``child``, the
    exercise ``children``, numbered among everyone in joining order."""

    def test_who_answered(self, with_children):
        """The children follow the team and the parents, each as audience ``child``."""
        store, _ = with_children
        answers = answers_frame(store)
        people = answers.drop_duplicates("participant")
        who = people[["participant", "role", "audience", "channel", "language"]]
        assert who.astype(str).values.tolist()[4:] == [
            ["5", "child", "child", "online", "nl"],
            ["6", "child", "child", "online", "nl"],
            ["7", "child", "child", "online", "en"],
        ]
        check_answers(answers, list(COLUMNS))

    def test_filtered_by_audience(self, with_children):
        """audience="child" keeps the children's rows, under the exercise children."""
        store, _ = with_children
        children = answers_frame(store, audience="child")
        assert sorted(set(children["participant"])) == [5, 6, 7] and len(children) == 6
        assert set(children["exercise"]) == {"children"} and set(children["role"]) == {"child"}
        first = children[children["participant"] == 5]
        assert first["item"].tolist() == ["dare_to_say", "like_school", "teacher_listens"]
        assert first["value"].fillna(0).tolist() == [0, 3.0, 2.0]
        assert first["text"].fillna("").tolist() == ["dont_know", "", ""]
        assert len(answers_frame(store, audience="parent")) == 8  # the parents' as they were

    def test_the_export_gives_the_same_table(self, with_children):
        """A JSON export (shareable or backup) gives exactly the database's table."""
        store, session = with_children
        for backup in (False, True):
            pd.testing.assert_frame_equal(
                answers_frame(export_json(store, session.code, backup=backup)),
                answers_frame(store),
            )

    def test_three_children_give_no_result(self, with_children):
        """Three children are fewer than five: their scale score is NaN beside n, from the
        table of everyone; the team's result has no child in it."""
        import betrokkenheid as btk

        store, _ = with_children
        answers = answers_frame(store)
        children = btk.scale_scores(answers, by="session", audience="child")
        assert children["n"].tolist() == [3] and children["mean"].isna().all()
        team = btk.scale_scores(answers, by="session")
        assert set(team["n"]) == {1}
