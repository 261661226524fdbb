"""The content of the shipped frames: it loads, covers every concept, and reads well.

These tests guard the texts rather than the code: every concept of the content brief has a
place in a frame, every text has Dutch and English, Dutch sentences stay short (B1), and no
sentence of the source texts (the seeds) is copied into a frame.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from betrokkenheid.frames import list_frames, load_frame
from betrokkenheid.model import Frame, Text

SHARED = Path(__file__).resolve().parents[2] / "shared"
CONTENT_MD = SHARED / "CONTENT.md"
SEEDS = SHARED / "seeds"

# Every concept of the content brief (CONTENT.md, first column, up to a colon) and where the
# frames carry it: (frame, path). A path walks attributes; "concepts.<id>" is a concept.
COVERAGE: dict[str, list[tuple[str, str]]] = {
    "actoren": [
        ("betrokkenheidsboom", "triangle.actors"),
        ("betrokkenheidsboom", "concepts.actors"),
    ],
    "partnerschapsdriehoek": [
        ("betrokkenheidsboom", "triangle.relations"),
        ("betrokkenheidsboom", "triangle.qualities"),
    ],
    "ouderbetrokkenheid vanuit drie perspectieven": [
        ("betrokkenheidsboom", "perspectives.groups"),
    ],
    "leefwerelden / contexten": [("betrokkenheidsboom", "concepts.contexts")],
    "complementaire rollen": [("betrokkenheidsboom", "concepts.complementary_roles")],
    "vormen van ouderbetrokkenheid": [
        ("betrokkenheidsboom", "forms.forms"),
        ("betrokkenheidsboom", "forms.research"),
        ("betrokkenheidsboom", "forms.activities"),
    ],
    "informeren → gelijkwaardig samenwerken": [
        ("betrokkenheidsboom", "concepts.informing_to_partnership"),
    ],
    "partnerschapsklimaat": [
        ("betrokkenheidsboom", "concepts.climate"),
        ("betrokkenheidsboom", "climate.components"),
    ],
    "grondhouding": [("betrokkenheidsboom", "concepts.basic_attitude")],
    "zes onderdelen (samen met ouders)": [
        ("samen-met-ouders", "climate.components"),
        ("samen-met-ouders", "climate.levels"),
    ],
    "nulmeting → eindmeting": [
        ("betrokkenheidsboom", "concepts.measurement"),
        ("samen-met-ouders", "concepts.measurement"),
    ],
    "drempels en kansen": [
        ("betrokkenheidsboom", "barriers.parent_groups"),
        ("betrokkenheidsboom", "barriers.barriers"),
        ("betrokkenheidsboom", "barriers.opportunities"),
    ],
    "succesfactoren": [("betrokkenheidsboom", "concepts.success_factors")],
    "communicatiekanalen": [("betrokkenheidsboom", "concepts.channels")],
    "voordelen": [("betrokkenheidsboom", "concepts.benefits")],
    "lokaal/regionaal": [("betrokkenheidsboom", "concepts.local_regional")],
    # the other frames a researcher will want beside the tree
    "zes soorten betrokkenheid (epstein)": [("epstein", "forms.forms")],
    "overlappende invloedssferen (epstein)": [("epstein", "concepts.spheres")],
}

# Ids that other code and stored answers rely on: (frame, path) -> ids in order.
FIXED_IDS = {
    ("betrokkenheidsboom", "forms.forms"): [
        "expectations",
        "home_support",
        "communication",
        "school_participation",
        "decision_making",
        "parent_network",
        "homework_help",
    ],
    ("samen-met-ouders", "climate.levels"): [
        "starting",
        "developing",
        "established",
        "inspiring",
    ],
    ("samen-met-ouders", "climate.components"): [
        "vision",
        "visible_behaviour",
        "actively_involved_parents",
        "shared_responsibility",
        "conversation_partners",
        "information_expectations",
    ],
    ("epstein", "forms.forms"): [
        "parenting",
        "communicating",
        "volunteering",
        "learning_at_home",
        "decision_making",
        "collaborating_with_community",
    ],
}

WEIGHTS = {
    "betrokkenheidsboom": {
        "expectations": "high",
        "home_support": "high",
        "communication": "medium",
        "school_participation": "medium",
        "decision_making": "medium",
        "parent_network": "low",
        "homework_help": "low",
    },
    "epstein": {
        "parenting": "high",
        "learning_at_home": "high",
        "communicating": "medium",
        "decision_making": "medium",
        "collaborating_with_community": "medium",
        "volunteering": "low",
    },
}

# Texts that may read the same in Dutch and English: names, not translations.
SAME_IN_BOTH = {"School"}

MAX_SENTENCE_WORDS = 25  # B1: short sentences
SHINGLE = 8  # a run of this many words shared with a seed counts as copied
HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
WORD = re.compile(r"[^\W_]+", re.UNICODE)


@pytest.fixture(scope="module")
def frames() -> dict[str, Frame]:
    return {name: load_frame(name) for name in list_frames()}


def resolve(frame: Frame, path: str):
    """The value at ``path`` in ``frame``; "concepts.<id>" names a concept."""
    value = frame
    parts = path.split(".")
    if parts[0] == "concepts":
        return frame.concept(parts[1])
    for part in parts:
        value = getattr(value, part)
        if value is None:
            raise LookupError(f"frame '{frame.id}' has no '{path}'")
    return value


def is_filled(value) -> bool:
    if isinstance(value, Text):
        return bool(value.nl.strip() and value.en.strip())
    if isinstance(value, (tuple, list, dict, str)):
        return len(value) > 0
    if hasattr(value, "text") and isinstance(value.text, Text):  # a Concept
        return is_filled(value.text)
    return value is not None


def texts(value, where: str = ""):
    """Every Text inside ``value``, with the place it was found."""
    if isinstance(value, Text):
        yield where, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from texts(getattr(value, name), f"{where}.{name}" if where else name)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts(item, f"{where}.{getattr(key, 'value', key)}")
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from texts(item, f"{where}.{index}")


def all_texts(frames):
    return [(f"{name}:{where}", text) for name, f in frames.items() for where, text in texts(f)]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", " ".join(text.split())) if s]


def words(text: str) -> list[str]:
    return WORD.findall(text.casefold())


def content_concepts() -> list[str]:
    """The concept names in the first column of CONTENT.md's table, up to a colon."""
    names, in_table = [], False
    for line in CONTENT_MD.read_text(encoding="utf-8").splitlines():
        if line.startswith("| concept (NL)"):
            in_table = True
            continue
        if in_table:
            if not line.startswith("|"):
                break
            cell = line.strip("|").split("|")[0].strip()
            if set(cell) <= set("-: "):
                continue  # the line under the header
            names.append(cell.split(":")[0].strip())
    return names


