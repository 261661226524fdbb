"""The domain model: texts, scales, triangle sections, frames and the partnership triangle."""

import pytest
import yaml
from pydantic import ValidationError

from betrokkenheid.errors import InputError
from betrokkenheid.model import (
    Actor,
    ClimateSection,
    Frame,
    FrameKeyError,
    PartnershipTriangle,
    Quality,
    Relation,
    Scale,
    Source,
    Text,
    TriangleSection,
)
from betrokkenheid.questionnaire import check_answer, check_person


@pytest.fixture
def tiny_data(tiny_frame_text):
    """conftest's tiny frame as plain data."""
    return yaml.safe_load(tiny_frame_text)


@pytest.fixture
def tiny(tiny_data):
    """The tiny frame: one relation (parent and professional), one quality."""
    return Frame.model_validate(tiny_data)


def _text(word: str) -> dict:
    return {"nl": word, "en": word}


class TestTextGet:
    """``Text.get``."""

    def test_english(self):
        """``get("en")`` gives the English text."""
        assert Text(nl="ouder", en="parent").get("en") == "parent"

    def test_dutch(self):
        """``get("nl")`` gives the Dutch text."""
        assert Text(nl="ouder", en="parent").get("nl") == "ouder"

    @pytest.mark.parametrize("language", ["fr", "", "EN", "de"])
    def test_other_language_is_dutch(self, language):
        """Any other language falls back to Dutch."""
        assert Text(nl="ouder", en="parent").get(language) == "ouder"

    def test_empty_text_refused(self):
        """An empty text is refused."""
        with pytest.raises(ValidationError):
            Text(nl="", en="parent")

    def test_number_refused(self):
        """A number is not a text (strict, no coercion)."""
        with pytest.raises(ValidationError):
            Text(nl=5, en="parent")


class TestScaleValues:
    """``Scale.values`` and the scale's checks."""

    def test_default_one_to_five(self):
        """Without min and max the scale runs from 1 to 5."""
        scale = Scale(labels=[_text(str(i)) for i in range(5)])
        assert scale.values == range(1, 6)
        assert list(scale.values) == [1, 2, 3, 4, 5]

    def test_custom_range(self):
        """``values`` runs from min to max, both included."""
        scale = Scale(min=0, max=2, labels=[_text("a"), _text("b"), _text("c")])
        assert list(scale.values) == [0, 1, 2]

    def test_shipped_frame(self, frame):
        """The shipped frame has one label per value."""
        assert len(frame.scale.labels) == len(frame.scale.values)

    def test_label_count_must_match(self):
        """A scale needs exactly one label per step."""
        with pytest.raises(ValidationError, match="needs 3 labels"):
            Scale(min=1, max=3, labels=[_text("a"), _text("b")])

    def test_max_above_min(self):
        """max must be larger than min."""
        with pytest.raises(ValidationError, match="must be larger than min"):
            Scale(min=3, max=3, labels=[_text("a"), _text("b")])

    def test_string_bound_refused(self):
        """A bound given as a string is refused (strict)."""
        with pytest.raises(ValidationError):
            Scale(min=1, max="3", labels=[_text("a"), _text("b"), _text("c")])


class TestRelation:
    """``Relation``'s checks."""

    def test_actors_as_enum(self, tiny):
        """``between`` holds Actor members."""
        assert tiny.triangle.relations[0].between == (Actor.PARENT, Actor.PROFESSIONAL)

    def test_same_actor_twice_refused(self):
        """A relation between an actor and itself is refused."""
        with pytest.raises(ValidationError, match="two different actors"):
            Relation(id="pp", between=["parent", "parent"], label=_text("a"), question=_text("q"))


