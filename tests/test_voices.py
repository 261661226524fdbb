"""What parents say beside the team (voices.py): the comparison per statement, the biggest
surprise first, and privacy: nothing of parents below five, no split by language that a
subtraction could open."""

import random

import pytest

from betrokkenheid import Answer, InputError, load_frame
from betrokkenheid import questionnaire as q
from betrokkenheid.privacy import MIN_FAMILY
from betrokkenheid.texts import tr
from betrokkenheid.voices import (
    barrier_chips,
    by_language,
    describe,
    open_answers,
    parents_voice,
    rescale,
    statement_voices,
    table,
    who_answered,
)


@pytest.fixture
def frame():
    return load_frame("betrokkenheidsboom")


def staff(exercise, item, values, start=0):
    """Answers of staff members ``start``, ``start + 1``, ... to one item."""
    return [Answer(start + p, "teacher", exercise, item, v, None) for p, v in enumerate(values)]


def parents(item, values, start=100):
    """Answers of parents ``start``, ... to one statement: a number, or a text."""
    return [
        Answer(start + p, "parent", "parents", item, None, v)
        if isinstance(v, str)
        else Answer(start + p, "parent", "parents", item, v, None)
        for p, v in enumerate(values)
    ]


def voice_of(found, item):
    return next(v for v in found if v.item == item)


class TestRescale:
    def test_ends_stay_ends(self):
        """The lowest step stays the lowest and the highest the highest; between, a line."""
        assert rescale(1, 1, 4, 1, 5) == 1
        assert rescale(4, 1, 4, 1, 5) == 5
        assert rescale(2.5, 1, 4, 1, 5) == pytest.approx(3)

    def test_none_stays_none(self):
        """A hidden result stays hidden."""
        assert rescale(None, 1, 4, 1, 5) is None


class TestStatementVoices:
    def test_team_view_on_its_own_scale_and_on_the_parents(self, frame):
        """A statement mirroring a climate component (levels 1-4) has the team's mean on
        that scale and put on the parents' scale of 1-5."""
        team = staff("climate", "information_expectations", [2.0, 3.0, 4.0])
        found = voice_of(statement_voices(frame, team, []), "understand_messages")
        assert (found.team_own, found.team_low, found.team_high) == (3.0, 1, 4)
        assert found.team == pytest.approx(1 + (3 - 1) * 4 / 3)
        assert found.team_n == 3

    def test_a_perspectives_statement_mirrors_its_present_rating(self, frame):
        """The team's view of a statement mirroring a perspectives statement is its 'how
        present' rating, not its 'how important'."""
        team = staff("perspectives", "team_asks_parents.present", [2.0, 2.0, 2.0])
        team += staff("perspectives", "team_asks_parents.important", [5.0, 5.0, 5.0])
        assert voice_of(statement_voices(frame, team, []), "listened_to").team == 2.0

    def test_expectation_asked_in_step_one(self, frame):
        """What the team expected is the mean of expect.ITEM, asked on the parents' scale."""
        team = staff("perspectives", "expect.respected", [3.0, 4.0, 5.0])
        found = voice_of(statement_voices(frame, team, []), "respected")
        assert (found.expected, found.expected_n, found.reused) == (4.0, 3, False)

    def test_expectation_reused_from_the_parents_side(self, frame):
        """For a statement mirroring one from the parent's side the 'how present' rating is
        the expectation (asked once), and an expect item for it does not count."""
        team = staff("perspectives", "parent_at_home_in_school.present", [2.0, 3.0, 4.0])
        team += staff("perspectives", "expect.welcome", [5.0, 5.0, 5.0])
        found = voice_of(statement_voices(frame, team, []), "welcome")
        assert found.reused is True
        assert found.expected == 3.0 == found.team

    def test_parents_mean_counts_and_surprise(self, frame):
        """Parents' mean is over those who rated; 'don't know' and 'rather not' are counted
        apart; the surprise is what parents said minus what the team expected."""
        team = staff("perspectives", "expect.respected", [3.0, 3.0, 3.0])
        given = parents("respected", [5.0, 4.0, 5.0, 4.0, 5.0, q.DONT_KNOW, q.RATHER_NOT])
        found = voice_of(statement_voices(frame, team, given), "respected")
        assert (found.parents, found.parents_n, found.answered) == (4.6, 5, 7)
        assert (found.dont_know, found.rather_not) == (1, 1)
        assert found.surprise == pytest.approx(1.6)

    def test_biggest_surprise_first_either_way(self, frame):
        """Statements come by the size of their surprise, up or down; those without one
        last, in the frame's order."""
        team = staff("perspectives", "expect.respected", [3.0] * 3)
        team += staff("perspectives", "expect.invited", [4.0] * 3)
        team += staff("perspectives", "expect.talk_at_home", [2.0] * 3)
        given = parents("respected", [3.5] * 5)  # +0.5
        given += parents("invited", [1.0] * 5, start=200)  # -3
        given += parents("talk_at_home", [3.5] * 5, start=300)  # +1.5
        order = [v.item for v in statement_voices(frame, team, given)]
        assert order[:3] == ["invited", "talk_at_home", "respected"]
        rest = [i.id for i in frame.parents.items if i.id not in order[:3]]
        assert order[3:] == rest

    def test_the_team_needs_three(self, frame):
        """Two staff members give no team view and no expectation: no surprise either."""
        team = staff("triangle", "parent_school.trust_respect", [4.0, 5.0])
        team += staff("perspectives", "expect.respected", [3.0, 3.0])
        given = parents("respected", [5.0] * 5)
        found = voice_of(statement_voices(frame, team, given), "respected")
        assert (found.team, found.expected, found.surprise) == (None, None, None)
        assert found.parents == 5.0

    def test_a_frame_without_a_questionnaire(self):
        """A frame without parents' questions says so."""
        with pytest.raises(InputError, match="no questionnaire"):
            parents_voice(load_frame("epstein"), [], [])