class TestShippedFrames:
    """Every shipped frame loads, and the ids others rely on are in place."""

    def test_there_are_three_frames(self):
        """The tree, Samen met ouders and Epstein ship with the package."""
        assert {"betrokkenheidsboom", "samen-met-ouders", "epstein"} <= set(list_frames())

    @pytest.mark.parametrize("name", list_frames())
    def test_loads(self, name):
        """Each shipped frame loads and validates under its own name."""
        frame = load_frame(name)
        assert isinstance(frame, Frame)
        assert frame.id == name

    def test_tree_has_every_section(self, frames):
        """The tree has all five exercises and version 2."""
        tree = frames["betrokkenheidsboom"]
        assert tree.version == 2
        for section in ("perspectives", "triangle", "forms", "climate", "barriers"):
            assert getattr(tree, section) is not None, section

    def test_tree_borrows_the_climate_rubric(self, frames):
        """The tree's climate section is the one of Samen met ouders, not a copy."""
        assert frames["betrokkenheidsboom"].climate == frames["samen-met-ouders"].climate

    def test_perspectives_has_a_group_per_actor(self, frames):
        """Parent, professional and child each have four or five statements."""
        groups = frames["betrokkenheidsboom"].perspectives.groups
        assert sorted(g.actor.value for g in groups) == ["child", "parent", "professional"]
        for group in groups:
            assert 4 <= len(group.statements) <= 5, group.actor

    @pytest.mark.parametrize(("where", "ids"), FIXED_IDS.items(), ids=lambda x: str(x))
    def test_fixed_ids(self, frames, where, ids):
        """Forms, levels and components keep the ids other code uses."""
        name, path = where
        assert [item.id for item in resolve(frames[name], path)] == ids

    @pytest.mark.parametrize("name", WEIGHTS)
    def test_weights(self, frames, name):
        """Each form carries the weight research gives it."""
        forms = frames[name].forms.forms
        assert {f.id: f.weight.value for f in forms} == WEIGHTS[name]

    def test_every_form_has_an_example_activity(self, frames):
        """Each form of the tree has at least one example activity, in 14 to 20 in all."""
        section = frames["betrokkenheidsboom"].forms
        assert 14 <= len(section.activities) <= 20
        assert {a.form for a in section.activities} == {f.id for f in section.forms}
        assert {a.context.value for a in section.activities} == {"home", "school"}
        assert {a.direction.value for a in section.activities} == {"one_way", "two_way"}

    def test_barrier_lists_are_rich_enough(self, frames):
        """Enough parent groups, barriers and opportunities to choose from."""
        section = frames["betrokkenheidsboom"].barriers
        assert 5 <= len(section.parent_groups) <= 8
        assert 8 <= len(section.barriers) <= 12
        assert 8 <= len(section.opportunities) <= 12

    def test_climate_rubric_is_complete(self, frames):
        """Six components, each described at all four levels."""
        climate = frames["samen-met-ouders"].climate
        assert len(climate.components) == 6
        for component in climate.components:
            assert len(component.levels) == len(climate.levels) == 4