class TestTriangleSectionItemIds:
    """``TriangleSection.item_ids``."""

    def test_tiny(self, tiny):
        """One relation and one quality give one item, ``relation.quality``."""
        assert tiny.triangle.item_ids() == ["ps.trust"]

    def test_every_pair_relation_first(self, frame):
        """Every relation is asked about each quality it is rated on, relation by relation."""
        section = frame.triangle
        ids = section.item_ids()
        assert len(ids) == sum(len(section.qualities_of(r)) for r in section.relations)
        assert len(set(ids)) == len(ids)
        assert ids[0] == f"{section.relations[0].id}.{section.qualities[0].id}"
        assert ids[1] == f"{section.relations[0].id}.{section.qualities[1].id}"
        last = section.relations[-1]
        assert ids[-1] == f"{last.id}.{section.qualities_of(last)[-1].id}"

    def test_parent_and_child_is_asked_two_qualities(self, frame):
        """The shipped tree asks about parent and child only communication and shared
        responsibility; the other sides all four."""
        ids = frame.triangle.item_ids()
        assert [i for i in ids if i.startswith("parent_child.")] == [
            "parent_child.communication",
            "parent_child.shared_responsibility",
        ]
        assert len(ids) == 4 + 4 + 2

    def test_actors_all_named(self, tiny_data):
        """A section without a name for every actor is refused."""
        del tiny_data["triangle"]["actors"]["child"]
        with pytest.raises(ValidationError, match="no name for actor"):
            TriangleSection.model_validate(tiny_data["triangle"])


def _second_quality(tiny_data, rated=None) -> dict:
    """The tiny frame's data with a second quality ``care``, and ``rated`` as the relation's
    ``qualities`` (left out when ``None``)."""
    tiny_data["triangle"]["qualities"].append(
        {"id": "care", "label": _text("Zorg"), "help": _text("Uitleg.")}
    )
    if rated is not None:
        tiny_data["triangle"]["relations"][0]["qualities"] = rated
    return tiny_data


class TestRelationQualities:
    """A relation's ``qualities`` and ``TriangleSection.qualities_of``."""

    def test_left_out_is_all(self, tiny_data):
        """A relation that names no qualities is rated on all of the section's."""
        section = Frame.model_validate(_second_quality(tiny_data)).triangle
        assert section.relations[0].qualities is None
        assert section.qualities_of("ps") == section.qualities
        assert section.item_ids() == ["ps.trust", "ps.care"]

    def test_named_ones_in_the_sections_order(self, tiny_data):
        """The qualities named, as Quality objects in the section's order, not the list's."""
        section = Frame.model_validate(_second_quality(tiny_data, ["care", "trust"])).triangle
        found = section.qualities_of(section.relations[0])
        assert [q.id for q in found] == ["trust", "care"]
        assert all(isinstance(q, Quality) for q in found)

    def test_a_subset(self, tiny_data):
        """A relation naming one of two qualities is asked about that one only."""
        section = Frame.model_validate(_second_quality(tiny_data, ["care"])).triangle
        assert [q.id for q in section.qualities_of("ps")] == ["care"]
        assert section.item_ids() == ["ps.care"]

    def test_an_unknown_relation(self, tiny):
        """Asking for a relation the section does not have is a LookupError naming it."""
        with pytest.raises(LookupError, match="no relation 'cp'"):
            tiny.triangle.qualities_of("cp")

    @pytest.mark.parametrize(
        "rated, problem, index",
        [
            (
                ["trust", "patience"],
                "relation 'ps' is rated on 'patience', which is not a quality of the "
                "triangle: one of trust, care",
                1,
            ),
            (["care", "care"], "relation 'ps' names the quality 'care' twice", 1),
        ],
        ids=["unknown-quality", "named-twice"],
    )
    def test_refused_naming_the_relation(self, tiny_data, rated, problem, index):
        """An unknown quality, or one named twice, is one error naming the relation, at the
        key of the quality in its list."""
        with pytest.raises(ValidationError) as caught:
            Frame.model_validate(_second_quality(tiny_data, rated))
        errors = caught.value.errors()
        assert len(errors) == 1
        assert errors[0]["msg"] == f"Value error, {problem}"
        assert errors[0]["ctx"]["error"].key == ("relations", 0, "qualities", index)

    def test_an_empty_list_refused(self, tiny_data):
        """A relation rated on nothing is refused (leave the key out for all)."""
        with pytest.raises(ValidationError, match="at least 1 item"):
            Frame.model_validate(_second_quality(tiny_data, []))

    def test_a_mirror_of_a_quality_not_rated_is_refused(self, tiny_data):
        """A questionnaire statement mirroring a quality its relation is not rated on is an
        error at its ``mirrors``, naming the side and the quality."""
        data = _second_quality(tiny_data, ["care"])
        items = [{"id": "x", "text": _text("Zin."), "mirrors": "triangle.ps.trust"}]
        with pytest.raises(ValidationError) as caught:
            Frame.model_validate({**data, "children": _children(items)})
        error = caught.value.errors()[0]
        assert error["msg"] == (
            "Value error, children item 'x' mirrors 'triangle.ps.trust', but the side 'ps' is "
            "not rated on 'trust' (it is on: care)"
        )
        assert error["ctx"]["error"].key == ("children", "items", 0, "mirrors")
        items[0]["mirrors"] = "triangle.ps.care"
        assert Frame.model_validate({**data, "children": _children(items)}).children


