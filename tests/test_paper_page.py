"""The data-entry page of paper forms (12_papier), driven as widgets: staff type forms one
after the other; each is checked whole before anything is stored."""

import html

import pytest

from betrokkenheid.paper import chip_letters
from betrokkenheid.questionnaire import DONT_KNOW, MAX_OPEN, RATHER_NOT
from betrokkenheid.texts import tr
from betrokkenheid.ui import PaperEntryPage


@pytest.fixture
def page(store, session):
    return PaperEntryPage(store, session.code, "nl")


def parents(store, session) -> dict:
    """Each parent's answers of the session, with their language and channel."""
    people = {}
    for answer in store.session_answers(session, audience="parent"):
        person = people.setdefault(answer.participant_id, {})
        person[answer.item] = answer.text if answer.value is None else answer.value
    return people


def type_form(page, statements=(), chips=(), written=""):
    for item, typed in statements:
        page.statements[item].value = typed
    for barrier in chips:
        page.chips[barrier].value = True
    page.open_answer.value = written


class TestOpening:
    def test_opens_with_the_join_code(self, page, store, session, frame):
        """Given the team's join code, the page shows the questionnaire code of the forms and
        a field per statement and a box per chip, in the frame's order."""
        assert page.session == session
        code = store.audience_code(session, "parent")
        assert page.model.questionnaire_code == code and code in page.info.value
        assert list(page.statements) == [item.id for item in frame.parents.items]
        assert list(page.chips) == [chip.barrier for chip in frame.parents.barriers]
        first = page.statements[frame.parents.items[0].id]
        assert first.description.startswith("1. Ik voel me welkom")
        letters = chip_letters(len(frame.parents.barriers))
        assert [box.description[0] for box in page.chips.values()] == letters

    def test_opens_by_the_field(self, store, session):
        """The code typed in the field (and the button) opens the session."""
        page = PaperEntryPage(store)
        assert page.body.layout.display == "none"
        page.code_input.value = session.code.lower()
        page.open_button.click()
        assert page.session == session and page.chooser.layout.display == "none"

    def test_unknown_code(self, store):
        """A code of no session says so, and shows no form."""
        page = PaperEntryPage(store, "ZZZZZZ")
        assert page.message.text == tr("bad_join_code", "nl")
        assert page.session is None and page.body.layout.display == "none"

    def test_frame_without_questionnaire(self, store):
        """A session whose frame has no parents' questionnaire says there is nothing to type."""
        other = store.create_session("De Linde", "epstein", "baseline")
        page = PaperEntryPage(store, other.code, "en")
        assert page.message.text == tr("paper_entry_no_questionnaire", "en")
        assert page.session is None

    def test_languages_of_the_pile(self, page, frame):
        """The pile's language is chosen from those the questionnaire is offered in, each
        with its code as printed on the form."""
        from betrokkenheid.languages import offered

        assert [v for _, v in page.pile.options] == [lang.code for lang in offered(frame)]
        assert ("NL · Nederlands", "nl") in page.pile.options

    def test_keys_are_said(self, page):
        """The page says which keys mean "don't know" and "rather not say"."""
        said = html.unescape(page.key_help.value)
        assert "<kbd>w</kbd> voor 'weet ik niet'" in said
        assert "<kbd>z</kbd> voor 'zeg ik liever niet'" in said
        assert "<kbd>1</kbd> tot <kbd>5</kbd>" in said
        page.model.language = "en"
        assert "<kbd>d</kbd> for 'don't know'" in html.unescape(page.key_help.value)


