"""Background where it helps (issue 15, part 1): the frame's concepts in a card that opens on
a click at the steps they are placed at, the opportunities' "how" where the team votes, and
the perspectives' help texts."""

import html
import re

import ipywidgets as ipw
import pytest

from betrokkenheid.frames import FRAMES_ENV, load_frame
from betrokkenheid.texts import tr
from betrokkenheid.ui import (
    BarriersPage,
    ClimatePage,
    FollowupPage,
    FormsPage,
    PerspectivesPage,
    TrianglePage,
)

PAGES = {
    "perspectives": PerspectivesPage,
    "triangle": TrianglePage,
    "forms": FormsPage,
    "climate": ClimatePage,
    "barriers": BarriersPage,
}
# what the shipped tree places at each step (betrokkenheidsboom.yaml, concepts.*.steps)
PLACED = {
    "perspectives": ["actors", "benefits"],
    "triangle": ["actors", "complementary_roles"],
    "forms": ["contexts", "informing_to_partnership"],
    "climate": ["climate", "success_factors"],
    "barriers": ["basic_attitude", "channels"],
    "followup": ["local_regional", "measurement"],
}


def _widgets(widget):
    """The widget and every widget inside it."""
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _widgets(child)


def _cards(page) -> list[str]:
    """The HTML of each background card on the page."""
    return [
        w.value
        for w in _widgets(page.body)
        if isinstance(w, ipw.HTML) and 'class="btk-background"' in w.value
    ]


def _shown(page) -> list[str]:
    """The ids of the concepts the page's background card shows, in its order."""
    return re.findall(r'data-concept="([a-z_]+)"', "".join(_cards(page)))


def _text(markup: str) -> str:
    return html.unescape(markup)


@pytest.fixture
def me(store, session):
    return store.join(session.code, "teacher")


def later_session(store):
    """A later session linked to a baseline: the follow-up step is there."""
    baseline = store.create_session("De Linde", "betrokkenheidsboom", "baseline")
    return store.create_session("De Linde", "betrokkenheidsboom", "later", baseline=baseline.code)


class TestBackgroundCard:
    @pytest.mark.parametrize("step", list(PLACED))
    def test_each_step_shows_the_concepts_placed_there(self, store, me, frame, step):
        """At each step one card holds the concepts the frame places there, in Dutch: the
        label in the summary of a closed <details>, the text and every point inside."""
        if step == "followup":
            page = FollowupPage(
                store, participant_code=store.join(later_session(store).code, "teacher").code
            )
        else:
            page = PAGES[step](store, participant_code=me.code)
        assert _shown(page) == PLACED[step]
        (card,) = _cards(page)
        assert card.count("<details") == len(PLACED[step])
        assert "<details open" not in card and " open>" not in card  # closed at first
        assert _text(card).count(f"{tr('background', 'nl')}:") == len(PLACED[step])
        for concept_id in PLACED[step]:
            concept = frame.concept(concept_id)
            summary = f'<span class="btk-concept-label">{html.escape(concept.label.nl)}</span>'
            assert summary in card
            assert html.escape(concept.text.nl) in card
            for point in concept.points:
                assert f"<li>{html.escape(point.nl)}</li>" in card

    def test_in_english_after_switching(self, store, me, frame):
        """Switched to English, the card says the concepts' English texts, and no Dutch."""
        page = TrianglePage(store, participant_code=me.code)
        page.model.language = "en"
        (card,) = _cards(page)
        roles = frame.concept("complementary_roles")
        assert roles.label.en in _text(card) and roles.label.en != roles.label.nl
        assert _text(card).count("Background:") == 2
        assert html.escape(roles.text.en) in card
        assert all(html.escape(p.en) in card for p in roles.points)
        assert roles.label.nl not in _text(card) and "Achtergrond" not in card
        assert f'aria-label="{tr("background_of_step", "en")}"' in card

    def test_under_the_intro_before_the_questions(self, store, me):
        """The card sits right under the step's intro, above the first question."""
        page = ClimatePage(store, participant_code=me.code)
        answers = page.body.children[1].children[0]
        assert "btk-answers" in answers._dom_classes
        assert "btk-intro" in answers.children[0].value
        assert 'class="btk-background"' in answers.children[1].value

    def test_one_widget_for_all_concepts(self, store, me):
        """The card is one HTML widget, however many concepts it shows."""
        page = PerspectivesPage(store, participant_code=me.code)
        assert len(_cards(page)) == 1 and len(_shown(page)) == 2


