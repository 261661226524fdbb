"""The children's page (11_kinderen), driven as widgets: a class on one tablet, one child after
the other; the store holds each child's answers and no child sees those of the one before."""

import html
import re

import pytest

from betrokkenheid.errors import InputError
from betrokkenheid.serve import CHILDREN_PAGE, questionnaire_link
from betrokkenheid.texts import _texts, tr
from betrokkenheid.ui import ChildrenPage, ParentsPage
from betrokkenheid.ui.children_page import BUSY, ChildrenModel

# every text key the page says (children_KEY in texts.yaml)
PAGE_KEYS = (
    "page_title",
    "language",
    "start",
    "next",
    "back",
    "done",
    "progress",
    "dont_know",
    "saved",
    "read_aloud",
    "cannot_read",
    "other_child",
    "other_child_note",
    "other_child_yes",
    "other_child_no",
    "next_child",
    "cannot_save",
    "no_link",
)


@pytest.fixture
def code(store, session):
    """The children's questionnaire code of the session."""
    return store.audience_code(session, "child")


@pytest.fixture
def page(store, code):
    return ChildrenPage(store, code)


def say(key, lang="nl", **values):
    return tr(f"children_{key}", lang, **values)


def answers(store, session):
    """The children's answers of the session: (participant id, item) -> (value, text)."""
    rows = store.session_answers(session, "children", audience="child")
    return {(a.participant_id, a.item): (a.value, a.text) for a in rows}


def children(store, session) -> int:
    """How many children answered in the session."""
    return sum(store.audience_counts(session, "child").values())


def shown(page) -> str:
    """The HTML of the screen shown (its texts and the speakers' attributes), unescaped."""
    parts = [w.value for w in page.card.children if isinstance(getattr(w, "value", None), str)]
    return html.unescape("".join(parts))


def marker(page) -> dict:
    return dict(re.findall(r'(data-btk-[a-z-]+)="([^"]*)"', page.marker.value))


def to_question(page, index=0):
    page.start_button.click()
    for _ in range(index):
        page.next_button.click()
    assert (page.model.screen, page.model.question) == ("question", index)


class TestIntro:
    def test_intro_with_a_big_start_and_the_language_switch(self, page, frame):
        """The page opens on the frame's introduction in Dutch, with Beginnen and a small
        NL/EN choice; nobody is made yet."""
        assert page.model.screen == "intro" and page.model.language == "nl"
        assert frame.children.intro.nl in shown(page)
        assert page.start_button in page.card.children
        assert page.start_button.description == "Beginnen"
        assert [value for _, value in page.language.options] == ["nl", "en"]
        assert page.language.layout.display is None
        assert page.nav.layout.display == "none"
        assert page.model.participant is None
        assert isinstance(page.model, ChildrenModel)

    def test_english_from_the_link_or_the_switch(self, store, code, frame):
        """``&lang=en`` opens it in English; the switch changes the language too."""
        page = ChildrenPage(store, code, "en")
        assert page.model.language == "en" and frame.children.intro.en in shown(page)
        assert page.start_button.description == "Start"
        page.language.value = "nl"
        assert page.model.language == "nl" and frame.children.intro.nl in shown(page)
        assert marker(page)["data-btk-lang"] == "nl"

    @pytest.mark.parametrize("lang", ["xx", "", "<b>", "tr"])
    def test_other_language_in_the_link_is_dutch(self, store, code, lang):
        """A language the children's questionnaire does not have: Dutch, no message."""
        page = ChildrenPage(store, code, lang)
        assert (page.model.screen, page.model.language) == ("intro", "nl")
        assert page.message.kind == ""


