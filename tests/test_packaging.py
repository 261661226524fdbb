"""Packaging: one set of dependencies, and a wheel that carries its data files."""

import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

try:
    import tomllib
except ImportError:  # Python 3.10
    tomllib = pytest.importorskip("tomli")

ROOT = Path(__file__).parent.parent


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~ ;\[]", requirement.strip(), maxsplit=1)[0].lower()


def test_environment_yml_has_the_runtime_dependencies():
    """environment.yml lists exactly the runtime dependencies of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    wanted = {_name(r) for r in project["dependencies"]}
    conda = yaml.safe_load((ROOT / "environment.yml").read_text("utf-8"))["dependencies"]
    listed = {_name(d) for d in conda if isinstance(d, str)} - {"python", "pip"}
    assert listed == wanted


def test_supported_pythons():
    """The package says it supports Python 3.10 to 3.13."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["requires-python"] == ">=3.10,<3.14"
    for minor in (10, 11, 12, 13):
        assert f"Programming Language :: Python :: 3.{minor}" in project["classifiers"]


def test_wheel_carries_assets_notebooks_frames_and_texts(tmp_path):
    """The built wheel holds the CSS, every notebook of notebooks/ (the pages), their Voila
    template, the frames, the texts, the guide and the parents' languages."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("betrokkenheid-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for needed in (
        "betrokkenheid/_assets/workbook.css",
        "betrokkenheid/frames/betrokkenheidsboom.yaml",
        "betrokkenheid/texts.yaml",
        "betrokkenheid/languages/nl.yaml",
        "betrokkenheid/languages/ar.yaml",
        "betrokkenheid/templates/report.html",
        "betrokkenheid/guide.yaml",
        "betrokkenheid/templates/guide.html",
        "betrokkenheid/_assets/guide.css",
        "betrokkenheid/_jupyter/voila/templates/betrokkenheid/index.html.j2",
        "betrokkenheid/_jupyter/voila/templates/betrokkenheid/conf.json",
        "betrokkenheid/_jupyter/voila/templates/betrokkenheid/preload.txt",
        *(f"betrokkenheid/_notebooks/{n.name}" for n in (ROOT / "notebooks").glob("*.ipynb")),
    ):
        assert needed in names
