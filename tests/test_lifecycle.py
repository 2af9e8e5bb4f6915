"""`python -m bot run` end to end, as an organisation runs it: a real process talking HTTP to the
fake Bot API (FakeBotAPIServer). A whole conversation; SIGTERM and SIGINT stop it cleanly (exit
0, the update in hand finished first); at DEBUG the output holds no token, no user id and no
typed text; webhook mode refuses calls without Telegram's secret header.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from bot.checks import load_checked
from bot.content.library import Library
from fakebot import FakeBotAPIServer, FakeTelegram
from harness import TODAY

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "8642097531:AAE_kq3ZtW9vR5xN7mP2sL4dH6fJ8gB1cY0"
SECRET_PART = TOKEN.split(":", 1)[1]
WEBHOOK_SECRET = "hook-secret-Zq81mWk3"
AMAL, OMAR = 6183940527, 7294051638  # distinctive, so that a leak into the log is unmistakable
TYPED = "Qu'est-ce qu'un centre de retour au Danemark, demande Zebrafinch"
STOP_WITHIN = 5.0


@pytest.fixture(scope="module")
def library() -> Library:
    result = load_checked(ROOT / "content", ROOT / "seeds")
    assert result.library is not None
    return result.library


@dataclass
class Running:
    process: subprocess.Popen[bytes]
    output: Path
    fake: FakeTelegram

    def text(self) -> str:
        return self.output.read_text(encoding="utf-8", errors="replace")

    def wait(self, predicate: Callable[[], object], what: str, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if self.process.poll() is not None:
                raise AssertionError(
                    f"the bot exited ({self.process.returncode}) while waiting "
                    f"for {what}:\n{self.text()[-3000:]}"
                )
            if time.monotonic() > deadline:
                raise AssertionError(f"no {what} within {timeout} s:\n{self.text()[-3000:]}")
            time.sleep(0.02)

    def stop(self, sig: signal.Signals) -> tuple[int, float]:
        started = time.monotonic()
        self.process.send_signal(sig)
        try:
            code = self.process.wait(timeout=STOP_WITHIN + 5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise AssertionError(f"still running {STOP_WITHIN + 5} s after {sig.name}") from None
        return code, time.monotonic() - started


def bot_env(server: FakeBotAPIServer, data: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("TELEGRAM_", "BOT_")) and k != "PYTHONPATH"
    }
    env.update(
        PYTHONPATH=str(ROOT),
        BOT_API_URL=server.url,
        TELEGRAM_BOT_TOKEN=TOKEN,
        BOT_DATA_DIR=str(data),
        BOT_LOG_LEVEL="DEBUG",
        BOT_TODAY=TODAY.isoformat(),
        BOT_CONTENT_DIR=str(ROOT / "content"),
        BOT_SEEDS_DIR=str(ROOT / "seeds"),
        **extra,
    )
    return env


@pytest.fixture
def fake() -> FakeTelegram:
    return FakeTelegram(token=TOKEN)


@pytest.fixture
def server(fake: FakeTelegram) -> Iterator[FakeBotAPIServer]:
    with FakeBotAPIServer(fake) as running:
        yield running


def start(server: FakeBotAPIServer, tmp_path: Path, *args: str, **env: str) -> Running:
    output = tmp_path / "bot-output.log"
    with output.open("wb") as sink:
        # cwd is the temporary folder: everything the bot needs comes from the environment.
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run", *args],
            cwd=tmp_path,
            env=bot_env(server, tmp_path / "data", **env),
            stdout=sink,
            stderr=subprocess.STDOUT,
        )
    return Running(process, output, server.fake)


@pytest.fixture
def polling(server: FakeBotAPIServer, tmp_path: Path) -> Iterator[Running]:
    running = start(server, tmp_path)
    running.wait(lambda: running.fake.calls_to("getUpdates"), "long polling", timeout=20)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def assert_nothing_secret(output: str, *more: str) -> None:
    for secret in (TOKEN, SECRET_PART, str(AMAL), str(OMAR), TYPED, "Zebrafinch", *more):
        assert secret not in output, f"{secret!r} is in the bot's output"


def shown(running: Running, chat_id: int) -> tuple[int, str]:
    """(how many bot messages, the newest text) in a chat, for waiting on a change."""
    messages = running.fake.messages(chat_id)
    return len(messages), messages[-1].text if messages else ""


def finish_update_in_hand(
    running: Running, user: dict[str, Any], sig: signal.Signals, expected: str
) -> None:
    """Telegram's flood control holds a reply for a second; the stop signal comes meanwhile.
    The reply must still go out, and the process end cleanly and soon."""
    fake = running.fake
    sends = len(fake.calls_to("sendMessage"))
    fake.fail_next("sendMessage", 429, retry_after=1)
    fake.push_message(user, "/menu")
    running.wait(lambda: len(fake.calls_to("sendMessage")) > sends, "the held reply")
    code, took = running.stop(sig)
    output = running.text()
    assert code == 0, f"exit code {code} after {sig.name}:\n{output[-3000:]}"
    assert took <= STOP_WITHIN, f"{took:.1f} s to stop after {sig.name}"
    assert fake.last_message(user["id"]).text == expected, "the update in hand was finished"
    assert "Traceback" not in output, output[-3000:]
    assert fake.spec_errors == []


def test_a_whole_conversation_then_sigterm(polling: Running, library: Library) -> None:
    fake, amal = polling.fake, FakeTelegram.user(AMAL, "Amal", "en")
    en, fr = library.ui["en"], library.ui["fr"]

    fake.push_message(amal, "/start")
    polling.wait(lambda: shown(polling, AMAL)[1] == en.welcome, "the welcome")
    before = shown(polling, AMAL)
    fake.press_button(amal, f"{library.topics[0].emoji} {library.topics[0].title.get('en')}")
    polling.wait(lambda: shown(polling, AMAL) != before, "the topic menu")
    first = library.in_topic(library.topics[0].id)[0]
    fake.press_button(amal, first.title.get("en"))
    polling.wait(lambda: "📚" in shown(polling, AMAL)[1], "the card")
    card = shown(polling, AMAL)[1]
    assert first.question.get("en").strip() in card and card.split("\n\n")[-1].startswith("⚠️")

    count = shown(polling, AMAL)[0]
    fake.push_message(amal, TYPED)
    polling.wait(lambda: shown(polling, AMAL)[0] > count, "an answer to the typed question")

    fake.push_message(amal, "/language")
    polling.wait(lambda: shown(polling, AMAL)[1] == en.language_prompt, "the language menu")
    fake.press_button(amal, fr.language_name)
    polling.wait(lambda: shown(polling, AMAL)[1] == fr.language_set, "the language set")
    fake.push_message(amal, "/privacy")
    polling.wait(lambda: shown(polling, AMAL)[1] == fr.privacy, "the privacy note")
    fake.push_message(amal, "/forget")
    polling.wait(lambda: shown(polling, AMAL)[1] == fr.forget_confirm, "the forget question")
    fake.press_button(amal, fr.forget_yes)
    polling.wait(lambda: shown(polling, AMAL)[1] == fr.forget_done, "forgotten")
    assert len(fake.callback_answers) == 4, "every tap answered"

    finish_update_in_hand(polling, amal, signal.SIGTERM, en.menu_title)
    assert_nothing_secret(polling.text())
    assert "DEBUG" in polling.text(), "the run really logged at DEBUG"


def test_sigint_finishes_the_update_in_hand(polling: Running, library: Library) -> None:
    omar = FakeTelegram.user(OMAR, "Omar", "ar")
    polling.fake.push_message(omar, "/start")
    polling.wait(lambda: shown(polling, OMAR)[1] == library.ui["ar"].welcome, "the welcome")
    finish_update_in_hand(polling, omar, signal.SIGINT, library.ui["ar"].menu_title)
    assert_nothing_secret(polling.text())


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def post(url: str, update: dict[str, Any], secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, json.dumps(update).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=5) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_webhook_needs_telegrams_secret(
    server: FakeBotAPIServer, tmp_path: Path, library: Library
) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/hook"
    running = start(
        server,
        tmp_path,
        "--webhook-url",
        hook,
        "--listen",
        "127.0.0.1",
        "--port",
        str(port),
        BOT_WEBHOOK_SECRET=WEBHOOK_SECRET,
    )
    fake = running.fake
    try:
        running.wait(lambda: fake.webhook["url"] == hook, "setWebhook", timeout=20)
        assert fake.webhook.get("secret_token") == WEBHOOK_SECRET

        def listening() -> bool:
            with socket.socket() as probe:
                return probe.connect_ex(("127.0.0.1", port)) == 0

        running.wait(listening, "the webhook listening")
        amal = FakeTelegram.user(AMAL, "Amal", "fr")
        update = fake.push_message(amal, "/start")
        assert post(hook, update, None) == 403
        assert post(hook, update, "not-the-secret") == 403
        assert fake.messages(AMAL) == [], "a refused call is not handled"
        assert post(hook, update, WEBHOOK_SECRET) == 200
        running.wait(lambda: shown(running, AMAL)[1] == library.ui["fr"].welcome, "the welcome")
        code, took = running.stop(signal.SIGTERM)
        assert code == 0 and took <= STOP_WITHIN, (code, took, running.text()[-3000:])
        assert fake.spec_errors == []
        assert_nothing_secret(running.text(), WEBHOOK_SECRET)
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def test_a_second_bot_on_the_same_data_folder_refuses(
    polling: Running, server: FakeBotAPIServer, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    second = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=bot_env(server, data),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert second.returncode == 1, second.stderr
    said = second.stderr.strip()
    assert said == (
        f"The data folder {data} is in use by another bot process (pid "
        f"{polling.process.pid}); stop that one first, or give this one its own "
        "BOT_DATA_DIR."
    ), said
    assert polling.process.poll() is None, "the first bot runs on"

    # The review sheet reads a copy of the counts, so it works while the bot runs.
    sheet = tmp_path / "sheet.html"
    report = subprocess.run(
        [sys.executable, "-m", "bot", "report", "--out", str(sheet), "--data", str(data)],
        cwd=tmp_path,
        env=bot_env(server, data),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert report.returncode == 0, report.stderr
    assert "<html" in sheet.read_text(encoding="utf-8").lower()

    # A bot killed outright leaves its lock file behind; the kernel has dropped the lock itself.
    polling.process.kill()
    polling.process.wait()
    assert (data / "bot.lock").read_text().strip() == str(polling.process.pid)
    polls = len(server.fake.calls_to("getUpdates"))
    again = start(server, tmp_path)
    try:
        again.wait(
            lambda: len(server.fake.calls_to("getUpdates")) > polls, "the restarted bot", timeout=20
        )
        assert (data / "bot.lock").read_text().strip() == str(again.process.pid)
    finally:
        again.process.kill()
        again.process.wait()