TINY_CONCEPTS = """\
concepts:
  - id: trust_basics
    label: {nl: Vertrouwen groeit, en: Trust grows}
    text: {nl: "Vertrouwen <b>groeit</b> langzaam.", en: Trust grows slowly.}
    steps: [forms]
  - id: nowhere
    label: {nl: Nergens, en: Nowhere}
    text: {nl: Niet getoond., en: Not shown.}
"""


class TestAStepWithoutBackground:
    @pytest.fixture
    def own_frame(self, tiny_frame_text, tmp_path, monkeypatch):
        """A researcher's own frame: a triangle, and concepts at another step or at none."""
        (tmp_path / "tiny.yaml").write_text(tiny_frame_text + TINY_CONCEPTS, "utf-8")
        monkeypatch.setenv(FRAMES_ENV, str(tmp_path))
        return load_frame("tiny")

    def test_no_card_where_no_concept_is_placed(self, store, own_frame):
        """A step the frame places no concept at shows no card, in either language."""
        session = store.create_session("X", own_frame.id, "baseline")
        page = TrianglePage(store, participant_code=store.join(session.code, "teacher").code)
        assert page.ratings and _cards(page) == []
        page.model.language = "en"
        assert _cards(page) == []
        assert "Nowhere" not in " ".join(
            w.value for w in _widgets(page.body) if isinstance(w, ipw.HTML)
        )

    def test_an_own_concepts_text_is_escaped(self, own_frame):
        """A frame's text is shown as text, never as markup."""
        from betrokkenheid.ui._exercise import background_html

        card = background_html(own_frame.concepts_at("forms"), "nl")
        assert "Vertrouwen &lt;b&gt;groeit&lt;/b&gt; langzaam." in card
        assert "<b>" not in card


class TestOpportunitiesSayHow:
    def test_each_vote_has_its_how_beside_it(self, store, me, frame):
        """Where the team votes, each opportunity's vote sits in a row with how to go about
        it (its help), in Dutch and after switching in English."""
        page = BarriersPage(store, participant_code=me.code)
        chances = frame.barriers.opportunities
        assert all(c.help is not None for c in chances)
        card = next(w for w in _widgets(page.body) if "btk-chances" in w._dom_classes)
        rows = [w for w in _widgets(card) if "btk-chance" in getattr(w, "_dom_classes", ())]
        assert len(rows) == len(chances)
        for lang in ("nl", "en"):
            page.model.language = lang
            for row, chance in zip(rows, chances, strict=True):
                vote, how = row.children
                assert vote is page.votes[chance.id]
                assert vote.description == chance.label.get(lang)
                assert how.value == f"<p>{html.escape(chance.help.get(lang))}</p>"
        assert set(page.hows) == {c.id for c in chances}

    def test_voting_still_counts(self, store, me, frame):
        """A vote in its row is stored as before."""
        page = BarriersPage(store, participant_code=me.code)
        chance = frame.barriers.opportunities[2].id
        page.votes[chance].value = True
        assert store.answers_of(me, "barriers") == {f"vote.{chance}": 1.0}


class TestPerspectivesHelp:
    def test_a_statement_shows_its_help(self, store, me, frame):
        """A statement with a help text shows it under its words, in the page's language; one
        without shows only its words."""
        page = PerspectivesPage(store, participant_code=me.code)
        statements = [s for g in frame.perspectives.groups for s in g.statements]
        helped = [s for s in statements if s.help is not None]
        assert helped and len(helped) < len(statements)
        for lang in ("nl", "en"):
            page.model.language = lang
            shown = " ".join(w.value for w in _widgets(page.body) if isinstance(w, ipw.HTML))
            for statement in helped:
                assert f"<span>{html.escape(statement.help.get(lang))}</span>" in shown
            plain = next(s for s in statements if s.help is None)
            assert f"<b>{html.escape(plain.label.get(lang))}</b>" in shown
