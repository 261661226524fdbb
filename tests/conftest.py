"""Shared fixtures. The whole run uses its own database file, never the user's."""

import os
import tempfile
from pathlib import Path

import pytest

# Set before anything (and any notebook kernel that nbval starts) opens the default store.
_RUN_DIR = Path(tempfile.mkdtemp(prefix="btk-tests-"))
os.environ["BETROKKENHEID_DB"] = str(_RUN_DIR / "notebooks.sqlite")
os.environ.setdefault("MPLBACKEND", "Agg")

TINY_FRAME = """\
# a tiny frame for tests
id: tiny
version: 1
title: {nl: Klein kader, en: Tiny frame}
description: {nl: Om te testen., en: For tests.}
attribution: {nl: Geen., en: None.}
scale:
  min: 1
  max: 3
  labels:
    - {nl: laag, en: low}
    - {nl: midden, en: middle}
    - {nl: hoog, en: high}
triangle:
  intro: {nl: Intro., en: Intro.}
  talk: {nl: Praat., en: Talk.}
  actors:
    child: {nl: Kind, en: Child}
    parent: {nl: Ouder, en: Parent}
    professional: {nl: School, en: School}
  relations:
    - id: ps
      between: [parent, professional]
      label: {nl: Ouder en school, en: Parent and school}
      question: {nl: "Vraag?", en: "Question?"}
  qualities:
    - id: trust
      label: {nl: Vertrouwen, en: Trust}
      help: {nl: Uitleg., en: Help.}
"""


@pytest.fixture
def tiny_frame_text() -> str:
    """The text of a small valid frame, to break in tests."""
    return TINY_FRAME


@pytest.fixture
def tiny_frame_file(tmp_path) -> Path:
    """A small valid frame file in a folder of its own."""
    path = tmp_path / "tiny.yaml"
    path.write_text(TINY_FRAME, encoding="utf-8")
    return path


@pytest.fixture
def frame():
    """The shipped betrokkenheidsboom frame."""
    from betrokkenheid import load_frame

    return load_frame("betrokkenheidsboom")


@pytest.fixture
def store(tmp_path):
    """An empty store in a fresh SQLite file."""
    from betrokkenheid import Store

    return Store(tmp_path / "test.sqlite")


@pytest.fixture
def session(store):
    """A baseline session of a school, in ``store``."""
    return store.create_session("De Linde", "betrokkenheidsboom", "baseline")
