"""The parents' page (10_ouders), driven as widgets: choose a language, answer, go on and back,
and check the store."""

import re

import pytest
import yaml

from betrokkenheid import languages as languages_module
from betrokkenheid.languages import LANGUAGES_DIR, LANGUAGES_ENV, offered, questionnaire_keys, say
from betrokkenheid.questionnaire import MAX_OPEN
from betrokkenheid.ui import ParentsPage
from betrokkenheid.ui.parents_page import ParentsModel

# every text key the page says (all of them in nl.yaml and en.yaml)
PAGE_KEYS = (
    "page_title",
    "choose_language",
    "start",
    "next",
    "back",
    "done",
    "progress",
    "dont_know",
    "rather_not",
    "open_hint",
    "saved",
    "come_back",
    "privacy",
    "no_link",
    "too_long",
    "cannot_save",
    "change_language",
)


@pytest.fixture
def code(store, session):
    """The parents' questionnaire code of the session."""
    return store.audience_code(session, "parent")


@pytest.fixture
def page(store, code):
    return ParentsPage(store, code)


def answers(store, session):
    """The parents' answers of the session: (participant id, item) -> (value, text)."""
    rows = store.session_answers(session, "parents", audience="parent")
    return {(a.participant_id, a.item): (a.value, a.text) for a in rows}


def to_question(page, language="nl", index=0):
    """Choose ``language``, then go on to statement ``index``."""
    page.language_buttons[language].click()
    page.next_button.click()  # intro -> first statement
    for _ in range(index):
        page.next_button.click()
    assert (page.model.screen, page.model.question) == ("question", index)


def marker(page) -> dict:
    return dict(re.findall(r'(data-btk-[a-z-]+)="([^"]*)"', page.marker.value))


