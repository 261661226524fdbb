"""The languages parents answer in: every shipped file loads, has every text of nl.yaml with the
same placeholders, says whether a native speaker has checked it, and offers the whole
questionnaire; a broken file is one clear message naming the file and the line."""

import re
import string
import unicodedata
from pathlib import Path

import pytest
import yaml

from betrokkenheid.errors import InputError
from betrokkenheid.frames import load_frame
from betrokkenheid.languages import (
    LANGUAGES_DIR,
    LANGUAGES_ENV,
    language,
    languages,
    offered,
    questionnaire_keys,
    questionnaire_text,
    read_language,
    say,
)

FRAME = "betrokkenheidsboom"
OWN = ("nl", "en")  # the workbook's own languages, checked by the team
TRANSLATED = ("fr", "tr", "ar", "pl", "ro", "uk")  # machine-assisted, not yet checked
SHIPPED = sorted(path.stem for path in LANGUAGES_DIR.glob("*.yaml"))
OTHERS = [code for code in SHIPPED if code not in OWN]


@pytest.fixture(autouse=True)
def _shipped_only(monkeypatch):
    """Only the package's own files, whatever the environment names."""
    monkeypatch.delenv(LANGUAGES_ENV, raising=False)


@pytest.fixture(scope="module")
def frame():
    return load_frame(FRAME)