class TestPartnershipTriangle:
    """``PartnershipTriangle`` and ``Frame.partnership_triangle``."""

    def test_three_nodes_three_edges(self, frame):
        """The shipped frame's triangle has the three actors and three sides."""
        triangle = frame.partnership_triangle()
        assert isinstance(triangle, PartnershipTriangle)
        assert sorted(triangle.graph.nodes) == ["child", "parent", "professional"]
        assert triangle.graph.number_of_edges() == 3

    def test_node_labels(self, frame):
        """Each node carries the actor's name as a Text."""
        graph = frame.partnership_triangle().graph
        assert graph.nodes["parent"]["label"] == frame.triangle.actors[Actor.PARENT]

    @pytest.mark.parametrize(
        ("a", "b", "relation_id"),
        [
            ("parent", "professional", "parent_school"),
            ("professional", "parent", "parent_school"),
            ("child", "professional", "child_school"),
            ("professional", "child", "child_school"),
            ("parent", "child", "parent_child"),
            ("child", "parent", "parent_child"),
        ],
    )
    def test_relation_between_both_orders(self, frame, a, b, relation_id):
        """``relation_between`` finds a side whichever actor comes first."""
        assert frame.partnership_triangle().relation_between(a, b).id == relation_id

    def test_relation_between_accepts_actors(self, frame):
        """``relation_between`` takes Actor members as well as strings."""
        triangle = frame.partnership_triangle()
        relation = triangle.relation_between(Actor.CHILD, Actor.PARENT)
        assert relation is triangle.relation_between("parent", "child")

    def test_unknown_actor(self, frame):
        """An unknown actor name raises ValueError."""
        with pytest.raises(ValueError):
            frame.partnership_triangle().relation_between("parent", "teacher")

    def test_missing_side(self, tiny):
        """A side the frame does not have raises LookupError."""
        with pytest.raises(LookupError):
            tiny.partnership_triangle().relation_between("child", "parent")

    def test_qualities_on_edges(self, frame):
        """Every edge carries its relation and the qualities it is rated on."""
        triangle = frame.partnership_triangle()
        for a, b, data in triangle.graph.edges(data=True):
            assert isinstance(data["relation"], Relation)
            assert {a, b} == {actor.value for actor in data["relation"].between}
            assert data["qualities"] == frame.triangle.qualities_of(data["relation"])
            assert all(isinstance(q, Quality) for q in data["qualities"])

    def test_relations_and_qualities(self, frame):
        """``relations`` and ``qualities`` are the section's."""
        triangle = frame.partnership_triangle()
        assert triangle.relations == frame.triangle.relations
        assert triangle.qualities == frame.triangle.qualities

    def test_tiny_has_one_edge(self, tiny):
        """A frame with one relation gives three nodes and one edge."""
        graph = tiny.partnership_triangle().graph
        assert graph.number_of_nodes() == 3
        assert graph.number_of_edges() == 1

    def test_no_triangle(self, tiny_data):
        """A frame without a triangle section raises LookupError naming the frame."""
        del tiny_data["triangle"]
        frame = Frame.model_validate(tiny_data)
        assert frame.triangle is None
        with pytest.raises(LookupError, match="'tiny' has no triangle section"):
            frame.partnership_triangle()


class TestFrozen:
    """The models are frozen and refuse unknown fields."""

    def test_frame_refuses_assignment(self, frame):
        """Assigning to a frame's field raises ValidationError."""
        with pytest.raises(ValidationError):
            frame.id = "other"

    def test_text_refuses_assignment(self, frame):
        """Assigning to a text's field raises ValidationError."""
        with pytest.raises(ValidationError):
            frame.title.nl = "Iets anders"

    def test_relation_refuses_assignment(self, frame):
        """Assigning to a relation's field raises ValidationError."""
        with pytest.raises(ValidationError):
            frame.triangle.relations[0].between = ("child", "parent")

    def test_scale_refuses_assignment(self, frame):
        """Assigning to a scale's bound raises ValidationError."""
        with pytest.raises(ValidationError):
            frame.scale.max = 7

    def test_relations_are_a_tuple(self, frame):
        """A section's relations cannot be appended to."""
        assert isinstance(frame.triangle.relations, tuple)

    def test_unknown_field_refused(self):
        """An unknown field is refused."""
        with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
            Text(nl="a", en="b", fr="c")