class TestSaving:
    def test_two_forms(self, page, store, session):
        """Two forms typed one after the other are two parents on paper, each with its
        language, values, "don't know", "rather not say", chips and open answer."""
        type_form(
            page,
            [("welcome", "4"), ("respected", "w"), ("invited", "Z")],
            ["time", "costs"],
            "  Meer avonden graag.  ",
        )
        page.save_button.click()
        assert page.model.typed == 1
        assert page.message.text == tr("paper_entry_saved", "nl", n=1, pile="NL · Nederlands")
        assert page.statements["welcome"].value == "" and not page.chips["time"].value
        page.pile.value = "tr"
        type_form(page, [("welcome", "2"), ("good_news", "1")])
        page.save_button.click()
        assert page.model.typed == 2
        assert tr("paper_entry_count", "nl", n=2, total=2) in page.count.value
        assert store.audience_counts(session) == {("nl", "paper"): 1, ("tr", "paper"): 1}
        first, second = parents(store, session).values()
        assert first == {
            "welcome": 4.0,
            "respected": DONT_KNOW,
            "invited": RATHER_NOT,
            "barriers.time": 1.0,
            "barriers.costs": 1.0,
            "open": "Meer avonden graag.",
        }
        assert second == {"welcome": 2.0, "good_news": 1.0}

    def test_english_keys_too(self, page, store, session):
        """The English keys (d, r) work on the Dutch page too, and the other way round."""
        type_form(page, [("welcome", "d"), ("respected", "r")])
        page.save_button.click()
        assert list(parents(store, session).values()) == [
            {"welcome": DONT_KNOW, "respected": RATHER_NOT}
        ]

    def test_enter_in_a_field_saves(self, page, store, session):
        """Enter in a statement's field (its "submit") saves the whole form."""
        type_form(page, [("welcome", "5")], ["jargon"])
        page.statements["know_other_parents"]._handle_string_msg(None, {"event": "submit"}, None)
        assert page.model.typed == 1
        assert list(parents(store, session).values()) == [{"welcome": 5.0, "barriers.jargon": 1.0}]

    def test_wrong_value_refuses_the_whole_form(self, page, store, session):
        """One wrong value: its question and what may be typed are named, nothing of the form
        is stored, the field is marked; once right, the whole form is saved."""
        type_form(page, [("welcome", "4"), ("understand_messages", "7")], ["time"], "Goed.")
        page.save_button.click()
        assert page.message.kind == "error"
        said = page.message.text
        assert said.startswith("Vraag 3 (Ik begrijp de brieven en berichten van de school.)")
        assert "'7'" in said and "1 tot 5" in said and "w (weet ik niet)" in said
        assert parents(store, session) == {} and page.model.typed == 0
        assert page.model.wrong == ["understand_messages"]
        assert "btk-wrong" in page.statements["understand_messages"]._dom_classes
        assert page.statements["understand_messages"].description.endswith("— '7' kan niet")
        assert page.statements["welcome"].value == "4"  # nothing lost: correct and save
        page.statements["understand_messages"].value = "3"
        page.save_button.click()
        assert "btk-wrong" not in page.statements["understand_messages"]._dom_classes
        assert page.statements["understand_messages"].description.endswith("school.")
        (person,) = parents(store, session).values()
        assert person["understand_messages"] == 3.0 and person["open"] == "Goed."

    def test_digits_of_another_script(self, page, store, session):
        """A step typed in Arabic-Indic digits is that step."""
        type_form(page, [("welcome", "٣")])
        page.save_button.click()
        assert list(parents(store, session).values()) == [{"welcome": 3.0}]

    @pytest.mark.parametrize("typed", ["0", "6", "x", "3.5", "1e0", "²", "44", "-1", "ww"])
    def test_what_is_not_a_step(self, page, store, session, typed):
        """What is no step of the scale and no key is refused."""
        type_form(page, [("welcome", typed)])
        page.save_button.click()
        assert page.message.kind == "error" and "Vraag 1" in page.message.text
        assert store.audience_counts(session) == {}

    def test_every_wrong_value_is_named(self, page, store, session):
        """Two wrong values are both named."""
        type_form(page, [("welcome", "9"), ("talk_at_home", "ja")])
        page.save_button.click()
        assert "Vraag 1 " in page.message.text and "Vraag 11 " in page.message.text
        assert store.audience_counts(session) == {}

    def test_too_long_open_answer(self, page, store, session):
        """An open answer over the limit is refused with its length and the limit."""
        type_form(page, [("welcome", "4")], written="x" * (MAX_OPEN + 1))
        page.save_button.click()
        assert tr("paper_entry_too_long", "nl", n=MAX_OPEN + 1, limit=MAX_OPEN) in (
            page.message.text
        )
        assert store.audience_counts(session) == {}

    def test_empty_form_is_not_saved(self, page, store, session):
        """A form with nothing filled in (or only spaces) is not saved and says so."""
        type_form(page, [("welcome", "  ")], written="   ")
        page.save_button.click()
        assert page.message.text == tr("paper_entry_empty", "nl")
        assert store.audience_counts(session) == {} and page.model.typed == 0

    def test_a_failing_database_leaves_no_half_form(self, page, store, session, monkeypatch):
        """When the database fails midway, the parent made for the form is removed again."""
        from betrokkenheid.store import Store

        calls = []
        real = Store.save_answer

        def flaky(self, *args, **kwargs):
            calls.append(args)
            if len(calls) == 2:
                raise RuntimeError("disk full")
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Store, "save_answer", flaky)
        type_form(page, [("welcome", "4"), ("respected", "5")])
        page.save_button.click()
        assert page.message.kind == "error"
        assert store.audience_counts(session) == {} and parents(store, session) == {}
        assert page.statements["welcome"].value == "4"  # kept, to save again


class TestClearAndUndo:
    def test_clear_stores_nothing(self, page, store, session):
        """Clear empties the form without saving it."""
        type_form(page, [("welcome", "4")], ["time"], "iets")
        page.clear_button.click()
        assert page.statements["welcome"].value == "" and page.open_answer.value == ""
        assert not page.chips["time"].value and store.audience_counts(session) == {}

    def test_undo_deletes_the_last_form(self, page, store, session):
        """The last saved form can be deleted again (once); the count follows."""
        assert page.undo_button.disabled
        for typed in ("4", "2"):
            type_form(page, [("welcome", typed)])
            page.save_button.click()
        page.undo_button.click()
        assert page.model.typed == 1 and page.undo_button.disabled
        assert list(parents(store, session).values()) == [{"welcome": 4.0}]
        assert page.message.text == tr("paper_entry_undone", "nl", n=2)


class TestLanguage:
    def test_page_in_english(self, store, session):
        """The page speaks the staff's language; the statements are in it too."""
        page = PaperEntryPage(store, session.code, "en")
        assert page.statements["welcome"].description == "1. I feel welcome at the school."
        assert page.save_button.description == tr("paper_entry_save", "en")
        page.model.language = "nl"
        assert page.statements["welcome"].description == "1. Ik voel me welkom op school."