def _fields(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _numbers(text: str) -> list[str]:
    """The numbers a text says ("12 questions", "5 minutes"), placeholders left out."""
    return sorted(re.findall(r"\d+", re.sub(r"\{[^}]*\}", "", text)))


def _dutch_texts():
    return languages()["nl"].texts


# -- the shipped files ------------------------------------------------------------------------


def test_the_languages_of_the_issue_are_shipped():
    """Dutch, English and the six languages parents speak most have a file each."""
    assert set(SHIPPED) >= {*OWN, *TRANSLATED}


def test_every_shipped_file_loads():
    """languages() reads every file, Dutch and English first."""
    found = languages()
    assert sorted(found) == SHIPPED
    assert list(found)[:2] == ["nl", "en"]


@pytest.mark.parametrize("code", SHIPPED)
def test_the_code_is_the_file_name(code):
    """Each file's code is its own name, ISO 639-1."""
    assert read_language(LANGUAGES_DIR / f"{code}.yaml").code == code
    assert language(code).code == code


@pytest.mark.parametrize("code", SHIPPED)
def test_every_text_of_the_dutch_file_and_no_other(code):
    """Each file has every key of nl.yaml's texts, and no key nl.yaml does not know."""
    texts = language(code).texts
    dutch = _dutch_texts()
    assert sorted(set(dutch) - set(texts)) == [], "missing"
    assert sorted(set(texts) - set(dutch)) == [], "unknown"


@pytest.mark.parametrize("code", SHIPPED)
def test_the_same_placeholders_as_dutch(code):
    """Each text names exactly the {placeholders} of its Dutch text, so say() fills them all."""
    texts = language(code).texts
    for key, dutch in _dutch_texts().items():
        assert _fields(texts[key]) == _fields(dutch), key


@pytest.mark.parametrize("code", OTHERS)
def test_the_whole_questionnaire_and_no_other_key(code, frame):
    """Each other language has every text of the frame's questionnaire, and nothing else."""
    texts = language(code).frames[FRAME]
    assert sorted(texts) == sorted(questionnaire_keys(frame))
    assert all(text.strip() for text in texts.values())


@pytest.mark.parametrize("code", OTHERS)
def test_the_same_numbers_as_dutch(code, frame):
    """A translation says the same numbers as the Dutch ("12 questions", "5 minutes")."""
    lang = language(code)
    for key, dutch in _dutch_texts().items():
        assert _numbers(lang.texts[key]) == _numbers(dutch), key
    for key in questionnaire_keys(frame):
        dutch = questionnaire_text(frame, key, "nl")
        assert _numbers(lang.frames[FRAME][key]) == _numbers(dutch), key


def test_the_intro_counts_the_items(frame):
    """The intro's number of questions is the number of items, in every language."""
    count = str(len(frame.parents.items))
    for code in SHIPPED:
        assert count in _numbers(questionnaire_text(frame, "parents.intro", code)), code


def test_every_shipped_language_is_offered(frame):
    """Every shipped file is complete, so the betrokkenheidsboom questionnaire offers it."""
    assert [lang.code for lang in offered(frame)] == list(languages())


def test_arabic_is_written_right_to_left():
    """Arabic is rtl; every other shipped language is ltr."""
    assert language("ar").direction == "rtl" and language("ar").rtl
    for code in SHIPPED:
        if code != "ar":
            assert language(code).direction == "ltr" and not language(code).rtl, code


def test_each_language_is_named_in_itself():
    """A parent finds their language by its own name."""
    names = {code: language(code).name for code in (*OWN, *TRANSLATED)}
    assert names == {
        "nl": "Nederlands",
        "en": "English",
        "fr": "Français",
        "tr": "Türkçe",
        "ar": "العربية",
        "pl": "Polski",
        "ro": "Română",
        "uk": "Українська",
    }


def test_only_dutch_and_english_are_checked():
    """nl and en are checked; the six machine-assisted translations say, in the file itself,
    that no native speaker has checked them yet."""
    for code in SHIPPED:
        raw = yaml.safe_load((LANGUAGES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))
        assert raw["checked"] is (code in OWN), code
        assert language(code).checked is (code in OWN), code
    for code in TRANSLATED:
        header = (LANGUAGES_DIR / f"{code}.yaml").read_text(encoding="utf-8").split("\ncode:")[0]
        assert "native speaker" in header, code


@pytest.mark.parametrize("code", SHIPPED)
def test_each_file_is_clean_utf8(code):
    """UTF-8 without a byte-order mark, each text trimmed, no control characters, no
    doubled spaces."""
    raw = (LANGUAGES_DIR / f"{code}.yaml").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")  # strict: raises on any byte that is not UTF-8
    lang = language(code)
    texts = [*lang.texts.values(), *lang.frames.get(FRAME, {}).values(), lang.name]
    for text in texts:
        assert text == text.strip(), text
        assert "  " not in text, text
        assert not any(unicodedata.category(ch) == "Cc" for ch in text), text


def _words(code):
    lang = language(code)
    for text in (*lang.texts.values(), *lang.frames[FRAME].values()):
        yield from re.findall(r"\w+", re.sub(r"\{[^}]*\}", "", text))


def test_ukrainian_words_are_not_mixed_with_latin_letters():
    """No Latin letter that looks Cyrillic (i, o, a, e) inside a Ukrainian word."""
    for word in _words("uk"):
        scripts = {unicodedata.name(ch).split()[0] for ch in word if ch.isalpha()}
        assert len(scripts) <= 1, word
    assert "ї" in "".join(_words("uk")) or "і" in "".join(_words("uk"))


def test_arabic_uses_arabic_letters_not_persian_ones():
    """Arabic yeh and kaf, not the Persian forms that look alike (ی, ک)."""
    text = "".join(_words("ar"))
    assert "\u06cc" not in text and "\u06a9" not in text
    assert sum(unicodedata.name(ch, "").startswith("ARABIC") for ch in text) > 0.9 * len(
        [ch for ch in text if ch.isalpha()]
    )


def test_romanian_uses_the_comma_below():
    """ș and ț with a comma below, not the Turkish cedilla (ş, ţ)."""
    text = "".join(_words("ro"))
    assert not set("şţŞŢ") & set(text)
    assert set("șț") <= set(text)


# -- looking up --------------------------------------------------------------------------------


def test_an_unknown_language_names_the_known_ones():
    """language("xx") is an InputError listing every code there is a file for."""
    with pytest.raises(InputError) as caught:
        language("xx")
    assert caught.value.source == "language" and caught.value.reason == "language"
    assert "'xx'" in str(caught.value)
    for code in SHIPPED:
        assert code in caught.value.problem


def test_a_code_is_read_leniently():
    """Upper case and spaces around a code do not matter."""
    assert language(" TR ").code == "tr"


def test_say_fills_in_the_placeholders():
    """say() puts the values into the text of the language asked for."""
    assert say("progress", "fr", step=3, total=12) == "3 sur 12"
    assert say("progress", "ar", step=3, total=12) == "3 من 12"
    assert say("letter_from", "tr", school="De Vlinder") == "De Vlinder ekibi"
    assert "{" not in say("letter_body", "pl", school="De Vlinder", count=12)
    assert say("start", "uk") == "Почати"


def test_say_falls_back_to_dutch_for_a_language_without_a_file():
    """A language there is no file for shows the Dutch text."""
    assert say("progress", "xx", step=1, total=2) == "1 van 2"


def test_questionnaire_text_in_each_language(frame):
    """Dutch and English come from the frame itself, the others from their file."""
    key = "parents.items.welcome"
    assert questionnaire_text(frame, key, "nl") == "Ik voel me welkom op school."
    assert questionnaire_text(frame, key, "en") == "I feel welcome at the school."
    for code in OTHERS:
        assert questionnaire_text(frame, key, code) == language(code).frames[FRAME][key]
    assert questionnaire_text(frame, "parents.scale.5", "tr") == "Evet"


# -- a translator's own file -------------------------------------------------------------------


def _translation(code: str = "zz", **changes) -> dict:
    """A complete language file, as data: the French one under another code."""
    french = language("fr")
    data = {
        "code": code,
        "name": "Zeta",
        "english": "Zeta",
        "direction": "ltr",
        "checked": False,
        "texts": dict(french.texts),
        "frames": {FRAME: dict(french.frames[FRAME])},
    }
    data.update(changes)
    return data


def _write(folder: Path, name: str, data) -> Path:
    path = folder / f"{name}.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_file_in_the_folder_of_the_environment_is_offered(tmp_path, monkeypatch, frame):
    """A translator adds a language without touching code."""
    _write(tmp_path, "zz", _translation())
    monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
    assert language("zz").name == "Zeta" and not language("zz").checked
    assert "zz" in [lang.code for lang in offered(frame)]


def test_a_missing_questionnaire_text_falls_back_to_english(tmp_path, monkeypatch, frame):
    """A file without one of the questionnaire's texts: that text is shown in English, and the
    language is not offered until it is complete."""
    data = _translation()
    del data["frames"][FRAME]["parents.items.welcome"]
    _write(tmp_path, "zz", data)
    monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
    assert questionnaire_text(frame, "parents.items.welcome", "zz") == (
        "I feel welcome at the school."
    )
    french = language("fr").frames[FRAME]["parents.items.respected"]
    assert questionnaire_text(frame, "parents.items.respected", "zz") == french
    assert "zz" not in [lang.code for lang in offered(frame)]


def test_a_missing_page_text_falls_back_to_dutch_and_is_not_offered(tmp_path, monkeypatch, frame):
    """A file without one of the page's texts loads; say() shows Dutch for it."""
    data = _translation()
    del data["texts"]["start"]
    _write(tmp_path, "zz", data)
    monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
    assert say("start", "zz") == "Beginnen"
    assert "zz" not in [lang.code for lang in offered(frame)]


def _without(key):
    data = _translation()
    del data[key]
    return data


BROKEN = {  # what is wrong: (the file, as data or text; what the message says)
    "missing key": (lambda: _without("direction"), "missing key 'direction'"),
    "unknown key": (lambda: _translation(colour="red"), "unknown key 'colour'"),
    "direction up": (lambda: _translation(direction="up"), "'ltr' or 'rtl'"),
    "checked not a boolean": (lambda: _translation(checked="perhaps"), "boolean"),
    "empty text": (
        lambda: _translation(texts={**_translation()["texts"], "start": ""}),
        "at least 1",
    ),
    "not yaml": (lambda: "code: zz\nname: [Zeta\n", "not a valid"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_file_is_one_message_naming_the_file_and_the_line(case, tmp_path, monkeypatch):
    """A broken language file is one InputError naming the file, the line and what is wrong."""
    data, problem = BROKEN[case]
    path = _write(tmp_path, "zz", data())
    monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
    with pytest.raises(InputError) as caught:
        languages()
    message = str(caught.value)
    assert caught.value.source == str(path)
    assert re.search(r"line \d+", caught.value.where or ""), message
    assert problem in message
    assert message.count(str(path)) == 1


def test_a_code_that_is_not_the_file_name_names_the_line(tmp_path, monkeypatch):
    """zz.yaml saying code: yy is refused, naming the file and the line of the code."""
    path = _write(tmp_path, "zz", _translation(code="yy"))
    monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
    with pytest.raises(InputError) as caught:
        languages()
    assert caught.value.source == str(path)
    assert re.search(r"line \d+", caught.value.where or "")


def test_a_code_that_is_not_the_file_name_is_refused(tmp_path, monkeypatch):
    """zz.yaml saying code: yy is one InputError naming the file and the key."""
    path = _write(tmp_path, "zz", _translation(code="yy"))
    monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
    with pytest.raises(InputError) as caught:
        languages()
    assert caught.value.source == str(path)
    assert "'code'" in caught.value.where and "'yy'" in caught.value.problem


def test_a_misspelled_text_key_is_refused(tmp_path, monkeypatch):
    """A text key Dutch does not have (a typo) is one InputError naming file, line and key,
    rather than a language that quietly is not offered."""
    data = _translation()
    data["texts"]["leter_title"] = data["texts"].pop("letter_title")
    path = _write(tmp_path, "zz", data)
    monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
    with pytest.raises(InputError) as caught:
        languages()
    assert caught.value.source == str(path) and "leter_title" in caught.value.problem
    assert re.search(r"line \d+", caught.value.where)


def test_a_frame_text_the_frame_does_not_ask_is_refused(tmp_path, monkeypatch):
    """A questionnaire key the frame has no item for is refused, naming the key."""
    data = _translation()
    data["frames"][FRAME]["parents.items.welcom"] = data["frames"][FRAME].pop(
        "parents.items.welcome"
    )
    _write(tmp_path, "zz", data)
    monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
    with pytest.raises(InputError) as caught:
        languages()
    assert "parents.items.welcom" in caught.value.problem


def test_a_broken_file_changes_nothing_for_the_shipped_languages(tmp_path, monkeypatch):
    """Once the broken folder is gone, the shipped languages load as before."""
    _write(tmp_path, "zz", _translation(direction="up"))
    monkeypatch.setenv(LANGUAGES_ENV, str(tmp_path))
    with pytest.raises(InputError):
        languages()
    monkeypatch.delenv(LANGUAGES_ENV)
    assert sorted(languages()) == SHIPPED
