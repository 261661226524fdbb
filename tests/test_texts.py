"""The texts people see: every one in Dutch and English, with the same placeholders."""

import string

import pytest

from betrokkenheid.texts import _texts, tr


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", sorted(_texts()))
def test_every_text_has_dutch_and_english_with_the_same_fields(key):
    """Each text has a Dutch and an English version naming the same {placeholders}."""
    entry = _texts()[key]
    assert set(entry) == {"nl", "en"}
    assert entry["nl"].strip() and entry["en"].strip()
    assert _fields(entry["nl"]) == _fields(entry["en"])


def test_unknown_language_falls_back_to_dutch():
    """A language we do not have shows the Dutch text."""
    assert tr("app_title", "fr") == tr("app_title", "nl")
