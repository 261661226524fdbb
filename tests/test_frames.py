"""Loading frames: shipped ones, a user's own, and every way a frame file can be broken."""

import os
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from betrokkenheid.cli import main
from betrokkenheid.errors import InputError
from betrokkenheid.frames import (
    FRAMES_ENV,
    MAX_FRAME_BYTES,
    MAX_FRAME_DEPTH,
    frame_paths,
    list_frames,
    load_frame,
)
from betrokkenheid.model import Frame

MARKER = "executed.txt"  # a file the unsafe tags below would create if they ran


class TestTinyFrameFixture:
    """conftest's tiny frame, which the broken cases below start from."""

    def test_loads(self, tiny_frame_file):
        """conftest's tiny frame file is a valid frame."""
        assert load_frame(tiny_frame_file).id == "tiny"


def _edit(old, new):
    """A builder writing the tiny frame with ``old`` replaced by ``new`` (which must occur)."""

    def build(text, path):
        assert old in text, f"the tiny frame no longer contains {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    return build


def _append(extra):
    """A builder writing the tiny frame with ``extra`` added at the end."""

    def build(text, path):
        path.write_text(text + extra, encoding="utf-8")

    return build


def _whole(content):
    """A builder writing ``content`` (text or bytes) instead of the tiny frame."""

    def build(text, path):
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")

    return build


def _cut(start, end, new):
    """A builder writing the tiny frame with the lines from ``start`` up to ``end`` replaced."""

    def build(text, path):
        head, rest = text.split(start, 1)
        tail = rest.split(end, 1)[1] if end else ""
        path.write_text(head + new + end + tail, encoding="utf-8")

    return build


def _encoded(encoding):
    """A builder writing the tiny frame, with an accent, in another encoding than UTF-8."""

    def build(text, path):
        path.write_bytes(text.replace("Klein kader", "Kléin kader").encode(encoding))

    return build


