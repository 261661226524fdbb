"""The start page, driven as widgets: set values, click, check the store and the page."""

import pytest

from betrokkenheid.texts import tr
from betrokkenheid.ui import StartPage


@pytest.fixture
def page(store):
    return StartPage(store)


def join(page, code, role="teacher"):
    page.join_code.value = code
    page.role.value = role
    page.join_button.click()


class TestJoin:
    def test_join_creates_an_anonymous_participant(self, page, store, session):
        """Joining with a code and a role makes a participant with a personal code."""
        join(page, session.code.lower(), "bridge_figure")
        me = page.model.participant
        assert me is not None and me.role == "bridge_figure"
        assert store.count_participants(session) == 1
        assert f"{me.code[:4]}-{me.code[4:]}" in page.result.value
        assert f"00_dag.ipynb?p={me.code}&amp;lang=nl" in page.result.value  # the day page

    def test_join_hides_the_forms(self, page, session):
        """After joining, the forms make way for the personal code."""
        join(page, session.code)
        assert page.tabs.layout.display == "none"

    def test_wrong_code_gives_a_friendly_message(self, page, store, session):
        """A join code that does not exist says so on the page and stores nothing."""
        join(page, "ZZZZZZ")
        assert page.message.kind == "error"
        assert page.message.text == tr("bad_join_code", "nl")
        assert page.model.participant is None
        assert store.count_participants(session) == 0

    @pytest.mark.parametrize("code", ["", "   ", "<script>", "ABC", "A" * 500])
    def test_malformed_codes_are_refused(self, page, code, session):
        """Empty, short, long or strange codes give a message, never an exception."""
        join(page, code)
        assert page.message.kind == "error"
        assert "<script>" not in page.message.value

    def test_role_is_required(self, page, session):
        """Joining without a role asks for the role."""
        page.join_code.value = session.code
        page.join_button.click()
        assert page.message.text == tr("missing_field", "nl", field=tr("role", "nl"))
        assert page.model.participant is None

    def test_unexpected_error_shows_no_traceback(self, page, session, monkeypatch):
        """An unexpected failure shows the calm general message."""

        def broken(*args, **kwargs):
            raise RuntimeError("database on fire")

        monkeypatch.setattr(page.store, "join", broken)
        join(page, session.code)
        assert page.message.text == tr("error_generic", "nl")
        assert "fire" not in page.message.value


class TestCreate:
    def test_create_makes_a_session_and_fills_in_its_code(self, page, store):
        """Creating a session stores it and puts its join code in the join form."""
        page.school.value = "  Basisschool Het Anker "
        page.measurement.value = "later"
        page.create_button.click()
        (session,) = store.sessions()
        assert (session.school, session.measurement) == ("Basisschool Het Anker", "later")
        assert page.join_code.value == session.code
        assert session.code in page.message.text

    @pytest.mark.parametrize("school", ["", "   ", "x" * 201])
    def test_bad_school_name_is_refused(self, page, store, school):
        """An empty or too long school name gives a message and no session."""
        page.school.value = school
        page.create_button.click()
        assert page.message.text == tr("bad_school", "nl")
        assert store.sessions() == []


def create(page, school="De Linde", measurement="later", baseline="", frame=None):
    page.school.value = school
    if frame:
        page.frame.value = frame
    page.measurement.value = measurement
    page.baseline.value = baseline
    page.create_button.click()