class TestQuestions:
    def test_one_statement_per_screen_with_progress(self, page, frame):
        """Each statement has a screen of its own with "n van 9", a progress bar, its
        speaker, the faces and "Ander kind?"."""
        to_question(page, 2)
        assert page.progress_text == f"3 van {len(frame.children.items)}"
        screen = shown(page)
        assert 'role="progressbar"' in screen and 'aria-valuenow="3"' in screen
        statement = frame.children.items[2].text.nl
        assert f"{statement}</h2>" in screen
        assert page.faces in page.card.children and page.faces.tooltip == statement
        assert page.other_child.layout.display is None
        assert page.other_child.description == "Ander kind?"
        assert page.language.layout.display == "none"

    def test_faces_are_the_scale_and_dont_know_without_rather_not(self, page, frame):
        """The options are the three words of the scale and "weet ik niet", and no "zeg ik
        liever niet"."""
        to_question(page)
        labels = [label for label, _ in page.faces.options]
        assert labels == ["Nee", "Een beetje", "Ja", "Weet ik niet"]
        assert "rather_not" not in [value for _, value in page.faces.options]
        assert "btk-children-faces-3" in page.faces._dom_classes

    def test_first_answer_makes_an_anonymous_child(self, page, store, session, frame):
        """The first answer makes the child (audience child, online, the page's language)
        and stores it at once."""
        to_question(page)
        assert page.model.participant is None and children(store, session) == 0
        page.faces.value = 3
        me = page.model.participant
        assert (me.audience, me.channel, me.language) == ("child", "online", "nl")
        first = frame.children.items[0].id
        assert answers(store, session) == {(me.id, first): (3.0, None)}
        assert say("saved") in page.status.value
        assert store.count_participants(session) == 0  # the team's count: children apart

    def test_dont_know_is_a_text(self, page, store, session, frame):
        """ "Weet ik niet" is stored as no value with its text."""
        to_question(page, 1)
        page.faces.value = "dont_know"
        item = frame.children.items[1].id
        assert answers(store, session)[(page.model.participant.id, item)] == (None, "dont_know")

    def test_rather_not_is_refused(self, page, store, session):
        """ "Rather not say" is no answer of the children's questionnaire: the page says it
        could not be saved and stores nothing (a face the page does not even offer)."""
        to_question(page)
        page.save(page.section.items[0].id, text="rather_not")
        assert page.message.text == say("cannot_save")
        assert page.model.participant is None and answers(store, session) == {}

    def test_changing_an_answer_replaces_it(self, page, store, session):
        """Another face on the same statement replaces the answer: one child, one answer."""
        to_question(page)
        page.faces.value = 1
        page.faces.value = "dont_know"
        page.faces.value = 2
        assert list(answers(store, session).values()) == [(2.0, None)]
        assert children(store, session) == 1

    def test_back_shows_this_childs_answer(self, page):
        """Back to a statement shows the answer this child gave; a new one shows none;
        Back from the first statement is the introduction."""
        to_question(page)
        page.faces.value = 1
        page.next_button.click()
        assert page.faces.value is None
        page.back_button.click()
        assert page.faces.value == 1
        page.back_button.click()
        assert page.model.screen == "intro"

    def test_through_every_statement_to_the_thanks(self, page, frame):
        """Next goes through the nine statements (the last says Klaar) to the thanks, which
        has the frame's thanks, the big Volgende kind and no way back."""
        page.start_button.click()
        seen = []
        while page.model.screen == "question":
            seen.append(page.model.question)
            page.next_button.click()
        assert seen == list(range(len(frame.children.items)))
        assert page.model.screen == "thanks"
        assert frame.children.thanks.nl in shown(page)
        assert page.next_child_button in page.card.children
        assert page.next_child_button.description == "Volgende kind"
        assert page.nav.layout.display == "none"

    def test_last_statement_says_done(self, page, frame):
        """On the last statement Next is called Klaar."""
        to_question(page, len(frame.children.items) - 1)
        assert page.next_button.description == "Klaar"

    def test_english_answers_are_stored_with_it(self, store, session, code):
        """A child answering in English is stored with English."""
        page = ChildrenPage(store, code, "en")
        to_question(page)
        assert [label for label, _ in page.faces.options] == ["No", "A bit", "Yes", "I don't know"]
        page.faces.value = 2
        assert page.model.participant.language == "en"
        assert page.progress_text == "1 of 9"


class TestReadAloud:
    def test_each_text_has_a_speaker_with_its_words_and_language(self, page, store, code, frame):
        """The introduction, each statement and the thanks have a speaker (a button labelled
        Lees voor) whose data attribute holds the text to read, with Dutch voices asked for,
        and the quiet note for a tablet that cannot read aloud."""
        speaker = re.compile(
            r'<button type="button" class="btk-children-speak" data-btk-speak="([^"]*)" '
            r'data-btk-speak-lang="([^"]*)" data-btk-speak-none="([^"]*)">.*?'
            r"<span>([^<]*)</span></button>"
        )
        (intro,) = speaker.findall(shown(page))
        assert intro == (frame.children.intro.nl, "nl-BE nl-NL nl", say("cannot_read"), "Lees voor")
        to_question(page, 4)
        ((text, lang, _, _),) = speaker.findall(shown(page))
        assert (text, lang) == (frame.children.items[4].text.nl, "nl-BE nl-NL nl")
        english = ChildrenPage(store, code, "en")
        ((text, lang, none, label),) = speaker.findall(shown(english))
        assert lang.startswith("en-GB") and label == "Read aloud"
        assert none == "This tablet cannot read aloud."

    def test_a_statement_with_quotes_is_escaped(self, page, monkeypatch):
        """The text to read is escaped in its attribute (no markup of its own)."""
        to_question(page)
        monkeypatch.setattr(page, "text", lambda key: 'Ik zeg "hallo" <b>')
        page.render()
        raw = "".join(w.value for w in page.card.children if isinstance(w.value, str))
        assert 'data-btk-speak="Ik zeg &quot;hallo&quot; &lt;b&gt;"' in raw