class TestPrivacy:
    def test_four_parents_no_number_of_theirs(self, frame):
        """With four parents nothing of what they said is a number: no means, no counts of
        'don't know', no chips, no open answers, and the table says 'too few'."""
        given = []
        for item in frame.parents.items:
            given += parents(item.id, [5.0, 1.0, q.DONT_KNOW, 2.0])
        given += parents("barriers.time", [1.0] * 4)
        given += parents("open", ["Een oudercafé graag"] * 4)
        team = staff("perspectives", "expect.respected", [3.0] * 3)
        found = parents_voice(frame, team, given, "nl")
        assert (found.people, found.shown, found.needed) == (4, False, 1)
        assert all(
            v.parents is None and v.dont_know is None and v.surprise is None
            for v in found.statements
        )
        assert found.chips == () and found.chip_people is None and found.open == ()
        rows = table(found, "nl")
        assert {r["parents"] for r in rows} == {tr("voices_too_few", "nl")}
        assert all(r["counts"] == () for r in rows)

    def test_five_parents_shown(self, frame):
        """From five parents on their results show."""
        given = parents("respected", [5.0, 4.0, 5.0, 4.0, 5.0])
        found = parents_voice(frame, [], given, "nl")
        assert (found.shown, found.needed) == (True, 0)
        assert voice_of(found.statements, "respected").parents == pytest.approx(4.6)

    def test_a_statement_with_fewer_raters_stays_hidden(self, frame):
        """Five parents answered a statement but four gave a step: no mean, but the counts
        among the five."""
        given = parents("respected", [5.0, 4.0, 5.0, 4.0, q.DONT_KNOW])
        found = voice_of(parents_voice(frame, [], given).statements, "respected")
        assert found.parents is None
        assert (found.answered, found.dont_know, found.rather_not) == (5, 1, 0)

    def test_below_five_in_all_no_statement_shows_even_with_five_raters(self, frame):
        """A mean is shown only when the whole questionnaire has five parents (it has then)."""
        given = parents("respected", [5.0] * 4)
        assert parents_voice(frame, [], given).statements[0].parents is None

    def test_a_small_language_is_hidden_and_cannot_be_subtracted(self, frame):
        """Seven Dutch and three Turkish parents: the Turkish mean is hidden, and the Dutch
        one too, for the whole minus the Dutch would be the three."""
        given = parents("welcome", [4.0] * 7 + [1.0] * 3)
        spoken = {100 + p: "nl" if p < 7 else "tr" for p in range(10)}
        split = by_language(frame, given, spoken)["welcome"]
        assert split == {"nl": None, "tr": None}
        whole = voice_of(statement_voices(frame, [], given), "welcome").parents
        assert whole is not None  # the whole of ten is shown: only its split is not

    def test_hidden_languages_together_hold_five(self, frame):
        """With three Turkish and two Arabic parents hidden (five together), the Dutch mean
        shows: the whole minus the Dutch is a group of five."""
        given = parents("welcome", [4.0] * 7 + [1.0] * 3 + [2.0] * 2)
        spoken = {100 + p: "nl" if p < 7 else "tr" if p < 10 else "ar" for p in range(12)}
        split = by_language(frame, given, spoken)["welcome"]
        assert split == {"ar": None, "nl": 4.0, "tr": None}

    @pytest.mark.parametrize("seed", range(25))
    def test_no_split_opens_a_group_below_five(self, frame, seed):
        """Whatever the languages, the parents of the hidden languages are none or at least
        five, and every shown language has at least five."""
        rng = random.Random(seed)
        people = rng.randint(3, 30)
        spoken = {100 + p: rng.choice(["nl", "nl", "tr", "ar", "pl"]) for p in range(people)}
        given = parents("welcome", [float(rng.randint(1, 5)) for _ in range(people)])
        split = by_language(frame, given, spoken)["welcome"]
        sizes = {lang: list(spoken.values()).count(lang) for lang in split}
        hidden = sum(n for lang, n in sizes.items() if split[lang] is None)
        assert hidden == 0 or hidden >= MIN_FAMILY
        assert all(sizes[lang] >= MIN_FAMILY for lang, mean in split.items() if mean is not None)