def _children(items=None, **scale) -> dict:
    """A children's section of the tiny frame: by default one statement that mirrors
    nothing and says its side, one that mirrors the triangle."""
    steps = scale.get("max", 3) - scale.get("min", 1) + 1
    return {
        "intro": _text("Hoe is het?"),
        "thanks": _text("Dank je!"),
        "scale": {"min": 1, "max": 3, **scale, "labels": [_text(f"{i}") for i in range(steps)]},
        "items": items
        if items is not None
        else [
            {"id": "like_school", "side": "ps", "text": _text("Ik ben graag op school.")},
            {"id": "trust", "mirrors": "triangle.ps.trust", "text": _text("Ik vertrouw de juf.")},
        ],
    }


class TestChildrenSection:
    """``ChildrenSection`` and the frame's checks of it (issue 13): at most 10 statements,
    at most 5 faces, mirrors and sides the frame has; each refused with a message naming the
    statement and, through ``FrameKeyError.key``, its key."""

    def test_the_shipped_frame(self, frame):
        """The tree asks children 9 statements on 3 faces, with "don't know" only."""
        section = frame.children
        assert len(section.items) == 9 and list(section.scale.values) == [1, 2, 3]
        assert section.others == ("dont_know",) and section.barriers == ()
        sides = {i.id: frame.questionnaire_side(i) for i in section.items}
        assert sides["like_school"] == sides["teacher_listens"] == "child_school"
        assert sides["tell_at_home"] == "parent_child" and sides["same_message"] == "parent_school"

    def test_a_section_of_the_tiny_frame(self, tiny_data):
        """Mirrors may be left out; a side is a relation's id."""
        frame = Frame.model_validate({**tiny_data, "children": _children()})
        assert [frame.questionnaire_side(i) for i in frame.children.items] == ["ps", "ps"]

    def test_eleven_statements_refused(self, tiny_data):
        """At most 10 statements."""
        items = [{"id": f"s{i}", "text": _text("Zin.")} for i in range(11)]
        with pytest.raises(ValidationError, match="at most 10 items") as caught:
            Frame.model_validate({**tiny_data, "children": _children(items)})
        assert caught.value.errors()[0]["loc"] == ("children", "items")

    def test_six_steps_refused(self, tiny_data):
        """A scale of 6 faces is too many for a child; 5 are allowed."""
        with pytest.raises(ValidationError, match="a children's scale has at most 5 steps"):
            Frame.model_validate({**tiny_data, "children": _children(max=6)})
        assert Frame.model_validate({**tiny_data, "children": _children(max=5)}).children

    @pytest.mark.parametrize(
        "item, problem, key",
        [
            (
                {"mirrors": "triangle.ps.equality"},
                "children item 'x' mirrors 'triangle.ps.equality', which this frame does not "
                "ask the team",
                "mirrors",
            ),
            (
                {"side": "parent_school"},
                "children item 'x': side 'parent_school' is not a relation of this frame's "
                "triangle",
                "side",
            ),
            (
                {"mirrors": "triangle.ps.trust", "side": "cp"},
                "children item 'x' mirrors the side 'ps' but says side 'cp'",
                "side",
            ),
        ],
        ids=["unknown-mirror", "side-not-a-relation", "side-against-its-mirror"],
    )
    def test_what_the_frame_lacks_is_refused_at_its_key(self, tiny_data, item, problem, key):
        """An unknown mirror, a side that is no relation and a side that contradicts the
        triangle quality mirrored are refused, naming the statement's key."""
        second = {
            "id": "cp",
            "between": ["child", "parent"],
            "label": _text("b"),
            "question": _text("q"),
        }
        tiny_data["triangle"]["relations"].append(second)
        items = _children()["items"] + [{"id": "x", "text": _text("Zin."), **item}]
        with pytest.raises(ValidationError) as caught:
            Frame.model_validate({**tiny_data, "children": _children(items)})
        error = caught.value.errors()[0]
        assert error["msg"] == f"Value error, {problem}"
        assert isinstance(error["ctx"]["error"], FrameKeyError)
        assert error["ctx"]["error"].key == ("children", "items", 2, key)

    def test_duplicate_statement_refused(self, tiny_data):
        """Two statements with one id are refused."""
        items = [{"id": "same", "text": _text("Een.")}, {"id": "same", "text": _text("Twee.")}]
        with pytest.raises(ValidationError, match="duplicate item id 'same'"):
            Frame.model_validate({**tiny_data, "children": _children(items)})

    @pytest.mark.parametrize("key", ["hard", "barriers", "open"])
    def test_no_chips_and_no_open_question(self, tiny_data, key):
        """A children's section has no chips and no open question."""
        with pytest.raises(ValidationError, match="Extra inputs are not permitted"):
            Frame.model_validate({**tiny_data, "children": {**_children(), key: _text("x")}})


