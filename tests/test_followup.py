"""The follow-up as data: its rules, its table for researchers, its privacy, its export."""

import json

import pytest

from betrokkenheid import InputError, Store, answers_frame, followup_table, load_frame
from betrokkenheid.answers import check_answer
from betrokkenheid.exchange import export_json, import_json
from betrokkenheid.report import report_html


@pytest.fixture(scope="module")
def demo(demo_copy):
    return demo_copy()


@pytest.fixture
def frame():
    return load_frame("betrokkenheidsboom")


def test_the_rules_of_an_answer(frame):
    chance = frame.barriers.opportunities[0].id
    assert check_answer(frame, "followup", f"{chance}.1.status", text="partly") == (None, "partly")
    assert check_answer(frame, "followup", f"{chance}.2.keep", 1) == (1.0, None)
    with pytest.raises(InputError, match="one of: done, partly, not_yet, dropped"):
        check_answer(frame, "followup", f"{chance}.1.status", text="almost")
    with pytest.raises(InputError, match="has no item"):
        check_answer(frame, "followup", "nothing.1.status", text="done")
    with pytest.raises(InputError, match="0 or 1"):
        check_answer(frame, "followup", f"{chance}.1.keep", 2)


def test_the_table_has_a_row_per_action_of_the_baseline(demo):
    store, codes = demo
    table = followup_table(store, codes["later"], "en")
    assert list(table["baseline"].unique()) == [codes["baseline"]]
    assert (table[["done", "partly", "not_yet", "dropped"]].sum(axis=1) == table["people"]).all()
    assert table["change"].str.contains("scale").all()


def test_the_table_hides_what_fewer_than_three_said(frame):
    store = Store("sqlite://")
    baseline = store.create_session("De Linde", frame.id, "baseline")
    chance = frame.barriers.opportunities[0].id
    for _ in range(3):
        me = store.join(baseline.code, "teacher")
        store.save_answer(me, "barriers", f"vote.{chance}", 1)
    store.save_answer(me, "barriers", f"action.{chance}.what", text="Koffie")
    later = store.create_session("De Linde", frame.id, "later", baseline=baseline.code)
    for _ in range(2):
        store.save_answer(
            store.join(later.code, "teacher"), "followup", f"{chance}.1.status", text="done"
        )
    row = followup_table(store, later.code).iloc[0]
    assert row["people"] == 2
    assert row[["done", "partly", "not_yet", "dropped", "keep", "noticed"]].isna().all()


def test_a_session_without_a_baseline_is_named(demo):
    store, codes = demo
    with pytest.raises(InputError, match="not linked to a baseline"):
        followup_table(store, codes["baseline"])


def test_answers_and_exports_carry_the_follow_up(demo, tmp_path):
    store, codes = demo
    table = answers_frame(store)
    assert (table["exercise"] == "followup").any()
    copy = Store("sqlite://")
    for measurement in ("baseline", "later"):
        path = tmp_path / f"{measurement}.backup.json"
        path.write_text(json.dumps(export_json(store, codes[measurement], backup=True)), "utf-8")
        import_json(copy, path)
    assert copy.session(codes["later"]).baseline == codes["baseline"]
    assert followup_table(copy, codes["later"]).equals(followup_table(store, codes["later"]))


def test_the_report_shows_each_action_and_the_plans_side_by_side(demo):
    store, codes = demo
    page = report_html(store, codes["later"], "en")
    section = page[page.index('id="followup"') :]
    assert "What did we do with our plan?" in section
    assert "Een koffiemoment elke vrijdag" in section and "Brieven in eenvoudige taal" in section
    assert "The plan then" in section and "The new plan" in section
    assert "Compare with care" in section
    assert 'id="followup"' not in report_html(store, codes["baseline"], "en")