def _too_large(text, path):
    padding = "# padding\n" * (MAX_FRAME_BYTES // 10 + 1)
    path.write_text(text + padding, encoding="utf-8")


def _missing(text, path):
    pass  # nothing is written


def _directory(text, path):
    path.mkdir()


def _name_too_long(text, path):
    return path.with_name("x" * 300 + ".yaml")


SECOND_RELATION = """\
    - id: {id}
      between: [{a}, {b}]
      label: {{nl: Tweede, en: Second}}
      question: {{nl: Waarom, en: Why}}
"""
SECOND_QUALITY = """\
    - id: trust
      label: {nl: Nog eens, en: Again}
      help: {nl: Uitleg., en: Help.}
"""
QUALITIES = "  qualities:\n"
BETWEEN = "[parent, professional]\n"  # the tiny relation's actors: its qualities come after
CARE = """\
    - id: care
      label: {nl: Zorg, en: Care}
      help: {nl: Uitleg., en: Help.}
"""
DEEP = "[" * (MAX_FRAME_DEPTH + 3) + "]" * (MAX_FRAME_DEPTH + 3)
# a children's questionnaire for the tiny frame (appended: it starts on line 30)
CHILDREN = """\
children:
  intro: {nl: Hoe is het op school, en: How is school}
  thanks: {nl: Dank je wel, en: Thank you}
  scale:
    min: 1
    max: 3
    labels:
      - {nl: Nee, en: "No"}
      - {nl: Een beetje, en: A bit}
      - {nl: Ja, en: "Yes"}
  items:
    - id: like_school
      side: ps
      text: {nl: Ik ben graag op school., en: I like being at school.}
    - id: trust_teacher
      mirrors: triangle.ps.trust
      text: {nl: Ik vertrouw de juf., en: I trust my teacher.}
"""
THREE_STEPS = CHILDREN[CHILDREN.index("    max: 3") : CHILDREN.index("  items:")]
SIX_STEPS = "    max: 6\n    labels:\n" + "".join(
    f"      - {{nl: stap {i}, en: step {i}}}\n" for i in range(1, 7)
)
ELEVEN_ITEMS = "  items:\n" + "".join(
    f"    - id: s{i}\n      text: {{nl: Zin {i}., en: Sentence {i}.}}\n" for i in range(11)
)


def _children(old="", new="", frame=("", "")):
    """A builder writing the tiny frame (with ``frame``'s edit) and :data:`CHILDREN` after
    it, with ``old`` replaced by ``new`` there (each must occur)."""

    def build(text, path):
        section = CHILDREN
        if frame[0]:
            assert frame[0] in text, f"the tiny frame no longer contains {frame[0]!r}"
            text = text.replace(*frame, 1)
        if old:
            assert old in section, f"CHILDREN does not contain {old!r}"
            section = section.replace(old, new, 1)
        path.write_text(text + section, encoding="utf-8")

    return build


# background concepts for the tiny frame, each placed at steps (appended: it starts on line 30)
CONCEPTS = """\
concepts:
  - id: trust_basics
    label: {nl: Vertrouwen, en: Trust}
    text: {nl: Uitleg., en: Help.}
    steps: [triangle, climate]
  - id: nowhere
    label: {nl: Nergens, en: Nowhere}
    text: {nl: Uitleg., en: Help.}
"""


def _concepts(old="", new=""):
    """A builder writing the tiny frame and :data:`CONCEPTS` after it, with ``old`` replaced
    by ``new`` there (it must occur)."""

    def build(text, path):
        assert old in CONCEPTS, f"CONCEPTS does not contain {old!r}"
        path.write_text(text + CONCEPTS.replace(old, new, 1), encoding="utf-8")

    return build


# sources and a forms section for the tiny frame (appended: it starts on line 30); only the
# form 'talk' is directed, so only its activity has a direction
FORMS = """\
sources:
  - id: wilder
    cite: "Wilder, S. (2014). Effects of parental involvement. Educational Review."
forms:
  intro: {nl: Intro., en: Intro.}
  talk: {nl: Praat., en: Talk.}
  research: {nl: Onderzoek., en: Research.}
  research_sources: [wilder]
  forms:
    - {id: talk, label: {nl: P, en: T}, help: {nl: U., en: H.}, weight: medium, directed: true}
    - {id: read, label: {nl: L, en: R}, help: {nl: U., en: H.}, weight: high}
  activities:
    - {id: letter, label: {nl: Brief, en: Letter}, form: talk, context: home, direction: one_way}
    - {id: books, label: {nl: Boeken, en: Books}, form: read, context: home}
"""


def _forms(old="", new=""):
    """A builder writing the tiny frame and :data:`FORMS` after it, with ``old`` replaced by
    ``new`` there (it must occur)."""

    def build(text, path):
        assert old in FORMS, f"FORMS does not contain {old!r}"
        path.write_text(text + FORMS.replace(old, new, 1), encoding="utf-8")

    return build


# (builder, the texts the one line on stderr must contain besides the file name)
BAD_FRAMES = [
    # not YAML, or not a mapping
    pytest.param(
        _whole("Dit is geen YAML: [nee\n"),
        ["line 2", "not a valid frame file"],
        id="not-yaml-at-all",
    ),
    pytest.param(
        _edit("version: 1\n", "version: 1\n\ttitle: x\n"),
        ["line 4, column 1", "'\\t'"],
        id="yaml-tab-indent",
    ),
    pytest.param(
        _whole("- id: tiny\n- version: 1\n"),
        ["line 1, key '(top level)'", "valid dictionary"],
        id="top-level-list",
    ),
    pytest.param(
        _whole("just a sentence\n"),
        ["line 1, key '(top level)'", "valid dictionary"],
        id="top-level-string",
    ),
    pytest.param(
        _append("---\nid: other\n"),
        ["line 30", "another document"],
        id="two-documents",
    ),
    # wrong types
    pytest.param(
        _edit("version: 1", 'version: "1"'),
        ["line 3, key 'version'", "valid integer"],
        id="version-is-string",
    ),
    pytest.param(
        _edit("version: 1", "version: 0"),
        ["line 3, key 'version'", "greater than or equal to 1"],
        id="version-zero",
    ),
    pytest.param(
        _edit("  max: 3", '  max: "3"'),
        ["line 9, key 'scale.max'", "valid integer"],
        id="scale-max-is-string",
    ),
    pytest.param(
        _edit("{nl: Vertrouwen, en: Trust}", "{nl: 42, en: Trust}"),
        ["line 28, key 'triangle.qualities.0.label.nl'", "valid string"],
        id="label-is-number",
    ),
    pytest.param(
        _edit("[parent, professional]", "[parent, professional, child]"),
        ["line 23, key 'triangle.relations.0.between'", "at most 2 items"],
        id="between-three-actors",
    ),
    # missing and unknown keys
    pytest.param(
        _edit("title: {nl: Klein kader, en: Tiny frame}\n", ""),
        ["key 'title'", "missing key 'title'"],
        id="missing-title",
    ),
    pytest.param(
        _edit("title: {nl: Klein kader, en: Tiny frame}", "title: {nl: Klein kader}"),
        ["line 4, key 'title.en'", "missing key 'en'"],
        id="missing-en",
    ),
    pytest.param(
        _append("colour: red\n"),
        ["line 30, key 'colour'", "unknown key 'colour'"],
        id="unknown-key-top",
    ),
    pytest.param(
        _edit("[parent, professional]\n", "[parent, professional]\n      colour: red\n"),
        ["line 24, key 'triangle.relations.0.colour'", "unknown key 'colour'"],
        id="unknown-key-in-relation",
    ),
    # ids and the triangle
    pytest.param(
        _edit(QUALITIES, SECOND_RELATION.format(id="ps", a="child", b="parent") + QUALITIES),
        ["line 22, key 'triangle.relations'", "duplicate relation id 'ps'"],
        id="duplicate-relation-id",
    ),
    pytest.param(
        _append(SECOND_QUALITY),
        ["line 27, key 'triangle.qualities'", "duplicate quality id 'trust'"],
        id="duplicate-quality-id",
    ),
    pytest.param(
        _edit(QUALITIES, SECOND_RELATION.format(id="sp", a="professional", b="parent") + QUALITIES),
        ["line 22, key 'triangle.relations'", "same pair of actors"],
        id="same-pair-twice",
    ),
    pytest.param(
        _edit("[parent, professional]", "[parent, parent]"),
        ["line 23, key 'triangle.relations.0.between'", "two different actors"],
        id="relation-with-itself",
    ),
    pytest.param(
        _edit(BETWEEN, BETWEEN + "      qualities: [trust, care]\n"),
        [
            "line 24, key 'triangle.relations.0.qualities.1'",
            "relation 'ps' is rated on 'care', which is not a quality of the triangle: one of "
            "trust",
        ],
        id="relation-rated-on-an-unknown-quality",
    ),
    pytest.param(
        _edit(BETWEEN, BETWEEN + "      qualities: [trust, trust]\n"),
        ["line 24, key 'triangle.relations.0.qualities.1'", "names the quality 'trust' twice"],
        id="relation-names-a-quality-twice",
    ),
    pytest.param(
        _edit(BETWEEN, BETWEEN + "      qualities: []\n"),
        ["line 24, key 'triangle.relations.0.qualities'", "at least 1 item"],
        id="relation-rated-on-nothing",
    ),
    pytest.param(
        _edit("[parent, professional]", "[parent, teacher]"),
        ["line 23, key 'triangle.relations.0.between.1'", "'professional'"],
        id="unknown-actor",
    ),
    pytest.param(
        _edit("    professional: {nl: School, en: School}\n", ""),
        ["line 18, key 'triangle.actors'", "no name for actor(s): professional"],
        id="actor-without-name",
    ),
    pytest.param(
        _cut("  relations:\n", "  qualities:\n", "  relations: []\n"),
        ["line 21, key 'triangle.relations'", "at least 1 item"],
        id="empty-relations",
    ),
    pytest.param(
        _cut("  qualities:\n", "", "  qualities: []\n"),
        ["line 26, key 'triangle.qualities'", "at least 1 item"],
        id="empty-qualities",
    ),
    pytest.param(
        _edit("    - {nl: hoog, en: high}\n", ""),
        ["line 11, key 'scale.labels'", "needs 3 labels, one per step, not 2"],
        id="label-count-not-steps",
    ),
    pytest.param(
        _edit("  max: 3", "  max: 1"),
        ["key 'scale.labels'", "max (1) must be larger than min (1)"],
        id="scale-max-not-above-min",
    ),
    pytest.param(
        _edit("id: tiny", "id: Tiny"),
        ["line 2, key 'id'", "should match pattern"],
        id="id-uppercase",
    ),
    pytest.param(
        _edit("id: tiny", "id: tiny frame"),
        ["line 2, key 'id'", "should match pattern"],
        id="id-with-space",
    ),
    pytest.param(
        _edit("- id: trust", "- id: Trust"),
        ["line 27, key 'triangle.qualities.0.id'", "should match pattern"],
        id="quality-id-uppercase",
    ),
    # the children's questionnaire (issue 13)
    pytest.param(
        _children("  items:\n", ELEVEN_ITEMS + "  unused:\n"),
        ["line 41, key 'children.items'", "at most 10 items"],
        id="children-eleven-items",
    ),
    pytest.param(
        _children(THREE_STEPS, SIX_STEPS),
        ["line 34, key 'children.scale'", "a children's scale has at most 5 steps"],
        id="children-six-steps",
    ),
    pytest.param(
        _children("triangle.ps.trust", "triangle.ps.equality"),
        ["line 45, key 'children.items.1.mirrors'", "mirrors 'triangle.ps.equality', which"],
        id="children-unknown-mirror",
    ),
    pytest.param(
        _children("side: ps", "side: school"),
        ["line 42, key 'children.items.0.side'", "side 'school' is not a relation"],
        id="children-side-not-a-relation",
    ),
    pytest.param(
        _children(
            "      mirrors: triangle.ps.trust\n",
            "      mirrors: triangle.ps.trust\n      side: cp\n",
            frame=(QUALITIES, SECOND_RELATION.format(id="cp", a="child", b="parent") + QUALITIES),
        ),
        ["line 50, key 'children.items.1.side'", "mirrors the side 'ps' but says side 'cp'"],
        id="children-side-against-its-mirror",
    ),
    pytest.param(
        _children(frame=(QUALITIES, "      qualities: [care]\n" + QUALITIES + CARE)),
        [
            "line 49, key 'children.items.1.mirrors'",
            "mirrors 'triangle.ps.trust', but the side 'ps' is not rated on 'trust' (it is on: "
            "care)",
        ],
        id="children-mirror-a-quality-its-side-is-not-rated-on",
    ),
    pytest.param(
        _children("id: trust_teacher", "id: like_school"),
        ["line 41, key 'children.items'", "duplicate item id 'like_school'"],
        id="children-duplicate-item-id",
    ),
    pytest.param(
        _children("  items:\n", "  open: {nl: Nog iets, en: Anything else}\n  items:\n"),
        ["line 40, key 'children.open'", "unknown key 'open'"],
        id="children-open-question",
    ),
    # unsafe or tricky YAML
    pytest.param(
        _edit("id: tiny", 'id: !!python/object/apply:os.system ["echo hi"]'),
        ["line 2, column 5", "could not determine a constructor"],
        id="python-tag-os-system",
    ),
    pytest.param(
        _edit("id: tiny", f'id: !!python/object/apply:builtins.open ["{MARKER}", "w"]'),
        ["line 2, column 5", "could not determine a constructor"],
        id="python-tag-open-marker",
    ),
    pytest.param(
        _edit("id: tiny", "id: !!python/name:os.system"),
        ["line 2, column 5", "could not determine a constructor"],
        id="python-name-tag",
    ),
    pytest.param(
        _edit(
            "title: {nl: Klein kader, en: Tiny frame}\n"
            "description: {nl: Om te testen., en: For tests.}",
            "title: &t {nl: Klein kader, en: Tiny frame}\ndescription: *t",
        ),
        ["line 5, column 14", "aliases"],
        id="alias",
    ),
    pytest.param(
        _edit("version: 1\n", "version: 1\nversion: 2\n"),
        ["line 4, column 1", "key 'version' appears twice"],
        id="same-key-twice",
    ),
    pytest.param(
        _append('"a\\nb": 1\n"a\\nb": 2\n'),
        ["line 31, column 1", "key 'a\\nb' appears twice"],
        id="same-key-with-newline-twice",
    ),
    pytest.param(
        _append("? [a, b]\n: c\n"),
        ["line 30, column 3", "unhashable key"],
        id="list-as-key",
    ),
    pytest.param(
        _append(f"deep: {DEEP}\n"),
        ["line 30", f"nested deeper than {MAX_FRAME_DEPTH} levels"],
        id="too-deep",
    ),
    pytest.param(
        _edit("version: 1", "version: 2020-13-45"),
        ["line 3, column 10", "cannot read '2020-13-45'"],
        id="impossible-date",
    ),
    pytest.param(
        _edit("version: 1", "version: 0b_"),
        ["line 3, column 10", "cannot read '0b_'"],
        id="empty-binary-number",
    ),
    pytest.param(
        _edit("version: 1", "version: !!bool maybe"),
        ["line 3, column 10", "cannot read 'maybe'"],
        id="bool-tag-on-word",
    ),
    pytest.param(
        _edit("version: 1", 'version: !!int ""'),
        ["line 3, column 10", "cannot read '' as int"],
        id="int-tag-on-nothing",
    ),
    pytest.param(
        _edit("title: {nl: Klein kader, en: Tiny frame}", "title: !!map Klein kader"),
        ["line 4, column 8", "expected a mapping node"],
        id="map-tag-on-text",
    ),
    pytest.param(
        _edit("version: 1", "version: " + "9" * 5000),
        ["line 3, column 10", "cannot read '999"],
        id="huge-number",
    ),
    pytest.param(
        _edit("Klein kader", "Klein\x00kader"),
        ["line 4", "character #x0000 is not allowed"],
        id="nul-character",
    ),
    # a concept's steps (issue 15): the exercises of the study day, each once
    pytest.param(
        _concepts("[triangle, climate]", "[triangle, driehoek]"),
        [
            "line 34, key 'concepts.0.steps.1'",
            "concept 'trust_basics' names the step 'driehoek', which is not a step of the "
            "study day: one of perspectives, triangle, forms, climate, barriers, followup",
        ],
        id="concept-unknown-step",
    ),
    pytest.param(
        _concepts("[triangle, climate]", "[climate, climate]"),
        [
            "line 34, key 'concepts.0.steps.1'",
            "concept 'trust_basics' names the step 'climate' twice",
        ],
        id="concept-step-twice",
    ),
    pytest.param(
        _concepts("[triangle, climate]", "triangle"),
        ["line 34, key 'concepts.0.steps'", "valid tuple"],
        id="concept-steps-not-a-list",
    ),
    # direction only for a directed form; research sources that exist
    pytest.param(
        _forms("form: read, context: home}", "form: read, context: home, direction: two_way}"),
        [
            "line 43, key 'forms.activities.1.direction'",
            "activity 'books' has a direction, but its form 'read' has none",
        ],
        id="direction-on-an-undirected-form",
    ),
    pytest.param(
        _forms(", direction: one_way}", "}"),
        [
            "line 42, key 'forms.activities.0.direction'",
            "activity 'letter' has no direction (one_way or two_way), which its form 'talk' "
            "asks for",
        ],
        id="directed-form-activity-without-direction",
    ),
    pytest.param(
        _forms("directed: true", 'directed: "true"'),
        ["line 39, key 'forms.forms.0.directed'", "valid boolean"],
        id="directed-not-a-boolean",
    ),
    pytest.param(
        _forms("[wilder]", "[wilder, nobody]"),
        [
            "line 37, key 'forms.research_sources.1'",
            "the research names the source 'nobody', which is not a source of this frame "
            "(its sources: wilder)",
        ],
        id="research-unknown-source",
    ),
    pytest.param(
        _forms("[wilder]", "[wilder, wilder]"),
        ["key 'forms.research_sources.1'", "names the source 'wilder' twice"],
        id="research-source-twice",
    ),
    pytest.param(
        _forms("  - id: wilder\n", "  - id: wilder\n    url: ftp://x\n"),
        ["line 32, key 'sources.0.url'", "should match pattern"],
        id="source-url-not-a-web-address",
    ),
    # the file itself
    pytest.param(_too_large, ["larger than 512 KiB"], id="too-large"),
    pytest.param(_encoded("latin-1"), ["byte 59", "not UTF-8"], id="latin-1"),
    pytest.param(_encoded("utf-16"), ["byte 0", "not UTF-8"], id="utf-16"),
    pytest.param(_whole(""), ["the file is empty"], id="empty-file"),
    pytest.param(_whole("# only a comment\n\n"), ["the file is empty"], id="only-comments"),
    pytest.param(_missing, ["file not found"], id="missing-file"),
    pytest.param(_directory, ["is not a file"], id="directory"),
    pytest.param(_name_too_long, ["cannot read", "too long"], id="name-too-long"),
]


class TestValidateBadFrames:
    """``betrokkenheid validate`` on broken frame files."""

    @pytest.mark.parametrize(("build", "expected"), BAD_FRAMES)
    def test_one_line_naming_file_and_place(
        self, build, expected, tiny_frame_text, tmp_path, capfd, monkeypatch
    ):
        """A broken frame exits 2 with one line on stderr naming the file and the key or line."""
        monkeypatch.chdir(tmp_path)  # a relative marker file from an unsafe tag would land here
        path = build(tiny_frame_text, tmp_path / "broken.yaml") or tmp_path / "broken.yaml"
        status = main(["validate", str(path)])
        out, err = capfd.readouterr()
        assert status == 2
        assert out == ""
        assert "Traceback" not in err
        lines = err.splitlines()
        assert len(lines) == 1, err
        assert lines[0].startswith(f"betrokkenheid: {path}")
        for text in expected:
            assert text in lines[0]
        assert not (tmp_path / MARKER).exists()

    def test_marker_probe_would_fire(self, tmp_path, monkeypatch):
        """Under an unsafe loader the marker tag does make its file: the check above is real."""
        monkeypatch.chdir(tmp_path)
        yaml.unsafe_load(f'!!python/object/apply:builtins.open ["{MARKER}", "w"]').close()
        assert (tmp_path / MARKER).exists()

    def test_at_least_twenty_cases(self):
        """The table of broken frames keeps at least twenty cases."""
        assert len(BAD_FRAMES) >= 20

    def test_good_frame_is_ok(self, tiny_frame_file, capfd):
        """A valid frame file exits 0 and says ok on stdout."""
        assert main(["validate", str(tiny_frame_file)]) == 0
        out, err = capfd.readouterr()
        assert "ok, frame 'tiny' version 1" in out
        assert err == ""


class TestListFrames:
    """``list_frames`` and ``frame_paths``."""

    def test_every_shipped_frame_loads(self):
        """Every shipped frame loads and validates."""
        names = list_frames()
        assert "betrokkenheidsboom" in names
        for name in names:
            frame = load_frame(name)
            assert isinstance(frame, Frame)
            assert frame.id == name

    def test_every_shipped_frame_validates_on_the_command_line(self, capfd):
        """``betrokkenheid validate`` says ok for every shipped frame file."""
        for name, path in frame_paths().items():
            assert main(["validate", str(path)]) == 0
            out, err = capfd.readouterr()
            assert f"ok, frame '{name}'" in out
            assert err == ""

    def test_user_folder_is_listed(self, tiny_frame_file, monkeypatch):
        """A frame in a folder named by $BETROKKENHEID_FRAMES is listed by its name."""
        monkeypatch.setenv(FRAMES_ENV, str(tiny_frame_file.parent))
        assert "tiny" in list_frames()
        assert frame_paths()["tiny"] == tiny_frame_file

    def test_several_folders(self, tiny_frame_text, tmp_path, monkeypatch):
        """$BETROKKENHEID_FRAMES may name several folders, separated by os.pathsep."""
        first, second = tmp_path / "a", tmp_path / "b"
        first.mkdir()
        second.mkdir()
        (second / "other.yml").write_text(tiny_frame_text, encoding="utf-8")
        monkeypatch.setenv(FRAMES_ENV, os.pathsep.join([str(first), str(second)]))
        assert "other" in list_frames()

    def test_shipped_frame_wins(self, tiny_frame_text, tmp_path, monkeypatch):
        """A user's file with a shipped frame's name does not replace the shipped frame."""
        (tmp_path / "betrokkenheidsboom.yaml").write_text(tiny_frame_text, encoding="utf-8")
        monkeypatch.setenv(FRAMES_ENV, str(tmp_path))
        assert frame_paths()["betrokkenheidsboom"] != tmp_path / "betrokkenheidsboom.yaml"

    def test_missing_folder_is_ignored(self, tmp_path, monkeypatch):
        """A folder in $BETROKKENHEID_FRAMES that does not exist is skipped."""
        monkeypatch.setenv(FRAMES_ENV, str(tmp_path / "nowhere"))
        assert list_frames() == sorted(frame_paths())
        assert "betrokkenheidsboom" in list_frames()


class TestLoadFrame:
    """``load_frame`` by name and by path."""

    def test_by_shipped_name(self):
        """A shipped frame loads by its name."""
        assert load_frame("betrokkenheidsboom").id == "betrokkenheidsboom"

    def test_user_frame_by_name(self, tiny_frame_file, monkeypatch):
        """A user's own frame loads by name through $BETROKKENHEID_FRAMES."""
        monkeypatch.setenv(FRAMES_ENV, str(tiny_frame_file.parent))
        frame = load_frame("tiny")
        assert frame.id == "tiny"
        assert frame.title.get("en") == "Tiny frame"

    def test_user_frame_by_path(self, tiny_frame_file):
        """A user's own frame loads by path, as str or Path."""
        assert load_frame(tiny_frame_file).id == "tiny"
        assert load_frame(str(tiny_frame_file)).id == "tiny"

    def test_user_frame_by_relative_path(self, tiny_frame_file, monkeypatch):
        """A bare file name in the working folder loads as a path."""
        monkeypatch.chdir(tiny_frame_file.parent)
        assert load_frame("tiny.yaml").id == "tiny"

    def test_unknown_name(self, tmp_path, monkeypatch):
        """An unknown frame name raises InputError listing the known frames."""
        monkeypatch.chdir(tmp_path)
        with pytest.raises(InputError) as caught:
            load_frame("no_such_frame")
        assert caught.value.where == "frame name"
        assert "betrokkenheidsboom" in caught.value.problem

    def test_error_names_file(self, tiny_frame_text, tmp_path):
        """An InputError carries the file as source and the key and line as where."""
        path = tmp_path / "bad.yaml"
        path.write_text(tiny_frame_text.replace("version: 1", "version: one"), encoding="utf-8")
        with pytest.raises(InputError) as caught:
            load_frame(path)
        assert caught.value.source == str(path)
        assert caught.value.where == "line 3, key 'version'"

    def test_byte_order_mark_is_accepted(self, tiny_frame_text, tmp_path):
        """A UTF-8 file with a byte order mark (as Notepad writes it) loads."""
        path = tmp_path / "bom.yaml"
        path.write_bytes(tiny_frame_text.encode("utf-8-sig"))
        assert load_frame(path).id == "tiny"

    def test_many_problems_are_counted(self, tmp_path):
        """When several keys are wrong, the first is named and the others are counted."""
        path = tmp_path / "bare.yaml"
        path.write_text("id: bare\n", encoding="utf-8")
        with pytest.raises(InputError, match=r"missing key 'version' \(and 4 more problems\)"):
            load_frame(path)

    def test_a_childrens_questionnaire(self, tiny_frame_text, tmp_path):
        """A children's section loads: a statement may mirror nothing and say its side, or
        mirror a triangle quality and be on that side without saying so."""
        path = tmp_path / "kids.yaml"
        _children()(tiny_frame_text, path)
        frame = load_frame(path)
        assert [(i.id, i.mirrors) for i in frame.children.items] == [
            ("like_school", None),
            ("trust_teacher", "triangle.ps.trust"),
        ]
        assert [frame.questionnaire_side(i) for i in frame.children.items] == ["ps", "ps"]
        assert frame.parents is None

    def test_concepts_placed_at_steps(self, tiny_frame_text, tmp_path):
        """A concept's ``steps`` place it at those steps' pages, in the frame's order; a
        concept without steps is at none."""
        path = tmp_path / "concepts.yaml"
        _concepts()(tiny_frame_text, path)
        frame = load_frame(path)
        assert frame.concept("trust_basics").steps == ("triangle", "climate")
        assert frame.concept("nowhere").steps == ()
        assert [c.id for c in frame.concepts_at("climate")] == ["trust_basics"]
        assert frame.concepts_at("forms") == ()

    def test_a_bad_step_names_its_concept_line_and_key(self, tiny_frame_text, tmp_path):
        """A step that is not one of the study day is one InputError naming the concept, its
        line and its key, not the top of the file."""
        path = tmp_path / "concepts.yaml"
        _concepts("[triangle, climate]", "[triangle, driehoek]")(tiny_frame_text, path)
        with pytest.raises(InputError) as caught:
            load_frame(path)
        assert caught.value.where == "line 34, key 'concepts.0.steps.1'"
        assert caught.value.problem.startswith("concept 'trust_basics' names the step 'driehoek'")

    def test_every_shipped_concept_is_placed(self):
        """Every concept of the shipped frames is shown at one step at least, and every step
        of a shipped frame's study day has some background."""
        from betrokkenheid.exercises import of_frame

        for name in list_frames():
            frame = load_frame(name)
            assert all(c.steps for c in frame.concepts), name
            for exercise in of_frame(frame):
                assert frame.concepts_at(exercise.name), (name, exercise.name)

    def test_a_misplaced_mirror_names_its_line_and_key(self, tiny_frame_text, tmp_path):
        """A questionnaire's problem that only the whole frame shows (a mirror it does not
        ask the team) names the statement's own line and key, not the top of the file."""
        path = tmp_path / "kids.yaml"
        _children("triangle.ps.trust", "climate.vision")(tiny_frame_text, path)
        with pytest.raises(InputError) as caught:
            load_frame(path)
        assert caught.value.where == "line 45, key 'children.items.1.mirrors'"
        assert caught.value.problem == (
            "children item 'trust_teacher' mirrors 'climate.vision', which this frame does not "
            "ask the team"
        )


# Hypothesis: whatever is in the file, load_frame returns a Frame or raises InputError.

_SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates()
)
_KEYS = st.none() | st.booleans() | st.integers() | st.text(max_size=12)
_STRUCTURES = st.recursive(
    _SCALARS,
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(_KEYS, kids, max_size=4),
    max_leaves=16,
)
_YAMLISH = st.text(
    alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`?,\n\t ") + ["a", "1", "é", "\x00", "\x85"]),
    max_size=80,
)

_FRAGMENTS = st.lists(
    st.sampled_from(
        ["!!int", "!!float", "!!bool", "!!timestamp", "!!binary", "!!set", "!!omap", "!!pairs"]
        + ["!!map", "!!seq", "!!str", "!!null", "!!merge", "!!python/none", "!x", "<<:"]
        + ["a:", "- ", "[", "]", "{", "}", "\n", "\n  ", "0b", "0x_", "2020-1-1", "1e9999", "''"]
    ),
    max_size=12,
).map(" ".join)


def _load_text_or_bytes(content):
    """Write ``content`` to a fresh frame file and load it; return the Frame or the InputError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "frame.yaml"
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        try:
            return load_frame(path)
        except InputError as exc:
            assert exc.source == str(path)
            assert "\n" not in str(exc)
            return exc


def _replace_somewhere(data, draw, new):
    """``data`` with one subtree, chosen by ``draw``, replaced by ``new``."""
    if not isinstance(data, (dict, list)) or not data or draw(st.booleans()):
        return new
    if isinstance(data, dict):
        key = draw(st.sampled_from(sorted(data)))
        return {**data, key: _replace_somewhere(data[key], draw, new)}
    index = draw(st.integers(0, len(data) - 1))
    return [*data[:index], _replace_somewhere(data[index], draw, new), *data[index + 1 :]]


_FAST = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


class TestLoadFrameNeverCrashes:
    """``load_frame`` raises nothing but InputError, whatever the file holds."""

    @_FAST
    @given(st.text(max_size=300))
    def test_arbitrary_text(self, text):
        """Arbitrary text loads or raises InputError, with a one-line message."""
        _load_text_or_bytes(text)

    @_FAST
    @given(_YAMLISH)
    def test_yaml_punctuation(self, text):
        """Text made of YAML's punctuation loads or raises InputError."""
        _load_text_or_bytes(text)

    @_FAST
    @given(_FRAGMENTS)
    def test_tags_and_indicators(self, text):
        """Tags, merge keys and odd scalars in any order load or raise InputError."""
        _load_text_or_bytes(text)

    @_FAST
    @given(st.binary(max_size=200))
    def test_arbitrary_bytes(self, raw):
        """Arbitrary bytes load or raise InputError."""
        _load_text_or_bytes(raw)

    @_FAST
    @given(_STRUCTURES)
    def test_arbitrary_structures(self, data):
        """Any structure dumped with yaml.safe_dump loads or raises InputError."""
        _load_text_or_bytes(yaml.safe_dump(data, allow_unicode=True))

    @_FAST
    @given(st.data(), _STRUCTURES)
    def test_tiny_frame_with_one_part_replaced(self, tiny_frame_text, data, new):
        """The tiny frame with any one part replaced by any structure loads or raises InputError."""
        frame = yaml.safe_load(tiny_frame_text)
        broken = _replace_somewhere(frame, data.draw, new)
        _load_text_or_bytes(yaml.safe_dump(broken, allow_unicode=True))


class TestLoadFrameCache:
    def test_same_file_gives_the_same_object(self):
        """Loading a frame twice reads its file once: frames are frozen and shared."""
        assert load_frame("betrokkenheidsboom") is load_frame("betrokkenheidsboom")

    def test_a_changed_file_is_read_again(self, tiny_frame_file):
        """After the file changes, the new content is loaded."""
        first = load_frame(tiny_frame_file)
        text = tiny_frame_file.read_text("utf-8").replace("Klein kader", "Een veel groter kader")
        tiny_frame_file.write_text(text, encoding="utf-8")
        assert load_frame(tiny_frame_file).title.nl == "Een veel groter kader"
        assert first.title.nl == "Klein kader"

    def test_a_changed_borrowed_file_is_read_again(self, tmp_path, monkeypatch, tiny_frame_text):
        """A frame that borrows a section sees the lender's change."""
        lender = tmp_path / "lender.yaml"
        lender.write_text(tiny_frame_text.replace("id: tiny", "id: lender"), encoding="utf-8")
        borrower = tmp_path / "borrower.yaml"
        head = tiny_frame_text.replace("id: tiny", "id: borrower").split("triangle:")[0]
        borrower.write_text(head + "triangle: {use: lender}\n", encoding="utf-8")
        monkeypatch.setenv("BETROKKENHEID_FRAMES", str(tmp_path))
        assert load_frame(borrower).triangle.talk.nl == "Praat."
        lender.write_text(
            lender.read_text("utf-8").replace("Praat.", "Praat samen."), encoding="utf-8"
        )
        assert load_frame(borrower).triangle.talk.nl == "Praat samen."


class TestShippedFramesFastPath:
    @pytest.mark.parametrize("name", list_frames())
    def test_strict_loader_agrees(self, name, monkeypatch):
        """Each shipped frame, read fast with libyaml, passes the strict loader alike."""
        import betrokkenheid.frames as frames

        path = frames.frame_paths()[name]
        fast, _ = frames.read_yaml(path)
        monkeypatch.setattr(frames, "_shipped", lambda _path: False)
        strict, _ = frames.read_yaml(path)
        assert strict == fast


# Hypothesis: a shipped frame file with a few lines changed, as a person editing a copy might
# leave it, loads or gives one InputError naming the file and the line or key.

_SMALL_SHIPPED = ["epstein", "samen-met-ouders"]  # betrokkenheidsboom: 0.5 s a load, strictly
_NEW_VALUES = st.sampled_from(
    ["", "99", "-1", "0", "true", "null", "~", "[]", "{}", "'x'", "1e999", "0x1F", "2024-13-45"]
    + ["*a", "&a x", "!!python/object:os.system x", "|", ">", "{use: epstein}", "{use: nope}"]
    + ["{nl: x}", "{nl: x, en: y}", "[a, b]", "'", '"', "@", "%", "a: b: c", "école", "\t"]
) | st.text(max_size=12)


@st.composite
def _edited_frame(draw):
    """(name, text): a shipped frame's text with one to three lines edited."""
    name = draw(st.sampled_from(_SMALL_SHIPPED))
    lines = frame_paths()[name].read_text("utf-8").splitlines()
    for _ in range(draw(st.integers(1, 3))):
        i = draw(st.integers(0, len(lines) - 1))
        line = lines[i]
        edit = draw(st.sampled_from(["delete", "repeat", "swap", "indent", "dedent", "value"]))
        if edit == "value":
            head, colon, _ = line.partition(": ")
            lines[i] = (head + colon if colon else line + ": ") + draw(_NEW_VALUES)
        elif edit == "delete" and len(lines) > 1:
            del lines[i]
        elif edit == "repeat":
            lines.insert(i, line)
        elif edit == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], line
        elif edit == "indent":
            lines[i] = "  " + line
        elif edit == "dedent":
            lines[i] = line[2:] if line.startswith("  ") else line.lstrip()
    return name, "\n".join(lines) + "\n"


class TestEditedShippedFrames:
    @settings(max_examples=60, deadline=None, database=None)
    @given(_edited_frame())
    def test_loads_or_names_file_and_line_or_key(self, edited):
        """A shipped frame with a few lines deleted, repeated, swapped, moved in or out, or
        given another value loads, or gives one InputError naming the file and the line or
        key."""
        _, text = edited
        result = _load_text_or_bytes(text)
        if isinstance(result, InputError):
            assert result.where and ("line" in result.where or "key" in result.where), result
        else:
            assert isinstance(result, Frame)