class TestNextChild:
    def test_next_child_is_a_new_child_who_sees_nothing_chosen(self, page, store, session, frame):
        """After the thanks, Volgende kind starts afresh: the introduction, nobody made, no
        face chosen on any statement; the next child's first answer makes a second child."""
        to_question(page)
        page.faces.value = 3
        page.next_button.click()
        page.faces.value = "dont_know"
        first = page.model.participant
        page.model.screen = "thanks"
        page.next_child_button.click()
        assert page.model.screen == "intro"
        assert page.model.participant is None and page.model.answers == {}
        page.start_button.click()
        assert page.faces.value is None
        page.next_button.click()
        assert page.faces.value is None
        page.back_button.click()
        page.faces.value = 1
        second = page.model.participant
        assert second.id != first.id and second.audience == "child"
        got = answers(store, session)
        ids = [item.id for item in frame.children.items]
        assert got == {
            (first.id, ids[0]): (3.0, None),
            (first.id, ids[1]): (None, "dont_know"),
            (second.id, ids[0]): (1.0, None),
        }
        assert children(store, session) == 2

    def test_other_child_asks_kindly_then_starts_afresh(self, page, store, session):
        """ "Ander kind?" asks kindly whether another child has the tablet; "Nee" goes back to
        the statement with this child's answer; "Ja" starts afresh, the answers kept."""
        to_question(page, 1)
        page.faces.value = 2
        first = page.model.participant
        page.other_child.click()
        assert page.model.screen == "other_child"
        assert say("other_child_note") in shown(page)
        assert page.nav.layout.display == "none"
        page.no_other.click()
        assert (page.model.screen, page.model.question, page.faces.value) == ("question", 1, 2)
        page.other_child.click()
        page.yes_other.click()
        assert page.model.screen == "intro" and page.model.participant is None
        assert say("other_child_note") not in shown(page)  # asked already
        to_question(page, 1)
        assert page.faces.value is None
        assert list(answers(store, session)) == [(first.id, page.section.items[1].id)]


class TestBusy:
    def test_marker_says_busy_from_the_first_answer_to_the_thanks(self, page, code):
        """The marker asks the browser to keep BUSY while a child has begun and not finished
        (never a child's code), and to forget it after the thanks or for a new child."""
        assert marker(page)["data-btk-resume"] == code
        assert marker(page)["data-btk-personal"] == ""
        assert marker(page)["data-btk-forget"] == BUSY
        to_question(page)
        assert marker(page)["data-btk-personal"] == ""  # only begun, nothing answered
        page.faces.value = 2
        assert marker(page)["data-btk-personal"] == BUSY
        assert "data-btk-forget" not in marker(page)
        assert page.model.participant.code not in page.marker.value
        page.model.screen = "thanks"
        assert marker(page)["data-btk-forget"] == BUSY
        assert marker(page)["data-btk-personal"] == ""
        page.next_child_button.click()
        page.start_button.click()
        page.faces.value = 1
        page.other_child.click()
        page.yes_other.click()
        assert marker(page)["data-btk-personal"] == ""

    def test_opened_again_while_a_child_was_busy(self, store, session, code, frame):
        """``r=BUSY`` (the browser says a child had not finished): the introduction with the
        kind note, nobody's answers, and the next answer makes a new child."""
        before = store.join_audience(code, "nl")
        store.save_answer(before, "children", frame.children.items[0].id, 3)
        page = ChildrenPage(store, code, None, BUSY)
        assert page.model.screen == "intro" and page.model.left_unfinished
        assert say("other_child_note") in shown(page)
        assert page.model.participant is None and page.model.answers == {}
        page.start_button.click()
        assert page.faces.value is None
        page.faces.value = 1
        assert page.model.participant.id != before.id
        assert children(store, session) == 2
        page.back_button.click()
        assert say("other_child_note") not in shown(page)  # said once, for this child

    @pytest.mark.parametrize("other", [None, "", "busy ", "ABCDEF", "<b>"])
    def test_no_note_without_busy(self, store, code, other):
        """Without ``r=BUSY`` (or with anything else, a child's code too) no note and no
        child taken over."""
        page = ChildrenPage(store, code, None, other)
        expected = other is not None and other.strip().upper() == BUSY
        assert page.model.left_unfinished is expected
        assert page.model.participant is None

    def test_a_childs_code_is_never_taken_over(self, store, code, frame):
        """A child's own code in ``r=`` is not followed: nothing of theirs is shown."""
        child = store.join_audience(code, "en")
        store.save_answer(child, "children", frame.children.items[0].id, 2)
        page = ChildrenPage(store, code, None, child.code)
        assert page.model.participant is None and page.model.language == "nl"
        page.start_button.click()
        assert page.faces.value is None