@pytest.fixture
def rtl_language(tmp_path, monkeypatch, frame):
    """A right-to-left language of our own (Persian, as a test: its texts are the English
    ones), in a folder named by BETROKKENHEID_LANGUAGES: it does not depend on the shipped
    files."""
    english = yaml.safe_load((LANGUAGES_DIR / "en.yaml").read_text("utf-8"))
    texts = {key: f"[fa] {value}" for key, value in english["texts"].items()}
    from betrokkenheid.languages import questionnaire_text

    own = {key: f"[fa] {questionnaire_text(frame, key, 'en')}" for key in questionnaire_keys(frame)}
    data = {
        "code": "fa",
        "name": "فارسی",
        "english": "Persian",
        "direction": "rtl",
        "checked": False,
        "texts": texts,
        "frames": {frame.id: own},
    }
    folder = tmp_path / "languages"
    folder.mkdir()
    (folder / "fa.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    monkeypatch.setenv(LANGUAGES_ENV, str(folder))
    assert "fa" in {lang.code for lang in offered(frame)}
    return "fa"


class TestLanguage:
    def test_every_offered_language_named_in_itself(self, page, frame):
        """The first screen offers every language of the questionnaire, each by its own name."""
        assert page.model.screen == "language"
        wanted = {lang.code: lang.name for lang in offered(frame)}
        shown = {code: b.description for code, b in page.language_buttons.items()}
        assert shown == wanted and shown["nl"] == "Nederlands"
        assert "btk-lang-en" in page.language_buttons["en"]._dom_classes  # says it in English

    def test_choosing_a_language_goes_on_in_it(self, page, store, session):
        """A language chosen: the introduction in that language, and still nobody stored."""
        page.language_buttons["en"].click()
        assert page.model.screen == "intro" and page.model.language == "en"
        assert page.next_button.description == say("start", "en")
        assert page.model.participant is None
        assert store.count_participants(session) == 0

    def test_link_with_an_offered_language_skips_the_choice(self, store, code):
        """``&lang=en`` opens the introduction in English."""
        page = ParentsPage(store, code, "en")
        assert (page.model.screen, page.model.language) == ("intro", "en")

    @pytest.mark.parametrize("lang", ["xx", "", "<b>", "EN "])
    def test_unknown_language_shows_the_choice_without_error(self, store, code, lang):
        """An unknown ``lang`` shows the choice of languages and no message (and a known one
        in another case or with spaces is known)."""
        page = ParentsPage(store, code, lang)
        want = "intro" if lang == "EN " else "language"
        assert page.model.screen == want
        assert page.message.kind == ""

    def test_other_language_later_is_remembered(self, page, store):
        """After the first answer, another language is stored for the parent, and the page
        goes back to where the parent was."""
        to_question(page, "nl", 2)
        page.faces.value = 3
        page.other_language.click()
        assert page.model.screen == "language"
        page.language_buttons["en"].click()
        assert (page.model.screen, page.model.question) == ("question", 2)
        assert store.participant(page.model.participant.code).language == "en"
        assert page.faces.options[0][0] == "No"

    def test_marker_holds_language_direction_and_codes(self, page, code):
        """The marker the template reads names the language, the direction and the codes."""
        assert marker(page)["data-btk-lang"] == "nl"
        assert marker(page)["data-btk-dir"] == "ltr"
        assert marker(page)["data-btk-resume"] == code
        assert marker(page)["data-btk-personal"] == ""
        to_question(page, "en")
        page.faces.value = 5
        assert marker(page)["data-btk-lang"] == "en"
        assert marker(page)["data-btk-personal"] == page.model.participant.code


class TestRightToLeft:
    def test_rtl_language_lays_the_page_out_from_the_right(self, store, code, rtl_language):
        """A right-to-left language: the page's class and the marker's direction say so; a
        left-to-right language again takes them away."""
        page = ParentsPage(store, code, rtl_language)
        assert page.rtl and "btk-parents-rtl" in page._dom_classes
        assert marker(page)["data-btk-dir"] == "rtl"
        assert marker(page)["data-btk-lang"] == "fa"
        assert page.next_button.description.startswith("[fa]")
        page.other_language.click()
        page.language_buttons["nl"].click()
        assert "btk-parents-rtl" not in page._dom_classes
        assert marker(page)["data-btk-dir"] == "ltr"

    def test_answers_in_an_rtl_language_are_stored_with_it(
        self, store, session, code, rtl_language
    ):
        """A parent answering in that language is stored with it."""
        page = ParentsPage(store, code, rtl_language)
        page.next_button.click()
        page.faces.value = 2
        assert store.participant(page.model.participant.code).language == "fa"


class TestQuestions:
    def test_one_statement_per_screen_with_progress(self, page, frame):
        """Each statement has a screen of its own with "n van N" and a progress bar."""
        to_question(page, "nl", 2)
        total = len(frame.parents.items)
        assert page.progress_text == f"3 van {total}"
        shown = "".join(
            w.value for w in page.card.children if hasattr(w, "value") and isinstance(w.value, str)
        )
        assert 'role="progressbar"' in shown and 'aria-valuenow="3"' in shown
        assert frame.parents.items[2].text.nl in shown
        assert page.faces in page.card.children

    def test_faces_are_the_scale_and_dont_know_and_rather_not(self, page, frame):
        """The options are the words of the scale, then "weet ik niet" and "zeg ik liever niet"."""
        to_question(page)
        labels = [label for label, _ in page.faces.options]
        scale = [label.nl for label in frame.parents.scale.labels]
        assert labels == [*scale, "Weet ik niet", "Zeg ik liever niet"]
        assert "btk-parents-faces-5" in page.faces._dom_classes

    def test_first_answer_makes_an_anonymous_parent(self, page, store, session, frame):
        """The first answer makes the parent (audience parent, online, the chosen language)
        and stores the step at once."""
        to_question(page, "en")
        page.faces.value = 4
        me = page.model.participant
        assert (me.audience, me.channel, me.language, me.role) == (
            "parent",
            "online",
            "en",
            "parent",
        )
        first = frame.parents.items[0].id
        assert answers(store, session) == {(me.id, first): (4.0, None)}
        assert say("saved", "en") in page.status.value

    @pytest.mark.parametrize("choice", ["dont_know", "rather_not"])
    def test_dont_know_and_rather_not_are_texts(self, page, store, session, frame, choice):
        """ "Weet ik niet" and "zeg ik liever niet" are stored as no value with their text."""
        to_question(page, "nl", 1)
        page.faces.value = choice
        item = frame.parents.items[1].id
        assert answers(store, session)[(page.model.participant.id, item)] == (None, choice)

    def test_changing_an_answer_replaces_it(self, page, store, session):
        """Another face on the same statement replaces the answer; one parent, one answer."""
        to_question(page)
        page.faces.value = 2
        page.faces.value = "dont_know"
        page.faces.value = 5
        assert list(answers(store, session).values()) == [(5.0, None)]
        assert store.count_participants(session) == 0  # the team's count: parents apart
        assert sum(store.audience_counts(session).values()) == 1

    def test_back_shows_the_answer_given(self, page, frame):
        """Back to a statement shows its answer; Next to a new one shows none."""
        to_question(page)
        page.faces.value = 2
        page.next_button.click()
        assert page.faces.value is None
        page.faces.value = "rather_not"
        page.back_button.click()
        assert (page.model.question, page.faces.value) == (0, 2)
        page.next_button.click()
        assert page.faces.value == "rather_not"

    def test_next_without_an_answer_stores_nothing(self, page, store, session, frame):
        """A statement may be passed over: nothing is stored, nobody is made."""
        to_question(page)
        for _ in frame.parents.items:
            page.next_button.click()
        assert page.model.screen == "hard"
        assert page.model.participant is None and answers(store, session) == {}


class TestNavigation:
    def test_back_and_next_through_every_screen(self, page, frame):
        """Next goes language → intro → each statement → chips → open → thanks, Back the
        same way back; the language screen has no Back, the thanks no Next."""
        order = [("intro", 0)] + [("question", i) for i in range(len(frame.parents.items))]
        order += [("hard", 0), ("open", 0), ("thanks", 0)]
        page.language_buttons["nl"].click()
        seen = [(page.model.screen, page.model.question)]
        while page.model.screen != "thanks":
            page.next_button.click()
            seen.append((page.model.screen, page.model.question))
        assert seen == order
        assert page.next_button.layout.display == "none"
        assert page.back_button.layout.display is None
        back = []
        while page.model.screen != "language":
            page.back_button.click()
            back.append((page.model.screen, page.model.question))
        assert back == [*order[-2::-1], ("language", 0)]
        assert page.back_button.layout.display == "none"

    def test_model_screen_shows_it(self, page):
        """Setting the model's screen shows that screen (the model is the page's state)."""
        page.language_buttons["nl"].click()
        page.model.screen = "hard"
        assert page.chip_list in page.card.children
        page.model.screen = "open"
        assert page.card.children == (page.open_text,)
        assert isinstance(page.model, ParentsModel)

    def test_thanks_are_the_frames(self, page, frame):
        """The last screen says the frame's thanks."""
        page.language_buttons["en"].click()
        page.model.screen = "thanks"
        assert frame.parents.thanks.en in page.card.children[0].value


class TestChipsAndOpen:
    def test_chips_are_stored_one_and_zero(self, page, store, session, frame):
        """A chip chosen is 1, taken back 0; several may be chosen."""
        page.language_buttons["nl"].click()
        page.model.screen = "hard"
        first, second = (b.barrier for b in frame.parents.barriers[:2])
        page.chips[first].value = True
        page.chips[second].value = True
        page.chips[first].value = False
        me = page.model.participant
        got = answers(store, session)
        assert got[(me.id, f"barriers.{first}")] == (0.0, None)
        assert got[(me.id, f"barriers.{second}")] == (1.0, None)
        labels = [page.chips[b.barrier].description for b in frame.parents.barriers]
        assert labels == [b.text.nl for b in frame.parents.barriers]

    def test_open_answer_is_stored(self, page, store, session):
        """The open answer is stored as typed (without spaces around it)."""
        page.language_buttons["nl"].click()
        page.model.screen = "open"
        page.open_text.value = "  Meer koffie-ochtenden, graag.  "
        me = page.model.participant
        assert answers(store, session)[(me.id, "open")] == (None, "Meer koffie-ochtenden, graag.")
        page.next_button.click()
        assert page.model.screen == "thanks"

    def test_too_long_is_refused_and_nothing_stored(self, page, store, session):
        """Over the limit: the message, nothing stored (not even a parent), and Next stays."""
        page.language_buttons["nl"].click()
        page.model.screen = "open"
        page.open_text.value = "a" * (MAX_OPEN + 1)
        assert page.message.text == say("too_long", "nl", limit=MAX_OPEN)
        assert page.model.participant is None and answers(store, session) == {}
        page.next_button.click()
        assert page.model.screen == "open"
        assert page.open_text.value == "a" * (MAX_OPEN + 1)  # to shorten, not to type again
        page.open_text.value = "a" * MAX_OPEN
        page.next_button.click()
        assert page.model.screen == "thanks" and page.message.kind == ""
        assert answers(store, session)[(page.model.participant.id, "open")] == (
            None,
            "a" * MAX_OPEN,
        )

    def test_too_long_does_not_replace_what_was_stored(self, page, store, session):
        """A too long text after a stored one keeps the stored one."""
        page.language_buttons["nl"].click()
        page.model.screen = "open"
        page.open_text.value = "Eerst dit."
        page.open_text.value = "b" * (MAX_OPEN + 50)
        me = page.model.participant
        assert answers(store, session)[(me.id, "open")] == (None, "Eerst dit.")

    def test_emptied_open_answer_is_taken_back(self, page, store, session):
        """An open answer emptied again is no answer any more."""
        page.language_buttons["nl"].click()
        page.model.screen = "open"
        page.open_text.value = "Iets"
        page.open_text.value = "   "
        me = page.model.participant
        assert answers(store, session)[(me.id, "open")] == (None, None)
        assert "open" not in page.model.answers


class TestBadLinks:
    @pytest.mark.parametrize("bad", [None, "", "ZZZZZZZ", "abc", "<script>", "A" * 90])
    def test_wrong_code_says_so_in_dutch_and_english(self, store, bad):
        """No code, an unknown or a malformed one: the no_link text in Dutch and English, and
        nothing else (no buttons, no traceback)."""
        page = ParentsPage(store, bad)
        assert page.model.screen == "no_link"
        (shown,) = page.body.children
        assert say("no_link", "nl") in shown.value.replace("&#x27;", "'")
        assert say("no_link", "en") in shown.value.replace("&#x27;", "'")
        assert "<script>" not in shown.value
        assert page.nav not in page.children and page.top not in page.children

    def test_join_code_of_the_team_is_no_parents_link(self, store, session):
        """The team's join code does not open the parents' questionnaire."""
        assert ParentsPage(store, session.code).model.screen == "no_link"

    def test_childrens_code_is_no_parents_link(self, store, session):
        """A children's questionnaire code does not open the parents' questionnaire."""
        child = store.audience_code(session, "child")
        assert ParentsPage(store, child).model.screen == "no_link"

    def test_code_is_read_as_typed(self, store, code):
        """A code in lower case or with a dash is the same code."""
        page = ParentsPage(store, f"{code[:3].lower()}-{code[3:]}")
        assert page.model.screen == "language"

    def test_database_problem_on_an_answer_says_cannot_save(
        self, page, store, session, monkeypatch
    ):
        """A database that cannot take the answer: cannot_save, and the face is not shown as
        given."""
        from sqlalchemy.exc import OperationalError

        to_question(page)

        def broken(*args, **kwargs):
            raise OperationalError("INSERT", {}, Exception("disk I/O error"))

        monkeypatch.setattr(store, "save_answer", broken)
        page.faces.value = 4
        assert page.message.text == say("cannot_save", "nl")
        assert page.faces.value is None
        monkeypatch.undo()
        page.faces.value = 3  # it works again: saved, the message gone
        assert page.message.kind == "" and len(answers(store, session)) == 1

    def test_database_problem_on_opening_says_cannot_save(self, store, code, monkeypatch):
        """A database that cannot be read when the page opens: cannot_save, in both languages."""

        def broken(*args, **kwargs):
            raise RuntimeError("database is gone")

        monkeypatch.setattr(store, "audience_session", broken)
        page = ParentsPage(store, code)
        assert page.model.screen == "no_link"
        assert say("cannot_save", "en") in page.body.children[0].value

    def test_broken_language_file_gives_a_calm_page(self, store, code, tmp_path, monkeypatch):
        """A language file that does not load (a translator's typo): a calm page in Dutch
        and English, no traceback."""
        import html

        from betrokkenheid.texts import tr

        folder = tmp_path / "broken"
        folder.mkdir()
        (folder / "xx.yaml").write_text("code: [", "utf-8")
        monkeypatch.setenv(LANGUAGES_ENV, str(folder))
        page = ParentsPage(store, code)
        assert page.model.screen == "no_link"
        assert html.escape(tr("error_generic", "en")) in page.body.children[0].value


class TestComingBack:
    def answered(self, store, code, frame, n=3, language="en"):
        """A parent who answered the first ``n`` statements in ``language``."""
        me = store.join_audience(code, language)
        for item in frame.parents.items[:n]:
            store.save_answer(me, "parents", item.id, 4)
        return me

    def test_goes_on_at_the_first_unanswered_statement(self, store, code, frame):
        """``r=`` of a parent of this questionnaire: that parent, in their language, at the
        first statement not answered yet, with the answers shown on Back."""
        me = self.answered(store, code, frame, 3, "en")
        page = ParentsPage(store, code, None, me.code)
        assert page.model.participant.id == me.id
        assert (page.model.screen, page.model.question, page.model.language) == (
            "question",
            3,
            "en",
        )
        page.back_button.click()
        assert page.faces.value == 4
        page.faces.value = 1
        assert store.answers_of(me, "parents")[frame.parents.items[2].id] == 1.0
        assert sum(store.audience_counts(store.participant(me.code).session).values()) == 1

    def test_all_answered_goes_on_at_the_chips_or_thanks(self, store, code, frame):
        """Every statement answered: the chips next; with a chip or the open question too,
        the thanks."""
        me = self.answered(store, code, frame, len(frame.parents.items))
        assert ParentsPage(store, code, None, me.code).model.screen == "hard"
        store.save_answer(me, "parents", "open", text="Dank")
        assert ParentsPage(store, code, None, me.code).model.screen == "thanks"

    def test_team_participants_code_is_ignored(self, store, session, code):
        """A team member's personal code in ``r=`` is no parent: a fresh start, nothing said,
        and the marker tells the browser to forget it."""
        teacher = store.join(session.code, "teacher")
        page = ParentsPage(store, code, None, teacher.code)
        assert page.model.participant is None and page.model.screen == "language"
        assert page.message.kind == ""
        assert marker(page)["data-btk-forget"] == teacher.code
        to_question(page)
        page.faces.value = 3
        assert page.model.participant.id != teacher.id
        assert store.answers_of(teacher, "parents") == {}

    def test_parent_of_another_session_is_ignored(self, store, code, frame):
        """A parent of another school's questionnaire starts afresh here."""
        other = store.create_session("De Eik", "betrokkenheidsboom", "baseline")
        stranger = self.answered(store, store.audience_code(other), frame, 2)
        page = ParentsPage(store, code, None, stranger.code)
        assert page.model.participant is None and page.model.screen == "language"

    @pytest.mark.parametrize("bad", ["", "ZZZZZZZZ", "<img src=x>", "a" * 60])
    def test_bad_personal_code_is_ignored_quietly(self, store, code, bad):
        """A personal code that is unknown or no code at all: a fresh start, no message."""
        page = ParentsPage(store, code, "nl", bad)
        assert page.model.screen == "intro" and page.message.kind == ""
        assert "<img" not in page.marker.value

    def test_link_language_does_not_override_a_parent_coming_back(self, store, code, frame):
        """Coming back, the parent's own language wins over the letter's ``lang``."""
        me = self.answered(store, code, frame, 1, "en")
        page = ParentsPage(store, code, "nl", me.code)
        assert page.model.language == "en"


class TestFromRequest:
    def test_reads_code_language_and_personal_code(self, store, code, frame, monkeypatch):
        """``?s=CODE&lang=en`` opens the English introduction; ``&r=`` goes on."""
        monkeypatch.setenv("QUERY_STRING", f"s={code}&lang=en")
        page = ParentsPage.from_request(store)
        assert (page.model.screen, page.model.language) == ("intro", "en")
        me = store.join_audience(code, "nl")
        store.save_answer(me, "parents", frame.parents.items[0].id, 2)
        monkeypatch.setenv("QUERY_STRING", f"s={code}&r={me.code}")
        page = ParentsPage.from_request(store)
        assert (page.model.participant.id, page.model.question) == (me.id, 1)

    def test_without_a_store_opens_the_default_one(self, tmp_path, monkeypatch):
        """Without a store the page opens the default database, and a link without a code
        there gives the friendly page."""
        monkeypatch.setenv("BETROKKENHEID_DB", str(tmp_path / "default.sqlite"))
        monkeypatch.setenv("QUERY_STRING", "")
        assert ParentsPage.from_request().model.screen == "no_link"


class TestTexts:
    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_every_text_of_the_page_is_in_the_language_file(self, lang):
        """Every text the page says is in nl.yaml and en.yaml (say() would fall back)."""
        texts = yaml.safe_load((LANGUAGES_DIR / f"{lang}.yaml").read_text("utf-8"))["texts"]
        assert set(PAGE_KEYS) <= set(texts)

    def test_the_page_writes_no_text_of_its_own(self):
        """The page's code holds no Dutch or English sentence for the parent: every label
        comes from say() or the frame."""
        from pathlib import Path

        source = Path(languages_module.__file__).parent / "ui" / "parents_page.py"
        code = source.read_text("utf-8")
        for key in PAGE_KEYS:
            for lang in ("nl", "en"):
                words = say(key, lang).split("{")[0][:25]
                assert len(words) < 12 or words not in code, key