class TestChildrenAnswers:
    """What a child may answer (``questionnaire.check_answer(..., audience="child")``): a
    face of the scale or "don't know"; anything of the parents' questionnaire alone is
    refused with one message naming the answer and what may be given."""

    def test_a_face_or_dont_know(self, frame):
        """A step of 1 to 3 or "don't know" is kept as it is stored."""
        assert check_answer(frame, "like_school", 3, audience="child") == (3.0, None)
        got = check_answer(frame, "like_school", text="dont_know", audience="child")
        assert got == (None, "dont_know")

    @pytest.mark.parametrize(
        "item, value, text, problem",
        [
            ("like_school", 4, None, "answer to 'like_school': must be a whole number from 1 to 3"),
            (
                "like_school",
                2.5,
                None,
                "answer to 'like_school': must be a whole number from 1 to 3",
            ),
            (
                "like_school",
                None,
                "rather_not",
                "answer to 'like_school': give a step of the scale or 'dont_know'",
            ),
            (
                "barriers.time",
                1,
                None,
                "answer to 'barriers.time': is not a question of this questionnaire",
            ),
            ("open", None, "Leuk!", "answer to 'open': is not a question of this questionnaire"),
            ("welcome", 3, None, "answer to 'welcome': is not a question of this questionnaire"),
        ],
        ids=["above-the-scale", "half-a-face", "rather-not-say", "a-chip", "open", "a-parents"],
    )
    def test_refused(self, frame, item, value, text, problem):
        """Above the scale, half a face, "rather not say", a chip, an open answer and a
        parents' statement are refused for a child."""
        with pytest.raises(InputError) as caught:
            check_answer(frame, item, value, text, audience="child")
        assert str(caught.value) == problem

    def test_an_import_checks_the_same(self, frame):
        """``check_person`` takes a child's answers under ``children`` only, with the place."""

        def answer(exercise="children", item="like_school", value=2.0, text=None):
            return {"exercise": exercise, "item": item, "value": value, "text": text}

        given = [answer(), answer(item="dare_to_say", value=None, text="dont_know")]
        assert check_person(frame, given, "child") == [(2.0, None), (None, "dont_know")]
        with pytest.raises(
            InputError, match="^1.exercise: a child answers 'children', not 'parents'$"
        ):
            check_person(frame, [answer(), answer("parents", "welcome")], "child")
        with pytest.raises(InputError, match="^1.text: give a step of the scale or 'dont_know'$"):
            check_person(
                frame,
                [answer(), answer(item="dare_to_say", value=None, text="rather_not")],
                "child",
            )


def _forms_section(**activity) -> dict:
    """A forms section with a directed form (talk) and another (read), and one activity."""
    form = {"help": _text("Uitleg."), "weight": "medium"}
    return {
        "intro": _text("Intro."),
        "talk": _text("Praat."),
        "research": _text("Onderzoek."),
        "forms": [
            {"id": "talk", "label": _text("Praten"), "directed": True, **form},
            {"id": "read", "label": _text("Lezen"), **form},
        ],
        "activities": [{"id": "a", "label": _text("A"), "context": "home", **activity}],
    }