class TestBadLinks:
    @pytest.mark.parametrize("bad", [None, "", "ZZZZZZZ", "abc", "<script>", "A" * 90])
    def test_wrong_code_says_so_in_dutch_and_english(self, store, bad):
        """No code, an unknown or a malformed one: the kind text in Dutch and English, and
        nothing else (no buttons, no traceback)."""
        page = ChildrenPage(store, bad)
        assert page.model.screen == "no_link"
        (box,) = page.body.children
        text = html.unescape(box.value)
        assert say("no_link", "nl") in text and say("no_link", "en") in text
        assert "<script>" not in box.value
        assert page.nav not in page.children and page.top not in page.children

    def test_team_code_is_no_childrens_link(self, store, session):
        """The team's join code does not open the children's questionnaire."""
        assert ChildrenPage(store, session.code).model.screen == "no_link"

    def test_parents_code_is_no_childrens_link_and_back(self, store, session, code):
        """A parents' code on the children's page, and the children's code on the parents'
        page: each the kind message, not the other questionnaire."""
        parents = store.audience_code(session, "parent")
        page = ChildrenPage(store, parents)
        assert page.model.screen == "no_link"
        assert "btk-children-no-link" in page.body.children[0].value
        assert ParentsPage(store, code).model.screen == "no_link"

    def test_code_is_read_as_typed(self, store, code):
        """A code in lower case or with a dash is the same code."""
        page = ChildrenPage(store, f"{code[:3].lower()}-{code[3:]}")
        assert page.model.screen == "intro"

    def test_database_problem_on_an_answer_says_cannot_save(
        self, page, store, session, monkeypatch
    ):
        """A database that cannot take the answer: a kind message, the face not shown as
        given; once it works again the answer is saved."""
        from sqlalchemy.exc import OperationalError

        to_question(page)

        def broken(*args, **kwargs):
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))

        monkeypatch.setattr(store, "save_answer", broken)
        page.faces.value = 3
        assert page.message.text == say("cannot_save")
        assert page.faces.value is None
        monkeypatch.undo()
        page.faces.value = 3
        assert page.message.kind == "" and len(answers(store, session)) == 1

    def test_database_problem_on_opening_says_so_calmly(self, store, code, monkeypatch):
        """A database that cannot be read when the page opens: calm words in both languages."""

        def broken(*args, **kwargs):
            raise RuntimeError("database is gone")

        monkeypatch.setattr(store, "audience_session", broken)
        page = ChildrenPage(store, code)
        assert page.model.screen == "no_link"
        assert html.escape(say("cannot_save", "en")) in page.body.children[0].value


class TestFromRequest:
    def test_reads_code_language_and_busy(self, store, code, monkeypatch):
        """``?s=CODE&lang=en&r=BUSY`` opens the English introduction with the note."""
        monkeypatch.setenv("QUERY_STRING", f"s={code}&lang=en&r={BUSY}")
        page = ChildrenPage.from_request(store)
        assert (page.model.screen, page.model.language) == ("intro", "en")
        assert say("other_child_note", "en") in shown(page)

    def test_link_to_the_childrens_page(self, code):
        """The children's link is the children's page with the code (and the room's token)."""
        link = questionnaire_link(code, "http://10.0.0.5:8866/voila/render/00_start.ipynb?token=t")
        assert "10_ouders" in link  # parents, by default
        link = questionnaire_link(
            code, "http://10.0.0.5:8866/voila/render/00_start.ipynb?token=t", audience="child"
        )
        assert link == f"http://10.0.0.5:8866/{CHILDREN_PAGE}?s={code}&token=t"

    def test_without_an_address_the_message_speaks_of_the_tablet(self, code):
        """No address known: the message asks for it, for the children's tablet."""
        with pytest.raises(InputError, match="the class's tablet reaches the workbook"):
            questionnaire_link(code, "", audience="child")


class TestTexts:
    @pytest.mark.parametrize("key", PAGE_KEYS)
    def test_every_text_of_the_page_is_in_texts_yaml(self, key):
        """Every text the page says is in texts.yaml in Dutch and English."""
        assert set(_texts()[f"children_{key}"]) == {"nl", "en"}

    def test_the_page_writes_no_text_of_its_own(self):
        """The page's code holds no Dutch or English sentence for a child: every label comes
        from texts.yaml or the frame."""
        from pathlib import Path

        import betrokkenheid.ui.children_page as module

        source = Path(module.__file__).read_text("utf-8")
        for key in PAGE_KEYS:
            for lang in ("nl", "en"):
                words = say(key, lang).split("{")[0][:25]
                assert len(words) < 10 or words not in source, key
