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


# Test modules whose store runs on SQLite and on PostgreSQL (each test once on each).
BOTH_DATABASES = {
    "test_store",
    "test_exchange",
    "test_data",
    "test_cli",
    "test_concurrency",
}


def pytest_generate_tests(metafunc):
    if "backend" in metafunc.fixturenames and metafunc.module.__name__.split(".")[-1] in (
        BOTH_DATABASES
    ):
        metafunc.parametrize("backend", ["sqlite", "postgresql"], indirect=True)


@pytest.fixture
def backend(request) -> str:
    """The database the test's stores use: ``sqlite`` or ``postgresql``."""
    return getattr(request, "param", "sqlite")


@pytest.fixture(scope="session")
def postgres_url():
    """The URL of a PostgreSQL database for this run: a throwaway cluster (tests/postgres.py)
    or the server in ``$BETROKKENHEID_TEST_POSTGRES``. Skips where there is none; under CI it
    fails instead, because CI installs PostgreSQL."""
    from . import postgres

    url, cluster = postgres.start_or_find()
    if url is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL is not installed; .ci/run installs it")
        pytest.skip("PostgreSQL is not installed (apt-get install postgresql)")
    yield url
    if cluster is not None:
        cluster.stop()


@pytest.fixture
def new_db(request, backend, tmp_path):
    """Make a new, empty database of the test's kind: ``new_db("name")`` gives a SQLite path,
    or the URL of a PostgreSQL schema of its own (removed after the test)."""
    if backend == "sqlite":
        yield lambda name="test": tmp_path / f"{name}.sqlite"
        return
    from . import postgres

    base = request.getfixturevalue("postgres_url")
    made = []

    def make(name="test"):
        schema = f"t{len(made)}_{name}".lower()[:40]
        made.append(schema)
        return postgres.new_schema(base, schema)

    yield make
    for schema in made:
        postgres.drop_schema(base, schema)


@pytest.fixture
def store(new_db):
    """An empty store: a fresh SQLite file, or a fresh PostgreSQL schema where the test module
    runs on both databases."""
    from betrokkenheid import Store

    return Store(new_db())


@pytest.fixture
def session(store):
    """A baseline session of a school, in ``store``."""
    return store.create_session("De Linde", "betrokkenheidsboom", "baseline")


@pytest.fixture(scope="session")
def demo_copy(tmp_path_factory):
    """A function that gives a store of its own holding ``betrokkenheid demo``'s school, and
    the codes of its sessions: ``store, codes = demo_copy()``. The demo is made once for the
    whole run (it takes seconds); each call copies its SQLite file."""
    import shutil

    from betrokkenheid import Store
    from betrokkenheid.demo import make_demo

    made = tmp_path_factory.mktemp("demo") / "demo.sqlite"
    store = Store(made)
    codes = make_demo(store)
    store.engine.dispose()

    def copy():
        path = tmp_path_factory.mktemp("demo-copy") / "demo.sqlite"
        shutil.copyfile(made, path)
        return Store(path), dict(codes)

    return copy