class TestChips:
    def test_counts_most_first_and_taken_back_not_counted(self, frame):
        """A chip counts the parents who chose it (value 1), most first; taken back is not
        chosen."""
        given = parents("welcome", [4.0] * 5)
        given += parents("barriers.costs", [1.0, 1.0, 0.0])
        given += parents("barriers.jargon", [1.0, 1.0, 1.0], start=102)
        chips, people = barrier_chips(frame, given, "nl")
        assert chips[0][0] == "jargon" and chips[0][2] == 3
        assert dict((c, n) for c, _, n in chips)["costs"] == 2
        assert people == 5  # 100 and 101 (costs), 102, 103 and 104 (jargon)

    def test_a_small_count_among_five_is_shown(self, frame):
        """One parent of five chose a chip: a count among five, shown (as staff barriers)."""
        given = parents("welcome", [4.0] * 5) + parents("barriers.time", [1.0])
        chips, people = barrier_chips(frame, given)
        assert dict((c, n) for c, _, n in chips)["time"] == 1 and people == 1

    def test_hidden_below_five(self, frame):
        """With four parents in all no chip is counted."""
        given = parents("welcome", [4.0] * 4) + parents("barriers.time", [1.0])
        assert barrier_chips(frame, given) == ((), None)


class TestOpenAnswers:
    def test_sorted_as_typed_from_five(self, frame):
        """The open answers come as typed (the page escapes them), in alphabetical order so
        the order tells nothing of who wrote them."""
        given = parents("welcome", [4.0] * 5)
        given += parents("open", ["zo fijn", "<b>Meer</b> uitleg", "Apart  gesprek"])
        assert open_answers(given) == ("<b>Meer</b> uitleg", "Apart gesprek", "zo fijn")

    def test_nothing_below_five(self, frame):
        """Four parents: no open answer shown."""
        given = parents("welcome", [4.0] * 4) + parents("open", ["Dank u"])
        assert open_answers(given) == ()


class TestWhoAnswered:
    def test_counts_per_language_and_channel(self):
        """Counts of people per language (most first) and online or on paper."""
        found = who_answered({("nl", "online"): 3, ("tr", "paper"): 2, ("tr", "online"): 2})
        assert found["people"] == 7
        assert [(r["code"], r["n"]) for r in found["languages"]] == [("tr", 4), ("nl", 3)]
        assert found["channels"] == {"online": 5, "paper": 2}

    def test_a_translation_not_checked_is_marked(self):
        """Dutch is checked; a language whose file says checked: false is not; a language
        without a file keeps its code and is not checked."""
        from betrokkenheid.languages import language

        found = who_answered({("nl", "online"): 1, ("tr", "online"): 1, ("xx", "online"): 1})
        marks = {r["code"]: r["checked"] for r in found["languages"]}
        assert marks["nl"] is language("nl").checked
        assert marks["tr"] is language("tr").checked
        assert marks["xx"] is False
        labels = {r["code"]: r["label"] for r in found["languages"]}
        assert labels["tr"] == f"{language('tr').name} ({language('tr').english})"


class TestDescribe:
    def test_numbers_with_their_scale_biggest_surprise_first(self, frame):
        """The text alternative names the scale in words and the statements with three
        numbers, the biggest surprise first."""
        team = staff("perspectives", "expect.respected", [3.0] * 3)
        team += staff("perspectives", "expect.invited", [4.0] * 3)
        given = parents("respected", [3.5] * 5) + parents("invited", [1.0] * 5, start=200)
        text = describe(parents_voice(frame, team, given, "en"), "en")
        assert "scale of 1 (No) to 5 (Yes)" in text
        assert text.index("invites me") < text.index("respect")
        assert "expected 4.0, parents 1.0" in text

    @pytest.mark.parametrize("lang", ["nl", "en"])
    def test_below_five_no_number(self, frame, lang):
        """Below five parents it says how many more are needed, and no result."""
        given = parents("respected", [1.0, 2.0, 3.0])
        text = describe(parents_voice(frame, [], given, lang), lang)
        labels = [label.get(lang) for label in frame.parents.scale.labels]
        lead = tr("voices_alt_lead", lang, low=1, high=5, first=labels[0], last=labels[-1])
        assert text == f"{lead} {tr('voices_alt_waiting', lang, n=2)}"


class TestFromTheStore:
    def test_answers_as_the_store_keeps_them(self, store, session, frame):
        """Parents answering through the store (join_audience, save_answer) and staff in
        step 1 give the comparison."""
        team = [store.join(session.code, "teacher") for _ in range(3)]
        for member, value in zip(team, (2, 3, 4), strict=True):
            store.save_answer(member, "perspectives", "expect.respected", value)
        code = store.audience_code(session)
        for k in range(MIN_FAMILY):
            parent = store.join_audience(code, "tr" if k % 2 else "nl")
            q.save_answer(store, parent, frame, "respected", 5)
        found = parents_voice(
            frame,
            store.session_answers(session),
            store.session_answers(session, "parents", audience="parent"),
        )
        respected = voice_of(found.statements, "respected")
        assert (respected.expected, respected.parents, respected.surprise) == (3.0, 5.0, 2.0)
        assert found.statements[0].item == "respected"
        assert who_answered(store.audience_counts(session))["people"] == MIN_FAMILY
