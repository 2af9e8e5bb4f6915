"""`python -m bot eval`: figures, misses and exit codes, on the shipped content."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main

ROOT = Path(__file__).resolve().parents[1]

QUESTIONS = """\
- ask: What is the principle of non-refoulement?
  lang: en
  answer: rights-non-refoulement
- ask: bananas and apples
  lang: en
  answer: [Your rights - Non-refoulement]
- ask: recette de la soupe aux lentilles
  lang: fr
  answer: none
- ask: zzz qqq www
  lang: ar
  answer: denmark-return-centres
"""


@pytest.fixture(autouse=True)
def shipped_content(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BOT_CONTENT_DIR", str(ROOT / "content"))
    monkeypatch.setenv("BOT_SEEDS_DIR", str(ROOT / "seeds"))


def _file(tmp_path: Path, text: str = QUESTIONS) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_prints_figures_per_language_and_each_miss(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["eval", str(_file(tmp_path))]) == 0
    out = capsys.readouterr().out
    lines = {
        line.split()[0]: line
        for line in out.splitlines()
        if line[:4].strip() in ("en", "fr", "ar", "all")
    }
    assert "1/2 =  50.0%" in lines["en"]
    assert "1/1 = 100.0%" in lines["fr"]  # the soup got no card
    assert "0/1 =   0.0%" in lines["ar"]
    assert lines["en"].split()[-3:] == ["0/2", "=", "0.0%"]  # no wrong card shown
    assert "'zzz qqq www'" in out and "expected denmark-return-centres; offered none" in out


def test_counts_a_single_wrong_card(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A question answered with one card, the wrong one, counts as a wrong card."""
    path = _file(
        tmp_path,
        "- ask: What is the principle of non-refoulement?\n  lang: en\n"
        "  answer: denmark-return-centres\n",
    )
    assert main(["eval", str(path)]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith("en "))
    assert line.split()[-3:] == ["1/1", "=", "100.0%"]


def test_min_top3_and_lang(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _file(tmp_path)
    assert main(["eval", str(path), "--min-top3", "40"]) == 1  # Arabic finds 0%
    assert "ar: 0.0% in the first three" in capsys.readouterr().err
    assert main(["eval", str(path), "--lang", "fr", "--min-top3", "90"]) == 0
    assert main(["eval", str(path), "--lang", "en", "--min-top3", "50"]) == 0
    assert main(["eval", str(path), "--lang", "en", "--min-top3", "50.1"]) == 1


def test_usage_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["eval", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml: cannot be read" in capsys.readouterr().err
    assert main(["eval", str(_file(tmp_path)), "--min-top3", "150"]) == 2
    bad = _file(
        tmp_path,
        "- ask: hello\n  lang: de\n  answer: none\n"
        "- ask: where\n  lang: en\n  answer: no-such-answer\n",
    )
    assert main(["eval", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "question 1: `lang` must be one of en, ar, fr" in err
    assert "question 2: answer 'no-such-answer' is no approved snippet" in err
    assert main(["eval", str(_file(tmp_path, "ask: [unclosed\n"))]) == 2
    assert "is not valid YAML" in capsys.readouterr().err
    # A code the content does not offer is known to be wrong once the content is loaded.
    assert main(["eval", str(_file(tmp_path)), "--lang", "de"]) == 2
    assert "--lang de: this content offers en, ar, fr" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exc:
        main(["eval", str(_file(tmp_path)), "--lang", "German"])
    assert exc.value.code == 2