class TestFormsDirection:
    """A direction (one way or both ways) belongs to the activities of a directed form."""

    def test_a_form_is_undirected_unless_it_says_so(self, tiny_data):
        """``directed`` is false when left out; the section tells a directed form apart."""
        tiny_data["forms"] = _forms_section(form="talk", direction="two_way")
        section = Frame.model_validate(tiny_data).forms
        assert [f.directed for f in section.forms] == [True, False]
        assert section.is_directed("talk") and not section.is_directed("read")
        assert not section.is_directed("nothing") and not section.is_directed(None)
        assert section.activities[0].direction.value == "two_way"

    def test_an_activity_of_an_undirected_form_has_none(self, tiny_data):
        """Left out, an activity has no direction; given on an undirected form, it is an
        error at the activity's own key."""
        tiny_data["forms"] = _forms_section(form="read")
        assert Frame.model_validate(tiny_data).forms.activities[0].direction is None
        tiny_data["forms"] = _forms_section(form="read", direction="one_way")
        with pytest.raises(ValidationError) as caught:
            Frame.model_validate(tiny_data)
        error = caught.value.errors()[0]
        assert error["loc"] == ("forms", "activities")
        assert error["ctx"]["error"].key == (0, "direction")

    def test_an_activity_of_a_directed_form_needs_one(self, tiny_data):
        """An activity of a directed form without a direction is refused, naming it."""
        tiny_data["forms"] = _forms_section(form="talk")
        with pytest.raises(ValidationError, match="activity 'a' has no direction"):
            Frame.model_validate(tiny_data)


class TestSources:
    """A frame's sources: full references, and the short citation made from them."""

    @pytest.mark.parametrize(
        ("cite", "nl", "en"),
        [
            ("Wilder, S. (2014). Effects.", "Wilder (2014)", "Wilder (2014)"),
            (
                "Desforges, C., & Abouchaar, A. (2003). The impact.",
                "Desforges en Abouchaar (2003)",
                "Desforges and Abouchaar (2003)",
            ),
            (
                "Castro, M., Expósito-Casas, E., López-Martín, E., & Gaviria, J. L. (2015). P.",
                "Castro e.a. (2015)",
                "Castro et al. (2015)",
            ),
            (
                "Epstein, J. L., et al. (2019). School.",
                "Epstein e.a. (2019)",
                "Epstein et al. (2019)",
            ),
            ("Department for Education. (2020). A guide.", "Department for Education (2020)", None),
            ("A text without a year", "A text without a year", None),
        ],
        ids=["one", "two", "many", "et-al", "organisation", "no-apa-shape"],
    )
    def test_short_citation(self, cite, nl, en):
        """One author, two, three or more, an organisation, or no APA shape at all."""
        source = Source(id="s", cite=cite)
        assert source.short("nl") == nl
        assert source.short("en") == (en or nl)

    def test_research_sources_in_their_order(self, tiny_data):
        """The research's sources come in the order it names them, not the list's."""
        tiny_data["sources"] = [
            {"id": "a", "cite": "Alpha, A. (2001). One."},
            {"id": "b", "cite": "Beta, B. (2002). Two.", "url": "https://doi.org/10/x"},
        ]
        tiny_data["forms"] = {
            **_forms_section(form="read"),
            "research_sources": ["b", "a"],
        }
        frame = Frame.model_validate(tiny_data)
        assert [s.id for s in frame.research_sources()] == ["b", "a"]
        assert frame.source("b").url == "https://doi.org/10/x"
        with pytest.raises(LookupError):
            frame.source("c")

    def test_no_forms_no_research_sources(self, tiny):
        """A frame without a forms section rests its research on nothing."""
        assert tiny.research_sources() == () and tiny.sources == ()

    def test_duplicate_source_refused(self, tiny_data):
        """Two sources with one id are refused."""
        tiny_data["sources"] = [{"id": "a", "cite": "A (2001)."}, {"id": "a", "cite": "B (2002)."}]
        with pytest.raises(ValidationError, match="duplicate source id 'a'"):
            Frame.model_validate(tiny_data)


class TestClimateSigns:
    def _section(self, signs):
        level = {"nl": "Een niveau", "en": "A level"}
        return ClimateSection(
            intro=_text("intro"),
            talk=_text("talk"),
            levels=[{"id": "a", "label": _text("A")}, {"id": "b", "label": _text("B")}],
            components=[
                {
                    "id": "vision",
                    "label": _text("Visie"),
                    "help": _text("help"),
                    "levels": [level, level],
                    "signs": signs,
                }
            ],
        )

    def test_signs_may_be_left_out(self):
        """A component without signs is a component (the page shows only the levels)."""
        assert self._section([]).components[0].signs == ()

    def test_one_sign_per_level(self):
        """Signs, when given, are one per level: fewer is one error naming the component."""
        assert len(self._section([_text("x"), _text("y")]).components[0].signs) == 2
        with pytest.raises(ValidationError, match="component 'vision' needs 2 signs, not 1"):
            self._section([_text("x")])
