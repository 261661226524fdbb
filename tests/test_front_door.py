"""The front door: one lazy import, every researcher's name in a sorted __all__, the schema."""

import copy
import inspect
import json
import subprocess
import sys

import pytest
import yaml

import betrokkenheid
import betrokkenheid.plots
from betrokkenheid import frame_paths, frame_schema, load_frame
from betrokkenheid._schema import SCHEMA_PATH

HEAVY = ["pandas", "numpy", "scipy", "sqlalchemy", "pydantic", "matplotlib", "networkx", "yaml"]
RESEARCH = [
    "load_frame", "list_frames", "frame_paths", "frame_schema", "Store", "answers_frame",
    "check_answers", "scale_items", "scale_scores", "cronbach_alpha", "rwg", "change",
    "role_differences", "compare_frames", "map_frame", "load_mapping", "InputError",
    "MIN_GROUP", "make_demo", "draw_triangle",
]  # fmt: skip


def functions():
    """Every function reachable through the front door."""
    return [n for n in betrokkenheid.__all__ if inspect.isfunction(getattr(betrokkenheid, n))]


class TestAll:
    def test_sorted_and_unique(self):
        """__all__ is sorted and names everything once."""
        assert betrokkenheid.__all__ == sorted(set(betrokkenheid.__all__))

    @pytest.mark.parametrize("name", betrokkenheid.__all__)
    def test_every_name_resolves(self, name):
        """Each name in __all__ is an attribute of the package."""
        assert getattr(betrokkenheid, name) is not None

    @pytest.mark.parametrize("name", RESEARCH)
    def test_what_a_researcher_needs_is_there(self, name):
        """The researcher's names are in the front door."""
        assert name in betrokkenheid.__all__

    def test_every_plotting_function(self):
        """Every draw_* and figure_* function of betrokkenheid.plots is in the front door."""
        figures = {n for n in betrokkenheid.plots.__all__ if n.startswith(("draw_", "figure_"))}
        assert figures <= set(betrokkenheid.__all__)

    @pytest.mark.parametrize(
        "name", [n for n in betrokkenheid.plots.__all__ if n.startswith("draw_")]
    )
    def test_drawing_functions_take_ax_none(self, name):
        """Each draw_* function takes ``ax=None``, to draw on a researcher's own Axes."""
        parameter = inspect.signature(getattr(betrokkenheid, name)).parameters.get("ax")
        assert parameter is not None and parameter.default is None

    def test_unknown_names(self):
        """An unknown name is an AttributeError, as for any module."""
        with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
            betrokkenheid.nothing_here  # noqa: B018

    def test_dir_lists_the_lazy_names(self):
        """dir() shows the names before they are loaded (for tab completion)."""
        assert set(betrokkenheid.__all__) <= set(dir(betrokkenheid))

    @pytest.mark.parametrize(
        "name",
        functions(),
    )
    def test_numpydoc_with_an_example(self, name):
        """Every function of the front door has a numpydoc docstring with Examples."""
        doc = inspect.getdoc(getattr(betrokkenheid, name)) or ""
        assert "Examples\n--------\n>>> " in doc


class TestLazyImport:
    def test_import_loads_nothing_heavy(self):
        """``import betrokkenheid`` loads none of the heavy libraries (that keeps it fast)."""
        code = f"import sys, betrokkenheid\nprint(sorted(m for m in {HEAVY!r} if m in sys.modules))"
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "[]"

    def test_statistics_load_without_plots_or_database(self):
        """Importing the statistics does not pull in matplotlib or SQLAlchemy."""
        code = (
            "import sys, betrokkenheid as btk\nbtk.scale_scores\n"
            "print(sorted(m for m in ['matplotlib', 'sqlalchemy', 'scipy'] if m in sys.modules))"
        )
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        )
        assert done.stdout.strip() == "[]"


class TestFrameSchema:
    def test_shipped_file_is_up_to_date(self):
        """frames/frame.schema.json is what the model gives now.

        After changing betrokkenheid/model.py, run: python -m betrokkenheid._schema
        """
        shipped = json.loads(SCHEMA_PATH.read_text("utf-8"))
        assert shipped == frame_schema(), "run: python -m betrokkenheid._schema"

    def test_is_a_valid_json_schema(self):
        """The schema is valid JSON Schema (draft 2020-12)."""
        jsonschema = pytest.importorskip("jsonschema")
        jsonschema.Draft202012Validator.check_schema(frame_schema())

    def test_not_read_as_a_frame(self):
        """The schema file beside the frames is not a frame."""
        assert "frame.schema" not in frame_paths()

    @pytest.mark.parametrize("name", sorted(frame_paths()))
    def test_every_shipped_frame_file_passes_the_schema(self, name):
        """Each shipped frame file, as written (with ``use``), is valid by the schema too."""
        jsonschema = pytest.importorskip("jsonschema")
        data = yaml.safe_load(frame_paths()[name].read_text("utf-8"))
        jsonschema.Draft202012Validator(frame_schema()).validate(data)

    @pytest.mark.parametrize(
        "break_it",
        [
            lambda d: d.update(colour="red"),  # unknown key
            lambda d: d.pop("title"),  # missing key
            lambda d: d.update(id="Hoofdletters"),  # id pattern
            lambda d: d.update(version=0),  # below the minimum
            lambda d: d["title"].update(nl=""),  # empty text
            lambda d: d["triangle"]["relations"][0].update(between=["parent", "aunt"]),  # enum
            lambda d: d["triangle"].update(qualities=[]),  # too few
            lambda d: d.update(climate={"use": 3}),  # use takes a name
        ],
    )
    def test_what_the_schema_refuses_loading_refuses_too(self, tiny_frame_text, tmp_path, break_it):
        """For every kind of error a schema can see, the schema and load_frame agree."""
        jsonschema = pytest.importorskip("jsonschema")
        from betrokkenheid import InputError

        data = copy.deepcopy(yaml.safe_load(tiny_frame_text))
        jsonschema.Draft202012Validator(frame_schema()).validate(data)
        break_it(data)
        assert not jsonschema.Draft202012Validator(frame_schema()).is_valid(data)
        path = tmp_path / "broken.yaml"
        path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML too
        with pytest.raises(InputError):
            load_frame(path)

    def test_loading_checks_more_than_the_schema(self, tiny_frame_text, tmp_path):
        """Duplicate ids pass a JSON Schema; loading a frame refuses them."""
        jsonschema = pytest.importorskip("jsonschema")
        from betrokkenheid import InputError

        data = yaml.safe_load(tiny_frame_text)
        quality = data["triangle"]["qualities"][0]
        data["triangle"]["qualities"].append(dict(quality))
        assert jsonschema.Draft202012Validator(frame_schema()).is_valid(data)
        path = tmp_path / "twice.yaml"
        path.write_text(json.dumps(data), encoding="utf-8")  # JSON is YAML too
        with pytest.raises(InputError, match="duplicate quality id 'trust'"):
            load_frame(path)
