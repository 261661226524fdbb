"""Comparing frames through mapping files: what maps, what each covers alone, bad files."""

import pytest
import yaml

from betrokkenheid import (
    Comparison,
    FrameMapping,
    InputError,
    compare_frames,
    frame_paths,
    frame_units,
    list_frames,
    load_frame,
    load_mapping,
    map_frame,
    mapping_paths,
)
from betrokkenheid.frames import FRAMES_DIR

HEAD = """\
version: 1
title: {nl: Kader, en: Frame}
description: {nl: Om te testen., en: For tests.}
attribution: {nl: Geen., en: None.}
scale:
  min: 1
  max: 3
  labels: [{nl: a, en: a}, {nl: b, en: b}, {nl: c, en: c}]
"""
TEXT = "{nl: Tekst., en: Text.}"


def forms_frame(frame_id: str, forms: list[str], concepts=()) -> str:
    """A frame with a forms section of these ids (and concepts)."""
    lines = [f"id: {frame_id}", HEAD, "forms:", f"  intro: {TEXT}", f"  talk: {TEXT}"]
    lines += [f"  research: {TEXT}", "  forms:"]
    for form in forms:
        label = f"{{nl: {form} nl, en: {form} en}}"
        lines.append(f"    - {{id: {form}, label: {label}, help: {TEXT}, weight: high}}")
    if concepts:
        lines.append("concepts:")
        lines += [f"  - {{id: {c}, label: {TEXT}, text: {TEXT}}}" for c in concepts]
    return "\n".join(lines) + "\n"


def climate_frame(frame_id: str, components: list[str]) -> str:
    """A frame with a climate rubric of two levels and these components."""
    lines = [f"id: {frame_id}", HEAD, "climate:", f"  intro: {TEXT}", f"  talk: {TEXT}"]
    lines += [
        "  levels:",
        f"    - {{id: low, label: {TEXT}}}",
        f"    - {{id: high, label: {TEXT}}}",
    ]
    lines.append("  components:")
    for component in components:
        lines.append(
            f"    - {{id: {component}, label: {TEXT}, help: {TEXT}, levels: [{TEXT}, {TEXT}]}}"
        )
    return "\n".join(lines) + "\n"


MAPPING = """\
from: rubric
to: types
map:
  component.welcome: [form.talking]
  component.together: [form.talking, form.deciding]
  component.vision: []
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """A folder of one's own with two frames and a mappings/ folder, in BETROKKENHEID_FRAMES."""
    (tmp_path / "rubric.yaml").write_text(
        climate_frame("rubric", ["welcome", "together", "vision"]), encoding="utf-8"
    )
    (tmp_path / "types.yaml").write_text(
        forms_frame("types", ["talking", "deciding", "helping"], ["spheres"]), encoding="utf-8"
    )
    (tmp_path / "mappings").mkdir()
    (tmp_path / "mappings" / "rubric__types.yaml").write_text(MAPPING, encoding="utf-8")
    monkeypatch.setenv("BETROKKENHEID_FRAMES", str(tmp_path))
    return tmp_path


def write_mapping(folder, text: str, name: str = "rubric__types.yaml"):
    path = folder / "mappings" / name
    path.write_text(text, encoding="utf-8")
    return path


