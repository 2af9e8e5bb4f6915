"""Languages as data: the descriptions (`<code>/language.yaml`) and the content's list of
languages (`content/languages.yaml`) are read with every problem as `path:line: message`."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.language import describe, known_codes, load_languages, shipped
from harness import ROOT, TODAY

TURKISH = """\
code: tr
name: Türkçe
english_name: Turkish
direction: ltr
script: Latin
stemmer: turkish
"""


def _content(tmp_path: Path, listed: str, **descriptions: str) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    (content / "languages.yaml").write_text(listed, encoding="utf-8")
    for code, text in descriptions.items():
        folder = content / "languages" / code
        folder.mkdir(parents=True)
        (folder / "language.yaml").write_text(text, encoding="utf-8")
    return content


def _said(tmp_path: Path, listed: str, **descriptions: str) -> list[str]:
    content = _content(tmp_path, listed, **descriptions)
    _, problems = load_languages(content)
    return [str(p).replace(str(tmp_path) + "/", "") for p in problems]


def test_every_shipped_description_is_valid_and_in_its_folder() -> None:
    assert {"en", "ar", "fr"} <= set(known_codes())
    for code in known_codes():
        language = shipped(code)
        assert language.code == code and language.name and language.english_name
    assert shipped("ar").rtl and not shipped("fr").rtl
    assert shipped("fr").typography.title_quotes == ("« ", " »")


def test_the_content_lists_its_languages_in_menu_order(tmp_path: Path) -> None:
    content = _content(tmp_path, "languages: [fr, en, tr]\n", tr=TURKISH)
    languages, problems = load_languages(content)
    assert problems == [] and languages is not None
    assert languages.codes == ("fr", "en", "tr")
    assert languages.source.code == "fr"  # the first: answers are written in it
    assert languages["tr"].name == "Türkçe" and languages["tr"].stemmer == "turkish"
    assert "tr" in languages and "de" not in languages


def test_a_content_description_replaces_the_shipped_one_and_keeps_its_words(
    tmp_path: Path,
) -> None:
    own = TURKISH.replace("code: tr", "code: fr").replace("Türkçe", "Français (Belgique)")
    content = _content(tmp_path, "languages: [fr]\n", fr=own)
    language, problems = describe("fr", content)
    assert problems == [] and language is not None
    assert language.name == "Français (Belgique)"
    assert language.words is not None and language.words.parts[-3:] == (
        "languages",
        "fr",
        "words.yaml",
    )


def test_an_unknown_or_repeated_code_is_named_with_its_line(tmp_path: Path) -> None:
    said = _said(tmp_path, "languages:\n  - en\n  - xx\n  - en\n")
    assert said == [
        "content/languages.yaml:3: no description of the language 'xx': the bot ships "
        f"{', '.join(known_codes())}; for another language write "
        "content/languages/xx/language.yaml (see bot/languages/README.md)",
        "content/languages.yaml:4: 'en' is listed twice",
    ]


def test_a_code_that_is_not_a_language_code(tmp_path: Path) -> None:
    said = _said(tmp_path, "languages: [en, English]\n")
    assert len(said) == 1 and said[0].startswith("content/languages.yaml:1: ")
    assert "English" in said[0]


def test_a_missing_list_says_what_to_write(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    languages, problems = load_languages(content)
    assert languages is None
    assert [str(p) for p in problems] == [
        f"{content}/languages.yaml:1: this file is missing: it lists the languages the content "
        "offers, in menu order, the one answers are written in first, e.g. "
        "`languages: [en, ar, fr]`"
    ]


@pytest.mark.parametrize(
    ("broken", "line", "message"),
    [
        (
            TURKISH.replace("script: Latin", "scirpt: Latin"),
            5,
            "unknown field 'scirpt' (did you mean 'script'?)",
        ),
        (
            TURKISH.replace("script: Latin", "script: Klingon"),
            5,
            "script: 'Klingon' is not a script the bot knows; use one of Arabic, Latin,",
        ),
        (
            TURKISH.replace("stemmer: turkish", "stemmer: turkce"),
            6,
            "stemmer: 'turkce' is not a Snowball stemmer; use one of arabic,",
        ),
        (
            TURKISH.replace("direction: ltr", "direction: right"),
            4,
            "direction should be 'ltr' or 'rtl', not 'right'",
        ),
        (
            TURKISH.replace("code: tr", "code: tk"),
            1,
            "code is 'tk' but the file is in the folder 'tr'; they must be the same",
        ),
        (
            TURKISH.replace("name: Türkçe\n", ""),
            1,
            "the field 'name' is missing",
        ),
    ],
)
def test_a_broken_description_is_named_by_file_and_line(
    tmp_path: Path, broken: str, line: int, message: str
) -> None:
    said = _said(tmp_path, "languages: [en, tr]\n", tr=broken)
    assert len(said) == 1, said
    assert said[0].startswith(f"content/languages/tr/language.yaml:{line}: {message}"), said


def test_a_description_with_no_stemmer_matches_whole_words(tmp_path: Path) -> None:
    content = _content(
        tmp_path, "languages: [en, tr]\n", tr=TURKISH.replace("stemmer: turkish\n", "")
    )
    languages, problems = load_languages(content)
    assert problems == [] and languages is not None and languages["tr"].stemmer is None


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BOT_CONTENT_DIR", "content")
    monkeypatch.setenv("BOT_SEEDS_DIR", "seeds")
    return tmp_path


def test_check_names_a_language_without_its_interface_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "content" / "languages.yaml").write_text("languages: [en, ar, fr, tr]\n")
    (site / "content" / "languages" / "tr").mkdir(parents=True)
    (site / "content" / "languages" / "tr" / "language.yaml").write_text(TURKISH)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "content/ui/tr.yaml:1: this file is missing" in out
    # and every text without Turkish, e.g. the first topic's title
    assert "content/topics.yaml:8: title: the Turkish (tr) text is missing" in out


def test_the_default_language_must_be_offered(
    site: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BOT_DEFAULT_LANGUAGE", "de")
    assert main(["check"]) == 1
    assert capsys.readouterr().out == (
        "content/languages.yaml:1: BOT_DEFAULT_LANGUAGE is 'de', but this content does not "
        "offer it (it offers en, ar, fr): add it here, or set BOT_DEFAULT_LANGUAGE to one of "
        "them\n"
    )
    assert main(["chat"]) == 1
    monkeypatch.setenv("BOT_DEFAULT_LANGUAGE", "German")
    with pytest.raises(SystemExit, match="BOT_DEFAULT_LANGUAGE is not valid"):
        main(["check"])


SORANI = """\
code: ckb
name: کوردیی ناوەندی
english_name: Central Kurdish
direction: rtl
script: Arabic
"""


def test_an_organisation_may_work_in_a_language_the_content_describes(site: Path) -> None:
    """Not offered by the bot, but described in content/languages/: help.yaml may name it, and
    the help screen shows its name in itself."""
    from bot.checks import load_checked
    from bot.render import support_text

    folder = site / "content" / "languages" / "ckb"
    folder.mkdir(parents=True)
    (folder / "language.yaml").write_text(SORANI, encoding="utf-8")
    help_file = site / "content" / "help.yaml"
    text = help_file.read_text(encoding="utf-8")
    first = text.index("    languages: [")
    help_file.write_text(text[:first] + "    languages: [ckb, " + text[first + 16 :])
    result = load_checked(site / "content", site / "seeds")
    assert result.library is not None, [str(p) for p in result.problems]
    assert result.library.languages.codes == ("en", "ar", "fr")
    screen = support_text(result.library, "en", "FR", TODAY, drafts=True)
    assert "کوردیی ناوەندی" in screen
