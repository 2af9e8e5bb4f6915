"""When the bot cannot run, it says why in one sentence an admin can act on, never with a
traceback: no token, a malformed or rejected token, a missing content folder, broken content
(then every problem as path:line), an unusable data folder. A live `/reload` of broken content
keeps serving the old content. And `python -m bot chat` works offline from stdin.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from fakebot import FakeBotAPIServer, FakeTelegram
from harness import TODAY, Harness

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "8642097531:AAE_kq3ZtW9vR5xN7mP2sL4dH6fJ8gB1cY0"
LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} [A-Z]+ ")
PROBLEM = re.compile(r"^(?P<path>\S+\.(?:yaml|txt)):(?P<line>\d+): ")
SNIPPET = Path("snippets/france/france-short-visit.yaml")
QUOTE = "valid for a maximum of three months"


def run_bot(tmp_path: Path, *args: str, **env: str | None) -> subprocess.CompletedProcess[str]:
    """`python -m bot ARGS` from an empty folder (so no .env or content/ is picked up)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "BOT_")) and k != "PYTHONPATH"
    }
    settings = {
        "BOT_CONTENT_DIR": str(ROOT / "content"),
        "BOT_SEEDS_DIR": str(ROOT / "seeds"),
        "BOT_DATA_DIR": str(tmp_path / "data"),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "BOT_API_URL": "http://127.0.0.1:9",
        "BOT_TODAY": TODAY.isoformat(),
        **env,
    }
    clean.update({k: v for k, v in settings.items() if v is not None}, PYTHONPATH=str(ROOT))
    folder = tmp_path / "cwd"
    folder.mkdir(exist_ok=True)
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=folder,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def refusal(result: subprocess.CompletedProcess[str]) -> str:
    """The one sentence the bot said (log records aside); fails on a traceback or more."""
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output, output
    said = [line for line in output.splitlines() if line.strip() and not LOG_RECORD.match(line)]
    assert len(said) == 1, f"one sentence expected, got:\n{output}"
    assert TOKEN.split(":")[1] not in output
    return said[0]


def test_no_token(tmp_path: Path) -> None:
    said = refusal(run_bot(tmp_path, "run", TELEGRAM_BOT_TOKEN=None))
    assert "TELEGRAM_BOT_TOKEN" in said and "python -m bot chat" in said


def test_a_malformed_token(tmp_path: Path) -> None:
    said = refusal(run_bot(tmp_path, "run", TELEGRAM_BOT_TOKEN="98765:not-a-real-token"))
    assert "TELEGRAM_BOT_TOKEN" in said and "not-a-real-token" not in said


def test_a_missing_content_folder(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-content"
    said = refusal(run_bot(tmp_path, "run", BOT_CONTENT_DIR=str(missing)))
    assert str(missing) in said and "BOT_CONTENT_DIR" in said


def test_a_missing_seeds_folder(tmp_path: Path) -> None:
    said = refusal(run_bot(tmp_path, "run", BOT_SEEDS_DIR=str(tmp_path / "no-seeds")))
    assert "BOT_SEEDS_DIR" in said


def test_an_unusable_data_folder(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    said = refusal(run_bot(tmp_path, "run", BOT_DATA_DIR=str(blocker / "data")))
    assert str(blocker / "data") in said


@pytest.mark.parametrize("how", ["a token the server does not know", "getMe answers 401"])
def test_a_token_telegram_rejects(tmp_path: Path, how: str) -> None:
    fake = FakeTelegram(
        token=TOKEN
        if how == "getMe answers 401"
        else "1111111111:AAOtherBotTokenThatIsNotOurs_0123456"
    )
    if how == "getMe answers 401":
        fake.fail_next("getMe", 401, "Unauthorized")
    with FakeBotAPIServer(fake) as server:
        result = run_bot(tmp_path, "run", BOT_API_URL=server.url)
    said = refusal(result)
    assert "TELEGRAM_BOT_TOKEN" in said and "@BotFather" in said
    assert TOKEN not in result.stderr


def broken_copy(tmp_path: Path) -> tuple[Path, Path]:
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    snippet = content / SNIPPET
    text = snippet.read_text(encoding="utf-8")
    assert QUOTE in text
    snippet.write_text(text.replace(QUOTE, "valid for a maximum of thirty years"), "utf-8")
    return content, snippet


def test_broken_content_is_refused_with_every_problem(tmp_path: Path) -> None:
    content, snippet = broken_copy(tmp_path)
    (content / "topics.yaml").write_text(
        (content / "topics.yaml").read_text(encoding="utf-8") + "\n  - [unclosed\n", "utf-8"
    )
    result = run_bot(tmp_path, "run", BOT_CONTENT_DIR=str(content))
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output
    problems = [PROBLEM.match(line) for line in output.splitlines()]
    where = {(Path(m["path"]).name, int(m["line"])) for m in problems if m}
    assert any(name == snippet.name for name, _ in where), output
    assert any(name == "topics.yaml" for name, _ in where), output
    assert "python -m bot check" in output


async def test_reload_keeps_serving_when_content_breaks(tmp_path: Path) -> None:
    content, snippet = broken_copy(tmp_path)
    good = (ROOT / "content" / SNIPPET).read_text(encoding="utf-8")
    snippet.write_text(good, "utf-8")
    async with Harness(tmp_path / "data", admin_ids="42", content_dir=content) as bot:
        admin, person = bot.fake.user(42, "Admin", "en"), bot.fake.user(3003, "Amal", "en")
        broken = good.replace(QUOTE, "valid for a maximum of thirty years")
        snippet.write_text(broken, "utf-8")
        failed = await bot.say(admin, "/reload")
        assert failed.text.startswith("❌ Reload failed"), failed.text
        lines = [PROBLEM.match(line) for line in failed.text.splitlines()]
        where = [(m["path"], int(m["line"])) for m in lines if m]
        quote_line = next(
            number
            for number, line in enumerate(broken.splitlines(), 1)
            if "quote:" in line and "thirty years" in line
        )
        assert any(path.endswith(str(SNIPPET)) and line == quote_line for path, line in where), (
            failed.text
        )

        card = await bot.say(person, "/start france-short-visit")
        assert "📚" in card.text and "three months" in card.text, "the old content still serves"

        snippet.write_text(good, "utf-8")
        reloaded = await bot.say(admin, "/reload")
        assert reloaded.text.startswith("✅ Reloaded"), reloaded.text
        card = await bot.say(person, "/start france-short-visit")
        assert "📚" in card.text
        assert bot.fake.spec_errors == []


def test_chat_in_the_terminal(tmp_path: Path) -> None:
    from bot.checks import load_checked

    library = load_checked(ROOT / "content", ROOT / "seeds").library
    assert library is not None
    ui, topic = library.ui["en"], library.topics[0]
    first = library.in_topic(topic.id)[0]
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    clean["BOT_TODAY"] = TODAY.isoformat()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "chat"],
        cwd=ROOT,
        env=clean,
        input="/start\n1\n1\n/quit\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert ui.welcome.splitlines()[0] in out
    assert ui.topic_title.format(topic=f"{topic.emoji} {topic.title.get('en')}") in out
    card = out[out.index(first.question.get("en").strip()) :]
    assert "📚" in card and "⚠️" in card
    assert card.index("📚") < card.index("⚠️")