class TestConceptCoverage:
    """Every concept of the content brief has a filled-in place in a frame."""

    @pytest.mark.parametrize(("concept", "places"), COVERAGE.items(), ids=list(COVERAGE))
    def test_concept_is_carried(self, frames, concept, places):
        """Each place named for the concept exists and is not empty."""
        for name, path in places:
            assert name in frames, f"{concept}: no frame '{name}'"
            try:
                value = resolve(frames[name], path)
            except (AttributeError, LookupError) as exc:
                pytest.fail(f"{concept}: {name}:{path} is missing ({exc})")
            assert is_filled(value), f"{concept}: {name}:{path} is empty"

    @pytest.mark.skipif(not CONTENT_MD.is_file(), reason="CONTENT.md is not on this machine")
    def test_every_row_of_the_brief_is_in_the_table(self):
        """Each concept row of CONTENT.md's table has an entry in COVERAGE."""
        names = content_concepts()
        assert len(names) >= 10, "the table of CONTENT.md was not found"
        known = {key.casefold() for key in COVERAGE}
        missing = [name for name in names if name.casefold() not in known]
        assert not missing, f"concepts of CONTENT.md without a place: {missing}"

    def test_resolve_fails_on_a_missing_place(self, frames):
        """The check above is real: an unknown concept or section is reported."""
        with pytest.raises(LookupError):
            resolve(frames["epstein"], "concepts.no_such_concept")
        with pytest.raises(LookupError):
            resolve(frames["epstein"], "barriers.barriers")
        assert not is_filled(())


class TestTexts:
    """Every text has Dutch and English, reads at B1 level and holds no markup."""

    def test_texts_are_found(self, frames):
        """The walk over the frames finds many texts (so the checks below check something)."""
        assert len(all_texts(frames)) > 300

    def test_dutch_and_english(self, frames):
        """Both languages are filled in, and differ unless the text is a name."""
        for where, text in all_texts(frames):
            assert text.nl.strip() and text.en.strip(), where
            if text.nl.strip() == text.en.strip():
                assert text.nl.strip() in SAME_IN_BOTH, f"{where}: not translated: {text.nl!r}"

    def test_dutch_sentences_are_short(self, frames):
        """No Dutch sentence is longer than 25 words."""
        long = [
            f"{where}: {sentence}"
            for where, text in all_texts(frames)
            for sentence in sentences(text.nl)
            if len(sentence.split()) > MAX_SENTENCE_WORDS
        ]
        assert not long, "\n".join(long)

    def test_no_html(self, frames):
        """No text holds an HTML tag."""
        for where, text in all_texts(frames):
            assert not HTML_TAG.search(text.nl), where
            assert not HTML_TAG.search(text.en), where

    def test_no_double_spaces_or_stray_whitespace(self, frames):
        """Texts start and end without spaces (folded YAML can leave them)."""
        for where, text in all_texts(frames):
            for value in (text.nl, text.en):
                assert value == value.strip(), where
                assert "  " not in value, where


@pytest.fixture(scope="module")
def seed_runs() -> set[tuple[str, ...]]:
    """Every run of eight words in the seeds, lower-cased, without punctuation."""
    runs = set()
    for path in sorted(SEEDS.glob("*.txt")):
        seed = words(path.read_text(encoding="utf-8"))
        runs.update(tuple(seed[i : i + SHINGLE]) for i in range(len(seed) - SHINGLE + 1))
    assert runs, "no seed text found"
    return runs


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seeds are not on this machine")
class TestOwnWords:
    """No run of eight words of a source text (seed) appears in a frame."""

    def test_no_copied_runs(self, frames, seed_runs):
        """Each Dutch and English text shares no eight-word run with any seed."""
        copied = []
        for where, text in all_texts(frames):
            for value in (text.nl, text.en):
                found = words(value)
                for i in range(len(found) - SHINGLE + 1):
                    if tuple(found[i : i + SHINGLE]) in seed_runs:
                        copied.append(f"{where}: {' '.join(found[i : i + SHINGLE])}")
        assert not copied, "\n".join(copied)

    def test_the_check_would_catch_a_copy(self, seed_runs):
        """A sentence taken from a seed is caught (so the check above is real)."""
        seed = next(iter(sorted(SEEDS.glob("*.txt")))).read_text(encoding="utf-8")
        sample = words(seed)[40 : 40 + SHINGLE]
        assert tuple(sample) in seed_runs