class TestLinkToBaseline:
    def test_later_session_is_linked_to_its_baseline(self, page, store, session):
        """A later session made with the baseline's join code (as typed: lower case, a dash)
        is linked to it, and the page says so."""
        create(page, baseline=f" {session.code[:3].lower()}-{session.code[3:]} ")
        later = store.session(page.join_code.value)
        assert later.measurement == "later" and later.baseline == session.code
        assert page.message.kind == "info"
        assert tr("created_linked", "nl", code=session.code) in page.result.value

    def test_left_empty_no_link(self, page, store, session):
        """The baseline's code may stay empty: a later session without a link."""
        create(page, baseline="   ")
        assert page.message.kind == "info"
        assert store.session(page.join_code.value).baseline is None
        assert tr("created_linked", "nl", code="X").split("X")[0] not in page.result.value

    def test_field_only_for_a_later_measurement(self, page):
        """The field shows only once a later measurement is chosen, with its label."""
        assert page.measurement.value == "baseline"
        assert page.baseline_box.layout.display == "none"
        page.measurement.value = "later"
        assert page.baseline_box.layout.display is None
        assert page.baseline.description == tr("baseline_code", "nl")
        assert tr("baseline_code_hint", "nl") in page.baseline_help.value
        page.measurement.value = "baseline"
        assert page.baseline_box.layout.display == "none"

    def test_hidden_field_does_not_count_for_a_baseline(self, page, store, session):
        """A code left in the field is not used once the measurement is a baseline again."""
        create(page, measurement="baseline", baseline=session.code)
        assert page.message.kind == "info"
        made = store.session(page.join_code.value)
        assert made.measurement == "baseline" and made.baseline is None

    @pytest.mark.parametrize(
        ("school", "code", "key"),
        [
            ("De Linde", "ZZZZZZ", "bad_baseline_code"),
            ("De Linde", "<script>", "bad_baseline_code"),
            ("De Linde", "ABC", "bad_baseline_code"),
            ("Het Anker", None, "bad_baseline_school"),
            ("De linde", None, "bad_baseline_school"),
        ],
    )
    def test_refused_link_says_why_and_makes_nothing(self, page, store, session, school, code, key):
        """A code that is not this school's baseline says in plain words what is wrong, and no
        session is made."""
        create(page, school=school, baseline=code or session.code)
        assert page.message.kind == "error"
        assert page.message.text == tr(key, "nl")
        assert "<script>" not in page.message.value
        assert store.sessions() == [session]
        assert page.join_code.value == ""
        assert tr(key, "nl") in page.baseline_help.value  # beside the field too, for a phone
        assert "<script>" not in page.baseline_help.value
        page.baseline.value = "K7MQ2"  # typing again: the hint is back
        assert tr("baseline_code_hint", "nl") in page.baseline_help.value

    def test_another_frame_is_refused(self, page, store, session):
        """A baseline with another frame is refused: choose the same frame."""
        create(page, frame="epstein", baseline=session.code)
        assert page.message.text == tr("bad_baseline_frame", "nl")
        assert store.sessions() == [session]

    def test_a_later_session_is_no_baseline(self, page, store, session):
        """The code of a later measurement is no baseline to link to."""
        other = store.create_session("De Linde", "betrokkenheidsboom", "later")
        create(page, baseline=other.code)
        assert page.message.text == tr("bad_baseline_measurement", "nl")
        assert len(store.sessions()) == 2

    def test_refusal_in_english(self, store, session):
        """The message is in the visitor's language."""
        page = StartPage(store, language="en")
        create(page, school="Het Anker", baseline=session.code)
        assert page.message.text == tr("bad_baseline_school", "en")
        assert page.baseline.description == "Join code of the baseline"

    def test_store_refusal_without_a_diagnosis_shows_plain_words(
        self, page, store, session, monkeypatch
    ):
        """Should the store refuse a link the page cannot explain, a plain general text shows,
        not the store's English message."""
        from betrokkenheid.errors import InputError

        def refuse(*args, **kwargs):
            raise InputError("baseline", "session X is refused for a new reason")

        monkeypatch.setattr(page.store, "create_session", refuse)
        create(page, baseline=session.code)
        assert page.message.text == tr("bad_baseline", "nl")


class TestResume:
    def test_resume_with_personal_code(self, page, store, session):
        """The personal code brings a participant back, in the language they chose."""
        me = store.join(session.code, "director", "en")
        page.personal_code.value = me.code.lower()
        page.resume_button.click()
        assert page.model.participant.id == me.id
        assert page.model.language == "en"
        assert page.join_button.description == "Join"

    def test_resume_goes_where_one_left_off(self, page, store, session):
        """Back with the personal code, the link opens the day page in the language chosen,
        which goes on after the last step answered (and stays on the last step when that
        one was answered)."""
        import html
        import re
        from urllib.parse import parse_qs, urlparse

        from betrokkenheid.ui import DayPage

        def day_of(start):
            href = re.search(r'class="btk-button btk-go" href="([^"]+)"', start.result.value)
            link = urlparse(html.unescape(href.group(1)))
            assert link.path == "00_dag.ipynb"
            query = {k: v[0] for k, v in parse_qs(link.query).items()}
            return DayPage(store, query["p"], query["lang"], query.get("step"))

        me = store.join(session.code, "teacher", "en")
        store.save_answer(me, "perspectives", "parent.welcome.present", 4)
        store.save_answer(me, "triangle", "parent_school.communication", 3)
        page.personal_code.value = me.code
        page.resume_button.click()
        day = day_of(page)
        assert (day.model.step, day.model.language) == ("forms", "en")
        store.save_answer(me, "barriers", "vote.coffee", 1)
        assert day_of(StartPage(store, participant_code=me.code)).model.step == "barriers"

    def test_wrong_personal_code(self, page):
        """An unknown personal code says so on the page."""
        page.personal_code.value = "ABCD-EFGH"
        page.resume_button.click()
        assert page.message.text == tr("bad_personal_code", "nl")


