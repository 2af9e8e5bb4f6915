"""The command line's own edges: its name, --version, `run`'s refusals before any network call,
and `chat` as the bot has it (privacy setting, language, Ctrl-C)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import main
from bot.content.library import load_library
from bot.settings import Settings
from harness import TODAY, Cli

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "123456789:AAHbenchmarkTokenForAnInProcessFakeApi0"


def _env(**extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "BOT_"))}
    return {
        **clean,
        "BOT_CONTENT_DIR": str(ROOT / "content"),
        "BOT_SEEDS_DIR": str(ROOT / "seeds"),
        "BOT_TODAY": TODAY.isoformat(),
        **extra,
    }


def test_the_console_script_names_itself_and_has_a_version() -> None:
    script = Path(sys.executable).with_name("advocacy-bot")
    if not script.exists():
        pytest.skip("the package is not installed with its console script")
    shown = subprocess.run([str(script), "--help"], capture_output=True, text=True, timeout=60)
    assert shown.returncode == 0 and shown.stdout.startswith("usage: advocacy-bot ")
    version = subprocess.run([str(script), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.strip() == "advocacy-bot 0.1.0"


def test_run_help_mentions_the_token_and_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["run", "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "TELEGRAM_BOT_TOKEN" in text and "@BotFather" in text
    assert "default 127.0.0.1" in text and "default 8443" in text


def test_a_pasted_token_is_trimmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", f" {TOKEN}\n")
    assert Settings().token == TOKEN
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", " \n")
    assert Settings().token is None


@pytest.mark.parametrize(
    ("env", "args", "sentence"),
    [
        ({"TELEGRAM_BOT_TOKEN": "123:abc"}, [], "TELEGRAM_BOT_TOKEN does not look like a token"),
        (
            {"BOT_API_URL": "https://api.telegram.org"},
            ["--webhook-url", "http://b.example.org/h"],
            "--webhook-url must be a public https:// address",
        ),
        ({}, ["--webhook-url", "bot.example.org/hook"], "--webhook-url must be a public https://"),
        (
            {},
            ["--webhook-url", "https://bot.example.org/hook", "--port", "70000"],
            "--port must be a port number from 1 to 65535, not 70000.",
        ),
        ({}, ["--port", "8443"], "--listen and --port only apply to webhook mode"),
        ({}, ["--listen", "0.0.0.0"], "--listen and --port only apply to webhook mode"),
        (
            {"BOT_WEBHOOK_SECRET": "has spaces in it"},
            ["--webhook-url", "https://b.example.org/h"],
            "BOT_WEBHOOK_SECRET must be 1 to 256 characters",
        ),
        (
            {"BOT_WEBHOOK_SECRET": "x" * 257},
            ["--webhook-url", "https://b.example.org/h"],
            "BOT_WEBHOOK_SECRET must be 1 to 256 characters",
        ),
        ({"BOT_API_URL": "api.telegram.org"}, [], "BOT_API_URL must be a full address"),
    ],
)
def test_run_refuses_bad_options_before_touching_the_network_or_the_data_folder(
    tmp_path: Path, env: dict[str, str], args: list[str], sentence: str, cli: Cli
) -> None:
    data = tmp_path / "data"
    full = {
        "BOT_CONTENT_DIR": str(ROOT / "content"),
        "BOT_SEEDS_DIR": str(ROOT / "seeds"),
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "BOT_DATA_DIR": str(data),
        "BOT_API_URL": "http://127.0.0.1:9",  # port 9: nothing answers
        **env,
    }
    done = cli("run", *args, **full)
    assert done.code == 1
    assert done.err.startswith(sentence) and done.err.count("\n") == 1, done.err
    assert not data.exists(), "no secret.key (nor anything else) before the refusal"


def test_python_m_bot_run_refuses_in_its_own_process(tmp_path: Path) -> None:
    """One refusal through the real entry point: exit status 1, one sentence, no traceback."""
    data = tmp_path / "data"
    env = _env(TELEGRAM_BOT_TOKEN=TOKEN, BOT_DATA_DIR=str(data), BOT_API_URL="http://127.0.0.1:9")
    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--port", "8443"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 1
    assert done.stderr.startswith("--listen and --port only apply to webhook mode: add")
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr, done.stderr
    assert not data.exists()


def test_chat_keeps_the_bots_privacy_setting_and_speaks_its_language() -> None:
    library = load_library(ROOT / "content", ROOT / "seeds").library
    assert library is not None
    kept = library.ui["fr"].privacy_unmatched.splitlines()[0]
    for keep, shown in (("true", True), ("false", False)):
        done = subprocess.run(
            [sys.executable, "-m", "bot", "chat", "--lang", "fr"],
            cwd=ROOT,
            env=_env(BOT_KEEP_UNMATCHED=keep),
            input="/privacy\n/quit\n",
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        assert (kept in done.stdout) is shown
        assert done.stdout.splitlines()[0] == library.ui["fr"].chat_banner


def test_ctrl_c_ends_chat_without_a_traceback() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "chat"],
        cwd=ROOT,
        env=_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    process.stdout.readline()  # the banner: the preview is up and waiting for a line
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