class TestLoadMapping:
    def test_pairs_in_file_order(self, folder):
        """Each part of A with the parts of B it maps onto, [] kept as no counterpart."""
        mapping = load_mapping(folder / "mappings" / "rubric__types.yaml")
        assert isinstance(mapping, FrameMapping)
        assert (mapping.a.id, mapping.b.id) == ("rubric", "types")
        assert mapping.pairs == (
            ("component.welcome", ("form.talking",)),
            ("component.together", ("form.talking", "form.deciding")),
            ("component.vision", ()),
        )

    def test_a_single_target_may_be_written_without_a_list(self, folder):
        """``key: form.talking`` is read as a list of one."""
        path = write_mapping(
            folder, "from: rubric\nto: types\nmap:\n  component.vision: form.talking\n"
        )
        assert load_mapping(path).pairs == (("component.vision", ("form.talking",)),)

    def test_note_is_a_text(self, folder):
        """An optional note is a Dutch and English text."""
        path = write_mapping(folder, MAPPING + "note: {nl: Eigen lezing., en: Own reading.}\n")
        assert load_mapping(path).note.get("en") == "Own reading."

    @pytest.mark.parametrize(
        "text, message",
        [
            (
                MAPPING.replace("component.welcome:", "component.welcom:"),
                r"line 4, key 'map.component.welcom': frame 'rubric' has no component 'welcom'",
            ),
            (
                MAPPING.replace("[form.talking]", "[form.talkin]"),
                r"line 4, key 'map.component.welcome.0': frame 'types' has no form 'talkin'",
            ),
            (
                MAPPING.replace("form.deciding]", "form.decidng]"),
                r"line 5, key 'map.component.together.1': frame 'types' has no form 'decidng'",
            ),
            (
                MAPPING.replace("component.vision", "compnent.vision"),
                r"line 6, key 'map.compnent.vision': unknown kind 'compnent' \(kinds: statement",
            ),
            (
                MAPPING.replace("component.vision", "vision"),
                r"key 'map.vision': 'vision' is not kind.id",
            ),
            (
                MAPPING.replace("from: rubric", "from: nosuch"),
                r"line 1, key 'from': no frame 'nosuch'",
            ),
            (MAPPING.replace("from: rubric\n", ""), r"\(top level\): missing key 'from'"),
            (MAPPING + "colour: red\n", r"line 7, key 'colour': unknown key 'colour'"),
            (MAPPING.replace("[]", "{a: b}"), r"key 'map.component.vision': maps to a list"),
            (
                MAPPING.replace("[form.talking]", "[form.talking, form.talking]"),
                r"key 'map.component.welcome.1': names 'form.talking' twice",
            ),
            ("from: rubric\nto: types\nmap: {}\n", r"key 'map': map holds at least one"),
            (MAPPING + "note: hallo\n", r"key 'note': note is a text"),
            ("- a\n- b\n", r"\(top level\): a mapping file holds the keys from, to and map"),
        ],
    )
    def test_bad_files_name_file_line_and_key(self, folder, text, message):
        """Every broken mapping is one InputError naming the file, the line and the key."""
        path = write_mapping(folder, text)
        with pytest.raises(InputError, match=message) as caught:
            load_mapping(path)
        assert str(caught.value).startswith(str(path))

    def test_duplicate_keys_are_refused_as_a_mapping_file(self, folder):
        """A key given twice would silently win: it is an error, said of a mapping file."""
        path = write_mapping(folder, MAPPING + "  component.welcome: [form.helping]\n")
        with pytest.raises(InputError, match="line 7.*not a valid mapping file: key"):
            load_mapping(path)

    def test_missing_file(self, folder):
        """A mapping file that is not there is named."""
        with pytest.raises(InputError, match="nothere.yaml: file not found"):
            load_mapping(folder / "nothere.yaml")


class TestCompareFrames:
    def test_pairs_and_what_each_covers_alone(self, folder):
        """Mapped pairs, the unmapped components of A and the forms of B nobody maps onto."""
        comparison = compare_frames("rubric", "types", language="en")
        assert isinstance(comparison, Comparison)
        assert comparison.pairs[["a_id", "b_id", "b_label"]].values.tolist() == [
            ["welcome", "talking", "talking en"],
            ["together", "talking", "talking en"],
            ["together", "deciding", "deciding en"],
        ]
        assert comparison.only_a[["kind", "id"]].values.tolist() == [["component", "vision"]]
        assert comparison.only_b[["kind", "id"]].values.tolist() == [["form", "helping"]]

    def test_only_the_kinds_the_mapping_uses(self, folder):
        """B's concept is not listed as lacking: the mapping says nothing about concepts."""
        assert "concept" not in set(compare_frames("rubric", "types").only_b["kind"])

    def test_components_missing_from_the_file_count_as_unmapped(self, folder):
        """A component the file does not name has no counterpart either."""
        write_mapping(
            folder, "from: rubric\nto: types\nmap:\n  component.welcome: [form.talking]\n"
        )
        only_a = compare_frames("rubric", "types").only_a["id"].tolist()
        assert only_a == ["together", "vision"]

    def test_read_backwards(self, folder):
        """Comparing B with A uses the A→B file backwards."""
        comparison = compare_frames("types", "rubric")
        assert (comparison.a, comparison.b) == ("types", "rubric")
        assert sorted(map(tuple, comparison.pairs[["a_id", "b_id"]].values.tolist())) == [
            ("deciding", "together"),
            ("talking", "together"),
            ("talking", "welcome"),
        ]
        assert comparison.only_a["id"].tolist() == ["helping"]
        assert comparison.only_b["id"].tolist() == ["vision"]

    def test_a_mapping_file_given_by_path_and_frames_of_your_own(self, folder, tmp_path_factory):
        """A mapping anywhere, and frames loaded by path, work without any environment."""
        elsewhere = tmp_path_factory.mktemp("elsewhere")
        path = elsewhere / "my-reading.yaml"
        path.write_text(MAPPING.replace("[form.talking]\n", "[form.helping]\n", 1), "utf-8")
        a, b = load_frame(folder / "rubric.yaml"), load_frame(folder / "types.yaml")
        comparison = compare_frames(a, b, mapping=path)
        assert comparison.pairs["b_id"].tolist()[0] == "helping"

    def test_a_mapping_of_other_frames_is_refused(self, folder):
        """A mapping file for another pair of frames is an InputError."""
        path = write_mapping(folder, MAPPING, name="other.yaml")
        with pytest.raises(InputError, match="maps 'rubric' onto 'types', not 'types' onto 'epst"):
            compare_frames("types", "epstein", mapping=path)

    def test_no_mapping_file(self, folder):
        """Two frames without a mapping file: the message says which file is looked for."""
        with pytest.raises(InputError, match="no mapping file rubric__rubric.yaml"):
            compare_frames("rubric", "rubric")

    def test_summary_text(self, folder):
        """``str`` gives a short summary."""
        assert str(compare_frames("rubric", "types")) == (
            "rubric → types: 3 mapped pairs\n"
            "only in rubric: component.vision\n"
            "only in types: form.helping"
        )