class TestLanguage:
    def test_switch_relabels_and_keeps_values(self, page, session):
        """Switching to English relabels the page and keeps what was typed."""
        page.join_code.value = session.code
        page.role.value = "other"
        page.header.language.value = "en"
        assert page.join_button.description == "Join"
        assert page.role.value == "other"
        assert dict(page.role.options)["Other role"] == "other"
        assert page.tabs.titles[0] == "Join"

    def test_switch_is_remembered_for_the_participant(self, page, store, session):
        """A participant's language choice is stored for the next page."""
        join(page, session.code)
        page.header.language.value = "en"
        assert store.participant(page.model.participant.code).language == "en"


class TestFromRequest:
    def test_reads_language_and_code_from_the_url(self, store, session, monkeypatch):
        """?lang=en&p=CODE opens the page in English for that participant."""
        me = store.join(session.code, "teacher")
        monkeypatch.setenv("QUERY_STRING", f"lang=en&p={me.code}")
        page = StartPage.from_request(store)
        assert page.model.language == "en"
        assert page.model.participant.id == me.id

    def test_without_a_language_the_participants_own(self, store, session, monkeypatch):
        """?p=CODE without lang opens the page in the language the participant chose."""
        me = store.join(session.code, "teacher", "en")
        monkeypatch.setenv("QUERY_STRING", f"p={me.code}")
        page = StartPage.from_request(store)
        assert page.model.language == "en"
        assert page.join_button.description == "Join"

    def test_bad_url_parameters_give_a_message(self, store, monkeypatch):
        """A bad code or language in the URL gives a message and a usable page."""
        monkeypatch.setenv("QUERY_STRING", "lang=xx&p=%3Cscript%3E")
        page = StartPage.from_request(store)
        assert page.model.language == "nl"
        assert page.message.text == tr("bad_personal_code", "nl")


class TestOpensTheStoreLate:
    def test_no_database_until_someone_acts(self, tmp_path, monkeypatch):
        """The start page opens the database only when someone creates or joins."""
        db = tmp_path / "late.sqlite"
        monkeypatch.setenv("BETROKKENHEID_DB", str(db))
        monkeypatch.setenv("QUERY_STRING", "lang=nl")
        page = StartPage.from_request()
        assert not db.exists()
        page.school.value = "De Linde"
        page.create_button.click()
        assert db.exists()
        assert page.join_code.value


class TestModel:
    def test_measurement_on_the_model_shows_the_baseline_field(self, page):
        """Setting ``model.measurement`` chooses the button and shows or hides the field."""
        page.model.measurement = "later"
        assert page.measurement.value == "later"
        assert page.baseline_box.layout.display is None
        page.model.measurement = "baseline"
        assert page.measurement.value == "baseline"
        assert page.baseline_box.layout.display == "none"

    def test_tab_on_the_model_is_shown(self, page):
        """Setting ``model.tab`` shows that tab; choosing a tab sets the model."""
        page.model.tab = 2
        assert page.tabs.selected_index == 2
        page.tabs.selected_index = 1
        assert page.model.tab == 1

    def test_fields_are_the_model(self, page, session):
        """What is typed is in the model, and what the model holds is what is used."""
        page.join_code.value = session.code
        assert page.model.join_code == session.code
        page.model.role = "teacher"
        assert page.role.value == "teacher"
        page.join_button.click()
        assert page.model.participant.role == "teacher"
        assert page.tabs.layout.display == "none"
        assert page.model.participant.code in page.result.value

    def test_creating_shows_the_join_tab_with_the_new_code(self, page, store):
        """A session made from the model's fields: its code in the model and the field, and
        the join tab shown."""
        page.model.tab = 1
        page.model.school = "De Linde"
        page.create_button.click()
        (made,) = store.sessions()
        assert page.model.join_code == page.join_code.value == made.code
        assert page.model.tab == page.tabs.selected_index == 0

    def test_a_refusal_is_in_the_model(self, page, store, session):
        """A refused baseline code sets ``model.refused`` and the words beneath the field;
        typing again clears both."""
        create(page, school="Het Anker", baseline=session.code)
        assert page.model.refused == "bad_baseline_school"
        assert tr("bad_baseline_school", "nl") in page.baseline_help.value
        page.model.baseline_code = "K7MQ2"
        assert page.baseline.value == "K7MQ2" and page.model.refused is None
        assert tr("baseline_code_hint", "nl") in page.baseline_help.value