class TestMapFrame:
    def test_one_row_per_pair_with_labels(self, folder):
        """Kinds, ids and labels of both sides, in the language asked."""
        pairs = map_frame("rubric", "types", language="nl")
        assert list(pairs.columns) == ["a_kind", "a_id", "a_label", "b_kind", "b_id", "b_label"]
        assert pairs["b_label"].tolist() == ["talking nl", "talking nl", "deciding nl"]

    def test_merges_with_scores(self, folder):
        """Scores per component become scores per type of the other frame."""
        import pandas as pd

        scores = pd.DataFrame({"scale": ["welcome", "together"], "score": [2.0, 4.0]})
        pairs = map_frame("rubric", "types")
        per_type = scores.merge(pairs, left_on="scale", right_on="a_id").groupby("b_id")["score"]
        assert per_type.mean().to_dict() == {"deciding": 4.0, "talking": 3.0}


class TestFrameUnits:
    def test_every_part_with_kind_and_label(self, folder):
        """A frame's parts, in its own order."""
        units = frame_units("types", language="en")
        assert units[["kind", "id", "label"]].values.tolist() == [
            ["form", "talking", "talking en"],
            ["form", "deciding", "deciding en"],
            ["form", "helping", "helping en"],
            ["concept", "spheres", "Text."],
        ]


class TestMappingFolders:
    def test_mapping_files_are_not_frames(self, folder):
        """The mappings/ folders, shipped or one's own, never show up as frames."""
        assert "rubric__types" not in frame_paths()
        assert not any("__" in name for name in list_frames())
        assert (FRAMES_DIR / "mappings").is_dir()

    def test_found_by_name_in_your_folder(self, folder):
        """``mappings/`` inside a BETROKKENHEID_FRAMES folder is searched."""
        assert mapping_paths()["rubric__types"] == folder / "mappings" / "rubric__types.yaml"


SHIPPED = sorted(path.stem for path in (FRAMES_DIR / "mappings").glob("*.yaml"))


class TestShippedMappings:
    def test_there_are_shipped_mappings(self):
        """The package ships mappings of the frames it ships."""
        assert {"samen-met-ouders__epstein", "betrokkenheidsboom__epstein"} <= set(SHIPPED)

    @pytest.mark.parametrize("name", SHIPPED)
    def test_each_loads_against_the_shipped_frames(self, name):
        """Every id of every shipped mapping exists in its frames."""
        path = FRAMES_DIR / "mappings" / f"{name}.yaml"
        ends = yaml.safe_load(path.read_text("utf-8"))
        missing = [ends[k] for k in ("from", "to") if ends[k] not in list_frames()]
        if missing:
            pytest.skip(f"frame(s) not shipped yet: {', '.join(missing)}")
        mapping = load_mapping(path)
        assert f"{mapping.a.id}__{mapping.b.id}" == name
        assert mapping.note is not None

    def test_samen_met_ouders_beside_epstein(self):
        """Vision and visible behaviour have no Epstein type; parenting and community no
        component."""
        if not {"samen-met-ouders", "epstein"} <= set(list_frames()):
            pytest.skip("frames not shipped yet")
        comparison = compare_frames("samen-met-ouders", "epstein")
        assert comparison.only_a["id"].tolist() == ["vision", "visible_behaviour"]
        assert comparison.only_b["id"].tolist() == ["parenting", "collaborating_with_community"]

    def test_the_tree_beside_epstein(self):
        """Community collaboration is an Epstein type without a form in the tree; contact
        between parents has its place in volunteering and decision making."""
        if not {"betrokkenheidsboom", "epstein"} <= set(list_frames()):
            pytest.skip("frames not shipped yet")
        comparison = compare_frames("betrokkenheidsboom", "epstein")
        assert comparison.only_b["id"].tolist() == ["collaborating_with_community"]
        assert "parent_network" not in comparison.only_a["id"].tolist()
        pairs = comparison.pairs
        network = pairs[pairs["a_id"] == "parent_network"]
        assert network["b_id"].tolist() == ["volunteering", "decision_making"]
